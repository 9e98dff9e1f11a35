#include "ui/comparisonview.h"

#include <algorithm>
#include <cmath>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QResizeEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/reproduce/statistics.h"
#include "core/spec/pareto.h"
#include "ui/gateheatmap.h"

namespace mtlx::ui {
namespace {

struct Group {
    QString label;
    QColor colour;
    std::vector<const RunEntry*> runs;
};

// "mmoe", or "mmoe · pcgrad" where runs differ in more than the architecture.
QString modelLabel(const RunEntry& e)
{
    QString label = specSummary(e.result.spec);
    return label.left(label.lastIndexOf(" · ")); // without the seed
}

std::vector<Group> groupsOf(const std::vector<const RunEntry*>& runs)
{
    std::vector<Group> groups;
    for (const auto* r : runs) {
        const QString label = modelLabel(*r);
        auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return g.label == label; });
        if (it == groups.end()) {
            groups.push_back({label, r->colour, {}});
            it = groups.end() - 1;
        }
        it->runs.push_back(r);
    }
    return groups;
}

} // namespace

ComparisonView::ComparisonView(QWidget* parent)
    : QWidget(parent), title_(new QLabel(this)), table_(new QTableWidget(this)), gates_(new QWidget(this)),
      gatesLayout_(new QHBoxLayout(gates_))
{
    setObjectName("comparisonView");
    table_->setObjectName("comparisonTable");
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->setVisible(true);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    title_->setWordWrap(true);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(gates_);
    scroll->setWidgetResizable(true);
    gatesLayout_->setContentsMargins(0, 0, 0, 0);
    // Table and gate matrices side by side in a wide, low dock (resizeEvent turns it).
    split_ = new QSplitter(Qt::Horizontal, this);
    auto* split = split_;
    split->addWidget(table_);
    split->addWidget(scroll);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(title_);
    layout->addWidget(split, 1);
    clear(tr("Train → Compare architectures… trains several models on this data set and shows them here."));
}

