#pragma once
// Runs the window's training, sweeps and model-size previews as jobs of the UI's one job tracker
// (ui/jobs.h): one training job at a time (busy() until the worker says idle), size previews
// beside it, so that the editor's preview never waits for training. The TrainingWorker's
// signals, emitted on the job's thread, reach the window queued. Stop and pause are atomic flags
// the worker reads between batches; the destructor stops any run and waits for every job.
// UI thread only.
#include <memory>

#include <QObject>

#include "ui/trainingworker.h"

namespace mtlx::ui {

class JobTracker;

class TrainingController : public QObject {
    Q_OBJECT
public:
    explicit TrainingController(QObject* parent = nullptr);
    ~TrainingController() override;

    TrainingWorker* worker() const { return worker_; } // connect to its signals (queued)
    bool busy() const { return busy_; }
    bool paused() const { return control_->pause.load(); }

    // Ignored while busy. With `checkpoint`, the run rewrites that file after every epoch.
    void train(const ExperimentSpec& spec, const QString& checkpoint = {});
    // Goes on with the run of a checkpoint.pt (TrainingWorker::resume); ignored while busy.
    void resume(const QString& checkpoint);
    // Runs that differ only in seed and task weights, as one stacked model (runner.h); a
    // runFinished for each as it ends, probes per run, live epochs only for a stack of one.
    void trainStack(const std::vector<ExperimentSpec>& specs);
    void sweep(const ExperimentSpec& spec, const QString& folder, int jobs);
    void setPaused(bool paused);
    void stop(); // the run ends after the current batch; idle follows
    // Parameter counts for the spec; `measured` reports only the latest request.
    void measure(const ExperimentSpec& spec);

Q_SIGNALS:
    void busyChanged(bool busy);
    void measured(bool known, const mtlx::ParameterCounts& counts, const QString& error);

private:
    // Starts `work` on the worker as the training job (nothing while busy).
    void startTraining(std::function<void(TrainingWorker&)> work);
    std::shared_ptr<RunControl> control_ = std::make_shared<RunControl>();
    TrainingWorker* worker_ = nullptr;
    TrainingWorker* sizer_ = nullptr;
    JobTracker* jobs_ = nullptr;
    bool busy_ = false;
    int request_ = 0;
};

} // namespace mtlx::ui
