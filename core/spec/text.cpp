#include "core/spec/text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/spec/specerror.h"

namespace mtlx {

std::string joinWords(const std::vector<std::string>& words, const std::string& separator)
{
    return joinList(words, separator);
}

std::string joinList(const std::vector<std::string>& items, const std::string& separator)
{
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i)
        out += (i ? separator : "") + items[i];
    return out;
}

std::vector<std::string> splitList(const std::string& text, char separator)
{
    std::vector<std::string> items;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, separator);) {
        const auto first = item.find_first_not_of(" \t[]");
        const auto last = item.find_last_not_of(" \t[]");
        items.push_back(first == std::string::npos ? "" : item.substr(first, last - first + 1));
    }
    if (!items.empty() && items.back().empty()) items.pop_back();
    return items;
}

std::optional<double> parseFiniteNumber(const std::string& text)
{
    std::size_t used = 0;
    double v = 0;
    try {
        v = std::stod(text, &used);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    if (text.empty() || used != text.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<long long> parseWholeInteger(const std::string& text)
{
    std::size_t used = 0;
    long long v = 0;
    try {
        v = std::stoll(text, &used);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    if (text.empty() || used != text.size()) return std::nullopt;
    return v;
}

std::string formatNumber(double v, int precision)
{
    std::ostringstream s;
    s.precision(precision);
    s << v;
    return s.str();
}

std::string formatDuration(double seconds)
{
    const auto total = static_cast<long long>(std::max(0.0, seconds) + 0.5);
    const long long h = total / 3600, m = total / 60 % 60, s = total % 60;
    char text[48];
    if (h > 0)
        std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", h, m, s);
    else
        std::snprintf(text, sizeof text, "%lld:%02lld", m, s);
    return text;
}

std::vector<std::int64_t> parseWidths(const std::string& path, const std::string& text, bool allowEmpty)
{
    std::vector<std::int64_t> widths;
    for (const auto& item : splitList(text, ',')) {
        const auto v = parseWholeInteger(item);
        if (!v) throw SpecError(path, "'" + item + "' is not a width (a whole number)");
        if (*v < 1) throw SpecError(path, "widths must be ≥ 1, got " + item);
        widths.push_back(*v);
    }
    if (widths.empty() && !allowEmpty) throw SpecError(path, "must list at least one width");
    return widths;
}

std::string formatWidths(const std::vector<std::int64_t>& widths)
{
    std::vector<std::string> items;
    for (auto w : widths)
        items.push_back(std::to_string(w));
    return joinList(items, ", ");
}

std::vector<std::vector<std::int64_t>> parseLevels(const std::string& path, const std::string& text)
{
    std::vector<std::vector<std::int64_t>> levels;
    const auto parts = splitList(text, ';');
    for (std::size_t i = 0; i < parts.size(); ++i)
        levels.push_back(parseWidths(path + "[" + std::to_string(i) + "]", parts[i], false));
    if (levels.empty()) throw SpecError(path, "must list at least one level (levels separated by ';')");
    return levels;
}

std::string formatLevels(const std::vector<std::vector<std::int64_t>>& levels)
{
    std::vector<std::string> items;
    for (const auto& l : levels)
        items.push_back(formatWidths(l));
    return joinList(items, "; ");
}

std::vector<double> parseNumbers(const std::string& path, const std::string& text)
{
    std::vector<double> values;
    for (const auto& item : splitList(text, ',')) {
        const auto v = parseFiniteNumber(item);
        if (!v) throw SpecError(path, "'" + item + "' is not a number");
        values.push_back(*v);
    }
    return values;
}

std::string formatNumbers(const std::vector<double>& values)
{
    std::vector<std::string> items;
    for (double v : values)
        items.push_back(formatNumber(v));
    return joinList(items, ", ");
}

namespace {

// Optimal string alignment distance (Damerau–Levenshtein without repeated edits of a substring).
std::size_t editDistance(const std::string& a, const std::string& b)
{
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

} // namespace

std::string closestWord(const std::string& word, const std::vector<std::string>& candidates)
{
    const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
    std::string best;
    std::size_t bestDistance = limit + 1;
    for (const auto& c : candidates) {
        const auto d = editDistance(word, c);
        if (d < bestDistance) {
            best = c;
            bestDistance = d;
        }
    }
    return best;
}

} // namespace mtlx
