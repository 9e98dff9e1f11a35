// MainWindow's views (mainwindow.h): the docks and their layout, what the Runs panel's ticks and
// selection show in the other views (overlays, the ticked frontier, the epoch slider), the
// lessons' and the comparison's views, workspaces and the Help menu. Menus and training are in
// mainwindow.cpp; what is kept and queued is in the controllers.

#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSlider>
#include <QSpinBox>
#include <QTabBar>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

#include "core/spec/jsonreader.h"
#include "core/spec/pareto.h"
#include "core/spec/presets.h"
#include "core/spec/specerror.h"
#include "core/spec/version.h"
#include "ui/activationview.h"
#include "ui/comparisonview.h"
#include "ui/conflictview.h"
#include "ui/frontexplorer.h"
#include "ui/gateheatmap.h"
#include "ui/howtoread.h"
#include "ui/inspectorwindow.h"
#include "ui/lessonplayer.h"
#include "ui/lessons.h"
#include "ui/lossplot.h"
#include "ui/mainwindow.h"
#include "ui/paretoview.h"
#include "ui/runspanel.h"
#include "ui/speceditor.h"
#include "ui/trainingcontroller.h"
#include "ui/viewarranger.h"
#include "ui/workspacefile.h"

namespace mtlx::ui {

void MainWindow::buildDocks()
{
    auto helped = [this](QWidget* view, const QString& key) { return new HelpedView(view, key, this); };
    auto* experimentDock = dock(editor_, tr("Experiment"), "experimentDock", Qt::LeftDockWidgetArea);
    auto* lessonDock = dock(lessons_, tr("Lessons"), "lessonDock", Qt::LeftDockWidgetArea);
    auto* lossDock = dock(helped(loss_, "loss"), tr("Loss curves"), "lossDock", Qt::RightDockWidgetArea);
    auto* gateDock = dock(helped(gates_, "gates"), tr("Gate weights"), "gateDock", Qt::RightDockWidgetArea);
    auto* conflictDock =
        dock(helped(conflict_, "conflict"), tr("Gradient conflict"), "conflictDock", Qt::RightDockWidgetArea);
    auto* runsDock = dock(helped(runs_, "runs"), tr("Runs"), "runsDock", Qt::BottomDockWidgetArea);
    auto* paretoDock = dock(helped(pareto_, "pareto"), tr("Pareto frontier"), "paretoDock", Qt::BottomDockWidgetArea);
    auto* comparisonDock =
        dock(helped(comparison_, "comparison"), tr("Comparison"), "comparisonDock", Qt::BottomDockWidgetArea);
    auto* activationDock =
        dock(helped(activations_, "activations"), tr("Activations"), "activationDock", Qt::BottomDockWidgetArea);
    tabifyDockWidget(experimentDock, lessonDock);
    experimentDock->raise();
    splitDockWidget(lossDock, gateDock, Qt::Vertical);
    tabifyDockWidget(gateDock, conflictDock);
    gateDock->raise();
    splitDockWidget(runsDock, paretoDock, Qt::Horizontal);
    tabifyDockWidget(paretoDock, comparisonDock);
    paretoDock->raise();
    splitDockWidget(paretoDock, activationDock, Qt::Horizontal);
    arranger_ = new ViewArranger(
        this, {"loss", "gates", "conflict", "runs", "pareto", "comparison", "activations"},
        [this](const QString& key) { return dockOfView(key); }, lessonDock);
}

QDockWidget* MainWindow::dockOfView(const QString& key) const
{
    static const std::pair<const char*, const char*> docks[] = {{"loss", "lossDock"},
                                                                {"gates", "gateDock"},
                                                                {"conflict", "conflictDock"},
                                                                {"runs", "runsDock"},
                                                                {"pareto", "paretoDock"},
                                                                {"comparison", "comparisonDock"},
                                                                {"activations", "activationDock"},
                                                                {"lessons", "lessonDock"},
                                                                {"experiment", "experimentDock"}};
    for (const auto& [view, name] : docks)
        if (key == view) return findChild<QDockWidget*>(name);
    return nullptr;
}

bool MainWindow::showView(const QString& key)
{
    auto* d = dockOfView(key);
    if (!d) return false;
    d->show();
    d->raise();
    return true;
}

// The default size: as large as the design wants (1500 × 920) but never larger than the screen's
// free area, so that the window fits a 1280 × 720 display whole.
void MainWindow::fitToScreen(QSize available)
{
    QSize size(1500, 920);
    if (const QScreen* s = screen() ? screen() : QApplication::primaryScreen(); s && !available.isValid())
        available = s->availableGeometry().size();
    if (available.isValid()) size = size.boundedTo(QSize(available.width(), available.height() - 30)); // the title bar
    resize(size);
    auto* experiment = findChild<QDockWidget*>("experimentDock");
    auto* loss = findChild<QDockWidget*>("lossDock");
    auto* gates = findChild<QDockWidget*>("gateDock");
    auto* runs = findChild<QDockWidget*>("runsDock");
    // The editor's fields whole, the gates taller than the loss curves (a heatmap needs rows), the
    // bottom row (runs, frontier, histograms) a quarter of the height.
    if (size.height() < 800) {
        // A projector or a laptop (1280 × 720): a quarter of the height would leave the bottom row's
        // plots ~40 px tall. The views become tabs of one full-height panel on the right instead.
        // The Runs panel joins the editor's tabs, so that six views share the right's tab bar.
        for (const char* name : {"lossDock", "paretoDock", "comparisonDock", "activationDock"})
            if (auto* d = findChild<QDockWidget*>(name)) tabifyDockWidget(gates, d);
        tabifyDockWidget(experiment, runs);
        gates->raise();
        experiment->raise();
        resizeDocks({experiment, gates}, {std::max(300, size.width() * 24 / 100), size.width() * 46 / 100},
                    Qt::Horizontal);
        return;
    }
    resizeDocks({experiment, loss}, {std::max(300, size.width() * 23 / 100), size.width() * 35 / 100}, Qt::Horizontal);
    resizeDocks({runs}, {size.height() * 26 / 100}, Qt::Vertical);
    resizeDocks({loss, gates}, {size.height() * 30 / 100, size.height() * 40 / 100}, Qt::Vertical);
}

// A tab bar of docked views (made by the layout as views are tabbed) shows whole names, with
// scroll buttons when they do not fit: "Gradient conflict", not "Gradient c…".
bool MainWindow::event(QEvent* event)
{
    if (event->type() == QEvent::ChildPolished)
        if (auto* bar = qobject_cast<QTabBar*>(static_cast<QChildEvent*>(event)->child())) {
            bar->setElideMode(Qt::ElideNone);
            bar->setUsesScrollButtons(true);
        }
    return QMainWindow::event(event);
}

void MainWindow::buildHelpMenu()
{
    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&How to read the views"), QKeySequence::HelpContents, this, [this] {
        QDialog d(this);
        d.setWindowTitle(tr("How to read the views"));
        auto* text = new QTextBrowser(&d);
        QString html;
        for (const auto& h : viewHelp())
            html += QString("<h3>%1</h3><p>%2</p>").arg(h.title, h.text);
        text->setHtml(html);
        auto* layout = new QVBoxLayout(&d);
        layout->addWidget(text);
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &d);
        connect(buttons, &QDialogButtonBox::rejected, &d, &QDialog::reject);
        layout->addWidget(buttons);
        d.resize(640, 560);
        d.exec();
    });
    auto* lessonsMenu = help->addMenu(tr("&Lessons"));
    for (std::size_t i = 0; i < lessons().size(); ++i)
        lessonsMenu->addAction(lessons()[i].title, this, [this, i] { openLesson(static_cast<int>(i)); });
    help->addSeparator();
    help->addAction(tr("&About MTL Explorer"), this, [this] {
        QMessageBox::about(this, tr("About MTL Explorer"),
                           tr("<b>MTL Explorer</b> %1<br>Multi-task learning models, trained and shown.<br>"
                              "Every field has a tooltip; every view a folded 'How to read this'.<br>"
                              "The reference is in the docs/ folder of the source.")
                               .arg(QString::fromStdString(versionString())));
    });
}

