#include "core/reproduce/reproduction.h"

#include "core/spec/arguments.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/spec/specerror.h"
#include "core/spec/text.h"

namespace mtlx {

using nlohmann::json;

std::string toString(Scale scale)
{
    return scale == Scale::Quick ? "quick" : "paper";
}

Scale scaleFromString(const std::string& text)
{
    if (text == "quick") return Scale::Quick;
    if (text == "paper") return Scale::Paper;
    throw InputError("--scale: '" + text + "' is not a scale (quick, paper)");
}

std::string toString(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Reproduced:
        return "reproduced";
    case Outcome::DirectionOnly:
        return "direction only";
    case Outcome::Contradicted:
        return "contradicted";
    case Outcome::NotReproduced:
        break;
    }
    return "not reproduced";
}

const Reproduction& findReproduction(const std::string& name)
{
    std::vector<std::string> names;
    for (const auto& r : reproductions()) {
        if (r.name == name) return r;
        names.push_back(r.name);
    }
    throw InputError("no reproduction '" + name + "' (known: " + joinWords(names) + ")");
}

std::vector<Experiment> experimentsOf(const Reproduction& r, Scale scale, const std::vector<std::string>& settings)
{
    std::vector<Experiment> out;
    for (auto& e : r.experiments(scale)) {
        e.spec = applySettings(e.spec, settings);
        if (e.derive && !e.derive(e.spec)) continue; // the settings leave it nothing of its own
        out.push_back(std::move(e));
    }
    return out;
}

std::size_t plannedRuns(const Reproduction& r, Scale scale)
{
    std::size_t runs = 0;
    for (const auto& e : experimentsOf(r, scale, {}))
        runs += planSweep(e.spec).size();
    return runs;
}

ExperimentRuns readExperimentRuns(const Experiment& experiment, const std::string& folder)
{
    ExperimentRuns runs;
    runs.experiment = &experiment;
    runs.folder = folder;
    const auto plan = planSweep(experiment.spec);
    runs.planned = plan.size();
    if (!std::filesystem::exists(std::filesystem::path(folder) / "sweep.json")) return runs;
    std::vector<std::string> warnings;
    const auto results = readSweepResults(experiment.spec, folder, warnings);
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (results[i].is_null()) continue;
        if (results[i].value("status", "") != "ok") {
            ++runs.diverged;
            continue;
        }
        runs.ok.push_back(results[i]);
        runs.seedOf.push_back(static_cast<std::size_t>(plan[i].seedIndex));
        runs.pointOf.push_back(static_cast<std::size_t>(plan[i].point));
    }
    return runs;
}

std::string tableCsv(const ReportTable& table)
{
    auto cell = [](const std::string& text) {
        if (text.find_first_of(",\"\n") == std::string::npos) return text;
        std::string quoted = "\"";
        for (char c : text)
            quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        return quoted + "\"";
    };
    std::ostringstream out;
    for (std::size_t i = 0; i < table.columns.size(); ++i)
        out << (i ? "," : "") << cell(table.columns[i]);
    out << '\n';
    for (const auto& row : table.rows) {
        for (std::size_t i = 0; i < row.size(); ++i)
            out << (i ? "," : "") << cell(row[i]);
        out << '\n';
    }
    return out.str();
}

namespace {

std::string markdownTable(const ReportTable& t)
{
    std::ostringstream out;
    out << "| " << joinList(t.columns, " | ") << " |\n|";
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        out << "---|";
    out << '\n';
    for (const auto& row : t.rows)
        out << "| " << joinList(row, " | ") << " |\n";
    return out.str();
}

std::string figurePath(const Reproduction& r, Scale scale, const Figure& f)
{
    return r.name + "-" + toString(scale) + "-" + f.file;
}

std::string csvName(const Reproduction& r, Scale scale, std::size_t table)
{
    return r.name + "-" + toString(scale) + (table == 0 ? "" : "-" + std::to_string(table + 1)) + ".csv";
}

} // namespace

