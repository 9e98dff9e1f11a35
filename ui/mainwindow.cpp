#include "ui/mainwindow.h"

#include <iostream>

#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDialog>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>

#include "core/spec/presets.h"
#include "core/spec/specerror.h"
#include "core/spec/text.h"
#include "ui/accessibility.h"
#include "ui/activationview.h"
#include "ui/architecturediagram.h"
#include "ui/comparedialog.h"
#include "ui/comparisonview.h"
#include "ui/conflictview.h"
#include "ui/exportsizedialog.h"
#include "ui/frontexplorer.h"
#include "ui/gateheatmap.h"
#include "ui/howtoread.h"
#include "ui/inspectorwindow.h"
#include "ui/lessonplayer.h"
#include "ui/lessons.h"
#include "ui/lossplot.h"
#include "ui/paretoview.h"
#include "ui/plotexport.h"
#include "ui/plotstyle.h"
#include "ui/qcp.h"
#include "ui/recentfiles.h"
#include "ui/reproducedialog.h"
#include "ui/runspanel.h"
#include "ui/speceditor.h"
#include "ui/sweepdialog.h"
#include "ui/trainingcontroller.h"
#include "ui/viewarranger.h"

namespace mtlx::ui {
namespace {

QString stamp()
{
    return QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss");
}

QString duration(double seconds)
{
    return QString::fromStdString(formatDuration(seconds));
}

QString metricsLine(const RunResult& r)
{
    QStringList parts;
    for (const auto& t : r.tasks) {
        QStringList m;
        for (const auto& [name, value] : t.test)
            m << QString("%1 %2").arg(QString::fromStdString(name)).arg(value, 0, 'g', 4);
        parts << QString::fromStdString(t.name) + ": " + m.join(", ");
    }
    return parts.join(" · ");
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), editor_(new SpecEditor(this)), diagram_(new ArchitectureDiagram(this)),
      loss_(new LossPlot(this)), pareto_(new ParetoView(this)), front_(new FrontExplorer(pareto_)),
      activations_(new ActivationView(this)), gates_(new GateHeatmap(this)), controller_(new TrainingController(this)),
      progress_(new QProgressBar(this)), status_(new QLabel(this)), jobs_(new QSpinBox(this)),
      conflict_(new ConflictView(this)), runs_(new RunsPanel(this)), comparison_(new ComparisonView(this)),
      lessons_(new LessonPanel(this)), epochSlider_(new QSlider(Qt::Horizontal, this)), epochLabel_(new QLabel(this)),
      history_(dataFolder("runs"))
{
    setObjectName("mainWindow");
    setWindowTitle(tr("MTL Explorer"));
    setCentralWidget(new HelpedView(diagram_, "diagram", this));
    setDockNestingEnabled(true);
    editor_->setObjectName("specEditor");
    editor_->setMinimumWidth(280);
    pareto_->addFooter(front_);
    buildDocks();

    progress_->setObjectName("trainingProgress");
    progress_->setRange(0, 1000);
    progress_->setMaximumWidth(220);
    progress_->setTextVisible(false);
    status_->setObjectName("trainingStatus");
    status_->setMinimumWidth(100);
    status_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    statusBar()->addWidget(status_, 1);
    statusBar()->addPermanentWidget(progress_);
    jobs_->setObjectName("sweepJobs");
    // 0 = auto: the sweep engine's layout (stacked runs, one job per core, one thread each).
    jobs_->setRange(0, std::max(1, QThread::idealThreadCount()));
    jobs_->setSpecialValueText(tr("jobs: auto"));
    jobs_->setPrefix(tr("jobs "));
    jobs_->setValue(0);
    jobs_->setToolTip(tr("Stacks of runs a sweep trains at once (each stack is several runs trained as one "
                         "model); auto picks them for this machine"));
    buildMenus();
    player_ = new LessonPlayer(
        lessons_,
        [this](const LessonStep& step) {
            applyLessonStep(step);
            return controller_->busy();
        },
        this);
    connect(this, &MainWindow::trainingFinished, player_, &LessonPlayer::trainingEnded);
    connect(player_, &LessonPlayer::finished, this, [this] {
        if (!controller_->busy()) QTimer::singleShot(300, this, [this] { saveScreenshotIfAsked(); });
    });
    connectWorker();
    connectRuns();

    connectEditor();
    fitToScreen();
    defaultState_ = saveState();
    QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
    restoreState(settings.value("window/state").toByteArray());
    setSpec(presetSpec("sine-small-heads"));
    runs_->loadAutosaved(dataFolder("runs"), 30);
    nameControls(this); // every control named for a screen reader (the editor's fields by their labels)
}

MainWindow::~MainWindow() = default;

// The editor's spec drives the diagram and the size preview; the training controller's state
// enables the actions.
void MainWindow::connectEditor()
{
    connect(editor_, &SpecEditor::specChanged, this, [this](const ExperimentSpec& s) {
        diagram_->setSpec(s);
        controller_->measure(s);
        setWindowTitle(tr("MTL Explorer — %1").arg(s.name.empty() ? tr("untitled") : QString::fromStdString(s.name)));
    });
    connect(editor_, &SpecEditor::validityChanged, this, [this](bool valid, const QString& error) {
        trainAction_->setEnabled(valid && !controller_->busy());
        sweepAction_->setEnabled(valid && !controller_->busy());
        if (!valid) showStatus(error, true);
        if (valid && statusError_) showStatus(tr("the experiment is valid again"));
    });
    connect(editor_, &SpecEditor::inputRefused, this, [this](const QString& error) { showStatus(error, true); });
    connect(
        controller_, &TrainingController::measured, this,
        [this](bool known, const ParameterCounts& c, const QString& error) { diagram_->setCounts(known, c, error); });
    connect(controller_, &TrainingController::busyChanged, this, [this](bool busy) {
        trainAction_->setEnabled(!busy && editor_->isValid());
        sweepAction_->setEnabled(!busy && editor_->isValid());
        pauseAction_->setEnabled(busy);
        stopAction_->setEnabled(busy);
        editor_->setEnabled(!busy);
        if (busy) return;
        pauseAction_->setChecked(false);
        if (compare_.pending()) {
            QTimer::singleShot(0, this, &MainWindow::trainNextCompared);
            return;
        }
        compare_.finish();
        endRun(lastOk_);
        if (closeAfterStop_) QTimer::singleShot(0, this, &QWidget::close); // the stopped run is saved
    });
}

QDockWidget* MainWindow::dock(QWidget* view, const QString& title, const QString& name, Qt::DockWidgetArea area)
{
    auto* d = new QDockWidget(title, this);
    d->setObjectName(name);
    d->setWidget(view);
    addDockWidget(area, d);
    return d;
}

void MainWindow::buildMenus()
{
    buildFileMenu();
    buildPresetsMenu();
    buildTrainMenu();
    buildViewMenu();
    buildHelpMenu();
}

void MainWindow::buildFileMenu()
{
    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open spec…"), QKeySequence::Open, this, [this] {
        const auto path =
            QFileDialog::getOpenFileName(this, tr("Open experiment spec"), dialogFolder(), tr("Spec (*.json)"));
        rememberDialogFolder(path);
        if (!path.isEmpty()) openSpec(path);
    });
    // Ctrl+S keeps the whole workspace; the spec alone is saved from here.
    file->addAction(tr("Save spec (the experiment only) as…"), this, [this] {
        const auto path = QFileDialog::getSaveFileName(
            this, tr("Save experiment spec"),
            inDialogFolder(QString::fromStdString(spec().name.empty() ? "experiment" : spec().name) + ".json"),
            tr("Spec (*.json)"));
        rememberDialogFolder(path);
        if (!path.isEmpty()) saveSpec(path);
    });
    recent_ = new RecentFiles(file->addMenu(tr("Open &recent")), this);
    connect(recent_, &RecentFiles::openRequested, this, &MainWindow::openSpec);
    file->addSeparator();
    file->addAction(tr("Open &workspace…"), this, [this] {
        const auto path = QFileDialog::getOpenFileName(this, tr("Open workspace"), dataFolder("workspaces"),
                                                       tr("Workspace (*.mtlxw)"));
        if (path.isEmpty()) return;
        const auto error = openWorkspace(path);
        showStatus(error.isEmpty() ? tr("opened workspace %1").arg(path) : error, !error.isEmpty());
    });
    file->addAction(tr("&Save workspace (spec, runs, layout) as…"), QKeySequence::Save, this, [this] {
        const auto path = QFileDialog::getSaveFileName(
            this, tr("Save workspace"), dataFolder("workspaces") + "/workspace.mtlxw", tr("Workspace (*.mtlxw)"));
        if (path.isEmpty()) return;
        const auto error = saveWorkspace(path);
        showStatus(error.isEmpty() ? tr("workspace saved to %1").arg(path) : error, !error.isEmpty());
    });
    file->addSeparator();
    addLoadActions(file);
    addExportActions(file);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
}

