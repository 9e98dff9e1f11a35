#include "ui/lessons.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace mtlx::ui {
namespace {

using Action = LessonStep::Action;

// Sweeps in lessons are kept short enough for a lecture (a few minutes on two cores).
void lectureSweep(ExperimentSpec& s)
{
    s.dataset.limitTrain = 20000;
    s.training.epochs = 5;
    s.sweep.points = 7;
    s.sweep.seeds = 1;
}

Lesson taskWeightsLesson()
{
    return {QObject::tr("1 · Task weights and the Pareto frontier"),
            QObject::tr("One model, two tasks: every weighting of the losses is a different trade-off."),
            {{QObject::tr("Two tasks, one shared network"),
              QObject::tr("The experiment is the sine-wave task of 'Can Small Heads Help?': two regression tasks "
                          "that share a bottom of two layers, each with its own tower. The diagram shows it. The "
                          "loss is w₁·L₁ + w₂·L₂. Press <b>Train</b> and watch the two loss curves."),
              "sine-shared-bottom",
              [](ExperimentSpec& s) {
                  s.dataset.limitTrain = 20000;
                  s.training.epochs = 5;
              },
              Action::Train,
              {},
              "loss",
              QObject::tr("Set up and train")},
             {QObject::tr("Sweep the weights"),
              QObject::tr("Now train the same model for w₁ = 0, 1/6, …, 1 (w₂ = 1 − w₁). Each run lands as one "
                          "point in the <b>Pareto frontier</b> view: its two test errors."),
              "sine-shared-bottom",
              lectureSweep,
              Action::Sweep,
              {},
              "pareto",
              QObject::tr("Set up and sweep")},
             {QObject::tr("Read the frontier"),
              QObject::tr("Points joined by the line are <b>non-dominated</b>: no other run is better on both "
                          "tasks. Moving along the line trades one task for the other; there is no single best "
                          "model, only a best model for each preference. <b>Notice</b> that the middle weights "
                          "are often nearly as good as the extremes on both tasks: sharing helps. The "
                          "hypervolume in the legend measures how close the whole frontier is to the ideal "
                          "corner."),
              "",
              {},
              Action::None,
              {},
              "pareto",
              {}}}};
}

Lesson correlationLesson()
{
    auto rho = [](double r) {
        return [r](ExperimentSpec& s) {
            s.dataset.correlation = r;
            s.dataset.limitTrain = 20000;
            s.training.epochs = 5;
        };
    };
    return {QObject::tr("2 · Task correlation and MMoE's gates"),
            QObject::tr("How similar two tasks are decides how much they should share (Ma et al. 2018)."),
            {{QObject::tr("Related tasks"),
              QObject::tr("The synthetic data of the MMoE paper lets you set the correlation ρ between two "
                          "regression tasks. Start with ρ = 0.9 and an MMoE of 8 experts, then look at the "
                          "<b>gate weights</b>: both tasks' rows tend to use the same experts."),
              "correlated-mmoe",
              rho(0.9),
              Action::Train,
              {},
              "gates",
              QObject::tr("ρ = 0.9: train")},
             {QObject::tr("Unrelated tasks"),
              QObject::tr("Now ρ = 0: the tasks have nothing in common. Train again and compare the gate "
                          "matrix: the rows now <b>specialise</b>, each task routing to experts the other uses "
                          "less. Tick both runs in the Runs panel to compare their losses."),
              "correlated-mmoe",
              rho(0.0),
              Action::Train,
              {},
              "gates",
              QObject::tr("ρ = 0: train")},
             {QObject::tr("Gates against a shared bottom"),
              QObject::tr("Compare MMoE with a shared bottom at ρ = 0.5: the comparison trains both on the same "
                          "data and seeds. The MMoE paper found the gap grows as ρ falls: a shared bottom must "
                          "serve both tasks with one representation, gates can split it."),
              "correlated-mmoe",
              rho(0.5),
              Action::Compare,
              {"shared_bottom", "mmoe"},
              "comparison",
              QObject::tr("Compare at ρ = 0.5")}}};
}

Lesson smallHeadsLesson()
{
    return {QObject::tr("3 · Small heads (Fig. 1 and Fig. 7)"),
            QObject::tr("An under-parameterised extra head on the shared layer, trained and thrown away."),
            {{QObject::tr("A model without heads"),
              QObject::tr("Train the sine task's shared bottom without small heads and look at the "
                          "<b>activations</b> view: how many of the shared layer's units are active per example."),
              "sine-shared-bottom",
              [](ExperimentSpec& s) {
                  s.dataset.limitTrain = 20000;
                  s.training.epochs = 5;
              },
              Action::Train,
              {},
              "activations",
              QObject::tr("Train without heads")},
             {QObject::tr("The same model with a linear small head"),
              QObject::tr("Now with the paper's linear small head per task (γ weights its loss, τ its "
                          "temperature). The previous run becomes the grey reference. <b>Notice</b> (Fig. 7): "
                          "more units active per example, and a longer tail of large activation values. The "
                          "heads' own loss is drawn apart in the loss view."),
              "sine-small-heads",
              [](ExperimentSpec& s) {
                  s.dataset.limitTrain = 20000;
                  s.training.epochs = 5;
              },
              Action::Train,
              {},
              "activations",
              QObject::tr("Train with heads")},
             {QObject::tr("Frontiers (Fig. 1)"),
              QObject::tr("Fig. 1 compares frontiers with and without heads for towers of 0 to 9 layers. "
                          "Presets ▸ Reproduce ▸ sh-fig1a and sh-fig1bc run it (quick scale: minutes) and draw "
                          "the figures; docs/reproduction.md says which claims this program reproduces."),
              "",
              {},
              Action::None,
              {},
              "pareto",
              {}}}};
}

Lesson adattLesson()
{
    auto quick = [](ExperimentSpec& s) {
        s.dataset.limitTrain = 20000;
        s.training.epochs = 3;
    };
    return {QObject::tr("4 · AdaTT's fusion against PLE"),
            QObject::tr("Two ways to mix task-specific and shared experts (Li et al. 2023, Tang et al. 2020)."),
            {{QObject::tr("AdaTT"),
              QObject::tr("AdaTT gives every task its own experts and fuses them with the other tasks' through "
                          "gates, plus a direct 'native' connection to its own experts (NativeExpertLF). Train "
                          "it and look at the gate view: two matrices, the gates and the native weights."),
              "correlated-adatt",
              quick,
              Action::Train,
              {},
              "gates",
              QObject::tr("Train AdaTT")},
             {QObject::tr("PLE"),
              QObject::tr("PLE also has task and shared experts, but a task's gate can only reach its own and the "
                          "shared ones: the grey '–' cells. Compare both with MMoE on the same data and seeds: "
                          "the table gives mean ± sd over seeds, the gate matrices sit side by side."),
              "correlated-adatt",
              quick,
              Action::Compare,
              {"mmoe", "ple", "adatt"},
              "comparison",
              QObject::tr("Compare MMoE, PLE, AdaTT")},
             {QObject::tr("What the paper claims"),
              QObject::tr("The AdaTT paper reports AdaTT ahead of PLE and multi-level MMoE on Census-Income "
                          "(Table 5). Presets ▸ Reproduce ▸ adatt-table5 runs that comparison with error bars; "
                          "small differences at one seed are noise."),
              "",
              {},
              Action::None,
              {},
              "comparison",
              {}}}};
}

Lesson conflictLesson()
{
    auto setup = [](const char* method, double rho) {
        return [method, rho](ExperimentSpec& s) {
            s.training.weighting = method;
            s.dataset.correlation = rho;
            s.dataset.limitTrain = 20000;
            s.training.epochs = 6;
        };
    };
    return {QObject::tr("5 · Gradient conflicts and PCGrad"),
            QObject::tr("When two tasks' gradients point apart, a plain sum partly cancels."),
            {{QObject::tr("Related tasks pull together"),
              QObject::tr("Train a shared bottom on two related tasks (ρ = 0.9) with plain linear weighting. The "
                          "<b>gradient conflict</b> view shows the cosine between the two tasks' gradients on the "
                          "shared layer, epoch by epoch: here clearly above 0 (we measured 0.3 to 0.6), the tasks "
                          "push the shared weights the same way."),
              "correlated-shared-bottom",
              setup("linear", 0.9),
              Action::Train,
              {},
              "conflict",
              QObject::tr("Train at ρ = 0.9")},
             {QObject::tr("Unrelated tasks"),
              QObject::tr("Now ρ = 0. Tick both runs in the Runs panel: the new curve stays near 0, the tasks' "
                          "gradients are close to orthogonal. Single steps still conflict, which the epoch mean "
                          "hides: tick <i>share of steps in conflict</i> under the view. We measured about a third "
                          "of the sampled steps below 0 at ρ = 0 (13 of 42), none at ρ = 0.9. Anti-correlated tasks "
                          "(ρ = −0.9) look the same here: the towers can flip a sign, so opposite labels are not "
                          "opposite gradients."),
              "correlated-shared-bottom",
              setup("linear", 0.0),
              Action::Train,
              {},
              "conflict",
              QObject::tr("Train at ρ = 0")},
             {QObject::tr("PCGrad"),
              QObject::tr("PCGrad (Yu et al. 2020) removes from each task's gradient its component along any "
                          "other task's gradient it conflicts with, step by step. Train ρ = 0 with PCGrad and "
                          "tick it beside the linear run: the cosine (measured before the projection) and the "
                          "losses hardly move. <b>Notice</b>: PCGrad can only help where conflicts are large "
                          "and systematic; on these tasks they are small and come and go, and the program's "
                          "runs show no difference to three digits."),
              "correlated-shared-bottom",
              setup("pcgrad", 0.0),
              Action::Train,
              {},
              "conflict",
              QObject::tr("Train with PCGrad at ρ = 0")}}};
}

} // namespace

