// mtlx-cli as a process under signals: SIGTERM (like Ctrl-C) stops a run after the current batch
// and still writes result.json; a second SIGTERM ends the process at once.
#include <QtTest>

#include <csignal>
#include <fstream>
#include <set>

#include <QProcess>

#include <nlohmann/json.hpp>

class TestSignals : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    QProcess* start(const QString& out)
    {
        auto* p = new QProcess(this);
        p->setProgram(MTLX_CLI_PATH);
        p->setArguments(
            {"train", "--preset", "sine-shared-bottom", "--epochs", "200", "--limit-train", "20000", "--out", out});
        p->start();
        p->waitForStarted();
        return p;
    }

private Q_SLOTS:
    void sigtermStopsAndKeepsTheResult()
    {
        const QString out = dir_.filePath("stopped");
        auto* p = start(out);
        QTest::qWait(2500); // into training
        QCOMPARE(p->state(), QProcess::Running);
        ::kill(static_cast<pid_t>(p->processId()), SIGTERM);
        QVERIFY2(p->waitForFinished(15000), "still running 15 s after SIGTERM");
        QCOMPARE(p->exitStatus(), QProcess::NormalExit);
        QCOMPARE(p->exitCode(), 0);
        std::ifstream in((out + "/result.json").toStdString());
        const auto j = nlohmann::json::parse(in);
        QCOMPARE(j["status"].get<std::string>(), std::string("stopped"));
    }

    // Each batch of this wide model takes seconds, so the second SIGTERM reliably lands while
    // the run is still finishing the batch that the first one asked it to stop after.
    void aSecondSigtermEndsItAtOnce()
    {
        const QString specPath = dir_.filePath("slow.json");
        {
            nlohmann::json spec = {
                {"name", "slow-batches"},
                {"dataset", {{"kind", "synthetic_sine"}, {"train", 16384}, {"validation", 512}, {"test", 512}}},
                {"model", {{"arch", "shared_bottom"}, {"bottom", {3072, 3072}}, {"towers", {64}}}},
                {"training", {{"epochs", 5}, {"batch_size", 4096}, {"threads", 1}}}};
            std::ofstream(specPath.toStdString()) << spec.dump();
        }
        auto* p = new QProcess(this);
        p->setProgram(MTLX_CLI_PATH);
        p->setArguments({"train", specPath, "--out", dir_.filePath("killed")});
        p->setReadChannel(QProcess::StandardError);
        p->start();
        QVERIFY(p->waitForStarted());
        QTest::qWait(1500);
        QCOMPARE(p->state(), QProcess::Running);
        ::kill(static_cast<pid_t>(p->processId()), SIGTERM);
        QByteArray err;
        while (!err.contains("stopping after the current batch") && p->waitForReadyRead(5000))
            err += p->readAllStandardError();
        QVERIFY2(err.contains("stopping after the current batch"), err.constData());
        QCOMPARE(p->state(), QProcess::Running); // still inside the slow batch
        ::kill(static_cast<pid_t>(p->processId()), SIGTERM);
        QVERIFY(p->waitForFinished(5000));
        QCOMPARE(p->exitStatus(), QProcess::CrashExit); // ended by the signal itself
    }

    // SIGTERM while generated data are being made stops there (it used to be ignored until the
    // whole data set existed) and still writes result.json, status stopped.
    void sigtermWhileDataAreGeneratedStopsThere()
    {
        const QString specPath = dir_.filePath("big-data.json");
        {
            // ~10^9 Gaussian draws: many seconds of generating on any machine.
            nlohmann::json spec = {
                {"dataset", {{"kind", "random"}, {"dim", 256}, {"train", 4000000}, {"validation", 64}, {"test", 64}}},
                {"model", {{"arch", "shared_bottom"}, {"bottom", {8}}, {"towers", {4}}}},
                {"training", {{"epochs", 1}, {"threads", 1}}}};
            std::ofstream(specPath.toStdString()) << spec.dump();
        }
        QProcess p;
        p.setProgram(MTLX_CLI_PATH);
        p.setArguments({"train", specPath, "--out", dir_.filePath("generating")});
        p.start();
        QVERIFY(p.waitForStarted());
        QTest::qWait(1500);
        QCOMPARE(p.state(), QProcess::Running);
        QElapsedTimer clock;
        clock.start();
        ::kill(static_cast<pid_t>(p.processId()), SIGTERM);
        QVERIFY2(p.waitForFinished(30000), "still running 30 s after SIGTERM");
        QVERIFY2(clock.elapsed() < 4000, QByteArray::number(clock.elapsed()) + " ms from SIGTERM to exit");
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        std::ifstream in(dir_.filePath("generating/result.json").toStdString());
        const auto j = nlohmann::json::parse(in);
        QCOMPARE(j["status"].get<std::string>(), std::string("stopped"));
        QCOMPARE(j["message"].get<std::string>(), std::string("stopped while the data loaded"));
    }

    // Two identical sweeps started into one folder share its runs: each run is trained and
    // stored once (they used to train and store every run twice).
    void twoSweepsIntoOneFolderShareTheRuns()
    {
        const QString specPath = dir_.filePath("shared-sweep.json");
        {
            nlohmann::json spec = {
                {"dataset", {{"kind", "synthetic_sine"}, {"train", 2000}, {"validation", 64}, {"test", 256}}},
                {"model", {{"arch", "shared_bottom"}, {"bottom", {32}}, {"towers", {8}}}},
                {"training", {{"epochs", 3}, {"threads", 1}}},
                {"sweep", {{"points", 8}}}};
            std::ofstream(specPath.toStdString()) << spec.dump();
        }
        const QString out = dir_.filePath("shared-folder");
        QProcess a, b;
        for (auto* p : {&a, &b}) {
            p->setProgram(MTLX_CLI_PATH);
            // One run per stack, so that the two interleave run by run.
            p->setArguments({"sweep", specPath, "--out", out, "--stack", "1", "--jobs", "1"});
            p->start();
        }
        QVERIFY(a.waitForFinished(120000) && b.waitForFinished(120000));
        QCOMPARE(a.exitCode(), 0);
        QCOMPARE(b.exitCode(), 0);
        std::ifstream in((out + "/runs.jsonl").toStdString());
        std::set<std::string> runs;
        int lines = 0;
        for (std::string line; std::getline(in, line);) {
            ++lines;
            runs.insert(nlohmann::json::parse(line)["task_weights"].dump());
        }
        QCOMPARE(runs.size(), std::size_t(8));
        QCOMPARE(lines, 8);
    }
};

QTEST_GUILESS_MAIN(TestSignals)
#include "tst_signals.moc"
