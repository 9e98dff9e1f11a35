// Metrics and probes against values worked out by hand.
#include <QtTest>

#include <cmath>

#include "core/engine/training/metrics.h"
#include "core/engine/training/probes.h"

namespace {
const mtlx::TaskInfo kBinary{"b", mtlx::TaskKind::Binary, 0};
const mtlx::TaskInfo kClasses{"c", mtlx::TaskKind::Multiclass, 3};
const mtlx::TaskInfo kRegression{"r", mtlx::TaskKind::Regression, 0};

torch::Tensor t(std::vector<float> v)
{
    return torch::tensor(v);
}
} // namespace

class TestMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aucByHand()
    {
        // Positives 0.35, 0.8; negatives 0.1, 0.4: 3 of 4 pairs ordered correctly.
        QCOMPARE(mtlx::rocAuc(t({0.1f, 0.4f, 0.35f, 0.8f}), t({0, 0, 1, 1})), 0.75);
        QCOMPARE(mtlx::rocAuc(t({0.5f, 0.5f}), t({0, 1})), 0.5); // a tie counts half
        QCOMPARE(mtlx::rocAuc(t({3, 1, 2}), t({1, 0, 1})), 1.0);
        QCOMPARE(mtlx::rocAuc(t({3, 1, 2}), t({0, 1, 0})), 0.0);
        QVERIFY(std::isnan(mtlx::rocAuc(t({1, 2}), t({1, 1}))));
    }

    void binaryMetricsByHand()
    {
        // logits 0 → p = ½ for every row: log loss ln 2; base rate ¼ → NE = ln2 / H(¼).
        const auto logits = torch::zeros({4, 1});
        const auto m = mtlx::taskMetrics(kBinary, logits, t({1, 0, 0, 0}), {});
        QVERIFY(std::abs(m.at("loss") - std::log(2.0)) < 1e-6);
        QCOMPARE(m.at("logloss"), m.at("loss"));
        const double h = -(0.25 * std::log(0.25) + 0.75 * std::log(0.75));
        QVERIFY(std::abs(m.at("ne") - std::log(2.0) / h) < 1e-6);
        QCOMPARE(m.at("accuracy"), 0.75); // all predicted 0 (p = ½ is not > ½)
        QCOMPARE(m.at("auc"), 0.5);
        QVERIFY(!m.count("mse"));
        const auto good =
            mtlx::taskMetrics(kBinary, torch::tensor({{3.f}, {-2.f}, {1.f}, {-4.f}}), t({1, 0, 1, 0}), {});
        QCOMPARE(good.at("accuracy"), 1.0);
        QCOMPARE(good.at("auc"), 1.0);
        QVERIFY(good.at("ne") < 0.5);
    }

    void multiclassMetricsByHand()
    {
        const auto logits = torch::tensor({{2.f, 0.f, 0.f}, {0.f, 0.f, 1.f}, {0.f, 5.f, 0.f}});
        const auto y = torch::tensor(std::vector<std::int64_t>{0, 1, 1});
        const auto m = mtlx::taskMetrics(kClasses, logits, y, {});
        QVERIFY(std::abs(m.at("accuracy") - 2.0 / 3) < 1e-12);
        QVERIFY(std::abs(m.at("error") - 1.0 / 3) < 1e-12);
        // cross-entropy: mean of −log softmax at the true class
        const double ce = (-std::log(std::exp(2.0) / (std::exp(2.0) + 2)) - std::log(1 / (2 + std::exp(1.0))) -
                           std::log(std::exp(5.0) / (std::exp(5.0) + 2))) /
                          3;
        QVERIFY(std::abs(m.at("cross_entropy") - ce) < 1e-5);
        QVERIFY(!m.count("auc"));
    }

    void regressionAndMaskedRegression()
    {
        const auto logits = torch::tensor({{1.f}, {2.f}, {5.f}, {0.f}});
        const auto y = t({0, 2, 3, 10});
        const auto m = mtlx::taskMetrics(kRegression, logits, y, {});
        QVERIFY(std::abs(m.at("mse") - (1 + 0 + 4 + 100) / 4.0) < 1e-5);
        QVERIFY(std::abs(m.at("rmse") - std::sqrt(105 / 4.0)) < 1e-5);
        // The mask keeps rows 0 and 2 only (e.g. ratings of watched movies).
        const auto masked = mtlx::taskMetrics(kRegression, logits, y, t({1, 0, 1, 0}));
        QVERIFY(std::abs(masked.at("mse") - 2.5) < 1e-6);
        // The training loss is per run of a stack: [R, B, 1] logits give [R] losses.
        const auto perRun = mtlx::taskLoss(kRegression, torch::stack({logits, logits + 1}), torch::stack({y, y}),
                                           torch::stack({t({1, 0, 1, 0}), t({1, 1, 1, 1})}));
        QCOMPARE(perRun.sizes().vec(), (std::vector<std::int64_t>{2}));
        QVERIFY(std::abs(perRun[0].item<double>() - 2.5) < 1e-6);
        // Run 1: errors 2, 1, 3, −9 (the logits moved by one) over all four rows.
        QVERIFY(std::abs(perRun[1].item<double>() - (4 + 1 + 9 + 81) / 4.0) < 1e-6);
    }

    void nanScoresEndInNanNotALoop()
    {
        // NaN never equals itself: the tie loop would not advance. No ranking, no AUC.
        const auto scores = torch::tensor({0.1, std::nan(""), 0.7, 0.3});
        const auto labels = torch::tensor({0.0, 1.0, 1.0, 0.0});
        QVERIFY(std::isnan(mtlx::rocAuc(scores, labels)));
        // Histograms skip what has no bin, and a far-off value lands in the end bin.
        const auto h = mtlx::histogram(
            torch::tensor(std::vector<double>{0.5, std::nan(""), 1e300, -1e300}, torch::kFloat64), 0.0, 1.0, 4);
        QCOMPARE(h.counts, (std::vector<std::int64_t>{1, 0, 1, 1}));
    }

    void histogramBinsAndClamps()
    {
        const auto h = mtlx::histogram(t({0, 0.1f, 0.5f, 0.99f, 1.0f, -3, 7}), 0, 1, 2);
        QCOMPARE(h.edges, (std::vector<double>{0, 0.5, 1}));
        QCOMPARE(h.counts, (std::vector<std::int64_t>{3, 4})); // −3 clamps low; 0.5, 0.99, 1, 7 high
    }

    void activationProbeByHand()
    {
        const auto r = torch::tensor({{0.f, 1.f, 2.f, 0.f}, {0.f, 0.f, 0.f, 3.f}});
        const auto p = mtlx::activationProbe(r, 4);
        QCOMPARE(p.units, std::int64_t(4));
        QCOMPARE(p.examples, std::int64_t(2));
        // fractions ½ and ¼ over edges 0, ¼, ½, ¾, 1
        QCOMPARE(p.nonzeroFraction.counts, (std::vector<std::int64_t>{0, 1, 1, 0}));
        // values 1, 2, 3 over edges 1, 1.5, 2, 2.5, 3
        QCOMPARE(p.nonzeroValues.edges.front(), 1.0);
        QCOMPARE(p.nonzeroValues.edges.back(), 3.0);
        QCOMPARE(p.nonzeroValues.counts, (std::vector<std::int64_t>{1, 0, 1, 1}));
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
