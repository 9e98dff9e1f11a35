// mtlx-cli as a library call: commands, overrides, result.json, and bad input exiting 2 with one line.
#include <QtTest>

#include <fstream>
#include <sstream>

#include <unistd.h>

#include "core/cli/cli.h"
#include "core/spec/text.h"

Q_DECLARE_METATYPE(std::vector<std::string>)

namespace {

struct CliRun {
    int code;
    std::string out, err;
};

CliRun cli(std::vector<std::string> args)
{
    std::ostringstream out, err;
    const int code = mtlx::runCli(args, out, err);
    return {code, out.str(), err.str()};
}

nlohmann::json readJson(const QString& path)
{
    std::ifstream in(path.toStdString());
    return nlohmann::json::parse(in);
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    std::string path(const char* name) const { return dir_.filePath(name).toStdString(); }
    // A spec file holding `j`.
    std::string spec(const nlohmann::json& j)
    {
        static int n = 0;
        const auto file = dir_.filePath(QString("spec-%1.json").arg(++n)).toStdString();
        std::ofstream(file) << j.dump();
        return file;
    }

private Q_SLOTS:
    void presetsAreListed()
    {
        const auto r = cli({"presets"});
        QCOMPARE(r.code, 0);
        // One name per line, nothing else on it.
        QVERIFY(r.out.find("\nsine-shared-bottom\n") != std::string::npos);
        QVERIFY(r.out.find("\nmultimnist-large-heads\n") != std::string::npos);
        QVERIFY(r.out.find("Small heads") == std::string::npos);
        const auto l = cli({"presets", "--long"});
        QCOMPARE(l.code, 0);
        QVERIFY(l.out.find("sine-small-heads") != std::string::npos);
        QVERIFY(l.out.find("Table 4") != std::string::npos);
        QCOMPARE(cli({"presets", "--wide"}).code, 2);
    }

    void presetPrintsACompleteSpec()
    {
        const auto r = cli({"preset", "sine-small-heads"});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out);
        QCOMPARE(j["heads"]["kind"].get<std::string>(), std::string("linear"));
        QCOMPARE(j["model"]["bottom"], nlohmann::json({250, 125}));
        QCOMPARE(j["model"]["towers"], nlohmann::json({100, 100, 100}));
        QCOMPARE(j["training"]["task_weights"].size(), std::size_t(2));
    }

    void trainWritesResultWithOverrides()
    {
        const auto out = path("run");
        const auto r = cli(
            {"train",         "--preset", "sine-small-heads", "--out",       out,      "--epochs",   "2",
             "--limit-train", "1500",     "--limit-test",     "300",         "--seed", "5",          "--heads",
             "bottleneck",    "--arch",   "single_task",      "--weighting", "linear", "--data-dir", path("nowhere")});
        QVERIFY2(r.code == 0, r.err.c_str());
        QVERIFY(r.out.find("status: ok") != std::string::npos);
        const auto j = readJson(QString::fromStdString(out + "/result.json"));
        QCOMPARE(j["status"].get<std::string>(), std::string("ok"));
        QCOMPARE(j["history"].size(), std::size_t(2));
        QCOMPARE(j["spec"]["training"]["epochs"].get<int>(), 2);
        QCOMPARE(j["spec"]["training"]["seed"].get<int>(), 5);
        QCOMPARE(j["spec"]["dataset"]["limit_train"].get<int>(), 1500);
        QCOMPARE(j["spec"]["dataset"]["limit_test"].get<int>(), 300);
        QCOMPARE(j["spec"]["heads"]["kind"].get<std::string>(), std::string("bottleneck"));
        QCOMPARE(j["spec"]["model"]["arch"].get<std::string>(), std::string("single_task"));
        QCOMPARE(j["probes"]["activation"]["examples"].get<int>(), 300);
        QVERIFY(j["params"]["training"].get<long>() > j["params"]["serving"].get<long>());
    }

