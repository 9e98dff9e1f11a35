// mtlx: the desktop program. The command line (docs/cli.md):
//   mtlx [SPEC.json | --preset NAME] [overrides] [--train] [--screenshot FILE.png] [--quit-when-done] [--reproduce
//   NAME]
#include <iostream>
#include <string>
#include <vector>

#include <QApplication>
#include <QIcon>
#include <QTimer>

#include "core/engine/allocator.h"
#include "core/reproduce/reproduction.h"
#include "core/spec/arguments.h"
#include "core/spec/specerror.h"
#include "core/spec/version.h"
#include "ui/mainwindow.h"

int main(int argc, char** argv)
{
    mtlx::keepFreedMemoryForReuse();
    QApplication app(argc, argv);
    QApplication::setOrganizationName("mtlx");
    QApplication::setApplicationName("MTL Explorer");
    QApplication::setApplicationVersion(QString::fromStdString(mtlx::versionString()));
    QApplication::setDesktopFileName("org.mtlexplorer.mtlx");
    QApplication::setWindowIcon(QIcon(":/org.mtlexplorer.mtlx.svg"));

    std::vector<std::string> rest;
    bool train = false, quit = false;
    QString screenshot, reproduce;
    const auto args = QApplication::arguments();
    for (int i = 1; i < args.size(); ++i) {
        const std::string a = args[i].toStdString();
        if (a == "--version") {
            std::cout << "mtlx " << mtlx::versionString() << '\n';
            return 0;
        }
        if (a == "--help" || a == "-h") {
            std::cout << "usage: mtlx [SPEC.json | --preset NAME] [overrides] [--train] [--screenshot FILE.png] "
                         "[--quit-when-done] [--reproduce NAME]\n"
                      << "overrides as mtlx-cli's (mtlx-cli help)\n";
            return 0;
        }
        if (a == "--train")
            train = true;
        else if (a == "--quit-when-done")
            quit = true;
        else if (a == "--reproduce") {
            if (i + 1 >= args.size()) {
                std::cerr << "mtlx: --reproduce: needs a name (mtlx-cli reproduce --list)\n";
                return 2;
            }
            reproduce = args[++i];
            try {
                mtlx::findReproduction(reproduce.toStdString());
            } catch (const std::exception& e) {
                std::cerr << "mtlx: --reproduce: " << e.what() << '\n';
                return 2;
            }
        } else if (a == "--screenshot") {
            if (i + 1 >= args.size()) {
                std::cerr << "mtlx: --screenshot: needs a file name\n";
                return 2;
            }
            screenshot = args[++i];
        } else
            rest.push_back(a);
    }
    mtlx::ExperimentSpec spec;
    try {
        spec = mtlx::specFromArguments(rest, "sine-small-heads");
    } catch (const std::exception& e) {
        std::cerr << "mtlx: " << e.what() << '\n';
        return 2;
    }

    mtlx::ui::MainWindow window;
    window.setSpec(spec);
    window.setScreenshot(screenshot, quit);
    window.show();
    if (!reproduce.isEmpty()) window.openReproduction(reproduce);
    if (train)
        QTimer::singleShot(0, &window, &mtlx::ui::MainWindow::startTraining);
    else if (!screenshot.isEmpty() || quit)
        QTimer::singleShot(500, &window, &mtlx::ui::MainWindow::saveScreenshotIfAsked);
    return QApplication::exec();
}
