#include "ui/runspanel.h"

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <utility>

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "core/engine/sweep.h"
#include "core/spec/jsonreader.h"
#include "ui/plotexport.h"
#include "ui/plotstyle.h"

namespace mtlx::ui {
namespace {

enum Column { NameColumn, SpecColumn, MetricsColumn, StatusColumn };

// "census-6-ple · 24 Nov 10:43" for an autosaved folder "20261124-104345-census-6-ple": the
// run's spec name (the folder's rest without one) and when it was saved; else the folder name.
QString autosavedName(const QString& folder, const RunResult& r)
{
    static const QRegularExpression stamped("^(\\d{8}-\\d{6})-(.+)$");
    const auto m = stamped.match(folder);
    const QDateTime when = m.hasMatch() ? QDateTime::fromString(m.captured(1), "yyyyMMdd-HHmmss") : QDateTime();
    if (!when.isValid()) return folder;
    const QString name = r.spec.name.empty() ? m.captured(2) : QString::fromStdString(r.spec.name);
    return name + " · " + QLocale().toString(when, "d MMM HH:mm");
}

QPixmap swatch(const QColor& c)
{
    QPixmap p(12, 12);
    p.fill(c);
    return p;
}

RunResult resultOf(const nlohmann::json& j, const std::string& where)
{
    try {
        return resultFromJson(j);
    } catch (const std::exception& e) {
        throw std::runtime_error(where + ": not a result.json (" + std::string(e.what()) + ")");
    }
}

} // namespace

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

RunsPanel::RunsPanel(QWidget* parent)
    : QWidget(parent), tree_(new QTreeWidget(this)), renameButton_(new QPushButton(tr("Rename…"), this)),
      deleteButton_(new QPushButton(tr("Delete"), this)), exportButton_(new QPushButton(tr("Export…"), this)),
      resumeButton_(new QPushButton(tr("Resume"), this)), inspectButton_(new QPushButton(tr("Inspect…"), this))
{
    setObjectName("runsPanel");
    tree_->setObjectName("runsTree");
    tree_->setHeaderLabels({tr("Run"), tr("Spec"), tr("Test metrics"), tr("Status")});
    tree_->setRootIsDecorated(false);
    tree_->setUniformRowHeights(true);
    tree_->header()->setStretchLastSection(false);
    tree_->header()->setSectionResizeMode(QHeaderView::Interactive);
    tree_->setColumnWidth(NameColumn, 170);
    // The label as wide as it needs, the metrics take what a wide panel has left.
    tree_->header()->setSectionResizeMode(NameColumn, QHeaderView::ResizeToContents);
    tree_->header()->setSectionResizeMode(MetricsColumn, QHeaderView::Stretch);
    tree_->setColumnWidth(SpecColumn, 150);
    tree_->setColumnWidth(MetricsColumn, 200);
    tree_->setToolTip(tr("Tick runs to overlay them in the loss, gradient-conflict and activation views; select "
                         "one to show its gates and histograms."));
    renameButton_->setObjectName("renameRun");
    deleteButton_->setObjectName("deleteRun");
    exportButton_->setObjectName("exportRun");
    resumeButton_->setObjectName("resumeRun");
    inspectButton_->setObjectName("inspectRun");
    resumeButton_->setToolTip(tr("Go on training a stopped run from its last finished epoch (its checkpoint.pt)"));
    inspectButton_->setToolTip(
        tr("The expert inspector on the run's saved model: gate weights per example, expert use, knock-outs"));
    auto* buttons = new QHBoxLayout;
    auto* openButton = new QPushButton(tr("Open…"), this);
    openButton->setToolTip(tr("Add a result.json, or a sweep folder's runs"));
    buttons->addWidget(openButton);
    buttons->addWidget(renameButton_);
    buttons->addWidget(deleteButton_);
    buttons->addWidget(exportButton_);
    buttons->addWidget(resumeButton_);
    buttons->addWidget(inspectButton_);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(tree_, 1);
    layout->addLayout(buttons);

    connect(tree_, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem*, int column) {
        if (!filling_ && column == NameColumn) changedTicks();
    });
    connect(tree_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        updateButtons();
        Q_EMIT selectionChanged(item ? item->data(NameColumn, Qt::UserRole).toInt() : -1);
    });
    connect(resumeButton_, &QPushButton::clicked, this, [this] {
        if (const auto* e = find(selectedId()); e && e->canResume()) Q_EMIT resumeRequested(e->id);
    });
    connect(inspectButton_, &QPushButton::clicked, this, [this] {
        if (const auto* e = find(selectedId()); e && e->hasModel()) Q_EMIT inspectRequested(e->id);
    });
    connect(openButton, &QPushButton::clicked, this, [this] {
        const auto path = QFileDialog::getOpenFileName(this, tr("A result.json or a sweep's runs.jsonl"),
                                                       dialogFolder(), tr("Results (*.json *.jsonl)"));
        rememberDialogFolder(path);
        if (path.isEmpty()) return;
        try {
            open(path.endsWith(".jsonl") ? QFileInfo(path).path() : path, true);
        } catch (const std::exception& e) {
            QMessageBox::warning(this, tr("Open runs"), QString::fromStdString(e.what()));
        }
    });
    connect(renameButton_, &QPushButton::clicked, this, &RunsPanel::renameSelected);
    connect(deleteButton_, &QPushButton::clicked, this, &RunsPanel::removeSelected);
    connect(exportButton_, &QPushButton::clicked, this, &RunsPanel::exportSelected);
    updateButtons();
}

