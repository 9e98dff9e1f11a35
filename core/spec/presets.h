#pragma once
// The built-in presets: complete experiment specs compiled in from resources/presets/*.json.
#include <string>
#include <vector>

#include "core/spec/spec.h"

namespace mtlx {

struct PresetInfo {
    std::string name;
    std::string description;
    std::string aliasOf; // non-empty: an older name kept for scripts; the spec is that preset's
};

std::vector<PresetInfo> presetList(); // sorted by name
// The preset's spec with every default filled in. Throws InputError listing the known names.
ExperimentSpec presetSpec(const std::string& name);

} // namespace mtlx
