#pragma once
// Activation histograms of the probed representation (docs/metrics.md, the small heads paper's
// Fig. 7): (a) the fraction of units that are nonzero per example, (b) the nonzero values.
// Two runs overlay: the current one (updated after each epoch) and a reference — the previous
// run by default, or a result.json loaded by the user. Counts are shown as fractions so that
// runs on different numbers of examples compare, and both runs are drawn on the same bins. The
// two histograms are tabs, each as large as the view. UI thread only.
#include <vector>

#include <QString>
#include <QWidget>

#include "core/spec/result.h"

class QCustomPlot;
class QLabel;
class QTabWidget;

namespace mtlx::ui {

// Bins that hold both histograms: their joint range in as many equal bins as the finer has.
std::vector<double> commonEdges(const Histogram& a, const Histogram& b);
// Each bin's share of `h`'s total on other `edges`, a bin's count spread evenly over its width.
std::vector<double> sharesOnEdges(const Histogram& h, const std::vector<double>& edges);

class ActivationView : public QWidget {
    Q_OBJECT
public:
    explicit ActivationView(QWidget* parent = nullptr);

    void setCurrent(const ActivationProbe& probe, const QString& label);
    void setReference(const ActivationProbe& probe, const QString& label);
    // A new run starts: what was current becomes the reference.
    void startRun();
    void clear(); // neither a current run nor a reference
    bool hasCurrent() const { return hasCurrent_; }
    const ActivationProbe& current() const { return current_; }
    const ActivationProbe& reference() const { return reference_; }

private:
    void draw();
    QTabWidget* tabs_;
    QCustomPlot* fraction_;
    QCustomPlot* values_;
    QLabel* caption_;
    ActivationProbe current_, reference_;
    QString currentLabel_, referenceLabel_;
    bool hasCurrent_ = false, hasReference_ = false;
};

} // namespace mtlx::ui
