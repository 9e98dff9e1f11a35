#include "ui/lessons.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "core/reproduce/statistics.h"
#include "core/spec/pareto.h"
#include "core/spec/specerror.h"

namespace mtlx::ui {
namespace {

using Action = LessonStep::Action;

// A lesson run's size: a few seconds to a minute on two cores.
auto lectureSize(int epochs)
{
    return [epochs](ExperimentSpec& s) {
        s.dataset.limitTrain = 20000;
        s.training.epochs = epochs;
    };
}

// One run per side: the sign of the difference, no test (outcomeOf's "direction only").
ClaimMeasure directional(double difference, const QString& measured)
{
    WelchTest t;
    t.difference = std::isfinite(difference) ? difference : 0;
    t.p = t.low = t.high = t.df = std::numeric_limits<double>::quiet_NaN();
    return {outcomeOf(t), measured};
}

QString number(double v, int decimals = 3)
{
    return QString::number(v, 'f', decimals);
}

QString percent(double v)
{
    return QString::number(100 * v, 'f', 1) + " %";
}

// The single run step `step` trained, if it did.
const RunResult* runOf(const LessonRuns& runs, std::size_t step)
{
    return step < runs.size() && !runs[step].empty() ? &runs[step].back() : nullptr;
}

double summedTestLoss(const RunResult& r)
{
    double sum = 0;
    for (std::size_t t = 0; t < r.tasks.size(); ++t)
        sum += testLoss(r, t);
    return sum;
}

// Of a Compare step: the summed test loss of each seed of `arch`.
std::vector<double> summedLossOf(const LessonRuns& runs, std::size_t step, const std::string& arch)
{
    std::vector<double> v;
    if (step < runs.size())
        for (const auto& r : runs[step])
            if (r.spec.model.arch == arch && r.status == RunStatus::Ok) v.push_back(summedTestLoss(r));
    return v;
}

// "a beats b": b's summed test loss minus a's, by Welch's test over the seeds.
LessonClaim comparedClaim(const QString& statement, std::size_t step, const std::string& a, const std::string& b)
{
    return {statement, true, [step, a, b](const LessonRuns& runs) -> std::optional<ClaimMeasure> {
                const auto la = summedLossOf(runs, step, a), lb = summedLossOf(runs, step, b);
                if (la.empty() || lb.empty()) return std::nullopt;
                const auto test = welch(la, lb);
                const QString measured =
                    QObject::tr("summed test loss %1 %2 vs %3 %4; difference %5")
                        .arg(QString::fromStdString(a), QString::fromStdString(formatEstimate(estimate(la), 4)),
                             QString::fromStdString(b), QString::fromStdString(formatEstimate(estimate(lb), 4)),
                             QString::fromStdString(testText(test, 4)));
                return ClaimMeasure{outcomeOf(test), measured};
            }};
}

// Lesson 1's claims: the losses fall (step 1); the frontier bends and a weight of 0 leaves a
// task unlearnt (step 2); the middle weight costs each task little (step 3).
struct TaskWeightClaims {
    LessonClaim fall, bends, untrained, middle;
};

TaskWeightClaims taskWeightClaims()
{
    LessonClaim fall{QObject::tr("both tasks' test losses fall from the first epoch to the last"), false,
                     [](const LessonRuns& runs) -> std::optional<ClaimMeasure> {
                         const auto* r = runOf(runs, 0);
                         if (!r || r->history.empty()) return std::nullopt;
                         const auto &first = r->history.front().testLoss, &last = r->history.back().testLoss;
                         double least = INFINITY;
                         QString parts;
                         for (std::size_t t = 0; t < first.size() && t < last.size(); ++t) {
                             least = std::min(least, first[t] - last[t]);
                             parts += (parts.isEmpty() ? "" : ", ") + QString::fromStdString(r->tasks[t].name) + " " +
                                      number(first[t], 4) + " → " + number(last[t], 4);
                         }
                         return directional(least, parts);
                     }};
    LessonClaim bends{QObject::tr("the frontier bends: three or more runs are non-dominated and along them each "
                                  "task's loss changes by more than 5 %"),
                      false, [](const LessonRuns& runs) -> std::optional<ClaimMeasure> {
                          if (runs.size() < 2 || runs[1].empty()) return std::nullopt;
                          const auto f = frontierShape(runs[1]);
                          const double d = f.points >= 3 ? std::min(f.spread[0], f.spread[1]) - 0.05 : -1;
                          return directional(d, QObject::tr("%1 non-dominated runs; the losses change by %2 and %3")
                                                    .arg(f.points)
                                                    .arg(percent(f.spread[0]), percent(f.spread[1])));
                      }};
    LessonClaim untrained{
        QObject::tr("a task with weight 0 is not learnt: its loss is over twice the frontier's best"), false,
        [](const LessonRuns& runs) -> std::optional<ClaimMeasure> {
            if (runs.size() < 2 || runs[1].empty()) return std::nullopt;
            double best = INFINITY, untrainedLoss = INFINITY;
            for (const auto& r : runs[1]) {
                if (r.taskWeights.size() != 2) continue;
                if (r.taskWeights[0] > 0) best = std::min(best, testLoss(r, 0));
                if (r.taskWeights[0] == 0) untrainedLoss = testLoss(r, 0);
            }
            if (!std::isfinite(untrainedLoss)) return std::nullopt;
            return directional(
                untrainedLoss / best - 2,
                QObject::tr("task 1's loss %1 at w₁ = 0 against %2").arg(number(untrainedLoss), number(best, 4)));
        }};
    LessonClaim middle{
        QObject::tr("the run at w₁ = ½ is within 10 % of each task's best loss"), false,
        [](const LessonRuns& runs) -> std::optional<ClaimMeasure> {
            if (runs.size() < 2 || runs[1].empty()) return std::nullopt;
            const auto f = frontierShape(runs[1]);
            return directional(
                0.10 - std::max(f.middleGap[0], f.middleGap[1]),
                QObject::tr("%1 and %2 above the best").arg(percent(f.middleGap[0]), percent(f.middleGap[1])));
        }};
    return {fall, bends, untrained, middle};
}

// A metric of a task's metrics, NaN when it is not there.
double metricOr(const Metrics& m, const std::string& name)
{
    const auto it = m.find(name);
    return it == m.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
}

// Lesson 1, step 4: one preference-conditioned model (training.preference) against the sweep of
// step 2. Its front spans the trade-off (asserted); its hypervolume against the sweep's is COSMOS's
// goal, reported as measured.
std::pair<LessonClaim, LessonClaim> oneModelClaims()
{
    LessonClaim spans{
        QObject::tr("one model spans the trade-off: from r = (0, 1) to r = (1, 0) the two tasks' test losses move "
                    "in opposite directions, each by more than 5 %"),
        false, [](const LessonRuns& runs) -> std::optional<ClaimMeasure> {
            const auto* r = runOf(runs, 3);
            if (!r || r->front.size() < 2 || r->frontMetrics.size() < 2) return std::nullopt;
            const auto& a = r->front.front().tasks;
            const auto& b = r->front.back().tasks;
            const auto& m = r->frontMetrics;
            if (a.size() < 2 || b.size() < 2) return std::nullopt;
            const double d1 = metricOr(b[0], m[0]) / metricOr(a[0], m[0]) - 1;
            const double d2 = metricOr(b[1], m[1]) / metricOr(a[1], m[1]) - 1;
            if (!std::isfinite(d1) || !std::isfinite(d2)) return std::nullopt;
            const bool opposite = d1 * d2 < 0;
            return directional(opposite ? std::min(std::abs(d1), std::abs(d2)) - 0.05 : -1,
                               QObject::tr("%1 %2 %3, %4 %5 %6")
                                   .arg(QString::fromStdString(r->tasks[0].name), QString::fromStdString(m[0]))
                                   .arg(d1 >= 0 ? "+" + percent(d1) : percent(d1))
                                   .arg(QString::fromStdString(r->tasks[1].name), QString::fromStdString(m[1]))
                                   .arg(d2 >= 0 ? "+" + percent(d2) : percent(d2)));
        }};
    LessonClaim close{
        QObject::tr("COSMOS's aim: the one model's front has the hypervolume of the sweep's runs within 5 % (the "
                    "models that trained both tasks, one reference point for both)"),
        true, [](const LessonRuns& runs) -> std::optional<ClaimMeasure> {
            const auto* r = runOf(runs, 3);
            if (!r || r->front.empty() || runs.size() < 2 || runs[1].empty()) return std::nullopt;
            // The models that trained both tasks: the sweep's runs without a weight of 0 (which leaves
            // a task unlearnt, its huge loss setting the reference point), every preference of the one
            // model (it trained both tasks at all of them).
            auto both = [](const std::vector<double>& w) {
                return std::all_of(w.begin(), w.end(), [](double x) { return x > 0; });
            };
            const auto front = frontObjectives(*r);
            std::vector<std::vector<double>> sweep;
            for (const auto& s : runs[1]) {
                if (s.status != RunStatus::Ok || s.tasks.size() != r->frontMetrics.size() || !both(s.taskWeights))
                    continue;
                std::vector<double> v;
                for (std::size_t t = 0; t < s.tasks.size(); ++t)
                    v.push_back(objectiveFromMetric(r->frontMetrics[t], metricOr(s.tasks[t].test, r->frontMetrics[t])));
                if (std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); })) sweep.push_back(v);
            }
            if (front.empty() || sweep.empty()) return std::nullopt;
            auto all = front;
            all.insert(all.end(), sweep.begin(), sweep.end());
            const auto reference = referencePoint(all);
            const double one = hypervolume(front, reference), many = hypervolume(sweep, reference);
            return directional(one / many - 0.95, QObject::tr("hypervolume %1 (one model) vs %2 (%3 runs)")
                                                      .arg(number(one, 4), number(many, 4))
                                                      .arg(sweep.size()));
        }};
    return {spans, close};
}

