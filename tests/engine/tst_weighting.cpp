// The loss weighting and gradient methods of docs/weighting.md on cases whose answer is known by hand,
// then each one training a real model.
#include <QtTest>

#include <cmath>

#include "core/engine/data/dataset.h"
#include "core/engine/models/mtlmodel.h"
#include "core/engine/runner.h"
#include "core/engine/training/weighting.h"
#include "core/spec/specerror.h"
#include "tests/engine/weightingcases.h"

using namespace weightingcases;

namespace {

torch::Tensor rows(std::initializer_list<std::vector<float>> r)
{
    std::vector<torch::Tensor> t;
    for (const auto& v : r)
        t.push_back(torch::tensor(v));
    return torch::stack(t);
}

// The methods work per run of a stack; these cases are one run: gradients [1, T, P].
std::vector<double> minNorm(const torch::Tensor& g)
{
    return mtlx::minNormWeights(g.unsqueeze(0))[0];
}

torch::Tensor pcgrad(const torch::Tensor& g, const std::vector<std::vector<std::size_t>>& orders)
{
    return mtlx::pcgradCombine(g.unsqueeze(0), {orders})[0];
}

// A run of a two-task MMoE on one batch: the model, its losses and its declared parameters.
struct MmoeBatch {
    mtlx::MtlModel model{nullptr};
    std::vector<torch::Tensor> losses;
    std::vector<mtlx::OwnedParameter> params;
};

MmoeBatch mmoeBatch(std::uint64_t seed)
{
    auto spec = mtlx::experimentFromJson(
        nlohmann::json{{"dataset", {{"kind", "synthetic_correlated"}, {"dim", 6}}},
                       {"model", {{"arch", "mmoe"}, {"experts", 3}, {"expert_dims", {{5}}}, {"towers", {4}}}}});
    torch::manual_seed(seed);
    MmoeBatch b;
    b.model = mtlx::MtlModel(spec, 6, spec.tasks());
    {
        // Uniform gates and twin towers, so that the two targets below pull the experts in
        // opposite directions (a conflict by construction, whatever the seed).
        torch::NoGradGuard noGrad;
        auto named = b.model->named_parameters();
        named["backbone.gates.weight"].zero_();
        named["backbone.gates.bias"].zero_();
        for (const auto& p : named)
            if (p.key().rfind("tower1.", 0) == 0) p.value().copy_(named["tower0." + p.key().substr(7)]);
    }
    const auto x = torch::randn({1, 16, 6});
    const auto out = b.model->forward(x);
    // Two regression targets that pull the experts in opposite directions.
    b.losses = {(out.logits[0].squeeze(2) - x.sum(2)).pow(2).mean(1),
                (out.logits[1].squeeze(2) + x.sum(2)).pow(2).mean(1)};
    b.params = b.model->trainableParameters();
    return b;
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
        auto a = minNorm(rows({{2, 0}, {0, 1}}));
        QVERIFY(std::abs(a[0] - 0.2) < 1e-9 && std::abs(a[1] - 0.8) < 1e-9);
        // Equal norms: the middle.
        a = minNorm(rows({{1, 1}, {1, -1}}));
        QVERIFY(std::abs(a[0] - 0.5) < 1e-9);
        // One gradient is a shorter multiple of the other: all weight on the shorter one.
        a = minNorm(rows({{1, 0}, {3, 0}}));
        QVERIFY(std::abs(a[0] - 1.0) < 1e-9 && std::abs(a[1]) < 1e-9);
        // Opposite gradients: the min-norm point is the zero vector.
        a = minNorm(rows({{2, 0}, {-1, 0}}));
        QVERIFY(std::abs(a[0] - 1.0 / 3.0) < 1e-9);
    }

    void minNormOfThreeOrthogonalGradients()
    {
        // Orthogonal g_t: α_t ∝ 1 / ‖g_t‖², here norms 1, 2, 4.
        const auto a = minNorm(rows({{1, 0, 0}, {0, 2, 0}, {0, 0, 4}}));
        const double z = 1 + 1.0 / 4 + 1.0 / 16;
        QVERIFY2(std::abs(a[0] - 1 / z) < 1e-4, std::to_string(a[0]).c_str());
        QVERIFY(std::abs(a[1] - 0.25 / z) < 1e-4);
        QVERIFY(std::abs(a[2] - 0.0625 / z) < 1e-4);
    }

