#include "core/cli/commands.h"

#include <cctype>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include <iomanip>
#include <sstream>
#include <unistd.h>

#include "core/cli/progressbar.h"
#include "core/cli/terminaltable.h"
#include "core/engine/data/datafiles.h"
#include "core/engine/datasummary.h"
#include "core/engine/inspect.h"
#include "core/engine/runner.h"
#include "core/engine/sweep.h"
#include "core/spec/presets.h"
#include "core/spec/schema.h"
#include "core/spec/text.h"

namespace mtlx {

void parseShard(const std::string& text, int& shard, int& shards)
{
    const auto slash = text.find('/');
    if (slash == std::string::npos) throw UsageError("--shard: '" + text + "' is not I/N (e.g. 2/8)");
    shard = static_cast<int>(parseIntegerFlag("--shard", text.substr(0, slash), 1));
    shards = static_cast<int>(parseIntegerFlag("--shard", text.substr(slash + 1), 1));
    if (shard > shards) throw UsageError("--shard: " + text + " has I > N");
}

namespace {

// A flag of one command (after the spec arguments); false when it is not one.
bool takeCommandFlag(const std::vector<std::string>& args, std::size_t& i, SpecCommand command, CommandArgs& a)
{
    const std::string& arg = args[i];
    auto value = [&]() -> const std::string& {
        if (i + 1 >= args.size()) throw UsageError(arg + ": needs a value");
        return args[++i];
    };
    auto& o = a.spec.overrides;
    const bool sweep = command == SpecCommand::Sweep, bench = command == SpecCommand::Bench;
    if (arg == "--out")
        a.outDir = value();
    else if (sweep && arg == "--points")
        o.points = static_cast<int>(parseIntegerFlag(arg, value(), 1));
    else if (sweep && arg == "--seeds")
        o.seeds = static_cast<int>(parseIntegerFlag(arg, value(), 1));
    else if (sweep && arg == "--jobs")
        a.jobs = static_cast<int>(parseIntegerFlag(arg, value(), 1, 256));
    else if (sweep && arg == "--stack")
        a.stack = static_cast<int>(parseIntegerFlag(arg, value(), 1, kMaxStack));
    else if (bench && arg == "--jobs")
        a.bench.jobs = static_cast<int>(parseIntegerFlag(arg, value(), 1, 256));
    else if (bench && arg == "--stack")
        a.bench.stack = static_cast<int>(parseIntegerFlag(arg, value(), 1, kMaxStack));
    else if (sweep && arg == "--models") {
        a.models = value();
        if (a.models != "auto" && a.models != "all" && a.models != "none")
            throw UsageError("--models: '" + a.models + "' is not auto, all or none");
    } else if (sweep && arg == "--shard")
        parseShard(value(), a.shard, a.shards);
    else if (sweep && takeSlurmFlag(args, i, a.slurm))
        return true;
    else if (bench && arg == "--steps")
        a.bench.steps = static_cast<int>(parseIntegerFlag(arg, value(), 1));
    else if (bench && arg == "--warmup")
        a.bench.warmup = static_cast<int>(parseIntegerFlag(arg, value(), 0));
    else if (bench && arg == "--threads")
        a.bench.threads = static_cast<int>(parseIntegerFlag(arg, value(), 1, 256));
    else if (command == SpecCommand::Data && arg == "--json")
        a.json = true;
    else
        return false;
    return true;
}

std::string formatMetrics(const Metrics& m)
{
    std::ostringstream s;
    for (const auto& [name, value] : m)
        s << name << " " << std::setprecision(4) << value << "  ";
    return s.str();
}

void printSummary(std::ostream& out, const RunResult& r, const std::string& resultPath)
{
    out << "status: " << toString(r.status) << (r.message.empty() ? "" : " (" + r.message + ")") << '\n';
    for (const auto& t : r.tasks)
        out << "  " << std::left << std::setw(14) << t.name << std::setw(11) << toString(t.kind) << "test  "
            << formatMetrics(t.test) << '\n';
    if (!r.front.empty()) { // a preference-conditioned model, evaluated at each preference
        Frontier f;         // for its objectives' names: "y1 mse", "income 1-auc"
        for (std::size_t k = 0; k < r.frontMetrics.size() && k < r.tasks.size(); ++k)
            f.tasks.push_back(r.tasks[k].name), f.metrics.push_back(r.frontMetrics[k]);
        out << "front: " << r.front.size() << " preferences, hypervolume " << formatNumber(r.frontHypervolume, 4)
            << " against " << formatWeights(r.frontReference) << " (" << joinWords(f.objectiveNames()) << ")\n";
    }
    out << "parameters: " << r.params.training << " training, " << r.params.serving << " serving\n";
    out << "wall time: " << formatDuration(r.wallSeconds) << '\n';
    out << "result: " << resultPath << '\n';
}

// Writes the result to `path`; when that fails (a full disk, the folder gone) to a file in the
// temporary folder, and failing that to standard output, so that a finished run is never lost.
// Returns where it went.
std::string keepResult(const std::string& path, const nlohmann::json& result, std::ostream& out, std::ostream& err)
{
    std::string failure;
    try {
        writeJsonFile(path, result);
        return path;
    } catch (const std::exception& e) {
        failure = e.what(); // "PATH: write failed (No space left on device)"
    }
    const char* tmp = std::getenv("TMPDIR");
    const auto fallback =
        (std::filesystem::path(tmp && *tmp ? tmp : "/tmp") / ("mtlx-result-" + std::to_string(::getpid()) + ".json"))
            .string();
    try {
        writeJsonFile(fallback, result);
        err << "mtlx-cli: " << failure << "; the result is kept in " << fallback << " instead\n";
        return fallback;
    } catch (const std::exception& e) {
        err << "mtlx-cli: " << failure << "; the result follows on standard output (" << e.what() << ")\n";
        out << result.dump() << '\n';
        return "(standard output)";
    }
}

// train without --out: ~/.local/share/mtlx/runs/YYYYMMDD-HHMMSS-NAME (made unique).
std::string defaultRunFolder(const ExperimentSpec& spec)
{
    const std::string base = userFolder("runs");
    if (base.empty()) throw UsageError("train: missing --out DIR (neither HOME nor XDG_DATA_HOME is set)");
    return newRunFolder(base, spec.name);
}

} // namespace

CommandArgs parseCommandArgs(const std::vector<std::string>& args, SpecCommand command)
{
    CommandArgs a;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (takeCommandFlag(args, i, command, a) || takeSpecArgument(args, i, a.spec)) continue;
        throw UsageError("unknown option '" + args[i] + "' (see mtlx-cli help)");
    }
    return a;
}

