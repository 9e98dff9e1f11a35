#pragma once
// mtlx-cli, the headless program (CONTRACT.md "Headless commands"), as a library function so
// that tests can run it without a process. Exit codes: 0 done (a diverged or stopped run is
// still done: result.json says so), 2 bad input (one line on `err` naming the field, file or
// flag), 1 an unexpected failure.
#include <ostream>
#include <string>
#include <vector>

#include "core/runner.h"

namespace mtlx {

struct CliEnvironment {
    bool interactive = false;      // draw the progress bar in place (stderr is a terminal)
    RunControl* control = nullptr;  // stop/pause flags (e.g. set by Ctrl-C); may be null
};

int runCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
           const CliEnvironment& env = {});

std::string cliUsage();
std::string versionString();  // "0.1.0"

// The spec that `[SPEC.json | --preset NAME] [overrides]` names (CONTRACT.md), for the desktop
// program's command line; without a spec or preset, `fallbackPreset`. Throws InputError with a
// one-line message on a bad flag, file or value.
ExperimentSpec specFromArguments(const std::vector<std::string>& args, const std::string& fallbackPreset);

}  // namespace mtlx
