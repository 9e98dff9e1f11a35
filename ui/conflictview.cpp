#include "ui/conflictview.h"

#include <cmath>

#include <QCheckBox>
#include <QHBoxLayout>
#include <QSettings>
#include <QVBoxLayout>

#include "ui/plotstyle.h"
#include "ui/qcp.h"

namespace mtlx::ui {

ConflictView::ConflictView(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)), levels_(new QCheckBox(tr("per level"), this)),
      share_(new QCheckBox(tr("share of steps in conflict"), this)), update_(new QCheckBox(tr("applied update"), this))
{
    setObjectName("conflictView");
    plot_->setObjectName("conflictPlot");
    plot_->xAxis->setLabel(tr("epoch"));
    plot_->yAxis->setLabel(tr("gradient cosine"));
    styleLegendBelow(plot_, 2, 7, true); // every draw rebuilds the curves
    redrawWhenShownOrResized(plot_, [this] { draw(); });
    plot_->setMinimumSize(200, 110);
    levels_->setToolTip(tr("Also draw the cosine on each level's shared experts (models with several levels)"));
    connect(levels_, &QCheckBox::toggled, this, [this] { draw(); });
    share_->setObjectName("conflictShare");
    share_->setToolTip(tr("Instead of the epoch's mean cosine, the share of its measured steps whose cosine was "
                          "below 0. A mean near 0 can be steps that agree and steps that conflict (a share near "
                          "one half, as for gradients of random sign) or steps that ignore each other."));
    connect(share_, &QCheckBox::toggled, this, [this](bool on) {
        levels_->setEnabled(!on); // the share is recorded over all shared parameters only
        draw();
    });
    update_->setObjectName("conflictUpdate");
    update_->setToolTip(tr("Per task, the cosine of the update the weighting method applied to the shared "
                           "parameters with that task's gradient: with linear weights it is the sum's; a gradient "
                           "method (PCGrad, CAGrad, Nash-MTL …) shows what it changed"));
    update_->setChecked(QSettings().value("view/conflictUpdate", false).toBool()); // as the user left it
    connect(update_, &QCheckBox::toggled, this, [this](bool on) {
        QSettings().setValue("view/conflictUpdate", on);
        draw();
    });
    auto* options = new QHBoxLayout;
    options->addWidget(levels_);
    options->addWidget(share_);
    options->addWidget(update_);
    options->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(plot_, 1);
    layout->addLayout(options);
    applyPalette(plot_);
    fitAxesToSize(plot_);
    draw();
}

void ConflictView::startRun(const QString& name, const std::vector<std::string>& tasks)
{
    current_ = {name, QColor(), tasks, {}};
    draw();
}

void ConflictView::addEpoch(const EpochRecord& e)
{
    current_.history.push_back(e);
    draw();
}

void ConflictView::setOverlays(std::vector<RunSeries> overlays)
{
    overlays_ = std::move(overlays);
    draw();
}

void ConflictView::setLevelsShown(bool on)
{
    levels_->setChecked(on);
}

void ConflictView::setShareShown(bool on)
{
    share_->setChecked(on);
}

int ConflictView::curveCount() const
{
    int n = 0;
    for (int g = 0; g < plot_->graphCount(); ++g)
        if (plot_->graph(g)->dataCount() > 0 && plot_->graph(g)->name() != "0") ++n;
    return n;
}

void ConflictView::addSeries(const RunSeries& s, bool current)
{
    if (s.history.empty() || s.history.back().gradientCosine.empty()) return;
    const auto& pairs = s.history.back().gradientCosine;
    const int pairCount = static_cast<int>(pairs.size());
    for (int p = 0; p < pairCount; ++p) {
        const auto& last = pairs[static_cast<std::size_t>(p)];
        auto taskName = [&](int t) {
            return t < static_cast<int>(s.tasks.size()) ? QString::fromStdString(s.tasks[static_cast<std::size_t>(t)])
                                                        : QString::number(t + 1);
        };
        const QString pairName = pairCount > 1 ? QString(" %1–%2").arg(taskName(last.taskA), taskName(last.taskB)) : "";
        QColor colour = s.colour.isValid() ? s.colour : palette().color(QPalette::WindowText);
        // Pairs of one run: hues apart and a marker each, so that they never read as one curve.
        if (pairCount > 1 && p > 0) {
            int h = 0, sat = 0, v = 0;
            colour.getHsv(&h, &sat, &v);
            colour = QColor::fromHsv((std::max(h, 0) + 47 * p) % 360, std::max(sat, 120), std::max(v, 120));
        }
        static const QCPScatterStyle::ScatterShape shapes[] = {QCPScatterStyle::ssCircle, QCPScatterStyle::ssSquare,
                                                               QCPScatterStyle::ssTriangle, QCPScatterStyle::ssDiamond,
                                                               QCPScatterStyle::ssCross};
        const auto shape = shapes[p % 5];
        const bool share = share_->isChecked();
        const std::size_t levels = levels_->isChecked() && !share ? last.levels.size() : 0;
        for (std::size_t l = 0; l <= levels; ++l) {
            auto* g = plot_->addGraph();
            g->setName(s.name + pairName + (l == 0 ? QString() : tr(" level %1").arg(l)));
            g->setPen(QPen(colour, l == 0 ? (current ? 2.5 : 1.8) : 1, l == 0 ? Qt::SolidLine : Qt::DashLine));
            g->setScatterStyle(QCPScatterStyle(shape, l == 0 ? 5 : 3));
            for (const auto& e : s.history) {
                if (static_cast<int>(e.gradientCosine.size()) <= p) continue;
                const auto& c = e.gradientCosine[static_cast<std::size_t>(p)];
                const double v = l > 0   ? (l - 1 < c.levels.size() ? c.levels[l - 1] : std::nan(""))
                                 : share ? c.conflictShare
                                         : c.cosine;
                if (std::isfinite(v)) g->addData(e.epoch, v);
            }
        }
    }
}

