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
#include <QTreeView>
#include <QVBoxLayout>

#include "core/engine/sweep.h"
#include "core/spec/jsonreader.h"
#include "ui/plotexport.h"
#include "ui/plotstyle.h"

namespace mtlx::ui {
namespace {

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

RunResult resultOf(const nlohmann::json& j, const std::string& where)
{
    try {
        return resultFromJson(j);
    } catch (const std::exception& e) {
        throw std::runtime_error(where + ": not a result.json (" + std::string(e.what()) + ")");
    }
}

} // namespace

RunsPanel::RunsPanel(QWidget* parent)
    : QWidget(parent), model_(new RunsModel(this)), tree_(new QTreeView(this)),
      renameButton_(new QPushButton(tr("Rename…"), this)), deleteButton_(new QPushButton(tr("Delete"), this)),
      exportButton_(new QPushButton(tr("Export…"), this)), resumeButton_(new QPushButton(tr("Resume"), this)),
      inspectButton_(new QPushButton(tr("Inspect…"), this))
{
    setObjectName("runsPanel");
    tree_->setObjectName("runsTree");
    tree_->setModel(model_);
    tree_->setRootIsDecorated(false);
    tree_->setUniformRowHeights(true);
    tree_->header()->setStretchLastSection(false);
    tree_->header()->setSectionResizeMode(QHeaderView::Interactive);
    tree_->setColumnWidth(RunsModel::NameColumn, 170);
    // The label as wide as it needs, the metrics take what a wide panel has left.
    tree_->header()->setSectionResizeMode(RunsModel::NameColumn, QHeaderView::ResizeToContents);
    tree_->header()->setSectionResizeMode(RunsModel::MetricsColumn, QHeaderView::Stretch);
    tree_->setColumnWidth(RunsModel::SpecColumn, 150);
    tree_->setColumnWidth(RunsModel::MetricsColumn, 200);
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

    connect(model_, &RunsModel::tickChanged, this, [this] { changedTicks(); });
    connect(tree_->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& current) {
        updateButtons();
        Q_EMIT selectionChanged(model_->idAt(current.row()));
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
    const int id = e.id;
    const std::string group = e.result.spec.name;
    model_->add(std::move(e), ticked);
    relabel(group);
    if (ticked) changedTicks();
    return id;
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
    for (const auto& run : model_->runs())
        if (run.result.spec.name == name) {
            auto& e = *model_->find(run.id);
            group.push_back(&e);
            fields.push_back(&e.fields);
        }
    const auto differences = differenceLabels(fields);
    for (std::size_t i = 0; i < group.size(); ++i) {
        auto& e = *group[i];
        e.label =
            e.renamed || differences[i].empty() ? e.name : e.name + " · " + QString::fromStdString(differences[i]);
        model_->changed(e.id);
    }
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
        for (const auto& e : model_->runs())
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
    return model_->find(id);
}

std::vector<const RunEntry*> RunsPanel::ticked() const
{
    return model_->ticked(); // the oldest first, so colours and legends keep a stable order
}

int RunsPanel::selectedId() const
{
    return model_->idAt(tree_->currentIndex().row());
}

void RunsPanel::select(int id)
{
    const int row = model_->rowOf(id);
    if (row >= 0) tree_->setCurrentIndex(model_->index(row, RunsModel::NameColumn));
}

void RunsPanel::setTicked(int id, bool on)
{
    model_->setTicked(id, on);
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
    for (const auto& e : model_->runs())
        setTicked(e.id, false);
}

bool RunsPanel::rename(int id, const QString& name)
{
    auto* e = model_->find(id);
    if (!e || name.trimmed().isEmpty()) return false;
    if (e->name != name.trimmed()) e->name = name.trimmed(), e->renamed = true;
    relabel(e->result.spec.name);
    changedTicks(); // legends show the name
    return true;
}

bool RunsPanel::remove(int id, bool trashFiles)
{
    const auto* e = model_->find(id);
    if (!e) return false;
    if (trashFiles && e->path.endsWith("result.json"))
        QFile::moveToTrash(QFileInfo(e->path).path()); // the autosaved run's folder; a failed move keeps the files
    const bool wasTicked = model_->isTicked(id);
    const std::string group = e->result.spec.name;
    Q_EMIT removing(*e);
    model_->remove(id);
    relabel(group);
    if (wasTicked) changedTicks();
    return true;
}

void RunsPanel::clear()
{
    model_->clear();
    changedTicks();
}

bool RunsPanel::isTicked(int id) const
{
    return model_->isTicked(id);
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
