#include "ui/trainingcontroller.h"

#include "ui/jobs.h"

namespace mtlx::ui {

TrainingController::TrainingController(QObject* parent) : QObject(parent)
{
    static const bool registered = [] {
        qRegisterMetaType<ExperimentSpec>();
        qRegisterMetaType<std::vector<ExperimentSpec>>();
        qRegisterMetaType<Progress>();
        qRegisterMetaType<EpochRecord>();
        qRegisterMetaType<ProbeSnapshot>();
        qRegisterMetaType<RunResult>();
        qRegisterMetaType<ParameterCounts>();
        qRegisterMetaType<SweepStatus>();
        qRegisterMetaType<SweepRun>();
        qRegisterMetaType<ParetoPoint>();
        qRegisterMetaType<Frontier>();
        return true;
    }();
    (void)registered;
    worker_ = new TrainingWorker(control_, this);
    sizer_ = new TrainingWorker(std::make_shared<RunControl>(), this);
    jobs_ = new JobTracker(this);
    // Emitted on the job's thread: queued here.
    connect(worker_, &TrainingWorker::idle, this, [this] {
        busy_ = false;
        Q_EMIT busyChanged(false);
    });
    connect(sizer_, &TrainingWorker::measured, this,
            [this](int request, bool known, const ParameterCounts& counts, const QString& error) {
                if (request == request_) Q_EMIT measured(known, counts, error);
            });
}

TrainingController::~TrainingController()
{
    control_->stop = true;
    control_->pause = false;
    jobs_->waitAll(); // before the workers the jobs use go
}

void TrainingController::startTraining(std::function<void(TrainingWorker&)> work)
{
    if (busy_) return;
    control_->stop = false;
    control_->pause = false;
    busy_ = true;
    Q_EMIT busyChanged(true);
    jobs_->start(this, [worker = worker_, work = std::move(work)](const std::atomic<bool>&) { work(*worker); });
}

void TrainingController::train(const ExperimentSpec& spec, const QString& checkpoint)
{
    startTraining([spec, checkpoint](TrainingWorker& w) { w.train(spec, checkpoint); });
}

void TrainingController::resume(const QString& checkpoint)
{
    startTraining([checkpoint](TrainingWorker& w) { w.resume(checkpoint); });
}

void TrainingController::trainStack(const std::vector<ExperimentSpec>& specs)
{
    if (specs.empty()) return;
    startTraining([specs](TrainingWorker& w) { w.trainStack(specs); });
}

void TrainingController::sweep(const ExperimentSpec& spec, const QString& folder, int jobs)
{
    startTraining([spec, folder, jobs](TrainingWorker& w) { w.sweep(spec, folder, jobs); });
}

void TrainingController::setPaused(bool paused)
{
    control_->pause = paused;
}

void TrainingController::stop()
{
    control_->stop = true;
    control_->pause = false;
}

void TrainingController::measure(const ExperimentSpec& spec)
{
    const int request = ++request_;
    jobs_->start(this, [sizer = sizer_, spec, request](const std::atomic<bool>&) { sizer->measure(spec, request); });
}

} // namespace mtlx::ui
