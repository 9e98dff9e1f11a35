#pragma once
// Draws a reproduction's figures (core/reproduce/reproduction.h) with the window's own views —
// the Pareto view, the activation histograms, the gate heatmaps, and a line plot with error
// bars — into PNG and SVG files, without showing a window (mtlx-cli runs it on Qt's offscreen
// platform). UI thread only.
#include <string>

#include "core/reproduce/reproduction.h"

namespace mtlx::ui {

// basePath + ".png" and ".svg"; returns "" or a one-line error.
std::string renderFigure(const Figure& figure, const std::string& basePath);

} // namespace mtlx::ui
