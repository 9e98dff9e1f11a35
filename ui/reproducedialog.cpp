#include "ui/reproducedialog.h"

#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSplitter>
#include <QTextBrowser>
#include <QThread>
#include <QVBoxLayout>

#include "core/spec/text.h"
#include "ui/accessibility.h"
#include "ui/figurerenderer.h"
#include "ui/jobs.h"
#include "ui/runhistory.h"

namespace mtlx::ui {
namespace {

// Runs f on the UI thread and waits for it (the worker's figure renderer: widgets live there).
template <typename F> void onUiThread(QObject* context, F f)
{
    if (QThread::currentThread() == context->thread())
        f();
    else
        QMetaObject::invokeMethod(context, f, Qt::BlockingQueuedConnection);
}

} // namespace

ReproduceDialog::ReproduceDialog(QWidget* parent)
    : QDialog(parent), name_(new QComboBox(this)), scale_(new QComboBox(this)), folder_(new QLineEdit(this)),
      about_(new QLabel(this)), startButton_(new QPushButton(tr("Start"), this)),
      stopButton_(new QPushButton(tr("Stop"), this)), progress_(new QProgressBar(this)), status_(new QLabel(this)),
      figures_(new QComboBox(this)), openInPareto_(new QPushButton(tr("Open in the Pareto view"), this)),
      figure_(new QLabel(this)), report_(new QTextBrowser(this)), background_(new JobTracker(this))
{
    setWindowTitle(tr("Reproduce a published result"));
    name_->setObjectName("reproduction");
    scale_->setObjectName("reproduceScale");
    folder_->setObjectName("reproduceFolder");
    report_->setObjectName("reproduceReport");
    figure_->setObjectName("reproduceFigure");
    for (const auto& r : reproductions())
        name_->addItem(QString::fromStdString(r.name + " — " + r.title), QString::fromStdString(r.name));
    scale_->addItem(tr("quick (minutes)"), "quick");
    scale_->addItem(tr("paper (the paper's protocol: hours to days)"), "paper");
    folder_->setText(dataFolder("reproductions"));
    folder_->setToolTip(tr("Sweeps and results go here; the same folder resumes (also from mtlx-cli reproduce)."));
    auto* browse = new QPushButton(tr("Choose…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Reproduction folder"), folder_->text());
        if (!dir.isEmpty()) folder_->setText(dir);
    });
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(folder_, 1);
    folderRow->addWidget(browse);
    auto* form = new QFormLayout;
    form->addRow(tr("Result"), name_);
    form->addRow(tr("Scale"), scale_);
    form->addRow(tr("Folder"), folderRow);
    about_->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(progress_, 1);
    buttons->addWidget(startButton_);
    buttons->addWidget(stopButton_);
    stopButton_->setEnabled(false);
    figure_->setAlignment(Qt::AlignCenter);
    figure_->setMinimumSize(480, 320);
    figure_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
    figure_->installEventFilter(this);
    auto* left = figurePanel();
    auto* split = new QSplitter(this);
    split->addWidget(left);
    split->addWidget(report_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(about_);
    layout->addLayout(buttons);
    layout->addWidget(status_);
    layout->addWidget(split, 1);
    connect(name_, &QComboBox::currentIndexChanged, this, [this] { describe(); });
    connect(scale_, &QComboBox::currentIndexChanged, this, [this] { describe(); });
    connect(startButton_, &QPushButton::clicked, this, [this] { start(); });
    connect(stopButton_, &QPushButton::clicked, this, [this] {
        control_->stop.store(true);
        status_->setText(tr("stopping after the current batch…"));
        progress_->setFormat(tr("stopping…"));
    });
    connect(figures_, &QComboBox::currentIndexChanged, this, [this] { showFigure(); });
    connect(folder_, &QLineEdit::editingFinished, this, [this] {
        if (!running_) showExisting();
    });
    // As large as the design wants, never larger than the screen (a 1280×720 projector).
    QSize size(1200, 760);
    if (const auto* screen = QApplication::primaryScreen())
        size = size.boundedTo(screen->availableGeometry().size() - QSize(40, 60));
    resize(size);
    describe();
    nameControls(this);
}

ReproduceDialog::~ReproduceDialog()
{
    stopAndWait();
}

void ReproduceDialog::select(const QString& name)
{
    const int i = name_->findData(name);
    if (i >= 0) name_->setCurrentIndex(i);
}

void ReproduceDialog::setFolder(const QString& folder)
{
    folder_->setText(folder);
    if (!running_) showExisting();
}

void ReproduceDialog::setScale(Scale scale)
{
    scale_->setCurrentIndex(scale == Scale::Quick ? 0 : 1);
}

QString ReproduceDialog::reportText() const
{
    return report_->toMarkdown();
}

