#pragma once
// The architecture as a diagram in the manner of the papers' figures, drawn with QPainter from
// the spec alone: input at the bottom, the shared bottom or the expert levels with their gates,
// one tower per task, the small heads in orange (training only), and the training / serving
// parameter counts. Gated models are drawn from gateWiring() (core/gatewiring.h): each gate is
// linked to exactly the experts it can weigh, a dotted line shows what the gate reads, and
// AdaTT's NativeExpertLF residual is a thick dashed line. Repaints whenever the spec changes.
// UI thread only.
#include <vector>

#include <QRectF>
#include <QWidget>

class QPainter;

#include "core/spec/result.h"
#include "core/spec/spec.h"

namespace mtlx {
struct GateLevel;
}

namespace mtlx::ui {

class ArchitectureDiagram : public QWidget {
    Q_OBJECT
public:
    explicit ArchitectureDiagram(QWidget* parent = nullptr);

    void setSpec(const ExperimentSpec& spec);
    // What it draws, in words: the architecture, each level's experts and gates, the towers.
    static QString describe(const ExperimentSpec& spec);
    // known = false: the counts depend on the data files (shown once a run has loaded them).
    void setCounts(bool known, const ParameterCounts& counts, const QString& error = {});
    QString countsText() const { return counts_; }
    QSize sizeHint() const override { return {640, 420}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    class Layout;
    // Each draws one part and returns what the next part links to; `row` advances past it.
    std::vector<QRectF> drawBottom(QPainter& p, const Layout& g, int& row) const;
    std::vector<QRectF> drawLevels(QPainter& p, const Layout& g, int& row) const;
    std::vector<QRectF> drawExperts(QPainter& p, const Layout& g, int row, const GateLevel& level,
                                    const std::vector<std::int64_t>& dims, const QRectF& input,
                                    const std::vector<QRectF>& previousGates) const;
    void drawGateRow(QPainter& p, const GateLevel& level, const std::vector<QRectF>& experts,
                     const std::vector<QRectF>& gates, const QRectF& input,
                     const std::vector<QRectF>& previousGates) const;
    void drawTowers(QPainter& p, const Layout& g, int row, const std::vector<QRectF>& units) const;

    ExperimentSpec spec_;
    QString counts_;
    bool countsError_ = false;
};

} // namespace mtlx::ui
