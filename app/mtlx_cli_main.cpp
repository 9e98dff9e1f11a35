// mtlx-cli: the headless program. All the work is in mtlx::runCli (core/cli.h).
#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/cli/cli.h"
#include "core/engine/allocator.h"

namespace {

mtlx::RunControl* g_control = nullptr;

// The first Ctrl-C asks the run to stop after the current batch, so result.json is still
// written; a second one ends the program at once.
extern "C" void onInterrupt(int)
{
    if (g_control && !g_control->stop.load()) {
        g_control->stop.store(true);
        return;
    }
    std::signal(SIGINT, SIG_DFL);
    std::raise(SIGINT);
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
    return mtlx::runCli(args, std::cout, std::cerr, env);
}
