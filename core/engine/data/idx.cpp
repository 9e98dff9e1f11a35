#include "core/engine/data/idx.h"

#include <algorithm>
#include <cstdio>

#include "core/engine/data/datafiles.h"
#include "core/engine/memory.h"
#include "core/spec/specerror.h"

namespace mtlx {
namespace {

std::uint32_t bigEndian(const std::string& s, std::size_t at)
{
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) << 24) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3]));
}

} // namespace

IdxArray parseIdx(const std::string& content, const std::string& path, int expectedDims)
{
    if (content.size() < 4)
        throw InputError(path + ": too short for an IDX file (" + std::to_string(content.size()) + " bytes)");
    const auto magic = bigEndian(content, 0);
    const std::uint32_t expectedMagic = 0x0800u | static_cast<std::uint32_t>(expectedDims);
    if (magic != expectedMagic) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "bad IDX magic number 0x%08x (expected 0x%08x)", magic, expectedMagic);
        throw InputError(path + ": " + buf);
    }
    const std::size_t header = 4 + 4 * static_cast<std::size_t>(expectedDims);
    if (content.size() < header) throw InputError(path + ": the IDX header is cut off");
    IdxArray a;
    std::uint64_t total = 1;
    for (int i = 0; i < expectedDims; ++i) {
        const auto d = bigEndian(content, 4 + 4 * static_cast<std::size_t>(i));
        if (d == 0 || d > 100'000'000u) throw InputError(path + ": implausible IDX dimension " + std::to_string(d));
        // More than any file holds (2^48 bytes), refused before the product could wrap around.
        if (d > (std::uint64_t{1} << 48) / total)
            throw InputError(path + ": the IDX header promises more than 2^48 bytes of data");
        a.dims.push_back(d);
        total *= d;
    }
    const std::uint64_t have = content.size() - header;
    if (have != total)
        throw InputError(path + ": " + std::to_string(have) + " bytes of data, but the IDX header promises " +
                         std::to_string(total) + (have < total ? " (truncated file)" : " (trailing bytes)"));
    a.bytes = content.substr(header);
    return a;
}

IdxArray readIdx(const std::string& path, int expectedDims)
{
    // The header says how many bytes follow: no more than that is ever decompressed (a gzip bomb
    // behind a valid header is refused after a little more than the promised size).
    const std::size_t header = 4 + 4 * static_cast<std::size_t>(std::max(expectedDims, 0));
    const std::string prefix = readDataPrefix(path, header);
    if (prefix.size() < header || bigEndian(prefix, 0) != (0x0800u | static_cast<std::uint32_t>(expectedDims)))
        return parseIdx(prefix, path, expectedDims); // names what is wrong
    // The magic number and the dimensions are checked by parseIdx (each at most 10^8), so the
    // product is kept from overflowing by stopping once it passes what memory could hold.
    const auto available = availableMemoryBytes();
    const std::uint64_t memory = available > 0 ? available / 2 : std::uint64_t{16} << 30; // as readDataFile
    std::uint64_t total = 1;
    bool tooMuch = false;
    for (int i = 0; i < expectedDims && !tooMuch; ++i) {
        const auto d = bigEndian(prefix, 4 + 4 * static_cast<std::size_t>(i));
        if (d == 0 || d > 100'000'000u) return parseIdx(prefix, path, expectedDims); // names the dimension
        tooMuch = d > memory / total;                                                // before it could wrap
        total *= d;
    }
    if (tooMuch)
        throw InputError(path + ": the IDX header promises more than " + formatBytes(static_cast<double>(memory)) +
                         " of data (half the memory available)");
    const std::uint64_t promised = header + total;
    return parseIdx(readDataFile(path, {promised, "the IDX header promises " + std::to_string(promised) + " bytes"}),
                    path, expectedDims);
}

} // namespace mtlx
