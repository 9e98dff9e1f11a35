// The expert architectures of docs/models.md: parameter counts computed by hand, gate rows on real
// batches, the batched expert path against a one-by-one computation, every head kind on every
// architecture, and what the gate probes report after training.
#include <QtTest>

#include <numeric>

#include "core/engine/models/experts.h"
#include "core/engine/models/mtlmodel.h"
#include "core/engine/runner.h"
#include "core/spec/gatewiring.h"
#include "core/spec/presets.h"
#include "core/spec/spec.h"
#include "core/spec/specerror.h"

namespace {

using Dims = std::vector<std::vector<std::int64_t>>;

// Two regression tasks "A" and "B".
std::vector<mtlx::TaskInfo> twoTasks()
{
    return {{"A", mtlx::TaskKind::Regression, 0}, {"B", mtlx::TaskKind::Regression, 0}};
}

mtlx::ModelSpec model(const std::string& arch, Dims dims, int perTask = 1, int shared = 1, int experts = 3)
{
    mtlx::ModelSpec m;
    m.arch = arch;
    m.expertDims = std::move(dims);
    m.expertsPerTask = perTask;
    m.sharedExperts = shared;
    m.experts = experts;
    m.towers = {};
    return m;
}

std::int64_t backboneParams(const mtlx::ModelSpec& m, std::int64_t inputSize = 10)
{
    torch::manual_seed(0);
    return mtlx::parameterCount(*mtlx::makeBackbone(m, inputSize, twoTasks()));
}

const std::vector<std::string>& allArchitectures()
{
    return mtlx::architectureKeys();
}

template <typename Node> std::vector<std::string> names(const std::vector<Node>& nodes)
{
    std::vector<std::string> n;
    for (const auto& node : nodes)
        n.push_back(node.name);
    return n;
}

} // namespace

Q_DECLARE_METATYPE(mtlx::ModelSpec)

