#include "core/cli.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "core/bench.h"
#include "core/jsonreader.h"
#include "core/presets.h"
#include "core/progressbar.h"
#include "core/specerror.h"
#include "core/sweep.h"
#include "mtlx_version.h"

namespace mtlx {
namespace {

class UsageError : public InputError {
public:
    using InputError::InputError;
};

// The commands that take a spec; each accepts the common flags plus its own.
enum class SpecCommand { Train, Sweep, Bench };

// The arguments of a command that runs a spec: the spec source, --out and the overrides.
struct SpecArgs {
    std::string specPath, preset, outDir;
    Overrides overrides;
    int jobs = 1, shard = 1, shards = 1;  // sweep only
    BenchOptions bench;                   // bench only
};

std::int64_t parseInteger(const std::string& flag, const std::string& text, std::int64_t min)
{
    const auto v = parseWholeInteger(text);
    if (!v) throw UsageError(flag + ": '" + text + "' is not an integer");
    if (*v < min) throw UsageError(flag + ": must be ≥ " + std::to_string(min) + ", got " + text);
    return *v;
}

// --shard I/N
void parseShard(const std::string& text, SpecArgs& a)
{
    const auto slash = text.find('/');
    if (slash == std::string::npos) throw UsageError("--shard: '" + text + "' is not I/N (e.g. 2/8)");
    a.shard = static_cast<int>(parseInteger("--shard", text.substr(0, slash), 1));
    a.shards = static_cast<int>(parseInteger("--shard", text.substr(slash + 1), 1));
    if (a.shard > a.shards) throw UsageError("--shard: " + text + " has I > N");
}

// "0.01,0.02": numbers separated by commas.
std::vector<double> parseNumberList(const std::string& flag, const std::string& text)
{
    std::vector<double> values;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto comma = text.find(',', start);
        if (comma == std::string::npos) comma = text.size();
        const std::string item = text.substr(start, comma - start);
        const auto v = parseFiniteNumber(item);
        if (!v) throw UsageError(flag + ": '" + item + "' is not a number");
        values.push_back(*v);
        start = comma + 1;
    }
    return values;
}

// Without a spec file or preset, `fallbackPreset` (the desktop program); "" makes it an error.
SpecArgs parseSpecArgs(const std::vector<std::string>& args, std::size_t first,
                       SpecCommand command = SpecCommand::Train, const std::string& fallbackPreset = "")
{
    const bool sweep = command == SpecCommand::Sweep, bench = command == SpecCommand::Bench;
    SpecArgs a;
    for (std::size_t i = first; i < args.size(); ++i) {
        const std::string& arg = args[i];
        auto value = [&]() -> const std::string& {
            if (i + 1 >= args.size()) throw UsageError(arg + ": needs a value");
            return args[++i];
        };
        if (arg == "--preset") a.preset = value();
        else if (arg == "--out") a.outDir = value();
        else if (arg == "--epochs") a.overrides.epochs = static_cast<int>(parseInteger(arg, value(), 1));
        else if (arg == "--limit-train") a.overrides.limitTrain = parseInteger(arg, value(), 1);
        else if (arg == "--limit-test") a.overrides.limitTest = parseInteger(arg, value(), 1);
        else if (arg == "--seed") a.overrides.seed = static_cast<std::uint64_t>(parseInteger(arg, value(), 0));
        else if (arg == "--arch") a.overrides.arch = value();
        else if (arg == "--heads") a.overrides.heads = value();
        else if (arg == "--weighting") a.overrides.weighting = value();
        else if (arg == "--data-dir") a.overrides.dataDir = value();
        else if (sweep && arg == "--points") a.overrides.points = static_cast<int>(parseInteger(arg, value(), 1));
        else if (sweep && arg == "--seeds") a.overrides.seeds = static_cast<int>(parseInteger(arg, value(), 1));
        else if (sweep && arg == "--jobs") a.jobs = static_cast<int>(parseInteger(arg, value(), 1));
        else if (sweep && arg == "--shard") parseShard(value(), a);
        else if (bench && arg == "--steps") a.bench.steps = static_cast<int>(parseInteger(arg, value(), 1));
        else if (bench && arg == "--warmup") a.bench.warmup = static_cast<int>(parseInteger(arg, value(), 0));
        else if (bench && arg == "--threads") a.bench.threads = static_cast<int>(parseInteger(arg, value(), 1));
        else if (arg.rfind("--", 0) == 0) throw UsageError("unknown option '" + arg + "' (see mtlx-cli help)");
        else if (a.specPath.empty()) a.specPath = arg;
        else throw UsageError("unexpected argument '" + arg + "' (one spec file at most)");
    }
    if (!a.specPath.empty() && !a.preset.empty()) throw UsageError("give either SPEC.json or --preset, not both");
    if (a.specPath.empty() && a.preset.empty()) {
        if (fallbackPreset.empty()) throw UsageError("missing SPEC.json or --preset NAME");
        a.preset = fallbackPreset;
    }
    return a;
}

ExperimentSpec resolveSpec(const SpecArgs& a)
{
    const ExperimentSpec base = a.preset.empty() ? loadExperimentFile(a.specPath) : presetSpec(a.preset);
    return applyOverrides(base, a.overrides);
}

std::string formatMetrics(const Metrics& m)
{
    std::ostringstream s;
    for (const auto& [name, value] : m) s << name << " " << std::setprecision(4) << value << "  ";
    return s.str();
}

void printSummary(std::ostream& out, const RunResult& r, const std::string& resultPath)
{
    out << "status: " << r.status << (r.message.empty() ? "" : " (" + r.message + ")") << '\n';
    for (const auto& t : r.tasks)
        out << "  " << std::left << std::setw(14) << t.name << std::setw(11) << toString(t.kind) << "test  "
            << formatMetrics(t.test) << '\n';
    out << "parameters: " << r.params.training << " training, " << r.params.serving << " serving\n";
    out << "wall time: " << ProgressBar::formatDuration(r.wallSeconds) << '\n';
    out << "result: " << resultPath << '\n';
}

int commandTrain(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                 const CliEnvironment& env)
{
    const SpecArgs a = parseSpecArgs(args, 1);
    if (a.outDir.empty()) throw UsageError("train: missing --out DIR");
    const ExperimentSpec spec = resolveSpec(a);
    std::error_code ec;
    std::filesystem::create_directories(a.outDir, ec);
    if (ec) throw InputError(a.outDir + ": cannot create the output folder (" + ec.message() + ")");

    RunControl localControl;
    RunControl& control = env.control ? *env.control : localControl;
    ProgressBar bar(err, env.interactive);
    std::vector<std::string> names;
    for (const auto& t : spec.tasks()) names.push_back(t.name);
    RunCallbacks callbacks;
    callbacks.onProgress = [&](const Progress& p) { bar.update(p); };
    callbacks.onEpoch = [&](const EpochRecord& e) { bar.epochDone(e, names); };
    const RunResult result = runExperiment(spec, control, callbacks);
    bar.finish();
    const std::string path = (std::filesystem::path(a.outDir) / "result.json").string();
    writeJsonFile(path, resultToJson(result));
    printSummary(out, result, path);
    return 0;
}

std::string formatNumber(double v, int precision = 4)
{
    std::ostringstream s;
    s << std::setprecision(precision) << v;
    return s.str();
}

std::string formatWeights(const std::vector<double>& w)
{
    std::string s = "(";
    for (std::size_t i = 0; i < w.size(); ++i) s += (i ? ", " : "") + formatNumber(w[i], 3);
    return s + ")";
}

// "y1 mse 0.0123 ± 0.0004" for each task of a mean point (metrics as reported, not flipped).
std::string formatMeanMetrics(const Frontier& f, const MeanPoint& m)
{
    std::string s;
    for (std::size_t k = 0; k < f.tasks.size(); ++k) {
        if (k) s += ", ";
        s += f.tasks[k] + " " + f.metrics[k] + " " + formatNumber(metricFromObjective(f.metrics[k], m.values[k]));
        if (m.seeds > 1) s += " ± " + formatNumber(m.spread[k], 2);
    }
    return s;
}

void printFrontier(std::ostream& out, const Frontier& f, const std::string& path)
{
    out << "frontier: " << f.meanFrontier.size() << " of " << f.means.size() << " points"
        << (f.planned > f.finished ? " (" + std::to_string(f.planned - f.finished) + " runs not done yet)" : "")
        << (f.failed ? ", " + std::to_string(f.failed) + " runs diverged" : "") << '\n';
    out << "hypervolume: " << formatNumber(f.meanHypervolume, 6) << " against " << formatWeights(f.reference) << " ("
        << joinWords(f.objectiveNames()) << ")\n";
    if (f.middle >= 0) {
        const auto& m = f.means[static_cast<std::size_t>(f.middle)];
        out << "middle point w = " << formatWeights(m.weights) << ": " << formatMeanMetrics(f, m) << '\n';
    }
    out << "frontier: " << path << '\n';
}

int commandSweep(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const CliEnvironment& env)
{
    const SpecArgs a = parseSpecArgs(args, 1, SpecCommand::Sweep);
    if (a.outDir.empty()) throw UsageError("sweep: missing --out DIR");
    const ExperimentSpec spec = resolveSpec(a);
    RunControl localControl;
    RunControl& control = env.control ? *env.control : localControl;
    SweepOptions options;
    options.outDir = a.outDir;
    options.jobs = a.jobs;
    options.shard = a.shard;
    options.shards = a.shards;
    if (spec.training.weighting != "linear")
        err << "weighting '" << spec.training.weighting << "' chooses its own task weights: one point, "
            << spec.sweep.seeds << " seed(s)\n";

    bool lineOpen = false;
    auto clearLine = [&] {
        if (lineOpen) err << "\r\033[K";
        lineOpen = false;
    };
    SweepCallbacks callbacks;
    std::size_t shown = 0;
    callbacks.onProgress = [&](const SweepStatus& s) {
        if (!env.interactive) return;
        constexpr int width = 24;
        const int filled = static_cast<int>(s.fraction * width + 0.5);
        err << "\r\033[K" << (s.stage.rfind("loading", 0) == 0 ? s.stage + " " : "sweep ") << '['
            << std::string(static_cast<std::size_t>(filled), '#') << std::string(static_cast<std::size_t>(width - filled), '.')
            << "] " << s.skipped + s.finished << "/" << s.planned << " runs, " << s.running << " running";
        if (s.remainingSeconds > 0) err << ", " << ProgressBar::formatDuration(s.remainingSeconds) << " left";
        err << std::flush;
        lineOpen = true;
    };
    callbacks.onRunFinished = [&](const SweepRun& run, const RunResult& r, const ParetoPoint& p) {
        clearLine();
        err << "run " << ++shown << ": w = " << formatWeights(run.weights) << " seed " << run.spec.training.seed << ": "
            << r.status;
        if (r.status == "ok") {
            const auto tasks = spec.tasks();
            for (std::size_t t = 0; t < tasks.size(); ++t) {
                const auto metric = spec.sweep.resolvedMetric(tasks[t].kind);
                err << "  " << tasks[t].name << " " << metric << " " << formatNumber(metricFromObjective(metric, p.values[t]));
            }
        } else {
            err << " (" << r.message << ")";
        }
        err << "  [" << ProgressBar::formatDuration(r.wallSeconds) << "]\n";
    };
    const auto start = std::chrono::steady_clock::now();
    const SweepOutcome o = runSweep(spec, options, control, callbacks);
    clearLine();
    for (const auto& w : o.warnings) err << "warning: " << w << '\n';
    out << "sweep: " << o.planned << " runs" << (a.shards > 1 ? " in shard " + std::to_string(a.shard) + "/" + std::to_string(a.shards) : "")
        << ", " << o.skipped << " already done, " << o.finished << " trained in "
        << ProgressBar::formatDuration(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count())
        << '\n';
    printFrontier(out, o.frontier, o.frontierPath);
    if (o.stopped) {
        out << "stopped: " << o.planned - o.skipped - o.finished
            << " runs unfinished; run the same command again to train them\n";
        return 130;
    }
    return 0;
}

int commandFrontier(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    if (args.size() != 2) throw UsageError("usage: mtlx-cli frontier DIR");
    const SweepFolder folder = readSweepFolder(args[1]);
    for (const auto& w : folder.warnings) err << "warning: " << w << '\n';
    const std::string path = (std::filesystem::path(args[1]) / "frontier.json").string();
    writeJsonFile(path, frontierToJson(folder.frontier));
    printFrontier(out, folder.frontier, path);
    return 0;
}

std::string csvField(const std::string& s)
{
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

int commandCompare(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    std::vector<std::string> dirs;
    std::string csvPath = "compare.csv";
    std::vector<double> given;  // --reference
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--csv") {
            if (i + 1 >= args.size()) throw UsageError("--csv: needs a value");
            csvPath = args[++i];
        } else if (args[i] == "--reference") {
            if (i + 1 >= args.size()) throw UsageError("--reference: needs a value");
            given = parseNumberList("--reference", args[++i]);
        } else if (args[i].rfind("--", 0) == 0) {
            throw UsageError("unknown option '" + args[i] + "' (see mtlx-cli help)");
        } else {
            dirs.push_back(args[i]);
        }
    }
    if (dirs.empty()) throw UsageError("usage: mtlx-cli compare DIR... [--csv FILE] [--reference V1,V2,…]");
    // Read every folder, then recompute each frontier against one reference point: the worst
    // value per objective over all the configurations' runs, plus 10 % of the range.
    std::vector<SweepFolder> folders;
    for (const auto& d : dirs) {
        folders.push_back(readSweepFolder(d));
        for (const auto& w : folders.back().warnings) err << "warning: " << w << '\n';
        const auto& f = folders.back().frontier;
        const auto& first = folders.front().frontier;
        if (f.tasks != first.tasks || f.metrics != first.metrics)
            throw InputError(d + ": its objectives (" + joinWords(f.objectiveNames()) + ") differ from " + dirs.front() +
                             "'s (" + joinWords(first.objectiveNames()) + ")");
        if (f.points.empty()) throw InputError(d + ": no finished runs yet");
    }
    std::vector<std::vector<double>> all;
    for (const auto& f : folders)
        for (const auto& p : f.frontier.points) all.push_back(p.values);
    const auto reference = given.empty() ? referencePoint(all) : given;
    if (reference.size() != folders.front().frontier.tasks.size())
        throw UsageError("--reference: has " + std::to_string(reference.size()) + " values for " +
                         std::to_string(folders.front().frontier.tasks.size()) + " objectives (" +
                         joinWords(folders.front().frontier.objectiveNames()) + ")");
    for (std::size_t i = 0; i < folders.size(); ++i) folders[i] = readSweepFolder(dirs[i], reference);

