#include "ui/activationview.h"

#include <numeric>

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "ui/plotexport.h"
#include "ui/plotstyle.h"
#include "ui/qcp.h"

namespace mtlx::ui {
namespace {

QCustomPlot* makePlot(QWidget* parent, const QString& name, const QString& x)
{
    auto* p = new QCustomPlot(parent);
    p->setObjectName(name);
    p->xAxis->setLabel(x);
    p->yAxis->setLabel(QObject::tr("share"));
    p->legend->setVisible(true);
    p->legend->setFont(QFont(parent->font().family(), 8));
    p->setMinimumSize(160, 110);
    applyPalette(p);
    fitAxesToSize(p);
    return p;
}

// A histogram as a filled step line, counts as shares of the total.
void addHistogram(QCustomPlot* plot, const Histogram& h, const QString& name, const QColor& color)
{
    // Bin i lies between edges i and i + 1 (histogramFromJson refuses other shapes; a histogram
    // made elsewhere is drawn only as far as both arrays go).
    if (h.edges.size() < 2 || h.counts.empty() || h.edges.size() < h.counts.size() + 1) return;
    const double total =
        std::max<double>(1, static_cast<double>(std::accumulate(h.counts.begin(), h.counts.end(), std::int64_t{0})));
    QVector<double> x, y;
    for (std::size_t i = 0; i < h.counts.size(); ++i) {
        x.push_back(h.edges[i]);
        y.push_back(static_cast<double>(h.counts[i]) / total);
    }
    x.push_back(h.edges.back());
    y.push_back(y.back());
    auto* g = plot->addGraph();
    g->setName(name);
    g->setLineStyle(QCPGraph::lsStepLeft);
    g->setPen(QPen(color, 2));
    QColor fill = color;
    fill.setAlpha(60);
    g->setBrush(fill);
    g->setData(x, y, true);
}

} // namespace

ActivationView::ActivationView(QWidget* parent)
    : QWidget(parent), fraction_(makePlot(this, "activationFractionPlot", tr("fraction of units active per example"))),
      values_(makePlot(this, "activationValuePlot", tr("nonzero activation value"))), caption_(new QLabel(this))
{
    caption_->setObjectName("activationCaption");
    caption_->setWordWrap(true);
    auto* plots = new QHBoxLayout;
    plots->addWidget(fraction_);
    plots->addWidget(values_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(plots, 1);
    layout->addWidget(caption_);
    draw();
}

void ActivationView::setCurrent(const ActivationProbe& probe, const QString& label)
{
    current_ = probe;
    currentLabel_ = label;
    hasCurrent_ = true;
    draw();
}

void ActivationView::setReference(const ActivationProbe& probe, const QString& label)
{
    reference_ = probe;
    referenceLabel_ = label;
    hasReference_ = true;
    draw();
}

void ActivationView::startRun()
{
    if (hasCurrent_) setReference(current_, currentLabel_);
    hasCurrent_ = false;
    draw();
}

void ActivationView::draw()
{
    for (auto* p : {fraction_, values_})
        p->clearGraphs();
    if (hasReference_) {
        addHistogram(fraction_, reference_.nonzeroFraction, referenceLabel_, QColor(120, 120, 120));
        addHistogram(values_, reference_.nonzeroValues, referenceLabel_, QColor(120, 120, 120));
    }
    if (hasCurrent_) {
        addHistogram(fraction_, current_.nonzeroFraction, currentLabel_, seriesColor(0));
        addHistogram(values_, current_.nonzeroValues, currentLabel_, seriesColor(0));
    }
    const bool empty = !hasCurrent_ && !hasReference_;
    setEmptyHint(fraction_, empty ? tr("Active units per example\nappear here after an epoch.") : QString());
    setEmptyHint(values_, empty ? tr("Activation values\nappear here after an epoch.") : QString());
    for (auto* p : {fraction_, values_}) {
        p->rescaleAxes();
        p->yAxis->setRangeLower(0);
        p->replot(QCustomPlot::rpQueuedReplot);
    }
    if (!hasCurrent_ && !hasReference_) {
        caption_->setText(tr("Train a model: the histograms of its probed layer appear after each epoch."));
        return;
    }
    const auto& p = hasCurrent_ ? current_ : reference_;
    caption_->setText(
        tr("Probed layer: %1 (%2 units), %3 test examples. Grey: %4")
            .arg(QString::fromStdString(probeLayerTitle(p.layer)))
            .arg(p.units)
            .arg(p.examples)
            .arg(hasReference_ ? referenceLabel_ : tr("no reference yet (the previous run appears here)")));
}

} // namespace mtlx::ui
