#include "core/spec/arguments.h"

#include "core/spec/presets.h"
#include "core/spec/text.h"

namespace mtlx {

std::int64_t parseIntegerFlag(const std::string& flag, const std::string& text, std::int64_t min, std::int64_t max)
{
    const auto v = parseWholeInteger(text);
    if (!v) throw UsageError(flag + ": '" + text + "' is not an integer");
    if (*v < min) throw UsageError(flag + ": must be ≥ " + std::to_string(min) + ", got " + text);
    if (*v > max) throw UsageError(flag + ": must be ≤ " + std::to_string(max) + ", got " + text);
    return *v;
}

bool takeSpecArgument(const std::vector<std::string>& args, std::size_t& i, SpecArguments& a)
{
    const std::string& arg = args[i];
    auto value = [&]() -> const std::string& {
        if (i + 1 >= args.size()) throw UsageError(arg + ": needs a value");
        return args[++i];
    };
    auto& o = a.overrides;
    if (arg == "--preset")
        a.preset = value();
    else if (arg == "--epochs")
        o.epochs = static_cast<int>(parseIntegerFlag(arg, value(), 1));
    else if (arg == "--limit-train")
        o.limitTrain = parseIntegerFlag(arg, value(), 1, std::numeric_limits<std::int64_t>::max());
    else if (arg == "--limit-test")
        o.limitTest = parseIntegerFlag(arg, value(), 1, std::numeric_limits<std::int64_t>::max());
    else if (arg == "--seed")
        o.seed = static_cast<std::uint64_t>(parseIntegerFlag(arg, value(), 0, 9'000'000'000'000'000));
    else if (arg == "--arch")
        o.arch = value();
    else if (arg == "--heads")
        o.heads = value();
    else if (arg == "--weighting")
        o.weighting = value();
    else if (arg == "--data-dir")
        o.dataDir = value();
    else if (arg.rfind("--", 0) == 0)
        return false;
    else if (a.specPath.empty())
        a.specPath = arg;
    else
        throw UsageError("unexpected argument '" + arg + "' (one spec file at most)");
    return true;
}

ExperimentSpec resolveSpec(const SpecArguments& a, const std::string& fallbackPreset)
{
    if (!a.specPath.empty() && !a.preset.empty()) throw UsageError("give either SPEC.json or --preset, not both");
    std::string preset = a.preset;
    if (a.specPath.empty() && preset.empty()) {
        if (fallbackPreset.empty()) throw UsageError("missing SPEC.json or --preset NAME");
        preset = fallbackPreset;
    }
    const ExperimentSpec base = preset.empty() ? loadExperimentFile(a.specPath) : presetSpec(preset);
    return applyOverrides(base, a.overrides);
}

ExperimentSpec specFromArguments(const std::vector<std::string>& args, const std::string& fallbackPreset)
{
    SpecArguments a;
    for (std::size_t i = 0; i < args.size(); ++i)
        if (!takeSpecArgument(args, i, a)) throw UsageError("unknown option '" + args[i] + "'");
    return resolveSpec(a, fallbackPreset);
}

} // namespace mtlx