    const auto& names = folders.front().frontier.tasks;
    const auto& metrics = folders.front().frontier.metrics;
    std::vector<std::string> header{"config", "runs", "frontier", "hypervolume", "middle w"};
    for (std::size_t k = 0; k < names.size(); ++k) header.push_back(names[k] + " " + metrics[k]);
    std::vector<std::vector<std::string>> table{header};
    std::ofstream csv(csvPath);
    if (!csv) throw InputError(csvPath + ": cannot write the CSV");
    csv << "config,folder,runs,diverged,frontier_points,hypervolume";
    for (std::size_t k = 0; k < names.size(); ++k) csv << ",reference_" << csvField(names[k] + " " + metrics[k]);
    for (std::size_t k = 0; k < names.size(); ++k) csv << ",middle_weight_" << csvField(names[k]);
    for (std::size_t k = 0; k < names.size(); ++k)
        csv << ',' << csvField(names[k] + " " + metrics[k]) << ',' << csvField(names[k] + " " + metrics[k] + " spread");
    csv << '\n';
    for (std::size_t i = 0; i < folders.size(); ++i) {
        const auto& f = folders[i].frontier;
        std::string label = std::filesystem::path(dirs[i]).filename().string();
        if (label.empty() || label == ".") label = std::filesystem::path(dirs[i]).parent_path().filename().string();
        std::vector<std::string> row{label, std::to_string(f.finished) + "/" + std::to_string(f.planned),
                                     std::to_string(f.meanFrontier.size()), formatNumber(f.meanHypervolume, 5)};
        const MeanPoint* middle = f.middle >= 0 ? &f.means[static_cast<std::size_t>(f.middle)] : nullptr;
        row.push_back(middle ? formatWeights(middle->weights) : "-");
        csv << csvField(label) << ',' << csvField(dirs[i]) << ',' << f.finished << ',' << f.failed << ','
            << f.meanFrontier.size() << ',' << std::setprecision(10) << f.meanHypervolume;
        for (double r : f.reference) csv << ',' << r;
        for (std::size_t k = 0; k < names.size(); ++k) csv << ',' << (middle ? middle->weights[k] : 0.0);
        for (std::size_t k = 0; k < names.size(); ++k) {
            const double value = middle ? metricFromObjective(metrics[k], middle->values[k]) : 0.0;
            std::string cell = middle ? formatNumber(value) : "-";
            if (middle && middle->seeds > 1) cell += " ± " + formatNumber(middle->spread[k], 2);
            row.push_back(cell);
            csv << ',' << value << ',' << (middle ? middle->spread[k] : 0.0);
        }
        csv << '\n';
        table.push_back(row);
    }
    std::vector<std::size_t> widths(header.size(), 0);
    for (const auto& row : table)
        for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
    for (const auto& row : table) {
        for (std::size_t c = 0; c < row.size(); ++c) out << std::left << std::setw(static_cast<int>(widths[c] + 2)) << row[c];
        out << '\n';
    }
    out << "hypervolume of the seed-averaged frontier against the " << (given.empty() ? "common" : "given")
        << " reference point " << formatWeights(reference)
        << " (" << joinWords(folders.front().frontier.objectiveNames()) << "; lower objectives are better)\n";
    out << "middle point: the frontier point whose task weights are nearest to uniform\n";
    out << "csv: " << csvPath << '\n';
    return 0;
}

