#pragma once
// The Runs panel: every run the user has in hand — this session's runs, the autosaved ones of
// earlier sessions (the user's runs folder), result.json files and sweep folders opened — each
// with its colour, name, spec summary and headline test metrics. Ticking runs overlays them in
// the loss, conflict and activation views; selecting one shows its gates and histograms (and,
// for this session's runs, every epoch's, through the epoch slider). Rename, delete (autosaved
// files go to the trash, nothing is erased) and export act on the selected run. UI thread only.
#include <set>
#include <vector>

#include <QColor>
#include <QString>
#include <QWidget>

#include "core/engine/runner.h"
#include "core/spec/differences.h"
#include "core/spec/result.h"

class QTreeWidget;
class QTreeWidgetItem;
class QPushButton;

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

class RunsPanel : public QWidget {
    Q_OBJECT
public:
    explicit RunsPanel(QWidget* parent = nullptr);

    // Adds a run at the top; returns its id.
    // `folder` "": the folder of a result.json `path`.
    int addRun(RunResult result, const QString& name, const QString& path, bool ticked,
               std::vector<ProbeSnapshot> epochs = {}, QString folder = {});
    // A result.json file, or a sweep folder (its runs.jsonl); returns how many runs came, or
    // throws std::runtime_error naming the file (and line) that could not be read.
    int open(const QString& path, bool ticked = false);
    // The newest `limit` autosaved runs of `folder` (its sub-folders' result.json), unticked.
    // Unreadable ones are skipped; returns how many came.
    int loadAutosaved(const QString& folder, int limit);

    const std::vector<RunEntry>& runs() const { return runs_; }
    const RunEntry* find(int id) const;
    std::vector<const RunEntry*> ticked() const;
    int selectedId() const; // −1 when none
    void select(int id);
    void setTicked(int id, bool on);
    void untickAll(); // one tickedChanged
    bool rename(int id, const QString& name);
    // Takes the run out of the panel; its autosaved folder goes to the trash when `trashFiles`.
    bool remove(int id, bool trashFiles);
    void clear(); // every run out of the panel (no file is touched)
    bool isTicked(int id) const;
    // The run as result.json (.json) or its per-task metrics (.csv); "" or the error.
    QString exportRun(int id, const QString& path) const;

    // While one lives, changes of the ticked runs are collected and tickedChanged is emitted once
    // when the last one ends: opening a sweep of 1,000 ticked runs redraws the views once, not
    // once per run.
    class Batch {
    public:
        explicit Batch(RunsPanel& panel) : panel_(panel) { ++panel_.batches_; }
        ~Batch();
        Batch(const Batch&) = delete;
        Batch& operator=(const Batch&) = delete;

    private:
        RunsPanel& panel_;
    };

Q_SIGNALS:
    void tickedChanged();
    void selectionChanged(int id);
    void resumeRequested(int id);  // the Resume button, on a stopped run with a checkpoint
    void inspectRequested(int id); // the Inspect button, on a run with a saved model

protected:
    // A dark palette draws the tick boxes with a light border (the style's own vanish on it).
    void changeEvent(QEvent* event) override;

private:
    QTreeWidgetItem* itemOf(int id) const;
    void changedTicks(); // tickedChanged now, or once at the end of a Batch
    // The labels (differenceLabels) of the runs with spec name `name`, now or at the end of a Batch.
    void relabel(const std::string& name);
    void removeSelected();
    void renameSelected();
    void exportSelected();
    QTreeWidget* tree_;
    QPushButton* renameButton_;
    QPushButton* deleteButton_;
    QPushButton* exportButton_;
    QPushButton* resumeButton_;
    QPushButton* inspectButton_;
    void updateButtons();
    std::vector<RunEntry> runs_;
    int nextId_ = 0;
    bool filling_ = false;
    int batches_ = 0;                     // Batch objects alive
    bool pendingTicked_ = false;          // a change while one was
    std::set<std::string> pendingLabels_; // spec names whose labels wait for the end of a Batch
};

} // namespace mtlx::ui
