// mtlx-cli sweep and the frontier summary it shares with `frontier`.
#include <algorithm>
#include <chrono>
#include <filesystem>

#include "core/cli/commands.h"
#include "core/cli/sweepdisplay.h"
#include "core/cli/terminaltable.h"
#include "core/engine/sweep.h"
#include "core/spec/text.h"

namespace mtlx {
namespace {

// "y1 mse 0.0123 ± 0.0004" for each task of a mean point (metrics as reported, not flipped).
std::string formatMeanMetrics(const Frontier& f, const MeanPoint& m)
{
    std::string s;
    for (std::size_t k = 0; k < f.tasks.size(); ++k) {
        if (k) s += ", ";
        s += f.tasks[k] + " " + f.metrics[k] + " " + formatNumber(metricFromObjective(f.metrics[k], m.values[k]), 4);
        if (m.seeds > 1) s += " ± " + formatNumber(m.spread[k], 2);
    }
    return s;
}

} // namespace

std::string taskWeightChooser(const ExperimentSpec& spec)
{
    const auto& t = spec.training;
    return t.readsTaskWeights() || t.preference.conditioned() ? "" : t.weighting;
}

void printFrontier(std::ostream& out, const Frontier& f, const std::string& path, const std::string& chooser)
{
    out << "frontier: " << f.meanFrontier.size() << " of " << f.means.size() << " points"
        << (f.planned > f.finished ? " (" + std::to_string(f.planned - f.finished) + " runs not done yet)" : "")
        << (f.failed ? ", " + std::to_string(f.failed) + " runs diverged" : "") << '\n';
    out << "hypervolume: " << formatNumber(f.meanHypervolume, 6) << " against " << formatWeights(f.reference) << " ("
        << joinWords(f.objectiveNames()) << ")\n";
    if (f.middle >= 0) {
        const auto& m = f.means[static_cast<std::size_t>(f.middle)];
        if (chooser.empty())
            out << "middle point w = " << formatWeights(m.weights) << ": " << formatMeanMetrics(f, m) << '\n';
        else // one point, whose weights the method chose step by step
            out << "point (task weights chosen by " << chooser << "): " << formatMeanMetrics(f, m) << '\n';
    }
    out << "frontier: " << path << '\n';
}

// sweep --slurm N: the array's tasks sweep their shard into DIR/shards/shard-I (a task that is
// run again resumes there); the merge job merges them into DIR. Nothing trains here.
int writeSweepJobs(const ExperimentSpec& spec, const CommandArgs& a, std::ostream& out)
{
    if (a.shards > 1) throw UsageError("sweep: --slurm makes the shards itself; leave out --shard");
    const std::string dir = std::filesystem::absolute(a.outDir).string();
    requireWritableFolder(dir + "/slurm");
    const std::string specPath = dir + "/slurm/spec.json";
    writeJsonFile(specPath, experimentToJson(spec)); // the overrides applied: every task runs the same
    const std::string cli = shellQuote(a.slurm.cli.empty() ? ownExecutable() : a.slurm.cli);
    const std::string n = std::to_string(a.slurm.tasks);
    std::string shard = cli + " sweep " + shellQuote(specPath) + " --out " + shellQuote(dir + "/shards") +
                        "/shard-{I} --shard {I}/" + n + " --jobs " + std::to_string(a.slurm.cpus);
    if (a.stack > 0) shard += " --stack " + std::to_string(a.stack);
    shard += " --models " + a.models;
    const std::string merge = cli + " merge " + shellQuote(dir) + " " + shellQuote(dir + "/shards") + "/shard-*";
    out << "sweep: " << planSweep(spec).size() << " runs in " << n << " shards\n";
    writeSlurmScripts(dir, "mtlx-" + (spec.name.empty() ? std::string("sweep") : spec.name), a.slurm, shard, merge,
                      out);
    return 0;
}

namespace {

// What a sweep trains where the spec might suggest otherwise: a method's one point, one
// preference-conditioned model per seed, or its grid's weights where --set gave task weights.
void noteWhatASweepTrains(const ExperimentSpec& spec, const std::vector<std::string>& settings, std::ostream& err)
{
    const auto& t = spec.training;
    const bool weightsGiven = std::any_of(settings.begin(), settings.end(), [](const std::string& s) {
        return s.rfind("training.task_weights=", 0) == 0;
    });
    const std::string seeds = std::to_string(spec.sweep.seeds) + " seed(s)";
    if (t.preference.conditioned()) {
        err << "a preference-conditioned model learns every weighting: one model per seed, " << seeds << '\n';
        if (weightsGiven)
            err << "warning: --set training.task_weights is not used: it trains on preferences drawn per batch\n";
    } else if (t.weighting != "linear") {
        err << "weighting '" << t.weighting
            << (t.readsTaskWeights() ? "' trains at the spec's task weights" : "' chooses its own task weights")
            << ": one point, " << seeds << '\n';
        if (weightsGiven && !t.readsTaskWeights())
            err << "warning: --set training.task_weights is not used: " << t.weighting << " weighs the tasks itself\n";
    } else if (weightsGiven) {
        const auto weightings = planSweep(spec).size() / static_cast<std::size_t>(std::max(spec.sweep.seeds, 1));
        err << "warning: --set training.task_weights is not used: a sweep trains the task weights of its grid ("
            << weightings << (weightings == 1 ? " weighting: uniform" : " weightings")
            << "); mtlx-cli train trains one weighting\n";
    }
}

} // namespace

int commandSweep(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const CliEnvironment& env)
{
    const CommandArgs a = parseCommandArgs(args, SpecCommand::Sweep);
    if (a.outDir.empty()) throw UsageError("sweep: missing --out DIR");
    const ExperimentSpec spec = resolveSpec(a.spec);
    noteWhatASweepTrains(spec, a.spec.settings, err);
    if (a.slurm.tasks > 0) return writeSweepJobs(spec, a, out);
    RunControl localControl;
    RunControl& control = env.control ? *env.control : localControl;
    SweepOptions options;
    options.outDir = a.outDir;
    options.jobs = a.jobs;
    options.stack = a.stack;
    options.shard = a.shard;
    options.shards = a.shards;
    options.models = a.models;
    SweepDisplay display(err, env.interactive, spec);
    SweepCallbacks callbacks;
    callbacks.onProgress = [&](const SweepStatus& s) { display.progress(s); };
    callbacks.onRunFinished = [&](const SweepRun& run, const RunResult& r, const ParetoPoint& p) {
        display.runFinished(run, r, p);
    };
    const auto start = std::chrono::steady_clock::now();
    const SweepOutcome o = runSweep(spec, options, control, callbacks);
    display.clearLine();
    for (const auto& w : o.warnings)
        err << "warning: " << w << '\n';
    const std::string shard =
        a.shards > 1 ? " in shard " + std::to_string(a.shard) + "/" + std::to_string(a.shards) : "";
    out << "sweep: " << o.planned << " runs" << shard << ", " << o.skipped - o.elsewhere << " already done, ";
    if (o.elsewhere > 0) out << o.elsewhere << " trained by another sweep of this folder, ";
    out << o.finished << " trained in "
        << formatDuration(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (o.finished > 0)
        out << " (stacks of " << o.layout.stack << ", " << o.layout.jobs << " at once, " << o.layout.threads
            << (o.layout.threads == 1 ? " thread" : " threads") << " each)";
    out << '\n';
    if (o.resumedStacks > 0) out << o.resumedStacks << " stack(s) went on from their checkpoint\n";
    if (o.finished > 0)
        out << (o.modelsKept ? "models: one per run in " + a.outDir + "/models/"
                             : std::string("models: not kept (--models auto keeps them up to 256 MiB in all)"))
            << '\n';
    printFrontier(out, o.frontier, o.frontierPath, taskWeightChooser(spec));
    if (o.stopped) {
        out << "stopped: " << o.planned - o.skipped - o.finished
            << " runs unfinished; run the same command again to train them\n";
        return 130;
    }
    return 0;
}

} // namespace mtlx
