#pragma once
// The desktop program's window: the experiment editor (and the lessons) on the left, the
// architecture diagram in the middle, and dockable live views (loss curves, gradient conflict,
// gate heatmap, Pareto frontier, comparison, activation histograms, the Runs panel) the user
// arranges, each with its folded "how to read this"; presets, open/save of spec files, exports,
// an epoch slider over the selected run's probes, and a training controller whose worker thread
// does all tensor work. UI thread only. The window fits a 1280×720 screen.
//
// The window is a shell: it builds the menus and docks and wires the views to the controllers
// that each do one job — TrainingController (the worker thread), RunHistory (run folders, the
// last result), CompareQueue (Compare architectures), LessonPlayer (lessons set up and played),
// RecentFiles, ScriptedShot (--screenshot, --geometry-report, --quit-when-done), the workspace
// file (workspacefile.h) and the Runs panel's model (runsmodel.h).
//
// Nothing finished is lost: every finished run's result.json is written at once to the
// program's data folder (runs/), and sweeps append to their folder as each run ends.
#include <map>
#include <optional>
#include <vector>

#include <QMainWindow>
#include <QPointer>
#include <QStringList>

#include "core/engine/sweep.h"
#include "core/spec/result.h"
#include "core/spec/spec.h"
#include "ui/comparequeue.h"
#include "ui/runhistory.h"
#include "ui/scriptedshot.h"

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QMessageBox;
class QProgressBar;
class QSlider;
class QSpinBox;

namespace mtlx {
struct PreferenceView;
}

namespace mtlx::ui {

struct RunEntry;
class ActivationView;
class ArchitectureDiagram;
class GateHeatmap;
class LossPlot;
class ParetoView;
class SpecEditor;
class TrainingController;
class ViewArranger;

class ReproduceDialog;
class ComparisonView;
class FrontExplorer;
class ConflictView;
class LessonPanel;
class LessonPlayer;
class InspectorWindow;
class RecentFiles;
class RunsPanel;
struct LessonStep;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;
    // Sizes the window and lays its views out for a screen of `available` size (default: its
    // screen's): under 800 px tall the views are tabs (a projector, a laptop).
    void fitToScreen(QSize available = {});

    void setSpec(const ExperimentSpec& spec);
    const ExperimentSpec& spec() const;
    // --screenshot FILE: saved when the next training ends (or at once when none is started);
    // --quit-when-done: the program exits after that.
    void setScreenshot(const QString& path, bool quitWhenDone);
    // --geometry-report FILE: with the screenshot, every visible view's plotting area as JSON
    // (ViewArranger::geometry; docs/cli.md).
    void setGeometryReport(const QString& path);
    QString writeGeometryReport(const QString& path) const; // "" or the error
    // Takes the picture (and quits) now, if asked for; while the preference slider's model is being
    // evaluated, once that is in.
    void saveScreenshotIfAsked();