const std::vector<Lesson>& lessons()
{
    static const std::vector<Lesson> all = {taskWeightsLesson(), correlationLesson(), smallHeadsLesson(), adattLesson(),
                                            conflictLesson()};
    return all;
}

LessonPanel::LessonPanel(QWidget* parent)
    : QWidget(parent), chooser_(new QComboBox(this)), progress_(new QLabel(this)), text_(new QTextBrowser(this)),
      back_(new QPushButton(tr("◀ Back"), this)), next_(new QPushButton(tr("Next ▶"), this)),
      setUp_(new QPushButton(this))
{
    setObjectName("lessonPanel");
    chooser_->setObjectName("lessonChooser");
    for (const auto& l : lessons())
        chooser_->addItem(l.title);
    text_->setObjectName("lessonText");
    text_->setOpenExternalLinks(false);
    setUp_->setObjectName("lessonSetUp");
    next_->setObjectName("lessonNext");
    back_->setObjectName("lessonBack");
    auto* nav = new QHBoxLayout;
    nav->addWidget(back_);
    nav->addWidget(progress_, 1, Qt::AlignCenter);
    nav->addWidget(next_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(chooser_);
    layout->addWidget(text_, 1);
    layout->addWidget(setUp_);
    layout->addLayout(nav);
    connect(chooser_, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (i != lesson_) open(i, 0);
    });
    connect(back_, &QPushButton::clicked, this, [this] { open(lesson_, step_ - 1); });
    connect(next_, &QPushButton::clicked, this, [this] { open(lesson_, step_ + 1); });
    connect(setUp_, &QPushButton::clicked, this, [this] { Q_EMIT setUpRequested(currentStep()); });
    open(0, 0);
}

