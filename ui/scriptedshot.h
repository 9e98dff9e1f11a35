#pragma once
// What a script asked of the window on its command line (docs/cli.md): --screenshot FILE (a PNG
// of the window, or of the dialog in front), --geometry-report FILE (every view's plotting area
// as JSON) and --quit-when-done (then exit with the run's code). Taken once, when the work the
// script started has ended. While one is pending the window opens no dialog that waits for a
// click. UI thread only.
#include <functional>

#include <QCoreApplication>
#include <QString>

class QWidget;

namespace mtlx::ui {

class ScriptedShot {
    Q_DECLARE_TR_FUNCTIONS(ScriptedShot)
public:
    void ask(const QString& screenshot, bool quitWhenDone);
    void askGeometryReport(const QString& path);
    bool pending() const { return pending_; }
    bool quitWhenDone() const { return quitWhenDone_; }

    struct Outcome {
        bool taken = false; // false: nothing was pending
        int code = 0;       // the exit code: `code` given, or 1 when a file could not be written
        QString error;      // what could not be written
    };
    // Writes the geometry report (through `writeReport`, which returns "" or the error) and the
    // picture of `shown`; nothing more is pending afterwards.
    Outcome take(QWidget* shown, int code, const std::function<QString(const QString&)>& writeReport);

private:
    QString screenshot_;
    QString geometryReport_;
    bool quitWhenDone_ = false;
    bool pending_ = false;
};

} // namespace mtlx::ui
