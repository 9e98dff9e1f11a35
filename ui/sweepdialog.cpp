#include "ui/sweepdialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>

#include "core/engine/bench.h"
#include "core/engine/sweep.h"
#include "core/spec/specerror.h"
#include "core/spec/text.h"
#include "ui/accessibility.h"
#include "ui/jobs.h"

namespace mtlx::ui {
namespace {

// Training rows per epoch where the spec says them (synthetic data, or a limit); 0 if unknown.
std::int64_t trainRows(const ExperimentSpec& s)
{
    if (s.dataset.limitTrain > 0) return s.dataset.limitTrain;
    return readsDataFiles(s.dataset.kind) ? 0 : s.dataset.train;
}

} // namespace

SweepDialog::SweepDialog(const ExperimentSpec& spec, const QString& folder, int jobs, QWidget* parent)
    : QDialog(parent), spec_(spec), points_(new QSpinBox(this)), seeds_(new QSpinBox(this)), jobs_(new QSpinBox(this)),
      folder_(new QLineEdit(folder, this)), summary_(new QLabel(this)), background_(new JobTracker(this))
{
    setObjectName("sweepDialog");
    setWindowTitle(tr("Sweep task weights"));
    points_->setObjectName("sweepPoints");
    points_->setRange(1, 1000);
    points_->setValue(spec.sweep.points);
    points_->setToolTip(tr("Grid points per simplex edge: two tasks give this many weightings"));
    seeds_->setObjectName("sweepSeeds");
    seeds_->setRange(1, 1000);
    seeds_->setValue(spec.sweep.seeds);
    seeds_->setToolTip(tr("Runs per weighting with seeds seed, seed + 1, …: the frontier is averaged over them"));
    jobs_->setObjectName("sweepDialogJobs");
    jobs_->setRange(0, std::max(1, QThread::idealThreadCount()));
    jobs_->setSpecialValueText(tr("auto"));
    jobs_->setValue(jobs);
    summary_->setObjectName("sweepSummary");
    summary_->setWordWrap(true);
    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(folder_, 1);
    folderRow->addWidget(browse);
    auto* form = new QFormLayout;
    form->addRow(tr("Weight points"), points_);
    form->addRow(tr("Seeds per point"), seeds_);
    form->addRow(tr("Parallel jobs"), jobs_);
    form->addRow(tr("Folder"), folderRow);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    startButton_ = buttons->button(QDialogButtonBox::Ok);
    startButton_->setText(tr("Start sweep"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(summary_);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, [this] {
        const auto dir = QFileDialog::getExistingDirectory(this, tr("Folder for the sweep"), folder_->text());
        if (!dir.isEmpty()) folder_->setText(dir);
    });
    for (auto* box : {points_, seeds_})
        connect(box, &QSpinBox::valueChanged, this, &SweepDialog::update);
    connect(jobs_, &QSpinBox::valueChanged, this, &SweepDialog::measure);
    measure();
    nameControls(this);
}

SweepDialog::~SweepDialog() = default; // the tracker waits for a measurement under way

ExperimentSpec SweepDialog::sweepSpec() const
{
    ExperimentSpec s = spec_;
    s.sweep.points = points_->value();
    s.sweep.seeds = seeds_->value();
    return s;
}

QString SweepDialog::folder() const
{
    return folder_->text();
}

int SweepDialog::jobs() const
{
    return jobs_->value();
}

int SweepDialog::plannedRuns() const
{
    try {
        return static_cast<int>(planSweep(sweepSpec()).size());
    } catch (const InputError&) {
        return -1; // too many runs: update() says why
    }
}

QString SweepDialog::summary() const
{
    return summary_->text();
}

// The benchmark trains the model as the sweep would lay it out (stacks, jobs, threads) on
// random inputs for a few steps; rows × epochs × runs over its rate is the training time.
void SweepDialog::measure()
{
    const ExperimentSpec s = sweepSpec();
    SweepOptions options;
    options.jobs = jobs_->value();
    const auto layout = sweepLayout(s, s.dataset.dim, static_cast<std::size_t>(std::max(plannedRuns(), 1)), options,
                                    std::max(1, QThread::idealThreadCount()));
    BenchOptions bench;
    bench.steps = 12;
    bench.warmup = 2;
    bench.stack = layout.stack;
    bench.jobs = layout.jobs;
    bench.threads = layout.threads;
    background_->start<double>(
        this,
        [s, bench](const std::atomic<bool>&) {
            try {
                return benchmarkTraining(s, bench).examplesPerSecond;
            } catch (const std::exception&) {
                return -1.0; // the editor already says what is wrong with the spec; no estimate then
            }
        },
        [this](double rate) {
            examplesPerSecond_ = rate;
            update();
        });
    update(); // "measuring…" while it runs
}

void SweepDialog::update()
{
    const ExperimentSpec s = sweepSpec();
    const int runs = plannedRuns();
    startButton_->setEnabled(runs > 0);
    if (runs < 0) {
        try {
            (void)planSweep(s);
        } catch (const InputError& e) {
            summary_->setText(QString::fromStdString(e.what()).toHtmlEscaped());
        }
        Q_EMIT estimated(-1);
        return;
    }
    QString text = tr("<b>%1 runs</b> (%2 weightings × %3 seeds), %4 epochs each")
                       .arg(runs)
                       .arg(runs / std::max(1, s.sweep.seeds))
                       .arg(s.sweep.seeds)
                       .arg(s.training.epochs);
    const auto rows = trainRows(s);
    double seconds = -1;
    if (background_->active() > 0) // measuring
        text += tr("<br>measuring this machine's speed for an estimate…");
    else if (examplesPerSecond_ <= 0)
        text += tr("<br>no time estimate: the model could not be measured");
    else if (rows == 0)
        text += tr("<br>%1 examples/s over all runs; the time depends on the data set's size (known once loaded)")
                    .arg(examplesPerSecond_, 0, 'f', 0);
    else {
        seconds = static_cast<double>(runs) * s.training.epochs * static_cast<double>(rows) / examplesPerSecond_;
        text += tr("<br>about <b>%1</b> of training (%2 examples/s over all runs, measured now; evaluation adds "
                   "a little)")
                    .arg(QString::fromStdString(formatDuration(seconds)))
                    .arg(examplesPerSecond_, 0, 'f', 0);
    }
    summary_->setText(text);
    if (background_->active() == 0) Q_EMIT estimated(seconds);
}

} // namespace mtlx::ui