void LessonPanel::open(int lesson, int step)
{
    const int lessonCount = static_cast<int>(lessons().size());
    lesson_ = std::clamp(lesson, 0, lessonCount - 1);
    const int steps = static_cast<int>(lessons()[static_cast<std::size_t>(lesson_)].steps.size());
    step_ = std::clamp(step, 0, steps - 1);
    show_();
}

const LessonStep& LessonPanel::currentStep() const
{
    return lessons()[static_cast<std::size_t>(lesson_)].steps[static_cast<std::size_t>(step_)];
}

void LessonPanel::show_()
{
    const auto& l = lessons()[static_cast<std::size_t>(lesson_)];
    const auto& s = currentStep();
    const int steps = static_cast<int>(l.steps.size());
    if (chooser_->currentIndex() != lesson_) chooser_->setCurrentIndex(lesson_);
    text_->setHtml(QString("<p><i>%1</i></p><h3>%2</h3><p>%3</p>").arg(l.summary, s.title, s.text));
    progress_->setText(tr("step %1 of %2").arg(step_ + 1).arg(steps));
    back_->setEnabled(step_ > 0);
    next_->setEnabled(step_ + 1 < steps);
    setUp_->setVisible(!s.button.isEmpty());
    setUp_->setText(s.button);
    Q_EMIT stepShown(s);
}

} // namespace mtlx::ui
