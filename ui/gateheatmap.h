#pragma once
// Gate-weight heatmaps (docs/models.md "gate matrices", AdaTT Fig. 3): one level at a time,
// rows = gates (a task's unit, the shared unit, or an ML-MMoE gate feeding a next-level
// expert), columns = experts, updated live from the training reports. UI thread only.
//
// What it shows, so that nothing reads as learnt that is not:
//  - the softmax gate weights on one sequential colour scale shared by every level;
//  - for AdaTT the NativeExpertLF weights as a second, separately labelled matrix on a
//    diverging scale (they are learnt and may be negative, or a fixed 1 on the unit's own
//    expert) — never summed into the gate;
//  - cross-stitch α on a diverging scale when any entry is negative;
//  - cells a gate cannot reach (PLE) in grey, marked "–", never as a zero weight.
#include <vector>

#include <QString>
#include <QWidget>

#include "core/spec/result.h"

class QComboBox;
class QLabel;

namespace mtlx::ui {

class MatrixPlot;

class GateHeatmap : public QWidget {
    Q_OBJECT
public:
    explicit GateHeatmap(QWidget* parent = nullptr);

    // `context` says which model the gates are of where that varies (a preference-conditioned
    // run's "r = (0.30, 0.70)"); it heads the caption.
    void setGates(const std::vector<GateMatrix>& gates, const QString& context = {});
    void setLevel(int index); // 0-based, as the level box offers them
    const std::vector<GateMatrix>& gates() const { return gates_; }
    // What the cursor shows over a cell of the gate matrix / the NativeExpertLF matrix of the
    // current level: "A × shared/1: 0.412", "A × B/1: cannot reach"; empty outside.
    QString valueAt(int row, int col) const;
    QString nativeValueAt(int row, int col) const;
    bool showsNative() const; // the NativeExpertLF matrix is on screen (AdaTT)
    // The colour range of the gate matrix and of the NativeExpertLF matrix (the same for all levels).
    std::pair<double, double> gateRange() const { return gateRange_; }
    std::pair<double, double> nativeRange() const { return nativeRange_; }
    // Heatmaps shown side by side (the comparison) share one colour scale: at least these ranges.
    void widenRanges(std::pair<double, double> gate, std::pair<double, double> native);

private:
    void drawLevel();
    void updateRanges();
    QComboBox* level_;
    QLabel* hover_;
    QLabel* caption_;
    MatrixPlot* gatePlot_;
    MatrixPlot* nativePlot_;
    std::vector<GateMatrix> gates_;
    QString context_;
    std::pair<double, double> gateRange_{0, 1}, nativeRange_{-1, 1};
};

} // namespace mtlx::ui
