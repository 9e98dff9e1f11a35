#include "core/runner.h"

#include <chrono>
#include <mutex>
#include <thread>

#include "core/dataset.h"
#include "core/trainer.h"

namespace mtlx {

RunResult runExperiment(const ExperimentSpec& spec, RunControl& control, const RunCallbacks& callbacks)
{
    const auto start = std::chrono::steady_clock::now();
    const int threads = spec.training.threads > 0 ? spec.training.threads
                                                  : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(threads);
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
    std::vector<std::int64_t> shape;
    if (!readsDataFiles(spec.dataset.kind)) shape = {spec.dataset.dim};
    else if (spec.dataset.kind == "multi_mnist" || spec.dataset.kind == "multi_fashion") shape = {1, 32, 32};
    else return false;
    const std::lock_guard<std::mutex> lock(modelInitialisationMutex());
    counts = MtlModel(spec, InputInfo{shape, {}, 0}, spec.tasks())->parameterCounts();
    return true;
}

}  // namespace mtlx
