#include "ui/paretoview.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "core/engine/sweep.h"
#include "core/spec/specerror.h"
#include "ui/plotexport.h"
#include "ui/plotstyle.h"
#include "ui/qcp.h"

namespace mtlx::ui {

namespace {
constexpr int kLegendColumns = 2; // configurations a legend row holds while their names fit
} // namespace

ParetoView::ParetoView(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)), details_(new QLabel(this)), yardstickBox_(new QComboBox(this)),
      yardstickSummary_(new QLabel(this))
{
    plot_->setObjectName("paretoPlot");
    // The legend sits under the axes (once a configuration exists), two configurations a row, so
    // it never covers a point.
    styleLegendBelow(plot_, kLegendColumns, 8);
    applyPalette(plot_);
    fitAxesToSize(plot_);
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom | QCP::iSelectPlottables);
    plot_->setMinimumSize(220, 120);
    plot_->xAxis->setLabel(tr("task 1 objective (lower is better)"));
    plot_->yAxis->setLabel(tr("task 2 objective (lower is better)"));
    details_->setObjectName("paretoDetails");
    details_->setWordWrap(true);
    details_->setText(tr("Run a sweep (Train ▸ Sweep) or add a sweep folder; click a point to see its run."));
    yardstickBox_->setObjectName("paretoYardstick");
    yardstickBox_->setToolTip(tr("A linear-scalarisation sweep to judge the others by: each of their seed-mean "
                                 "points is labelled dominated (with the margin) or not (with the hypervolume it "
                                 "adds). A tuned linear scalarisation matches most weighting methods; see "
                                 "docs/metrics.md."));
    // Names stay readable in a narrow dock: the box keeps room for a name's start, the summary wraps.
    yardstickBox_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    yardstickBox_->setMinimumContentsLength(16);
    yardstickSummary_->setObjectName("paretoYardstickSummary");
    yardstickSummary_->setWordWrap(true);
    connect(yardstickBox_, &QComboBox::activated, this,
            [this](int row) { setYardstick(yardstickBox_->itemData(row).toInt()); });
    auto* yardstickRow = new QHBoxLayout;
    yardstickRow->addWidget(new QLabel(tr("Yardstick:"), this));
    yardstickRow->addWidget(yardstickBox_);
    yardstickRow->addWidget(yardstickSummary_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(plot_, 1);
    layout->addWidget(details_);
    layout->addLayout(yardstickRow);
    replot_.setSingleShot(true);
    replot_.setInterval(40);
    connect(&replot_, &QTimer::timeout, this, [this] { replotNow(); });
    connect(plot_, &QCustomPlot::plottableClick, this, [this](QCPAbstractPlottable* p, int index, QMouseEvent*) {
        auto* graph = qobject_cast<QCPGraph*>(p);
        if (!graph || index < 0 || index >= graph->dataCount()) return;
        const auto it = graph->data()->at(index);
        selectNear(it->key, it->value);
    });
    refresh();
}

QString weightsText(const std::vector<double>& weights)
{
    QStringList w;
    for (double x : weights)
        w << QString::number(x, 'g', 3);
    return w.join(", ");
}

int ParetoView::configurationFrom(const QString& source) const
{
    for (std::size_t i = 0; i < configs_.size(); ++i)
        if (!source.isEmpty() && configs_[i].sources.contains(source)) return static_cast<int>(i);
    return -1;
}

void ParetoView::forgetSource(const QString& source)
{
    for (auto it = configs_.begin(); it != configs_.end();) {
        if (it->sources == QStringList{source}) {
            plot_->removeGraph(it->scatter);
            plot_->removeGraph(it->frontier);
            it = configs_.erase(it);
            continue;
        }
        it->sources.removeAll(source);
        ++it;
    }
    refresh();
}

void ParetoView::clearPoints(int configuration)
{
    auto& c = configs_.at(static_cast<std::size_t>(configuration));
    c.points.clear();
    c.descriptions.clear();
    c.models = 0;
    c.scatter->data()->clear();
    refresh();
}

