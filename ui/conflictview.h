#pragma once
// Gradient conflict over training (docs/probes.md): per epoch, the cosine similarity between
// two tasks' gradients on the shared parameters (history[].gradient_cosine), one curve per pair
// of tasks, for the current run and every run ticked in the Runs panel (in the run's colour),
// optionally per level of a multi-level model (thinner, dashed). A line at 0 separates
// cooperation (above) from conflict (below). Or, per epoch, the share of the measured steps in
// conflict (conflict_share), with a line at ½ (gradients of random sign). UI thread only.
#include <string>
#include <vector>

#include <QColor>
#include <QString>
#include <QWidget>

#include "core/spec/result.h"
#include "ui/runseries.h"

class QCustomPlot;
class QCheckBox;

namespace mtlx::ui {

class ConflictView : public QWidget {
    Q_OBJECT
public:
    explicit ConflictView(QWidget* parent = nullptr);

    // The run being trained: its tasks, then each epoch as it ends.
    void startRun(const QString& name, const std::vector<std::string>& tasks);
    void addEpoch(const EpochRecord& e);
    // Finished runs to draw beside it (the Runs panel's ticked ones).
    void setOverlays(std::vector<RunSeries> overlays);
    void setLevelsShown(bool on);
    // The share of each epoch's measured steps in conflict (cosine < 0) instead of the mean cosine.
    void setShareShown(bool on);
    // Also draw, per task, the cosine of the update the weighting method applied to the shared
    // parameters with that task's gradient (history[].update_cosine).
    void setUpdateShown(bool on);

    QCustomPlot* plot() const { return plot_; }
    int curveCount() const; // curves with data (for tests)

private:
    void draw();
    void addSeries(const RunSeries& s, bool current);
    void addUpdateSeries(const RunSeries& s, bool current);
    QCustomPlot* plot_;
    QCheckBox* levels_;
    QCheckBox* share_;
    QCheckBox* update_;
    RunSeries current_;
    std::vector<RunSeries> overlays_;
};

} // namespace mtlx::ui
