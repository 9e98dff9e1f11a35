#pragma once
// Reproductions of the papers' published results (docs/reproduction.md): `mtlx-cli reproduce`
// and the desktop program's Presets ▸ Reproduce.
//
// A reproduction is a list of experiments — each one sweep folder (sweep.h), so it trains
// stacked, resumes, and splits into shards like any sweep — and an analysis that turns their
// runs into tables (ours beside the paper's numbers, mean ± sd over seeds), figures drawn by the
// program's own plots, and one verdict per claim. Everything lands in one folder:
//
//   DIR/<scale>/<experiment>/   the sweep folders (sweep.json, runs.jsonl, frontier.json)
//   DIR/<name>-<scale>.md       the report: what ran, tables, verdicts, figures, wall time
//   DIR/<name>-<scale>[-k].csv  each table
//   DIR/<name>-<scale>-*.png|svg the figures
//
// The analysis is rerun after every experiment, so the figures fill in as the sweeps finish;
// verdicts are given only when every run is there.
//
// Torch-free and Qt-free: figures are described as data here and drawn by a FigureRenderer the
// front end supplies (ui/figurerenderer.h).
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/engine/runner.h"
#include "core/engine/sweep.h"
#include "core/spec/result.h"
#include "core/spec/spec.h"

namespace mtlx {

// quick: minutes on a 2-core machine (less data, fewer epochs and seeds; each reproduction says
// which); paper: the paper's protocol (hours to days: run it sharded on a cluster).
enum class Scale { Quick, Paper };
std::string toString(Scale scale);
Scale scaleFromString(const std::string& text); // throws InputError

// ---- Figures, as data -------------------------------------------------------------------

// Sweep folders overlaid in the Pareto view (each a colour, its frontier and hypervolume).
struct FrontierFigure {
    struct Configuration {
        std::string label, folder;
    };
    std::vector<Configuration> configurations;
    // Zoom to the runs where every task has a weight > 0 (a task with weight 0 is not trained:
    // its error sits far off and squeezes the frontiers into a corner); the others lie outside.
    bool zoomToTrainedTasks = false;
    // The configuration drawn as the yardstick (its frontier dashed; every other configuration's
    // seed-mean points labelled by whether it dominates them); −1: none.
    int yardstick = -1;
};

// Lines with error bars over a numeric x axis (e.g. hypervolume by tower depth).
struct SeriesFigure {
    struct Series {
        std::string label;
        std::vector<double> x, y, error; // error: ± one standard deviation (empty: none)
    };
    std::string xLabel, yLabel;
    std::vector<Series> series;
};

// The activation view: one run's histograms over another's.
struct ActivationFigure {
    ActivationProbe current, reference;
    std::string currentLabel, referenceLabel;
};

// Gate heatmaps side by side, one panel per run, all at one level.
struct GateFigure {
    struct Panel {
        std::string title;
        std::vector<GateMatrix> gates;
    };
    std::vector<Panel> panels;
    int level = 0;
};

struct Figure {
    std::string file;    // base name in the output folder (no extension)
    std::string title;   // one line above the plot
    std::string caption; // what to read in it (the report's text under the figure)
    std::variant<FrontierFigure, SeriesFigure, ActivationFigure, GateFigure> content;
};

// Draws a figure into basePath + ".png" and ".svg"; returns "" or a one-line error.
using FigureRenderer = std::function<std::string(const Figure&, const std::string& basePath)>;

// ---- Reports -----------------------------------------------------------------------------

struct ReportTable {
    std::string title;
    std::vector<std::string> columns; // at least one names the paper's values
    std::vector<std::vector<std::string>> rows;
};

enum class Outcome { Reproduced, DirectionOnly, NotReproduced, Contradicted };
// "reproduced", "direction only", "not reproduced", "contradicted"
std::string toString(Outcome outcome);

struct Verdict {
    std::string claim;
    Outcome outcome = Outcome::NotReproduced;
    std::string evidence; // the numbers behind it, one line
};

struct Report {
    std::vector<ReportTable> tables;
    std::vector<Figure> figures;
    std::vector<Verdict> verdicts; // only when complete
    std::vector<std::string> notes;
};

// ---- Reproductions -----------------------------------------------------------------------

struct Experiment {
    // Its folder's name under DIR/<scale>/: shared by reproductions that run the same spec (the sine
    // presets of Fig. 1a and 1b), prefixed by the reproduction where the spec is its own.
    std::string id;
    std::string label; // in tables and legends
    ExperimentSpec spec;
    // A spec derived after the --set settings (mtl-methods' LS on the sum, whose optimiser steps
    // follow LS's): experimentsOf applies the settings to `spec`, then `derive` to the result; false
    // drops the experiment (nothing of its own to train). Empty for an experiment that is its spec.
    // Reproduction::experiments gives such an experiment underived: use experimentsOf.
    std::function<bool(ExperimentSpec&)> derive;
};

// One experiment's sweep folder read back.
struct ExperimentRuns {
    const Experiment* experiment = nullptr;
    std::string folder;
    std::size_t planned = 0;
    std::vector<nlohmann::json> ok;   // result.json objects of the runs that ended ok, plan order
    std::vector<std::size_t> seedOf;  // per ok run: its seed index (0 … seeds − 1)
    std::vector<std::size_t> pointOf; // per ok run: its grid point
    std::size_t diverged = 0;         // runs stored as diverged
    // Wall time this reproduction spent training the experiment's sweep on this machine, over
    // every invocation that trained runs (0: not recorded, e.g. trained by shards elsewhere).
    double seconds = 0;
    std::size_t secondsRuns = 0; // how many runs those seconds trained (all of them: `planned`)
    bool complete() const { return planned > 0 && ok.size() + diverged >= planned; }
};

struct Reproduction {
    std::string name;   // sh-fig1a, …
    std::string title;  // "Small heads Fig. 1a: tower depth and the frontier"
    std::string source; // the paper and the figure or table
    std::string claim;  // what the paper found, in one sentence
    std::string quick;  // what `quick` changes from the paper's protocol
    std::string paper;  // the paper's protocol as run at `paper`
    std::function<std::vector<Experiment>(Scale)> experiments;
    // The report from the runs so far (runs[i] belongs to experiments[i]); verdicts only when
    // `complete`.
    std::function<Report(const std::vector<ExperimentRuns>& runs, Scale scale, bool complete)> analyse;
};

// Every reproduction, in the order of docs/reproduction.md.
const std::vector<Reproduction>& reproductions();
const Reproduction& findReproduction(const std::string& name); // throws InputError naming the known ones

struct ReproduceOptions {
    std::string outDir;
    Scale scale = Scale::Quick;
    int jobs = 0;                      // as sweep --jobs
    int shard = 1, shards = 1;         // as sweep --shard: only this shard's runs of every experiment
    bool train = true;                 // false: only the report, from the runs already in the folder
    std::vector<std::string> settings; // --set PATH=VALUE, applied to every experiment's spec
    std::string only;                  // --only TEXT: train only those experiments (selectedExperiments)
};

// Which experiments train under --only (all without it): the one whose folder name is TEXT, else
// every one whose name holds TEXT. An InputError naming --only, with the experiments listed, when
// none does. The report still reads every experiment's runs.
std::vector<bool> selectedExperiments(const ReproduceOptions& options, const std::vector<Experiment>& experiments);

// The experiments of a reproduction at a scale with --set settings applied to each spec (a bad
// setting is an InputError naming its field).
std::vector<Experiment> experimentsOf(const Reproduction& r, Scale scale, const std::vector<std::string>& settings);

struct ReproduceCallbacks {
    // Before each experiment's sweep (index of count).
    std::function<void(const Experiment&, std::size_t index, std::size_t count)> onExperiment;
    SweepCallbacks sweep;
    // After the report (and its files) were rewritten: after every experiment and at the end.
    std::function<void(const Report&, const std::vector<std::string>& files)> onReport;
    FigureRenderer render; // empty: no figures drawn (the report says so)
};

struct ReproduceOutcome {
    bool complete = false; // every run of every experiment is there: verdicts were given
    std::string status;    // "complete, 330 of 330 runs; training wall time …" (the report's status line)
    bool stopped = false;
    Report report;
    std::vector<std::string> files; // written, report first
    std::size_t trained = 0, skipped = 0, planned = 0;
    double seconds = 0;
    std::vector<std::string> warnings;
};

ReproduceOutcome runReproduction(const Reproduction& reproduction, const ReproduceOptions& options, RunControl& control,
                                 const ReproduceCallbacks& callbacks = {});

// The runs a reproduction trains at a scale, over all its experiments.
std::size_t plannedRuns(const Reproduction& r, Scale scale);

// Reads an experiment's folder (missing: no runs yet).
ExperimentRuns readExperimentRuns(const Experiment& experiment, const std::string& folder);

// The Markdown report and CSV text of a table (the files runReproduction writes).
std::string reportMarkdown(const Reproduction& r, Scale scale, const Report& report, const std::string& status);
std::string tableCsv(const ReportTable& table);

} // namespace mtlx
