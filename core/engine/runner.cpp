#include "core/engine/runner.h"

#include <chrono>
#include <mutex>

#include "core/engine/data/dataset.h"
#include "core/engine/memory.h"
#include "core/engine/training/trainer.h"

namespace mtlx {

RunResult runExperiment(const ExperimentSpec& spec, RunControl& control, const RunCallbacks& callbacks)
{
    const auto start = std::chrono::steady_clock::now();
    torch::set_num_threads(intraOpThreads(spec.training.threads));
    // Generated data and images: the whole run is known before anything is allocated.
    if (const auto shape = inputShapeFromSpec(spec.dataset); !shape.empty())
        requireMemory(estimateRunMemory(spec, shapeSize(shape)), spec);
    if (callbacks.onProgress) {
        Progress p;
        p.epochs = spec.training.epochs;
        callbacks.onProgress(p);
    }
    // Reports the load and lets a stop end it between two chunks of a file.
    const LoadProgress loading = [&](const std::string& what, double fraction) {
        if (control.stop.load()) throw LoadingStopped{};
        if (!callbacks.onProgress) return;
        Progress p;
        p.file = what;
        p.stageFraction = fraction;
        p.epochs = spec.training.epochs;
        callbacks.onProgress(p);
    };
    Dataset data;
    try {
        data = loadDataset(spec.dataset, loading);
    } catch (const LoadingStopped&) {
        RunResult stopped;
        stopped.spec = spec;
        stopped.status = RunStatus::Stopped;
        stopped.message = "stopped while the data loaded";
        return stopped;
    }
    const auto rows = data.train.size() + data.validation.size() + data.test.size();
    requireMemory(estimateRunMemory(spec, data.inputSize(), rows), spec);
    RunResult result = trainOnData(spec, data, control, callbacks);
    result.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

std::string stageText(Stage stage, const std::string& file)
{
    if (stage == Stage::Training) return "training";
    return "loading " + (file.empty() ? std::string("data") : file);
}

std::string Progress::stageText() const
{
    return mtlx::stageText(stage, file);
}

namespace {

// Building a model to count it allocates its weights: refuse one that would not fit.
void requireModelMemory(const ExperimentSpec& spec, std::int64_t inputSize)
{
    auto e = estimateRunMemory(spec, inputSize, 1);
    e.activationBytes = e.dataBytes = 0;
    e.modelBytes /= 4; // weights only: no gradients or optimiser state yet
    requireMemory(e, spec, "the model");
}

} // namespace

ParameterCounts modelSize(const ExperimentSpec& spec, std::int64_t inputSize)
{
    requireModelMemory(spec, inputSize);
    const std::lock_guard<std::mutex> lock(modelInitialisationMutex());
    return MtlModel(spec, inputSize, spec.tasks())->parameterCounts();
}

bool modelSizeFromSpec(const ExperimentSpec& spec, ParameterCounts& counts)
{
    const auto shape = inputShapeFromSpec(spec.dataset);
    if (shape.empty()) return false;
    requireModelMemory(spec, shapeSize(shape));
    const std::lock_guard<std::mutex> lock(modelInitialisationMutex());
    counts = MtlModel(spec, InputInfo{shape, {}, 0}, spec.tasks())->parameterCounts();
    return true;
}

} // namespace mtlx