void ReproduceDialog::describe()
{
    const auto& r = findReproduction(name_->currentData().toString().toStdString());
    const bool quick = scale_->currentIndex() == 0;
    const std::size_t runs = plannedRuns(r, quick ? Scale::Quick : Scale::Paper);
    about_->setText(tr("<b>%1</b><br>The paper: %2<br>%3 scale: %4 (%5 runs)")
                        .arg(QString::fromStdString(r.source).toHtmlEscaped(),
                             QString::fromStdString(r.claim).toHtmlEscaped(), quick ? tr("Quick") : tr("Paper"),
                             QString::fromStdString(quick ? r.quick : r.paper).toHtmlEscaped())
                        .arg(runs));
    if (!running_) showExisting();
}

void ReproduceDialog::showExisting()
{
    // A report already in the folder (an earlier run, here or by mtlx-cli) shows at once.
    const QString stem = name_->currentData().toString() + "-" + scale_->currentData().toString();
    const QDir dir(folder_->text());
    std::vector<std::string> files;
    if (dir.exists(stem + ".md")) {
        files.push_back(dir.filePath(stem + ".md").toStdString());
        for (const auto& png : dir.entryList({stem + "-*.png"}, QDir::Files, QDir::Name))
            files.push_back(dir.filePath(png).toStdString());
    }
    Report existing; // its figures as data (the analysis of the runs there), for "Open in the Pareto view"
    if (!files.empty()) {
        try {
            const auto& r = findReproduction(name_->currentData().toString().toStdString());
            const Scale scale = scale_->currentIndex() == 0 ? Scale::Quick : Scale::Paper;
            const auto experiments = experimentsOf(r, scale, {});
            std::vector<ExperimentRuns> runs;
            for (const auto& e : experiments)
                runs.push_back(readExperimentRuns(
                    e, dir.filePath(QString::fromStdString(toString(scale) + "/" + e.id)).toStdString()));
            existing = r.analyse(runs, scale, false);
        } catch (const std::exception&) {
            existing = Report{}; // the report file still shows; only the Pareto view's button stays off
        }
    }
    showReport(existing, files, {});
    if (files.empty())
        report_->setMarkdown(tr("No report in this folder yet: Start runs it."));
    else
        status_->setText(tr("the report in %1 (Start goes on from there)").arg(dir.path()));
}

void ReproduceDialog::start()
{
    if (running_) return;
    stopAndWait();
    const auto& r = findReproduction(name_->currentData().toString().toStdString());
    ReproduceOptions options;
    options.outDir = folder_->text().toStdString();
    options.scale = scale_->currentIndex() == 0 ? Scale::Quick : Scale::Paper;
    control_ = std::make_shared<RunControl>();
    running_ = true;
    startButton_->setEnabled(false);
    stopButton_->setEnabled(true);
    name_->setEnabled(false);
    scale_->setEnabled(false);
    status_->setText(tr("starting…"));
    progress_->setRange(0, 1000);
    progress_->setValue(0);
    ReproduceCallbacks callbacks;
    callbacks.render = [this](const Figure& f, const std::string& base) {
        std::string error;
        onUiThread(this, [&] { error = renderFigure(f, base); });
        return error;
    };
    callbacks.onExperiment = [this](const Experiment& e, std::size_t i, std::size_t n) {
        const QString text = tr("experiment %1 of %2: %3").arg(i + 1).arg(n).arg(QString::fromStdString(e.label));
        QMetaObject::invokeMethod(this, [this, text] { status_->setText(text); });
    };
    callbacks.sweep.onProgress = [this](const SweepStatus& s) {
        const int value = static_cast<int>(1000 * s.fraction);
        const QString text =
            QString::fromStdString(s.stage == Stage::Loading ? stageText(s.stage, s.file) : "training") +
            tr(", %1 of %2 runs of this experiment").arg(s.skipped + s.finished).arg(s.planned);
        QMetaObject::invokeMethod(this, [this, value, text] {
            progress_->setValue(value);
            progress_->setFormat(text);
        });
    };
    callbacks.onReport = [this](const Report& report, const std::vector<std::string>& files) {
        onUiThread(this, [&] { showReport(report, files, tr("figures updated")); });
    };
    auto control = control_;
    auto outcome = std::make_shared<std::pair<bool, QString>>(); // complete, message
    background_->start(
        this,
        [&r, options, callbacks, control, outcome](const std::atomic<bool>&) {
            try {
                const auto o = runReproduction(r, options, *control, callbacks);
                outcome->first = o.complete;
                outcome->second = o.stopped ? tr("stopped: Start goes on where it left off")
                                            : tr("%1 runs trained in %2; %3 were there already")
                                                  .arg(o.trained)
                                                  .arg(QString::fromStdString(formatDuration(o.seconds)))
                                                  .arg(o.skipped);
            } catch (const std::exception& e) {
                outcome->second = QString::fromStdString(e.what());
            }
        },
        [this, outcome] { ended(outcome->first, outcome->second); });
}

