#include "ui/matrixplot.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QFontMetrics>
#include <QLabel>
#include <QVBoxLayout>

#include "ui/plotstyle.h"
#include "ui/qcp.h"

namespace mtlx::ui {
namespace {

QCPColorGradient gradientFor(MatrixPlot::Scale scale)
{
    QCPColorGradient g;
    g.clearColorStops();
    if (scale == MatrixPlot::Scale::Sequential) { // white → dark blue: 0 reads as "nothing"
        g.setColorStopAt(0.0, QColor(247, 251, 255));
        g.setColorStopAt(0.5, QColor(107, 174, 214));
        g.setColorStopAt(1.0, QColor(8, 48, 107));
    } else { // blue (negative) → white (0) → red (positive)
        g.setColorStopAt(0.0, QColor(33, 102, 172));
        g.setColorStopAt(0.5, QColor(247, 247, 247));
        g.setColorStopAt(1.0, QColor(178, 24, 43));
    }
    g.setNanHandling(QCPColorGradient::nhNanColor);
    g.setNanColor(QColor(205, 205, 205));
    return g;
}

QString cellText(double v)
{
    if (std::isnan(v)) return QStringLiteral("–");
    if (std::abs(v) < 0.005) return QStringLiteral("0.00"); // no "-0.00"
    return QString::number(v, 'f', std::abs(v) >= 10 ? 1 : 2);
}

} // namespace

MatrixPlot::MatrixPlot(const QString& title, const QString& scaleLabel, QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)), scaleLabel_(scaleLabel)
{
    plot_->setMinimumSize(160, 130);
    plot_->plotLayout()->insertRow(0);
    plot_->plotLayout()->addElement(0, 0, new QCPTextElement(plot_, title, QFont(font().family(), -1, QFont::Bold)));
    map_ = new QCPColorMap(plot_->xAxis, plot_->yAxis);
    scale_ = new QCPColorScale(plot_);
    plot_->plotLayout()->addElement(1, 1, scale_);
    scale_->setLabel(scaleLabel);
    scale_->setBarWidth(10);
    map_->setColorScale(scale_);
    map_->setInterpolate(false);
    plot_->yAxis->setRangeReversed(true);
    plot_->xAxis->setLabel(tr("expert"));
    for (auto* axis : {plot_->xAxis, plot_->yAxis}) { // no tick marks: inside a cell they read as a minus sign
        axis->setTickLength(0, 0);
        axis->setSubTickLength(0, 0);
        axis->grid()->setVisible(false);
    }
    auto* margins = new QCPMarginGroup(plot_);
    plot_->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    scale_->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    applyPalette(plot_); // after the title and the colour scale: they follow the palette too
    empty_ = new QLabel(this);
    empty_->setObjectName("emptyHint");
    empty_->setWordWrap(true);
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setStyleSheet("color: #6e6e6e;");
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    layout->addWidget(empty_);
    connect(plot_, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
        const auto [r, c] = cellAt(e->position().x(), e->position().y());
        if (onHover) onHover(r, c);
    });
    clear({});
}

void MatrixPlot::clear(const QString& message)
{
    rows_ = cols_ = 0;
    values_.clear();
    reach_.clear();
    for (auto* t : cellTexts_)
        plot_->removeItem(t);
    cellTexts_.clear();
    // No empty axes: one line of what to do instead.
    plot_->setVisible(false);
    empty_->setText(message);
    empty_->setVisible(true);
}