    void minNormMatchesASearchOfTheSimplex()
    {
        torch::manual_seed(5);
        const auto g = torch::randn({3, 6});
        const auto a = minNorm(g);
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
        const auto c = pcgrad(rows({{1, 0}, {-1, 1}}), {{0, 1}, {1, 0}});
        QVERIFY(std::abs(c[0].item<double>() - 0.5) < 1e-6 && std::abs(c[1].item<double>() - 1.5) < 1e-6);
        // The combined direction no longer points against either task.
        QVERIFY(c[0].item<double>() * 1 >= 0 && -c[0].item<double>() + c[1].item<double>() >= 0);
        // No conflict: the plain sum.
        const auto d = pcgrad(rows({{1, 0}, {1, 1}}), {{0, 1}, {1, 0}});
        QVERIFY(std::abs(d[0].item<double>() - 2) < 1e-6 && std::abs(d[1].item<double>() - 1) < 1e-6);
    }

    void pcgradOrderMattersWithThreeTasks()
    {
        // g0 conflicts with g1 and g2; projecting on g1 first or g2 first gives different g0'.
        const auto g = rows({{1, 0}, {-1, 1}, {-1, -2}});
        const auto a = pcgrad(g, {{1, 2}, {0, 2}, {0, 1}});
        const auto b = pcgrad(g, {{2, 1}, {0, 2}, {0, 1}});
        QVERIFY(!torch::allclose(a, b));
    }

    void pcgradWeightingProjectsSharedParametersOnly()
    {
        // θ is shared; u and v belong to one task each. L0 = θ·(1, 0) + u, L1 = θ·(−1, 1) + 2v.
        auto theta = param({2});
        auto u = param({1});
        auto v = param({1});
        auto w = mtlx::makeWeighting(specWith("pcgrad", {{"task_weights", {1, 1}}}),
                                     tasks({mtlx::TaskKind::Regression, mtlx::TaskKind::Regression}),
                                     owned({{theta, mtlx::kSharedOwner}, {u, 0}, {v, 1}}));
        const auto l0 = one((theta * torch::tensor({1.0f, 0.0f})).sum() + u.sum());
        const auto l1 = one((theta * torch::tensor({-1.0f, 1.0f})).sum() + 2 * v.sum());
        w->backward({l0, l1}, {});
        QVERIFY(torch::allclose(theta.grad()[0], torch::tensor({0.5f, 1.5f})));
        QCOMPARE(u.grad().item<double>(), 1.0);
        QCOMPARE(v.grad().item<double>(), 2.0);
    }

    void fusedTensorsKeepTheirTaskRowsOutOfTheProjection()
    {
        // One tensor P = (θ1, θ2, a, b) as a fused gate layer stores it: θ is shared, a is task
        // 0's, b task 1's. L0 = θ·(1, 0) + a, L1 = θ·(−1, 1) + 2b. θ is projected exactly as in
        // pcgradProjectsConflictingGradients, (0.5, 1.5); a and b keep their own gradients 1 and
        // 2. Taking the whole tensor as shared would give (1, 0, 1, 0) and (−1, 1, 0, 2) a dot
        // product of −1 and mix b into a.
        auto p = param({4});
        mtlx::ParameterOwners owners;
        owners.ownSlice(p, 0, 2, 1, 0);
        owners.ownSlice(p, 0, 3, 1, 1);
        const auto params = owners.resolve({p});
        QVERIFY(params[0].sharing == mtlx::OwnedParameter::Sharing::Part);
        QCOMPARE(params[0].sharedCount(), std::int64_t(2));
        auto w = mtlx::makeWeighting(specWith("pcgrad", {{"task_weights", {1, 1}}}),
                                     tasks({mtlx::TaskKind::Regression, mtlx::TaskKind::Regression}), params);
        const auto l0 = one((p * torch::tensor({1.0f, 0.0f, 1.0f, 0.0f})).sum());
        const auto l1 = one((p * torch::tensor({-1.0f, 1.0f, 0.0f, 2.0f})).sum());
        w->backward({l0, l1}, {});
        QVERIFY2(torch::allclose(p.grad()[0], torch::tensor({0.5f, 1.5f, 1.0f, 2.0f})),
                 qPrintable(QString::number(p.grad()[0][2].item<double>())));
    }

