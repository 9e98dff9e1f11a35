#pragma once
// The one way ui/ runs work off the UI thread (docs/architecture.md). A job is a function run on
// a thread of its own; when it returns, its `done` runs on the UI thread — queued, and only while
// the job's receiver still lives. Jobs have ids: cancel(id) raises the job's stop flag, which the
// function reads where it can stop. The tracker waits for its jobs when it is destroyed (after
// raising every stop flag), so nothing runs after the window or dialog that owns it is gone.
// UI thread only, except the stop flag, which the job reads.
#include <atomic>
#include <functional>
#include <map>
#include <memory>

#include <QObject>
#include <QPointer>

class QThread;

namespace mtlx::ui {

class JobTracker : public QObject {
    Q_OBJECT
public:
    explicit JobTracker(QObject* parent = nullptr) : QObject(parent) {}
    ~JobTracker() override; // cancels every job and waits for it

    using Work = std::function<void(const std::atomic<bool>& stop)>;
    // Runs `work` on a new thread; then `done` on the UI thread if `receiver` still lives. Returns
    // the job's id.
    int start(QObject* receiver, Work work, std::function<void()> done = {});
    // The same for a job with a result: `done` receives it.
    template <typename Result>
    int start(QObject* receiver, std::function<Result(const std::atomic<bool>& stop)> work,
              std::function<void(Result)> done)
    {
        auto result = std::make_shared<Result>();
        return start(
            receiver, [work = std::move(work), result](const std::atomic<bool>& stop) { *result = work(stop); },
            [done = std::move(done), result] { done(std::move(*result)); });
    }

    void cancel(int id);        // raises the job's stop flag (nothing when it has ended)
    bool running(int id) const; // started and its `done` not yet run
    int active() const { return static_cast<int>(jobs_.size()); }
    // Waits until every job has ended, their `done` not run (for destructors).
    void waitAll();

Q_SIGNALS:
    void jobEnded(int id); // after its `done`

private:
    struct Job {
        QThread* thread = nullptr;
        std::shared_ptr<std::atomic<bool>> stop;
    };
    std::map<int, Job> jobs_;
    int nextId_ = 1;
};

} // namespace mtlx::ui
