#include "core/cli/terminaltable.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

#include "core/spec/text.h"

namespace mtlx {

void printTable(std::ostream& out, const std::vector<std::vector<std::string>>& rows)
{
    std::vector<std::size_t> widths;
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (widths.size() <= c) widths.push_back(0);
            widths[c] = std::max(widths[c], row[c].size());
        }
    for (const auto& row : rows) {
        for (std::size_t c = 0; c < row.size(); ++c)
            out << std::left << std::setw(static_cast<int>(widths[c] + 2)) << row[c];
        out << '\n';
    }
}

std::string csvField(const std::string& s)
{
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s)
        q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::string formatWeights(const std::vector<double>& w)
{
    std::string s = "(";
    for (std::size_t i = 0; i < w.size(); ++i)
        s += (i ? ", " : "") + formatNumber(w[i], 3);
    return s + ")";
}

} // namespace mtlx
