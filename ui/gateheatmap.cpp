#include "ui/gateheatmap.h"

#include <algorithm>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "ui/qcp.h"

namespace mtlx::ui {

GateHeatmap::GateHeatmap(QWidget* parent)
    : QWidget(parent), level_(new QComboBox(this)), plot_(new QCustomPlot(this)), hover_(new QLabel(this))
{
    level_->setObjectName("gateLevel");
    plot_->setObjectName("gatePlot");
    hover_->setObjectName("gateHover");
    plot_->setMinimumSize(260, 180);
    map_ = new QCPColorMap(plot_->xAxis, plot_->yAxis);
    scale_ = new QCPColorScale(plot_);
    plot_->plotLayout()->addElement(0, 1, scale_);
    scale_->setLabel(tr("mean gate weight"));
    map_->setColorScale(scale_);
    map_->setGradient(QCPColorGradient::gpThermal);
    map_->setInterpolate(false);
    plot_->xAxis->setTickLabelRotation(30);
    plot_->xAxis->setLabel(tr("expert"));
    plot_->yAxis->setRangeReversed(true);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Level"), this));
    top->addWidget(level_);
    top->addStretch(1);
    top->addWidget(hover_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(top);
    layout->addWidget(plot_, 1);
    connect(level_, &QComboBox::currentIndexChanged, this, [this] { drawLevel(); });
    connect(plot_, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
        const int col = static_cast<int>(std::lround(plot_->xAxis->pixelToCoord(e->position().x())));
        const int row = static_cast<int>(std::lround(plot_->yAxis->pixelToCoord(e->position().y())));
        hover_->setText(valueAt(row, col));
    });
    empty_ = new QCPItemText(plot_);
    empty_->position->setType(QCPItemPosition::ptAxisRectRatio);
    empty_->position->setCoords(0.5, 0.5);
    empty_->setText(tr("No gates: the gated architectures (MMoE, ML-MMoE, PLE, AdaTT, cross-stitch)\nshow task × "
                       "expert weights here while they train."));
    empty_->setColor(QColor(110, 110, 110));
    map_->setVisible(false);
    scale_->setVisible(false);
}

void GateHeatmap::setGates(const std::vector<GateMatrix>& gates)
{
    const bool levelsChanged = gates.size() != gates_.size();
    gates_ = gates;
    if (levelsChanged) {
        const QSignalBlocker block(level_);
        level_->clear();
        for (const auto& g : gates_)
            level_->addItem(QString::number(g.level + 1));
    }
    drawLevel();
}

QString GateHeatmap::valueAt(int row, int col) const
{
    const int l = level_->currentIndex();
    if (l < 0 || l >= static_cast<int>(gates_.size())) return {};
    const auto& g = gates_[static_cast<std::size_t>(l)];
    if (row < 0 || col < 0 || row >= static_cast<int>(g.rows.size()) || col >= static_cast<int>(g.cols.size()))
        return {};
    return QString("%1 × %2: %3")
        .arg(QString::fromStdString(g.rows[static_cast<std::size_t>(row)]),
             QString::fromStdString(g.cols[static_cast<std::size_t>(col)]))
        .arg(g.matrix[static_cast<std::size_t>(row)][static_cast<std::size_t>(col)], 0, 'f', 3);
}

void GateHeatmap::drawLevel()
{
    const int l = level_->currentIndex();
    const bool any = l >= 0 && l < static_cast<int>(gates_.size());
    empty_->setVisible(!any);
    map_->setVisible(any);
    scale_->setVisible(any);
    for (auto* axis : {plot_->xAxis, plot_->yAxis})
        axis->setVisible(any);
    if (!any) {
        plot_->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const auto& g = gates_[static_cast<std::size_t>(l)];
    const int rows = static_cast<int>(g.rows.size()), cols = static_cast<int>(g.cols.size());
    if (rows != rows_ || cols != cols_) { // size the map and the tick labels once per shape
        rows_ = rows;
        cols_ = cols;
        map_->data()->setSize(cols, rows);
        map_->data()->setRange(QCPRange(0, std::max(cols - 1, 1)), QCPRange(0, std::max(rows - 1, 1)));
        auto xt = QSharedPointer<QCPAxisTickerText>::create();
        for (int c = 0; c < cols; ++c)
            xt->addTick(c, QString::fromStdString(g.cols[static_cast<std::size_t>(c)]));
        auto yt = QSharedPointer<QCPAxisTickerText>::create();
        for (int r = 0; r < rows; ++r)
            yt->addTick(r, QString::fromStdString(g.rows[static_cast<std::size_t>(r)]));
        plot_->xAxis->setTicker(xt);
        plot_->yAxis->setTicker(yt);
        plot_->xAxis->setRange(-0.5, cols - 0.5);
        plot_->yAxis->setRange(-0.5, rows - 0.5);
    }
    double top = 1e-9;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            const double v = g.matrix[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)];
            map_->data()->setCell(c, r, v);
            top = std::max(top, v);
        }
    map_->setDataRange(QCPRange(0, top));
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace mtlx::ui
