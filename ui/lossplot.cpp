#include "ui/lossplot.h"

#include <cmath>

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QVBoxLayout>

#include "ui/plotexport.h"
#include "ui/plotstyle.h"
#include "ui/qcp.h"

namespace mtlx::ui {
namespace {

// Exponential moving average, debiased at the start (as TensorBoard's smoothing is).
std::vector<double> smoothed(const std::vector<double>& values, double alpha)
{
    std::vector<double> out;
    double ema = 0, weight = 0;
    for (double v : values) {
        if (!std::isfinite(v)) {
            out.push_back(v);
            continue;
        }
        ema = alpha * ema + (1 - alpha) * v;
        weight = alpha * weight + (1 - alpha);
        out.push_back(ema / weight);
    }
    return out;
}

QCPGraph* curve(QCustomPlot* plot, const QString& name, const QPen& pen)
{
    auto* g = plot->addGraph();
    g->setName(name);
    g->setPen(pen);
    return g;
}

} // namespace

LossPlot::LossPlot(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)), logScale_(new QCheckBox(tr("log scale"), this)),
      smoothingSlider_(new QSlider(Qt::Horizontal, this)), smoothingLabel_(new QLabel(this))
{
    plot_->setObjectName("lossPlot");
    plot_->xAxis->setLabel(tr("epoch"));
    plot_->yAxis->setLabel(tr("loss"));
    // The legend sits under the axes, in columns, so it never hides the curves.
    styleLegendBelow(plot_, 3, 7, true); // every draw rebuilds the curves
    redrawWhenShownOrResized(plot_, [this] { draw(); });
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot_->setMinimumSize(200, 150); // the axes keep ~70 px under a two-row legend
    applyPalette(plot_);
    fitAxesToSize(plot_);
    smoothingSlider_->setObjectName("lossSmoothing");
    smoothingSlider_->setRange(0, 99);
    smoothingSlider_->setValue(static_cast<int>(smoothing_ * 100));
    smoothingSlider_->setToolTip(tr("Smoothing of the batch losses (an exponential moving average): 0 shows every "
                                    "batch's loss, 0.99 a slow trend"));
    connect(smoothingSlider_, &QSlider::valueChanged, this, [this](int v) { setSmoothing(v / 100.0); });
    logScale_->setChecked(true);
    connect(logScale_, &QCheckBox::toggled, this, [this](bool on) {
        plot_->yAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
        plot_->yAxis->setTicker(on ? QSharedPointer<QCPAxisTicker>(new QCPAxisTickerLog)
                                   : QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        scheduleReplot();
    });
    auto* controls = new QHBoxLayout;
    controls->addWidget(logScale_);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(tr("smoothing"), this));
    controls->addWidget(smoothingSlider_, 1);
    controls->addWidget(smoothingLabel_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(plot_, 1);
    layout->addLayout(controls);
    replot_.setSingleShot(true);
    replot_.setInterval(40);
    connect(&replot_, &QTimer::timeout, this, &LossPlot::draw);
    Q_EMIT logScale_->toggled(true);
    setSmoothing(smoothing_);
    reset({});
}

void LossPlot::reset(const std::vector<std::string>& tasks)
{
    tasks_ = tasks;
    batchX_.clear();
    taskLoss_.assign(tasks.size(), {});
    headLoss_.assign(tasks.size(), {});
    epochs_.clear();
    scheduleReplot();
}

void LossPlot::addProgress(const Progress& p)
{
    if (p.stage != Stage::Training || p.batches <= 0 || p.taskLoss.size() != tasks_.size()) return;
    batchX_.push_back(p.epoch - 1 + static_cast<double>(p.batch) / static_cast<double>(p.batches));
    for (std::size_t t = 0; t < tasks_.size(); ++t) {
        taskLoss_[t].push_back(p.taskLoss[t]);
        if (t < p.headLoss.size()) headLoss_[t].push_back(p.headLoss[t]);
    }
    scheduleReplot();
}

void LossPlot::addEpoch(const EpochRecord& e)
{
    epochs_.push_back(e);
    scheduleReplot();
}

void LossPlot::showHistory(const std::vector<std::string>& tasks, const std::vector<EpochRecord>& history)
{
    reset(tasks);
    epochs_ = history;
}

void LossPlot::setOverlays(std::vector<RunSeries> overlays)
{
    overlays_ = std::move(overlays);
    scheduleReplot();
}

void LossPlot::setSmoothing(double alpha)
{
    smoothing_ = std::clamp(alpha, 0.0, 0.99);
    smoothingLabel_->setText(QString::number(smoothing_, 'f', 2));
    if (smoothingSlider_->value() != static_cast<int>(std::lround(smoothing_ * 100)))
        smoothingSlider_->setValue(static_cast<int>(std::lround(smoothing_ * 100)));
    scheduleReplot();
}

std::vector<double> LossPlot::smoothedTaskLoss(std::size_t t) const
{
    return t < taskLoss_.size() ? smoothed(taskLoss_[t], smoothing_) : std::vector<double>{};
}

int LossPlot::pointCount() const
{
    int n = 0;
    for (int g = 0; g < plot_->graphCount(); ++g)
        n += plot_->graph(g)->dataCount();
    return n;
}

void LossPlot::scheduleReplot()
{
    if (!replot_.isActive()) replot_.start();
}

void LossPlot::drawBatches()
{
    const QVector<double> x(batchX_.begin(), batchX_.end());
    for (std::size_t t = 0; t < tasks_.size(); ++t) {
        const QColor c = seriesColor(static_cast<int>(t));
        const QString task = QString::fromStdString(tasks_[t]);
        const auto s = smoothed(taskLoss_[t], smoothing_);
        QColor light = c;
        light.setAlpha(150);
        auto* batches = curve(plot_, task + tr(" batches"), QPen(light, 1.2));
        batches->setData(x, QVector<double>(s.begin(), s.end()), true);
        batches->removeFromLegend();
        if (headLoss_[t].size() == batchX_.size() && !headLoss_[t].empty()) {
            const auto h = smoothed(headLoss_[t], smoothing_);
            auto* g = curve(plot_, task + tr(" small heads (γ·Σ)"), QPen(QColor(140, 140, 140), 1, Qt::DashLine));
            g->setData(x, QVector<double>(h.begin(), h.end()), true);
            if (t > 0) g->removeFromLegend();
        }
    }
}

void LossPlot::drawEpochs()
{
    const std::pair<const char*, Qt::PenStyle> splits[] = {
        {"train", Qt::SolidLine}, {"validation", Qt::DashDotLine}, {"test", Qt::DashLine}};
    for (std::size_t t = 0; t < tasks_.size() && !epochs_.empty(); ++t) {
        const QColor c = seriesColor(static_cast<int>(t));
        for (int s = 0; s < 3; ++s) {
            // One legend entry per task (its colour); the splits are the grey key entries below.
            auto* g = curve(plot_, QString::fromStdString(tasks_[t]), QPen(c, 2, splits[s].second));
            if (s > 0) g->removeFromLegend();
            g->setScatterStyle(QCPScatterStyle(s == 0 ? QCPScatterStyle::ssCircle : QCPScatterStyle::ssSquare, 5));
            for (const auto& e : epochs_) {
                const auto& v = s == 0 ? e.trainLoss : s == 1 ? e.validationLoss : e.testLoss;
                if (t < v.size() && std::isfinite(v[t])) g->addData(e.epoch, v[t]);
            }
        }
    }
    if (!epochs_.empty())
        for (const auto& [name, style] : splits) // the key of the line styles: data-less grey curves
            curve(plot_, tr(name), QPen(QColor(110, 110, 110), 2, style));
    const Qt::PenStyle taskStyles[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine, Qt::DashDotLine};
    if (!overlays_.empty()) // the key of the ticked runs' line styles (their colours are in the Runs panel)
        for (std::size_t t = 0; t < overlays_.front().tasks.size(); ++t)
            curve(plot_, tr("%1 (ticked runs, validation)").arg(QString::fromStdString(overlays_.front().tasks[t])),
                  QPen(QColor(110, 110, 110), 1.6, taskStyles[t % 4]));
    for (const auto& o : overlays_)
        for (std::size_t t = 0; t < o.tasks.size(); ++t) {
            auto* g = curve(plot_, o.name, QPen(o.colour, 1.6, taskStyles[t % 4]));
            g->removeFromLegend(); // a ticked run's colour is its swatch in the Runs panel
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 4));
            for (const auto& e : o.history)
                if (t < e.validationLoss.size() && std::isfinite(e.validationLoss[t]))
                    g->addData(e.epoch, e.validationLoss[t]);
        }
}

void LossPlot::draw()
{
    plot_->clearGraphs();
    drawBatches();
    drawEpochs();
    const bool empty = pointCount() == 0;
    setEmptyHint(plot_, empty ? tr("Press Train (Ctrl+R):\neach task's loss appears here.") : QString());
    placeLegendBelow(plot_);
    if (!empty) plot_->rescaleAxes();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace mtlx::ui
