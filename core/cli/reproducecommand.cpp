// mtlx-cli reproduce (docs/reproduction.md).
#include <algorithm>
#include <chrono>

#include <filesystem>

#include "core/cli/cluster.h"
#include "core/cli/commands.h"
#include "core/cli/sweepdisplay.h"
#include "core/reproduce/reproduction.h"
#include "core/spec/text.h"

namespace mtlx {
namespace {

struct ReproduceArgs {
    bool list = false;
    std::string name, outDir;
    ReproduceOptions options;
    SlurmOptions slurm;
};

ReproduceArgs parseReproduceArgs(const std::vector<std::string>& args)
{
    ReproduceArgs a;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& arg = args[i];
        auto value = [&]() -> const std::string& {
            if (i + 1 >= args.size()) throw UsageError(arg + ": needs a value");
            return args[++i];
        };
        if (arg == "--list")
            a.list = true;
        else if (arg == "--scale")
            a.options.scale = scaleFromString(value());
        else if (arg == "--out")
            a.options.outDir = value();
        else if (arg == "--jobs")
            a.options.jobs = static_cast<int>(parseIntegerFlag(arg, value(), 1, 256));
        else if (arg == "--shard")
            parseShard(value(), a.options.shard, a.options.shards);
        else if (arg == "--report-only")
            a.options.train = false;
        else if (arg == "--set")
            a.options.settings.push_back(value());
        else if (arg == "--only")
            a.options.only = value();
        else if (takeSlurmFlag(args, i, a.slurm))
            continue;
        else if (!arg.empty() && arg[0] == '-')
            throw UsageError("reproduce: unknown option '" + arg + "'");
        else if (a.name.empty())
            a.name = arg;
        else
            throw UsageError("reproduce: one reproduction at a time ('" + a.name + "', then '" + arg + "')");
    }
    return a;
}

void printList(std::ostream& out)
{
    for (const auto& r : reproductions()) {
        out << r.name << "  " << r.title << "\n    " << r.claim << "\n";
        out << "    quick: " << plannedRuns(r, Scale::Quick) << " runs; paper: " << plannedRuns(r, Scale::Paper)
            << " runs\n";
    }
}

} // namespace

int commandReproduce(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                     const CliEnvironment& env)
{
    const ReproduceArgs a = parseReproduceArgs(args);
    if (a.list) {
        printList(out);
        return 0;
    }
    if (a.name.empty()) throw UsageError("reproduce: name a reproduction (mtlx-cli reproduce --list)");
    const Reproduction& r = findReproduction(a.name);
    if (a.options.outDir.empty()) throw UsageError("reproduce: missing --out DIR");
    const auto experiments = experimentsOf(r, a.options.scale, a.options.settings); // a bad --set: here
    if (!a.options.only.empty() && !a.options.train)
        throw UsageError("--only: --report-only trains nothing (its report reads every experiment's runs)");
    const auto selected = selectedExperiments(a.options, experiments);
    const auto leftOut = std::count(selected.begin(), selected.end(), false);
    if (a.slurm.tasks > 0) {
        // The array tasks share DIR (appends are locked); the last job writes the report.
        const std::string dir = std::filesystem::absolute(a.options.outDir).string();
        const std::string cli = shellQuote(a.slurm.cli.empty() ? ownExecutable() : a.slurm.cli);
        std::string base =
            cli + " reproduce " + r.name + " --scale " + toString(a.options.scale) + " --out " + shellQuote(dir);
        for (const auto& setting : a.options.settings)
            base += " --set " + shellQuote(setting);
        const std::string only = a.options.only.empty() ? "" : " --only " + shellQuote(a.options.only);
        writeSlurmScripts(dir, "mtlx-" + r.name, a.slurm,
                          base + only + " --shard {I}/" + std::to_string(a.slurm.tasks) + " --jobs " +
                              std::to_string(a.slurm.cpus),
                          base + " --report-only", out);
        return 0;
    }
    RunControl localControl;
    RunControl& control = env.control ? *env.control : localControl;
    SweepDisplay display(err, env.interactive, experiments.front().spec);
    ReproduceCallbacks callbacks;
    callbacks.render = env.renderFigure;
    callbacks.onExperiment = [&](const Experiment& e, std::size_t i, std::size_t n) {
        display.clearLine();
        display.setSpec(e.spec);
        err << "[" << i + 1 << "/" << n << "] " << e.label << " (" << planSweep(e.spec).size() << " runs)\n";
    };
    callbacks.sweep.onProgress = [&](const SweepStatus& s) { display.progress(s); };
    callbacks.sweep.onRunFinished = [&](const SweepRun& run, const RunResult& result, const ParetoPoint& p) {
        display.runFinished(run, result, p);
    };
    out << r.name << ": " << r.title << " (" << toString(a.options.scale) << " scale)\n";
    const auto o = runReproduction(r, a.options, control, callbacks);
    display.clearLine();
    for (const auto& w : o.warnings)
        err << "warning: " << w << '\n';
    for (const auto& n : o.report.notes)
        if (n.find("not drawn") != std::string::npos) err << "warning: " << n << '\n';
    if (a.options.train)
        out << o.planned << " runs" << (a.options.shards > 1 ? " in this shard" : "") << ", " << o.skipped
            << " already done, " << o.trained << " trained in " << formatDuration(o.seconds) << '\n';
    out << o.status << '\n';
    for (const auto& v : o.report.verdicts)
        out << toString(v.outcome) << ": " << v.claim << " — " << v.evidence << '\n';
    if (!o.complete && !o.stopped) {
        if (!a.options.train)
            out << "incomplete: a report of the runs there so far\n";
        else if (leftOut > 0)
            out << "incomplete: --only left " << leftOut << " of " << experiments.size()
                << " experiments out; run again without --only to train them\n";
        else
            out << "incomplete: the other shards' runs are not here yet; run again once they are (or without "
                   "--shard)\n";
    }
    for (const auto& f : o.files)
        out << "wrote " << f << '\n';
    if (o.stopped) {
        out << "stopped: run the same command again to go on\n";
        return 130;
    }
    return 0;
}

} // namespace mtlx
