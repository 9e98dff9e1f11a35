// The teaching side of the window, driven through its widgets on the offscreen platform: the
// Runs panel (add, tick, rename, export, delete, reopen files and sweep folders), Compare
// architectures (mean ± sd over seeds, gates side by side), the lessons, the gradient-conflict
// view, the smoothed loss, the epoch slider, "how to read this", and a window that fits 1280×720.
#include <QtTest>

#include <cmath>
#include <fstream>

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabBar>
#include <QTableView>
#include <QTextBrowser>
#include <QTreeView>

#include "core/reproduce/statistics.h"
#include "core/spec/presets.h"
#include "core/spec/specerror.h"
#include "tests/common/tinysweep.h"
#include "ui/activationview.h"
#include "ui/comparisonmodel.h"
#include "ui/comparisonview.h"
#include "ui/conflictview.h"
#include "ui/gateheatmap.h"
#include "ui/howtoread.h"
#include "ui/lessons.h"
#include "ui/lossplot.h"
#include "ui/mainwindow.h"
#include "ui/matrixplot.h"
#include "ui/paretoview.h"
#include "ui/plotexport.h"
#include "ui/plotstyle.h"
#include "ui/qcp.h"
#include "ui/runsmodel.h"
#include "ui/runspanel.h"
#include "ui/sweepdialog.h"
#include "ui/viewarranger.h"
#include "ui/workspacefile.h"

namespace {

mtlx::ExperimentSpec tinyCorrelated(int epochs)
{
    auto s = mtlx::presetSpec("correlated-mmoe");
    s.dataset.limitTrain = 1000;
    s.dataset.limitTest = 300;
    s.training.epochs = epochs;
    return s;
}

// A finished-looking result with a known history (no training needed).
mtlx::RunResult madeUpResult(double cosine, std::uint64_t seed)
{
    mtlx::RunResult r;
    r.spec = tinyCorrelated(2);
    r.spec.training.seed = seed;
    for (const char* name : {"y1", "y2"}) {
        mtlx::TaskResult t;
        t.name = name;
        t.kind = mtlx::TaskKind::Regression;
        t.test = {{"loss", 1.0 + static_cast<double>(seed)}, {"mse", 1.0 + static_cast<double>(seed)}};
        r.tasks.push_back(t);
    }
    for (int e = 1; e <= 2; ++e) {
        mtlx::EpochRecord rec;
        rec.epoch = e;
        rec.trainLoss = rec.validationLoss = rec.testLoss = {2.0 / e, 3.0 / e};
        rec.taskWeights = {0.5, 0.5};
        rec.gradientCosine.push_back({0, 1, cosine * e, {}, 4, cosine < 0 ? 0.75 : 0.25});
        r.history.push_back(rec);
    }
    r.activation.layer = "experts";
    r.activation.nonzeroFraction = {{0, 0.5, 1}, {3, 7}};
    r.activation.nonzeroValues = {{0, 1, 2}, {5, 5}};
    return r;
}

} // namespace

