#pragma once
// What every fuzzer asserts besides "no crash, no sanitizer report": bad input is an InputError
// whose message is one line. Anything else escaping is a finding (libFuzzer reports the abort).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/spec/specerror.h"

namespace mtlx::fuzz {

template <typename F> void expectInputErrorsOnly(F&& body)
{
    try {
        body();
    } catch (const InputError& e) {
        if (std::string(e.what()).find('\n') != std::string::npos) {
            std::fprintf(stderr, "a multi-line error message: %s\n", e.what());
            std::abort();
        }
    }
}

inline std::string text(const unsigned char* data, std::size_t size)
{
    return std::string(reinterpret_cast<const char*>(data), size);
}

} // namespace mtlx::fuzz
