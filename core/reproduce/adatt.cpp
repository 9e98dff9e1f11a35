// The AdaTT paper's results (Li et al. 2023, "AdaTT: Adaptive Task-to-Task Fusion Network for
// Multitask Learning in Recommendations") that public data can show: Table 5 (census, AdaTT vs
// PLE vs ML-MMoE), Table 6 (the NativeExpertLF ablation, on census) and Fig. 3 (gate weights,
// on the correlated generator whose task relation is known).
#include <array>
#include <cmath>
#include <map>

#include "core/reproduce/catalog.h"

namespace mtlx {

namespace {

// Census at `quick`: the presets on a quarter of the training rows, 3 seeds; paper: the
// presets, 10 seeds.
void censusScale(ExperimentSpec& s, Scale scale)
{
    s.sweep.points = 1;
    s.sweep.seeds = scale == Scale::Quick ? 3 : 10;
    if (scale == Scale::Quick) s.dataset.limitTrain = 50000;
}

// What the AdaTT paper gives for its census experiment (4.3).
const char* kCensusFromPaper =
    "From the paper (4.3): the census training file, its test file split at random into validation and test halves, "
    "the three tasks, 2 fusion levels of single-layer experts (128, 64 with 6 experts; 96, 48 with 9), towers of 32. "
    "From the framework it names (its ref. [1], the MMoEEx code): the labels and their order (education, income, "
    "never married), the features, Adam at 1e-4 with weight decay 0.01, batch 512, 10 epochs, DWA with T = 3, the "
    "test AUCs of the epoch with the best summed validation AUC.";

// ---- Table 5 ----

struct Table5Model {
    const char* preset;
    const char* label;
    std::array<double, 3> paper;
};
const std::vector<Table5Model> kTable5{{"census-6-ml-mmoe", "ML-MMoE, 6 experts", {0.8729, 0.9178, 0.9731}},
                                       {"census-6-ple", "PLE, 6 experts", {0.8683, 0.9164, 0.9697}},
                                       {"census-6-adatt", "AdaTT, 6 experts", {0.8766, 0.9202, 0.9783}},
                                       {"census-9-ml-mmoe", "ML-MMoE, 9 experts", {0.8688, 0.9139, 0.9730}},
                                       {"census-9-ple", "PLE, 9 experts", {0.8645, 0.9134, 0.9680}},
                                       {"census-9-adatt", "AdaTT, 9 experts", {0.8744, 0.9174, 0.9786}}};

// A's AUC above B's on every task: the weakest task's outcome, with every task's difference.
Verdict beatsOnEveryTask(const std::string& claim, const std::vector<Estimate>& a, const std::vector<Estimate>& b,
                         const std::vector<std::string>& tasks)
{
    std::vector<Outcome> outcomes;
    std::string evidence;
    for (std::size_t t = 0; t < a.size(); ++t) {
        const auto test = welchOfSummaries(b[t], a[t]);
        outcomes.push_back(outcomeOf(test));
        evidence += (evidence.empty() ? "" : "; ") + tasks[t] + " " + testText(test, 5);
    }
    return {claim, weakest(outcomes), evidence};
}

std::vector<std::string> taskNames(const ExperimentRuns& runs)
{
    std::vector<std::string> names;
    for (const auto& t : runs.experiment->spec.tasks())
        names.push_back(t.name);
    return names;
}

Report analyseTable5(const std::vector<ExperimentRuns>& runs, Scale, bool complete)
{
    Report rep;
    const auto tasks = taskNames(runs[0]);
    ReportTable t{"Test AUC on census (3 tasks), mean ± sd over seeds", {"model", "seeds"}, {}};
    for (const auto& name : tasks)
        t.columns.push_back(name + " AUC");
    for (std::size_t i = 0; i < tasks.size(); ++i)
        t.columns.push_back("paper task " + std::to_string(i + 1) + " AUC");
    std::vector<std::vector<Estimate>> auc;
    for (std::size_t m = 0; m < runs.size(); ++m) {
        auc.push_back(middleMetric(runs[m], "auc"));
        const auto note = progressNote(runs[m]);
        std::vector<std::string> row{kTable5[m].label,
                                     std::to_string(runs[m].ok.size()) + (note.empty() ? "" : " (" + note + ")")};
        for (const auto& e : auc.back())
            row.push_back(formatEstimate(e, 4));
        for (double p : kTable5[m].paper)
            row.push_back(formatFixed(p, 4));
        t.rows.push_back(row);
    }
    rep.tables.push_back(t);
    rep.notes.push_back("Tasks in the framework's order: education, income, never married; the paper's task 1, 2 and 3 "
                        "columns are read in that order (its AUC levels fit it: education is the hardest task). The "
                        "paper reports the mean of 100 runs without a spread.");
    if (!complete) return rep;
    for (std::size_t g = 0; g < 2; ++g) {
        const std::string experts = g == 0 ? "6 experts" : "9 experts";
        const auto &ml = auc[3 * g], &ple = auc[3 * g + 1], &adatt = auc[3 * g + 2];
        rep.verdicts.push_back(beatsOnEveryTask(experts + ": AdaTT beats ML-MMoE on every task", adatt, ml, tasks));
        rep.verdicts.push_back(beatsOnEveryTask(experts + ": AdaTT beats PLE on every task", adatt, ple, tasks));
        rep.verdicts.push_back(beatsOnEveryTask(experts + ": ML-MMoE beats PLE on every task", ml, ple, tasks));
    }
    return rep;
}

// ---- Table 6 ----

Report analyseTable6(const std::vector<ExperimentRuns>& runs, Scale, bool complete)
{
    Report rep;
    const auto tasks = taskNames(runs[0]);
    const auto fullLoss = middleMetric(runs[0], "loss"), ablatedLoss = middleMetric(runs[1], "loss");
    const auto fullAuc = middleMetric(runs[0], "auc"), ablatedAuc = middleMetric(runs[1], "auc");
    ReportTable t{"AdaTT with and without NativeExpertLF on census, test set",
                  {"task", "AdaTT log loss", "ablated log loss", "change of log loss (≈ NE)", "AdaTT AUC",
                   "ablated AUC", "paper: change of NE"},
                  {}};
    std::vector<Outcome> outcomes;
    std::string evidence;
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        const double change = 100 * (ablatedLoss[i].mean / fullLoss[i].mean - 1);
        t.rows.push_back({tasks[i], formatEstimate(fullLoss[i], 4), formatEstimate(ablatedLoss[i], 4),
                          (change >= 0 ? "+" : "") + formatFixed(change, 3) + " %", formatEstimate(fullAuc[i], 4),
                          formatEstimate(ablatedAuc[i], 4), "+0.107 % … +0.222 % (its own tasks)"});
        const auto test = welchOfSummaries(fullLoss[i], ablatedLoss[i]);
        outcomes.push_back(outcomeOf(test));
        evidence += (evidence.empty() ? "" : "; ") + tasks[i] + " log loss " + testText(test, 5);
    }
    rep.tables.push_back(t);
    rep.notes.push_back("The paper ablates on its industrial data set (NE of 3 classification tasks, MSE of one); here "
                        "the same models run on census. On a fixed test set NE is the log loss divided by a constant, "
                        "so their relative changes are the same.");
    if (complete)
        rep.verdicts.push_back(
            {"without NativeExpertLF every task gets worse (higher test log loss)", weakest(outcomes), evidence});
    return rep;
}

// ---- Fig. 3 ----

const std::vector<double> kCorrelations{0.0, 0.5, 1.0};

// The weight a run's task gates put on the experts of the other tasks (mean over the task rows),
// per level: the softmax (AllExpertGF) weights, whose columns are named "<owner>/<k>".
std::vector<double> crossTaskShare(const nlohmann::json& result)
{
    std::vector<double> shares;
    for (const auto& g : gatesOf(result)) {
        double share = 0;
        for (std::size_t r = 0; r < g.rows.size(); ++r)
            share += ownerWeight(g, r, false);
        shares.push_back(g.rows.empty() ? 0 : share / static_cast<double>(g.rows.size()));
    }
    return shares;
}

Report analyseFig3(const std::vector<ExperimentRuns>& runs, Scale, bool complete)
{
    Report rep;
    ReportTable t{"Weight of a task's gate on the other task's experts (AllExpertGF), mean ± sd over seeds",
                  {"correlation ρ", "level 1 (lower)", "level 2 (upper)", "paper (Fig. 3)"},
                  {}};
    std::vector<std::array<Estimate, 2>> share;
    GateFigure panels[2];
    for (std::size_t i = 0; i < runs.size(); ++i) {
        std::array<std::vector<double>, 2> values;
        for (const auto& r : runs[i].ok) {
            const auto s = crossTaskShare(r);
            for (std::size_t l = 0; l < 2 && l < s.size(); ++l)
                values[l].push_back(s[l]);
        }
        share.push_back({estimate(values[0]), estimate(values[1])});
        t.rows.push_back({formatFixed(kCorrelations[i], 1), formatEstimate(share.back()[0], 3),
                          formatEstimate(share.back()[1], 3),
                          i == 0 ? "native experts dominate" : "related tasks share more"});
        for (int l = 0; l < 2; ++l) {
            panels[l].level = l;
            if (!runs[i].ok.empty())
                panels[l].panels.push_back({"ρ = " + formatFixed(kCorrelations[i], 1), gatesOf(runs[i].ok[0])});
        }
    }
    rep.tables.push_back(t);
    for (int l = 0; l < 2; ++l)
        rep.figures.push_back(
            {"level" + std::to_string(l + 1),
             "AdaTT gate weights at fusion level " + std::to_string(l + 1) + " for ρ = 0, 0.5, 1 (Fig. 3)",
             "Rows: each task's fusion unit; columns: the experts, named by owner. Left matrix of "
             "each panel: the softmax weights (AllExpertGF); right: the NativeExpertLF weights on the "
             "unit's own experts. First seed of each correlation.",
             panels[l]});
    rep.notes.push_back("Two experts per task, no shared experts (AdaTT-sp). The paper's Fig. 3 plots the sum of "
                        "NativeExpertLF and AllExpertGF weights on its industrial tasks; NativeExpertLF only weighs a "
                        "unit's own experts, so the share on other tasks' experts is read from AllExpertGF here.");
    if (!complete) return rep;
    for (std::size_t l = 0; l < 2; ++l) {
        const auto &lo = share[0][l], &hi = share[2][l];
        const auto test = welchOfSummaries(lo, hi);
        rep.verdicts.push_back({"level " + std::to_string(l + 1) +
                                    ": the more related the tasks, the more a task's gate uses the other's experts",
                                outcomeOf(test),
                                "share at ρ = 1 " + formatEstimate(hi, 3) + " vs ρ = 0 " + formatEstimate(lo, 3) +
                                    ": difference " + testText(test, 3) + "; at ρ = 0.5 " +
                                    formatEstimate(share[1][l], 3)});
        // The own share is 1 − the share on the other task's experts: the one-sample t-test of
        // 1 − share > ½.
        const auto own = welchContrast({{-1, lo}}, -0.5);
        rep.verdicts.push_back({"level " + std::to_string(l + 1) +
                                    ": at ρ = 0 a task's gate puts most weight on its own "
                                    "experts",
                                outcomeOf(own),
                                "own share " + formatFixed(1 - lo.mean, 3) + " − ½ = " + testText(own, 3)});
    }
    return rep;
}

} // namespace

