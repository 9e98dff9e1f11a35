// The parse cache's table bytes (what follows a verified checksum): sizes inside are checked
// against the bytes before anything is allocated, and what loads is a well-formed table.
#include "core/engine/data/table.h"
#include "tests/fuzz/fuzzcheck.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size)
{
    mtlx::Table t;
    if (!mtlx::tableFromCacheBytes(mtlx::fuzz::text(data, size), t)) return 0;
    for (std::size_t c = 0; c < t.columns(); ++c)
        for (auto code : t.codes[c])
            if (code < 0 || static_cast<std::size_t>(code) >= t.dict[c].size()) std::abort();
    if (t.lines.size() != static_cast<std::size_t>(t.rows)) std::abort();
    return 0;
}
