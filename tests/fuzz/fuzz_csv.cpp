// The table reader on CSV with a header: every row it accepts has its columns, every code points into its
// column's values, and reading a column as numbers either works or names the line.
#include "core/engine/data/table.h"
#include "tests/fuzz/fuzzcheck.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size)
{
    mtlx::fuzz::expectInputErrorsOnly([&] {
        mtlx::TextFormat format;
        format.kind = mtlx::TextFormat::Kind::Csv;
        format.header = true;
        const auto t = mtlx::parseTable(mtlx::fuzz::text(data, size), "fuzz.txt", format);
        for (std::size_t c = 0; c < t.columns(); ++c) {
            if (t.codes[c].size() != static_cast<std::size_t>(t.rows)) std::abort();
            for (auto code : t.codes[c])
                if (code < 0 || static_cast<std::size_t>(code) >= t.dict[c].size()) std::abort();
        }
        for (std::size_t c = 0; c < t.columns(); ++c)
            mtlx::fuzz::expectInputErrorsOnly([&] { (void)t.numeric(c, "column"); });
    });
    return 0;
}
