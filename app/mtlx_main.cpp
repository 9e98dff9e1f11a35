// mtlx: the desktop program. The command line (docs/cli.md): mtlx --help.
#include <iostream>
#include <string>
#include <vector>

#include <QApplication>
#include <QIcon>
#include <QSettings>
#include <QTimer>

#include "core/engine/allocator.h"
#include "core/reproduce/reproduction.h"
#include "core/spec/arguments.h"
#include "core/spec/specerror.h"
#include "core/spec/version.h"
#include "ui/lessons.h"
#include "ui/mainwindow.h"
#include "ui/plotstyle.h"

namespace {

const char* const kUsage =
    "usage: mtlx [SPEC.json | --preset NAME] [overrides] [options]\n"
    "  SPEC.json               open an experiment spec (docs/spec.md)\n"
    "  --preset NAME           open a built-in preset (mtlx-cli presets lists them)\n"
    "  --train                 start training at once\n"
    "  --compare A,B,...       train the experiment with each architecture and compare them\n"
    "  --compare-seeds N       seeds per architecture of --compare (default 1)\n"
    "  --lesson N              open lesson N (1-5) in the Lessons panel; with --train, do its\n"
    "                          first step (the lesson's own set-up: other overrides are not used)\n"
    "  --step K                with --lesson: open step K; with --train, set up and train steps\n"
    "                          1 to K one after another (every claim of step K measured)\n"
    "  --reproduce NAME        open Presets > Reproduce with NAME chosen (mtlx-cli reproduce --list)\n"
    "  --inspect DIR           open the run folder DIR (result.json, model.pt) in the expert\n"
    "                          inspector (with --screenshot: of the inspector, 8 examples routed)\n"
    "  --workspace FILE.mtlxw  open a workspace (spec, runs, layout; File > Save workspace)\n"
    "  --view NAME             bring a view forward: loss, conflict, gates, runs, pareto, comparison,\n"
    "                          activations, lessons, experiment\n"
    "  --dark                  a dark palette (also View > Dark palette, remembered)\n"
    "  --screenshot FILE.png   save a picture of the window when the training ends (or at once)\n"
    "  --geometry-report FILE  with the screenshot, write every visible view's plotting area\n"
    "                          (name, plot_width, plot_height, lesson_view) as JSON\n"
    "  --quit-when-done        exit after that (0: the run ended ok)\n"
    "  --help, --version\n"
    "overrides: --epochs N  --limit-train N  --limit-test N  --seed S  --arch KEY\n"
    "           --heads KIND  --weighting KEY  --data-dir DIR  --set PATH=VALUE\n";

struct DesktopOptions {
    std::vector<std::string> rest; // the spec arguments
    bool train = false, quit = false;
    QString screenshot, reproduce;
    QStringList compare;
    int compareSeeds = 1;
    int lesson = 0; // 1-based; 0 none
    int step = 1;   // of the lesson, 1-based
    QString geometryReport;
    bool dark = false;
    QString workspace, view, inspect;
};

// The program's own flags (before any display is needed); the rest are spec arguments. Throws
// UsageError naming the flag.
DesktopOptions parseOptions(int argc, char** argv)
{
    DesktopOptions o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw mtlx::UsageError(a + ": needs a value");
            return argv[++i];
        };
        if (a == "--train")
            o.train = true;
        else if (a == "--quit-when-done")
            o.quit = true;
        else if (a == "--reproduce") {
            o.reproduce = QString::fromStdString(value());
            mtlx::findReproduction(o.reproduce.toStdString());
        } else if (a == "--screenshot")
            o.screenshot = QString::fromStdString(value());
        else if (a == "--inspect")
            o.inspect = QString::fromStdString(value());
        else if (a == "--workspace")
            o.workspace = QString::fromStdString(value());
        else if (a == "--view")
            o.view = QString::fromStdString(value());
        else if (a == "--dark")
            o.dark = true;
        else if (a == "--compare")
            o.compare = QString::fromStdString(value()).split(',', Qt::SkipEmptyParts);
        else if (a == "--compare-seeds")
            o.compareSeeds = static_cast<int>(mtlx::parseIntegerFlag(a, value(), 1, 100));
        else if (a == "--lesson")
            o.lesson = static_cast<int>(mtlx::parseIntegerFlag(a, value(), 1, 5));
        else if (a == "--step")
            o.step = static_cast<int>(mtlx::parseIntegerFlag(a, value(), 1, 3));
        else if (a == "--geometry-report")
            o.geometryReport = QString::fromStdString(value());
        else
            o.rest.push_back(a);
    }
    return o;
}

} // namespace