Lesson taskWeightsLesson()
{
    const auto unrelated = [](int epochs) {
        return [epochs](ExperimentSpec& s) {
            lectureSize(epochs)(s);
            s.dataset.correlation = 0;
        };
    };
    auto sweep = [unrelated](ExperimentSpec& s) {
        unrelated(5)(s);
        s.sweep.points = 7;
        s.sweep.seeds = 1;
    };
    const auto c = taskWeightClaims();
    const auto [spans, close] = oneModelClaims();
    auto oneModel = [unrelated](ExperimentSpec& s) {
        unrelated(5)(s);
        s.training.preference.method = "cosmos";
    };
    return {QObject::tr("1 · Task weights and the Pareto frontier"),
            QObject::tr("One model, two tasks: every weighting of the losses is a different trade-off."),
            {{QObject::tr("Two tasks, one shared network"),
              QObject::tr("Two regression tasks from the MMoE paper's generator, here <b>unrelated</b> (ρ = 0), "
                          "share a bottom layer; each has its own tower. The loss is w₁·L₁ + w₂·L₂ with w₁ = w₂ = "
                          "1. Press the button and watch the two loss curves."),
              "correlated-shared-bottom",
              unrelated(5),
              Action::Train,
              {},
              "loss",
              QObject::tr("Set up and train"),
              {c.fall}},
             {QObject::tr("Sweep the weights"),
              QObject::tr("Now train the same model for w₁ = 0, 1/6, …, 1 (w₂ = 1 − w₁). Each run lands as one "
                          "point in the <b>Pareto frontier</b> view: its two test losses. The runs with a weight "
                          "of 0 are out of the picture (the view zooms to the runs that train both tasks)."),
              "correlated-shared-bottom",
              sweep,
              Action::Sweep,
              {},
              "pareto",
              QObject::tr("Set up and sweep"),
              {c.bends, c.untrained}},
             {QObject::tr("Read the frontier"),
              QObject::tr("Points joined by the line are <b>non-dominated</b>: no other run is better on both "
                          "tasks. Moving along the line trades one task for the other; there is no single best "
                          "model, only a best model for each preference. The hypervolume in the legend measures "
                          "how close the whole frontier is to the ideal corner. Look at the middle of the line: "
                          "how much does an even weighting cost each task?"),
              "",
              {},
              Action::None,
              {},
              "pareto",
              {},
              {c.middle}},
             {QObject::tr("One model, every trade-off"),
              QObject::tr("The sweep trained one model per weight. A <b>preference-conditioned</b> model (COSMOS) "
                          "trains once: each batch draws a preference r, the network reads r beside its input, "
                          "and the loss is Σ rₜ·Lₜ − λ·cos(r, L). Afterwards it is evaluated at 11 preferences — "
                          "its front appears beside the sweep's. <b>Drag the slider</b> under the view: the "
                          "marked point moves along the front as the model answers for each r. Which way does "
                          "it move? The cosine term asks for a loss vector <i>parallel</i> to r. (The legend's "
                          "hypervolumes count the sweep's weight-0 runs, whose untrained task sets the reference "
                          "point; the claim below counts the models that trained both tasks.)"),
              "correlated-shared-bottom",
              oneModel,
              Action::Train,
              {},
              "pareto",
              QObject::tr("Set up and train one model"),
              {spans, close}}}};
}

