// Reproductions (docs/reproduction.md): the statistics behind a verdict, the catalog's
// experiments, the analyses on runs whose numbers are known, and the runner end to end on a tiny
// reproduction (files, resume, shards, figures handed to the renderer).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <QTemporaryDir>
#include <QtTest>

#include "core/reproduce/catalog.h"
#include "core/reproduce/reproduction.h"
#include "core/reproduce/statistics.h"
#include "core/spec/presets.h"
#include "core/spec/specerror.h"
#include "tests/common/tinysweep.h"

using mtlx::Outcome;

// Outcomes compare by their names, so that a failure says which.
#define COMPARE_OUTCOME(actual, expected)                                                                              \
    QCOMPARE(QString::fromStdString(mtlx::toString(actual)), QString::fromStdString(mtlx::toString(expected)))
using nlohmann::json;

namespace {

// A result.json object as a sweep stores it: status, spec, per-task test metrics, gates.
json fakeResult(const mtlx::ExperimentSpec& spec, const std::vector<std::pair<std::string, double>>& metrics,
                const json& gates = json::array())
{
    json tasks = json::array();
    for (const auto& t : spec.tasks()) {
        json test = json::object();
        for (const auto& [name, value] : metrics)
            test[name] = value;
        tasks.push_back({{"name", t.name}, {"test", test}});
    }
    return {{"status", "ok"},
            {"spec", mtlx::experimentToJson(spec)},
            {"tasks", tasks},
            {"probes", {{"gates", gates}}},
            {"params", {{"training", 10}}}};
}

// mtl-methods' runs for MultiMNIST (experiments e[0…14]; census none): LS over e[0]'s grid on the line
// accuracy_L + accuracy_R = `lsLine`, three seeds each; the first methods at the points given, the
// others far inside (0.80, 0.80); every MultiMNIST experiment complete, census's one run short each.
std::vector<mtlx::ExperimentRuns> methodsRuns(const std::vector<mtlx::Experiment>& e, double lsLine,
                                              const std::vector<std::pair<double, double>>& methods)
{
    std::vector<mtlx::ExperimentRuns> runs(e.size());
    for (std::size_t i = 0; i < e.size(); ++i) {
        runs[i].experiment = &e[i];
        runs[i].planned = 1;
    }
    // Three seeds of one point, jittered by ±0.001: accuracies (left, right), task weights (w, 1 − w).
    const auto addSeeds = [](mtlx::ExperimentRuns& r, std::size_t point, double left, double right, double w) {
        for (std::size_t s = 0; s < 3; ++s) {
            const double jitter = 0.001 * (static_cast<double>(s) - 1);
            r.ok.push_back(fakeResult(r.experiment->spec, {}));
            r.ok.back()["task_weights"] = {w, 1 - w};
            auto& tasks = r.ok.back()["tasks"];
            tasks[0]["test"]["accuracy"] = left + jitter;
            tasks[1]["test"]["accuracy"] = right + jitter;
            r.pointOf.push_back(point);
            r.seedOf.push_back(s);
        }
    };
    const auto points = static_cast<std::size_t>(e[0].spec.sweep.points);
    for (std::size_t p = 0; p < points; ++p) {
        const double w = static_cast<double>(p) / static_cast<double>(points - 1);
        const double left = 0.80 + 0.08 * w;
        addSeeds(runs[0], p, left, lsLine - left, w);
    }
    runs[0].planned = runs[0].ok.size();
    for (std::size_t m = 0; m < 14; ++m) {
        runs[1 + m].planned = 3;
        const auto [left, right] = m < methods.size() ? methods[m] : std::make_pair(0.80, 0.80);
        addSeeds(runs[1 + m], 0, left, right, 0.5);
    }
    return runs;
}

// Runs of one experiment at its single grid point, one per seed.
mtlx::ExperimentRuns fakeRuns(const mtlx::Experiment& e, const std::vector<json>& results)
{
    mtlx::ExperimentRuns r;
    r.experiment = &e;
    r.planned = results.size();
    for (std::size_t i = 0; i < results.size(); ++i) {
        r.ok.push_back(results[i]);
        r.seedOf.push_back(i);
        r.pointOf.push_back(0);
    }
    return r;
}

// Two tasks' AdaTT gates at two levels: each task puts `cross` on the other task's two experts.
json twoTaskGates(double cross)
{
    json levels = json::array();
    for (int l = 0; l < 2; ++l)
        levels.push_back({{"level", l},
                          {"rows", {"y1", "y2"}},
                          {"cols", {"y1/1", "y1/2", "y2/1", "y2/2"}},
                          {"matrix",
                           {{(1 - cross) / 2, (1 - cross) / 2, cross / 2, cross / 2},
                            {cross / 2, cross / 2, (1 - cross) / 2, (1 - cross) / 2}}}});
    return levels;
}

} // namespace

