#include "ui/gateheatmap.h"

#include <algorithm>
#include <cmath>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "ui/matrixplot.h"

namespace mtlx::ui {
namespace {

bool reaches(const GateMatrix& g, std::size_t r, std::size_t c)
{
    return g.reach.empty() || g.reach[r][c];
}

QString cellValue(const GateMatrix& g, const std::vector<std::vector<double>>& m, int row, int col, bool gate)
{
    if (row < 0 || col < 0 || row >= static_cast<int>(g.rows.size()) || col >= static_cast<int>(g.cols.size()))
        return {};
    const auto r = static_cast<std::size_t>(row), c = static_cast<std::size_t>(col);
    const QString where =
        QString("%1 × %2: ").arg(QString::fromStdString(g.rows[r]), QString::fromStdString(g.cols[c]));
    if (gate && !reaches(g, r, c)) return where + QObject::tr("cannot reach");
    return where + QString::number(m[r][c], 'f', 3);
}

} // namespace

GateHeatmap::GateHeatmap(QWidget* parent)
    : QWidget(parent), level_(new QComboBox(this)), hover_(new QLabel(this)), caption_(new QLabel(this)),
      gatePlot_(new MatrixPlot(tr("gate (softmax)"), tr("mean weight"), this)),
      nativePlot_(new MatrixPlot(tr("NativeExpertLF"), tr("weight"), this))
{
    level_->setObjectName("gateLevel");
    hover_->setObjectName("gateHover");
    caption_->setObjectName("gateCaption");
    gatePlot_->setObjectName("gatePlot");
    nativePlot_->setObjectName("nativePlot");
    caption_->setWordWrap(true);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Level"), this));
    top->addWidget(level_);
    top->addStretch(1);
    top->addWidget(hover_);
    auto* plots = new QHBoxLayout;
    plots->addWidget(gatePlot_, 1);
    plots->addWidget(nativePlot_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(top);
    layout->addLayout(plots, 1);
    layout->addWidget(caption_);
    connect(level_, &QComboBox::currentIndexChanged, this, [this] { drawLevel(); });
    gatePlot_->onHover = [this](int r, int c) { hover_->setText(valueAt(r, c)); };
    nativePlot_->onHover = [this](int r, int c) { hover_->setText(nativeValueAt(r, c)); };
    drawLevel();
}

void GateHeatmap::setGates(const std::vector<GateMatrix>& gates, const QString& context)
{
    const bool levelsChanged = gates.size() != gates_.size();
    gates_ = gates;
    context_ = context;
    if (levelsChanged) {
        const QSignalBlocker block(level_);
        level_->clear();
        for (const auto& g : gates_)
            level_->addItem(QString::number(g.level + 1));
    }
    updateRanges();
    drawLevel();
}

void GateHeatmap::setLevel(int index)
{
    if (index >= 0 && index < level_->count()) level_->setCurrentIndex(index);
}

void GateHeatmap::updateRanges()
{
    // One scale for every level, so that levels compare by colour.
    double top = 0, low = 0, nativeAbs = 0;
    for (const auto& g : gates_) {
        for (std::size_t r = 0; r < g.matrix.size(); ++r)
            for (std::size_t c = 0; c < g.matrix[r].size(); ++c) {
                if (!reaches(g, r, c) || !std::isfinite(g.matrix[r][c])) continue;
                top = std::max(top, g.matrix[r][c]);
                low = std::min(low, g.matrix[r][c]);
            }
        for (const auto& row : g.native)
            for (double v : row)
                if (std::isfinite(v)) nativeAbs = std::max(nativeAbs, std::abs(v));
    }
    // Softmax weights are ≥ 0: a sequential scale from 0. Cross-stitch α may be negative: then a
    // diverging scale symmetric about 0.
    const double extent = std::max(top, -low);
    gateRange_ = low < 0 ? std::pair{-extent, extent} : std::pair{0.0, std::max(top, 1e-9)};
    nativeRange_ = {-std::max(nativeAbs, 1e-9), std::max(nativeAbs, 1e-9)};
}

void GateHeatmap::widenRanges(std::pair<double, double> gate, std::pair<double, double> native)
{
    gateRange_ = {std::min(gateRange_.first, gate.first), std::max(gateRange_.second, gate.second)};
    nativeRange_ = {std::min(nativeRange_.first, native.first), std::max(nativeRange_.second, native.second)};
    drawLevel();
}

bool GateHeatmap::showsNative() const
{
    const int l = level_->currentIndex();
    return l >= 0 && l < static_cast<int>(gates_.size()) && !gates_[static_cast<std::size_t>(l)].native.empty();
}

QString GateHeatmap::valueAt(int row, int col) const
{
    const int l = level_->currentIndex();
    if (l < 0 || l >= static_cast<int>(gates_.size())) return {};
    const auto& g = gates_[static_cast<std::size_t>(l)];
    return cellValue(g, g.matrix, row, col, true);
}

QString GateHeatmap::nativeValueAt(int row, int col) const
{
    if (!showsNative()) return {};
    const auto& g = gates_[static_cast<std::size_t>(level_->currentIndex())];
    return tr("NativeExpertLF ") + cellValue(g, g.native, row, col, false);
}

void GateHeatmap::drawLevel()
{
    const int l = level_->currentIndex();
    if (l < 0 || l >= static_cast<int>(gates_.size())) {
        gatePlot_->clear(tr("No gates yet: train a gated model (MMoE, ML-MMoE, PLE, AdaTT, cross-stitch)."));
        nativePlot_->hide();
        caption_->clear();
        return;
    }
    const auto& g = gates_[static_cast<std::size_t>(l)];
    const bool stitch = g.kind == "stitch";
    const auto gateScale = gateRange_.first < 0 ? MatrixPlot::Scale::Diverging : MatrixPlot::Scale::Sequential;
    gatePlot_->setMatrix(g.rows, g.cols, g.matrix, g.reach, gateRange_.first, gateRange_.second, gateScale);
    nativePlot_->setVisible(!g.native.empty());
    if (!g.native.empty())
        nativePlot_->setMatrix(g.rows, g.cols, g.native, {}, nativeRange_.first, nativeRange_.second,
                               MatrixPlot::Scale::Diverging);
    QString text = stitch ? tr("Cross-stitch α: row t mixes the task networks' outputs into task t (learnt, one "
                               "number per pair, the same for every example).")
                          : tr("Each row is one gate: its softmax weights over the experts, averaged over the "
                               "evaluation set; a row sums to 1.");
    if (!g.reach.empty()) text += tr(" Grey cells: experts the gate cannot reach.");
    if (!g.native.empty())
        text += tr(" AdaTT adds NativeExpertLF (right) to the gate: a unit's own experts are mixed in with these "
                   "weights, a fixed 1 when it has one expert.");
    caption_->setText(context_.isEmpty() ? text : context_ + " — " + text);
}

} // namespace mtlx::ui
