// Reproduction figures drawn headless by the window's own views (ui/figurerenderer.h): every kind
// writes a PNG that is an image of the view and an SVG, and what is drawn is the data given.
#include <QApplication>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include "ui/qcp.h"

#include <QComboBox>
#include <QSignalSpy>

#include "tests/common/tinysweep.h"
#include "ui/figurerenderer.h"
#include "ui/mainwindow.h"
#include "ui/paretoview.h"
#include "ui/reproducedialog.h"

namespace {

// The share of pixels that are not white: an empty plot is almost all white.
double inkShare(const QImage& image)
{
    std::int64_t ink = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (QColor(image.pixel(x, y)).lightness() < 200) ++ink;
    return static_cast<double>(ink) / (static_cast<double>(image.width()) * image.height());
}

QString svgText(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace

class TestFigures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyKindWritesPngAndSvg()
    {
        QTemporaryDir dir;
        const auto sweep = dir.path().toStdString() + "/sweep";
        mtlx::testing::runTinySweep(mtlx::testing::tinySweepSpec(3, 1, 1), sweep);
        mtlx::Histogram fraction{{0, 0.25, 0.5, 0.75, 1}, {5, 20, 50, 25}}, values{{0, 1, 2, 3}, {70, 20, 10}};
        mtlx::GateMatrix gate;
        gate.rows = {"y1", "y2"};
        gate.cols = {"y1/1", "y2/1"};
        gate.matrix = {{0.8, 0.2}, {0.3, 0.7}};
        std::vector<mtlx::Figure> figures{
            {"frontiers", "Two frontiers", "", mtlx::FrontierFigure{{{"first", sweep}, {"again", sweep}}}},
            {"series", "Hypervolume by depth", "",
             mtlx::SeriesFigure{"tower layers", "hypervolume", {{"a", {0, 1, 2}, {1, 2, 1.5}, {0.1, 0.2, 0.1}}}}},
            {"activations", "Activations", "",
             mtlx::ActivationFigure{
                 {"shared", 4, 100, fraction, values}, {"shared", 4, 100, values, fraction}, "heads", "MTL"}},
            {"gates", "Gates", "", mtlx::GateFigure{{{"ρ = 0", {gate}}, {"ρ = 1", {gate}}}, 0}}};
        for (const auto& f : figures) {
            const auto base = dir.path().toStdString() + "/" + f.file;
            QCOMPARE(QString::fromStdString(mtlx::ui::renderFigure(f, base)), QString());
            QImage png(QString::fromStdString(base + ".png"));
            QVERIFY2(!png.isNull(), f.file.c_str());
            QVERIFY(png.width() >= 600 && png.height() >= 300);
            QVERIFY2(inkShare(png) > 0.01, f.file.c_str()); // something is drawn
            QVERIFY(svgText(QString::fromStdString(base + ".svg")).contains("<svg"));
        }
        // Plots are vectors in the SVG, with their title and legend as text.
        const QString series = svgText(dir.path() + "/series.svg");
        QVERIFY(series.contains("Hypervolume by depth"));
        QVERIFY(svgText(dir.path() + "/frontiers.svg").contains("again"));
        // A folder that is not a sweep is a one-line error, not a crash.
        mtlx::Figure bad{"bad", "Bad", "", mtlx::FrontierFigure{{{"x", dir.path().toStdString() + "/none"}}}};
        const auto error = mtlx::ui::renderFigure(bad, dir.path().toStdString() + "/bad");
        QVERIFY(error.find("not a sweep folder") != std::string::npos);
    }

    void theWindowOffersEveryReproduction()
    {
        mtlx::ui::MainWindow window;
        auto* dialog = window.openReproduction("adatt-table6");
        auto* names = dialog->findChild<QComboBox*>("reproduction");
        QCOMPARE(names->count(), 10);
        QCOMPARE(names->currentData().toString(), QString("adatt-table6"));
        // Started and closed at once: the worker stops, the report of what is there is shown.
        QTemporaryDir dir;
        dialog->setFolder(dir.path());
        dialog->setScale(mtlx::Scale::Quick);
        QSignalSpy ended(dialog, &mtlx::ui::ReproduceDialog::finished);
        dialog->start();
        QVERIFY(dialog->running());
        dialog->close();
        QVERIFY(!dialog->running());
        QCOMPARE(ended.count(), 1);
        QCOMPARE(ended.at(0).at(0).toBool(), false);
        QVERIFY(QFile::exists(dir.path() + "/adatt-table6-quick.md"));
        QVERIFY(dialog->reportText().contains("NativeExpertLF"));
        // Reopened on that folder, the report there shows before anything runs.
        mtlx::ui::ReproduceDialog again;
        again.select("adatt-table6");
        again.setFolder(dir.path());
        QVERIFY(again.reportText().contains("NativeExpertLF"));
        again.select("adatt-fig3");
        QVERIFY(again.reportText().contains("No report in this folder yet"));
    }

    void noLegendEntryIsCutOff()
    {
        // The Pareto view's legend: two columns while names are short; a long name (a
        // preference-conditioned configuration's) gets a row of its own, inside the plot.
        mtlx::ui::ParetoView view;
        view.resize(900, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const std::vector<std::string> tasks{"left", "right"}, metrics{"accuracy", "accuracy"};
        auto add = [&](const QString& name, double shift) {
            const int c = view.addConfiguration(name, tasks, metrics);
            for (int p = 0; p < 3; ++p)
                view.addPoint(c, mtlx::ParetoPoint{p, {p / 2.0, 1 - p / 2.0}, 1, {0.1 * p + shift, 0.3 - 0.1 * p}},
                              QString());
            return c;
        };
        add("sweep", 0.0);
        add("again", 0.01);
        view.replotNow();
        QCOMPARE(view.plot()->legend->wrap(), 2);
        add("multimnist/one model (COSMOS, r at the first dense layer), a name far too long for half a plot", 0.02);
        view.replotNow();
        view.plot()->replot(); // lays the legend out now, not queued
        QCOMPARE(view.plot()->legend->wrap(), 1);
        int items = 0;
        for (int i = 0; i < view.plot()->legend->itemCount(); ++i) {
            auto* item = view.plot()->legend->item(i);
            if (!item) continue; // an empty cell of the grid
            ++items;
            const auto needed = item->minimumOuterSizeHint().width();
            QVERIFY2(
                item->outerRect().width() >= needed && item->outerRect().right() <= view.plot()->width(),
                qPrintable(
                    QString("legend item %1: %2 px wide, needs %3").arg(i).arg(item->outerRect().width()).arg(needed)));
        }
        QCOMPARE(items, 3);
    }
};

QTEST_MAIN(TestFigures)
#include "tst_figures.moc"
