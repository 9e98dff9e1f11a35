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

// The header's length: the magic number and one 32-bit size per dimension.
std::size_t headerSize(int expectedDims)
{
    return 4 + 4 * static_cast<std::size_t>(std::max(expectedDims, 0));
}

// Checks the header at the start of `content` (magic number, dimensions) and returns how many data
// bytes it promises; `dims` gets the dimensions. InputError naming `path` otherwise.
std::uint64_t promisedBytes(const std::string& content, const std::string& path, int expectedDims,
                            std::vector<std::int64_t>& dims)
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
    if (content.size() < headerSize(expectedDims)) throw InputError(path + ": the IDX header is cut off");
    std::uint64_t total = 1;
    for (int i = 0; i < expectedDims; ++i) {
        const auto d = bigEndian(content, 4 + 4 * static_cast<std::size_t>(i));
        if (d == 0 || d > 100'000'000u) throw InputError(path + ": implausible IDX dimension " + std::to_string(d));
        // More than any file holds (2^48 bytes), refused before the product could wrap around.
        if (d > (std::uint64_t{1} << 48) / total)
            throw InputError(path + ": the IDX header promises more than 2^48 bytes of data");
        dims.push_back(d);
        total *= d;
    }
    return total;
}

} // namespace

IdxArray parseIdx(const std::string& content, const std::string& path, int expectedDims)
{
    IdxArray a;
    const std::uint64_t total = promisedBytes(content, path, expectedDims, a.dims);
    const std::size_t header = headerSize(expectedDims);
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
    const std::size_t header = headerSize(expectedDims);
    std::vector<std::int64_t> dims;
    const std::uint64_t promised = header + promisedBytes(readDataPrefix(path, header), path, expectedDims, dims);
    const std::uint64_t memory = memoryReadLimit();
    if (promised > memory)
        throw InputError(path + ": the IDX header promises more than " + formatBytes(static_cast<double>(memory)) +
                         " of data (half the memory available)");
    return parseIdx(readDataFile(path, {promised, "the IDX header promises " + std::to_string(promised) + " bytes"}),
                    path, expectedDims);
}

} // namespace mtlx