void MainWindow::connectRuns()
{
    connect(runs_, &RunsPanel::tickedChanged, this, &MainWindow::refreshOverlays);
    connect(runs_, &RunsPanel::selectionChanged, this, &MainWindow::showSelectedRun);
    // A run leaving the panel takes its front's own configuration with it, and the slider when it
    // was on that run.
    connect(runs_, &RunsPanel::removing, this, [this](const RunEntry& run) {
        if (front_->isOpen() && front_->folder() == run.folder) {
            front_->close();
            pareto_->setMarker({}, {});
        }
        pareto_->forgetSource(frontSource(run));
    });
    connect(front_, &FrontExplorer::evaluated, this, &MainWindow::showPreference);
    connect(runs_, &RunsPanel::resumeRequested, this, &MainWindow::resumeRun);
    connect(runs_, &RunsPanel::inspectRequested, this, &MainWindow::inspectRun);
    connect(lessons_, &LessonPanel::setUpRequested, this, &MainWindow::applyLessonStep);
    // A step shown in the visible Lessons panel arranges the window for its view.
    connect(lessons_, &LessonPanel::stepShown, this, [this](const LessonStep& step) {
        if (arranger_ && lessons_->isVisible()) arranger_->focus(step.view);
    });
    connect(lessons_, &LessonPanel::ended, this, &MainWindow::endLesson);
}

