#pragma once
// The expert inspector (mtlx-cli inspect DIR, docs/results.md "inspect"): a saved run's model
// (DIR/model.pt) on one split of its data — each gate's weights over the examples, not only
// their mean; how much each expert is used; and what zeroing one expert's output costs each
// task. Torch-free; works from any thread.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/spec/result.h"

namespace mtlx {

// One gate: a row of a level's gate matrix (gatewiring.h names rows and columns).
struct GateInspection {
    int level = 0;
    std::string gate;                 // the row's name: a task, "shared", or an ML-MMoE next-level expert
    std::string kind = "softmax";     // softmax | stitch
    std::vector<std::string> experts; // the columns
    // quantiles[i]: the q = kQuantiles[i] quantile over the examples of each expert's weight.
    std::vector<std::vector<double>> quantiles;
    std::vector<std::vector<std::int64_t>> histogram; // per expert, 10 bins over [0, 1] (stitch: over its range)
    std::vector<double> histogramEdges;               // the 11 edges
    // The expert's share of this gate's total weight over the examples (Σ = 1; stitch: of Σ|α|).
    std::vector<double> expertUse;
    double entropy = 0; // mean over examples of −Σ w ln w (nats; softmax only)
};

struct KnockOut {
    int level = 0;
    std::string expert;        // its column name in the level's gates
    std::vector<double> delta; // per task: the test metric with the expert's output zeroed, minus without
};

struct Inspection {
    std::string split; // test | validation | train
    std::int64_t examples = 0;
    std::vector<std::string> tasks;   // in order
    std::vector<std::string> metrics; // per task: the metric of the deltas (the sweep metric)
    std::vector<double> baseline;     // per task: that metric without a knock-out
    std::vector<GateInspection> gates;
    // Per level and expert: its share of all gates' weight at the level (Σ over a level's experts = 1).
    struct ExpertShare {
        int level = 0;
        std::string expert;
        double share = 0;
        bool unused = false; // no gate of the level gives it 1 % of its weight
    };
    std::vector<ExpertShare> experts;
    std::vector<KnockOut> knockouts;
};

constexpr double kQuantiles[] = {0.05, 0.25, 0.5, 0.75, 0.95};

// Examples of a split and how the gates route them (the window's per-example routing).
struct RoutedExample {
    std::int64_t index = 0;                              // row of the split
    std::vector<double> labels;                          // per task (NaN where it has none)
    std::vector<std::vector<std::vector<double>>> gates; // per level: [gate row][expert]
};
struct RoutingChoice {
    int task = -1;    // −1: at random; else the examples whose label of this task is `label`
    double label = 0; // a binary task's 0 / 1, a multiclass task's class
    int count = 8;    // at most this many
    std::uint64_t seed = 1;
};

// A preference-conditioned model (training.preference) at one preference on the test split: what
// the window's preference slider shows.
struct PreferenceView {
    std::vector<double> preference;
    std::vector<Metrics> tasks;    // per task, its test metrics
    ActivationProbe activation;    // the probed layer's histograms (probe.layer)
    std::vector<GateMatrix> gates; // the gate matrices, means over the test split
};

// A run folder's saved model loaded once with its data, for inspections of any split and the
// routing of chosen examples. One call at a time; from any thread.
class RunInspector {
public:
    // InputError naming the file when the folder holds no model or it does not fit the spec.
    explicit RunInspector(const std::string& dir);
    ~RunInspector();
    RunInspector(const RunInspector&) = delete;
    RunInspector& operator=(const RunInspector&) = delete;

    Inspection inspect(const std::string& split);
    std::vector<RoutedExample> route(const std::string& split, const RoutingChoice& choice);
    // The model at a preference (T values ≥ 0, normalised to Σ = 1); InputError when the run is not
    // preference-conditioned or the preference does not fit its tasks.
    PreferenceView at(std::vector<double> preference);
    const ExperimentSpec& spec() const;
    // Per task: its name and, for a binary or multiclass task, the labels it has (else empty).
    std::vector<std::pair<std::string, std::vector<double>>> taskLabels() const;

private:
    struct Loaded;
    std::unique_ptr<Loaded> loaded_;
};

// The run of `dir` (its result.json and model.pt) on `split`. InputError naming the file when the
// folder holds no model, or the model does not fit the run's spec.
Inspection inspectRun(const std::string& dir, const std::string& split);
nlohmann::json inspectionToJson(const Inspection& inspection);
// mtlx-cli export DIR --pytorch FILE [--keys program] [--sample K SAMPLE.json].
struct ExportOptions {
    std::string file;         // the state_dict (a torch.save file)
    bool programKeys = false; // the program's parameter names even where the reference layout exists
    std::int64_t sample = 0;  // K > 0: the first K test examples and the model's outputs on them …
    std::string sampleFile;   // … written here as JSON
};
struct ExportSummary {
    std::size_t tensors = 0;
    // The AdaTT reference module's configuration the keys follow (pytorchlayout.h's toJson), or
    // null with the program's own names.
    nlohmann::json reference;
    std::string why; // why the program's names were used ("" with the reference layout)
};
// The run's model (DIR/model.pt) written as a PyTorch state_dict (atomically): keyed and shaped
// as the AdaTT authors' CentralTaskArch where it has a counterpart (docs/models.md), else by the
// program's parameter names. The sample file holds {"reference", "input" [K][D], "output" [K][T]
// (each task's logits side by side)}.
ExportSummary exportPytorch(const std::string& dir, const ExportOptions& options);
// One gate's numbers (quantiles, histogram, expert use, entropy; names left empty) from its
// weights per example, [N][experts] (inspectRun's, and tests' hand-made gates).
GateInspection inspectGateWeights(const std::vector<std::vector<double>>& weights, bool softmax);
// For a terminal: per gate the mean, 5 % and 95 % of each expert's weight; expert use; the
// knock-out table.
std::string describeInspection(const Inspection& inspection);

} // namespace mtlx
