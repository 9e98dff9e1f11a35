#pragma once
// Saving what a view shows: PNG, SVG or PDF by the file's extension. Plots (QCustomPlot) are
// drawn as vectors into SVG and PDF; other widgets (the architecture diagram) are rendered
// through their paint code. UI thread only. Returns an empty string or a one-line error.
#include <QColor>
#include <QSize>
#include <QString>

class QWidget;

namespace mtlx::ui {

// `size`: the picture's size in logical pixels (empty: the view's own; the view is laid out at
// that size while it is drawn); `dpi`: the PNG's resolution (96 = one pixel per logical pixel,
// 192 doubles every side) — SVG and PDF are vectors at any size.
QString exportView(QWidget* view, const QString& path, QSize size = {}, int dpi = 96);
// The palette of tasks, runs and configurations, shared by every view so a task has one colour:
// 8 hues, then the same darker and paler, 24 colours before one repeats.
QColor seriesColor(int index);

// Where a file dialog for the user's own files opens: the folder of the last file chosen in one
// (remembered across sessions), else the Documents folder — never the working directory.
QString dialogFolder();
// `name` in dialogFolder(); and the folder of a chosen `path` remembered.
QString inDialogFolder(const QString& name);
void rememberDialogFolder(const QString& path);

} // namespace mtlx::ui
