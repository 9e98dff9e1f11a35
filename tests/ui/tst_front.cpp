// The preference slider (ui/frontexplorer.h): a preference-conditioned run opened from its
// result.json shows its front in the Pareto view; moving the slider evaluates the saved model at
// that preference in the background, and the marked point, the gate heatmap and the activation
// histograms show the model there — the same numbers the run's front holds for that preference.
// A drag asks for the newest preference only. The triangle of three tasks picks barycentric r.
#include <QtTest>

#include <QLabel>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>

#include "core/engine/runner.h"
#include "core/spec/jsonreader.h"
#include "core/spec/pareto.h"
#include "ui/frontexplorer.h"
#include "ui/gateheatmap.h"
#include "ui/mainwindow.h"
#include "ui/paretoview.h"
#include "ui/runspanel.h"

using namespace mtlx;
using namespace mtlx::ui;

namespace {

// A small MMoE on the correlated tasks, preference-conditioned, saved as a run folder.
QString trainedRun(const QString& dir)
{
    const auto spec = experimentFromJson(nlohmann::json{
        {"name", "one-model"},
        {"dataset",
         {{"kind", "synthetic_correlated"}, {"dim", 12}, {"train", 2000}, {"validation", 100}, {"test", 500}}},
        {"model", {{"arch", "mmoe"}, {"expert_dims", {{16}}}, {"experts", 3}, {"towers", {8}}}},
        {"training", {{"epochs", 3}, {"lr", 0.01}, {"threads", 1}, {"preference", {{"method", "cosmos"}}}}}});
    RunControl control;
    const auto result = runExperiment(spec, control, {});
    const QString path = QDir(dir).filePath("result.json");
    writeJsonFile(path.toStdString(), resultToJson(result));
    writeModelFile(path.toStdString(), result);
    return path;
}

// The front's point at preference index `i` as the objectives the view draws.
std::vector<double> frontPoint(const RunResult& r, std::size_t i)
{
    return frontObjectives(r).at(i);
}

// A run's result.json and model.pt copied into `dir`: the copy's result.json ("" if a copy failed).
QString copyWithModel(const QString& path, const QString& dir)
{
    for (const char* file : {"result.json", "model.pt"})
        if (!QFile::copy(QFileInfo(path).dir().filePath(file), QDir(dir).filePath(file))) return {};
    return QDir(dir).filePath("result.json");
}

// The run of `path` as an ordinary run (no preference, no front), its result.json in `dir`.
QString ordinaryRun(const QString& path, const QString& dir)
{
    auto r = resultFromJson(readJsonFile(path.toStdString()));
    r.front.clear();
    r.spec.training.preference.method = "none";
    const QString out = QDir(dir).filePath("result.json");
    writeJsonFile(out.toStdString(), resultToJson(r));
    return out;
}

} // namespace

