// The window's controllers, each on its own (mainwindow.h): the compare queue, the run history
// (folders, checkpoints, export), the recent files, the scripted screenshot and the lesson player.
// No training: each is driven with made-up results and steps.
#include <QtTest>

#include <fstream>

#include <QImage>
#include <QMenu>
#include <QSettings>
#include <QTemporaryDir>

#include "core/spec/presets.h"
#include "core/spec/specerror.h"
#include "ui/comparequeue.h"
#include "ui/lessonplayer.h"
#include "ui/lessons.h"
#include "ui/recentfiles.h"
#include "ui/runhistory.h"
#include "ui/scriptedshot.h"

namespace {

mtlx::RunResult madeUpResult(mtlx::RunStatus status)
{
    mtlx::RunResult r;
    r.spec = mtlx::presetSpec("correlated-mmoe");
    r.spec.name = "demo";
    r.status = status;
    for (const char* name : {"y1", "y2"}) {
        mtlx::TaskResult t;
        t.name = name;
        t.kind = mtlx::TaskKind::Regression;
        t.test = {{"mse", 0.25}};
        r.tasks.push_back(t);
    }
    return r;
}

void touch(const QString& path)
{
    std::ofstream(path.toStdString()) << "x";
}

QString readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace

class TestControllers : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("mtlx-tests");
        QCoreApplication::setApplicationName("tst_controllers");
    }

    void compareQueueHandsOutOneStackPerArchitecture()
    {
        auto spec = mtlx::presetSpec("correlated-mmoe");
        spec.training.seed = 5;
        mtlx::ui::CompareQueue q;
        QVERIFY(!q.active() && !q.pending());
        q.start(spec, {"shared_bottom", " mmoe", "ple"}, 2);
        QVERIFY(q.active() && q.pending());
        QVERIFY2(q.title().contains("shared_bottom, mmoe, ple × 2 seed(s)"), qPrintable(q.title()));
        auto first = q.takeNext();
        QVERIFY(first.has_value());
        QCOMPARE(first->runs.size(), std::size_t(2));
        QCOMPARE(first->runs[0].model.arch, std::string("shared_bottom"));
        QCOMPARE(first->runs[0].training.seed, std::uint64_t(5));
        QCOMPARE(first->runs[1].training.seed, std::uint64_t(6));
        QVERIFY2(first->status.contains("runs 1–2 of 6"), qPrintable(first->status));
        q.addRun(10);
        q.addRun(11);
        const auto second = q.takeNext();
        QCOMPARE(second->runs[0].model.arch, std::string("mmoe"));
        QVERIFY2(second->status.contains("runs 3–4 of 6"), qPrintable(second->status));
        QCOMPARE(q.runIds(), (std::vector<int>{10, 11}));
        q.cancel(); // Stop: the last stack is not trained, the comparison stays until training ends
        QVERIFY(!q.pending() && q.active());
        QVERIFY(!q.takeNext().has_value());
        q.finish();
        QVERIFY(!q.active());

        // An architecture that does not fit names itself and changes nothing.
        QVERIFY_THROWS_EXCEPTION(mtlx::InputError, q.start(spec, {"mmoe", "nonsense"}, 2));
        try {
            q.start(spec, {"mmoe", "nonsense"}, 2);
        } catch (const mtlx::InputError& e) {
            QVERIFY2(QString(e.what()).startsWith("nonsense does not fit"), e.what());
        }
        QVERIFY(!q.active() && !q.pending());
        QVERIFY_THROWS_EXCEPTION(mtlx::InputError, q.start(spec, {}, 2));
        // One seed: the stack is one run, named by its summary.
        q.start(spec, {"mmoe"}, 1);
        QVERIFY2(q.takeNext()->status.contains("runs 1–1 of 1"), "one run");
    }

    void runHistoryKeepsEachRunInItsFolder()
    {
        const QString root = tmp_.filePath("runs");
        QDir().mkpath(root);
        mtlx::ui::RunHistory h(root);
        QVERIFY(!h.last());
        QVERIFY(h.exportLast(tmp_.filePath("x.json")).contains("no finished run"));

        // A lone run: its folder from the start, the checkpoint gone once it ends well.
        const QString checkpoint = h.begin("demo");
        const QString folder = QFileInfo(checkpoint).path();
        QCOMPARE(QFileInfo(folder).path(), root);
        QVERIFY(QFileInfo(folder).isDir());
        touch(checkpoint);
        const QString path = h.save(madeUpResult(mtlx::RunStatus::Ok));
        QCOMPARE(path, folder + "/result.json");
        QCOMPARE(h.lastPath(), path);
        QVERIFY(QFileInfo::exists(path));
        QVERIFY(!QFileInfo::exists(checkpoint));
        QVERIFY(readAll(path).contains("\"y2\""));

        // A stopped run keeps its checkpoint; resuming goes on in the same folder and names the
        // stopped run once.
        const QString stoppedCheckpoint = h.begin("demo");
        touch(stoppedCheckpoint);
        const QString stopped = h.save(madeUpResult(mtlx::RunStatus::Stopped));
        QVERIFY(QFileInfo::exists(stoppedCheckpoint));
        QVERIFY(stopped != path);
        QCOMPARE(h.resume(QFileInfo(stopped).path(), 7), stoppedCheckpoint);
        QCOMPARE(h.takeResumed(), 7);
        QCOMPARE(h.takeResumed(), -1);
        QCOMPARE(h.save(madeUpResult(mtlx::RunStatus::Ok)), stopped);
        QVERIFY(!QFileInfo::exists(stoppedCheckpoint));

        // A run that failed before its first epoch leaves no folder; a stack's run gets a new one.
        const QString failed = QFileInfo(h.begin("demo")).path();
        QVERIFY(QFileInfo(failed).isDir());
        h.discard();
        QVERIFY(!QFileInfo::exists(failed));
        const QString stackRun = h.save(madeUpResult(mtlx::RunStatus::Ok));
        QVERIFY(stackRun != path && stackRun != stopped && QFileInfo::exists(stackRun));
        QCOMPARE(QDir(root).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size(), 3);

        // Export: CSV with a header and a row per task, JSON as result.json; a bad path named.
        QCOMPARE(h.exportLast(tmp_.filePath("last.csv")), QString());
        const QStringList lines = readAll(tmp_.filePath("last.csv")).split('\n', Qt::SkipEmptyParts);
        QVERIFY2(lines.size() >= 3, qPrintable(lines.join(" | ")));
        QCOMPARE(h.exportLast(tmp_.filePath("last.json")), QString());
        QCOMPARE(readAll(tmp_.filePath("last.json")), readAll(stackRun));
        QVERIFY(h.exportLast("/nonexistent-folder/x.csv").contains("/nonexistent-folder/x.csv"));
        // A folder that cannot be made: the error names it, nothing is remembered.
        touch(tmp_.filePath("a-file"));
        mtlx::ui::RunHistory bad(tmp_.filePath("a-file/runs"));
        QVERIFY_THROWS_EXCEPTION(std::exception, bad.begin("demo"));
    }

    void recentFilesKeepTheNewestOnceAndOpenThem()
    {
        QSettings().remove("recentFiles");
        QMenu menu;
        mtlx::ui::RecentFiles recent(&menu, nullptr, 8);
        QVERIFY(!menu.isEnabled());
        for (int i = 0; i < 10; ++i)
            recent.add(tmp_.filePath(QString("spec%1.json").arg(i)));
        QCOMPARE(recent.files().size(), 8);
        QCOMPARE(recent.files().front(), tmp_.filePath("spec9.json"));
        QCOMPARE(recent.files().back(), tmp_.filePath("spec2.json"));
        recent.add(tmp_.filePath("spec5.json")); // again: to the top, once
        QCOMPARE(recent.files().front(), tmp_.filePath("spec5.json"));
        QCOMPARE(recent.files().count(tmp_.filePath("spec5.json")), 1);
        QCOMPARE(recent.files().size(), 8);
        QVERIFY(menu.isEnabled());
        QCOMPARE(menu.actions().size(), 8);
        QCOMPARE(menu.actions()[1]->text(), tmp_.filePath("spec9.json"));
        QSignalSpy open(&recent, &mtlx::ui::RecentFiles::openRequested);
        menu.actions()[1]->trigger();
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.front().front().toString(), tmp_.filePath("spec9.json"));
        // Kept across windows: a new menu lists the same files.
        QMenu other;
        mtlx::ui::RecentFiles again(&other, nullptr, 8);
        QCOMPARE(other.actions().size(), 8);
        QSettings().remove("recentFiles");
    }

    void scriptedShotTakesItsPictureOnce()
    {
        QWidget w;
        w.resize(240, 120);
        w.show();
        mtlx::ui::ScriptedShot shot;
        QVERIFY(!shot.pending());
        QVERIFY(!shot.take(&w, 0, [](const QString&) { return QString(); }).taken);
        const QString png = tmp_.filePath("shot.png");
        shot.ask(png, false);
        QVERIFY(shot.pending() && !shot.quitWhenDone());
        QStringList reports;
        shot.askGeometryReport(tmp_.filePath("geometry.json"));
        auto out = shot.take(&w, 2, [&](const QString& path) {
            reports << path;
            return QString();
        });
        QVERIFY(out.taken);
        QCOMPARE(out.code, 2); // the run's code passes through
        QCOMPARE(reports, QStringList{tmp_.filePath("geometry.json")});
        const QImage image(png);
        QCOMPARE(image.size(), QSize(240, 120) * w.devicePixelRatio());
        QVERIFY(!shot.pending());
        QVERIFY(!shot.take(&w, 0, [](const QString&) { return QString(); }).taken); // once

        // What cannot be written is said, and the exit code is 1.
        shot.ask("/nonexistent-folder/shot.png", true);
        QVERIFY(shot.quitWhenDone());
        out = shot.take(&w, 0, [](const QString& path) { return path + ": cannot write"; });
        QCOMPARE(out.code, 1);
        QVERIFY2(out.error.contains("/nonexistent-folder/shot.png"), qPrintable(out.error));
        QVERIFY2(out.error.contains("geometry.json: cannot write"), qPrintable(out.error)); // both said
        // --quit-when-done alone is pending too (the program exits when the work ends).
        mtlx::ui::ScriptedShot quit;
        quit.ask(QString(), true);
        QVERIFY(quit.pending());
    }

    void lessonPlayerTrainsEveryStepWithAnActionInTurn()
    {
        using Action = mtlx::ui::LessonStep::Action;
        const auto& lesson = mtlx::ui::lessons()[1]; // two Train steps and a Compare, then none
        std::vector<int> expected;
        for (int i = 0; i < static_cast<int>(lesson.steps.size()); ++i)
            if (lesson.steps[static_cast<std::size_t>(i)].action != Action::None) expected.push_back(i);
        QVERIFY(expected.size() >= 2);
        const int last = static_cast<int>(lesson.steps.size()) - 1;

        mtlx::ui::LessonPanel panel;
        panel.open(1, 0);
        std::vector<int> setUp;
        bool starts = true;
        mtlx::ui::LessonPlayer* player = nullptr;
        mtlx::ui::LessonPlayer p(
            &panel,
            [&](const mtlx::ui::LessonStep& step) {
                if (&step != &panel.currentStep() || !starts) return false;
                setUp.push_back(panel.step());
                player->stepStarted();
                return true;
            },
            nullptr);
        player = &p;
        QSignalSpy finished(&p, &mtlx::ui::LessonPlayer::finished);
        p.play(last);
        QVERIFY(p.playing());
        QCOMPARE(setUp, std::vector<int>{expected.front()});
        QCOMPARE(p.training(), std::make_optional(std::make_pair(1, expected.front())));
        for (std::size_t k = 1; k < expected.size(); ++k) {
            p.trainingEnded(true);
            QCOMPARE(setUp.back(), expected[k]);
        }
        QCOMPARE(finished.size(), 0);
        p.trainingEnded(true);
        QCOMPARE(setUp, expected);
        QVERIFY(!p.playing() && !p.training());
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.front().front().toBool(), true);

        // A failed run ends the playing at its step.
        setUp.clear();
        p.play(last);
        p.trainingEnded(false);
        QCOMPARE(setUp, std::vector<int>{expected.front()});
        QVERIFY(!p.playing());
        QCOMPARE(finished.size(), 2);
        QCOMPARE(finished.back().front().toBool(), false);
        // So does a step that cannot start; playing up to step 1 stops before the later steps.
        starts = false;
        p.play(last);
        QCOMPARE(finished.size(), 3);
        QCOMPARE(finished.back().front().toBool(), false);
        starts = true;
        setUp.clear();
        p.play(expected.front());
        p.trainingEnded(true);
        QCOMPARE(setUp, std::vector<int>{expected.front()});
        QCOMPARE(finished.back().front().toBool(), true);
    }
};

QTEST_MAIN(TestControllers)
#include "tst_controllers.moc"
