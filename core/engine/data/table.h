#pragma once
// Delimited text files (UCI comma-space, MovieLens "::", CSV with a header) parsed once into a
// dictionary-coded table: per column, the distinct strings and one int32 code per row. Parsed
// tables are cached in dataCacheDir(), keyed by the file's path, size and modification time, so
// the second load of a 100 MB file reads a few MB of codes instead of parsing the text again.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace mtlx {

struct TextFormat {
    enum class Kind { CommaSpace, DoubleColon, Csv };
    Kind kind = Kind::CommaSpace;
    int columns = 0;               // expected fields per line; 0 = as many as the header has
    bool header = false;           // the first line names the columns (CSV)
    bool skipBanner = false;       // skip a first line that starts with '|' (adult.test)
    bool stripLabelPeriod = false; // drop one trailing '.' from the last field ("50000+.")
    std::string signature() const;
};

struct Table {
    std::string path;
    std::vector<std::string> header; // column names (CSV), else empty
    std::int64_t rows = 0;
    std::vector<std::vector<std::string>> dict;   // per column, its distinct values
    std::vector<std::vector<std::int32_t>> codes; // per column, per row: index into dict
    std::vector<std::int32_t> lines;              // per row, its 1-based line in the file

    std::size_t columns() const { return dict.size(); }
    const std::string& value(std::size_t column, std::int64_t row) const
    {
        return dict[column][static_cast<std::size_t>(codes[column][static_cast<std::size_t>(row)])];
    }
    // Column index by header name; InputError naming the file and the known columns if absent.
    std::size_t column(const std::string& name) const;
    // Every value of a column as a number; InputError "file:line: column 'c': 'x' is not a number".
    std::vector<float> numeric(std::size_t column, const std::string& columnName) const;
};

// Parses (or reads from the cache) a table. `progress` gets 0…1 while parsing. InputError
// "file:line: …" on a line with the wrong number of fields or an unterminated quote.
Table readTable(const std::string& path, const TextFormat& format, const std::function<void(double)>& progress = {});

// A table from the bytes of its parse-cache entry (after the checksum verified); false when they
// are not a well-formed table (every size is checked against the bytes there first).
bool tableFromCacheBytes(const std::string& bytes, Table& t);

// Parses text that is already in memory (tests, and readTable itself).
Table parseTable(const std::string& text, const std::string& path, const TextFormat& format,
                 const std::function<void(double)>& progress = {});

} // namespace mtlx