void MainWindow::addLoadActions(QMenu* file)
{
    file->addAction(tr("Add sweep folder to the Pareto view…"), this, [this] {
        const auto dir = QFileDialog::getExistingDirectory(this, tr("Sweep folder"), dataFolder("sweeps"));
        if (dir.isEmpty()) return;
        try {
            pareto_->addFolder(dir);
            showStatus(tr("added %1 to the Pareto view").arg(dir));
        } catch (const std::exception& e) {
            showStatus(QString::fromStdString(e.what()), true);
        }
    });
    file->addAction(tr("Load reference activations (result.json)…"), this, [this] {
        const auto path =
            QFileDialog::getOpenFileName(this, tr("A result.json"), dataFolder("runs"), tr("Result (*.json)"));
        if (path.isEmpty()) return;
        try {
            activations_->setReference(activationProbeOfFile(path.toStdString()), QFileInfo(path).dir().dirName());
        } catch (const std::exception& e) {
            showStatus(QString::fromStdString(e.what()), true);
        }
    });
}

void MainWindow::addExportActions(QMenu* file)
{
    file->addAction(tr("Export &results (JSON or CSV)…"), this, [this] {
        if (!history_.last()) { // said before a file name is asked for
            showStatus(tr("no finished run to export yet (a sweep's runs are in its folder and the Runs panel)"), true);
            return;
        }
        const auto path = QFileDialog::getSaveFileName(this, tr("Export results"), inDialogFolder("result.json"),
                                                       tr("JSON (*.json);;CSV (*.csv)"));
        rememberDialogFolder(path);
        if (path.isEmpty()) return;
        const auto error = exportResults(path);
        showStatus(error.isEmpty() ? tr("results written to %1").arg(path) : error, !error.isEmpty());
    });
    auto* views = file->addMenu(tr("Export &view (PNG, SVG, PDF)"));
    const std::pair<QWidget*, QString> exportable[] = {
        {diagram_, tr("Architecture")},    {loss_, tr("Loss curves")},   {pareto_, tr("Pareto frontier")},
        {activations_, tr("Activations")}, {gates_, tr("Gate weights")}, {conflict_, tr("Gradient conflict")},
        {comparison_, tr("Comparison")}};
    for (const auto& [view, name] : exportable) {
        QWidget* v = view;
        const QString n = name;
        views->addAction(n + "…", this, [this, v, n] { exportViewDialog(v, n); });
    }
}

