// mtlx-cli as a process under signals: SIGTERM (like Ctrl-C) stops a run after the current batch
// and still writes result.json; a second SIGTERM ends the process at once.
#include <QtTest>

#include <csignal>
#include <fstream>

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
};

QTEST_GUILESS_MAIN(TestSignals)
#include "tst_signals.moc"
