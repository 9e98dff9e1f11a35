#pragma once
// What every plot of the window shares: colours from the application's palette (so a dark
// desktop theme gives dark plots), and one line of what to do in place of empty axes. UI thread.
#include <QString>

class QCustomPlot;

namespace mtlx::ui {

// Background, axes, grid, text and legend from QApplication's palette.
void applyPalette(QCustomPlot* plot);
// Keeps the x and y axes readable when the plot is small: a label longer than its axis drops its
// trailing "(…)" or is elided, and the tick count follows the axis' length.
void fitAxesToSize(QCustomPlot* plot);
// A dark palette for the whole program (View ▸ Dark palette), or the style's own when !dark.
void setDarkPalette(bool dark);
bool darkPaletteOn();
// Shows `hint` centred in the plot while it has no data ("" removes it); the axes are hidden
// meanwhile, so no blank 0–5 frame reads as a result.
void setEmptyHint(QCustomPlot* plot, const QString& hint);
bool hasEmptyHint(const QCustomPlot* plot);
// The legend in a row under the axes while it has entries, out of the layout while it has none
// (an empty legend would cap the axes' width at its own).
void placeLegendBelow(QCustomPlot* plot);
// A small legend (`pointSize`) in `columns` columns under the axes (placed by placeLegendBelow).
void styleLegendBelow(QCustomPlot* plot, int columns, double pointSize = 7);

} // namespace mtlx::ui
