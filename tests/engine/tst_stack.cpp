// Stacked runs (core/engine/models/stacked.h): a stack of R runs that differ in task weights and
// seed gives each run the numbers it gives alone — model outputs, then whole results (history,
// metrics, probes, gates) for every architecture, head kind, weighting method and optimizer; a
// run that diverges in a stack ends alone; sweeps stack by default and resume as before.
#include <QtTest>

#include <cmath>
#include <set>

#include "core/engine/data/dataset.h"
#include "core/engine/models/mtlmodel.h"
#include "core/engine/runner.h"
#include "core/engine/sweep.h"
#include "core/engine/training/trainer.h"
#include "core/spec/presets.h"
#include "core/spec/specerror.h"
#include "tests/common/tinysweep.h"

namespace {

using nlohmann::json;

// Two correlated regression tasks; a model small enough for a test.
mtlx::ExperimentSpec smallSpec(const std::string& arch, const std::string& heads = "none")
{
    json model{{"arch", arch}, {"towers", {8}}};
    if (arch == "shared_bottom" || arch == "single_task")
        model["bottom"] = {12};
    else
        model["expert_dims"] = arch == "mmoe" ? json{{8}} : json{{8}, {6}};
    if (arch == "ple" || arch == "adatt") model["shared_experts"] = 1;
    if (arch == "adatt_sp" || arch == "ple" || arch == "adatt") model["experts_per_task"] = 2;
    if (arch == "mmoe" || arch == "ml_mmoe") model["experts"] = 3;
    return mtlx::experimentFromJson(
        json{{"dataset",
              {{"kind", "synthetic_correlated"},
               {"dim", 6},
               {"train", 480},
               {"validation", 64},
               {"test", 128},
               {"seed", 5}}},
             {"model", model},
             {"heads", {{"kind", heads}, {"pool_window", 2}}},
             {"training", {{"lr", 0.01}, {"batch_size", 64}, {"epochs", 2}, {"threads", 1}}}});
}

// Run r of a stack: the base spec with its own weights and seed.
std::vector<mtlx::ExperimentSpec> stackOf(const mtlx::ExperimentSpec& base,
                                          const std::vector<std::vector<double>>& weights)
{
    std::vector<mtlx::ExperimentSpec> runs;
    for (std::size_t r = 0; r < weights.size(); ++r) {
        auto s = base;
        s.training.taskWeights = weights[r];
        s.training.seed = 11 + static_cast<std::uint64_t>(r) % 2; // two runs share a seed
        runs.push_back(s);
    }
    return runs;
}

const std::vector<std::vector<double>> kWeights{{0.5, 0.5}, {0.9, 0.1}, {0.2, 0.8}};

// The largest relative difference between two results' numbers (times left out); -1 when their
// shapes, strings or integers differ.
double difference(const json& a, const json& b, std::string& where, const std::string& path = "")
{
    static const std::set<std::string> timing{"wall_seconds", "examples_per_second", "seconds", "train_seconds",
                                              "finished_at"};
    if (a.type() != b.type() && !(a.is_number() && b.is_number())) return where = path, -1;
    if (a.is_object()) {
        if (a.size() != b.size()) return where = path, -1;
        double worst = 0;
        for (auto it = a.begin(); it != a.end(); ++it) {
            if (timing.count(it.key())) continue;
            if (!b.contains(it.key())) return where = path + "." + it.key(), -1;
            const double d = difference(it.value(), b.at(it.key()), where, path + "." + it.key());
            if (d < 0) return d;
            worst = std::max(worst, d);
        }
        return worst;
    }
    if (a.is_array()) {
        if (a.size() != b.size()) return where = path, -1;
        double worst = 0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            const double d = difference(a[i], b[i], where, path + "[" + std::to_string(i) + "]");
            if (d < 0) return d;
            worst = std::max(worst, d);
        }
        return worst;
    }
    if (a.is_number_float() || b.is_number_float()) {
        const double x = a.get<double>(), y = b.get<double>();
        const double d = std::abs(x - y) / std::max({std::abs(x), std::abs(y), 1e-6});
        if (d > 0) where = path;
        return d;
    }
    return a == b ? 0.0 : (where = path, -1.0);
}

