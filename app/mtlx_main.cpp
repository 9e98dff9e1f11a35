// mtlx: the desktop program. The command line (docs/cli.md): mtlx --help.
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTimer>
#include <QTranslator>

#include "core/engine/allocator.h"
#include "core/reproduce/reproduction.h"
#include "core/spec/arguments.h"
#include "core/spec/result.h"
#include "core/spec/specerror.h"
#include "core/spec/text.h"
#include "core/spec/version.h"
#include "ui/lessons.h"
#include "ui/mainwindow.h"
#include "ui/plotstyle.h"

namespace {

struct DesktopOptions {
    std::vector<std::string> spec; // the spec arguments: SPEC.json, --preset, the overrides
    bool train = false, quit = false, dark = false;
    QString screenshot, reproduce, geometryReport, workspace, view, inspect;
    QString result;                 // a run's result.json to open
    QStringList folders;            // sweep folders to show in the Pareto view
    std::vector<double> preference; // --preference
    QStringList compare;
    int compareSeeds = 1;
    int lesson = 0; // 1-based; 0 none
    int step = 1;   // of the lesson, 1-based
};

// The spec overrides that mtlx-cli takes too (core/spec/arguments.h), passed on as they came.
const char* const kOverrides[][3] = {
    {"epochs", "N", "train N epochs"},
    {"limit-train", "N", "use at most N training examples"},
    {"limit-test", "N", "use at most N test examples"},
    {"seed", "S", "the training seed"},
    {"arch", "KEY", "the architecture (docs/models.md)"},
    {"heads", "KIND", "the small heads: none, linear, pool, bottleneck, large, pta"},
    {"weighting", "KEY", "how the task losses are combined (docs/weighting.md)"},
    {"data-dir", "DIR", "where the data files are"},
};

void addOptions(QCommandLineParser& p)
{
    p.setApplicationDescription(
        "MTL Explorer, the desktop program: assemble multi-task models, train them and watch their losses, "
        "Pareto frontiers, activations and gates (docs/desktop.md).");
    p.addPositionalArgument("SPEC.json",
                            "open an experiment spec (docs/spec.md), a run's RESULT.json, a workspace FILE.mtlxw, "
                            "or sweep folders (their frontiers in the Pareto view, named by their folders)",
                            "[SPEC.json | RESULT.json | FILE.mtlxw | SWEEP_DIR...]");
    p.addOptions({
        {"preset", "open a built-in preset (mtlx-cli presets lists them)", "NAME"},
        {"train", "start training at once"},
        {"compare", "train the experiment with each architecture A, B, … and compare them", "A,B,..."},
        {"compare-seeds", "seeds per architecture of --compare (default 1)", "N"},
        {"lesson", "open lesson N (1-5); with --train, do its first step", "N"},
        {"step", "with --lesson: open step K; with --train, set up and train steps 1 to K", "K"},
        {"reproduce", "open Presets > Reproduce with NAME chosen (mtlx-cli reproduce --list)", "NAME"},
        {"inspect", "open the run folder DIR (result.json, model.pt) in the expert inspector", "DIR"},
        {"workspace", "open a workspace (spec, runs, layout; File > Save workspace)", "FILE.mtlxw"},
        {"view",
         "bring a view forward: loss, conflict, gates, runs, pareto, comparison, activations, "
         "lessons, experiment",
         "NAME"},
        {"preference",
         "with RESULT.json of a preference-conditioned run: open it at preference r (two tasks: r₁, e.g. 0.3 for "
         "r = (0.3, 0.7); else r₁,r₂,…)",
         "R"},
        {"dark", "a dark palette (also View > Dark palette, remembered)"},
        {"screenshot", "save a picture of the window when the training ends (or at once)", "FILE.png"},
        {"geometry-report", "with the screenshot, write every visible view's plotting area as JSON", "FILE"},
        {"quit-when-done", "exit after that (0: the run ended ok)"},
        {"set", "set any spec field, e.g. training.lr=0.01 (docs/spec.md)", "PATH=VALUE"},
    });
    for (const auto& o : kOverrides)
        p.addOption({o[0], o[2], o[1]});
    p.addHelpOption();
    p.addVersionOption();
}

// A run's result.json rather than a spec.
bool isResultFile(const QString& file)
{
    if (!file.endsWith(".json")) return false;
    std::ifstream in(file.toStdString());
    try {
        const auto j = nlohmann::json::parse(in);
        return mtlx::isRunResult(j);
    } catch (const std::exception&) {
        return false; // read as a spec, whose reader names what is wrong
    }
}

// The parsed command line; UsageError naming the flag for a bad value.
DesktopOptions optionsOf(const QCommandLineParser& p)
{
    DesktopOptions o;
    const auto text = [&p](const char* name) { return p.value(name).toStdString(); };
    o.train = p.isSet("train");
    o.quit = p.isSet("quit-when-done");
    o.dark = p.isSet("dark");
    o.screenshot = p.value("screenshot");
    o.geometryReport = p.value("geometry-report");
    o.view = p.value("view");
    o.inspect = p.value("inspect");
    o.workspace = p.value("workspace");
    if (p.isSet("reproduce")) {
        o.reproduce = p.value("reproduce");
        mtlx::findReproduction(o.reproduce.toStdString());
    }
    if (p.isSet("compare")) o.compare = p.value("compare").split(',', Qt::SkipEmptyParts);
    if (p.isSet("compare-seeds"))
        o.compareSeeds = static_cast<int>(mtlx::parseIntegerFlag("--compare-seeds", text("compare-seeds"), 1, 100));
    if (p.isSet("lesson")) o.lesson = static_cast<int>(mtlx::parseIntegerFlag("--lesson", text("lesson"), 1, 5));
    if (p.isSet("step")) o.step = static_cast<int>(mtlx::parseIntegerFlag("--step", text("step"), 1, 4));
    for (const auto& file : p.positionalArguments()) {
        if (file.endsWith(".mtlxw")) // the desktop entry opens workspaces this way
            o.workspace = file;
        else if (QFileInfo(file).isDir())
            o.folders << file;
        else if (isResultFile(file))
            o.result = file;
        else
            o.spec.push_back(file.toStdString());
    }
    if (p.isSet("preference")) {
        o.preference = mtlx::parseNumbers("--preference", text("preference"));
        if (o.preference.size() == 1) {
            if (!(o.preference[0] >= 0 && o.preference[0] <= 1))
                throw mtlx::UsageError("--preference: one value is r₁ of two tasks and must be in [0, 1]");
            o.preference.push_back(1 - o.preference[0]);
        }
        for (double r : o.preference)
            if (!(r >= 0)) throw mtlx::UsageError("--preference: values must be ≥ 0");
        if (o.result.isEmpty()) throw mtlx::UsageError("--preference: needs a run's RESULT.json to open");
    }
    if (p.isSet("preset")) o.spec.insert(o.spec.end(), {"--preset", text("preset")});
    for (const auto& ov : kOverrides)
        if (p.isSet(ov[0])) o.spec.insert(o.spec.end(), {std::string("--") + ov[0], text(ov[0])});
    for (const auto& s : p.values("set"))
        o.spec.insert(o.spec.end(), {"--set", s.toStdString()});
    return o;
}

// Qt's own strings and ours in the system's language, where there are translations.
void loadTranslations(QApplication& app)
{
    auto* qt = new QTranslator(&app);
    if (qt->load(QLocale(), "qtbase", "_", QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    auto* ours = new QTranslator(&app);
    if (ours->load(QLocale(), "mtlx", "_", ":/i18n")) QApplication::installTranslator(ours);
}

// What the command line asks the window to open (workspace, reproduction, inspector, run, lesson,
// view); a nonzero exit code when it cannot.
int openWhatWasAsked(mtlx::ui::MainWindow& window, const DesktopOptions& o)
{
    if (!o.workspace.isEmpty()) {
        // A bad workspace is a dialog in the window that opens anyway (and a line on stderr).
        bool unreadable = false;
        const QString error = window.openWorkspace(o.workspace, &unreadable);
        if (!error.isEmpty()) std::cerr << "mtlx: " << error.toStdString() << '\n';
        if (unreadable && o.quit) return 2; // scripted: nothing of it to train or show
    }
    if (!o.reproduce.isEmpty()) window.openReproduction(o.reproduce);
    // Before the run: a lesson starts from clean views, and a run opened then shows in them.
    if (o.lesson > 0 && !o.train) window.openLesson(o.lesson - 1, o.step - 1);
    if (!o.folders.isEmpty()) {
        // The folders that can be read show; each that cannot is named (a run folder, a sweep
        // without runs yet), and the window stays open unless a script asked it to quit.
        // Named by their folders, as mtlx-cli compare names them (sweeps of one preset share its name).
        QStringList labels;
        for (const auto& folder : o.folders)
            labels << QFileInfo(QFileInfo(folder).absoluteFilePath()).fileName();
        const QString error = window.openFrontiers(o.folders, labels, -1);
        if (!error.isEmpty()) {
            std::cerr << "mtlx: " << error.toStdString() << '\n';
            if (o.quit) return 2;
        }
    }
    if (!o.result.isEmpty()) {
        const QString error = window.openRun(o.result, o.preference);
        if (!error.isEmpty()) {
            std::cerr << "mtlx: " << error.toStdString() << '\n';
            return 2;
        }
    }
    if (!o.inspect.isEmpty()) {
        const QString error = window.inspectFolder(o.inspect);
        if (!error.isEmpty()) {
            std::cerr << "mtlx: --inspect: " << error.toStdString() << '\n';
            return 2;
        }
    }
    if (!o.view.isEmpty() && !window.showView(o.view)) {
        std::cerr << "mtlx: --view: '" << o.view.toStdString() << "' is not a view\n";
        return 2;
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    DesktopOptions o;
    mtlx::ExperimentSpec spec;
    {
        // The command line first, without a display: --help, --version and bad flags need none.
        QCoreApplication parsing(argc, argv);
        QCoreApplication::setApplicationName("mtlx");
        QCoreApplication::setApplicationVersion(QString::fromStdString(mtlx::versionString()));
        QCommandLineParser parser;
        addOptions(parser);
        if (!parser.parse(QCoreApplication::arguments())) {
            std::cerr << "mtlx: " << parser.errorText().toStdString() << " (mtlx --help lists the options)\n";
            return 2;
        }
        if (parser.isSet("help")) {
            std::cout << parser.helpText().toStdString();
            return 0;
        }
        if (parser.isSet("version")) {
            std::cout << "mtlx " << mtlx::versionString() << '\n';
            return 0;
        }
        try {
            o = optionsOf(parser);
            spec = mtlx::specFromArguments(o.spec, "sine-small-heads");
        } catch (const std::exception& e) {
            std::cerr << "mtlx: " << e.what() << '\n';
            return 2;
        }
    }
    mtlx::keepFreedMemoryForReuse();
    QApplication app(argc, argv);
    QApplication::setOrganizationName("mtlx");
    QApplication::setApplicationName("MTL Explorer");
    QApplication::setApplicationVersion(QString::fromStdString(mtlx::versionString()));
    QApplication::setDesktopFileName("org.mtlexplorer.mtlx");
    QApplication::setWindowIcon(QIcon(":/org.mtlexplorer.mtlx.svg"));
    loadTranslations(app);

    if (o.dark) QSettings().setValue("view/dark", true); // remembered, as View > Dark palette is
    if (o.dark || QSettings().value("view/dark", false).toBool()) mtlx::ui::setDarkPalette(true);
    mtlx::ui::MainWindow window;
    window.setSpec(spec);
    window.setScreenshot(o.screenshot, o.quit);
    window.setGeometryReport(o.geometryReport);
    window.show();
    if (const int code = openWhatWasAsked(window, o); code != 0) return code;
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
