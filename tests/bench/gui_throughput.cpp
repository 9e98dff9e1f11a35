// mtlx-bench-gui: the desktop program's training throughput with every live view open, against
// mtlx-cli's on the same spec, and how long the UI thread ever stalls while it trains.
//
//   mtlx-bench-gui [--cli PATH] [--preset NAME] [--epochs N] [--train N] [--threads T] [--repeats R]
//
// Runs `mtlx-cli train` (the program at --cli, default build/app/mtlx-cli, as its own process)
// and the real MainWindow in this process, in alternation,
// R times each, and prints one JSON line with the medians: examples/s of both (training
// steps and progress reports, evaluation excluded), their ratio, and the UI thread's longest
// gap between two 10 ms heartbeats while training. The gradient-conflict view is the one
// raised in its dock (the probe samples every probe.conflict_every steps in both programs);
// mtlx-cli also runs with the probe off, and conflict_probe_ratio is its cost (with / without). Settings and autosaved
// results go to Qt's test locations (QStandardPaths test mode), not the user's.
#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <fstream>
#include <iostream>

#include "core/engine/allocator.h"
#include "core/spec/jsonreader.h"
#include "core/spec/presets.h"
#include "ui/mainwindow.h"

namespace {

struct GuiRun {
    double examplesPerSecond = 0;
    double longestStallMs = 0;
    int stallsOver50ms = 0;
    int heartbeats = 0;
};

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const auto n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double cliRun(const QString& cli, const std::string& specPath, const QString& outDir)
{
    QProcess p;
    p.start(cli, {"train", QString::fromStdString(specPath), "--out", outDir});
    if (!p.waitForFinished(-1) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        throw std::runtime_error(cli.toStdString() + " train failed: " + p.readAllStandardError().toStdString());
    std::ifstream in((outDir + "/result.json").toStdString());
    return nlohmann::json::parse(in).at("examples_per_second").get<double>();
}

GuiRun guiRun(const mtlx::ExperimentSpec& spec)
{
    mtlx::ui::MainWindow window;
    window.setSpec(spec);
    window.resize(1600, 1000);
    window.show();
    for (auto* dock : window.findChildren<QDockWidget*>())
        dock->show(); // every live view open
    if (auto* conflict = window.findChild<QDockWidget*>("conflictDock")) conflict->raise();

    GuiRun run;
    QElapsedTimer sinceBeat;
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        if (window.isTraining() && sinceBeat.isValid()) {
            const double gap = static_cast<double>(sinceBeat.nsecsElapsed()) / 1e6;
            run.longestStallMs = std::max(run.longestStallMs, gap);
            if (gap > 50) ++run.stallsOver50ms;
            ++run.heartbeats;
        }
        sinceBeat.restart();
    });
    QEventLoop loop;
    bool ok = false;
    QObject::connect(&window, &mtlx::ui::MainWindow::trainingFinished, [&](bool finished) {
        ok = finished;
        loop.quit();
    });
    QTimer::singleShot(300, &window, [&] { // let the window lay itself out first
        sinceBeat.start();
        heartbeat.start(10);
        window.startTraining();
    });
    loop.exec();
    heartbeat.stop();
    if (!ok || !window.lastResult() || window.lastResult()->status != mtlx::RunStatus::Ok)
        throw std::runtime_error("the desktop program's run did not finish");
    run.examplesPerSecond = window.lastResult()->examplesPerSecond;
    return run;
}

} // namespace

int main(int argc, char** argv)
{
    mtlx::keepFreedMemoryForReuse();
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName("mtlx");
    QApplication::setApplicationName("MTL Explorer bench");
    QStandardPaths::setTestModeEnabled(true);

    QString cli = QApplication::applicationDirPath() + "/../../app/mtlx-cli";
    std::string preset = "bench-adatt";
    long long epochs = 3, train = 51200, threads = 0, repeats = 2;
    try {
        const auto args = QApplication::arguments();
        for (int i = 1; i < args.size(); ++i) {
            const std::string a = args[i].toStdString();
            if (i + 1 >= args.size()) throw std::runtime_error(a + ": needs a value");
            const std::string v = args[++i].toStdString();
            auto integer = [&](long long min) {
                const auto n = mtlx::parseWholeInteger(v);
                if (!n || *n < min)
                    throw std::runtime_error(a + ": '" + v + "' is not an integer ≥ " + std::to_string(min));
                return static_cast<long long>(*n);
            };
            if (a == "--cli")
                cli = QString::fromStdString(v);
            else if (a == "--preset")
                preset = v;
            else if (a == "--epochs")
                epochs = integer(1);
            else if (a == "--train")
                train = integer(1);
            else if (a == "--threads")
                threads = integer(0);
            else if (a == "--repeats")
                repeats = integer(1);
            else
                throw std::runtime_error("unknown option '" + a + "'");
        }
        auto spec = mtlx::presetSpec(preset);
        spec.training.epochs = static_cast<int>(epochs);
        spec.training.threads = static_cast<int>(threads);
        if (!mtlx::readsDataFiles(spec.dataset.kind)) spec.dataset.train = train;
        spec = mtlx::experimentFromJson(mtlx::experimentToJson(spec));

        QTemporaryDir tmp;
        const std::string specPath = tmp.filePath("spec.json").toStdString();
        std::ofstream(specPath) << mtlx::experimentToJson(spec).dump(2);
        auto noProbe = spec;
        noProbe.probe.conflictEvery = 0;
        const std::string noProbePath = tmp.filePath("spec-no-probe.json").toStdString();
        std::ofstream(noProbePath) << mtlx::experimentToJson(noProbe).dump(2);
        std::vector<double> cliRate, cliNoProbe, gui, stall;
        int over50 = 0, beats = 0;
        for (long long r = 0; r < repeats; ++r) {
            cliRate.push_back(cliRun(cli, specPath, tmp.filePath("cli" + QString::number(r))));
            cliNoProbe.push_back(cliRun(cli, noProbePath, tmp.filePath("plain" + QString::number(r))));
            const auto g = guiRun(spec);
            gui.push_back(g.examplesPerSecond);
            stall.push_back(g.longestStallMs);
            over50 += g.stallsOver50ms;
            beats += g.heartbeats;
        }
        const double c = median(cliRate), g = median(gui), plain = median(cliNoProbe);
        std::cout << nlohmann::json{{"preset", preset},
                                    {"epochs", epochs},
                                    {"train", spec.dataset.train},
                                    {"repeats", repeats},
                                    {"cli_examples_per_second", c},
                                    {"gui_examples_per_second", g},
                                    {"ratio", c > 0 ? g / c : 0},
                                    {"cli_without_conflict_probe", plain},
                                    {"conflict_every", spec.probe.conflictEvery},
                                    {"conflict_probe_ratio", plain > 0 ? c / plain : 0},
                                    {"cli_runs", cliRate},
                                    {"gui_runs", gui},
                                    {"longest_stall_ms", *std::max_element(stall.begin(), stall.end())},
                                    {"stalls_over_50ms", over50},
                                    {"heartbeats", beats}}
                         .dump()
                  << std::endl;
    } catch (const std::exception& e) {
        std::cerr << "mtlx-bench-gui: " << e.what() << '\n';
        return 2;
    }
    return 0;
}
