#pragma once
// The experiment spec: one JSON document with `dataset`, `model`, `heads`, `training` and
// `probe` that describes one experiment completely. Every struct here has its defaults written
// next to it; experimentFromJson() fills the defaults in and validates every value, throwing
// SpecError with the JSON path of the first bad value. experimentToJson() writes the complete
// spec (defaults included) so that what ran can always be re-run.
//
// Torch-free: the desktop program's widgets include this header.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mtlx {

enum class TaskKind { Binary, Multiclass, Regression };
std::string toString(TaskKind kind);
TaskKind taskKindFromString(const std::string& kind); // binary | multiclass | anything else: regression

// What the program knows about a task before any data is read.
struct TaskInfo {
    std::string name;
    TaskKind kind = TaskKind::Regression;
    int classes = 0; // number of classes for Multiclass, else 0
    int outputSize() const { return kind == TaskKind::Multiclass ? classes : 1; }
};

// A task of a `csv` data set: the column holding its label and how to read it.
struct CsvTaskSpec {
    std::string column;
    TaskKind kind = TaskKind::Binary;
    int classes = 0;      // multiclass: labels are the integers 0 … classes − 1
    std::string positive; // binary: the value that means 1 ("" = labels are 0 / 1)
};

// A csv task as JSON: {"column", "kind", "classes" (multiclass), "positive" (binary)}.
void to_json(nlohmann::json& j, const CsvTaskSpec& t);
void from_json(const nlohmann::json& j, CsvTaskSpec& t);

struct DatasetSpec {
    std::string kind = "synthetic_sine"; // a key of datasetKinds()
    std::uint64_t seed = 1;              // fixes the generated data and the splits
    std::int64_t train = 100000;         // examples generated per split (synthetic kinds)
    std::int64_t validation = 10000;
    std::int64_t test = 10000;
    std::int64_t limitTrain = 0; // use only the first N examples of a split; 0 = all
    std::int64_t limitTest = 0;
    // synthetic_sine and synthetic_correlated
    std::int64_t dim = 200; // input dimension D (sine: 200, correlated: 100, random: 512)
    double noise = 0.2;     // label noise (sine: per term of eq. 7's sum, 0.2; correlated: 0.01 ε)
    // synthetic_sine
    double frequencyScale = 100.0; // D′ in sin(w·s / D′)
    // synthetic_correlated
    double correlation = 0.5; // ρ, the cosine between the two tasks' weight vectors
    double scale = 1.0;       // c, the norm of w_t
    int sines = 10;           // m, the number of sine terms
    // random: inputs N(0, 1), labels fair coin flips independent of them (benchmarks, smoke tests)
    int binaryTasks = 2; // the number of binary tasks, named task1, task2, …
    // every kind that reads files (docs/data.md): a folder looked in first
    std::string dataDir;
    // census_income, adult: the tasks to learn (a task's defining column leaves the features)
    std::vector<std::string> taskNames;
    // movielens
    double negatives = 1.0;         // unwatched movies sampled per watched one, per user
    std::int64_t embeddingDim = 16; // width of the learnt user and movie embeddings
    // movielens, csv: random split of the rows (the rest is train)
    double validationFraction = 0.1;
    double testFraction = 0.1;
    // csv
    std::string path;                     // the CSV file (with a header line)
    std::vector<std::string> numeric;     // feature columns read as numbers (standardised)
    std::vector<std::string> categorical; // feature columns one-hot encoded
    std::vector<CsvTaskSpec> csvTasks;    // the label columns

    static DatasetSpec defaultsFor(const std::string& kind);
    std::vector<TaskInfo> tasks() const; // known from the spec alone
};