void MainWindow::refreshOverlays()
{
    std::vector<RunSeries> series;
    const RunEntry* reference = nullptr;
    for (const auto* e : runs_->ticked()) {
        std::vector<std::string> tasks;
        for (const auto& t : e->result.tasks)
            tasks.push_back(t.name);
        series.push_back({e->label, e->colour, tasks, e->result.history});
        // The histograms' grey reference: the newest ticked run other than the one just trained
        // (which is the current histogram already).
        if (history_.lastPath().isEmpty() || e->path != history_.lastPath()) reference = e;
    }
    loss_->setOverlays(series);
    conflict_->setOverlays(std::move(series));
    showTickedOnPareto();
    if (reference) activations_->setReference(reference->result.activation, reference->label);
}

namespace {

// The ticked runs of one configuration (the same spec but for task weights and seed).
struct TickedConfiguration {
    std::string key;                          // configurationKey
    const ExperimentSpec* spec = nullptr;     // its first run's
    std::vector<std::vector<double>> weights; // its distinct task weights: point i is weights[i]
    ParetoView::TickedGroup group;
};

// A configuration is named by its spec's name where that tells it apart, else by name ·
// architecture · heads · weighting (Compare's runs share the spec's name), numbered where even
// that is the same (e.g. two learning rates).
void nameTickedConfigurations(std::vector<TickedConfiguration>& configurations)
{
    auto nameOf = [](const ExperimentSpec& s) { return QString::fromStdString(s.name.empty() ? "run" : s.name); };
    QStringList names;
    for (const auto& c : configurations) {
        const bool shared = std::any_of(configurations.begin(), configurations.end(), [&](const auto& other) {
            return &other != &c && nameOf(*other.spec) == nameOf(*c.spec);
        });
        names << (shared ? nameOf(*c.spec) + " · " + configurationSummary(*c.spec) : nameOf(*c.spec));
    }
    for (int i = 0; i < names.size(); ++i) {
        const int before = static_cast<int>(std::count(names.begin(), names.begin() + i, names[i]));
        configurations[static_cast<std::size_t>(i)].group.name =
            before == 0 ? names[i] : QString("%1 (%2)").arg(names[i]).arg(before + 1);
    }
}

// The points a ticked run gives, its test metrics (the sweep metric of each task) as objectives:
// a preference-conditioned model's front, one per preference (frontOf), or one; none when its
// tasks or metrics are others.
bool frontOf(const RunResult& r, const std::vector<std::string>& metrics)
{
    return !r.front.empty() && r.frontMetrics == metrics;
}

std::vector<ParetoPoint> tickedPointsOf(const RunResult& r, const std::vector<std::string>& tasks,
                                        const std::vector<std::string>& metrics)
{
    std::vector<std::string> names;
    for (const auto& t : r.tasks)
        names.push_back(t.name);
    if (tasks.size() < 2 || names.size() < tasks.size() || !std::equal(tasks.begin(), tasks.end(), names.begin()))
        return {};
    if (frontOf(r, metrics)) return frontPointsOf(r);
    ParetoPoint p; // a front of other metrics: its run's own test metrics, one point
    p.weights = r.taskWeights;
    p.seed = r.spec.training.seed;
    for (std::size_t t = 0; t < tasks.size(); ++t) {
        if (!r.tasks[t].test.count(metrics[t])) return {};
        p.values.push_back(objectiveFromMetric(metrics[t], r.tasks[t].test.at(metrics[t])));
    }
    return {p};
}

} // namespace