void MainWindow::buildPresetsMenu()
{
    auto* presets = menuBar()->addMenu(tr("&Presets"));
    for (const auto& p : presetList()) {
        if (!p.aliasOf.empty()) continue; // older names, kept for scripts
        auto* action = presets->addAction(QString::fromStdString(p.name), this, [this, name = p.name] {
            setSpec(presetSpec(name));
            showStatus(tr("preset %1").arg(QString::fromStdString(name)));
        });
        action->setToolTip(QString::fromStdString(p.description));
        action->setStatusTip(QString::fromStdString(p.description));
    }
    presets->addSeparator();
    auto* reproduce = presets->addMenu(tr("&Reproduce"));
    reproduce->setToolTipsVisible(true);
    for (const auto& r : reproductions()) {
        auto* action = reproduce->addAction(QString::fromStdString(r.name + " — " + r.title), this,
                                            [this, name = r.name] { openReproduction(QString::fromStdString(name)); });
        action->setToolTip(QString::fromStdString(r.claim));
    }
    presets->setToolTipsVisible(true);
}

ReproduceDialog* MainWindow::openReproduction(const QString& name)
{
    if (!reproduce_) {
        reproduce_ = new ReproduceDialog(this);
        connect(reproduce_, &ReproduceDialog::frontiersRequested, this,
                [this](const QStringList& folders, const QStringList& labels, int yardstick) {
                    const auto error = openFrontiers(folders, labels, yardstick);
                    showStatus(error.isEmpty() ? tr("the figure's sweeps are in the Pareto view") : error,
                               !error.isEmpty());
                    raise();
                    activateWindow();
                });
    }
    if (!reproduce_->running()) reproduce_->select(name);
    reproduce_->show();
    reproduce_->raise();
    return reproduce_;
}