// Which fields an architecture reads is fixed (modelToJson writes only those):
//   shared_bottom, single_task: bottom, conv, conv_kernel
//   mmoe: experts, expert_dims (one level)      ml_mmoe: experts, expert_dims
//   ple: experts_per_task, shared_experts, expert_dims
//   cross_stitch: expert_dims, cross_stitch_init
//   adatt_sp: experts_per_task, expert_dims, native_expert_lf
//   adatt: experts_per_task, shared_experts, expert_dims, native_expert_lf
// The number of levels is the number of entries of expert_dims.
struct ModelSpec {
    std::string arch = "shared_bottom"; // a key of docs/models.md
    std::string activation = "relu";    // relu | tanh | gelu | silu
    // Weight initialisation: torch (PyTorch's defaults, U(±1/√fan_in) for weights and biases)
    // | glorot (Keras's defaults: Glorot-uniform weights, zero biases; the small heads reference
    // code is TensorFlow).
    std::string init = "torch";
    std::vector<std::int64_t> bottom{250, 125};      // widths of the shared bottom / per-task networks
    std::vector<std::int64_t> towers{100, 100, 100}; // hidden widths of every task tower
    // shared_bottom, single_task on images: conv layers (output channels) before `bottom`, each
    // conv k×k → 2×2 max-pool → activation (LeNet: [10, 20], kernel 5, bottom [50]).
    std::vector<std::int64_t> conv;
    std::int64_t convKernel = 5;
    // Per level, the Mlp widths of every expert (cross_stitch: of every task's network).
    // Default two levels, [[64]] for mmoe.
    std::vector<std::vector<std::int64_t>> expertDims{{64}, {32}};
    int experts = 8;                          // mmoe, ml_mmoe: experts per level
    int expertsPerTask = 1;                   // ple, adatt, adatt_sp: m, experts owned by each task
    int sharedExperts = 1;                    // ple (≥ 1), adatt (≥ 0): s, shared experts per level
    bool nativeExpertLf = true;               // adatt, adatt_sp: the NativeExpertLF residual (false = Table 6 ablation)
    std::string crossStitchInit = "identity"; // cross_stitch: identity (0.9 / 0.1/(T−1)) | random

    // The defaults of one architecture (mmoe: one level of [64]).
    static ModelSpec defaultsFor(const std::string& arch);
    int levels() const { return static_cast<int>(expertDims.size()); }
    bool gated() const; // has per-example gates (mmoe, ml_mmoe, ple, adatt_sp, adatt)
};

struct HeadsSpec {
    std::string kind = "none";        // none | linear | pool | bottleneck | large | pta
    double gamma = 1.0;               // γ: weight of each head's loss relative to its task's loss
    double temperature = 1.0;         // τ: head logits are divided by τ before the loss
    double dropout = 0.0;             // dropout probability on the head input, in [0, 1)
    std::int64_t poolWindow = 4;      // pool: window = stride of the average pooling, in features
    std::int64_t bottleneckWidth = 8; // bottleneck: width of the linear bottleneck layer
    std::int64_t pseudoTasks = 2;     // pta: extra full-size towers per task
};

// Pareto-front learning (docs/weighting.md, "One model for the whole front"): one model that takes
// the task preference as an input. cosmos (Ruchte & Grabocka 2021): every batch draws a ray r from
// Dirichlet(α, …, α), the model reads it beside its input (at its first dense layer) and descends
// Σ r_t L_t − λ · cos(r, L); after training it is evaluated at front_points preferences per
// simplex edge (result.json `front`). Models with conv layers may read r as extra image channels
// instead (input "channels", COSMOS's own input for images).
struct PreferenceSpec {
    std::string method = "none"; // none | cosmos
    double alpha = 1.2;          // α of the Dirichlet the rays are drawn from (COSMOS's default)
    double lambda = 2.0;         // λ, the weight of the cosine penalty (COSMOS's default)
    int frontPoints = 11;        // preferences per simplex edge of the evaluated front (T = 3: K(K+1)/2)
    std::string input = "dense"; // dense: beside the first dense layer's input | channels: image channels
    bool conditioned() const { return method != "none"; }
};

