#pragma once
// The Pareto view: each configuration (a sweep running now, or a sweep folder opened) is a
// colour; each finished run is a point as soon as it is stored; the frontier of the seed-
// averaged points is a step line; the legend gives each configuration's hypervolume against
// one common reference point (docs/metrics.md). Clicking a point shows that run. With more than
// two tasks the first two objectives are drawn. UI thread only.
#include <string>
#include <vector>

#include <QTimer>
#include <QWidget>

#include "core/spec/pareto.h"

class QCustomPlot;
class QCPGraph;
class QLabel;

namespace mtlx::ui {

class ParetoView : public QWidget {
    Q_OBJECT
public:
    explicit ParetoView(QWidget* parent = nullptr);

    // A new configuration; returns its index. tasks/metrics name the objectives.
    int addConfiguration(const QString& name, const std::vector<std::string>& tasks,
                         const std::vector<std::string>& metrics);
    void addPoint(int configuration, const ParetoPoint& point, const QString& description);
    // Adds a sweep folder (sweep.json + runs.jsonl) as a configuration named `name` (default: the
    // folder's name); throws InputError.
    int addFolder(const QString& folder, const QString& name = {});
    // The Runs panel's ticked runs, one configuration per group (runs of one configuration: the
    // same spec but for task weights and seed), replacing the ticked groups shown before; sweep
    // folders added with addFolder stay.
    struct TickedGroup {
        QString name;
        std::vector<std::pair<ParetoPoint, QString>> points; // with each run's description
    };
    void setTickedRuns(const std::vector<std::string>& tasks, const std::vector<std::string>& metrics,
                       const std::vector<TickedGroup>& groups);
    // Rescales and redraws at once (otherwise at most every 40 ms after a change).
    void replotNow();
    void clear();

    int configurationCount() const { return static_cast<int>(configs_.size()); }
    double hypervolume(int configuration) const; // against the common reference
    QString configurationName(int configuration) const
    {
        return configs_.at(static_cast<std::size_t>(configuration)).name;
    }
    std::size_t pointCount(int configuration) const
    {
        return configs_.at(static_cast<std::size_t>(configuration)).points.size();
    }
    QCustomPlot* plot() const { return plot_; }
    // Selects the point nearest to (x, y) in objective units, as a click does.
    void selectNear(double x, double y);

Q_SIGNALS:
    void pointSelected(const QString& description);

private:
    struct Config {
        QString name;
        std::vector<std::string> tasks, metrics;
        std::vector<ParetoPoint> points;
        std::vector<QString> descriptions;
        QCPGraph* scatter = nullptr;
        QCPGraph* frontier = nullptr;
        double hypervolume = 0;
        bool ticked = false; // from the Runs panel (setTickedRuns), not a sweep folder
    };
    void refresh();
    QCustomPlot* plot_;
    QLabel* details_;
    std::vector<Config> configs_;
    QTimer replot_;
    QCPGraph* highlight_ = nullptr; // the run clicked last, ringed
};

} // namespace mtlx::ui