QString MainWindow::openFrontiers(const QStringList& folders, const QStringList& labels, int yardstick)
{
    pareto_->clear();
    front_->close();    // its front went with the view's configurations
    runs_->untickAll(); // the view shows the folders alone
    QStringList problems;
    int shownYardstick = -1;
    for (int i = 0; i < folders.size(); ++i) {
        try {
            const int added = pareto_->addFolder(folders[i], i < labels.size() ? labels[i] : QString());
            if (i == yardstick) shownYardstick = added;
        } catch (const std::exception& e) {
            problems << QString::fromStdString(e.what()); // a sweep not run yet: the others still show
        }
    }
    pareto_->setYardstick(shownYardstick);
    showView("pareto");
    return problems.join("; ");
}

void MainWindow::buildTrainMenu()
{
    auto* train = menuBar()->addMenu(tr("&Train"));
    trainAction_ = train->addAction(tr("&Train"), QKeySequence(Qt::CTRL | Qt::Key_R), this, &MainWindow::startTraining);
    trainAction_->setObjectName("trainAction");
    sweepAction_ = train->addAction(tr("&Sweep task weights…"), this, [this] {
        SweepDialog d(spec(), newSweepFolder(), jobs_->value(), this);
        if (d.exec() != QDialog::Accepted) return;
        setSpec(d.sweepSpec());
        jobs_->setValue(d.jobs());
        startSweep(d.folder());
    });
    sweepAction_->setObjectName("sweepAction");
    train
        ->addAction(tr("&Compare architectures…"), this,
                    [this] {
                        CompareDialog d(this);
                        if (d.exec() == QDialog::Accepted) startComparison(d.architectures(), d.seeds());
                    })
        ->setObjectName("compareAction");
    pauseAction_ = train->addAction(tr("&Pause"), this, [this](bool on) { setPaused(on); });
    pauseAction_->setCheckable(true);
    pauseAction_->setEnabled(false);
    pauseAction_->setObjectName("pauseAction");
    stopAction_ = train->addAction(tr("S&top"), QKeySequence(Qt::Key_Escape), this, &MainWindow::stopTraining);
    stopAction_->setEnabled(false);
    stopAction_->setObjectName("stopAction");
    auto* bar = addToolBar(tr("Training"));
    bar->setObjectName("trainingToolBar");
    bar->addAction(trainAction_);
    bar->addAction(sweepAction_);
    bar->addWidget(jobs_);
    bar->addAction(pauseAction_);
    bar->addAction(stopAction_);
    bar->addSeparator();
    epochSlider_->setObjectName("epochSlider");
    epochSlider_->setMaximumWidth(220);
    epochSlider_->setEnabled(false);
    epochSlider_->setToolTip(tr("Scrub the selected run's gate weights and activation histograms through training"));
    connect(epochSlider_, &QSlider::valueChanged, this, &MainWindow::showEpoch);
    epochLabel_->setObjectName("epochLabel");
    bar->addWidget(new QLabel(tr(" epoch "), this));
    bar->addWidget(epochSlider_);
    bar->addWidget(epochLabel_);
}

void MainWindow::buildViewMenu()
{
    auto* view = menuBar()->addMenu(tr("&View"));
    for (auto* d : findChildren<QDockWidget*>())
        view->addAction(d->toggleViewAction());
    view->addSeparator();
    auto* dark = view->addAction(tr("&Dark palette"), this, [](bool on) {
        setDarkPalette(on);
        QSettings().setValue("view/dark", on);
    });
    dark->setCheckable(true);
    dark->setObjectName("darkPaletteAction");
    dark->setChecked(darkPaletteOn());
    auto* enlarge = view->addAction(tr("&Enlarge view (double-click its title)"), this,
                                    [this] { arranger_->toggleEnlarged(arranger_->dockAtCursor()); });
    enlarge->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    enlarge->setObjectName("enlargeViewAction");
    enlarge->setToolTip(tr("The view under the mouse fills the window; again puts it back"));
    view->addAction(tr("Reset layout"), this, [this] {
        arranger_->restore();
        restoreState(defaultState_);
        centralWidget()->show();
        for (auto* d : findChildren<QDockWidget*>())
            d->show();
    });
}

