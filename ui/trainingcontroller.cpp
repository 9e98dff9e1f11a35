#include "ui/trainingcontroller.h"

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
    worker_ = new TrainingWorker(control_);
    sizer_ = new TrainingWorker(std::make_shared<RunControl>());
    worker_->moveToThread(&thread_);
    sizer_->moveToThread(&sizeThread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(&sizeThread_, &QThread::finished, sizer_, &QObject::deleteLater);
    connect(this, &TrainingController::trainStackRequested, worker_, &TrainingWorker::trainStack);
    connect(this, &TrainingController::sweepRequested, worker_, &TrainingWorker::sweep);
    connect(this, &TrainingController::trainRequested, worker_, &TrainingWorker::train);
    connect(this, &TrainingController::resumeRequested, worker_, &TrainingWorker::resume);
    connect(this, &TrainingController::measureRequested, sizer_, &TrainingWorker::measure);
    connect(worker_, &TrainingWorker::idle, this, [this] {
        busy_ = false;
        Q_EMIT busyChanged(false);
    });
    connect(sizer_, &TrainingWorker::measured, this,
            [this](int request, bool known, const ParameterCounts& counts, const QString& error) {
                if (request == request_) Q_EMIT measured(known, counts, error);
            });
    thread_.setObjectName("mtlx-training");
    sizeThread_.setObjectName("mtlx-model-size");
    thread_.start();
    sizeThread_.start();
}

TrainingController::~TrainingController()
{
    control_->stop = true;
    control_->pause = false;
    thread_.quit();
    sizeThread_.quit();
    thread_.wait();
    sizeThread_.wait();
}

void TrainingController::start()
{
    control_->stop = false;
    control_->pause = false;
    busy_ = true;
    Q_EMIT busyChanged(true);
}

void TrainingController::train(const ExperimentSpec& spec, const QString& checkpoint)
{
    if (busy_) return;
    start();
    Q_EMIT trainRequested(spec, checkpoint);
}

void TrainingController::resume(const QString& checkpoint)
{
    if (busy_) return;
    start();
    Q_EMIT resumeRequested(checkpoint);
}

void TrainingController::trainStack(const std::vector<ExperimentSpec>& specs)
{
    if (busy_ || specs.empty()) return;
    start();
    Q_EMIT trainStackRequested(specs);
}

void TrainingController::sweep(const ExperimentSpec& spec, const QString& folder, int jobs)
{
    if (busy_) return;
    start();
    Q_EMIT sweepRequested(spec, folder, jobs);
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
    Q_EMIT measureRequested(spec, ++request_);
}

} // namespace mtlx::ui