std::string reportMarkdown(const Reproduction& r, Scale scale, const Report& report, const std::string& status)
{
    std::ostringstream out;
    out << "# " << r.title << " (`" << r.name << "`, " << toString(scale) << " scale)\n\n";
    out << "Source: " << r.source << ".  \nThe paper: " << r.claim << "\n\n";
    out << "Protocol: " << (scale == Scale::Quick ? r.quick : r.paper) << "\n\n";
    out << "Status: " << status << "\n\n";
    if (!report.verdicts.empty()) {
        out << "## Verdicts\n\n";
        for (const auto& v : report.verdicts)
            out << "- **" << toString(v.outcome) << "**: " << v.claim << " — " << v.evidence << "\n";
        out << '\n';
    }
    for (std::size_t i = 0; i < report.tables.size(); ++i)
        out << "## " << report.tables[i].title << "\n\n"
            << markdownTable(report.tables[i]) << "\n(" << csvName(r, scale, i) << ")\n\n";
    for (const auto& f : report.figures)
        out << "## " << f.title << "\n\n![" << f.title << "](" << figurePath(r, scale, f) << ".png)\n\n"
            << f.caption << "\n\n";
    if (!report.notes.empty()) {
        out << "## Notes\n\n";
        for (const auto& n : report.notes)
            out << "- " << n << "\n";
    }
    return out.str();
}

namespace {

// A report file through writeTextFile (a unique temporary, then a rename); a failure is bad
// output (exit 2 naming the file), as before the run.
void writeReport(const std::string& path, const std::string& text)
{
    try {
        writeTextFile(path, text);
    } catch (const std::runtime_error& e) {
        throw InputError(e.what());
    }
}

json readTiming(const std::string& path)
{
    std::ifstream in(path);
    if (in) try {
            auto timing = json::parse(in);
            if (timing.is_object()) return timing;
        } catch (const json::exception&) {
        }
    return json::object();
}

// Training seconds spent on the reproduction and on each experiment (`experiment`: its id),
// summed over the invocations that trained runs (DIR/<scale>/<name>-timing.json), so a resumed
// reproduction still reports its whole cost.
double addTrainingTime(const std::string& path, double seconds, const std::string& experiment = {},
                       std::size_t runs = 0)
{
    json timing = readTiming(path);
    const double total = timing.value("training_seconds", 0.0) + seconds;
    timing["training_seconds"] = total;
    if (!experiment.empty()) {
        for (const char* key : {"experiments", "experiment_runs"})
            if (!timing[key].is_object()) timing[key] = json::object();
        timing["experiments"][experiment] = timing["experiments"].value(experiment, 0.0) + seconds;
        timing["experiment_runs"][experiment] = timing["experiment_runs"].value(experiment, std::size_t{0}) + runs;
    }
    if (seconds > 0) writeJsonFile(path, timing);
    return total;
}

struct Writer {
    const Reproduction& r;
    const ReproduceOptions& options;
    const std::vector<Experiment>& experiments;
    const ReproduceCallbacks& callbacks;
    std::string scaleDir;

    std::string folderOf(const Experiment& e) const { return (std::filesystem::path(scaleDir) / e.id).string(); }
    std::string timingPath() const { return (std::filesystem::path(scaleDir) / (r.name + "-timing.json")).string(); }

    // Reads every experiment back, analyses, writes the files; true when every run is there.
    bool refresh(ReproduceOutcome& outcome, double trainingSeconds)
    {
        std::vector<ExperimentRuns> runs;
        bool complete = true;
        std::size_t done = 0, planned = 0;
        const auto timing = readTiming(timingPath());
        for (const auto& e : experiments) {
            runs.push_back(readExperimentRuns(e, folderOf(e)));
            if (timing.contains("experiments") && timing["experiments"].is_object())
                runs.back().seconds = timing["experiments"].value(e.id, 0.0);
            if (timing.contains("experiment_runs") && timing["experiment_runs"].is_object())
                runs.back().secondsRuns = timing["experiment_runs"].value(e.id, std::size_t{0});
            complete = complete && runs.back().complete();
            done += runs.back().ok.size() + runs.back().diverged;
            planned += runs.back().planned;
        }
        outcome.report = r.analyse(runs, options.scale, complete);
        outcome.files.clear();
        const std::string stem = r.name + "-" + toString(options.scale);
        auto in = [&](const std::string& name) { return (std::filesystem::path(options.outDir) / name).string(); };
        outcome.files.push_back(in(stem + ".md"));
        for (std::size_t i = 0; i < outcome.report.tables.size(); ++i) {
            writeReport(in(csvName(r, options.scale, i)), tableCsv(outcome.report.tables[i]));
            outcome.files.push_back(in(csvName(r, options.scale, i)));
        }
        for (const auto& f : outcome.report.figures) {
            if (!callbacks.render) {
                outcome.report.notes.push_back("figure '" + f.title + "' not drawn: no renderer in this program");
                continue;
            }
            const auto base = in(figurePath(r, options.scale, f));
            const auto error = callbacks.render(f, base);
            if (!error.empty())
                outcome.report.notes.push_back("figure '" + f.title + "' not drawn: " + error);
            else
                outcome.files.push_back(base + ".png"), outcome.files.push_back(base + ".svg");
        }
        std::string status = (complete ? "complete, " : "incomplete, ") + std::to_string(done) + " of " +
                             std::to_string(planned) + " runs";
        if (!complete)
            status += options.only.empty()
                          ? " (verdicts once every run is there; rerun the same command to go on)"
                          : " (verdicts once every run is there; run the command without --only to go on)";
        if (trainingSeconds > 0)
            status += "; training wall time on this machine " + formatDuration(trainingSeconds);
        else if (done > 0)
            status += "; the runs were trained by another command (no wall time recorded here)";
        outcome.status = status;
        writeReport(outcome.files.front(), reportMarkdown(r, options.scale, outcome.report, status));
        if (callbacks.onReport) callbacks.onReport(outcome.report, outcome.files);
        return complete;
    }
};

} // namespace