namespace {

// Trains `spec` into `dir` (or goes on from a checkpoint's bytes): DIR/checkpoint.pt after every
// epoch while it trains, then result.json and model.pt; the checkpoint is removed once the run
// has ended, and kept when it was stopped (train --resume DIR goes on).
int trainInto(const std::string& dir, const ExperimentSpec& spec, const std::string* resume, std::ostream& out,
              std::ostream& err, const CliEnvironment& env)
{
    RunControl localControl;
    RunControl& control = env.control ? *env.control : localControl;
    ProgressBar bar(err, env.interactive);
    std::vector<std::string> names;
    for (const auto& t : spec.tasks())
        names.push_back(t.name);
    const auto checkpoint = (std::filesystem::path(dir) / "checkpoint.pt").string();
    bool warned = false;
    RunCallbacks callbacks;
    callbacks.onProgress = [&](const Progress& p) { bar.update(p); };
    callbacks.onEpoch = [&](const EpochRecord& e) { bar.epochDone(e, names); };
    callbacks.onCheckpoint = [&](const std::string& bytes) {
        try {
            writeTextFile(checkpoint, bytes);
        } catch (const std::exception& e) { // training goes on; only resuming is lost
            if (!warned) err << "mtlx-cli: warning: " << e.what() << " (the run goes on without a checkpoint)\n";
            warned = true;
        }
    };
    const RunResult result =
        resume ? resumeExperiment(*resume, checkpoint, control, callbacks) : runExperiment(spec, control, callbacks);
    bar.finish();
    const std::string path = (std::filesystem::path(dir) / "result.json").string();
    const std::string written = keepResult(path, resultToJson(result), out, err);
    printSummary(out, result, written);
    if (written != path) return 2; // a full disk is reported like bad input: exit 2, the reason, the path
    try {
        if (writeModelFile(path, result)) out << "model: " << modelPathOf(path) << '\n';
    } catch (const std::exception& e) {
        err << "mtlx-cli: " << e.what() << " (the result is kept)\n";
        return 2;
    }
    std::error_code ignored;
    if (result.status == RunStatus::Stopped && std::filesystem::exists(checkpoint))
        out << "resume: mtlx-cli train --resume " << dir << '\n';
    else
        std::filesystem::remove(checkpoint, ignored);
    return 0;
}

} // namespace