Lesson correlationLesson()
{
    auto rho = [](double r) {
        return [r](ExperimentSpec& s) {
            lectureSize(5)(s);
            s.dataset.correlation = r;
        };
    };
    LessonClaim alike{QObject::tr("at ρ = 0.9 the two gates weigh the experts alike: their rows differ by less than "
                                  "a quarter of the weight"),
                      false, [](const LessonRuns& runs) -> std::optional<ClaimMeasure> {
                          const auto* r = runOf(runs, 0);
                          if (!r || r->gates.empty()) return std::nullopt;
                          const double d = gateRowDistance(*r);
                          return directional(0.25 - d, QObject::tr("the rows differ by %1").arg(number(d)));
                      }};
    LessonClaim apart{QObject::tr("at ρ = 0 the gate rows differ more than at ρ = 0.9"), false,
                      [](const LessonRuns& runs) -> std::optional<ClaimMeasure> {
                          const auto *related = runOf(runs, 0), *unrelated = runOf(runs, 1);
                          if (!related || !unrelated || related->gates.empty() || unrelated->gates.empty())
                              return std::nullopt;
                          const double a = gateRowDistance(*unrelated), b = gateRowDistance(*related);
                          return directional(a - b,
                                             QObject::tr("%1 at ρ = 0 vs %2 at ρ = 0.9").arg(number(a), number(b)));
                      }};
    LessonClaim easier{QObject::tr("related tasks are learnt better together: the summed test loss is lower at "
                                   "ρ = 0.9 than at ρ = 0"),
                       false, [](const LessonRuns& runs) -> std::optional<ClaimMeasure> {
                           const auto *related = runOf(runs, 0), *unrelated = runOf(runs, 1);
                           if (!related || !unrelated) return std::nullopt;
                           const double a = summedTestLoss(*unrelated), b = summedTestLoss(*related);
                           return directional(
                               a - b, QObject::tr("%1 at ρ = 0.9 vs %2 at ρ = 0").arg(number(b, 4), number(a, 4)));
                       }};
    return {QObject::tr("2 · Task correlation and MMoE's gates"),
            QObject::tr("How similar two tasks are decides how much they should share (Ma et al. 2018)."),
            {{QObject::tr("Related tasks"),
              QObject::tr("The synthetic data of the MMoE paper lets you set the correlation ρ between two "
                          "regression tasks. Start with ρ = 0.9 and an MMoE of 8 experts, then look at the "
                          "<b>gate weights</b>: one row per task, one column per expert."),
              "correlated-mmoe",
              rho(0.9),
              Action::Train,
              {},
              "gates",
              QObject::tr("ρ = 0.9: train"),
              {alike}},
             {QObject::tr("Unrelated tasks"),
              QObject::tr("Now ρ = 0: the tasks have nothing in common. Train again and compare the gate matrix "
                          "with the previous one (select a run in the Runs panel to show its gates; both runs "
                          "are ticked, their names say which ρ each has)."),
              "correlated-mmoe",
              rho(0.0),
              Action::Train,
              {},
              "gates",
              QObject::tr("ρ = 0: train"),
              {apart, easier}},
             {QObject::tr("Gates against a shared bottom"),
              QObject::tr("Compare MMoE with a shared bottom at ρ = 0.5: the comparison trains both on the same "
                          "data, 2 seeds each, and gives mean ± sd. The MMoE paper found MMoE ahead, and the gap "
                          "growing as ρ falls: a shared bottom must serve both tasks with one representation, "
                          "gates can split it. Whether two seeds of a short run show it is below."),
              "correlated-mmoe",
              rho(0.5),
              Action::Compare,
              {"shared_bottom", "mmoe"},
              "comparison",
              QObject::tr("Compare at ρ = 0.5"),
              {comparedClaim(QObject::tr("MMoE reaches a lower summed test loss than the shared bottom"), 2, "mmoe",
                             "shared_bottom")}}}};
}

