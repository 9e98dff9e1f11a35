#include "core/spec.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/jsonreader.h"

namespace mtlx {

using nlohmann::json;

const std::vector<std::string>& datasetKinds()
{
    static const std::vector<std::string> k{"synthetic_sine", "synthetic_correlated", "multi_mnist", "multi_fashion",
                                            "census_income",  "adult",                "movielens",   "csv",
                                            "random"};
    return k;
}
const std::vector<std::string>& censusTaskKeys()
{
    static const std::vector<std::string> k{"income", "never_married", "college"};
    return k;
}
const std::vector<std::string>& adultTaskKeys()
{
    static const std::vector<std::string> k{"income", "never_married"};
    return k;
}
bool isSyntheticKind(const std::string& kind) { return kind == "synthetic_sine" || kind == "synthetic_correlated"; }
bool readsDataFiles(const std::string& kind) { return !isSyntheticKind(kind) && kind != "random"; }
// Kinds whose examples are made up from the seed: the spec gives the split sizes and D.
bool isGenerated(const std::string& kind) { return !readsDataFiles(kind); }
bool isMultiImage(const std::string& kind) { return kind == "multi_mnist" || kind == "multi_fashion"; }
bool hasFractions(const std::string& kind) { return kind == "movielens" || kind == "csv"; }
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
const std::vector<std::string>& optimizerKeys()
{
    static const std::vector<std::string> k{"adam", "sgd", "adagrad"};
    return k;
}
const std::vector<std::string>& weightingKeys()
{
    static const std::vector<std::string> k{"linear", "uncertainty", "gradnorm", "mgda_ub", "pcgrad", "dwa"};
    return k;
}
const std::vector<std::string>& sweepMetricKeys()
{
    static const std::vector<std::string> k{"auto", "loss",     "mse", "rmse",          "accuracy",
                                            "error", "auc", "ne",  "logloss", "cross_entropy"};
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
    case TaskKind::Binary: return "binary";
    case TaskKind::Multiclass: return "multiclass";
    case TaskKind::Regression: return "regression";
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
    if (isMultiImage(kind)) d.test = 20000;  // the small heads paper: 100,000 train / 20,000 test pairs
    if (kind == "census_income") d.taskNames = censusTaskKeys();
    if (kind == "adult") d.taskNames = adultTaskKeys();
    return d;
}

std::vector<TaskInfo> DatasetSpec::tasks() const
{
    if (isMultiImage(kind)) return {{"left", TaskKind::Multiclass, 10}, {"right", TaskKind::Multiclass, 10}};
    if (kind == "census_income" || kind == "adult") {
        std::vector<TaskInfo> t;
        for (const auto& name : taskNames) t.push_back({name, TaskKind::Binary, 0});
        return t;
    }
    if (kind == "movielens") return {{"watch", TaskKind::Binary, 0}, {"rating", TaskKind::Regression, 0}};
    if (kind == "random") {
        std::vector<TaskInfo> t;
        for (int i = 1; i <= binaryTasks; ++i) t.push_back({"task" + std::to_string(i), TaskKind::Binary, 0});
        return t;
    }
    if (kind == "csv") {
        std::vector<TaskInfo> t;
        for (const auto& c : csvTasks) t.push_back({c.column, c.kind, c.kind == TaskKind::Multiclass ? c.classes : 0});
        return t;
    }
    // Both synthetic kinds have two regression tasks.
    return {{"y1", TaskKind::Regression, 0}, {"y2", TaskKind::Regression, 0}};
}

namespace {

void checkDims(const std::string& path, const std::vector<std::int64_t>& dims, bool allowEmpty)
{
    if (!allowEmpty && dims.empty()) throw SpecError(path, "must list at least one width");
    for (std::size_t i = 0; i < dims.size(); ++i)
        requireAtLeast(path + "[" + std::to_string(i) + "]", static_cast<double>(dims[i]), 1);
}

std::vector<std::string> checkTaskList(const std::string& path, const std::vector<std::string>& names,
                                       const std::vector<std::string>& known)
{
    if (names.empty()) throw SpecError(path, "must name at least one task (" + joinWords(known) + ")");
    for (std::size_t i = 0; i < names.size(); ++i) {
        requireOneOf(path + "[" + std::to_string(i) + "]", names[i], known);
        for (std::size_t j = 0; j < i; ++j)
            if (names[j] == names[i]) throw SpecError(path + "[" + std::to_string(i) + "]", "'" + names[i] + "' twice");
    }
    return names;
}

std::vector<CsvTaskSpec> csvTasksFromJson(const json* j, const std::string& path)
{
    if (!j || !j->is_array() || j->empty())
        throw SpecError(path, "must list the label columns, e.g. [{\"column\": \"y\", \"kind\": \"binary\"}]");
    std::vector<CsvTaskSpec> tasks;
    for (std::size_t i = 0; i < j->size(); ++i) {
        const std::string p = path + "[" + std::to_string(i) + "]";
        JsonReader r((*j)[i], p);
        CsvTaskSpec t;
        std::string kind = "binary";
        r.read("column", t.column);
        if (t.column.empty()) throw SpecError(r.childPath("column"), "must name a column");
        r.read("kind", kind);
        requireOneOf(r.childPath("kind"), kind, {"binary", "multiclass", "regression"});
        t.kind = kind == "binary" ? TaskKind::Binary : kind == "multiclass" ? TaskKind::Multiclass : TaskKind::Regression;
        if (t.kind == TaskKind::Multiclass) {
            r.read("classes", t.classes);
            requireAtLeast(r.childPath("classes"), t.classes, 2);
            requireAtMost(r.childPath("classes"), t.classes, 100000);
        }
        if (t.kind == TaskKind::Binary) r.read("positive", t.positive);
        r.finish();
        for (const auto& other : tasks)
            if (other.column == t.column) throw SpecError(r.childPath("column"), "'" + t.column + "' is a task twice");
        tasks.push_back(t);
    }
    return tasks;
}

json csvTasksToJson(const std::vector<CsvTaskSpec>& tasks)
{
    json a = json::array();
    for (const auto& t : tasks) {
        json o{{"column", t.column}, {"kind", toString(t.kind)}};
        if (t.kind == TaskKind::Multiclass) o["classes"] = t.classes;
        if (t.kind == TaskKind::Binary) o["positive"] = t.positive;
        a.push_back(o);
    }
    return a;
}

DatasetSpec datasetFromJson(const json& j, const std::string& path)
{
    JsonReader r(j, path);
    std::string kind = "synthetic_sine";
    r.read("kind", kind);
    requireOneOf(r.childPath("kind"), kind, datasetKinds());
    DatasetSpec d = DatasetSpec::defaultsFor(kind);
    r.read("seed", d.seed);
    r.read("limit_train", d.limitTrain);
    r.read("limit_test", d.limitTest);
    requireAtLeast(r.childPath("limit_train"), static_cast<double>(d.limitTrain), 0);
    requireAtLeast(r.childPath("limit_test"), static_cast<double>(d.limitTest), 0);
    if (readsDataFiles(kind)) r.read("data_dir", d.dataDir);
    if (isGenerated(kind) || isMultiImage(kind)) {
        r.read("train", d.train);
        r.read("validation", d.validation);
        r.read("test", d.test);
        requireAtLeast(r.childPath("train"), static_cast<double>(d.train), 1);
        requireAtLeast(r.childPath("validation"), static_cast<double>(d.validation), 1);
        requireAtLeast(r.childPath("test"), static_cast<double>(d.test), 1);
        requireAtMost(r.childPath("train"), static_cast<double>(d.train), 10'000'000);
    }
    if (isGenerated(kind)) {
        r.read("dim", d.dim);
        requireAtLeast(r.childPath("dim"), static_cast<double>(d.dim), 2);
        requireAtMost(r.childPath("dim"), static_cast<double>(d.dim), 100000);
    }
    if (isSyntheticKind(kind)) {
        r.read("noise", d.noise);
        requireAtLeast(r.childPath("noise"), d.noise, 0);
    }
    if (kind == "random") {
        r.read("binary_tasks", d.binaryTasks);
        requireAtLeast(r.childPath("binary_tasks"), d.binaryTasks, 1);
        requireAtMost(r.childPath("binary_tasks"), d.binaryTasks, 64);
    }
    if (kind == "synthetic_sine") {
        r.read("frequency_scale", d.frequencyScale);
        if (!(d.frequencyScale > 0)) throw SpecError(r.childPath("frequency_scale"), "must be > 0");
    }
    if (kind == "synthetic_correlated") {
        r.read("correlation", d.correlation);
        r.read("scale", d.scale);
        r.read("sines", d.sines);
        requireAtLeast(r.childPath("correlation"), d.correlation, -1);
        requireAtMost(r.childPath("correlation"), d.correlation, 1);
        if (!(d.scale > 0)) throw SpecError(r.childPath("scale"), "must be > 0");
        requireAtLeast(r.childPath("sines"), d.sines, 0);
    }
    if (kind == "census_income" || kind == "adult") {
        r.read("tasks", d.taskNames);
        checkTaskList(r.childPath("tasks"), d.taskNames, kind == "adult" ? adultTaskKeys() : censusTaskKeys());
    }
    if (kind == "movielens") {
        r.read("negatives", d.negatives);
        r.read("embedding_dim", d.embeddingDim);
        requireAtLeast(r.childPath("negatives"), d.negatives, 0);
        requireAtMost(r.childPath("negatives"), d.negatives, 100);
        requireAtLeast(r.childPath("embedding_dim"), static_cast<double>(d.embeddingDim), 1);
        requireAtMost(r.childPath("embedding_dim"), static_cast<double>(d.embeddingDim), 4096);
    }
    if (hasFractions(kind)) {
        r.read("validation_fraction", d.validationFraction);
        r.read("test_fraction", d.testFraction);
        requireAtLeast(r.childPath("validation_fraction"), d.validationFraction, 0);
        requireAtLeast(r.childPath("test_fraction"), d.testFraction, 0);
        if (!(d.validationFraction + d.testFraction < 1))
            throw SpecError(r.childPath("test_fraction"), "validation_fraction + test_fraction must be < 1");
    }
    if (kind == "csv") {
        r.read("path", d.path);
        if (d.path.empty()) throw SpecError(r.childPath("path"), "must name the CSV file");
        r.read("numeric", d.numeric);
        r.read("categorical", d.categorical);
        d.csvTasks = csvTasksFromJson(r.child("tasks"), r.childPath("tasks"));
        if (d.numeric.empty() && d.categorical.empty())
            throw SpecError(r.childPath("numeric"), "name at least one feature column (numeric or categorical)");
    }
    r.finish();
    return d;
}

json datasetToJson(const DatasetSpec& d)
{
    json j{{"kind", d.kind}, {"seed", d.seed}, {"limit_train", d.limitTrain}, {"limit_test", d.limitTest}};
    if (readsDataFiles(d.kind)) j["data_dir"] = d.dataDir;
    if (isGenerated(d.kind) || isMultiImage(d.kind)) {
        j["train"] = d.train;
        j["validation"] = d.validation;
        j["test"] = d.test;
    }
    if (isGenerated(d.kind)) j["dim"] = d.dim;
    if (isSyntheticKind(d.kind)) j["noise"] = d.noise;
    if (d.kind == "random") j["binary_tasks"] = d.binaryTasks;
    if (d.kind == "synthetic_sine") j["frequency_scale"] = d.frequencyScale;
    if (d.kind == "synthetic_correlated") {
        j["correlation"] = d.correlation;
        j["scale"] = d.scale;
        j["sines"] = d.sines;
    }
    if (d.kind == "census_income" || d.kind == "adult") j["tasks"] = d.taskNames;
    if (d.kind == "movielens") {
        j["negatives"] = d.negatives;
        j["embedding_dim"] = d.embeddingDim;
    }
    if (hasFractions(d.kind)) {
        j["validation_fraction"] = d.validationFraction;
        j["test_fraction"] = d.testFraction;
    }
    if (d.kind == "csv") {
        j["path"] = d.path;
        j["numeric"] = d.numeric;
        j["categorical"] = d.categorical;
        j["tasks"] = csvTasksToJson(d.csvTasks);
    }
    return j;
}

bool usesBottom(const std::string& arch) { return arch == "shared_bottom" || arch == "single_task"; }
bool usesExpertCount(const std::string& arch) { return arch == "mmoe" || arch == "ml_mmoe"; }
bool usesTaskExperts(const std::string& arch) { return arch == "ple" || arch == "adatt_sp" || arch == "adatt"; }
bool usesSharedExperts(const std::string& arch) { return arch == "ple" || arch == "adatt"; }
bool usesNativeExpertLf(const std::string& arch) { return arch == "adatt_sp" || arch == "adatt"; }

ModelSpec modelFromJson(const json& j, const std::string& path)
{
    JsonReader r(j, path);
    ModelSpec m;
    r.read("arch", m.arch);
    requireOneOf(r.childPath("arch"), m.arch, architectureKeys());
    r.read("activation", m.activation);
    requireOneOf(r.childPath("activation"), m.activation, activationKeys());
    r.read("init", m.init);
    requireOneOf(r.childPath("init"), m.init, initKeys());
    r.read("towers", m.towers);
    checkDims(r.childPath("towers"), m.towers, true);
    if (usesBottom(m.arch)) {
        r.read("bottom", m.bottom);
        checkDims(r.childPath("bottom"), m.bottom, false);
        r.read("conv", m.conv);
        checkDims(r.childPath("conv"), m.conv, true);
        if (m.conv.size() > 8) throw SpecError(r.childPath("conv"), "at most 8 conv layers");
        if (!m.conv.empty()) {
            r.read("conv_kernel", m.convKernel);
            requireAtLeast(r.childPath("conv_kernel"), static_cast<double>(m.convKernel), 1);
            requireAtMost(r.childPath("conv_kernel"), static_cast<double>(m.convKernel), 15);
        }
        r.finish();
        return m;
    }
    if (m.arch == "mmoe") m.expertDims = {{64}};  // the default of the one-level architecture
    r.read("expert_dims", m.expertDims);
    const std::string dimsPath = r.childPath("expert_dims");
    if (m.expertDims.empty()) throw SpecError(dimsPath, "must list at least one level");
    if (m.expertDims.size() > 16) throw SpecError(dimsPath, "at most 16 levels");
    for (std::size_t l = 0; l < m.expertDims.size(); ++l)
        checkDims(dimsPath + "[" + std::to_string(l) + "]", m.expertDims[l], false);
    if (m.arch == "mmoe" && m.expertDims.size() != 1)
        throw SpecError(dimsPath, "mmoe has one level (got " + std::to_string(m.expertDims.size()) +
                                      "); use ml_mmoe for several");
    if (usesExpertCount(m.arch)) {
        r.read("experts", m.experts);
        requireAtLeast(r.childPath("experts"), m.experts, 1);
        requireAtMost(r.childPath("experts"), m.experts, 256);
    }
    if (usesTaskExperts(m.arch)) {
        r.read("experts_per_task", m.expertsPerTask);
        requireAtLeast(r.childPath("experts_per_task"), m.expertsPerTask, 1);
        requireAtMost(r.childPath("experts_per_task"), m.expertsPerTask, 64);
    }
    if (usesSharedExperts(m.arch)) {
        r.read("shared_experts", m.sharedExperts);
        requireAtLeast(r.childPath("shared_experts"), m.sharedExperts, m.arch == "ple" ? 1 : 0);
        requireAtMost(r.childPath("shared_experts"), m.sharedExperts, 64);
    }
    if (usesNativeExpertLf(m.arch)) r.read("native_expert_lf", m.nativeExpertLf);
    if (m.arch == "cross_stitch") {
        r.read("cross_stitch_init", m.crossStitchInit);
        requireOneOf(r.childPath("cross_stitch_init"), m.crossStitchInit, crossStitchInitKeys());
    }
    r.finish();
    return m;
}

json modelToJson(const ModelSpec& m)
{
    json j{{"arch", m.arch}, {"activation", m.activation}, {"init", m.init}, {"towers", m.towers}};
    if (usesBottom(m.arch)) {
        j["bottom"] = m.bottom;
        if (!m.conv.empty()) {
            j["conv"] = m.conv;
            j["conv_kernel"] = m.convKernel;
        }
        return j;
    }
    j["expert_dims"] = m.expertDims;
    if (usesExpertCount(m.arch)) j["experts"] = m.experts;
    if (usesTaskExperts(m.arch)) j["experts_per_task"] = m.expertsPerTask;
    if (usesSharedExperts(m.arch)) j["shared_experts"] = m.sharedExperts;
    if (usesNativeExpertLf(m.arch)) j["native_expert_lf"] = m.nativeExpertLf;
    if (m.arch == "cross_stitch") j["cross_stitch_init"] = m.crossStitchInit;
    return j;
}

HeadsSpec headsFromJson(const json& j, const std::string& path)
{
    JsonReader r(j, path);
    HeadsSpec h;
    r.read("kind", h.kind);
    requireOneOf(r.childPath("kind"), h.kind, headKinds());
    r.read("gamma", h.gamma);
    requireAtLeast(r.childPath("gamma"), h.gamma, 0);
    r.read("temperature", h.temperature);
    if (!(h.temperature > 0)) throw SpecError(r.childPath("temperature"), "must be > 0");
    r.read("dropout", h.dropout);
    requireAtLeast(r.childPath("dropout"), h.dropout, 0);
    if (!(h.dropout < 1)) throw SpecError(r.childPath("dropout"), "must be < 1");
    r.read("pool_window", h.poolWindow);
    requireAtLeast(r.childPath("pool_window"), static_cast<double>(h.poolWindow), 1);
    r.read("bottleneck_width", h.bottleneckWidth);
    requireAtLeast(r.childPath("bottleneck_width"), static_cast<double>(h.bottleneckWidth), 1);
    r.read("pseudo_tasks", h.pseudoTasks);
    requireAtLeast(r.childPath("pseudo_tasks"), static_cast<double>(h.pseudoTasks), 1);
    r.finish();
    return h;
}

json headsToJson(const HeadsSpec& h)
{
    return json{{"kind", h.kind},
                {"gamma", h.gamma},
                {"temperature", h.temperature},
                {"dropout", h.dropout},
                {"pool_window", h.poolWindow},
                {"bottleneck_width", h.bottleneckWidth},
                {"pseudo_tasks", h.pseudoTasks}};
}

TrainingSpec trainingFromJson(const json& j, const std::string& path, std::size_t taskCount, const ModelSpec& model)
{
    JsonReader r(j, path);
    TrainingSpec t;
    r.read("optimizer", t.optimizer);
    requireOneOf(r.childPath("optimizer"), t.optimizer, optimizerKeys());
    r.read("lr", t.lr);
    if (!(t.lr > 0)) throw SpecError(r.childPath("lr"), "must be > 0");
    r.read("momentum", t.momentum);
    requireAtLeast(r.childPath("momentum"), t.momentum, 0);
    if (!(t.momentum < 1)) throw SpecError(r.childPath("momentum"), "must be < 1");
    r.read("batch_size", t.batchSize);
    requireAtLeast(r.childPath("batch_size"), static_cast<double>(t.batchSize), 1);
    r.read("epochs", t.epochs);
    requireAtLeast(r.childPath("epochs"), t.epochs, 1);
    r.read("report_last", t.reportLast);
    requireAtLeast(r.childPath("report_last"), t.reportLast, 1);
    requireAtMost(r.childPath("report_last"), t.reportLast, 1000);
    r.read("weighting", t.weighting);
    requireOneOf(r.childPath("weighting"), t.weighting, weightingKeys());
    // The gradient methods act on the parameters that several tasks share.
    if (model.arch == "single_task" && (t.weighting == "gradnorm" || t.weighting == "mgda_ub" || t.weighting == "pcgrad"))
        throw SpecError(r.childPath("weighting"), "'" + t.weighting + "' acts on shared parameters and single_task has none");
    if (t.weighting == "gradnorm") {
        r.read("gradnorm_alpha", t.gradnormAlpha);
        requireAtLeast(r.childPath("gradnorm_alpha"), t.gradnormAlpha, 0);
        requireAtMost(r.childPath("gradnorm_alpha"), t.gradnormAlpha, 100);
    }
    if (t.weighting == "dwa") {
        r.read("dwa_temperature", t.dwaTemperature);
        if (!(t.dwaTemperature > 0)) throw SpecError(r.childPath("dwa_temperature"), "must be > 0");
    }
    r.read("task_weights", t.taskWeights);
    r.read("seed", t.seed);
    r.read("threads", t.threads);
    requireAtLeast(r.childPath("threads"), t.threads, 0);
    requireAtMost(r.childPath("threads"), t.threads, 1024);
    r.finish();

    const std::string wpath = r.childPath("task_weights");
    if (t.taskWeights.empty()) t.taskWeights.assign(taskCount, 1.0 / static_cast<double>(taskCount));
    if (t.taskWeights.size() != taskCount)
        throw SpecError(wpath, "has " + std::to_string(t.taskWeights.size()) + " weights for " +
                                   std::to_string(taskCount) + " tasks");
    double sum = 0;
    for (std::size_t i = 0; i < t.taskWeights.size(); ++i) {
        requireAtLeast(wpath + "[" + std::to_string(i) + "]", t.taskWeights[i], 0);
        sum += t.taskWeights[i];
    }
    if (!(sum > 0)) throw SpecError(wpath, "must not all be zero");
    return t;
}

json trainingToJson(const TrainingSpec& t)
{
    json j{{"optimizer", t.optimizer}, {"lr", t.lr},          {"batch_size", t.batchSize},
           {"epochs", t.epochs},       {"report_last", t.reportLast}, {"weighting", t.weighting},
           {"task_weights", t.taskWeights}, {"seed", t.seed},     {"threads", t.threads}};
    if (t.optimizer == "sgd") j["momentum"] = t.momentum;
    if (t.weighting == "gradnorm") j["gradnorm_alpha"] = t.gradnormAlpha;
    if (t.weighting == "dwa") j["dwa_temperature"] = t.dwaTemperature;
    return j;
}

}  // namespace

std::vector<std::string> probeLayers(const ModelSpec& model, const std::vector<TaskInfo>& tasks)
{
    std::vector<std::string> layers{"auto"};
    if (model.arch == "shared_bottom") layers.push_back("shared");  // the only architecture with one h
    if (model.gated() || model.arch == "cross_stitch") layers.push_back("experts");
    for (const auto& t : tasks) layers.push_back(t.name);
    return layers;
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

ProbeSpec probeFromJson(const json& j, const std::string& path, const std::vector<TaskInfo>& tasks,
                        const ModelSpec& model)
{
    JsonReader r(j, path);
    ProbeSpec p;
    r.read("layer", p.layer);
    requireOneOf(r.childPath("layer"), p.layer, probeLayers(model, tasks));
    r.read("bins", p.bins);
    requireAtLeast(r.childPath("bins"), p.bins, 2);
    requireAtMost(r.childPath("bins"), p.bins, 1000);
    r.finish();
    return p;
}

json probeToJson(const ProbeSpec& p) { return json{{"layer", p.layer}, {"bins", p.bins}}; }

SweepSpec sweepFromJson(const json& j, const std::string& path, const std::vector<TaskInfo>& tasks)
{
    JsonReader r(j, path);
    SweepSpec s;
    r.read("points", s.points);
    requireAtLeast(r.childPath("points"), s.points, 1);
    requireAtMost(r.childPath("points"), s.points, 1000);
    r.read("seeds", s.seeds);
    requireAtLeast(r.childPath("seeds"), s.seeds, 1);
    requireAtMost(r.childPath("seeds"), s.seeds, 1000);
    r.read("metric", s.metric);
    requireOneOf(r.childPath("metric"), s.metric, sweepMetricKeys());
    for (const auto& t : tasks) {
        const auto& known = metricsOfKind(t.kind);
        if (std::find(known.begin(), known.end(), s.resolvedMetric(t.kind)) == known.end())
            throw SpecError(r.childPath("metric"), "'" + s.metric + "' is not a metric of " + toString(t.kind) +
                                                       " task '" + t.name + "' (" + joinWords(known) + ")");
    }
    r.finish();
    return s;
}

json sweepToJson(const SweepSpec& s) { return json{{"points", s.points}, {"seeds", s.seeds}, {"metric", s.metric}}; }

const json& sectionOrEmpty(JsonReader& r, const std::string& key)
{
    static const json empty = json::object();
    const json* v = r.child(key);
    return v ? *v : empty;
}

}  // namespace

ExperimentSpec experimentFromJson(const json& j)
{
    JsonReader r(j, "");
    ExperimentSpec s;
    r.read("name", s.name);
    r.read("description", s.description);
    s.dataset = datasetFromJson(sectionOrEmpty(r, "dataset"), "dataset");
    s.model = modelFromJson(sectionOrEmpty(r, "model"), "model");
    s.heads = headsFromJson(sectionOrEmpty(r, "heads"), "heads");
    const auto tasks = s.dataset.tasks();
    s.training = trainingFromJson(sectionOrEmpty(r, "training"), "training", tasks.size(), s.model);
    s.probe = probeFromJson(sectionOrEmpty(r, "probe"), "probe", tasks, s.model);
    s.sweep = sweepFromJson(sectionOrEmpty(r, "sweep"), "sweep", tasks);
    r.finish();
    return s;
}

json experimentToJson(const ExperimentSpec& s)
{
    return json{{"name", s.name},
                {"description", s.description},
                {"dataset", datasetToJson(s.dataset)},
                {"model", modelToJson(s.model)},
                {"heads", headsToJson(s.heads)},
                {"training", trainingToJson(s.training)},
                {"probe", probeToJson(s.probe)},
                {"sweep", sweepToJson(s.sweep)}};
}

ExperimentSpec loadExperimentFile(const std::string& path)
{
    std::ifstream in(path);
    if (!in) throw InputError(path + ": cannot open the spec file");
    std::stringstream text;
    text << in.rdbuf();
    json j;
    try {
        j = json::parse(text.str());
    } catch (const json::parse_error& e) {
        // nlohmann reports a byte offset; a line number is what a person can find.
        const std::string s = text.str();
        const std::size_t upto = std::min<std::size_t>(e.byte, s.size());
        const auto line = 1 + std::count(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(upto), '\n');
        throw InputError(path + ":" + std::to_string(line) + ": not valid JSON (" + e.what() + ")");
    }
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
            for (const auto& level : s.model.expertDims) stacked.insert(stacked.end(), level.begin(), level.end());
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

}  // namespace mtlx
