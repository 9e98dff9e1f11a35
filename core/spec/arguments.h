#pragma once
// The arguments every program that runs a spec takes (docs/cli.md): the spec as a file or a
// preset, and the overrides that change it before it runs. mtlx-cli's commands add flags of their
// own; the desktop program takes these as they are.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/spec/spec.h"
#include "core/spec/specerror.h"

namespace mtlx {

// A bad command line: the message names the flag or argument (exit 2 like every InputError).
class UsageError : public InputError {
public:
    using InputError::InputError;
};

struct SpecArguments {
    std::string specPath, preset; // one of the two
    Overrides overrides;
    std::vector<std::string> settings; // --set PATH=VALUE, in order, applied after the overrides
};

// --set PATH=VALUE on a spec: PATH a field of docs/spec.md ("training.weight_decay"), VALUE JSON (a
// bare word is a string). The result is validated like a spec file, so a bad value names its field;
// an unknown PATH is a UsageError with the closest field ("did you mean …").
ExperimentSpec applySettings(const ExperimentSpec& spec, const std::vector<std::string>& settings);

// `text` as an integer flag value in [min, max]; UsageError naming the flag otherwise.
std::int64_t parseIntegerFlag(const std::string& flag, const std::string& text, std::int64_t min,
                              std::int64_t max = std::numeric_limits<std::int32_t>::max());

// If args[i] is SPEC.json, --preset or an override, takes it (and its value: i moves on) into
// `a` and returns true; false leaves args[i] to the caller. UsageError for a missing value.
bool takeSpecArgument(const std::vector<std::string>& args, std::size_t& i, SpecArguments& a);

// The spec the arguments name with the overrides applied. Without a file or preset,
// `fallbackPreset` ("" makes that an error). Throws InputError with a one-line message.
ExperimentSpec resolveSpec(const SpecArguments& a, const std::string& fallbackPreset = "");

// The whole command line of a program that takes only spec arguments (the desktop program's,
// once its own flags are removed).
ExperimentSpec specFromArguments(const std::vector<std::string>& args, const std::string& fallbackPreset);

} // namespace mtlx