Reproduction adattTable5()
{
    Reproduction r;
    r.name = "adatt-table5";
    r.title = "AdaTT Table 5: AdaTT vs PLE vs ML-MMoE on census";
    r.source = "Li et al. 2023, Table 5 (UCI census income, 3 tasks, 2 fusion levels)";
    r.claim = "AdaTT has the highest AUC on all three tasks, in both the 6- and the 9-expert group; ML-MMoE comes "
              "second and PLE third.";
    const std::string ours = std::string(kCensusFromPaper) +
                             " Ours: the shared-expert counts (AdaTT-sp: none; PLE: 3 of 6, the only split the "
                             "paper's rule allows, and 6 of 9, tuned), ";
    r.quick = ours + "3 seeds per model; cut down for a lecture: 50,000 of the 199,523 training rows.";
    r.paper = ours + "10 seeds per model (the paper: 100), the census-6/9-* presets as they are.";
    r.experiments = [](Scale scale) {
        std::vector<Experiment> e;
        for (const auto& m : kTable5)
            e.push_back(
                presetExperiment(m.preset, m.label, m.preset, [scale](ExperimentSpec& s) { censusScale(s, scale); }));
        return e;
    };
    r.analyse = analyseTable5;
    return r;
}

Reproduction adattTable6()
{
    Reproduction r;
    r.name = "adatt-table6";
    r.title = "AdaTT Table 6: ablating NativeExpertLF";
    r.source = "Li et al. 2023, Table 6 (its industrial data; here on census)";
    r.claim = "without the NativeExpertLF residual every task gets worse (NE +0.107 % to +0.222 %).";
    r.quick = "From the paper (4.4): AdaTT-sp with 3 experts per task and no shared expert, trained with and "
              "without NativeExpertLF. Ours: census instead of its industrial data, trained as Table 5 (the census "
              "framework of its ref. [1]) with the census-6-adatt layers, 3 seeds each; cut down for a lecture: "
              "50,000 of the 199,523 training rows.";
    r.paper = "From the paper (4.4): AdaTT-sp with 3 experts per task and no shared expert, trained with and "
              "without NativeExpertLF. Ours: census instead of its industrial data, trained as Table 5 (the census "
              "framework of its ref. [1]) with the census-6-adatt layers, 10 seeds each.";
    r.experiments = [](Scale scale) {
        std::vector<Experiment> e;
        for (bool native : {true, false})
            e.push_back(presetExperiment(native ? "census-adatt-3" : "census-adatt-3-ablated",
                                         native ? "AdaTT" : "AdaTT without NativeExpertLF", "census-adatt",
                                         [scale, native](ExperimentSpec& s) {
                                             s.model.expertsPerTask = 3;
                                             s.model.nativeExpertLf = native;
                                             censusScale(s, scale);
                                         }));
        return e;
    };
    r.analyse = analyseTable6;
    return r;
}

