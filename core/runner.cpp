#include "core/runner.h"

#include <chrono>
#include <mutex>

#include "core/dataset.h"
#include "core/trainer.h"

namespace mtlx {

RunResult runExperiment(const ExperimentSpec& spec, RunControl& control, const RunCallbacks& callbacks)
{
    const auto start = std::chrono::steady_clock::now();
    torch::set_num_threads(intraOpThreads(spec.training.threads));
    if (callbacks.onProgress) {
        Progress p;
        p.stage = "loading data";
        p.epochs = spec.training.epochs;
        callbacks.onProgress(p);
    }
    LoadProgress loading;
    if (callbacks.onProgress)
        loading = [&](const std::string& what, double fraction) {
            Progress p;
            p.stage = "loading " + what;
            p.stageFraction = fraction;
            p.epochs = spec.training.epochs;
            callbacks.onProgress(p);
        };
    const Dataset data = loadDataset(spec.dataset, loading);
    Trainer trainer(spec, data);
    RunResult result = trainer.run(control, callbacks);
    result.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

ParameterCounts modelSize(const ExperimentSpec& spec, std::int64_t inputSize)
{
    const std::lock_guard<std::mutex> lock(modelInitialisationMutex());
    return MtlModel(spec, inputSize, spec.tasks())->parameterCounts();
}

bool modelSizeFromSpec(const ExperimentSpec& spec, ParameterCounts& counts)
{
    const auto shape = inputShapeFromSpec(spec.dataset);
    if (shape.empty()) return false;
    const std::lock_guard<std::mutex> lock(modelInitialisationMutex());
    counts = MtlModel(spec, InputInfo{shape, {}, 0}, spec.tasks())->parameterCounts();
    return true;
}

}  // namespace mtlx
