#include "core/engine/data/datafiles.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>

#include <zlib.h>

#include "core/engine/memory.h"
#include "core/spec/specerror.h"

namespace mtlx {

namespace fs = std::filesystem;

std::string userFolder(const std::string& sub)
{
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::string(xdg) + "/mtlx/" + sub;
    if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.local/share/mtlx/" + sub;
    return {};
}

std::string newRunFolder(const std::string& base, const std::string& name)
{
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    ::localtime_r(&now, &local);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
    std::string safe = name.empty() ? "run" : name;
    for (auto& c : safe)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '-';
    std::error_code ec;
    fs::create_directories(base, ec);
    if (ec) throw InputError(base + ": cannot create the folder (" + ec.message() + ")");
    const std::string stem = (fs::path(base) / (std::string(stamp) + "-" + safe)).string();
    for (int i = 1;; ++i) {
        const std::string dir = i == 1 ? stem : stem + "-" + std::to_string(i);
        if (fs::create_directory(dir, ec)) return dir; // false when it exists: try the next name
        if (ec) throw InputError(dir + ": cannot create the folder (" + ec.message() + ")");
    }
}

std::string userDataDir()
{
    return userFolder("data");
}

std::vector<std::string> dataSearchDirs(const std::string& specDir)
{
    std::vector<std::string> dirs;
    auto add = [&](const std::string& d) {
        if (d.empty()) return;
        std::error_code ec;
        auto p = fs::weakly_canonical(fs::path(d), ec);
        const std::string s = ec ? d : p.string();
        for (const auto& e : dirs)
            if (e == s) return;
        dirs.push_back(s);
    };
    add(specDir);
    if (const char* env = std::getenv("MTLX_DATA_DIR")) add(env);
    add(userDataDir());
    add("/usr/share/datasets");
    return dirs;
}

namespace {

std::vector<std::string> candidates(const std::string& specDir, const DataSource& source, const std::string& fileName)
{
    std::vector<std::string> names{fileName};
    const std::string gz = ".gz";
    if (fileName.size() > gz.size() && fileName.compare(fileName.size() - gz.size(), gz.size(), gz) == 0)
        names.push_back(fileName.substr(0, fileName.size() - gz.size()));
    std::vector<std::string> paths;
    for (const auto& dir : dataSearchDirs(specDir)) {
        std::vector<std::string> folders;
        for (const auto& sub : source.subdirs)
            folders.push_back(dir + "/" + sub);
        folders.push_back(dir);
        for (const auto& folder : folders)
            for (const auto& name : names)
                paths.push_back(folder + "/" + name);
    }
    return paths;
}

} // namespace

std::string findOptionalDataFile(const std::string& specDir, const DataSource& source, const std::string& fileName)
{
    for (const auto& p : candidates(specDir, source, fileName)) {
        std::error_code ec;
        const auto link = fs::symlink_status(p, ec);
        if (!fs::exists(link)) continue;
        // Something is there: it is the file, or an error. Taking the next folder's file
        // instead would mix data from two places.
        const auto target = fs::status(p, ec);
        if (fs::is_regular_file(target)) return p;
        const std::string what = !fs::exists(target)        ? "a broken symbolic link"
                                 : fs::is_directory(target) ? "a folder"
                                                            : "not a regular file (a pipe or device)";
        throw InputError(p + ": is " + what + ", where the data file " + fileName + " was expected");
    }
    return {};
}

std::string findDataFile(const std::string& specDir, const DataSource& source, const std::string& fileName)
{
    auto found = findOptionalDataFile(specDir, source, fileName);
    if (!found.empty()) return found;
    std::string tried;
    for (const auto& dir : dataSearchDirs(specDir))
        tried += (tried.empty() ? "" : ", ") + dir;
    std::string subs;
    for (const auto& s : source.subdirs)
        subs += (subs.empty() ? "" : " or ") + s + "/";
    throw InputError(source.title + ": " + fileName + " not found in " + tried +
                     (subs.empty() ? "" : " (each folder itself and " + subs + " in it)") + ". " + source.obtain +
                     " Set dataset.data_dir, --data-dir or MTLX_DATA_DIR to its folder.");
}

std::uint64_t memoryReadLimit()
{
    const auto available = availableMemoryBytes();
    return available > 0 ? available / 2 : std::uint64_t{16} << 30;
}

namespace {

bool isGzip(const std::string& raw)
{
    return raw.size() >= 2 && static_cast<unsigned char>(raw[0]) == 0x1f && static_cast<unsigned char>(raw[1]) == 0x8b;
}

// The limit in bytes: the caller's, else memoryReadLimit().
std::uint64_t limitBytes(const ReadLimit& limit)
{
    return limit.bytes > 0 ? limit.bytes : memoryReadLimit();
}

std::string tooLarge(const std::string& path, const std::string& verb, const ReadLimit& limit)
{
    const std::string why = limit.why.empty() ? "the limit is half the memory available" : limit.why;
    return path + ": " + verb + " more than " + formatBytes(static_cast<double>(limitBytes(limit))) + " (" + why +
           "); is it really a data file?";
}

// Inflates gzip members (windowBits 15 + 32 detects the header; concatenated members are allowed,
// as gunzip allows them) until the input ends or `maxOut` bytes came out. With `prefixOnly` it
// stops quietly there; otherwise content past `maxOut` is `overflow` (an InputError) and a cut or
// corrupt stream an InputError naming the file. Memory stays within maxOut + one buffer.
std::string inflateGzip(const std::string& raw, const std::string& path, std::uint64_t maxOut, bool prefixOnly,
                        const std::string& overflow)
{
    std::string out;
    out.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(maxOut, raw.size() * std::uint64_t{4})));
    z_stream z{};
    if (inflateInit2(&z, 15 + 32) != Z_OK) throw InputError(path + ": cannot start gzip decompression");
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
    z.avail_in = static_cast<uInt>(raw.size());
    char buffer[1 << 16];
    int rc = Z_OK;
    while (true) {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        // Never more than one byte past the limit: enough to know the content goes on.
        z.avail_out = static_cast<uInt>(std::min<std::uint64_t>(sizeof buffer, maxOut + 1 - out.size()));
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(buffer, static_cast<std::size_t>(reinterpret_cast<char*>(z.next_out) - buffer));
        if (out.size() > maxOut || (prefixOnly && out.size() >= maxOut)) {
            inflateEnd(&z);
            if (prefixOnly) return out.substr(0, static_cast<std::size_t>(maxOut));
            throw InputError(overflow);
        }
        if (rc == Z_STREAM_END) {
            if (z.avail_in == 0) break;
            inflateReset(&z); // another gzip member follows
            continue;
        }
        if (rc != Z_OK) break;
        if (z.avail_in == 0 && z.avail_out != 0) {
            rc = Z_BUF_ERROR; // input ended inside the stream
            break;
        }
    }
    const std::string message = z.msg ? z.msg : "";
    inflateEnd(&z);
    if (rc != Z_STREAM_END && !prefixOnly) {
        throw InputError(path + ": " +
                         (rc == Z_BUF_ERROR
                              ? std::string("truncated gzip data (the file ends inside the stream after ") +
                                    std::to_string(out.size()) + " bytes)"
                              : "corrupt gzip data (" + message + ")"));
    }
    return out;
}

