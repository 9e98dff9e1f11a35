#pragma once
// The data of the Runs panel as an item model (RunsPanel shows it in a tree view): one row per
// run, the newest on top — its label with its colour swatch and tick box, its spec summary, its
// headline test metrics and its status (with "model" where its folder keeps one and "can resume"
// where it stopped with a checkpoint). A tick changed by the view or by setTicked is reported by
// tickChanged. UI thread only.
#include <vector>

#include <QAbstractTableModel>
#include <QColor>
#include <QString>

#include "core/engine/runner.h"
#include "core/spec/differences.h"
#include "core/spec/result.h"

namespace mtlx::ui {

struct RunEntry {
    int id = 0;
    QString name;
    // What the panel and every legend show: the name, then what differs from the other runs of
    // the same spec name in the panel ("correlated-mmoe · ρ = 0.9"); a name the user gave as it is.
    QString label;
    bool renamed = false;
    SpecFields fields; // specFields(result.spec), kept for relabelling
    QString path;      // result.json (or the sweep folder's runs.jsonl) it came from; "" while unsaved
    // The run's own folder (result.json, model.pt, checkpoint.pt), "" when it has none: a
    // result.json's folder, or a sweep run's models/pointP-seedS.
    QString folder;
    bool hasModel() const;  // folder/model.pt is there: the inspector and export can read it
    bool canResume() const; // stopped, and folder/checkpoint.pt is there
    QColor colour;
    RunResult result;
    std::vector<ProbeSnapshot> epochs; // this session's runs: the probes after every epoch
};

// "mmoe · linear heads · pcgrad · seed 2": what distinguishes runs of one data set.
QString specSummary(const ExperimentSpec& spec);
// The same without the seed: what distinguishes configurations.
QString configurationSummary(const ExperimentSpec& spec);
// "y1 mse 0.41 · y2 mse 0.38": each task's headline test metric (the sweep metric).
QString headlineMetrics(const RunResult& r);

class RunsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, SpecColumn, MetricsColumn, StatusColumn, Columns };
    using QAbstractTableModel::QAbstractTableModel;

    void add(RunEntry entry, bool ticked); // on top
    bool remove(int id);
    void clear();
    const std::vector<RunEntry>& runs() const { return runs_; } // the oldest first
    const RunEntry* find(int id) const;
    RunEntry* find(int id);
    int rowOf(int id) const; // −1 when there is no such run
    int idAt(int row) const; // −1 outside
    bool isTicked(int id) const;
    void setTicked(int id, bool on);
    std::vector<const RunEntry*> ticked() const; // the oldest first
    void changed(int id);                        // its label or name changed

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void tickChanged(int id);

private:
    std::size_t at(int row) const { return runs_.size() - 1 - static_cast<std::size_t>(row); }
    struct Shown {
        bool ticked = false;
        QString status, statusTip;
    };
    std::vector<RunEntry> runs_;
    std::vector<Shown> shown_; // beside runs_
};

} // namespace mtlx::ui
