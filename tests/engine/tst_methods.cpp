// The nine compared weighting methods (docs/weighting.md) on fixed 2- and 3-task gradient
// matrices. The expected updates are printed by tests/engine/methods_reference.py, an independent
// transcription in NumPy/SciPy/PyTorch of each paper and its authors' code
// (`/usr/bin/python3 tests/engine/methods_reference.py`). Each case also differs from plain
// summation, so a method that summed would fail it.
#include <QtTest>

#include <cmath>
#include <limits>

#include "core/engine/training/gradientmethods.h"
#include "tests/engine/weightingcases.h"

using namespace weightingcases;

namespace {

using Values = std::vector<double>;

const std::vector<Values> kG2{{1.0, 0.0, 0.5}, {-0.8, 0.6, 0.2}};
const std::vector<Values> kG3{{1.0, 0.0, 0.5, 0.2}, {-0.8, 0.6, 0.2, 0.0}, {0.3, -0.4, 0.9, 0.5}};
const Values kLosses2{1.0, 2.0}, kLosses3{1.0, 2.0, 0.5};

torch::Tensor matrix(const std::vector<Values>& rows) // [T, P] float64
{
    std::vector<torch::Tensor> t;
    for (const auto& r : rows)
        t.push_back(torch::tensor(r, torch::kFloat64));
    return torch::stack(t);
}

torch::Tensor stackOfOne(const std::vector<Values>& rows) // [1, T, P] float32
{
    return matrix(rows).to(torch::kFloat32).unsqueeze(0);
}

Values gram(const std::vector<Values>& rows)
{
    const auto g = matrix(rows);
    const auto m = torch::matmul(g, g.t()).contiguous();
    return {m.data_ptr<double>(), m.data_ptr<double>() + m.numel()};
}

Values valuesOf(const torch::Tensor& t)
{
    const auto d = t.detach().to(torch::kFloat64).contiguous().reshape({-1});
    return {d.data_ptr<double>(), d.data_ptr<double>() + d.numel()};
}

Values plainSum(const std::vector<Values>& rows)
{
    return valuesOf(matrix(rows).sum(0));
}

bool near(const Values& a, const Values& b, double tolerance)
{
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!(std::abs(a[i] - b[i]) <= tolerance * std::max(1.0, std::abs(b[i])))) return false;
    return true;
}

QString text(const Values& v)
{
    QStringList s;
    for (double x : v)
        s << QString::number(x, 'g', 9);
    return "{" + s.join(", ") + "}";
}

#define EXPECT_NEAR(actual, expected, tolerance)                                                                       \
    QVERIFY2(near(actual, expected, tolerance), qPrintable(QString("%1 against %2").arg(text(actual), text(expected))))

// The whole method on one run: a shared parameter θ = 0 [1, P] and losses L_t = c_t + g_t·θ, whose
// gradients are the rows g_t; the update is what the method writes into θ's gradient.
struct Toy {
    torch::Tensor theta;
    std::unique_ptr<mtlx::LossWeighting> method;
    std::vector<Values> g;
    Values c;

    Toy(const std::string& weighting, const std::vector<Values>& rows, const Values& losses,
        nlohmann::json training = nlohmann::json::object())
        : theta(param({static_cast<std::int64_t>(rows[0].size())})), g(rows), c(losses)
    {
        std::vector<mtlx::TaskInfo> kinds;
        for (std::size_t t = 0; t < rows.size(); ++t)
            kinds.push_back({"t" + std::to_string(t), mtlx::TaskKind::Regression, 0});
        method =
            mtlx::makeWeighting(specWith(weighting, std::move(training)), kinds, owned({{theta, mtlx::kSharedOwner}}));
    }
    std::vector<torch::Tensor> losses(const Values& values) const
    {
        std::vector<torch::Tensor> l;
        for (std::size_t t = 0; t < g.size(); ++t)
            l.push_back(one(values[t] + (theta[0] * torch::tensor(g[t], torch::kFloat64).to(torch::kFloat32)).sum()));
        return l;
    }
    Values step()
    {
        if (theta.grad().defined()) theta.mutable_grad().zero_();
        method->backward(losses(c), {});
        return valuesOf(theta.grad()[0]);
    }
};

} // namespace

