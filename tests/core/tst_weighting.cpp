// The loss weighting and gradient methods of SPEC.md §3 on cases whose answer is known by hand,
// then each one training a real model.
#include <QtTest>

#include <cmath>

#include "core/dataset.h"
#include "core/runner.h"
#include "core/specerror.h"
#include "core/weighting.h"

namespace {

torch::Tensor rows(std::initializer_list<std::vector<float>> r)
{
    std::vector<torch::Tensor> t;
    for (const auto& v : r)
        t.push_back(torch::tensor(v));
    return torch::stack(t);
}

mtlx::ExperimentSpec specWith(const std::string& weighting, nlohmann::json training = nlohmann::json::object())
{
    training["weighting"] = weighting;
    return mtlx::experimentFromJson(nlohmann::json{{"training", training}});
}

std::vector<mtlx::TaskInfo> tasks(std::initializer_list<mtlx::TaskKind> kinds)
{
    std::vector<mtlx::TaskInfo> t;
    for (auto k : kinds)
        t.push_back({"t" + std::to_string(t.size()), k, k == mtlx::TaskKind::Multiclass ? 3 : 0});
    return t;
}

double normOfCombination(const torch::Tensor& g, const std::vector<double>& a)
{
    auto v = torch::zeros({g.size(1)}, torch::kFloat64);
    for (std::size_t i = 0; i < a.size(); ++i)
        v += a[i] * g[static_cast<std::int64_t>(i)].to(torch::kFloat64);
    return v.norm().item<double>();
}

} // namespace

