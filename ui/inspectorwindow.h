#pragma once
// The expert inspector (docs/desktop.md "The expert inspector"): a saved run's model
// (model.pt) on a split of its data. Three panels: each gate's weight per expert over the
// examples as box plots (5/25/50/75/95 %), with each expert's use, the gate's entropy and the
// experts no gate uses; a knock-out matrix experts × tasks (each task's change in its metric when
// one expert's output is zeroed); and the routing of chosen examples (by label or at random),
// their gate weights beside the mean. The model loads and every number is computed off the UI
// thread, one job at a time; closing the window waits for the job in flight. UI thread only.
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include <QDialog>
#include <QString>

#include "core/engine/inspect.h"

class QComboBox;
class QCustomPlot;
class QLabel;
class QPushButton;
class QSpinBox;

namespace mtlx::ui {

class JobTracker;
class MatrixPlot;

class InspectorWindow : public QDialog {
    Q_OBJECT
public:
    // `runFolder` holds result.json and model.pt; `title` names the run.
    InspectorWindow(const QString& runFolder, const QString& title, QWidget* parent = nullptr);
    ~InspectorWindow() override;

    const std::optional<Inspection>& inspection() const { return inspection_; }
    const std::vector<RoutedExample>& routed() const { return routed_; }
    bool busy() const; // a job (loading, an inspection, a routing) is under way
    QString error() const { return error_; }
    void setSplit(const QString& split); // test | validation | train: inspected again
    void showGate(int index);            // of inspection()->gates
    // The routing of `count` examples whose label of task `task` is `label` (task −1: at random).
    void pick(int task, double label, int count);

Q_SIGNALS:
    void updated(); // an inspection or a routing arrived, or a job failed

private:
    struct Session {
        std::mutex mutex;
        std::string folder;
        std::unique_ptr<RunInspector> inspector; // made by the first job
    };
    void layOut(); // the panels: gates beside knock-outs, routing below
    void run(std::function<void(RunInspector&)> job, std::function<void()> done);
    void inspect();
    void drawGate();
    void drawKnockOuts();
    void drawRouting();
    void fillChoices();
    QComboBox* split_;
    QComboBox* gate_;
    QComboBox* choice_;
    QSpinBox* count_;
    QPushButton* pick_;
    QLabel* status_;
    QLabel* gateNote_;
    QCustomPlot* boxes_;
    MatrixPlot* knockouts_;
    MatrixPlot* routing_;
    std::shared_ptr<Session> session_ = std::make_shared<Session>();
    JobTracker* background_;
    std::optional<Inspection> inspection_;
    std::vector<RoutedExample> routed_;
    std::vector<std::pair<std::string, std::vector<double>>> labels_; // per task, RunInspector::taskLabels
    QString error_;
};

} // namespace mtlx::ui
