// Models and small heads: parameter counts computed by hand, shapes, and what heads read.
#include <QtTest>

#include "core/engine/models/mtlmodel.h"
#include "core/engine/runner.h"
#include "core/spec/presets.h"
#include "core/spec/specerror.h"

namespace {

mtlx::ExperimentSpec sineSpec(const std::string& arch, const std::string& heads)
{
    auto s = mtlx::presetSpec("sine-shared-bottom"); // D = 200, bottom [250, 125], towers 3 × 100
    s.model.arch = arch;
    s.heads.kind = heads;
    return s;
}

} // namespace

class TestModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parameterCountsByHand_data()
    {
        QTest::addColumn<std::string>("arch");
        QTest::addColumn<std::string>("heads");
        QTest::addColumn<qint64>("training");
        QTest::addColumn<qint64>("serving");
        // bottom: 200·250+250 + 250·125+125 = 81625
        // tower:  125·100+100 + 2·(100·100+100) + 100·1+1 = 32901, two of them = 65802
        const qint64 sb = 81625 + 65802; // 147427
        QTest::newRow("shared_bottom") << std::string("shared_bottom") << std::string("none") << sb << sb;
        // linear head: 125·1+1 per task
        QTest::newRow("linear") << std::string("shared_bottom") << std::string("linear") << sb + 2 * 126 << sb;
        // pool (k = 4): ⌊125/4⌋ = 31 features, 31·1+1 per task
        QTest::newRow("pool") << std::string("shared_bottom") << std::string("pool") << sb + 2 * 32 << sb;
        // bottleneck (b = 8): 125·8+8 + 8·1+1 = 1017 per task
        QTest::newRow("bottleneck") << std::string("shared_bottom") << std::string("bottleneck") << sb + 2 * 1017 << sb;
        // large: a copy of the main tower per task
        QTest::newRow("large") << std::string("shared_bottom") << std::string("large") << sb + 2 * 32901 << sb;
        // pta (K = 2): two more full towers per task
        QTest::newRow("pta") << std::string("shared_bottom") << std::string("pta") << sb + 4 * 32901 << sb;
        // single task: a bottom and a tower per task
        const qint64 st = 2 * 81625 + 2 * 32901;
        QTest::newRow("single_task") << std::string("single_task") << std::string("none") << st << st;
        QTest::newRow("single_task linear")
            << std::string("single_task") << std::string("linear") << st + 2 * 126 << st;
    }
    void parameterCountsByHand()
    {
        QFETCH(std::string, arch);
        QFETCH(std::string, heads);
        QFETCH(qint64, training);
        QFETCH(qint64, serving);
        const auto counts = mtlx::modelSize(sineSpec(arch, heads), 200);
        QCOMPARE(qint64(counts.training), training);
        QCOMPARE(qint64(counts.serving), serving);
    }

    void towersWithoutHiddenLayersAreOneLinear()
    {
        auto s = sineSpec("shared_bottom", "none");
        s.model.towers = {};
        s.model.bottom = {10};
        // bottom 5·10+10 = 60, towers 2 · (10·1+1) = 22
        QCOMPARE(mtlx::modelSize(s, 5).serving, std::int64_t(82));
    }

    void forwardShapesAndHeadsOnlyInTraining()
    {
        torch::manual_seed(0);
        const auto spec = sineSpec("shared_bottom", "pta");
        mtlx::MtlModel model(spec, 200, spec.tasks());
        const auto x = torch::randn({1, 7, 200}); // a stack of one run, a batch of 7
        model->train();
        auto out = model->forward(x);
        QCOMPARE(out.logits.size(), std::size_t(2));
        QCOMPARE(out.logits[1].sizes().vec(), (std::vector<std::int64_t>{1, 7, 1}));
        QCOMPARE(out.aux[0].size(), std::size_t(2)); // pseudo_tasks = 2
        QCOMPARE(out.features.shared.sizes().vec(), (std::vector<std::int64_t>{1, 7, 125}));
        QVERIFY(out.features.taskInputs[0].is_same(out.features.shared));
        QVERIFY(out.features.gates.empty());
        model->eval();
        out = model->forward(x);
        QVERIFY(out.aux[0].empty() && out.aux[1].empty());
    }

    void singleTaskHasNoSharedRepresentation()
    {
        const auto spec = sineSpec("single_task", "none");
        mtlx::MtlModel model(spec, 200, spec.tasks());
        const auto out = model->forward(torch::randn({1, 3, 200}));
        QVERIFY(!out.features.shared.defined());
        QCOMPARE(model->backbone().sharedSize(), std::int64_t(0));
        QVERIFY(!torch::allclose(out.features.taskInputs[0], out.features.taskInputs[1]));
    }

    void poolHeadAveragesWindowsThenProjects()
    {
        torch::manual_seed(1);
        auto spec = sineSpec("shared_bottom", "pool");
        spec.heads.poolWindow = 4;
        mtlx::MtlModel model(spec, 200, spec.tasks());
        model->train();
        const auto x = torch::randn({1, 5, 200});
        const auto out = model->forward(x);
        const auto params = model->named_parameters();
        const auto w = params["heads.task1_head0.linear.weight"][0]; // [in, out]
        const auto b = params["heads.task1_head0.linear.bias"][0];
        QCOMPARE(w.sizes().vec(), (std::vector<std::int64_t>{31, 1}));
        // By hand: mean of features 4j..4j+3 for j < 31 (feature 124 is dropped), then p·w + b.
        const auto z = out.features.shared[0];
        const auto pooled = z.narrow(1, 0, 124).reshape({5, 31, 4}).mean(2);
        const auto expected = pooled.matmul(w) + b;
        QVERIFY(torch::allclose(out.aux[1][0][0], expected, 1e-5, 1e-6));
    }

    void temperatureDividesHeadLogits()
    {
        auto spec = sineSpec("shared_bottom", "bottleneck");
        torch::manual_seed(3);
        mtlx::MtlModel plain(spec, 200, spec.tasks());
        spec.heads.temperature = 4.0;
        torch::manual_seed(3);
        mtlx::MtlModel hot(spec, 200, spec.tasks());
        plain->train();
        hot->train();
        const auto x = torch::randn({1, 6, 200});
        QVERIFY(torch::allclose(hot->forward(x).aux[0][0] * 4.0, plain->forward(x).aux[0][0], 1e-5, 1e-6));
    }

    void headGradientsReachTheSharedLayersOnly()
    {
        const auto spec = sineSpec("shared_bottom", "linear");
        mtlx::MtlModel model(spec, 200, spec.tasks());
        model->train();
        const auto out = model->forward(torch::randn({1, 8, 200}));
        out.aux[0][0].pow(2).sum().backward();
        const auto params = model->named_parameters();
        QVERIFY(params["backbone.bottom.mlp.linear0.weight"].grad().abs().sum().item<double>() > 0);
        QVERIFY(params["heads.task0_head0.linear.weight"].grad().abs().sum().item<double>() > 0);
        const auto towerGrad = params["tower0.out.weight"].grad();
        QVERIFY(!towerGrad.defined() || towerGrad.abs().sum().item<double>() == 0);
    }

    void ptaTowersAreFrozenUnweightedAndUntempered()
    {
        // PTA-F: K extra towers of the main tower's shape per task, frozen; each adds its task's
        // loss with weight 1 and without temperature, whatever γ and τ say.
        auto spec = sineSpec("shared_bottom", "pta");
        spec.heads.pseudoTasks = 2;
        spec.heads.gamma = 5.0;
        spec.heads.temperature = 7.0;
        spec.model.towers = {16};
        mtlx::MtlModel model(spec, 200, spec.tasks());
        model->train();
        QCOMPARE(model->headLossWeight(), 1.0);
        std::int64_t frozen = 0, trainable = 0;
        for (const auto& p : model->named_parameters()) {
            const bool head = p.key().rfind("heads.", 0) == 0;
            QCOMPARE(p.value().requires_grad(), !head);
            frozen += head ? p.value().numel() : 0;
        }
        for (const auto& o : model->trainableParameters())
            trainable += o.param.numel();
        // Two towers Mlp(125, [16]) + Linear(16, 1) per task: 2 · 2 · (2016 + 17).
        QCOMPARE(frozen, std::int64_t(2 * 2 * (125 * 16 + 16 + 16 + 1)));
        QCOMPARE(trainable, model->parameterCounts().serving);
        // The head logits are the frozen tower's output as it is (τ = 7 is not applied).
        const auto x = torch::randn({1, 5, 200});
        const auto out = model->forward(x);
        QCOMPARE(out.aux[0].size(), std::size_t(2));
        auto params = model->named_parameters();
        const auto z = out.features.shared[0];
        const std::string tower = "heads.task0_head1.tower.";
        const auto hidden = torch::relu(z.matmul(params[tower + "hidden.linear0.weight"][0]) +
                                        params[tower + "hidden.linear0.bias"][0]);
        const auto logits = hidden.matmul(params[tower + "out.weight"][0]) + params[tower + "out.bias"][0];
        QVERIFY(torch::allclose(out.aux[0][1][0], logits, 1e-5, 1e-6));
        // Gradients pass through the frozen towers into the shared layers.
        out.aux[1][0].pow(2).sum().backward();
        QVERIFY(params["backbone.bottom.mlp.linear0.weight"].grad().abs().sum().item<double>() > 0);
        QVERIFY(!params["heads.task1_head0.tower.out.weight"].grad().defined());
    }

    void glorotInitAsKeras()
    {
        // model.init = glorot: every dense and conv weight U(±√(6 / (fan_in + fan_out))), biases
        // zero (Keras's defaults, as the small heads reference code); mixing weights untouched.
        auto spec = mtlx::presetSpec("multimnist-large-heads");
        QCOMPARE(spec.model.init, std::string("glorot"));
        torch::manual_seed(2);
        mtlx::MtlModel m(spec, mtlx::InputInfo{{1, 36, 36}, {}, 0}, spec.tasks());
        auto params = m->named_parameters();
        for (const auto& p : params) {
            const auto& t = p.value();
            if (p.key().find("bias") != std::string::npos) {
                QCOMPARE(t.abs().max().item<double>(), 0.0);
                continue;
            }
            // Dense [R, in, out]; conv [R, out, in, k, k].
            const std::int64_t receptive = t.dim() == 5 ? t.size(3) * t.size(4) : 1;
            const double bound = std::sqrt(6.0 / static_cast<double>((t.size(1) + t.size(2)) * receptive));
            QVERIFY2(t.abs().max().item<double>() <= bound, p.key().c_str());
        }
        // The 720 → 50 layer: the spread of U(±b) is b/√3 = √(2 / 770).
        const double sd = params["backbone.bottom.mlp.linear0.weight"].std().item<double>();
        QVERIFY2(std::abs(sd - std::sqrt(2.0 / 770.0)) < 0.05 * std::sqrt(2.0 / 770.0), std::to_string(sd).c_str());
        // AdaTT's learnt NativeExpertLF keeps U(±√(1/m)) under glorot.
        auto ad = mtlx::presetSpec("census-6-adatt");
        ad.model.init = "glorot";
        mtlx::MtlModel a(ad, 20, ad.tasks());
        const auto v = a->named_parameters()["backbone.level0_native_expert_lf_task"];
        QVERIFY(v.abs().max().item<double>() > 0 && v.abs().max().item<double>() <= std::sqrt(0.5));
    }

    void dropoutOnHeadInputOnlyInTraining()
    {
        auto spec = sineSpec("shared_bottom", "linear");
        spec.heads.dropout = 0.5;
        mtlx::MtlModel model(spec, 200, spec.tasks());
        model->train();
        const auto x = torch::randn({1, 64, 200});
        const auto a = model->forward(x).aux[0][0], b = model->forward(x).aux[0][0];
        QVERIFY(!torch::allclose(a, b)); // a fresh dropout mask per call
        QCOMPARE(mtlx::modelSize(spec, 200).training - mtlx::modelSize(spec, 200).serving, std::int64_t(252));
    }

    void poolWindowWiderThanInputIsASpecError()
    {
        auto spec = sineSpec("shared_bottom", "pool");
        spec.heads.poolWindow = 500;
        try {
            mtlx::modelSize(spec, 200);
            QFAIL("built");
        } catch (const mtlx::SpecError& e) {
            QCOMPARE(QString::fromStdString(e.path()), QString("heads.pool_window"));
        }
    }

    void activationsAreApplied()
    {
        auto spec = sineSpec("shared_bottom", "none");
        spec.model.activation = "tanh";
        mtlx::MtlModel model(spec, 200, spec.tasks());
        const auto h = model->forward(torch::randn({1, 16, 200}) * 10).features.shared;
        QVERIFY(h.min().item<double>() < 0); // tanh, not relu
        QVERIFY(h.abs().max().item<double>() <= 1);
    }
};

QTEST_GUILESS_MAIN(TestModels)
#include "tst_models.moc"
