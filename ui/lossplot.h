#pragma once
// Loss curves per task (train solid, test dashed) by epoch, and the running weighted training
// loss within epochs (thin grey), live. Data are appended as reports arrive; a 40 ms
// single-shot timer merges redraws (PlotJuggler's pattern), so the screen never drives the
// training. UI thread only.
#include <string>
#include <vector>

#include <QTimer>
#include <QWidget>

#include "core/engine/runner.h"
#include "core/spec/result.h"

class QCustomPlot;
class QCheckBox;

namespace mtlx::ui {

class LossPlot : public QWidget {
    Q_OBJECT
public:
    explicit LossPlot(QWidget* parent = nullptr);

    void reset(const std::vector<std::string>& tasks);
    void addProgress(const Progress& p);
    void addEpoch(const EpochRecord& e);
    void showHistory(const std::vector<std::string>& tasks, const std::vector<EpochRecord>& history);

    QCustomPlot* plot() const { return plot_; }
    int pointCount() const; // data points drawn, all curves together (for tests)

private:
    void scheduleReplot();
    QCustomPlot* plot_;
    QCheckBox* logScale_;
    QTimer replot_;
    std::size_t tasks_ = 0;
};

} // namespace mtlx::ui