Lesson smallHeadsLesson()
{
    auto withAndWithout = [](const LessonRuns& runs) -> std::pair<const RunResult*, const RunResult*> {
        return {runOf(runs, 1), runOf(runs, 0)};
    };
    LessonClaim better{QObject::tr("with the small heads both tasks' test losses are lower"), false,
                       [withAndWithout](const LessonRuns& runs) -> std::optional<ClaimMeasure> {
                           const auto [heads, plain] = withAndWithout(runs);
                           if (!heads || !plain) return std::nullopt;
                           double least = INFINITY;
                           QString parts;
                           for (std::size_t t = 0; t < heads->tasks.size(); ++t) {
                               least = std::min(least, testLoss(*plain, t) - testLoss(*heads, t));
                               parts += (parts.isEmpty() ? "" : ", ") + QString::fromStdString(heads->tasks[t].name) +
                                        " " + number(testLoss(*heads, t), 4) + QObject::tr(" vs ") +
                                        number(testLoss(*plain, t), 4);
                           }
                           return directional(least, QObject::tr("with vs without: %1").arg(parts));
                       }};
    LessonClaim tail{QObject::tr("with the small heads the activated values reach further: the 99th percentile "
                                 "is higher"),
                     false, [withAndWithout](const LessonRuns& runs) -> std::optional<ClaimMeasure> {
                         const auto [heads, plain] = withAndWithout(runs);
                         if (!heads || !plain) return std::nullopt;
                         const double a = activationQuantile(*heads, 0.99), b = activationQuantile(*plain, 0.99);
                         return directional(a - b,
                                            QObject::tr("%1 with heads vs %2 without").arg(number(a, 2), number(b, 2)));
                     }};
    LessonClaim denser{
        QObject::tr("more units are active per example with the small heads (Fig. 7)"), true,
        [withAndWithout](const LessonRuns& runs) -> std::optional<ClaimMeasure> {
            const auto [heads, plain] = withAndWithout(runs);
            if (!heads || !plain) return std::nullopt;
            const double a = meanActiveFraction(*heads), b = meanActiveFraction(*plain);
            return directional(
                a - b, QObject::tr("%1 of the units active with heads vs %2 without").arg(number(a, 2), number(b, 2)));
        }};
    return {QObject::tr("3 · Small heads (Fig. 1 and Fig. 7)"),
            QObject::tr("An under-parameterised extra head on the shared layer, trained and thrown away."),
            {{QObject::tr("A model without heads"),
              QObject::tr("Train the sine task's shared bottom without small heads and look at the "
                          "<b>activations</b> view: how many of the shared layer's units are active per example, "
                          "and how large the active values are."),
              "sine-shared-bottom",
              lectureSize(5),
              Action::Train,
              {},
              "activations",
              QObject::tr("Train without heads"),
              {}},
             {QObject::tr("The same model with a linear small head"),
              QObject::tr("Now with the paper's linear small head per task (γ weights its loss, τ its "
                          "temperature). The previous run becomes the grey reference, and both histograms share "
                          "their bins. The heads' own loss is drawn apart in the loss view. The paper (Fig. 7) "
                          "found more units active per example and a longer tail of large values; what these "
                          "runs show is below."),
              "sine-small-heads",
              lectureSize(5),
              Action::Train,
              {},
              "activations",
              QObject::tr("Train with heads"),
              {better, tail, denser}},
             {QObject::tr("Frontiers (Fig. 1)"),
              QObject::tr("The two runs are two points of the <b>Pareto frontier</b> view: a run that is lower "
                          "on both tasks dominates the other. Fig. 1 compares whole frontiers with and without "
                          "heads for towers of 0 to 9 layers: Presets ▸ Reproduce ▸ sh-fig1a and sh-fig1bc run it "
                          "(quick scale: minutes) and draw the figures; docs/reproduction.md says which claims "
                          "this program reproduces."),
              "",
              {},
              Action::None,
              {},
              "pareto",
              {},
              {better}}}};
}

