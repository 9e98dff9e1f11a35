// One model for the whole front (training.preference, core/engine/training/preference.h): the
// Dirichlet sampler's moments, COSMOS's objective and its gradient worked out by hand, a
// conditioned model that reads its preference, the front it is evaluated at, and what a sweep and
// the spec say about it.
#include <QtTest>

#include <cmath>

#include <QTemporaryDir>

#include "core/engine/data/dataset.h"
#include "core/engine/inspect.h"
#include "core/engine/models/mtlmodel.h"
#include "core/engine/runner.h"
#include "core/engine/sweep.h"
#include "core/engine/training/preference.h"
#include "core/engine/training/trainer.h"
#include "core/spec/pareto.h"
#include "core/spec/presets.h"
#include "core/spec/specerror.h"

namespace {

using nlohmann::json;

// The papers' sine task, small: two regression tasks that pull a shared bottom apart.
mtlx::ExperimentSpec sineSpec(int epochs)
{
    return mtlx::experimentFromJson(json{
        {"dataset", {{"kind", "synthetic_sine"}, {"dim", 20}, {"train", 4000}, {"validation", 200}, {"test", 1000}}},
        {"model", {{"arch", "shared_bottom"}, {"bottom", {32}}, {"towers", {16}}}},
        {"training",
         {{"epochs", epochs},
          {"batch_size", 64},
          {"lr", 0.003},
          {"threads", 1},
          {"preference", {{"method", "cosmos"}, {"front_points", 11}}}}}});
}

} // namespace