    void pcgradOnMmoeLeavesTaskGatesToTheirTask()
    {
        // MMoE keeps both tasks' gates in one Linear. With pcgrad, the rows of task t's gate get
        // exactly w_t ∇L_t; the experts get the projected sum of the experts-only gradients.
        auto b = mmoeBatch(4);
        const std::vector<double> weights{0.3, 0.7};
        auto w = mtlx::makeWeighting(specWith("pcgrad", {{"task_weights", {0.3, 0.7}}}),
                                     tasks({mtlx::TaskKind::Regression, mtlx::TaskKind::Regression}), b.params);
        auto named = b.model->named_parameters();
        const auto gateW = named["backbone.gates.weight"], gateB = named["backbone.gates.bias"];
        std::vector<torch::Tensor> expertParams;
        for (const auto& p : named)
            if (p.key().find("experts.") != std::string::npos) expertParams.push_back(p.value());
        std::vector<torch::Tensor> own, expertRows;
        for (std::size_t t = 0; t < 2; ++t) {
            const auto wl = weights[t] * b.losses[t];
            own.push_back(torch::autograd::grad({wl}, {gateW}, {}, true)[0]);
            std::vector<torch::Tensor> flat;
            for (const auto& g : torch::autograd::grad({wl}, expertParams, {}, true))
                flat.push_back(g.reshape(-1));
            expertRows.push_back(torch::cat(flat));
        }
        w->backward(b.losses, {});
        for (std::int64_t t = 0; t < 2; ++t) {
            // Columns 3t … 3t + 2 of the gate layer ([R, in, out]) are task t's gate: its own weighted
            // gradient, exactly.
            QVERIFY(
                torch::equal(gateW.grad().narrow(2, 3 * t, 3), own[static_cast<std::size_t>(t)].narrow(2, 3 * t, 3)));
        }
        QVERIFY(gateB.grad().defined());
        // The tasks conflict on the experts, and only the experts' gradients are projected.
        const auto g = torch::stack(expertRows);
        QVERIFY(torch::dot(g[0], g[1]).item<double>() < 0);
        const auto projected = pcgrad(g, {{0, 1}, {1, 0}});
        std::vector<torch::Tensor> got;
        for (const auto& p : expertParams)
            got.push_back(p.grad().reshape(-1));
        QVERIFY(torch::allclose(torch::cat(got), projected, 1e-5, 1e-7));
        QVERIFY(!torch::allclose(torch::cat(got), g.sum(0), 1e-3, 1e-5));
    }

    void mmoeDeclaresExpertsSharedAndGatesAndTowersOwned()
    {
        auto b = mmoeBatch(1);
        std::int64_t shared = 0, owned = 0;
        for (const auto& p : b.params) {
            shared += p.sharedCount();
            owned += p.param.numel() - p.sharedCount();
        }
        // Experts 3 × (6·5 + 5) = 105 shared; gates 2 × 3 × (6 + 1) = 42 and towers
        // 2 × (5·4 + 4 + 4 + 1) = 58 owned.
        QCOMPARE(shared, std::int64_t(105));
        QCOMPARE(owned, std::int64_t(42 + 58));
    }

    void mgdaUsesTheSharedRepresentation()
    {
        // Z is the shared representation; ∇_Z L0 = (2, 0), ∇_Z L1 = (0, 1) ⇒ α = (0.2, 0.8).
        auto theta = param({2}, 1.0);
        mtlx::BackboneOutput features;
        features.shared = theta * 1.0;
        const auto l0 = (features.shared * torch::tensor({2.0f, 0.0f})).sum(1);
        const auto l1 = (features.shared * torch::tensor({0.0f, 1.0f})).sum(1);
        auto w =
            mtlx::makeWeighting(specWith("mgda_ub"), tasks({mtlx::TaskKind::Regression, mtlx::TaskKind::Regression}),
                                mtlx::sharedParameters({theta}));
        w->backward({l0, l1}, features);
        const auto a = w->weights()[0];
        QVERIFY(std::abs(a[0] - 0.2) < 1e-6);
        QVERIFY(torch::allclose(theta.grad()[0], torch::tensor({0.4f, 0.8f})));
    }

