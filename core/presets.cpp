#include "core/presets.h"

#include <cstddef>

#include "core/jsonreader.h"
#include "core/specerror.h"

namespace mtlx::resources {
struct EmbeddedPreset {
    const char* name;
    const char* json;
};
extern const EmbeddedPreset kEmbeddedPresets[];
extern const std::size_t kEmbeddedPresetCount;
}  // namespace mtlx::resources

namespace mtlx {

std::vector<PresetInfo> presetList()
{
    std::vector<PresetInfo> list;
    for (std::size_t i = 0; i < resources::kEmbeddedPresetCount; ++i) {
        const auto& p = resources::kEmbeddedPresets[i];
        list.push_back({p.name, presetSpec(p.name).description});
    }
    return list;
}

ExperimentSpec presetSpec(const std::string& name)
{
    std::vector<std::string> names;
    for (std::size_t i = 0; i < resources::kEmbeddedPresetCount; ++i) {
        const auto& p = resources::kEmbeddedPresets[i];
        if (name == p.name) {
            try {
                return experimentFromJson(nlohmann::json::parse(p.json));
            } catch (const std::exception& e) {
                // A broken built-in preset is a build defect; the preset tests catch it.
                throw InputError("preset '" + name + "' is invalid: " + e.what());
            }
        }
        names.push_back(p.name);
    }
    throw InputError("unknown preset '" + name + "' (known: " + joinWords(names) + ")");
}

}  // namespace mtlx
