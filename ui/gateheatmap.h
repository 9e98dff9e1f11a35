#pragma once
// Gate-weight heatmaps (SPEC.md §1.3, AdaTT Fig. 3): one level at a time, rows = tasks (or the
// shared module), columns = experts, with a colour scale and the value under the cursor. It
// updates live from the training reports. UI thread only.
#include <vector>

#include <QWidget>

#include "core/result.h"

class QComboBox;
class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QCPItemText;
class QLabel;

namespace mtlx::ui {

class GateHeatmap : public QWidget {
    Q_OBJECT
public:
    explicit GateHeatmap(QWidget* parent = nullptr);

    void setGates(const std::vector<GateMatrix>& gates);
    const std::vector<GateMatrix>& gates() const { return gates_; }
    QString valueAt(int row, int col) const; // "A × shared/1: 0.412", as the cursor shows

private:
    void drawLevel();
    QComboBox* level_;
    QCustomPlot* plot_;
    QCPColorMap* map_;
    QCPColorScale* scale_;
    QCPItemText* empty_;
    QLabel* hover_;
    std::vector<GateMatrix> gates_;
    int rows_ = 0, cols_ = 0;
};

} // namespace mtlx::ui
