// The small heads paper's MultiMNIST / MultiFashion results (Wang et al. 2022): Fig. 7 (the
// shared representation), Table 4 (middle points by model size) and Fig. 6b (small vs large
// self-auxiliaries vs PTA-F).
#include <map>

#include "core/reproduce/catalog.h"

namespace mtlx {

namespace {

// Image presets at `quick`: 20,000 training pairs (the paper: 100,000), 5,000 validation and
// 10,000 test pairs (20,000 each), `epochs` epochs (100), and Adam at 0.001 — the paper's SGD (lr
// 0.0008, momentum 0.9) needs its ~39,000 steps: after the ~800 of 10 quick epochs the large
// LeNet was at 18–46 % accuracy, with Adam at 85–88 % after 5.
void imageQuick(ExperimentSpec& s, int epochs)
{
    s.training.optimizer = "adam";
    s.training.lr = 0.001;
    s.dataset.train = 20000;
    s.dataset.validation = 5000;
    s.dataset.test = 10000;
    s.training.epochs = epochs;
    s.training.reportLast = 1;
}

// What the paper itself gives for MultiMNIST / MultiFashion (appendix A.3.1); the rest of each
// protocol line says whose each other setting is.
const char* kImagesFromPaper = "From the paper (A.3.1): 100,000 training and 20,000 test pairs, the large LeNet of "
                               "Fig. 11, SGD with momentum 0.9, batch 256.";

// ---- Fig. 7 ----

struct RepresentationStats {
    std::vector<double> active, median, p99, tail; // per run
};

RepresentationStats representation(const ExperimentRuns& runs)
{
    RepresentationStats s;
    for (const auto& r : runs.ok) {
        const auto probe = activationProbeFromJson(r);
        s.active.push_back(100 * histogramMean(probe.nonzeroFraction));
        const double m = histogramQuantile(probe.nonzeroValues, 0.5), p = histogramQuantile(probe.nonzeroValues, 0.99);
        s.median.push_back(m);
        s.p99.push_back(p);
        s.tail.push_back(m > 0 ? p / m : 0);
    }
    return s;
}

Report analyseFig7(const std::vector<ExperimentRuns>& runs, Scale, bool complete)
{
    Report rep;
    const auto mtl = representation(runs[0]), aux = representation(runs[1]);
    ReportTable t{"The shared representation on the test set",
                  {"measure", "MTL (mean ± sd over seeds)", "with small heads", "paper (Fig. 7)"},
                  {}};
    auto row = [&](const std::string& name, const std::vector<double>& a, const std::vector<double>& b,
                   const std::string& paper, int decimals) {
        t.rows.push_back({name, formatEstimate(estimate(a), decimals), formatEstimate(estimate(b), decimals), paper});
    };
    row("active units per example (%)", mtl.active, aux.active, "higher with small heads", 2);
    row("median activated value", mtl.median, aux.median, "", 3);
    row("99th percentile of activated values", mtl.p99, aux.p99, "longer tail with small heads", 3);
    row("99th / 50th percentile (tail weight)", mtl.tail, aux.tail, "heavier tail with small heads", 2);
    rep.tables.push_back(t);
    if (!runs[0].ok.empty() && !runs[1].ok.empty())
        rep.figures.push_back(
            {"activations", "Activations of the shared representation, with and without small heads (Fig. 7)",
             "Left: the fraction of the shared layer's units that are active (nonzero) per test example; right: the "
             "distribution of the active values. Red: with the linear small heads; grey: MTL. First seed of each.",
             ActivationFigure{activationProbeFromJson(runs[1].ok[0]), activationProbeFromJson(runs[0].ok[0]),
                              "with small heads", "MTL"}});
    rep.notes.push_back("The probed layer is the last shared layer of the large LeNet (50 units; the paper's figure "
                        "shows a representation of 100 units). Percentiles are read off 100-bin histograms.");
    if (!complete) return rep;
    rep.verdicts.push_back(higherVerdict("with small heads the shared layer has more active units per example",
                                         estimate(aux.active), estimate(mtl.active), "small heads", "MTL", 2));
    rep.verdicts.push_back(higherVerdict("with small heads the activated values have a longer tail (99th percentile)",
                                         estimate(aux.p99), estimate(mtl.p99), "small heads", "MTL", 3));
    rep.verdicts.push_back(higherVerdict(
        "with small heads the activated values have a heavier tail (99th / 50th percentile, free of their scale)",
        estimate(aux.tail), estimate(mtl.tail), "small heads", "MTL", 2));
    return rep;
}

// ---- Table 4 ----

struct PaperRow {
    double left, right;
};
// Table 4 of the paper: (a) read as MultiMNIST, (b) as MultiFashion, by size and method.
const std::map<std::string, PaperRow>& table4()
{
    static const std::map<std::string, PaperRow> rows{{"multimnist/small/MTL", {90.95, 88.92}},
                                                      {"multimnist/small/Uncertainty", {91.56, 89.59}},
                                                      {"multimnist/small/MGDA-UB", {90.09, 89.09}},
                                                      {"multimnist/small/PCGrad", {91.33, 88.88}},
                                                      {"multimnist/small/Self-Auxiliaries", {91.49, 89.19}},
                                                      {"multimnist/medium/MTL", {91.85, 89.51}},
                                                      {"multimnist/medium/Uncertainty", {91.86, 89.92}},
                                                      {"multimnist/medium/MGDA-UB", {91.44, 89.62}},
                                                      {"multimnist/medium/PCGrad", {91.79, 89.85}},
                                                      {"multimnist/medium/Self-Auxiliaries", {92.20, 90.12}},
                                                      {"multimnist/large/MTL", {91.95, 90.82}},
                                                      {"multimnist/large/Uncertainty", {92.45, 90.68}},
                                                      {"multimnist/large/MGDA-UB", {92.45, 90.67}},
                                                      {"multimnist/large/PCGrad", {92.56, 90.69}},
                                                      {"multimnist/large/Self-Auxiliaries", {92.80, 91.03}},
                                                      {"multifashion/small/MTL", {81.26, 80.96}},
                                                      {"multifashion/small/Uncertainty", {82.46, 81.09}},
                                                      {"multifashion/small/MGDA-UB", {81.36, 81.08}},
                                                      {"multifashion/small/PCGrad", {81.42, 80.94}},
                                                      {"multifashion/small/Self-Auxiliaries", {82.70, 81.19}},
                                                      {"multifashion/medium/MTL", {81.90, 81.76}},
                                                      {"multifashion/medium/Uncertainty", {82.83, 82.25}},
                                                      {"multifashion/medium/MGDA-UB", {82.38, 81.97}},
                                                      {"multifashion/medium/PCGrad", {82.30, 81.82}},
                                                      {"multifashion/medium/Self-Auxiliaries", {83.06, 82.38}},
                                                      {"multifashion/large/MTL", {82.72, 81.72}},
                                                      {"multifashion/large/Uncertainty", {82.99, 82.25}},
                                                      {"multifashion/large/MGDA-UB", {82.68, 82.06}},
                                                      {"multifashion/large/PCGrad", {82.78, 82.22}},
                                                      {"multifashion/large/Self-Auxiliaries", {83.37, 82.67}}};
    return rows;
}

const std::vector<std::string> kDataSets{"multimnist", "multifashion"};
const std::vector<std::string> kSizes{"small", "medium", "large"};

std::vector<std::pair<std::string, std::string>> table4Methods(Scale scale) // name, weighting ("" = small heads)
{
    if (scale == Scale::Quick) return {{"MTL", "linear"}, {"Self-Auxiliaries", ""}};
    return {{"MTL", "linear"},
            {"Uncertainty", "uncertainty"},
            {"MGDA-UB", "mgda_ub"},
            {"PCGrad", "pcgrad"},
            {"Self-Auxiliaries", ""}};
}

std::vector<Experiment> table4Experiments(Scale scale)
{
    std::vector<Experiment> out;
    for (const auto& ds : kDataSets)
        for (const auto& size : kSizes)
            for (const auto& [method, weighting] : table4Methods(scale)) {
                const std::string preset = ds + "-" + size + (weighting.empty() ? "-heads" : "");
                const std::string id = "table4-" + ds + "-" + size + "-" + (weighting.empty() ? "heads" : weighting);
                out.push_back(presetExperiment(id, ds + "/" + size + "/" + method, preset,
                                               [scale, w = weighting](ExperimentSpec& s) {
                                                   if (!w.empty()) s.training.weighting = w;
                                                   s.sweep.points = 1;
                                                   s.training.taskWeights = {0.5, 0.5};
                                                   s.sweep.seeds = scale == Scale::Quick ? 2 : 5;
                                                   if (scale == Scale::Quick) imageQuick(s, 5);
                                               }));
            }
    return out;
}

Report analyseTable4(const std::vector<ExperimentRuns>& runs, Scale scale, bool complete)
{
    Report rep;
    ReportTable t{"Middle points (w = ½, ½): accuracy of the left and right digit, %",
                  {"data set", "model", "method", "Accu-L ours", "Accu-R ours", "Accu-L paper", "Accu-R paper"},
                  {}};
    std::map<std::string, Estimate> meanAccuracy; // label → mean of left and right per seed
    for (const auto& r : runs) {
        const auto& label = r.experiment->label;
        const auto mid = middleMetric(r, "accuracy");
        auto pct = [](Estimate e) { return e.mean *= 100, e.sd *= 100, e; };
        const auto& paper = table4().at(label);
        const auto first = label.find('/'), second = label.find('/', first + 1);
        t.rows.push_back({label.substr(0, first), label.substr(first + 1, second - first - 1),
                          label.substr(second + 1) + (progressNote(r).empty() ? "" : " (" + progressNote(r) + ")"),
                          formatEstimate(pct(mid[0]), 2), formatEstimate(pct(mid[1]), 2), formatFixed(paper.left, 2),
                          formatFixed(paper.right, 2)});
        auto values = middleTaskMean(r, "accuracy");
        for (auto& v : values)
            v *= 100;
        meanAccuracy[label] = estimate(values);
    }
    rep.tables.push_back(t);
    rep.notes.push_back("Ours: the runs at w = (½, ½) with the presets' hyper-parameters, mean ± sd over seeds; the "
                        "paper's middle point is that of a frontier of 1,000 tuned runs per method.");
    if (scale == Scale::Quick)
        rep.notes.push_back("Quick scale trains 5 epochs of Adam on a fifth of the data: accuracies sit below the "
                            "paper's, and only MTL and self-auxiliaries are run.");
    if (!complete) return rep;
    for (const auto& ds : kDataSets) {
        for (const auto& size : kSizes) {
            const auto& sa = meanAccuracy.at(ds + "/" + size + "/Self-Auxiliaries");
            const auto& mtl = meanAccuracy.at(ds + "/" + size + "/MTL");
            rep.verdicts.push_back(higherVerdict(ds + " " + size + ": self-auxiliaries beat MTL (mean of Accu-L and R)",
                                                 sa, mtl, "self-auxiliaries", "MTL", 2));
        }
    }
    return rep;
}

// ---- Fig. 6b ----

const std::vector<std::pair<std::string, std::string>> kFig6bHeads{{"none", "MTL (no heads)"},
                                                                   {"linear", "linear self-auxiliaries (small heads)"},
                                                                   {"large", "large self-auxiliaries"},
                                                                   {"pta", "PTA-F"}};

Report analyseFig6b(const std::vector<ExperimentRuns>& runs, Scale, bool complete)
{
    Report rep;
    std::vector<double> reference;
    const auto hv = hypervolumes(runs, reference);
    ReportTable t{"Frontiers on MultiMNIST (large model)",
                  {"heads", "training parameters", "hypervolume (mean ± sd over seeds)", "middle Accu-L",
                   "middle Accu-R", "paper (Fig. 6b)"},
                  {}};
    FrontierFigure fig;
    fig.zoomToTrainedTasks = true;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const auto& r = runs[i];
        const auto mid = middleMetric(r, "accuracy");
        const std::string params = r.ok.empty() ? "–" : std::to_string(r.ok[0].at("params").value("training", 0));
        t.rows.push_back({kFig6bHeads[i].second, params, formatEstimate(hv[i], 4), formatEstimate(mid[0], 4),
                          formatEstimate(mid[1], 4), i == 1 ? "the best frontier" : "below the small heads"});
        if (!r.ok.empty()) fig.configurations.push_back({kFig6bHeads[i].second, r.folder});
    }
    rep.tables.push_back(t);
    rep.figures.push_back(
        {"frontiers", "Linear vs large self-auxiliaries vs PTA-F on MultiMNIST (Fig. 6b)",
         "Test error (1 − accuracy) of the left and right digit; lower-left is better. The legend "
         "gives each configuration's hypervolume against one common reference; runs with a task weight of 0 lie "
         "outside the view.",
         fig});
    if (!complete) return rep;
    rep.verdicts.push_back(higherVerdict("linear small heads give a better frontier than large self-auxiliaries", hv[1],
                                         hv[2], "hypervolume linear", "large", 4));
    rep.verdicts.push_back(higherVerdict("linear small heads give a better frontier than PTA-F", hv[1], hv[3],
                                         "hypervolume linear", "PTA-F", 4));
    return rep;
}

} // namespace

