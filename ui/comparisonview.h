#pragma once
// Compare architectures (docs/desktop.md, "Compare architectures"): the runs of one comparison
// grouped by model, a table of each task's headline test metric as mean ± sd over seeds (the
// best mean of a column in bold), and each model's gate matrices side by side. The loss and
// conflict curves of the same runs overlay in their views (they are ticked in the Runs panel).
// UI thread only.
#include <vector>

#include <QString>
#include <QWidget>

#include "core/spec/result.h"
#include "ui/runspanel.h"

class QHBoxLayout;
class QLabel;
class QSplitter;
class QTableView;

namespace mtlx::ui {

class ComparisonModel;
class GateHeatmap;

class ComparisonView : public QWidget {
    Q_OBJECT
public:
    explicit ComparisonView(QWidget* parent = nullptr);

    // The comparison's runs (any order); grouped by spec without the seed.
    void setRuns(const std::vector<const RunEntry*>& runs, const QString& title);
    void clear(const QString& message);
    QTableView* table() const { return table_; }
    ComparisonModel* model() const { return model_; } // the table's data
    int models() const;                               // rows of the table
    int gatePanels() const;
    // A model whose seeds disagree widely (sd over half the mean) is flagged in its cell: one seed
    // may be stuck at a bad optimum.
    static bool seedsDisagree(double mean, double sd, int n);

protected:
    // Wide and low: table and gates side by side; otherwise the table above the gates.
    void resizeEvent(QResizeEvent* event) override;

private:
    void fitSplit();
    GateHeatmap* addGatePanel(const QString& label, const std::vector<GateMatrix>& gates);
    static void shareColourScale(const std::vector<GateHeatmap*>& heatmaps);
    QLabel* title_;
    QTableView* table_;
    ComparisonModel* model_;
    QWidget* gates_;
    QHBoxLayout* gatesLayout_;
    QSplitter* split_ = nullptr;
};

} // namespace mtlx::ui