void MainWindow::connectWorker()
{
    auto* w = controller_->worker();
    connect(w, &TrainingWorker::progress, this, &MainWindow::showProgress);
    connect(w, &TrainingWorker::epochFinished, this, [this](const EpochRecord& e) {
        loss_->addEpoch(e);
        conflict_->addEpoch(e);
    });
    connect(w, &TrainingWorker::probes, this, [this](const ProbeSnapshot& s) {
        currentEpochs_[s.run].push_back(s);
        if (s.run > 0) return; // the live views follow a stack's first run
        activations_->setCurrent(s.activation,
                                 tr("%1, epoch %2").arg(QString::fromStdString(spec().name)).arg(s.epoch));
        gates_->setGates(s.gates);
    });
    connect(w, &TrainingWorker::runFinished, this,
            [this](int run, const RunResult& r) { showRunFinished(r, currentEpochs_[static_cast<std::size_t>(run)]); });
    connect(w, &TrainingWorker::sweepProgress, this, &MainWindow::showSweepProgress);
    connect(w, &TrainingWorker::sweepRunFinished, this, &MainWindow::showSweepRun);
    connect(w, &TrainingWorker::sweepFinished, this, [this](const Frontier& f, const QString& folder, bool stopped) {
        lastOk_ = !stopped;
        showStatus(tr("sweep %1: %2 of %3 runs, hypervolume %4 — %5")
                       .arg(stopped ? tr("stopped") : tr("done"))
                       .arg(f.finished)
                       .arg(f.planned)
                       .arg(f.meanHypervolume, 0, 'g', 5)
                       .arg(folder));
    });
    connect(w, &TrainingWorker::failed, this, [this](const QString& message, bool badInput) {
        lastOk_ = false;
        failureCode_ = badInput ? 2 : 1;
        compare_.cancel();
        history_.discard(); // a run that failed before its first epoch leaves no folder
        showStatus(message, true);
        showFailure(message);
    });
}

void MainWindow::showProgress(const Progress& p)
{
    loss_->addProgress(p);
    if (!p.gates.empty()) gates_->setGates(p.gates);
    if (p.stage != Stage::Training) {
        progress_->setValue(static_cast<int>(p.stageFraction * 1000));
        status_->setText(QString::fromStdString(p.stageText()) + "…");
        return;
    }
    progress_->setValue(static_cast<int>(p.fraction() * 1000));
    status_->setText(tr("epoch %1/%2 · batch %3/%4 · %5 examples/s · %6 left")
                         .arg(p.epoch)
                         .arg(p.epochs)
                         .arg(p.batch)
                         .arg(p.batches)
                         .arg(p.examplesPerSecond)
                         .arg(duration(p.remainingSeconds)));
}

void MainWindow::showRunFinished(const RunResult& r, const std::vector<ProbeSnapshot>& epochs)
{
    lastOk_ = r.status == RunStatus::Ok;
    failureCode_ = 1;
    try {
        history_.save(r); // result.json and model.pt; a stopped run keeps its checkpoint (Resume)
    } catch (const std::exception& e) {
        showStatus(QString::fromStdString(e.what()), true);
    }
    activations_->setCurrent(r.activation,
                             QString::fromStdString(r.spec.name) + (r.spec.heads.kind == "none" ? "" : " + heads"));
    gates_->setGates(r.gates);
    if (!compare_.active()) diagram_->setCounts(true, r.params); // a compared run is not the editor's model
    // The panel's label adds what tells it from the other runs of this spec (architecture, seed, ρ …).
    const QString name = QString::fromStdString(r.spec.name.empty() ? "run" : r.spec.name);
    if (const int resumed = history_.takeResumed(); resumed >= 0)
        runs_->remove(resumed, false); // the stopped run it went on from
    const auto lessonStep = player_->training();
    const int id = runs_->addRun(r, name, history_.lastPath(), compare_.active() || lessonStep.has_value(), epochs);
    if (const auto* e = runs_->find(id); e && !r.front.empty() && e->hasModel()) openFront(*e);
    if (lessonStep) lessons_->addRun(lessonStep->first, lessonStep->second, r);
    if (compare_.active()) {
        compare_.addRun(id);
        std::vector<const RunEntry*> compared;
        for (int c : compare_.runIds())
            if (const auto* e = runs_->find(c)) compared.push_back(e);
        comparison_->setRuns(compared, compare_.title());
    }
    const auto outcome = r.status == RunStatus::Ok ? std::string("done") : toString(r.status) + ": " + r.message;
    showStatus(tr("%1 in %2 — %3 (saved to %4)")
                   .arg(QString::fromStdString(outcome), duration(r.wallSeconds), metricsLine(r), history_.lastPath()),
               r.status != RunStatus::Ok);
}

