#include "ui/figurerenderer.h"

#include <algorithm>
#include <memory>

#include <QApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "core/engine/sweep.h"
#include "core/spec/specerror.h"
#include "ui/activationview.h"
#include "ui/gateheatmap.h"
#include "ui/paretoview.h"
#include "ui/plotexport.h"
#include "ui/qcp.h"

namespace mtlx::ui {
namespace {

void addTitle(QCustomPlot* plot, const QString& title)
{
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0,
                                   new QCPTextElement(plot, title, QFont(plot->font().family(), 11, QFont::Bold)));
}

// Lays the (never shown) widget out and lets queued replots run before it is grabbed.
void settle(QWidget* w)
{
    for (auto* child : w->findChildren<QWidget*>())
        if (child->layout()) child->layout()->activate();
    if (w->layout()) w->layout()->activate();
    for (int i = 0; i < 3; ++i)
        QApplication::processEvents();
    for (auto* plot : w->findChildren<QCustomPlot*>())
        plot->replot();
    if (auto* plot = qobject_cast<QCustomPlot*>(w)) plot->replot();
}

std::string exportBoth(QWidget* view, const std::string& basePath)
{
    settle(view);
    for (const char* ext : {".png", ".svg"}) {
        const QString error = exportView(view, QString::fromStdString(basePath + ext));
        if (!error.isEmpty()) return error.toStdString();
    }
    return {};
}

// The axes' ranges over the runs whose task weights are all > 0, with a margin.
void zoomToTrainedTasks(QCustomPlot* plot, const FrontierFigure& c)
{
    QCPRange x, y;
    bool any = false;
    for (const auto& config : c.configurations)
        for (const auto& p : readSweepFolder(config.folder).frontier.points) {
            if (p.values.size() < 2 || std::any_of(p.weights.begin(), p.weights.end(), [](double w) { return w <= 0; }))
                continue;
            if (!any) x = QCPRange(p.values[0], p.values[0]), y = QCPRange(p.values[1], p.values[1]);
            x.expand(p.values[0]);
            y.expand(p.values[1]);
            any = true;
        }
    if (!any) return;
    plot->xAxis->setRange(x.lower - 0.08 * x.size(), x.upper + 0.08 * x.size());
    plot->yAxis->setRange(y.lower - 0.08 * y.size(), y.upper + 0.08 * y.size());
    plot->replot();
}

std::string drawFrontiers(const Figure& f, const FrontierFigure& c, const std::string& basePath)
{
    ParetoView view;
    view.resize(900, 640);
    for (const auto& config : c.configurations)
        view.addFolder(QString::fromStdString(config.folder), QString::fromStdString(config.label));
    if (c.yardstick >= 0) view.setYardstick(c.yardstick); // lays out its legend: before the title row goes in
    addTitle(view.plot(), QString::fromStdString(f.title));
    view.replotNow();
    if (c.zoomToTrainedTasks) zoomToTrainedTasks(view.plot(), c);
    settle(&view);
    QCustomPlot* plot = view.plot();
    plot->resize(900, 600);
    return exportBoth(plot, basePath);
}

std::string drawSeries(const Figure& f, const SeriesFigure& c, const std::string& basePath)
{
    QCustomPlot plot;
    plot.resize(800, 520);
    plot.xAxis->setLabel(QString::fromStdString(c.xLabel));
    plot.yAxis->setLabel(QString::fromStdString(c.yLabel));
    plot.legend->setVisible(true);
    for (std::size_t i = 0; i < c.series.size(); ++i) {
        const auto& s = c.series[i];
        auto* g = plot.addGraph();
        g->setName(QString::fromStdString(s.label));
        g->setPen(QPen(seriesColor(static_cast<int>(i)), 2));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 7));
        g->setData(QVector<double>(s.x.begin(), s.x.end()), QVector<double>(s.y.begin(), s.y.end()), true);
        if (s.error.size() == s.y.size() && !s.error.empty()) {
            auto* bars = new QCPErrorBars(plot.xAxis, plot.yAxis);
            bars->removeFromLegend();
            bars->setDataPlottable(g);
            bars->setData(QVector<double>(s.error.begin(), s.error.end()));
            bars->setPen(QPen(seriesColor(static_cast<int>(i)), 1.5));
        }
    }
    plot.rescaleAxes();
    plot.xAxis->scaleRange(1.15, plot.xAxis->range().center());
    plot.yAxis->scaleRange(1.3, plot.yAxis->range().center());
    addTitle(&plot, QString::fromStdString(f.title));
    return exportBoth(&plot, basePath);
}

// A title line above a composite view, drawn through the widgets' paint code.
std::unique_ptr<QWidget> titled(const Figure& f, QWidget* content, int width, int height)
{
    auto frame = std::make_unique<QWidget>();
    frame->setAutoFillBackground(true);
    frame->setPalette(QPalette(Qt::white));
    auto* layout = new QVBoxLayout(frame.get());
    auto* title = new QLabel(QString::fromStdString(f.title), frame.get());
    QFont bold = title->font();
    bold.setBold(true);
    bold.setPointSize(11);
    title->setFont(bold);
    title->setAlignment(Qt::AlignCenter);
    layout->addWidget(title);
    content->setParent(frame.get());
    layout->addWidget(content, 1);
    frame->resize(width, height);
    return frame;
}

std::string drawActivations(const Figure& f, const ActivationFigure& c, const std::string& basePath)
{
    auto* view = new ActivationView;
    view->setReference(c.reference, QString::fromStdString(c.referenceLabel));
    view->setCurrent(c.current, QString::fromStdString(c.currentLabel));
    auto frame = titled(f, view, 1000, 480);
    return exportBoth(frame.get(), basePath);
}

std::string drawGates(const Figure& f, const GateFigure& c, const std::string& basePath)
{
    auto* row = new QWidget;
    auto* layout = new QHBoxLayout(row);
    for (const auto& panel : c.panels) {
        auto* box = new QWidget(row);
        auto* v = new QVBoxLayout(box);
        v->addWidget(new QLabel(QString::fromStdString(panel.title), box), 0, Qt::AlignHCenter);
        auto* heatmap = new GateHeatmap(box);
        heatmap->setGates(panel.gates);
        heatmap->setLevel(c.level);
        v->addWidget(heatmap, 1);
        layout->addWidget(box, 1);
    }
    auto frame = titled(f, row, 560 * std::max<int>(1, static_cast<int>(c.panels.size())), 420);
    return exportBoth(frame.get(), basePath);
}

} // namespace

std::string renderFigure(const Figure& figure, const std::string& basePath)
{
    try {
        if (const auto* c = std::get_if<FrontierFigure>(&figure.content)) return drawFrontiers(figure, *c, basePath);
        if (const auto* c = std::get_if<SeriesFigure>(&figure.content)) return drawSeries(figure, *c, basePath);
        if (const auto* c = std::get_if<ActivationFigure>(&figure.content))
            return drawActivations(figure, *c, basePath);
        if (const auto* c = std::get_if<GateFigure>(&figure.content)) return drawGates(figure, *c, basePath);
        return "unknown figure kind";
    } catch (const std::exception& e) {
        return e.what();
    }
}

} // namespace mtlx::ui