Lesson adattLesson()
{
    LessonClaim own{QObject::tr("AdaTT's gates put most of their softmax weight on the task's own expert (a "
                                "share above ½, over both levels)"),
                    false, [](const LessonRuns& runs) -> std::optional<ClaimMeasure> {
                        const auto* r = runOf(runs, 0);
                        if (!r || r->gates.empty()) return std::nullopt;
                        const double s = ownExpertShare(*r);
                        return directional(s - 0.5, QObject::tr("own share %1").arg(number(s)));
                    }};
    const auto adattAgainstPle =
        comparedClaim(QObject::tr("AdaTT reaches a lower summed test loss than PLE"), 1, "adatt", "ple");
    return {QObject::tr("4 · AdaTT's fusion against PLE"),
            QObject::tr("Two ways to mix task-specific and shared experts (Li et al. 2023, Tang et al. 2020)."),
            {{QObject::tr("AdaTT"),
              QObject::tr("AdaTT gives every task its own experts and fuses them with the other tasks' through "
                          "gates, plus a direct 'native' connection to its own experts (NativeExpertLF). Train "
                          "it and look at the gate view: two matrices, the gates and the native weights."),
              "correlated-adatt",
              lectureSize(3),
              Action::Train,
              {},
              "gates",
              QObject::tr("Train AdaTT"),
              {own}},
             {QObject::tr("PLE"),
              QObject::tr("PLE also has task and shared experts, but a task's gate can only reach its own and the "
                          "shared ones: the grey '–' cells. Compare all three with MMoE on the same data, 2 seeds "
                          "each: the table gives mean ± sd over seeds, the gate matrices sit side by side."),
              "correlated-adatt",
              lectureSize(3),
              Action::Compare,
              {"mmoe", "ple", "adatt"},
              "comparison",
              QObject::tr("Compare MMoE, PLE, AdaTT"),
              {adattAgainstPle}},
             {QObject::tr("What the paper claims"),
              QObject::tr("The AdaTT paper reports AdaTT ahead of PLE and multi-level MMoE on Census-Income "
                          "(Table 5). Presets ▸ Reproduce ▸ adatt-table5 runs that comparison with error bars. "
                          "With two seeds a difference has to be large to stand out from the spread: the table's "
                          "p is Welch's test of each model against the first."),
              "",
              {},
              Action::None,
              {},
              "comparison",
              {},
              {adattAgainstPle}}}};
}