    void trainReadsASpecFile()
    {
        const auto spec = path("spec.json");
        std::ofstream(spec) << R"({"dataset": {"kind": "synthetic_correlated", "train": 500, "test": 100,
                                   "validation": 100}, "model": {"bottom": [8], "towers": []},
                                   "training": {"epochs": 1}})";
        const auto r = cli({"train", spec, "--out", path("fromfile")});
        QVERIFY2(r.code == 0, r.err.c_str());
        const auto j = readJson(dir_.filePath("fromfile/result.json"));
        QCOMPARE(j["spec"]["dataset"]["kind"].get<std::string>(), std::string("synthetic_correlated"));
        QCOMPARE(j["params"]["serving"].get<int>(), 100 * 8 + 8 + 2 * 9);
        // A preference-conditioned model: its front is summed up beside the tasks.
        std::ofstream(path("cosmos.json")) << R"({"dataset": {"kind": "synthetic_correlated", "train": 500,
                                   "test": 100, "validation": 100}, "model": {"bottom": [8], "towers": []},
                                   "training": {"epochs": 1, "preference": {"method": "cosmos"}}})";
        const auto c = cli({"train", path("cosmos.json"), "--out", path("cosmos")});
        QVERIFY2(c.code == 0, c.err.c_str());
        const auto f = readJson(dir_.filePath("cosmos/result.json"));
        const auto line = "front: " + std::to_string(f["front"].size()) + " preferences, hypervolume " +
                          mtlx::formatNumber(f["front_hypervolume"].get<double>(), 4) + " against (";
        QVERIFY2(f["front"].size() >= 11 && c.out.find(line) != std::string::npos, c.out.c_str());
        QVERIFY2(c.out.find(") (y1 mse, y2 mse)\n") != std::string::npos, c.out.c_str()); // each objective named
        QVERIFY2(r.out.find("front:") == std::string::npos, r.out.c_str());
    }

    void badInputExitsTwoWithOneLine_data()
    {
        QTest::addColumn<std::vector<std::string>>("args");
        QTest::addColumn<std::string>("needle");
        const std::string out = dir_.filePath("bad-out").toStdString();
        auto row = [](const char* name, std::vector<std::string> args, const char* needle) {
            QTest::newRow(name) << args << std::string(needle);
        };
        row("no command", {}, "missing a command");
        row("unknown command", {"fly"}, "unknown command 'fly'");
        row("preset without name", {"preset"}, "usage: mtlx-cli preset NAME");
        row("unknown preset", {"preset", "nope"}, "unknown preset 'nope'");
        row("train without spec", {"train", "--out", out}, "missing SPEC.json or --preset");
        row("mistyped preset", {"train", "--preset", "sine-shared-botom"}, "did you mean 'sine-shared-bottom'?");
        row("help of no command", {"fly", "--help"}, "unknown command 'fly'");
        row("spec and preset", {"train", "a.json", "--preset", "sine-shared-bottom", "--out", out}, "either");
        row("unknown option", {"train", "--preset", "sine-shared-bottom", "--out", out, "--fast"},
            "unknown option '--fast'");
        row("epochs not a number", {"train", "--preset", "sine-shared-bottom", "--out", out, "--epochs", "ten"},
            "--epochs: 'ten' is not an integer");
        row("epochs zero", {"train", "--preset", "sine-shared-bottom", "--out", out, "--epochs", "0"},
            "--epochs: must be ≥ 1");
        row("limit missing value", {"train", "--preset", "sine-shared-bottom", "--out", out, "--limit-train"},
            "--limit-train: needs a value");
        row("bad arch", {"train", "--preset", "sine-shared-bottom", "--out", out, "--arch", "rnn"},
            "model.arch: 'rnn' is not one of");
        row("bad heads", {"train", "--preset", "sine-shared-bottom", "--out", out, "--heads", "tiny"},
            "heads.kind: 'tiny' is not one of");
        row("bad weighting", {"train", "--preset", "sine-shared-bottom", "--out", out, "--weighting", "x"},
            "training.weighting: 'x' is not one of");
        row("missing spec file", {"train", "/nonexistent/spec.json", "--out", out}, "cannot open the spec file");
        row("bench without spec", {"bench"}, "missing SPEC.json or --preset");
        row("bench steps zero", {"bench", "--preset", "bench-mmoe", "--steps", "0"}, "--steps: must be ≥ 1");
        row("bench threads text", {"bench", "--preset", "bench-mmoe", "--threads", "all"},
            "--threads: 'all' is not an integer");
        row("bench steps missing", {"bench", "--preset", "bench-mmoe", "--steps"}, "--steps: needs a value");
        row("bench with out", {"bench", "--preset", "bench-mmoe", "--out", out}, "--out is not used");
        // Integers are checked before they are cast: 2^32 + 1 epochs is not 1 epoch.
        row("epochs overflow", {"train", "--preset", "sine-shared-bottom", "--out", out, "--epochs", "4294967297"},
            "--epochs: must be ≤ 2147483647");
        row("threads beyond reason", {"bench", "--preset", "bench-mmoe", "--threads", "100000"},
            "--threads: must be ≤ 256");
        row("jobs beyond reason", {"sweep", "--preset", "sine-shared-bottom", "--out", out, "--jobs", "5000"},
            "--jobs: must be ≤ 256");
        // A model that cannot fit is refused before anything is allocated, naming the field.
        row("model too large",
            {"bench", spec({{"dataset", {{"kind", "random"}, {"dim", 100000}}},
                            {"model", {{"arch", "mmoe"}, {"experts", 256}, {"expert_dims", {{100000}}}}}})},
            "model.expert_dims: the benchmark needs about");
    }
    void badInputExitsTwoWithOneLine()
    {
        QFETCH(std::vector<std::string>, args);
        QFETCH(std::string, needle);
        const auto r = cli(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.find(needle) != std::string::npos, r.err.c_str());
        QVERIFY2(r.err.find('\n') == r.err.size() - 1, r.err.c_str()); // exactly one line
        QVERIFY(r.out.empty());
    }

    void badSpecFileNamesTheField()
    {
        const auto spec = path("bad.json");
        std::ofstream(spec) << R"({"model": 3, "dataset": {}})";
        const auto r = cli({"train", spec, "--out", path("bad")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.find("model: must be an object") != std::string::npos, r.err.c_str());
        QVERIFY(!QFile::exists(dir_.filePath("bad/result.json")));
    }

    void unwritableOutputIsRefusedBeforeTraining()
    {
        // A folder that exists but cannot be written: found before the (50-epoch) run, not after.
        if (::geteuid() == 0) {
            const auto r =
                cli({"train", "--preset", "sine-shared-bottom", "--out", "/proc/mtlx-out", "--epochs", "50"});
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.find("/proc/mtlx-out") != std::string::npos, r.err.c_str());
        } else {
            const auto ro = path("read-only");
            QDir().mkpath(QString::fromStdString(ro));
            QFile::setPermissions(QString::fromStdString(ro), QFileDevice::ReadOwner | QFileDevice::ExeOwner);
            const auto r = cli({"train", "--preset", "sine-shared-bottom", "--out", ro, "--epochs", "50"});
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.find("cannot write in the output folder") != std::string::npos, r.err.c_str());
        }
    }

    void unwritableOutputIsAnInputError()
    {
        const auto blocker = path("file");
        std::ofstream(blocker) << "x";
        const auto r = cli({"train", "--preset", "sine-shared-bottom", "--out", blocker + "/sub"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.find("cannot create the output folder") != std::string::npos, r.err.c_str());
    }

    // bench prints one JSON line; the parameter counts are the presets' models, by hand:
    // bench-mmoe: 8 experts (512·256 + 256 + 256·128 + 128) + gates 512·16 + 16
    //             + 2 towers (128·64 + 64 + 64 + 1) = 1,313,792 + 8,208 + 16,642;
    // bench-adatt: level 1 experts 7 (512·256 + 256), gates 4 units × (512·7 + 7), residual 3·2 + 1;
    //              level 2 experts 7 (256·128 + 128), gates 3 × (256·7 + 7), residual 3·2;
    //              3 towers (128·64 + 64 + 64 + 1).
    void benchPrintsOneJsonLine_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<qint64>("params");
        QTest::addColumn<qint64>("batch");
        QTest::newRow("bench-mmoe") << "bench-mmoe" << qint64(1313792 + 8208 + 16642) << qint64(1024);
        QTest::newRow("bench-adatt") << "bench-adatt" << qint64(919296 + 14364 + 7 + 230272 + 5397 + 6 + 24963)
                                     << qint64(1024);
    }
    void benchPrintsOneJsonLine()
    {
        QFETCH(QString, preset);
        QFETCH(qint64, params);
        QFETCH(qint64, batch);
        const auto r =
            cli({"bench", "--preset", preset.toStdString(), "--steps", "2", "--warmup", "1", "--threads", "1"});
        QCOMPARE(r.code, 0);
        QCOMPARE(std::count(r.out.begin(), r.out.end(), '\n'), std::ptrdiff_t(1));
        const auto j = nlohmann::json::parse(r.out);
        QCOMPARE(j["params"]["training"].get<qint64>(), params);
        QCOMPARE(j["params"]["serving"].get<qint64>(), params);
        QCOMPARE(j["batch"].get<qint64>(), batch);
        QCOMPARE(j["steps"].get<int>(), 2);
        QCOMPARE(j["threads"].get<int>(), 1);
        const double seconds = j["seconds"].get<double>();
        QVERIFY(seconds > 0);
        QVERIFY(std::abs(j["examples_per_second"].get<double>() - 2.0 * double(batch) / seconds) <
                1e-6 * double(batch) / seconds);
    }

    void benchCountsSmallHeadsInTrainingOnly()
    {
        const auto r =
            cli({"bench", "--preset", "sine-small-heads", "--steps", "1", "--warmup", "0", "--heads", "linear"});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out);
        // Linear heads on the 125-wide shared layer: 2 × (125 + 1) training-only parameters.
        QCOMPARE(j["params"]["training"].get<qint64>() - j["params"]["serving"].get<qint64>(), qint64(252));
        QCOMPARE(j["batch"].get<qint64>(), qint64(128));
    }

    void versionAndHelp()
    {
        QCOMPARE(cli({"--version"}).code, 0);
        QVERIFY(cli({"--version"}).out.rfind("mtlx-cli ", 0) == 0);
        QVERIFY(cli({"help"}).out.find("train (SPEC.json | --preset NAME)") != std::string::npos);
        QCOMPARE(cli({"--help"}).out, cli({"help"}).out);
        // Every command has its own help: synopsis, description and (spec commands) the overrides.
        for (const char* command :
             {"presets", "preset", "train", "sweep", "frontier", "compare", "bench", "reproduce", "schema"}) {
            const auto r = cli({command, "--help"});
            QCOMPARE(r.code, 0);
            QVERIFY2(r.out.rfind(std::string("usage: mtlx-cli ") + command, 0) == 0, r.out.c_str());
        }
        QVERIFY(cli({"train", "--help"}).out.find("--epochs N") != std::string::npos);
        QVERIFY(cli({"compare", "--help"}).out.find("--epochs") == std::string::npos);
    }

    // Without --out, train writes to a new folder of the user's runs folder and says where first.
    void trainWithoutOutWritesToTheRunsFolder()
    {
        const QByteArray old = qgetenv("XDG_DATA_HOME");
        qputenv("XDG_DATA_HOME", dir_.filePath("xdg").toUtf8());
        const auto r = cli(
            {"train", "--preset", "correlated-mmoe", "--epochs", "1", "--limit-train", "500", "--limit-test", "200"});
        const auto r2 = cli(
            {"train", "--preset", "correlated-mmoe", "--epochs", "1", "--limit-train", "500", "--limit-test", "200"});
        qputenv("XDG_DATA_HOME", old);
        QCOMPARE(r.code, 0);
        const std::string prefix = "writing to " + dir_.filePath("xdg/mtlx/runs/").toStdString();
        QVERIFY2(r.out.rfind(prefix, 0) == 0, r.out.c_str());
        const auto folder = r.out.substr(11, r.out.find('\n') - 11);
        QVERIFY(folder.find("correlated-mmoe") != std::string::npos);
        const auto result = readJson(QString::fromStdString(folder + "/result.json"));
        QCOMPARE(result["status"].get<std::string>(), std::string("ok"));
        QVERIFY(r.out.find("result: " + folder + "/result.json") != std::string::npos);
        // A second run in the same second gets a folder of its own.
        QVERIFY(r2.out.substr(0, r2.out.find('\n')) != r.out.substr(0, r.out.find('\n')));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
