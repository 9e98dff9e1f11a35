#pragma once
// The desktop program's window: the experiment editor on the left, the architecture diagram in
// the middle, and dockable live views (loss curves, Pareto frontier, activation histograms,
// gate heatmap) the user arranges; presets, open/save of spec files, exports, and a training
// controller whose worker thread does all tensor work. UI thread only.
//
// Nothing finished is lost: every finished run's result.json is written at once to the
// program's data folder (runs/), and sweeps append to their folder as each run ends.
#include <optional>

#include <QMainWindow>

#include "core/engine/sweep.h"
#include "core/spec/result.h"
#include "core/spec/spec.h"

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QSpinBox;

namespace mtlx::ui {

class ActivationView;
class ArchitectureDiagram;
class GateHeatmap;
class LossPlot;
class ParetoView;
class SpecEditor;
class TrainingController;

class ReproduceDialog;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void setSpec(const ExperimentSpec& spec);
    const ExperimentSpec& spec() const;
    // --screenshot FILE: saved when the next training ends (or at once when none is started);
    // --quit-when-done: the program exits after that.
    void setScreenshot(const QString& path, bool quitWhenDone);
    void saveScreenshotIfAsked(); // takes the picture (and quits) now, if asked for

    bool openSpec(const QString& path); // false + status message on a bad file
    bool saveSpec(const QString& path);
    void startTraining();
    void startSweep(const QString& folder);
    void stopTraining();
    void setPaused(bool paused);
    bool isTraining() const;
    const std::optional<RunResult>& lastResult() const { return lastResult_; }
    QString lastResultPath() const { return lastResultPath_; }
    QString exportResults(const QString& path) const; // .json or .csv; "" or the error
    // Presets ▸ Reproduce: the reproduction dialog with `name` chosen (docs/reproduction.md).
    ReproduceDialog* openReproduction(const QString& name);

Q_SIGNALS:
    void trainingFinished(bool ok); // after a run or a sweep ends, whatever the outcome

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    QDockWidget* dock(QWidget* view, const QString& title, const QString& name, Qt::DockWidgetArea area);
    void buildMenus();
    void buildFileMenu();
    void addLoadActions(QMenu* file);
    void addExportActions(QMenu* file);
    void buildPresetsMenu();
    void buildTrainMenu();
    void buildViewMenu();
    // The worker's reports, shown in the views and the status bar.
    void connectWorker();
    void showProgress(const Progress& p);
    void showRunFinished(const RunResult& r);
    void showSweepProgress(const SweepStatus& s);
    void showSweepRun(const SweepRun& run, const RunResult& r, const ParetoPoint& p);
    void showStatus(const QString& text, bool error = false);
    void beginRun(const QString& title);
    void endRun(bool ok);
    void addRecent(const QString& path);
    void rebuildRecent();
    void exportViewDialog(QWidget* view, const QString& name);

    SpecEditor* editor_;
    ArchitectureDiagram* diagram_;
    LossPlot* loss_;
    ParetoView* pareto_;
    ActivationView* activations_;
    GateHeatmap* gates_;
    TrainingController* controller_;
    QProgressBar* progress_;
    QLabel* status_;
    QSpinBox* jobs_;
    QAction* trainAction_;
    QAction* sweepAction_;
    QAction* pauseAction_;
    QAction* stopAction_;
    QMenu* recentMenu_ = nullptr;
    QByteArray defaultState_;
    std::optional<RunResult> lastResult_;
    QString lastResultPath_;
    QString screenshot_;
    bool quitWhenDone_ = false;
    bool screenshotPending_ = false;
    bool lastOk_ = true;
    int sweepConfig_ = -1;
    ReproduceDialog* reproduce_ = nullptr;
};

} // namespace mtlx::ui