bool RunEntry::hasModel() const
{
    return !folder.isEmpty() && QFileInfo::exists(QDir(folder).filePath("model.pt"));
}

bool RunEntry::canResume() const
{
    return result.status == RunStatus::Stopped && !folder.isEmpty() &&
           QFileInfo::exists(QDir(folder).filePath("checkpoint.pt"));
}

void RunsPanel::updateButtons()
{
    const auto* e = find(selectedId());
    renameButton_->setEnabled(e != nullptr);
    deleteButton_->setEnabled(e != nullptr);
    exportButton_->setEnabled(e != nullptr);
    resumeButton_->setEnabled(e && e->canResume());
    inspectButton_->setEnabled(e && e->hasModel());
}

int RunsPanel::addRun(RunResult result, const QString& name, const QString& path, bool ticked,
                      std::vector<ProbeSnapshot> epochs, QString folder)
{
    RunEntry e;
    e.id = nextId_++;
    e.name = name;
    e.path = path;
    e.folder = folder.isEmpty() && path.endsWith("result.json") ? QFileInfo(path).path() : folder;
    e.colour = seriesColor(e.id);
    e.result = std::move(result);
    e.result.weights.reset(); // the model is on disk (model.pt): a panel of many runs holds none
    e.fields = specFields(e.result.spec);
    e.epochs = std::move(epochs);
    filling_ = true;
    auto* item = new QTreeWidgetItem;
    item->setData(NameColumn, Qt::UserRole, e.id);
    item->setText(NameColumn, e.name);
    item->setIcon(NameColumn, swatch(e.colour));
    item->setCheckState(NameColumn, ticked ? Qt::Checked : Qt::Unchecked);
    item->setText(SpecColumn, specSummary(e.result.spec));
    item->setText(MetricsColumn, headlineMetrics(e.result));
    // A run whose model was kept (model.pt in its folder) says so, and one that can go on too.
    const bool model = e.hasModel(), resumable = e.canResume();
    item->setText(StatusColumn, QString::fromStdString(toString(e.result.status)) + (model ? " · model" : "") +
                                    (resumable ? tr(" · can resume") : ""));
    if (model)
        item->setToolTip(StatusColumn, tr("the trained model is kept in %1").arg(QDir(e.folder).filePath("model.pt")));
    if (resumable)
        item->setToolTip(
            StatusColumn,
            tr("stopped after an epoch: Resume goes on from %1").arg(QDir(e.folder).filePath("checkpoint.pt")));
    item->setToolTip(NameColumn, path.isEmpty() ? tr("not saved") : path);
    item->setToolTip(MetricsColumn, item->text(MetricsColumn));
    if (!e.result.message.empty()) item->setToolTip(StatusColumn, QString::fromStdString(e.result.message));
    tree_->insertTopLevelItem(0, item);
    filling_ = false;
    runs_.push_back(std::move(e));
    relabel(runs_.back().result.spec.name);
    if (ticked) changedTicks();
    return runs_.back().id;
}

RunsPanel::Batch::~Batch()
{
    if (--panel_.batches_ > 0) return;
    for (const auto& name : std::exchange(panel_.pendingLabels_, {}))
        panel_.relabel(name);
    if (!panel_.pendingTicked_) return;
    panel_.pendingTicked_ = false;
    Q_EMIT panel_.tickedChanged();
}