Reproduction adattFig3()
{
    Reproduction r;
    r.name = "adatt-fig3";
    r.title = "AdaTT Fig. 3: what the gates learn about task relations";
    r.source = "Li et al. 2023, Fig. 3 (gate weights per fusion level; here on the correlated generator, whose task "
               "relation ρ is known)";
    r.claim = "native experts dominate, and related tasks share experts.";
    r.quick = "Ours throughout (the paper's Fig. 3 uses its industrial tasks): the correlated generator at ρ = 0, "
              "0.5, 1, AdaTT-sp with 2 experts per task, levels [32], [16] (the correlated-adatt preset: 100,000 "
              "examples, 20 epochs), 3 seeds per ρ.";
    r.paper = "Ours throughout (the paper's Fig. 3 uses its industrial tasks): the quick protocol with 10 seeds per ρ.";
    r.experiments = [](Scale scale) {
        std::vector<Experiment> e;
        for (double rho : kCorrelations)
            e.push_back(presetExperiment("correlated-adatt-rho" + formatFixed(rho, 1), "ρ = " + formatFixed(rho, 1),
                                         "correlated-adatt", [scale, rho](ExperimentSpec& s) {
                                             s.dataset.correlation = rho;
                                             s.model.expertsPerTask = 2;
                                             s.sweep.points = 1;
                                             s.sweep.seeds = scale == Scale::Quick ? 3 : 10;
                                         }));
        return e;
    };
    r.analyse = analyseFig3;
    return r;
}

} // namespace mtlx