Reproduction smallHeadsFig7()
{
    Reproduction r;
    r.name = "sh-fig7";
    r.title = "Small heads Fig. 7: the shared representation with and without small heads";
    r.source = "Wang et al. 2022, Fig. 7 (MultiMNIST test set, the shared representation)";
    r.claim = "with self-auxiliaries the shared representation has more activated neurons per example, and the "
              "activated values have a longer, heavier tail.";
    r.quick = std::string(kImagesFromPaper) +
              " Ours: 4 seeds, 100-bin histograms of the shared layer; cut down for a lecture: 20,000 training pairs, "
              "10,000 test pairs, 5 epochs of Adam at 0.001 instead of the code's SGD at 0.0008.";
    r.paper = std::string(kImagesFromPaper) + " From the authors' code: SGD at 0.0008, 100 epochs, the mean of the "
                                              "last 5 epochs. Ours: 5 seeds, 100-bin histograms of the shared layer.";
    r.experiments = [](Scale scale) {
        std::vector<Experiment> e;
        for (bool heads : {false, true})
            e.push_back(presetExperiment(
                heads ? "fig7-multimnist-large-heads" : "fig7-multimnist-large", heads ? "with small heads" : "MTL",
                heads ? "multimnist-large-heads" : "multimnist-large", [scale](ExperimentSpec& s) {
                    s.sweep.points = 1;
                    s.training.taskWeights = {0.5, 0.5};
                    s.sweep.seeds = scale == Scale::Quick ? 4 : 5;
                    s.probe.layer = "shared";
                    s.probe.bins = 100;
                    if (scale == Scale::Quick) imageQuick(s, 5);
                }));
        return e;
    };
    r.analyse = analyseFig7;
    return r;
}