// mtlx-cli bench (SPEC.json | --preset NAME) [overrides] [--steps N] [--warmup N] [--threads T]
int commandBench(const std::vector<std::string>& args, std::ostream& out)
{
    const SpecArgs a = parseSpecArgs(args, 1, SpecCommand::Bench);
    if (!a.outDir.empty()) throw UsageError("bench: --out is not used (the result is one JSON line on stdout)");
    out << benchToJson(benchmarkTraining(resolveSpec(a), a.bench)).dump() << '\n';
    return 0;
}

// One name per line (scripts read it so); --long adds each description.
int commandPresets(const std::vector<std::string>& args, std::ostream& out)
{
    const bool longForm = args.size() == 2 && args[1] == "--long";
    if (args.size() > 2 || (args.size() == 2 && !longForm)) throw UsageError("usage: mtlx-cli presets [--long]");
    const auto list = presetList();
    std::size_t width = 0;
    for (const auto& p : list) width = std::max(width, p.name.size());
    for (const auto& p : list) {
        if (longForm) out << std::left << std::setw(static_cast<int>(width + 2)) << p.name << p.description;
        else out << p.name;
        out << '\n';
    }
    return 0;
}

int commandPreset(const std::vector<std::string>& args, std::ostream& out)
{
    if (args.size() != 2) throw UsageError("usage: mtlx-cli preset NAME");
    out << experimentToJson(presetSpec(args[1])).dump(2) << '\n';
    return 0;
}

}  // namespace