class TestFront : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString path_;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        path_ = trainedRun(tmp_.path());
    }

    void theSliderWalksTheFront()
    {
        MainWindow w;
        w.resize(1280, 720);
        w.show();
        QCOMPARE(w.openRun(path_, {0.3, 0.7}), QString());
        auto* front = w.frontExplorer();
        QVERIFY(front->isOpen());
        QTRY_VERIFY_WITH_TIMEOUT(front->current().has_value() && !front->busy(), 60000);
        const auto stored = resultFromJson(readJsonFile(path_.toStdString()));
        // At r = (0.3, 0.7), a point of the stored front: the live evaluation gives its numbers.
        QCOMPARE(front->current()->preference, (std::vector<double>{0.3, 0.7}));
        QCOMPARE(stored.front[3].weights, (std::vector<double>{0.3, 0.7}));
        for (std::size_t t = 0; t < 2; ++t)
            QVERIFY(std::abs(front->current()->tasks[t].at("mse") - stored.front[3].tasks[t].at("mse")) < 1e-6);
        // The front is a configuration of the Pareto view with all 11 points, and the marker sits on
        // the point of r = (0.3, 0.7).
        auto* pareto = w.findChild<ParetoView*>();
        QVERIFY(pareto->hasMarker());
        bool found = false;
        for (int c = 0; c < pareto->configurationCount(); ++c)
            found = found || (pareto->configurationName(c).contains("one model") && pareto->pointCount(c) == 11);
        QVERIFY(found);
        int withPoints = 0; // the front once, not also the ticked run as a configuration of its own
        for (int c = 0; c < pareto->configurationCount(); ++c)
            withPoints += pareto->pointCount(c) > 0 ? 1 : 0;
        QCOMPARE(withPoints, 1);
        const auto marked = front->objectives(*front->current());
        const auto expected = frontPoint(stored, 3);
        QVERIFY(std::abs(marked[0] - expected[0]) < 1e-6 && std::abs(marked[1] - expected[1]) < 1e-6);
        // The gate heatmap shows the model at that preference.
        auto* gates = w.findChild<GateHeatmap*>();
        QCOMPARE(gates->gates().size(), front->current()->gates.size());
        QCOMPARE(gates->gates()[0].matrix, front->current()->gates[0].matrix);
        const auto gatesAt03 = gates->gates()[0].matrix;
        auto* caption = gates->findChild<QLabel*>("gateCaption");
        QVERIFY2(caption->text().startsWith("The model at r = (0.30, 0.70)"), qPrintable(caption->text()));

        // A drag: the slider to r₁ = 0.8, one step at a time; only the newest is certain to be
        // evaluated, and the model there answers as the front says for r = (0.8, 0.2).
        int evaluations = 0;
        connect(front, &FrontExplorer::evaluated, this, [&evaluations] { ++evaluations; });
        auto* slider = front->findChild<QSlider*>("preference0");
        QVERIFY(slider);
        for (int v = 310; v <= 800; v += 10)
            slider->setValue(v);
        QTRY_VERIFY_WITH_TIMEOUT(!front->busy(), 60000);
        QVERIFY2(evaluations < 50, qPrintable(QString("%1 evaluations for 50 moves").arg(evaluations)));
        QVERIFY(std::abs(front->current()->preference[0] - 0.8) < 1e-9);
        for (std::size_t t = 0; t < 2; ++t)
            QVERIFY(std::abs(front->current()->tasks[t].at("mse") - stored.front[8].tasks[t].at("mse")) < 1e-6);
        QCOMPARE(gates->gates()[0].matrix, front->current()->gates[0].matrix);
        QVERIFY2(caption->text().startsWith("The model at r = (0.80, 0.20)"), qPrintable(caption->text()));
        // The gates differ between the two preferences: the model answers for each r.
        QVERIFY(gates->gates()[0].matrix != gatesAt03);
        QVERIFY(front->lastMilliseconds() > 0);
    }

    // A second run opened while the first one's evaluation runs: the newest is evaluated, and a
    // run without a front hides the slider.
    void anotherRunMidEvaluationIsEvaluated()
    {
        QTemporaryDir other;
        const QString second = copyWithModel(path_, other.path());
        QVERIFY(!second.isEmpty());
        MainWindow w;
        QCOMPARE(w.openRun(path_), QString());
        QVERIFY(w.frontExplorer()->busy()); // the first evaluation is on its way
        QCOMPARE(w.openRun(second, {0.2, 0.8}), QString());
        auto* front = w.frontExplorer();
        QTRY_VERIFY_WITH_TIMEOUT(!front->busy() && front->current().has_value(), 60000);
        QCOMPARE(front->folder(), QFileInfo(second).absolutePath());
        QCOMPARE(front->current()->preference, (std::vector<double>{0.2, 0.8}));
        // An ordinary run selected: the slider goes, and so does the marked point.
        QTemporaryDir plain;
        QCOMPARE(w.openRun(ordinaryRun(path_, plain.path())), QString());
        QVERIFY(!front->isOpen());
        QVERIFY(!w.findChild<ParetoView*>()->hasMarker());
    }

    // A run kept without its model: its stored front is drawn, once however often it is opened, and
    // not again as the ticked run; a preference needs the model.
    void aRunWithoutItsModelDrawsItsStoredFrontOnce()
    {
        QTemporaryDir bare;
        const QString copy = QDir(bare.path()).filePath("result.json");
        QVERIFY(QFile::copy(path_, copy));
        MainWindow w;
        QCOMPARE(w.openRun(copy), QString());
        QCOMPARE(w.openRun(copy), QString());
        auto* pareto = w.findChild<ParetoView*>();
        std::vector<std::size_t> counts;
        for (int c = 0; c < pareto->configurationCount(); ++c)
            if (pareto->pointCount(c) > 0) counts.push_back(pareto->pointCount(c));
        QCOMPARE(counts, (std::vector<std::size_t>{11}));
        QVERIFY(!w.frontExplorer()->isOpen());
        QVERIFY(w.openRun(copy, {0.3, 0.7}).contains("needs the run's model"));
        // Another run of the same spec (the same label) has a front of its own.
        QTemporaryDir second;
        const QString other = QDir(second.path()).filePath("result.json");
        QVERIFY(QFile::copy(path_, other));
        QCOMPARE(w.openRun(other), QString());
        counts.clear();
        for (int c = 0; c < pareto->configurationCount(); ++c)
            if (pareto->pointCount(c) > 0) counts.push_back(pareto->pointCount(c));
        QCOMPARE(counts, (std::vector<std::size_t>{11, 11}));
        // One of them taken out of the Runs panel: its front goes with it.
        w.runsPanel()->remove(w.runsPanel()->selectedId(), false);
        counts.clear();
        for (int c = 0; c < pareto->configurationCount(); ++c)
            if (pareto->pointCount(c) > 0) counts.push_back(pareto->pointCount(c));
        QCOMPARE(counts, (std::vector<std::size_t>{11}));
    }

    // The slider's run retrained into its folder (here: its front cut to 6 preferences) and opened
    // again: the new front replaces the old one, and the slider evaluates the new files.
    void aRunOpenedAgainAfterARetrainShowsTheNewFront()
    {
        QTemporaryDir dir;
        const QString copy = copyWithModel(path_, dir.path());
        QVERIFY(!copy.isEmpty());
        MainWindow w;
        QCOMPARE(w.openRun(copy), QString());
        auto* pareto = w.findChild<ParetoView*>();
        const QString source = QFileInfo(copy).absolutePath();
        QCOMPARE(pareto->pointCount(pareto->configurationFrom(source)), std::size_t{11});
        QTRY_VERIFY_WITH_TIMEOUT(!w.frontExplorer()->busy(), 60000);
        auto retrained = resultFromJson(readJsonFile(copy.toStdString()));
        retrained.front.resize(6);
        writeJsonFile(copy.toStdString(), resultToJson(retrained));
        QCOMPARE(w.openRun(copy, {0.4, 0.6}), QString());
        QCOMPARE(pareto->pointCount(pareto->configurationFrom(source)), std::size_t{6});
        int fronts = 0;
        for (int c = 0; c < pareto->configurationCount(); ++c)
            fronts += pareto->pointCount(c) > 0 ? 1 : 0;
        QCOMPARE(fronts, 1);
        auto* front = w.frontExplorer();
        QVERIFY(front->isOpen());
        QTRY_VERIFY_WITH_TIMEOUT(!front->busy() && front->current().has_value(), 60000);
        QCOMPARE(front->current()->preference, (std::vector<double>{0.4, 0.6}));
    }

    // A run with its model selected again after another run: its front is there already.
    void aFrontSelectedAgainIsNotDrawnAgain()
    {
        MainWindow w;
        QCOMPARE(w.openRun(path_), QString());
        const int first = w.runsPanel()->selectedId();
        QTemporaryDir plain;
        QCOMPARE(w.openRun(ordinaryRun(path_, plain.path())), QString());
        QVERIFY(!w.frontExplorer()->isOpen());
        w.runsPanel()->select(first);
        QVERIFY(w.frontExplorer()->isOpen());
        auto* pareto = w.findChild<ParetoView*>();
        int fronts = 0;
        for (int c = 0; c < pareto->configurationCount(); ++c)
            fronts += pareto->configurationName(c).contains("(one model)") ? 1 : 0;
        QCOMPARE(fronts, 1);
        QCOMPARE(pareto->models(pareto->configurationFrom(QFileInfo(path_).absolutePath())), 1);
        QTRY_VERIFY_WITH_TIMEOUT(!w.frontExplorer()->busy(), 60000);
    }

    // The window's sweep of a preference-conditioned spec: one model per seed, each adding its front.
    void aSweepOfOneModelPerSeedDrawsTheirFronts()
    {
        auto spec = resultFromJson(readJsonFile(path_.toStdString())).spec;
        spec.training.epochs = 1;
        spec.training.preference.frontPoints = 5;
        spec.sweep.seeds = 2;
        MainWindow w;
        w.setSpec(spec);
        QSignalSpy finished(&w, &MainWindow::trainingFinished);
        QTemporaryDir dir;
        w.startSweep(dir.path());
        QVERIFY(finished.wait(120000));
        auto* pareto = w.findChild<ParetoView*>();
        int found = -1;
        for (int c = 0; c < pareto->configurationCount(); ++c)
            if (pareto->models(c) == 2) found = c;
        QVERIFY2(found >= 0, "no configuration of 2 preference-conditioned models");
        QCOMPARE(pareto->pointCount(found), std::size_t{10});
        // A sweep run selected with its model: the slider opens, its front stays the sweep's points.
        const int before = pareto->configurationCount();
        const auto runs = w.runsPanel()->runs();
        const int selected = w.runsPanel()->selectedId();
        const auto withModel = std::find_if(runs.begin(), runs.end(), [selected](const auto& e) {
            return e.hasModel() && !e.result.front.empty() && e.id != selected;
        });
        QVERIFY(withModel != runs.end());
        w.runsPanel()->select(withModel->id);
        QVERIFY(w.frontExplorer()->isOpen());
        QCOMPARE(pareto->configurationCount(), before);
        QTRY_VERIFY_WITH_TIMEOUT(!w.frontExplorer()->busy(), 60000);
    }

    void aRunWithoutAFrontRefusesAPreference()
    {
        QTemporaryDir dir;
        MainWindow w;
        const QString error = w.openRun(ordinaryRun(path_, dir.path()), {0.5, 0.5});
        QVERIFY2(error.contains("--preference"), qPrintable(error));
        QVERIFY(!w.frontExplorer()->isOpen());
    }

    void theTriangleTakesBarycentricPreferences()
    {
        PreferenceSlider s;
        s.setTasks({"a", "b", "c"});
        s.resize(300, 150);
        s.show();
        QVERIFY(QTest::qWaitForWindowExposed(&s));
        std::vector<double> got;
        connect(&s, &PreferenceSlider::moved, this, [&got](const std::vector<double>& r) { got = r; });
        // Far above the triangle: clamped to task a's corner.
        QTest::mouseClick(&s, Qt::LeftButton, {}, QPoint(150, 0));
        QCOMPARE(got.size(), std::size_t{3});
        QVERIFY2(got[0] > 0.99, qPrintable(QString::number(got[0])));
        // Far to the lower right: task c's corner.
        QTest::mouseClick(&s, Qt::LeftButton, {}, QPoint(299, 149));
        QVERIFY2(got[2] > 0.9, qPrintable(QString::number(got[2])));
        double sum = 0;
        for (double x : got)
            sum += x;
        QVERIFY(std::abs(sum - 1) < 1e-12);
        // Set from outside: shown, not emitted.
        got.clear();
        s.setPreference({1, 1, 2});
        QVERIFY(got.empty());
        QCOMPARE(s.preference(), (std::vector<double>{0.25, 0.25, 0.5}));
    }
};

QTEST_MAIN(TestFront)
#include "tst_front.moc"