int ParetoView::addConfiguration(const QString& name, const std::vector<std::string>& tasks,
                                 const std::vector<std::string>& metrics)
{
    Config c;
    c.name = name;
    c.tasks = tasks;
    c.metrics = metrics;
    const QColor color = seriesColor(static_cast<int>(configs_.size()));
    // Past the palette's 24 colours a colour comes again: with another marker.
    static const QCPScatterStyle::ScatterShape shapes[] = {QCPScatterStyle::ssDisc, QCPScatterStyle::ssTriangle,
                                                           QCPScatterStyle::ssSquare, QCPScatterStyle::ssDiamond};
    c.scatter = plot_->addGraph();
    c.scatter->setLineStyle(QCPGraph::lsNone);
    c.scatter->setScatterStyle(QCPScatterStyle(shapes[(configs_.size() / 24) % 4], color, 7));
    c.scatter->removeFromLegend();
    c.frontier = plot_->addGraph();
    c.frontier->setLineStyle(QCPGraph::lsStepLeft);
    c.frontier->setPen(QPen(color, 2));
    c.frontier->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(color, 2), QBrush(Qt::white), 9));
    c.frontier->setSelectable(QCP::stNone);
    configs_.push_back(c);
    if (tasks.size() >= 2) {
        auto label = [&](std::size_t k) {
            return QString::fromStdString(tasks[k] + " " +
                                          (higherIsBetter(metrics[k]) ? "1 − " + metrics[k] : metrics[k]));
        };
        plot_->xAxis->setLabel(label(0) + tr(" (lower is better)"));
        plot_->yAxis->setLabel(label(1) + tr(" (lower is better)"));
    }
    refresh();
    return static_cast<int>(configs_.size()) - 1;
}

void ParetoView::addPoint(int configuration, const ParetoPoint& point, const QString& description)
{
    auto& c = configs_.at(static_cast<std::size_t>(configuration));
    if (point.values.size() < 2) return; // a diverged run has no objectives
    c.points.push_back(point);
    c.descriptions.push_back(description);
    c.scatter->addData(point.values[0], point.values[1]);
    refresh();
}

