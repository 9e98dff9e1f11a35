// MainWindow: a run opened from its result.json, and a preference-conditioned run's front with the
// preference slider under the Pareto view (frontexplorer.h).
#include <QDockWidget>
#include <QFileInfo>

#include "ui/activationview.h"
#include "ui/frontexplorer.h"
#include "ui/gateheatmap.h"
#include "ui/mainwindow.h"
#include "ui/paretoview.h"
#include "ui/runspanel.h"
#include "ui/viewarranger.h"

namespace mtlx::ui {

// What a run's front is drawn from: the run's folder (its label changes as runs come and go, and
// two runs of one spec share it), or the panel's id of a run without one.
QString MainWindow::frontSource(const RunEntry& run)
{
    return run.folder.isEmpty() ? QString("run %1").arg(run.id) : QFileInfo(run.folder).absoluteFilePath();
}

QString MainWindow::openRun(const QString& resultPath, const std::vector<double>& preference)
{
    try {
        runs_->open(resultPath, true);
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    const auto& entry = runs_->runs().back();
    setSpec(entry.result.spec); // the editor shows what the run trained
    // The slider's run opened again (retrained into its folder, perhaps): its model and front are
    // read anew when it is selected, not kept from before.
    if (front_->folder() == entry.folder) front_->close();
    runs_->select(entry.id);
    if (entry.result.front.empty()) {
        if (!preference.empty())
            return tr("%1: --preference needs a preference-conditioned run (training.preference), this one has no "
                      "front")
                .arg(resultPath);
        return {};
    }
    if (!entry.hasModel()) {
        // The front it stored still draws; evaluating it at another preference needs the model.
        if (!preference.empty())
            return tr("%1: --preference needs the run's model, and it kept none (no model.pt beside it)")
                .arg(resultPath);
        drawFront(entry);
        showView("pareto");
        showStatus(tr("%1: its stored front is drawn; the preference slider needs model.pt beside it, and there is "
                      "none")
                       .arg(resultPath));
        return {};
    }
    if (front_->folder() != entry.folder) openFront(entry);
    const auto tasks = entry.result.spec.tasks().size();
    if (!preference.empty() && preference.size() != tasks)
        return tr("--preference: %1 values for %2 tasks").arg(preference.size()).arg(tasks);
    if (!preference.empty()) front_->setPreference(preference);
    return {};
}

void MainWindow::addFrontPoints(int configuration, const RunResult& run, const QString& label)
{
    for (const auto& p : frontPointsOf(run))
        pareto_->addPoint(configuration, p,
                          tr("%1 at r = (%2), seed %3").arg(label, weightsText(p.weights)).arg(p.seed));
    pareto_->setModels(configuration, pareto_->models(configuration) + 1);
}

int MainWindow::addFrontConfiguration(const RunEntry& run)
{
    std::vector<std::string> tasks;
    for (const auto& t : run.result.spec.tasks())
        tasks.push_back(t.name);
    // The metrics from the spec, whatever the file held.
    const int c = pareto_->addConfiguration(tr("%1 (one model)").arg(run.label), tasks, run.result.spec.sweepMetrics());
    pareto_->addSource(c, frontSource(run));
    return c;
}

// Once per run folder: opened or selected again, or its run resumed into the same folder, its own
// configuration's points are drawn anew; a front among the window's sweep's points stays there.
// Then not again as a ticked run.
void MainWindow::drawFront(const RunEntry& run)
{
    const int drawn = pareto_->configurationFrom(frontSource(run));
    if (drawn < 0) {
        addFrontPoints(addFrontConfiguration(run), run.result, run.label);
    } else if (pareto_->ownConfiguration(drawn, frontSource(run))) {
        pareto_->clearPoints(drawn);
        addFrontPoints(drawn, run.result, run.label);
    }
    showTickedOnPareto();
}

bool MainWindow::frontDrawn(const RunEntry& run) const
{
    return pareto_->configurationFrom(frontSource(run)) >= 0;
}

void MainWindow::openFront(const RunEntry& run)
{
    const auto& r = run.result;
    const auto tasks = r.spec.tasks();
    drawFront(run);
    front_->open(run.folder, r);
    std::vector<double> uniform(tasks.size(), 1.0 / static_cast<double>(std::max<std::size_t>(tasks.size(), 1)));
    front_->setPreference(uniform);
    if (auto* d = dockOfView("pareto"); d && !arranger_->focused()) {
        d->raise();
        resizeDocks({d}, {height() / 2}, Qt::Vertical); // room for the front and the slider
    }
}

void MainWindow::showPreference(const PreferenceView& view)
{
    const auto* e = runs_->find(runs_->selectedId());
    const QString label = (e ? e->label + " " : QString()) + front_->describe(view).section(" · ", 0, 0);
    gates_->setGates(view.gates, tr("The model at %1").arg(front_->describe(view).section(" · ", 0, 0)));
    activations_->setCurrent(view.activation, label);
    pareto_->setMarker(front_->objectives(view), front_->describe(view).section(" · ", 0, 0));
    pareto_->replotNow(); // now: a screenshot may follow at once
}

} // namespace mtlx::ui
