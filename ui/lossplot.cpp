#include "ui/lossplot.h"

#include <QCheckBox>
#include <QVBoxLayout>

#include "ui/plotexport.h"
#include "ui/qcp.h"

namespace mtlx::ui {

LossPlot::LossPlot(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)), logScale_(new QCheckBox(tr("log scale"), this))
{
    plot_->setObjectName("lossPlot");
    plot_->xAxis->setLabel(tr("epoch"));
    plot_->yAxis->setLabel(tr("loss"));
    // The legend sits under the axes, in columns, so it never hides the curves.
    plot_->legend->setVisible(true);
    plot_->legend->setFont(QFont(font().family(), 7));
    plot_->legend->setFillOrder(QCPLegend::foColumnsFirst);
    plot_->legend->setWrap(3);
    plot_->legend->setBorderPen(Qt::NoPen);
    plot_->plotLayout()->addElement(1, 0, plot_->legend);
    plot_->plotLayout()->setRowStretchFactor(1, 0.001);
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot_->setMinimumSize(260, 180);
    logScale_->setChecked(true);
    connect(logScale_, &QCheckBox::toggled, this, [this](bool on) {
        plot_->yAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
        plot_->yAxis->setTicker(on ? QSharedPointer<QCPAxisTicker>(new QCPAxisTickerLog)
                                   : QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        scheduleReplot();
    });
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(plot_, 1);
    layout->addWidget(logScale_);
    replot_.setSingleShot(true);
    replot_.setInterval(40);
    connect(&replot_, &QTimer::timeout, this, [this] {
        plot_->rescaleAxes();
        plot_->replot(QCustomPlot::rpQueuedReplot);
    });
    Q_EMIT logScale_->toggled(true);
    reset({});
}

void LossPlot::reset(const std::vector<std::string>& tasks)
{
    plot_->clearGraphs();
    tasks_ = tasks.size();
    auto* running = plot_->addGraph();
    running->setName(tr("running train loss (weighted)"));
    running->setPen(QPen(QColor(150, 150, 150), 1));
    for (std::size_t t = 0; t < tasks.size(); ++t) {
        const QColor c = seriesColor(static_cast<int>(t));
        auto* train = plot_->addGraph();
        train->setName(QString::fromStdString(tasks[t]) + tr(" train"));
        train->setPen(QPen(c, 2));
        train->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
        auto* test = plot_->addGraph();
        test->setName(QString::fromStdString(tasks[t]) + tr(" test"));
        test->setPen(QPen(c, 2, Qt::DashLine));
        test->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 5));
    }
    scheduleReplot();
}

void LossPlot::addProgress(const Progress& p)
{
    if (p.stage != Stage::Training || p.batches <= 0 || !(p.loss > 0)) return;
    plot_->graph(0)->addData(p.epoch - 1 + static_cast<double>(p.batch) / static_cast<double>(p.batches), p.loss);
    scheduleReplot();
}

void LossPlot::addEpoch(const EpochRecord& e)
{
    for (std::size_t t = 0; t < tasks_ && t < e.trainLoss.size(); ++t) {
        plot_->graph(static_cast<int>(1 + 2 * t))->addData(e.epoch, e.trainLoss[t]);
        if (t < e.testLoss.size()) plot_->graph(static_cast<int>(2 + 2 * t))->addData(e.epoch, e.testLoss[t]);
    }
    scheduleReplot();
}

void LossPlot::showHistory(const std::vector<std::string>& tasks, const std::vector<EpochRecord>& history)
{
    reset(tasks);
    for (const auto& e : history)
        addEpoch(e);
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

} // namespace mtlx::ui