void ConflictView::setUpdateShown(bool on)
{
    update_->setChecked(on);
}

// The cosine of the applied update with each task's gradient, dash-dotted, one curve per task.
void ConflictView::addUpdateSeries(const RunSeries& s, bool current)
{
    if (s.history.empty() || s.history.back().updateCosine.empty()) return;
    // Per task a hue well apart from the run's colour and from the other tasks' (orange, teal, purple
    // for the run being trained).
    static const QColor own[] = {QColor("#d95f02"), QColor("#1b9e77"), QColor("#7570b3")};
    for (std::size_t t = 0; t < s.history.back().updateCosine.size(); ++t) {
        QColor colour = own[t % 3];
        if (s.colour.isValid()) {
            int h = 0, sat = 0, v = 0;
            s.colour.getHsv(&h, &sat, &v);
            colour = QColor::fromHsv((std::max(h, 0) + 120 * (static_cast<int>(t) + 1)) % 360, std::max(sat, 140),
                                     std::max(v, 140));
        }
        auto* g = plot_->addGraph();
        const QString task =
            t < s.tasks.size() ? QString::fromStdString(s.tasks[t]) : QString::number(static_cast<int>(t) + 1);
        g->setName(tr("%1 update · %2").arg(s.name, task));
        g->setPen(QPen(colour, current ? 2.0 : 1.4, Qt::DashDotLine));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssPlus, 5));
        for (const auto& e : s.history)
            if (t < e.updateCosine.size() && std::isfinite(e.updateCosine[t])) g->addData(e.epoch, e.updateCosine[t]);
    }
}

void ConflictView::draw()
{
    plot_->clearGraphs();
    const bool updates = update_->isChecked() && !share_->isChecked();
    for (const auto& s : overlays_) {
        addSeries(s, false);
        if (updates) addUpdateSeries(s, false);
    }
    if (!current_.name.isEmpty()) {
        addSeries(current_, true);
        if (updates) addUpdateSeries(current_, true);
    }
    const bool empty = plot_->graphCount() == 0;
    setEmptyHint(
        plot_,
        empty ? tr("Train a model whose tasks share\nparameters: the cosine between\ntheir gradients appears here.")
              : QString());
    // The reference line: a cosine of 0 (no conflict above it); a share of ½ (gradients of random sign).
    const bool share = share_->isChecked();
    const double reference = share ? 0.5 : 0.0;
    plot_->yAxis->setLabel(share ? tr("steps in conflict") : tr("gradient cosine"));
    if (!empty) {
        auto* zero = plot_->addGraph();
        zero->setName("0");
        zero->setPen(QPen(palette().color(QPalette::WindowText), 1, Qt::DotLine));
        // Epochs 1 … the last any curve has (at least 2), half an epoch of margin.
        double last = 2;
        for (int g = 0; g + 1 < plot_->graphCount(); ++g)
            if (!plot_->graph(g)->data()->isEmpty()) last = std::max(last, (plot_->graph(g)->data()->end() - 1)->key);
        zero->setData(QVector<double>{1.0, last}, QVector<double>{reference, reference});
        zero->removeFromLegend(); // (itemCount() counts empty cells too: not "the last item")
        plot_->xAxis->setRange(0.5, last + 0.5);
    }
    placeLegendBelow(plot_);
    plot_->yAxis->setRange(share ? -0.03 : -1.05, share ? 1.03 : 1.05);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace mtlx::ui
