#include "core/spec/differences.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "core/spec/text.h"

namespace mtlx {
namespace {

// Every leaf of a spec's JSON by its dotted path, as text.
void flatten(const nlohmann::json& j, const std::string& path, std::map<std::string, std::string>& out)
{
    if (j.is_object()) {
        for (const auto& [key, value] : j.items())
            flatten(value, path.empty() ? key : path + "." + key, out);
        return;
    }
    if (j.is_number_float()) {
        out[path] = formatNumber(j.get<double>(), 3);
        return;
    }
    if (j.is_string()) {
        out[path] = j.get<std::string>();
        return;
    }
    if (j.is_array()) {
        std::vector<std::string> items;
        for (const auto& item : j)
            items.push_back(item.is_number_float() ? formatNumber(item.get<double>(), 2) : item.dump());
        out[path] = "(" + joinWords(items) + ")";
        return;
    }
    out[path] = j.dump();
}

// The fields people recognise, in the order labels give them, with the text before the value.
const std::vector<std::pair<std::string, std::string>>& knownFields()
{
    static const std::vector<std::pair<std::string, std::string>> fields = {{"model.arch", ""},
                                                                            {"dataset.correlation", "ρ = "},
                                                                            {"heads.kind", "heads: "},
                                                                            {"training.weighting", "weighting: "},
                                                                            {"training.task_weights", "w = "},
                                                                            {"training.seed", "seed "},
                                                                            {"training.lr", "lr "},
                                                                            {"training.epochs", "epochs "},
                                                                            {"dataset.limit_train", "train rows "},
                                                                            {"heads.gamma", "γ = "},
                                                                            {"heads.temperature", "τ = "}};
    return fields;
}

std::string prefixOf(const std::string& path)
{
    for (const auto& [field, prefix] : knownFields())
        if (field == path) return prefix;
    const auto leaf = path.substr(path.rfind('.') + 1);
    return leaf + " ";
}

} // namespace

SpecFields specFields(const ExperimentSpec& spec)
{
    SpecFields fields;
    flatten(experimentToJson(spec), "", fields);
    return fields;
}

std::vector<std::string> differenceLabels(const std::vector<ExperimentSpec>& specs, std::size_t limit)
{
    std::vector<SpecFields> fields;
    std::vector<const SpecFields*> pointers;
    for (const auto& s : specs)
        fields.push_back(specFields(s));
    for (const auto& f : fields)
        pointers.push_back(&f);
    return differenceLabels(pointers, limit);
}

std::vector<std::string> differenceLabels(const std::vector<const SpecFields*>& flat, std::size_t limit)
{
    auto valueOf = [](const SpecFields* f, const std::string& path) {
        const auto it = f->find(path);
        return it == f->end() ? std::string("–") : it->second;
    };
    std::vector<std::string> differing; // paths, best-known first
    auto differs = [&](const std::string& path) {
        for (std::size_t i = 1; i < flat.size(); ++i)
            if (valueOf(flat[i], path) != valueOf(flat[0], path)) return true;
        return false;
    };
    for (const auto& field : knownFields())
        if (differs(field.first)) differing.push_back(field.first);
    SpecFields all;
    for (const auto* f : flat)
        all.insert(f->begin(), f->end());
    for (const auto& entry : all) {
        const auto& path = entry.first;
        if (path == "name" || path == "description" ||
            std::find(differing.begin(), differing.end(), path) != differing.end())
            continue;
        if (differs(path)) differing.push_back(path);
    }
    if (differing.size() > limit) differing.resize(limit);
    std::vector<std::string> labels;
    for (const auto* f : flat) {
        std::vector<std::string> parts;
        for (const auto& path : differing)
            parts.push_back(prefixOf(path) + valueOf(f, path));
        labels.push_back(joinWords(parts));
    }
    return labels;
}

} // namespace mtlx