void ReproduceDialog::showReport(const Report& report, const std::vector<std::string>& files, const QString& status)
{
    figureFiles_.clear();
    keepFrontiers(report);
    const QString current = figures_->currentText();
    {
        const QSignalBlocker block(figures_);
        figures_->clear();
        for (const auto& f : files)
            if (QString::fromStdString(f).endsWith(".png")) {
                figureFiles_.push_back(f);
                figures_->addItem(QFileInfo(QString::fromStdString(f)).completeBaseName());
            }
        const int keep = figures_->findText(current);
        figures_->setCurrentIndex(keep >= 0 ? keep : 0);
    }
    showFigure();
    if (!files.empty()) {
        QFile md(QString::fromStdString(files.front()));
        if (md.open(QIODevice::ReadOnly)) {
            report_->setSearchPaths({QFileInfo(md).absolutePath()});
            report_->setMarkdown(QString::fromUtf8(md.readAll()));
        }
    }
    if (!report.verdicts.empty()) status_->setText(status + tr(" — %1 verdicts").arg(report.verdicts.size()));
}

// The figures: the choice of figure with "Open in the Pareto view" above the picture.
QWidget* ReproduceDialog::figurePanel()
{
    auto* panel = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(panel);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    openInPareto_->setObjectName("openInPareto");
    openInPareto_->setToolTip(tr("The figure's sweep folders in the window's Pareto view, where points can be "
                                 "clicked and the yardstick changed"));
    openInPareto_->setEnabled(false);
    connect(openInPareto_, &QPushButton::clicked, this, [this] {
        const auto* f = shownFrontier();
        if (!f) return;
        QStringList folders, labels;
        for (const auto& c : f->configurations) {
            folders << QString::fromStdString(c.folder);
            labels << QString::fromStdString(c.label);
        }
        Q_EMIT frontiersRequested(folders, labels, f->yardstick);
    });
    auto* figureRow = new QHBoxLayout;
    figureRow->addWidget(figures_, 1);
    figureRow->addWidget(openInPareto_);
    leftLayout->addLayout(figureRow);
    leftLayout->addWidget(figure_, 1);
    return panel;
}

void ReproduceDialog::keepFrontiers(const Report& report)
{
    frontiers_.clear();
    for (const auto& f : report.figures)
        if (const auto* frontier = std::get_if<FrontierFigure>(&f.content)) frontiers_.emplace_back(f.file, *frontier);
}

const FrontierFigure* ReproduceDialog::shownFrontier() const
{
    const auto shown = figures_->currentText().toStdString();
    for (const auto& [file, frontier] : frontiers_)
        if (shown.size() >= file.size() && shown.compare(shown.size() - file.size(), file.size(), file) == 0)
            return &frontier;
    return nullptr;
}

void ReproduceDialog::showFigure()
{
    openInPareto_->setEnabled(shownFrontier() != nullptr);
    const int i = figures_->currentIndex();
    if (i < 0 || i >= static_cast<int>(figureFiles_.size())) {
        figure_->setText(tr("The figures appear here as the experiments finish."));
        figurePath_.clear();
        return;
    }
    figurePath_ = QString::fromStdString(figureFiles_[static_cast<std::size_t>(i)]);
    const QPixmap pixmap(figurePath_);
    figure_->setPixmap(pixmap.scaled(figure_->size(), Qt::KeepAspectRatio, Qt::SmoothTransformation));
}

void ReproduceDialog::ended(bool complete, const QString& message)
{
    running_ = false;
    startButton_->setEnabled(true);
    stopButton_->setEnabled(false);
    name_->setEnabled(true);
    scale_->setEnabled(true);
    progress_->setValue(complete ? 1000 : progress_->value());
    progress_->setFormat(complete ? tr("done") : tr("stopped at %p%"));
    status_->setText((complete ? tr("done: ") : QString()) + message);
    Q_EMIT finished(complete);
}

void ReproduceDialog::stopAndWait()
{
    if (!running_) return;
    control_->stop.store(true);
    status_->setText(tr("stopping: the runs in training end their current batch and are kept…"));
    progress_->setFormat(tr("stopping…"));
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const struct Restore {
        ~Restore() { QApplication::restoreOverrideCursor(); }
    } restore;
    // The worker may be waiting for the UI thread to draw a figure: keep serving it.
    while (running_ && background_->active() > 0) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(10);
    }
    background_->waitAll(); // the job ended; its `done` may still be queued
    running_ = false;
}

bool ReproduceDialog::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == figure_ && event->type() == QEvent::Resize) showFigure(); // the picture follows its space
    return QDialog::eventFilter(watched, event);
}

void ReproduceDialog::closeEvent(QCloseEvent* event)
{
    stopAndWait();
    event->accept();
}

} // namespace mtlx::ui
