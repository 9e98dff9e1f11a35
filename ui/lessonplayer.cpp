#include "ui/lessonplayer.h"

#include "ui/lessons.h"

namespace mtlx::ui {

LessonPlayer::LessonPlayer(LessonPanel* panel, std::function<bool(const LessonStep&)> setUp, QObject* parent)
    : QObject(parent), panel_(panel), setUp_(std::move(setUp))
{
}

void LessonPlayer::play(int lastStep)
{
    playing_ = true;
    last_ = lastStep;
    playFrom(0);
}

void LessonPlayer::stepStarted()
{
    training_ = std::make_pair(panel_->lesson(), panel_->step());
}

void LessonPlayer::trainingEnded(bool ok)
{
    training_.reset();
    if (!playing_) return;
    if (ok) {
        playFrom(next_);
        return;
    }
    playing_ = false;
    Q_EMIT finished(false);
}

void LessonPlayer::playFrom(int step)
{
    for (; step <= last_; ++step) {
        panel_->open(panel_->lesson(), step);
        const auto& s = panel_->currentStep();
        if (s.action == LessonStep::Action::None) continue;
        if (!setUp_(s)) break; // it could not start: the window's status line says why
        next_ = step + 1;
        return;
    }
    playing_ = false;
    Q_EMIT finished(step > last_);
}

} // namespace mtlx::ui
