// mtlx-cli as a library call: commands, overrides, result.json, and bad input exiting 2 with one line.
#include <QtTest>

#include <fstream>
#include <sstream>

#include "core/cli.h"

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

}  // namespace

class TestCli : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    std::string path(const char* name) const { return dir_.filePath(name).toStdString(); }

private Q_SLOTS:
    void presetsAreListed()
    {
        const auto r = cli({"presets"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.find("sine-shared-bottom") != std::string::npos);
        QVERIFY(r.out.find("sine-small-heads") != std::string::npos);
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
        const auto r = cli({"train", "--preset", "sine-small-heads", "--out", out, "--epochs", "2", "--limit-train",
                            "1500", "--limit-test", "300", "--seed", "5", "--heads", "bottleneck", "--arch",
                            "single_task", "--weighting", "linear", "--data-dir", path("nowhere")});
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
        row("train without out", {"train", "--preset", "sine-shared-bottom"}, "missing --out");
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
    }
    void badInputExitsTwoWithOneLine()
    {
        QFETCH(std::vector<std::string>, args);
        QFETCH(std::string, needle);
        const auto r = cli(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.find(needle) != std::string::npos, r.err.c_str());
        QVERIFY2(r.err.find('\n') == r.err.size() - 1, r.err.c_str());  // exactly one line
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

    void unwritableOutputIsAnInputError()
    {
        const auto blocker = path("file");
        std::ofstream(blocker) << "x";
        const auto r = cli({"train", "--preset", "sine-shared-bottom", "--out", blocker + "/sub"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.find("cannot create the output folder") != std::string::npos, r.err.c_str());
    }

    void versionAndHelp()
    {
        QCOMPARE(cli({"--version"}).code, 0);
        QVERIFY(cli({"--version"}).out.rfind("mtlx-cli ", 0) == 0);
        QVERIFY(cli({"help"}).out.find("train (SPEC.json | --preset NAME)") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