void RunsPanel::relabel(const std::string& name)
{
    if (batches_ > 0) {
        pendingLabels_.insert(name);
        return;
    }
    std::vector<RunEntry*> group;
    std::vector<const SpecFields*> fields;
    for (auto& e : runs_)
        if (e.result.spec.name == name) {
            group.push_back(&e);
            fields.push_back(&e.fields);
        }
    const auto differences = differenceLabels(fields);
    filling_ = true;
    for (std::size_t i = 0; i < group.size(); ++i) {
        auto& e = *group[i];
        e.label =
            e.renamed || differences[i].empty() ? e.name : e.name + " · " + QString::fromStdString(differences[i]);
        if (auto* item = itemOf(e.id)) item->setText(NameColumn, e.label);
    }
    filling_ = false;
}

void RunsPanel::changedTicks()
{
    if (batches_ > 0)
        pendingTicked_ = true;
    else
        Q_EMIT tickedChanged();
}

int RunsPanel::open(const QString& path, bool ticked)
{
    const Batch batch(*this);
    const QFileInfo info(path);
    if (info.isDir()) {
        // The sweep's runs in its plan order, as the sweep engine reads them back (a line cut by a
        // crash is skipped: the sweep reruns that run).
        const std::string dir = path.toStdString();
        std::vector<std::string> warnings;
        const auto results = readSweepResults(readSweepSpec(dir), dir, warnings);
        const QString lines = QDir(path).filePath("runs.jsonl");
        int n = 0;
        // A sweep already in the panel (its runs were listed as it trained) is not listed twice.
        for (const auto& e : runs_)
            if (QFileInfo(e.path) == QFileInfo(lines)) {
                if (ticked) setTicked(e.id, true);
                ++n;
            }
        if (n > 0) return n;
        for (const auto& j : results) {
            if (j.is_null()) continue; // not trained (yet)
            auto r = resultOf(j, lines.toStdString());
            // Named by the folder; the label adds the task weights and seed that tell its runs apart.
            const QString folder = j.contains("folder") && j["folder"].is_string()
                                       ? QDir(path).filePath(QString::fromStdString(j["folder"].get<std::string>()))
                                       : QString();
            addRun(std::move(r), info.fileName(), lines, ticked, {}, folder);
            ++n;
        }
        return n;
    }
    auto r = resultOf(readJsonFile(path.toStdString()), path.toStdString());
    const QString name = r.spec.name.empty() ? info.dir().dirName() : QString::fromStdString(r.spec.name);
    addRun(std::move(r), name, path, ticked);
    return 1;
}

int RunsPanel::loadAutosaved(const QString& folder, int limit)
{
    QDir dir(folder);
    auto subs = dir.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Time);
    if (static_cast<int>(subs.size()) > limit) subs = subs.mid(0, limit);
    std::reverse(subs.begin(), subs.end()); // oldest first: the newest ends on top
    int n = 0;
    for (const auto& sub : subs) {
        const QString file = QDir(sub.absoluteFilePath()).filePath("result.json");
        if (!QFileInfo::exists(file)) continue;
        try {
            auto r = resultOf(readJsonFile(file.toStdString()), file.toStdString());
            const QString name = autosavedName(sub.fileName(), r);
            addRun(std::move(r), name, file, false);
            ++n;
        } catch (const std::exception&) {
            // A file of another version or cut by a crash: left where it is, not listed.
        }
    }
    return n;
}

const RunEntry* RunsPanel::find(int id) const
{
    for (const auto& e : runs_)
        if (e.id == id) return &e;
    return nullptr;
}

QTreeWidgetItem* RunsPanel::itemOf(int id) const
{
    for (int i = 0; i < tree_->topLevelItemCount(); ++i)
        if (tree_->topLevelItem(i)->data(NameColumn, Qt::UserRole).toInt() == id) return tree_->topLevelItem(i);
    return nullptr;
}

std::vector<const RunEntry*> RunsPanel::ticked() const
{
    std::vector<const RunEntry*> out;
    // In the panel's order, bottom (oldest) first, so colours and legends keep a stable order.
    for (int i = tree_->topLevelItemCount() - 1; i >= 0; --i) {
        const auto* item = tree_->topLevelItem(i);
        if (item->checkState(NameColumn) == Qt::Checked)
            if (const auto* e = find(item->data(NameColumn, Qt::UserRole).toInt())) out.push_back(e);
    }
    return out;
}

