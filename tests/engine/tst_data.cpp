// Synthetic data: the generators against values computed by hand from their definitions.
#include <QtTest>

#include <cmath>
#include <set>

#include "core/engine/data/dataset.h"
#include "core/engine/data/rng.h"
#include "core/engine/data/synthetic.h"

class TestData : public QObject {
    Q_OBJECT
    static mtlx::DatasetSpec small(const std::string& kind)
    {
        auto s = mtlx::DatasetSpec::defaultsFor(kind);
        s.train = 2000;
        s.validation = 300;
        s.test = 500;
        s.seed = 7;
        return s;
    }

private Q_SLOTS:
    void rngIsDeterministicAndUniform()
    {
        mtlx::Rng a(5), b(5), c(5, 1);
        double sum = 0, sumSq = 0, normalSum = 0, normalSq = 0;
        bool streamsDiffer = false;
        const int n = 200000;
        for (int i = 0; i < n; ++i) {
            const double u = a.uniform();
            QCOMPARE(u, b.uniform());
            streamsDiffer = streamsDiffer || u != c.uniform();
            QVERIFY(u >= 0 && u < 1);
            sum += u;
            sumSq += u * u;
            const double z = a.normal();
            b.normal();
            normalSum += z;
            normalSq += z * z;
        }
        QVERIFY(streamsDiffer);
        QVERIFY(std::abs(sum / n - 0.5) < 0.005);
        QVERIFY(std::abs(sumSq / n - 1.0 / 3) < 0.005);
        QVERIFY(std::abs(normalSum / n) < 0.01);
        QVERIFY(std::abs(normalSq / n - 1) < 0.01);
        std::set<std::uint64_t> seen;
        for (int i = 0; i < 1000; ++i) {
            const auto v = a.below(7);
            QVERIFY(v < 7);
            seen.insert(v);
        }
        QCOMPARE(seen.size(), std::size_t(7));
    }

    void sineFrequencySetsArePaperA2()
    {
        const auto w1 = mtlx::sineFrequencies(0), w2 = mtlx::sineFrequencies(1);
        QCOMPARE(w1.size(), std::size_t(90));
        QCOMPARE(w2.size(), std::size_t(75));
        QCOMPARE(w1.front(), 0);
        QCOMPARE(w1[29], 29);
        QCOMPARE(w1[30], 50);
        QCOMPARE(w1.back(), 129);
        QCOMPARE(w2.front(), 25);
        QCOMPARE(w2[24], 49);
        QCOMPARE(w2[25], 75);
        QCOMPARE(w2.back(), 149);
        std::set<int> shared;
        for (int w : w1)
            if (std::find(w2.begin(), w2.end(), w) != w2.end()) shared.insert(w);
        QCOMPARE(shared.size(), std::size_t(15)); // {25..29, 75..79, 125..129}
    }

    void sineLabelsFollowTheFormula()
    {
        auto spec = small("synthetic_sine");
        spec.noise = 0; // without noise the labels are a function of the inputs alone
        const auto d = mtlx::makeSyntheticSine(spec);
        QCOMPARE(d.train.x.sizes().vec(), (std::vector<std::int64_t>{2000, 200}));
        QCOMPARE(d.validation.size(), std::int64_t(300));
        QCOMPARE(d.test.size(), std::int64_t(500));
        QVERIFY(d.train.x.min().item<double>() >= -0.5);
        QVERIFY(d.train.x.max().item<double>() < 0.5);
        // Recompute y_t = Σ_{w∈W_t} sin(w·s/100) by hand, standardise with train statistics.
        for (int t = 0; t < 2; ++t) {
            const auto w = mtlx::sineFrequencies(t);
            auto raw = [&](const torch::Tensor& x) {
                auto s = x.to(torch::kFloat64).sum(1);
                auto y = torch::zeros_like(s);
                for (int f : w)
                    y += torch::sin(s * f / 100.0);
                return y;
            };
            const auto trainRaw = raw(d.train.x);
            const double mean = trainRaw.mean().item<double>();
            const double sd = trainRaw.std(false).item<double>();
            const auto expected = (raw(d.test.x) - mean) / sd;
            const double err = (expected - d.test.y[t].to(torch::kFloat64)).abs().max().item<double>();
            QVERIFY2(err < 1e-4, std::to_string(err).c_str());
            // Standardised on train: mean 0, standard deviation 1.
            QVERIFY(std::abs(d.train.y[t].mean().item<double>()) < 1e-4);
            QVERIFY(std::abs(d.train.y[t].std(false).item<double>() - 1) < 1e-4);
        }
    }