class TestArchitectures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parameterCountsByHand_data()
    {
        QTest::addColumn<mtlx::ModelSpec>("spec");
        QTest::addColumn<qint64>("expected");
        // D = 10, T = 2 throughout. An expert Mlp(10, [4]) has 10·4+4 = 44 weights,
        // Mlp(4, [5]) 4·5+5 = 25, Mlp(10, [4, 5]) 44+25 = 69.
        auto sb = model("shared_bottom", {});
        sb.bottom = {4};
        QTest::newRow("shared_bottom") << sb << qint64(44);
        auto st = sb;
        st.arch = "single_task";
        QTest::newRow("single_task") << st << qint64(88);
        // MMoE E = 3: experts 3·44; gates Linear(10, T·E = 6) = 66.
        QTest::newRow("mmoe [4]") << model("mmoe", {{4}}) << qint64(3 * 44 + 66);
        QTest::newRow("mmoe [4,5]") << model("mmoe", {{4, 5}}) << qint64(3 * 69 + 66);
        QTest::newRow("mmoe E=1") << model("mmoe", {{4}}, 1, 1, 1) << qint64(44 + 22);
        // ML-MMoE E = 3, [[4],[5]]: experts 3·44 + 3·25; gates all read x: Linear(10, E·E + T·E = 15) = 165.
        QTest::newRow("ml_mmoe 2 levels") << model("ml_mmoe", {{4}, {5}}) << qint64(132 + 75 + 165);
        // 3 levels [[4],[4],[5]]: experts 132 + 3·20 + 75; gates Linear(10, 9 + 9 + 6 = 24) = 264.
        QTest::newRow("ml_mmoe 3 levels") << model("ml_mmoe", {{4}, {4}, {5}}) << qint64(132 + 60 + 75 + 264);
        // CGC m = 2, s = 1 (N = 5): experts 5·44; task gates 2 · Linear(10, 3) = 66; no shared gate.
        QTest::newRow("ple 1 level (CGC)") << model("ple", {{4}}, 2, 1) << qint64(220 + 66);
        // PLE 2 levels: level 1 as CGC plus the shared gate Linear(10, 5) = 55;
        // level 2: experts 5·25, task gates 2 · Linear(4, 3) = 30, no shared gate at the last level.
        QTest::newRow("ple 2 levels") << model("ple", {{4}, {5}}, 2, 1) << qint64(220 + 66 + 55 + 125 + 30);
        // PLE m = 1, s = 2 (N = 4): 4·44 + 2·Linear(10,3)=66 + Linear(10,4)=44; 4·25 + 2·Linear(4,3)=30.
        QTest::newRow("ple m=1 s=2") << model("ple", {{4}, {5}}, 1, 2) << qint64(176 + 66 + 44 + 100 + 30);
        // Cross-stitch: per level 2 networks + a 2×2 α.
        QTest::newRow("cross_stitch") << model("cross_stitch", {{4}, {5}}) << qint64(88 + 4 + 50 + 4);
        // AdaTT-sp m = 1 (N = 2): level 1 experts 88, gates Linear(10, 2·2) = 44; level 2 experts
        // 50, gates 2 · Linear(4, 2) = 20. NativeExpertLF is the fixed 1: no parameters.
        QTest::newRow("adatt_sp m=1") << model("adatt_sp", {{4}, {5}}, 1) << qint64(88 + 44 + 50 + 20);
        // AdaTT-sp m = 2 (N = 4): 176 + Linear(10, 8) = 88 + v 2·2; 100 + 2·Linear(4, 4) = 40 + v 4.
        QTest::newRow("adatt_sp m=2") << model("adatt_sp", {{4}, {5}}, 2) << qint64(176 + 88 + 4 + 100 + 40 + 4);
        auto noLf = model("adatt_sp", {{4}, {5}}, 2);
        noLf.nativeExpertLf = false;
        QTest::newRow("adatt_sp m=2 no LF") << noLf << qint64(176 + 88 + 100 + 40);
        // AdaTT m = 1, s = 1 (N = 3): level 1 has 3 units: 132 + Linear(10, 9) = 99; level 2 has
        // only the 2 task units: 75 + 2·Linear(4, 3) = 30. Every module has one expert: fixed 1.
        QTest::newRow("adatt m=1 s=1") << model("adatt", {{4}, {5}}, 1, 1) << qint64(132 + 99 + 75 + 30);
        // AdaTT m = 2, s = 1 (N = 5): 220 + Linear(10, 15) = 165 + v (2·2 task + 1 shared);
        // level 2: 125 + 2·Linear(4, 5) = 50 + v 2·2 (no shared unit at the last level).
        QTest::newRow("adatt m=2 s=1") << model("adatt", {{4}, {5}}, 2, 1) << qint64(220 + 165 + 5 + 125 + 50 + 4);
        // AdaTT m = 2, s = 2 (N = 6): 264 + Linear(10, 18) = 198 + v 6; 150 + 2·Linear(4, 6) = 60 + v 4.
        QTest::newRow("adatt m=2 s=2") << model("adatt", {{4}, {5}}, 2, 2) << qint64(264 + 198 + 6 + 150 + 60 + 4);
        // AdaTT s = 0 is AdaTT-sp.
        QTest::newRow("adatt s=0") << model("adatt", {{4}, {5}}, 2, 0) << qint64(176 + 88 + 4 + 100 + 40 + 4);
        // One level with shared experts: only the T task units (no shared unit at the last level).
        // m = 1, s = 2 (N = 4): 176 + Linear(10, 8) = 88 + v: 2 task modules of 1 + none for shared.
        QTest::newRow("adatt 1 level") << model("adatt", {{4}}, 1, 2) << qint64(176 + 88 + 2);
    }
    void parameterCountsByHand()
    {
        QFETCH(mtlx::ModelSpec, spec);
        QFETCH(qint64, expected);
        QCOMPARE(qint64(backboneParams(spec)), expected);
    }

    void expertsReadTheirGroupsInput()
    {
        torch::manual_seed(3);
        // Expert n's output, computed from its own parameters with plain matrix products.
        auto byHand = [](mtlx::ExpertBank& bank, std::int64_t n, torch::Tensor h, std::size_t layers, bool tanh) {
            for (std::size_t i = 0; i < layers; ++i) {
                h = h.matmul(bank->weight(n, i)[0]) + bank->bias(n, i)[0];
                h = tanh ? torch::tanh(h) : torch::relu(h);
            }
            return h;
        };
        // One input shared by 5 experts of two layers.
        mtlx::ExpertBank shared(1, 1, 5, 7, std::vector<std::int64_t>{6, 4}, mtlx::Activation::Relu);
        const auto x = torch::randn({9, 7});
        const auto outputs = shared->forward({x.unsqueeze(0)});
        QCOMPARE(outputs.size(), std::size_t(5));
        QCOMPARE(mtlx::parameterCount(*shared), std::int64_t(5 * (7 * 6 + 6 + 6 * 4 + 4)));
        for (std::int64_t n = 0; n < 5; ++n) {
            QCOMPARE(outputs[static_cast<std::size_t>(n)].sizes().vec(), (std::vector<std::int64_t>{1, 9, 4}));
            QVERIFY(
                torch::allclose(outputs[static_cast<std::size_t>(n)][0], byHand(shared, n, x, 2, false), 1e-5, 1e-6));
        }
        // Three input groups of two experts each (deeper AdaTT / PLE levels).
        mtlx::ExpertBank grouped(1, 3, 2, 7, std::vector<std::int64_t>{6, 4, 3}, mtlx::Activation::Tanh);
        const std::vector<torch::Tensor> xs{torch::randn({9, 7}), torch::randn({9, 7}), torch::randn({9, 7})};
        const auto g = grouped->forward({xs[0].unsqueeze(0), xs[1].unsqueeze(0), xs[2].unsqueeze(0)});
        QCOMPARE(g.size(), std::size_t(6));
        for (std::int64_t n = 0; n < 6; ++n)
            QVERIFY(torch::allclose(g[static_cast<std::size_t>(n)][0],
                                    byHand(grouped, n, xs[static_cast<std::size_t>(n / 2)], 3, true), 1e-5, 1e-6));
        // Expert 3 (group 1, second expert) must read group 1: fed group 0's input it differs.
        QVERIFY(!torch::allclose(g[3][0], byHand(grouped, 3, xs[0], 3, true)));
        // Every expert owns its weights: no two experts start equal.
        QVERIFY(!torch::allclose(grouped->weight(2, 0), grouped->weight(3, 0)));
    }

    void mmoeEqualsTheTextbookFormula()
    {
        torch::manual_seed(4);
        const auto m = model("mmoe", {{6}}, 1, 1, 4);
        auto backbone = mtlx::makeBackbone(m, 10, twoTasks());
        const auto x = torch::randn({5, 10});
        const auto out = backbone->forward(x.unsqueeze(0));
        const auto params = backbone->named_parameters();
        // The gate Linear holds W [R, D, T·E]; expert e its own [R, D, d] weight and [R, d] bias.
        const auto gw = params["gates.weight"][0], gb = params["gates.bias"][0];
        for (int t = 0; t < 2; ++t) {
            const auto logits = x.matmul(gw.slice(1, 4 * t, 4 * t + 4)) + gb.slice(0, 4 * t, 4 * t + 4);
            const auto g = torch::softmax(logits, 1);
            auto z = torch::zeros({5, 6});
            for (int e = 0; e < 4; ++e) {
                const std::string name = "level0_experts.expert" + std::to_string(e) + "_";
                const auto expert = torch::relu(x.matmul(params[name + "weight0"][0]) + params[name + "bias0"][0]);
                z += g.select(1, e).unsqueeze(1) * expert;
            }
            QVERIFY(torch::allclose(out.taskInputs[static_cast<std::size_t>(t)][0], z, 1e-5, 1e-6));
        }
    }

    void gateRowsSumToOnePlusResidual_data()
    {
        QTest::addColumn<mtlx::ModelSpec>("spec");
        QTest::addColumn<double>("fixedExtra"); // what each row sums to beyond 1 with a fixed residual
        QTest::newRow("mmoe") << model("mmoe", {{4}}) << 0.0;
        QTest::newRow("ml_mmoe") << model("ml_mmoe", {{4}, {5}, {3}}) << 0.0;
        QTest::newRow("ple") << model("ple", {{4}, {5}}, 2, 1) << 0.0;
        QTest::newRow("adatt_sp m=1") << model("adatt_sp", {{4}, {5}}, 1) << 1.0;
        QTest::newRow("adatt m=1 s=1") << model("adatt", {{4}, {5}}, 1, 1) << 1.0;
        auto off = model("adatt", {{4}, {5}}, 1, 1);
        off.nativeExpertLf = false;
        QTest::newRow("adatt no LF") << off << 0.0;
        QTest::newRow("adatt m=2 s=3 (learnt)") << model("adatt", {{4}, {5}}, 2, 3) << -1.0;
        QTest::newRow("adatt_sp m=3 (learnt)") << model("adatt_sp", {{4}, {5}}, 3) << -1.0;
    }
    void gateRowsSumToOnePlusResidual()
    {
        QFETCH(mtlx::ModelSpec, spec);
        QFETCH(double, fixedExtra);
        torch::manual_seed(5);
        auto backbone = mtlx::makeBackbone(spec, 10, twoTasks());
        const auto x = torch::randn({32, 10});
        auto out = backbone->forward(x.unsqueeze(0));
        for (auto& g : out.gates) // the one run of the stack
            g = g[0];
        auto native = backbone->nativeWeights();
        for (auto& n : native)
            if (n.defined()) n = n[0];
        const auto wiring = mtlx::gateWiring(spec, twoTasks());
        QCOMPARE(out.gates.size(), spec.expertDims.size());
        QCOMPARE(wiring.size(), out.gates.size());
        const auto params = backbone->named_parameters();
        for (std::size_t l = 0; l < out.gates.size(); ++l) {
            // The gates are the softmax alone: every row sums to 1; NativeExpertLF comes apart.
            QVERIFY(torch::allclose(out.gates[l].sum(2), torch::ones({32, out.gates[l].size(1)}), 1e-5, 1e-5));
            const auto g = l < native.size() && native[l].defined() ? out.gates[l] + native[l] : out.gates[l];
            QCOMPARE(g.size(0), std::int64_t(32));
            QCOMPARE(g.size(1), std::int64_t(wiring[l].gates.size()));
            QCOMPARE(g.size(2), std::int64_t(wiring[l].experts.size()));
            auto extra = torch::full({g.size(1)}, fixedExtra);
            if (fixedExtra < 0) { // learnt: row u sums to 1 + Σ of its module's weights
                const std::string prefix = "level" + std::to_string(l) + "_native_expert_lf_";
                const auto v = params[prefix + "task"][0];
                extra = v.sum(1);
                if (params.contains(prefix + "shared"))
                    extra = torch::cat({extra, params[prefix + "shared"][0].sum().view(1)});
                QCOMPARE(extra.size(0), g.size(1));
            }
            const auto sums = g.sum(2); // [B, rows]
            QVERIFY2(torch::allclose(sums, (1 + extra).unsqueeze(0).expand_as(sums), 1e-5, 1e-5),
                     qPrintable(QString("level %1 rows sum to %2").arg(l).arg(sums[0][0].item<double>())));
            QVERIFY(g.min().item<double>() >= (fixedExtra < 0 ? -10.0 : 0.0));
        }
        if (spec.arch == "ple") {
            // Task gate A (row 0) cannot reach B's experts (columns 2, 3): exact zeros.
            QCOMPARE(out.gates[0].select(1, 0).slice(1, 2, 4).abs().max().item<double>(), 0.0);
            QVERIFY(out.gates[0].select(1, 0).slice(1, 0, 2).min().item<double>() > 0.0);
            // The shared gate (row 2, not at the last level) reaches all five experts.
            QVERIFY(out.gates[0].select(1, 2).min().item<double>() > 0.0);
            QCOMPARE(names(wiring[0].gates), (std::vector<std::string>{"A", "B", "shared"}));
            QCOMPARE(names(wiring[1].gates), (std::vector<std::string>{"A", "B"}));
            QCOMPARE(names(wiring[0].experts), (std::vector<std::string>{"A/1", "A/2", "B/1", "B/2", "shared/1"}));
            // The wiring says the same: gate A reaches A/1, A/2 and shared/1 only.
            QCOMPARE(wiring[0].gates[0].reach, (std::vector<bool>{true, true, false, false, true}));
        }
        if (spec.arch == "adatt" && fixedExtra == 1.0) {
            // Each unit's own expert carries the +1: task A → A/1, shared unit → shared/1.
            const auto sum = out.gates[0] + native[0];
            QVERIFY(sum.select(1, 0).select(1, 0).min().item<double>() >= 1.0);
            QVERIFY(sum.select(1, 2).select(1, 2).min().item<double>() >= 1.0);
            QCOMPARE(native[0][0][0].item<double>(), 1.0);
            QCOMPARE(native[0].sum().item<double>(), 3.0); // one fixed 1 per unit, nothing learnt
            QCOMPARE(names(wiring[0].gates), (std::vector<std::string>{"A", "B", "shared"}));
            QCOMPARE(names(wiring[1].gates), (std::vector<std::string>{"A", "B"}));
            QCOMPARE(wiring[0].gates[2].native, (std::vector<bool>{false, false, true}));
        }
    }

    void gateWiringOfEachArchitecture()
    {
        using mtlx::kFromInput;
        // ML-MMoE, 3 experts, 2 levels: 3 gates below the last level, each reading x and feeding
        // the next-level expert of its name; T gates at the last level, also reading x.
        auto ml = mtlx::gateWiring(model("ml_mmoe", {{4}, {5}}, 1, 1, 3), twoTasks());
        QCOMPARE(ml.size(), std::size_t(2));
        QCOMPARE(names(ml[0].gates), (std::vector<std::string>{"shared/1", "shared/2", "shared/3"}));
        QCOMPARE(names(ml[1].gates), (std::vector<std::string>{"A", "B"}));
        for (const auto& level : ml)
            for (const auto& g : level.gates)
                QCOMPARE(g.input, kFromInput);
        for (int e = 0; e < 3; ++e) {
            QCOMPARE(ml[0].experts[static_cast<std::size_t>(e)].input, kFromInput);
            QCOMPARE(ml[1].experts[static_cast<std::size_t>(e)].input, e); // expert e reads gate e's mixture
        }
        // PLE m = 1, s = 2: task gates reach their own and the shared experts, read their own unit.
        auto ple = mtlx::gateWiring(model("ple", {{4}, {5}}, 1, 2), twoTasks());
        QCOMPARE(names(ple[1].experts), (std::vector<std::string>{"A/1", "B/1", "shared/1", "shared/2"}));
        QCOMPARE(ple[1].gates[1].reach, (std::vector<bool>{false, true, true, true}));
        QCOMPARE(ple[0].gates[2].reach, (std::vector<bool>{true, true, true, true})); // the shared gate
        QCOMPARE(ple[1].gates[1].input, 1);
        QCOMPARE(ple[1].experts[2].input, 2);          // shared experts read the shared unit (index T)
        QCOMPARE(ple[1].gates.size(), std::size_t(2)); // no shared gate at the last level
        // AdaTT m = 2, s = 1: every gate reaches every expert; NativeExpertLF adds a unit's own
        // module, learnt since the task modules have two experts.
        auto ad = mtlx::gateWiring(model("adatt", {{4}, {5}}, 2, 1), twoTasks());
        QVERIFY(ad[0].learntNative);
        QCOMPARE(ad[0].gates[1].reach, std::vector<bool>(5, true));
        QCOMPARE(ad[0].gates[1].native, (std::vector<bool>{false, false, true, true, false}));
        QCOMPARE(ad[0].gates[2].native, (std::vector<bool>{false, false, false, false, true}));
        auto off = model("adatt", {{4}, {5}}, 2, 1);
        off.nativeExpertLf = false;
        QCOMPARE(mtlx::gateWiring(off, twoTasks())[0].gates[0].native, std::vector<bool>(5, false));
        QVERIFY(!mtlx::gateWiring(model("adatt_sp", {{4}}, 1), twoTasks())[0].learntNative); // a fixed 1
        // Cross-stitch: α rows per task, constants that read nothing.
        auto cs = mtlx::gateWiring(model("cross_stitch", {{4}, {5}}), twoTasks());
        QVERIFY(cs[0].kind == mtlx::GateLevel::Kind::Stitch);
        QCOMPARE(cs[0].gates[0].input, mtlx::kLearntConstant);
        QCOMPARE(cs[1].experts[1].input, 1);
        QVERIFY(mtlx::gateWiring(model("shared_bottom", {}), twoTasks()).empty());
    }

    void sharedParametersAsDeclared_data()
    {
        QTest::addColumn<mtlx::ModelSpec>("spec");
        QTest::addColumn<qint64>("shared");
        QTest::addColumn<qint64>("owned");
        // D = 10, T = 2, levels [4] then [5]: an expert Mlp(10, [4]) has 44 weights, Mlp(4, [5]) 25.
        auto sb = model("shared_bottom", {});
        sb.bottom = {4};
        QTest::newRow("shared_bottom: all shared") << sb << qint64(44) << qint64(0);
        auto st = sb;
        st.arch = "single_task";
        QTest::newRow("single_task: each network its task's") << st << qint64(0) << qint64(88);
        // Experts 3·44 + 3·25; the fused gate Linear(10, 3·3 + 2·3): the 9 rows of the gates
        // that feed level-2 experts are shared (99), the last level's 6 task rows owned (66).
        QTest::newRow("ml_mmoe") << model("ml_mmoe", {{4}, {5}}, 1, 1, 3) << qint64(132 + 75 + 99) << qint64(66);
        // PLE m = 2, s = 1: level 1 experts 5·44 and the shared gate Linear(10, 5) = 55 shared
        // (the shared gate reads every task expert); the task gates [10, 2·3] + 6 = 66 owned.
        // Level 2 (last): task experts 4·25 and gates 2·(4·3 + 3) owned, the shared expert 25 shared.
        QTest::newRow("ple") << model("ple", {{4}, {5}}, 2, 1) << qint64(220 + 55 + 25) << qint64(66 + 100 + 30);
        // AdaTT m = 1, s = 1: every gate reads every expert, so 3·44 + 3·25 experts are shared;
        // level 1's gate Linear(10, 3·3): the shared unit's 3 rows (33) shared, the task units'
        // 6 rows (66) owned; level 2's two task gates 2·(4·3 + 3) = 30 owned.
        QTest::newRow("adatt") << model("adatt", {{4}, {5}}, 1, 1) << qint64(132 + 75 + 33) << qint64(66 + 30);
        // AdaTT-sp m = 2: learnt NativeExpertLF v [2, 2] per level, a row per task, owned.
        QTest::newRow("adatt_sp m=2") << model("adatt_sp", {{4}, {5}}, 2) << qint64(4 * 44 + 4 * 25)
                                      << qint64(2 * 4 * 11 + 4 + 2 * (4 * 4 + 4) + 4);
        // Cross-stitch: the task networks feed every task through the stitch (shared); row t of
        // each α is task t's.
        QTest::newRow("cross_stitch") << model("cross_stitch", {{4}, {5}}) << qint64(88 + 50) << qint64(8);
    }
    void sharedParametersAsDeclared()
    {
        QFETCH(mtlx::ModelSpec, spec);
        QFETCH(qint64, shared);
        QFETCH(qint64, owned);
        auto backbone = mtlx::makeBackbone(spec, 10, twoTasks());
        mtlx::ParameterOwners owners;
        backbone->declareOwners(owners);
        qint64 s = 0, o = 0;
        for (const auto& p : owners.resolve(backbone->parameters())) {
            s += p.sharedCount();
            o += p.param.numel() - p.sharedCount();
        }
        QCOMPARE(s, shared);
        QCOMPARE(o, owned);
    }

    void everyWeightLearns()
    {
        // Every registered parameter receives a gradient (the AdaTT port bug of docs/models.md:
        // weights kept in a plain list never train), and the tasks get different z_t.
        for (const auto& arch : allArchitectures()) {
            torch::manual_seed(6);
            auto spec = model(arch, {{4}, {5}}, 2, 1);
            spec.bottom = {4};
            auto backbone = mtlx::makeBackbone(spec, 10, twoTasks());
            const auto out = backbone->forward(torch::randn({1, 16, 10}));
            auto loss = out.taskInputs[0].pow(2).mean() + out.taskInputs[1].abs().mean();
            loss.backward();
            for (const auto& p : backbone->named_parameters()) {
                QVERIFY2(p.value().grad().defined() && p.value().grad().abs().sum().item<double>() > 0,
                         qPrintable(QString::fromStdString(arch + ": no gradient reaches " + p.key())));
            }
            if (arch != "shared_bottom") QVERIFY2(!torch::allclose(out.taskInputs[0], out.taskInputs[1]), arch.c_str());
        }
    }

    void everyHeadKindOnEveryArchitecture()
    {
        for (const auto& arch : allArchitectures()) {
            for (const auto& heads : mtlx::headKinds()) {
                auto spec = mtlx::presetSpec("correlated-mmoe");
                spec.model.arch = arch;
                spec.model.expertDims = {{8}, {6}};
                spec.model.bottom = {8};
                spec.heads.kind = heads;
                spec.heads.poolWindow = 2;
                torch::manual_seed(7);
                mtlx::MtlModel m(spec, 100, spec.tasks());
                const auto counts = m->parameterCounts();
                const auto name = QString::fromStdString(arch + " + " + heads);
                if (heads == "none")
                    QVERIFY2(counts.training == counts.serving, qPrintable(name));
                else
                    QVERIFY2(counts.training > counts.serving, qPrintable(name));
                m->train();
                const auto out = m->forward(torch::randn({1, 4, 100}));
                for (std::size_t t = 0; t < 2; ++t) {
                    QCOMPARE(out.logits[t].sizes().vec(), (std::vector<std::int64_t>{1, 4, 1}));
                    const std::size_t expected = heads == "none" ? 0 : heads == "pta" ? 2 : 1;
                    QVERIFY2(out.aux[t].size() == expected, qPrintable(name));
                    for (const auto& a : out.aux[t])
                        QCOMPARE(a.sizes().vec(), (std::vector<std::int64_t>{1, 4, 1}));
                }
            }
        }
    }

    void crossStitchStartsNearIdentity()
    {
        auto spec = model("cross_stitch", {{4}});
        auto backbone = mtlx::makeBackbone(spec, 10, twoTasks());
        const auto alpha = backbone->named_parameters()["level0_cross_stitch"][0];
        QVERIFY(torch::allclose(alpha, torch::tensor({{0.9f, 0.1f}, {0.1f, 0.9f}})));
        // With α = I the tasks would not share; with 0.9/0.1 z_A = 0.9 out_A + 0.1 out_B.
        spec.crossStitchInit = "random";
        torch::manual_seed(8);
        auto random = mtlx::makeBackbone(spec, 10, twoTasks());
        const auto r = random->named_parameters()["level0_cross_stitch"][0];
        QVERIFY(!torch::allclose(r, alpha));
        QVERIFY(r.min().item<double>() >= 0.0 && r.max().item<double>() <= 1.0);
    }

    void specReadsOnlyTheArchitecturesKeys()
    {
        using nlohmann::json;
        auto parse = [](const json& model) { return mtlx::experimentFromJson(json{{"model", model}}); };
        const auto s = parse({{"arch", "adatt"},
                              {"expert_dims", {{128}, {64}}},
                              {"experts_per_task", 2},
                              {"shared_experts", 0},
                              {"native_expert_lf", false}});
        QCOMPARE(s.model.levels(), 2);
        QCOMPARE(s.model.expertsPerTask, 2);
        QCOMPARE(s.model.sharedExperts, 0);
        QVERIFY(!s.model.nativeExpertLf);
        const auto written = mtlx::experimentToJson(s)["model"];
        QVERIFY(!written.contains("bottom"));
        QVERIFY(!written.contains("experts"));
        QCOMPARE(written["expert_dims"], (json{{128}, {64}}));
        QVERIFY(mtlx::experimentToJson(parse(written)) == mtlx::experimentToJson(s));
        // Defaults: two levels of [64] then [32], one level for mmoe.
        QCOMPARE(parse({{"arch", "mmoe"}}).model.expertDims, (Dims{{64}}));
        QCOMPARE(parse({{"arch", "ml_mmoe"}}).model.expertDims, (Dims{{64}, {32}}));

        auto expectError = [&](const json& model, const std::string& message) {
            try {
                parse(model);
                QFAIL(("accepted: " + model.dump()).c_str());
            } catch (const mtlx::SpecError& e) {
                QVERIFY2(std::string(e.what()).find(message) != std::string::npos, e.what());
            }
        };
        expectError({{"arch", "mmoe"}, {"bottom", {4}}}, "model.bottom: unknown key");
        expectError({{"arch", "mmoe"}, {"expert_dims", {{4}, {4}}}}, "model.expert_dims: mmoe has one level");
        expectError({{"arch", "ple"}, {"shared_experts", 0}}, "model.shared_experts: must be ≥ 1");
        expectError({{"arch", "adatt"}, {"expert_dims", json::array()}}, "model.expert_dims: must list at least one");
        expectError({{"arch", "adatt"}, {"expert_dims", {{4}, {0}}}}, "model.expert_dims[1][0]: must be ≥ 1");
        expectError({{"arch", "adatt"}, {"expert_dims", {4}}}, "model.expert_dims[0]: must be an array");
        expectError({{"arch", "ml_mmoe"}, {"experts", 0}}, "model.experts: must be ≥ 1");
        expectError({{"arch", "cross_stitch"}, {"cross_stitch_init", "zeros"}}, "model.cross_stitch_init");
        expectError({{"arch", "mmoe"}, {"native_expert_lf", true}}, "model.native_expert_lf: unknown key");
    }

    void archOverrideSwitchesWithDefaults()
    {
        auto base = mtlx::presetSpec("correlated-adatt"); // adatt_sp, 2 levels
        mtlx::Overrides o;
        o.arch = "mmoe";
        const auto s = mtlx::applyOverrides(base, o);
        QCOMPARE(s.model.arch, std::string("mmoe"));
        QCOMPARE(s.model.expertDims, (Dims{{32, 16}})); // the levels stacked into one deeper expert
        o.arch = "ple";
        base.model.sharedExperts = 0;
        QCOMPARE(mtlx::applyOverrides(base, o).model.sharedExperts, 1);
        o.arch = "shared_bottom";
        base.probe.layer = "y1";
        QCOMPARE(mtlx::applyOverrides(base, o).model.bottom, (std::vector<std::int64_t>{250, 125}));
    }

    void censusPresetsAreTable5ByHand_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QString>("arch");
        QTest::addColumn<qint64>("expected");
        // Census-Income with the framework's three tasks has D = 486 one-hot and min-max scaled
        // features (the acceptance check reads them from the real files). Single-
        // layer experts: Mlp(486, [128]) = 62,336 weights, Mlp(128, [64]) = 8,256; Mlp(486, [96])
        // = 46,752, Mlp(96, [48]) = 4,656. Towers Mlp(d, [32]) + Linear(32, 1), three of them:
        // 3 · (64·32 + 32 + 33) = 6,339 on 64 features, 3 · (48·32 + 32 + 33) = 4,803 on 48.
        const qint64 D = 486, e6a = 62336, e6b = 8256, e9a = 46752, e9b = 4656;
        // ML-MMoE: E experts per level; one gate Linear(D, E·E + 3·E) for both levels.
        QTest::newRow("census-6-ml-mmoe") << "census-6-ml-mmoe"
                                          << "ml_mmoe" << 6 * e6a + 6 * e6b + (D * 54 + 54) + 6339;
        QTest::newRow("census-9-ml-mmoe") << "census-9-ml-mmoe"
                                          << "ml_mmoe" << 9 * e9a + 9 * e9b + (D * 108 + 108) + 4803;
        // PLE: task gates over their own and the shared experts, a shared gate below the last level.
        QTest::newRow("census-6-ple") << "census-6-ple"
                                      << "ple"
                                      << 6 * e6a + (D * 12 + 12) + (D * 6 + 6) + 6 * e6b + 3 * (128 * 4 + 4) + 6339;
        // 9 experts: 1 per task + 6 shared, so each task gate weighs 7.
        QTest::newRow("census-9-ple") << "census-9-ple"
                                      << "ple"
                                      << 9 * e9a + (D * 21 + 21) + (D * 9 + 9) + 9 * e9b + 3 * (96 * 7 + 7) + 4803;
        // AdaTT-sp, m experts per task: gates over all 3m experts per task unit, learnt
        // NativeExpertLF v [3, m] per level.
        QTest::newRow("census-6-adatt") << "census-6-adatt"
                                        << "adatt_sp"
                                        << 6 * e6a + (D * 18 + 18) + 6 + 6 * e6b + 3 * (128 * 6 + 6) + 6 + 6339;
        QTest::newRow("census-9-adatt") << "census-9-adatt"
                                        << "adatt_sp"
                                        << 9 * e9a + (D * 27 + 27) + 9 + 9 * e9b + 3 * (96 * 9 + 9) + 9 + 4803;
    }
    void censusPresetsAreTable5ByHand()
    {
        QFETCH(QString, preset);
        QFETCH(QString, arch);
        QFETCH(qint64, expected);
        const auto spec = mtlx::presetSpec(preset.toStdString());
        QCOMPARE(QString::fromStdString(spec.model.arch), arch);
        QCOMPARE(spec.tasks().size(), std::size_t(3));
        QCOMPARE(static_cast<qint64>(mtlx::modelSize(spec, 486).serving), expected);
        if (preset == "census-6-adatt") QCOMPARE(expected, qint64(440991)); // the count
    }

    void trainedAdattShowsNativeExpertsOnTheDiagonal()
    {
        auto spec = mtlx::presetSpec("correlated-adatt"); // AdaTT-sp, one expert per task, 2 levels
        spec.dataset.limitTrain = 4000;
        spec.dataset.limitTest = 1000;
        spec.training.epochs = 2;
        mtlx::RunControl control;
        const auto result = mtlx::runExperiment(spec, control, {});
        QCOMPARE(mtlx::toString(result.status), std::string("ok"));
        QCOMPARE(result.gates.size(), std::size_t(2));
        for (const auto& g : result.gates) {
            QCOMPARE(g.rows, (std::vector<std::string>{"y1", "y2"}));
            QCOMPARE(g.cols, (std::vector<std::string>{"y1/1", "y2/1"}));
            // The softmax gate and NativeExpertLF come apart: the gate rows sum to 1; the fixed
            // residual is 1 on each unit's own expert and 0 elsewhere, by construction, not learnt.
            QCOMPARE(g.native, (std::vector<std::vector<double>>{{1.0, 0.0}, {0.0, 1.0}}));
            for (std::size_t t = 0; t < 2; ++t) {
                const auto& row = g.matrix[t];
                QVERIFY(std::abs(std::accumulate(row.begin(), row.end(), 0.0) - 1.0) < 1e-6);
                // The paper's Fig. 3 shows their sum: the diagonal is ≥ 1 there.
                QVERIFY(row[t] + g.native[t][t] >= 1.0);
            }
            QVERIFY(g.reach.empty()); // every AdaTT gate reaches every expert
        }
        // The probe of a gated model reads its last level's expert units.
        QCOMPARE(result.activation.layer, std::string("experts"));
        QVERIFY(result.activation.examples == 1000);
    }

    void probeLayerPicksATask()
    {
        auto spec = mtlx::presetSpec("correlated-mmoe");
        spec.dataset.limitTrain = 1000;
        spec.dataset.limitTest = 300;
        spec.training.epochs = 1;
        spec.probe.layer = "y2";
        mtlx::RunControl control;
        const auto result = mtlx::runExperiment(spec, control, {});
        QCOMPARE(result.activation.layer, std::string("y2"));
        QCOMPARE(result.activation.units, std::int64_t(16));
        QCOMPARE(result.gates.size(), std::size_t(1));
        QCOMPARE(result.gates[0].cols.size(), std::size_t(8));
        QCOMPARE(result.gates[0].cols[7], std::string("shared/8"));
        for (const auto& row : result.gates[0].matrix)
            QVERIFY(std::abs(std::accumulate(row.begin(), row.end(), 0.0) - 1.0) < 1e-6);
        // "shared" names no representation of a gated model.
        using nlohmann::json;
        auto j = mtlx::experimentToJson(spec);
        j["probe"]["layer"] = "shared";
        QVERIFY_THROWS_EXCEPTION(mtlx::SpecError, mtlx::experimentFromJson(j));
    }
};

QTEST_GUILESS_MAIN(TestArchitectures)
#include "tst_architectures.moc"