Reproduction smallHeadsTable4()
{
    Reproduction r;
    r.name = "sh-table4";
    r.title = "Small heads Table 4: middle points on MultiMNIST and MultiFashion by model size";
    r.source = "Wang et al. 2022, Table 4 (appendix A.3.2; table (a) read as MultiMNIST, (b) as MultiFashion)";
    r.claim = "self-auxiliaries match the best baseline on small models and beat every baseline on medium and large "
              "ones; the larger the model, the larger the gain.";
    r.quick = std::string(kImagesFromPaper) +
              " Ours: MTL and self-auxiliaries only, small / medium / large LeNet read from the paper's Fig. 11, 2 "
              "seeds, w = (½, ½) as the middle point; cut down for a lecture: 20,000 training pairs, 5 epochs of Adam "
              "at 0.001 instead of the code's SGD at 0.0008.";
    r.paper = std::string(kImagesFromPaper) +
              " From the authors' code: the learning rates of its best runs, 100 epochs, the mean of the last 5 "
              "epochs' test accuracy. Ours: the five methods on the three sizes read from Fig. 11, 5 seeds, w = (½, ½) "
              "as the middle point (the paper tunes 1,000 runs per method).";
    r.experiments = table4Experiments;
    r.analyse = analyseTable4;
    return r;
}

