#pragma once
// Activation histograms of the probed representation (docs/metrics.md, the small heads paper's
// Fig. 7): (a) the fraction of units that are nonzero per example, (b) the nonzero values.
// Two runs overlay: the current one (updated after each epoch) and a reference — the previous
// run by default, or a result.json loaded by the user. Counts are shown as fractions so that
// runs on different numbers of examples compare. UI thread only.
#include <QString>
#include <QWidget>

#include "core/spec/result.h"

class QCustomPlot;
class QLabel;

namespace mtlx::ui {

class ActivationView : public QWidget {
    Q_OBJECT
public:
    explicit ActivationView(QWidget* parent = nullptr);

    void setCurrent(const ActivationProbe& probe, const QString& label);
    void setReference(const ActivationProbe& probe, const QString& label);
    // A new run starts: what was current becomes the reference.
    void startRun();
    bool hasCurrent() const { return hasCurrent_; }
    const ActivationProbe& current() const { return current_; }
    const ActivationProbe& reference() const { return reference_; }

private:
    void draw();
    QCustomPlot* fraction_;
    QCustomPlot* values_;
    QLabel* caption_;
    ActivationProbe current_, reference_;
    QString currentLabel_, referenceLabel_;
    bool hasCurrent_ = false, hasReference_ = false;
};

} // namespace mtlx::ui
