#include "core/engine/runner.h"

#include <chrono>
#include <mutex>

#include "core/engine/data/dataset.h"
#include "core/engine/memory.h"
#include "core/engine/training/trainer.h"
#include "core/spec/specerror.h"

namespace mtlx {

namespace {

// Loads the data of a run (or of a stack of R runs of one spec) after checking that it fits;
// false when a stop ended the load.
bool loadRunData(const ExperimentSpec& spec, std::int64_t runs, RunControl& control, const RunCallbacks& callbacks,
                 Dataset& data)
{
    useComputeThreads(intraOpThreads(spec.training.threads));
    // Generated data and images: the whole run is known before anything is allocated.
    if (const auto shape = inputShapeFromSpec(spec.dataset); !shape.empty())
        requireMemory(estimateRunMemory(spec, shapeSize(shape)).forRuns(runs), spec);
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
    try {
        data = loadDataset(spec.dataset, loading);
    } catch (const LoadingStopped&) {
        return false;
    }
    const auto rows = data.train.size() + data.validation.size() + data.test.size();
    requireMemory(estimateRunMemory(spec, data.inputSize(), rows).forRuns(runs), spec);
    return true;
}

RunResult stoppedWhileLoading(const ExperimentSpec& spec)
{
    RunResult stopped;
    stopped.spec = spec;
    stopped.status = RunStatus::Stopped;
    stopped.message = "stopped while the data loaded";
    return stopped;
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

RunResult runExperiment(const ExperimentSpec& spec, RunControl& control, const RunCallbacks& callbacks)
{
    const auto start = std::chrono::steady_clock::now();
    Dataset data;
    if (!loadRunData(spec, 1, control, callbacks, data)) return stoppedWhileLoading(spec);
    RunResult result = trainOnData(spec, data, control, callbacks);
    result.wallSeconds = secondsSince(start);
    return result;
}

ExperimentSpec checkpointSpec(const std::string& bytes, const std::string& source)
{
    const auto specs = Trainer::checkpointSpecs(bytes, source);
    if (specs.size() != 1) throw InputError(source + ": a checkpoint of a stack of runs, not of one run");
    return specs.front();
}

RunResult resumeExperiment(const std::string& bytes, const std::string& source, RunControl& control,
                           const RunCallbacks& callbacks)
{
    const auto spec = checkpointSpec(bytes, source);
    const auto start = std::chrono::steady_clock::now();
    Dataset data;
    if (!loadRunData(spec, 1, control, callbacks, data)) return stoppedWhileLoading(spec);
    try {
        Trainer trainer(spec, data);
        trainer.restore(bytes, source);
        RunResult result = trainer.run(control, callbacks).at(0);
        result.wallSeconds = secondsSince(start);
        return result;
    } catch (...) {
        rethrowAsInputError(spec);
    }
}

std::vector<RunResult> runExperimentStack(const std::vector<ExperimentSpec>& specs, RunControl& control,
                                          const RunCallbacks& callbacks, const StackRunEnded& onRunEnded)
{
    if (specs.empty()) return {};
    // The Trainer refuses such a stack too, but only once the data are loaded: refuse it first.
    for (const auto& s : specs)
        if (!canStack(specs.front(), s))
            throw InputError("runs of one stack must differ only in task weights and seed ('" + specs.front().name +
                             "' and '" + s.name + "' differ otherwise)");
    const auto start = std::chrono::steady_clock::now();
    Dataset data;
    if (!loadRunData(specs.front(), static_cast<std::int64_t>(specs.size()), control, callbacks, data)) {
        std::vector<RunResult> stopped;
        for (std::size_t r = 0; r < specs.size(); ++r) {
            stopped.push_back(stoppedWhileLoading(specs[r]));
            if (onRunEnded) onRunEnded(r, stopped.back());
        }
        return stopped;
    }
    // Every run's wall time counts from the start, the data load included, as a lone run's does.
    const RunEnded ended = [&](std::size_t r, const RunResult& result) {
        if (!onRunEnded) return;
        RunResult timed = result;
        timed.wallSeconds = secondsSince(start);
        onRunEnded(r, timed);
    };
    auto results = trainStackOnData(specs, data, control, callbacks, ended);
    for (auto& r : results)
        r.wallSeconds = secondsSince(start);
    return results;
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
