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
#include <QTableView>
#include <QVBoxLayout>

#include "core/reproduce/statistics.h"
#include "core/spec/pareto.h"
#include "ui/comparisonmodel.h"
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
    : QWidget(parent), title_(new QLabel(this)), table_(new QTableView(this)), model_(new ComparisonModel(this)),
      gates_(new QWidget(this)), gatesLayout_(new QHBoxLayout(gates_))
{
    table_->setModel(model_);
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
    model_->clear();
    while (auto* item = gatesLayout_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
}

void ComparisonView::setRuns(const std::vector<const RunEntry*>& runs, const QString& title)
{
    clear(title);
    if (runs.empty()) return;
    const auto groups = groupsOf(runs);
    std::vector<GateHeatmap*> heatmaps;
    const auto& first = runs.front()->result;
    QStringList columns;
    std::vector<std::string> metrics;
    std::vector<bool> higher;
    for (const auto& t : first.tasks) {
        metrics.push_back(first.spec.sweep.resolvedMetric(t.kind));
        columns << QString::fromStdString(t.name + " " + metrics.back());
        higher.push_back(higherIsBetter(metrics.back()));
    }
    std::vector<ComparedModel> models;
    for (const auto& g : groups) {
        ComparedModel m;
        m.label = g.label;
        m.colour = g.colour;
        m.seeds = static_cast<std::int64_t>(g.runs.size());
        m.parameters = g.runs.front()->result.params.training;
        for (std::size_t t = 0; t < metrics.size(); ++t) {
            m.values.emplace_back();
            for (const auto* r : g.runs)
                if (t < r->result.tasks.size() && r->result.tasks[t].test.count(metrics[t]))
                    m.values.back().push_back(r->result.tasks[t].test.at(metrics[t]));
        }
        models.push_back(std::move(m));
        if (!g.runs.front()->result.gates.empty())
            heatmaps.push_back(addGatePanel(g.label, g.runs.front()->result.gates));
    }
    model_->setModels(columns, higher, std::move(models));
    shareColourScale(heatmaps);
    if (groups.size() > 1 && groups[0].runs.size() > 1)
        title_->setText(
            (title.isEmpty() ? QString() : title + " — ") +
            tr("p: Welch's t-test of each model against %1 over seeds (hover for the interval)").arg(groups[0].label));
    table_->resizeColumnsToContents();
    fitSplit();
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
    return model_->rowCount();
}

int ComparisonView::gatePanels() const
{
    return gatesLayout_->count();
}

} // namespace mtlx::ui
