#include "core/spec/arguments.h"

#include <algorithm>

#include "core/spec/presets.h"
#include "core/spec/schema.h"
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
    else if (arg == "--set")
        a.settings.push_back(value());
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
    return applySettings(applyOverrides(base, a.overrides), a.settings);
}

namespace {

using Setting = std::pair<std::string, nlohmann::json>; // PATH, VALUE

// "PATH=VALUE" read: PATH a spec field, VALUE JSON or a bare word (a string).
Setting parseSetting(const std::string& setting, const std::vector<std::string>& fields)
{
    const auto eq = setting.find('=');
    if (eq == std::string::npos || eq == 0)
        throw UsageError("--set: '" + setting + "' is not PATH=VALUE (e.g. training.weight_decay=0.01)");
    const std::string path = setting.substr(0, eq), text = setting.substr(eq + 1);
    if (std::find(fields.begin(), fields.end(), path) == fields.end()) {
        const auto guess = closestWord(path, fields);
        throw UsageError("--set: '" + path + "' is not a spec field" +
                         (guess.empty() ? "" : "; did you mean '" + guess + "'?") + " (docs/spec.md lists them)");
    }
    try {
        return {path, nlohmann::json::parse(text)};
    } catch (const nlohmann::json::exception&) {
        return {path, nlohmann::json(text)};
    }
}

// The JSON object at a dotted path's parent, made where missing ("training.x" → j["training"]),
// and the path's last key.
std::pair<nlohmann::json*, std::string> parentOf(nlohmann::json& j, const std::string& path)
{
    nlohmann::json* at = &j;
    std::size_t from = 0;
    for (auto dot = path.find('.'); dot != std::string::npos; from = dot + 1, dot = path.find('.', from))
        at = &(*at)[path.substr(from, dot - from)]; // sections are objects in every spec experimentToJson writes
    return {at, path.substr(from)};
}

// Stores one setting on `s` as the editor stores an edit: a switch of data set or architecture
// through its field's edit() (which keeps what still fits), a value equal to the present one left
// alone. A value refused here is left for the final read, which names it. False when it must wait
// for the others: its field does not apply to `s` yet, or its edit refuses `s` as it stands (an
// architecture switch checks the whole spec, which later settings may still mend); on the `last`
// try the edit's refusal stands.
bool store(ExperimentSpec& s, const Setting& setting, bool last)
{
    const SpecField* f = findField(setting.first, s);
    if (!f) return false;
    if (f->kind == FieldKind::Records) return true; // read by the final read
    nlohmann::json value;
    try {
        value = checkValue(*f, setting.second, setting.first, s);
    } catch (const InputError&) {
        return true; // the final read names it
    }
    if (value == f->get(s)) return true;
    try {
        (f->edit ? f->edit : f->set)(s, value);
    } catch (const InputError&) {
        if (last) throw;
        return false;
    }
    return true;
}

// The settings stored in order; one that must wait (store) after the others.
ExperimentSpec settingsApplied(ExperimentSpec s, const std::vector<Setting>& settings)
{
    std::vector<const Setting*> later;
    for (const auto& setting : settings)
        if (!store(s, setting, false)) later.push_back(&setting);
    for (const auto* setting : later)
        store(s, *setting, true);
    return s;
}

} // namespace

ExperimentSpec applySettings(const ExperimentSpec& spec, const std::vector<std::string>& settings)
{
    if (settings.empty()) return spec;
    std::vector<std::string> fields;
    for (const auto& f : specSchema())
        fields.push_back(f.path);
    std::vector<Setting> parsed;
    for (const auto& setting : settings)
        parsed.push_back(parseSetting(setting, fields));
    // The spec as the editor would leave it (the fields of a method, architecture or data set
    // switched away from are not written), then every setting as given, so that the final read
    // checks them all together and names a bad or misplaced one (a field of a method not chosen).
    nlohmann::json j = experimentToJson(settingsApplied(spec, parsed));
    for (const auto& [path, value] : parsed) {
        auto [parent, key] = parentOf(j, path);
        (*parent)[key] = value;
    }
    return experimentFromJson(j); // every value checked again; errors name the field
}

ExperimentSpec specFromArguments(const std::vector<std::string>& args, const std::string& fallbackPreset)
{
    SpecArguments a;
    for (std::size_t i = 0; i < args.size(); ++i)
        if (!takeSpecArgument(args, i, a)) throw UsageError("unknown option '" + args[i] + "'");
    return resolveSpec(a, fallbackPreset);
}

} // namespace mtlx