int main(int argc, char** argv)
{
    // --help and --version need no display.
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--help" || a == "-h") {
            std::cout << kUsage;
            return 0;
        }
        if (a == "--version") {
            std::cout << "mtlx " << mtlx::versionString() << '\n';
            return 0;
        }
    }
    DesktopOptions o;
    mtlx::ExperimentSpec spec;
    try {
        o = parseOptions(argc, argv);
        spec = mtlx::specFromArguments(o.rest, "sine-small-heads");
    } catch (const std::exception& e) {
        std::cerr << "mtlx: " << e.what() << '\n';
        return 2;
    }
    mtlx::keepFreedMemoryForReuse();
    QApplication app(argc, argv);
    QApplication::setOrganizationName("mtlx");
    QApplication::setApplicationName("MTL Explorer");
    QApplication::setApplicationVersion(QString::fromStdString(mtlx::versionString()));
    QApplication::setDesktopFileName("org.mtlexplorer.mtlx");
    QApplication::setWindowIcon(QIcon(":/org.mtlexplorer.mtlx.svg"));

    if (o.dark) QSettings().setValue("view/dark", true); // remembered, as View > Dark palette is
    if (o.dark || QSettings().value("view/dark", false).toBool()) mtlx::ui::setDarkPalette(true);
    mtlx::ui::MainWindow window;
    window.setSpec(spec);
    window.setScreenshot(o.screenshot, o.quit);
    window.setGeometryReport(o.geometryReport);
    window.show();
    if (!o.workspace.isEmpty()) {
        // A bad workspace is a dialog in the window that opens anyway (and a line on stderr).
        bool unreadable = false;
        const QString error = window.openWorkspace(o.workspace, &unreadable);
        if (!error.isEmpty()) std::cerr << "mtlx: " << error.toStdString() << '\n';
        if (unreadable && o.quit) return 2; // scripted: nothing of it to train or show
    }
    if (!o.reproduce.isEmpty()) window.openReproduction(o.reproduce);
    if (!o.inspect.isEmpty()) {
        const QString error = window.inspectFolder(o.inspect);
        if (!error.isEmpty()) {
            std::cerr << "mtlx: --inspect: " << error.toStdString() << '\n';
            return 2;
        }
    }
    if (o.lesson > 0 && !o.train) window.openLesson(o.lesson - 1, o.step - 1);
    if (!o.view.isEmpty() && !window.showView(o.view)) {
        std::cerr << "mtlx: --view: '" << o.view.toStdString() << "' is not a view\n";
        return 2;
    }
    if (!o.compare.isEmpty())
        QTimer::singleShot(0, &window, [&window, &o] {
            if (!window.startComparison(o.compare, o.compareSeeds)) QApplication::exit(2);
        });
    else if (o.train && o.lesson > 0) // the lesson's steps up to --step: their set-ups, one after another
        QTimer::singleShot(0, &window, [&window, &o] { window.playLesson(o.lesson - 1, o.step - 1); });
    else if (o.train)
        QTimer::singleShot(0, &window, &mtlx::ui::MainWindow::startTraining);
    else if ((!o.screenshot.isEmpty() || !o.geometryReport.isEmpty() || o.quit) && o.inspect.isEmpty())
        QTimer::singleShot(500, &window, &mtlx::ui::MainWindow::saveScreenshotIfAsked);
    return QApplication::exec();
}