// Lesson 5's claims: related tasks' gradients agree (step 1); unrelated ones less, with more
// conflicting steps (step 2); PCGrad hardly changes the losses (step 3).
struct ConflictClaims {
    LessonClaim together, orthogonal, conflicts, noChange;
};

ConflictClaims conflictClaims()
{
    LessonClaim together{QObject::tr("at ρ = 0.9 the tasks' gradients agree: the epochs' mean cosine is above 0.2"),
                         false, [](const LessonRuns& runs) -> std::optional<ClaimMeasure> {
                             const auto* r = runOf(runs, 0);
                             if (!r) return std::nullopt;
                             const double c = meanGradientCosine(*r);
                             return directional(c - 0.2, QObject::tr("mean cosine %1").arg(number(c, 2)));
                         }};
    LessonClaim orthogonal{
        QObject::tr("at ρ = 0 the cosine is lower than at ρ = 0.9"), false,
        [](const LessonRuns& runs) -> std::optional<ClaimMeasure> {
            const auto *a = runOf(runs, 0), *b = runOf(runs, 1);
            if (!a || !b) return std::nullopt;
            const double ca = meanGradientCosine(*a), cb = meanGradientCosine(*b);
            return directional(ca - cb, QObject::tr("%1 at ρ = 0 vs %2 at ρ = 0.9").arg(number(cb, 2), number(ca, 2)));
        }};
    LessonClaim conflicts{
        QObject::tr("at ρ = 0 more of the sampled steps conflict (cosine below 0) than at ρ = 0.9"), false,
        [](const LessonRuns& runs) -> std::optional<ClaimMeasure> {
            const auto *a = runOf(runs, 0), *b = runOf(runs, 1);
            if (!a || !b) return std::nullopt;
            const double sa = conflictingStepShare(*a), sb = conflictingStepShare(*b);
            return directional(sb - sa,
                               QObject::tr("%1 of the steps at ρ = 0 vs %2 at ρ = 0.9").arg(percent(sb), percent(sa)));
        }};
    LessonClaim noChange{QObject::tr("PCGrad changes each task's test loss by less than 1 % here"), false,
                         [](const LessonRuns& runs) -> std::optional<ClaimMeasure> {
                             const auto *plain = runOf(runs, 1), *pcgrad = runOf(runs, 2);
                             if (!plain || !pcgrad) return std::nullopt;
                             double most = 0;
                             QString parts;
                             for (std::size_t t = 0; t < plain->tasks.size(); ++t) {
                                 const double change = testLoss(*pcgrad, t) / testLoss(*plain, t) - 1;
                                 most = std::max(most, std::abs(change));
                                 parts += (parts.isEmpty() ? "" : ", ") + QString::fromStdString(plain->tasks[t].name) +
                                          " " + (change >= 0 ? "+" : "") + percent(change);
                             }
                             return directional(0.01 - most, parts);
                         }};
    return {together, orthogonal, conflicts, noChange};
}