struct TrainingSpec {
    std::string optimizer = "adam"; // adam | sgd | adagrad
    double lr = 1e-3;               // learning rate
    double momentum = 0.9;          // sgd only
    // L2 regularisation: adam, sgd and adagrad add weight_decay · p to the gradient (PyTorch's
    // weight_decay); adamw decays the weights apart from the gradient, p ← p − lr · wd · p
    // (torch.optim.AdamW). 0: none.
    double weightDecay = 0.0;
    double lrDecay = 1.0;         // the learning rate is multiplied by it after every epoch (1: constant)
    std::int64_t batchSize = 128; // examples per step
    int epochs = 10;              // passes over the training split
    // The reported metrics (result.json tasks[].reported) are the mean of the last N epochs'
    // evaluations, as the small heads paper reports MultiMNIST; 1 = the final model's only.
    int reportLast = 1;
    // Which model the result reports: the last epoch's ("last"), or the epoch's with the best
    // validation score ("best_validation"; result.json selected_epoch). The score is the sum over
    // tasks of select_metric on the validation split; "auto": AUC where every task is binary, else
    // the loss. Not with report_last > 1 (that reports a mean of several epochs).
    std::string select = "last";
    std::string selectMetric = "auto";
    std::string weighting = "linear"; // loss weighting method of docs/weighting.md
    std::vector<double> taskWeights;  // w_t of the linear weighting; default uniform 1/T
    double gradnormAlpha = 1.5;       // gradnorm: α, the strength of the restoring force
    double dwaTemperature = 2.0;      // dwa: the softmax temperature
    // dwa: "liu" (Liu et al. 2019: ratios of epoch-mean losses, weights from the third epoch) or
    // "mmoeex" (the AdaTT paper's census framework: ratios of each epoch's last batch's weighted
    // losses, weights from the fourth epoch, each clipped to [0.5, 1.5]).
    std::string dwaVariant = "liu";
    // The methods of docs/weighting.md with the defaults of their papers and authors' code.
    double cagradC = 0.4;        // cagrad: c, the radius of the ball around the mean gradient
    int nashMtlIterations = 20;  // nash_mtl: solver iterations per step (the code's optim_niter)
    double clipSharedNorm = 1.0; // nash_mtl, famo: the shared gradient's norm is clipped to this; 0 off
    bool imtlLossScale = false;  // imtl: IMTL-L's learnt loss scales e^s L − s as well (IMTL-G alone: false)
    double famoGamma = 0.01;     // famo: γ, the weight decay of the task logits
    double famoLr = 0.025;       // famo: the learning rate of the task logits
    double gradvacBeta = 0.01;   // gradvac: β, the EMA rate of the cosine targets
    double graddropLeak = 0.0;   // graddrop: the share of every gradient kept whatever the mask
    PreferenceSpec preference;   // training.preference: one model for every trade-off
    std::uint64_t seed = 1;      // model initialisation, dropout and shuffling
    int threads = 0;             // LibTorch intra-op threads; 0 = number of cores

    // Whether task_weights weigh the losses: linear (a sweep varies them) and pcgrad; every other
    // method, and a preference-conditioned model, chooses its own.
    bool readsTaskWeights() const
    {
        return (weighting == "linear" && !preference.conditioned()) || weighting == "pcgrad";
    }
};

// The activation probe (small heads paper Fig. 7) reads post-activation units of one layer.
struct ProbeSpec {
    // auto | shared (shared_bottom: the shared layer h) | experts (gated models and cross-stitch:
    // the last level's expert outputs) | a task name (that task's tower input z_t; for gated
    // models a mixture with no activation of its own). auto: shared, else experts, else the
    // first task's z_t (single_task).
    std::string layer = "auto";
    int bins = 20; // bins of each activation histogram
    // Gradient conflict (docs/probes.md): every k-th training step (and the first of each epoch)
    // the cosine between the tasks' gradients on the shared parameters; 0 = never. Each sample
    // costs about one backward pass per task.
    int conflictEvery = 25;
};