    void sineNoiseHasTheSpecifiedScale()
    {
        auto clean = small("synthetic_sine");
        clean.noise = 0;
        auto noisy = clean;
        noisy.noise = 0.2;
        const auto a = mtlx::makeSyntheticSine(clean), b = mtlx::makeSyntheticSine(noisy);
        QVERIFY(torch::equal(a.train.x, b.train.x)); // noise draws from its own stream
        for (int t = 0; t < 2; ++t) {
            // Undo the standardisation of each to compare raw label noise.
            auto rawOf = [&](const mtlx::Dataset& d) {
                auto s = d.train.x.to(torch::kFloat64).sum(1);
                auto y = torch::zeros_like(s);
                for (int f : mtlx::sineFrequencies(t))
                    y += torch::sin(s * f / 100.0);
                return y;
            };
            const auto clean0 = rawOf(a);
            const double mean = clean0.mean().item<double>(), sd = clean0.std(false).item<double>();
            const auto cleanStd = (a.train.y[t].to(torch::kFloat64) * sd + mean);
            const auto rawNoisy = b.train.y[t].to(torch::kFloat64);
            // rawNoisy is standardised with its own statistics: recover by regression on clean labels.
            const auto centered = rawNoisy - rawNoisy.mean();
            const auto cc = cleanStd - cleanStd.mean();
            const double slope = (centered * cc).sum().item<double>() / (cc * cc).sum().item<double>();
            const auto residual = centered / slope - cc;
            const double noiseSd = residual.std(false).item<double>();
            // Eq. 7: 0.2·e_t inside the sum over |W_t| terms (90 for y1, 75 for y2) is a noise of
            // standard deviation 0.2·|W_t| = 18 and 15, against a signal of about 36 and 33.
            const double expected = 0.2 * static_cast<double>(mtlx::sineFrequencies(t).size());
            QCOMPARE(expected, t == 0 ? 18.0 : 15.0);
            QVERIFY2(std::abs(noiseSd - expected) < 0.05 * expected, std::to_string(noiseSd).c_str());
            const double signalSd = cc.std(false).item<double>();
            QVERIFY2(std::abs(signalSd - (t == 0 ? 36.0 : 33.0)) < 2.0, std::to_string(signalSd).c_str());
            // So about a fifth of each label's variance is noise no model can fit.
            const double share = noiseSd * noiseSd / (noiseSd * noiseSd + signalSd * signalSd);
            QVERIFY2(share > 0.15 && share < 0.25, std::to_string(share).c_str());
        }
    }

    void generationIsDeterministicAndPrefixStable()
    {
        const auto spec = small("synthetic_sine");
        const auto a = mtlx::makeSyntheticSine(spec), b = mtlx::makeSyntheticSine(spec);
        QVERIFY(torch::equal(a.train.x, b.train.x));
        QVERIFY(torch::equal(a.test.y[1], b.test.y[1]));
        auto other = spec;
        other.seed = 8;
        QVERIFY(!torch::equal(a.train.x, mtlx::makeSyntheticSine(other).train.x));
        // limit_train / limit_test use the first N examples of the same split.
        auto limited = spec;
        limited.limitTrain = 300;
        limited.limitTest = 100;
        const auto c = mtlx::makeSyntheticSine(limited);
        QCOMPARE(c.train.size(), std::int64_t(300));
        QCOMPARE(c.test.size(), std::int64_t(100));
        QVERIFY(torch::equal(c.train.x, a.train.x.narrow(0, 0, 300)));
        QVERIFY(torch::equal(c.test.x, a.test.x.narrow(0, 0, 100)));
        QVERIFY(torch::equal(c.validation.x, a.validation.x));
        // Splits are different samples.
        QVERIFY(!torch::equal(a.train.x.narrow(0, 0, 300), a.test.x.narrow(0, 0, 300)));
    }

    void correlatedParametersHaveTheAskedCorrelation_data()
    {
        QTest::addColumn<double>("rho");
        QTest::newRow("0") << 0.0;
        QTest::newRow("0.5") << 0.5;
        QTest::newRow("0.9") << 0.9;
        QTest::newRow("-0.3") << -0.3;
    }
    void correlatedParametersHaveTheAskedCorrelation()
    {
        QFETCH(double, rho);
        auto spec = small("synthetic_correlated");
        spec.correlation = rho;
        spec.scale = 2.0;
        const auto p = mtlx::correlatedParameters(spec);
        double n1 = 0, n2 = 0, dot = 0;
        for (std::size_t i = 0; i < p.w1.size(); ++i) {
            n1 += p.w1[i] * p.w1[i];
            n2 += p.w2[i] * p.w2[i];
            dot += p.w1[i] * p.w2[i];
        }
        QVERIFY(std::abs(std::sqrt(n1) - 2.0) < 1e-9); // |w_t| = c
        QVERIFY(std::abs(std::sqrt(n2) - 2.0) < 1e-9);
        QVERIFY(std::abs(dot / std::sqrt(n1 * n2) - rho) < 1e-9); // cos(w_1, w_2) = ρ
        QCOMPARE(p.alpha.size(), std::size_t(10));
        QCOMPARE(p.w1.size(), std::size_t(100));
    }

