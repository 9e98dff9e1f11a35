#include "ui/runsmodel.h"

#include <algorithm>

#include <QDir>
#include <QFileInfo>
#include <QPixmap>

namespace mtlx::ui {
namespace {

QPixmap swatch(const QColor& c)
{
    QPixmap p(12, 12);
    p.fill(c);
    return p;
}

} // namespace

bool RunEntry::hasModel() const
{
    return !folder.isEmpty() && QFileInfo::exists(QDir(folder).filePath("model.pt"));
}

bool RunEntry::canResume() const
{
    return result.status == RunStatus::Stopped && !folder.isEmpty() &&
           QFileInfo::exists(QDir(folder).filePath("checkpoint.pt"));
}

QString configurationSummary(const ExperimentSpec& spec)
{
    QStringList parts{QString::fromStdString(spec.model.arch)};
    if (spec.heads.kind != "none") parts << QString::fromStdString(spec.heads.kind) + QObject::tr(" heads");
    if (spec.training.weighting != "linear") parts << QString::fromStdString(spec.training.weighting);
    return parts.join(" · ");
}

QString specSummary(const ExperimentSpec& spec)
{
    return configurationSummary(spec) + " · " + QObject::tr("seed %1").arg(spec.training.seed);
}

QString headlineMetrics(const RunResult& r)
{
    QStringList parts;
    for (const auto& t : r.tasks) {
        const auto metric = r.spec.sweep.resolvedMetric(t.kind);
        const auto it = t.test.find(metric);
        if (it == t.test.end()) continue;
        parts << QString("%1 %2 %3")
                     .arg(QString::fromStdString(t.name), QString::fromStdString(metric))
                     .arg(it->second, 0, 'g', 4);
    }
    return parts.join(" · ");
}

void RunsModel::add(RunEntry entry, bool ticked)
{
    // The status, with what its folder keeps: asked of the disk once, not at every paint.
    Shown shown;
    shown.ticked = ticked;
    const bool model = entry.hasModel(), resumable = entry.canResume();
    shown.status = QString::fromStdString(toString(entry.result.status)) + (model ? " · model" : "") +
                   (resumable ? tr(" · can resume") : "");
    if (!entry.result.message.empty()) shown.statusTip = QString::fromStdString(entry.result.message);
    if (model) shown.statusTip = tr("the trained model is kept in %1").arg(QDir(entry.folder).filePath("model.pt"));
    if (resumable)
        shown.statusTip =
            tr("stopped after an epoch: Resume goes on from %1").arg(QDir(entry.folder).filePath("checkpoint.pt"));
    beginInsertRows({}, 0, 0);
    runs_.push_back(std::move(entry));
    shown_.push_back(shown);
    endInsertRows();
}

bool RunsModel::remove(int id)
{
    const int row = rowOf(id);
    if (row < 0) return false;
    beginRemoveRows({}, row, row);
    const auto i = static_cast<std::ptrdiff_t>(at(row));
    runs_.erase(runs_.begin() + i);
    shown_.erase(shown_.begin() + i);
    endRemoveRows();
    return true;
}

void RunsModel::clear()
{
    beginResetModel();
    runs_.clear();
    shown_.clear();
    endResetModel();
}

const RunEntry* RunsModel::find(int id) const
{
    const auto it = std::find_if(runs_.begin(), runs_.end(), [id](const RunEntry& e) { return e.id == id; });
    return it == runs_.end() ? nullptr : &*it;
}

RunEntry* RunsModel::find(int id)
{
    return const_cast<RunEntry*>(std::as_const(*this).find(id));
}

int RunsModel::rowOf(int id) const
{
    for (std::size_t i = 0; i < runs_.size(); ++i)
        if (runs_[i].id == id) return static_cast<int>(runs_.size() - 1 - i);
    return -1;
}

int RunsModel::idAt(int row) const
{
    return row >= 0 && row < rowCount() ? runs_[at(row)].id : -1;
}

bool RunsModel::isTicked(int id) const
{
    const int row = rowOf(id);
    return row >= 0 && shown_[at(row)].ticked;
}

void RunsModel::setTicked(int id, bool on)
{
    const int row = rowOf(id);
    if (row >= 0) setData(index(row, NameColumn), on ? Qt::Checked : Qt::Unchecked, Qt::CheckStateRole);
}

std::vector<const RunEntry*> RunsModel::ticked() const
{
    std::vector<const RunEntry*> out;
    for (std::size_t i = 0; i < runs_.size(); ++i)
        if (shown_[i].ticked) out.push_back(&runs_[i]);
    return out;
}

void RunsModel::changed(int id)
{
    const int row = rowOf(id);
    if (row >= 0) Q_EMIT dataChanged(index(row, 0), index(row, Columns - 1));
}

int RunsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(runs_.size());
}

int RunsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : Columns;
}

QVariant RunsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= Columns) return {};
    const auto& e = runs_[at(index.row())];
    const auto& shown = shown_[at(index.row())];
    if (role == Qt::UserRole) return e.id;
    switch (index.column()) {
    case NameColumn:
        if (role == Qt::DisplayRole) return e.label.isEmpty() ? e.name : e.label;
        if (role == Qt::DecorationRole) return swatch(e.colour);
        if (role == Qt::CheckStateRole) return shown.ticked ? Qt::Checked : Qt::Unchecked;
        if (role == Qt::ToolTipRole) return e.path.isEmpty() ? tr("not saved") : e.path;
        return {};
    case SpecColumn:
        return role == Qt::DisplayRole ? QVariant(specSummary(e.result.spec)) : QVariant();
    case MetricsColumn:
        return role == Qt::DisplayRole || role == Qt::ToolTipRole ? QVariant(headlineMetrics(e.result)) : QVariant();
    default:
        if (role == Qt::DisplayRole) return shown.status;
        if (role == Qt::ToolTipRole && !shown.statusTip.isEmpty()) return shown.statusTip;
        return {};
    }
}

bool RunsModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!index.isValid() || index.column() != NameColumn || role != Qt::CheckStateRole) return false;
    auto& shown = shown_[at(index.row())];
    const bool on = value.toInt() == Qt::Checked;
    if (shown.ticked == on) return true;
    shown.ticked = on;
    Q_EMIT dataChanged(index, index, {Qt::CheckStateRole});
    Q_EMIT tickChanged(runs_[at(index.row())].id);
    return true;
}

Qt::ItemFlags RunsModel::flags(const QModelIndex& index) const
{
    if (!index.isValid()) return Qt::NoItemFlags;
    const auto f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    return index.column() == NameColumn ? f | Qt::ItemIsUserCheckable : f;
}

QVariant RunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* const names[] = {QT_TR_NOOP("Run"), QT_TR_NOOP("Spec"), QT_TR_NOOP("Test metrics"),
                                        QT_TR_NOOP("Status")};
    return section >= 0 && section < Columns ? tr(names[section]) : QVariant();
}

} // namespace mtlx::ui
