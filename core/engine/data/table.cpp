#include "core/engine/data/table.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unordered_map>

#include <unistd.h>

#include "core/engine/data/datafiles.h"
#include "core/spec/specerror.h"

namespace mtlx {

std::string TextFormat::signature() const
{
    return std::to_string(static_cast<int>(kind)) + "," + std::to_string(columns) + "," + (header ? "h" : "-") +
           (skipBanner ? "b" : "-") + (stripLabelPeriod ? "p" : "-");
}

std::size_t Table::column(const std::string& name) const
{
    for (std::size_t c = 0; c < header.size(); ++c)
        if (header[c] == name) return c;
    std::string known;
    for (const auto& h : header)
        known += (known.empty() ? "" : ", ") + h;
    throw InputError(path + ": no column '" + name + "' (columns: " + known + ")");
}

std::vector<float> Table::numeric(std::size_t c, const std::string& columnName) const
{
    std::vector<float> byCode(dict[c].size());
    std::vector<bool> bad(dict[c].size(), false);
    for (std::size_t k = 0; k < dict[c].size(); ++k) {
        const std::string& s = dict[c][k];
        char* end = nullptr;
        errno = 0;
        const double v = s.empty() ? 0.0 : std::strtod(s.c_str(), &end);
        bad[k] = s.empty() || end != s.c_str() + s.size() || errno == ERANGE || !std::isfinite(v);
        byCode[k] = static_cast<float>(v);
    }
    std::vector<float> out(static_cast<std::size_t>(rows));
    for (std::int64_t r = 0; r < rows; ++r) {
        const auto code = static_cast<std::size_t>(codes[c][static_cast<std::size_t>(r)]);
        if (bad[code])
            throw InputError(path + ":" + std::to_string(lines[static_cast<std::size_t>(r)]) + ": column '" +
                             columnName + "': '" + dict[c][code] + "' is not a number");
        out[static_cast<std::size_t>(r)] = byCode[code];
    }
    return out;
}

namespace {

struct Builder {
    std::vector<std::unordered_map<std::string, std::int32_t>> index;
    Table table;

    void addRow(const std::vector<std::string>& fields, std::int32_t line)
    {
        for (std::size_t c = 0; c < fields.size(); ++c) {
            auto [it, inserted] = index[c].try_emplace(fields[c], static_cast<std::int32_t>(table.dict[c].size()));
            if (inserted) table.dict[c].push_back(fields[c]);
            table.codes[c].push_back(it->second);
        }
        table.lines.push_back(line);
        ++table.rows;
    }
    void setColumns(std::size_t n)
    {
        index.resize(n);
        table.dict.resize(n);
        table.codes.resize(n);
    }
};

std::string trim(const char* b, const char* e)
{
    while (b < e && (*b == ' ' || *b == '\t'))
        ++b;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        --e;
    return std::string(b, e);
}

// Splits one line (without its '\n'); returns false with `error` set on bad quoting.
bool splitLine(const char* b, const char* e, TextFormat::Kind kind, std::vector<std::string>& out, std::string& error)
{
    out.clear();
    if (kind == TextFormat::Kind::DoubleColon) {
        const char* start = b;
        for (const char* p = b; p < e; ++p) {
            if (p + 1 < e && p[0] == ':' && p[1] == ':') {
                out.push_back(trim(start, p));
                start = p + 2;
                ++p;
            }
        }
        out.push_back(trim(start, e));
        return true;
    }
    if (kind == TextFormat::Kind::CommaSpace) {
        const char* start = b;
        for (const char* p = b; p < e; ++p)
            if (*p == ',') {
                out.push_back(trim(start, p));
                start = p + 1;
            }
        out.push_back(trim(start, e));
        return true;
    }
    // CSV (RFC 4180): quoted fields may hold commas and doubled quotes; no embedded newlines.
    const char* p = b;
    while (true) {
        std::string field;
        if (p < e && *p == '"') {
            ++p;
            while (true) {
                if (p >= e) {
                    error = "unterminated quoted field";
                    return false;
                }
                if (*p == '"') {
                    if (p + 1 < e && p[1] == '"') {
                        field += '"';
                        p += 2;
                        continue;
                    }
                    ++p;
                    break;
                }
                field += *p++;
            }
            while (p < e && (*p == ' ' || *p == '\r'))
                ++p;
            if (p < e && *p != ',') {
                error = "text after a closing quote";
                return false;
            }
        } else {
            const char* start = p;
            while (p < e && *p != ',')
                ++p;
            field = trim(start, p);
        }
        out.push_back(std::move(field));
        if (p >= e) break;
        ++p; // the comma
    }
    return true;
}

constexpr char kCacheMagic[8] = {'M', 'T', 'L', 'X', 'T', 'B', 'L', '1'};

template <typename T> void put(std::ostream& o, const T& v)
{
    o.write(reinterpret_cast<const char*>(&v), sizeof v);
}
void putString(std::ostream& o, const std::string& s)
{
    put(o, static_cast<std::uint32_t>(s.size()));
    o.write(s.data(), static_cast<std::streamsize>(s.size()));
}
template <typename T> bool get(std::istream& i, T& v)
{
    return static_cast<bool>(i.read(reinterpret_cast<char*>(&v), sizeof v));
}
bool getString(std::istream& i, std::string& s)
{
    std::uint32_t n = 0;
    if (!get(i, n) || n > (1u << 30)) return false;
    s.resize(n);
    return static_cast<bool>(i.read(s.data(), n));
}

std::string cacheKey(const std::string& path, const FileStamp& stamp, const TextFormat& format)
{
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(path, ec).string();
    return absolute + "|" + std::to_string(stamp.size) + "|" + std::to_string(stamp.mtime) + "|" + format.signature();
}

std::string cachePath(const std::string& key)
{
    const auto dir = dataCacheDir();
    if (dir.empty()) return {};
    return dir + "/table-" + std::to_string(std::hash<std::string>{}(key)) + ".bin";
}

bool loadCache(const std::string& file, const std::string& key, Table& t)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) return false;
    char magic[8];
    std::string storedKey;
    if (!in.read(magic, 8) || std::memcmp(magic, kCacheMagic, 8) != 0 || !getString(in, storedKey) || storedKey != key)
        return false;
    std::uint32_t columns = 0, headers = 0;
    std::int64_t rows = 0;
    if (!get(in, columns) || !get(in, rows) || !get(in, headers) || columns > 100000 || rows < 0) return false;
    t.header.resize(headers);
    for (auto& h : t.header)
        if (!getString(in, h)) return false;
    t.rows = rows;
    t.dict.assign(columns, {});
    t.codes.assign(columns, std::vector<std::int32_t>(static_cast<std::size_t>(rows)));
    for (std::uint32_t c = 0; c < columns; ++c) {
        std::uint32_t n = 0;
        if (!get(in, n)) return false;
        t.dict[c].resize(n);
        for (auto& s : t.dict[c])
            if (!getString(in, s)) return false;
        if (!in.read(reinterpret_cast<char*>(t.codes[c].data()), static_cast<std::streamsize>(rows * 4))) return false;
        for (auto code : t.codes[c])
            if (code < 0 || static_cast<std::uint32_t>(code) >= n) return false;
    }
    t.lines.resize(static_cast<std::size_t>(rows));
    return static_cast<bool>(in.read(reinterpret_cast<char*>(t.lines.data()), static_cast<std::streamsize>(rows * 4)));
}