int commandTrain(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const CliEnvironment& env)
{
    if (args.size() >= 2 && args[1] == "--resume") {
        if (args.size() != 3) throw UsageError("usage: mtlx-cli train --resume DIR (the folder of a stopped run)");
        const auto path = (std::filesystem::path(args[2]) / "checkpoint.pt").string();
        const std::string bytes =
            readFileBytes(path, "not found — nothing to resume (a run keeps its checkpoint only until it ends)");
        const ExperimentSpec spec = checkpointSpec(bytes, path);
        out << "resuming " << spec.name << " in " << args[2] << '\n';
        return trainInto(args[2], spec, &bytes, out, err, env);
    }
    CommandArgs a = parseCommandArgs(args, SpecCommand::Train);
    const ExperimentSpec spec = resolveSpec(a.spec);
    if (a.outDir.empty()) {
        a.outDir = defaultRunFolder(spec);
        out << "writing to " << a.outDir << '\n';
    }
    requireWritableFolder(a.outDir); // found now, not after the whole run
    return trainInto(a.outDir, spec, nullptr, out, err, env);
}

// mtlx-cli inspect DIR [--split test|validation|train] [--json]
int commandInspect(const std::vector<std::string>& args, std::ostream& out)
{
    std::string dir, split = "test";
    bool json = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--json")
            json = true;
        else if (args[i] == "--split") {
            if (i + 1 >= args.size()) throw UsageError("--split: needs a value");
            split = args[++i];
            if (split != "test" && split != "validation" && split != "train")
                throw UsageError("--split: '" + split + "' is not test, validation or train");
        } else if (dir.empty() && args[i].rfind("--", 0) != 0)
            dir = args[i];
        else
            throw UsageError("unknown option '" + args[i] + "' (usage: mtlx-cli inspect DIR [--split S] [--json])");
    }
    if (dir.empty()) throw UsageError("usage: mtlx-cli inspect DIR [--split test|validation|train] [--json]");
    const auto inspection = inspectRun(dir, split);
    if (json)
        out << inspectionToJson(inspection).dump(1) << '\n';
    else
        out << describeInspection(inspection);
    return 0;
}