void MainWindow::showSweepProgress(const SweepStatus& s)
{
    progress_->setValue(static_cast<int>(s.fraction * 1000));
    if (s.stage == Stage::Loading) {
        status_->setText(QString::fromStdString(stageText(s.stage, s.file)) + "…");
        return;
    }
    status_->setText(tr("sweep: %1/%2 runs done, %3 running · %4 left")
                         .arg(s.skipped + s.finished)
                         .arg(s.planned)
                         .arg(s.running)
                         .arg(duration(s.remainingSeconds)));
}

void MainWindow::showSweepRun(const SweepRun& run, const RunResult& r, const ParetoPoint& p)
{
    QString weights;
    for (double x : run.weights)
        weights += (weights.isEmpty() ? "" : ", ") + QString::number(x, 'g', 3);
    const int config = pareto_->configurationFrom(sweepSource_); // −1: the view was cleared meanwhile
    if (config >= 0 && r.front.empty()) {
        pareto_->addPoint(config, p,
                          tr("w = (%1), seed %2, %3")
                              .arg(weights)
                              .arg(run.spec.training.seed)
                              .arg(QString::fromStdString(toString(r.status))));
    } else if (config >= 0) { // a preference-conditioned run: its front, as the sweep folder's frontier will hold it
        addFrontPoints(config, r, tr("one model"));
    }
    std::vector<std::string> names;
    for (const auto& t : r.tasks)
        names.push_back(t.name);
    loss_->showHistory(names, r.history);
    if (r.status == RunStatus::Ok) activations_->setCurrent(r.activation, tr("w = (%1)").arg(weights));
    gates_->setGates(r.gates);
    // In the Runs panel as its folder's run (unticked: the frontier view has the sweep already).
    const auto folder = QDir(sweepFolder_)
                            .filePath(QString::fromStdString(
                                sweepModelFolder(run.point, run.spec.training.seed))); // its model, when kept
    const int id = runs_->addRun(r, QFileInfo(sweepFolder_).fileName(), QDir(sweepFolder_).filePath("runs.jsonl"),
                                 false, {}, QFileInfo::exists(folder) ? folder : QString());
    // Its front is among the sweep's points: selected later, it is not drawn again.
    if (const auto* e = runs_->find(id); e && !r.front.empty() && config >= 0)
        pareto_->addSource(config, frontSource(*e));
    if (const auto step = player_->training()) lessons_->addRun(step->first, step->second, r);
}

void MainWindow::setSpec(const ExperimentSpec& spec)
{
    editor_->setSpec(spec);
}

const ExperimentSpec& MainWindow::spec() const
{
    return editor_->spec();
}

void MainWindow::setScreenshot(const QString& path, bool quitWhenDone)
{
    shot_.ask(path, quitWhenDone);
}

bool MainWindow::openSpec(const QString& path)
{
    try {
        setSpec(loadExperimentFile(path.toStdString()));
        recent_->add(path);
        showStatus(tr("opened %1").arg(path));
        return true;
    } catch (const std::exception& e) {
        showStatus(QString::fromStdString(e.what()), true);
        return false;
    }
}

bool MainWindow::saveSpec(const QString& path)
{
    try {
        writeJsonFile(path.toStdString(), experimentToJson(spec()));
        recent_->add(path);
        showStatus(tr("saved %1").arg(path));
        return true;
    } catch (const std::exception& e) {
        showStatus(QString::fromStdString(e.what()), true);
        return false;
    }
}

void MainWindow::beginRun(const QString& title, const ExperimentSpec& run, const QString& runName)
{
    std::vector<std::string> names;
    for (const auto& t : run.tasks())
        names.push_back(t.name);
    loss_->reset(names);
    conflict_->startRun(runName, names);
    currentEpochs_.clear();
    activations_->startRun();
    gates_->setGates({});
    progress_->setValue(0);
    lastOk_ = true;
    showStatus(title);
}

