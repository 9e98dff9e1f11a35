#include "core/engine/runner.h"

#include <chrono>
#include <mutex>

#include "core/engine/data/dataset.h"
#include "core/engine/training/trainer.h"

namespace mtlx {

RunResult runExperiment(const ExperimentSpec& spec, RunControl& control, const RunCallbacks& callbacks)
{
    const auto start = std::chrono::steady_clock::now();
    torch::set_num_threads(intraOpThreads(spec.training.threads));
    if (callbacks.onProgress) {
        Progress p;
        p.epochs = spec.training.epochs;
        callbacks.onProgress(p);
    }
    LoadProgress loading;
    if (callbacks.onProgress)
        loading = [&](const std::string& what, double fraction) {
            Progress p;
            p.file = what;
            p.stageFraction = fraction;
            p.epochs = spec.training.epochs;
            callbacks.onProgress(p);
        };
    const Dataset data = loadDataset(spec.dataset, loading);
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

} // namespace mtlx
