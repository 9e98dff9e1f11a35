#pragma once
// Presets ▸ Reproduce: the papers' results (docs/reproduction.md) run from the window. Pick a
// reproduction and a scale, Start; the sweeps run on a worker thread (the same engine as
// `mtlx-cli reproduce`, into the same folder layout, so a reproduction started here can be
// finished there and the other way round); the figure fills in after every experiment and the
// report — tables beside the paper's numbers, the verdicts — shows when it is done.
#include <memory>

#include <QDialog>

#include "core/engine/runner.h"
#include "core/reproduce/reproduction.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTextBrowser;

namespace mtlx::ui {

class JobTracker;

class ReproduceDialog : public QDialog {
    Q_OBJECT
public:
    explicit ReproduceDialog(QWidget* parent = nullptr);
    ~ReproduceDialog() override;

    void select(const QString& name); // a reproduction by name (sh-fig1a, …)
    void setFolder(const QString& folder);
    void setScale(Scale scale);
    void start();
    bool running() const { return running_; }
    // What is on screen, for tests: the report's Markdown and the figure shown.
    QString reportText() const;
    QString figurePath() const { return figurePath_; }

Q_SIGNALS:
    void finished(bool complete); // the worker ended (done, stopped or failed)
    // "Open in the Pareto view" on a figure of sweep folders (e.g. mtl-methods' methods against
    // linear scalarisation): its folders, their labels and the yardstick configuration (−1: none).
    void frontiersRequested(const QStringList& folders, const QStringList& labels, int yardstick);

protected:
    void closeEvent(QCloseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void describe();
    void showExisting();
    void showReport(const Report& report, const std::vector<std::string>& files, const QString& status);
    void showFigure();
    void ended(bool complete, const QString& message);
    void stopAndWait();
    // The frontier figures of the report on screen, by file name, for "Open in the Pareto view".
    QWidget* figurePanel();
    void keepFrontiers(const Report& report);
    const FrontierFigure* shownFrontier() const;

    QComboBox* name_;
    QComboBox* scale_;
    QLineEdit* folder_;
    QLabel* about_;
    QPushButton* startButton_;
    QPushButton* stopButton_;
    QProgressBar* progress_;
    QLabel* status_;
    QComboBox* figures_;
    QPushButton* openInPareto_;
    std::vector<std::pair<std::string, FrontierFigure>> frontiers_;
    QLabel* figure_;
    QTextBrowser* report_;
    QString figurePath_;
    std::vector<std::string> figureFiles_;
    std::shared_ptr<RunControl> control_;
    JobTracker* background_;
    bool running_ = false;
};

} // namespace mtlx::ui
