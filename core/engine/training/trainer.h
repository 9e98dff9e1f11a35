#pragma once
// Trains a stack of runs of one MtlModel spec on one Dataset (models/stacked.h): a single run is a
// stack of one; a sweep stacks runs that differ only in task weights and seed, and each run of a
// stack gives the result it gives alone. Core-internal (uses torch); the rest of the program
// goes through runner.h and sweep.h.
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include <torch/torch.h>

#include "core/engine/data/dataset.h"
#include "core/engine/inspect.h"
#include "core/engine/models/mtlmodel.h"
#include "core/engine/runner.h"
#include "core/engine/training/conflict.h"
#include "core/engine/training/optimizer.h"
#include "core/engine/training/weighting.h"

namespace mtlx {

// Running out of memory while building or training a model (std::bad_alloc, LibTorch's allocator
// errors) as an InputError: the program exits 2 with the reason instead of an internal error.
// Call from a catch block; rethrows anything else.
[[noreturn]] void rethrowAsInputError(const ExperimentSpec& spec);

// Model construction draws from LibTorch's global generator; whoever builds a model holds this
// lock, so that trainers built side by side (a sweep's parallel runs, the window's size
// preview) each get the weights their seed says.
std::mutex& modelInitialisationMutex();

// LibTorch intra-op threads for a `threads` setting: itself when > 0, else the number of cores.
int intraOpThreads(int requested);
// Sets the calling thread's LibTorch intra-op threads, and has it and them flush subnormal floats
// to zero. Weight decay drives many weights below 1.2e-38 within a few epochs, and arithmetic on
// such subnormals is many times slower on x86 (a census-6 AdaTT epoch grew from 21 to 82 s over 10
// epochs); values that small change no result. Call it on every thread that computes.
void useComputeThreads(int threads);
// The flushing alone, for the calling thread and the intra-op threads it uses.
void flushSubnormals();

// Thrown from a data loader's progress callback when the run was stopped while its data loaded.
struct LoadingStopped {};

// Whether two specs may train in one stack: equal configurationKey()s (spec.h) — equal but for
// training.task_weights, training.seed, training.threads, the name, the description and the
// sweep section.
bool canStack(const ExperimentSpec& a, const ExperimentSpec& b);

// Called as each run of a stack ends (a diverged run at once, the others after the last epoch),
// with its index in the stack and its finished result.
using RunEnded = std::function<void(std::size_t run, const RunResult& result)>;

// runExperiment (runner.h) on data already loaded: builds the model, trains it on the calling
// thread and returns the result, wall time from the model's construction.
RunResult trainOnData(const ExperimentSpec& spec, const Dataset& data, RunControl& control,
                      const RunCallbacks& callbacks);
// A checkpoint to go on from (Trainer::checkpoint's bytes) and the file it came from.
struct ResumeFrom {
    std::string bytes, source;
};
// The same for a stack of runs (canStack with each other); results in the order of `runs`. With
// `from`, the stack goes on from that checkpoint of exactly these runs (InputError naming its
// source when it is of another stack).
std::vector<RunResult> trainStackOnData(const std::vector<ExperimentSpec>& runs, const Dataset& data,
                                        RunControl& control, const RunCallbacks& callbacks,
                                        const RunEnded& onRunEnded = {}, const ResumeFrom* from = nullptr);

// Predictions of every run of the stack on a split, in evaluation mode.
// training.select = best_validation: an epoch's score from its validation metrics per task, lower
// is better — the sum over tasks of select_metric (negated where higher is better; "auto": AUC
// where every task is binary, else the loss); a task without it scores +∞.
double selectionScore(const std::vector<TaskInfo>& tasks, const std::vector<Metrics>& validation,
                      const std::string& selectMetric);

struct Evaluation {
    std::vector<torch::Tensor> logits;    // per task, [R, N, outputs]
    torch::Tensor representation;         // the probed layer [R, N, units] (when asked for)
    std::vector<torch::Tensor> gateMeans; // per level, [R, rows, cols] mean over the split
};

// What one optimisation step did, per run of the stack.
struct StepResult {
    std::vector<std::vector<double>> taskLosses; // [run][task], the main towers' losses on the batch
    std::vector<double> weightedLoss;            // [run], what the weighting method minimised (heads included)
    std::vector<std::vector<double>> headLosses; // [run][task], γ · Σ of the task's small heads' losses (with heads)
    // Runs whose loss (or objective) became NaN or ±Inf in this step, with the task and value.
    // Such a run must end (Trainer::run ends it diverged): alone it is not updated; in a stack its
    // update is garbage and the trainer resets it, while the others step as usual.
    struct Bad {
        std::size_t run = 0;
        std::size_t task = 0;
        double value = 0;
    };
    std::vector<Bad> diverged;
    std::vector<torch::Tensor> gates; // per level [R, B, rows, cols], when asked for
};

class Trainer {
public:
    // Builds the stack: run r's weights are those a model of one run gets from LibTorch's
    // generator seeded with runs[r].training.seed. The dataset must outlive the trainer. Throws
    // SpecError when the model cannot be built, std::invalid_argument when the runs cannot stack.
    Trainer(const std::vector<ExperimentSpec>& runs, const Dataset& data);
    Trainer(const ExperimentSpec& spec, const Dataset& data) : Trainer(std::vector<ExperimentSpec>{spec}, data) {}

    // Trains every run. `callbacks.onProgress` follows the whole stack; onProbes is called for
    // each live run (ProbeSnapshot::run), onEpoch for a stack of one only. Returns the results in
    // order.
    std::vector<RunResult> run(RunControl& control, const RunCallbacks& callbacks, const RunEnded& onRunEnded = {});

