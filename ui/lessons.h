#pragma once
// Lessons: guided tours of multi-task learning in the program's own views (docs/desktop.md,
// "Lessons"). A lesson is a sequence of steps; a step says what to look at, what to change and
// what to notice, and may set the experiment up (a preset with changes, then train, sweep or
// compare) when the user presses its button. UI thread only.
#include <functional>
#include <map>
#include <vector>

#include <QString>
#include <QWidget>

#include "core/spec/spec.h"
#include "ui/lessonclaims.h"

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
    // What the step claims, measured on the lesson's runs and shown under its text.
    std::vector<LessonClaim> claims;
};

struct Lesson {
    QString title;
    QString summary;
    std::vector<LessonStep> steps;
};

// Compare architectures: the spec with each architecture (applyOverrides' --arch) and `seeds`
// training seeds (seed, seed + 1, …), one stack per architecture, in order. Throws InputError
// "ARCH does not fit this experiment: …".
std::vector<std::vector<ExperimentSpec>> comparisonStacks(const ExperimentSpec& spec,
                                                          const std::vector<std::string>& architectures, int seeds);

// Seeds per architecture of a lesson's Compare step.
constexpr int kLessonCompareSeeds = 2;

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
    // A run that step `step` of lesson `lesson` trained (0-based): the step's claims (and later
    // steps' that read it) show what it measured. Setting a step up again starts its runs anew.
    void addRun(int lesson, int step, const RunResult& run);
    void clearRuns(int lesson, int step);
    const LessonRuns& runs(int lesson) const;
    // The text on screen, plain (tests).
    QString shownText() const;

Q_SIGNALS:
    // The user asked for the step's set-up (its preset, change and action).
    void setUpRequested(const mtlx::ui::LessonStep& step);
    void stepShown(const mtlx::ui::LessonStep& step);
    // The user ended the lesson (the window puts its views back as they were).
    void ended();

private:
    void show_();
    QString stepHtml() const;
    QComboBox* chooser_;
    QLabel* progress_;
    QTextBrowser* text_;
    QPushButton* back_;
    QPushButton* next_;
    QPushButton* setUp_;
    QPushButton* end_;
    std::map<int, LessonRuns> runs_;
    int lesson_ = 0, step_ = 0;
};

} // namespace mtlx::ui
