#include "core/spec/jsonreader.h"

#include "core/spec/text.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

namespace mtlx {

std::string jsonTypeName(const nlohmann::json& v)
{
    if (v.is_number()) return "a number";
    if (v.is_string()) return "a string";
    if (v.is_boolean()) return "a boolean";
    if (v.is_array()) return "an array";
    if (v.is_object()) return "an object";
    return "null";
}

std::int64_t jsonInteger(const nlohmann::json& v, const std::string& path)
{
    // Past the range of every field: the range check then names the limit.
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > 9e15) return std::numeric_limits<std::int64_t>::max();
    if (v.is_number_integer()) return v.get<std::int64_t>();
    if (v.is_number_float()) {
        const double d = v.get<double>();
        if (std::floor(d) == d && std::abs(d) < 9e15) return static_cast<std::int64_t>(d);
    }
    throw SpecError(path, "must be an integer, got " + (v.is_number() ? v.dump() : jsonTypeName(v)));
}

double jsonNumber(const nlohmann::json& v, const std::string& path)
{
    if (!v.is_number()) throw SpecError(path, "must be a number, got " + jsonTypeName(v));
    const double d = v.get<double>();
    if (!std::isfinite(d)) throw SpecError(path, "must be finite");
    return d;
}

std::string jsonString(const nlohmann::json& v, const std::string& path)
{
    if (!v.is_string()) throw SpecError(path, "must be a string, got " + jsonTypeName(v));
    return v.get<std::string>();
}

namespace {

template <typename T, typename Convert>
void readArray(const nlohmann::json& v, const std::string& path, std::vector<T>& out, Convert convert)
{
    if (!v.is_array()) throw SpecError(path, "must be an array, got " + jsonTypeName(v));
    std::vector<T> result;
    for (std::size_t i = 0; i < v.size(); ++i)
        result.push_back(convert(v[i], path + "[" + std::to_string(i) + "]"));
    out = std::move(result);
}

} // namespace

JsonReader::JsonReader(const nlohmann::json& value, std::string path) : value_(value), path_(std::move(path))
{
    if (!value_.is_object()) throw SpecError(path_, "must be an object, got " + jsonTypeName(value_));
}

std::string JsonReader::childPath(const std::string& key) const
{
    return path_.empty() ? key : path_ + "." + key;
}

bool JsonReader::has(const std::string& key) const
{
    return value_.contains(key);
}

const nlohmann::json* JsonReader::child(const std::string& key)
{
    known_.insert(key);
    auto it = value_.find(key);
    return it == value_.end() ? nullptr : &*it;
}

void JsonReader::read(const std::string& key, std::string& out)
{
    if (auto* v = child(key)) out = jsonString(*v, childPath(key));
}

void JsonReader::read(const std::string& key, bool& out)
{
    if (auto* v = child(key)) {
        if (!v->is_boolean()) fail(key, "must be true or false, got " + jsonTypeName(*v));
        out = v->get<bool>();
    }
}

void JsonReader::read(const std::string& key, double& out)
{
    if (auto* v = child(key)) out = jsonNumber(*v, childPath(key));
}

void JsonReader::read(const std::string& key, std::int64_t& out)
{
    if (auto* v = child(key)) out = jsonInteger(*v, childPath(key));
}

void JsonReader::read(const std::string& key, std::uint64_t& out)
{
    if (auto* v = child(key)) {
        const std::int64_t i = jsonInteger(*v, childPath(key));
        if (i < 0) fail(key, "must be ≥ 0");
        out = static_cast<std::uint64_t>(i);
    }
}

void JsonReader::read(const std::string& key, int& out)
{
    if (auto* v = child(key)) {
        const std::int64_t i = jsonInteger(*v, childPath(key));
        if (i > 1'000'000'000 || i < -1'000'000'000) fail(key, "is out of range");
        out = static_cast<int>(i);
    }
}

void JsonReader::read(const std::string& key, std::vector<std::int64_t>& out)
{
    if (auto* v = child(key)) readArray(*v, childPath(key), out, jsonInteger);
}

