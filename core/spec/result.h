#pragma once
// What a run produces, in plain std types so that it can cross threads and reach the widgets
// (no tensors). resultToJson() writes the result.json of docs/results.md.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/spec/spec.h"

namespace mtlx {

struct Histogram {
    std::vector<double> edges;        // bins + 1 increasing edges
    std::vector<std::int64_t> counts; // examples (or values) per bin
};

struct ActivationProbe {
    std::string layer;         // "shared", "experts" or a task name (probeLayerTitle)
    std::int64_t units = 0;    // width of the probed representation
    std::int64_t examples = 0; // evaluation examples it was computed on
    Histogram nonzeroFraction; // per example: fraction of units that are nonzero
    Histogram nonzeroValues;   // every nonzero activation value
};

// One level's gates (docs/models.md, "gate matrices"): rows are the gates (units), columns the
// experts, named as gateWiring() names them.
struct GateMatrix {
    int level = 0;
    std::string kind = "softmax"; // softmax | stitch (cross-stitch α: learnt, any sign)
    std::vector<std::string> rows, cols;
    std::vector<std::vector<double>> matrix; // rows × cols, the softmax weights averaged over the evaluation set
    // rows × cols: whether the gate can reach the expert at all (PLE task gates reach their own and
    // the shared experts); a cell it cannot reach holds 0 in `matrix`. Empty = every cell.
    std::vector<std::vector<bool>> reach;
    // AdaTT: the NativeExpertLF weights added to the softmax (a fixed 1 on each unit's single
    // own expert, or learnt weights over its own experts), rows × cols; empty for other models.
    std::vector<std::vector<double>> native;
};

// Metrics of one split, by name ("loss", "auc", "mse", …); only those that fit the task's kind.
using Metrics = std::map<std::string, double>;

struct ParameterCounts {
    std::int64_t training = 0; // everything that trains: backbone, towers, small heads
    std::int64_t serving = 0;  // what prediction uses: backbone and towers
};

struct TaskResult {
    std::string name;
    TaskKind kind = TaskKind::Regression;
    Metrics train, validation, test; // of the final model
    // training.report_last > 1: the mean of the last `reportedEpochs` epochs' evaluations.
    int reportedEpochs = 0;
    Metrics reportedValidation, reportedTest;
};

// The cosine similarity of two tasks' gradients on the shared parameters over an epoch (the
// mean of its samples, probe.conflict_every): over all of them and, for a model with several
// levels, per level. docs/probes.md.
struct GradientCosine {
    int taskA = 0, taskB = 1;   // task indices, taskA < taskB
    double cosine = 0;          // in [−1, 1]
    std::vector<double> levels; // per level, first to last; empty for a model of one level
    int samples = 0;            // steps measured this epoch
    // Of those steps, the share whose cosine (all shared parameters) was below 0: a mean near 0
    // can be steps that agree and steps that conflict, or steps that ignore each other.
    double conflictShare = 0;
};

struct EpochRecord {
    int epoch = 0;                                           // 1-based
    double seconds = 0;                                      // wall time of the epoch (training and evaluation)
    double trainSeconds = 0;                                 // of which training (every step and progress report)
    double lr = 0;                                           // the learning rate of its steps (0: not recorded)
    std::vector<double> trainLoss, validationLoss, testLoss; // per task
    std::vector<double> taskWeights;                         // per task, the weighting method's mean weight this epoch
    std::vector<GradientCosine> gradientCosine;              // per pair of tasks; empty when not measured
    // Per task, the mean cosine of the update the weighting applied to the shared parameters with
    // the task's gradient, on the steps the conflict probe sampled; empty when not measured.
    std::vector<double> updateCosine;
};

// A preference-conditioned model (training.preference) at one preference, on the test split.
struct FrontPoint {
    std::vector<double> weights; // the preference r (Σ = 1)
    std::vector<Metrics> tasks;  // per task, its test metrics at r
};

// How a run ended: it finished, its loss became NaN or ±Inf, or the user stopped it.
enum class RunStatus { Ok, Diverged, Stopped };
std::string toString(RunStatus status); // "ok", "diverged", "stopped" (result.json)
// The status a result.json names; nullopt for any other text.
std::optional<RunStatus> runStatusFromString(const std::string& text);

struct RunResult {
    RunStatus status = RunStatus::Ok;
    std::string message; // why, when not ok
    ExperimentSpec spec;
    std::vector<double> taskWeights; // the spec's (linear) task weights
    ParameterCounts params;
    std::vector<TaskResult> tasks;
    std::vector<EpochRecord> history;
    ActivationProbe activation;
    std::vector<GateMatrix> gates;
    double wallSeconds = 0;
    double examplesPerSecond = 0; // training throughput over all epochs (evaluation excluded)
    std::string finishedAt;       // when the run ended, UTC "YYYY-MM-DDTHH:MM:SSZ" ("" unknown)
    // training.select = best_validation: the epoch whose model the metrics and probes are of
    // (result.json selected_epoch); 0 with select = last.
    int selectedEpoch = 0;
    // training.preference: the model at front_points preferences per simplex edge (result.json
    // `front`), and the hypervolume of their objectives (each task's sweep metric, lower is
    // better) against the same reference rule as a sweep's (referencePoint() of these points
    // unless given).
    std::vector<FrontPoint> front;
    std::vector<std::string> frontMetrics; // per task
    std::vector<double> frontReference;
    double frontHypervolume = 0;
    // The reported model's weights as the bytes of its model.pt (LibTorch's archive, one entry
    // per parameter); null for a diverged run. Not part of result.json.
    std::shared_ptr<const std::string> weights;
};
// DIR/model.pt for DIR/result.json: the run's weights, written atomically (writeTextFile); nothing
// when the run kept none. Returns whether a file was written.
bool writeModelFile(const std::string& resultPath, const RunResult& result);
// The model file beside a result.json.
std::string modelPathOf(const std::string& resultPath);
// A whole file's bytes (a model.pt, a checkpoint.pt); InputError "PATH: `missing`" when it cannot
// be opened.
std::string readFileBytes(const std::string& path, const std::string& missing);
// Now as RunResult::finishedAt writes it.
std::string utcTimestamp();

// Fills frontMetrics, frontReference (`reference`, or referencePoint() of the front) and
// frontHypervolume from result.front.
void measureFrontVolume(RunResult& result, const std::vector<double>& reference = {});
// The front's points as objectives (lower is better), in order; points without a task's metric
// are left out, and `kept` (when given) receives the front index of each point returned.
std::vector<std::vector<double>> frontObjectives(const RunResult& result, std::vector<std::size_t>* kept = nullptr);

nlohmann::json resultToJson(const RunResult& result);
nlohmann::json epochToJson(const EpochRecord& epoch);
// A history entry read back (json::exception on a missing field; gradient_cosine is optional).
EpochRecord epochFromJson(const nlohmann::json& epoch);
nlohmann::json histogramToJson(const Histogram& h);
nlohmann::json gateToJson(const GateMatrix& g);
// The per-task metrics as CSV: a header, then task,kind,split,metric,value per line.
std::string resultToCsv(const RunResult& r);
// The stored forms read back (json::exception on a missing field): a histogram, a result.json
// object's activation probe, one gate matrix of its probes.gates.
Histogram histogramFromJson(const nlohmann::json& h);
ActivationProbe activationProbeFromJson(const nlohmann::json& result);
GateMatrix gateFromJson(const nlohmann::json& g);
// A whole result.json object read back: what the desktop program's Runs panel reopens. A value
// of the wrong shape is a SpecError naming its path in the file ("history[2]: has no key
// 'epoch'"). Unknown fields are ignored.
RunResult resultFromJson(const nlohmann::json& result);
// The same from a file: InputError "FILE: history[2]: …" (or the file's JSON syntax error).
RunResult resultOfFile(const std::string& path);
// Whether a parsed JSON file is a run's result.json (an object with "status" and "spec"), not a spec.
bool isRunResult(const nlohmann::json& j);
// The activation probe stored in a result.json file (to overlay another run's histograms).
// Throws InputError naming the file and the missing field.
ActivationProbe activationProbeOfFile(const std::string& path);
// Makes `dir` (and its parents) and checks that a file can be written there, before a run
// starts: a read-only or missing place is an InputError naming the folder, found at once.
void requireWritableFolder(const std::string& dir);

// Writes the JSON to `path` through a temporary file and a rename, so a crash never leaves a
// half-written result. Throws InputError naming the path and the reason ("No space left on
// device") on failure; the temporary is removed.
void writeJsonFile(const std::string& path, const nlohmann::json& value);
// The same for any text (reports, CSV tables).
void writeTextFile(const std::string& path, const std::string& text);

} // namespace mtlx
