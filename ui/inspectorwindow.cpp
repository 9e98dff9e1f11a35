#include "ui/inspectorwindow.h"

#include <algorithm>
#include <cmath>

#include <QApplication>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include "ui/accessibility.h"
#include "ui/jobs.h"
#include "ui/matrixplot.h"
#include "ui/plotstyle.h"
#include "ui/qcp.h"

namespace mtlx::ui {
namespace {

QString gateName(const GateInspection& g)
{
    return QObject::tr("level %1 · gate %2").arg(g.level + 1).arg(QString::fromStdString(g.gate));
}

QString labelText(double v)
{
    return std::isnan(v) ? QStringLiteral("–") : QString::number(v, 'g', 3);
}

} // namespace

InspectorWindow::InspectorWindow(const QString& runFolder, const QString& title, QWidget* parent)
    : QDialog(parent), split_(new QComboBox(this)), gate_(new QComboBox(this)), choice_(new QComboBox(this)),
      count_(new QSpinBox(this)), pick_(new QPushButton(tr("Pick examples"), this)), status_(new QLabel(this)),
      gateNote_(new QLabel(this)), boxes_(new QCustomPlot(this)),
      knockouts_(new MatrixPlot(tr("Knock-outs: each task's metric, expert zeroed minus kept"), tr("change"), this)),
      routing_(new MatrixPlot(tr("Routing: the chosen examples' gate weights, the mean first"), tr("weight"), this)),
      background_(new JobTracker(this))
{
    setObjectName("inspector");
    setWindowTitle(tr("Expert inspector — %1").arg(title));
    session_->folder = runFolder.toStdString();
    split_->addItems({"test", "validation", "train"});
    split_->setAccessibleName(tr("Split"));
    gate_->setAccessibleName(tr("Gate"));
    choice_->setAccessibleName(tr("Examples to route"));
    choice_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    count_->setRange(1, 50);
    count_->setValue(8);
    count_->setAccessibleName(tr("Number of examples"));
    gateNote_->setWordWrap(true);
    status_->setObjectName("inspectorStatus");
    boxes_->setObjectName("gateBoxes");
    knockouts_->setObjectName("knockouts");
    routing_->setObjectName("routing");
    applyPalette(boxes_);
    layOut();
    resize(1180, 720);
    connect(split_, &QComboBox::currentTextChanged, this, [this] { inspect(); });
    connect(gate_, &QComboBox::currentIndexChanged, this, [this] {
        drawGate();
        drawRouting();
    });
    connect(pick_, &QPushButton::clicked, this, [this] {
        const auto data = choice_->currentData().toPointF(); // (task, label)
        pick(static_cast<int>(data.x()), data.y(), count_->value());
    });
    knockouts_->clear(tr("measuring…"));
    routing_->clear(tr("pick examples to see how the gates route them"));
    inspect();
    nameControls(this);
}

void InspectorWindow::layOut()
{
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Split:"), this));
    top->addWidget(split_);
    top->addWidget(new QLabel(tr("Gate:"), this));
    top->addWidget(gate_, 1);
    top->addWidget(status_, 1);
    auto* gatePanel = new QWidget(this);
    auto* gateLayout = new QVBoxLayout(gatePanel);
    gateLayout->setContentsMargins(0, 0, 0, 0);
    gateLayout->addWidget(boxes_, 1);
    gateLayout->addWidget(gateNote_);
    auto* knockoutPanel = new QWidget(this);
    auto* knockoutLayout = new QVBoxLayout(knockoutPanel);
    knockoutLayout->setContentsMargins(0, 0, 0, 0);
    knockoutLayout->addWidget(knockouts_, 1);
    auto* knockoutNote = new QLabel(tr("For AUC and accuracy a change below 0 is a loss; for mse one above 0."), this);
    knockoutNote->setWordWrap(true);
    knockoutLayout->addWidget(knockoutNote);
    auto* upper = new QSplitter(Qt::Horizontal, this);
    upper->addWidget(gatePanel);
    upper->addWidget(knockoutPanel);
    upper->setSizes({540, 620});
    auto* routingPanel = new QWidget(this);
    auto* routingLayout = new QVBoxLayout(routingPanel);
    routingLayout->setContentsMargins(0, 0, 0, 0);
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Examples:"), this));
    controls->addWidget(choice_);
    controls->addWidget(count_);
    controls->addWidget(pick_);
    controls->addStretch(1);
    routingLayout->addLayout(controls);
    routingLayout->addWidget(routing_, 1);
    auto* body = new QSplitter(Qt::Vertical, this);
    body->addWidget(upper);
    body->addWidget(routingPanel);
    body->setStretchFactor(0, 3);
    body->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(body, 1);
}

InspectorWindow::~InspectorWindow() = default; // the tracker waits for the job in flight

void InspectorWindow::run(std::function<void(RunInspector&)> job, std::function<void()> done)
{
    pick_->setEnabled(false);
    status_->setText(tr("computing…"));
    auto session = session_;
    auto error = std::make_shared<QString>();
    background_->start(
        this,
        [session, job = std::move(job), error](const std::atomic<bool>&) {
            try {
                const std::lock_guard<std::mutex> lock(session->mutex);
                if (!session->inspector) session->inspector = std::make_unique<RunInspector>(session->folder);
                job(*session->inspector);
            } catch (const std::exception& e) {
                *error = QString::fromStdString(e.what());
            }
        },
        [this, error, done = std::move(done)] {
            error_ = *error;
            if (error_.isEmpty()) done();
            // Nothing is measured on a model that cannot be read: the panels say so, not "measuring…".
            if (!error_.isEmpty() && !inspection_) {
                knockouts_->clear(tr("nothing to measure: the model could not be read"));
                routing_->clear(tr("nothing to route: the model could not be read"));
            }
            status_->setText(error_);
            pick_->setEnabled(!busy() && inspection_.has_value());
            Q_EMIT updated();
        });
}

bool InspectorWindow::busy() const
{
    return background_->active() > 0;
}

void InspectorWindow::inspect()
{
    const auto split = split_->currentText().toStdString();
    auto result = std::make_shared<Inspection>();
    auto labels = std::make_shared<std::vector<std::pair<std::string, std::vector<double>>>>();
    run(
        [split, result, labels](RunInspector& inspector) {
            *result = inspector.inspect(split);
            *labels = inspector.taskLabels();
        },
        [this, result, labels] {
            inspection_ = std::move(*result);
            labels_ = std::move(*labels);
            const int shown = gate_->currentIndex();
            gate_->blockSignals(true);
            gate_->clear();
            for (const auto& g : inspection_->gates)
                gate_->addItem(gateName(g));
            gate_->setCurrentIndex(std::clamp(shown, 0, std::max(gate_->count() - 1, 0)));
            gate_->blockSignals(false);
            fillChoices();
            drawGate();
            drawKnockOuts();
            routed_.clear();
            drawRouting();
        });
}

void InspectorWindow::setSplit(const QString& split)
{
    split_->setCurrentText(split);
}

void InspectorWindow::showGate(int index)
{
    gate_->setCurrentIndex(index);
}

void InspectorWindow::pick(int task, double label, int count)
{
    RoutingChoice choice;
    choice.task = task;
    choice.label = label;
    choice.count = count;
    const auto split = split_->currentText().toStdString();
    auto result = std::make_shared<std::vector<RoutedExample>>();
    run([split, choice, result](RunInspector& inspector) { *result = inspector.route(split, choice); },
        [this, result] {
            routed_ = std::move(*result);
            drawRouting();
        });
}

void InspectorWindow::fillChoices()
{
    choice_->clear();
    choice_->addItem(tr("at random"), QPointF(-1, 0));
    for (std::size_t t = 0; t < labels_.size(); ++t)
        for (const double v : labels_[t].second)
            choice_->addItem(QString("%1 = %2").arg(QString::fromStdString(labels_[t].first)).arg(v),
                             QPointF(static_cast<double>(t), v));
}

void InspectorWindow::drawGate()
{
    boxes_->clearPlottables();
    const int index = gate_->currentIndex();
    if (!inspection_ || index < 0 || index >= static_cast<int>(inspection_->gates.size())) {
        setEmptyHint(boxes_, inspection_ ? tr("this model has no gates") : tr("loading the model…"));
        gateNote_->clear();
        boxes_->replot();
        return;
    }
    setEmptyHint(boxes_, {});
    const auto& g = inspection_->gates[static_cast<std::size_t>(index)];
    auto* box = new QCPStatisticalBox(boxes_->xAxis, boxes_->yAxis);
    box->setName(tr("weight over the examples"));
    box->setBrush(QColor(70, 130, 180, 120));
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    QStringList use;
    for (std::size_t e = 0; e < g.experts.size(); ++e) {
        const double key = static_cast<double>(e + 1);
        box->addData(key, g.quantiles[0][e], g.quantiles[1][e], g.quantiles[2][e], g.quantiles[3][e],
                     g.quantiles[4][e]);
        ticker->addTick(key, QString::fromStdString(g.experts[e]));
        use << QString("%1 %2").arg(QString::fromStdString(g.experts[e])).arg(g.expertUse[e], 0, 'f', 2);
    }
    boxes_->xAxis->setTicker(ticker);
    // Names side by side overlap from a handful of experts on: slanted then.
    boxes_->xAxis->setTickLabelRotation(g.experts.size() > 4 ? -35 : 0);
    boxes_->xAxis->setRange(0.4, static_cast<double>(g.experts.size()) + 0.6);
    boxes_->xAxis->setLabel(tr("expert"));
    boxes_->yAxis->setLabel(g.kind == "stitch" ? tr("α") : tr("gate weight (5–25–50–75–95 %)"));
    if (g.kind == "stitch")
        boxes_->yAxis->rescale();
    else
        boxes_->yAxis->setRange(0, 1.02);
    QStringList unused;
    for (const auto& x : inspection_->experts)
        if (x.unused && x.level == g.level) unused << QString::fromStdString(x.expert);
    gateNote_->setText(
        tr("%1 over %2 %3 examples (boxes 25–75 %, whiskers 5–95 %, line the median). Use (share of the gate's "
           "weight): %4. Entropy %5 nats.%6")
            .arg(gateName(g))
            .arg(inspection_->examples)
            .arg(QString::fromStdString(inspection_->split))
            .arg(use.join(", "))
            .arg(g.entropy, 0, 'f', 3)
            .arg(unused.isEmpty() ? QString()
                                  : tr(" Unused at this level (no gate gives them 1 %): %1.").arg(unused.join(", "))));
    fitAxesToSize(boxes_);
    boxes_->replot();
}

void InspectorWindow::drawKnockOuts()
{
    if (!inspection_ || inspection_->knockouts.empty()) {
        knockouts_->clear(tr("this model has no experts to knock out"));
        return;
    }
    std::vector<std::string> rows, cols;
    std::vector<std::vector<double>> values;
    double span = 1e-6;
    for (const auto& k : inspection_->knockouts) {
        rows.push_back("L" + std::to_string(k.level + 1) + " " + k.expert);
        values.push_back(k.delta);
        for (const double d : k.delta)
            if (std::isfinite(d)) span = std::max(span, std::abs(d));
    }
    for (std::size_t t = 0; t < inspection_->tasks.size(); ++t)
        cols.push_back(inspection_->tasks[t] + " " + inspection_->metrics[t]);
    knockouts_->setMatrix(rows, cols, values, {}, -span, span, MatrixPlot::Scale::Diverging);
    knockouts_->plot()->xAxis->setLabel(tr("task and its metric"));
    knockouts_->plot()->yAxis->setLabel(tr("expert zeroed"));
    knockouts_->plot()->replot();
}

void InspectorWindow::drawRouting()
{
    const int index = gate_->currentIndex();
    if (!inspection_ || routed_.empty() || index < 0 || index >= static_cast<int>(inspection_->gates.size())) {
        routing_->clear(routed_.empty() && inspection_ ? tr("no examples picked (none has that label?)")
                                                       : tr("pick examples to see how the gates route them"));
        return;
    }
    const auto& g = inspection_->gates[static_cast<std::size_t>(index)];
    // The gate's row in its level's matrix: the gates of a level come in row order.
    int row = 0;
    for (int i = index - 1; i >= 0 && inspection_->gates[static_cast<std::size_t>(i)].level == g.level; --i)
        ++row;
    // Softmax rows sum to 1, so a gate's use is its mean weight; α is the same for every example.
    const bool stitch = g.kind == "stitch";
    std::vector<std::string> rows{(stitch ? "median (" : "mean (") + inspection_->split + ")"};
    std::vector<std::vector<double>> values{stitch ? g.quantiles[2] : g.expertUse};
    for (const auto& e : routed_) {
        QStringList labels;
        for (std::size_t t = 0; t < e.labels.size() && t < inspection_->tasks.size(); ++t)
            labels << QString::fromStdString(inspection_->tasks[t]) + " " + labelText(e.labels[t]);
        rows.push_back(QString("#%1 (%2)").arg(e.index).arg(labels.join(", ")).toStdString());
        const auto& level = e.gates.at(static_cast<std::size_t>(g.level));
        values.push_back(level.at(static_cast<std::size_t>(row)));
    }
    routing_->setMatrix(rows, g.experts, values, {}, stitch ? -1 : 0, 1,
                        stitch ? MatrixPlot::Scale::Diverging : MatrixPlot::Scale::Sequential);
}

} // namespace mtlx::ui