    bool openSpec(const QString& path); // false + status message on a bad file
    bool saveSpec(const QString& path);
    void startTraining();
    // Goes on training the stopped run `id` of the Runs panel from its checkpoint; it replaces the
    // stopped run there when it ends.
    void resumeRun(int id);
    // The expert inspector on the run `id` of the Runs panel (its model.pt); null when it has none.
    InspectorWindow* inspectRun(int id);
    // mtlx --inspect DIR: the run folder's result.json into the Runs panel and the inspector on it;
    // a screenshot asked for is of the inspector once its numbers and a routing of 8 random
    // examples are in. "" or the error.
    QString inspectFolder(const QString& folder);
    // mtlx RESULT.json: the run into the Runs panel, selected; a preference-conditioned run's front
    // in the Pareto view with the preference slider under it, the model evaluated at `preference`
    // (empty: the uniform one). A screenshot asked for waits for that evaluation. "" or the error.
    QString openRun(const QString& resultPath, const std::vector<double>& preference = {});
    FrontExplorer* frontExplorer() const { return front_; }
    void startSweep(const QString& folder);
    // A new folder for a sweep of the current spec: ~/.local/share/mtlx/sweeps/NAME-STAMP.
    QString newSweepFolder() const;
    void stopTraining();
    void setPaused(bool paused);
    bool isTraining() const;
    const std::optional<RunResult>& lastResult() const { return history_.last(); }
    QString lastResultPath() const { return history_.lastPath(); }
    QString exportResults(const QString& path) const; // .json or .csv; "" or the error
    // Presets ▸ Reproduce: the reproduction dialog with `name` chosen (docs/reproduction.md).
    ReproduceDialog* openReproduction(const QString& name);
    // Sweep folders in the Pareto view, in place of what it shows, configuration `yardstick` (−1:
    // none) as the yardstick (the reproduction dialog's "Open in the Pareto view"). "" or the error.
    QString openFrontiers(const QStringList& folders, const QStringList& labels, int yardstick);
    // Compare architectures: trains the spec with each architecture (applyOverrides' --arch) and
    // `seeds` seeds, one after another; the runs are ticked in the Runs panel and the comparison
    // view fills in. False (and a dialog) when an architecture does not fit the spec.
    bool startComparison(const QStringList& architectures, int seeds);
    bool comparing() const { return compare_.active(); }
    // Lessons: shows lesson `index` (0-based) at its first step, on a clean view: the runs in the
    // Runs panel unticked, the frontier and histograms empty, the step's view large.
    void openLesson(int index, int step = 0);
    void endLesson(); // the views back as they were before the lesson
    // Sets up and trains steps 1 … lastStep + 1 of lesson `lesson` (0-based) one after another,
    // ending on that step with every claim measured (--lesson N --step K --train).
    void playLesson(int lesson, int lastStep);
    ViewArranger* arranger() const { return arranger_; }
    // Does what a lesson step's button does: its preset and changes, then its action.
    void applyLessonStep(const LessonStep& step);
    const LessonStep& currentLessonStep() const;
    RunsPanel* runsPanel() const { return runs_; }
    // Brings a view's dock forward (howtoread.h keys, plus "lessons" and "experiment"); false
    // for an unknown name.
    bool showView(const QString& key);
    // A workspace (.mtlxw, JSON): the spec, the Runs panel's runs (their files, names, ticks) and
    // the window's layout, saved and opened as one file. "" or a one-line error.
    QString saveWorkspace(const QString& path) const;
    // "" or what went wrong; `unreadable` (when given) is set when the file itself could not be
    // used (a dialog says so) rather than some of its runs.
    QString openWorkspace(const QString& path, bool* unreadable = nullptr);
    // The epoch slider: shows the selected run's probes after epoch `epoch` (1-based).
    void showEpoch(int epoch);

Q_SIGNALS:
    void trainingFinished(bool ok); // after a run or a sweep ends, whatever the outcome

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override; // a new palette restyles every plot
    bool event(QEvent* event) override;       // tabbed views' names whole

private:
    QDockWidget* dock(QWidget* view, const QString& title, const QString& name, Qt::DockWidgetArea area);
    void buildMenus();
    void buildFileMenu();
    void addLoadActions(QMenu* file);
    void addExportActions(QMenu* file);
    void buildPresetsMenu();
    void buildTrainMenu();
    void buildViewMenu();
    void buildHelpMenu();
    void buildDocks();
    void connectRuns();
    void connectEditor();
    void refreshOverlays();
    void showTickedOnPareto();
    void showSelectedRun(int id);
    // The selected run's front and its slider, when it is a preference-conditioned run with its model.
    void openFront(const RunEntry& run);
    int addFrontConfiguration(const RunEntry& run);  // the Pareto view's configuration of its front
    bool frontDrawn(const RunEntry& run) const;      // that configuration is in the Pareto view
    void drawFront(const RunEntry& run);             // it, once per run folder (drawn anew when there)
    static QString frontSource(const RunEntry& run); // what it is known by there (ParetoView::addSource)
    // A preference-conditioned run's front as points of a Pareto configuration (one more model).
    void addFrontPoints(int configuration, const RunResult& run, const QString& label);
    void showPreference(const PreferenceView& view);
    void trainNextCompared();
    void showFailure(const QString& message);
    QMessageBox* openMessage(int icon, const QString& title, const QString& text);
    QDockWidget* dockOfView(const QString& key) const;
    // The worker's reports, shown in the views and the status bar.
    void connectWorker();
    void showProgress(const Progress& p);
    // A run ended: saved, listed in the Runs panel with its per-epoch probes `epochs`.
    void showRunFinished(const RunResult& r, const std::vector<ProbeSnapshot>& epochs);
    void showSweepProgress(const SweepStatus& s);
    void showSweepRun(const SweepRun& run, const RunResult& r, const ParetoPoint& p);
    void showStatus(const QString& text, bool error = false);
    // Resets the live views for a run of `run`, named `runName` in the conflict view.
    void beginRun(const QString& title, const ExperimentSpec& run, const QString& runName);
    QString currentRunName() const;
    void endRun(bool ok);
    void exportViewDialog(QWidget* view, const QString& name);

    SpecEditor* editor_;
    ArchitectureDiagram* diagram_;
    LossPlot* loss_;
    ParetoView* pareto_;
    FrontExplorer* front_;
    ActivationView* activations_;
    GateHeatmap* gates_;
    TrainingController* controller_;
    QProgressBar* progress_;
    QLabel* status_;
    QSpinBox* jobs_;
    ConflictView* conflict_;
    RunsPanel* runs_;
    ComparisonView* comparison_;
    LessonPanel* lessons_;
    QSlider* epochSlider_;
    QLabel* epochLabel_;
    QAction* trainAction_;
    QAction* sweepAction_;
    QAction* pauseAction_;
    QAction* stopAction_;
    RecentFiles* recent_ = nullptr;
    LessonPlayer* player_ = nullptr;
    RunHistory history_;
    CompareQueue compare_;
    ScriptedShot shot_;
    QByteArray defaultState_;
    int failureCode_ = 1;         // --quit-when-done's exit code when the run did not end ok: 2 bad input
    bool closeAfterStop_ = false; // the user chose "Stop and quit" while a run trained
    bool lastOk_ = true;
    bool statusError_ = false; // the status line shows an error
    // The Pareto configuration of the sweep training, known by this source (ParetoView::addSource):
    // an index would move as ticked runs' configurations come and go.
    QString sweepSource_;
    int sweeps_ = 0;
    ReproduceDialog* reproduce_ = nullptr;
    QPointer<InspectorWindow> inspector_; // the last inspector opened
    ViewArranger* arranger_ = nullptr;
    QString sweepFolder_; // of the sweep training
    // The running run's probes after each epoch (for the epoch slider once it is in the Runs panel).
    std::map<std::size_t, std::vector<ProbeSnapshot>> currentEpochs_; // per run of the stack training
    std::vector<ProbeSnapshot> shownEpochs_;                          // what the slider scrubs: the selected run's
};

} // namespace mtlx::ui
