// Pareto frontiers (grids, dominance, hypervolume by hand) and the sweep engine: runs.jsonl is
// appended as runs end, reruns skip finished runs, shards partition the grid, parallel jobs give
// the same numbers as one job, a stop keeps what finished, and `compare` reads several folders.
#include <QtTest>

#include <fstream>
#include <set>
#include <sstream>

#include "core/cli.h"
#include "core/pareto.h"
#include "core/specerror.h"
#include "core/sweep.h"

namespace {

using nlohmann::json;

mtlx::ExperimentSpec tinySpec(int points = 3, int seeds = 2, int epochs = 2)
{
    return mtlx::experimentFromJson(json{
        {"dataset", {{"kind", "synthetic_correlated"}, {"dim", 8}, {"train", 600}, {"validation", 100}, {"test", 200}}},
        {"model", {{"arch", "shared_bottom"}, {"bottom", {16}}, {"towers", {8}}}},
        {"heads", {{"kind", "linear"}, {"dropout", 0.3}}},
        {"training", {{"lr", 0.01}, {"batch_size", 64}, {"epochs", epochs}, {"threads", 1}}},
        {"sweep", {{"points", points}, {"seeds", seeds}}}});
}

std::vector<json> readLines(const std::string& path)
{
    std::ifstream in(path);
    std::vector<json> lines;
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) lines.push_back(json::parse(line));
    return lines;
}

// (weights, seed) → the test mse of both tasks, from a runs.jsonl.
std::map<std::string, std::vector<double>> resultsByRun(const std::string& path)
{
    std::map<std::string, std::vector<double>> out;
    for (const auto& j : readLines(path)) {
        const std::string key = j["task_weights"].dump() + "/" + j["spec"]["training"]["seed"].dump();
        out[key] = {j["tasks"][0]["test"]["mse"].get<double>(), j["tasks"][1]["test"]["mse"].get<double>()};
    }
    return out;
}

mtlx::SweepOutcome sweep(const mtlx::ExperimentSpec& spec, const std::string& dir, int jobs = 1, int shard = 1,
                         int shards = 1)
{
    mtlx::RunControl control;
    mtlx::SweepOptions o;
    o.outDir = dir;
    o.jobs = jobs;
    o.shard = shard;
    o.shards = shards;
    return mtlx::runSweep(spec, o, control);
}

} // namespace

class TestSweep : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    std::string dir(const char* name) const { return tmp_.filePath(name).toStdString(); }

