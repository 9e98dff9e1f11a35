// gzip decompression: a truncated or corrupt stream is refused; a bomb stops at its limit.
#include "core/engine/data/datafiles.h"
#include "tests/fuzz/fuzzcheck.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size)
{
    mtlx::fuzz::expectInputErrorsOnly([&] { (void)mtlx::decompressData(mtlx::fuzz::text(data, size), "fuzz.gz"); });
    return 0;
}
