// The trainer end to end on tiny problems: it learns, it is reproducible, it stops, pauses and
// reports divergence, and its result has the contract's shape.
#include <QtTest>

#include <cmath>
#include <fstream>
#include <thread>

#include "core/engine/data/dataset.h"
#include "core/engine/inspect.h"
#include "core/engine/models/modelstate.h"
#include "core/engine/models/pytorchlayout.h"
#include "core/engine/runner.h"
#include "core/engine/training/metrics.h"
#include "core/engine/training/optimizer.h"
#include "core/engine/training/sumstep.h"
#include "core/engine/training/trainer.h"
#include "core/spec/result.h"
#include "core/spec/specerror.h"

namespace {

// Two correlated regression tasks, small enough to train in well under a second.
mtlx::ExperimentSpec tinySpec()
{
    auto s = mtlx::experimentFromJson(nlohmann::json{
        {"dataset",
         {{"kind", "synthetic_correlated"},
          {"dim", 8},
          {"train", 2000},
          {"validation", 200},
          {"test", 500},
          {"seed", 3}}},
        {"model", {{"arch", "shared_bottom"}, {"bottom", {32}}, {"towers", {16}}}},
        {"training", {{"optimizer", "adam"}, {"lr", 0.01}, {"batch_size", 64}, {"epochs", 15}, {"threads", 1}}}});
    return s;
}

double labelVariance(const mtlx::ExperimentSpec& spec, int task)
{
    return mtlx::loadDataset(spec.dataset).test.y[static_cast<std::size_t>(task)].var(false).item<double>();
}

mtlx::RunResult run(const mtlx::ExperimentSpec& spec, mtlx::RunCallbacks callbacks = {})
{
    mtlx::RunControl control;
    return mtlx::runExperiment(spec, control, callbacks);
}

} // namespace

