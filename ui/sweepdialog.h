#pragma once
// Train ▸ Sweep task weights…: before anything trains, the sweep's grid points, seeds per point,
// parallel jobs and folder, with the number of runs it will train and an estimate of the
// training time (measured: a short benchmark of this model as the sweep would stack it, on a
// worker thread, multiplied out). UI thread only.
#include <QDialog>
#include <QString>

#include "core/spec/spec.h"

class QLabel;
class QPushButton;
class QLineEdit;
class QSpinBox;

namespace mtlx::ui {

class JobTracker;

class SweepDialog : public QDialog {
    Q_OBJECT
public:
    SweepDialog(const ExperimentSpec& spec, const QString& folder, int jobs, QWidget* parent = nullptr);
    ~SweepDialog() override;

    // The spec with the chosen sweep.points and sweep.seeds.
    ExperimentSpec sweepSpec() const;
    QString folder() const;
    int jobs() const; // 0 = auto
    int plannedRuns() const;
    // "33 runs" and the estimate, as shown.
    QString summary() const;

Q_SIGNALS:
    void estimated(double seconds); // after each measurement (−1: none possible)

private:
    void update();
    void measure();
    ExperimentSpec spec_;
    QSpinBox* points_;
    QSpinBox* seeds_;
    QSpinBox* jobs_;
    QLineEdit* folder_;
    QLabel* summary_;
    QPushButton* startButton_ = nullptr;
    double examplesPerSecond_ = 0; // of the last measurement, all stacks together
    JobTracker* background_;       // made in the constructor
};

} // namespace mtlx::ui
