#include "core/cli/cli.h"

#include "core/cli/commands.h"
#include "core/spec/arguments.h"
#include "core/spec/version.h"

namespace mtlx {

namespace {

struct CommandHelp {
    std::string name, synopsis, description;
};

const char* const kOverrides =
    "overrides: --epochs N  --limit-train N  --limit-test N  --seed S  --arch KEY\n"
    "           --heads KIND  --weighting KEY  --data-dir DIR\n"
    "           --set PATH=VALUE  (any field of docs/spec.md, e.g. training.weight_decay=0.01)\n";

const std::vector<CommandHelp>& commandHelp()
{
    static const std::vector<CommandHelp> help = {
        {"presets", "presets [--long]", "the built-in presets, one name per line (--long: with descriptions)"},
        {"preset", "preset NAME", "print a preset as a complete spec (JSON)"},
        {"train", "train (SPEC.json | --preset NAME) [--out DIR] [overrides] | train --resume DIR",
         "train and write DIR/result.json and the model DIR/model.pt (without --out: a new folder\n"
         "under ~/.local/share/mtlx/runs, printed before training starts); DIR/checkpoint.pt after\n"
         "every epoch until the run ends: --resume DIR goes on from it after a stop or a crash"},
        {"sweep",
         "sweep (SPEC.json | --preset NAME) --out DIR [overrides] [--points K] [--seeds S]\n"
         "      [--jobs J] [--stack R] [--shard I/N] [--models auto|all|none]\n"
         "      [--slurm N [--slurm-cpus C] [--slurm-partition P] [--slurm-time T] [--slurm-cli PATH]]",
         "train the task-weight grid, R runs at once as one stacked model, J stacks in parallel;\n"
         "DIR/runs.jsonl, DIR/frontier.json, each run's model in DIR/models/ (--models auto: while\n"
         "they take at most 256 MiB together); after a stop or a crash the same command goes on from\n"
         "each stack's last epoch. --slurm N trains nothing: it writes DIR/slurm/ with an\n"
         "sbatch job array of N shards and a merge job after it (docs/cluster.md)"},
        {"frontier", "frontier DIR", "rewrite DIR/frontier.json from DIR/runs.jsonl"},
        {"merge", "merge OUT DIR...",
         "merge shard folders of one sweep into OUT: duplicates dropped, the later of two differing\n"
         "results kept, cut lines skipped with a warning; OUT/frontier.json"},
        {"compare",
         "compare DIR... [--csv FILE] [--reference V1,V2,...] [--reference-config NAME]\n"
         "        [--baseline LS_DIR]",
         "hypervolumes and middle points of several sweeps (a CSV only with --csv); each against the\n"
         "first (or --reference-config) with the mean difference over seeds, its 95 % confidence\n"
         "interval and Welch's p; --baseline: whether the linear-scalarisation sweep LS_DIR's frontier\n"
         "dominates each seed-mean point of the others, and by how much; a preference-conditioned\n"
         "run's folder (training.preference) counts as a sweep of its front"},
        {"bench",
         "bench (SPEC.json | --preset NAME) [overrides] [--steps N] [--warmup N] [--threads T]\n"
         "      [--stack R] [--jobs J]",
         "training examples/s on random inputs (one JSON line); R runs as one stacked model,\n"
         "J stacks at once (as a sweep trains)"},
        {"reproduce",
         "reproduce NAME [--scale quick|paper] --out DIR [--jobs J] [--shard I/N] [--only TEXT]\n"
         "          [--report-only] [--set PATH=VALUE]… [--slurm N [--slurm-cpus C] …]",
         "run a published result (docs/reproduction.md): figures, a table beside the paper's\n"
         "numbers and verdicts in DIR; reproduce --list names them; --set changes every experiment's\n"
         "spec (e.g. training.weight_decay=0.01); --only TEXT trains the experiments whose folder\n"
         "name holds TEXT; --slurm N: job-array scripts"},
        {"data", "data (SPEC.json | --preset NAME) [overrides] [--json]",
         "what the data set holds: the splits' sizes, the input width, each task's positive rate,\n"
         "class shares or mean and sd on each split, and every feature column's encoding"},
        {"inspect", "inspect DIR [--split test|validation|train] [--json]",
         "the saved model of a run folder (DIR/model.pt): each gate's weights over the examples\n"
         "(quantiles, histogram), each expert's use and the gates' entropy, experts no gate uses, and\n"
         "each task's change in its test metric when one expert's output is zeroed (knock-outs)"},
        {"export", "export DIR --pytorch FILE.pt [--keys reference|program] [--sample K FILE.json]",
         "the saved model of a run folder as a PyTorch state_dict (torch.load reads it into a dict\n"
         "of tensors): for the architectures the AdaTT authors' reference module has, its keys and\n"
         "shapes (load_state_dict(strict=True) takes it; docs/models.md), else the program's names;\n"
         "--sample: K test examples and the model's outputs on them, to check the export against"},
        {"schema", "schema", "the spec's fields as a Markdown table (docs/spec.md)"},
    };
    return help;
}

bool takesSpec(const std::string& command)
{
    return command == "train" || command == "sweep" || command == "bench" || command == "data";
}

std::string indented(const std::string& text, const std::string& indent)
{
    std::string out = indent;
    for (const char c : text) {
        out += c;
        if (c == '\n') out += indent;
    }
    return out + "\n";
}

} // namespace

std::string cliUsage()
{
    std::string text = "usage: mtlx-cli COMMAND [ARGS]   (mtlx-cli COMMAND --help for one command)\n";
    for (const auto& c : commandHelp())
        text += indented(c.synopsis, "  ") + indented(c.description, "        ");
    text += "  help, --help, --version\n";
    return text + kOverrides;
}

std::string commandUsage(const std::string& command)
{
    for (const auto& c : commandHelp())
        if (c.name == command)
            return "usage: mtlx-cli " + c.synopsis + "\n" + indented(c.description, "  ") +
                   (takesSpec(command) ? kOverrides : "");
    throw UsageError("unknown command '" + command + "' (see mtlx-cli help)");
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
        if (args.size() > 1 && (args[1] == "--help" || args[1] == "-h")) {
            out << commandUsage(command);
            return 0;
        }
        if (command == "presets") return commandPresets(args, out);
        if (command == "preset") return commandPreset(args, out);
        if (command == "train") return commandTrain(args, out, err, env);
        if (command == "sweep") return commandSweep(args, out, err, env);
        if (command == "frontier") return commandFrontier(args, out, err);
        if (command == "merge") return commandMerge(args, out, err);
        if (command == "compare") return commandCompare(args, out, err);
        if (command == "bench") return commandBench(args, out);
        if (command == "data") return commandData(args, out, err);
        if (command == "inspect") return commandInspect(args, out);
        if (command == "export") return commandExport(args, out);
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
