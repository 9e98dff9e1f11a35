#include "core/engine/data/datafiles.h"

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

std::string readDataFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot open the file");
    const std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return decompressData(raw, path);
}

std::string decompressData(const std::string& raw, const std::string& path, std::uint64_t limit)
{
    if (raw.size() < 2 || static_cast<unsigned char>(raw[0]) != 0x1f || static_cast<unsigned char>(raw[1]) != 0x8b)
        return raw;
    // gzip: inflate with zlib (windowBits 15 + 32 = detect the gzip header). Concatenated
    // members are allowed, as gunzip allows them.
    std::string out;
    out.reserve(raw.size() * 4);
    // A gzip bomb stops here: nothing decompresses to more than half the memory there is.
    if (limit == 0) {
        const auto available = availableMemoryBytes();
        limit = available > 0 ? available / 2 : std::uint64_t{16} << 30;
    }
    z_stream z{};
    if (inflateInit2(&z, 15 + 32) != Z_OK) throw InputError(path + ": cannot start gzip decompression");
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
    z.avail_in = static_cast<uInt>(raw.size());
    char buffer[1 << 16];
    int rc = Z_OK;
    while (true) {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - z.avail_out);
        if (out.size() > limit) {
            inflateEnd(&z);
            throw InputError(path + ": decompresses to more than " + formatBytes(static_cast<double>(limit)) +
                             " (the limit is half the memory available); is it really a data file?");
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
    if (rc != Z_STREAM_END) {
        throw InputError(path + ": " +
                         (rc == Z_BUF_ERROR
                              ? std::string("truncated gzip data (the file ends inside the stream after ") +
                                    std::to_string(out.size()) + " bytes)"
                              : "corrupt gzip data (" + message + ")"));
    }
    return out;
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