// Ticked runs with the current experiment's tasks become points of the Pareto view. A
// preference-conditioned run opened with its slider has its front drawn already, once.
void MainWindow::showTickedOnPareto()
{
    std::vector<std::string> tasks, metrics;
    for (const auto& t : spec().tasks()) {
        tasks.push_back(t.name);
        metrics.push_back(spec().sweep.resolvedMetric(t.kind));
    }
    std::vector<TickedConfiguration> configurations;
    for (const auto* e : runs_->ticked()) {
        if (!e->result.front.empty() && frontDrawn(*e)) continue;
        const auto points = tickedPointsOf(e->result, tasks, metrics);
        if (points.empty()) continue;
        const auto key = configurationKey(e->result.spec);
        auto c =
            std::find_if(configurations.begin(), configurations.end(), [&](const auto& x) { return x.key == key; });
        if (c == configurations.end()) c = configurations.insert(c, {key, &e->result.spec, {}, {}});
        const bool front = frontOf(e->result, metrics);
        c->group.models += front ? 1 : 0;
        for (auto p : points) {
            // Runs at the same task weights are one point of the frontier of seed means.
            const auto w = std::find(c->weights.begin(), c->weights.end(), p.weights);
            p.point = static_cast<int>(w - c->weights.begin());
            if (w == c->weights.end()) c->weights.push_back(p.weights);
            c->group.points.emplace_back(
                p, front ? tr("%1 at r = (%2), seed %3").arg(e->label, weightsText(p.weights)).arg(p.seed) : e->label);
        }
    }
    nameTickedConfigurations(configurations);
    std::vector<ParetoView::TickedGroup> groups;
    for (auto& c : configurations)
        groups.push_back(std::move(c.group));
    pareto_->setTickedRuns(tasks, metrics, groups);
}

void MainWindow::showSelectedRun(int id)
{
    const auto* e = runs_->find(id);
    shownEpochs_ = e ? e->epochs : std::vector<ProbeSnapshot>{};
    if (!e) {
        epochSlider_->setEnabled(false);
        epochLabel_->clear();
        return;
    }
    activations_->setCurrent(e->result.activation, e->label);
    gates_->setGates(e->result.gates);
    if (e->result.front.empty() || !e->hasModel()) {
        front_->close();
        pareto_->setMarker({}, {});
    } else if (front_->folder() != e->folder) {
        openFront(*e);
    }
    const int n = static_cast<int>(shownEpochs_.size());
    epochSlider_->setEnabled(n > 1);
    epochSlider_->blockSignals(true);
    epochSlider_->setRange(1, std::max(n, 1));
    epochSlider_->setValue(std::max(n, 1));
    epochSlider_->blockSignals(false);
    epochLabel_->setText(n > 1 ? tr("%1/%2").arg(n).arg(n) : tr("final"));
}

