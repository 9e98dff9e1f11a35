// The lessons' claims, checked on the runs each lesson trains (ctest -L lessons): every step is set
// up as the window sets it up (its preset and changes, then one run, the sweep's runs, or each
// compared architecture's seeds as one stack) at its lesson size and default seeds, and every
// claim the lesson makes must hold on them. A paper's finding the lesson reports is measured and
// shown agreeing or not, never asserted. The panel's text must show each measurement and the
// verdict that goes with it.
#include <QTextDocument>
#include <QtTest>

#include "core/engine/runner.h"
#include "core/engine/sweep.h"
#include "core/spec/presets.h"
#include "ui/lessons.h"

using namespace mtlx;
using namespace mtlx::ui;

namespace {

std::vector<RunResult> trainStep(const LessonStep& step, ExperimentSpec& current)
{
    if (!step.preset.empty()) {
        current = presetSpec(step.preset);
        if (step.change) step.change(current);
    }
    RunControl control;
    switch (step.action) {
    case LessonStep::Action::None:
        return {};
    case LessonStep::Action::Train:
        return {runExperiment(current, control, {})};
    case LessonStep::Action::Sweep: {
        std::vector<ExperimentSpec> specs;
        for (const auto& run : planSweep(current))
            specs.push_back(run.spec);
        return runExperimentStack(specs, control, {});
    }
    case LessonStep::Action::Compare: {
        std::vector<RunResult> all;
        for (const auto& stack : comparisonStacks(current, step.architectures, kLessonCompareSeeds))
            for (auto& r : runExperimentStack(stack, control, {}))
                all.push_back(std::move(r));
        return all;
    }
    }
    return {};
}

// Trains lesson `index` step by step; checks every claim once its runs are there.
void checkLesson(int index)
{
    const auto& lesson = lessons().at(static_cast<std::size_t>(index));
    LessonRuns runs(lesson.steps.size());
    ExperimentSpec current = presetSpec("sine-small-heads"); // the window's first experiment
    LessonPanel panel;
    int claims = 0;
    for (std::size_t s = 0; s < lesson.steps.size(); ++s) {
        const auto& step = lesson.steps[s];
        runs[s] = trainStep(step, current);
        for (const auto& r : runs[s]) {
            QVERIFY2(r.status == RunStatus::Ok, r.message.c_str());
            panel.addRun(index, static_cast<int>(s), r);
        }
        panel.open(index, static_cast<int>(s));
        const QString shown = panel.shownText();
        for (const auto& claim : step.claims) {
            const auto m = claim.measure(runs);
            QVERIFY2(m.has_value(), qPrintable("not measured: " + claim.statement));
            const bool holds = claimHolds(m->outcome);
            qInfo().noquote() << QString("lesson %1 step %2: %3%4 — %5 (%6)")
                                     .arg(index + 1)
                                     .arg(s + 1)
                                     .arg(claim.paper ? "the paper: " : "", claim.statement, m->measured,
                                          QString::fromStdString(toString(m->outcome)));
            // The text never says what the runs do not show.
            QVERIFY2(holds || claim.paper, qPrintable("the lesson claims what its runs do not show: " +
                                                      claim.statement + " — " + m->measured));
            QTextDocument measured;
            measured.setHtml(m->measured);
            QVERIFY2(shown.contains(measured.toPlainText()), qPrintable("the panel does not show " + m->measured));
            QVERIFY(shown.contains(holds ? "agrees" : "does not agree"));
            ++claims;
        }
    }
    QVERIFY2(claims > 0, "a lesson without a measured claim");
}

} // namespace

class TestLessons : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void lesson1() { checkLesson(0); }
    void lesson2() { checkLesson(1); }
    void lesson3() { checkLesson(2); }
    void lesson4() { checkLesson(3); }
    void lesson5() { checkLesson(4); }

    // Before any run, a claim says it is not measured yet; a failing measurement reads as such.
    void claimsTextBeforeAndAgainst()
    {
        const auto& step = lessons().at(2).steps.at(1); // small heads, with heads
        LessonRuns none;
        QVERIFY(claimsHtml(step.claims, none).contains("not measured yet"));
        LessonClaim against{"x", false, [](const LessonRuns&) {
                                return std::optional<ClaimMeasure>{{Outcome::NotReproduced, "0.48 vs 0.51"}};
                            }};
        const QString html = claimsHtml({against}, none);
        QVERIFY(html.contains("does not agree"));
        QVERIFY(html.contains("0.48 vs 0.51"));
        QVERIFY(!claimHolds(Outcome::Contradicted));
        QVERIFY(claimHolds(Outcome::DirectionOnly));
    }
};

QTEST_MAIN(TestLessons)
#include "tst_lessons.moc"