std::vector<bool> selectedExperiments(const ReproduceOptions& options, const std::vector<Experiment>& experiments)
{
    std::vector<bool> selected(experiments.size(), options.only.empty());
    if (options.only.empty()) return selected;
    const auto exact =
        std::find_if(experiments.begin(), experiments.end(), [&](const Experiment& e) { return e.id == options.only; });
    for (std::size_t i = 0; i < experiments.size(); ++i)
        selected[i] = exact != experiments.end() ? experiments[i].id == options.only
                                                 : experiments[i].id.find(options.only) != std::string::npos;
    if (std::find(selected.begin(), selected.end(), true) != selected.end()) return selected;
    std::vector<std::string> ids;
    for (const auto& e : experiments)
        ids.push_back(e.id);
    throw InputError("--only: no experiment's name holds '" + options.only + "' (its experiments: " + joinWords(ids) +
                     ")");
}

ReproduceOutcome runReproduction(const Reproduction& r, const ReproduceOptions& options, RunControl& control,
                                 const ReproduceCallbacks& callbacks)
{
    const auto start = std::chrono::steady_clock::now();
    if (options.outDir.empty()) throw InputError("--out: reproduce needs an output folder");
    requireWritableFolder(options.outDir);
    const auto experiments = experimentsOf(r, options.scale, options.settings);
    const auto selected = selectedExperiments(options, experiments);
    Writer writer{r, options, experiments, callbacks,
                  (std::filesystem::path(options.outDir) / toString(options.scale)).string()};
    std::filesystem::create_directories(writer.scaleDir);
    const std::string timingPath = writer.timingPath();
    double trainingSeconds = addTrainingTime(timingPath, 0);
    ReproduceOutcome outcome;
    for (std::size_t i = 0; options.train && i < experiments.size(); ++i) {
        if (control.stop.load()) {
            outcome.stopped = true;
            break;
        }
        if (!selected[i]) continue;
        if (callbacks.onExperiment) callbacks.onExperiment(experiments[i], i, experiments.size());
        SweepOptions so;
        so.outDir = writer.folderOf(experiments[i]);
        so.jobs = options.jobs;
        so.shard = options.shard;
        so.shards = options.shards;
        const auto sweepStart = std::chrono::steady_clock::now();
        const auto s = runSweep(experiments[i].spec, so, control, callbacks.sweep);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - sweepStart).count();
        trainingSeconds = addTrainingTime(timingPath, s.finished > 0 ? seconds : 0, experiments[i].id, s.finished);
        outcome.trained += s.finished;
        outcome.skipped += s.skipped;
        outcome.planned += s.planned;
        for (const auto& w : s.warnings)
            outcome.warnings.push_back(experiments[i].id + ": " + w);
        if (s.stopped) {
            outcome.stopped = true;
            break;
        }
        if (s.finished > 0 && i + 1 < experiments.size()) writer.refresh(outcome, trainingSeconds);
    }
    outcome.complete = writer.refresh(outcome, trainingSeconds);
    outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return outcome;
}

} // namespace mtlx
