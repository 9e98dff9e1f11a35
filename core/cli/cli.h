#pragma once
// mtlx-cli, the headless program (docs/cli.md), as a library function so
// that tests can run it without a process. Exit codes: 0 done (a diverged or stopped run is
// still done: result.json says so), 2 bad input (one line on `err` naming the field, file or
// flag), 1 an unexpected failure.
#include <ostream>
#include <string>
#include <vector>

#include "core/engine/runner.h"
#include "core/reproduce/reproduction.h"

namespace mtlx {

struct CliEnvironment {
    bool interactive = false;      // draw the progress bar in place (stderr is a terminal)
    RunControl* control = nullptr; // stop/pause flags (e.g. set by Ctrl-C); may be null
    FigureRenderer renderFigure;   // draws reproduce's figures (the program's plots); empty: none
};

int runCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const CliEnvironment& env = {});

std::string cliUsage();
// One command's synopsis and description (mtlx-cli COMMAND --help); UsageError for an unknown one.
std::string commandUsage(const std::string& command);

} // namespace mtlx