// mtlx-cli export DIR --pytorch FILE.pt [--keys reference|program] [--sample K FILE.json]
int commandExport(const std::vector<std::string>& args, std::ostream& out)
{
    static const std::string usage =
        "usage: mtlx-cli export DIR --pytorch FILE.pt [--keys reference|program] [--sample K FILE.json]";
    std::string dir;
    ExportOptions options;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const auto value = [&](const char* flag) {
            if (i + 1 >= args.size()) throw UsageError(std::string(flag) + " needs a value (" + usage + ")");
            return args[++i];
        };
        if (args[i] == "--pytorch") {
            options.file = value("--pytorch");
        } else if (args[i] == "--keys") {
            const auto keys = value("--keys");
            if (keys != "reference" && keys != "program")
                throw UsageError("--keys: '" + keys + "' is not reference or program");
            options.programKeys = keys == "program";
        } else if (args[i] == "--sample") {
            options.sample = parseIntegerFlag("--sample", value("--sample"), 1, 100000);
            options.sampleFile = value("--sample");
        } else if (dir.empty() && args[i].rfind("--", 0) != 0) {
            dir = args[i];
        } else {
            throw UsageError("unknown option '" + args[i] + "' (" + usage + ")");
        }
    }
    if (dir.empty() || options.file.empty()) throw UsageError(usage);
    const auto summary = exportPytorch(dir, options);
    out << "wrote " << options.file << ": a PyTorch state_dict of " << summary.tensors << " tensors, ";
    if (summary.reference.is_null())
        out << "keyed by the program's parameter names (" << summary.why << ")\n";
    else
        out << "keyed as the AdaTT reference module CentralTaskArch with " << summary.reference.dump()
            << " (docs/models.md)\n";
    if (options.sample > 0) out << "wrote " << options.sampleFile << ": test inputs and the model's outputs\n";
    return 0;
}

int commandFrontier(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    if (args.size() != 2) throw UsageError("usage: mtlx-cli frontier DIR");
    const SweepFolder folder = readSweepFolder(args[1]);
    for (const auto& w : folder.warnings)
        err << "warning: " << w << '\n';
    const std::string path = (std::filesystem::path(args[1]) / "frontier.json").string();
    writeJsonFile(path, frontierToJson(folder.frontier));
    printFrontier(out, folder.frontier, path, taskWeightChooser(folder.spec));
    return 0;
}

// mtlx-cli bench (SPEC.json | --preset NAME) [overrides] [--steps N] [--warmup N] [--threads T] [--stack R] [--jobs J]
int commandBench(const std::vector<std::string>& args, std::ostream& out)
{
    const CommandArgs a = parseCommandArgs(args, SpecCommand::Bench);
    if (!a.outDir.empty()) throw UsageError("bench: --out is not used (the result is one JSON line on stdout)");
    out << benchToJson(benchmarkTraining(resolveSpec(a.spec), a.bench)).dump() << '\n';
    return 0;
}

// mtlx-cli data (SPEC.json | --preset NAME) [overrides] [--json]: what the data set holds.
int commandData(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    const CommandArgs a = parseCommandArgs(args, SpecCommand::Data);
    if (!a.outDir.empty()) throw UsageError("data: --out is not used (the summary goes to stdout)");
    const ExperimentSpec spec = resolveSpec(a.spec);
    std::string reading;
    const LoadProgress progress = [&](const std::string& what, double) {
        if (what != reading) err << "reading " << (reading = what) << '\n';
    };
    const DataSummary summary = summariseData(spec.dataset, progress);
    if (a.json) {
        out << toJson(summary).dump(2) << '\n';
        return 0;
    }
    for (const auto& line : describe(summary))
        out << line << '\n';
    return 0;
}

// One name per line (scripts read it so); --long adds each description.
int commandPresets(const std::vector<std::string>& args, std::ostream& out)
{
    const bool longForm = args.size() == 2 && args[1] == "--long";
    if (args.size() > 2 || (args.size() == 2 && !longForm)) throw UsageError("usage: mtlx-cli presets [--long]");
    std::vector<std::vector<std::string>> rows;
    for (const auto& p : presetList()) {
        if (longForm)
            rows.push_back({p.name, p.description});
        else
            out << p.name << '\n';
    }
    printTable(out, rows);
    return 0;
}

int commandPreset(const std::vector<std::string>& args, std::ostream& out)
{
    if (args.size() != 2) throw UsageError("usage: mtlx-cli preset NAME");
    out << experimentToJson(presetSpec(args[1])).dump(2) << '\n';
    return 0;
}

// The spec's fields as docs/spec.md's table.
int commandSchema(const std::vector<std::string>& args, std::ostream& out)
{
    if (args.size() != 1) throw UsageError("usage: mtlx-cli schema");
    out << schemaMarkdown();
    return 0;
}

} // namespace mtlx
