#pragma once
// The Pareto view: each configuration (a sweep running now, or a sweep folder opened) is a
// colour; each finished run is a point as soon as it is stored; the frontier of the seed-
// averaged points is a step line; the legend gives each configuration's hypervolume against
// one common reference point (docs/metrics.md). Clicking a point shows that run. With more than
// two tasks the first two objectives are drawn. A configuration chosen as the yardstick (a
// linear-scalarisation sweep, docs/metrics.md) labels every other configuration's seed-mean
// points by whether its frontier dominates them, as `compare --baseline` does. UI thread only.
#include <string>
#include <vector>

#include <QTimer>
#include <QWidget>

#include "core/spec/pareto.h"

class QComboBox;
class QCustomPlot;
class QCPGraph;
class QCPItemText;
class QLabel;

namespace mtlx::ui {

// Task weights or a preference as a label's text: "0.3, 0.7".
QString weightsText(const std::vector<double>& weights);

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
        int models = 0; // > 0: the points are the fronts of this many preference-conditioned models
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
    // A widget under the plot (the preference slider of a preference-conditioned run).
    void addFooter(QWidget* footer);
    // A marked point with a label (a preference-conditioned model at the slider's preference),
    // its first two objectives drawn; empty objectives: none. Kept in view.
    void setMarker(const std::vector<double>& objectives, const QString& text);
    bool hasMarker() const { return marker_.size() >= 2; }
    // The configuration's points are the fronts of `models` preference-conditioned models (the
    // legend says so instead of counting runs).
    int models(int configuration) const { return configs_.at(static_cast<std::size_t>(configuration)).models; }
    void setModels(int configuration, int models)
    {
        configs_.at(static_cast<std::size_t>(configuration)).models = models;
        refresh();
    }
    // What a configuration was drawn from: the folders of the preference-conditioned runs whose
    // fronts it holds (one for a run's own configuration, several for the window's sweep), and the
    // configuration drawn from `source` (−1: none).
    void addSource(int configuration, const QString& source)
    {
        configs_.at(static_cast<std::size_t>(configuration)).sources << source;
    }
    int configurationFrom(const QString& source) const;
    // `source` gone (its run left the Runs panel): its own configuration removed, and it is no
    // longer among another's sources.
    void forgetSource(const QString& source);
    bool ownConfiguration(int configuration, const QString& source) const
    {
        return configs_.at(static_cast<std::size_t>(configuration)).sources == QStringList{source};
    }
    // Empties a configuration (its points drawn anew: a run's front after it was resumed).
    void clearPoints(int configuration);

    // The yardstick: configuration `configuration`'s seed-averaged frontier (−1: none), kept by
    // name while configurations come and go. Each other configuration's seed-mean point gets a
    // label on the plot.
    void setYardstick(int configuration);
    int yardstick() const;
    struct YardstickLabel {
        int configuration = 0;
        std::vector<double> weights;
        AgainstFrontier verdict;
    };
    const std::vector<YardstickLabel>& yardstickLabels() const { return yardstickLabels_; }

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
        bool ticked = false;          // from the Runs panel (setTickedRuns), not a sweep folder
        int models = 0;               // > 0: the points are the fronts of this many preference-conditioned models
        QStringList sources;          // addSource
        std::vector<MeanPoint> means; // seed-averaged, on the two objectives drawn
        std::vector<std::vector<double>> meanFront; // the frontier of `means`
    };
    void refresh();
    void resizeEvent(QResizeEvent* event) override;
    void labelAgainstYardstick(const std::vector<double>& reference);
    void fillYardstickBox();
    QCustomPlot* plot_;
    QLabel* details_;
    std::vector<Config> configs_;
    QTimer replot_;
    QCPGraph* highlight_ = nullptr; // the run clicked last, ringed
    QCPGraph* markerGraph_ = nullptr;
    QCPItemText* markerText_ = nullptr;
    std::vector<double> marker_;
    QComboBox* yardstickBox_;
    QLabel* yardstickSummary_;
    QString yardstickName_;
    std::vector<QCPItemText*> yardstickItems_;
    QCPGraph* yardstickMarks_ = nullptr; // a cross on each labelled seed-mean point
    std::vector<YardstickLabel> yardstickLabels_;
};

} // namespace mtlx::ui
