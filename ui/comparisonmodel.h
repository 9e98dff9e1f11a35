#pragma once
// The data of the comparison table (docs/desktop.md, "Compare architectures") as an item model:
// one row per model (its runs over seeds), one column per task's headline test metric — mean ±
// sd, Welch's p against the first model with the difference and its 95 % interval as the
// tooltip, a warning where the seeds disagree widely, the best mean of a column in bold — then
// the number of seeds and the parameter count. ComparisonView shows it in a QTableView. UI thread.
#include <vector>

#include <QAbstractTableModel>
#include <QColor>
#include <QStringList>

namespace mtlx::ui {

// One model of a comparison: its label and colour, each metric's value per seed, its size.
struct ComparedModel {
    QString label;
    QColor colour;
    std::vector<std::vector<double>> values; // per metric column, one value per seed
    std::int64_t seeds = 0, parameters = 0;
};

class ComparisonModel : public QAbstractTableModel {
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;

    // `metrics` names each metric column ("y1 mse"); `higherIsBetter` per column; models in order,
    // the first the reference of the p values.
    void setModels(const QStringList& metrics, const std::vector<bool>& higherIsBetter,
                   std::vector<ComparedModel> models);
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // The row holding the best mean of metric column `column`, −1 when none.
    int bestRow(int column) const;

private:
    struct Cell {
        QString text, toolTip;
        bool warning = false;
    };
    QStringList columns_;
    std::vector<ComparedModel> models_;
    std::vector<std::vector<Cell>> cells_; // [row][metric column]
    std::vector<int> best_;                // per metric column
};

} // namespace mtlx::ui