    void correlatedLabelsFollowTheFormula()
    {
        auto spec = small("synthetic_correlated");
        spec.noise = 0;
        const auto d = mtlx::makeSyntheticCorrelated(spec);
        const auto p = mtlx::correlatedParameters(spec);
        QCOMPARE(d.train.x.size(1), std::int64_t(100));
        QVERIFY(std::abs(d.train.x.mean().item<double>()) < 0.01);
        QVERIFY(std::abs(d.train.x.std().item<double>() - 1) < 0.01);
        const auto x = d.test.x.to(torch::kFloat64);
        for (int t = 0; t < 2; ++t) {
            const auto w = torch::tensor(t == 0 ? p.w1 : p.w2, torch::kFloat64);
            const auto wx = x.matmul(w);
            auto y = wx.clone();
            for (std::size_t i = 0; i < p.alpha.size(); ++i)
                y += torch::sin(p.alpha[i] * wx + p.beta[i]);
            const double err = (y - d.test.y[t].to(torch::kFloat64)).abs().max().item<double>();
            QVERIFY2(err < 1e-4, std::to_string(err).c_str());
        }
    }

    void labelCorrelationFollowsRho()
    {
        // With the sines switched off the labels are w_tᵀx, whose correlation over x ~ N(0, I) is ρ.
        auto spec = small("synthetic_correlated");
        spec.train = 20000;
        spec.sines = 0;
        spec.noise = 0;
        spec.correlation = 0.7;
        const auto d = mtlx::makeSyntheticCorrelated(spec);
        const auto y = torch::stack({d.train.y[0], d.train.y[1]}).to(torch::kFloat64);
        const double r = torch::corrcoef(y)[0][1].item<double>();
        QVERIFY2(std::abs(r - 0.7) < 0.02, std::to_string(r).c_str());
    }

    void loadDatasetDispatchesOnKind()
    {
        const auto d = mtlx::loadDataset(small("synthetic_correlated"));
        QCOMPARE(d.tasks.size(), std::size_t(2));
        QCOMPARE(d.inputShape, (std::vector<std::int64_t>{100}));
        QCOMPARE(d.inputSize(), std::int64_t(100));
        QVERIFY(d.tasks[0].kind == mtlx::TaskKind::Regression);
        QVERIFY(!d.train.mask[0].defined());
    }

    void randomKindHasCoinFlipLabelsIndependentOfInputs()
    {
        auto spec = small("random");
        spec.dim = 16;
        spec.binaryTasks = 3;
        const auto d = mtlx::loadDataset(spec);
        QCOMPARE(d.inputShape, (std::vector<std::int64_t>{16}));
        QCOMPARE(d.tasks.size(), std::size_t(3));
        QCOMPARE(d.tasks[2].name, std::string("task3"));
        QVERIFY(d.tasks[0].kind == mtlx::TaskKind::Binary);
        QCOMPARE(d.train.size(), std::int64_t(2000));
        QCOMPARE(d.test.size(), std::int64_t(500));
        // Inputs N(0, 1): mean ≈ 0 and variance ≈ 1 over 32,000 values.
        QVERIFY(std::abs(d.train.x.mean().item<double>()) < 0.03);
        QVERIFY(std::abs(d.train.x.var().item<double>() - 1.0) < 0.05);
        for (std::size_t t = 0; t < 3; ++t) {
            const auto y = d.train.y[t];
            QVERIFY(torch::equal(y, (y > 0.5).to(torch::kFloat32))); // only 0 and 1
            const double positives = y.mean().item<double>();
            QVERIFY2(std::abs(positives - 0.5) < 0.04, std::to_string(positives).c_str());
            // Independent of the inputs: |corr(y, x_0)| is at noise level (≈ 1/√2000).
            const auto x0 = d.train.x.select(1, 0);
            const double corr = ((x0 - x0.mean()) * (y - y.mean())).mean().item<double>() /
                                (x0.std(false).item<double>() * y.std(false).item<double>());
            QVERIFY2(std::abs(corr) < 0.08, std::to_string(corr).c_str());
        }
        QVERIFY(!torch::equal(d.train.y[0], d.train.y[1])); // each task its own flips
        // The same seed gives the same data.
        QVERIFY(torch::equal(mtlx::loadDataset(spec).train.y[2], d.train.y[2]));
    }

    void splitRowsAndHead()
    {
        const auto d = mtlx::makeSyntheticSine(small("synthetic_sine"));
        const auto idx = torch::tensor(std::vector<std::int64_t>{5, 1, 5});
        const auto r = d.train.rows(idx);
        QCOMPARE(r.size(), std::int64_t(3));
        QVERIFY(torch::equal(r.x[0], d.train.x[5]));
        QVERIFY(torch::equal(r.x[1], d.train.x[1]));
        QCOMPARE(r.y[1][2].item<float>(), d.train.y[1][5].item<float>());
        QCOMPARE(d.train.head(10).size(), std::int64_t(10));
        QCOMPARE(d.train.head(1000000).size(), d.train.size());
    }
};

QTEST_GUILESS_MAIN(TestData)
#include "tst_data.moc"
