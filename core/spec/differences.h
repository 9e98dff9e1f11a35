#pragma once
// What tells runs apart: for runs shown together (the Runs panel, every legend), the spec
// fields in which each differs from the others, by short names ("ρ = 0.9, heads: linear,
// w = 0.3"), so that two runs of one preset never carry the same label.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/spec/spec.h"

namespace mtlx {

// For each spec, its values of the fields that are not the same in all `specs` (name and
// description aside), the best-known first (architecture, ρ, heads, weighting, task weights,
// seed), at most `limit` of them, joined by ", "; "" for every spec when they are all alike.
std::vector<std::string> differenceLabels(const std::vector<ExperimentSpec>& specs, std::size_t limit = 3);

// Every field of a spec by its JSON path, as the labels show its value: computed once per run
// where labels are redone often (the Runs panel, as a sweep's runs arrive).
using SpecFields = std::map<std::string, std::string>;
SpecFields specFields(const ExperimentSpec& spec);
std::vector<std::string> differenceLabels(const std::vector<const SpecFields*>& specs, std::size_t limit = 3);

} // namespace mtlx