class TestWeighting : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void minNormOfTwoGradientsByHand()
    {
        // ‖a (2, 0) + (1 − a) (0, 1)‖² = 4a² + (1 − a)² is smallest at a = 1/5.
        auto a = mtlx::minNormWeights(rows({{2, 0}, {0, 1}}));
        QVERIFY(std::abs(a[0] - 0.2) < 1e-9 && std::abs(a[1] - 0.8) < 1e-9);
        // Equal norms: the middle.
        a = mtlx::minNormWeights(rows({{1, 1}, {1, -1}}));
        QVERIFY(std::abs(a[0] - 0.5) < 1e-9);
        // One gradient is a shorter multiple of the other: all weight on the shorter one.
        a = mtlx::minNormWeights(rows({{1, 0}, {3, 0}}));
        QVERIFY(std::abs(a[0] - 1.0) < 1e-9 && std::abs(a[1]) < 1e-9);
        // Opposite gradients: the min-norm point is the zero vector.
        a = mtlx::minNormWeights(rows({{2, 0}, {-1, 0}}));
        QVERIFY(std::abs(a[0] - 1.0 / 3.0) < 1e-9);
    }

    void minNormOfThreeOrthogonalGradients()
    {
        // Orthogonal g_t: α_t ∝ 1 / ‖g_t‖², here norms 1, 2, 4.
        const auto a = mtlx::minNormWeights(rows({{1, 0, 0}, {0, 2, 0}, {0, 0, 4}}));
        const double z = 1 + 1.0 / 4 + 1.0 / 16;
        QVERIFY2(std::abs(a[0] - 1 / z) < 1e-4, std::to_string(a[0]).c_str());
        QVERIFY(std::abs(a[1] - 0.25 / z) < 1e-4);
        QVERIFY(std::abs(a[2] - 0.0625 / z) < 1e-4);
    }

    void minNormMatchesASearchOfTheSimplex()
    {
        torch::manual_seed(5);
        const auto g = torch::randn({3, 6});
        const auto a = mtlx::minNormWeights(g);
        QVERIFY(std::abs(a[0] + a[1] + a[2] - 1) < 1e-9);
        double best = 1e9;
        for (int i = 0; i <= 400; ++i)
            for (int j = 0; i + j <= 400; ++j)
                best = std::min(best, normOfCombination(g, {i / 400.0, j / 400.0, (400 - i - j) / 400.0}));
        const double found = normOfCombination(g, a);
        QVERIFY2(found <= best + 1e-6, (std::to_string(found) + " vs grid " + std::to_string(best)).c_str());
    }

    void pcgradProjectsConflictingGradients()
    {
        // g1 = (1, 0), g2 = (−1, 1) conflict (g1·g2 = −1):
        // g1' = g1 − (−1/2) g2 = (0.5, 0.5), g2' = g2 − (−1/1) g1 = (0, 1); sum (0.5, 1.5).
        const auto c = mtlx::pcgradCombine(rows({{1, 0}, {-1, 1}}), {{0, 1}, {1, 0}});
        QVERIFY(std::abs(c[0].item<double>() - 0.5) < 1e-6 && std::abs(c[1].item<double>() - 1.5) < 1e-6);
        // The combined direction no longer points against either task.
        QVERIFY(c[0].item<double>() * 1 >= 0 && -c[0].item<double>() + c[1].item<double>() >= 0);
        // No conflict: the plain sum.
        const auto d = mtlx::pcgradCombine(rows({{1, 0}, {1, 1}}), {{0, 1}, {1, 0}});
        QVERIFY(std::abs(d[0].item<double>() - 2) < 1e-6 && std::abs(d[1].item<double>() - 1) < 1e-6);
    }

    void pcgradOrderMattersWithThreeTasks()
    {
        // g0 conflicts with g1 and g2; projecting on g1 first or g2 first gives different g0'.
        const auto g = rows({{1, 0}, {-1, 1}, {-1, -2}});
        const auto a = mtlx::pcgradCombine(g, {{1, 2}, {0, 2}, {0, 1}});
        const auto b = mtlx::pcgradCombine(g, {{2, 1}, {0, 2}, {0, 1}});
        QVERIFY(!torch::allclose(a, b));
    }

    void pcgradWeightingProjectsSharedParametersOnly()
    {
        // θ is shared; u and v belong to one task each. L0 = θ·(1, 0) + u, L1 = θ·(−1, 1) + 2v.
        auto theta = torch::zeros({2}, torch::requires_grad());
        auto u = torch::zeros({1}, torch::requires_grad());
        auto v = torch::zeros({1}, torch::requires_grad());
        auto w = mtlx::makeWeighting(specWith("pcgrad", {{"task_weights", {1, 1}}}),
                                     tasks({mtlx::TaskKind::Regression, mtlx::TaskKind::Regression}), {theta, u, v});
        const auto l0 = (theta * torch::tensor({1.0f, 0.0f})).sum() + u.sum();
        const auto l1 = (theta * torch::tensor({-1.0f, 1.0f})).sum() + 2 * v.sum();
        w->backward({l0, l1}, {});
        QVERIFY(torch::allclose(theta.grad(), torch::tensor({0.5f, 1.5f})));
        QCOMPARE(u.grad().item<double>(), 1.0);
        QCOMPARE(v.grad().item<double>(), 2.0);
    }

    void mgdaUsesTheSharedRepresentation()
    {
        // Z is the shared representation; ∇_Z L0 = (2, 0), ∇_Z L1 = (0, 1) ⇒ α = (0.2, 0.8).
        auto theta = torch::ones({2}, torch::requires_grad());
        mtlx::BackboneOutput features;
        features.shared = theta * 1.0;
        const auto l0 = (features.shared * torch::tensor({2.0f, 0.0f})).sum();
        const auto l1 = (features.shared * torch::tensor({0.0f, 1.0f})).sum();
        auto w = mtlx::makeWeighting(specWith("mgda_ub"),
                                     tasks({mtlx::TaskKind::Regression, mtlx::TaskKind::Regression}), {theta});
        w->backward({l0, l1}, features);
        const auto a = w->weights();
        QVERIFY(std::abs(a[0] - 0.2) < 1e-6);
        QVERIFY(torch::allclose(theta.grad(), torch::tensor({0.4f, 0.8f})));
    }

    void mgdaWithoutARepresentationUsesSharedParameters()
    {
        auto theta = torch::zeros({2}, torch::requires_grad());
        auto own = torch::zeros({1}, torch::requires_grad()); // task 0 only: not in the min-norm problem
        const auto l0 = (theta * torch::tensor({2.0f, 0.0f})).sum() + 100 * own.sum();
        const auto l1 = (theta * torch::tensor({0.0f, 1.0f})).sum();
        auto w = mtlx::makeWeighting(specWith("mgda_ub"),
                                     tasks({mtlx::TaskKind::Regression, mtlx::TaskKind::Regression}), {theta, own});
        w->backward({l0, l1}, {});
        QVERIFY(std::abs(w->weights()[0] - 0.2) < 1e-6);
        QVERIFY(torch::allclose(theta.grad(), torch::tensor({0.4f, 0.8f})));
        QVERIFY(std::abs(own.grad().item<double>() - 20.0) < 1e-4);
    }

    void uncertaintyLearnsTheLogOfEachLoss()
    {
        // With fixed losses, c (exp(−s) L + s) is smallest at s = log L for either factor c.
        auto w = mtlx::makeWeighting(specWith("uncertainty"),
                                     tasks({mtlx::TaskKind::Regression, mtlx::TaskKind::Binary}), {});
        auto s = w->parameters().at(0);
        torch::optim::Adam opt(std::vector<torch::Tensor>{s}, torch::optim::AdamOptions(0.05));
        for (int i = 0; i < 3000; ++i) {
            opt.zero_grad();
            w->backward({torch::tensor(4.0f), torch::tensor(0.5f)}, {});
            opt.step();
        }
        QVERIFY2(std::abs(s[0].item<double>() - std::log(4.0)) < 0.01, std::to_string(s[0].item<double>()).c_str());
        QVERIFY(std::abs(s[1].item<double>() - std::log(0.5)) < 0.01);
        // Reported weights: ½ exp(−s) for regression, exp(−s) otherwise.
        QVERIFY(std::abs(w->weights()[0] - 0.5 / 4.0) < 0.01);
        QVERIFY(std::abs(w->weights()[1] - 1.0 / 0.5) < 0.05);
    }

    void dwaFollowsTheLossRatios()
    {
        auto w = mtlx::makeWeighting(specWith("dwa", {{"dwa_temperature", 2.0}}),
                                     tasks({mtlx::TaskKind::Regression, mtlx::TaskKind::Regression}), {});
        QCOMPARE(w->weights(), (std::vector<double>{1.0, 1.0}));
        w->epochEnd({1.0, 1.0});
        QCOMPARE(w->weights(), (std::vector<double>{1.0, 1.0})); // still 1 with one epoch of history
        w->epochEnd({0.5, 1.0});                                 // r = (0.5, 1): the slower task gets more weight
        const double e0 = std::exp(0.25), e1 = std::exp(0.5);
        QVERIFY(std::abs(w->weights()[0] - 2 * e0 / (e0 + e1)) < 1e-12);
        QVERIFY(std::abs(w->weights()[1] - 2 * e1 / (e0 + e1)) < 1e-12);
    }

    void gradnormLowersTheWeightOfTheLargerGradient()
    {
        // Both losses reach θ; task 0's gradient is 10× larger. At the first step r_t = 1, so the
        // target is mean(G) and Adam's first step moves each weight by lr against the sign.
        auto theta = torch::ones({2}, torch::requires_grad());
        const double lr = 0.01;
        auto w = mtlx::makeWeighting(specWith("gradnorm", {{"lr", lr}}),
                                     tasks({mtlx::TaskKind::Regression, mtlx::TaskKind::Regression}), {theta});
        const auto l0 = 10 * theta.sum();
        const auto l1 = theta.sum();
        w->backward({l0, l1}, {});
        QVERIFY(torch::allclose(theta.grad(), torch::tensor({11.0f, 11.0f}))); // weights start at 1
        w->afterStep();
        const auto a = w->weights();
        QVERIFY2(std::abs(a[0] - (1 - lr)) < 1e-5 && std::abs(a[1] - (1 + lr)) < 1e-5,
                 (std::to_string(a[0]) + ", " + std::to_string(a[1])).c_str());
        QVERIFY(std::abs(a[0] + a[1] - 2) < 1e-6);
    }

    void everyMethodTrainsAModel_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("arch");
        for (const char* m : {"linear", "uncertainty", "gradnorm", "mgda_ub", "pcgrad", "dwa"}) {
            QTest::newRow((std::string(m) + " shared_bottom").c_str()) << QString(m) << QString("shared_bottom");
            QTest::newRow((std::string(m) + " mmoe").c_str()) << QString(m) << QString("mmoe");
        }
    }
    void everyMethodTrainsAModel()
    {
        QFETCH(QString, method);
        QFETCH(QString, arch);
        nlohmann::json model{{"arch", arch.toStdString()}, {"towers", {16}}};
        if (arch == "mmoe")
            model.update({{"experts", 4}, {"expert_dims", {{16}}}});
        else
            model["bottom"] = {32};
        auto spec = mtlx::experimentFromJson(nlohmann::json{
            {"dataset",
             {{"kind", "synthetic_correlated"}, {"dim", 8}, {"train", 2000}, {"validation", 200}, {"test", 500}}},
            {"model", model},
            {"heads", {{"kind", "linear"}, {"dropout", 0.2}}},
            {"training",
             {{"lr", 0.01}, {"batch_size", 64}, {"epochs", 6}, {"threads", 1}, {"weighting", method.toStdString()}}}});
        const auto data = mtlx::loadDataset(spec.dataset);
        mtlx::RunControl control;
        const auto r1 = mtlx::runExperiment(spec, control, {});
        const auto r2 = mtlx::runExperiment(spec, control, {});
        QCOMPARE(QString::fromStdString(r1.status), QString("ok"));
        for (std::size_t t = 0; t < 2; ++t) {
            const double variance = data.test.y[t].var(false).item<double>();
            const double mse = r1.tasks[t].test.at("mse");
            QVERIFY2(mse < 0.5 * variance, (std::to_string(mse) + " vs variance " + std::to_string(variance)).c_str());
            QCOMPARE(r2.tasks[t].test.at("mse"), mse); // reproducible, dropout included
            // The history records the method's weights per epoch.
            QCOMPARE(r1.history.back().taskWeights.size(), std::size_t(2));
            QVERIFY(r1.history.back().taskWeights[t] > 0);
        }
        QVERIFY(r1.history.back().trainLoss[0] < r1.history.front().trainLoss[0]);
    }

    void gradientMethodsNeedSharedParameters()
    {
        for (const char* m : {"gradnorm", "mgda_ub", "pcgrad"}) {
            try {
                mtlx::experimentFromJson(
                    nlohmann::json{{"model", {{"arch", "single_task"}}}, {"training", {{"weighting", m}}}});
                QFAIL("accepted");
            } catch (const mtlx::SpecError& e) {
                QCOMPARE(QString::fromStdString(e.path()), QString("training.weighting"));
            }
        }
        // Methods that only weigh losses work on single-task models.
        mtlx::experimentFromJson(
            nlohmann::json{{"model", {{"arch", "single_task"}}}, {"training", {{"weighting", "dwa"}}}});
    }
};

QTEST_GUILESS_MAIN(TestWeighting)
#include "tst_weighting.moc"
