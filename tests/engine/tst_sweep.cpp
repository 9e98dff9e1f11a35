// The sweep engine: runs.jsonl is appended as runs end, reruns skip finished runs, shards
// partition the grid, parallel jobs give the same numbers as one job, and a stop keeps what
// finished.
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/engine/sweep.h"
#include "core/spec/pareto.h"
#include "core/spec/specerror.h"
#include "tests/common/tinysweep.h"

namespace {

using mtlx::testing::runTinySweep;
using mtlx::testing::tinySweepSpec;

using nlohmann::json;

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

} // namespace

class TestSweep : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    std::string dir(const char* name) const { return tmp_.filePath(name).toStdString(); }

private Q_SLOTS:
    void planCoversGridTimesSeeds()
    {
        const auto plan = mtlx::planSweep(tinySweepSpec(4, 3));
        QCOMPARE(plan.size(), std::size_t(12));
        QCOMPARE(plan[5].point, 1);
        QCOMPARE(plan[5].spec.training.seed, std::uint64_t(1 + 2));
        QCOMPARE(plan[5].spec.training.taskWeights, (std::vector<double>{1.0 / 3, 2.0 / 3}));
        auto dwa = tinySweepSpec(4, 3);
        dwa.training.weighting = "dwa";
        QCOMPARE(mtlx::planSweep(dwa).size(), std::size_t(3)); // the method picks the weights
    }

    void sweepAppendsResumesAndBuildsAFrontier()
    {
        const auto d = dir("resume");
        const auto first = runTinySweep(tinySweepSpec(), d);
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
        const auto again = runTinySweep(tinySweepSpec(), d);
        QCOMPARE(again.skipped, std::size_t(6));
        QCOMPARE(again.finished, std::size_t(0));
        QCOMPARE(readLines(d + "/runs.jsonl").size(), std::size_t(6));
        // One more seed reuses the six runs and trains three.
        const auto more = runTinySweep(tinySweepSpec(3, 3), d);
        QCOMPARE(more.skipped, std::size_t(6));
        QCOMPARE(more.finished, std::size_t(3));
    }

    void parallelJobsGiveTheSameNumbers()
    {
        runTinySweep(tinySweepSpec(), dir("one"), 1);
        runTinySweep(tinySweepSpec(), dir("two"), 2);
        const auto a = resultsByRun(dir("one") + "/runs.jsonl");
        const auto b = resultsByRun(dir("two") + "/runs.jsonl");
        QCOMPARE(a.size(), std::size_t(6));
        QVERIFY(a == b);
    }

    void shardsPartitionTheGrid()
    {
        const auto d = dir("shards");
        const auto s1 = runTinySweep(tinySweepSpec(), d, 1, 1, 2);
        const auto s2 = runTinySweep(tinySweepSpec(), d, 1, 2, 2);
        QCOMPARE(s1.planned + s2.planned, std::size_t(6));
        QCOMPARE(readLines(d + "/runs.jsonl").size(), std::size_t(6));
        QCOMPARE(s2.frontier.finished, std::size_t(6)); // the last shard sees every run
        // Shards run in separate folders merge by concatenation.
        const auto a = dir("shard-a"), b = dir("shard-b"), merged = dir("merged");
        runTinySweep(tinySweepSpec(), a, 1, 1, 2);
        runTinySweep(tinySweepSpec(), b, 1, 2, 2);
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
        runTinySweep(tinySweepSpec(2, 1), d);
        // Simulate a crash in the middle of writing the second line.
        auto lines = readLines(d + "/runs.jsonl");
        QCOMPARE(lines.size(), std::size_t(2));
        {
            std::ofstream out(d + "/runs.jsonl", std::ios::trunc);
            const auto second = lines[1].dump();
            out << lines[0].dump() << '\n' << second.substr(0, second.size() / 2);
        }
        const auto again = runTinySweep(tinySweepSpec(2, 1), d);
        QCOMPARE(again.skipped, std::size_t(1));
        QCOMPARE(again.finished, std::size_t(1));
        QVERIFY(!again.warnings.empty());
        QVERIFY(again.warnings[0].find("runs.jsonl:2: skipped") != std::string::npos);
        QCOMPARE(again.frontier.finished, std::size_t(2));
    }

    // Lines whose fields have the wrong type (a null status, a numeric finish time) are skipped
    // by line number like a cut line; they used to end frontier, compare and merge with a type error.
    void linesOfTheWrongTypeAreSkippedByNumber()
    {
        const auto d = dir("typed");
        runTinySweep(tinySweepSpec(3, 1, 1), d);
        auto lines = readLines(d + "/runs.jsonl");
        QCOMPARE(lines.size(), std::size_t(3));
        lines[0]["status"] = nullptr;
        lines[1]["finished_at"] = 12345;
        {
            std::ofstream out(d + "/runs.jsonl", std::ios::trunc);
            for (const auto& l : lines)
                out << l.dump() << '\n';
        }
        const auto folder = mtlx::readSweepFolder(d);
        QCOMPARE(folder.frontier.finished, std::size_t(1));
        QCOMPARE(folder.warnings.size(), std::size_t(2));
        QVERIFY2(folder.warnings[0].find("runs.jsonl:1: skipped") != std::string::npos, folder.warnings[0].c_str());
        QVERIFY2(folder.warnings[1].find("runs.jsonl:2: skipped") != std::string::npos, folder.warnings[1].c_str());
        // A rerun trains the two again, and merge keeps what reads.
        QCOMPARE(runTinySweep(tinySweepSpec(3, 1, 1), d).finished, std::size_t(2));
        const auto merged = mtlx::mergeSweepFolders(dir("typed-merged"), {d});
        QCOMPARE(merged.runs, std::size_t(3));
    }

    // A grid too large is refused with its size before it is built or the folder is touched
    // (8 tasks × 1000 points used to be built whole: bad_alloc or the OOM killer).
    void aGridTooLargeIsCountedNotBuilt()
    {
        auto spec = mtlx::experimentFromJson(json{{"dataset", {{"kind", "random"}, {"dim", 4}, {"binary_tasks", 8}}},
                                                  {"model", {{"arch", "shared_bottom"}, {"bottom", {4}}}},
                                                  {"sweep", {{"points", 1000}}}});
        const auto d = dir("huge-grid");
        try {
            runTinySweep(spec, d);
            QFAIL("a grid of 10^17 weightings was accepted");
        } catch (const mtlx::SpecError& e) {
            QCOMPARE(e.path(), std::string("sweep.points"));
            QVERIFY2(std::string(e.what()).find("1000 points over 8 tasks make 2.") != std::string::npos, e.what());
        }
        QVERIFY(!QFileInfo::exists(QString::fromStdString(d)));
        // 2 tasks × 1000 points × 100 seeds is the limit exactly.
        spec = tinySweepSpec(1000, 100);
        QCOMPARE(mtlx::planSweep(spec).size(), std::size_t(100000));
        spec.sweep.seeds = 101;
        QVERIFY_THROWS_EXCEPTION(mtlx::SpecError, mtlx::planSweep(spec));
    }

    void aFolderHoldsOneSweep()
    {
        const auto d = dir("one-sweep");
        runTinySweep(tinySweepSpec(2, 1), d);
        try {
            runTinySweep(tinySweepSpec(2, 1, 3), d);
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
        o.stack = 1; // runs one by one: a stop lands between runs
        o.jobs = 1;
        mtlx::SweepCallbacks cb;
        int finished = 0;
        cb.onRunFinished = [&](const mtlx::SweepRun&, const mtlx::RunResult&, const mtlx::ParetoPoint& p) {
            QCOMPARE(p.values.size(), std::size_t(2));
            if (++finished == 2) control.stop = true;
        };
        const auto out = mtlx::runSweep(tinySweepSpec(3, 2, 20), o, control, cb);
        QVERIFY(out.stopped);
        QCOMPARE(out.finished, std::size_t(2));
        QCOMPARE(readLines(d + "/runs.jsonl").size(), std::size_t(2));
        QCOMPARE(out.frontier.points.size(), std::size_t(2));
        const auto rest = runTinySweep(tinySweepSpec(3, 2, 20), d);
        QCOMPARE(rest.skipped, std::size_t(2));
        QCOMPARE(rest.finished, std::size_t(4));
    }

    // A stack stopped mid-training goes on from its last epoch's checkpoint when the sweep runs
    // again, to the numbers of a sweep never stopped; each finished run keeps its model in a run
    // folder of its own.
    void aStoppedStackGoesOnFromItsCheckpoint()
    {
        const auto spec = tinySweepSpec(3, 1, 8);
        mtlx::SweepOptions o;
        o.stack = 3;
        o.jobs = 1;
        o.outDir = dir("whole");
        mtlx::RunControl control;
        QCOMPARE(mtlx::runSweep(spec, o, control).finished, std::size_t(3));
        o.outDir = dir("cut");
        mtlx::SweepCallbacks cb;
        cb.progressIntervalSeconds = 0;
        cb.onProgress = [&](const mtlx::SweepStatus& s) {
            if (s.fraction > 0.6) control.stop = true;
        };
        const auto cut = mtlx::runSweep(spec, o, control, cb);
        QVERIFY(cut.stopped);
        QCOMPARE(cut.finished, std::size_t(0));
        const auto checkpoints = o.outDir + "/checkpoints";
        QCOMPARE(std::distance(std::filesystem::directory_iterator(checkpoints), {}), std::ptrdiff_t(1));
        control.stop = false;
        const auto rest = mtlx::runSweep(spec, o, control);
        QCOMPARE(rest.resumedStacks, std::size_t(1));
        QCOMPARE(rest.finished, std::size_t(3));
        QCOMPARE(std::distance(std::filesystem::directory_iterator(checkpoints), {}), std::ptrdiff_t(0));
        const auto whole = resultsByRun(dir("whole") + "/runs.jsonl"), resumed = resultsByRun(o.outDir + "/runs.jsonl");
        QCOMPARE(resumed.size(), std::size_t(3));
        for (const auto& [key, mse] : whole)
            for (std::size_t t = 0; t < 2; ++t)
                QVERIFY2(std::abs(resumed.at(key)[t] - mse[t]) <= 1e-6 * mse[t], key.c_str());
        QVERIFY(rest.modelsKept);
        for (const auto& line : readLines(o.outDir + "/runs.jsonl")) {
            const auto folder = o.outDir + "/" + line.at("folder").get<std::string>();
            QVERIFY(std::filesystem::file_size(folder + "/model.pt") > 0);
            std::ifstream result(folder + "/result.json");
            QCOMPARE(json::parse(result)["tasks"], line["tasks"]);
        }
    }

    void theModelsRuleKeepsSmallSweepsModels()
    {
        QVERIFY(mtlx::keepsModels("auto", 100000, 11));   // 4.4 MB
        QVERIFY(!mtlx::keepsModels("auto", 3000000, 33)); // 396 MB
        QVERIFY(mtlx::keepsModels("all", 2000000, 33));
        QVERIFY(!mtlx::keepsModels("none", 10, 1));
        QVERIFY_THROWS_EXCEPTION(mtlx::InputError, mtlx::keepsModels("some", 10, 1));
        QCOMPARE(mtlx::sweepModelFolder(3, 2), std::string("models/point3-seed2"));
    }

    void divergedRunsCountAsDivergedAndTheSweepFinishes()
    {
        auto spec = tinySweepSpec(3, 1, 1);
        spec.training.optimizer = "sgd";
        spec.training.lr = 1e30;
        spec.training.batchSize = 600; // one step per epoch: the weights turn NaN after the last step
        const auto d = dir("diverging");
        const auto out = runTinySweep(spec, d);
        QCOMPARE(out.finished, std::size_t(3));
        QCOMPARE(out.frontier.failed, std::size_t(3));
        QVERIFY(out.frontier.points.empty());
        for (const auto& line : readLines(d + "/runs.jsonl"))
            QCOMPARE(line["status"].get<std::string>(), std::string("diverged"));
        // A rerun trains nothing more, and the folder reads back.
        QCOMPARE(runTinySweep(spec, d).finished, std::size_t(0));
        QCOMPARE(mtlx::readSweepFolder(d).frontier.failed, std::size_t(3));
        // A folder written before NaN models counted as diverged ("ok" with null metrics) still
        // gives its frontier: such a run counts as failed.
        auto lines = readLines(d + "/runs.jsonl");
        lines[0]["status"] = "ok";
        std::ofstream rewrite(d + "/runs.jsonl");
        for (const auto& l : lines)
            rewrite << l.dump() << '\n';
        rewrite.close();
        QCOMPARE(mtlx::readSweepFolder(d).frontier.failed, std::size_t(3));
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
