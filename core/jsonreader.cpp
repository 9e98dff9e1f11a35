#include "core/jsonreader.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace mtlx {
namespace {

std::string typeName(const nlohmann::json& v)
{
    if (v.is_number()) return "a number";
    if (v.is_string()) return "a string";
    if (v.is_boolean()) return "a boolean";
    if (v.is_array()) return "an array";
    if (v.is_object()) return "an object";
    return "null";
}

std::string formatNumber(double v)
{
    std::ostringstream s;
    s << v;
    return s.str();
}

std::int64_t asInteger(const nlohmann::json& v, const std::string& path)
{
    if (v.is_number_integer()) return v.get<std::int64_t>();
    if (v.is_number_float()) {
        const double d = v.get<double>();
        if (std::floor(d) == d && std::abs(d) < 9e15) return static_cast<std::int64_t>(d);
    }
    throw SpecError(path, "must be an integer, got " + (v.is_number() ? v.dump() : typeName(v)));
}

double asNumber(const nlohmann::json& v, const std::string& path)
{
    if (!v.is_number()) throw SpecError(path, "must be a number, got " + typeName(v));
    const double d = v.get<double>();
    if (!std::isfinite(d)) throw SpecError(path, "must be finite");
    return d;
}

std::string asString(const nlohmann::json& v, const std::string& path)
{
    if (!v.is_string()) throw SpecError(path, "must be a string, got " + typeName(v));
    return v.get<std::string>();
}

template <typename T, typename Convert>
void readArray(const nlohmann::json& v, const std::string& path, std::vector<T>& out, Convert convert)
{
    if (!v.is_array()) throw SpecError(path, "must be an array, got " + typeName(v));
    std::vector<T> result;
    for (std::size_t i = 0; i < v.size(); ++i)
        result.push_back(convert(v[i], path + "[" + std::to_string(i) + "]"));
    out = std::move(result);
}

}  // namespace

JsonReader::JsonReader(const nlohmann::json& value, std::string path) : value_(value), path_(std::move(path))
{
    if (!value_.is_object()) throw SpecError(path_, "must be an object, got " + typeName(value_));
}

std::string JsonReader::childPath(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

bool JsonReader::has(const std::string& key) const { return value_.contains(key); }

const nlohmann::json* JsonReader::child(const std::string& key)
{
    known_.insert(key);
    auto it = value_.find(key);
    return it == value_.end() ? nullptr : &*it;
}

void JsonReader::read(const std::string& key, std::string& out)
{
    if (auto* v = child(key)) out = asString(*v, childPath(key));
}

void JsonReader::read(const std::string& key, bool& out)
{
    if (auto* v = child(key)) {
        if (!v->is_boolean()) fail(key, "must be true or false, got " + typeName(*v));
        out = v->get<bool>();
    }
}

void JsonReader::read(const std::string& key, double& out)
{
    if (auto* v = child(key)) out = asNumber(*v, childPath(key));
}

void JsonReader::read(const std::string& key, std::int64_t& out)
{
    if (auto* v = child(key)) out = asInteger(*v, childPath(key));
}

void JsonReader::read(const std::string& key, std::uint64_t& out)
{
    if (auto* v = child(key)) {
        const std::int64_t i = asInteger(*v, childPath(key));
        if (i < 0) fail(key, "must be ≥ 0");
        out = static_cast<std::uint64_t>(i);
    }
}

void JsonReader::read(const std::string& key, int& out)
{
    if (auto* v = child(key)) {
        const std::int64_t i = asInteger(*v, childPath(key));
        if (i > 1'000'000'000 || i < -1'000'000'000) fail(key, "is out of range");
        out = static_cast<int>(i);
    }
}

void JsonReader::read(const std::string& key, std::vector<std::int64_t>& out)
{
    if (auto* v = child(key)) readArray(*v, childPath(key), out, asInteger);
}

void JsonReader::read(const std::string& key, std::vector<double>& out)
{
    if (auto* v = child(key)) readArray(*v, childPath(key), out, asNumber);
}

void JsonReader::read(const std::string& key, std::vector<std::string>& out)
{
    if (auto* v = child(key)) readArray(*v, childPath(key), out, asString);
}

void JsonReader::read(const std::string& key, std::vector<std::vector<std::int64_t>>& out)
{
    if (auto* v = child(key))
        readArray(*v, childPath(key), out, [](const nlohmann::json& row, const std::string& rowPath) {
            std::vector<std::int64_t> values;
            readArray(row, rowPath, values, asInteger);
            return values;
        });
}

void JsonReader::finish() const
{
    for (auto it = value_.begin(); it != value_.end(); ++it) {
        if (known_.count(it.key())) continue;
        std::vector<std::string> expected(known_.begin(), known_.end());
        throw SpecError(childPath(it.key()), "unknown key (expected one of: " + joinWords(expected) + ")");
    }
}

void JsonReader::fail(const std::string& key, const std::string& message) const
{
    throw SpecError(childPath(key), message);
}

void requireAtLeast(const std::string& path, double value, double min)
{
    if (!(value >= min)) throw SpecError(path, "must be ≥ " + formatNumber(min) + ", got " + formatNumber(value));
}

void requireAtMost(const std::string& path, double value, double max)
{
    if (!(value <= max)) throw SpecError(path, "must be ≤ " + formatNumber(max) + ", got " + formatNumber(value));
}

void requireOneOf(const std::string& path, const std::string& value, const std::vector<std::string>& choices)
{
    if (std::find(choices.begin(), choices.end(), value) == choices.end())
        throw SpecError(path, "'" + value + "' is not one of: " + joinWords(choices));
}

std::string joinWords(const std::vector<std::string>& words, const std::string& separator)
{
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) out += (i ? separator : "") + words[i];
    return out;
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

}  // namespace mtlx
