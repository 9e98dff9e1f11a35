#include "core/cli/cli.h"

#include "core/cli/commands.h"
#include "core/spec/version.h"

namespace mtlx {

std::string cliUsage()
{
    return "usage: mtlx-cli COMMAND [ARGS]\n"
           "  presets [--long]                 the built-in presets, one name per line (--long: with descriptions)\n"
           "  preset NAME                      print a preset as a complete spec (JSON)\n"
           "  train (SPEC.json | --preset NAME) --out DIR [overrides]\n"
           "                                   train and write DIR/result.json\n"
           "  sweep (SPEC.json | --preset NAME) --out DIR [overrides] [--points K] [--seeds S]\n"
           "        [--jobs J] [--stack R] [--shard I/N]\n"
           "                                   train the task-weight grid, R runs at once as one stacked\n"
           "                                   model, J stacks in parallel; DIR/runs.jsonl, DIR/frontier.json\n"
           "  frontier DIR                     rewrite DIR/frontier.json from DIR/runs.jsonl (merged shards)\n"
           "  compare DIR... [--csv FILE] [--reference V1,V2,...]\n"
           "                                   hypervolumes and middle points of several sweeps\n"
           "  bench (SPEC.json | --preset NAME) [overrides] [--steps N] [--warmup N] [--threads T]\n"
           "        [--stack R] [--jobs J]     training examples/s on random inputs (one JSON line); R runs\n"
           "                                   as one stacked model, J stacks at once (as a sweep trains)\n"
           "  reproduce NAME [--scale quick|paper] --out DIR [--jobs J] [--shard I/N] [--report-only]\n"
           "                                   run a published result (docs/reproduction.md): figures, a table\n"
           "                                   beside the paper's numbers and verdicts in DIR; --list names them\n"
           "  schema                           the spec's fields as a Markdown table (docs/spec.md)\n"
           "  help, --version\n"
           "overrides: --epochs N  --limit-train N  --limit-test N  --seed S  --arch KEY\n"
           "           --heads KIND  --weighting KEY  --data-dir DIR\n";
}

int runCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const CliEnvironment& env)
{
    try {
        if (args.empty()) throw UsageError("missing a command (see mtlx-cli help)");
        const std::string& command = args[0];
        if (command == "help" || command == "--help" || command == "-h") {
            out << cliUsage();
            return 0;
        }
        if (command == "--version") {
            out << "mtlx-cli " << versionString() << '\n';
            return 0;
        }
        if (command == "presets") return commandPresets(args, out);
        if (command == "preset") return commandPreset(args, out);
        if (command == "train") return commandTrain(args, out, err, env);
        if (command == "sweep") return commandSweep(args, out, err, env);
        if (command == "frontier") return commandFrontier(args, out, err);
        if (command == "compare") return commandCompare(args, out, err);
        if (command == "bench") return commandBench(args, out);
        if (command == "schema") return commandSchema(args, out);
        if (command == "reproduce") return commandReproduce(args, out, err, env);
        throw UsageError("unknown command '" + command + "' (see mtlx-cli help)");
    } catch (const InputError& e) {
        err << "mtlx-cli: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        // Keep the first line only: LibTorch errors carry a multi-line backtrace.
        std::string what = e.what();
        what = what.substr(0, what.find('\n'));
        err << "mtlx-cli: internal error: " << what << '\n';
        return 1;
    }
}

} // namespace mtlx