void MainWindow::startTraining()
{
    if (controller_->busy() || !editor_->isValid()) return;
    // The run's folder first: its checkpoint.pt is there after every epoch, to resume from.
    QString checkpoint;
    try {
        checkpoint = history_.begin(spec().name);
    } catch (const std::exception& e) {
        showStatus(QString::fromStdString(e.what()), true);
        return;
    }
    beginRun(tr("training %1…").arg(QString::fromStdString(spec().name)), spec(), currentRunName());
    controller_->train(spec(), checkpoint);
}

void MainWindow::resumeRun(int id)
{
    const auto* e = runs_->find(id);
    if (controller_->busy() || !e || !e->canResume()) return;
    const QString checkpoint = history_.resume(e->folder, id);
    beginRun(tr("resuming %1…").arg(e->label), e->result.spec, e->label);
    controller_->resume(checkpoint);
}

QString MainWindow::currentRunName() const
{
    return spec().name.empty() ? tr("current run") : QString::fromStdString(spec().name);
}

QString MainWindow::newSweepFolder() const
{
    return dataFolder("sweeps") + "/" + QString::fromStdString(spec().name.empty() ? "sweep" : spec().name) + "-" +
           stamp();
}

void MainWindow::startSweep(const QString& folder)
{
    if (controller_->busy() || !editor_->isValid() || folder.isEmpty()) return;
    beginRun(tr("sweeping %1 into %2…").arg(QString::fromStdString(spec().name), folder), spec(), currentRunName());
    std::vector<std::string> tasks, metrics;
    for (const auto& t : spec().tasks()) {
        tasks.push_back(t.name);
        metrics.push_back(spec().sweep.resolvedMetric(t.kind));
    }
    const QString name =
        QString::fromStdString(spec().name.empty() ? "sweep" : spec().name) +
        (spec().heads.kind == "none" ? "" : " + " + QString::fromStdString(spec().heads.kind) + " heads");
    sweepSource_ = QString("sweep %1: %2").arg(++sweeps_).arg(folder);
    pareto_->addSource(pareto_->addConfiguration(name, tasks, metrics), sweepSource_);
    sweepFolder_ = folder;
    controller_->sweep(spec(), folder, jobs_->value());
}

void MainWindow::stopTraining()
{
    compare_.cancel();
    controller_->stop();
}

void MainWindow::setPaused(bool paused)
{
    controller_->setPaused(paused);
    pauseAction_->setChecked(paused);
    if (paused) showStatus(tr("paused (the run waits between two batches)"));
}

bool MainWindow::isTraining() const
{
    return controller_->busy();
}

void MainWindow::endRun(bool ok)
{
    Q_EMIT trainingFinished(ok);
    if (shot_.pending() && !player_->playing()) {
        // Let the merged replots land before the picture is taken.
        QTimer::singleShot(300, this, [this] { saveScreenshotIfAsked(); });
    }
}

void MainWindow::setGeometryReport(const QString& path)
{
    shot_.askGeometryReport(path);
}

