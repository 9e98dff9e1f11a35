#include "ui/comparisonmodel.h"

#include <cmath>

#include <QFont>

#include "core/reproduce/statistics.h"
#include "core/spec/text.h"
#include "ui/comparisonview.h"

namespace mtlx::ui {
namespace {

// Mean ± sd over a model's seeds and, against the reference model's seeds, Welch's p.
QString cellToolTip(bool warning, const std::vector<double>* reference, const std::vector<double>& values,
                    const QString& referenceLabel, QString* pText)
{
    QString tip = warning ? QObject::tr("The seeds disagree widely (sd over half the mean): one may be stuck at a "
                                        "bad optimum. Select each run in the Runs panel to see which.")
                          : QString();
    if (!reference) return tip;
    const auto w = welch(*reference, values);
    if (!std::isfinite(w.p)) return tip;
    *pText = " · p " + QString::fromStdString(formatPValue(w.p));
    return (tip.isEmpty() ? QString() : tip + "\n") +
           QObject::tr("against %1: difference %2, 95 % interval [%3, %4], Welch's p %5")
               .arg(referenceLabel)
               .arg(w.difference, 0, 'g', 4)
               .arg(w.low, 0, 'g', 4)
               .arg(w.high, 0, 'g', 4)
               .arg(w.p, 0, 'g', 3);
}

} // namespace

void ComparisonModel::setModels(const QStringList& metrics, const std::vector<bool>& higherIsBetter,
                                std::vector<ComparedModel> models)
{
    beginResetModel();
    columns_ = metrics;
    columns_ << tr("seeds") << tr("parameters");
    models_ = std::move(models);
    cells_.assign(models_.size(), {});
    best_.assign(static_cast<std::size_t>(metrics.size()), -1);
    for (std::size_t g = 0; g < models_.size(); ++g) {
        for (int t = 0; t < metrics.size(); ++t) {
            const auto column = static_cast<std::size_t>(t);
            const auto& values = models_[g].values.at(column);
            const auto e = estimate(values);
            Cell cell;
            cell.warning = ComparisonView::seedsDisagree(e.mean, e.sd, e.n);
            QString p;
            cell.toolTip = cellToolTip(cell.warning, g == 0 ? nullptr : &models_[0].values.at(column), values,
                                       models_[0].label, &p);
            cell.text = QString::fromStdString(formatEstimate(e, 4)) + (cell.warning ? " ⚠" : "") + p;
            cells_[g].push_back(cell);
            if (e.n == 0 || !std::isfinite(e.mean)) continue;
            auto& best = best_[column];
            const double current = best < 0 ? 0 : estimate(models_[static_cast<std::size_t>(best)].values[column]).mean;
            if (best < 0 || (higherIsBetter.at(column) ? e.mean > current : e.mean < current))
                best = static_cast<int>(g);
        }
    }
    endResetModel();
}

void ComparisonModel::clear()
{
    beginResetModel();
    columns_.clear();
    models_.clear();
    cells_.clear();
    best_.clear();
    endResetModel();
}

int ComparisonModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(models_.size());
}

int ComparisonModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(columns_.size());
}

int ComparisonModel::bestRow(int column) const
{
    return column >= 0 && column < static_cast<int>(best_.size()) ? best_[static_cast<std::size_t>(column)] : -1;
}

QVariant ComparisonModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount()) return {};
    const auto row = static_cast<std::size_t>(index.row());
    const int metrics = static_cast<int>(best_.size());
    if (index.column() >= metrics) { // seeds, parameters
        if (role != Qt::DisplayRole) return {};
        return QString::number(index.column() == metrics ? models_[row].seeds : models_[row].parameters);
    }
    const auto& cell = cells_[row][static_cast<std::size_t>(index.column())];
    switch (role) {
    case Qt::DisplayRole:
        return cell.text;
    case Qt::ToolTipRole:
        return cell.toolTip.isEmpty() ? QVariant() : QVariant(cell.toolTip);
    case Qt::BackgroundRole:
        return cell.warning ? QVariant(QColor(255, 224, 178)) : QVariant();
    case Qt::ForegroundRole:
        return cell.warning ? QVariant(QColor(60, 40, 0)) : QVariant();
    case Qt::FontRole: {
        if (bestRow(index.column()) != index.row()) return {};
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    default:
        return {};
    }
}

QVariant ComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal) {
        if (role != Qt::DisplayRole || section < 0 || section >= columns_.size()) return {};
        return columns_[section];
    }
    if (section < 0 || section >= rowCount()) return {};
    const auto& m = models_[static_cast<std::size_t>(section)];
    if (role == Qt::DisplayRole) return m.label;
    if (role == Qt::ForegroundRole) return m.colour;
    return {};
}

} // namespace mtlx::ui