void MatrixPlot::setMatrix(const std::vector<std::string>& rows, const std::vector<std::string>& cols,
                           const std::vector<std::vector<double>>& values, const std::vector<std::vector<bool>>& reach,
                           double lo, double hi, Scale scale)
{
    const int R = static_cast<int>(rows.size()), C = static_cast<int>(cols.size());
    empty_->setVisible(false);
    plot_->setVisible(true);
    if (R != rows_ || C != cols_) { // size the map, the labels and the cell texts once per shape
        rows_ = R;
        cols_ = C;
        map_->data()->setSize(C, R);
        map_->data()->setRange(QCPRange(0, std::max(C - 1, 1)), QCPRange(0, std::max(R - 1, 1)));
        for (auto* t : cellTexts_)
            plot_->removeItem(t);
        cellTexts_.clear();
        for (int i = 0; i < R * C; ++i) {
            auto* t = new QCPItemText(plot_);
            t->setClipToAxisRect(true);
            cellTexts_.push_back(t);
        }
    }
    // Tick labels: upright when the columns are many, so that 9 or more experts stay readable.
    QFont tickFont = font();
    tickFont.setPointSizeF(std::max(6.5, font().pointSizeF() - (C > 8 ? 2.0 : 1.0)));
    auto xt = QSharedPointer<QCPAxisTickerText>::create();
    for (int c = 0; c < C; ++c)
        xt->addTick(c, QString::fromStdString(cols[static_cast<std::size_t>(c)]));
    auto yt = QSharedPointer<QCPAxisTickerText>::create();
    for (int r = 0; r < R; ++r)
        yt->addTick(r, QString::fromStdString(rows[static_cast<std::size_t>(r)]));
    plot_->xAxis->setTicker(xt);
    plot_->yAxis->setTicker(yt);
    plot_->xAxis->setTickLabelFont(tickFont);
    plot_->yAxis->setTickLabelFont(tickFont);
    plot_->xAxis->setTickLabelRotation(C > 5 ? 90 : 0);
    // Rows of at least ~16 px beside the labels, so that a short dock scrolls instead of squashing.
    const QFontMetrics fm(tickFont);
    int longest = 0;
    for (const auto& c : cols)
        longest = std::max(longest, fm.horizontalAdvance(QString::fromStdString(c)));
    const int labelHeight = C > 5 ? longest + 8 : fm.height() + 4;
    plot_->setMinimumHeight(std::max(130, 40 + 18 * R + labelHeight + fm.height() + 12));
    plot_->xAxis->setRange(-0.5, C - 0.5);
    plot_->yAxis->setRange(-0.5, R - 0.5);
    values_ = values;
    reach_ = reach;
    lo_ = lo;
    hi_ = hi > lo ? hi : lo + 1;
    map_->setGradient(gradientFor(scale));
    map_->setDataRange(QCPRange(lo_, hi_));
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) {
            const bool exists = reach.empty() || reach[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)];
            const double v = exists ? values[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)]
                                    : std::numeric_limits<double>::quiet_NaN();
            map_->data()->setCell(c, r, v);
            auto* t = cellTexts_[static_cast<std::size_t>(r * C + c)];
            t->position->setCoords(c, r);
            t->setText(cellText(v));
            const QColor fill =
                std::isnan(v) ? QColor(205, 205, 205) : QColor(gradientFor(scale).color(v, QCPRange(lo_, hi_)));
            t->setColor(fill.lightness() < 128 ? Qt::white : Qt::black);
        }
    placeCellTexts();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void MatrixPlot::placeCellTexts()
{
    if (cols_ == 0 || rows_ == 0) return;
    // Numbers only while a cell is wide enough to hold one; the cursor tells the rest.
    const QRect area = plot_->axisRect()->rect();
    const double w = area.width() / static_cast<double>(cols_), h = area.height() / static_cast<double>(rows_);
    QFont f = font();
    f.setPointSizeF(std::clamp(std::min(w / 4.0, h / 2.2), 6.0, font().pointSizeF()));
    const bool readable = w >= 26 && h >= 13;
    for (auto* t : cellTexts_) {
        t->setFont(f);
        t->setVisible(readable);
    }
    // Colour-scale labels ~22 px apart at least: a short scale gets fewer ticks, never overlapping ones.
    scale_->axis()->ticker()->setTickCount(std::clamp(scale_->axis()->axisRect()->height() / 22, 2, 5));
}

void MatrixPlot::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    // A narrow panel (side by side in the comparison) keeps its cells and drops the scale's
    // label, which would otherwise be cut at the edge; the title says what the numbers are.
    scale_->setLabel(width() >= 240 ? scaleLabel_ : QString());
    plot_->replot(QCustomPlot::rpImmediateRefresh); // lays the axis rect out for the new size
    placeCellTexts();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

std::pair<int, int> MatrixPlot::cellAt(double x, double y) const
{
    if (cols_ == 0) return {-1, -1};
    const int c = static_cast<int>(std::lround(plot_->xAxis->pixelToCoord(x)));
    const int r = static_cast<int>(std::lround(plot_->yAxis->pixelToCoord(y)));
    if (r < 0 || c < 0 || r >= rows_ || c >= cols_) return {-1, -1};
    return {r, c};
}

} // namespace mtlx::ui