// Up to `bytes` bytes of the file as stored; InputError when it cannot be opened or read, and
// `tooLargeError` (unless empty) when the file holds more than `bytes`.
std::string readRaw(const std::string& path, std::uint64_t bytes, const std::string& tooLargeError)
{
    std::error_code ec;
    // A pipe or device has no size and may never end: only regular files are read.
    if (fs::exists(path, ec) && !fs::is_regular_file(path, ec))
        throw InputError(path + ": is not a regular file (a pipe or device)");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot open the file");
    const auto size = fs::file_size(path, ec);
    // The stored bytes must fit too (a plain file larger than the limit is refused unread).
    if (!ec && size > bytes && !tooLargeError.empty()) throw InputError(tooLargeError);
    std::string raw(static_cast<std::size_t>(ec ? bytes : std::min<std::uint64_t>(size, bytes)), '\0');
    in.read(raw.data(), static_cast<std::streamsize>(raw.size()));
    raw.resize(static_cast<std::size_t>(in.gcount()));
    if (in.bad()) throw InputError(path + ": cannot read the file");
    return raw;
}

} // namespace

std::string readDataFile(const std::string& path, const ReadLimit& limit)
{
    // Stored bytes may exceed the limit by gzip's overhead on incompressible data (a few bytes per
    // 16 KiB block and a header); decompressData checks a plain file's size exactly.
    const std::uint64_t bytes = limitBytes(limit);
    return decompressData(readRaw(path, bytes + bytes / 64 + 4096, tooLarge(path, "holds", limit)), path, limit);
}

std::string readDataPrefix(const std::string& path, std::size_t bytes)
{
    // 1 MiB of compressed input is more than any header needs.
    const std::string raw = readRaw(path, std::max<std::uint64_t>(bytes, 1 << 20), "");
    if (!isGzip(raw)) return raw.substr(0, std::min(raw.size(), bytes));
    return inflateGzip(raw, path, bytes, true, "");
}

std::string decompressData(const std::string& raw, const std::string& path, const ReadLimit& limit)
{
    if (!isGzip(raw)) {
        if (raw.size() > limitBytes(limit)) throw InputError(tooLarge(path, "holds", limit));
        return raw;
    }
    return inflateGzip(raw, path, limitBytes(limit), false, tooLarge(path, "decompresses to", limit));
}

FileStamp fileStamp(const std::string& path)
{
    std::error_code ec;
    FileStamp s;
    s.size = fs::file_size(path, ec);
    if (ec) throw InputError(path + ": " + ec.message());
    s.mtime = fs::last_write_time(path, ec).time_since_epoch().count();
    if (ec) throw InputError(path + ": " + ec.message());
    return s;
}

std::string dataCacheDir()
{
    std::string dir;
    if (const char* c = std::getenv("MTLX_CACHE_DIR"); c && *c)
        dir = c;
    else if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x)
        dir = std::string(x) + "/mtlx";
    else if (const char* h = std::getenv("HOME"); h && *h)
        dir = std::string(h) + "/.cache/mtlx";
    if (dir.empty()) return {};
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return {};
    return dir;
}

} // namespace mtlx
