#include "ui/trainingworker.h"

#include "core/spec/specerror.h"

namespace mtlx::ui {
namespace {

QString firstLine(const std::exception& e)
{
    const std::string what = e.what();
    return QString::fromStdString(what.substr(0, what.find('\n')));
}

} // namespace

RunCallbacks TrainingWorker::callbacks()
{
    RunCallbacks cb;
    cb.progressIntervalSeconds = 0.1; // 10 reports a second: enough to watch, little work taken from training
    cb.liveGates = true;
    cb.onProgress = [this](const Progress& p) { Q_EMIT progress(p); };
    cb.onEpoch = [this](const EpochRecord& e) { Q_EMIT epochFinished(e); };
    cb.onProbes = [this](const ProbeSnapshot& s) { Q_EMIT probes(s); };
    return cb;
}

RunCallbacks TrainingWorker::checkpointing(const QString& checkpoint)
{
    auto cb = callbacks();
    if (!checkpoint.isEmpty())
        cb.onCheckpoint = [path = checkpoint.toStdString()](const std::string& bytes) { writeTextFile(path, bytes); };
    return cb;
}

void TrainingWorker::runOne(const std::function<RunResult()>& train)
{
    try {
        Q_EMIT runFinished(0, train());
    } catch (const std::exception& e) {
        Q_EMIT failed(firstLine(e), dynamic_cast<const InputError*>(&e) != nullptr);
    }
    Q_EMIT idle();
}

void TrainingWorker::train(const ExperimentSpec& spec, const QString& checkpoint)
{
    runOne([&] { return runExperiment(spec, *control_, checkpointing(checkpoint)); });
}

void TrainingWorker::resume(const QString& checkpoint)
{
    runOne([&] {
        const auto path = checkpoint.toStdString();
        const auto bytes = readFileBytes(path, "not found (the run has nothing to resume from)");
        return resumeExperiment(bytes, path, *control_, checkpointing(checkpoint));
    });
}

void TrainingWorker::trainStack(const std::vector<ExperimentSpec>& specs)
{
    try {
        if (specs.size() == 1)
            Q_EMIT runFinished(0, runExperiment(specs.front(), *control_, callbacks()));
        else
            runExperimentStack(specs, *control_, callbacks(), [this](std::size_t run, const RunResult& r) {
                Q_EMIT runFinished(static_cast<int>(run), r);
            });
    } catch (const std::exception& e) {
        Q_EMIT failed(firstLine(e), dynamic_cast<const InputError*>(&e) != nullptr);
    }
    Q_EMIT idle();
}

void TrainingWorker::sweep(const ExperimentSpec& spec, const QString& folder, int jobs)
{
    try {
        SweepOptions options;
        options.outDir = folder.toStdString();
        options.jobs = jobs;
        SweepCallbacks cb;
        cb.progressIntervalSeconds = 0.04;
        cb.onProgress = [this](const SweepStatus& s) { Q_EMIT sweepProgress(s); };
        cb.onRunFinished = [this](const SweepRun& run, const RunResult& r, const ParetoPoint& p) {
            Q_EMIT sweepRunFinished(run, r, p);
        };
        const auto outcome = runSweep(spec, options, *control_, cb);
        Q_EMIT sweepFinished(outcome.frontier, folder, outcome.stopped);
    } catch (const std::exception& e) {
        Q_EMIT failed(firstLine(e), dynamic_cast<const InputError*>(&e) != nullptr);
    }
    Q_EMIT idle();
}

void TrainingWorker::measure(const ExperimentSpec& spec, int request)
{
    ParameterCounts counts;
    try {
        const bool known = modelSizeFromSpec(spec, counts);
        Q_EMIT measured(request, known, counts, {});
    } catch (const std::exception& e) {
        Q_EMIT measured(request, false, counts, firstLine(e));
    }
}

} // namespace mtlx::ui
