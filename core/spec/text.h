#pragma once
// Text forms shared by every layer: lists as people type them ("64, 32", "64; 32"), numbers and
// durations as people read them. Parsers throw SpecError naming the field or flag (`path`).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mtlx {

std::string joinWords(const std::vector<std::string>& words, const std::string& separator = ", ");
std::string joinList(const std::vector<std::string>& items, const std::string& separator);
// Items separated by `separator`, each trimmed of spaces and brackets; a trailing empty item dropped.
std::vector<std::string> splitList(const std::string& text, char separator);

// The candidate nearest to `word` by edit distance (insertions, deletions, substitutions and
// swaps of neighbours count one each), when it is at most a third of the word's length away
// (at least 2): a mistyped name's "did you mean". "" when none is that close.
std::string closestWord(const std::string& word, const std::vector<std::string>& candidates);

// The whole of `text` read as a finite number / an integer; nullopt when it is empty, has
// trailing characters, or (numbers) is infinite or NaN.
std::optional<double> parseFiniteNumber(const std::string& text);
std::optional<long long> parseWholeInteger(const std::string& text);

// "1", "0.25", "1e+06": a number with `precision` significant digits, as few characters as need be.
std::string formatNumber(double v, int precision = 6);
// "1:05" (minutes:seconds) or "1:02:03" (hours:minutes:seconds).
std::string formatDuration(double seconds);

// "250, 125" ↔ {250, 125}; "64; 32" ↔ {{64}, {32}}; "0.3, 0.7" ↔ {0.3, 0.7}.
std::vector<std::int64_t> parseWidths(const std::string& path, const std::string& text, bool allowEmpty);
std::string formatWidths(const std::vector<std::int64_t>& widths);
std::vector<std::vector<std::int64_t>> parseLevels(const std::string& path, const std::string& text);
std::string formatLevels(const std::vector<std::vector<std::int64_t>>& levels);
std::vector<double> parseNumbers(const std::string& path, const std::string& text);
std::string formatNumbers(const std::vector<double>& values);

} // namespace mtlx