// The view zooms to the runs that train every task (trainedEveryTask): a weight-0 run leaves a
// task untrained and its huge objective would squash the frontier into a corner; a
// preference-conditioned model trained every task at every preference. Without such runs, every
// run is in view.
void ParetoView::replotNow()
{
    replot_.stop();
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (const bool trainedOnly : {true, false}) {
        for (const auto& c : configs_)
            for (const auto& p : c.points) {
                if (trainedOnly && !trainedEveryTask(p, c.models > 0)) continue;
                x0 = std::min(x0, p.values[0]), x1 = std::max(x1, p.values[0]);
                y0 = std::min(y0, p.values[1]), y1 = std::max(y1, p.values[1]);
            }
        if (std::isfinite(x0)) break;
    }
    if (marker_.size() >= 2 && std::isfinite(x0)) {
        x0 = std::min(x0, marker_[0]), x1 = std::max(x1, marker_[0]);
        y0 = std::min(y0, marker_[1]), y1 = std::max(y1, marker_[1]);
    }
    if (std::isfinite(x0)) {
        // 8 % of the span, and at least a frontier ring's radius (~12 px) so edge points stay whole.
        const QRect area = plot_->axisRect()->rect();
        const double fx = area.width() > 48 ? 12.0 / (area.width() - 24) : 0.25;
        const double fy = area.height() > 48 ? 12.0 / (area.height() - 24) : 0.25;
        const double mx = std::max((x1 - x0) * std::max(0.08, fx), 1e-9);
        const double my = std::max((y1 - y0) * std::max(0.08, fy), 1e-9);
        plot_->xAxis->setRange(x0 - mx, x1 + mx);
        plot_->yAxis->setRange(y0 - my, y1 + my);
    }
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

int ParetoView::addFolder(const QString& folder, const QString& label)
{
    const auto f = readSweepFolder(folder.toStdString());
    // Named by what was swept (the spec), not by where it was written.
    const QString specName =
        f.spec.name.empty()
            ? QString()
            : QString::fromStdString(f.spec.name) +
                  (f.spec.heads.kind == "none" ? "" : " + " + QString::fromStdString(f.spec.heads.kind) + tr(" heads"));
    const QString name = !label.isEmpty()                         ? label
                         : !specName.isEmpty()                    ? specName
                         : QFileInfo(folder).fileName().isEmpty() ? folder
                                                                  : QFileInfo(folder).fileName();
    const int index = addConfiguration(name, f.frontier.tasks, f.frontier.metrics);
    if (f.spec.training.preference.conditioned()) { // its points are the fronts of one model per seed
        std::set<std::uint64_t> seeds;
        for (const auto& p : f.frontier.points)
            seeds.insert(p.seed);
        configs_.back().models = static_cast<int>(seeds.size());
    }
    for (const auto& p : f.frontier.points)
        addPoint(index, p, tr("%1: w = (%2), seed %3").arg(name, weightsText(p.weights)).arg(p.seed));
    return index;
}

void ParetoView::setTickedRuns(const std::vector<std::string>& tasks, const std::vector<std::string>& metrics,
                               const std::vector<TickedGroup>& groups)
{
    for (auto it = configs_.begin(); it != configs_.end();) {
        if (!it->ticked) {
            ++it;
            continue;
        }
        plot_->removeGraph(it->scatter);
        plot_->removeGraph(it->frontier);
        it = configs_.erase(it);
    }
    for (const auto& g : groups) {
        if (g.points.empty()) continue;
        const int index = addConfiguration(g.name, tasks, metrics);
        configs_.back().ticked = true;
        configs_.back().models = g.models;
        for (const auto& [point, description] : g.points)
            addPoint(index, point, description);
    }
    refresh();
}

void ParetoView::addFooter(QWidget* footer)
{
    static_cast<QVBoxLayout*>(layout())->addWidget(footer);
}

void ParetoView::setMarker(const std::vector<double>& objectives, const QString& text)
{
    marker_ = objectives;
    if (!markerGraph_) {
        markerGraph_ = plot_->addGraph();
        markerGraph_->setLineStyle(QCPGraph::lsNone);
        markerGraph_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, QPen(QColor(200, 30, 30), 2.5),
                                                      QBrush(QColor(255, 210, 0)), 16));
        markerGraph_->removeFromLegend();
        markerGraph_->setSelectable(QCP::stNone);
        markerText_ = new QCPItemText(plot_);
        markerText_->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        markerText_->setPadding(QMargins(10, 0, 0, 6));
        markerText_->setClipToAxisRect(false);
    }
    const bool shown = objectives.size() >= 2;
    markerGraph_->setData(shown ? QVector<double>{objectives[0]} : QVector<double>{},
                          shown ? QVector<double>{objectives[1]} : QVector<double>{});
    markerText_->setVisible(shown);
    if (shown) {
        markerText_->position->setCoords(objectives[0], objectives[1]);
        markerText_->setText(text);
        markerText_->setColor(plot_->xAxis->labelColor());
    }
    replot_.start();
}

void ParetoView::clear()
{
    plot_->clearGraphs();
    if (markerText_) plot_->removeItem(markerText_);
    markerGraph_ = nullptr;
    markerText_ = nullptr;
    marker_.clear();
    highlight_ = nullptr;
    yardstickMarks_ = nullptr;
    configs_.clear();
    yardstickName_.clear();
    refresh();
}

double ParetoView::hypervolume(int configuration) const
{
    return configs_.at(static_cast<std::size_t>(configuration)).hypervolume;
}