void ComparisonView::clear(const QString& message)
{
    title_->setText(message);
    table_->clear();
    table_->setRowCount(0);
    table_->setColumnCount(0);
    while (auto* item = gatesLayout_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
}

namespace {

// A metric cell: mean ± sd over a model's seeds and, against the reference model's seeds (every
// row after the first), Welch's p, with the difference and its 95 % interval on hover.
QTableWidgetItem* metricCell(const Estimate& e, const std::vector<double>* reference, const std::vector<double>& values,
                             const QString& referenceLabel)
{
    auto* cell = new QTableWidgetItem(QString::fromStdString(formatEstimate(e, 4)));
    if (ComparisonView::seedsDisagree(e.mean, e.sd, e.n)) {
        cell->setText(cell->text() + " ⚠");
        cell->setBackground(QColor(255, 224, 178));
        cell->setForeground(QColor(60, 40, 0));
        cell->setToolTip(QObject::tr("The seeds disagree widely (sd over half the mean): one may be stuck at a bad "
                                     "optimum. Select each run in the Runs panel to see which."));
    }
    if (!reference) return cell;
    const auto w = welch(*reference, values);
    if (!std::isfinite(w.p)) return cell;
    cell->setText(cell->text() + " · p " + QString::fromStdString(formatPValue(w.p)));
    cell->setToolTip((cell->toolTip().isEmpty() ? QString() : cell->toolTip() + "\n") +
                     QObject::tr("against %1: difference %2, 95 % interval [%3, %4], Welch's p %5")
                         .arg(referenceLabel)
                         .arg(w.difference, 0, 'g', 4)
                         .arg(w.low, 0, 'g', 4)
                         .arg(w.high, 0, 'g', 4)
                         .arg(w.p, 0, 'g', 3));
    return cell;
}

} // namespace

void ComparisonView::setRuns(const std::vector<const RunEntry*>& runs, const QString& title)
{
    clear(title);
    if (runs.empty()) return;
    const auto groups = groupsOf(runs);
    std::vector<GateHeatmap*> heatmaps;
    const auto& first = runs.front()->result;
    QStringList columns;
    std::vector<std::string> metrics;
    for (const auto& t : first.tasks) {
        metrics.push_back(first.spec.sweep.resolvedMetric(t.kind));
        columns << QString::fromStdString(t.name + " " + metrics.back());
    }
    columns << tr("seeds") << tr("parameters");
    table_->setColumnCount(static_cast<int>(columns.size()));
    table_->setHorizontalHeaderLabels(columns);
    table_->setRowCount(static_cast<int>(groups.size()));
    std::vector<std::vector<double>> means(metrics.size());
    std::vector<std::vector<double>> firstValues(metrics.size()); // the reference: the first model's seeds
    for (std::size_t g = 0; g < groups.size(); ++g) {
        auto* header = new QTableWidgetItem(groups[g].label);
        header->setForeground(groups[g].colour);
        table_->setVerticalHeaderItem(static_cast<int>(g), header);
        for (std::size_t t = 0; t < metrics.size(); ++t) {
            std::vector<double> values;
            for (const auto* r : groups[g].runs)
                if (t < r->result.tasks.size() && r->result.tasks[t].test.count(metrics[t]))
                    values.push_back(r->result.tasks[t].test.at(metrics[t]));
            const auto e = estimate(values);
            means[t].push_back(e.n > 0 ? e.mean : std::nan(""));
            if (g == 0) firstValues[t] = values;
            auto* cell = metricCell(e, g == 0 ? nullptr : &firstValues[t], values, groups[0].label);
            table_->setItem(static_cast<int>(g), static_cast<int>(t), cell);
        }
        table_->setItem(static_cast<int>(g), static_cast<int>(metrics.size()),
                        new QTableWidgetItem(QString::number(groups[g].runs.size())));
        table_->setItem(static_cast<int>(g), static_cast<int>(metrics.size() + 1),
                        new QTableWidgetItem(QString::number(groups[g].runs.front()->result.params.training)));
        if (!groups[g].runs.front()->result.gates.empty())
            heatmaps.push_back(addGatePanel(groups[g].label, groups[g].runs.front()->result.gates));
    }
    shareColourScale(heatmaps);
    if (groups.size() > 1 && groups[0].runs.size() > 1)
        title_->setText(
            (title.isEmpty() ? QString() : title + " — ") +
            tr("p: Welch's t-test of each model against %1 over seeds (hover for the interval)").arg(groups[0].label));
    table_->resizeColumnsToContents();
    fitSplit();
    // The best mean of each metric column in bold.
    for (std::size_t t = 0; t < metrics.size(); ++t) {
        int best = -1;
        for (std::size_t g = 0; g < means[t].size(); ++g) {
            if (!std::isfinite(means[t][g])) continue;
            if (best < 0 || (higherIsBetter(metrics[t]) ? means[t][g] > means[t][static_cast<std::size_t>(best)]
                                                        : means[t][g] < means[t][static_cast<std::size_t>(best)]))
                best = static_cast<int>(g);
        }
        if (best < 0) continue;
        auto* item = table_->item(best, static_cast<int>(t));
        QFont f = item->font();
        f.setBold(true);
        item->setFont(f);
    }
}

GateHeatmap* ComparisonView::addGatePanel(const QString& label, const std::vector<GateMatrix>& gates)
{
    auto* panel = new QWidget(gates_);
    auto* v = new QVBoxLayout(panel);
    v->setContentsMargins(0, 0, 0, 0);
    auto* name = new QLabel(QString("<b>%1</b>").arg(label), panel);
    auto* heatmap = new GateHeatmap(panel);
    heatmap->setGates(gates);
    // Wide enough for each matrix with its colour scale (AdaTT shows two).
    heatmap->setMinimumWidth(gates.front().native.empty() ? 240 : 440);
    v->addWidget(name);
    v->addWidget(heatmap, 1);
    gatesLayout_->addWidget(panel);
    return heatmap;
}

// One colour scale for every panel, so that a colour means one weight across models.
void ComparisonView::shareColourScale(const std::vector<GateHeatmap*>& heatmaps)
{
    std::pair<double, double> gate{0, 0}, native{0, 0};
    for (const auto* h : heatmaps) {
        gate = {std::min(gate.first, h->gateRange().first), std::max(gate.second, h->gateRange().second)};
        native = {std::min(native.first, h->nativeRange().first), std::max(native.second, h->nativeRange().second)};
    }
    for (auto* h : heatmaps)
        h->widenRanges(gate, native);
}

bool ComparisonView::seedsDisagree(double mean, double sd, int n)
{
    return n >= 2 && std::isfinite(sd) && sd > 0.5 * std::abs(mean);
}

void ComparisonView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    const auto orientation = width() > 2 * height() ? Qt::Horizontal : Qt::Vertical;
    if (split_->orientation() != orientation) {
        split_->setOrientation(orientation);
        fitSplit();
    }
}

// The table as large as its columns (side by side) or rows (above the gates); the gate matrices
// get the rest.
void ComparisonView::fitSplit()
{
    if (split_->orientation() == Qt::Horizontal) {
        const int tableWidth =
            table_->verticalHeader()->width() + table_->horizontalHeader()->length() + 2 * table_->frameWidth() + 4;
        split_->setSizes({tableWidth, std::max(width() - tableWidth, 200)});
        return;
    }
    const int tableHeight = table_->horizontalHeader()->height() + table_->verticalHeader()->length() +
                            table_->horizontalScrollBar()->sizeHint().height() + 2 * table_->frameWidth() + 4;
    const int total = std::max(split_->height(), 200);
    split_->setSizes({std::min(tableHeight, total / 2), std::max(total - tableHeight, 100)});
}

int ComparisonView::models() const
{
    return table_->rowCount();
}

int ComparisonView::gatePanels() const
{
    return gatesLayout_->count();
}

} // namespace mtlx::ui
