#pragma once
// Running one experiment, from any thread, without seeing torch.
//
// runExperiment() loads the data, builds the model and trains it on the calling thread; it
// reports through the callbacks on that same thread and returns the finished RunResult. The
// control flags may be set from any other thread: `stop` ends training between two batches
// (the result then has status "stopped" and the metrics of the model as it is), `pause`
// holds it between batches until cleared. A diverging run (NaN or Inf loss) returns status
// "diverged" with a message. Bad specs or data throw InputError before training starts.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/spec/result.h"
#include "core/spec/spec.h"

namespace mtlx {

// What a run (or a sweep) is doing.
enum class Stage { Loading, Training };

struct Progress {
    Stage stage = Stage::Loading;
    std::string file;                    // Loading: the file being read ("" while the data set is set up)
    double stageFraction = 0;            // 0…1 of a loading stage
    int epoch = 0, epochs = 0;           // 1-based current epoch
    std::int64_t batch = 0, batches = 0; // batches done in this epoch / per epoch
    std::int64_t examplesPerSecond = 0;  // training throughput so far
    double elapsedSeconds = 0;           // since training started, pauses excluded
    double remainingSeconds = 0;         // estimate for the rest of the training
    double loss = 0;                     // running mean of the weighted training loss this epoch
    // The last batch's losses (the mean over a stack's live runs), per task: the main towers',
    // and the small heads' (γ · Σ of a task's heads; empty without heads), kept apart.
    std::vector<double> taskLoss, headLoss;
    std::vector<GateMatrix> gates; // gate weights averaged over the last batch (when asked for)
    double fraction() const;       // 0…1 of the whole training
    std::string stageText() const; // "loading data", "loading census-income.data.gz", "training"
};

// "loading data" / "loading FILE" / "training".
std::string stageText(Stage stage, const std::string& file);

// The probes of docs/metrics.md and docs/models.md on the test split, taken after an epoch.
struct ProbeSnapshot {
    int epoch = 0;
    std::size_t run = 0; // the run of a stack (runExperimentStack) it belongs to; 0 alone
    ActivationProbe activation;
    std::vector<GateMatrix> gates;
};

struct RunCallbacks {
    std::function<void(const Progress&)> onProgress;    // at most every progressInterval
    std::function<void(const EpochRecord&)> onEpoch;    // after every epoch's evaluation
    std::function<void(const ProbeSnapshot&)> onProbes; // after every epoch, when set
    bool liveGates = false;                             // fill Progress::gates (costs a small copy per report)
    // After every finished epoch of a lone run: its checkpoint (Trainer::checkpoint) as bytes, to
    // be written where a killed run can resume from it (mtlx-cli train: DIR/checkpoint.pt).
    std::function<void(const std::string& bytes)> onCheckpoint;
    // RunResult::weights of each run (its model.pt); sweeps, which keep no model, turn it off.
    bool keepWeights = true;
    double progressIntervalSeconds = 0.1;
};

struct RunControl {
    std::atomic<bool> stop{false};
    std::atomic<bool> pause{false};
};

RunResult runExperiment(const ExperimentSpec& spec, RunControl& control, const RunCallbacks& callbacks);

// mtlx-cli train --resume: the lone run whose checkpoint (RunCallbacks::onCheckpoint) `bytes`
// holds, continued after its last finished epoch; with the same thread count its numbers equal
// those of the run never stopped. InputError naming `source` when the bytes are no checkpoint.
RunResult resumeExperiment(const std::string& bytes, const std::string& source, RunControl& control,
                           const RunCallbacks& callbacks);
// The spec of the lone run a checkpoint holds.
ExperimentSpec checkpointSpec(const std::string& bytes, const std::string& source);

// Runs that differ only in task weights and seed (e.g. the seeds of one architecture), trained
// as one stacked model on data loaded once: each result equals runExperiment's for its spec
// (docs/performance.md, "Stacked sweeps"), wall times excepted. onRunEnded is called as each run
// ends, on the calling thread. Progress reports the stack (task losses: the mean over its live
// runs); onProbes is called for each live run (ProbeSnapshot::run), onEpoch only for a stack of
// one run. Specs that may not stack are an InputError.
using StackRunEnded = std::function<void(std::size_t run, const RunResult& result)>;
std::vector<RunResult> runExperimentStack(const std::vector<ExperimentSpec>& specs, RunControl& control,
                                          const RunCallbacks& callbacks, const StackRunEnded& onRunEnded = {});

// Parameter counts of the model a spec builds for inputs of `inputSize` features.
ParameterCounts modelSize(const ExperimentSpec& spec, std::int64_t inputSize);
// The same for the data set's input shape when the spec alone tells it (generated and image
// data); false when it depends on the data files (census, adult, movielens, csv).
bool modelSizeFromSpec(const ExperimentSpec& spec, ParameterCounts& counts);

} // namespace mtlx