Lesson conflictLesson()
{
    auto setup = [](const char* method, double rho) {
        return [method, rho](ExperimentSpec& s) {
            lectureSize(6)(s);
            s.training.weighting = method;
            s.dataset.correlation = rho;
        };
    };
    const auto c = conflictClaims();
    return {QObject::tr("5 · Gradient conflicts and PCGrad"),
            QObject::tr("When two tasks' gradients point apart, a plain sum partly cancels."),
            {{QObject::tr("Related tasks pull together"),
              QObject::tr("Train a shared bottom on two related tasks (ρ = 0.9) with plain linear weighting. The "
                          "<b>gradient conflict</b> view shows the cosine between the two tasks' gradients on the "
                          "shared layer, epoch by epoch: above 0 the tasks push the shared weights the same way."),
              "correlated-shared-bottom",
              setup("linear", 0.9),
              Action::Train,
              {},
              "conflict",
              QObject::tr("Train at ρ = 0.9"),
              {c.together}},
             {QObject::tr("Unrelated tasks"),
              QObject::tr("Now ρ = 0; both runs stay ticked. Single steps can conflict where the epoch mean "
                          "hides it: tick <i>share of steps in conflict</i> under the view. Anti-correlated tasks "
                          "(ρ = −0.9) look like related ones here: the towers can flip a sign, so opposite labels "
                          "are not opposite gradients."),
              "correlated-shared-bottom",
              setup("linear", 0.0),
              Action::Train,
              {},
              "conflict",
              QObject::tr("Train at ρ = 0"),
              {c.orthogonal, c.conflicts}},
             {QObject::tr("PCGrad"),
              QObject::tr("PCGrad (Yu et al. 2020) removes from each task's gradient its component along any "
                          "other task's gradient it conflicts with, step by step. Train ρ = 0 with PCGrad beside "
                          "the linear run (the cosine is measured before the projection). PCGrad can only help "
                          "where conflicts are large and systematic."),
              "correlated-shared-bottom",
              setup("pcgrad", 0.0),
              Action::Train,
              {},
              "conflict",
              QObject::tr("Train with PCGrad at ρ = 0"),
              {c.noChange}}}};
}

} // namespace