int RunsPanel::selectedId() const
{
    const auto* item = tree_->currentItem();
    return item ? item->data(NameColumn, Qt::UserRole).toInt() : -1;
}

void RunsPanel::select(int id)
{
    if (auto* item = itemOf(id)) tree_->setCurrentItem(item);
}

void RunsPanel::setTicked(int id, bool on)
{
    if (auto* item = itemOf(id)) item->setCheckState(NameColumn, on ? Qt::Checked : Qt::Unchecked);
}

void RunsPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() != QEvent::PaletteChange) return;
    tree_->setStyleSheet(darkPaletteOn()
                             ? "QTreeView::indicator { width: 11px; height: 11px; border: 1px solid #b0b0b0; "
                               "background: #1e1e20; }"
                               "QTreeView::indicator:checked { background: #3d8ec9; }"
                             : QString());
}

void RunsPanel::untickAll()
{
    const Batch batch(*this);
    for (const auto& e : runs_)
        setTicked(e.id, false);
}

bool RunsPanel::rename(int id, const QString& name)
{
    auto* item = itemOf(id);
    if (!item || name.trimmed().isEmpty()) return false;
    std::string group;
    for (auto& e : runs_)
        if (e.id == id) {
            if (e.name != name.trimmed()) e.name = name.trimmed(), e.renamed = true;
            group = e.result.spec.name;
        }
    relabel(group);
    changedTicks(); // legends show the name
    return true;
}

bool RunsPanel::remove(int id, bool trashFiles)
{
    auto* item = itemOf(id);
    if (!item) return false;
    const auto it = std::find_if(runs_.begin(), runs_.end(), [id](const RunEntry& e) { return e.id == id; });
    if (trashFiles && it != runs_.end() && it->path.endsWith("result.json")) {
        const QString folder = QFileInfo(it->path).path();
        QFile::moveToTrash(folder); // the autosaved run's folder; a failed move keeps the files
    }
    const bool wasTicked = item->checkState(NameColumn) == Qt::Checked;
    delete item;
    if (it != runs_.end()) {
        const std::string group = it->result.spec.name;
        runs_.erase(it);
        relabel(group);
    }
    if (wasTicked) changedTicks();
    return true;
}

void RunsPanel::clear()
{
    tree_->clear();
    runs_.clear();
    changedTicks();
}

bool RunsPanel::isTicked(int id) const
{
    const auto* item = itemOf(id);
    return item && item->checkState(NameColumn) == Qt::Checked;
}

QString RunsPanel::exportRun(int id, const QString& path) const
{
    const auto* e = find(id);
    if (!e) return tr("no such run");
    try {
        if (path.endsWith(".csv", Qt::CaseInsensitive))
            writeTextFile(path.toStdString(), resultToCsv(e->result));
        else
            writeJsonFile(path.toStdString(), resultToJson(e->result));
        return {};
    } catch (const std::exception& ex) {
        return QString::fromStdString(ex.what());
    }
}

void RunsPanel::renameSelected()
{
    const int id = selectedId();
    const auto* e = find(id);
    if (!e) return;
    bool ok = false;
    const auto name = QInputDialog::getText(this, tr("Rename run"), tr("Name:"), QLineEdit::Normal, e->name, &ok);
    if (ok) rename(id, name);
}

void RunsPanel::removeSelected()
{
    const int id = selectedId();
    const auto* e = find(id);
    if (!e) return;
    bool trash = false;
    if (e->path.endsWith("result.json")) {
        const auto answer =
            QMessageBox::question(this, tr("Delete run"),
                                  tr("Move the run's folder %1 to the trash too?\n(No: only take it out of this list.)")
                                      .arg(QFileInfo(e->path).path()),
                                  QMessageBox::Yes | QMessageBox::No | QMessageBox::Cancel, QMessageBox::No);
        if (answer == QMessageBox::Cancel) return;
        trash = answer == QMessageBox::Yes;
    }
    remove(id, trash);
}

void RunsPanel::exportSelected()
{
    const int id = selectedId();
    const auto* e = find(id);
    if (!e) return;
    const auto path = QFileDialog::getSaveFileName(this, tr("Export run"), inDialogFolder(e->name + ".json"),
                                                   tr("JSON (*.json);;CSV (*.csv)"));
    rememberDialogFolder(path);
    if (path.isEmpty()) return;
    const auto error = exportRun(id, path);
    if (!error.isEmpty()) QMessageBox::warning(this, tr("Export run"), error);
}

} // namespace mtlx::ui
