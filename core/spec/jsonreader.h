#pragma once
// Reads one JSON object field by field, checking types and ranges, and reports every problem as
// a SpecError naming the JSON path. finish() rejects keys nobody asked for, so a typo in a spec
// is an error instead of a silently ignored setting.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/spec/specerror.h"
#include "core/spec/text.h"

namespace mtlx {

class JsonReader {
public:
    // `value` must outlive the reader. Throws SpecError when it is not an object.
    JsonReader(const nlohmann::json& value, std::string path);

    const std::string& path() const { return path_; }
    std::string childPath(const std::string& key) const;
    bool has(const std::string& key) const;

    // Each read marks the key as known; an absent key leaves `out` unchanged (the default).
    void read(const std::string& key, std::string& out);
    void read(const std::string& key, bool& out);
    void read(const std::string& key, double& out);
    void read(const std::string& key, std::int64_t& out);
    void read(const std::string& key, std::uint64_t& out);
    void read(const std::string& key, int& out);
    void read(const std::string& key, std::vector<std::int64_t>& out);
    void read(const std::string& key, std::vector<double>& out);
    void read(const std::string& key, std::vector<std::string>& out);
    void read(const std::string& key, std::vector<std::vector<std::int64_t>>& out);

    // Marks `key` known and returns it (or nullptr when absent) for a nested reader.
    const nlohmann::json* child(const std::string& key);

    // Throws for the first key that no read asked for, listing the keys that are valid here.
    void finish() const;

    [[noreturn]] void fail(const std::string& key, const std::string& message) const;

private:
    const nlohmann::json& value_;
    std::string path_;
    std::set<std::string> known_;
};

// One JSON value as a type, or SpecError(path, "must be an integer, got …"): whole numbers
// written as floats (10.0) count as integers; numbers must be finite.
std::string jsonTypeName(const nlohmann::json& v); // "a number", "a string", …
std::int64_t jsonInteger(const nlohmann::json& v, const std::string& path);
double jsonNumber(const nlohmann::json& v, const std::string& path);
std::string jsonString(const nlohmann::json& v, const std::string& path);

// Parses a JSON document read from `file`: a syntax error, a number beyond double range or a key
// given twice in one object (which JSON parsers otherwise resolve silently) is an InputError
// "file:line: …" / "file: spec.training.lr: the key appears twice".
// More than kMaxJsonDepth levels of nested arrays and objects is refused before parsing.
constexpr int kMaxJsonDepth = 64;
nlohmann::json parseJsonText(const std::string& text, const std::string& file);
// A JSON file read whole and parsed by parseJsonText. Only a regular file is read (a pipe or
// device would block the reader): otherwise, and when it cannot be opened, an InputError naming
// the path and the reason.
nlohmann::json readJsonFile(const std::string& path);

// Range checks that throw SpecError(path, …) with the reason.
void requireAtLeast(const std::string& path, double value, double min);
void requireAtMost(const std::string& path, double value, double max);
void requireOneOf(const std::string& path, const std::string& value, const std::vector<std::string>& choices);

} // namespace mtlx