    void mgdaWithoutARepresentationUsesSharedParameters()
    {
        auto theta = param({2});
        auto own = param({1}); // task 0 only: not in the min-norm problem
        const auto l0 = one((theta * torch::tensor({2.0f, 0.0f})).sum() + 100 * own.sum());
        const auto l1 = one((theta * torch::tensor({0.0f, 1.0f})).sum());
        auto w =
            mtlx::makeWeighting(specWith("mgda_ub"), tasks({mtlx::TaskKind::Regression, mtlx::TaskKind::Regression}),
                                owned({{theta, mtlx::kSharedOwner}, {own, 0}}));
        w->backward({l0, l1}, {});
        QVERIFY(std::abs(w->weights()[0][0] - 0.2) < 1e-6);
        QVERIFY(torch::allclose(theta.grad()[0], torch::tensor({0.4f, 0.8f})));
        QVERIFY(std::abs(own.grad().item<double>() - 20.0) < 1e-4);
    }

    void uncertaintyOptimaByHand()
    {
        // Kendall eq. 10 with s = log σ²: regression ½ e^{−s} L + ½ s has d/ds = −½ e^{−s} L + ½ = 0
        // at s = log L; classification e^{−s} L + ½ s has d/ds = −e^{−s} L + ½ = 0 at s = log 2L.
        auto w = mtlx::makeWeighting(specWith("uncertainty"),
                                     tasks({mtlx::TaskKind::Regression, mtlx::TaskKind::Binary}), {});
        auto s = w->parameters().at(0);
        // The objective's value at s = 0: ½·4 + 0 and 0.75 + 0.
        const auto l0 = torch::tensor({4.0f}), l1 = torch::tensor({0.75f});
        QCOMPARE(w->backward({l0, l1}, {}).item<double>(), 2.75);
        torch::optim::Adam opt(std::vector<torch::Tensor>{s}, torch::optim::AdamOptions(0.05));
        for (int i = 0; i < 3000; ++i) {
            opt.zero_grad();
            w->backward({l0, l1}, {});
            opt.step();
        }
        const double s0 = s[0][0].item<double>(), s1 = s[0][1].item<double>();
        QVERIFY2(std::abs(s0 - std::log(4.0)) < 0.01, std::to_string(s0).c_str());
        QVERIFY2(std::abs(s1 - std::log(1.5)) < 0.01, std::to_string(s1).c_str());
        // Reported weights c e^{−s}: ½ / 4 for regression, 1 / 1.5 for classification.
        QVERIFY(std::abs(w->weights()[0][0] - 0.5 / 4.0) < 0.01);
        QVERIFY(std::abs(w->weights()[0][1] - 1.0 / 1.5) < 0.01);
    }

    void dwaFollowsTheLossRatios()
    {
        auto w = mtlx::makeWeighting(specWith("dwa", {{"dwa_temperature", 2.0}}),
                                     tasks({mtlx::TaskKind::Regression, mtlx::TaskKind::Regression}), {});
        QCOMPARE(w->weights()[0], (std::vector<double>{1.0, 1.0}));
        w->epochEnd({{1.0, 1.0}});
        QCOMPARE(w->weights()[0], (std::vector<double>{1.0, 1.0})); // still 1 with one epoch of history
        w->epochEnd({{0.5, 1.0}});                                  // r = (0.5, 1): the slower task gets more weight
        const double e0 = std::exp(0.25), e1 = std::exp(0.5);
        QVERIFY(std::abs(w->weights()[0][0] - 2 * e0 / (e0 + e1)) < 1e-12);
        QVERIFY(std::abs(w->weights()[0][1] - 2 * e1 / (e0 + e1)) < 1e-12);
    }

