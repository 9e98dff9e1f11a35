#pragma once
// Trains one MtlModel on one Dataset as an ExperimentSpec says. Core-internal (uses torch);
// the rest of the program goes through runner.h.
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include <torch/torch.h>

#include "core/engine/data/dataset.h"
#include "core/engine/models/mtlmodel.h"
#include "core/engine/runner.h"
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

// Thrown from a data loader's progress callback when the run was stopped while its data loaded.
struct LoadingStopped {};

// runExperiment (runner.h) on data already loaded: builds the model, trains it on the calling
// thread and returns the result, wall time from the model's construction.
RunResult trainOnData(const ExperimentSpec& spec, const Dataset& data, RunControl& control,
                      const RunCallbacks& callbacks);

// Predictions of the model on a split, in evaluation mode.
struct Evaluation {
    std::vector<torch::Tensor> logits;    // per task, [N, outputs]
    torch::Tensor representation;         // the probed layer [N, units] (when asked for)
    std::vector<torch::Tensor> gateMeans; // per level, [rows, cols] mean over the split
};

// What one optimisation step did.
struct StepResult {
    std::vector<double> taskLosses; // per task, the main tower's loss on the batch
    double weightedLoss = 0;        // what the weighting method minimised (small heads included)
    int badTask = -1;               // ≥ 0: this task's loss was NaN or ±Inf and nothing was updated
    double badValue = 0;
    std::vector<torch::Tensor> gates; // per level [B, rows, cols], when asked for
};

class Trainer {
public:
    // Seeds torch with spec.training.seed and builds the model and optimizer. The dataset must
    // outlive the trainer. Throws SpecError when the model cannot be built.
    Trainer(const ExperimentSpec& spec, const Dataset& data);

    RunResult run(RunControl& control, const RunCallbacks& callbacks);

    // One forward/backward/update on a batch (the model must be in training mode). This is the
    // whole of a training step: run() calls it for every batch and `mtlx-cli bench` times it.
    StepResult step(const Split& batch, bool keepGates = false);

    Evaluation evaluate(const Split& split, bool withProbe);
    MtlModel& model() { return model_; }

private:
    // One pass over the shuffled training split; returns false when stopped or diverged.
    bool trainEpoch(int epoch, RunControl& control, const RunCallbacks& callbacks, RunResult& result,
                    std::vector<double>& meanLoss, std::vector<double>& meanWeights);
    std::vector<double> splitLosses(const Split& split, const Evaluation& e) const;
    // Why the model is unusable (weights or a split's loss in `record` not finite), or "".
    std::string nonFiniteModel(const EpochRecord& record) const;
    // The final metrics and probes; `validation` and `test` are the final model's predictions
    // when the last epoch left them (else they are computed here).
    void finish(RunResult& result, std::optional<Evaluation>& validation, std::optional<Evaluation>& test);
    std::vector<GateMatrix> gateMatrices(const std::vector<torch::Tensor>& means);
    // training.report_last: keeps the last N epochs' validation and test metrics per task.
    void recordForReport(const Evaluation& validation, const Evaluation& test);
    void averageReported(RunResult& result) const;
    torch::Tensor probedLayer(const BackboneOutput& features) const;

    ExperimentSpec spec_;
    const Dataset& data_;
    MtlModel model_{nullptr};
    std::unique_ptr<LossWeighting> weighting_;
    std::unique_ptr<torch::optim::Optimizer> optimizer_;
    std::string probeLayer_; // shared | experts | a task name (probe.layer with auto resolved)
    int probeTask_ = -1;     // the task whose z_t is probed, when probeLayer_ names one
    // The last report_last epochs' metrics, [epoch][task], oldest first.
    std::deque<std::vector<Metrics>> recentValidation_, recentTest_;
    // Progress bookkeeping across epochs.
    double trainSeconds_ = 0;
    std::int64_t examplesSeen_ = 0;
};

} // namespace mtlx
