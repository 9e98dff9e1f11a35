// The weighting methods against linear scalarisation (`mtl-methods`): every method's seed-mean
// point against the frontier that linear scalarisation (LS) of the same model traces over a grid
// of task weights, on MultiMNIST (the small heads paper's large LeNet) and on census (the AdaTT
// paper's framework). The claim under test is Xin et al. (NeurIPS 2022) and Kurin et al. (NeurIPS
// 2022): most methods do not beat scalarisation once its weights are swept.
#include <algorithm>
#include <cmath>
#include <map>

#include "core/engine/training/sumstep.h"
#include "core/reproduce/catalog.h"
#include "core/spec/pareto.h"
#include "core/spec/text.h"

namespace mtlx {

namespace {

// The methods compared with LS, in the order of docs/weighting.md.
const std::vector<std::string> kMethods{"uncertainty", "gradnorm", "mgda_ub",  "pcgrad", "dwa",
                                        "cagrad",      "nash_mtl", "imtl",     "rlw",    "famo",
                                        "aligned_mtl", "gradvac",  "graddrop", "gls"};

struct DataSet {
    std::string key, label, preset;
};
const std::vector<DataSet> kDataSets{{"multimnist", "MultiMNIST (large LeNet)", "multimnist-large"},
                                     {"census", "census (ML-MMoE, 6 experts)", "census-6-ml-mmoe"}};

void scaleDataSet(ExperimentSpec& s, const std::string& key, Scale scale)
{
    s.sweep.seeds = scale == Scale::Quick ? 2 : 3;
    if (key == "multimnist") {
        if (scale == Scale::Quick) {
            s.training.optimizer = "adam";
            s.training.lr = 0.001;
            s.dataset.train = 20000;
            s.dataset.validation = 5000;
            s.dataset.test = 10000;
            s.training.epochs = 3;
            s.training.reportLast = 1;
        }
    } else if (scale == Scale::Quick) {
        s.dataset.limitTrain = 50000;
    }
}

const char* const kSumNote =
    "LS on the sum: the same grid with task weights summing to the task count T, the scale of unitary "
    "scalarisation (every weight 1) and of the methods that combine whole task losses or gradients. It is trained "
    "as the mean's grid with the optimiser set so that every step is the sum's: SGD at T times the learning rate "
    "and 1/T times the weight decay; Adam, whose step does not change with the loss's scale while the weight decay "
    "added to its gradient does, at 1/T times the weight decay (the same up to Adam's epsilon). Where the two "
    "steps are the same (AdamW, or Adam without weight decay) it is not trained.";

std::string lsId(const std::string& key)
{
    return "methods-" + key + "-ls";
}
std::string sumId(const std::string& key)
{
    return lsId(key) + "-sum";
}

// LS over a grid of task weights: three tasks in steps of 1/3 (10 weights) quick, of 1/6 at paper
// scale (28 weights, 10 of them with every task weighted; the quick grid's points are among them).
void lsGrid(ExperimentSpec& s, const std::string& key, Scale scale)
{
    scaleDataSet(s, key, scale);
    s.training.weighting = "linear";
    s.training.dwaVariant = "liu";
    const auto T = s.tasks().size();
    s.training.taskWeights.assign(T, 1.0 / static_cast<double>(T));
    if (T == 3)
        s.sweep.points = scale == Scale::Quick ? 4 : 7;
    else
        s.sweep.points = scale == Scale::Quick ? 5 : 11;
}

// Per data set: LS, then the methods; after both data sets, LS on the sum, which experimentsOf keeps
// where its step differs from the mean's (appended, so the first 30 keep their places).
std::vector<Experiment> methodExperiments(Scale scale)
{
    std::vector<Experiment> out;
    for (const auto& d : kDataSets) {
        out.push_back(presetExperiment(lsId(d.key), d.key + "/LS", d.preset,
                                       [&](ExperimentSpec& s) { lsGrid(s, d.key, scale); }));
        for (const auto& m : kMethods)
            out.push_back(
                presetExperiment("methods-" + d.key + "-" + m, d.key + "/" + m, d.preset, [&](ExperimentSpec& s) {
                    scaleDataSet(s, d.key, scale);
                    // The census framework's DWA is the preset's; every other
                    // method replaces it.
                    if (!(m == "dwa" && d.key == "census")) s.training.dwaVariant = "liu";
                    s.training.weighting = m;
                    s.training.taskWeights.assign(s.tasks().size(), 1.0 / static_cast<double>(s.tasks().size()));
                    s.sweep.points = 1;
                }));
    }
    for (const auto& d : kDataSets) {
        auto e = presetExperiment(sumId(d.key), d.key + "/LS on the sum", d.preset,
                                  [&](ExperimentSpec& s) { lsGrid(s, d.key, scale); });
        // experimentsOf derives the step (after any --set) or drops it
        e.derive = [](ExperimentSpec& s) { return stepAsOnTheSum(s.training, s.tasks().size()); };
        out.push_back(std::move(e));
    }
    return out;
}

// An experiment's objective vectors (lower is better) by grid point, one per seed, read once.
using ByPoint = std::map<std::size_t, std::vector<std::vector<double>>>;
ByPoint objectivesByPoint(const ExperimentRuns& runs)
{
    ByPoint out;
    for (const auto& p : objectivePoints(runs))
        out[static_cast<std::size_t>(p.point)].push_back(p.values);
    return out;
}

// The seed mean of objective k over per-seed vectors.
Estimate objectiveEstimate(const std::vector<std::vector<double>>& seeds, std::size_t k)
{
    std::vector<double> v;
    for (const auto& s : seeds)
        v.push_back(s[k]);
    return estimate(v);
}

struct Judged {
    std::string method;
    std::vector<Estimate> objectives; // the method's, per task
    AgainstFrontier against;          // its seed mean against LS's seed-mean frontier
    std::size_t lsPoint = 0;          // the LS grid point it is compared with (dominating most, or nearest)
    std::vector<WelchTest> tests;     // per objective: method − that LS point (> 0: LS better)
    Outcome outcome = Outcome::NotReproduced;
};

// A method against every LS grid point: dominated in the seed means by the point that dominates
// it most (tests against that point), else compared with the nearest point; contradicted when
// against every LS point some objective is significantly better for the method.
Judged judge(const std::string& method, const ExperimentRuns& runs, const ByPoint& ls, const Yardstick& yardstick)
{
    Judged j;
    j.method = method;
    const auto byPoint = objectivesByPoint(runs);
    if (byPoint.empty()) return j;
    const auto& seeds = byPoint.begin()->second; // the method's one point
    const std::size_t K = seeds[0].size();
    std::vector<double> mean;
    for (std::size_t k = 0; k < K; ++k) {
        j.objectives.push_back(objectiveEstimate(seeds, k));
        mean.push_back(j.objectives.back().mean);
    }
    j.against = yardstick.judge(mean);
    double mostDominating = 0, nearest = std::numeric_limits<double>::infinity();
    bool dominatedByOne = false, beyondEverywhere = true;
    for (const auto& [p, lsSeeds] : ls) {
        std::vector<double> lsMean;
        std::vector<WelchTest> tests;
        bool methodBetterSomewhere = false;
        double distance = 0;
        for (std::size_t k = 0; k < K; ++k) {
            const auto e = objectiveEstimate(lsSeeds, k);
            lsMean.push_back(e.mean);
            distance += (e.mean - mean[k]) * (e.mean - mean[k]);
            tests.push_back(welchOfSummaries(e, j.objectives[k])); // method − LS: > 0 where LS is better
            if (std::isfinite(tests.back().p) && tests.back().oneSided(false) < 0.05) methodBetterSomewhere = true;
        }
        beyondEverywhere = beyondEverywhere && methodBetterSomewhere;
        const double factor = dominationFactor({lsMean}, mean);
        // The LS point that dominates the method most; while none does, the nearest one.
        if (factor > mostDominating || (!dominatedByOne && factor <= 0 && distance < nearest)) {
            j.lsPoint = p;
            j.tests = tests;
            if (factor > 0) {
                mostDominating = factor;
                dominatedByOne = true;
            } else {
                nearest = distance;
            }
        }
    }
    const bool lsBetterSomewhere = std::any_of(j.tests.begin(), j.tests.end(), [](const WelchTest& t) {
        return std::isfinite(t.p) && t.oneSided(true) < 0.05;
    });
    const bool methodBetterSomewhere = std::any_of(j.tests.begin(), j.tests.end(), [](const WelchTest& t) {
        return std::isfinite(t.p) && t.oneSided(false) < 0.05;
    });
    if (j.against.dominated())
        j.outcome = lsBetterSomewhere && !methodBetterSomewhere ? Outcome::Reproduced : Outcome::DirectionOnly;
    else
        j.outcome = beyondEverywhere ? Outcome::Contradicted : Outcome::NotReproduced;
    return j;
}

std::string weightsText(const std::vector<double>& w)
{
    std::string s = "(";
    for (std::size_t i = 0; i < w.size(); ++i)
        s += (i ? ", " : "") + formatFixed(w[i], 2);
    return s + ")";
}

// Metric k's value (accuracy, AUC …) of an objective estimate, as the tables show it.
std::string metricText(const ExperimentSpec& spec, std::size_t k, const Estimate& objective)
{
    const auto tasks = spec.tasks();
    const auto metric = spec.sweep.resolvedMetric(tasks[k].kind);
    Estimate e = objective;
    e.mean = metricFromObjective(metric, objective.mean);
    return tasks[k].name + " " + metric + " " + formatEstimate(e, 4);
}

// Each grid point's seed-mean objective vector.
std::vector<std::vector<double>> seedMeans(const ByPoint& byPoint, std::size_t K)
{
    std::vector<std::vector<double>> means;
    for (const auto& point : byPoint) {
        means.emplace_back();
        for (std::size_t k = 0; k < K; ++k)
            means.back().push_back(objectiveEstimate(point.second, k).mean);
    }
    return means;
}

// "census: of 14 methods, 2 are dominated by LS with a significant difference, …"
std::string summaryNote(const std::string& head, std::size_t methods, const std::string& frontier,
                        std::map<Outcome, int> counts)
{
    return head + ": of " + std::to_string(methods) + " methods, " + std::to_string(counts[Outcome::Reproduced]) +
           " are dominated by " + frontier + " with a significant difference, " +
           std::to_string(counts[Outcome::DirectionOnly]) + " dominated in the means only, " +
           std::to_string(counts[Outcome::NotReproduced]) + " not dominated, " +
           std::to_string(counts[Outcome::Contradicted]) + " significantly beyond every " + frontier + " point.";
}

// A yardstick: LS, or LS on the sum, with its seed-mean frontier against one reference point.
struct Frontier {
    const ExperimentRuns* runs = nullptr;
    std::string name; // "LS", "LS on the sum"
    std::string figureId;
    bool sum = false; // LS on the sum: its weights shown summing to the task count
};

// The methods of one data set against one LS frontier: a table, a figure, and verdicts once the
// frontier and every method have all their runs (census takes hours longer than MultiMNIST on a small
// machine, LS on the sum comes last).
void analyseAgainst(Report& rep, const DataSet& d, const Frontier& f, const std::vector<const ExperimentRuns*>& methods,
                    const std::vector<double>& reference)
{
    const auto& ls = *f.runs;
    const bool complete = ls.complete() && std::all_of(methods.begin(), methods.end(),
                                                       [](const ExperimentRuns* r) { return r->complete(); });
    const auto& spec = ls.experiment->spec;
    FrontierFigure figure; // the sweeps with runs so far (a folder not made yet cannot be drawn)
    figure.yardstick = 0;  // LS, dashed, each method's point labelled against it
    if (!ls.ok.empty()) figure.configurations.push_back({ls.experiment->label, ls.folder});
    for (const auto* r : methods)
        if (!r->ok.empty()) figure.configurations.push_back({r->experiment->label, r->folder});
    if (ls.ok.empty() || reference.empty()) return;
    // LS's seed-mean points and their frontier.
    const auto K = spec.tasks().size();
    const auto grid = simplexGrid(K, spec.sweep.points);
    const auto lsByPoint = objectivesByPoint(ls);
    const auto means = seedMeans(lsByPoint, K);
    std::vector<std::vector<double>> front;
    for (const auto i : nonDominated(means))
        front.push_back(means[i]);
    const Yardstick yardstick(front, reference);
    const bool sum = f.sum;
    // LS on the sum's weights are the grid's times the task count (its runs trained the grid's
    // weights with the sum's step).
    const auto weightsOf = [&](std::size_t point) {
        auto w = grid.at(point);
        for (auto& x : w)
            x *= sum ? static_cast<double>(K) : 1.0;
        return weightsText(w);
    };
    ReportTable t{
        d.label + ": each method's seed-mean point against the " +
            (sum ? "frontier of LS on the sum (task weights summing to " + std::to_string(K) + "; " : "LS frontier (") +
            std::to_string(means.size()) + " task weights; hypervolume " + formatFixed(yardstick.volume(), 4) + ")",
        {"method", "test metrics (mean ± sd over seeds)", "against the " + f.name + " frontier",
         f.name + " point compared (weights)",
         "difference per objective (1 − metric), method − " + f.name + ": > 0 where " + f.name +
             " is better (95 % CI)"},
        {}};
    std::map<Outcome, int> counts;
    for (const auto* r : methods) {
        const auto method = r->experiment->spec.training.weighting;
        const auto j = judge(method, *r, lsByPoint, yardstick);
        const auto note = progressNote(*r);
        if (j.objectives.empty()) {
            t.rows.push_back({method + " (" + note + ")", "–", "–", "–", "–"});
            continue;
        }
        std::string metrics, diffs;
        for (std::size_t k = 0; k < j.objectives.size(); ++k) {
            metrics += (k ? "; " : "") + metricText(r->experiment->spec, k, j.objectives[k]);
            diffs += (k ? "; " : "") + testText(j.tests.at(k), 4);
        }
        t.rows.push_back({method + (note.empty() ? "" : " (" + note + ")"), metrics, j.against.label(),
                          weightsOf(j.lsPoint), diffs});
        if (!complete) continue;
        ++counts[j.outcome];
        rep.verdicts.push_back(
            {d.key + ": " + method + " does not beat linear scalarisation" +
                 (sum ? " on the sum of the losses (its seed-mean point is dominated by that "
                        "frontier)"
                      : " (its seed-mean point is dominated by the LS frontier)"),
             j.outcome, j.against.label() + "; against " + f.name + " at w = " + weightsOf(j.lsPoint) + ": " + diffs});
    }
    rep.tables.push_back(t);
    std::string caption = "Each method is one point per seed (its seed mean marked); " + f.name +
                          " is the frontier of its task weights" +
                          (sum ? " (summing to " + std::to_string(K) + ")" : "") + ". A method below and left of the " +
                          f.name + " frontier (lower objectives) beats it.";
    if (K > 2) // the plot has two axes: say which, and that its legend judges on those alone
        caption += " The figure draws the first two of the " + std::to_string(K) + " objectives (" +
                   spec.tasks()[0].name + ", " + spec.tasks()[1].name +
                   "); the verdicts in its legend are of those two, the table's of all " + std::to_string(K) + ".";
    rep.figures.push_back({f.figureId, d.label + ": the methods against the " + f.name + " frontier", caption, figure});
    if (complete)
        rep.notes.push_back(summaryNote(d.key + (sum ? ", LS on the sum" : ""), methods.size(), f.name, counts));
}

// How LS on the sum steps against LS on the mean, or why a data set has none (computed from the
// specs: --set may have changed the optimiser).
std::string sumNote(const std::string& key, const TrainingSpec& ls, const TrainingSpec* sum)
{
    if (!sum)
        return key + ": no LS on the sum: its " + ls.optimizer +
               (ls.weightDecay == 0 ? " without weight decay" : " with decoupled weight decay") +
               " takes the same steps on the sum as on the mean.";
    std::vector<std::string> changes;
    if (sum->lr != ls.lr)
        changes.push_back("learning rate " + formatNumber(sum->lr, 3) + " (LS: " + formatNumber(ls.lr, 3) + ")");
    if (sum->weightDecay != ls.weightDecay)
        changes.push_back("weight decay " + formatNumber(sum->weightDecay, 3) +
                          " (LS: " + formatNumber(ls.weightDecay, 3) + ")");
    return key + ": LS on the sum trained with " + ls.optimizer + " at " + joinList(changes, " and ") + ".";
}

// A data set's experiments, found by id: LS, the methods in their order, LS on the sum if trained.
void analyseDataSet(Report& rep, const DataSet& d, const std::vector<ExperimentRuns>& runs)
{
    const ExperimentRuns *ls = nullptr, *sum = nullptr;
    std::vector<const ExperimentRuns*> methods, all;
    for (const auto& r : runs) {
        const auto& id = r.experiment->id;
        if (id == lsId(d.key))
            ls = &r;
        else if (id == sumId(d.key))
            sum = &r;
        else if (id.rfind("methods-" + d.key + "-", 0) == 0)
            methods.push_back(&r);
        else
            continue;
        all.push_back(&r);
    }
    if (!ls) return;
    rep.notes.push_back(sumNote(d.key, ls->experiment->spec.training, sum ? &sum->experiment->spec.training : nullptr));
    const auto reference = sharedReference(all); // one reference for both frontiers
    analyseAgainst(rep, d, {ls, "LS", "methods-" + d.key, false}, methods, reference);
    if (sum) analyseAgainst(rep, d, {sum, "LS on the sum", "methods-" + d.key + "-sum", true}, methods, reference);
}

Report analyseMethods(const std::vector<ExperimentRuns>& runs, Scale scale, bool)
{
    Report rep;
    for (const auto& d : kDataSets)
        analyseDataSet(rep, d, runs);
    rep.notes.push_back("Each data set gets its verdicts against a frontier once that frontier and every method "
                        "have all their runs.");
    rep.notes.push_back("A verdict is \"reproduced\" when the LS frontier dominates the method's seed mean and, "
                        "against the LS point that dominates it most, at least one objective is better for LS "
                        "(Welch, one-sided p < 0.05) and none is significantly better for the method; \"direction "
                        "only\" when it is dominated in the means alone; \"contradicted\" when against every LS point "
                        "some objective is significantly better for the method; \"not reproduced\" otherwise.");
    rep.notes.push_back(kSumNote);
    if (scale == Scale::Quick)
        rep.notes.push_back("Quick scale: MultiMNIST with 20,000 training pairs and 3 epochs of Adam, census with "
                            "50,000 training rows; 2 seeds; LS over 5 (MultiMNIST) and 10 (census) task weights, LS "
                            "on the sum over the same grids.");
    else
        rep.notes.push_back("Paper scale: the presets' data and training, 3 seeds; LS over 11 (MultiMNIST) and 28 "
                            "(census, steps of 1/6) task weights, LS on the sum over the same grids.");
    return rep;
}

} // namespace

Reproduction methodsAgainstScalarisation()
{
    Reproduction r;
    r.name = "mtl-methods";
    r.title = "Weighting methods against linear scalarisation";
    r.source = "Xin et al. 2022 (NeurIPS), Kurin et al. 2022 (NeurIPS): the methods against the frontier of swept "
               "task weights";
    r.claim = "Most weighting and gradient methods do not beat linear scalarisation: their point is dominated by the "
              "frontier that scalarisation traces when its task weights are swept.";
    const std::string ours = "Ours: each of the 14 methods of docs/weighting.md with its defaults at one point, and "
                             "linear scalarisation over a grid of task weights, same model, data and optimiser; "
                             "MultiMNIST with the small heads paper's large LeNet, census with the AdaTT paper's "
                             "framework (ML-MMoE, 6 experts; its DWA is the dwa method).";
    r.quick = ours +
              " Cut down: 2 seeds, MultiMNIST 20,000 training pairs and 3 epochs of Adam, census 50,000 training "
              "rows; LS over 5 and 10 task weights; LS on the sum (weights summing to the task count) on census "
              "only.";
    r.paper = ours + " 3 seeds, the presets' data and training as they are; LS over 11 (MultiMNIST) and 28 (census, "
                     "steps of 1/6) task weights, and LS on the sum (weights summing to the task count) over the "
                     "same grids.";
    r.experiments = methodExperiments;
    r.analyse = analyseMethods;
    return r;
}

} // namespace mtlx