mtlx::RunResult alone(const mtlx::ExperimentSpec& spec, const mtlx::Dataset& data)
{
    mtlx::RunControl control;
    return mtlx::trainOnData(spec, data, control, {});
}

void expectSameResults(const std::vector<mtlx::ExperimentSpec>& runs, const std::vector<mtlx::RunResult>& stacked,
                       const mtlx::Dataset& data, double tolerance, const QString& what)
{
    QCOMPARE(stacked.size(), runs.size());
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const auto single = alone(runs[r], data);
        std::string where;
        const double d = difference(mtlx::resultToJson(stacked[r]), mtlx::resultToJson(single), where);
        QVERIFY2(d >= 0 && d <= tolerance,
                 qPrintable(what +
                            QString(": run %1 differs by %2 at %3").arg(r).arg(d).arg(QString::fromStdString(where))));
    }
}

} // namespace

class TestStack : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void eachRunOfAModelComputesAsAlone_data()
    {
        QTest::addColumn<QString>("arch");
        QTest::addColumn<QString>("heads");
        for (const auto& arch : mtlx::architectureKeys())
            for (const char* heads : {"none", "linear", "pool", "bottleneck", "pta"})
                QTest::newRow((arch + " + " + heads).c_str()) << QString::fromStdString(arch) << QString(heads);
    }
    void eachRunOfAModelComputesAsAlone()
    {
        QFETCH(QString, arch);
        QFETCH(QString, heads);
        const auto spec = smallSpec(arch.toStdString(), heads.toStdString());
        const auto tasks = spec.tasks();
        const std::vector<std::uint64_t> seeds{3, 4, 5};
        mtlx::MtlModel stack(spec, mtlx::InputInfo{{6}, {}, 0}, tasks, seeds);
        std::vector<mtlx::MtlModel> singles;
        for (std::size_t r = 0; r < seeds.size(); ++r) {
            torch::manual_seed(seeds[r]);
            singles.emplace_back(spec, 6, tasks);
            stack->copyRun(static_cast<std::int64_t>(r), *singles.back());
        }
        QCOMPARE(stack->parameterCounts().training, singles[0]->parameterCounts().training);
        stack->train();
        const auto x = torch::randn({3, 10, 6}); // each run its own rows
        const auto out = stack->forward(x);
        for (std::size_t r = 0; r < seeds.size(); ++r) {
            singles[r]->train();
            const auto i = static_cast<std::int64_t>(r);
            const auto one = singles[r]->forward(x.narrow(0, i, 1));
            for (std::size_t t = 0; t < tasks.size(); ++t) {
                QVERIFY(torch::allclose(out.logits[t][i], one.logits[t][0], 1e-5, 1e-6));
                QCOMPARE(out.aux[t].size(), one.aux[t].size());
                for (std::size_t k = 0; k < one.aux[t].size(); ++k)
                    QVERIFY(torch::allclose(out.aux[t][k][i], one.aux[t][k][0], 1e-5, 1e-6));
            }
            for (std::size_t l = 0; l < one.features.gates.size(); ++l)
                QVERIFY(torch::allclose(out.features.gates[l][i], one.features.gates[l][0], 1e-5, 1e-6));
        }
        // The runs differ: each has its own weights.
        QVERIFY(!torch::allclose(out.logits[0][0], out.logits[0][1]));
    }

    void imagesAndEmbeddingsStackToo()
    {
        // LeNet on 36×36 images (a convolution per run) and learnt ID embeddings.
        auto lenet = mtlx::presetSpec("multimnist-large");
        const mtlx::InputInfo image{{1, 36, 36}, {}, 0};
        const auto movies = mtlx::presetSpec("movielens-shared-bottom");
        const mtlx::InputInfo ids{{2 + 7}, {11, 13}, 4};
        // The same conditioned on a preference: after the conv layers (or as image channels),
        // after the embeddings.
        auto conditioned = [](mtlx::ExperimentSpec s, const char* at = "dense") {
            s.training.preference.method = "cosmos";
            s.training.preference.input = at;
            return s;
        };
        for (const auto& [spec, input] :
             {std::pair{lenet, image}, std::pair{movies, ids}, std::pair{conditioned(lenet), image},
              std::pair{conditioned(lenet, "channels"), image}, std::pair{conditioned(movies), ids}}) {
            const auto tasks = spec.tasks();
            mtlx::MtlModel stack(spec, input, tasks, std::vector<std::uint64_t>{1, 2});
            std::vector<mtlx::MtlModel> singles;
            for (std::uint64_t r = 0; r < 2; ++r) {
                torch::manual_seed(r + 1);
                singles.emplace_back(spec, input, tasks);
                stack->copyRun(static_cast<std::int64_t>(r), *singles.back());
            }
            std::vector<std::int64_t> shape{2, 5};
            shape.insert(shape.end(), input.shape.begin(), input.shape.end());
            auto x = torch::rand(shape);
            if (!input.embeddings.empty()) { // valid IDs in the two leading columns
                x.select(2, 0).copy_(torch::randint(11, {2, 5}));
                x.select(2, 1).copy_(torch::randint(13, {2, 5}));
            }
            stack->eval();
            // Each run its own preference (unused by a model that is not conditioned).
            const auto preference = torch::tensor({0.2f, 0.8f, 0.7f, 0.3f}).view({2, 2});
            const auto out = stack->forward(x, preference);
            for (std::int64_t r = 0; r < 2; ++r) {
                singles[static_cast<std::size_t>(r)]->eval();
                const auto one =
                    singles[static_cast<std::size_t>(r)]->forward(x.narrow(0, r, 1), preference.narrow(0, r, 1));
                for (std::size_t t = 0; t < tasks.size(); ++t)
                    QVERIFY2(torch::allclose(out.logits[t][r], one.logits[t][0], 1e-4, 1e-5), spec.name.c_str());
            }
        }
    }

    void aStackTrainsEachRunAsAlone_data()
    {
        QTest::addColumn<QString>("arch");
        QTest::addColumn<QString>("heads");
        QTest::addColumn<QString>("weighting");
        QTest::addColumn<QString>("optimizer");
        for (const auto& arch : mtlx::architectureKeys())
            QTest::newRow(arch.c_str()) << QString::fromStdString(arch) << "linear"
                                        << "linear"
                                        << "adam";
        for (const char* w : {"uncertainty", "gradnorm", "mgda_ub", "pcgrad", "dwa", "cagrad", "nash_mtl", "imtl",
                              "rlw", "famo", "aligned_mtl", "gradvac", "graddrop", "gls"}) {
            QTest::newRow((std::string(w) + " shared_bottom").c_str()) << "shared_bottom"
                                                                       << "pool" << w << "adam";
            QTest::newRow((std::string(w) + " mmoe").c_str()) << "mmoe"
                                                              << "bottleneck" << w << "adam";
        }
        // One model for the whole front (training.preference): each run draws its own rays.
        for (const char* arch : {"shared_bottom", "single_task", "mmoe", "adatt"})
            QTest::newRow((std::string("cosmos ") + arch).c_str())
                << arch << (std::string(arch) == "mmoe" ? "bottleneck" : "none") << "cosmos"
                << "adam";
        QTest::newRow("sgd") << "ple"
                             << "pta"
                             << "linear"
                             << "sgd";
        QTest::newRow("adagrad") << "adatt"
                                 << "large"
                                 << "linear"
                                 << "adagrad";
        // Weight decay (L2 in adam and sgd, decoupled in adamw) and a per-epoch learning-rate decay.
        QTest::newRow("adam wd") << "mmoe"
                                 << "linear"
                                 << "uncertainty"
                                 << "adam+wd";
        QTest::newRow("adamw") << "ple"
                               << "bottleneck"
                               << "linear"
                               << "adamw+wd";
        QTest::newRow("sgd wd") << "shared_bottom"
                                << "pool"
                                << "gradnorm"
                                << "sgd+wd";
        // The census framework's DWA (last batches' weighted losses, clipped weights from epoch 4).
        QTest::newRow("dwa mmoeex") << "ml_mmoe"
                                    << "linear"
                                    << "dwa-mmoeex"
                                    << "adam+wd+best";
        // The best validation epoch's model, chosen per run.
        QTest::newRow("best validation") << "adatt"
                                         << "linear"
                                         << "dwa"
                                         << "adamw+wd+best";
    }
    void aStackTrainsEachRunAsAlone()
    {
        QFETCH(QString, arch);
        QFETCH(QString, heads);
        QFETCH(QString, weighting);
        QFETCH(QString, optimizer);
        auto spec = smallSpec(arch.toStdString(), heads.toStdString());
        spec.training.weighting = weighting.toStdString();
        if (weighting == "cosmos") {
            spec.training.weighting = "linear";
            spec.training.preference.method = "cosmos";
            spec.training.preference.frontPoints = 5;
        }
        spec.training.optimizer = optimizer.section('+', 0, 0).toStdString();
        if (optimizer.contains("+wd")) {
            spec.training.weightDecay = 0.05;
            spec.training.lrDecay = 0.7;
        }
        spec.training.epochs = 3; // dwa's weights move from the third epoch on
        if (weighting == "dwa-mmoeex") {
            spec.training.weighting = "dwa";
            spec.training.dwaVariant = "mmoeex";
            spec.training.epochs = 5; // its weights move from the fourth
        }
        spec.training.reportLast = 2;
        if (optimizer.endsWith("+best")) {
            spec.training.select = "best_validation";
            spec.training.reportLast = 1;
        }
        const auto data = mtlx::loadDataset(spec.dataset);
        const auto runs = stackOf(spec, kWeights);
        mtlx::RunControl control;
        const auto stacked = mtlx::trainStackOnData(runs, data, control, {});
        for (const auto& r : stacked)
            QCOMPARE(mtlx::toString(r.status), std::string("ok"));
        if (weighting == "cosmos") // the front is there, and part of what must be equal
            for (const auto& r : stacked)
                QCOMPARE(r.front.size(), std::size_t{5});
        expectSameResults(runs, stacked, data, 1e-5, arch + " " + heads + " " + weighting + " " + optimizer);
    }

    void dropoutStreamsArePerRun()
    {
        // Each run draws its masks from its own generator (seeded with its training seed) in the
        // same order alone and in a stack: the streams, and so the results, are the same.
        auto spec = smallSpec("shared_bottom", "linear");
        spec.heads.dropout = 0.3;
        const auto data = mtlx::loadDataset(spec.dataset);
        const auto runs = stackOf(spec, kWeights);
        mtlx::RunControl control;
        const auto stacked = mtlx::trainStackOnData(runs, data, control, {});
        expectSameResults(runs, stacked, data, 1e-5, "dropout");
        // Runs 0 and 2 share seed 11 but not their weights; runs 0 and 1 differ in seed.
        QVERIFY(stacked[0].tasks[0].test.at("mse") != stacked[1].tasks[0].test.at("mse"));
    }

    void aDivergingRunEndsAloneAndTheOthersGoOn()
    {
        auto spec = smallSpec("mmoe");
        spec.training.optimizer = "sgd";
        spec.training.lr = 0.05;
        const auto data = mtlx::loadDataset(spec.dataset);
        // Weights of 10⁴ make run 1's steps 10⁴ times larger: it diverges; the others do not.
        const auto runs = stackOf(spec, {{0.5, 0.5}, {1e4, 1e4}, {0.2, 0.8}});
        std::vector<std::size_t> order;
        mtlx::RunControl control;
        const auto stacked = mtlx::trainStackOnData(runs, data, control, {},
                                                    [&](std::size_t r, const mtlx::RunResult&) { order.push_back(r); });
        QCOMPARE(mtlx::toString(stacked[1].status), std::string("diverged"));
        QVERIFY2(stacked[1].message.find("became") != std::string::npos, stacked[1].message.c_str());
        QCOMPARE(order.front(), std::size_t(1)); // ended first, at once
        QCOMPARE(order.size(), std::size_t(3));
        // Alone it diverges in the same place with the same message; the others are untouched.
        const auto single = alone(runs[1], data);
        QCOMPARE(stacked[1].message, single.message);
        QCOMPARE(stacked[1].history.size(), single.history.size());
        expectSameResults({runs[0], runs[2]}, {stacked[0], stacked[2]}, data, 1e-5, "survivors");
    }

    void sweepsStackByDefaultAndResume()
    {
        QTemporaryDir tmp;
        const auto spec = mtlx::testing::tinySweepSpec(3, 2, 2); // 6 runs
        // Stacks of 3, one at a time: stop once the first stack's runs are stored.
        mtlx::RunControl control;
        mtlx::SweepOptions o;
        o.outDir = tmp.filePath("stacked").toStdString();
        o.stack = 3;
        o.jobs = 1;
        mtlx::SweepCallbacks cb;
        int stored = 0;
        cb.onRunFinished = [&](const mtlx::SweepRun&, const mtlx::RunResult&, const mtlx::ParetoPoint&) {
            if (++stored == 3) control.stop = true;
        };
        const auto first = mtlx::runSweep(spec, o, control, cb);
        QVERIFY(first.stopped);
        QCOMPARE(first.finished, std::size_t(3));
        QCOMPARE(first.layout.stack, 3);
        mtlx::RunControl again;
        const auto rest = mtlx::runSweep(spec, o, again);
        QCOMPARE(rest.skipped, std::size_t(3));
        QCOMPARE(rest.finished, std::size_t(3));
        // The same sweep one run at a time gives the same frontier, run for run.
        o.outDir = tmp.filePath("single").toStdString();
        o.stack = 1;
        const auto single = mtlx::runSweep(spec, o, again);
        QCOMPARE(single.layout.stack, 1);
        QCOMPARE(rest.frontier.points.size(), single.frontier.points.size());
        for (std::size_t i = 0; i < single.frontier.points.size(); ++i)
            for (std::size_t k = 0; k < 2; ++k) {
                const double a = rest.frontier.points[i].values[k], b = single.frontier.points[i].values[k];
                QVERIFY2(std::abs(a - b) <= 1e-5 * std::abs(b), qPrintable(QString("%1 vs %2").arg(a).arg(b)));
            }
    }

    void layoutDefaultsHoldUpOnASharedMachine()
    {
        auto spec = mtlx::presetSpec("sine-towers3"); // 147,427 parameters, batches of 128
        spec.training.threads = 0;
        mtlx::SweepOptions o;
        // 11 runs on 2 cores: two jobs of one thread each (never OpenMP threads waiting for a
        // core), two even stacks.
        auto l = mtlx::sweepLayout(spec, 200, 11, o, 2);
        QCOMPARE(l.jobs, 2);
        QCOMPARE(l.threads, 1);
        QCOMPARE(l.stack, 6);
        // 33 runs: ~113 MFLOP per run and step caps a stack at 18; two even stacks of 17 and 16.
        l = mtlx::sweepLayout(spec, 200, 33, o, 2);
        QCOMPARE(l.stack, 17);
        QCOMPARE(l.jobs, 2);
        // A model whose step alone is billions of FLOPs is not stacked.
        auto big = mtlx::presetSpec("bench-mmoe");
        big.training.threads = 0;
        QCOMPARE(mtlx::sweepLayout(big, big.dataset.dim, 8, o, 2).stack, 1);
        // Nor is an image model (a convolution per run either way), however small, unless asked.
        auto lenet = mtlx::presetSpec("multimnist-small");
        lenet.training.threads = 0;
        QCOMPARE(mtlx::sweepLayout(lenet, 36 * 36, 11, o, 2).stack, 1);
        QCOMPARE(mtlx::sweepLayout(lenet, 36 * 36, 11, o, 2).jobs, 2);
        // What the options say wins: --jobs 1 gives that job every core; --stack 1 the old path.
        o.jobs = 1;
        l = mtlx::sweepLayout(spec, 200, 11, o, 2);
        QCOMPARE(l.jobs, 1);
        QCOMPARE(l.threads, 2);
        QCOMPARE(l.stack, 11);
        o.stack = 1;
        QCOMPARE(mtlx::sweepLayout(spec, 200, 11, o, 2).stack, 1);
        spec.training.threads = 3;
        QCOMPARE(mtlx::sweepLayout(spec, 200, 11, o, 2).threads, 3);
    }

    void seedsOfOneSpecRunAsOneStack()
    {
        // What Compare architectures does with the seeds of an architecture: one stack, the data
        // loaded once; each result is runExperiment's for its seed, reported as it ends.
        auto spec = smallSpec("ple");
        spec.training.epochs = 2;
        std::vector<mtlx::ExperimentSpec> seeds;
        for (std::uint64_t s = 1; s <= 3; ++s) {
            seeds.push_back(spec);
            seeds.back().training.seed = s;
        }
        mtlx::RunControl control;
        std::vector<std::size_t> ended;
        std::vector<mtlx::ProbeSnapshot> probes;
        mtlx::RunCallbacks callbacks;
        callbacks.onProbes = [&](const mtlx::ProbeSnapshot& p) { probes.push_back(p); };
        const auto stacked =
            mtlx::runExperimentStack(seeds, control, callbacks, [&](std::size_t r, const mtlx::RunResult& result) {
                ended.push_back(r);
                QVERIFY(result.wallSeconds > 0);
            });
        QCOMPARE(ended.size(), std::size_t(3));
        QCOMPARE(stacked.size(), std::size_t(3));
        for (std::size_t r = 0; r < 3; ++r) {
            mtlx::RunControl c;
            const auto single = mtlx::runExperiment(seeds[r], c, {});
            std::string where;
            const double d = difference(mtlx::resultToJson(stacked[r]), mtlx::resultToJson(single), where);
            QVERIFY2(d >= 0 && d <= 1e-5,
                     qPrintable(
                         QString("seed %1 differs by %2 at %3").arg(r + 1).arg(d).arg(QString::fromStdString(where))));
        }
        QVERIFY(stacked[0].tasks[0].test.at("loss") != stacked[1].tasks[0].test.at("loss")); // seeds differ
        // Probes per run and epoch; a run's last one is the model its result describes.
        QCOMPARE(probes.size(), std::size_t(3 * 2));
        for (const auto& p : probes) {
            QVERIFY(p.run < 3 && (p.epoch == 1 || p.epoch == 2));
            if (p.epoch != 2) continue;
            QCOMPARE(p.activation.nonzeroFraction.counts, stacked[p.run].activation.nonzeroFraction.counts);
            QCOMPARE(p.gates.size(), stacked[p.run].gates.size());
            QCOMPARE(p.gates[0].matrix, stacked[p.run].gates[0].matrix);
        }
        // Specs that may not share a stack are refused with a message.
        seeds[1].training.lr = 0.5;
        QVERIFY_THROWS_EXCEPTION(mtlx::InputError, mtlx::runExperimentStack(seeds, control, {}));
    }

    void runsThatCannotStackAreRefused()
    {
        const auto a = smallSpec("mmoe");
        auto b = a;
        b.training.seed = 99;
        b.training.taskWeights = {0.1, 0.9};
        QVERIFY(mtlx::canStack(a, b));
        b.training.lr = 0.5;
        QVERIFY(!mtlx::canStack(a, b));
        const auto data = mtlx::loadDataset(a.dataset);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, mtlx::Trainer({a, b}, data));
    }
};

QTEST_GUILESS_MAIN(TestStack)
#include "tst_stack.moc"
