#pragma once
// Loss curves of the run being trained, live, and of the runs ticked in the Runs panel:
//  - per task the batch loss of the main tower, smoothed (an exponential moving average whose
//    strength the "smoothing" slider sets) and continuous across epochs;
//  - the small heads' loss (γ · Σ of a task's heads) apart, thin and grey, never mixed in;
//  - after each epoch the evaluated train (solid), validation (dash-dot) and test (dashed) loss;
//  - ticked runs: their validation loss per task in the run's colour.
// Data are appended as reports arrive; a 40 ms single-shot timer merges redraws (PlotJuggler's
// pattern), so the screen never drives the training. UI thread only.
#include <string>
#include <vector>

#include <QColor>
#include <QString>
#include <QTimer>
#include <QWidget>

#include "core/engine/runner.h"
#include "core/spec/result.h"
#include "ui/runseries.h"

class QCustomPlot;
class QCheckBox;
class QSlider;
class QLabel;

namespace mtlx::ui {

class LossPlot : public QWidget {
    Q_OBJECT
public:
    explicit LossPlot(QWidget* parent = nullptr);

    void reset(const std::vector<std::string>& tasks);
    void addProgress(const Progress& p);
    void addEpoch(const EpochRecord& e);
    void showHistory(const std::vector<std::string>& tasks, const std::vector<EpochRecord>& history);
    void setOverlays(std::vector<RunSeries> overlays);
    // 0 (raw batch losses) … 0.99 (heavily smoothed).
    void setSmoothing(double alpha);
    double smoothing() const { return smoothing_; }

    QCustomPlot* plot() const { return plot_; }
    int pointCount() const; // data points drawn, all curves together (for tests)
    // The smoothed batch loss of task t as drawn (for tests).
    std::vector<double> smoothedTaskLoss(std::size_t t) const;

private:
    void scheduleReplot();
    void draw();
    void drawBatches();
    void drawEpochs();
    QCustomPlot* plot_;
    QCheckBox* logScale_;
    QSlider* smoothingSlider_;
    QLabel* smoothingLabel_;
    QTimer replot_;
    std::vector<std::string> tasks_;
    std::vector<double> batchX_;
    std::vector<std::vector<double>> taskLoss_, headLoss_; // [task][report]
    std::vector<EpochRecord> epochs_;
    std::vector<RunSeries> overlays_;
    double smoothing_ = 0.6;
};

} // namespace mtlx::ui