std::vector<std::vector<ExperimentSpec>> comparisonStacks(const ExperimentSpec& spec,
                                                          const std::vector<std::string>& architectures, int seeds)
{
    std::vector<std::vector<ExperimentSpec>> stacks;
    for (const auto& arch : architectures) {
        stacks.emplace_back(); // the architecture's seeds train as one stacked model
        for (int s = 0; s < std::max(seeds, 1); ++s) {
            Overrides o;
            o.arch = arch;
            o.seed = spec.training.seed + static_cast<std::uint64_t>(s);
            try {
                stacks.back().push_back(applyOverrides(spec, o));
            } catch (const std::exception& e) {
                throw InputError(arch + " does not fit this experiment: " + e.what());
            }
        }
    }
    return stacks;
}

const std::vector<Lesson>& lessons()
{
    static const std::vector<Lesson> all = {taskWeightsLesson(), correlationLesson(), smallHeadsLesson(), adattLesson(),
                                            conflictLesson()};
    return all;
}

LessonPanel::LessonPanel(QWidget* parent)
    : QWidget(parent), chooser_(new QComboBox(this)), progress_(new QLabel(this)), text_(new QTextBrowser(this)),
      back_(new QPushButton(tr("◀ Back"), this)), next_(new QPushButton(tr("Next ▶"), this)),
      setUp_(new QPushButton(this)), end_(new QPushButton(tr("End lesson"), this))
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
    end_->setObjectName("lessonEnd");
    end_->setToolTip(tr("Put the window's views back as they were before the lesson"));
    auto* nav = new QHBoxLayout;
    nav->addWidget(back_);
    nav->addWidget(progress_, 1, Qt::AlignCenter);
    nav->addWidget(next_);
    nav->addWidget(end_);
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
    connect(end_, &QPushButton::clicked, this, [this] { Q_EMIT ended(); });
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
    text_->setHtml(stepHtml());
    progress_->setText(tr("step %1 of %2").arg(step_ + 1).arg(steps));
    back_->setEnabled(step_ > 0);
    next_->setEnabled(step_ + 1 < steps);
    setUp_->setVisible(!s.button.isEmpty());
    setUp_->setText(s.button);
    Q_EMIT stepShown(s);
}

QString LessonPanel::stepHtml() const
{
    const auto& l = lessons()[static_cast<std::size_t>(lesson_)];
    const auto& s = currentStep();
    return QString("<p><i>%1</i></p><h3>%2</h3><p>%3</p>%4")
        .arg(l.summary, s.title, s.text, claimsHtml(s.claims, runs(lesson_)));
}

void LessonPanel::addRun(int lesson, int step, const RunResult& run)
{
    auto& r = runs_[lesson];
    if (r.size() <= static_cast<std::size_t>(step)) r.resize(static_cast<std::size_t>(step) + 1);
    r[static_cast<std::size_t>(step)].push_back(run);
    if (lesson == lesson_) {
        // Keep the reader's place: only the measured part of the text changes.
        const int scroll = text_->verticalScrollBar()->value();
        text_->setHtml(stepHtml());
        text_->verticalScrollBar()->setValue(scroll);
    }
}

void LessonPanel::clearRuns(int lesson, int step)
{
    auto& r = runs_[lesson];
    if (static_cast<std::size_t>(step) < r.size()) r[static_cast<std::size_t>(step)].clear();
}

const LessonRuns& LessonPanel::runs(int lesson) const
{
    static const LessonRuns none;
    const auto it = runs_.find(lesson);
    return it == runs_.end() ? none : it->second;
}

QString LessonPanel::shownText() const
{
    return text_->toPlainText();
}

} // namespace mtlx::ui