void saveCache(const std::string& file, const std::string& key, const Table& t)
{
    const std::string tmp = file + ".tmp" + std::to_string(::getpid());
    {
        std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
        if (!o) return;
        o.write(kCacheMagic, 8);
        putString(o, key);
        put(o, static_cast<std::uint32_t>(t.columns()));
        put(o, t.rows);
        put(o, static_cast<std::uint32_t>(t.header.size()));
        for (const auto& h : t.header)
            putString(o, h);
        for (std::size_t c = 0; c < t.columns(); ++c) {
            put(o, static_cast<std::uint32_t>(t.dict[c].size()));
            for (const auto& s : t.dict[c])
                putString(o, s);
            o.write(reinterpret_cast<const char*>(t.codes[c].data()), static_cast<std::streamsize>(t.rows * 4));
        }
        o.write(reinterpret_cast<const char*>(t.lines.data()), static_cast<std::streamsize>(t.rows * 4));
        if (!o) {
            o.close();
            std::remove(tmp.c_str());
            return;
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, file, ec);
    if (ec) std::filesystem::remove(tmp, ec);
}

} // namespace

Table parseTable(const std::string& text, const std::string& path, const TextFormat& format,
                 const std::function<void(double)>& progress)
{
    Builder b;
    b.table.path = path;
    std::size_t expected = static_cast<std::size_t>(format.columns);
    if (expected) b.setColumns(expected);
    std::vector<std::string> fields;
    std::string error;
    const char* p = text.data();
    const char* end = p + text.size();
    std::int32_t line = 0;
    std::size_t nextReport = 0;
    while (p < end) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        const char* lineEnd = nl ? nl : end;
        ++line;
        const char* b0 = p;
        p = nl ? nl + 1 : end;
        if (progress && static_cast<std::size_t>(p - text.data()) >= nextReport) {
            progress(static_cast<double>(p - text.data()) / static_cast<double>(text.size()));
            nextReport += 4u << 20;
        }
        const std::string raw = trim(b0, lineEnd);
        if (raw.empty()) continue;
        if (line == 1 && format.skipBanner && raw[0] == '|') continue;
        if (!splitLine(b0, lineEnd, format.kind, fields, error))
            throw InputError(path + ":" + std::to_string(line) + ": " + error);
        if (format.header && b.table.header.empty()) {
            for (const auto& f : fields)
                if (f.empty())
                    throw InputError(path + ":" + std::to_string(line) + ": an empty column name in the header");
            b.table.header = fields;
            if (!expected) {
                expected = fields.size();
                b.setColumns(expected);
            }
            continue;
        }
        if (fields.size() != expected)
            throw InputError(path + ":" + std::to_string(line) + ": expected " + std::to_string(expected) +
                             " fields, found " + std::to_string(fields.size()));
        if (format.stripLabelPeriod && !fields.back().empty() && fields.back().back() == '.') fields.back().pop_back();
        b.addRow(fields, line);
    }
    if (format.header && b.table.header.empty()) throw InputError(path + ": empty file (no header line)");
    if (b.table.rows == 0) throw InputError(path + ": no data rows");
    if (progress) progress(1.0);
    return std::move(b.table);
}

Table readTable(const std::string& path, const TextFormat& format, const std::function<void(double)>& progress)
{
    const auto stamp = fileStamp(path);
    const auto key = cacheKey(path, stamp, format);
    const auto cache = cachePath(key);
    Table t;
    if (!cache.empty() && loadCache(cache, key, t)) {
        t.path = path;
        if (progress) progress(1.0);
        return t;
    }
    t = parseTable(readDataFile(path), path, format, progress);
    if (!cache.empty()) saveCache(cache, key, t);
    return t;
}

} // namespace mtlx
