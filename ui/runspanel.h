#pragma once
// The Runs panel: every run the user has in hand — this session's runs, the autosaved ones of
// earlier sessions (the user's runs folder), result.json files and sweep folders opened — each
// with its colour, name, spec summary and headline test metrics. Ticking runs overlays them in
// the loss, conflict and activation views; selecting one shows its gates and histograms (and,
// for this session's runs, every epoch's, through the epoch slider). Rename, delete (autosaved
// files go to the trash, nothing is erased) and export act on the selected run. Its data are a
// RunsModel (runsmodel.h) in a tree view. UI thread only.
#include <set>
#include <vector>

#include <QColor>
#include <QString>
#include <QWidget>

#include "ui/runsmodel.h"

class QTreeView;
class QPushButton;

namespace mtlx::ui {

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

    const std::vector<RunEntry>& runs() const { return model_->runs(); }
    RunsModel* model() const { return model_; }
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
    void resumeRequested(int id);       // the Resume button, on a stopped run with a checkpoint
    void inspectRequested(int id);      // the Inspect button, on a run with a saved model
    void removing(const RunEntry& run); // remove(): the run, just before it leaves the panel

protected:
    // A dark palette draws the tick boxes with a light border (the style's own vanish on it).
    void changeEvent(QEvent* event) override;

private:
    void changedTicks(); // tickedChanged now, or once at the end of a Batch
    // The labels (differenceLabels) of the runs with spec name `name`, now or at the end of a Batch.
    void relabel(const std::string& name);
    void removeSelected();
    void renameSelected();
    void exportSelected();
    RunsModel* model_;
    QTreeView* tree_;
    QPushButton* renameButton_;
    QPushButton* deleteButton_;
    QPushButton* exportButton_;
    QPushButton* resumeButton_;
    QPushButton* inspectButton_;
    void updateButtons();
    int nextId_ = 0;
    int batches_ = 0;                     // Batch objects alive
    bool pendingTicked_ = false;          // a change while one was
    std::set<std::string> pendingLabels_; // spec names whose labels wait for the end of a Batch
};

} // namespace mtlx::ui