    // One forward/backward/update on a batch (the model must be in training mode). This is the
    // whole of a training step: run() calls it for every batch and `mtlx-cli bench` times it.
    // sampleConflict: the gradient-conflict probe (conflict.h) samples this step.
    StepResult step(const Batch& batch, bool keepGates = false, bool sampleConflict = false);

    // A preference-conditioned model is evaluated at `preference` ([1, T] or [R, T]; undefined:
    // the uniform preference, which the history's metrics and the result's probes are of).
    Evaluation evaluate(const Split& split, bool withProbe, const torch::Tensor& preference = {});

    // Run 0 at `preference` on the test split (a preference-conditioned model): each task's test
    // metrics, the activation probe and the gate matrices.
    PreferenceView evaluateAt(const std::vector<double>& preference);

    // A checkpoint after `epoch` finished epochs (DIR/checkpoint.pt, docs/results.md): the specs
    // and everything run() needs to go on as if it had never stopped — weights, optimizer and
    // weighting-method state, the small heads' dropout generators, LibTorch's generator, each
    // run's history, status and best-epoch state — as LibTorch archive bytes.
    std::string checkpoint(int epoch) const;
    // Puts a checkpoint's state back; run() then starts after its epoch. Throws InputError naming
    // `source` when it is not a checkpoint of these runs.
    void restore(const std::string& bytes, const std::string& source);
    // The specs a checkpoint holds (InputError naming `source` when it holds none).
    static std::vector<ExperimentSpec> checkpointSpecs(const std::string& bytes, const std::string& source);
    MtlModel& model() { return model_; }
    std::size_t runs() const { return runs_.size(); }

private:
    // Per run of the stack.
    struct RunState {
        RunResult result;
        bool training = true; // not yet ended (diverged runs end early)
        bool ended = false;   // onRunEnded called
        // The last report_last epochs' metrics, [epoch][task], oldest first.
        std::deque<std::vector<Metrics>> recentValidation, recentTest;
        // training.select = best_validation: the best epoch so far and its score (lower is better);
        // its weights are kept in bestValues_.
        int bestEpoch = 0;
        double bestScore = 0;
    };

    // One pass over each run's shuffled training split; false when stopped or no run is left.
    bool trainEpoch(int epoch, RunControl& control, const RunCallbacks& callbacks, std::vector<EpochRecord>& records);
    torch::Tensor epochOrder(int epoch) const; // [R, n] each run's shuffle of the training split
    // callbacks.onProgress after `batch` (0-based) of the epoch; rowsSoFar rows seen this epoch.
    void reportProgress(int epoch, std::int64_t batch, std::int64_t batches, double rowsSoFar,
                        const std::vector<double>& weightedLoss, const StepResult& s, const RunCallbacks& callbacks);
    // Run r leaves the stack now with this status: diverged runs are reset to zeros so that the
    // others train on untouched.
    void stopTraining(std::size_t r, RunStatus status, const std::string& message);
    void endRun(std::size_t r, const RunEnded& onRunEnded);
    std::vector<std::vector<double>> splitLosses(const Split& split, const Evaluation& e) const; // [run][task]
    // Per run: why the model is unusable (weights or a split's loss not finite), or "".
    std::vector<std::string> nonFiniteRuns(const std::vector<EpochRecord>& records) const;
    // The final metrics and probes of the runs still open; `validation` and `test` are the final
    // model's predictions when the last epoch left them (else they are computed here).
    void finish(std::optional<Evaluation>& validation, std::optional<Evaluation>& test, const RunEnded& onRunEnded);
    // training.preference: each measured run's model at the front's preferences, on the test split.
    void measureFronts(const std::vector<std::size_t>& measured);
    std::vector<GateMatrix> gateMatrices(const std::vector<torch::Tensor>& means, std::int64_t run);
    // training.select = best_validation: keeps run r's weights when this epoch's validation score
    // is its best so far.
    void keepIfBest(std::size_t r, int epoch, const Evaluation& validation);
    // Run r's metrics per task on a split, from that split's evaluation.
    std::vector<Metrics> splitMetrics(const Split& split, const Evaluation& evaluation, std::size_t r) const;
    // training.report_last: keeps the last N epochs' validation and test metrics per run and task.
    void recordForReport(std::size_t r, const Evaluation& validation, const Evaluation& test);
    void averageReported(RunState& run) const;
    // callbacks.onProbes for every run still training, from this epoch's test evaluation.
    void reportProbes(int epoch, const Evaluation& test, const RunCallbacks& callbacks);
    torch::Tensor probedLayer(const BackboneOutput& features) const;
    torch::Tensor liveMask() const; // [R] bool, the runs still training

    std::vector<ExperimentSpec> specs_;
    const Dataset& data_;
    std::vector<RunState> runs_;
    MtlModel model_{nullptr};
    std::unique_ptr<LossWeighting> weighting_;
    std::unique_ptr<FlatParameters> flat_;
    std::unique_ptr<FlatOptimizer> optimizer_;
    torch::Tensor bestValues_;                // training.select = best_validation: each run's weights of its best epoch
    std::unique_ptr<ConflictProbe> conflict_; // null when probe.conflict_every is 0 or nothing is shared
    std::string probeLayer_;                  // shared | experts | a task name (probe.layer with auto resolved)
    int probeTask_ = -1;                      // the task whose z_t is probed, when probeLayer_ names one
    // Progress bookkeeping across epochs.
    std::chrono::steady_clock::time_point constructed_;
    double trainSeconds_ = 0;
    std::int64_t examplesSeen_ = 0; // per run
    double runSeconds_ = 0;         // every epoch's wall time, the stopped one included
    int startEpoch_ = 1;            // after restore(): the epoch after the checkpoint's
    bool keepWeights_ = true;       // RunCallbacks::keepWeights of run(), for finish()
};

} // namespace mtlx
