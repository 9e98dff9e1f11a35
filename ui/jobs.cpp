#include "ui/jobs.h"

#include <QThread>

namespace mtlx::ui {

JobTracker::~JobTracker()
{
    waitAll();
}

int JobTracker::start(QObject* receiver, Work work, std::function<void()> done)
{
    const int id = nextId_++;
    auto stop = std::make_shared<std::atomic<bool>>(false);
    QThread* thread = QThread::create([work = std::move(work), stop] { work(*stop); });
    jobs_[id] = Job{thread, stop};
    QPointer<QObject> alive(receiver);
    // Queued to the tracker (UI thread) when the thread ends: the receiver is asked then.
    const bool anyReceiver = receiver == nullptr;
    connect(thread, &QThread::finished, this, [this, id, alive, anyReceiver, done = std::move(done)] {
        const auto it = jobs_.find(id);
        if (it == jobs_.end()) return; // waitAll has taken it
        it->second.thread->deleteLater();
        jobs_.erase(it);
        if (done && (alive || anyReceiver)) done();
        Q_EMIT jobEnded(id);
    });
    thread->start();
    return id;
}

void JobTracker::cancel(int id)
{
    if (const auto it = jobs_.find(id); it != jobs_.end()) it->second.stop->store(true);
}

bool JobTracker::running(int id) const
{
    return jobs_.count(id) > 0;
}

void JobTracker::waitAll()
{
    for (auto& [id, job] : jobs_)
        job.stop->store(true);
    for (auto& [id, job] : jobs_) {
        job.thread->wait();
        delete job.thread;
    }
    jobs_.clear();
}

} // namespace mtlx::ui
