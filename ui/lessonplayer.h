#pragma once
// Lessons played and set up: which lesson step's set-up is training (its runs feed that step's
// claims), and `mtlx --lesson N --step K --train`, which sets up and trains every step with an
// action up to step K, one after another, and stops at the first that fails or cannot start. The
// window does a step's set-up (preset, change, action) through `setUp`, which says whether
// training started, and reports the end of each training. UI thread only.
#include <functional>
#include <optional>
#include <utility>

#include <QObject>

namespace mtlx::ui {

class LessonPanel;
struct LessonStep;

class LessonPlayer : public QObject {
    Q_OBJECT
public:
    LessonPlayer(LessonPanel* panel, std::function<bool(const LessonStep&)> setUp, QObject* parent);
    // Plays the panel's lesson from step 1 to `lastStep` + 1 (0-based).
    void play(int lastStep);
    bool playing() const { return playing_; }
    // The panel's current step started training (its runs are the step's).
    void stepStarted();
    // The lesson and step (0-based) whose set-up is training, if any.
    std::optional<std::pair<int, int>> training() const { return training_; }
    // Training ended (a run, a sweep or a whole comparison): the next step plays when it went well.
    void trainingEnded(bool ok);

Q_SIGNALS:
    // Playing ended: every step trained (ok) or one failed or could not start.
    void finished(bool ok);

private:
    void playFrom(int step);
    LessonPanel* panel_;
    std::function<bool(const LessonStep&)> setUp_;
    std::optional<std::pair<int, int>> training_;
    bool playing_ = false;
    int next_ = 0, last_ = -1;
};

} // namespace mtlx::ui