QString MainWindow::writeGeometryReport(const QString& path) const
{
    nlohmann::json views = nlohmann::json::array();
    for (const auto& v : arranger_->geometry())
        views.push_back({{"name", v.name.toStdString()},
                         {"plot_width", v.plotWidth},
                         {"plot_height", v.plotHeight},
                         {"lesson_view", v.lessonView}});
    nlohmann::json lesson = nullptr;
    if (arranger_->focused()) lesson = {{"lesson", lessons_->lesson() + 1}, {"step", lessons_->step() + 1}};
    try {
        writeJsonFile(path.toStdString(),
                      {{"window", {{"width", width()}, {"height", height()}}}, {"lesson", lesson}, {"views", views}});
        return {};
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
}

void MainWindow::saveScreenshotIfAsked()
{
    // A preference-conditioned run's model still being evaluated (mtlx RESULT.json --preference, a
    // lesson's one-model step): the picture is taken once its point, gates and histograms are in.
    if (shot_.pending() && front_->isOpen() && front_->busy()) {
        auto evaluated = std::make_shared<QMetaObject::Connection>();
        auto failed = std::make_shared<QMetaObject::Connection>();
        *evaluated = connect(front_, &FrontExplorer::evaluated, this, [this, evaluated, failed] {
            if (front_->busy()) return;
            disconnect(*evaluated);
            disconnect(*failed);
            saveScreenshotIfAsked();
        });
        *failed = connect(front_, &FrontExplorer::failed, this, [this, evaluated, failed](const QString& error) {
            disconnect(*evaluated);
            disconnect(*failed);
            lastOk_ = false;
            failureCode_ = 2; // the run's files: a model that does not fit its spec, a corrupt model.pt
            showStatus(error, true);
            saveScreenshotIfAsked();
        });
        return;
    }
    // Its evaluation failed before the picture was due: a script learns it from the exit code too.
    if (shot_.pending() && front_->isOpen() && !front_->error().isEmpty() && lastOk_) {
        lastOk_ = false;
        failureCode_ = 2;
        showStatus(front_->error(), true);
    }
    // With the reproduction dialog or an inspector open (--reproduce, --inspect), the picture is of it.
    QWidget* shown = this;
    if (reproduce_ && reproduce_->isVisible()) shown = reproduce_;
    if (inspector_ && inspector_->isVisible()) shown = inspector_;
    const auto out = shot_.take(shown, lastOk_ ? 0 : failureCode_,
                                [this](const QString& path) { return writeGeometryReport(path); });
    if (!out.taken) return;
    if (!out.error.isEmpty()) showStatus(out.error, true);
    if (!shot_.quitWhenDone()) return;
    // Exiting unsuccessfully from a script: say why where the script can read it.
    if (out.code != 0) std::cerr << "mtlx: " << status_->text().toStdString() << '\n';
    QApplication::exit(out.code);
}

QString MainWindow::exportResults(const QString& path) const
{
    return history_.exportLast(path);
}

void MainWindow::exportViewDialog(QWidget* view, const QString& name)
{
    ExportSizeDialog d(name, view->size(), this);
    if (d.exec() != QDialog::Accepted) return;
    const auto path = QFileDialog::getSaveFileName(this, tr("Export %1").arg(name),
                                                   inDialogFolder(QString(name).toLower().replace(' ', '-') + ".png"),
                                                   tr("PNG (*.png);;SVG (*.svg);;PDF (*.pdf)"));
    rememberDialogFolder(path);
    if (path.isEmpty()) return;
    const auto error = exportView(view, path, d.size(), d.dpi());
    showStatus(error.isEmpty() ? tr("%1 written to %2").arg(name, path) : error, !error.isEmpty());
}

void MainWindow::showStatus(const QString& text, bool error)
{
    status_->setText(text);
    statusError_ = error;
    status_->setStyleSheet(error ? "color: #b00020;" : "");
    status_->setToolTip(text);
}

void MainWindow::changeEvent(QEvent* event)
{
    QMainWindow::changeEvent(event);
    if (event->type() != QEvent::PaletteChange) return;
    for (auto* plot : findChildren<QCustomPlot*>()) {
        applyPalette(plot);
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
    update();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    // Closing during training asks first; quitting stops the run as the Stop button does, it is
    // saved with status "stopped", and the window closes once that is done.
    if (controller_->busy()) {
        event->ignore();
        if (closeAfterStop_ || findChild<QMessageBox*>("closeWhileTraining")) return;
        auto* box = openMessage(QMessageBox::Question, tr("Training is running"),
                                tr("A run is training. Stop it and quit? The run is saved with status "
                                   "\u201cstopped\u201d (a sweep keeps every run it finished)."));
        box->setObjectName("closeWhileTraining");
        box->setStandardButtons(QMessageBox::NoButton);
        auto* quit = box->addButton(tr("Stop and quit"), QMessageBox::AcceptRole);
        quit->setObjectName("stopAndQuit");
        box->addButton(tr("Keep training"), QMessageBox::RejectRole);
        connect(quit, &QPushButton::clicked, this, [this] {
            if (!controller_->busy()) { // it ended (and was saved) while the question was open
                QTimer::singleShot(0, this, &QWidget::close);
                return;
            }
            closeAfterStop_ = true;
            compare_.cancel();
            controller_->stop();
        });
        return;
    }
    controller_->stop();
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    event->accept();
}

} // namespace mtlx::ui
