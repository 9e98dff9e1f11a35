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

#include "core/specerror.h"

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

// Range checks that throw SpecError(path, …) with the reason.
void requireAtLeast(const std::string& path, double value, double min);
void requireAtMost(const std::string& path, double value, double max);
void requireOneOf(const std::string& path, const std::string& value, const std::vector<std::string>& choices);
std::string joinWords(const std::vector<std::string>& words, const std::string& separator = ", ");

// The whole of `text` read as a finite number / an integer; nullopt when it is empty, has
// trailing characters, or (numbers) is infinite or NaN. For flags and form fields.
std::optional<double> parseFiniteNumber(const std::string& text);
std::optional<long long> parseWholeInteger(const std::string& text);

}  // namespace mtlx