    // The census framework's DWA (T = K = 3 tasks): each epoch's last batch's weighted losses,
    // λ = 1 through the third epoch, a previous loss within ±0.01 read as 0.01, λ clipped to
    // [0.5, 1.5]. The mean losses passed to epochEnd play no part.
    void dwaAsTheCensusFrameworkRunsIt()
    {
        auto w = mtlx::makeWeighting(
            specWith("dwa", {{"dwa_temperature", 3.0}, {"dwa_variant", "mmoeex"}}),
            tasks({mtlx::TaskKind::Regression, mtlx::TaskKind::Regression, mtlx::TaskKind::Regression}), {});
        auto theta = param({1}, 1.0);
        auto epoch = [&](std::vector<double> lastBatch) {
            w->backward(
                {one(lastBatch[0] * theta.sum()), one(lastBatch[1] * theta.sum()), one(lastBatch[2] * theta.sum())},
                {});
            w->epochEnd({{9.0, 9.0, 9.0}});
            return w->weights()[0];
        };
        QCOMPARE(epoch({1.0, 2.0, 0.005}), (std::vector<double>{1, 1, 1}));
        QCOMPARE(epoch({0.8, 1.0, 0.004}), (std::vector<double>{1, 1, 1})); // still 1 after two epochs
        // Third epoch: r = (0.4 / 0.8, 1 / 1, 0.006 / 0.01) = (0.5, 1, 0.6).
        auto l = epoch({0.4, 1.0, 0.006});
        const double a = std::exp(0.5 / 3), b = std::exp(1.0 / 3), c = std::exp(0.6 / 3);
        const std::vector<double> third{3 * a / (a + b + c), 3 * b / (a + b + c), 3 * c / (a + b + c)};
        for (int t = 0; t < 3; ++t)
            QVERIFY2(std::abs(l[t] - third[t]) < 1e-6, std::to_string(l[t]).c_str()); // 0.933, 1.102, 0.965
        // Fourth epoch, losses (0.01, 3, 0.006) weighted by those λ; the previous 0.006 reads 0.01:
        // r = (0.01 λ0 / 0.4, 3 λ1 / 1, 0.006 λ2 / 0.01), and 3·softmax(r/3) = (0.58, 1.73, 0.70)
        // has its middle weight clipped to 1.5.
        l = epoch({0.01, 3.0, 0.006});
        const double r0 = 0.01 * third[0] / 0.4, r1 = 3 * third[1], r2 = 0.006 * third[2] / 0.01;
        const double e0 = std::exp(r0 / 3), e1 = std::exp(r1 / 3), e2 = std::exp(r2 / 3);
        QVERIFY(3 * e1 / (e0 + e1 + e2) > 1.5);
        QVERIFY2(std::abs(l[0] - 3 * e0 / (e0 + e1 + e2)) < 1e-6, std::to_string(l[0]).c_str());
        QCOMPARE(l[1], 1.5);
        QVERIFY2(std::abs(l[2] - 3 * e2 / (e0 + e1 + e2)) < 1e-6, std::to_string(l[2]).c_str());
    }

    void gradnormLowersTheWeightOfTheLargerGradient()
    {
        // Both losses reach θ; task 0's gradient is 10× larger. At the first step r_t = 1, so the
        // target is mean(G) and Adam's first step moves each weight by lr against the sign.
        auto theta = param({2}, 1.0);
        const double lr = 0.01;
        auto w = mtlx::makeWeighting(specWith("gradnorm", {{"lr", lr}}),
                                     tasks({mtlx::TaskKind::Regression, mtlx::TaskKind::Regression}),
                                     mtlx::sharedParameters({theta}));
        const auto l0 = one(10 * theta.sum());
        const auto l1 = one(theta.sum());
        w->backward({l0, l1}, {});
        QVERIFY(torch::allclose(theta.grad()[0], torch::tensor({11.0f, 11.0f}))); // weights start at 1
        w->afterStep();
        const auto a = w->weights()[0];
        QVERIFY2(std::abs(a[0] - (1 - lr)) < 1e-5 && std::abs(a[1] - (1 + lr)) < 1e-5,
                 (std::to_string(a[0]) + ", " + std::to_string(a[1])).c_str());
        QVERIFY(std::abs(a[0] + a[1] - 2) < 1e-6);
    }

    void everyMethodTrainsAModel_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("arch");
        for (const char* m : {"linear", "uncertainty", "gradnorm", "mgda_ub", "pcgrad", "dwa", "cagrad", "nash_mtl",
                              "imtl", "rlw", "famo", "aligned_mtl", "gradvac", "graddrop", "gls"}) {
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
        QCOMPARE(mtlx::toString(r1.status), std::string("ok"));
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
        for (const char* m :
             {"gradnorm", "mgda_ub", "pcgrad", "cagrad", "nash_mtl", "imtl", "aligned_mtl", "gradvac", "graddrop"}) {
            try {
                mtlx::experimentFromJson(
                    nlohmann::json{{"model", {{"arch", "single_task"}}}, {"training", {{"weighting", m}}}});
                QFAIL("accepted");
            } catch (const mtlx::SpecError& e) {
                QCOMPARE(QString::fromStdString(e.path()), QString("training.weighting"));
            }
        }
        // Methods that only weigh losses work on single-task models.
        for (const char* m : {"dwa", "rlw", "famo", "gls"})
            mtlx::experimentFromJson(
                nlohmann::json{{"model", {{"arch", "single_task"}}}, {"training", {{"weighting", m}}}});
    }
};

QTEST_GUILESS_MAIN(TestWeighting)
#include "tst_weighting.moc"
