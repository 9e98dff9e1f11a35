#pragma once
// The architecture as a diagram in the manner of the papers' figures, drawn with QPainter from
// the spec alone: input at the bottom, the shared bottom or the expert levels with their gates,
// one tower per task, the small heads in orange (training only), and the training / serving
// parameter counts. Repaints whenever the spec changes. UI thread only.
#include <QWidget>

#include "core/result.h"
#include "core/spec.h"

namespace mtlx::ui {

class ArchitectureDiagram : public QWidget {
    Q_OBJECT
public:
    explicit ArchitectureDiagram(QWidget* parent = nullptr);

    void setSpec(const ExperimentSpec& spec);
    // known = false: the counts depend on the data files (shown once a run has loaded them).
    void setCounts(bool known, const ParameterCounts& counts, const QString& error = {});
    QString countsText() const { return counts_; }
    QSize sizeHint() const override { return {640, 420}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    ExperimentSpec spec_;
    QString counts_;
    bool countsError_ = false;
};

} // namespace mtlx::ui
