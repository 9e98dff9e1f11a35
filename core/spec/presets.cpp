#include "core/spec/presets.h"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "core/spec/jsonreader.h"
#include "core/spec/specerror.h"

namespace mtlx::resources {
struct EmbeddedPreset {
    const char* name;
    const char* json;
};
extern const EmbeddedPreset kEmbeddedPresets[];
extern const std::size_t kEmbeddedPresetCount;
} // namespace mtlx::resources

namespace mtlx {
namespace {

using nlohmann::json;

// Every preset as JSON: the files of resources/presets/ and the families generated from them.
std::vector<std::pair<std::string, json>> buildPresets()
{
    std::vector<std::pair<std::string, json>> all;
    for (std::size_t i = 0; i < resources::kEmbeddedPresetCount; ++i) {
        const auto& p = resources::kEmbeddedPresets[i];
        all.emplace_back(p.name, json::parse(p.json));
    }
    // Small heads Fig. 1: the sine task with towers of 0 … 9 hidden layers of 100, without and
    // with the linear small head, as Pareto sweeps (11 task weights × 3 seeds).
    const auto base =
        std::find_if(all.begin(), all.end(), [](const auto& p) { return p.first == "sine-shared-bottom"; });
    if (base != all.end()) {
        const json sine = base->second;
        for (int depth = 0; depth <= 9; ++depth) {
            for (const bool heads : {false, true}) {
                json j = sine;
                const std::string name = "sine-towers" + std::to_string(depth) + (heads ? "-small-heads" : "");
                j["name"] = name;
                j["description"] = std::string(heads ? "Small heads Fig. 1b/1c: " : "Small heads Fig. 1a: ") +
                                   "the sine task with towers of " + std::to_string(depth) + " x 100" +
                                   (heads ? " and the linear small head" : "") +
                                   "; a sweep of 11 task weights x 3 seeds";
                j["model"]["towers"] = std::vector<int>(static_cast<std::size_t>(depth), 100);
                j["heads"] = heads ? json{{"kind", "linear"}} : json{{"kind", "none"}};
                j["sweep"] = json{{"points", 11}, {"seeds", 3}};
                all.emplace_back(name, j);
            }
        }
    }
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return all;
}

// Older names that scripts use, and the preset each now stands for.
const std::vector<std::pair<std::string, std::string>>& aliases()
{
    static const std::vector<std::pair<std::string, std::string>> a{
        {"census-adatt", "census-6-adatt"},
        {"census-ml-mmoe", "census-6-ml-mmoe"},
        {"census-ple", "census-6-ple"},
        {"multifashion-lenet", "multifashion-large"},
        {"multifashion-lenet-heads", "multifashion-large-heads"},
        {"multimnist-lenet", "multimnist-large"},
        {"multimnist-lenet-heads", "multimnist-large-heads"}};
    return a;
}

std::string aliasTarget(const std::string& name)
{
    for (const auto& [alias, target] : aliases())
        if (alias == name) return target;
    return {};
}

const std::vector<std::pair<std::string, json>>& allPresets()
{
    static const auto presets = buildPresets();
    return presets;
}

} // namespace

std::vector<PresetInfo> presetList()
{
    std::vector<PresetInfo> list;
    for (const auto& [name, j] : allPresets())
        list.push_back({name, presetSpec(name).description, {}});
    for (const auto& [alias, target] : aliases())
        list.push_back({alias, "the same as " + target + " (an older name)", target});
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return list;
}

ExperimentSpec presetSpec(const std::string& name)
{
    if (const auto target = aliasTarget(name); !target.empty()) {
        auto spec = presetSpec(target);
        spec.name = name;
        return spec;
    }
    std::vector<std::string> names;
    for (const auto& [preset, j] : allPresets()) {
        if (name == preset) {
            try {
                return experimentFromJson(j);
            } catch (const std::exception& e) {
                // A broken built-in preset is a build defect; the preset tests catch it.
                throw InputError("preset '" + name + "' is invalid: " + e.what());
            }
        }
        names.push_back(preset);
    }
    for (const auto& [alias, target] : aliases())
        names.push_back(alias);
    const auto guess = closestWord(name, names);
    if (!guess.empty())
        throw InputError("unknown preset '" + name + "'; did you mean '" + guess + "'? (mtlx-cli presets lists them)");
    throw InputError("unknown preset '" + name + "' (known: " + joinWords(names) + ")");
}

} // namespace mtlx