class TestMethods : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cagradMovesTowardsTheWorseTask()
    {
        EXPECT_NEAR(Toy("cagrad", kG2, kLosses2).step(), (Values{0.116521743, 0.757391311, 0.815652182}), 2e-4);
        EXPECT_NEAR(Toy("cagrad", kG3, kLosses3).step(), (Values{-0.0633314919, 0.543188274, 1.50290184, 0.603448276}),
                    2e-4);
        // c = 0 is the mean gradient, times T as the authors scale it: the plain sum.
        EXPECT_NEAR(Toy("cagrad", kG2, kLosses2, {{"cagrad_c", 0.0}}).step(), plainSum(kG2), 1e-5);
        QVERIFY(!near(Toy("cagrad", kG2, kLosses2).step(), plainSum(kG2), 1e-2));
    }

    // A run diverging inside a stack has NaN gradients: the methods that solve a linear-algebra
    // problem per run leave the NaN in that run's slice instead of throwing (which would end the
    // whole sweep), and the healthy run's update is untouched.
    void aDivergingRunStaysInItsOwnSlice()
    {
        const auto nan = std::numeric_limits<double>::quiet_NaN();
        auto both = torch::cat({stackOfOne(kG3), stackOfOne({{nan, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}})});
        const auto weights = mtlx::imtlWeights(both[1]);
        QCOMPARE(weights.size(), std::size_t{3});
        const auto gram = [&](std::int64_t r) {
            const auto g = both[r].to(torch::kFloat64);
            const auto m = torch::matmul(g, g.t()).contiguous();
            return Values(m.data_ptr<double>(), m.data_ptr<double>() + 9);
        };
        QCOMPARE(mtlx::alignedMtlWeights(gram(1), 3).size(), std::size_t{3}); // no exception
        EXPECT_NEAR(mtlx::imtlWeights(both[0]), (Values{0.473897101, 0.527134172, -0.00103127291}), 1e-6);
        auto targets = torch::zeros({2, 3, 3}, torch::kFloat64);
        const auto vac =
            mtlx::gradvacCombine(both, targets, 0.01, {{{1, 2}, {0, 2}, {0, 1}}, {{1, 2}, {0, 2}, {0, 1}}});
        EXPECT_NEAR(valuesOf(vac[0]), (Values{0.273404894, 0.776923066, 2.06362551, 0.80852713}), 1e-5);
        // A task without a gradient this batch: IMTL balances the others and gives it 0.
        EXPECT_NEAR(mtlx::imtlWeights(matrix({kG2[0], kG2[1], {0, 0, 0}})), (Values{0.477025834, 0.522974166, 0.0}),
                    1e-6);
    }

    void nashMtlSolvesTheBargainingEquation()
    {
        const auto two = mtlx::nashMtlSolve(gram(kG2), 2, {1.0, 1.0}, 20);
        QVERIFY(two.converged);
        EXPECT_NEAR(two.alpha, (Values{1.98617714, 2.17749073}), 1e-3);
        const auto three = mtlx::nashMtlSolve(gram(kG3), 3, {1.0, 1.0, 1.0}, 20);
        QVERIFY(three.converged);
        EXPECT_NEAR(three.alpha, (Values{1.77036034, 2.536442, 1.16862222}), 1e-3);
        // The weighted gradient, clipped to norm 1 as the authors' code clips it.
        EXPECT_NEAR(Toy("nash_mtl", kG2, kLosses2).step(), (Values{0.125141951, 0.669564319, 0.732135295}), 1e-3);
        EXPECT_NEAR(Toy("nash_mtl", kG3, kLosses3).step(),
                    (Values{0.0325046155, 0.373375343, 0.865516465, 0.332287292}), 1e-3);
        // A task without a gradient has no bargaining solution: it is said, not hidden.
        const auto none = mtlx::nashMtlSolve(gram({{1.0, 0.0}, {0.0, 0.0}}), 2, {1.0, 1.0}, 20);
        QVERIFY(!none.converged);
        QCOMPARE(none.alpha, (Values{1.0, 1.0})); // the start, kept
        Toy stuck("nash_mtl", {{1.0, 0.0}, {0.0, 0.0}}, kLosses2);
        stuck.step();
        stuck.step();
        QCOMPARE(QString::fromStdString(stuck.method->note(0)),
                 QString("nash_mtl: the bargaining solution did not converge in 2 of 2 steps (those kept the previous "
                         "weights)"));
        QCOMPARE(QString::fromStdString(Toy("nash_mtl", kG2, kLosses2).method->note(0)), QString());
        // One solver iteration per step: the first steps do not converge (and say so), but each
        // starts where the last stopped, so the solution is reached after a few steps.
        Toy slow("nash_mtl", kG2, kLosses2, {{"nash_mtl_iterations", 1}});
        for (int i = 0; i < 12; ++i)
            slow.step();
        EXPECT_NEAR(slow.method->weights()[0], (Values{1.98617714, 2.17749073}), 1e-3);
        QVERIFY2(QString::fromStdString(slow.method->note(0)).contains(" of 12 steps"), slow.method->note(0).c_str());
    }

    void imtlProjectsEquallyOnEveryTask()
    {
        EXPECT_NEAR(mtlx::imtlWeights(matrix(kG2)), (Values{0.477025834, 0.522974166}), 1e-6);
        EXPECT_NEAR(mtlx::imtlWeights(matrix(kG3)), (Values{0.473897101, 0.527134172, -0.00103127291}), 1e-6);
        const auto update = Toy("imtl", kG3, kLosses3).step();
        EXPECT_NEAR(update, (Values{0.0518803819, 0.316693012, 0.341447239, 0.0942637838}), 1e-5);
        // Its defining property: equal projections on the unit gradients.
        const auto g = matrix(kG3);
        const auto projections =
            valuesOf(torch::matmul(g / g.norm(2, 1, true), torch::tensor(update, torch::kFloat64)));
        QVERIFY(std::abs(projections[0] - projections[1]) < 1e-5 && std::abs(projections[0] - projections[2]) < 1e-5);
        EXPECT_NEAR(Toy("imtl", kG2, kLosses2).step(), (Values{0.0586465008, 0.3137845, 0.34310775}), 1e-5);
        // IMTL-L: at s = 0 the scaled losses are the losses; s descends e^s L − 1.
        Toy scaled("imtl", kG2, kLosses2, {{"imtl_loss_scale", true}});
        EXPECT_NEAR(scaled.step(), (Values{0.0586465008, 0.3137845, 0.34310775}), 1e-5);
        EXPECT_NEAR(valuesOf(scaled.method->parameters().at(0).grad()), (Values{0.0, 1.0}), 1e-6);
    }

    void alignedMtlEqualisesTheSingularValues()
    {
        EXPECT_NEAR(Toy("aligned_mtl", kG2, kLosses2).step(), (Values{0.130774455, 0.621178663, 0.68656589}), 1e-5);
        EXPECT_NEAR(Toy("aligned_mtl", kG3, kLosses3).step(),
                    (Values{0.116886937, 0.37076168, 0.782070419, 0.289986022}), 1e-5);
    }

    void gradvacLiftsTheCosineToItsTarget()
    {
        auto targets = torch::zeros({1, 2, 2}, torch::kFloat64);
        const auto two = mtlx::gradvacCombine(stackOfOne(kG2), targets, 0.01, {{{1}, {0}}});
        EXPECT_NEAR(valuesOf(two), (Values{0.221538462, 1.00384615, 1.11461538}), 1e-5);
        EXPECT_NEAR(valuesOf(targets), (Values{0, -0.00613940608, -0.00613940608, 0}), 1e-6);
        auto targets3 = torch::zeros({1, 3, 3}, torch::kFloat64);
        const auto three = mtlx::gradvacCombine(stackOfOne(kG3), targets3, 0.01, {{{1, 2}, {0, 2}, {0, 1}}});
        EXPECT_NEAR(valuesOf(three), (Values{0.273404894, 0.776923066, 2.06362551, 0.80852713}), 1e-5);
        EXPECT_NEAR(valuesOf(targets3),
                    (Values{0, -0.00604347196, 0.00625733996, -0.00604347196, 0, 0.0017338638, 0.00653865494,
                            -0.00257021192, 0}),
                    1e-6);
        // Through the method (two tasks: one order) the same.
        EXPECT_NEAR(Toy("gradvac", kG2, kLosses2).step(), (Values{0.221538462, 1.00384615, 1.11461538}), 1e-5);
    }

    void graddropKeepsTheSignsThePurityPicks()
    {
        const auto u2 = torch::linspace(0.1, 0.9, 3).unsqueeze(0), u3 = torch::linspace(0.1, 0.9, 4).unsqueeze(0);
        EXPECT_NEAR(valuesOf(mtlx::graddropCombine(stackOfOne(kG2), u2, 0.0)), (Values{1, 0.6, 0.7}), 1e-6);
        EXPECT_NEAR(valuesOf(mtlx::graddropCombine(stackOfOne(kG2), u2, 0.25)), (Values{0.8, 0.6, 0.7}), 1e-6);
        EXPECT_NEAR(valuesOf(mtlx::graddropCombine(stackOfOne(kG3), u3, 0.0)), (Values{1.3, 0.6, 1.6, 0.7}), 1e-6);
        EXPECT_NEAR(valuesOf(mtlx::graddropCombine(stackOfOne(kG3), u3, 0.25)), (Values{1.1, 0.5, 1.6, 0.7}), 1e-6);
        // Through the method each element keeps the positive or the negative entries: never the sum
        // where they disagree (first element: 1 or −0.8, not 0.2).
        const auto v = Toy("graddrop", kG2, kLosses2).step();
        QVERIFY2(std::abs(v[0] - 1.0) < 1e-6 || std::abs(v[0] + 0.8) < 1e-6, qPrintable(text(v)));
        EXPECT_NEAR((Values{v[1], v[2]}), (Values{0.6, 0.7}), 1e-6); // the signs agree there: the sum
    }

    void glsWeighsByTheGeometricMean()
    {
        EXPECT_NEAR(Toy("gls", kG2, kLosses2).step(), (Values{0.424264069, 0.212132034, 0.424264069}), 1e-5);
        Toy three("gls", kG3, kLosses3);
        EXPECT_NEAR(three.step(), (Values{0.4, -0.166666667, 0.8, 0.4}), 1e-5);
        EXPECT_NEAR(three.method->weights()[0], (Values{1.0 / 3, 1.0 / 6, 2.0 / 3}), 1e-5);
    }

    void famoWeighsByLossesAndLearnsFromTheirDecrease()
    {
        for (const auto& [g, c, update, after] :
             {std::make_tuple(kG2, kLosses2, Values{0.4, 0.2, 0.4}, Values{0.487502575, 0.512497365}),
              std::make_tuple(kG3, kLosses3, Values{0.342857143, -0.142857143, 0.685714286, 0.342857143},
                              Values{0.322316319, 0.338841826, 0.338841826})}) {
            Toy toy("famo", g, c);
            QVERIFY(toy.method->wantsLossesAfterStep());
            EXPECT_NEAR(toy.step(), update, 1e-5);
            // The same batch after the step: task 1's loss halved, the others less. The task that
            // improved most gets less weight next.
            Values lower = c;
            const Values factors{0.5, 0.9, 0.7};
            for (std::size_t t = 0; t < lower.size(); ++t)
                lower[t] *= factors[t];
            toy.method->lossesAfterStep(toy.losses(lower));
            toy.c = Values(c.size(), 1.0); // equal losses: the weights are z itself
            toy.step();
            EXPECT_NEAR(toy.method->weights()[0], after, 1e-5);
        }
    }

    void rlwDrawsWeightsOnTheSimplexFromTheRunsSeed()
    {
        Toy a("rlw", kG3, kLosses3, {{"seed", 7}}), b("rlw", kG3, kLosses3, {{"seed", 7}}), other("rlw", kG3, kLosses3);
        Values mean(3, 0.0);
        const int steps = 4000;
        for (int i = 0; i < steps; ++i) {
            const auto update = a.step();
            const auto w = a.method->weights()[0];
            QCOMPARE(b.step(), update); // the same seed, the same draws
            QCOMPARE(w, b.method->weights()[0]);
            QVERIFY(std::abs(w[0] + w[1] + w[2] - 1) < 1e-9 && *std::min_element(w.begin(), w.end()) > 0);
            // The update is the drawn weights times the gradients.
            EXPECT_NEAR(update, valuesOf(torch::matmul(torch::tensor(w, torch::kFloat64), matrix(kG3))), 1e-5);
            for (int t = 0; t < 3; ++t)
                mean[static_cast<std::size_t>(t)] += w[static_cast<std::size_t>(t)] / steps;
        }
        EXPECT_NEAR(mean, (Values{1.0 / 3, 1.0 / 3, 1.0 / 3}), 0.03); // softmax of N(0, I): uniform on average
        other.step();
        QVERIFY(other.method->weights()[0] != a.method->weights()[0]);
    }
};

QTEST_MAIN(TestMethods)
#include "tst_methods.moc"
