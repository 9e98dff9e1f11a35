#include "core/spec/spec.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/spec/jsonreader.h"
#include "core/spec/pareto.h"
#include "core/spec/result.h"
#include "core/spec/schema.h"

namespace mtlx {

using nlohmann::json;

const std::vector<std::string>& datasetKinds()
{
    static const std::vector<std::string> k{"synthetic_sine", "synthetic_correlated",
                                            "multi_mnist",    "multi_fashion",
                                            "census_income",  "adult",
                                            "movielens",      "csv",
                                            "random"};
    return k;
}
const std::vector<std::string>& censusTaskKeys()
{
    static const std::vector<std::string> k{"education", "income", "never_married", "college"};
    return k;
}
bool actsOnSharedGradients(const std::string& weighting)
{
    static const std::vector<std::string> k{"gradnorm", "mgda_ub",     "pcgrad",  "cagrad",  "nash_mtl",
                                            "imtl",     "aligned_mtl", "gradvac", "graddrop"};
    return std::find(k.begin(), k.end(), weighting) != k.end();
}

const std::vector<std::string>& dwaVariantKeys()
{
    static const std::vector<std::string> k{"liu", "mmoeex"};
    return k;
}
const std::vector<std::string>& preferenceMethodKeys()
{
    static const std::vector<std::string> k{"none", "cosmos"};
    return k;
}
const std::vector<std::string>& preferenceInputKeys()
{
    static const std::vector<std::string> k{"dense", "channels"};
    return k;
}
const std::vector<std::string>& adultTaskKeys()
{
    static const std::vector<std::string> k{"income", "never_married"};
    return k;
}
bool isSyntheticKind(const std::string& kind)
{
    return kind == "synthetic_sine" || kind == "synthetic_correlated";
}
bool readsDataFiles(const std::string& kind)
{
    return !isSyntheticKind(kind) && kind != "random";
}
// Kinds whose examples are made up from the seed: the spec gives the split sizes and D.
bool isMultiImage(const std::string& kind)
{
    return kind == "multi_mnist" || kind == "multi_fashion";
}
const std::vector<std::string>& architectureKeys()
{
    static const std::vector<std::string> k{"single_task", "shared_bottom", "mmoe",     "ml_mmoe",
                                            "ple",         "cross_stitch",  "adatt_sp", "adatt"};
    return k;
}
const std::vector<std::string>& crossStitchInitKeys()
{
    static const std::vector<std::string> k{"identity", "random"};
    return k;
}

bool ModelSpec::gated() const
{
    return arch == "mmoe" || arch == "ml_mmoe" || arch == "ple" || arch == "adatt_sp" || arch == "adatt";
}
const std::vector<std::string>& headKinds()
{
    static const std::vector<std::string> k{"none", "linear", "pool", "bottleneck", "large", "pta"};
    return k;
}
const std::vector<std::string>& selectKeys()
{
    static const std::vector<std::string> k{"last", "best_validation"};
    return k;
}

const std::vector<std::string>& optimizerKeys()
{
    static const std::vector<std::string> k{"adam", "adamw", "sgd", "adagrad"};
    return k;
}
const std::vector<std::string>& weightingKeys()
{
    static const std::vector<std::string> k{"linear", "uncertainty", "gradnorm", "mgda_ub",  "pcgrad",
                                            "dwa",    "cagrad",      "nash_mtl", "imtl",     "rlw",
                                            "famo",   "aligned_mtl", "gradvac",  "graddrop", "gls"};
    return k;
}
const std::vector<std::string>& sweepMetricKeys()
{
    static const std::vector<std::string> k{"auto",  "loss", "mse", "rmse",    "accuracy",
                                            "error", "auc",  "ne",  "logloss", "cross_entropy"};
    return k;
}
const std::vector<std::string>& metricsOfKind(TaskKind kind)
{
    static const std::vector<std::string> binary{"loss", "auc", "accuracy", "ne", "logloss"};
    static const std::vector<std::string> multiclass{"loss", "accuracy", "error", "cross_entropy"};
    static const std::vector<std::string> regression{"loss", "mse", "rmse"};
    return kind == TaskKind::Binary ? binary : kind == TaskKind::Multiclass ? multiclass : regression;
}

std::string SweepSpec::resolvedMetric(TaskKind kind) const
{
    if (metric != "auto") return metric;
    return kind == TaskKind::Binary ? "auc" : kind == TaskKind::Multiclass ? "accuracy" : "mse";
}
const std::vector<std::string>& initKeys()
{
    static const std::vector<std::string> k{"torch", "glorot"};
    return k;
}
const std::vector<std::string>& activationKeys()
{
    static const std::vector<std::string> k{"relu", "tanh", "gelu", "silu"};
    return k;
}

std::string toString(TaskKind kind)
{
    switch (kind) {
    case TaskKind::Binary:
        return "binary";
    case TaskKind::Multiclass:
        return "multiclass";
    case TaskKind::Regression:
        return "regression";
    }
    return "regression";
}

DatasetSpec DatasetSpec::defaultsFor(const std::string& kind)
{
    DatasetSpec d;
    d.kind = kind;
    if (kind == "synthetic_correlated") {
        d.dim = 100;
        d.noise = 0.01;
    }
    if (kind == "random") {
        d.dim = 512;
        d.train = 20480;
        d.validation = 2048;
        d.test = 2048;
    }
    if (isMultiImage(kind)) d.test = 20000; // the small heads paper: 100,000 train / 20,000 test pairs
    // The AdaTT paper's framework's three tasks, in its order (sorted by name).
    if (kind == "census_income") d.taskNames = {"education", "income", "never_married"};
    if (kind == "adult") d.taskNames = adultTaskKeys();
    return d;
}

std::vector<TaskInfo> DatasetSpec::tasks() const
{
    if (isMultiImage(kind)) return {{"left", TaskKind::Multiclass, 10}, {"right", TaskKind::Multiclass, 10}};
    if (kind == "census_income" || kind == "adult") {
        std::vector<TaskInfo> t;
        for (const auto& name : taskNames)
            t.push_back({name, TaskKind::Binary, 0});
        return t;
    }
    if (kind == "movielens") return {{"watch", TaskKind::Binary, 0}, {"rating", TaskKind::Regression, 0}};
    if (kind == "random") {
        std::vector<TaskInfo> t;
        for (int i = 1; i <= binaryTasks; ++i)
            t.push_back({"task" + std::to_string(i), TaskKind::Binary, 0});
        return t;
    }
    if (kind == "csv") {
        std::vector<TaskInfo> t;
        for (const auto& c : csvTasks)
            t.push_back({c.column, c.kind, c.kind == TaskKind::Multiclass ? c.classes : 0});
        return t;
    }
    // Both synthetic kinds have two regression tasks.
    return {{"y1", TaskKind::Regression, 0}, {"y2", TaskKind::Regression, 0}};
}

TaskKind taskKindFromString(const std::string& kind)
{
    if (kind == "binary") return TaskKind::Binary;
    if (kind == "multiclass") return TaskKind::Multiclass;
    return TaskKind::Regression;
}

void to_json(nlohmann::json& j, const CsvTaskSpec& t)
{
    j = nlohmann::json{{"column", t.column}, {"kind", toString(t.kind)}};
    if (t.kind == TaskKind::Multiclass) j["classes"] = t.classes;
    if (t.kind == TaskKind::Binary) j["positive"] = t.positive;
}

void from_json(const nlohmann::json& j, CsvTaskSpec& t)
{
    t.column = j.value("column", "");
    t.kind = taskKindFromString(j.value("kind", "binary"));
    t.classes = j.value("classes", 0);
    t.positive = j.value("positive", "");
}

ModelSpec ModelSpec::defaultsFor(const std::string& arch)
{
    ModelSpec m;
    m.arch = arch;
    if (arch == "mmoe") m.expertDims = {{64}}; // one level
    return m;
}

std::vector<std::string> probeLayers(const ModelSpec& model, const std::vector<TaskInfo>& tasks)
{
    std::vector<std::string> layers{"auto"};
    if (model.arch == "shared_bottom") layers.push_back("shared"); // the only architecture with one h
    if (model.gated() || model.arch == "cross_stitch") layers.push_back("experts");
    for (const auto& t : tasks)
        layers.push_back(t.name);
    return layers;
}

std::vector<std::string> ExperimentSpec::sweepMetrics() const
{
    std::vector<std::string> metrics;
    for (const auto& t : tasks())
        metrics.push_back(sweep.resolvedMetric(t.kind));
    return metrics;
}

std::string resolvedProbeLayer(const ProbeSpec& probe, const ModelSpec& model, const std::vector<TaskInfo>& tasks)
{
    if (probe.layer != "auto") return probe.layer;
    const auto layers = probeLayers(model, tasks);
    return layers.size() > 1 ? layers[1] : "";
}

std::string probeLayerTitle(const std::string& layer)
{
    if (layer == "shared") return "shared layer h";
    if (layer == "experts") return "last-level expert outputs";
    return "tower input of " + layer;
}

namespace {

bool isEmpty(const json& v)
{
    return v.is_string() ? v.get<std::string>().empty() : v.empty();
}

// Reads one section's fields in schema order. The section's key field (dataset.kind,
// model.arch) comes first and its set() starts the section from that key's defaults.
// A field's key within its section may name a sub-object ("preference.method"): the reader of that
// object, made on first use, checks its keys like the section's own.
void readSection(const std::string& section, const json& value, ExperimentSpec& s)
{
    JsonReader r(value, section);
    std::map<std::string, JsonReader> objects;
    for (const auto& f : specSchema()) {
        if (f.section() != section || !f.appliesTo(s)) continue;
        JsonReader* reader = &r;
        std::string key = f.key();
        if (const auto dot = key.find('.'); dot != std::string::npos) {
            const std::string object = key.substr(0, dot);
            key = key.substr(dot + 1);
            auto it = objects.find(object);
            if (it == objects.end()) {
                static const json none = json::object();
                const json* v = r.child(object);
                it = objects.emplace(object, JsonReader(v ? *v : none, r.childPath(object))).first;
            }
            reader = &it->second;
        }
        const json* v = reader->child(key);
        const std::string path = reader->childPath(key);
        if (v && f.read)
            f.read(s, *v, path);
        else if (v)
            f.set(s, checkValue(f, *v, path, s));
        if (!f.emptyMessage.empty() && isEmpty(f.get(s))) throw SpecError(path, f.emptyMessage);
    }
    for (const auto& [object, reader] : objects)
        reader.finish();
    r.finish();
}

// What one field alone cannot tell.
void checkAcrossFields(ExperimentSpec& s)
{
    const auto& d = s.dataset;
    if ((d.kind == "movielens" || d.kind == "csv") && !(d.validationFraction + d.testFraction < 1))
        throw SpecError("dataset.test_fraction", "validation_fraction + test_fraction must be < 1");
    if (d.kind == "csv" && d.numeric.empty() && d.categorical.empty())
        throw SpecError("dataset.numeric", "name at least one feature column (numeric or categorical)");
    if (s.model.arch == "mmoe" && s.model.expertDims.size() != 1)
        throw SpecError("model.expert_dims", "mmoe has one level (got " + std::to_string(s.model.expertDims.size()) +
                                                 "); use ml_mmoe for several");
    auto& t = s.training;
    // The gradient methods act on the parameters that several tasks share.
    if (s.model.arch == "single_task" && actsOnSharedGradients(t.weighting))
        throw SpecError("training.weighting",
                        "'" + t.weighting + "' acts on shared parameters and single_task has none");
    const auto tasks = s.tasks();
    if (t.taskWeights.empty()) t.taskWeights.assign(tasks.size(), 1.0 / static_cast<double>(tasks.size()));
    if (t.taskWeights.size() != tasks.size())
        throw SpecError("training.task_weights", "has " + std::to_string(t.taskWeights.size()) + " weights for " +
                                                     std::to_string(tasks.size()) + " tasks");
    double sum = 0;
    for (double w : t.taskWeights)
        sum += w;
    if (!(sum > 0)) throw SpecError("training.task_weights", "must not all be zero");
    if (t.preference.conditioned() && tasks.size() < 2)
        throw SpecError("training.preference.method", "a preference between tasks needs two or more tasks (this data "
                                                      "set has " +
                                                          std::to_string(tasks.size()) + ")");
    // Each preference of the front is an evaluation of the test split after training.
    constexpr double kMaxFrontPoints = 5000;
    if (t.preference.conditioned() && simplexGridSize(tasks.size(), t.preference.frontPoints) > kMaxFrontPoints)
        throw SpecError("training.preference.front_points",
                        std::to_string(t.preference.frontPoints) + " points per edge over " +
                            std::to_string(tasks.size()) + " tasks make more than " +
                            std::to_string(static_cast<int>(kMaxFrontPoints)) + " preferences to evaluate");
    if (t.preference.conditioned() && t.weighting != "linear")
        throw SpecError("training.preference.method",
                        "'" + t.preference.method + "' weighs the tasks itself (Σ r_t L_t " +
                            "− λ cos(r, L)); set training.weighting to linear, not '" + t.weighting + "'");
    if (t.select == "best_validation" && t.reportLast > 1)
        throw SpecError("training.select", "best_validation reports one epoch's model, report_last " +
                                               std::to_string(t.reportLast) +
                                               " the mean of several: set report_last to 1 or select to last");
    for (const auto& task : tasks) {
        const auto& known = metricsOfKind(task.kind);
        if (t.selectMetric != "auto" && std::find(known.begin(), known.end(), t.selectMetric) == known.end())
            throw SpecError("training.select_metric", "'" + t.selectMetric + "' is not a metric of " +
                                                          toString(task.kind) + " task '" + task.name + "' (" +
                                                          joinWords(known) + ")");
        if (std::find(known.begin(), known.end(), s.sweep.resolvedMetric(task.kind)) == known.end())
            throw SpecError("sweep.metric", "'" + s.sweep.metric + "' is not a metric of " + toString(task.kind) +
                                                " task '" + task.name + "' (" + joinWords(known) + ")");
    }
}

} // namespace

ExperimentSpec experimentFromJson(const json& j)
{
    JsonReader top(j, "");
    ExperimentSpec s;
    for (const auto& f : specSchema()) {
        if (!f.section().empty()) continue;
        if (const json* v = top.child(f.key())) f.set(s, checkValue(f, *v, f.path, s));
    }
    static const json empty = json::object();
    for (const auto& [section, title] : specSections()) {
        const json* v = top.child(section);
        readSection(section, v ? *v : empty, s);
    }
    top.finish();
    checkAcrossFields(s);
    return s;
}

json experimentToJson(const ExperimentSpec& s)
{
    json j = json::object();
    for (const auto& [section, title] : specSections())
        j[section] = json::object();
    for (const auto& f : specSchema()) {
        if (!f.writtenFor(s)) continue;
        if (f.section().empty()) {
            j[f.key()] = f.get(s);
            continue;
        }
        json* at = &j[f.section()];
        std::string key = f.key();
        if (const auto dot = key.find('.'); dot != std::string::npos) {
            at = &(*at)[key.substr(0, dot)];
            key = key.substr(dot + 1);
        }
        (*at)[key] = f.get(s);
    }
    return j;
}

std::string configurationKey(const ExperimentSpec& spec)
{
    auto j = experimentToJson(spec);
    for (const char* key : {"name", "description", "sweep"})
        j.erase(key);
    for (const char* key : {"task_weights", "seed", "threads"})
        j["training"].erase(key);
    return j.dump();
}

namespace {

// What a file given where a spec belongs is, when it is one of the program's other files: a
// hint for the error, or "" for a spec (or anything else, whose reader names what is wrong).
std::string notASpec(const std::string& path, const json& j)
{
    if (isRunResult(j))
        return "a run's result.json, not a spec: its spec is the \"spec\" object inside (mtlx " + path +
               " opens the run)";
    if (j.is_object() && j.contains("frontier") && j.contains("points"))
        return "a sweep's frontier.json, not a spec: the sweep's spec is sweep.json beside it";
    return "";
}

} // namespace

ExperimentSpec loadExperimentFile(const std::string& path)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        const auto has = [&](const char* file) {
            return std::filesystem::exists(std::filesystem::path(path) / file, ec);
        };
        throw InputError(path + ": a folder, not a spec file" +
                         (has("sweep.json") ? std::string(" (a sweep folder: its spec is sweep.json; mtlx-cli compare "
                                                          "or mtlx with the folder shows its frontier)")
                          : has("result.json")
                              ? std::string(" (a run folder: mtlx " +
                                            (std::filesystem::path(path) / "result.json").string() + " opens the run)")
                              : std::string()));
    }
    // Read as a stream (a spec may come through a pipe: mtlx-cli train <(…)).
    std::ifstream in(path);
    if (!in) throw InputError(path + ": cannot open the spec file");
    std::stringstream text;
    text << in.rdbuf();
    const json j = parseJsonText(text.str(), path);
    if (const auto hint = notASpec(path, j); !hint.empty()) throw InputError(path + ": " + hint);
    try {
        return experimentFromJson(j);
    } catch (const SpecError& e) {
        throw InputError(std::string(e.what()) + " (in " + path + ")");
    }
}