class TestTeaching : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // Runs past the eighth get the same hues darker, then paler: 24 runs, 24 colours a reader tells
    // apart (every two at least 40 apart in RGB), and the 25th repeats the first.
    void twentyFourRunsHaveTwentyFourColours()
    {
        for (int a = 0; a < 24; ++a)
            for (int b = a + 1; b < 24; ++b) {
                const QColor x = mtlx::ui::seriesColor(a), y = mtlx::ui::seriesColor(b);
                const double d = std::hypot(x.red() - y.red(), x.green() - y.green(), x.blue() - y.blue());
                QVERIFY2(d > 40, qPrintable(QString("runs %1 and %2: %3 apart").arg(a).arg(b).arg(d)));
            }
        QCOMPARE(mtlx::ui::seriesColor(24), mtlx::ui::seriesColor(0));
        QCOMPARE(mtlx::ui::seriesColor(3), QColor(148, 103, 189));
    }

    void runsPanelKeepsRenamesExportsAndReopens()
    {
        mtlx::ui::RunsPanel panel;
        QSignalSpy ticked(&panel, &mtlx::ui::RunsPanel::tickedChanged);
        const int a = panel.addRun(madeUpResult(0.5, 1), "first", "", false);
        const int b = panel.addRun(madeUpResult(-0.25, 2), "second", "", true);
        QCOMPARE(ticked.count(), 1);
        QCOMPARE(panel.ticked().size(), std::size_t(1));
        QCOMPARE(panel.ticked()[0]->id, b);
        panel.setTicked(a, true);
        QCOMPARE(panel.ticked().size(), std::size_t(2));
        QVERIFY(panel.rename(a, "renamed"));
        QCOMPARE(panel.find(a)->name, QString("renamed"));
        QVERIFY(!panel.rename(a, "  ")); // an empty name is refused
        // The headline metric of each task (regression: mse) is in the row.
        QCOMPARE(mtlx::ui::headlineMetrics(panel.find(b)->result), QString("y1 mse 3 · y2 mse 3"));
        // Export and reopen: the same run comes back, history and gradient cosine included.
        const QString path = tmp_.filePath("exported.json");
        QCOMPARE(panel.exportRun(a, path), QString());
        QCOMPARE(panel.open(path, true), 1);
        const auto& back = panel.runs().back().result;
        QCOMPARE(back.history.size(), std::size_t(2));
        QCOMPARE(back.history[1].gradientCosine.at(0).cosine, 1.0);
        QCOMPARE(back.history[1].gradientCosine.at(0).conflictShare, 0.25);
        QCOMPARE(back.tasks[0].test.at("mse"), 2.0);
        QVERIFY(panel.exportRun(a, tmp_.filePath("exported.csv")).isEmpty());
        QVERIFY(QFile(tmp_.filePath("exported.csv")).size() > 20);
        QVERIFY(panel.remove(b, false));
        QVERIFY(panel.find(b) == nullptr);
        QCOMPARE(panel.runs().size(), std::size_t(2));
        // A broken file is refused with its name.
        QFile bad(tmp_.filePath("bad.json"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{\"status\": \"ok\"}");
        bad.close();
        try {
            panel.open(bad.fileName());
            QFAIL("a result.json without its fields was accepted");
        } catch (const std::exception& e) {
            QVERIFY(QString(e.what()).contains("bad.json"));
        }
    }

    void autosavedRunsAreNamedBySpecAndTime()
    {
        // Autosaved folders are YYYYMMDD-HHMMSS-NAME: listed newest on top as "spec · when";
        // a folder that does not read so keeps its name; one without result.json is skipped.
        const QDir base(tmp_.filePath("autosaved"));
        auto save = [&](const QString& folder, const std::string& specName) {
            QVERIFY(QDir().mkpath(base.filePath(folder)));
            auto r = madeUpResult(0.1, 1);
            r.spec.name = specName;
            mtlx::writeJsonFile(base.filePath(folder + "/result.json").toStdString(), mtlx::resultToJson(r));
        };
        save("20261124-104345-census-6-ple", "census-6-ple");
        save("20261124-104346-rho-0--linear", "");
        save("my run", "kept");
        QVERIFY(QDir().mkpath(base.filePath("20261124-104347-empty")));
        mtlx::ui::RunsPanel panel;
        QCOMPARE(panel.loadAutosaved(base.path(), 10), 3);
        QStringList names;
        for (const auto& e : panel.runs())
            names << e.name;
        const auto at = [](const char* t) {
            return QLocale().toString(QDateTime::fromString(t, "yyyyMMdd-HHmmss"), "d MMM HH:mm");
        };
        QVERIFY2(names.contains("census-6-ple · " + at("20261124-104345")), qPrintable(names.join(" | ")));
        QVERIFY2(names.contains("rho-0--linear · " + at("20261124-104346")), qPrintable(names.join(" | ")));
        QVERIFY2(names.contains("my run"), qPrintable(names.join(" | ")));
    }

    void tickedSweepRunsMakeTheSweepsFrontier()
    {
        // A sweep folder opened and ticked in the Runs panel is the same frontier as the folder
        // added to the Pareto view: runs at one task weight average into one point (they were all
        // one point once, and the hypervolume was that of a single mean).
        const QString dir = tmp_.filePath("ticked-sweep");
        const auto spec = mtlx::testing::tinySweepSpec(3, 2, 1);
        mtlx::testing::runTinySweep(spec, dir.toStdString());
        mtlx::ui::MainWindow w;
        w.setSpec(spec);
        // The six ticked runs redraw the views once, not once per run (1,000 runs took 18 minutes).
        QSignalSpy ticked(w.runsPanel(), &mtlx::ui::RunsPanel::tickedChanged);
        QCOMPARE(w.runsPanel()->open(dir, true), 6);
        QCOMPARE(ticked.count(), 1);
        auto* pareto = w.findChild<mtlx::ui::ParetoView*>();
        QCOMPARE(pareto->configurationCount(), 1);
        QCOMPARE(pareto->pointCount(0), std::size_t(6));
        QCOMPARE(pareto->addFolder(dir), 1);
        QVERIFY(pareto->hypervolume(0) > 0);
        QCOMPARE(pareto->hypervolume(0), pareto->hypervolume(1));
    }

    // The reproduction dialog's "Open in the Pareto view": a method's sweep beside the LS sweep it
    // is judged against, LS as the yardstick labelling the method's point; a missing folder is said.
    void methodsOpenBesideTheirLinearScalarisation()
    {
        const QDir ls(tmp_.filePath("methods-ls")), gls(tmp_.filePath("methods-gls"));
        mtlx::testing::runTinySweep(mtlx::testing::tinySweepSpec(3, 1, 1), ls.path().toStdString());
        auto method = mtlx::testing::tinySweepSpec(1, 1, 1);
        method.training.weighting = "gls";
        mtlx::testing::runTinySweep(method, gls.path().toStdString());
        mtlx::ui::MainWindow w;
        QCOMPARE(w.openFrontiers({ls.path(), gls.path()}, {"LS", "gls"}, 0), QString());
        auto* pareto = w.findChild<mtlx::ui::ParetoView*>();
        QCOMPARE(pareto->configurationCount(), 2);
        QCOMPARE(pareto->configurationName(1), QString("gls"));
        QCOMPARE(pareto->yardstick(), 0);
        QCOMPARE(pareto->yardstickLabels().size(), std::size_t{1}); // the gls run's seed mean
        QCOMPARE(pareto->yardstickLabels()[0].configuration, 1);
        // Without the LS folder: the method shows, nothing is the yardstick, the error names the folder.
        const auto error = w.openFrontiers({tmp_.filePath("nowhere"), gls.path()}, {"LS", "gls"}, 0);
        QVERIFY2(error.contains("nowhere"), qPrintable(error));
        QCOMPARE(pareto->configurationCount(), 1);
        QCOMPARE(pareto->yardstick(), -1);
    }

    void sweepFolderOpensAsItsRuns()
    {
        const QDir dir(tmp_.filePath("sweep"));
        mtlx::testing::runTinySweep(mtlx::testing::tinySweepSpec(3, 1, 1), dir.path().toStdString());
        QFile lines(dir.filePath("runs.jsonl"));
        QVERIFY(lines.open(QIODevice::Append));
        lines.write("{\"cut by a cra"); // a torn last line is skipped
        lines.close();
        mtlx::ui::RunsPanel panel;
        QCOMPARE(panel.open(dir.path()), 3);
        // In the sweep's plan order (task 1's weight rising), named by folder, labelled by the
        // task weights that tell them apart.
        for (std::size_t i = 0; i < 3; ++i)
            QCOMPARE(panel.runs()[i].result.taskWeights.at(0), 0.5 * static_cast<double>(i));
        QCOMPARE(panel.runs()[0].name, QString("sweep"));
        QCOMPARE(panel.runs()[0].label, QString("sweep · w = (0, 1)"));
        QCOMPARE(panel.runs()[1].label, QString("sweep · w = (0.5, 0.5)"));
        // A folder that holds no sweep says so.
        QVERIFY(QDir().mkpath(tmp_.filePath("not-a-sweep")));
        try {
            panel.open(tmp_.filePath("not-a-sweep"));
            QFAIL("a folder without sweep.json was opened");
        } catch (const std::exception& e) {
            QVERIFY2(QString(e.what()).contains("not a sweep folder"), e.what());
        }
    }

    void smoothingIsAnExponentialMovingAverage()
    {
        mtlx::ui::LossPlot plot;
        plot.reset({"a", "b"});
        const std::vector<double> raw = {4, 2, 8, 1};
        for (std::size_t i = 0; i < raw.size(); ++i) {
            mtlx::Progress p;
            p.stage = mtlx::Stage::Training;
            p.epoch = 1;
            p.batch = static_cast<std::int64_t>(i + 1);
            p.batches = 4;
            p.taskLoss = {raw[i], 1.0};
            plot.addProgress(p);
        }
        plot.setSmoothing(0.5);
        // Debiased EMA: 4; (0.5·4·0.5 + 0.5·2)/(0.75) …
        double ema = 0, w = 0;
        const auto s = plot.smoothedTaskLoss(0);
        QCOMPARE(s.size(), raw.size());
        for (std::size_t i = 0; i < raw.size(); ++i) {
            ema = 0.5 * ema + 0.5 * raw[i];
            w = 0.5 * w + 0.5;
            QVERIFY(std::abs(s[i] - ema / w) < 1e-12);
        }
        QCOMPARE(s[0], 4.0);
        plot.setSmoothing(0);
        QCOMPARE(plot.smoothedTaskLoss(0), raw);
        // The slider follows (and sets) the value.
        auto* slider = plot.findChild<QSlider*>("lossSmoothing");
        slider->setValue(90);
        QCOMPARE(plot.smoothing(), 0.9);
    }

    void heatmapCellsStayReadable()
    {
        // Nine experts with long names, four gates, in a short widget: no tick mark inside a cell
        // (it reads as a minus sign before the number), rows kept ≥ 14 px tall (the widget's
        // minimum grows instead), and colour-scale labels at least ~20 px apart.
        mtlx::ui::MatrixPlot m("gate (softmax)", "mean weight");
        std::vector<std::string> cols;
        for (int c = 1; c <= 9; ++c)
            cols.push_back("never_married/" + std::to_string(c));
        const std::vector<std::string> rows = {"income", "never_married", "college", "shared"};
        std::vector<std::vector<double>> values(4, std::vector<double>(9, 1.0 / 9));
        m.setMatrix(rows, cols, values, {}, 0.0, 0.5, mtlx::ui::MatrixPlot::Scale::Sequential);
        m.resize(420, 60);
        m.show();
        QVERIFY(QTest::qWaitForWindowExposed(&m));
        m.plot()->replot();
        QCOMPARE(m.plot()->xAxis->tickLengthIn() + m.plot()->xAxis->tickLengthOut(), 0);
        QCOMPARE(m.plot()->yAxis->tickLengthIn() + m.plot()->yAxis->tickLengthOut(), 0);
        QVERIFY2(m.plot()->axisRect()->height() >= 4 * 14, qPrintable(QString::number(m.plot()->axisRect()->height())));
        auto* scale = m.findChild<QCPColorScale*>();
        QVERIFY(scale);
        const auto ticks = scale->axis()->tickVector();
        for (int i = 1; i < ticks.size(); ++i)
            QVERIFY(std::abs(scale->axis()->coordToPixel(ticks[i]) - scale->axis()->coordToPixel(ticks[i - 1])) >= 18);
        // The scale's label while there is room for it; none in a narrow panel (it would be cut).
        QCOMPARE(scale->label(), QString("mean weight"));
        m.resize(200, m.height());
        QTRY_COMPARE(scale->label(), QString());
    }

    void shortAxesKeepTheirLabelsReadable()
    {
        // A label longer than its axis drops its "(…)" (then is elided), and comes back whole when
        // the plot grows; a short axis gets fewer ticks.
        QCustomPlot plot;
        mtlx::ui::fitAxesToSize(&plot);
        plot.yAxis->setLabel("y2 mse (lower is better)");
        plot.yAxis->setRange(0.0198, 0.0204);
        plot.resize(400, 110);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.replot();
        plot.replot(); // the second replot sees the laid-out axis rect
        QCOMPARE(plot.yAxis->label(), QString("y2 mse"));
        QVERIFY(plot.yAxis->tickVector().size() <= 4);
        plot.resize(400, 500);
        QTRY_COMPARE(plot.height(), 500);
        plot.replot();
        plot.replot();
        QCOMPARE(plot.yAxis->label(), QString("y2 mse (lower is better)"));
        plot.yAxis->setLabel("task 2");
        plot.replot();
        QCOMPARE(plot.yAxis->label(), QString("task 2"));
    }

    void lossLegendNamesTasksAndSplitsOnce()
    {
        // Colours are tasks, line styles are splits: one legend entry each, never a long entry per task.
        mtlx::ui::LossPlot plot;
        plot.reset({"income", "never_married"});
        mtlx::EpochRecord e;
        e.epoch = 1;
        e.trainLoss = {0.3, 0.2};
        e.validationLoss = {0.35, 0.25};
        e.testLoss = {0.36, 0.26};
        plot.addEpoch(e);
        QTRY_VERIFY(plot.plot()->legend->itemCount() > 0); // drawn on the replot timer
        QStringList names;
        for (int i = 0; i < plot.plot()->legend->itemCount(); ++i)
            if (auto* item = qobject_cast<QCPPlottableLegendItem*>(plot.plot()->legend->item(i)))
                names << item->plottable()->name();
        QCOMPARE(names, (QStringList{"income", "never_married", "train", "validation", "test"}));
    }

    void conflictViewOverlaysRunsAndShowsAHintWhenEmpty()
    {
        mtlx::ui::ConflictView view;
        QVERIFY(mtlx::ui::hasEmptyHint(view.plot()));
        QCOMPARE(view.curveCount(), 0);
        view.setOverlays({{"linear", Qt::red, {"y1", "y2"}, madeUpResult(0.4, 1).history},
                          {"pcgrad", Qt::blue, {"y1", "y2"}, madeUpResult(-0.2, 2).history}});
        QCOMPARE(view.curveCount(), 2);
        QVERIFY(!mtlx::ui::hasEmptyHint(view.plot()));
        QCOMPARE(view.plot()->graph(0)->data()->at(1)->value, 0.8);
        QCOMPARE(view.plot()->graph(1)->data()->at(0)->value, -0.2);
        // The share of steps in conflict instead: the recorded shares, a reference line at ½.
        view.setShareShown(true);
        QCOMPARE(view.curveCount(), 2);
        QCOMPARE(view.plot()->graph(0)->data()->at(1)->value, 0.25);
        QCOMPARE(view.plot()->graph(1)->data()->at(0)->value, 0.75);
        QCOMPARE(view.plot()->graph(2)->data()->at(0)->value, 0.5);
        QVERIFY(view.plot()->yAxis->range().lower > -0.1 && view.plot()->yAxis->range().upper < 1.1);
        view.setShareShown(false);
        QCOMPARE(view.plot()->graph(0)->data()->at(1)->value, 0.8);
        view.setOverlays({});
        QVERIFY(mtlx::ui::hasEmptyHint(view.plot()));
        // Overlays alone (no run of its own): the legend is the key of their line styles per task,
        // and the axes still span the plot.
        mtlx::ui::LossPlot loss;
        loss.resize(500, 300);
        loss.show();
        loss.setOverlays({{"a", Qt::red, {"y1", "y2"}, madeUpResult(0.4, 1).history}});
        QVERIFY(QTest::qWaitForWindowExposed(&loss));
        QTRY_VERIFY(loss.plot()->legend->itemCount() > 0); // redraws are merged on a timer
        loss.plot()->replot();
        QVERIFY2(loss.plot()->axisRect()->width() > loss.plot()->width() / 2,
                 qPrintable(QString::number(loss.plot()->axisRect()->width())));
        QStringList key;
        for (int i = 0; i < loss.plot()->legend->itemCount(); ++i)
            if (auto* item = qobject_cast<QCPPlottableLegendItem*>(loss.plot()->legend->item(i)))
                key << item->plottable()->name() +
                           (static_cast<QCPGraph*>(item->plottable())->pen().style() == Qt::SolidLine ? " solid"
                                                                                                      : " dashed");
        QCOMPARE(key, (QStringList{"y1 (ticked runs, validation) solid", "y2 (ticked runs, validation) dashed"}));
    }

    void aCrowdedLegendKeepsTheAxesTheirRoom()
    {
        // Twenty runs overlaid on the gradient-conflict view at a projector's size: the legend
        // lists what fits in about a third of the plot, says how many it left out, and every
        // curve is still drawn.
        mtlx::ui::ConflictView view;
        view.resize(640, 360);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        std::vector<mtlx::ui::RunSeries> runs;
        for (int i = 0; i < 20; ++i)
            runs.push_back({QString("correlated-shared-bottom, w = (0.5, 0.5), seed %1").arg(i + 1),
                            QColor::fromHsv(18 * i, 200, 200),
                            {"y1", "y2"},
                            madeUpResult(0.4 - 0.03 * i, 1).history});
        view.setOverlays(runs);
        view.plot()->replot();
        QCOMPARE(view.curveCount(), 20);
        auto entries = [&view] { // itemCount() counts the legend grid's cells, empty ones too
            int n = 0;
            for (int i = 0; i < view.plot()->legend->itemCount(); ++i)
                n += view.plot()->legend->item(i) ? 1 : 0;
            return n;
        };
        const int listed = entries();
        QVERIFY2(listed > 0 && listed < 20, qPrintable(QString::number(listed)));
        QCPTextElement* more = nullptr;
        auto* layout = view.plot()->plotLayout();
        for (int i = 0; i < layout->elementCount(); ++i)
            if (auto* t = qobject_cast<QCPTextElement*>(layout->elementAt(i)); t && t->objectName() == "legendMore")
                more = t;
        QVERIFY(more);
        QCOMPARE(more->text(), QString("… and %1 more entries, not listed").arg(20 - listed));
        // (Before the cap, twenty entries left the axes about 10 px of a 300 px plot.)
        QVERIFY2(view.plot()->axisRect()->height() > 0.4 * view.plot()->height(),
                 qPrintable(QString::number(view.plot()->axisRect()->height())));
        // No entry is cut at the plot's right edge.
        for (int i = 0; i < listed; ++i)
            if (auto* item = view.plot()->legend->item(i)) QVERIFY(item->outerRect().right() <= view.plot()->width());
        // With two runs every entry is listed again, and the line is gone.
        runs.resize(2);
        view.setOverlays(runs);
        QCOMPARE(entries(), 2);
        for (int i = 0; i < layout->elementCount(); ++i)
            if (auto* t = qobject_cast<QCPTextElement*>(layout->elementAt(i))) QVERIFY(t->objectName() != "legendMore");
    }

    void everyViewSaysHowToReadIt()
    {
        for (const QString key :
             {"loss", "conflict", "gates", "activations", "pareto", "diagram", "runs", "comparison"})
            QVERIFY2(mtlx::ui::howToRead(key).size() > 150, qPrintable(key));
        mtlx::ui::MainWindow w;
        w.show();
        const auto helped = w.findChildren<mtlx::ui::HelpedView*>();
        QVERIFY(helped.size() >= 8);
        QVERIFY(!helped[0]->helpShown());
        helped[0]->setHelpShown(true);
        QVERIFY(helped[0]->helpShown());
        // Fields carry the schema's help as tooltips.
        QVERIFY(!w.findChild<QWidget*>("training.lr")->toolTip().isEmpty());
    }

    void windowFitsA1280x720Screen()
    {
        mtlx::ui::MainWindow w;
        w.show();
        const QSize min = w.minimumSizeHint().expandedTo(w.minimumSize());
        QVERIFY2(min.width() <= 1280 && min.height() <= 720 - 30,
                 qPrintable(QString("%1x%2").arg(min.width()).arg(min.height())));
        // On a 1280 × 720 screen the views are tabs, the Runs panel beside the editor, and every
        // tab's name is whole.
        w.fitToScreen(QSize(1280, 720));
        const auto beside = w.tabifiedDockWidgets(w.findChild<QDockWidget*>("experimentDock"));
        QVERIFY(beside.contains(w.findChild<QDockWidget*>("runsDock")));
        QCOMPARE(w.tabifiedDockWidgets(w.findChild<QDockWidget*>("gateDock")).size(), qsizetype(5));
        const auto bars = w.findChildren<QTabBar*>();
        int tabs = 0;
        for (auto* bar : bars) {
            if (!bar->isVisible()) continue;
            QCOMPARE(bar->elideMode(), Qt::ElideNone);
            for (int i = 0; i < bar->count(); ++i, ++tabs)
                QVERIFY2(bar->tabRect(i).width() > bar->fontMetrics().horizontalAdvance(bar->tabText(i)),
                         qPrintable(bar->tabText(i)));
        }
        QVERIFY2(tabs >= 3 + 6,
                 qPrintable(QString::number(tabs))); // left and right (a bar the layout retires may linger)
    }

    void lessonsSetUpTheirExperiments()
    {
        QCOMPARE(mtlx::ui::lessons().size(), std::size_t(5));
        for (const auto& l : mtlx::ui::lessons())
            QVERIFY(l.steps.size() >= 3);
        mtlx::ui::MainWindow w;
        w.show();
        w.openLesson(1);
        auto* panel = w.findChild<mtlx::ui::LessonPanel*>();
        QCOMPARE(panel->lesson(), 1);
        QVERIFY(panel->findChild<QTextBrowser*>("lessonText")->toPlainText().contains("ρ = 0.9"));
        panel->findChild<QPushButton*>("lessonNext")->click();
        QCOMPARE(panel->step(), 1);
        // The step's set-up: the preset with ρ = 0 (no action run here: the step is applied by hand).
        auto step = panel->currentStep();
        step.action = mtlx::ui::LessonStep::Action::None;
        w.applyLessonStep(step);
        QCOMPARE(w.spec().dataset.correlation, 0.0);
        QCOMPARE(w.spec().model.arch, std::string("mmoe"));
    }

    // At 1280×720 a lesson step's view takes the window beside the lesson (at least 560×300 px of
    // plotting area), the other views are tucked away, and ending the lesson puts them back; a
    // view can be enlarged in place and back.
    void lessonArrangesTheWindow()
    {
        mtlx::ui::MainWindow w;
        w.resize(1280, 690);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QByteArray before = w.saveState();
        w.openLesson(0);
        auto* arranger = w.arranger();
        QVERIFY(arranger->focused());
        QTRY_VERIFY(!arranger->geometry().empty());
        auto views = arranger->geometry();
        const auto lessonView = std::find_if(views.begin(), views.end(), [](const auto& v) { return v.lessonView; });
        QVERIFY(lessonView != views.end());
        QCOMPARE(lessonView->name, QString("loss"));
        QVERIFY2(lessonView->plotWidth >= 560 && lessonView->plotHeight >= 300,
                 qPrintable(QString("%1×%2").arg(lessonView->plotWidth).arg(lessonView->plotHeight)));
        QCOMPARE(views.size(), std::size_t(1)); // the rest behind the lesson
        QVERIFY(!w.centralWidget()->isVisible());
        // Next step: the frontier takes the loss curves' place.
        w.findChild<QPushButton*>("lessonNext")->click();
        QTRY_VERIFY(!arranger->geometry().empty() && arranger->geometry().front().name == "pareto");
        // Enlarged and back.
        auto* pareto = w.findChild<QDockWidget*>("paretoDock");
        arranger->toggleEnlarged(pareto);
        QTRY_VERIFY(!w.findChild<QDockWidget*>("lessonDock")->isVisible());
        arranger->toggleEnlarged(pareto);
        QTRY_VERIFY(w.findChild<QDockWidget*>("lessonDock")->isVisible());
        w.findChild<QPushButton*>("lessonEnd")->click();
        QVERIFY(!arranger->focused());
        QCOMPARE(w.saveState(), before);
        QVERIFY(w.centralWidget()->isVisible());
    }

    // Two runs of one preset are labelled by what differs (lesson 2's ρ = 0.9 and ρ = 0), in the
    // panel and for the legends; a lesson starts with every earlier run unticked.
    void runsAreNamedByWhatDiffers()
    {
        mtlx::ui::MainWindow w;
        auto* panel = w.runsPanel();
        panel->clear();
        for (double rho : {0.9, 0.0}) {
            mtlx::RunResult r;
            r.spec = mtlx::presetSpec("correlated-mmoe");
            r.spec.dataset.correlation = rho;
            panel->addRun(r, "correlated-mmoe", {}, true);
        }
        QCOMPARE(panel->runs()[0].label, QString("correlated-mmoe · ρ = 0.9"));
        QCOMPARE(panel->runs()[1].label, QString("correlated-mmoe · ρ = 0"));
        panel->rename(panel->runs()[1].id, "mine");
        QCOMPARE(panel->runs()[1].label, QString("mine"));
        w.openLesson(1);
        QVERIFY(panel->ticked().empty());
        QCOMPARE(panel->runs().size(), std::size_t(2)); // still in the panel
    }

    // Compared histograms share their bins: shares spread onto common edges keep their total.
    void histogramsShareTheirBins()
    {
        mtlx::Histogram a{{0, 1, 2}, {1, 3}}, b{{0, 4, 8}, {2, 2}};
        const auto edges = mtlx::ui::commonEdges(a, b);
        QCOMPARE(edges.front(), 0.0);
        QCOMPARE(edges.back(), 8.0);
        QCOMPARE(edges.size(), std::size_t(3));
        const auto sa = mtlx::ui::sharesOnEdges(a, edges), sb = mtlx::ui::sharesOnEdges(b, edges);
        QCOMPARE(sa[0], 1.0); // all of a lies in [0, 4)
        QCOMPARE(sb[0], 0.5);
        QCOMPARE(sb[1], 0.5);
        const auto fine = mtlx::ui::sharesOnEdges(a, {0, 0.5, 1, 1.5, 2});
        QCOMPARE(fine[0], 0.125); // a quarter of the examples in [0, 1), spread over two bins
        QCOMPARE(fine[3], 0.375);
    }

    // In the dark palette the Runs panel's tick boxes get a light border; back in the light one, the style's own.
    void tickBoxesShowInTheDark()
    {
        mtlx::ui::RunsPanel panel;
        auto* tree = panel.findChild<QTreeView*>("runsTree");
        QVERIFY(tree);
        mtlx::ui::setDarkPalette(true);
        QTRY_VERIFY(tree->styleSheet().contains("indicator"));
        mtlx::ui::setDarkPalette(false);
        QTRY_VERIFY(tree->styleSheet().isEmpty());
    }

    // Seeds that disagree widely are flagged; compared gate panels share one colour scale.
    void comparisonFlagsStuckSeedsAndSharesItsScale()
    {
        QVERIFY(mtlx::ui::ComparisonView::seedsDisagree(0.3565, 0.4552, 2)); // lesson 2's shared bottom, seed 2 stuck
        QVERIFY(!mtlx::ui::ComparisonView::seedsDisagree(0.0499, 0.0064, 2));
        QVERIFY(!mtlx::ui::ComparisonView::seedsDisagree(0.3565, 0.4552, 1));
        mtlx::ui::GateHeatmap a, b;
        mtlx::GateMatrix ga, gb;
        ga.rows = gb.rows = {"y1", "y2"};
        ga.cols = gb.cols = {"shared/1", "shared/2"};
        ga.matrix = {{0.9, 0.1}, {0.5, 0.5}};
        gb.matrix = {{0.6, 0.4}, {0.55, 0.45}};
        a.setGates({ga});
        b.setGates({gb});
        QCOMPARE(b.gateRange().second, 0.6);
        b.widenRanges(a.gateRange(), a.nativeRange());
        QCOMPARE(b.gateRange().second, 0.9);
    }

    // One epoch: the conflict view's x axis is about epochs 1 and 2, not −1 to 3.5.
    void conflictAxisStartsAtTheFirstEpoch()
    {
        mtlx::ui::ConflictView view;
        mtlx::EpochRecord e;
        e.epoch = 1;
        e.gradientCosine.push_back({0, 1, 0.4, {}, 10, 0.1});
        view.startRun("run", {"a", "b"});
        view.addEpoch(e);
        QCOMPARE(view.plot()->xAxis->range().lower, 0.5);
        QCOMPARE(view.plot()->xAxis->range().upper, 2.5);
    }

    // A workspace file on its own: written and read back as it was; a field of another type is
    // an error naming the file and the field.
    void workspaceFilesRoundTripAndNameABadField()
    {
        QTemporaryDir dir;
        const QString sweep = dir.filePath("sweep");
        QVERIFY(QDir().mkpath(sweep));
        mtlx::ui::WorkspaceFile w;
        w.spec = tinyCorrelated(3);
        w.runs = {{dir.filePath("run/result.json"), "renamed", true}, {sweep, {}, false}};
        w.windowState = QByteArray("layout bytes");
        const QString path = dir.filePath("w.mtlxw");
        mtlx::ui::writeWorkspace(path, w);
        const auto back = mtlx::ui::readWorkspace(path);
        QCOMPARE(mtlx::experimentToJson(back.spec), mtlx::experimentToJson(w.spec));
        QCOMPARE(back.runs.size(), std::size_t(2));
        QCOMPARE(back.runs[0].file, w.runs[0].file);
        QCOMPARE(back.runs[0].name, QString("renamed"));
        QVERIFY(back.runs[0].ticked && !back.runs[1].ticked);
        QCOMPARE(back.runs[1].file, sweep);
        QCOMPARE(back.windowState, w.windowState);
        std::ofstream(dir.filePath("bad.mtlxw").toStdString())
            << R"({"format": "mtlx-workspace", "spec": {}, "runs": [{"path": "a", "ticked": "yes"}]})";
        try {
            mtlx::ui::readWorkspace(dir.filePath("bad.mtlxw"));
            QFAIL("a string tick was read");
        } catch (const mtlx::InputError& e) {
            QVERIFY2(std::string(e.what()).find("bad.mtlxw: runs[0].ticked: is a string, expected true or false") !=
                         std::string::npos,
                     e.what());
        }
    }

    // The Runs panel's model, under Qt's model tester: the newest run on top, its label, swatch and
    // tick box, the tick reported once per change, ticked runs listed oldest first, a run removed
    // from the middle.
    void runsModelListsTheNewestOnTopAndReportsTicks()
    {
        mtlx::ui::RunsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy ticks(&model, &mtlx::ui::RunsModel::tickChanged);
        for (int id = 0; id < 3; ++id) {
            mtlx::ui::RunEntry e;
            e.id = id;
            e.name = QString("run %1").arg(id);
            e.colour = Qt::red;
            e.result = madeUpResult(0.1 * (id + 1), 2);
            model.add(std::move(e), id == 1);
        }
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.idAt(0), 2); // the newest on top
        QCOMPARE(model.index(0, 0).data().toString(), QString("run 2"));
        QVERIFY(model.index(0, 0).data(Qt::DecorationRole).isValid());
        QCOMPARE(model.index(1, 0).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QVERIFY(model.flags(model.index(0, 0)) & Qt::ItemIsUserCheckable);
        QVERIFY(model.index(0, mtlx::ui::RunsModel::MetricsColumn).data().toString().contains("mse"));
        QCOMPARE(model.index(0, mtlx::ui::RunsModel::StatusColumn).data().toString(), QString("ok"));
        QVERIFY(model.setData(model.index(0, 0), Qt::Checked, Qt::CheckStateRole));
        QVERIFY(model.setData(model.index(0, 0), Qt::Checked, Qt::CheckStateRole)); // no change
        QCOMPARE(ticks.count(), 1);
        QCOMPARE(ticks.first().at(0).toInt(), 2);
        const auto ticked = model.ticked();
        QCOMPARE(ticked.size(), std::size_t(2));
        QCOMPARE(ticked[0]->id, 1); // the oldest first
        QVERIFY(model.remove(1));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowOf(0), 1);
        QCOMPARE(model.ticked().size(), std::size_t(1));
        model.find(0)->label = "run 0 · seed 1";
        model.changed(0);
        QCOMPARE(model.index(1, 0).data().toString(), QString("run 0 · seed 1"));
    }

    // The comparison table's model, under Qt's model tester: mean ± sd per model and metric, the
    // best mean of each column in bold (lower mse, higher AUC), Welch's p against the first model,
    // seeds and parameters; a model whose seeds disagree is flagged.
    void comparisonModelHoldsMeansBestAndWelch()
    {
        mtlx::ui::ComparisonModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        std::vector<mtlx::ui::ComparedModel> models(3);
        models[0] = {"shared_bottom", Qt::red, {{0.5, 0.6, 0.7}, {0.80, 0.81, 0.82}}, 3, 1000};
        models[1] = {"mmoe", Qt::blue, {{0.3, 0.31, 0.32}, {0.70, 0.71, 0.72}}, 3, 2000};
        models[2] = {"ple", Qt::green, {{0.1, 0.9, 0.05}, {0.85, 0.86, 0.87}}, 3, 3000};
        model.setModels({"y1 mse", "y2 auc"}, {false, true}, models);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), 4);
        QCOMPARE(model.headerData(1, Qt::Vertical).toString(), QString("mmoe"));
        QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QString("y2 auc"));
        QVERIFY2(model.index(0, 0).data().toString().startsWith("0.6000 ± 0.1000"),
                 qPrintable(model.index(0, 0).data().toString()));
        QCOMPARE(model.bestRow(0), 1); // lowest mse
        QCOMPARE(model.bestRow(1), 2); // highest AUC
        QVERIFY(model.index(1, 0).data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(!model.index(0, 0).data(Qt::FontRole).isValid());
        const auto w = mtlx::welch(models[0].values[0], models[1].values[0]);
        QVERIFY(
            model.index(1, 0).data().toString().endsWith(" · p " + QString::fromStdString(mtlx::formatPValue(w.p))));
        QVERIFY(model.index(1, 0).data(Qt::ToolTipRole).toString().contains("Welch's p"));
        QVERIFY(!model.index(0, 0).data().toString().contains(" · p"));
        QVERIFY(model.index(2, 0).data().toString().contains("⚠")); // 0.1, 0.9, 0.05: sd over half the mean
        QVERIFY(model.index(2, 0).data(Qt::BackgroundRole).isValid());
        QCOMPARE(model.index(2, 2).data().toString(), QString("3"));
        QCOMPARE(model.index(2, 3).data().toString(), QString("3000"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void compareArchitecturesTrainsAndTabulatesMeanAndSd()
    {
        mtlx::ui::MainWindow w;
        w.setSpec(tinyCorrelated(2));
        w.show();
        QSignalSpy finished(&w, &mtlx::ui::MainWindow::trainingFinished);
        QVERIFY(w.startComparison({"shared_bottom", "mmoe"}, 2));
        QVERIFY(w.comparing());
        QVERIFY(finished.wait(120000));
        QVERIFY(!w.comparing());
        QCOMPARE(finished.count(), 1); // one end for the whole comparison
        auto* view = w.findChild<mtlx::ui::ComparisonView*>();
        QCOMPARE(view->models(), 2);
        const auto* table = view->model();
        const auto cellText = [table](int r, int c, int role = Qt::DisplayRole) {
            return table->index(r, c).data(role).toString();
        };
        QCOMPARE(cellText(0, 2), QString("2")); // seeds
        QVERIFY(cellText(0, 0).contains("±"));
        QCOMPARE(view->gatePanels(), 1); // the shared bottom has no gates
        // Runs of one spec are labelled by what differs: architecture and seed.
        for (const auto* e : w.runsPanel()->ticked())
            QVERIFY2(e->label.contains("seed ") && e->label.contains(QString::fromStdString(e->result.spec.model.arch)),
                     qPrintable(e->label));
        const auto ticked = w.runsPanel()->ticked();
        QCOMPARE(ticked.size(), std::size_t(4));
        // The mean in the table is the mean of the two runs' test mse.
        double sum = 0;
        for (const auto* e : ticked)
            if (e->result.spec.model.arch == "mmoe") sum += e->result.tasks[0].test.at("mse");
        const QString cell = cellText(1, 0);
        QCOMPARE(cell.left(cell.indexOf(" ±")).toDouble(), std::round(sum / 2 * 1e4) / 1e4);
        // The second model against the first: Welch's p in the cell, the interval in its tooltip.
        std::vector<double> sb, mm;
        for (const auto* e : ticked)
            (e->result.spec.model.arch == "mmoe" ? mm : sb).push_back(e->result.tasks[0].test.at("mse"));
        const auto welch = mtlx::welch(sb, mm);
        QVERIFY2(cell.endsWith(" · p " + QString::fromStdString(mtlx::formatPValue(welch.p))), qPrintable(cell));
        QVERIFY(cellText(1, 0, Qt::ToolTipRole).contains("Welch's p"));
        QVERIFY(!cellText(0, 0).contains(" · p")); // the reference itself
        // Each run stored its gradient conflict and its probes per epoch (for the slider).
        for (const auto* e : ticked) {
            QCOMPARE(e->result.history.back().gradientCosine.size(), std::size_t(1));
            QCOMPARE(e->epochs.size(), std::size_t(2));
        }
        QVERIFY(w.findChild<mtlx::ui::ConflictView*>()->curveCount() >= 4);
        // The ticked runs are points of the Pareto view too, one configuration per architecture
        // (runs of different models are not one frontier), each with its own hypervolume.
        auto* pareto = w.findChild<mtlx::ui::ParetoView*>();
        QCOMPARE(pareto->configurationCount(), 2);
        const int mmoe = pareto->configurationName(0).endsWith("mmoe") ? 0 : 1;
        QVERIFY2(pareto->configurationName(mmoe).endsWith(" · mmoe"), qPrintable(pareto->configurationName(mmoe)));
        QVERIFY(pareto->configurationName(1 - mmoe).endsWith(" · shared_bottom"));
        QCOMPARE(pareto->pointCount(0), std::size_t(2));
        QCOMPARE(pareto->pointCount(1), std::size_t(2));
        const auto* first = ticked[0];
        w.runsPanel()->setTicked(first->id, false);
        QCOMPARE(pareto->configurationCount(), 2);
        const int fewer =
            pareto->configurationName(0).endsWith(QString::fromStdString(first->result.spec.model.arch)) ? 0 : 1;
        QCOMPARE(pareto->pointCount(fewer), std::size_t(1));
        QCOMPARE(pareto->pointCount(1 - fewer), std::size_t(2));
        // A mistyped architecture is refused before anything trains.
        QVERIFY(!w.startComparison({"mmoe", "no_such_arch"}, 1));
        QVERIFY(!w.comparing());
    }

    // The sweep dialog counts the runs before anything trains and estimates their time.
    void sweepDialogSaysRunsAndTimeFirst()
    {
        auto s = mtlx::presetSpec("sine-shared-bottom");
        s.dataset.limitTrain = 2000;
        s.training.epochs = 2;
        mtlx::ui::SweepDialog d(s, tmp_.filePath("sw"), 0);
        QSignalSpy estimated(&d, &mtlx::ui::SweepDialog::estimated);
        QVERIFY(estimated.wait(30000));
        const double seconds = estimated.last().at(0).toDouble();
        QVERIFY(seconds > 0);
        QCOMPARE(d.plannedRuns(), 11); // the preset's 11 points × 1 seed
        d.findChild<QSpinBox*>("sweepSeeds")->setValue(3);
        QCOMPARE(d.plannedRuns(), 33);
        QVERIFY(d.summary().contains("33 runs"));
        QVERIFY(d.summary().contains("about"));
        QCOMPARE(d.sweepSpec().sweep.seeds, 3);
        // Three times the runs: three times the estimate, from the same measured rate.
        QVERIFY(std::abs(estimated.last().at(0).toDouble() - 3 * seconds) < 1e-6 * seconds);
        // A grid beyond the limit says so and cannot start (it used to be built whole first).
        auto* start = d.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QVERIFY(start->isEnabled());
        d.findChild<QSpinBox*>("sweepPoints")->setValue(1000);
        d.findChild<QSpinBox*>("sweepSeeds")->setValue(1000);
        QCOMPARE(d.plannedRuns(), -1);
        QVERIFY2(d.summary().contains(
                     "sweep.points: 1000 points over 2 tasks make 1000 task weightings × 1000 seeds = 1000000 runs"),
                 qPrintable(d.summary()));
        QVERIFY(!start->isEnabled());
        d.findChild<QSpinBox*>("sweepSeeds")->setValue(1);
        QVERIFY(start->isEnabled());
    }

    // Exports take a size and a resolution; a workspace brings spec, runs and ticks back.
    void exportsTakeSizeAndDpiAndWorkspacesRoundTrip()
    {
        mtlx::ui::MainWindow w;
        w.show();
        auto* loss = w.findChild<mtlx::ui::LossPlot*>();
        const QString png = tmp_.filePath("loss.png");
        QCOMPARE(mtlx::ui::exportView(loss, png, QSize(400, 300), 192), QString());
        QCOMPARE(QImage(png).size(), QSize(800, 600));
        const QString result = tmp_.filePath("run.json");
        mtlx::writeJsonFile(result.toStdString(), mtlx::resultToJson(madeUpResult(0.3, 5)));
        QCOMPARE(w.runsPanel()->open(result, true), 1);
        w.runsPanel()->rename(w.runsPanel()->runs().back().id, "kept name");
        auto s = tinyCorrelated(7);
        w.setSpec(s);
        const QString file = tmp_.filePath("lecture.mtlxw");
        QCOMPARE(w.saveWorkspace(file), QString());
        mtlx::ui::MainWindow other;
        QCOMPARE(other.openWorkspace(file), QString());
        QCOMPARE(other.spec().training.epochs, 7);
        QCOMPARE(other.runsPanel()->ticked().size(), std::size_t(1));
        QCOMPARE(other.runsPanel()->ticked()[0]->name, QString("kept name"));
        QVERIFY(other.openWorkspace(tmp_.filePath("nope.mtlxw")).contains("cannot open"));
    }

    // A dark palette reaches every plot and the diagram.
    void darkPaletteReachesEveryPlot()
    {
        mtlx::ui::MainWindow w;
        w.show();
        mtlx::ui::setDarkPalette(true);
        QCoreApplication::processEvents();
        QVERIFY(mtlx::ui::darkPaletteOn());
        const auto plots = w.findChildren<QCustomPlot*>();
        QVERIFY(plots.size() >= 6);
        for (auto* plot : plots)
            QVERIFY2(plot->toPixmap(400, 300).toImage().pixelColor(1, 1).lightness() < 100,
                     qPrintable(plot->objectName() + " " + plot->toPixmap(400, 300).toImage().pixelColor(1, 1).name()));
        auto* diagram = w.centralWidget()->findChild<QWidget*>("architectureDiagram");
        QVERIFY(diagram->grab().toImage().pixelColor(3, 3).lightness() < 100);
        mtlx::ui::setDarkPalette(false);
        QCoreApplication::processEvents();
        QVERIFY(plots[0]->toPixmap(400, 300).toImage().pixelColor(1, 1).lightness() > 150);
    }

    // A data set that is not there opens a dialog that says so and offers to pick the folder.
    void missingDataOffersToPickTheFolder()
    {
        const QByteArray oldData = qgetenv("MTLX_DATA_DIR"), oldHome = qgetenv("HOME");
        qunsetenv("MTLX_DATA_DIR");
        qputenv("HOME", tmp_.filePath("emptyhome").toUtf8());
        mtlx::ui::MainWindow w;
        w.setSpec(mtlx::presetSpec("adult-mmoe"));
        w.show();
        QSignalSpy finished(&w, &mtlx::ui::MainWindow::trainingFinished);
        w.startTraining();
        const bool ended = finished.wait(30000);
        qputenv("MTLX_DATA_DIR", oldData);
        qputenv("HOME", oldHome);
        QVERIFY(ended);
        QCOMPARE(finished.last().at(0).toBool(), false);
        auto* box = w.findChild<QMessageBox*>("dataNotFound");
        QVERIFY(box);
        QVERIFY(box->text().contains("not found in"));
        const auto buttons = box->buttons();
        QVERIFY(std::any_of(buttons.begin(), buttons.end(),
                            [](auto* b) { return b->text().contains("Choose data folder"); }));
    }

    void epochSliderScrubsTheSelectedRun()
    {
        mtlx::ui::MainWindow w;
        auto s = mtlx::presetSpec("correlated-adatt");
        s.dataset.limitTrain = 1000;
        s.dataset.limitTest = 300;
        s.training.epochs = 3;
        w.setSpec(s);
        w.show();
        QSignalSpy finished(&w, &mtlx::ui::MainWindow::trainingFinished);
        w.startTraining();
        QVERIFY(finished.wait(60000));
        auto* panel = w.runsPanel();
        const int id = panel->runs().back().id;
        panel->select(id);
        auto* slider = w.findChild<QSlider*>("epochSlider");
        QVERIFY(slider->isEnabled());
        QCOMPARE(slider->maximum(), 3);
        const auto& epochs = panel->find(id)->epochs;
        slider->setValue(1);
        QCOMPARE(w.findChild<mtlx::ui::GateHeatmap*>()->gates()[0].matrix, epochs[0].gates[0].matrix);
        QVERIFY(epochs[0].gates[0].matrix != epochs[2].gates[0].matrix); // the gates moved while training
        slider->setValue(3);
        QCOMPARE(w.findChild<mtlx::ui::GateHeatmap*>()->gates()[0].matrix, epochs[2].gates[0].matrix);
        QCOMPARE(w.findChild<mtlx::ui::ActivationView*>()->current().nonzeroValues.counts,
                 epochs[2].activation.nonzeroValues.counts);
    }
};

QTEST_MAIN(TestTeaching)
#include "tst_teaching.moc"