private Q_SLOTS:
    void simplexGrids()
    {
        const auto two = mtlx::simplexGrid(2, 5);
        QCOMPARE(two.size(), std::size_t(5));
        for (std::size_t i = 0; i < 5; ++i) {
            QCOMPARE(two[i][0], static_cast<double>(i) / 4); // w_1 = i / (K − 1)
            QCOMPARE(two[i][0] + two[i][1], 1.0);
        }
        const auto three = mtlx::simplexGrid(3, 4);
        QCOMPARE(three.size(), std::size_t(10)); // K(K+1)/2
        std::set<std::vector<double>> unique(three.begin(), three.end());
        QCOMPARE(unique.size(), std::size_t(10));
        for (const auto& w : three) {
            QVERIFY(std::abs(w[0] + w[1] + w[2] - 1) < 1e-12);
            for (double x : w)
                QVERIFY(std::abs(x * 3 - std::round(x * 3)) < 1e-12); // multiples of 1/3
        }
        QCOMPARE(mtlx::simplexGrid(3, 1), (std::vector<std::vector<double>>{{1.0 / 3, 1.0 / 3, 1.0 / 3}}));
    }

    void dominanceAndHypervolumeByHand()
    {
        const std::vector<std::vector<double>> pts{{1, 3}, {2, 2}, {3, 1}, {3, 3}, {2, 2}};
        QCOMPARE(mtlx::nonDominated(pts), (std::vector<std::size_t>{0, 1, 2, 4})); // (3,3) is dominated
        // Rectangles against (4, 4): 3·1 + 2·1 + 1·1 = 6.
        QCOMPARE(mtlx::hypervolume(pts, {4, 4}), 6.0);
        // A point beyond the reference adds nothing.
        QCOMPARE(mtlx::hypervolume({{1, 3}, {5, 0}}, {4, 4}), 3.0);
        // Three objectives: two boxes of volume 2 overlapping in a unit cube.
        QCOMPARE(mtlx::hypervolume({{0, 1, 1}, {1, 0, 1}}, {2, 2, 2}), 3.0);
    }

    void hypervolumeMatchesCountingCells()
    {
        // Integer points in [0, 5]³, reference (6, 6, 6): the volume is the number of unit cells
        // whose lower corner some point dominates (weakly).
        std::mt19937 gen(11);
        std::uniform_int_distribution<int> coordinate(0, 5);
        for (int trial = 0; trial < 20; ++trial) {
            std::vector<std::vector<double>> pts;
            for (int i = 0; i < 7; ++i)
                pts.push_back({double(coordinate(gen)), double(coordinate(gen)), double(coordinate(gen))});
            int cells = 0;
            for (int x = 0; x < 6; ++x)
                for (int y = 0; y < 6; ++y)
                    for (int z = 0; z < 6; ++z) {
                        bool covered = false;
                        for (const auto& p : pts)
                            covered = covered || (p[0] <= x && p[1] <= y && p[2] <= z);
                        cells += covered;
                    }
            QCOMPARE(mtlx::hypervolume(pts, {6, 6, 6}), double(cells));
        }
    }

    void referencePointAndMiddlePoint()
    {
        QCOMPARE(mtlx::referencePoint({{1, 5}, {3, 2}}), (std::vector<double>{3.2, 5.3}));
        // Two seeds per grid point; the frontier of the means; middle = nearest to uniform.
        std::vector<mtlx::ParetoPoint> pts{{0, {0, 1}, 1, {3.0, 1.0}},     {0, {0, 1}, 2, {3.2, 1.2}},
                                           {1, {0.5, 0.5}, 1, {2.0, 2.0}}, {1, {0.5, 0.5}, 2, {2.2, 1.8}},
                                           {2, {1, 0}, 1, {1.0, 3.0}},     {2, {1, 0}, 2, {1.0, 3.4}}};
        const auto f = mtlx::makeFrontier({"a", "b"}, {"mse", "accuracy"}, pts);
        QCOMPARE(f.means.size(), std::size_t(3));
        QVERIFY(std::abs(f.means[1].values[0] - 2.1) < 1e-12);
        QVERIFY(std::abs(f.means[1].spread[0] - std::sqrt(0.02)) < 1e-12);
        QCOMPARE(f.middle, 1);
        QCOMPARE(f.objectiveNames(), (std::vector<std::string>{"a mse", "b 1-accuracy"}));
        QVERIFY(std::abs(mtlx::metricFromObjective("accuracy", 0.25) - 0.75) < 1e-12);
        const auto j = mtlx::frontierToJson(f);
        QCOMPARE(j["points"].size(), std::size_t(6));
        QVERIFY(std::abs(j["middle_point"]["metrics"]["b"]["value"].get<double>() - (1 - 1.9)) < 1e-12);
    }

    void planCoversGridTimesSeeds()
    {
        const auto plan = mtlx::planSweep(tinySpec(4, 3));
        QCOMPARE(plan.size(), std::size_t(12));
        QCOMPARE(plan[5].point, 1);
        QCOMPARE(plan[5].spec.training.seed, std::uint64_t(1 + 2));
        QCOMPARE(plan[5].spec.training.taskWeights, (std::vector<double>{1.0 / 3, 2.0 / 3}));
        auto dwa = tinySpec(4, 3);
        dwa.training.weighting = "dwa";
        QCOMPARE(mtlx::planSweep(dwa).size(), std::size_t(3)); // the method picks the weights
    }

    void sweepAppendsResumesAndBuildsAFrontier()
    {
        const auto d = dir("resume");
        const auto first = sweep(tinySpec(), d);
        QCOMPARE(first.planned, std::size_t(6));
        QCOMPARE(first.finished, std::size_t(6));
        QCOMPARE(readLines(d + "/runs.jsonl").size(), std::size_t(6));
        const auto f = json::parse(std::ifstream(d + "/frontier.json"));
        QCOMPARE(f["points"].size(), std::size_t(6));
        QCOMPARE(f["means"].size(), std::size_t(3));
        QVERIFY(f["hypervolume"].get<double>() > 0);
        QCOMPARE(f["objectives"], json({"y1 mse", "y2 mse"}));
        QCOMPARE(f["runs"]["planned"].get<int>(), 6);
        // Every frontier index points at a point no other point dominates.
        for (const auto& i : f["frontier"]) {
            const auto v = f["points"][i.get<std::size_t>()]["values"];
            for (const auto& p : f["points"])
                QVERIFY(!(p["values"][0] <= v[0] && p["values"][1] <= v[1] && p["values"] != v));
        }
        const auto again = sweep(tinySpec(), d);
        QCOMPARE(again.skipped, std::size_t(6));
        QCOMPARE(again.finished, std::size_t(0));
        QCOMPARE(readLines(d + "/runs.jsonl").size(), std::size_t(6));
        // One more seed reuses the six runs and trains three.
        const auto more = sweep(tinySpec(3, 3), d);
        QCOMPARE(more.skipped, std::size_t(6));
        QCOMPARE(more.finished, std::size_t(3));
    }

    void parallelJobsGiveTheSameNumbers()
    {
        sweep(tinySpec(), dir("one"), 1);
        sweep(tinySpec(), dir("two"), 2);
        const auto a = resultsByRun(dir("one") + "/runs.jsonl");
        const auto b = resultsByRun(dir("two") + "/runs.jsonl");
        QCOMPARE(a.size(), std::size_t(6));
        QVERIFY(a == b);
    }

    void shardsPartitionTheGrid()
    {
        const auto d = dir("shards");
        const auto s1 = sweep(tinySpec(), d, 1, 1, 2);
        const auto s2 = sweep(tinySpec(), d, 1, 2, 2);
        QCOMPARE(s1.planned + s2.planned, std::size_t(6));
        QCOMPARE(readLines(d + "/runs.jsonl").size(), std::size_t(6));
        QCOMPARE(s2.frontier.finished, std::size_t(6)); // the last shard sees every run
        // Shards run in separate folders merge by concatenation.
        const auto a = dir("shard-a"), b = dir("shard-b"), merged = dir("merged");
        sweep(tinySpec(), a, 1, 1, 2);
        sweep(tinySpec(), b, 1, 2, 2);
        QDir().mkpath(QString::fromStdString(merged));
        {
            std::ofstream out(merged + "/runs.jsonl");
            out << std::ifstream(a + "/runs.jsonl").rdbuf() << std::ifstream(b + "/runs.jsonl").rdbuf();
        }
        QFile::copy(QString::fromStdString(a + "/sweep.json"), QString::fromStdString(merged + "/sweep.json"));
        const auto folder = mtlx::readSweepFolder(merged);
        QCOMPARE(folder.frontier.finished, std::size_t(6));
        QCOMPARE(folder.frontier.points.size(), std::size_t(6));
    }

    void aCutLineIsSkippedAndTheRunRedone()
    {
        const auto d = dir("crash");
        sweep(tinySpec(2, 1), d);
        // Simulate a crash in the middle of writing the second line.
        auto lines = readLines(d + "/runs.jsonl");
        QCOMPARE(lines.size(), std::size_t(2));
        {
            std::ofstream out(d + "/runs.jsonl", std::ios::trunc);
            const auto second = lines[1].dump();
            out << lines[0].dump() << '\n' << second.substr(0, second.size() / 2);
        }
        const auto again = sweep(tinySpec(2, 1), d);
        QCOMPARE(again.skipped, std::size_t(1));
        QCOMPARE(again.finished, std::size_t(1));
        QVERIFY(!again.warnings.empty());
        QVERIFY(again.warnings[0].find("runs.jsonl:2: skipped") != std::string::npos);
        QCOMPARE(again.frontier.finished, std::size_t(2));
    }

    void aFolderHoldsOneSweep()
    {
        const auto d = dir("one-sweep");
        sweep(tinySpec(2, 1), d);
        try {
            sweep(tinySpec(2, 1, 3), d);
            QFAIL("a sweep of another spec was accepted");
        } catch (const mtlx::InputError& e) {
            const std::string what = e.what();
            QVERIFY2(what.find("training.epochs: 2 there, 3 here") != std::string::npos, what.c_str());
        }
    }

    void stopKeepsFinishedRuns()
    {
        const auto d = dir("stopped");
        mtlx::RunControl control;
        mtlx::SweepOptions o;
        o.outDir = d;
        mtlx::SweepCallbacks cb;
        int finished = 0;
        cb.onRunFinished = [&](const mtlx::SweepRun&, const mtlx::RunResult&, const mtlx::ParetoPoint& p) {
            QCOMPARE(p.values.size(), std::size_t(2));
            if (++finished == 2) control.stop = true;
        };
        const auto out = mtlx::runSweep(tinySpec(3, 2, 20), o, control, cb);
        QVERIFY(out.stopped);
        QCOMPARE(out.finished, std::size_t(2));
        QCOMPARE(readLines(d + "/runs.jsonl").size(), std::size_t(2));
        QCOMPARE(out.frontier.points.size(), std::size_t(2));
        const auto rest = sweep(tinySpec(3, 2, 20), d);
        QCOMPARE(rest.skipped, std::size_t(2));
        QCOMPARE(rest.finished, std::size_t(4));
    }

    void compareUsesOneReferencePoint()
    {
        auto withHeads = tinySpec(3, 1);
        auto without = withHeads;
        without.heads.kind = "none";
        sweep(withHeads, dir("cmp-heads"));
        sweep(without, dir("cmp-plain"));
        std::ostringstream out, err;
        const auto csv = dir("cmp.csv");
        const int code = mtlx::runCli({"compare", dir("cmp-heads"), dir("cmp-plain"), "--csv", csv}, out, err);
        QCOMPARE(code, 0);
        QVERIFY2(out.str().find("cmp-heads") != std::string::npos, out.str().c_str());
        std::ifstream in(csv);
        std::vector<std::string> rows;
        for (std::string line; std::getline(in, line);)
            rows.push_back(line);
        QCOMPARE(rows.size(), std::size_t(3));
        // Both hypervolumes are against the same reference: recompute one from its folder.
        const auto a = mtlx::readSweepFolder(dir("cmp-heads"));
        const auto b = mtlx::readSweepFolder(dir("cmp-plain"));
        std::vector<std::vector<double>> all;
        for (const auto* f : {&a.frontier, &b.frontier})
            for (const auto& p : f->points)
                all.push_back(p.values);
        const auto ref = mtlx::referencePoint(all);
        const auto again = mtlx::readSweepFolder(dir("cmp-heads"), ref);
        std::ostringstream hv;
        hv << std::setprecision(10) << again.frontier.meanHypervolume;
        QVERIFY2(rows[1].find(hv.str()) != std::string::npos, (rows[1] + " lacks " + hv.str()).c_str());
        // A reference point of one's own: the hypervolume against it, and a wrong length refused.
        std::vector<double> own{ref[0] * 0.9, ref[1] * 0.9};
        const auto mine = mtlx::readSweepFolder(dir("cmp-heads"), own);
        std::ostringstream out3, err3;
        QCOMPARE(mtlx::runCli({"compare", dir("cmp-heads"), "--csv", csv, "--reference",
                               std::to_string(own[0]) + "," + std::to_string(own[1])},
                              out3, err3),
                 0);
        std::ifstream in3(csv);
        std::string header, row;
        std::getline(in3, header);
        std::getline(in3, row);
        std::vector<std::string> fields; // config,folder,runs,diverged,frontier_points,hypervolume,…
        std::stringstream cells(row);
        for (std::string f; std::getline(cells, f, ',');)
            fields.push_back(f);
        const double written = std::stod(fields.at(5));
        QVERIFY(std::abs(written - mine.frontier.meanHypervolume) < 1e-6 * std::max(1.0, written));
        std::ostringstream out4, err4;
        QCOMPARE(mtlx::runCli({"compare", dir("cmp-heads"), "--csv", csv, "--reference", "1"}, out4, err4), 2);
        QVERIFY(err4.str().find("--reference: has 1 values for 2 objectives") != std::string::npos);
        // Folders of different tasks do not compare.
        auto other = tinySpec(3, 1);
        other.sweep.metric = "loss";
        sweep(other, dir("cmp-loss"));
        std::ostringstream out2, err2;
        QCOMPARE(mtlx::runCli({"compare", dir("cmp-heads"), dir("cmp-loss"), "--csv", csv}, out2, err2), 2);
        QVERIFY(err2.str().find("differ") != std::string::npos);
    }

    void cliSweepFlags()
    {
        std::ostringstream out, err;
        QCOMPARE(
            mtlx::runCli({"sweep", "--preset", "sine-shared-bottom", "--out", dir("x"), "--shard", "3/2"}, out, err),
            2);
        QVERIFY(err.str().find("--shard") != std::string::npos);
        std::ostringstream out2, err2;
        QCOMPARE(
            mtlx::runCli({"train", "--preset", "sine-shared-bottom", "--out", dir("x"), "--jobs", "2"}, out2, err2), 2);
        QVERIFY(err2.str().find("unknown option '--jobs'") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
