// mtlx-cli: the headless program. All the work is in mtlx::runCli (core/cli.h).
#include <csignal>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <QApplication>
#include <cstdlib>
#include <unistd.h>

#include "core/cli/cli.h"
#include "core/engine/allocator.h"
#include "ui/figurerenderer.h"

namespace {

mtlx::RunControl* g_control = nullptr;

// The first Ctrl-C or SIGTERM asks the run to stop after the current batch, so result.json is
// still written; a second one ends the program at once, and so does a minute without it ending
// (whatever it is stuck in, SIGTERM is obeyed).
extern "C" void onInterrupt(int signal)
{
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (g_control && !g_control->stop.load()) {
        g_control->stop.store(true);
        static const char message[] = "mtlx-cli: stopping after the current batch (again to quit at once)\n";
        (void)!::write(STDERR_FILENO, message, sizeof message - 1);
        ::alarm(60);
        return;
    }
    std::raise(signal);
}

} // namespace

int main(int argc, char** argv)
{
    mtlx::keepFreedMemoryForReuse();
    std::vector<std::string> args(argv + 1, argv + argc);
    mtlx::RunControl control;
    g_control = &control;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    mtlx::CliEnvironment env;
    env.interactive = isatty(STDERR_FILENO) != 0;
    env.control = &control;
    // reproduce draws its figures with the desktop program's plots, without a display: Qt starts
    // on its offscreen platform the first time a figure is drawn, and only then.
    std::unique_ptr<QApplication> app;
    env.renderFigure = [&app](const mtlx::Figure& figure, const std::string& basePath) {
        if (!app) {
            qputenv("QT_QPA_PLATFORM", "offscreen");
            // Qt wants a private runtime folder and complains on stderr where a session has none.
            if (qgetenv("XDG_RUNTIME_DIR").isEmpty()) {
                static char runtime[] = "/tmp/mtlx-cli-runtime-XXXXXX";
                if (::mkdtemp(runtime)) qputenv("XDG_RUNTIME_DIR", runtime);
            }
            static int qtArgc = 1;
            static char name[] = "mtlx-cli";
            static char* qtArgv[] = {name, nullptr};
            app = std::make_unique<QApplication>(qtArgc, qtArgv);
        }
        return mtlx::ui::renderFigure(figure, basePath);
    };
    const int code = mtlx::runCli(args, std::cout, std::cerr, env);
    if (app && qgetenv("XDG_RUNTIME_DIR").startsWith("/tmp/mtlx-cli-runtime-")) ::rmdir(qgetenv("XDG_RUNTIME_DIR"));
    return code;
}
