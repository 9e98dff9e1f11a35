#include "core/cli.h"

#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <sstream>

#include "core/presets.h"
#include "core/progressbar.h"
#include "core/specerror.h"
#include "mtlx_version.h"

namespace mtlx {
namespace {

class UsageError : public InputError {
public:
    using InputError::InputError;
};

// The arguments of a command that runs a spec: the spec source, --out and the overrides.
struct SpecArgs {
    std::string specPath, preset, outDir;
    Overrides overrides;
};

std::int64_t parseInteger(const std::string& flag, const std::string& text, std::int64_t min)
{
    std::size_t used = 0;
    long long v = 0;
    try {
        v = std::stoll(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || text.empty()) throw UsageError(flag + ": '" + text + "' is not an integer");
    if (v < min) throw UsageError(flag + ": must be ≥ " + std::to_string(min) + ", got " + text);
    return v;
}

SpecArgs parseSpecArgs(const std::vector<std::string>& args, std::size_t first)
{
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
        else if (arg.rfind("--", 0) == 0) throw UsageError("unknown option '" + arg + "' (see mtlx-cli help)");
        else if (a.specPath.empty()) a.specPath = arg;
        else throw UsageError("unexpected argument '" + arg + "' (one spec file at most)");
    }
    if (!a.specPath.empty() && !a.preset.empty()) throw UsageError("give either SPEC.json or --preset, not both");
    if (a.specPath.empty() && a.preset.empty()) throw UsageError("missing SPEC.json or --preset NAME");
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

int commandPresets(std::ostream& out)
{
    for (const auto& p : presetList()) out << std::left << std::setw(24) << p.name << p.description << '\n';
    return 0;
}

int commandPreset(const std::vector<std::string>& args, std::ostream& out)
{
    if (args.size() != 2) throw UsageError("usage: mtlx-cli preset NAME");
    out << experimentToJson(presetSpec(args[1])).dump(2) << '\n';
    return 0;
}

}  // namespace

std::string cliUsage()
{
    return "usage: mtlx-cli COMMAND [ARGS]\n"
           "  presets                          list the built-in presets\n"
           "  preset NAME                      print a preset as a complete spec (JSON)\n"
           "  train (SPEC.json | --preset NAME) --out DIR [overrides]\n"
           "                                   train and write DIR/result.json\n"
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
        if (command == "presets") return commandPresets(out);
        if (command == "preset") return commandPreset(args, out);
        if (command == "train") return commandTrain(args, out, err, env);
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
