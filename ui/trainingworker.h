#pragma once
// The object that trains: its methods run on a job thread of the TrainingController (one
// experiment, resume or sweep per call) and report through signals that carry value structs,
// queued to the window on the UI thread where the object lives. The stop and pause flags belong
// to the controller and are read between batches.
#include <functional>
#include <memory>

#include <QObject>
#include <QString>

#include "ui/metatypes.h"

namespace mtlx::ui {

class TrainingWorker : public QObject {
    Q_OBJECT
public:
    TrainingWorker(std::shared_ptr<RunControl> control, QObject* parent) : QObject(parent), control_(std::move(control))
    {
    }

    // One run, or a stack of runs (runExperimentStack): runFinished as each ends.
    void trainStack(const std::vector<mtlx::ExperimentSpec>& specs);
    // One run that writes its checkpoint to `checkpoint` after every epoch ("": none).
    void train(const mtlx::ExperimentSpec& spec, const QString& checkpoint);
    // The run of `checkpoint` (a checkpoint.pt), going on after its last finished epoch and
    // rewriting the file as it goes.
    void resume(const QString& checkpoint);
    // Sweeps into `folder` (sweep.h); each stored run is reported at once.
    void sweep(const mtlx::ExperimentSpec& spec, const QString& folder, int jobs);
    // Parameter counts of the model a spec builds (off the UI thread: it builds the model).
    void measure(const mtlx::ExperimentSpec& spec, int request);

Q_SIGNALS:
    void progress(const mtlx::Progress& p);
    void epochFinished(const mtlx::EpochRecord& e);
    void probes(const mtlx::ProbeSnapshot& s);
    // A run ended; `run` is its index in the stack trained (0 for a lone run).
    void runFinished(int run, const mtlx::RunResult& r);
    void sweepProgress(const mtlx::SweepStatus& s);
    void sweepRunFinished(const mtlx::SweepRun& run, const mtlx::RunResult& r, const mtlx::ParetoPoint& p);
    void sweepFinished(const mtlx::Frontier& f, const QString& folder, bool stopped);
    // One line: bad data or a bad spec (`badInput`: an InputError, exit code 2 in scripts), or an
    // internal error.
    void failed(const QString& message, bool badInput);
    void measured(int request, bool known, const mtlx::ParameterCounts& counts, const QString& error);
    void idle(); // after every trainStack() or sweep(), whatever the outcome

private:
    RunCallbacks callbacks();
    RunCallbacks checkpointing(const QString& checkpoint);
    // Runs `train` (one run), reports its result or failure, then idle.
    void runOne(const std::function<RunResult()>& train);
    std::shared_ptr<RunControl> control_;
};

} // namespace mtlx::ui
