#pragma once
// Lessons: guided tours of multi-task learning in the program's own views (docs/desktop.md,
// "Lessons"). A lesson is a sequence of steps; a step says what to look at, what to change and
// what to notice, and may set the experiment up (a preset with changes, then train, sweep or
// compare) when the user presses its button. UI thread only.
#include <functional>
#include <vector>

#include <QString>
#include <QWidget>

#include "core/spec/spec.h"

class QComboBox;
class QLabel;
class QPushButton;
class QTextBrowser;

namespace mtlx::ui {

struct LessonStep {
    enum class Action { None, Train, Sweep, Compare };
    QString title;
    QString text;                                // rich text
    std::string preset;                          // "" leaves the experiment as it is
    std::function<void(ExperimentSpec&)> change; // applied after the preset; may be empty
    Action action = Action::None;
    std::vector<std::string> architectures; // Compare: the architectures, in order
    QString view;                           // the view to bring forward (howtoread.h keys)
    QString button;                         // the set-up button's text
};

struct Lesson {
    QString title;
    QString summary;
    std::vector<LessonStep> steps;
};

// The five lessons, in order: (1) task weights and the Pareto frontier, (2) task correlation
// and MMoE's gates, (3) small heads, (4) AdaTT's fusion against PLE, (5) gradient conflict and
// PCGrad.
const std::vector<Lesson>& lessons();

class LessonPanel : public QWidget {
    Q_OBJECT
public:
    explicit LessonPanel(QWidget* parent = nullptr);
    // 0-based lesson and step.
    void open(int lesson, int step = 0);
    int lesson() const { return lesson_; }
    int step() const { return step_; }
    const LessonStep& currentStep() const;

Q_SIGNALS:
    // The user asked for the step's set-up (its preset, change and action).
    void setUpRequested(const mtlx::ui::LessonStep& step);
    void stepShown(const mtlx::ui::LessonStep& step);

private:
    void show_();
    QComboBox* chooser_;
    QLabel* progress_;
    QTextBrowser* text_;
    QPushButton* back_;
    QPushButton* next_;
    QPushButton* setUp_;
    int lesson_ = 0, step_ = 0;
};

} // namespace mtlx::ui
