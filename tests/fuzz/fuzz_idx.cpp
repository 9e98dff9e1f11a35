// The IDX reader: a header that promises more (or less) than the bytes hold is refused.
#include "core/engine/data/idx.h"
#include "tests/fuzz/fuzzcheck.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size)
{
    for (int dims : {1, 3})
        mtlx::fuzz::expectInputErrorsOnly([&] {
            const auto a = mtlx::parseIdx(mtlx::fuzz::text(data, size), "fuzz.idx", dims);
            std::size_t total = 1;
            for (auto d : a.dims)
                total *= static_cast<std::size_t>(d);
            if (a.dims.size() != static_cast<std::size_t>(dims) || a.bytes.size() != total) std::abort();
        });
    return 0;
}
