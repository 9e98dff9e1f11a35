#pragma once
// Where data files are found (docs/data.md, "Where files are looked for") and how they are read.
//
// A data set's files are looked for, in this order, in: the spec's `dataset.data_dir` (also
// set by --data-dir), $MTLX_DATA_DIR, the user's data folder ($XDG_DATA_HOME/mtlx/data, else
// ~/.local/share/mtlx/data), and /usr/share/datasets (Debian's data set packages). In each folder the
// data set's own sub-folders are tried first ("fashion-mnist", "census-income-kdd", …), then the
// folder itself; a name "x.gz" also matches an uncompressed "x". A file found nowhere is an
// InputError that lists every place tried and where the data can be obtained.
#include <cstdint>
#include <string>
#include <vector>

namespace mtlx {

struct DataSource {
    std::string title;                // "Fashion-MNIST", shown in errors
    std::vector<std::string> subdirs; // tried inside every search folder
    std::string obtain;               // one sentence: where to get it
};

// The user's data folder: $XDG_DATA_HOME/mtlx/data, else ~/.local/share/mtlx/data ("" without HOME).
std::string userDataDir();
// The user's folder `sub` of the program (XDG_DATA_HOME/mtlx/SUB or ~/.local/share/mtlx/SUB):
// "data", "runs" (mtlx-cli train without --out, the desktop's autosaved runs), "reproductions".
// "" when neither variable is set.
std::string userFolder(const std::string& sub);
std::vector<std::string> dataSearchDirs(const std::string& specDir);
// A new, empty folder base/YYYYMMDD-HHMMSS-NAME for one run (local time; characters of `name`
// other than letters, digits, '-' and '_' become '-'; "run" when empty), "-2", "-3", … appended
// while the name is taken. Created here, so two runs finishing in the same second never share
// it. Throws InputError naming the folder when it cannot be created.
std::string newRunFolder(const std::string& base, const std::string& name);

// The path of `fileName` (or its uncompressed name when it ends in .gz).
std::string findDataFile(const std::string& specDir, const DataSource& source, const std::string& fileName);
// Like findDataFile, but returns "" when the file is nowhere (optional side files).
std::string findOptionalDataFile(const std::string& specDir, const DataSource& source, const std::string& fileName);

// What a data file may hold without a limit of its own: half the memory available (16 GiB where
// that is unknown).
std::uint64_t memoryReadLimit();

// How much a file may hold once decompressed: `bytes` (0: half the memory available) and, for
// the error, why ("the IDX header promises 10008 bytes"; "" names the memory rule).
struct ReadLimit {
    std::uint64_t bytes = 0;
    std::string why;
};

// The whole content of a file, gunzipped when it is gzip-compressed (by its magic bytes).
// A truncated or corrupt gzip stream is an InputError naming the file, and so is content past
// `limit`: inflating stops as soon as it passes the limit, so a gzip bomb costs no more memory
// than the limit. A plain file larger than the limit is refused before it is read.
std::string readDataFile(const std::string& path, const ReadLimit& limit = {});
// At most the first `bytes` of a file's (decompressed) content, without an error when there are
// more: readers look at a header first to know how much the rest may hold.
std::string readDataPrefix(const std::string& path, std::size_t bytes);
// The same for bytes already read (`path` names them in errors): gunzipped when they start with
// gzip's magic bytes, else as they are.
std::string decompressData(const std::string& raw, const std::string& path, const ReadLimit& limit = {});

// Size and modification time (ns) of a file, for cache invalidation; throws InputError.
struct FileStamp {
    std::uint64_t size = 0;
    std::int64_t mtime = 0;
};
FileStamp fileStamp(const std::string& path);

// The folder for cached parsed data: $MTLX_CACHE_DIR, else $XDG_CACHE_HOME/mtlx, else
// ~/.cache/mtlx. "" when none can be made (caching is then skipped).
std::string dataCacheDir();

} // namespace mtlx