class TestTrainer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tinyModelLearns()
    {
        const auto spec = tinySpec();
        const auto r = run(spec);
        QCOMPARE(mtlx::toString(r.status), std::string("ok"));
        QCOMPARE(r.history.size(), std::size_t(15));
        for (int t = 0; t < 2; ++t) {
            const double variance = labelVariance(spec, t); // the MSE of predicting the mean
            const double mse = r.tasks[static_cast<std::size_t>(t)].test.at("mse");
            QVERIFY2(mse < 0.2 * variance, (std::to_string(mse) + " vs variance " + std::to_string(variance)).c_str());
            QCOMPARE(r.tasks[static_cast<std::size_t>(t)].test.at("rmse"), std::sqrt(mse));
            // the training loss fell over the epochs
            QVERIFY(r.history.back().trainLoss[static_cast<std::size_t>(t)] <
                    0.5 * r.history.front().trainLoss[static_cast<std::size_t>(t)]);
            // The final metrics are the final model's: the last epoch's test and validation losses.
            const auto& task = r.tasks[static_cast<std::size_t>(t)];
            QVERIFY(std::abs(task.test.at("loss") - r.history.back().testLoss[static_cast<std::size_t>(t)]) < 1e-9);
            QVERIFY(std::abs(task.validation.at("loss") -
                             r.history.back().validationLoss[static_cast<std::size_t>(t)]) < 1e-9);
        }
        QVERIFY(r.tasks[0].train.count("mse") && r.tasks[0].validation.count("mse"));
        QCOMPARE(r.params.training, r.params.serving);
        QCOMPARE(r.taskWeights, (std::vector<double>{0.5, 0.5}));
        QCOMPARE(r.activation.layer, std::string("shared"));
        QCOMPARE(r.activation.units, std::int64_t(32));
        QCOMPARE(r.activation.examples, std::int64_t(500));
        std::int64_t examples = 0;
        for (auto c : r.activation.nonzeroFraction.counts)
            examples += c;
        QCOMPARE(examples, std::int64_t(500));
        QVERIFY(r.wallSeconds > 0);
    }

    void everyOptimizerAndHeadKindTrains_data()
    {
        QTest::addColumn<std::string>("optimizer");
        QTest::addColumn<std::string>("heads");
        QTest::addColumn<double>("lr");
        QTest::newRow("sgd") << std::string("sgd") << std::string("none") << 0.05;
        QTest::newRow("adagrad") << std::string("adagrad") << std::string("none") << 0.05;
        QTest::newRow("adam linear") << std::string("adam") << std::string("linear") << 0.01;
        QTest::newRow("adam pool") << std::string("adam") << std::string("pool") << 0.01;
        QTest::newRow("adam bottleneck") << std::string("adam") << std::string("bottleneck") << 0.01;
        QTest::newRow("adam large") << std::string("adam") << std::string("large") << 0.01;
        QTest::newRow("adam pta") << std::string("adam") << std::string("pta") << 0.01;
    }
    void everyOptimizerAndHeadKindTrains()
    {
        QFETCH(std::string, optimizer);
        QFETCH(std::string, heads);
        QFETCH(double, lr);
        auto spec = tinySpec();
        spec.training.optimizer = optimizer;
        spec.training.lr = lr;
        spec.heads.kind = heads;
        const auto r = run(spec);
        QCOMPARE(mtlx::toString(r.status), std::string("ok"));
        const double variance = labelVariance(spec, 0);
        QVERIFY2(r.tasks[0].test.at("mse") < 0.5 * variance, std::to_string(r.tasks[0].test.at("mse")).c_str());
        if (heads != "none") QVERIFY(r.params.training > r.params.serving);
    }

    // One step of each optimizer with weight decay against the formulas (PyTorch's SGD and Adam
    // add wd · p to the gradient; AdamW scales p by 1 − lr · wd first).
    void weightDecayStepsFollowTheFormulas()
    {
        const std::vector<float> p0{1.0f, -2.0f, 0.5f}, g{0.1f, 0.2f, -0.3f};
        auto step = [&](const std::string& optimizer, double wd) {
            auto param = torch::tensor(p0).view({1, 3});
            mtlx::FlatParameters flat({param});
            std::copy(g.begin(), g.end(), flat.grads().data_ptr<float>());
            mtlx::TrainingSpec t;
            t.optimizer = optimizer;
            t.lr = 0.1;
            t.momentum = 0.9;
            t.weightDecay = wd;
            mtlx::FlatOptimizer(t, flat).step();
            const float* v = flat.values().data_ptr<float>();
            return std::vector<double>(v, v + 3);
        };
        auto near = [](const std::vector<double>& a, const std::vector<double>& b) {
            for (std::size_t i = 0; i < a.size(); ++i)
                if (std::abs(a[i] - b[i]) > 1e-6) return false;
            return true;
        };
        // sgd: buffer = g + 0.01 p = (0.11, 0.18, −0.295); p − 0.1 · buffer.
        QVERIFY(near(step("sgd", 0.01), {0.989, -2.018, 0.5295}));
        // adam, first step: m̂ = g', v̂ = g'², so p − 0.1 · g' / (|g'| + 1e-8) with g' = g + wd · p: a
        // step of about lr against the sign of g', which wd = 1 flips for the second and third weight.
        auto adamStep = [](double value, double grad) { return value - 0.1 * grad / (std::abs(grad) + 1e-8); };
        QVERIFY(near(step("adam", 1), {adamStep(1, 1.1), adamStep(-2, -1.8), adamStep(0.5, 0.2)}));
        QVERIFY(near(step("adam", 0), {adamStep(1, 0.1), adamStep(-2, 0.2), adamStep(0.5, -0.3)}));
        // adamw: p · (1 − 0.1 · 0.1), then the adam step on g itself.
        QVERIFY(near(step("adamw", 0.1), {adamStep(0.99, 0.1), adamStep(-1.98, 0.2), adamStep(0.495, -0.3)}));
        // Without weight decay adamw is adam.
        QCOMPARE(step("adamw", 0), step("adam", 0));
        // adagrad: g' = g + 0.01 p; sum = g'²; p − 0.1 · g' / (|g'| + 1e-10).
        QVERIFY(near(step("adagrad", 0.01), {1 - 0.1, -2 - 0.1, 0.5 + 0.1}));
    }

    // stepAsOnTheSum: descending the mean of T = 3 losses with the settings it returns takes the
    // steps of the sum (the gradient times 3) with the original ones, over 30 steps whose gradient
    // depends on where the parameters are; adamw, and adam without weight decay, need no change.
    void theMeansStepCanBeTheSums()
    {
        const std::vector<float> p0{1.0f, -2.0f, 0.5f, 3.0f};
        auto descend = [&](const mtlx::TrainingSpec& t, float scale) {
            auto param = torch::tensor(p0).view({1, 4});
            mtlx::FlatParameters flat({param});
            mtlx::FlatOptimizer optimizer(t, flat);
            for (int k = 0; k < 30; ++k) {
                const float* v = flat.values().data_ptr<float>();
                float* g = flat.grads().data_ptr<float>();
                for (int i = 0; i < 4; ++i) // the gradient of a quartic bowl around 0.3 · i
                    g[i] = scale * (std::pow(v[i] - 0.3f * static_cast<float>(i), 3.0f) + 0.1f * v[i]);
                optimizer.step();
            }
            const float* v = flat.values().data_ptr<float>();
            return std::vector<double>(v, v + 4);
        };
        for (const std::string optimizer : {"sgd", "adam", "adagrad"}) {
            mtlx::TrainingSpec onSum;
            onSum.optimizer = optimizer;
            onSum.lr = optimizer == "sgd" ? 0.01 : 0.05;
            onSum.momentum = 0.9;
            onSum.weightDecay = 0.2;
            auto onMean = onSum;
            QVERIFY(mtlx::stepAsOnTheSum(onMean, 3));
            const auto sum = descend(onSum, 3), mean = descend(onMean, 1);
            for (std::size_t i = 0; i < 4; ++i)
                QVERIFY2(std::abs(sum[i] - mean[i]) < 1e-5 * (1 + std::abs(sum[i])),
                         (optimizer + ": " + std::to_string(sum[i]) + " on the sum, " + std::to_string(mean[i]) +
                          " on the mean")
                             .c_str());
            // The unchanged settings on the mean step elsewhere: the change is needed.
            const auto unchanged = descend(onSum, 1);
            double apart = 0;
            for (std::size_t i = 0; i < 4; ++i)
                apart = std::max(apart, std::abs(unchanged[i] - sum[i]));
            QVERIFY2(apart > 1e-3, (optimizer + ": " + std::to_string(apart)).c_str());
        }
        mtlx::TrainingSpec adam;
        adam.optimizer = "adam";
        adam.weightDecay = 0;
        auto same = adam;
        QVERIFY(!mtlx::stepAsOnTheSum(same, 3));
        QCOMPARE(same.weightDecay, 0.0);
        QCOMPARE(same.lr, adam.lr);
        same.optimizer = "adamw";
        same.weightDecay = 0.01;
        QVERIFY(!mtlx::stepAsOnTheSum(same, 3));
        QCOMPARE(same.weightDecay, 0.01);
        mtlx::TrainingSpec sgd;
        sgd.optimizer = "sgd";
        sgd.lr = 0.1;
        sgd.weightDecay = 0; // SGD steps T times as far on the sum even without decay
        QVERIFY(mtlx::stepAsOnTheSum(sgd, 2));
        QCOMPARE(sgd.lr, 0.2);
    }

    // training.lr_decay over three epochs: the rates lr · d^(e−1) are used and recorded; at a
    // vanishing rate the model stops moving (equal train losses after the first epoch).
    void lrDecayLowersTheRateEveryEpoch()
    {
        auto spec = tinySpec();
        spec.training.epochs = 3;
        spec.training.lrDecay = 0.5;
        const auto halved = run(spec);
        QCOMPARE(halved.history.size(), std::size_t(3));
        for (int e = 0; e < 3; ++e)
            QCOMPARE(halved.history[static_cast<std::size_t>(e)].lr, 0.01 * std::pow(0.5, e));
        spec.training.lrDecay = 1e-9;
        const auto frozen = run(spec);
        const auto& h = frozen.history;
        QVERIFY(std::abs(h[1].trainLoss[0] - h[2].trainLoss[0]) < 1e-5 * h[1].trainLoss[0]);
        QVERIFY(std::abs(halved.history[1].trainLoss[0] - halved.history[2].trainLoss[0]) > 1e-4);
        // The first epoch is the same whatever the decay.
        QCOMPARE(h[0].trainLoss, halved.history[0].trainLoss);
    }

    // training.select = best_validation on a crafted curve: the rate grows eightfold an epoch,
    // so the model gets worse late; the epoch with the lowest summed validation loss in the
    // recorded history is selected, and the reported metrics are that epoch's.
    // A run keeps its reported model's weights; loaded into a model of the same spec (built with
    // another seed, so other initial weights) they give bit-identical predictions: the same test
    // metrics to the last bit. A file of another model or no model at all is an InputError.
    void savedWeightsGiveTheSamePredictions()
    {
        auto spec = tinySpec();
        spec.training.epochs = 3;
        const auto r = run(spec);
        QVERIFY(r.weights && r.weights->size() > 1000);
        const auto data = mtlx::loadDataset(spec.dataset);
        auto other = spec;
        other.training.seed = 99;
        mtlx::Trainer fresh(other, data);
        auto metricsOf = [&](mtlx::Trainer& t) {
            const auto e = t.evaluate(data.test, false);
            std::vector<mtlx::Metrics> m;
            for (std::size_t k = 0; k < data.tasks.size(); ++k)
                m.push_back(mtlx::taskMetrics(data.tasks[k], e.logits[k][0], data.test.y[k], data.test.mask[k]));
            return m;
        };
        QVERIFY(metricsOf(fresh)[0].at("loss") != r.tasks[0].test.at("loss"));
        mtlx::loadRunWeights(*fresh.model(), *r.weights, "model.pt");
        const auto loaded = metricsOf(fresh);
        for (std::size_t k = 0; k < data.tasks.size(); ++k)
            QCOMPARE(loaded[k].at("loss"), r.tasks[k].test.at("loss")); // exactly
        auto wider = spec;
        wider.model.bottom = {48};
        mtlx::Trainer mismatch(wider, data);
        try {
            mtlx::loadRunWeights(*mismatch.model(), *r.weights, "x/model.pt");
            QFAIL("weights of another shape were taken");
        } catch (const mtlx::InputError& e) {
            QVERIFY2(QString(e.what()).startsWith("x/model.pt: ") &&
                         QString(e.what()).contains(" is [8, 32], the model's is [8, 48]"),
                     e.what());
        }
        try {
            mtlx::loadRunWeights(*fresh.model(), "not a model", "y.pt");
            QFAIL("garbage was taken for a model");
        } catch (const mtlx::InputError& e) {
            QVERIFY2(QString(e.what()).startsWith("y.pt: not a model file"), e.what());
        }
    }

    // A run resumed from its checkpoint after epoch 2 ends with the numbers of the run never
    // stopped (test metrics, history, selected epoch): every architecture, every head kind (with
    // dropout, so the heads' generators matter), every weighting method, and the best-validation
    // and report-last bookkeeping, each on its own row.
    void resumedRunEqualsTheUninterruptedOne_data()
    {
        QTest::addColumn<std::string>("arch");
        QTest::addColumn<std::string>("heads");
        QTest::addColumn<std::string>("weighting");
        QTest::addColumn<std::string>("optimizer");
        for (const auto& arch : mtlx::architectureKeys())
            QTest::newRow(arch.c_str()) << arch << std::string("none") << std::string("linear") << std::string("adam");
        for (const std::string heads : {"linear", "pool", "bottleneck", "large", "pta"})
            QTest::newRow(("heads " + heads).c_str())
                << std::string("shared_bottom") << heads << std::string("linear") << std::string("adam");
        for (const std::string w : {"uncertainty", "gradnorm", "mgda_ub", "pcgrad", "dwa", "dwa-mmoeex", "cagrad",
                                    "nash_mtl", "imtl", "rlw", "famo", "aligned_mtl", "gradvac", "graddrop", "gls"})
            QTest::newRow(w.c_str()) << std::string("mmoe") << std::string("none") << w << std::string("adam");
        for (const std::string o : {"sgd", "adagrad", "adamw"})
            QTest::newRow(o.c_str()) << std::string("shared_bottom") << std::string("none") << std::string("linear")
                                     << o;
        QTest::newRow("best validation") << std::string("mmoe") << std::string("linear") << std::string("linear")
                                         << std::string("adam");
        QTest::newRow("report last 2") << std::string("mmoe") << std::string("none") << std::string("linear")
                                       << std::string("adam");
        // Each run's preference rays go on where they stopped.
        QTest::newRow("cosmos") << std::string("mmoe") << std::string("none") << std::string("cosmos")
                                << std::string("adam");
    }
    void resumedRunEqualsTheUninterruptedOne()
    {
        QFETCH(std::string, arch);
        QFETCH(std::string, heads);
        QFETCH(std::string, weighting);
        QFETCH(std::string, optimizer);
        mtlx::Overrides o;
        o.arch = arch;
        auto spec = mtlx::applyOverrides(tinySpec(), o);
        spec.training.epochs = 5;
        spec.training.optimizer = optimizer;
        spec.training.momentum = 0.9;
        spec.training.weightDecay = 0.001;
        spec.heads.kind = heads;
        spec.heads.dropout = heads == "none" ? 0.0 : 0.2;
        spec.training.weighting = weighting == "dwa-mmoeex" ? "dwa" : weighting;
        if (weighting == "dwa-mmoeex") spec.training.dwaVariant = "mmoeex";
        if (weighting == "cosmos") {
            spec.training.weighting = "linear";
            spec.training.preference.method = "cosmos";
        }
        if (QByteArray(QTest::currentDataTag()) == "best validation") {
            spec.training.select = "best_validation";
            spec.training.lrDecay = 8; // a best epoch before the last (bestValidationPicksTheBestEpoch)
        }
        if (QByteArray(QTest::currentDataTag()) == "report last 2") spec.training.reportLast = 2;
        std::string afterTwo;
        mtlx::RunCallbacks callbacks;
        int epochsSeen = 0;
        callbacks.onCheckpoint = [&](const std::string& bytes) {
            if (++epochsSeen == 2) afterTwo = bytes;
        };
        const auto full = run(spec, callbacks);
        QCOMPARE(mtlx::toString(full.status), std::string("ok"));
        QVERIFY(!afterTwo.empty());
        mtlx::RunControl control;
        mtlx::RunResult resumed;
        try {
            resumed = mtlx::resumeExperiment(afterTwo, "checkpoint.pt", control, {});
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
        QCOMPARE(mtlx::toString(resumed.status), std::string("ok"));
        QCOMPARE(resumed.history.size(), full.history.size());
        QCOMPARE(resumed.selectedEpoch, full.selectedEpoch);
        for (std::size_t t = 0; t < full.tasks.size(); ++t)
            for (const auto& [metric, value] : full.tasks[t].test) {
                const double other = resumed.tasks[t].test.at(metric);
                QVERIFY2(
                    std::abs(other - value) <= 1e-6 * std::max(1.0, std::abs(value)),
                    qPrintable(QString("%1 %2: %3 resumed vs %4").arg(t).arg(metric.c_str()).arg(other).arg(value)));
            }
        QCOMPARE(resumed.history.back().trainLoss, full.history.back().trainLoss);
        QCOMPARE(resumed.history.back().taskWeights, full.history.back().taskWeights);
        QCOMPARE(resumed.front.size(), full.front.size());
        QCOMPARE(resumed.frontHypervolume, full.frontHypervolume);
    }

    // A checkpoint of another experiment, or no checkpoint at all, is refused with the file's name.
    void aForeignCheckpointIsRefused()
    {
        auto spec = tinySpec();
        spec.training.epochs = 3;
        std::string bytes;
        mtlx::RunCallbacks callbacks;
        callbacks.onCheckpoint = [&](const std::string& b) { bytes = b; };
        run(spec, callbacks);
        QVERIFY(!bytes.empty());
        QCOMPARE(mtlx::checkpointSpec(bytes, "c").training.epochs, 3);
        const auto data = mtlx::loadDataset(spec.dataset);
        auto other = spec;
        other.model.bottom = {16};
        mtlx::Trainer trainer(other, data);
        try {
            trainer.restore(bytes, "DIR/checkpoint.pt");
            QFAIL("a checkpoint of another experiment was taken");
        } catch (const mtlx::InputError& e) {
            QVERIFY2(QString(e.what()) == "DIR/checkpoint.pt: a checkpoint of another experiment", e.what());
        }
        try {
            mtlx::checkpointSpec("garbage", "x.pt");
            QFAIL("garbage was taken for a checkpoint");
        } catch (const mtlx::InputError& e) {
            QVERIFY2(QString(e.what()).startsWith("x.pt: not a checkpoint"), e.what());
        }
    }

    // The inspector on a hand-made gate: 101 examples whose weight on expert 1 runs 0, 0.01, …, 1
    // (the rest on expert 2): its 5/25/50/75/95 % quantiles are 0.05 … 0.95, its use ½, the
    // histogram ten bins of 10 (the last 11), and the entropy the mean of −w ln w − (1−w) ln(1−w).
    void inspectorQuantilesOnAHandMadeGate()
    {
        std::vector<std::vector<double>> w;
        double entropy = 0;
        for (int i = 0; i <= 100; ++i) {
            const double a = i / 100.0;
            w.push_back({a, 1 - a});
            entropy += (a > 0 ? -a * std::log(a) : 0) + (a < 1 ? -(1 - a) * std::log(1 - a) : 0);
        }
        const auto g = mtlx::inspectGateWeights(w, true);
        const double expected[] = {0.05, 0.25, 0.5, 0.75, 0.95};
        for (int i = 0; i < 5; ++i) {
            QVERIFY(std::abs(g.quantiles[static_cast<std::size_t>(i)][0] - expected[i]) < 1e-12);
            QVERIFY(std::abs(g.quantiles[static_cast<std::size_t>(i)][1] - (1 - expected[4 - i])) < 1e-12);
        }
        QVERIFY(std::abs(g.expertUse[0] - 0.5) < 1e-12);
        QVERIFY(std::abs(g.expertUse[0] + g.expertUse[1] - 1) < 1e-12);
        QCOMPARE(g.histogram[0], (std::vector<std::int64_t>{10, 10, 10, 10, 10, 10, 10, 10, 10, 11}));
        QVERIFY(std::abs(g.entropy - entropy / 101) < 1e-9);
    }

    // On a saved MMoE whose gates are made never to route to expert 3 (its gate logits −10⁴): that
    // expert's knock-out changes no task's metric at all, it is flagged unused, every gate's
    // expert use sums to 1, and knocking out an expert the gates do use changes something.
    void inspectorKnocksOutExperts()
    {
        auto spec = tinySpec();
        spec.model.arch = "mmoe";
        spec.model.experts = 4;
        spec.model.expertDims = {{16}};
        spec.training.epochs = 3;
        const auto r = run(spec);
        QVERIFY(r.weights);
        const auto data = mtlx::loadDataset(spec.dataset);
        mtlx::Trainer trainer(spec, data);
        mtlx::loadRunWeights(*trainer.model(), *r.weights, "model.pt");
        {
            torch::NoGradGuard noGrad;
            bool found = false;
            for (auto& p : trainer.model()->named_parameters())
                if (p.key().size() >= 10 && p.key().substr(p.key().size() - 10) == "gates.bias") {
                    for (std::int64_t t = 0; t < 2; ++t)
                        p.value()[0][t * 4 + 2].fill_(-1e4);
                    found = true;
                }
            QVERIFY(found);
        }
        QTemporaryDir dir;
        const std::string path = dir.filePath("result.json").toStdString();
        mtlx::writeJsonFile(path, mtlx::resultToJson(r));
        mtlx::writeTextFile(mtlx::modelPathOf(path), mtlx::saveRunWeights(*trainer.model(), 0));
        const auto in = mtlx::inspectRun(dir.path().toStdString(), "test");
        QCOMPARE(in.gates.size(), std::size_t(2));
        for (const auto& g : in.gates) {
            double sum = 0;
            for (double u : g.expertUse)
                sum += u;
            QVERIFY(std::abs(sum - 1) < 1e-9);
            QVERIFY(g.expertUse[2] < 1e-12);
        }
        QCOMPARE(in.knockouts.size(), std::size_t(4));
        QCOMPARE(in.knockouts[2].expert, std::string("shared/3"));
        for (double d : in.knockouts[2].delta)
            QCOMPARE(d, 0.0);
        QVERIFY(std::abs(in.knockouts[0].delta[0]) + std::abs(in.knockouts[0].delta[1]) > 1e-6);
        QVERIFY(in.experts[2].unused);
        QVERIFY(!in.experts[0].unused);
        QCOMPARE(mtlx::inspectionToJson(in)["knockouts"].size(), std::size_t(4));
    }

    // The PyTorch export is a torch.save dict: read back, every parameter of the run is there
    // under its name with the run's values (the stack's run dimension dropped).
    void pytorchExportHoldsEveryParameter()
    {
        auto spec = tinySpec();
        spec.training.epochs = 1;
        const auto data = mtlx::loadDataset(spec.dataset);
        mtlx::Trainer trainer(spec, data);
        mtlx::ReferenceLayout programNames;
        programNames.why = "--keys program";
        const auto bytes = mtlx::pytorchStateDict(*trainer.model(), 0, programNames);
        const auto dict = torch::pickle_load(std::vector<char>(bytes.begin(), bytes.end())).toGenericDict();
        const auto params = trainer.model()->named_parameters();
        QCOMPARE(static_cast<std::size_t>(dict.size()), params.size());
        for (const auto& p : params)
            QVERIFY(torch::equal(dict.at(p.key()).toTensor(), p.value()[0]));
    }

    void bestValidationPicksTheBestEpoch()
    {
        auto spec = tinySpec();
        spec.training.epochs = 4;
        spec.training.lrDecay = 8;
        spec.training.select = "best_validation";
        const auto best = run(spec);
        QCOMPARE(mtlx::toString(best.status), std::string("ok"));
        std::size_t argmin = 0;
        auto sum = [](const std::vector<double>& v) { return v[0] + v[1]; };
        for (std::size_t e = 1; e < best.history.size(); ++e)
            if (sum(best.history[e].validationLoss) < sum(best.history[argmin].validationLoss)) argmin = e;
        QVERIFY2(argmin + 1 < 4, "the crafted curve should be best before its last epoch");
        QCOMPARE(best.selectedEpoch, static_cast<int>(argmin) + 1);
        for (std::size_t t = 0; t < 2; ++t) {
            QVERIFY(std::abs(best.tasks[t].test.at("loss") - best.history[argmin].testLoss[t]) < 1e-6);
            QVERIFY(std::abs(best.tasks[t].validation.at("loss") - best.history[argmin].validationLoss[t]) < 1e-6);
        }
        // select = last reports the final model, and says no selected epoch.
        spec.training.select = "last";
        const auto last = run(spec);
        QCOMPARE(last.selectedEpoch, 0);
        QVERIFY(std::abs(last.tasks[0].test.at("loss") - last.history[3].testLoss[0]) < 1e-6);
        QVERIFY(std::abs(last.tasks[0].test.at("loss") - best.tasks[0].test.at("loss")) > 1e-3);
        // result.json says which epoch.
        QCOMPARE(mtlx::resultToJson(best)["selected_epoch"].get<int>(), best.selectedEpoch);
        QVERIFY(!mtlx::resultToJson(last).contains("selected_epoch"));
    }

    // The census framework picks the epoch with the highest summed validation AUC: on a crafted
    // history of three binary tasks, epoch 3 (0.80 + 0.90 + 0.99 = 2.69) beats epoch 1 (2.66) and
    // epoch 2 (2.68), although epoch 2 has the lowest summed loss; with select_metric "loss" epoch
    // 2 wins; a task without the metric scores +∞.
    void bestValidationSumsTheAucs()
    {
        const std::vector<mtlx::TaskInfo> tasks{
            {"a", mtlx::TaskKind::Binary, 0}, {"b", mtlx::TaskKind::Binary, 0}, {"c", mtlx::TaskKind::Binary, 0}};
        auto epoch = [](double a, double b, double c, double loss) {
            return std::vector<mtlx::Metrics>{
                {{"auc", a}, {"loss", loss}}, {{"auc", b}, {"loss", loss}}, {{"auc", c}, {"loss", loss}}};
        };
        const std::vector<std::vector<mtlx::Metrics>> history{
            epoch(0.80, 0.88, 0.98, 0.30), epoch(0.81, 0.88, 0.99, 0.20), epoch(0.80, 0.90, 0.99, 0.25)};
        auto best = [&](const std::string& metric) {
            std::size_t argmin = 0;
            for (std::size_t e = 1; e < history.size(); ++e)
                if (mtlx::selectionScore(tasks, history[e], metric) <
                    mtlx::selectionScore(tasks, history[argmin], metric))
                    argmin = e;
            return argmin + 1;
        };
        QVERIFY(std::abs(mtlx::selectionScore(tasks, history[2], "auto") + 2.69) < 1e-12);
        QCOMPARE(best("auto"), std::size_t(3));
        QCOMPARE(best("auc"), std::size_t(3));
        QCOMPARE(best("loss"), std::size_t(2));
        // With a regression task "auto" is the summed loss.
        auto mixed = tasks;
        mixed[2].kind = mtlx::TaskKind::Regression;
        QVERIFY(std::abs(mtlx::selectionScore(mixed, history[1], "auto") - 0.6) < 1e-12);
        QVERIFY(std::isinf(mtlx::selectionScore(tasks, history[0], "accuracy")));
    }

    void sameSeedSameNumbers()
    {
        auto spec = tinySpec();
        spec.training.epochs = 3;
        spec.heads.kind = "linear";
        spec.heads.dropout = 0.2;
        const auto a = run(spec), b = run(spec);
        QCOMPARE(a.history.back().trainLoss, b.history.back().trainLoss);
        QCOMPARE(a.tasks[1].test.at("mse"), b.tasks[1].test.at("mse"));
        spec.training.seed = 99;
        const auto c = run(spec);
        QVERIFY(c.tasks[1].test.at("mse") != a.tasks[1].test.at("mse"));
    }

    void ptaTowersStayAsInitialised()
    {
        auto spec = tinySpec();
        spec.training.epochs = 2;
        spec.training.taskWeights = {0.25, 0.75};
        spec.heads.kind = "pta";
        spec.heads.pseudoTasks = 2;
        spec.heads.gamma = 3.0; // ignored by PTA-F
        const auto data = mtlx::loadDataset(spec.dataset);
        mtlx::Trainer trainer(spec, data);
        auto& model = trainer.model();
        std::map<std::string, torch::Tensor> before;
        for (const auto& p : model->named_parameters())
            before[p.key()] = p.value().detach().clone();
        // One step's objective is Σ w_t (L_t + Σ_k L_t(pseudo-task k)): weight 1 per tower.
        model->train();
        const auto batch = data.train.gather(torch::arange(64).unsqueeze(0)); // one run, the first 64 rows
        double expected = 0;
        {
            torch::NoGradGuard noGrad;
            const auto out = model->forward(batch.x);
            for (std::size_t t = 0; t < 2; ++t) {
                double l = mtlx::taskLoss(data.tasks[t], out.logits[t], batch.y[t], batch.mask[t]).item<double>();
                QCOMPARE(out.aux[t].size(), std::size_t(2));
                for (const auto& aux : out.aux[t])
                    l += mtlx::taskLoss(data.tasks[t], aux, batch.y[t], batch.mask[t]).item<double>();
                expected += spec.training.taskWeights[t] * l;
            }
        }
        const auto step = trainer.step(batch);
        QVERIFY2(std::abs(step.weightedLoss[0] - expected) < 1e-6 * std::abs(expected),
                 (std::to_string(step.weightedLoss[0]) + " vs " + std::to_string(expected)).c_str());
        mtlx::RunControl control;
        const auto r = trainer.run(control, {}).at(0);
        QCOMPARE(mtlx::toString(r.status), std::string("ok"));
        int frozen = 0;
        for (const auto& p : model->named_parameters()) {
            const bool head = p.key().rfind("heads.", 0) == 0;
            frozen += head ? 1 : 0;
            // The pseudo-task towers are bit for bit what they were; everything else trained.
            QCOMPARE(torch::equal(p.value(), before[p.key()]), head);
        }
        QCOMPARE(frozen, 2 * 2 * 4); // 2 tasks × 2 towers × (hidden weight, bias, out weight, bias)
    }

    // The gradient-conflict probe's cosine is the cosine of the two tasks' gradients on the
    // shared parameters (here the shared bottom), computed by hand with autograd.
    void conflictProbeIsTheCosineOfTheSharedGradients()
    {
        const auto spec = tinySpec();
        const auto data = mtlx::loadDataset(spec.dataset);
        mtlx::Trainer trainer(spec, data);
        auto& model = trainer.model();
        const auto owned = model->trainableParameters();
        const auto batch = data.train.gather(torch::arange(64).unsqueeze(0));
        const auto out = model->forward(batch.x);
        std::vector<torch::Tensor> losses;
        for (std::size_t t = 0; t < 2; ++t)
            losses.push_back(mtlx::taskLoss(data.tasks[t], out.logits[t], batch.y[t], batch.mask[t]));
        std::vector<torch::Tensor> shared;
        for (const auto& p : model->named_parameters())
            if (p.key().rfind("backbone.", 0) == 0) shared.push_back(p.value());
        QVERIFY(!shared.empty());
        std::vector<torch::Tensor> flat;
        for (std::size_t t = 0; t < 2; ++t) {
            auto g = torch::autograd::grad({losses[t].sum()}, shared, {}, true);
            std::vector<torch::Tensor> parts;
            for (auto& x : g)
                parts.push_back(x.flatten().to(torch::kFloat64));
            flat.push_back(torch::cat(parts));
        }
        const double expected = (flat[0].dot(flat[1]) / (flat[0].norm() * flat[1].norm())).item<double>();
        mtlx::ConflictProbe probe(owned, std::vector<int>(owned.size(), -1), 2, 1);
        QVERIFY(probe.active());
        probe.sample(losses);
        const auto c = probe.takeEpoch().at(0).at(0);
        QVERIFY2(std::abs(c.cosine - expected) < 1e-9,
                 (std::to_string(c.cosine) + " vs " + std::to_string(expected)).c_str());
        QCOMPARE(c.samples, 1);
        QVERIFY(c.levels.empty());
        QCOMPARE(c.conflictShare, expected < 0 ? 1.0 : 0.0);
        QVERIFY(probe.takeEpoch().at(0).empty()); // a new epoch starts empty
        // Three steps: as above, with task 2's loss negated (the cosine flips), as above again. The
        // mean is expected / 3; one of the three steps is on the other side of 0 from the rest.
        QVERIFY(std::abs(expected) > 1e-6);
        probe.sample(losses);
        probe.sample({losses[0], -losses[1]});
        probe.sample(losses);
        const auto three = probe.takeEpoch().at(0).at(0);
        QCOMPARE(three.samples, 3);
        QVERIFY(std::abs(three.cosine - expected / 3) < 1e-9);
        QVERIFY(std::abs(three.conflictShare - (expected > 0 ? 1.0 / 3 : 2.0 / 3)) < 1e-12);
    }

    // Every epoch of a run records the cosine per pair of tasks, per level for ML-MMoE; a model
    // of one task, or probe.conflict_every 0, records none.
    void historyRecordsGradientCosine()
    {
        auto spec = tinySpec();
        spec.training.epochs = 2;
        spec.model.arch = "ml_mmoe";
        spec.model.experts = 3;
        spec.model.expertDims = {{16}, {8}};
        spec.probe.conflictEvery = 5;
        const auto r = run(spec);
        QCOMPARE(r.history.size(), std::size_t(2));
        for (const auto& e : r.history) {
            QCOMPARE(e.gradientCosine.size(), std::size_t(1));
            const auto& c = e.gradientCosine[0];
            QCOMPARE(c.levels.size(), std::size_t(2));
            QVERIFY(c.cosine >= -1 && c.cosine <= 1);
            QCOMPARE(c.samples, 7); // batches 0, 5, …, 30 of 32
            // A share of 7 steps, and on the side of 0 the mean is on when all agree.
            QVERIFY(std::abs(c.conflictShare * 7 - std::round(c.conflictShare * 7)) < 1e-9);
            if (c.conflictShare == 0) QVERIFY(c.cosine >= 0);
            if (c.conflictShare == 1) QVERIFY(c.cosine < 0);
        }
        spec.probe.conflictEvery = 0;
        QVERIFY(run(spec).history[0].gradientCosine.empty());
        auto single = tinySpec();
        single.training.epochs = 1;
        single.model.arch = "single_task";
        QVERIFY(run(single).history[0].gradientCosine.empty());
    }

    // The update the weighting applied, against each task's gradient: with all weight on task 1 it
    // is task 1's gradient (cosine 1); a min-norm update never points against a task (MGDA).
    void historyRecordsTheAppliedUpdatesCosine()
    {
        auto spec = tinySpec();
        spec.training.epochs = 1;
        spec.model.arch = "mmoe";
        spec.model.experts = 3;
        spec.model.expertDims = {{16}};
        spec.probe.conflictEvery = 4;
        spec.training.taskWeights = {1.0, 0.0};
        const auto linear = run(spec);
        QCOMPARE(linear.history[0].updateCosine.size(), std::size_t(2));
        QVERIFY2(std::abs(linear.history[0].updateCosine[0] - 1.0) < 1e-5,
                 qPrintable(QString::number(linear.history[0].updateCosine[0], 'g', 9)));
        QVERIFY(std::abs(linear.history[0].updateCosine[1] - linear.history[0].gradientCosine[0].cosine) < 1e-5);
        spec.training.taskWeights.clear();
        spec.training.weighting = "mgda_ub";
        const auto mgda = run(spec);
        for (double c : mgda.history[0].updateCosine)
            QVERIFY2(c > -1e-6, qPrintable(QString::number(c)));
        const auto back = mtlx::resultFromJson(mtlx::resultToJson(mgda));
        QCOMPARE(back.history[0].updateCosine, mgda.history[0].updateCosine);
        spec.probe.conflictEvery = 0;
        QVERIFY(run(spec).history[0].updateCosine.empty());
    }

    void reportedMetricsAreTheMeanOfTheLastEpochs()
    {
        auto spec = tinySpec();
        spec.training.epochs = 4;
        spec.training.reportLast = 3;
        const auto r = run(spec);
        for (std::size_t t = 0; t < 2; ++t) {
            QCOMPARE(r.tasks[t].reportedEpochs, 3);
            // For a regression task the test "loss" is the MSE of that epoch's evaluation.
            double mean = 0;
            for (std::size_t e = 1; e < 4; ++e)
                mean += r.history[e].testLoss[t] / 3.0;
            QVERIFY(std::abs(r.tasks[t].reportedTest.at("loss") - mean) < 1e-9 * mean);
            QVERIFY(std::abs(r.tasks[t].reportedTest.at("mse") - mean) < 1e-9 * mean);
            // The last-epoch values stay next to it.
            QVERIFY(std::abs(r.tasks[t].test.at("mse") - r.history[3].testLoss[t]) < 1e-9);
        }
        const auto j = mtlx::resultToJson(r);
        QCOMPARE(j["tasks"][0]["reported"]["epochs"].get<int>(), 3);
        QVERIFY(j["tasks"][0]["reported"]["test"].contains("mse"));
        // Fewer epochs than report_last: the mean of those there are; report_last 1: none.
        spec.training.epochs = 2;
        QCOMPARE(run(spec).tasks[0].reportedEpochs, 2);
        spec.training.reportLast = 1;
        const auto plain = mtlx::resultToJson(run(spec));
        QVERIFY(!plain["tasks"][0].contains("reported"));
    }

    void taskWeightsSteerTheTradeOff()
    {
        // All weight on task 1: task 2's head never trains, so it stays far worse.
        auto spec = tinySpec();
        spec.training.taskWeights = {1.0, 0.0};
        const auto r = run(spec);
        QVERIFY(r.tasks[0].test.at("mse") * 3 < r.tasks[1].test.at("mse"));
    }

    void divergenceEndsTheRunWithAMessage()
    {
        auto spec = tinySpec();
        spec.training.optimizer = "sgd";
        spec.training.lr = 1e8;
        const auto r = run(spec);
        QCOMPARE(mtlx::toString(r.status), std::string("diverged"));
        QVERIFY2(r.message.find("became") != std::string::npos && r.message.find("epoch 1") != std::string::npos,
                 r.message.c_str());
        QVERIFY(r.history.empty());
        QCOMPARE(r.tasks.size(), std::size_t(2)); // names kept, no metrics of a broken model
        QVERIFY(r.tasks[0].test.empty());
        const auto j = mtlx::resultToJson(r);
        QCOMPARE(j["status"].get<std::string>(), std::string("diverged"));
    }

    void aLastStepThatBreaksTheModelIsDivergence()
    {
        // One step per epoch: the loss before it is finite, the weights after it are not. The
        // run ends diverged instead of "ok" with NaN metrics (or an AUC that never finishes).
        auto spec = mtlx::experimentFromJson(nlohmann::json{
            {"dataset",
             {{"kind", "random"}, {"dim", 16}, {"binary_tasks", 2}, {"train", 256}, {"validation", 64}, {"test", 64}}},
            {"model", {{"arch", "mmoe"}, {"experts", 2}, {"expert_dims", {{32, 32}}}, {"towers", {16}}}},
            {"training", {{"optimizer", "sgd"}, {"lr", 1e30}, {"epochs", 1}, {"batch_size", 256}, {"threads", 1}}}});
        const auto r = run(spec);
        QCOMPARE(mtlx::toString(r.status), std::string("diverged"));
        QVERIFY2(r.message.find("after epoch 1") != std::string::npos, r.message.c_str());
        QVERIFY(r.tasks[0].test.empty());
        // A regression model likewise: no "ok" with null metrics.
        auto sine = tinySpec();
        sine.training.optimizer = "sgd";
        sine.training.lr = 1e30;
        sine.training.batchSize = 2000;
        sine.training.epochs = 1;
        QCOMPARE(mtlx::toString(run(sine).status), std::string("diverged"));
    }

    void anEmptyValidationSplitIsAllowed()
    {
        // validation_fraction 0: no validation split at all, and the run still trains and reports.
        QTemporaryDir dir;
        const auto csv = dir.filePath("xy.csv").toStdString();
        {
            std::ofstream out(csv);
            out << "x,y\n";
            for (int i = 0; i < 60; ++i)
                out << i % 7 << ',' << (i % 7 > 3 ? 1 : 0) << '\n';
        }
        const auto spec = mtlx::experimentFromJson(
            nlohmann::json{{"dataset",
                            {{"kind", "csv"},
                             {"path", csv},
                             {"numeric", {"x"}},
                             {"tasks", {{{"column", "y"}}}},
                             {"validation_fraction", 0},
                             {"test_fraction", 0.25}}},
                           {"model", {{"arch", "shared_bottom"}, {"bottom", {8}}, {"towers", nlohmann::json::array()}}},
                           {"training", {{"epochs", 2}, {"batch_size", 16}, {"threads", 1}}}});
        const auto r = run(spec);
        QCOMPARE(mtlx::toString(r.status), std::string("ok"));
        QVERIFY(r.tasks[0].test.count("auc") == 1);
        QVERIFY(std::isnan(r.history.back().validationLoss[0])); // nothing to average: null in result.json
    }

    void stopFlagEndsTrainingBetweenBatches()
    {
        auto spec = tinySpec();
        mtlx::RunControl control;
        mtlx::RunCallbacks callbacks;
        int reports = 0;
        callbacks.progressIntervalSeconds = 0;
        callbacks.onProgress = [&](const mtlx::Progress& p) {
            if (p.stage == mtlx::Stage::Training && ++reports == 3) control.stop = true;
        };
        const auto r = mtlx::runExperiment(spec, control, callbacks);
        QCOMPARE(mtlx::toString(r.status), std::string("stopped"));
        QVERIFY2(r.message.find("after 3 of 32 batches") != std::string::npos, r.message.c_str());
        QVERIFY(r.history.empty());
        QVERIFY(r.tasks[0].test.count("mse")); // the model as it is still gets evaluated
    }

    void stopAfterAnEpochKeepsItsHistory()
    {
        auto spec = tinySpec();
        mtlx::RunControl control;
        mtlx::RunCallbacks callbacks;
        callbacks.onEpoch = [&](const mtlx::EpochRecord& e) {
            if (e.epoch == 2) control.stop = true;
        };
        const auto r = mtlx::runExperiment(spec, control, callbacks);
        QCOMPARE(mtlx::toString(r.status), std::string("stopped"));
        QCOMPARE(r.history.size(), std::size_t(2));
        QCOMPARE(r.history[1].epoch, 2);
        QCOMPARE(r.history[1].testLoss.size(), std::size_t(2));
        // Stopped before epoch 3's first step: the model is epoch 2's, and so are the metrics.
        for (std::size_t t = 0; t < 2; ++t)
            QVERIFY(std::abs(r.tasks[t].test.at("loss") - r.history[1].testLoss[t]) < 1e-9);
    }

    void pauseHoldsTrainingUntilReleased()
    {
        auto spec = tinySpec();
        mtlx::RunControl control;
        control.pause = true;
        std::thread stopper([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            control.stop = true;
        });
        const auto r = mtlx::runExperiment(spec, control, {});
        stopper.join();
        QCOMPARE(mtlx::toString(r.status), std::string("stopped"));
        QVERIFY2(r.message.find("after 0 of") != std::string::npos, r.message.c_str()); // nothing trained while paused
    }

    void progressReportsEveryEpochEnd()
    {
        auto spec = tinySpec();
        spec.training.epochs = 2;
        mtlx::RunCallbacks callbacks;
        std::vector<mtlx::Progress> seen;
        callbacks.onProgress = [&](const mtlx::Progress& p) { seen.push_back(p); };
        int epochs = 0;
        callbacks.onEpoch = [&](const mtlx::EpochRecord&) { ++epochs; };
        run(spec, callbacks);
        QCOMPARE(epochs, 2);
        QCOMPARE(seen.front().stageText(), std::string("loading data"));
        const auto& last = seen.back();
        QCOMPARE(last.epoch, 2);
        QCOMPARE(last.batch, last.batches);
        QCOMPARE(last.batches, std::int64_t(32)); // ⌈2000 / 64⌉
        QCOMPARE(last.fraction(), 1.0);
        QVERIFY(last.examplesPerSecond > 0);
        QVERIFY(last.loss > 0);
    }

    void probeCanPickATaskRepresentation()
    {
        auto spec = tinySpec();
        spec.training.epochs = 1;
        spec.model.arch = "single_task";
        spec.probe.layer = "y2";
        const auto r = run(spec);
        QCOMPARE(r.activation.layer, std::string("y2"));
        QCOMPARE(r.activation.units, std::int64_t(32));
        spec.probe.layer = "auto";
        QCOMPARE(run(spec).activation.layer, std::string("y1")); // no shared layer: the first task's
    }

    void gatedModelsProbeTheirExpertUnits()
    {
        // A gated model's tower input is a mixture with no activation of its own. `auto` probes
        // the last level's expert outputs instead: ReLU units, zero or positive.
        auto spec = tinySpec();
        spec.training.epochs = 2;
        spec.model.arch = "mmoe";
        spec.model.experts = 3;
        spec.model.expertDims = {{12}};
        auto mixture = spec;
        mixture.probe.layer = "y1";
        QCOMPARE(run(mixture).activation.units, std::int64_t(12));
        const auto r = run(spec);
        QCOMPARE(r.activation.layer, std::string("experts"));
        QCOMPARE(r.activation.units, std::int64_t(3 * 12));
        QVERIFY(r.activation.nonzeroValues.edges.front() > 0); // post-ReLU: every nonzero value is positive
        // Not every unit fires on every example: fewer than 90 % of the examples have them all on.
        QVERIFY2(r.activation.nonzeroFraction.counts.back() < 0.9 * static_cast<double>(r.activation.examples),
                 std::to_string(r.activation.nonzeroFraction.counts.back()).c_str());
        // The other gated architectures and cross-stitch offer the same layer.
        for (const char* arch : {"ml_mmoe", "ple", "adatt_sp", "adatt", "cross_stitch"}) {
            spec.model.arch = arch;
            QVERIFY(mtlx::resolvedProbeLayer(spec.probe, spec.model, spec.tasks()) == "experts");
        }
        spec.model.arch = "shared_bottom";
        QCOMPARE(mtlx::resolvedProbeLayer(spec.probe, spec.model, spec.tasks()), std::string("shared"));
    }

    void resultJsonHasTheContractShape()
    {
        auto spec = tinySpec();
        spec.training.epochs = 2;
        const auto j = mtlx::resultToJson(run(spec));
        for (const char* key :
             {"status", "message", "spec", "task_weights", "params", "tasks", "history", "probes", "wall_seconds"})
            QVERIFY2(j.contains(key), key);
        QVERIFY(QRegularExpression("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$")
                    .match(QString::fromStdString(j["finished_at"].get<std::string>()))
                    .hasMatch());
        QCOMPARE(j["tasks"][0]["kind"].get<std::string>(), std::string("regression"));
        QVERIFY(j["tasks"][1]["test"].contains("mse"));
        QVERIFY(!j["tasks"][1]["test"].contains("auc")); // only metrics that fit the kind
        QCOMPARE(j["history"].size(), std::size_t(2));
        QCOMPARE(j["history"][0]["train_loss"].size(), std::size_t(2));
        // Training time is part of the epoch's time, and the throughput is examples over it.
        double trainSeconds = 0;
        for (const auto& e : j["history"]) {
            QVERIFY(e["train_seconds"].get<double>() > 0);
            QVERIFY(e["train_seconds"].get<double>() <= e["seconds"].get<double>());
            trainSeconds += e["train_seconds"].get<double>();
        }
        const double examples =
            2.0 * double(spec.dataset.limitTrain > 0 ? std::min(spec.dataset.limitTrain, spec.dataset.train)
                                                     : spec.dataset.train);
        QVERIFY(std::abs(j["examples_per_second"].get<double>() - examples / trainSeconds) <
                1e-6 * examples / trainSeconds);
        QCOMPARE(j["probes"]["activation"]["nonzero_fraction_hist"]["edges"].size(), std::size_t(21));
        QCOMPARE(j["probes"]["gates"].size(), std::size_t(0));
        QCOMPARE(j["spec"]["training"]["epochs"].get<int>(), 2);
        // The spec in a result can be run again.
        QCOMPARE(mtlx::experimentFromJson(j["spec"]).training.epochs, 2);
    }
};

QTEST_GUILESS_MAIN(TestTrainer)
#include "tst_trainer.moc"