class TestPreference : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dirichletSamplesHaveItsMeanAndVariance()
    {
        // Dirichlet(α, …, α) on k categories: mean 1/k, variance (k − 1) / (k² (kα + 1)).
        for (const auto& [alpha, k] : {std::pair{1.2, std::size_t{2}}, {0.4, std::size_t{3}}, {5.0, std::size_t{3}}}) {
            mtlx::Rng rng(7, 3);
            const int n = 40000;
            std::vector<double> sum(k, 0.0), squares(k, 0.0);
            for (int i = 0; i < n; ++i) {
                const auto x = mtlx::dirichletSample(rng, alpha, k);
                double total = 0;
                for (std::size_t j = 0; j < k; ++j) {
                    QVERIFY(x[j] >= 0);
                    total += x[j];
                    sum[j] += x[j];
                    squares[j] += x[j] * x[j];
                }
                QVERIFY(std::abs(total - 1.0) < 1e-12);
            }
            const double kk = static_cast<double>(k);
            const double variance = (kk - 1) / (kk * kk * (kk * alpha + 1));
            for (std::size_t j = 0; j < k; ++j) {
                const double mean = sum[j] / n, var = squares[j] / n - mean * mean;
                // The standard error of the mean is √(variance / n) ≤ 0.0024: 4 of them.
                QVERIFY2(std::abs(mean - 1.0 / kk) < 4 * std::sqrt(variance / n),
                         qPrintable(QString("α %1, k %2: mean %3").arg(alpha).arg(k).arg(mean)));
                QVERIFY2(
                    std::abs(var / variance - 1.0) < 0.05,
                    qPrintable(QString("α %1, k %2: variance %3 for %4").arg(alpha).arg(k).arg(var).arg(variance)));
            }
        }
    }

    void aSmallAlphaGivesCornersNotUnderflow()
    {
        // α = 0.001: nearly every ray sits at a corner (max share > 0.999), half at each, none NaN.
        mtlx::Rng rng(11, 4);
        int corners = 0, first = 0;
        const int n = 4000;
        for (int i = 0; i < n; ++i) {
            const auto x = mtlx::dirichletSample(rng, 0.001, 2);
            QVERIFY(std::isfinite(x[0]) && std::isfinite(x[1]));
            if (std::max(x[0], x[1]) > 0.999) ++corners;
            if (x[0] > 0.5) ++first;
        }
        QVERIFY2(corners > 0.98 * n, qPrintable(QString("%1 of %2 at a corner").arg(corners).arg(n)));
        QVERIFY2(std::abs(first - n / 2) < 4 * std::sqrt(n / 4.0), qPrintable(QString::number(first)));
    }

    void theCosinePenaltyHasTheGradientWorkedOutByHand()
    {
        // r = (0.25, 0.75), L = (2, 1), λ = 2: r·L = 1.25, ‖r‖ ‖L‖ = √0.625 · √5 = 1.767767,
        // cos = 0.707107; the objective r·L − λ cos = 1.25 − 1.414214 = −0.164214.
        // ∂cos/∂L = r / (‖r‖ ‖L‖) − cos · L / ‖L‖² = (0.141421, 0.424264) − (0.282843, 0.141421)
        //         = (−0.141421, 0.282843); ∂/∂L = r − λ ∂cos/∂L = (0.532843, 0.184315).
        const auto rays = torch::tensor({0.25, 0.75}, torch::kFloat64).view({1, 2});
        auto losses = torch::tensor({2.0, 1.0}, torch::kFloat64).view({1, 2}).requires_grad_();
        const auto objective = mtlx::cosmosObjective(rays, losses, 2.0);
        QVERIFY(std::abs(objective.item<double>() - (-0.164214)) < 1e-6);
        objective.sum().backward();
        const auto g = losses.grad();
        QVERIFY(std::abs(g[0][0].item<double>() - 0.532843) < 1e-6);
        QVERIFY(std::abs(g[0][1].item<double>() - 0.184315) < 1e-6);
        // λ = 0 is linear scalarisation: the gradient is the ray.
        auto plain = torch::tensor({2.0, 1.0}, torch::kFloat64).view({1, 2}).requires_grad_();
        mtlx::cosmosObjective(rays, plain, 0.0).sum().backward();
        QVERIFY(torch::allclose(plain.grad(), rays));
    }

    void aConditionedModelReadsItsPreference()
    {
        auto spec = sineSpec(1);
        const auto tasks = spec.tasks();
        torch::manual_seed(3);
        mtlx::MtlModel model(spec, mtlx::InputInfo{{20}, {}, 0}, tasks);
        QCOMPARE(model->preferenceSize(), std::int64_t{2});
        model->eval();
        const auto x = torch::randn({1, 8, 20});
        const auto a = model->forward(x, torch::tensor({1.0f, 0.0f}).view({1, 2}));
        const auto b = model->forward(x, torch::tensor({0.0f, 1.0f}).view({1, 2}));
        const auto uniform = model->forward(x);
        const auto half = model->forward(x, torch::tensor({0.5f, 0.5f}).view({1, 2}));
        QVERIFY(!torch::allclose(a.logits[0], b.logits[0]));
        QVERIFY(torch::equal(uniform.logits[0], half.logits[0])); // no preference: the uniform one
        // The first dense layer is two inputs wider than the data.
        spec.training.preference.method = "none";
        torch::manual_seed(3);
        mtlx::MtlModel plain(spec, mtlx::InputInfo{{20}, {}, 0}, tasks);
        QCOMPARE(model->parameterCounts().training - plain->parameterCounts().training, std::int64_t{2 * 32});
    }

    void anImageModelReadsItAtItsFirstDenseLayerOrAsChannels()
    {
        // LeNet (conv 10@5×5, conv 20@5×5, bottom [50, 50, 50]) on 36×36 MultiMNIST pairs.
        auto spec = mtlx::presetSpec("multimnist-large");
        const auto tasks = spec.tasks();
        const mtlx::InputInfo image{{1, 36, 36}, {}, 0};
        torch::manual_seed(5);
        mtlx::MtlModel plain(spec, image, tasks);
        spec.training.preference.method = "cosmos";
        mtlx::MtlModel dense(spec, image, tasks);
        spec.training.preference.input = "channels";
        mtlx::MtlModel channels(spec, image, tasks);
        // dense: two more inputs of the first dense layer (50 units); channels: two more input
        // channels of the first conv layer (10 kernels of 5×5).
        const auto base = plain->parameterCounts().training;
        QCOMPARE(dense->parameterCounts().training - base, std::int64_t{2 * 50});
        QCOMPARE(channels->parameterCounts().training - base, std::int64_t{2 * 10 * 5 * 5});
        channels->eval();
        const auto x = torch::rand({1, 4, 1, 36, 36});
        const auto a = channels->forward(x, torch::tensor({1.0f, 0.0f}).view({1, 2}));
        const auto b = channels->forward(x, torch::tensor({0.0f, 1.0f}).view({1, 2}));
        QVERIFY(!torch::allclose(a.logits[0], b.logits[0]));
        QVERIFY(torch::equal(channels->forward(x).logits[0],
                             channels->forward(x, torch::tensor({0.5f, 0.5f}).view({1, 2})).logits[0])); // uniform
        // Written only when it is not the default; a model without conv layers has no channels.
        const auto written = mtlx::experimentToJson(spec)["training"]["preference"];
        QCOMPARE(written.value("input", std::string()), std::string("channels"));
        QVERIFY(!mtlx::experimentToJson(mtlx::presetSpec("multimnist-large"))["training"].contains("preference"));
        auto sine = mtlx::experimentToJson(sineSpec(1));
        sine["training"]["preference"]["input"] = "channels";
        try {
            mtlx::experimentFromJson(sine);
            QFAIL("channels on a model without conv layers was accepted");
        } catch (const mtlx::SpecError& e) {
            QVERIFY2(std::string(e.what()).find("training.preference.input") != std::string::npos, e.what());
        }
    }

    void theFrontAtTheCornersMovesTheTasksInOppositeDirections()
    {
        const auto spec = sineSpec(4);
        const auto data = mtlx::loadDataset(spec.dataset);
        mtlx::RunControl control;
        const auto result = mtlx::trainOnData(spec, data, control, {});
        QCOMPARE(mtlx::toString(result.status), std::string("ok"));
        QCOMPARE(result.front.size(), std::size_t{11});
        const auto& first = result.front.front(); // r = (0, 1)
        const auto& last = result.front.back();   // r = (1, 0)
        QCOMPARE(first.weights, (std::vector<double>{0.0, 1.0}));
        QCOMPARE(last.weights, (std::vector<double>{1.0, 0.0}));
        const double y1 = last.tasks[0].at("mse") - first.tasks[0].at("mse");
        const double y2 = last.tasks[1].at("mse") - first.tasks[1].at("mse");
        qInfo("from r = (0, 1) to (1, 0): y1 mse %+.4f, y2 mse %+.4f", y1, y2);
        QVERIFY2(y1 * y2 < 0, "the two tasks' losses must move in opposite directions along the front");
        QVERIFY(std::abs(y1) > 0.01 && std::abs(y2) > 0.01);
        // The hypervolume is that of the front's objectives against the sweep's reference rule.
        const auto points = mtlx::frontObjectives(result);
        QCOMPARE(points.size(), std::size_t{11});
        QCOMPARE(result.frontReference, mtlx::referencePoint(points));
        QCOMPARE(result.frontHypervolume, mtlx::hypervolume(points, result.frontReference));
        QVERIFY(result.frontHypervolume > 0);
        // Written and read back.
        const auto back = mtlx::resultFromJson(mtlx::resultToJson(result));
        QCOMPARE(back.front.size(), result.front.size());
        QCOMPARE(back.front[3].tasks[1].at("mse"), result.front[3].tasks[1].at("mse"));
        QCOMPARE(back.frontHypervolume, result.frontHypervolume);
    }

    void threeTasksGetAGridOfPreferences()
    {
        auto spec = mtlx::experimentFromJson(
            json{{"dataset", {{"kind", "random"}, {"dim", 6}, {"binary_tasks", 3}, {"train", 256}, {"test", 128}}},
                 {"model", {{"arch", "mmoe"}, {"expert_dims", {{8}}}, {"experts", 2}, {"towers", {4}}}},
                 {"training",
                  {{"epochs", 1}, {"threads", 1}, {"preference", {{"method", "cosmos"}, {"front_points", 4}}}}}});
        const auto data = mtlx::loadDataset(spec.dataset);
        mtlx::RunControl control;
        const auto result = mtlx::trainOnData(spec, data, control, {});
        QCOMPARE(result.front.size(), std::size_t{10}); // K(K+1)/2
        for (const auto& p : result.front) {
            QCOMPARE(p.weights.size(), std::size_t{3});
            QVERIFY(std::abs(p.weights[0] + p.weights[1] + p.weights[2] - 1) < 1e-12);
            QVERIFY(p.tasks[2].count("auc"));
        }
        QCOMPARE(result.frontMetrics, (std::vector<std::string>{"auc", "auc", "auc"}));
    }

    void theSpecSaysWhatGoesWithIt()
    {
        auto j = json{{"training", {{"weighting", "mgda_ub"}, {"preference", {{"method", "cosmos"}}}}}};
        try {
            mtlx::experimentFromJson(j);
            QFAIL("cosmos with mgda_ub was accepted");
        } catch (const mtlx::SpecError& e) {
            QVERIFY2(std::string(e.what()).find("training.preference.method") != std::string::npos, e.what());
        }
        try {
            mtlx::experimentFromJson(json{{"training", {{"preference", {{"method", "cosmos"}, {"lamda", 2}}}}}});
            QFAIL("an unknown key was accepted");
        } catch (const mtlx::SpecError& e) {
            QVERIFY2(std::string(e.what()).find("training.preference.lamda") != std::string::npos, e.what());
        }
        try {
            mtlx::experimentFromJson(json{{"training", {{"preference", {{"method", "cosmos"}, {"alpha", 0}}}}}});
            QFAIL("α = 0 was accepted");
        } catch (const mtlx::SpecError& e) {
            QVERIFY2(std::string(e.what()).find("training.preference.alpha") != std::string::npos, e.what());
        }
        // Written only when on, so that the specs of every earlier run keep their identity.
        QVERIFY(!mtlx::experimentToJson(mtlx::experimentFromJson(json::object()))["training"].contains("preference"));
        const auto on = mtlx::experimentFromJson(json{{"training", {{"preference", {{"method", "cosmos"}}}}}});
        const auto written = mtlx::experimentToJson(on)["training"]["preference"];
        QCOMPARE(written.value("lambda", 0.0), 2.0);
        QCOMPARE(written.value("alpha", 0.0), 1.2);
        QVERIFY(mtlx::experimentFromJson(mtlx::experimentToJson(on)).training.preference.conditioned());
        // Its sweep is one run per seed (it learns every weight itself), at uniform weights.
        auto seeds = on;
        seeds.sweep.seeds = 3;
        const auto plan = mtlx::planSweep(seeds);
        QCOMPARE(plan.size(), std::size_t{3});
        for (const auto& run : plan)
            QCOMPARE(run.point, 0);
        QCOMPARE(plan[2].spec.training.seed, on.training.seed + 2);
    }

    void aSweepOfSeedsIsTheirFronts()
    {
        auto spec = sineSpec(1);
        spec.sweep.seeds = 2;
        spec.training.preference.frontPoints = 5;
        QTemporaryDir dir;
        mtlx::SweepOptions options;
        options.outDir = dir.path().toStdString();
        mtlx::RunControl control;
        mtlx::runSweep(spec, options, control, {});
        const auto folder = mtlx::readSweepFolder(options.outDir);
        // Every seed's front: 2 × 5 points, their seed means one per preference.
        QCOMPARE(folder.frontier.points.size(), std::size_t{10});
        QCOMPARE(folder.frontier.means.size(), std::size_t{5});
        QCOMPARE(folder.frontier.means[1].seeds, 2);
        QCOMPARE(folder.frontier.means[1].weights, (std::vector<double>{0.25, 0.75}));
        QVERIFY(folder.frontier.hypervolume > 0);
    }
};

QTEST_MAIN(TestPreference)
#include "tst_preference.moc"