void JsonReader::read(const std::string& key, std::vector<double>& out)
{
    if (auto* v = child(key)) readArray(*v, childPath(key), out, jsonNumber);
}

void JsonReader::read(const std::string& key, std::vector<std::string>& out)
{
    if (auto* v = child(key)) readArray(*v, childPath(key), out, jsonString);
}

void JsonReader::read(const std::string& key, std::vector<std::vector<std::int64_t>>& out)
{
    if (auto* v = child(key))
        readArray(*v, childPath(key), out, [](const nlohmann::json& row, const std::string& rowPath) {
            std::vector<std::int64_t> values;
            readArray(row, rowPath, values, jsonInteger);
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

namespace {

// Keys seen in each open object, to refuse a key given twice.
class DuplicateKeys {
public:
    explicit DuplicateKeys(std::string file) : file_(std::move(file)) {}
    bool operator()(int, nlohmann::json::parse_event_t event, nlohmann::json& parsed)
    {
        using E = nlohmann::json::parse_event_t;
        if (event == E::object_start || event == E::array_start) {
            frames_.push_back({{}, pending_, event == E::array_start});
        } else if (event == E::object_end || event == E::array_end) {
            if (!frames_.empty()) frames_.pop_back();
        } else if (event == E::key && !frames_.empty()) {
            pending_ = parsed.get<std::string>();
            if (!frames_.back().keys.insert(pending_).second)
                throw InputError(file_ + ": " + where() + ": the key appears twice");
        }
        return true;
    }

private:
    struct Frame {
        std::set<std::string> keys;
        std::string name;
        bool array = false;
    };
    std::string where() const
    {
        std::string path;
        for (std::size_t i = 1; i < frames_.size(); ++i)
            path += frames_[i].name + (frames_[i].array ? "[]." : ".");
        return path + pending_;
    }
    std::string file_;
    std::string pending_;
    std::vector<Frame> frames_;
};

} // namespace

nlohmann::json parseJsonText(const std::string& text, const std::string& file)
{
    // Nesting is bounded before parsing: thousands of '[' would otherwise cost a deep recursion in
    // whatever walks the document later (and no file of ours nests more than a few levels).
    int depth = 0;
    std::size_t lineOfDepth = 1;
    bool inString = false, escaped = false;
    for (const char c : text) {
        if (c == '\n') ++lineOfDepth;
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if ((c == '[' || c == '{') && ++depth > kMaxJsonDepth) {
            throw InputError(file + ":" + std::to_string(lineOfDepth) + ": nested more than " +
                             std::to_string(kMaxJsonDepth) + " levels deep; not a file of this program");
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    try {
        return nlohmann::json::parse(text, DuplicateKeys(file));
    } catch (const nlohmann::json::exception& e) {
        // nlohmann reports a byte offset; a line number is what a person can find.
        std::size_t upto = text.size();
        if (const auto* p = dynamic_cast<const nlohmann::json::parse_error*>(&e))
            upto = std::min(p->byte, text.size());
        else if (upto > 0 && text[upto - 1] == '\n')
            --upto; // an error found at the end (a number overflow) is on the last line, not after it
        const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(upto), '\n');
        // Without nlohmann's "[json.exception.parse_error.101] " tag: a person reads the rest.
        std::string what = e.what();
        if (what.rfind("[json.exception.", 0) == 0 && what.find("] ") != std::string::npos)
            what.erase(0, what.find("] ") + 2);
        throw InputError(file + ":" + std::to_string(line) + ": not valid JSON (" + what + ")");
    }
}

nlohmann::json readJsonFile(const std::string& path)
{
    std::error_code ec;
    if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
        throw InputError(path + ": not a regular file");
    std::ifstream in(path);
    if (!in) throw InputError(path + ": cannot open (" + std::strerror(errno) + ")");
    std::ostringstream text;
    text << in.rdbuf();
    return parseJsonText(text.str(), path);
}

} // namespace mtlx
