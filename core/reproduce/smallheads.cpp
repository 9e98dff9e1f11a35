// The small heads paper's results (Wang et al. 2022, "Can Small Heads Help? Understanding and
// Improving Multi-Task Generalization"): Fig. 1a, Fig. 1b/1c, Fig. 7, Table 4 and Fig. 6b.
#include <cmath>
#include <map>

#include "core/reproduce/catalog.h"

namespace mtlx {

namespace {

// The sine presets (eq. 7) at `quick`: 20,000 training examples, 10 epochs, 2 seeds per weight.
ExperimentSpec sineScale(ExperimentSpec s, Scale scale)
{
    if (scale == Scale::Quick) {
        s.dataset.train = 20000;
        s.training.epochs = 10;
        s.sweep.seeds = 2;
    }
    return s;
}

std::string towerLayers(int depth)
{
    return std::to_string(depth) + (depth == 1 ? " tower layer" : " tower layers");
}

Experiment sineExperiment(int depth, bool heads, Scale scale)
{
    const std::string preset = "sine-towers" + std::to_string(depth) + (heads ? "-small-heads" : "");
    const std::string label = towerLayers(depth) + (heads ? ", linear small head" : "");
    return presetExperiment(preset, label, preset, [scale](ExperimentSpec& s) { s = sineScale(s, scale); });
}

// Which settings the paper gives (its appendix A.2) and which are ours: it names no optimizer,
// learning rate, batch, epochs, seed count or number of task weights for the sine task.
std::string sineProtocol(Scale scale)
{
    const bool quick = scale == Scale::Quick;
    return std::string("From the paper (appendix A.2): the data recipe (200 inputs, frequency sets W1 and W2, noise "
                       "0.2 per term), ") +
           (quick ? "" : "100,000 training and ") +
           "10,000 test examples, shared layers of 250 and 125, towers of 100, MSE. Ours, as the paper gives none: "
           "the sine of w·s/D′ with D′ = 100, Adam at 0.001, batch 128, " +
           (quick ? "10 epochs, 11 task weights × 2 seeds, 10,000 validation examples; cut down for a lecture: 20,000 "
                    "training examples (the paper: 100,000)."
                  : "20 epochs, 11 task weights × 3 seeds, 10,000 validation examples (the sine-towersK presets as "
                    "they are).");
}

std::string referenceText(const std::vector<double>& reference)
{
    std::string text;
    for (double v : reference)
        text += (text.empty() ? "" : ", ") + formatFixed(v, 3);
    return "(" + text + ")";
}

std::string depthExpectation(int depth)
{
    if (depth == 0) return "no tower: the baseline";
    if (depth < 5) return "better than fewer layers";
    if (depth == 5) return "about the best";
    return "worse than 5 layers";
}

Report analyseFig1a(const std::vector<ExperimentRuns>& runs, Scale, bool complete)
{
    Report rep;
    std::vector<double> reference;
    const auto hv = hypervolumes(runs, reference);
    ReportTable t{"Hypervolume and middle point by tower depth",
                  {"tower layers", "runs", "hypervolume (mean ± sd over seeds)", "middle point y1 MSE",
                   "middle point y2 MSE", "paper (Fig. 1a)"},
                  {}};
    SeriesFigure line{
        "tower layers", "hypervolume (higher is better)", {{"shared bottom, no small heads", {}, {}, {}}}};
    FrontierFigure frontiers;
    frontiers.zoomToTrainedTasks = true;
    for (std::size_t k = 0; k < runs.size(); ++k) {
        const auto mid = middleMetric(runs[k]);
        const auto note = progressNote(runs[k]);
        t.rows.push_back({std::to_string(k),
                          std::to_string(runs[k].ok.size()) + (note.empty() ? "" : " (" + note + ")"),
                          formatEstimate(hv[k], 4), formatEstimate(mid[0], 4), formatEstimate(mid[1], 4),
                          depthExpectation(static_cast<int>(k))});
        if (hv[k].n == 0) continue;
        line.series[0].x.push_back(static_cast<double>(k));
        line.series[0].y.push_back(hv[k].mean);
        line.series[0].error.push_back(hv[k].sd);
        frontiers.configurations.push_back({std::to_string(k) + " layers", runs[k].folder});
    }
    rep.tables.push_back(t);
    rep.figures.push_back({"frontiers", "Test frontiers of towers with 0 … 9 layers (Fig. 1a)",
                           "Each colour is one tower depth: its runs (dots) and the frontier of its seed-averaged "
                           "points (steps); the legend gives each depth's hypervolume against one common reference. "
                           "Lower-left is better. The view shows the runs that train both tasks (w₁, w₂ > 0); those "
                           "with a task weight of 0 lie far outside it (they count in the hypervolume).",
                           frontiers});
    rep.figures.push_back({"hypervolume", "Hypervolume by tower depth",
                           "Mean over seeds ± one standard deviation, against the common reference point " +
                               referenceText(reference) + " (test MSE of y1, y2).",
                           line});
    rep.notes.push_back("Hypervolumes are of each seed's 11 runs against one reference for all depths " +
                        referenceText(reference) + "; the middle point is w = (0.5, 0.5).");
    if (!complete || runs.size() < 10) return rep;
    rep.verdicts.push_back(higherVerdict("towers of 5 layers give a better test frontier than no towers", hv[5], hv[0],
                                         "hypervolume at 5 layers", "at 0", 4));
    rep.verdicts.push_back(higherVerdict("beyond about 5 layers the frontier degrades (9 layers worse than 5)", hv[5],
                                         hv[9], "hypervolume at 5 layers", "at 9", 4));
    std::size_t best = 0;
    for (std::size_t k = 1; k < hv.size(); ++k)
        if (hv[k].mean > hv[best].mean) best = k;
    rep.notes.push_back("The best mean hypervolume is at " + towerLayers(static_cast<int>(best)) + ".");
    return rep;
}

// Three capacities: shallow towers, about the best depth of Fig. 1a, and deep towers.
std::vector<int> fig1bcDepths(Scale)
{
    return {1, 5, 9};
}

Report analyseFig1bc(const std::vector<ExperimentRuns>& runs, Scale scale, bool complete)
{
    Report rep;
    std::vector<double> reference;
    const auto hv = hypervolumes(runs, reference);
    const auto depths = fig1bcDepths(scale);
    ReportTable t{"Hypervolume with and without the linear small head",
                  {"tower layers", "without small heads", "with the linear small head", "gain", "paper (Fig. 1b/1c)"},
                  {}};
    SeriesFigure line{"tower layers",
                      "hypervolume (higher is better)",
                      {{"without small heads", {}, {}, {}}, {"linear small head", {}, {}, {}}}};
    std::vector<Estimate> without, with;
    for (std::size_t i = 0; i < depths.size(); ++i) {
        const auto& a = hv[2 * i];
        const auto& b = hv[2 * i + 1];
        without.push_back(a);
        with.push_back(b);
        t.rows.push_back({std::to_string(depths[i]), formatEstimate(a, 4), formatEstimate(b, 4),
                          a.n && b.n ? testText(welchOfSummaries(a, b), 4) : "–",
                          "gain > 0, larger for deeper towers"});
        for (int s = 0; s < 2; ++s) {
            const auto& e = s == 0 ? a : b;
            if (e.n == 0) continue;
            line.series[static_cast<std::size_t>(s)].x.push_back(depths[i]);
            line.series[static_cast<std::size_t>(s)].y.push_back(e.mean);
            line.series[static_cast<std::size_t>(s)].error.push_back(e.sd);
        }
    }
    rep.tables.push_back(t);
    for (std::size_t i : {std::size_t{0}, depths.size() - 1})
        rep.figures.push_back(
            {"towers" + std::to_string(depths[i]),
             "Test frontiers with " + towerLayers(depths[i]) + ", with and without the linear small head (Fig. 1b/1c)",
             "Blue: no small heads; red: the linear small head. Lower-left is better; runs with a "
             "task weight of 0 lie outside the view. The legend's hypervolumes take one reference point for "
             "the two configurations drawn, the table's one for every depth.",
             FrontierFigure{
                 {{"without small heads", runs[2 * i].folder}, {"linear small head", runs[2 * i + 1].folder}}, true}});
    rep.figures.push_back(
        {"hypervolume", "Hypervolume by tower depth, with and without small heads",
         "Mean over seeds ± one standard deviation, against the common reference " + referenceText(reference) + ".",
         line});
    if (!complete) return rep;
    const std::size_t deep = depths.size() - 1;
    rep.verdicts.push_back(higherVerdict("the linear small head improves the frontier (at " +
                                             std::to_string(depths[deep]) + " tower layers)",
                                         with[deep], without[deep], "hypervolume with", "without", 4));
    const double gainDeep = with[deep].mean - without[deep].mean, gainShallow = with[0].mean - without[0].mean;
    const auto test = welchContrast({{1, with[deep]}, {-1, without[deep]}, {-1, with[0]}, {1, without[0]}});
    rep.verdicts.push_back({"the gain is larger for deeper towers (" + std::to_string(depths[deep]) + " vs " +
                                std::to_string(depths[0]) + " layers)",
                            outcomeOf(test),
                            "gain " + formatFixed(gainDeep, 4) + " at " + std::to_string(depths[deep]) + " layers, " +
                                formatFixed(gainShallow, 4) + " at " + std::to_string(depths[0]) + ": difference " +
                                testText(test, 4)});
    return rep;
}

} // namespace

Reproduction smallHeadsFig1a()
{
    Reproduction r;
    r.name = "sh-fig1a";
    r.title = "Small heads Fig. 1a: tower depth and the test frontier";
    r.source = "Wang et al. 2022, Fig. 1a (synthetic sine tasks, eq. 7; shared bottom [250, 125], towers of 0 … 9 "
               "layers of 100)";
    r.claim = "the test Pareto frontier improves as the towers deepen to about 5 layers, then degrades.";
    r.quick = sineProtocol(Scale::Quick);
    r.paper = sineProtocol(Scale::Paper);
    r.experiments = [](Scale scale) {
        std::vector<Experiment> e;
        for (int k = 0; k <= 9; ++k)
            e.push_back(sineExperiment(k, false, scale));
        return e;
    };
    r.analyse = analyseFig1a;
    return r;
}

Reproduction smallHeadsFig1bc()
{
    Reproduction r;
    r.name = "sh-fig1bc";
    r.title = "Small heads Fig. 1b/1c: the linear small head and tower depth";
    r.source = "Wang et al. 2022, Fig. 1b and 1c (the sine tasks; towers with and without the linear self-auxiliary "
               "head)";
    r.claim = "the linear small head improves the test frontier, and more so for deeper towers.";
    const std::string towers = " Towers of 1, 5 and 9 layers (ours: the paper's Fig. 1b/1c show two capacities), the "
                               "linear small head with γ = 1, τ = 1 (ours).";
    r.quick = sineProtocol(Scale::Quick) + towers;
    r.paper = sineProtocol(Scale::Paper) + towers;
    r.experiments = [](Scale scale) {
        std::vector<Experiment> e;
        for (int k : fig1bcDepths(scale)) {
            e.push_back(sineExperiment(k, false, scale));
            e.push_back(sineExperiment(k, true, scale));
        }
        return e;
    };
    r.analyse = analyseFig1bc;
    return r;
}

} // namespace mtlx