void ParetoView::refresh()
{
    // One reference point for every configuration, on the two objectives drawn.
    std::vector<const std::vector<ParetoPoint>*> configurations;
    for (const auto& c : configs_)
        configurations.push_back(&c.points);
    const auto reference = commonReference(configurations, 2);
    for (auto& c : configs_) {
        std::vector<ParetoPoint> two;
        for (auto p : c.points) {
            p.values.resize(2);
            two.push_back(p);
        }
        const auto f = makeFrontier({"", ""}, {"", ""}, two, reference);
        c.hypervolume = c.points.empty() ? 0 : f.meanHypervolume;
        c.means = f.means;
        c.meanFront.clear();
        QVector<double> x, y;
        std::vector<std::pair<double, double>> front;
        for (auto i : f.meanFrontier) {
            front.emplace_back(f.means[i].values[0], f.means[i].values[1]);
            c.meanFront.push_back(f.means[i].values);
        }
        std::sort(front.begin(), front.end());
        for (const auto& [a, b] : front)
            x.push_back(a), y.push_back(b);
        c.frontier->setData(x, y, true);
        c.frontier->setName(tr("%1 — hypervolume %2 (%3)")
                                .arg(c.name)
                                .arg(c.hypervolume, 0, 'g', 4)
                                .arg(c.models == 1  ? tr("%1 points, 1 model").arg(c.points.size())
                                     : c.models > 1 ? tr("%1 points, %2 models").arg(c.points.size()).arg(c.models)
                                     : c.points.size() == 1 ? tr("1 run")
                                                            : tr("%1 runs").arg(c.points.size())));
    }
    labelAgainstYardstick(reference);
    placeLegendBelow(plot_);
    setEmptyHint(plot_, configs_.empty() ? tr("Run a sweep (Train ▸ Sweep task weights)\nor add a sweep folder (File).")
                                         : QString());
    if (!replot_.isActive()) replot_.start();
}

void ParetoView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    const int before = plot_->legend->wrap();
    fitLegendColumns(plot_);
    if (plot_->legend->wrap() != before) plot_->replot(QCustomPlot::rpQueuedReplot);
}

int ParetoView::yardstick() const
{
    for (std::size_t i = 0; i < configs_.size(); ++i)
        if (!yardstickName_.isEmpty() && configs_[i].name == yardstickName_) return static_cast<int>(i);
    return -1;
}

void ParetoView::setYardstick(int configuration)
{
    yardstickName_ = configuration >= 0 && configuration < configurationCount()
                         ? configs_[static_cast<std::size_t>(configuration)].name
                         : QString();
    refresh();
}

void ParetoView::fillYardstickBox()
{
    const QSignalBlocker block(yardstickBox_);
    yardstickBox_->clear();
    yardstickBox_->addItem(tr("none"), -1);
    // A yardstick is a frontier: configurations of one point (a method's run) are not offered.
    for (std::size_t i = 0; i < configs_.size(); ++i)
        if (configs_[i].means.size() >= 2 || static_cast<int>(i) == yardstick())
            yardstickBox_->addItem(configs_[i].name, static_cast<int>(i));
    yardstickBox_->setCurrentIndex(std::max(0, yardstickBox_->findData(yardstick())));
    yardstickBox_->setEnabled(configs_.size() >= 2 && yardstickBox_->count() > 1);
}