void MainWindow::showEpoch(int epoch)
{
    if (epoch < 1 || epoch > static_cast<int>(shownEpochs_.size())) return;
    const auto& s = shownEpochs_[static_cast<std::size_t>(epoch - 1)];
    const auto* e = runs_->find(runs_->selectedId());
    const QString name = e ? e->label : QString();
    activations_->setCurrent(s.activation, tr("%1, epoch %2").arg(name).arg(s.epoch));
    gates_->setGates(s.gates);
    epochLabel_->setText(tr("%1/%2").arg(epoch).arg(shownEpochs_.size()));
}

bool MainWindow::startComparison(const QStringList& architectures, int seeds)
{
    if (controller_->busy()) return false;
    try {
        compare_.start(spec(), architectures, seeds);
    } catch (const std::exception& e) {
        const QString message = tr("Compare: %1").arg(QString::fromStdString(e.what()));
        showStatus(message, true);
        if (!shot_.pending()) openMessage(QMessageBox::Warning, tr("Compare architectures"), message);
        return false;
    }
    comparison_->clear(compare_.title() + tr(" — training…"));
    if (auto* d = dockOfView("runs"); d && !arranger_->focused()) d->raise(); // a lesson keeps its text in front
    if (auto* d = dockOfView("comparison")) d->raise(); // last: in front where the two share a tab group
    trainNextCompared();
    return true;
}

InspectorWindow* MainWindow::inspectRun(int id)
{
    const auto* e = runs_->find(id);
    if (!e || !e->hasModel()) return nullptr;
    auto* window = new InspectorWindow(e->folder, e->label, this);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->show();
    inspector_ = window;
    return window;
}

