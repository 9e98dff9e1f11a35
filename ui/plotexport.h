#pragma once
// Saving what a view shows: PNG, SVG or PDF by the file's extension. Plots (QCustomPlot) are
// drawn as vectors into SVG and PDF; other widgets (the architecture diagram) are rendered
// through their paint code. UI thread only. Returns an empty string or a one-line error.
#include <QColor>
#include <QString>

class QWidget;

namespace mtlx::ui {

QString exportView(QWidget* view, const QString& path);
// The palette of tasks and configurations, shared by every view so a task has one colour.
QColor seriesColor(int index);

} // namespace mtlx::ui