// Labels every other configuration's seed-mean points against the yardstick's seed-averaged
// frontier (Yardstick::judge, as compare --baseline), and draws that frontier dashed.
void ParetoView::labelAgainstYardstick(const std::vector<double>& reference)
{
    for (auto* item : yardstickItems_)
        plot_->removeItem(item);
    yardstickItems_.clear();
    yardstickLabels_.clear();
    if (yardstickMarks_) plot_->removeGraph(yardstickMarks_);
    yardstickMarks_ = nullptr;
    const int ls = yardstick();
    for (std::size_t i = 0; i < configs_.size(); ++i) {
        QPen pen = configs_[i].frontier->pen();
        pen.setStyle(static_cast<int>(i) == ls ? Qt::DashLine : Qt::SolidLine);
        configs_[i].frontier->setPen(pen);
    }
    fillYardstickBox();
    if (ls < 0 || reference.size() < 2) {
        yardstickSummary_->setText(configs_.size() >= 2 ? tr("choose a linear-scalarisation sweep") : QString());
        return;
    }
    const Yardstick yardstick(configs_[static_cast<std::size_t>(ls)].meanFront, reference);
    yardstickMarks_ = plot_->addGraph();
    yardstickMarks_->setLineStyle(QCPGraph::lsNone);
    yardstickMarks_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCross, palette().color(QPalette::Text), 10));
    yardstickMarks_->removeFromLegend();
    yardstickMarks_->setSelectable(QCP::stNone);
    int dominated = 0;
    std::size_t points = 0;
    for (std::size_t i = 0; i < configs_.size(); ++i) // lone points are labelled in the legend anyway
        points += static_cast<int>(i) == ls || configs_[i].means.size() < 2 ? 0 : configs_[i].means.size();
    // A configuration of one point (a method's run) says its verdict in the legend: several such
    // points near each other would cover each other's labels. Frontiers of a few points are
    // labelled on the plot while there are few (a dozen points against LS would not be legible).
    const bool onPlot = points <= 5;
    for (std::size_t i = 0; i < configs_.size(); ++i) {
        if (static_cast<int>(i) == ls) continue;
        for (const auto& m : configs_[i].means) {
            const auto verdict = yardstick.judge(m.values);
            dominated += verdict.dominated() ? 1 : 0;
            yardstickLabels_.push_back({static_cast<int>(i), m.weights, verdict});
            yardstickMarks_->addData(m.values[0], m.values[1]);
            if (!onPlot || configs_[i].means.size() == 1) {
                if (configs_[i].means.size() == 1)
                    configs_[i].frontier->setName(configs_[i].name + " — " + QString::fromStdString(verdict.label()));
                continue;
            }
            auto* text = new QCPItemText(plot_);
            text->position->setCoords(m.values[0], m.values[1]);
            text->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
            text->setPadding(QMargins(6, 0, 0, 2));
            text->setColor(configs_[i].frontier->pen().color());
            text->setText(QString::fromStdString(verdict.label()));
            yardstickItems_.push_back(text);
        }
    }
    yardstickSummary_->setText(tr("%1 of %2 seed-mean points dominated by %3")
                                   .arg(dominated)
                                   .arg(yardstickLabels_.size())
                                   .arg(configs_[static_cast<std::size_t>(ls)].name));
    configs_[static_cast<std::size_t>(ls)].frontier->setName(configs_[static_cast<std::size_t>(ls)].frontier->name() +
                                                             tr(" — yardstick"));
}

void ParetoView::selectNear(double x, double y)
{
    double best = std::numeric_limits<double>::infinity();
    QString text;
    double bx = 0, by = 0;
    for (const auto& c : configs_)
        for (std::size_t i = 0; i < c.points.size(); ++i) {
            const double d = std::hypot(c.points[i].values[0] - x, c.points[i].values[1] - y);
            if (d < best) {
                best = d;
                bx = c.points[i].values[0];
                by = c.points[i].values[1];
                QString values;
                for (std::size_t k = 0; k < c.tasks.size() && k < c.points[i].values.size(); ++k)
                    values += QString("  %1 %2 = %3")
                                  .arg(QString::fromStdString(c.tasks[k]), QString::fromStdString(c.metrics[k]))
                                  .arg(metricFromObjective(c.metrics[k], c.points[i].values[k]), 0, 'g', 5);
                text = c.descriptions[i] + values;
            }
        }
    if (text.isEmpty()) return;
    // The chosen run, ringed.
    if (!highlight_) {
        highlight_ = plot_->addGraph();
        highlight_->setLineStyle(QCPGraph::lsNone);
        highlight_->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(palette().color(QPalette::Highlight), 3), Qt::NoBrush, 16));
        highlight_->removeFromLegend();
        highlight_->setSelectable(QCP::stNone);
    }
    highlight_->setData(QVector<double>{bx}, QVector<double>{by});
    plot_->replot(QCustomPlot::rpQueuedReplot);
    details_->setText(text);
    Q_EMIT pointSelected(text);
}

} // namespace mtlx::ui
