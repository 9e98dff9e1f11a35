// The window end to end on the offscreen platform: training emits progress and finishes with
// the live views fed (loss curves, gate heatmap, activation histograms), stop returns within a
// second, a sweep puts each run on the Pareto view, specs open and save, views export.
#include <QtTest>

#include <fstream>
#include <numeric>

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QStandardPaths>

#include "core/spec/presets.h"
#include "core/spec/specerror.h"
#include "ui/accessibility.h"
#include "ui/activationview.h"
#include "ui/conflictview.h"
#include "ui/gateheatmap.h"
#include "ui/inspectorwindow.h"
#include "ui/lossplot.h"
#include "ui/mainwindow.h"
#include "ui/paretoview.h"
#include "ui/plotexport.h"
#include "ui/qcp.h"
#include "ui/runspanel.h"

namespace {

mtlx::ExperimentSpec smallAdatt(int epochs)
{
    auto s = mtlx::presetSpec("correlated-adatt");
    s.dataset.limitTrain = 2000;
    s.dataset.limitTest = 500;
    s.training.epochs = epochs;
    return s;
}

// A small AdaTT swept over 3 task weights, one epoch.
mtlx::ExperimentSpec threePointSweep()
{
    auto s = smallAdatt(1);
    s.sweep.points = 3;
    return s;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void trainingFeedsEveryLiveView()
    {
        mtlx::ui::MainWindow w;
        w.setSpec(smallAdatt(3));
        w.show();
        QSignalSpy finished(&w, &mtlx::ui::MainWindow::trainingFinished);
        auto* status = w.findChild<QLabel*>("trainingStatus");
        QStringList seen;
        connect(w.findChild<QProgressBar*>("trainingProgress"), &QProgressBar::valueChanged, this,
                [&](int) { seen << status->text(); });
        w.startTraining();
        QVERIFY(w.isTraining());
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.last().at(0).toBool(), true);
        QVERIFY(!w.isTraining());
        // Progress arrived while it trained: epoch, batch, rate and time left.
        QVERIFY(std::any_of(seen.begin(), seen.end(), [](const QString& s) { return s.contains("examples/s"); }));
        const auto& r = w.lastResult();
        QVERIFY(r.has_value());
        QCOMPARE(mtlx::toString(r->status), std::string("ok"));
        QCOMPARE(r->history.size(), std::size_t(3));
        QVERIFY(QFileInfo::exists(w.lastResultPath())); // saved the moment it finished
        // Loss curves: one running curve plus train and test per task and epoch.
        QVERIFY(w.findChild<mtlx::ui::LossPlot*>()->pointCount() >= 3 * 2 * 2);
        // The heatmap holds the run's final gate matrices (2 levels of AdaTT-sp).
        QCoreApplication::processEvents();
        const auto& gates = w.findChild<mtlx::ui::GateHeatmap*>()->gates();
        QCOMPARE(gates.size(), r->gates.size());
        QCOMPARE(gates.size(), std::size_t(2));
        QCOMPARE(gates[0].matrix, r->gates[0].matrix);
        QVERIFY(w.findChild<mtlx::ui::GateHeatmap*>()->valueAt(0, 0).startsWith("y1 × y1/1: "));
        // The histograms hold the probe of the test split.
        auto* act = w.findChild<mtlx::ui::ActivationView*>();
        QVERIFY(act->hasCurrent());
        QCOMPARE(act->current().examples, std::int64_t(500));
        QCOMPARE(act->current().nonzeroFraction.counts, r->activation.nonzeroFraction.counts);
        // The next run shows this one as the reference.
        w.startTraining();
        QVERIFY(finished.wait(60000));
        QCOMPARE(act->reference().nonzeroFraction.counts, r->activation.nonzeroFraction.counts);
    }

