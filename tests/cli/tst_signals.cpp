// mtlx-cli as a process under signals: SIGTERM (like Ctrl-C) stops a run after the current batch
// and still writes result.json; a second SIGTERM ends the process at once.
#include <QtTest>

#include <csignal>
#include <fstream>
#include <set>
#include <sstream>

#include <unistd.h>

#include <QDir>
#include <QFileInfo>
#include <QProcess>

#include <nlohmann/json.hpp>

class TestSignals : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    // The spec written to a file of the test's folder; its path.
    QString specFile(const char* name, const nlohmann::json& spec)
    {
        const QString path = dir_.filePath(name);
        std::ofstream(path.toStdString()) << spec.dump();
        return path;
    }

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
        // Into training: the checkpoint of its first epoch is there.
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(out + "/checkpoint.pt"), 60000);
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
        const QString specPath =
            specFile("slow.json",
                     {{"name", "slow-batches"},
                      {"dataset", {{"kind", "synthetic_sine"}, {"train", 16384}, {"validation", 512}, {"test", 512}}},
                      {"model", {{"arch", "shared_bottom"}, {"bottom", {3072, 3072}}, {"towers", {64}}}},
                      {"training", {{"epochs", 5}, {"batch_size", 4096}, {"threads", 1}}}});
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
        // 4,000 sines per example, 10^6 examples: a minute of generating, in 32 MB.
        const QString specPath =
            specFile("big-data.json", {{"dataset",
                                        {{"kind", "synthetic_correlated"},
                                         {"dim", 8},
                                         {"sines", 2000},
                                         {"train", 1000000},
                                         {"validation", 64},
                                         {"test", 64}}},
                                       {"model", {{"arch", "shared_bottom"}, {"bottom", {8}}, {"towers", {4}}}},
                                       {"training", {{"epochs", 1}, {"threads", 1}}}});
        QProcess p;
        p.setProgram(MTLX_CLI_PATH);
        p.setArguments({"train", specPath, "--out", dir_.filePath("generating")});
        p.start();
        QVERIFY(p.waitForStarted());
        // main() has run (the handlers are set first) once it made the run's folder; the data are
        // generated after that, for a minute.
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(dir_.filePath("generating")), 30000);
        QCOMPARE(p.state(), QProcess::Running);
        QElapsedTimer clock;
        clock.start();
        ::kill(static_cast<pid_t>(p.processId()), SIGTERM);
        QVERIFY2(p.waitForFinished(30000), "still running 30 s after SIGTERM");
        QVERIFY2(clock.elapsed() < 8000, QByteArray::number(clock.elapsed()) + " ms from SIGTERM to exit");
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
        const QString specPath =
            specFile("shared-sweep.json",
                     {{"dataset", {{"kind", "synthetic_sine"}, {"train", 2000}, {"validation", 64}, {"test", 256}}},
                      {"model", {{"arch", "shared_bottom"}, {"bottom", {32}}, {"towers", {8}}}},
                      {"training", {{"epochs", 3}, {"threads", 1}}},
                      {"sweep", {{"points", 8}}}});
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

    // A claim binds while its process lives: one made by this (living) test process is skipped; one
    // whose pid now belongs to another process (pid 1, another start time) is not, nor one released.
    void aClaimBindsOnlyWhileItsProcessLives()
    {
        const QString specPath = specFile(
            "claims.json", {{"dataset", {{"kind", "synthetic_sine"}, {"train", 256}, {"validation", 64}, {"test", 64}}},
                            {"model", {{"arch", "shared_bottom"}, {"bottom", {16}}, {"towers", {4}}}},
                            {"training", {{"epochs", 1}, {"threads", 1}}},
                            {"sweep", {{"points", 4}}}});
        auto sweep = [&](const QString& out) {
            QProcess p;
            p.start(MTLX_CLI_PATH, {"sweep", specPath, "--out", out});
            p.waitForFinished(120000);
            return std::make_pair(p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()));
        };
        // The run hashes, in plan order, from a sweep's own claims.
        const QString first = dir_.filePath("claims-a");
        QCOMPARE(sweep(first).first, 0);
        std::ifstream claimsIn((first + "/runs.claims").toStdString());
        std::vector<std::string> hashes;
        for (std::string hash, what, rest; claimsIn >> hash >> what && std::getline(claimsIn, rest);)
            if (what == "done") hashes.push_back(hash);
        QCOMPARE(hashes.size(), std::size_t(4));
        char host[256] = {};
        ::gethostname(host, sizeof host - 1);
        std::ifstream statIn("/proc/self/stat");
        const std::string stat((std::istreambuf_iterator<char>(statIn)), std::istreambuf_iterator<char>());
        std::istringstream fields(stat.substr(stat.rfind(')') + 1));
        std::string start;
        for (int i = 3; i <= 22; ++i)
            fields >> start;
        const QString second = dir_.filePath("claims-b");
        QVERIFY(QDir().mkpath(second));
        {
            std::ofstream claims((second + "/runs.claims").toStdString());
            const std::string me = std::to_string(::getpid()) + " " + start + " " + host;
            claims << hashes[0] << " claim " << me << "\n"           // alive: skipped
                   << hashes[1] << " claim 1 12345 " << host << "\n" // pid 1, another start
                   << hashes[2] << " claim " << me << "\n"           // alive, but released
                   << hashes[2] << " release\n";
        }
        const auto [code, out] = sweep(second);
        QCOMPARE(code, 0);
        QVERIFY2(out.contains("0 already done, 1 trained by another sweep of this folder, 3 trained in"),
                 qPrintable(out));
        std::ifstream runs((second + "/runs.jsonl").toStdString());
        int lines = 0;
        for (std::string line; std::getline(runs, line);)
            lines += line.empty() ? 0 : 1;
        QCOMPARE(lines, 3);
    }
};

QTEST_GUILESS_MAIN(TestSignals)
#include "tst_signals.moc"