ExperimentSpec specFromArguments(const std::vector<std::string>& args, const std::string& fallbackPreset)
{
    return resolveSpec(parseSpecArgs(args, 0, SpecCommand::Train, fallbackPreset));
}

std::string versionString() { return kVersion; }

std::string cliUsage()
{
    return "usage: mtlx-cli COMMAND [ARGS]\n"
           "  presets [--long]                 the built-in presets, one name per line (--long: with descriptions)\n"
           "  preset NAME                      print a preset as a complete spec (JSON)\n"
           "  train (SPEC.json | --preset NAME) --out DIR [overrides]\n"
           "                                   train and write DIR/result.json\n"
           "  sweep (SPEC.json | --preset NAME) --out DIR [overrides] [--points K] [--seeds S]\n"
           "        [--jobs J] [--shard I/N]   train the task-weight grid; DIR/runs.jsonl, DIR/frontier.json\n"
           "  frontier DIR                     rewrite DIR/frontier.json from DIR/runs.jsonl (merged shards)\n"
           "  compare DIR... [--csv FILE] [--reference V1,V2,...]\n"
           "                                   hypervolumes and middle points of several sweeps\n"
           "  bench (SPEC.json | --preset NAME) [overrides] [--steps N] [--warmup N] [--threads T]\n"
           "                                   training examples/s on random inputs (one JSON line)\n"
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
            out << "mtlx-cli " << kVersion << '\n';
            return 0;
        }
        if (command == "presets") return commandPresets(args, out);
        if (command == "preset") return commandPreset(args, out);
        if (command == "train") return commandTrain(args, out, err, env);
        if (command == "sweep") return commandSweep(args, out, err, env);
        if (command == "frontier") return commandFrontier(args, out, err);
        if (command == "compare") return commandCompare(args, out, err);
        if (command == "bench") return commandBench(args, out);
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

}  // namespace mtlx
