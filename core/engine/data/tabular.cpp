#include "core/engine/data/tabular.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/engine/data/rng.h"
#include "core/engine/memory.h"
#include "core/spec/specerror.h"
#include "core/spec/text.h"

namespace mtlx {

std::int64_t limited(std::int64_t n, std::int64_t limit)
{
    return limit > 0 ? std::min(n, limit) : n;
}

std::vector<std::int64_t> permutation(std::int64_t n, std::uint64_t seed, std::uint64_t stream)
{
    return Rng(seed, stream).permutation(n);
}

std::string baseName(const std::string& path)
{
    return std::filesystem::path(path).filename().string();
}

std::function<void(double)> reporter(const LoadProgress& progress, const std::string& path)
{
    if (!progress) return {};
    const std::string name = baseName(path);
    return [progress, name](double f) { progress(name, f); };
}

torch::Tensor floatTensor(std::vector<float>& v, std::vector<std::int64_t> shape)
{
    return torch::from_blob(v.data(), shape, torch::kFloat32).clone();
}

namespace {

std::string columnName(const Features& f, std::size_t c)
{
    return c < f.names.size() && !f.names[c].empty() ? f.names[c] : "column " + std::to_string(c + 1);
}

// The encoded rows must fit in memory before they are allocated: a column of distinct strings
// (an id, a free-text field) declared categorical widens every row by one slot per value.
void requireEncodingFits(const Table& t, const Features& f, const Encoding& e, std::int64_t rows)
{
    const double bytes = static_cast<double>(rows) * static_cast<double>(e.width) * 4;
    const auto available = static_cast<double>(availableMemoryBytes());
    if (available <= 0 || bytes <= available / 2) return;
    std::size_t widest = 0;
    for (std::size_t k = 1; k < e.slots.size(); ++k)
        if (e.slots[k].size() > e.slots[widest].size()) widest = k;
    std::string why;
    if (!e.slots.empty())
        why = "; categorical column '" + columnName(f, f.categorical[widest]) + "' alone has " +
              std::to_string(e.slots[widest].size()) + " distinct values";
    throw InputError(t.path + ": encoding " + std::to_string(rows) + " rows as " + std::to_string(e.width) +
                     " features needs " + formatBytes(bytes) + ", more than half the " + formatBytes(available) +
                     " available" + why);
}

} // namespace

Encoding fitEncoding(const Table& t, const Features& f, const std::vector<std::int64_t>& rows)
{
    Encoding e;
    for (std::size_t k = 0; k < f.numeric.size(); ++k) {
        const auto c = f.numeric[k];
        const auto v = t.numeric(c, columnName(f, c));
        double m = 0, var = 0, lo = INFINITY, hi = -INFINITY;
        for (auto r : rows) {
            const double x = v[static_cast<std::size_t>(r)];
            m += x, lo = std::min(lo, x), hi = std::max(hi, x);
        }
        m /= static_cast<double>(std::max<std::size_t>(rows.size(), 1));
        for (auto r : rows)
            var += (v[static_cast<std::size_t>(r)] - m) * (v[static_cast<std::size_t>(r)] - m);
        var /= static_cast<double>(std::max<std::size_t>(rows.size(), 1));
        switch (f.scalingOf(k)) {
        case Scaling::Standard:
            e.offset.push_back(m);
            e.scale.push_back(var > 0 ? std::sqrt(var) : 1.0);
            break;
        case Scaling::MinMax:
            e.offset.push_back(rows.empty() ? 0.0 : lo);
            e.scale.push_back(hi > lo ? hi - lo : 1.0);
            break;
        }
    }
    e.width = static_cast<std::int64_t>(f.numeric.size());
    for (auto c : f.categorical) {
        std::vector<bool> seen(t.dict[c].size(), false);
        for (auto r : rows)
            seen[static_cast<std::size_t>(t.codes[c][static_cast<std::size_t>(r)])] = true;
        std::vector<std::string> values;
        for (std::size_t k = 0; k < seen.size(); ++k)
            if (seen[k]) values.push_back(t.dict[c][k]);
        std::sort(values.begin(), values.end()); // the same layout whatever the row order
        std::unordered_map<std::string, std::int64_t> slot;
        for (const auto& v : values)
            slot.emplace(v, e.width++);
        e.slots.push_back(std::move(slot));
    }
    return e;
}

torch::Tensor encode(const Table& t, const Features& f, const Encoding& e, const std::vector<std::int64_t>& rows)
{
    const auto n = static_cast<std::int64_t>(rows.size());
    requireEncodingFits(t, f, e, n);
    auto x = torch::zeros({n, e.width}, torch::kFloat32);
    auto* p = x.data_ptr<float>();
    for (std::size_t k = 0; k < f.numeric.size(); ++k) {
        const auto v = t.numeric(f.numeric[k], columnName(f, f.numeric[k]));
        for (std::int64_t i = 0; i < n; ++i)
            p[i * e.width + static_cast<std::int64_t>(k)] = static_cast<float>(
                (v[static_cast<std::size_t>(rows[static_cast<std::size_t>(i)])] - e.offset[k]) / e.scale[k]);
    }
    for (std::size_t k = 0; k < f.categorical.size(); ++k) {
        const auto c = f.categorical[k];
        std::vector<std::int64_t> slotOfCode(t.dict[c].size(), -1);
        for (std::size_t code = 0; code < t.dict[c].size(); ++code) {
            auto it = e.slots[k].find(t.dict[c][code]);
            if (it != e.slots[k].end()) slotOfCode[code] = it->second;
        }
        for (std::int64_t i = 0; i < n; ++i) {
            const auto code = t.codes[c][static_cast<std::size_t>(rows[static_cast<std::size_t>(i)])];
            const auto slot = slotOfCode[static_cast<std::size_t>(code)];
            if (slot >= 0) p[i * e.width + slot] = 1.0f;
        }
    }
    return x;
}

std::vector<FeatureColumn> describeEncoding(const Features& f, const Encoding& e)
{
    std::vector<FeatureColumn> columns;
    for (std::size_t k = 0; k < f.numeric.size(); ++k) {
        const std::string how = std::string(f.scalingOf(k) == Scaling::MinMax ? "min-max" : "standardised") +
                                ": (x - " + formatNumber(e.offset[k], 5) + ") / " + formatNumber(e.scale[k], 5);
        columns.push_back({columnName(f, f.numeric[k]), how, 1});
    }
    for (std::size_t k = 0; k < f.categorical.size(); ++k) {
        const auto n = static_cast<std::int64_t>(e.slots[k].size());
        columns.push_back({columnName(f, f.categorical[k]), "one-hot, " + std::to_string(n) + " values", n});
    }
    return columns;
}

torch::Tensor binaryLabel(const Table& t, std::size_t column, const std::vector<std::string>& positives,
                          const std::vector<std::int64_t>& rows)
{
    std::vector<float> byCode(t.dict[column].size(), 0.0f);
    for (std::size_t k = 0; k < byCode.size(); ++k)
        byCode[k] = std::find(positives.begin(), positives.end(), t.dict[column][k]) != positives.end() ? 1.0f : 0.0f;
    std::vector<float> y;
    y.reserve(rows.size());
    for (auto r : rows)
        y.push_back(byCode[static_cast<std::size_t>(t.codes[column][static_cast<std::size_t>(r)])]);
    return floatTensor(y, {static_cast<std::int64_t>(y.size())});
}

std::vector<std::int64_t> range(std::int64_t from, std::int64_t to)
{
    std::vector<std::int64_t> r;
    for (std::int64_t i = from; i < to; ++i)
        r.push_back(i);
    return r;
}

} // namespace mtlx
