#include "ui/activationview.h"

#include <algorithm>
#include <numeric>

#include <QLabel>
#include <QTabWidget>
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
    // The legend in a row of its own above the plot, never over the bars.
    p->legend->setVisible(true);
    p->legend->setFont(QFont(parent->font().family(), 8));
    p->plotLayout()->insertRow(0);
    p->plotLayout()->addElement(0, 0, p->legend);
    p->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    p->plotLayout()->setRowStretchFactor(0, 0.001);
    p->setMinimumSize(160, 110);
    applyPalette(p);
    fitAxesToSize(p);
    return p;
}

bool wellFormed(const Histogram& h)
{
    // Bin i lies between edges i and i + 1 (histogramFromJson refuses other shapes; a histogram
    // made elsewhere is drawn only as far as both arrays go).
    return h.edges.size() >= 2 && !h.counts.empty() && h.edges.size() >= h.counts.size() + 1;
}

// A histogram as a filled step line on `edges`, counts as shares of the total.
void addHistogram(QCustomPlot* plot, const Histogram& h, const std::vector<double>& edges, const QString& name,
                  const QColor& color)
{
    if (!wellFormed(h) || edges.size() < 2) return;
    const auto shares = sharesOnEdges(h, edges);
    QVector<double> x(edges.begin(), edges.end()), y(shares.begin(), shares.end());
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

std::vector<double> commonEdges(const Histogram& a, const Histogram& b)
{
    const bool hasA = wellFormed(a), hasB = wellFormed(b);
    if (!hasA && !hasB) return {};
    if (!hasB) return a.edges;
    if (!hasA) return b.edges;
    const double lo = std::min(a.edges.front(), b.edges.front()), hi = std::max(a.edges.back(), b.edges.back());
    const std::size_t bins = std::max(a.counts.size(), b.counts.size());
    std::vector<double> edges(bins + 1);
    for (std::size_t i = 0; i <= bins; ++i)
        edges[i] = lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(bins);
    return edges;
}

std::vector<double> sharesOnEdges(const Histogram& h, const std::vector<double>& edges)
{
    std::vector<double> shares(edges.size() < 2 ? 0 : edges.size() - 1, 0.0);
    if (!wellFormed(h) || shares.empty()) return shares;
    const double total =
        std::max<double>(1, static_cast<double>(std::accumulate(h.counts.begin(), h.counts.end(), std::int64_t{0})));
    for (std::size_t i = 0; i < h.counts.size(); ++i) {
        const double a = h.edges[i], b = h.edges[i + 1], share = static_cast<double>(h.counts[i]) / total;
        for (std::size_t j = 0; j < shares.size(); ++j) {
            const double lo = std::max(a, edges[j]), hi = std::min(b, edges[j + 1]);
            if (b <= a) { // an empty-width bin: all of it where it sits
                if (a >= edges[j] && (a < edges[j + 1] || j + 1 == shares.size())) {
                    shares[j] += share;
                    break;
                }
                continue;
            }
            if (hi > lo) shares[j] += share * (hi - lo) / (b - a);
        }
    }
    return shares;
}

ActivationView::ActivationView(QWidget* parent)
    : QWidget(parent), tabs_(new QTabWidget(this)),
      fraction_(makePlot(tabs_, "activationFractionPlot", tr("fraction of units active per example"))),
      values_(makePlot(tabs_, "activationValuePlot", tr("nonzero activation value"))), caption_(new QLabel(this))
{
    caption_->setObjectName("activationCaption");
    caption_->setWordWrap(true);
    // One histogram at a time, each as large as the view.
    tabs_->setObjectName("activationTabs");
    tabs_->setDocumentMode(true);
    tabs_->addTab(fraction_, tr("Active units per example"));
    tabs_->addTab(values_, tr("Active values"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(tabs_, 1);
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

void ActivationView::clear()
{
    hasCurrent_ = hasReference_ = false;
    draw();
}

void ActivationView::draw()
{
    for (auto* p : {fraction_, values_})
        p->clearGraphs();
    // Both runs on the same bins, so that their bars compare.
    static const ActivationProbe none;
    const auto& ref = hasReference_ ? reference_ : none;
    const auto& cur = hasCurrent_ ? current_ : none;
    const auto fractionEdges = commonEdges(ref.nonzeroFraction, cur.nonzeroFraction);
    const auto valueEdges = commonEdges(ref.nonzeroValues, cur.nonzeroValues);
    if (hasReference_) {
        addHistogram(fraction_, reference_.nonzeroFraction, fractionEdges, referenceLabel_, QColor(120, 120, 120));
        addHistogram(values_, reference_.nonzeroValues, valueEdges, referenceLabel_, QColor(120, 120, 120));
    }
    if (hasCurrent_) {
        addHistogram(fraction_, current_.nonzeroFraction, fractionEdges, currentLabel_, seriesColor(0));
        addHistogram(values_, current_.nonzeroValues, valueEdges, currentLabel_, seriesColor(0));
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
