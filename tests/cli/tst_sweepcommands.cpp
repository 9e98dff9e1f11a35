// The sweep commands end to end through runCli: `compare` reads several sweep folders against one
// reference point (or one given), refuses folders of other objectives, and the sweep flags are
// checked.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <map>
#include <sstream>

#include "core/cli/cli.h"
#include "core/engine/sweep.h"
#include "core/reproduce/reproduction.h"
#include "core/reproduce/statistics.h"
#include "core/spec/pareto.h"
#include "core/spec/text.h"
#include "tests/common/tinysweep.h"

using mtlx::testing::runTinySweep;
using mtlx::testing::tinySweepSpec;

class TestSweepCommands : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    std::string dir(const char* name) const { return tmp_.filePath(name).toStdString(); }
    // The reference point compare takes for these sweep folders: referencePoint of all their runs.
    std::vector<double> referenceOf(std::initializer_list<const char*> names) const
    {
        std::vector<std::vector<double>> all;
        for (const char* name : names)
            for (const auto& p : mtlx::readSweepFolder(dir(name)).frontier.points)
                all.push_back(p.values);
        return mtlx::referencePoint(all);
    }

private Q_SLOTS:
    void compareUsesOneReferencePoint()
    {
        auto withHeads = tinySweepSpec(3, 1);
        auto without = withHeads;
        without.heads.kind = "none";
        runTinySweep(withHeads, dir("cmp-heads"));
        runTinySweep(without, dir("cmp-plain"));
        std::ostringstream out, err;
        const auto csv = dir("cmp.csv");
        const int code = mtlx::runCli({"compare", dir("cmp-heads"), dir("cmp-plain"), "--csv", csv}, out, err);
        QCOMPARE(code, 0);
        QVERIFY2(out.str().find("cmp-heads") != std::string::npos, out.str().c_str());
        // The runs with a task weight of 0 set that reference point: a note gives the one that the
        // runs training both tasks give, ready for --reference.
        std::vector<std::vector<double>> trained;
        for (const char* name : {"cmp-heads", "cmp-plain"})
            for (const auto& p : mtlx::readSweepFolder(dir(name)).frontier.points)
                if (std::none_of(p.weights.begin(), p.weights.end(), [](double w) { return w == 0; }))
                    trained.push_back(p.values);
        const auto nearer = mtlx::referencePoint(trained);
        QVERIFY(nearer != referenceOf({"cmp-heads", "cmp-plain"}));
        const std::string note =
            "(--reference " + mtlx::formatNumber(nearer[0], 4) + "," + mtlx::formatNumber(nearer[1], 4) + ")";
        QVERIFY2(out.str().find("note: this reference point counts runs with a task weight of 0") !=
                         std::string::npos &&
                     out.str().find(note) != std::string::npos,
                 (out.str() + " lacks " + note).c_str());
        std::ifstream in(csv);
        std::vector<std::string> rows;
        for (std::string line; std::getline(in, line);)
            rows.push_back(line);
        QCOMPARE(rows.size(), std::size_t(3));
        // Both hypervolumes are against the same reference: recompute one from its folder.
        const auto ref = referenceOf({"cmp-heads", "cmp-plain"});
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
        // Without --csv nothing is written (here: in the working folder).
        std::ostringstream out5, err5;
        const QString before = QDir::currentPath();
        QVERIFY(QDir::setCurrent(tmp_.path()));
        const int plain = mtlx::runCli({"compare", dir("cmp-heads")}, out5, err5);
        QDir::setCurrent(before);
        QCOMPARE(plain, 0);
        QVERIFY(!QFileInfo::exists(tmp_.filePath("compare.csv")));
        QVERIFY(out5.str().find("csv:") == std::string::npos);
        std::ostringstream out4, err4;
        QCOMPARE(mtlx::runCli({"compare", dir("cmp-heads"), "--csv", csv, "--reference", "1"}, out4, err4), 2);
        QVERIFY(err4.str().find("--reference: has 1 values for 2 objectives") != std::string::npos);
        // Folders of different tasks do not compare.
        auto other = tinySweepSpec(3, 1);
        other.sweep.metric = "loss";
        runTinySweep(other, dir("cmp-loss"));
        std::ostringstream out2, err2;
        QCOMPARE(mtlx::runCli({"compare", dir("cmp-heads"), dir("cmp-loss"), "--csv", csv}, out2, err2), 2);
        QVERIFY(err2.str().find("differ") != std::string::npos);
    }

    // merge: shards of one sweep become the whole sweep; a duplicate is dropped, a cut line
    // skipped with a warning, of two different results the later kept; other sweeps refused.
    // Each configuration against the first: the mean difference over seeds of the per-seed
    // hypervolumes with Welch's interval and p, in the CSV as *_diff, *_ci95_low/high, *_p_value.
    void compareTestsEachConfigurationWithWelch()
    {
        auto plain = tinySweepSpec(3, 3, 1);
        plain.heads.kind = "none";
        auto heads = tinySweepSpec(3, 3, 1);
        runTinySweep(plain, dir("w-plain"));
        runTinySweep(heads, dir("w-heads"));
        const auto csv = dir("w.csv");
        std::ostringstream out, err;
        QCOMPARE(mtlx::runCli({"compare", dir("w-plain"), dir("w-heads"), "--csv", csv}, out, err), 0);
        QVERIFY2(out.str().find("Welch") != std::string::npos, out.str().c_str());
        // The per-seed hypervolumes against the common reference, recomputed here.
        const auto ref = referenceOf({"w-plain", "w-heads"});
        auto perSeed = [&](const std::string& d) {
            std::map<std::uint64_t, std::vector<std::vector<double>>> bySeed;
            for (const auto& p : mtlx::readSweepFolder(d, ref).frontier.points)
                bySeed[p.seed].push_back(p.values);
            std::vector<double> v;
            for (const auto& [seed, points] : bySeed)
                v.push_back(mtlx::hypervolume(points, ref));
            return v;
        };
        const auto w = mtlx::welch(perSeed(dir("w-plain")), perSeed(dir("w-heads")));
        QVERIFY(std::isfinite(w.p));
        std::ifstream in(csv);
        std::string header, first, second;
        std::getline(in, header);
        std::getline(in, first);
        std::getline(in, second);
        auto cells = [](const std::string& line) {
            std::vector<std::string> fields;
            std::stringstream ss(line);
            for (std::string c; std::getline(ss, c, ',');)
                fields.push_back(c);
            if (!line.empty() && line.back() == ',') fields.push_back("");
            return fields;
        };
        const auto names = cells(header), row = cells(second), base = cells(first);
        auto column = [&](const std::string& name) {
            const auto it = std::find(names.begin(), names.end(), name);
            return static_cast<std::size_t>(it - names.begin());
        };
        for (const auto& [name, value] : std::vector<std::pair<std::string, double>>{{"hypervolume_diff", w.difference},
                                                                                     {"hypervolume_ci95_low", w.low},
                                                                                     {"hypervolume_ci95_high", w.high},
                                                                                     {"hypervolume_p_value", w.p}}) {
            QVERIFY2(column(name) < names.size(), (name + " missing in " + header).c_str());
            QVERIFY2(std::abs(std::stod(row.at(column(name))) - value) <= 1e-6 * std::max(1.0, std::abs(value)),
                     (name + ": " + row.at(column(name))).c_str());
            QVERIFY(base.at(column(name)).empty()); // the reference configuration tests nothing
        }
        // --reference-config names another reference: the difference changes sign.
        std::ostringstream out2, err2;
        QCOMPARE(
            mtlx::runCli({"compare", dir("w-plain"), dir("w-heads"), "--csv", csv, "--reference-config", "w-heads"},
                         out2, err2),
            0);
        std::ifstream in2(csv);
        std::getline(in2, header);
        std::getline(in2, first);
        QVERIFY(std::abs(std::stod(cells(first).at(column("hypervolume_diff"))) + w.difference) < 1e-9);
        std::ostringstream out3, err3;
        QCOMPARE(mtlx::runCli({"compare", dir("w-plain"), "--reference-config", "nope"}, out3, err3), 2);
        QVERIFY2(err3.str().find("--reference-config: 'nope' is none of w-plain") != std::string::npos,
                 err3.str().c_str());
    }

    // compare --baseline LS_DIR: each seed-mean point of a method against the seed-averaged
    // linear-scalarisation frontier, with dominationFactor's number.
    void baselineSaysWhetherTheLsFrontierDominates()
    {
        const auto ls = tinySweepSpec(5, 2, 1);
        auto uw = ls;
        uw.training.weighting = "uncertainty";
        runTinySweep(ls, dir("b-ls"));
        runTinySweep(uw, dir("b-uw"));
        std::ostringstream out, err;
        // The baseline named among the folders too is listed once, first.
        QCOMPARE(mtlx::runCli({"compare", dir("b-uw"), "--baseline", dir("b-ls"), dir("b-ls")}, out, err), 0);
        std::istringstream table(out.str());
        std::vector<std::string> firstColumn;
        for (std::string line; std::getline(table, line) && line.rfind("hypervolume of", 0) != 0;)
            firstColumn.push_back(line.substr(0, line.find(' ')));
        QCOMPARE(firstColumn, (std::vector<std::string>{"config", "b-ls", "b-uw"}));
        // The method chose its task weights: its row says so instead of uniform weights.
        QVERIFY2(out.str().find("b-uw ") != std::string::npos && out.str().find("by uncertainty") != std::string::npos,
                 out.str().c_str());
        QVERIFY2(out.str().find("a method's runs (\"by METHOD\") are its one point") != std::string::npos,
                 out.str().c_str());
        std::ostringstream fout, ferr;
        QCOMPARE(mtlx::runCli({"frontier", dir("b-uw")}, fout, ferr), 0);
        QVERIFY2(fout.str().find("point (task weights chosen by uncertainty): ") != std::string::npos &&
                     fout.str().find("middle point w") == std::string::npos,
                 fout.str().c_str());
        const auto ref = referenceOf({"b-ls", "b-uw"});
        const auto lsFrontier = mtlx::readSweepFolder(dir("b-ls"), ref).frontier;
        std::vector<std::vector<double>> front;
        for (const auto i : lsFrontier.meanFrontier)
            front.push_back(lsFrontier.means[i].values);
        const auto q = mtlx::readSweepFolder(dir("b-uw"), ref).frontier.means.at(0).values;
        const double factor = mtlx::dominationFactor(front, q);
        std::ostringstream expected;
        if (factor > 0)
            expected << "dominated by a margin of " << mtlx::formatNumber((factor - 1) * 100, 3) << " %";
        else
            expected << "not dominated: adds";
        QVERIFY2(out.str().find(expected.str()) != std::string::npos, (out.str() + " lacks " + expected.str()).c_str());
    }

    // reproduce --set changes every experiment's spec: a bad value is refused by its field before
    // anything is written, and the report plans the changed sweeps.
    void reproduceTakesSettings()
    {
        std::ostringstream out, err;
        QCOMPARE(mtlx::runCli({"reproduce", "sh-fig1a", "--out", dir("rep-bad"), "--set", "training.weight_decay=-2"},
                              out, err),
                 2);
        QVERIFY2(err.str().find("training.weight_decay: must be ≥ 0") != std::string::npos, err.str().c_str());
        QVERIFY(!QFileInfo::exists(QString::fromStdString(dir("rep-bad"))));
        const auto& r = mtlx::findReproduction("sh-fig1a");
        const auto changed =
            mtlx::experimentsOf(r, mtlx::Scale::Quick, {"sweep.seeds=1", "training.weight_decay=0.01"});
        std::size_t planned = 0;
        for (const auto& e : changed) {
            QCOMPARE(e.spec.sweep.seeds, 1);
            QCOMPARE(e.spec.training.weightDecay, 0.01);
            planned += mtlx::planSweep(e.spec).size();
        }
        QVERIFY(planned < mtlx::plannedRuns(r, mtlx::Scale::Quick));
        std::ostringstream out2, err2;
        QCOMPARE(mtlx::runCli({"reproduce", "sh-fig1a", "--out", dir("rep-set"), "--report-only", "--set",
                               "sweep.seeds=1", "--set", "training.weight_decay=0.01"},
                              out2, err2),
                 0);
        QVERIFY2(out2.str().find("0 of " + std::to_string(planned) + " runs") != std::string::npos, out2.str().c_str());
    }

    void mergeJoinsShardsExactly()
    {
        const auto spec = tinySweepSpec(3, 2);
        const auto whole = runTinySweep(spec, dir("m-whole"));
        runTinySweep(spec, dir("m-s1"), 1, 1, 2);
        runTinySweep(spec, dir("m-s2"), 1, 2, 2);
        std::string first;
        std::getline(std::ifstream(dir("m-s1") + "/runs.jsonl"), first);
        std::ofstream(dir("m-s2") + "/runs.jsonl", std::ios::app) << first << "\n" << first.substr(0, 150);
        std::ostringstream out, err;
        QCOMPARE(mtlx::runCli({"merge", dir("m-out"), dir("m-s1"), dir("m-s2")}, out, err), 0);
        QVERIFY2(out.str().find("6 of 6 runs, 1 duplicate(s) dropped") != std::string::npos, out.str().c_str());
        QVERIFY2(err.str().find("warning: ") != std::string::npos, err.str().c_str()); // the cut line
        const auto merged = mtlx::readSweepFolder(dir("m-out"));
        QCOMPARE(merged.frontier.meanHypervolume, whole.frontier.meanHypervolume);
        QCOMPARE(merged.frontier.points.size(), std::size_t(6));
        // Merging again over an earlier merge is allowed; over a real sweep it is not.
        std::ostringstream o2, e2;
        QCOMPARE(mtlx::runCli({"merge", dir("m-out"), dir("m-s1"), dir("m-s2")}, o2, e2), 0);
        QCOMPARE(mtlx::runCli({"merge", dir("m-whole"), dir("m-s1")}, o2, e2), 2);
        QVERIFY(e2.str().find("already holds a sweep") != std::string::npos);
        // A run found twice with different results: the one that finished later stays.
        auto later = nlohmann::json::parse(first);
        later["finished_at"] = "2999-01-01T00:00:00Z";
        later["tasks"][0]["test"]["mse"] = 123.0;
        std::ofstream(dir("m-s2") + "/runs.jsonl", std::ios::app) << "\n" << later.dump() << "\n";
        std::ostringstream o3, e3;
        QCOMPARE(mtlx::runCli({"merge", dir("m-out3"), dir("m-s1"), dir("m-s2")}, o3, e3), 0);
        QVERIFY2(o3.str().find("1 run(s) found twice with different results") != std::string::npos, o3.str().c_str());
        bool found = false;
        std::ifstream lines(dir("m-out3") + "/runs.jsonl");
        for (std::string line; std::getline(lines, line);)
            found = found || nlohmann::json::parse(line)["tasks"][0]["test"]["mse"] == 123.0;
        QVERIFY(found);
        // Shards of another sweep: refused, naming the first difference.
        auto other = spec;
        other.training.epochs = 3;
        runTinySweep(other, dir("m-other"));
        std::ostringstream o4, e4;
        QCOMPARE(mtlx::runCli({"merge", dir("m-bad"), dir("m-s1"), dir("m-other")}, o4, e4), 2);
        QVERIFY2(e4.str().find("training.epochs: 2 there, 3 here") != std::string::npos, e4.str().c_str());
    }

    // What a sweep trains, said where the spec might suggest otherwise (--slurm: nothing trains).
    void sweepSaysWhatItTrains()
    {
        auto errOf = [this](const std::vector<std::string>& extra) {
            std::vector<std::string> args{"sweep", "--out", dir("says"), "--slurm", "1"};
            args.insert(args.end(), extra.begin(), extra.end());
            std::ostringstream out, err;
            if (mtlx::runCli(args, out, err) != 0) return "failed: " + err.str();
            return err.str();
        };
        // A grid of three tasks at K = 3: 6 weightings, not "3 points".
        auto e = errOf({"--preset", "census-6-ml-mmoe", "--weighting", "linear", "--points", "3", "--set",
                        "training.task_weights=[1, 1, 2]"});
        QVERIFY2(e.find("warning: --set training.task_weights is not used: a sweep trains the task weights of its "
                        "grid (6 weightings)") != std::string::npos,
                 e.c_str());
        // A preference-conditioned model: one per seed, on preferences.
        e = errOf({"--preset", "sine-shared-bottom", "--set", "training.preference.method=cosmos", "--set",
                   "training.task_weights=[1, 3]"});
        QVERIFY2(e.find("one model per seed") != std::string::npos &&
                     e.find("it trains on preferences drawn per batch") != std::string::npos,
                 e.c_str());
        // PCGrad weighs the losses by the spec's task weights; uncertainty chooses its own.
        e = errOf({"--preset", "sine-shared-bottom", "--weighting", "pcgrad"});
        QVERIFY2(e.find("weighting 'pcgrad' trains at the spec's task weights: one point") != std::string::npos,
                 e.c_str());
        e = errOf(
            {"--preset", "sine-shared-bottom", "--weighting", "uncertainty", "--set", "training.task_weights=[1, 3]"});
        QVERIFY2(e.find("weighting 'uncertainty' chooses its own task weights: one point") != std::string::npos &&
                     e.find("warning: --set training.task_weights is not used: uncertainty weighs the tasks itself") !=
                         std::string::npos,
                 e.c_str());
        e = errOf({"--preset", "sine-shared-bottom", "--weighting", "pcgrad", "--set", "training.task_weights=[1, 3]"});
        QVERIFY2(e.find("not used") == std::string::npos, e.c_str());
    }

    // sweep --slurm writes the job array, the merge job and the submit script; it trains nothing.
    void slurmScriptsAreWritten()
    {
        std::ostringstream out, err;
        const std::string d = dir("slurm-sweep");
        QCOMPARE(mtlx::runCli({"sweep", "--preset", "sine-shared-bottom", "--points", "4", "--out", d, "--slurm", "3",
                               "--slurm-cpus", "2", "--slurm-partition", "gpu", "--slurm-time", "1:00:00",
                               "--slurm-cli", "/opt/mtlx-cli"},
                              out, err),
                 0);
        auto read = [](const std::string& path) {
            std::ifstream in(path);
            return std::string(std::istreambuf_iterator<char>(in), {});
        };
        const auto array = read(d + "/slurm/sweep.sbatch"), merge = read(d + "/slurm/merge.sbatch"),
                   submit = read(d + "/slurm/submit.sh");
        for (const char* needle :
             {"#SBATCH --array=1-3", "#SBATCH --cpus-per-task=2", "#SBATCH --partition=gpu", "#SBATCH --time=1:00:00",
              "'/opt/mtlx-cli' sweep", "--shard ${SLURM_ARRAY_TASK_ID}/3 --jobs 2", "shard-${SLURM_ARRAY_TASK_ID}"})
            QVERIFY2(array.find(needle) != std::string::npos, needle);
        QVERIFY(merge.find("'/opt/mtlx-cli' merge '" + d + "'") != std::string::npos);
        QVERIFY(submit.find("--dependency=afterok:${job}") != std::string::npos);
        QVERIFY(out.str().find("submit with: " + d + "/slurm/submit.sh") != std::string::npos);
        QVERIFY(!QFileInfo::exists(QString::fromStdString(d + "/runs.jsonl"))); // nothing trained
        // The spec every task runs has the overrides in it.
        QCOMPARE(mtlx::loadExperimentFile(d + "/slurm/spec.json").sweep.points, 4);
        std::ostringstream o2, e2;
        QCOMPARE(mtlx::runCli({"sweep", "--preset", "sine-shared-bottom", "--out", d, "--slurm", "3", "--shard", "1/2"},
                              o2, e2),
                 2);
        QCOMPARE(
            mtlx::runCli({"reproduce", "sh-fig1a", "--scale", "paper", "--out", dir("slurm-repro"), "--slurm", "8"}, o2,
                         e2),
            0);
        QVERIFY(read(dir("slurm-repro") + "/slurm/merge.sbatch").find("--report-only") != std::string::npos);
        // --only goes on to the array's tasks, not to the merge (its report reads every experiment).
        QCOMPARE(mtlx::runCli({"reproduce", "sh-fig1a", "--out", dir("slurm-only"), "--slurm", "2", "--only", "sine"},
                              o2, e2),
                 0);
        QVERIFY(read(dir("slurm-only") + "/slurm/sweep.sbatch").find("--only 'sine'") != std::string::npos);
        QVERIFY(read(dir("slurm-only") + "/slurm/merge.sbatch").find("--only") == std::string::npos);
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
        std::ostringstream out3, err3;
        QCOMPARE(
            mtlx::runCli({"sweep", "--preset", "sine-shared-bottom", "--out", dir("x"), "--stack", "0"}, out3, err3),
            2);
        QVERIFY2(err3.str().find("--stack: must be ≥ 1") != std::string::npos, err3.str().c_str());
    }

    void sweepSaysHowItStacked()
    {
        // 3 points × 2 seeds in stacks of 4 on one job: a stack of 4 and one of 2.
        const std::string spec = dir("tiny.json");
        std::ofstream(spec) << mtlx::experimentToJson(tinySweepSpec(3, 2, 1)).dump();
        std::ostringstream out, err;
        QCOMPARE(mtlx::runCli({"sweep", spec, "--out", dir("stacked"), "--stack", "4", "--jobs", "1"}, out, err), 0);
        QVERIFY2(out.str().find("6 trained in") != std::string::npos, out.str().c_str());
        QVERIFY2(out.str().find("(stacks of 4, 1 at once, 1 thread each)") != std::string::npos, out.str().c_str());
        QVERIFY2(err.str().find("task_weights") == std::string::npos, err.str().c_str());
        // Task weights given to a sweep are not what it trains: said.
        std::ostringstream out1, err1;
        QCOMPARE(mtlx::runCli({"sweep", spec, "--out", dir("one-point"), "--points", "1", "--seeds", "1", "--set",
                               "training.task_weights=[1, 3]"},
                              out1, err1),
                 0);
        QVERIFY2(err1.str().find("warning: --set training.task_weights is not used: a sweep trains the task weights "
                                 "of its grid (1 weighting: uniform)") != std::string::npos,
                 err1.str().c_str());
        QVERIFY2(out1.str().find("1 trained in") != std::string::npos, out1.str().c_str());
        // bench: R runs stacked, J stacks at once, every run's examples counted.
        std::ostringstream bench, berr;
        QCOMPARE(mtlx::runCli(
                     {"bench", spec, "--steps", "2", "--warmup", "0", "--stack", "3", "--jobs", "2", "--threads", "1"},
                     bench, berr),
                 0);
        const auto j = nlohmann::json::parse(bench.str());
        QCOMPARE(j["stack"].get<int>(), 3);
        QCOMPARE(j["jobs"].get<int>(), 2);
        const double perRun = 64.0 * 2 / j["seconds"].get<double>(); // batch 64, 2 steps, at the slowest job
        QVERIFY(j["examples_per_second"].get<double>() >= 6 * perRun * 0.999);
    }

    void reproduceListsAndRefusesBadInput()
    {
        std::ostringstream out, err;
        QCOMPARE(mtlx::runCli({"reproduce", "--list"}, out, err), 0);
        for (const char* name : {"sh-fig1a", "sh-fig1bc", "sh-fig7", "sh-table4", "sh-fig6b", "adatt-table5",
                                 "adatt-table6", "adatt-fig3"})
            QVERIFY2(out.str().find(std::string(name) + "  ") != std::string::npos, name);
        QVERIFY(out.str().find("quick: 220 runs; paper: 330 runs") != std::string::npos); // Fig. 1a
        auto refused = [&](const std::vector<std::string>& args, const std::string& message) {
            std::ostringstream o, e;
            QCOMPARE(mtlx::runCli(args, o, e), 2);
            const std::string text = e.str();
            QVERIFY2(text.find(message) != std::string::npos, text.c_str());
            QCOMPARE(std::count(text.begin(), text.end(), '\n'), 1L);
        };
        refused({"reproduce", "sh-fig99", "--out", dir("r")}, "no reproduction 'sh-fig99' (known: sh-fig1a,");
        refused({"reproduce", "sh-fig7", "--scale", "huge", "--out", dir("r")}, "--scale: 'huge' is not a scale");
        refused({"reproduce", "sh-fig7"}, "missing --out DIR");
        refused({"reproduce", "sh-fig7", "--out", dir("r"), "--shard", "3/2"}, "--shard: 3/2 has I > N");
        refused({"reproduce", "sh-fig7", "--out", dir("r"), "--only", "census"},
                "--only: no experiment's name holds 'census' (its experiments: ");
        refused({"reproduce", "sh-fig7", "--out", dir("r"), "--only", "sine", "--report-only"},
                "--only: --report-only trains nothing");
        refused({"reproduce", "sh-fig7", "adatt-fig3", "--out", dir("r")}, "one reproduction at a time");
    }
};

QTEST_GUILESS_MAIN(TestSweepCommands)
#include "tst_sweepcommands.moc"
