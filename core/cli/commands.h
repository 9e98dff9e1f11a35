#pragma once
// The commands of mtlx-cli (docs/cli.md), each a function from its arguments (args[0] is the
// command's name) to an exit code; runCli (cli.h) picks one. Bad input throws InputError.
#include <ostream>
#include <string>
#include <vector>

#include "core/cli/cli.h"
#include "core/cli/cluster.h"
#include "core/engine/bench.h"
#include "core/spec/arguments.h"
#include "core/spec/pareto.h"

namespace mtlx {

// The arguments of a command that runs a spec: the spec and overrides, --out, and the flags of
// the command itself.
struct CommandArgs {
    SpecArguments spec;
    std::string outDir;
    int jobs = 0, stack = 0, shard = 1, shards = 1; // sweep only (0: chosen for the machine)
    std::string models = "auto";                    // sweep only: which runs keep their model
    BenchOptions bench;                             // bench only
    SlurmOptions slurm;                             // sweep only: write job-array scripts instead
    bool json = false;                              // data only: the summary as JSON
};
enum class SpecCommand { Train, Sweep, Bench, Data };
CommandArgs parseCommandArgs(const std::vector<std::string>& args, SpecCommand command);

// --shard I/N (1 ≤ I ≤ N); UsageError naming the flag otherwise.
void parseShard(const std::string& text, int& shard, int& shards);

// The weighting method that chooses a run's task weights itself ("uncertainty"), or "" when the
// spec's task weights (a sweep's grid) or its preferences are what its points are at.
std::string taskWeightChooser(const ExperimentSpec& spec);

// The summary of a frontier (frontier, sweep): its size, hypervolume and middle point — for a
// method that chooses its task weights (`chooser`, taskWeightChooser) its one point.
void printFrontier(std::ostream& out, const Frontier& f, const std::string& path, const std::string& chooser = "");

int commandTrain(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const CliEnvironment& env);
int commandSweep(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const CliEnvironment& env);
int commandFrontier(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandCompare(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandBench(const std::vector<std::string>& args, std::ostream& out);
int commandData(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int commandInspect(const std::vector<std::string>& args, std::ostream& out);
int commandExport(const std::vector<std::string>& args, std::ostream& out);
int commandPresets(const std::vector<std::string>& args, std::ostream& out);
int commandPreset(const std::vector<std::string>& args, std::ostream& out);
int commandReproduce(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                     const CliEnvironment& env);
int commandSchema(const std::vector<std::string>& args, std::ostream& out);

} // namespace mtlx
