// The spec parser: any bytes as a spec file. What it accepts must survive writing and reading
// back unchanged.
#include "core/spec/jsonreader.h"
#include "core/spec/spec.h"
#include "tests/fuzz/fuzzcheck.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size)
{
    mtlx::fuzz::expectInputErrorsOnly([&] {
        const auto spec = mtlx::experimentFromJson(mtlx::parseJsonText(mtlx::fuzz::text(data, size), "fuzz.json"));
        const auto written = mtlx::experimentToJson(spec);
        if (mtlx::experimentToJson(mtlx::experimentFromJson(written)) != written) std::abort();
    });
    return 0;
}
