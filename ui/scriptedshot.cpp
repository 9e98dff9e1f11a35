#include "ui/scriptedshot.h"

#include <QApplication>
#include <QPixmap>
#include <QWidget>

namespace mtlx::ui {

void ScriptedShot::ask(const QString& screenshot, bool quitWhenDone)
{
    screenshot_ = screenshot;
    quitWhenDone_ = quitWhenDone;
    pending_ = pending_ || !screenshot.isEmpty() || quitWhenDone;
}

void ScriptedShot::askGeometryReport(const QString& path)
{
    geometryReport_ = path;
    pending_ = pending_ || !path.isEmpty();
}

ScriptedShot::Outcome ScriptedShot::take(QWidget* shown, int code,
                                         const std::function<QString(const QString&)>& writeReport)
{
    Outcome out;
    if (!pending_) return out;
    pending_ = false;
    out.taken = true;
    out.code = code;
    if (!geometryReport_.isEmpty()) {
        QApplication::processEvents(); // the layout settled
        out.error = writeReport(geometryReport_);
        if (!out.error.isEmpty()) out.code = 1;
    }
    if (!screenshot_.isEmpty()) {
        for (auto* w : shown->findChildren<QWidget*>())
            w->update();
        QApplication::processEvents();
        if (!shown->grab().save(screenshot_, "PNG")) {
            const QString error = tr("%1: cannot write the screenshot").arg(screenshot_);
            out.error = out.error.isEmpty() ? error : out.error + "; " + error;
            out.code = 1;
        }
    }
    return out;
}

} // namespace mtlx::ui
