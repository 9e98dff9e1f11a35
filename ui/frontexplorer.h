#pragma once
// One model for the whole front (training.preference, docs/desktop.md "The preference slider"):
// under the Pareto view, a slider (two tasks), a triangle (three) or one slider per task (more)
// picks a preference r; the run's saved model is evaluated at r on the test split in the
// background — a drag asks for the newest r only, never a queue — and `evaluated` reports the
// model there: each task's test metrics, the gate matrices and the activation histograms. The
// window marks that point on the front and shows those gates and histograms. UI thread only.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <QWidget>

#include "core/engine/inspect.h"
#include "core/spec/result.h"

class QLabel;
class QSlider;

namespace mtlx::ui {

class JobTracker;

// The preference control: emits `moved` while it is dragged, with r (Σ = 1).
class PreferenceSlider : public QWidget {
    Q_OBJECT
public:
    explicit PreferenceSlider(QWidget* parent = nullptr);
    void setTasks(const std::vector<std::string>& tasks);
    // Moves the control to r (normalised) without emitting `moved`.
    void setPreference(const std::vector<double>& r);
    const std::vector<double>& preference() const { return r_; }
    QSize sizeHint() const override;

Q_SIGNALS:
    void moved(const std::vector<double>& r);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;

private:
    QPolygonF triangle() const; // three tasks: corners of tasks 1, 2, 3
    void pickAt(QPointF p);     // three tasks: the barycentric coordinates of p, clamped into the triangle
    std::vector<std::string> tasks_;
    std::vector<double> r_;
    std::vector<QSlider*> sliders_; // two tasks: one (r₁ in 0…1000); more than three: one per task
};

class FrontExplorer : public QWidget {
    Q_OBJECT
public:
    explicit FrontExplorer(QWidget* parent = nullptr);
    ~FrontExplorer() override;

    // The run in `folder` (its result.json holds a front, model.pt its model): the slider for its
    // tasks, at the uniform preference, and shown. A run without a front hides the explorer.
    void open(const QString& folder, const RunResult& run);
    void close();
    bool isOpen() const { return !folder_.isEmpty(); }
    const QString& folder() const { return folder_; }
    // Moves the slider to r and evaluates the model there.
    void setPreference(const std::vector<double>& r);
    const std::optional<PreferenceView>& current() const { return current_; }
    bool busy() const; // an evaluation is running
    const QString& error() const { return error_; }
    // How long the last evaluation took (the model already loaded), in ms.
    double lastMilliseconds() const { return lastMilliseconds_; }
    PreferenceSlider* slider() const { return slider_; }
    // The sweep metric's objectives (lower is better) of a view, per task.
    std::vector<double> objectives(const PreferenceView& view) const;
    // "r = (0.30, 0.70) · y1 mse 0.312 · y2 mse 0.456"
    QString describe(const PreferenceView& view) const;

Q_SIGNALS:
    void evaluated(const PreferenceView& view); // after each evaluation, on the UI thread
    void failed(const QString& error);

private:
    void request(const std::vector<double>& r);
    void startNext();
    struct Session;
    std::shared_ptr<Session> session_;
    JobTracker* jobs_;
    PreferenceSlider* slider_;
    QLabel* readout_;
    QString folder_;
    std::vector<std::string> metrics_;
    std::vector<std::string> tasks_;
    std::optional<std::vector<double>> pending_; // asked for while an evaluation ran
    std::optional<PreferenceView> current_;
    QString error_;
    double lastMilliseconds_ = 0;
};

} // namespace mtlx::ui