    void stopReturnsWithinASecond()
    {
        mtlx::ui::MainWindow w;
        w.setSpec(smallAdatt(100000));
        QSignalSpy finished(&w, &mtlx::ui::MainWindow::trainingFinished);
        auto* status = w.findChild<QLabel*>("trainingStatus");
        w.startTraining();
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains("epoch"), 30000);
        QElapsedTimer clock;
        clock.start();
        w.stopTraining();
        QVERIFY(finished.wait(1000));
        QVERIFY2(clock.elapsed() < 1000, QByteArray::number(clock.elapsed()));
        QCOMPARE(mtlx::toString(w.lastResult()->status), std::string("stopped"));
        QVERIFY(!w.isTraining());
    }

    // A screen reader gets a name for every control (buttons, inputs, sliders, the editor's fields
    // by their labels), each view its title and "How to read this", and the diagram says what it
    // draws.
    void everyControlHasANameForAScreenReader()
    {
        mtlx::ui::MainWindow w;
        w.setSpec(smallAdatt(1));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QStringList unnamed;
        for (auto* c : w.findChildren<QWidget*>()) {
            const bool control = qobject_cast<QAbstractButton*>(c) || qobject_cast<QComboBox*>(c) ||
                                 qobject_cast<QAbstractSpinBox*>(c) || qobject_cast<QLineEdit*>(c) ||
                                 qobject_cast<QSlider*>(c) || qobject_cast<QProgressBar*>(c);
            // Parts of a control (a spin box's line edit, a table's corner) are read as the control.
            const bool part =
                c->objectName().startsWith("qt_") || QByteArray(c->metaObject()->className()) == "QTableCornerButton";
            if (control && !part && mtlx::ui::accessibleNameOf(c).isEmpty())
                unnamed << QString("%1 %2").arg(c->metaObject()->className(), c->objectName());
        }
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(", ")));
        const auto* lr = w.findChild<QWidget*>("training.lr");
        QVERIFY(lr);
        QVERIFY2(lr->accessibleName().startsWith("Learning rate"), qPrintable(lr->accessibleName()));
        const std::vector<const QWidget*> views{
            w.findChild<mtlx::ui::LossPlot*>(), w.findChild<mtlx::ui::GateHeatmap*>(),
            w.findChild<mtlx::ui::ActivationView*>(), w.findChild<mtlx::ui::ParetoView*>(),
            w.findChild<mtlx::ui::ConflictView*>()};
        for (const auto* v : views)
            QVERIFY2(v && !v->accessibleName().isEmpty() && v->accessibleDescription().size() > 40,
                     v ? v->metaObject()->className() : "a view missing");
        const auto* diagram = w.findChild<QWidget*>("architectureDiagram");
        QVERIFY2(diagram->accessibleDescription().contains("level 2: experts y1/1, y2/1"),
                 qPrintable(diagram->accessibleDescription()));
    }

    // A run stopped after an epoch keeps its checkpoint: Resume in the Runs panel goes on from it
    // to the numbers of the run never stopped and replaces the stopped run; the finished run's
    // model opens in the expert inspector.
    void aStoppedRunResumesAndItsModelOpensInTheInspector()
    {
        auto spec = smallAdatt(10);
        spec.dataset.limitTrain = 20000;
        mtlx::ui::MainWindow w;
        w.setSpec(spec);
        w.show();
        QSignalSpy finished(&w, &mtlx::ui::MainWindow::trainingFinished);
        w.startTraining();
        QVERIFY(finished.wait(120000));
        const auto whole = *w.lastResult();
        auto* status = w.findChild<QLabel*>("trainingStatus");
        w.startTraining();
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains("epoch 4/"), 60000);
        w.stopTraining();
        QVERIFY(finished.wait(5000));
        QCOMPARE(mtlx::toString(w.lastResult()->status), std::string("stopped"));
        const QString folder = QFileInfo(w.lastResultPath()).path();
        QVERIFY(QFileInfo::exists(folder + "/checkpoint.pt"));
        auto* runs = w.runsPanel();
        const int stopped = runs->runs().back().id;
        QVERIFY(runs->find(stopped)->canResume());
        runs->select(stopped);
        const auto count = runs->runs().size();
        w.findChild<QPushButton*>("resumeRun")->click();
        QVERIFY(finished.wait(120000));
        const auto& resumed = *w.lastResult();
        QCOMPARE(mtlx::toString(resumed.status), std::string("ok"));
        QCOMPARE(QFileInfo(w.lastResultPath()).path(), folder); // the same folder, now finished
        QVERIFY(!QFileInfo::exists(folder + "/checkpoint.pt"));
        QCOMPARE(runs->runs().size(), count); // the stopped run replaced
        for (std::size_t t = 0; t < whole.tasks.size(); ++t) {
            const double a = whole.tasks[t].test.at("mse"), b = resumed.tasks[t].test.at("mse");
            QVERIFY2(std::abs(a - b) <= 1e-6 * a, qPrintable(QString("%1 vs %2").arg(a).arg(b)));
        }
        const int done = runs->runs().back().id;
        QVERIFY(runs->find(done)->hasModel());
        runs->select(done);
        w.findChild<QPushButton*>("inspectRun")->click();
        auto* inspector = w.findChild<mtlx::ui::InspectorWindow*>();
        QVERIFY(inspector);
        QTRY_VERIFY_WITH_TIMEOUT(!inspector->busy() && inspector->inspection().has_value(), 60000);
        const auto& in = *inspector->inspection();
        QCOMPARE(in.gates.size(), std::size_t(4)); // AdaTT-sp: 2 levels × 2 task gates
        for (const auto& g : in.gates)
            QVERIFY(std::abs(std::accumulate(g.expertUse.begin(), g.expertUse.end(), 0.0) - 1) < 1e-9);
        QCOMPARE(in.knockouts.size(), std::size_t(4)); // 2 levels × 2 experts
        inspector->pick(0, 0, 5);                      // y1 is a regression task: no example has the label 0 exactly
        QTRY_VERIFY_WITH_TIMEOUT(!inspector->busy(), 30000);
        QVERIFY(inspector->routed().empty());
        inspector->pick(-1, 0, 5);
        QTRY_VERIFY_WITH_TIMEOUT(!inspector->busy(), 30000);
        QCOMPARE(inspector->routed().size(), std::size_t(5));
        for (const auto& e : inspector->routed())
            for (const auto& row : e.gates.at(1))
                QVERIFY(std::abs(std::accumulate(row.begin(), row.end(), 0.0) - 1) < 1e-6);
        inspector->close();
    }

    // Closing during training asks; "Stop and quit" stops the run as Stop does, the run is saved
    // with status stopped, and only then does the window close.
    void closingWhileTrainingAsksAndKeepsTheRunStopped()
    {
        mtlx::ui::MainWindow w;
        w.setSpec(smallAdatt(100000));
        w.show();
        auto* status = w.findChild<QLabel*>("trainingStatus");
        w.startTraining();
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains("epoch"), 30000);
        QVERIFY(!w.close()); // refused while it asks
        QVERIFY(w.isVisible() && w.isTraining());
        auto* box = w.findChild<QMessageBox*>("closeWhileTraining");
        QVERIFY(box && box->isVisible());
        QVERIFY(!w.close()); // a second close does not open a second question
        QCOMPARE(w.findChildren<QMessageBox*>("closeWhileTraining").size(), 1);
        // "Keep training" leaves it running.
        for (auto* b : box->buttons())
            if (box->buttonRole(b) == QMessageBox::RejectRole) b->click();
        QTRY_VERIFY(w.findChild<QMessageBox*>("closeWhileTraining") == nullptr);
        QVERIFY(w.isTraining());
        QVERIFY(!w.close());
        box = w.findChild<QMessageBox*>("closeWhileTraining");
        QVERIFY(box);
        box->findChild<QPushButton*>("stopAndQuit")->click();
        QTRY_VERIFY_WITH_TIMEOUT(!w.isVisible(), 10000);
        QVERIFY(!w.isTraining());
        QCOMPARE(mtlx::toString(w.lastResult()->status), std::string("stopped"));
        std::ifstream in(w.lastResultPath().toStdString());
        QVERIFY2(in.good(), qPrintable(w.lastResultPath()));
        QCOMPARE(nlohmann::json::parse(in)["status"].get<std::string>(), std::string("stopped"));
    }

    // The run ends while the question is open: "Stop and quit" then just closes (it used to wait
    // for a run that was no longer there, and close when the next one ended).
    void aRunEndingWhileAskingStillQuits()
    {
        mtlx::ui::MainWindow w;
        w.setSpec(smallAdatt(1));
        w.show();
        QSignalSpy finished(&w, &mtlx::ui::MainWindow::trainingFinished);
        w.startTraining();
        QVERIFY(!w.close());
        auto* box = w.findChild<QMessageBox*>("closeWhileTraining");
        QVERIFY(box);
        QVERIFY(finished.wait(60000));
        box->findChild<QPushButton*>("stopAndQuit")->click();
        QTRY_VERIFY_WITH_TIMEOUT(!w.isVisible(), 5000);
        QCOMPARE(mtlx::toString(w.lastResult()->status), std::string("ok"));
    }

    // A data error while training is a dialog with the one-line message, never silent.
    void aDataErrorDuringTrainingIsADialog()
    {
        const QString csv = tmp_.filePath("word.csv");
        {
            std::ofstream out(csv.toStdString());
            out << "x,y\n1,0\n2,1\nabc,0\n";
            for (int i = 4; i < 40; ++i)
                out << i << "," << i % 2 << "\n";
        }
        auto s = mtlx::experimentFromJson(nlohmann::json{
            {"dataset",
             {{"kind", "csv"}, {"path", csv.toStdString()}, {"numeric", {"x"}}, {"tasks", {{{"column", "y"}}}}}},
            {"model", {{"arch", "shared_bottom"}, {"bottom", {4}}, {"towers", nlohmann::json::array()}}},
            {"training", {{"epochs", 1}}}});
        mtlx::ui::MainWindow w;
        w.setSpec(s);
        w.show();
        QSignalSpy finished(&w, &mtlx::ui::MainWindow::trainingFinished);
        w.startTraining();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.last().at(0).toBool(), false);
        QMessageBox* box = nullptr;
        for (auto* b : w.findChildren<QMessageBox*>())
            if (b->isVisible()) box = b;
        QVERIFY(box);
        QCOMPARE(box->windowTitle(), QString("Training failed"));
        QCOMPARE(box->text(), csv + ":4: column 'x': 'abc' is not a number");
    }

    // A corrupt workspace is a dialog naming the file and the field; the window stays as it was.
    void corruptWorkspacesAreADialogNamingTheFile()
    {
        auto file = [&](const char* name, const std::string& text) {
            const QString path = tmp_.filePath(name);
            std::ofstream(path.toStdString()) << text;
            return path;
        };
        const std::vector<std::pair<QString, QString>> cases{
            {file("syntax.mtlxw", "{\"format\": \"mtlx-workspace\",\n \"runs\": [}"), "syntax.mtlxw:2: not valid JSON"},
            {file("runs.mtlxw", R"({"format": "mtlx-workspace", "spec": {}, "runs": {"a": 1}})"),
             "runs.mtlxw: runs: is an object, expected an array"},
            {file("state.mtlxw", R"({"format": "mtlx-workspace", "spec": {}, "window_state": [1]})"),
             "state.mtlxw: window_state: is an array, expected a string"},
            {file("ticked.mtlxw",
                  R"({"format": "mtlx-workspace", "spec": {}, "runs": [{"path": "a", "ticked": "yes"}]})"),
             "ticked.mtlxw: runs[0].ticked: is a string, expected true or false"},
            {file("deep.mtlxw", "{\"format\": \"mtlx-workspace\", \"spec\": " + std::string(100000, '[') +
                                    std::string(100000, ']') + "}"),
             "deep.mtlxw:1: nested more than 64 levels deep"},
            {file("other.mtlxw", "[1, 2]"), "other.mtlxw: not an MTL Explorer workspace"}};
        mtlx::ui::MainWindow w;
        w.setSpec(smallAdatt(1));
        w.show();
        for (const auto& [path, expected] : cases) {
            const QString error = w.openWorkspace(path);
            QVERIFY2(error.startsWith(path.left(path.lastIndexOf('/') + 1)) && error.contains(expected),
                     qPrintable(error + " / " + expected));
            auto* box = w.findChild<QMessageBox*>("workspaceError");
            QVERIFY(box && box->isVisible());
            QCOMPARE(box->text(), error);
            QVERIFY(!box->text().contains("json.exception"));
            box->close();
            QTRY_VERIFY(w.findChild<QMessageBox*>("workspaceError") == nullptr);
            QCOMPARE(w.spec().name, std::string("correlated-adatt")); // unchanged
        }
    }

    // A run file that is there but cannot be read is reported as such, not as gone.
    void anUnreadableRunIsNotReportedMissing()
    {
        const QString broken = tmp_.filePath("broken-run/result.json");
        QDir().mkpath(tmp_.filePath("broken-run"));
        std::ofstream(broken.toStdString()) << "{\"status\": ";
        const QString workspace = tmp_.filePath("with-broken.mtlxw");
        std::ofstream(workspace.toStdString())
            << nlohmann::json{{"format", "mtlx-workspace"},
                              {"spec", nlohmann::json::object()},
                              {"runs", {{{"path", broken.toStdString()}}, {{"path", "/nowhere/result.json"}}}}}
                   .dump();
        mtlx::ui::MainWindow w;
        const QString message = w.openWorkspace(workspace);
        QVERIFY2(message.contains("1 run file(s) no longer there: /nowhere/result.json"), qPrintable(message));
        QVERIFY2(message.contains("1 run file(s) could not be read: " + broken + ":1: not valid JSON"),
                 qPrintable(message));
    }

    // Ticked runs' configurations come and go as ticks change; a sweep training meanwhile keeps
    // drawing into its own configuration (an index kept from its start moved with them).
    void aSweepKeepsItsConfigurationWhileTicksChange()
    {
        mtlx::ui::MainWindow w;
        w.setSpec(threePointSweep());
        QSignalSpy finished(&w, &mtlx::ui::MainWindow::trainingFinished);
        w.startSweep(tmp_.filePath("ticks-1"));
        QVERIFY(finished.wait(60000));
        auto* runs = w.runsPanel();
        std::vector<int> ids;
        for (const auto& e : runs->runs())
            if (e.path.startsWith(tmp_.filePath("ticks-1"))) ids.push_back(e.id);
        QCOMPARE(ids.size(), std::size_t(3));
        for (int id : ids)
            runs->setTicked(id, true);
        auto* pareto = w.findChild<mtlx::ui::ParetoView*>();
        QCOMPARE(pareto->configurationCount(), 2); // the sweep, then its ticked runs
        w.startSweep(tmp_.filePath("ticks-2"));    // the third configuration
        for (int id : ids)
            runs->setTicked(id, false); // the ticked runs' configuration goes: the new sweep's moves up
        QVERIFY(finished.wait(60000));
        QCOMPARE(pareto->configurationCount(), 2);
        QCOMPARE(pareto->pointCount(0), std::size_t(3));
        QCOMPARE(pareto->pointCount(1), std::size_t(3));
    }

    void aSweepPutsEveryRunOnTheParetoView()
    {
        mtlx::ui::MainWindow w;
        w.setSpec(threePointSweep());
        QSignalSpy finished(&w, &mtlx::ui::MainWindow::trainingFinished);
        const QString dir = tmp_.filePath("sweep");
        w.startSweep(dir);
        QVERIFY(finished.wait(60000));
        auto* pareto = w.findChild<mtlx::ui::ParetoView*>();
        QCOMPARE(pareto->configurationCount(), 1);
        QCOMPARE(pareto->pointCount(0), std::size_t(3));
        QVERIFY(pareto->hypervolume(0) > 0);
        QVERIFY(QFileInfo::exists(dir + "/frontier.json"));
        // Its runs are in the Runs panel (unticked, labelled by their weights); opening the folder
        // there again does not list them twice.
        auto* runs = w.runsPanel();
        const auto before = runs->runs().size();
        QVERIFY(before >= 3);
        QVERIFY(runs->runs().back().label.contains("w = ("));
        QCOMPARE(runs->open(dir), 3);
        QCOMPARE(runs->runs().size(), before);
        // The folder opens as a second configuration, against the same reference point.
        QCOMPARE(pareto->addFolder(dir), 1);
        QCOMPARE(pareto->pointCount(1), std::size_t(3));
        QCOMPARE(pareto->hypervolume(1), pareto->hypervolume(0));
        QSignalSpy selected(pareto, &mtlx::ui::ParetoView::pointSelected);
        pareto->selectNear(0, 0);
        QCOMPARE(selected.count(), 1);
        QVERIFY(selected.last().at(0).toString().contains("w = ("));
    }

    // The yardstick on hand-made points: the LS frontier (1, 4), (2, 2), (4, 1); a method's
    // seed-mean points (3, 3) — dominated by (2, 2) by a margin of 50 % — and (1.5, 1.5), not
    // dominated, which adds 0.5·0.3 + 2.5·2.8 − 1·0.3 − 2·2.3 = 2.25 against the common reference
    // (4.3, 4.3).
    void theYardstickLabelsAMethodAgainstTheLinearFrontier()
    {
        mtlx::ui::ParetoView view;
        const std::vector<std::string> tasks{"a", "b"}, metrics{"mse", "mse"};
        const int ls = view.addConfiguration("linear", tasks, metrics);
        const int method = view.addConfiguration("uncertainty", tasks, metrics);
        const std::vector<std::vector<double>> front{{1, 4}, {2, 2}, {4, 1}};
        for (std::size_t i = 0; i < front.size(); ++i)
            view.addPoint(ls, {static_cast<int>(i), {0.25 * (i + 1), 1 - 0.25 * (i + 1)}, 1, front[i]}, "ls");
        for (std::uint64_t seed : {1, 2}) { // two seeds averaging to (3, 3) and (1.5, 1.5)
            const double d = seed == 1 ? 0.5 : -0.5;
            view.addPoint(method, {0, {0.5, 0.5}, seed, {3 + d, 3 - d}}, "m");
            view.addPoint(method, {1, {0.3, 0.7}, seed, {1.5 + d / 5, 1.5 - d / 5}}, "m");
        }
        QVERIFY(view.yardstickLabels().empty());
        view.setYardstick(ls);
        QCOMPARE(view.yardstick(), ls);
        const auto& labels = view.yardstickLabels();
        QCOMPARE(labels.size(), std::size_t(2));
        QCOMPARE(labels[0].configuration, method);
        QVERIFY(labels[0].verdict.dominated());
        QVERIFY(std::abs(labels[0].verdict.marginPercent() - 50) < 1e-9);
        QVERIFY(!labels[1].verdict.dominated());
        QVERIFY(std::abs(labels[1].verdict.addedVolume - 2.25) < 1e-9);
        auto* summary = view.findChild<QLabel*>("paretoYardstickSummary");
        QCOMPARE(summary->text(), QString("1 of 2 seed-mean points dominated by linear"));
        // Kept by name as configurations come and go; gone with "none".
        view.setTickedRuns(tasks, metrics, {});
        QCOMPARE(view.yardstick(), ls);
        // A method's lone point: never offered as a yardstick (it is no frontier); its verdict is
        // in its legend entry, not on the plot where lone points near each other would cover it.
        const int lone = view.addConfiguration("famo", tasks, metrics);
        view.addPoint(lone, {0, {0.5, 0.5}, 1, {3, 3}}, "f");
        auto* box = view.findChild<QComboBox*>("paretoYardstick");
        QCOMPARE(box->findText("famo"), -1);
        QVERIFY(box->findText("uncertainty") > 0);
        QCOMPARE(box->currentText(), QString("linear"));
        QStringList names;
        for (int i = 0; i < view.plot()->legend->itemCount(); ++i)
            if (auto* item = qobject_cast<QCPPlottableLegendItem*>(view.plot()->legend->item(i)))
                names << item->plottable()->name();
        QVERIFY2(names.filter(QRegularExpression("^famo — dominated, margin 50")).size() == 1,
                 qPrintable(names.join(" | ")));
        // The box's rows skip the lone point: choosing the frontier after it picks that frontier.
        const int later = view.addConfiguration("dwa sweep", tasks, metrics);
        view.addPoint(later, {0, {0.25, 0.75}, 1, {1.2, 3.9}}, "d");
        view.addPoint(later, {1, {0.75, 0.25}, 1, {3.9, 1.2}}, "d");
        const int row = box->findText("dwa sweep");
        QVERIFY(row > 0);
        Q_EMIT box->activated(row);
        QCOMPARE(view.yardstick(), later);
        view.setYardstick(ls);
        view.setYardstick(-1);
        QVERIFY(view.yardstickLabels().empty());
    }

    void specsOpenSaveAndRefuseBadFiles()
    {
        mtlx::ui::MainWindow w;
        auto s = mtlx::presetSpec("census-adatt-shared");
        w.setSpec(s);
        const QString path = tmp_.filePath("spec.json");
        QVERIFY(w.saveSpec(path));
        w.setSpec(mtlx::presetSpec("sine-shared-bottom"));
        QVERIFY(w.openSpec(path));
        QCOMPARE(mtlx::experimentToJson(w.spec()), mtlx::experimentToJson(s));
        QFile bad(tmp_.filePath("bad.json"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{\"model\": {\"arch\": \"mmoe\", \"towers\": [0]}}");
        bad.close();
        QVERIFY(!w.openSpec(bad.fileName()));
        QVERIFY(w.findChild<QLabel*>("trainingStatus")->text().contains("model.towers[0]: must be ≥ 1"));
        QCOMPARE(w.spec().model.arch, std::string("adatt")); // unchanged
    }

    void gateHeatmapSaysWhatItShows()
    {
        mtlx::ui::GateHeatmap h;
        h.resize(700, 300);
        h.show();
        // PLE-like level: gate A cannot reach B/1. Cells it cannot reach are said so, not 0.
        mtlx::GateMatrix ple;
        ple.rows = {"A", "B"};
        ple.cols = {"A/1", "B/1", "shared/1"};
        ple.matrix = {{0.4, 0.0, 0.6}, {0.0, 0.7, 0.3}};
        ple.reach = {{true, false, true}, {false, true, true}};
        auto second = ple;
        second.level = 1;
        second.matrix = {{0.9, 0.0, 0.1}, {0.0, 0.2, 0.8}};
        h.setGates({ple, second});
        QVERIFY(h.valueAt(0, 1).endsWith("cannot reach"));
        QCOMPARE(h.valueAt(0, 2), QString("A × shared/1: 0.600"));
        QVERIFY(!h.showsNative());
        // One colour range for all levels: the largest weight of either level.
        QCOMPARE(h.gateRange(), (std::pair<double, double>{0.0, 0.9}));
        // AdaTT: the softmax gate and NativeExpertLF apart; learnt weights may be negative, on a
        // diverging scale symmetric about 0.
        mtlx::GateMatrix ad;
        ad.rows = {"A", "B"};
        ad.cols = {"A/1", "A/2", "B/1", "B/2"};
        ad.matrix = {{0.1, 0.2, 0.3, 0.4}, {0.25, 0.25, 0.25, 0.25}};
        ad.native = {{0.5, -0.8, 0, 0}, {0, 0, 0.3, 0.2}};
        h.setGates({ad});
        QVERIFY(h.showsNative());
        QCOMPARE(h.nativeRange(), (std::pair<double, double>{-0.8, 0.8}));
        QCOMPARE(h.nativeValueAt(0, 1), QString("NativeExpertLF A × A/2: -0.800"));
        QCOMPARE(h.valueAt(0, 3), QString("A × B/2: 0.400")); // the gate alone, not gate + residual
        QVERIFY(h.findChild<QWidget*>("nativePlot")->isVisible());
    }

    void viewsExportAsPngSvgAndPdf()
    {
        mtlx::ui::MainWindow w;
        w.show();
        for (const char* ext : {"png", "svg", "pdf"}) {
            const QString path = tmp_.filePath(QString("loss.") + ext);
            QCOMPARE(mtlx::ui::exportView(w.findChild<mtlx::ui::LossPlot*>(), path), QString());
            QVERIFY(QFileInfo(path).size() > 500);
        }
        const QString diagram = tmp_.filePath("diagram.svg");
        QCOMPARE(mtlx::ui::exportView(w.centralWidget(), diagram), QString());
        QFile f(diagram);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("shared bottom"));
        QVERIFY(mtlx::ui::exportView(w.centralWidget(), tmp_.filePath("x.bmp")).contains("unknown format"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
