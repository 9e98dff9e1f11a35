#pragma once
// What every plot of the window shares: colours from the application's palette (so a dark
// desktop theme gives dark plots), and one line of what to do in place of empty axes. UI thread.
#include <functional>

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
// (an empty legend would cap the axes' width at its own). A capped legend (styleLegendBelow) takes
// at most about a third of the plot's height on screen: the entries beyond are removed from it
// (their curves stay) and a line under it says how many — for views that rebuild their curves,
// and so their legend, at every draw.
void placeLegendBelow(QCustomPlot* plot);
// The columns styleLegendBelow asked for while the widest entry fits them in the plot's width,
// fewer otherwise (one at least), so that no name is cut off at the plot's edge.
void fitLegendColumns(QCustomPlot* plot);
// Calls `redraw` (once, on the next turn of the event loop) when the plot is shown or resized: a
// view drawn while hidden (a tab not in front) redraws its legend for the room it has on screen.
void redrawWhenShownOrResized(QCustomPlot* plot, std::function<void()> redraw);
// A small legend (`pointSize`) in `columns` columns under the axes (placed by placeLegendBelow).
void styleLegendBelow(QCustomPlot* plot, int columns, double pointSize = 7, bool capped = false);

} // namespace mtlx::ui