QString MainWindow::inspectFolder(const QString& folder)
{
    const QString path = QDir(folder).filePath("result.json");
    try {
        runs_->open(path, true);
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    const int id = runs_->runs().back().id;
    runs_->select(id);
    auto* window = inspectRun(id);
    if (!window) return tr("%1: the run kept no model (no model.pt)").arg(folder);
    if (!shot_.pending()) return {};
    connect(window, &InspectorWindow::updated, this, [this, window] {
        if (window->busy()) return;
        if (!window->error().isEmpty()) {
            lastOk_ = false;
            failureCode_ = 2; // the run's files: a corrupt model.pt, a model that does not fit its spec
            showStatus(window->error(), true);
            saveScreenshotIfAsked();
        } else if (window->routed().empty()) {
            window->pick(-1, 0, 8);
        } else {
            saveScreenshotIfAsked();
        }
    });
    return {};
}

void MainWindow::trainNextCompared()
{
    if (controller_->busy()) return;
    const auto next = compare_.takeNext();
    if (!next) return;
    beginRun(next->status, next->runs.front(), next->name);
    controller_->trainStack(next->runs);
}

void MainWindow::openLesson(int index, int step)
{
    runs_->untickAll();
    pareto_->clear();
    front_->close(); // its front went with the view's configurations
    activations_->clear();
    if (auto* d = dockOfView("lessons")) {
        d->show();
        d->raise();
    }
    lessons_->open(index, step);
    arranger_->focus(lessons_->currentStep().view); // also when the panel showed that step already
}

void MainWindow::playLesson(int lesson, int lastStep)
{
    openLesson(lesson, 0);
    player_->play(lastStep);
}

void MainWindow::endLesson()
{
    arranger_->restore();
    if (auto* d = dockOfView("experiment")) d->raise();
}

const LessonStep& MainWindow::currentLessonStep() const
{
    return lessons_->currentStep();
}

void MainWindow::applyLessonStep(const LessonStep& step)
{
    if (controller_->busy()) {
        showStatus(tr("wait for the current training to end (or stop it) first"), true);
        return;
    }
    if (!step.preset.empty()) {
        ExperimentSpec s = presetSpec(step.preset);
        if (step.change) step.change(s);
        setSpec(s);
    }
    using Action = LessonStep::Action;
    if (step.action != Action::None) lessons_->clearRuns(lessons_->lesson(), lessons_->step());
    if (step.action == Action::Sweep) runs_->untickAll(); // the frontier view shows the sweep alone
    if (step.action == Action::Train) startTraining();
    if (step.action == Action::Sweep) startSweep(newSweepFolder());
    if (step.action == Action::Compare) {
        QStringList archs;
        for (const auto& a : step.architectures)
            archs << QString::fromStdString(a);
        startComparison(archs, kLessonCompareSeeds);
    }
    if (step.action != Action::None && controller_->busy()) player_->stepStarted(); // its runs are the step's
}

// Errors that have a fix get a dialog that offers it: data files not found → pick the folder.
void MainWindow::showFailure(const QString& message)
{
    if (shot_.pending()) return; // scripted runs: the status line and the exit code say it
    if (!message.contains(" not found in ")) {
        openMessage(QMessageBox::Warning, tr("Training failed"), message);
        return;
    }
    auto* box = openMessage(QMessageBox::Warning, tr("Data not found"), message);
    box->setInformativeText(tr("Download the files named above (docs/data.md says from where), then choose the "
                               "folder that holds them; the experiment's data folder is set to it."));
    box->setObjectName("dataNotFound");
    auto* pick = box->addButton(tr("Choose data folder…"), QMessageBox::AcceptRole);
    connect(pick, &QPushButton::clicked, this, [this] {
        const auto dir = QFileDialog::getExistingDirectory(this, tr("Folder with the data files"));
        if (dir.isEmpty()) return;
        ExperimentSpec s = spec();
        s.dataset.dataDir = dir.toStdString();
        setSpec(s);
        showStatus(tr("data folder set to %1; press Train again").arg(dir));
    });
}

// A message box that does not block the event loop (training reports keep arriving).
QMessageBox* MainWindow::openMessage(int icon, const QString& title, const QString& text)
{
    auto* box = new QMessageBox(static_cast<QMessageBox::Icon>(icon), title, text, QMessageBox::Close, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    return box;
}

QString MainWindow::saveWorkspace(const QString& path) const
{
    try {
        writeWorkspace(path, {spec(), workspaceRuns(*runs_), saveState()});
        return {};
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
}

QString MainWindow::openWorkspace(const QString& path, bool* unreadable)
{
    if (unreadable) *unreadable = false;
    WorkspaceFile f;
    try {
        f = readWorkspace(path);
    } catch (const InputError& e) {
        if (unreadable) *unreadable = true;
        const QString message = QString::fromStdString(e.what());
        showStatus(message, true);
        lastOk_ = false; // --quit-when-done exits 2 with the message
        failureCode_ = 2;
        if (shot_.pending()) return message; // scripted: no dialog waits for a click
        auto* box = openMessage(QMessageBox::Warning, tr("Cannot open workspace"), message);
        box->setObjectName("workspaceError");
        return message;
    }
    setSpec(f.spec);
    const RunsPanel::Batch batch(*runs_); // the views are redrawn once, after every run is in
    runs_->clear();
    QStringList missing, unreadableRuns;
    for (const auto& r : f.runs) {
        try {
            runs_->open(r.file, r.ticked);
            if (!r.name.isEmpty() && !runs_->runs().empty()) runs_->rename(runs_->runs().back().id, r.name);
        } catch (const std::exception& e) {
            // Moved or deleted since, or there but unreadable: the rest still opens.
            if (QFileInfo::exists(r.file))
                unreadableRuns << QString::fromStdString(e.what());
            else
                missing << r.file;
        }
    }
    restoreState(f.windowState);
    QStringList problems;
    if (!missing.isEmpty())
        problems << tr("%1 run file(s) no longer there: %2").arg(missing.size()).arg(missing.join(", "));
    if (!unreadableRuns.isEmpty())
        problems
            << tr("%1 run file(s) could not be read: %2").arg(unreadableRuns.size()).arg(unreadableRuns.join("; "));
    return problems.join("; ");
}

} // namespace mtlx::ui