Reproduction smallHeadsFig6b()
{
    Reproduction r;
    r.name = "sh-fig6b";
    r.title = "Small heads Fig. 6b: linear vs large self-auxiliaries vs PTA-F";
    r.source = "Wang et al. 2022, Fig. 6b (MultiMNIST Pareto frontiers)";
    r.claim = "the under-parameterized (linear) self-auxiliaries give the best frontier; large self-auxiliaries and "
              "PTA-F, with far more parameters, do worse.";
    r.quick = std::string(kImagesFromPaper) +
              " Ours: 5 task weights × 2 seeds per configuration; cut down for a lecture: 20,000 training pairs, 5 "
              "epochs of Adam at 0.001 instead of the code's SGD at 0.0008.";
    r.paper = std::string(kImagesFromPaper) + " From the authors' code: SGD at 0.0008, 100 epochs. Ours: 11 task "
                                              "weights × 3 seeds per configuration (the paper: 1,000 runs).";
    r.experiments = [](Scale scale) {
        std::vector<Experiment> e;
        for (const auto& [kind, label] : kFig6bHeads)
            e.push_back(presetExperiment("fig6b-multimnist-large-" + kind, label, "multimnist-large-heads",
                                         [scale, k = kind](ExperimentSpec& s) {
                                             s.heads.kind = k;
                                             s.sweep.points = scale == Scale::Quick ? 5 : 11;
                                             s.sweep.seeds = scale == Scale::Quick ? 2 : 3;
                                             if (scale == Scale::Quick) imageQuick(s, 5);
                                         }));
        return e;
    };
    r.analyse = analyseFig6b;
    return r;
}

} // namespace mtlx
