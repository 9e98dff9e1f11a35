#pragma once
// IDX files (MNIST's format): a big-endian header — magic 0x0000080N for N dimensions of
// unsigned bytes — then the sizes and the bytes. Torch-free, so that the fuzzers reach it.
#include <cstdint>
#include <string>
#include <vector>

namespace mtlx {

struct IdxArray {
    std::vector<std::int64_t> dims;
    std::string bytes;
};
// Checks magic, dimensions and length against each other; InputError naming `path` otherwise.
IdxArray parseIdx(const std::string& content, const std::string& path, int expectedDims);
// The file (gzipped or plain) parsed.
IdxArray readIdx(const std::string& path, int expectedDims);

} // namespace mtlx
