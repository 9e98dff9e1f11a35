#include "core/engine/data/table.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
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
    std::vector<bool> bad(dict[c].size(), false), tooLarge(dict[c].size(), false);
    for (std::size_t k = 0; k < dict[c].size(); ++k) {
        const std::string& s = dict[c][k];
        char* end = nullptr;
        errno = 0;
        const double v = s.empty() ? 0.0 : std::strtod(s.c_str(), &end);
        bad[k] = s.empty() || end != s.c_str() + s.size() || errno == ERANGE || !std::isfinite(v);
        // The model computes in 32-bit floats: a value beyond their range would be infinite there.
        tooLarge[k] = !bad[k] && std::abs(v) > static_cast<double>(std::numeric_limits<float>::max());
        byCode[k] = static_cast<float>(v);
    }
    std::vector<float> out(static_cast<std::size_t>(rows));
    for (std::int64_t r = 0; r < rows; ++r) {
        const auto code = static_cast<std::size_t>(codes[c][static_cast<std::size_t>(r)]);
        const std::string where = path + ":" + std::to_string(lines[static_cast<std::size_t>(r)]) + ": column '" +
                                  columnName + "': '" + dict[c][code] + "' ";
        if (bad[code]) throw InputError(where + "is not a number");
        if (tooLarge[code]) throw InputError(where + "is beyond the range of 32-bit floats (±3.4e38)");
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

// The parse cache: magic, the key it was made for, then the table's bytes with their length and
// FNV-1a checksum. A file that does not verify (cut short, a byte changed, another version) is
// ignored and the text parsed again; sizes inside are checked against the bytes there before
// anything is allocated.
constexpr char kCacheMagic[8] = {'M', 'T', 'L', 'X', 'T', 'B', 'L', '2'};

std::uint64_t fnv1a(const std::string& bytes)
{
    std::uint64_t h = 1469598103934665603ull;
    for (const char ch : bytes) {
        h ^= static_cast<unsigned char>(ch);
        h *= 1099511628211ull;
    }
    return h;
}

template <typename T> void put(std::string& o, const T& v)
{
    o.append(reinterpret_cast<const char*>(&v), sizeof v);
}
void putString(std::string& o, const std::string& s)
{
    put(o, static_cast<std::uint32_t>(s.size()));
    o += s;
}

// Reads the cache payload with every length checked against what is left.
class Reader {
public:
    explicit Reader(const std::string& bytes) : bytes_(bytes) {}
    template <typename T> bool get(T& v)
    {
        if (left() < sizeof v) return false;
        std::memcpy(&v, bytes_.data() + at_, sizeof v);
        at_ += sizeof v;
        return true;
    }
    bool getString(std::string& s)
    {
        std::uint32_t n = 0;
        if (!get(n) || n > left()) return false;
        s.assign(bytes_, at_, n);
        at_ += n;
        return true;
    }
    bool getInts(std::vector<std::int32_t>& v, std::int64_t n)
    {
        if (n < 0 || static_cast<std::uint64_t>(n) > left() / 4) return false;
        v.resize(static_cast<std::size_t>(n));
        if (n > 0) std::memcpy(v.data(), bytes_.data() + at_, static_cast<std::size_t>(n) * 4);
        at_ += static_cast<std::size_t>(n) * 4;
        return true;
    }
    std::size_t left() const { return bytes_.size() - at_; }

private:
    const std::string& bytes_;
    std::size_t at_ = 0;
};

std::string serialize(const Table& t)
{
    std::string o;
    put(o, static_cast<std::uint32_t>(t.columns()));
    put(o, t.rows);
    put(o, static_cast<std::uint32_t>(t.header.size()));
    for (const auto& h : t.header)
        putString(o, h);
    for (std::size_t c = 0; c < t.columns(); ++c) {
        put(o, static_cast<std::uint32_t>(t.dict[c].size()));
        for (const auto& s : t.dict[c])
            putString(o, s);
        o.append(reinterpret_cast<const char*>(t.codes[c].data()), t.codes[c].size() * 4);
    }
    o.append(reinterpret_cast<const char*>(t.lines.data()), t.lines.size() * 4);
    return o;
}

} // namespace

bool tableFromCacheBytes(const std::string& bytes, Table& t)
{
    Reader in(bytes);
    std::uint32_t columns = 0, headers = 0;
    std::int64_t rows = 0;
    if (!in.get(columns) || !in.get(rows) || !in.get(headers) || columns > in.left() || headers > in.left())
        return false;
    t.header.resize(headers);
    for (auto& h : t.header)
        if (!in.getString(h)) return false;
    t.rows = rows;
    t.dict.assign(columns, {});
    t.codes.assign(columns, {});
    for (std::uint32_t c = 0; c < columns; ++c) {
        std::uint32_t n = 0;
        if (!in.get(n) || n > in.left()) return false;
        t.dict[c].resize(n);
        for (auto& s : t.dict[c])
            if (!in.getString(s)) return false;
        if (!in.getInts(t.codes[c], rows)) return false;
        for (auto code : t.codes[c])
            if (code < 0 || static_cast<std::uint32_t>(code) >= n) return false;
    }
    return in.getInts(t.lines, rows) && in.left() == 0;
}

namespace {

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
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    std::ifstream in(file, std::ios::binary);
    if (ec || !in) return false;
    std::string head(8 + 4 + key.size() + 16, '\0');
    if (!in.read(head.data(), static_cast<std::streamsize>(head.size()))) return false;
    std::uint32_t keyLength = 0;
    std::uint64_t length = 0, checksum = 0;
    std::memcpy(&keyLength, head.data() + 8, 4);
    if (std::memcmp(head.data(), kCacheMagic, 8) != 0 || keyLength != key.size() ||
        head.compare(12, key.size(), key) != 0)
        return false;
    std::memcpy(&length, head.data() + 12 + key.size(), 8);
    std::memcpy(&checksum, head.data() + 20 + key.size(), 8);
    if (length != size - head.size()) return false;
    std::string payload(static_cast<std::size_t>(length), '\0');
    if (!in.read(payload.data(), static_cast<std::streamsize>(length)) || fnv1a(payload) != checksum) return false;
    return tableFromCacheBytes(payload, t);
}

void saveCache(const std::string& file, const std::string& key, const Table& t)
{
    const std::string payload = serialize(t);
    std::string head(kCacheMagic, 8);
    putString(head, key);
    put(head, static_cast<std::uint64_t>(payload.size()));
    put(head, fnv1a(payload));
    const std::string tmp = file + ".tmp" + std::to_string(::getpid());
    {
        std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
        if (!o) return;
        o << head << payload;
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
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) p += 3; // a UTF-8 byte order mark is not data
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
            std::set<std::string> names;
            for (const auto& f : fields) {
                if (f.empty())
                    throw InputError(path + ":" + std::to_string(line) + ": an empty column name in the header");
                if (!names.insert(f).second)
                    throw InputError(path + ":" + std::to_string(line) + ": column '" + f +
                                     "' appears twice in the header");
            }
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