class TestReproduce : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void statisticsAreTheTextbookOnes()
    {
        const auto e = mtlx::estimate({1, 2, 3, 4});
        QCOMPARE(e.n, 4);
        QCOMPARE(e.mean, 2.5);
        QVERIFY(std::abs(e.sd - 1.2909944487358056) < 1e-12);
        QCOMPARE(QString::fromStdString(mtlx::formatEstimate(e, 3)), QString("2.500 ± 1.291"));
        QCOMPARE(QString::fromStdString(mtlx::formatEstimate(mtlx::estimate({0.5}), 2)), QString("0.50"));
        QCOMPARE(QString::fromStdString(mtlx::formatEstimate(mtlx::estimate({}), 2)), QString("–"));
        // The verdict rule on Welch's test (the samples of welchMatchesSciPy, p from SciPy):
        using mtlx::outcomeOf;
        using mtlx::welch;
        const std::vector<double> a0{0.80, 0.82, 0.79}, b0{0.85, 0.86, 0.83, 0.84};       // +0.042, two-sided p 0.019
        const std::vector<double> a1{1, 2, 3, 4, 5}, b1{2, 2.5, 2.9};                     // −0.53, p 0.51
        const std::vector<double> a2{0.9475, 0.9471, 0.9480}, b2{0.9463, 0.9468, 0.9470}; // −0.00083, p 0.070
        COMPARE_OUTCOME(outcomeOf(welch(a0, b0)), Outcome::Reproduced);                   // one-sided 0.0096
        COMPARE_OUTCOME(outcomeOf(welch(b0, a0)), Outcome::Contradicted);                 // the other way round
        COMPARE_OUTCOME(outcomeOf(welch(b2, a2)), Outcome::Reproduced);                   // one-sided 0.035 < 0.05
        COMPARE_OUTCOME(outcomeOf(welch(a2, b2)), Outcome::Contradicted);                 // 0.035 the wrong way
        COMPARE_OUTCOME(outcomeOf(welch(b1, a1)), Outcome::DirectionOnly);                // +0.53, one-sided 0.26
        COMPARE_OUTCOME(outcomeOf(welch(a1, b1)), Outcome::NotReproduced);                // −0.53, not significant
        COMPARE_OUTCOME(outcomeOf(welch({1.0}, {2.0, 3.0})), Outcome::DirectionOnly);     // one seed
        COMPARE_OUTCOME(outcomeOf(welch({3.0}, {1.0, 2.0})), Outcome::NotReproduced);
        COMPARE_OUTCOME(outcomeOf(welch({1.0, 1.0}, {1.0, 1.0})), Outcome::NotReproduced); // a tie
        QCOMPARE(mtlx::testText(welch(a0, b0), 3),
                 std::string("+0.042 (95 % CI +0.011 … +0.072, one-sided p = 0.00963)"));
        QCOMPARE(mtlx::testText(welch({1.0}, {2.0, 3.0}), 2), std::string("+1.50 (one seed or no spread: no test)"));
        QCOMPARE(mtlx::testText(welch(b0, a0), 3),
                 std::string("-0.042 (95 % CI -0.072 … -0.011, one-sided p = 0.00963 the other way)"));
        COMPARE_OUTCOME(mtlx::weakest({Outcome::Reproduced, Outcome::DirectionOnly}), Outcome::DirectionOnly);
        COMPARE_OUTCOME(mtlx::weakest({Outcome::Reproduced, Outcome::NotReproduced, Outcome::DirectionOnly}),
                        Outcome::NotReproduced);
        COMPARE_OUTCOME(mtlx::weakest({Outcome::Contradicted, Outcome::NotReproduced, Outcome::Reproduced}),
                        Outcome::Contradicted);
        QCOMPARE(mtlx::toString(Outcome::Contradicted), std::string("contradicted"));
    }

    // Welch's test against SciPy's ttest_ind(equal_var=False) and the t quantile
    // (tests/bench/welch_reference.py prints these numbers).
    void welchMatchesSciPy()
    {
        struct Case {
            std::vector<double> a, b;
            double diff, low, high, p, df;
        };
        const std::vector<Case> cases{{{0.80, 0.82, 0.79},
                                       {0.85, 0.86, 0.83, 0.84},
                                       0.04166666666666663,
                                       0.01119935207894222,
                                       0.072133981254391036,
                                       0.019259215414958997,
                                       3.9593147751606113},
                                      {{1, 2, 3, 4, 5},
                                       {2, 2.5, 2.9},
                                       -0.53333333333333321,
                                       -2.4732118304781263,
                                       1.4065451638114601,
                                       0.51084056309340919,
                                       4.9751074106181692},
                                      {{0.9475, 0.9471, 0.9480},
                                       {0.9463, 0.9468, 0.9470},
                                       -0.00083333333333335258,
                                       -0.0017767511368624879,
                                       0.00011008447019578279,
                                       0.069780162999738132,
                                       3.815337657382678}};
        auto close = [](double x, double y) { return std::abs(x - y) <= 1e-9 * std::max(1.0, std::abs(y)); };
        for (const auto& c : cases) {
            const auto w = mtlx::welch(c.a, c.b);
            QVERIFY2(
                close(w.difference, c.diff) && close(w.low, c.low) && close(w.high, c.high) && close(w.p, c.p) &&
                    close(w.df, c.df),
                qPrintable(
                    QString("%1 [%2, %3] p %4 df %5").arg(w.difference).arg(w.low).arg(w.high).arg(w.p).arg(w.df)));
        }
        // One-sided: half the two-sided p in the difference's direction.
        const auto w = mtlx::welch(cases[0].a, cases[0].b);
        QVERIFY(close(w.oneSided(true), cases[0].p / 2));
        QVERIFY(close(w.oneSided(false), 1 - cases[0].p / 2));
        // As tables show p: three significant digits, small ones as a bound, none as a dash.
        QCOMPARE(mtlx::formatPValue(cases[0].p), std::string("0.0193"));
        QCOMPARE(mtlx::formatPValue(0.0004), std::string("<0.001"));
        QCOMPARE(mtlx::formatPValue(std::nan("")), std::string("-"));
        // One seed on a side: no interval, no p.
        QVERIFY(std::isnan(mtlx::welch({1.0}, {2.0, 3.0}).p));
        QVERIFY(std::isnan(mtlx::welch({1.0, 1.0}, {2.0, 2.0}).p)); // no spread at all
        // The one-sample test (SciPy's ttest_1samp of 1 − share against ½) and a difference of
        // two differences over four samples (Welch–Satterthwaite, SciPy's t distribution).
        const auto one = mtlx::welchContrast({{-1, mtlx::estimate({0.10, 0.12, 0.14})}}, -0.5);
        QVERIFY(close(one.difference, 0.38) && close(one.low, 0.33031724576312493) &&
                close(one.high, 0.42968275423687508) && close(one.p, 0.00092208410572413148) && close(one.df, 2));
        const auto gain = mtlx::welchContrast({{1, mtlx::estimate({0.50, 0.52, 0.55})},
                                               {-1, mtlx::estimate({0.40, 0.43, 0.41})},
                                               {-1, mtlx::estimate({0.45, 0.46, 0.44})},
                                               {1, mtlx::estimate({0.44, 0.43, 0.45})}});
        QVERIFY(close(gain.difference, 0.1) && close(gain.low, 0.050866344645638599) &&
                close(gain.high, 0.14913365535436135) && close(gain.p, 0.003627060518681335) &&
                close(gain.df, 4.7850467289719596));
    }

    void histogramsGiveMeansAndQuantiles()
    {
        const mtlx::Histogram h{{0, 1, 2, 3, 4}, {1, 1, 1, 1}};
        QCOMPARE(mtlx::histogramMean(h), 2.0);
        QCOMPARE(mtlx::histogramQuantile(h, 0.5), 2.0);
        QCOMPARE(mtlx::histogramQuantile(h, 0.25), 1.0);
        QVERIFY(std::abs(mtlx::histogramQuantile(h, 0.9) - 3.6) < 1e-12);
        const mtlx::Histogram skewed{{0, 1, 2}, {3, 1}};
        QCOMPARE(mtlx::histogramMean(skewed), 0.75);
        QVERIFY(std::abs(mtlx::histogramQuantile(skewed, 0.5) - 2.0 / 3) < 1e-12);
    }

    void theCatalogListsEveryResultWithValidExperiments()
    {
        QStringList names;
        for (const auto& r : mtlx::reproductions())
            names << QString::fromStdString(r.name);
        QCOMPARE(names, QStringList({"sh-fig1a", "sh-fig1bc", "sh-fig7", "sh-table4", "sh-fig6b", "adatt-table5",
                                     "adatt-table6", "adatt-fig3", "mtl-methods", "pareto-one-model"}));
        for (const auto& r : mtlx::reproductions())
            for (auto scale : {mtlx::Scale::Quick, mtlx::Scale::Paper}) {
                std::set<std::string> ids;
                for (const auto& e : r.experiments(scale)) {
                    QVERIFY2(ids.insert(e.id).second, e.id.c_str()); // one folder each
                    QVERIFY(!mtlx::planSweep(e.spec).empty());
                    // Every spec passes the validator as written.
                    const auto written = mtlx::experimentToJson(e.spec);
                    const auto read = mtlx::experimentToJson(mtlx::experimentFromJson(written));
                    QVERIFY2(read == written, (e.id + ": " + json::diff(written, read).dump()).c_str());
                }
            }
        // Reproductions run into one folder together: an experiment id names one spec in all of them
        // (Fig. 1a and 1b share their sine sweeps; every other folder is its reproduction's own).
        for (auto scale : {mtlx::Scale::Quick, mtlx::Scale::Paper}) {
            std::map<std::string, json> specs;
            for (const auto& r : mtlx::reproductions())
                for (const auto& e : r.experiments(scale)) {
                    auto j = mtlx::experimentToJson(e.spec);
                    for (const char* free : {"name", "description", "sweep"})
                        j.erase(free);
                    const auto [it, fresh] = specs.emplace(e.id, j);
                    QVERIFY2(fresh || it->second == j, (r.name + ": " + e.id).c_str());
                }
        }
        // At paper scale Fig. 1a is the presets exactly (so their sweep folders are reused) …
        const auto paper = mtlx::findReproduction("sh-fig1a").experiments(mtlx::Scale::Paper);
        QCOMPARE(paper.size(), std::size_t{10});
        QCOMPARE(mtlx::experimentToJson(paper[3].spec), mtlx::experimentToJson(mtlx::presetSpec("sine-towers3")));
        // … and quick is stated: a fifth of the data, half the epochs, 2 seeds.
        const auto quick = mtlx::findReproduction("sh-fig1a").experiments(mtlx::Scale::Quick);
        QCOMPARE(quick[3].spec.dataset.train, std::int64_t{20000});
        QCOMPARE(quick[3].spec.training.epochs, 10);
        QCOMPARE(quick[3].spec.sweep.seeds, 2);
        // Table 5 at paper scale: at least 10 seeds of each model.
        for (const auto& e : mtlx::findReproduction("adatt-table5").experiments(mtlx::Scale::Paper))
            QVERIFY(e.spec.sweep.seeds >= 10);
        QVERIFY_THROWS_EXCEPTION(mtlx::InputError, mtlx::findReproduction("sh-fig99"));
        QVERIFY(mtlx::scaleFromString("paper") == mtlx::Scale::Paper);
        QVERIFY_THROWS_EXCEPTION(mtlx::InputError, mtlx::scaleFromString("huge"));
    }

    void gateSharingGrowsWithCorrelation()
    {
        const auto& r = mtlx::findReproduction("adatt-fig3");
        const auto e = r.experiments(mtlx::Scale::Quick);
        QCOMPARE(e.size(), std::size_t{3});
        std::vector<mtlx::ExperimentRuns> runs;
        const double cross[3][3] = {{0.10, 0.12, 0.14}, {0.30, 0.31, 0.32}, {0.50, 0.52, 0.54}};
        for (std::size_t i = 0; i < 3; ++i) {
            std::vector<json> results;
            for (double c : cross[i])
                results.push_back(fakeResult(e[i].spec, {{"mse", 0.1}}, twoTaskGates(c)));
            runs.push_back(fakeRuns(e[i], results));
        }
        const auto report = r.analyse(runs, mtlx::Scale::Quick, true);
        QCOMPARE(report.tables.at(0).rows.at(0).at(1), std::string("0.120 ± 0.020"));
        QCOMPARE(report.tables.at(0).rows.at(2).at(2), std::string("0.520 ± 0.020"));
        QCOMPARE(report.verdicts.size(), std::size_t{4});
        COMPARE_OUTCOME(report.verdicts[0].outcome, Outcome::Reproduced); // 0.40, sd 0.02: p < 0.001
        COMPARE_OUTCOME(report.verdicts[1].outcome, Outcome::Reproduced); // own share 0.88 > ½
        QVERIFY(report.verdicts[0].evidence.find("+0.400") != std::string::npos);
        // The figure holds one panel per correlation, with the first seed's gates.
        QCOMPARE(report.figures.size(), std::size_t{2});
        const auto& g = std::get<mtlx::GateFigure>(report.figures[0].content);
        QCOMPARE(g.panels.size(), std::size_t{3});
        QCOMPARE(g.panels[2].gates.at(0).matrix[0][2], 0.25);
        // Not complete: tables and figures, no verdicts.
        QVERIFY(r.analyse(runs, mtlx::Scale::Quick, false).verdicts.empty());
    }

    void anOrderingThatFailsOnOneTaskIsContradicted()
    {
        const auto& r = mtlx::findReproduction("adatt-table5");
        const auto e = r.experiments(mtlx::Scale::Quick);
        std::vector<mtlx::ExperimentRuns> runs;
        // ML-MMoE, PLE, AdaTT per group (every task the same AUC, ± 0.001 over 3 seeds): the paper's
        // ordering in the 6-expert group, PLE ahead of AdaTT in the 9-expert group.
        const double auc[6] = {0.85, 0.84, 0.86, 0.85, 0.87, 0.86};
        for (std::size_t i = 0; i < 6; ++i) {
            std::vector<json> results;
            for (double jitter : {-0.001, 0.0, 0.001})
                results.push_back(fakeResult(e[i].spec, {{"auc", auc[i] + jitter}, {"loss", 0.3}}));
            runs.push_back(fakeRuns(e[i], results));
        }
        const auto report = r.analyse(runs, mtlx::Scale::Quick, true);
        QCOMPARE(report.tables[0].rows[2][2], std::string("0.8600 ± 0.0010"));
        QCOMPARE(report.tables[0].columns.back(), std::string("paper task 3 AUC"));
        QCOMPARE(report.tables[0].rows[2].back(), std::string("0.9783"));
        QCOMPARE(report.verdicts.size(), std::size_t{6});
        for (std::size_t v : {0, 1, 2}) // 6 experts: AdaTT > ML-MMoE > PLE by 0.01, sd 0.001: p < 0.001
            COMPARE_OUTCOME(report.verdicts[v].outcome, Outcome::Reproduced);
        COMPARE_OUTCOME(report.verdicts[3].outcome, Outcome::Reproduced);   // 9: AdaTT 0.86 > ML-MMoE 0.85
        COMPARE_OUTCOME(report.verdicts[4].outcome, Outcome::Contradicted); // 9: AdaTT 0.86 < PLE 0.87
        COMPARE_OUTCOME(report.verdicts[5].outcome, Outcome::Contradicted); // 9: ML-MMoE 0.85 < PLE 0.87
        QVERIFY(report.verdicts[4].evidence.find("-0.01000") != std::string::npos);
    }

    // mtl-methods at paper scale: census's LS grid is finer (steps of 1/6, 28 weights, 10 weighting
    // every task) and holds every quick weight, so runs kept for the coarse grid still count.
    void methodsPaperGridHoldsTheQuickOne()
    {
        const auto& r = mtlx::findReproduction("mtl-methods");
        const auto quickLs = r.experiments(mtlx::Scale::Quick)[15].spec;
        const auto paperLs = r.experiments(mtlx::Scale::Paper)[15].spec;
        QCOMPARE(paperLs.training.weighting, std::string("linear"));
        QCOMPARE(paperLs.tasks().size(), std::size_t{3}); // census
        QCOMPARE(paperLs.sweep.points, 7);
        const auto fine = mtlx::planSweep(paperLs);
        QCOMPARE(fine.size(), std::size_t{28 * 3});
        std::set<std::vector<double>> fineWeights;
        int interior = 0;
        for (const auto& run : fine)
            if (run.seedIndex == 0 && fineWeights.insert(run.weights).second)
                interior += std::all_of(run.weights.begin(), run.weights.end(), [](double w) { return w > 0; });
        QCOMPARE(fineWeights.size(), std::size_t{28});
        QCOMPARE(interior, 10);
        for (const auto& w : mtlx::simplexGrid(3, quickLs.sweep.points))
            QVERIFY(fineWeights.count(w));
    }

    // mtl-methods: a method dominated by an LS point with a significant difference reproduces the
    // claim; one dominated in the means only is "direction only"; one better than every LS point on
    // some objective contradicts it.
    void methodsAreJudgedAgainstTheLsFrontier()
    {
        const auto& r = mtlx::findReproduction("mtl-methods");
        const auto e = mtlx::experimentsOf(r, mtlx::Scale::Quick, {});
        QCOMPARE(e.size(), std::size_t{31}); // LS and 14 methods per data set, then census's LS on the sum
        QCOMPARE(e[0].spec.training.weighting, std::string("linear"));
        QCOMPARE(e[0].spec.sweep.points, 5);
        QCOMPARE(e[15].spec.sweep.points, 4); // census: 3 tasks, 10 task weights
        QCOMPARE(e[20].spec.training.weighting, std::string("dwa"));
        QCOMPARE(e[20].spec.training.dwaVariant, std::string("mmoeex")); // the framework's DWA on census
        QCOMPARE(e[5].spec.training.dwaVariant, std::string("liu"));
        auto runs = methodsRuns(e, 1.68, {{0.83, 0.83}, {0.85, 0.85}, {0.8395, 0.8395}});
        mtlx::Report report;
        try {
            report = r.analyse(runs, mtlx::Scale::Quick, true);
        } catch (const std::exception& x) {
            QFAIL(x.what());
        }
        QCOMPARE(report.verdicts.size(), std::size_t{14});
        COMPARE_OUTCOME(report.verdicts[0].outcome, Outcome::Reproduced);    // (0.83, 0.83) under LS's (0.84, 0.84)
        COMPARE_OUTCOME(report.verdicts[1].outcome, Outcome::Contradicted);  // (0.85, 0.85) beyond the line
        COMPARE_OUTCOME(report.verdicts[2].outcome, Outcome::DirectionOnly); // 0.0005 under, sd 0.001
        QVERIFY2(report.verdicts[0].evidence.find("w = (0.50, 0.50)") != std::string::npos,
                 report.verdicts[0].evidence.c_str());
        QCOMPARE(report.tables[0].rows[0][0], std::string("uncertainty"));
        QVERIFY(report.tables[0].rows[0][2].rfind("dominated", 0) == 0);
        QVERIFY(report.tables[0].rows[1][2].rfind("not dominated", 0) == 0);
        COMPARE_OUTCOME(report.verdicts[13].outcome, Outcome::Reproduced); // (0.80, 0.80), far inside
        QCOMPARE(report.figures.size(), std::size_t{1});                   // census has no runs: no figure
        // One method short of its runs: no verdicts for MultiMNIST yet, its row says how far it is.
        runs[14].ok.pop_back();
        runs[14].pointOf.pop_back();
        runs[14].seedOf.pop_back();
        const auto partial = r.analyse(runs, mtlx::Scale::Quick, false);
        QVERIFY(partial.verdicts.empty());
        QCOMPARE(partial.tables[0].rows[13][0], std::string("gls (2 of 3 runs)"));
    }

    // mtl-methods' second yardstick, LS on the sum (weights summing to the task count): its grid
    // is trained with the optimiser stepping as on the sum — SGD at T × the learning rate, Adam with
    // weight decay at 1/T × the decay — and not at all where the two steps are the same (Adam without
    // decay); each method gets a second verdict against it, its weights shown summing to T.
    void methodsAreJudgedAgainstLsOnTheSum()
    {
        const auto& r = mtlx::findReproduction("mtl-methods");
        const auto quick = mtlx::experimentsOf(r, mtlx::Scale::Quick, {});
        QCOMPARE(quick.back().id, std::string("methods-census-ls-sum")); // MultiMNIST's quick Adam has no decay
        QCOMPARE(quick.back().spec.training.weightDecay, 0.01 / 3);
        QCOMPARE(quick.back().spec.training.lr, quick[15].spec.training.lr);
        QCOMPARE(quick.back().spec.sweep.points, quick[15].spec.sweep.points);
        const auto e = mtlx::experimentsOf(r, mtlx::Scale::Paper, {});
        QCOMPARE(e.size(), std::size_t{32});
        QCOMPARE(e[30].id, std::string("methods-multimnist-ls-sum"));
        QCOMPARE(e[30].spec.training.optimizer, std::string("sgd"));
        QCOMPARE(e[30].spec.training.lr, 2 * e[0].spec.training.lr);
        QCOMPARE(e[30].spec.sweep.points, 11);
        QCOMPARE(e[31].spec.training.weightDecay, e[15].spec.training.weightDecay / 3);
        // Every spec but the step's is LS's: the sweep's folder and runs are LS's grid.
        auto same = e[31].spec;
        same.training.weightDecay = e[15].spec.training.weightDecay;
        QCOMPARE(mtlx::experimentToJson(same).dump(), mtlx::experimentToJson(e[15].spec).dump());
        // MultiMNIST: LS on the line 1.68, method 0 at (0.85, 0.85) beyond it; LS on the sum on the
        // line 1.72, whose points (0.856, 0.864) and (0.864, 0.856) dominate method 0.
        auto runs = methodsRuns(e, 1.68, {{0.85, 0.85}});
        auto sum = methodsRuns(e, 1.72, {});
        runs[30] = sum[0];
        runs[30].experiment = &e[30];
        for (auto& run : runs[30].ok)
            run["spec"] = mtlx::experimentToJson(e[30].spec);
        mtlx::Report report;
        try {
            report = r.analyse(runs, mtlx::Scale::Paper, true);
        } catch (const std::exception& x) {
            QFAIL(x.what());
        }
        QCOMPARE(report.verdicts.size(), std::size_t{28}); // 14 against each frontier
        COMPARE_OUTCOME(report.verdicts[0].outcome, Outcome::Contradicted);
        QVERIFY(report.verdicts[14].claim.find("on the sum of the losses") != std::string::npos);
        COMPARE_OUTCOME(report.verdicts[14].outcome, Outcome::Reproduced);
        QCOMPARE(report.tables.size(), std::size_t{2});
        QVERIFY(report.tables[1].title.find("frontier of LS on the sum") != std::string::npos);
        // The LS-on-the-sum point compared, its weights as trained: they sum to 2, not 1.
        const auto& weights = report.tables[1].rows[0][3];
        double a = 0, b = 0;
        QVERIFY2(std::sscanf(weights.c_str(), "(%lf, %lf)", &a, &b) == 2, weights.c_str());
        QCOMPARE(a + b, 2.0);
        QVERIFY2(report.verdicts[14].evidence.find("against LS on the sum at w = " + weights) != std::string::npos,
                 report.verdicts[14].evidence.c_str());
        QCOMPARE(report.figures.size(), std::size_t{2});
        QCOMPARE(report.figures[1].file, std::string("methods-multimnist-sum"));
        const auto has = [](const std::vector<std::string>& notes, const std::string& text) {
            return std::any_of(notes.begin(), notes.end(),
                               [&](const std::string& n) { return n.find(text) != std::string::npos; });
        };
        QVERIFY(has(report.notes, "multimnist: LS on the sum trained with sgd at learning rate 0.0016 (LS: 0.0008)"));
        QVERIFY(has(report.notes,
                    "multimnist, LS on the sum: of 14 methods, 14 are dominated by LS on the sum with a significant"));
        // LS on the sum one run short: LS's verdicts stand, the sum's wait.
        runs[30].ok.pop_back();
        runs[30].pointOf.pop_back();
        runs[30].seedOf.pop_back();
        const auto partial = r.analyse(runs, mtlx::Scale::Paper, false);
        QCOMPARE(partial.verdicts.size(), std::size_t{14});
        QVERIFY(!has(partial.notes, "multimnist, LS on the sum: of"));
        QCOMPARE(partial.tables.size(), std::size_t{2}); // its table shows the runs there so far
    }

    // --set goes to LS on the sum's spec before its step is derived: a weight decay set for every
    // experiment is divided again, an optimiser that steps the same on the sum drops it, and quick
    // MultiMNIST's Adam given a weight decay gains one.
    void lsOnTheSumFollowsTheSettings()
    {
        const auto& r = mtlx::findReproduction("mtl-methods");
        const auto byId = [](const std::vector<mtlx::Experiment>& e, const std::string& id) {
            const auto it = std::find_if(e.begin(), e.end(), [&](const mtlx::Experiment& x) { return x.id == id; });
            return it == e.end() ? nullptr : &*it;
        };
        const auto decayed = mtlx::experimentsOf(r, mtlx::Scale::Quick, {"training.weight_decay=0.03"});
        QCOMPARE(decayed.size(), std::size_t{32});
        QCOMPARE(byId(decayed, "methods-census-ls")->spec.training.weightDecay, 0.03);
        QCOMPARE(byId(decayed, "methods-census-ls-sum")->spec.training.weightDecay, 0.01);
        QCOMPARE(byId(decayed, "methods-multimnist-ls-sum")->spec.training.weightDecay, 0.015);
        QCOMPARE(byId(decayed, "methods-multimnist-ls-sum")->spec.training.lr, 0.001);
        const auto adamw = mtlx::experimentsOf(r, mtlx::Scale::Paper, {"training.optimizer=adamw"});
        QCOMPARE(adamw.size(), std::size_t{30});
        QVERIFY(!byId(adamw, "methods-census-ls-sum") && !byId(adamw, "methods-multimnist-ls-sum"));
        // The recipe is LS's spec, underived; experimentsOf derives it.
        const auto recipe = r.experiments(mtlx::Scale::Paper);
        QCOMPARE(recipe.size(), std::size_t{32});
        QCOMPARE(mtlx::experimentToJson(recipe[31].spec).dump(), mtlx::experimentToJson(recipe[15].spec).dump());
        QCOMPARE(byId(adamw, "methods-census-ls")->spec.training.optimizer, std::string("adamw"));
    }

    // pareto-one-model: the one model's front (every preference) against the sweep's runs that train
    // both tasks, hypervolume per seed against one reference; time only where every run was timed.
    void oneModelIsJudgedAgainstTheSweep()
    {
        const auto& r = mtlx::findReproduction("pareto-one-model");
        const auto e = r.experiments(mtlx::Scale::Quick);
        // Sine: sweep, one model; MultiMNIST: sweep, one model with r at the first dense layer and
        // one with r as image channels.
        QCOMPARE(e.size(), std::size_t{5});
        QCOMPARE(e[0].spec.sweep.points, 11);
        QVERIFY(!e[0].spec.training.preference.conditioned());
        QVERIFY(e[1].spec.training.preference.conditioned());
        QCOMPARE(e[1].spec.training.preference.frontPoints, 11);
        QCOMPARE(mtlx::planSweep(e[1].spec).size(), std::size_t{2}); // one model per seed
        QVERIFY(!e[2].spec.training.preference.conditioned());
        QCOMPARE(e[3].spec.training.preference.input, std::string("dense"));
        QCOMPARE(e[4].spec.training.preference.input, std::string("channels"));
        QCOMPARE(e[4].spec.model.conv, e[2].spec.model.conv);
        // A result.json object with two mse tasks.
        auto result = [](const mtlx::ExperimentSpec& spec, std::uint64_t seed, std::vector<double> w, double y1,
                         double y2) {
            mtlx::RunResult run;
            run.spec = spec;
            run.spec.training.seed = seed;
            run.taskWeights = w;
            for (const auto& [name, v] : {std::pair{"y1", y1}, {"y2", y2}}) {
                mtlx::TaskResult t;
                t.name = name;
                t.test = {{"mse", v}};
                run.tasks.push_back(t);
            }
            return run;
        };
        // The line y1 + y2 = 0.6 at w₁ = 0.1 … 0.9; a weight of 0 leaves a task at 5.0.
        auto onLine = [](int p) { return std::pair{0.2 + 0.02 * p, 0.4 - 0.02 * p}; };
        std::vector<mtlx::ExperimentRuns> runs(e.size());
        for (std::size_t i = 0; i < e.size(); ++i) {
            runs[i].experiment = &e[i];
            runs[i].planned = mtlx::planSweep(e[i].spec).size();
        }
        for (std::uint64_t s = 1; s <= 2; ++s) {
            const double jitter = 0.001 * static_cast<double>(s);
            for (int p = 0; p <= 10; ++p) {
                auto [y1, y2] = onLine(p);
                if (p == 0) y1 = 5.0;
                if (p == 10) y2 = 5.0;
                runs[0].ok.push_back(
                    mtlx::resultToJson(result(e[0].spec, s, {p / 10.0, 1 - p / 10.0}, y1 + jitter, y2 + jitter)));
                runs[0].pointOf.push_back(static_cast<std::size_t>(p));
                runs[0].seedOf.push_back(s - 1);
            }
            // The one model: the same line at every preference, its corners a little worse.
            auto one = result(e[1].spec, s, {0.5, 0.5}, 0.3, 0.3);
            for (int p = 0; p <= 10; ++p) {
                auto [y1, y2] = onLine(p);
                const double corner = p == 0 || p == 10 ? 0.05 : 0.0;
                one.front.push_back(
                    {{p / 10.0, 1 - p / 10.0}, {{{"mse", y1 + jitter + corner}}, {{"mse", y2 + jitter + corner}}}});
            }
            runs[1].ok.push_back(mtlx::resultToJson(one));
            runs[1].pointOf.push_back(0);
            runs[1].seedOf.push_back(s - 1);
        }
        runs[0].seconds = 100, runs[0].secondsRuns = runs[0].planned;
        runs[1].seconds = 20, runs[1].secondsRuns = runs[1].planned;
        auto report = r.analyse(runs, mtlx::Scale::Quick, false);
        QCOMPARE(report.verdicts.size(), std::size_t{2}); // sine only: MultiMNIST has no runs
        // The one model's front holds the sweep's 9 trained points (and two worse corners): the
        // same hypervolume, well above 95 % of it.
        COMPARE_OUTCOME(report.verdicts[0].outcome, Outcome::Reproduced);
        QVERIFY2(report.verdicts[0].evidence.find("ratio 1.000") != std::string::npos,
                 report.verdicts[0].evidence.c_str());
        COMPARE_OUTCOME(report.verdicts[1].outcome, Outcome::Reproduced); // 20 s against 100 s
        QVERIFY2(report.verdicts[1].evidence.find("ratio 0.200") != std::string::npos,
                 report.verdicts[1].evidence.c_str());
        // The sweep's corners at 5.0 are left out: the reference stays near the line.
        QVERIFY2(report.tables[0].title.find("5.") == std::string::npos, report.tables[0].title.c_str());
        // The one model's corners count: y1 reaches from 0.22 (r₁ = 0.1) to 0.45 (its corner, 0.4 + 0.05).
        QVERIFY2(report.tables[0].rows[1][4].rfind("0.230", 0) == 0, report.tables[0].rows[1][4].c_str());
        // A sweep only partly timed here (shards elsewhere): no time verdict.
        runs[0].secondsRuns = 5;
        report = r.analyse(runs, mtlx::Scale::Quick, false);
        QCOMPARE(report.verdicts.size(), std::size_t{1});
        // A one model worse by a fifth of the line: below 95 %.
        for (auto& j : runs[1].ok)
            for (auto& point : j["front"])
                for (auto& task : point["tasks"])
                    task["mse"] = task["mse"].get<double>() + 0.06;
        report = r.analyse(runs, mtlx::Scale::Quick, false);
        QVERIFY(report.verdicts[0].outcome == Outcome::NotReproduced ||
                report.verdicts[0].outcome == Outcome::Contradicted);
    }

    // Two tiny sweeps, without and with heads, and a one-verdict analysis.
    static mtlx::Reproduction tinyReproduction()
    {
        mtlx::Reproduction r;
        r.name = "tiny";
        r.title = "a tiny reproduction";
        r.source = "a test";
        r.claim = "heads help";
        r.quick = r.paper = "tiny sweeps";
        r.experiments = [](mtlx::Scale) {
            auto withHeads = mtlx::testing::tinySweepSpec(3, 2, 1);
            auto without = withHeads;
            without.heads.kind = "none";
            return std::vector<mtlx::Experiment>{{"without", "no heads", without, {}},
                                                 {"with", "heads", withHeads, {}}};
        };
        r.analyse = [](const std::vector<mtlx::ExperimentRuns>& runs, mtlx::Scale, bool complete) {
            mtlx::Report rep;
            mtlx::ReportTable t{"middle point", {"experiment", "y1 mse", "paper"}, {}};
            for (const auto& x : runs)
                t.rows.push_back(
                    {x.experiment->label, mtlx::formatEstimate(mtlx::middleMetric(x)[0], 4), "lower with heads"});
            rep.tables.push_back(t);
            rep.figures.push_back({"frontiers", "frontiers", "caption",
                                   mtlx::FrontierFigure{{{"no heads", runs[0].folder}, {"heads", runs[1].folder}}}});
            if (complete) rep.verdicts.push_back({"heads help", Outcome::DirectionOnly, "numbers"});
            return rep;
        };
        return r;
    }

    void runsTinyReproductionsWithFilesResumeAndShards()
    {
        QTemporaryDir dir;
        const mtlx::Reproduction r = tinyReproduction();
        int drawn = 0;
        mtlx::ReproduceCallbacks callbacks;
        callbacks.render = [&](const mtlx::Figure& f, const std::string& base) {
            ++drawn;
            std::ofstream(base + ".png") << "png of " << f.title;
            std::ofstream(base + ".svg") << "<svg/>";
            return std::string();
        };
        mtlx::ReproduceOptions o;
        o.outDir = dir.path().toStdString();
        o.shard = 1;
        o.shards = 2;
        mtlx::RunControl control;
        // One shard: half the runs, the report says incomplete and gives no verdict.
        auto first = mtlx::runReproduction(r, o, control, callbacks);
        QVERIFY(!first.complete);
        QCOMPARE(first.trained, std::size_t{6});
        QVERIFY(first.report.verdicts.empty());
        const auto md = dir.path() + "/tiny-quick.md";
        QVERIFY(QFile::exists(md));
        // Then the rest: complete, with the verdict, both runs' folders under quick/.
        o.shard = 2;
        auto second = mtlx::runReproduction(r, o, control, callbacks);
        QVERIFY(second.complete);
        QCOMPARE(second.trained, std::size_t{6});
        QCOMPARE(second.report.verdicts.size(), std::size_t{1});
        QVERIFY(QFile::exists(dir.path() + "/quick/with/runs.jsonl"));
        QVERIFY(QFile::exists(dir.path() + "/tiny-quick-frontiers.png"));
        QFile csv(dir.path() + "/tiny-quick.csv");
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readLine().trimmed(), QByteArray("experiment,y1 mse,paper"));
        QFile report(md);
        QVERIFY(report.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(report.readAll());
        QVERIFY(text.contains("**direction only**: heads help"));
        QVERIFY(text.contains("complete, 12 of 12 runs"));
        QVERIFY(text.contains("tiny-quick-frontiers.png"));
        // A rerun trains nothing and reports the same.
        o.shard = o.shards = 1;
        const int before = drawn;
        auto third = mtlx::runReproduction(r, o, control, callbacks);
        QCOMPARE(third.trained, std::size_t{0});
        QCOMPARE(third.skipped, std::size_t{12});
        QCOMPARE(third.report.tables[0].rows, second.report.tables[0].rows);
        QCOMPARE(drawn, before + 1); // the figure redrawn once at the end
        // Without a renderer the report says the figure was not drawn.
        callbacks.render = nullptr;
        auto fourth = mtlx::runReproduction(r, o, control, callbacks);
        QVERIFY(!fourth.report.notes.empty());
        QVERIFY(fourth.report.notes.back().find("not drawn") != std::string::npos);
    }

    void onlyTrainsTheExperimentsItNames()
    {
        QTemporaryDir dir;
        const mtlx::Reproduction r = tinyReproduction(); // experiments "without" and "with"
        mtlx::ReproduceOptions o;
        o.outDir = dir.path().toStdString();
        mtlx::RunControl control;
        // A name that is an experiment's: that one only, though "without" holds it too.
        o.only = "with";
        const auto first = mtlx::runReproduction(r, o, control, {});
        QCOMPARE(first.trained, std::size_t{6});
        QVERIFY(!first.complete);
        QVERIFY(QFile::exists(dir.path() + "/quick/with/runs.jsonl"));
        QVERIFY(!QFile::exists(dir.path() + "/quick/without/runs.jsonl"));
        QVERIFY(first.report.verdicts.empty());
        QVERIFY(first.status.find("6 of 12 runs") != std::string::npos);
        QVERIFY(first.status.find("without --only") != std::string::npos);
        // A part of a name: every experiment whose name holds it.
        o.only = "witho";
        QCOMPARE(mtlx::selectedExperiments(o, r.experiments(mtlx::Scale::Quick)), (std::vector<bool>{true, false}));
        // A name no experiment holds: refused before anything trains, naming the experiments.
        o.only = "heads";
        try {
            mtlx::runReproduction(r, o, control, {});
            QFAIL("--only heads was accepted");
        } catch (const mtlx::InputError& e) {
            QCOMPARE(std::string(e.what()), std::string("--only: no experiment's name holds 'heads' (its experiments: "
                                                        "without, with)"));
        }
        // Without --only the rest trains and the verdict comes.
        o.only.clear();
        const auto second = mtlx::runReproduction(r, o, control, {});
        QCOMPARE(second.trained, std::size_t{6});
        QCOMPARE(second.skipped, std::size_t{6});
        QVERIFY(second.complete);
        QCOMPARE(second.report.verdicts.size(), std::size_t{1});
    }
};

QTEST_GUILESS_MAIN(TestReproduce)
#include "tst_reproduce.moc"
