// The experiment spec: defaults, round trips, overrides and every validation error path.
#include <QtTest>

#include <fstream>

#include <atomic>
#include <functional>
#include <thread>

#include "core/spec/arguments.h"
#include "core/spec/differences.h"
#include "core/spec/jsonreader.h"
#include "core/spec/presets.h"
#include "core/spec/result.h"
#include "core/spec/schema.h"
#include "core/spec/spec.h"
#include "core/spec/specerror.h"

using nlohmann::json;
Q_DECLARE_METATYPE(std::string)

class TestSpec : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Runs shown together are labelled by the fields in which they differ, best-known first.
    void runsAreLabelledByTheirDifferences()
    {
        auto a = mtlx::presetSpec("correlated-mmoe"), b = a, c = a;
        b.dataset.correlation = 0;
        c.training.weighting = "pcgrad";
        c.training.seed = 2;
        const auto labels = mtlx::differenceLabels({a, b, c});
        QCOMPARE(labels.at(0), std::string("ρ = 0.5, weighting: linear, seed 1"));
        QCOMPARE(labels.at(1), std::string("ρ = 0, weighting: linear, seed 1"));
        QCOMPARE(labels.at(2), std::string("ρ = 0.5, weighting: pcgrad, seed 2"));
        QCOMPARE(mtlx::differenceLabels({a, a}).at(1), std::string());
        QCOMPARE(mtlx::differenceLabels({a, c}, 1).at(1), std::string("weighting: pcgrad"));
        auto d = a;
        d.model.experts = 4; // a field without a short name: its own name
        QCOMPARE(mtlx::differenceLabels({a, d}).at(1), std::string("experts 4"));
    }

    void emptySpecGetsEveryDefault()
    {
        const auto s = mtlx::experimentFromJson(json::object());
        QCOMPARE(s.dataset.kind, std::string("synthetic_sine"));
        QCOMPARE(s.dataset.dim, std::int64_t(200));
        QCOMPARE(s.model.arch, std::string("shared_bottom"));
        QCOMPARE(s.model.bottom, (std::vector<std::int64_t>{250, 125}));
        QCOMPARE(s.heads.kind, std::string("none"));
        QCOMPARE(s.training.optimizer, std::string("adam"));
        QCOMPARE(s.training.taskWeights, (std::vector<double>{0.5, 0.5}));
        const json j = mtlx::experimentToJson(s);
        for (const char* key : {"dataset", "model", "heads", "training", "probe"})
            QVERIFY(j.contains(key));
        QCOMPARE(j["training"]["lr"].get<double>(), 1e-3);
    }

    void kindDefaultsDiffer()
    {
        const auto s = mtlx::experimentFromJson(json{{"dataset", {{"kind", "synthetic_correlated"}}}});
        QCOMPARE(s.dataset.dim, std::int64_t(100));
        QCOMPARE(s.dataset.noise, 0.01);
        QCOMPARE(s.dataset.correlation, 0.5);
        QCOMPARE(s.dataset.sines, 10);
    }

    void roundTripIsExact_data()
    {
        QTest::addColumn<std::string>("name");
        for (const auto& p : mtlx::presetList())
            QTest::newRow(p.name.c_str()) << p.name;
        QVERIFY(mtlx::presetList().size() >= 2);
    }
    void roundTripIsExact()
    {
        QFETCH(std::string, name);
        const auto spec = mtlx::presetSpec(name);
        const json once = mtlx::experimentToJson(spec);
        const json twice = mtlx::experimentToJson(mtlx::experimentFromJson(once));
        QCOMPARE(QString::fromStdString(twice.dump()), QString::fromStdString(once.dump()));
        QCOMPARE(spec.name, name);
    }

    void customValuesSurviveRoundTrip()
    {
        const json in{
            {"dataset", {{"kind", "synthetic_correlated"}, {"correlation", -0.25}, {"sines", 3}, {"seed", 9}}},
            {"model", {{"arch", "single_task"}, {"bottom", {7, 5}}, {"towers", json::array()}}},
            {"heads", {{"kind", "pool"}, {"pool_window", 3}, {"gamma", 0.3}, {"temperature", 2.0}}},
            {"training", {{"optimizer", "sgd"}, {"momentum", 0.5}, {"task_weights", {0.2, 0.8}}}},
            {"probe", {{"layer", "y2"}, {"bins", 7}}}};
        const auto s = mtlx::experimentFromJson(in);
        const auto back = mtlx::experimentFromJson(mtlx::experimentToJson(s));
        QCOMPARE(back.dataset.correlation, -0.25);
        QCOMPARE(back.dataset.sines, 3);
        QCOMPARE(back.dataset.seed, std::uint64_t(9));
        QCOMPARE(back.model.towers.size(), std::size_t(0));
        QCOMPARE(back.heads.poolWindow, std::int64_t(3));
        QCOMPARE(back.heads.temperature, 2.0);
        QCOMPARE(back.training.momentum, 0.5);
        QCOMPARE(back.training.taskWeights, (std::vector<double>{0.2, 0.8}));
        QCOMPARE(back.probe.layer, std::string("y2"));
    }

    // Every bad value is refused with the JSON path of the field.
    void badValuesNameTheirPath_data()
    {
        QTest::addColumn<std::string>("spec");
        QTest::addColumn<std::string>("message");
        auto row = [](const char* name, const char* spec, const char* message) {
            QTest::newRow(name) << std::string(spec) << std::string(message);
        };
        row("not an object", R"([1, 2])", "spec: must be an object");
        row("unknown top key", R"({"modle": {}})", "modle: unknown key");
        row("model not object", R"({"model": 3})", "model: must be an object, got a number");
        row("unknown dataset kind", R"({"dataset": {"kind": "imagenet"}})", "dataset.kind: 'imagenet' is not one of");
        row("kind not string", R"({"dataset": {"kind": 5}})", "dataset.kind: must be a string");
        row("key of other kind", R"({"dataset": {"correlation": 0.3}})", "dataset.correlation: unknown key");
        row("train zero", R"({"dataset": {"train": 0}})", "dataset.train: must be ≥ 1");
        row("train fraction", R"({"dataset": {"train": 10.5}})", "dataset.train: must be an integer");
        row("validation zero", R"({"dataset": {"validation": 0}})", "dataset.validation: must be ≥ 1");
        row("test zero", R"({"dataset": {"test": 0}})", "dataset.test: must be ≥ 1");
        row("negative limit", R"({"dataset": {"limit_train": -1}})", "dataset.limit_train: must be ≥ 0");
        row("negative limit test", R"({"dataset": {"limit_test": -5}})", "dataset.limit_test: must be ≥ 0");
        row("negative seed", R"({"dataset": {"seed": -1}})", "dataset.seed: must be ≥ 0");
        row("dim one", R"({"dataset": {"dim": 1}})", "dataset.dim: must be ≥ 2");
        row("noise negative", R"({"dataset": {"noise": -0.1}})", "dataset.noise: must be ≥ 0");
        row("frequency scale", R"({"dataset": {"frequency_scale": 0}})", "dataset.frequency_scale: must be > 0");
        row("correlation", R"({"dataset": {"kind": "synthetic_correlated", "correlation": 1.5}})",
            "dataset.correlation: must be ≤ 1");
        row("scale", R"({"dataset": {"kind": "synthetic_correlated", "scale": 0}})", "dataset.scale: must be > 0");
        row("sines", R"({"dataset": {"kind": "synthetic_correlated", "sines": -2}})", "dataset.sines: must be ≥ 0");
        row("data_dir on synthetic", R"({"dataset": {"data_dir": "/x"}})", "dataset.data_dir: unknown key");
        row("census no tasks", R"({"dataset": {"kind": "census_income", "tasks": []}})",
            "dataset.tasks: must name at least one task");
        row("census unknown task", R"({"dataset": {"kind": "census_income", "tasks": ["income", "age"]}})",
            "dataset.tasks[1]: 'age' is not one of");
        row("census task twice", R"({"dataset": {"kind": "census_income", "tasks": ["college", "college"]}})",
            "dataset.tasks[1]: 'college' twice");
        row("adult has no college", R"({"dataset": {"kind": "adult", "tasks": ["college"]}})",
            "dataset.tasks[0]: 'college' is not one of");
        row("census sizes", R"({"dataset": {"kind": "census_income", "train": 10}})", "dataset.train: unknown key");
        row("negatives", R"({"dataset": {"kind": "movielens", "negatives": -1}})", "dataset.negatives: must be ≥ 0");
        row("embedding dim", R"({"dataset": {"kind": "movielens", "embedding_dim": 0}})",
            "dataset.embedding_dim: must be ≥ 1");
        row("fractions", R"({"dataset": {"kind": "movielens", "validation_fraction": 0.5, "test_fraction": 0.5}})",
            "dataset.test_fraction: validation_fraction + test_fraction must be < 1");
        row("csv no path", R"({"dataset": {"kind": "csv", "numeric": ["a"], "tasks": [{"column": "y"}]}})",
            "dataset.path: must name the CSV file");
        row("csv no tasks", R"({"dataset": {"kind": "csv", "path": "f.csv", "numeric": ["a"]}})",
            "dataset.tasks: must list the label columns");
        row("csv no features", R"({"dataset": {"kind": "csv", "path": "f.csv", "tasks": [{"column": "y"}]}})",
            "dataset.numeric: name at least one feature column");
        row("csv task kind",
            R"({"dataset": {"kind": "csv", "path": "f.csv", "numeric": ["a"], "tasks": [{"column": "y", "kind": "ordinal"}]}})",
            "dataset.tasks[0].kind: 'ordinal' is not one of");
        row("csv classes",
            R"({"dataset": {"kind": "csv", "path": "f.csv", "numeric": ["a"], "tasks": [{"column": "y", "kind": "multiclass", "classes": 1}]}})",
            "dataset.tasks[0].classes: must be ≥ 2");
        row("csv positive on regression",
            R"({"dataset": {"kind": "csv", "path": "f.csv", "numeric": ["a"], "tasks": [{"column": "y", "kind": "regression", "positive": "1"}]}})",
            "dataset.tasks[0].positive: unknown key");
        row("csv task twice",
            R"({"dataset": {"kind": "csv", "path": "f.csv", "numeric": ["a"], "tasks": [{"column": "y"}, {"column": "y"}]}})",
            "dataset.tasks[1].column: 'y' is a task twice");
        row("conv on mmoe", R"({"model": {"arch": "mmoe", "conv": [10]}})", "model.conv: unknown key");
        row("arch", R"({"model": {"arch": "transformer"}})", "model.arch: 'transformer' is not one of");
        row("activation", R"({"model": {"activation": "sigmoid"}})", "model.activation: 'sigmoid' is not one of");
        row("bottom empty", R"({"model": {"bottom": []}})", "model.bottom: must list at least one width");
        row("tower width", R"({"model": {"towers": [100, 0]}})", "model.towers[1]: must be ≥ 1");
        row("tower type", R"({"model": {"towers": [100, "x"]}})", "model.towers[1]: must be an integer");
        row("towers not array", R"({"model": {"towers": 3}})", "model.towers: must be an array");
        row("model unknown", R"({"model": {"experts": 3}})", "model.experts: unknown key");
        row("heads kind", R"({"heads": {"kind": "huge"}})", "heads.kind: 'huge' is not one of");
        row("gamma", R"({"heads": {"gamma": -1}})", "heads.gamma: must be ≥ 0");
        row("temperature", R"({"heads": {"temperature": 0}})", "heads.temperature: must be > 0");
        row("dropout", R"({"heads": {"dropout": 1}})", "heads.dropout: must be < 1");
        row("pool window", R"({"heads": {"pool_window": 0}})", "heads.pool_window: must be ≥ 1");
        row("bottleneck", R"({"heads": {"bottleneck_width": 0}})", "heads.bottleneck_width: must be ≥ 1");
        row("pseudo tasks", R"({"heads": {"pseudo_tasks": 0}})", "heads.pseudo_tasks: must be ≥ 1");
        row("optimizer", R"({"training": {"optimizer": "lbfgs"}})", "training.optimizer: 'lbfgs' is not one of");
        row("lr", R"({"training": {"lr": 0}})", "training.lr: must be > 0");
        row("lr string", R"({"training": {"lr": "fast"}})", "training.lr: must be a number, got a string");
        row("momentum", R"({"training": {"momentum": 1}})", "training.momentum: must be < 1");
        row("batch", R"({"training": {"batch_size": 0}})", "training.batch_size: must be ≥ 1");
        row("epochs", R"({"training": {"epochs": 0}})", "training.epochs: must be ≥ 1");
        row("weighting", R"({"training": {"weighting": "magic"}})", "training.weighting: 'magic' is not one of");
        row("weights count", R"({"training": {"task_weights": [1]}})",
            "training.task_weights: has 1 weights for 2 tasks");
        row("weight negative", R"({"training": {"task_weights": [1, -1]}})", "training.task_weights[1]: must be ≥ 0");
        row("weights zero", R"({"training": {"task_weights": [0, 0]}})", "training.task_weights: must not all be zero");
        row("threads", R"({"training": {"threads": -1}})", "training.threads: must be ≥ 0");
        row("training unknown", R"({"training": {"lr_schedule": 1}})", "training.lr_schedule: unknown key");
        row("probe layer", R"({"probe": {"layer": "y9"}})", "probe.layer: 'y9' is not one of");
        row("probe shared on ST", R"({"model": {"arch": "single_task"}, "probe": {"layer": "shared"}})",
            "probe.layer: 'shared' is not one of");
        row("probe bins", R"({"probe": {"bins": 1}})", "probe.bins: must be ≥ 2");
        row("name type", R"({"name": 3})", "name: must be a string");
        row("random tasks", R"({"dataset": {"kind": "random", "binary_tasks": 0}})",
            "dataset.binary_tasks: must be ≥ 1");
        row("random dim", R"({"dataset": {"kind": "random", "dim": 1}})", "dataset.dim: must be ≥ 2");
        row("random noise", R"({"dataset": {"kind": "random", "noise": 0.1}})", "dataset.noise: unknown key");
        row("random data_dir", R"({"dataset": {"kind": "random", "data_dir": "x"}})", "dataset.data_dir: unknown key");
    }
    void badValuesNameTheirPath()
    {
        QFETCH(std::string, spec);
        QFETCH(std::string, message);
        try {
            mtlx::experimentFromJson(json::parse(spec));
            QFAIL("the spec was accepted");
        } catch (const mtlx::SpecError& e) {
            const std::string what = e.what();
            QVERIFY2(what.rfind(message, 0) == 0, what.c_str());
            QVERIFY(what.find('\n') == std::string::npos);
        }
    }

    void hostileSpecTextIsRefusedOnOneLine()
    {
        auto errorOf = [](const std::string& text) {
            try {
                mtlx::experimentFromJson(mtlx::parseJsonText(text, "s.json"));
            } catch (const mtlx::InputError& e) {
                return std::string(e.what());
            }
            return std::string("(accepted)");
        };
        // A key holding a newline: the message stays one line.
        const auto newline = errorOf("{\"training\": {\"l\\nr\": 1}}");
        QVERIFY2(newline.find('\n') == std::string::npos && newline.find("training.l\\nr: unknown key") == 0,
                 newline.c_str());
        // A key given twice is not silently resolved.
        QCOMPARE(errorOf(R"({"training": {"lr": 0.1, "epochs": 3, "lr": 0.2}})"),
                 std::string("s.json: training.lr: the key appears twice"));
        QCOMPARE(errorOf(R"({"model": {"towers": [1]}, "model": {}})"),
                 std::string("s.json: model: the key appears twice"));
        // A number beyond double range is a JSON error with its line, not an internal error.
        QVERIFY(errorOf("{\n\"training\": {\"lr\": 1e400}}").rfind("s.json:2: not valid JSON", 0) == 0);
        // Integers beyond a field's range never wrap: 2^32 + 1 epochs are refused, not 1.
        QVERIFY(errorOf(R"({"training": {"epochs": 4294967297}})").rfind("training.epochs: must be ≤ 1e+09", 0) == 0);
        QVERIFY(errorOf(R"({"training": {"epochs": 18446744073709551615}})").rfind("training.epochs: must be ≤", 0) ==
                0);
        QVERIFY(errorOf(R"({"training": {"threads": 100000}})").rfind("training.threads: must be ≤ 256", 0) == 0);
    }

    // Nesting is bounded before parsing (a workspace of 10^5 '[' used to overflow the stack).
    void deepNestingIsRefusedWithItsLine()
    {
        const std::string deep = "{\n\"a\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
        try {
            mtlx::parseJsonText(deep, "deep.json");
            QFAIL("accepted");
        } catch (const mtlx::InputError& e) {
            QCOMPARE(std::string(e.what()),
                     std::string("deep.json:2: nested more than 64 levels deep; not a file of this program"));
        }
        // Brackets inside strings do not count; 64 levels do.
        const std::string fine = std::string(63, '[') + "\"[[[[\"" + std::string(63, ']');
        QCOMPARE(mtlx::parseJsonText(fine, "fine.json").dump().size(), fine.size());
    }

    // A stored histogram or gate matrix of the wrong shape is refused by name: the views index
    // edges and cells by the counts and names (the activation view read past its edges).
    void storedProbesOfTheWrongShapeAreRefused()
    {
        auto errorOf = [](const std::function<void()>& f) {
            try {
                f();
            } catch (const mtlx::InputError& e) {
                return std::string(e.what());
            }
            return std::string("(accepted)");
        };
        QCOMPARE(errorOf([] {
                     mtlx::histogramFromJson(json{{"edges", {0, 1}}, {"counts", {1, 2, 3}}});
                 }),
                 std::string("histogram: 3 counts need 4 edges, not 2"));
        QCOMPARE(mtlx::histogramFromJson(json{{"edges", {0, 1, 2}}, {"counts", {1, 2}}}).counts.size(), std::size_t(2));
        const json gate{
            {"level", 0}, {"rows", {"a", "b"}}, {"cols", {"e1", "e2", "e3"}}, {"matrix", {{1, 0, 0}, {0, 1}}}};
        QCOMPARE(errorOf([&] { mtlx::gateFromJson(gate); }), std::string("matrix: is not 2 rows × 3 columns"));
        json native = gate;
        native["matrix"] = {{1, 0, 0}, {0, 1, 0}};
        native["native_expert_lf"] = {{1}};
        QCOMPARE(errorOf([&] { mtlx::gateFromJson(native); }),
                 std::string("native_expert_lf: is not 2 rows × 3 columns"));
        // In a whole result.json each is named by its path in the file.
        auto result = mtlx::resultToJson(mtlx::RunResult{});
        json good = gate;
        good["matrix"] = {{1, 0, 0}, {0, 1, 0}};
        result["probes"]["gates"] = json::array({good, gate});
        QCOMPARE(errorOf([&] { mtlx::resultFromJson(result); }),
                 std::string("probes.gates[1].matrix: is not 2 rows × 3 columns"));
        result["probes"]["gates"] = json::array();
        result["probes"]["activation"]["nonzero_value_hist"] = json{{"edges", {0, 1}}, {"counts", {1, 2, 3}}};
        QCOMPARE(errorOf([&] { mtlx::resultFromJson(result); }),
                 std::string("probes.activation.nonzero_value_hist: 3 counts need 4 edges, not 2"));
        result["probes"] = "none";
        QCOMPARE(errorOf([&] { mtlx::resultFromJson(result); }),
                 std::string("probes: must be an object, got a string"));
        result.erase("probes");
        QCOMPARE(errorOf([&] { mtlx::resultFromJson(result); }), std::string("probes: is missing"));
        result = mtlx::resultToJson(mtlx::RunResult{});
        result["history"] = json::array({json{{"epoch", "one"}}});
        QCOMPARE(errorOf([&] { mtlx::resultFromJson(result); }),
                 std::string("history[0]: must be a number, got a string"));
        result["history"] = json::object();
        QCOMPARE(errorOf([&] { mtlx::resultFromJson(result); }),
                 std::string("history: must be an array, got an object"));
    }

    // A failed write is an InputError (exit 2) naming the path and the reason.
    void aFailedWriteNamesThePathAndTheReason()
    {
        try {
            mtlx::writeTextFile("/proc/mtlx-no/result.json", "{}");
            QFAIL("written");
        } catch (const mtlx::InputError& e) {
            QVERIFY2(std::string(e.what()).rfind("/proc/mtlx-no/result.json: cannot write (", 0) == 0, e.what());
        }
    }

    void concurrentWritersOfOneFileNeverCollide()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("frontier.json").toStdString();
        std::atomic<int> failures{0};
        auto writer = [&](int id) {
            for (int i = 0; i < 200; ++i) {
                try {
                    mtlx::writeJsonFile(path, nlohmann::json{{"writer", id}, {"i", i}});
                } catch (const std::exception&) {
                    ++failures;
                }
            }
        };
        std::thread a(writer, 1), b(writer, 2);
        a.join();
        b.join();
        QCOMPARE(failures.load(), 0);
        std::ifstream in(path);
        QVERIFY(nlohmann::json::parse(in).contains("writer"));       // whole, from one of them
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1); // no temporary left behind
    }

    void overridesChangeTheSpec()
    {
        mtlx::Overrides o;
        o.epochs = 3;
        o.limitTrain = 500;
        o.limitTest = 50;
        o.seed = 42;
        o.arch = "single_task";
        o.heads = "bottleneck";
        o.weighting = "linear";
        const auto s = mtlx::applyOverrides(mtlx::presetSpec("sine-shared-bottom"), o);
        QCOMPARE(s.training.epochs, 3);
        QCOMPARE(s.dataset.limitTrain, std::int64_t(500));
        QCOMPARE(s.dataset.limitTest, std::int64_t(50));
        QCOMPARE(s.training.seed, std::uint64_t(42));
        QCOMPARE(s.model.arch, std::string("single_task"));
        QCOMPARE(s.heads.kind, std::string("bottleneck"));
    }

    // --set PATH=VALUE: any field, VALUE as JSON or a bare word; checked like a spec file.
    void settingsSetAnyFieldAndAreChecked()
    {
        const auto base = mtlx::presetSpec("sine-shared-bottom");
        const auto s = mtlx::applySettings(base, {"training.weight_decay=0.3", "training.optimizer=adamw",
                                                  "model.towers=[32, 16]", "training.lr_decay=0.5"});
        QCOMPARE(s.training.weightDecay, 0.3);
        QCOMPARE(s.training.optimizer, std::string("adamw"));
        QCOMPARE(s.model.towers, (std::vector<std::int64_t>{32, 16}));
        QCOMPARE(s.training.lrDecay, 0.5);
        // The spec a result records has them; at their defaults they are not written.
        const auto j = mtlx::experimentToJson(s);
        QCOMPARE(j["training"]["weight_decay"].get<double>(), 0.3);
        QVERIFY(!mtlx::experimentToJson(base)["training"].contains("weight_decay"));
        QVERIFY(!mtlx::experimentToJson(base)["training"].contains("lr_decay"));
        auto errorOf = [&](const std::string& setting) {
            try {
                mtlx::applySettings(base, {setting});
            } catch (const mtlx::InputError& e) {
                return std::string(e.what());
            }
            return std::string("(accepted)");
        };
        QCOMPARE(errorOf("training.wieght_decay=1"),
                 std::string("--set: 'training.wieght_decay' is not a spec field; did you mean "
                             "'training.weight_decay'? (docs/spec.md lists them)"));
        QVERIFY(errorOf("training.weight_decay=-1").rfind("training.weight_decay: must be ≥ 0", 0) == 0);
        QVERIFY(errorOf("training.lr_decay=0").rfind("training.lr_decay: must be > 0", 0) == 0);
        QVERIFY(errorOf("training.optimizer=adamx").rfind("training.optimizer:", 0) == 0);
        QCOMPARE(errorOf("training.lr"),
                 std::string("--set: 'training.lr' is not PATH=VALUE (e.g. training.weight_decay=0.01)"));
        // best_validation reports one epoch: with report_last > 1 it is refused, naming both.
        QCOMPARE(mtlx::applySettings(base, {"training.select=best_validation"}).training.select,
                 std::string("best_validation"));
        try {
            mtlx::applySettings(base, {"training.select=best_validation", "training.report_last=3"});
            QFAIL("accepted");
        } catch (const mtlx::SpecError& e) {
            QCOMPARE(e.path(), std::string("training.select"));
            QVERIFY2(std::string(e.what()).find("report_last 3") != std::string::npos, e.what());
        }
        QVERIFY(errorOf("training.select_metric=auc")
                    .rfind("training.select_metric: 'auc' is not a metric of regression", 0) == 0);
    }

    // A setting that switches the method drops the old method's fields, as the editor does; a
    // field of the new method may come before or after the switch.
    void settingsSwitchingTheMethodDropItsFields()
    {
        const auto census = mtlx::presetSpec("census-6-ml-mmoe");
        QCOMPARE(census.training.weighting, std::string("dwa"));
        QVERIFY(mtlx::experimentToJson(census)["training"].contains("dwa_temperature"));
        const auto linear = mtlx::applySettings(census, {"training.weighting=linear"});
        QCOMPARE(linear.training.weighting, std::string("linear"));
        QVERIFY(!mtlx::experimentToJson(linear)["training"].contains("dwa_temperature"));
        QCOMPARE(linear.training.weightDecay, census.training.weightDecay); // the rest stays
        for (const auto& order : {std::vector<std::string>{"training.weighting=cagrad", "training.cagrad_c=0.7"},
                                  std::vector<std::string>{"training.cagrad_c=0.7", "training.weighting=cagrad"}}) {
            const auto s = mtlx::applySettings(census, order);
            QCOMPARE(s.training.weighting, std::string("cagrad"));
            QCOMPARE(s.training.cagradC, 0.7);
            QVERIFY(!mtlx::experimentToJson(s)["training"].contains("dwa_temperature"));
        }
        // A field given for a method not chosen is still refused, naming it.
        try {
            mtlx::applySettings(census, {"training.weighting=linear", "training.dwa_temperature=3"});
            QFAIL("accepted");
        } catch (const mtlx::InputError& e) {
            QVERIFY2(std::string(e.what()).rfind("training.dwa_temperature:", 0) == 0, e.what());
        }
    }

    // An architecture or data set switched by --set is switched as the editor (and --arch) switch
    // it; a setting that changes nothing changes nothing, its section's other fields included.
    void settingsSwitchArchitecturesAndDataSetsAsTheEditorDoes()
    {
        auto asJson = [](const mtlx::ExperimentSpec& s) { return mtlx::experimentToJson(s).dump(); };
        auto lenet = mtlx::applySettings(
            mtlx::presetSpec("multimnist-lenet"),
            {"model.conv_kernel=3", "training.preference.method=cosmos", "training.preference.input=channels"});
        QCOMPARE(lenet.model.convKernel, std::int64_t(3));
        for (const auto& same : {std::vector<std::string>{"model.arch=" + lenet.model.arch},
                                 std::vector<std::string>{"model.conv=[10, 20]", "model.arch=" + lenet.model.arch}})
            QCOMPARE(asJson(mtlx::applySettings(lenet, same)), asJson(lenet));
        // ML-MMoE to MMoE: the levels stacked into one expert, as --arch mmoe does.
        const auto mlmmoe = mtlx::presetSpec("census-6-ml-mmoe");
        mtlx::Overrides toMmoe;
        toMmoe.arch = "mmoe";
        QCOMPARE(asJson(mtlx::applySettings(mlmmoe, {"model.arch=mmoe"})),
                 asJson(mtlx::applyOverrides(mlmmoe, toMmoe)));
        // AdaTT without shared experts to PLE, which needs one.
        const auto adatt = mtlx::applySettings(mtlx::presetSpec("census-adatt-shared"), {"model.shared_experts=0"});
        mtlx::Overrides toPle;
        toPle.arch = "ple";
        const auto ple = mtlx::applySettings(adatt, {"model.arch=ple"});
        QCOMPARE(asJson(ple), asJson(mtlx::applyOverrides(adatt, toPle)));
        QCOMPARE(ple.model.sharedExperts, 1);
        // Census to Adult, and the sine task to census: the data set's fields and task weights reset
        // (read back, no task weights are uniform ones).
        auto viaEditor = mtlx::presetSpec("census-mmoe");
        mtlx::findField("dataset.kind", viaEditor)->edit(viaEditor, "adult");
        QCOMPARE(asJson(mtlx::applySettings(mtlx::presetSpec("census-mmoe"), {"dataset.kind=adult"})),
                 asJson(mtlx::experimentFromJson(mtlx::experimentToJson(viaEditor))));
        QCOMPARE(viaEditor.dataset.kind, std::string("adult"));
        const auto census = mtlx::applySettings(mtlx::presetSpec("sine-shared-bottom"), {"dataset.kind=census_income"});
        QCOMPARE(census.tasks().size(), std::size_t(3));
        QCOMPARE(census.training.taskWeights, std::vector<double>(3, 1.0 / 3));
        // The flags' limits and data folder survive a data set switched by --set.
        mtlx::Overrides limits;
        limits.limitTrain = 500;
        limits.dataDir = "/data";
        const auto adult =
            mtlx::applySettings(mtlx::applyOverrides(mtlx::presetSpec("census-mmoe"), limits), {"dataset.kind=adult"});
        QCOMPARE(adult.dataset.limitTrain, std::int64_t(500));
        QCOMPARE(adult.dataset.dataDir, std::string("/data"));
        // Settings that fit only together, in either order: an architecture switch waits for them.
        for (const auto& order : {std::vector<std::string>{"training.task_weights=[1, 1, 2]", "model.arch=mmoe",
                                                           "dataset.kind=census_income"},
                                  std::vector<std::string>{"dataset.kind=census_income", "model.arch=mmoe",
                                                           "training.task_weights=[1, 1, 2]"}}) {
            const auto s = mtlx::applySettings(mtlx::presetSpec("sine-shared-bottom"), order);
            QCOMPARE(s.model.arch, std::string("mmoe"));
            QCOMPARE(s.training.taskWeights, (std::vector<double>{1, 1, 2}));
        }
        // A setting equal to the present value changes nothing: the random data set's task count
        // set to what it is keeps the task weights its edit would clear.
        auto random = mtlx::applySettings(mtlx::presetSpec("sine-shared-bottom"),
                                          {"dataset.kind=random", "dataset.binary_tasks=3"});
        random = mtlx::applySettings(random, {"training.task_weights=[1, 2, 3]"});
        QCOMPARE(mtlx::applySettings(random, {"dataset.binary_tasks=3"}).training.taskWeights,
                 (std::vector<double>{1, 2, 3}));
    }

    void badOverrideNamesThePath()
    {
        mtlx::Overrides o;
        o.heads = "enormous";
        QVERIFY_THROWS_EXCEPTION(mtlx::SpecError, mtlx::applyOverrides(mtlx::presetSpec("sine-shared-bottom"), o));
        mtlx::Overrides w;
        w.weighting = "nope";
        try {
            mtlx::applyOverrides(mtlx::presetSpec("sine-shared-bottom"), w);
            QFAIL("accepted");
        } catch (const mtlx::SpecError& e) {
            QCOMPARE(QString::fromStdString(e.path()), QString("training.weighting"));
        }
    }

    void specFileErrorsNameFileAndLine()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("bad.json").toStdString();
        std::ofstream(path) << "{\n  \"model\": {\n    \"arch\": \"mmoe\",,\n  }\n}\n";
        try {
            mtlx::loadExperimentFile(path);
            QFAIL("accepted");
        } catch (const mtlx::InputError& e) {
            const std::string what = e.what();
            QVERIFY2(what.rfind(path + ":3: not valid JSON", 0) == 0, what.c_str());
        }
        const std::string bad = dir.filePath("value.json").toStdString();
        std::ofstream(bad) << R"({"training": {"epochs": -2}})";
        try {
            mtlx::loadExperimentFile(bad);
            QFAIL("accepted");
        } catch (const mtlx::InputError& e) {
            const std::string what = e.what();
            QVERIFY2(what.find("training.epochs: must be ≥ 1") == 0 && what.find(bad) != std::string::npos,
                     what.c_str());
        }
        QVERIFY_THROWS_EXCEPTION(mtlx::InputError,
                                 mtlx::loadExperimentFile(dir.filePath("missing.json").toStdString()));
    }

    void unknownPresetListsKnownOnes()
    {
        try {
            mtlx::presetSpec("nope");
            QFAIL("accepted");
        } catch (const mtlx::InputError& e) {
            QVERIFY(std::string(e.what()).find("sine-shared-bottom") != std::string::npos);
        }
    }
};

QTEST_GUILESS_MAIN(TestSpec)
#include "tst_spec.moc"