ExperimentSpec applyOverrides(const ExperimentSpec& spec, const Overrides& o)
{
    ExperimentSpec s = spec;
    if (o.arch && *o.arch != s.model.arch) {
        s.model.arch = *o.arch;
        // MMoE has one level: a multi-level spec switched to mmoe stacks its levels into one
        // deeper expert, so `--arch mmoe` on an ML-MMoE or AdaTT preset still runs.
        if (s.model.arch == "mmoe" && s.model.expertDims.size() > 1) {
            std::vector<std::int64_t> stacked;
            for (const auto& level : s.model.expertDims)
                stacked.insert(stacked.end(), level.begin(), level.end());
            s.model.expertDims = {stacked};
        }
        if (s.model.arch == "ple" && s.model.sharedExperts < 1) s.model.sharedExperts = 1;
    }
    if (o.heads) s.heads.kind = *o.heads;
    if (o.weighting) s.training.weighting = *o.weighting;
    if (o.epochs) s.training.epochs = *o.epochs;
    if (o.seed) s.training.seed = *o.seed;
    if (o.limitTrain) s.dataset.limitTrain = *o.limitTrain;
    if (o.limitTest) s.dataset.limitTest = *o.limitTest;
    if (o.points) s.sweep.points = *o.points;
    if (o.seeds) s.sweep.seeds = *o.seeds;
    // Generated data read no files, so a data directory changes nothing there.
    if (o.dataDir && readsDataFiles(s.dataset.kind)) s.dataset.dataDir = *o.dataDir;
    // Only the shared bottom has one shared representation; the others probe a task's z_t.
    if (s.model.arch != "shared_bottom" && s.probe.layer == "shared") s.probe.layer = "auto";
    if (!(s.model.gated() || s.model.arch == "cross_stitch") && s.probe.layer == "experts") s.probe.layer = "auto";
    return experimentFromJson(experimentToJson(s));
}

} // namespace mtlx