// A Pareto sweep (docs/metrics.md): the task weights on a simplex grid, several seeds per point.
struct SweepSpec {
    int points = 11;             // K, grid points per simplex edge (T = 2: K runs; T = 3: K(K+1)/2)
    int seeds = 1;               // runs per point, with training seeds seed, seed + 1, …
    std::string metric = "auto"; // the test metric of each task that a point holds; auto: regression
                                 // mse, multiclass accuracy, binary auc
    std::string resolvedMetric(TaskKind kind) const; // `metric` with auto resolved
};

struct ExperimentSpec {
    std::string name;        // free text, shown in results and the window title
    std::string description; // free text
    DatasetSpec dataset;
    ModelSpec model;
    HeadsSpec heads;
    TrainingSpec training;
    ProbeSpec probe;
    SweepSpec sweep; // read by `mtlx-cli sweep` only

    std::vector<TaskInfo> tasks() const { return dataset.tasks(); }
    // Per task, the test metric a frontier point holds (sweep.metric with auto resolved).
    std::vector<std::string> sweepMetrics() const;
};

// Parses and validates; fills every default. Throws SpecError naming the JSON path.
ExperimentSpec experimentFromJson(const nlohmann::json& j);
// The complete spec, defaults included; experimentFromJson(experimentToJson(s)) == s.
nlohmann::json experimentToJson(const ExperimentSpec& spec);
// What identifies a configuration: the complete spec without its name, description and sweep
// section, and without the training's task weights, seed and threads. Runs with equal keys can
// share a stack and are points of one Pareto configuration.
std::string configurationKey(const ExperimentSpec& spec);
// Reads a spec file; throws InputError naming the file (and line for JSON syntax errors).
ExperimentSpec loadExperimentFile(const std::string& path);

// Command-line overrides (docs/cli.md). Unset fields leave the spec alone.
struct Overrides {
    std::optional<int> epochs;
    std::optional<std::int64_t> limitTrain, limitTest;
    std::optional<std::uint64_t> seed;
    std::optional<std::string> arch, heads, weighting, dataDir;
    std::optional<int> points, seeds; // sweep.points, sweep.seeds
};
// Applies the overrides and validates the result again (errors name the JSON path changed).
ExperimentSpec applyOverrides(const ExperimentSpec& spec, const Overrides& overrides);

// The keys the program knows, for the editor's combo boxes and error messages.
const std::vector<std::string>& datasetKinds();
const std::vector<std::string>& architectureKeys();
const std::vector<std::string>& headKinds();
const std::vector<std::string>& optimizerKeys();
const std::vector<std::string>& selectKeys(); // "last", "best_validation"
const std::vector<std::string>& weightingKeys();
const std::vector<std::string>& sweepMetricKeys();
// The metrics of docs/metrics.md that a task of this kind reports ("loss" first).
const std::vector<std::string>& metricsOfKind(TaskKind kind);
const std::vector<std::string>& activationKeys();
const std::vector<std::string>& initKeys();
const std::vector<std::string>& crossStitchInitKeys();
const std::vector<std::string>& censusTaskKeys();
const std::vector<std::string>& adultTaskKeys();
const std::vector<std::string>& dwaVariantKeys();
const std::vector<std::string>& preferenceMethodKeys(); // "none", "cosmos"
const std::vector<std::string>& preferenceInputKeys();  // "dense", "channels"
// The weightings that mix per-task gradients of the shared parameters (they refuse single_task).
bool actsOnSharedGradients(const std::string& weighting);
// The probe layers a model offers ("auto" first), and what `auto` means for it.
std::vector<std::string> probeLayers(const ModelSpec& model, const std::vector<TaskInfo>& tasks);
std::string resolvedProbeLayer(const ProbeSpec& probe, const ModelSpec& model, const std::vector<TaskInfo>& tasks);
// A person's name for a probe layer key: "shared layer h", "last-level expert outputs", "tower input of y1".
std::string probeLayerTitle(const std::string& layer);
bool isSyntheticKind(const std::string& datasetKind); // synthetic_sine, synthetic_correlated
bool readsDataFiles(const std::string& datasetKind);  // every kind but the synthetic ones and random

} // namespace mtlx
