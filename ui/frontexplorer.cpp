#include "ui/frontexplorer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>

#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QSlider>
#include <QVBoxLayout>

#include "core/spec/pareto.h"
#include "ui/jobs.h"

namespace mtlx::ui {
namespace {

constexpr int kSteps = 1000; // a slider's positions

std::vector<double> normalised(std::vector<double> r)
{
    double sum = 0;
    for (auto& x : r) {
        x = std::max(0.0, std::isfinite(x) ? x : 0.0);
        sum += x;
    }
    if (!(sum > 0)) return std::vector<double>(r.size(), r.empty() ? 0.0 : 1.0 / static_cast<double>(r.size()));
    for (auto& x : r)
        x /= sum;
    return r;
}

QString rayText(const std::vector<double>& r)
{
    QStringList parts;
    for (double x : r)
        parts << QString::number(x, 'f', 2);
    return QString("r = (%1)").arg(parts.join(", "));
}

} // namespace

PreferenceSlider::PreferenceSlider(QWidget* parent) : QWidget(parent)
{
    setObjectName("preferenceSlider");
    setLayout(new QHBoxLayout);
    layout()->setContentsMargins(0, 0, 0, 0);
    setToolTip(tr("The preference r the model is evaluated at: drag to move along its front."));
}

void PreferenceSlider::setTasks(const std::vector<std::string>& tasks)
{
    tasks_ = tasks;
    for (auto* s : sliders_)
        delete s;
    sliders_.clear();
    qDeleteAll(findChildren<QLabel*>(QString(), Qt::FindDirectChildrenOnly));
    r_.assign(tasks.size(), tasks.empty() ? 0.0 : 1.0 / static_cast<double>(tasks.size()));
    auto* row = static_cast<QHBoxLayout*>(layout());
    if (tasks.size() == 3) { // the triangle is painted
        setMinimumHeight(110);
        update();
        return;
    }
    setMinimumHeight(0);
    const std::size_t count = tasks.size() == 2 ? 1 : tasks.size();
    for (std::size_t i = 0; i < count; ++i) {
        if (count > 1) row->addWidget(new QLabel(QString::fromStdString(tasks[i]), this));
        auto* s = new QSlider(Qt::Horizontal, this);
        s->setObjectName(QString("preference%1").arg(i));
        s->setRange(0, kSteps);
        s->setValue(count == 1 ? kSteps / 2 : kSteps / static_cast<int>(count));
        row->addWidget(s, 1);
        connect(s, &QSlider::valueChanged, this, [this] {
            std::vector<double> r;
            if (sliders_.size() == 1) {
                const double a = sliders_[0]->value() / static_cast<double>(kSteps);
                r = {a, 1 - a};
            } else {
                for (auto* x : sliders_)
                    r.push_back(x->value());
            }
            r_ = normalised(r);
            Q_EMIT moved(r_);
        });
        sliders_.push_back(s);
    }
    if (count == 1) { // r₁ grows to the right
        row->insertWidget(0, new QLabel("r = (0, 1)", this));
        row->addWidget(new QLabel("(1, 0)", this));
        sliders_[0]->setToolTip(tr("r = (r₁, r₂): r₁ is %1's share of the preference, r₂ %2's. With the cosine "
                                   "penalty (λ > 0) the model is pulled towards a loss vector parallel to r, so a "
                                   "larger share can mean a larger loss for that task: read the marked point.")
                                    .arg(QString::fromStdString(tasks[0]), QString::fromStdString(tasks[1])));
    }
}

void PreferenceSlider::setPreference(const std::vector<double>& r)
{
    if (r.size() != tasks_.size()) return;
    r_ = normalised(r);
    for (auto* s : sliders_)
        s->blockSignals(true);
    if (sliders_.size() == 1) sliders_[0]->setValue(static_cast<int>(std::lround(r_[0] * kSteps)));
    for (std::size_t i = 0; sliders_.size() > 1 && i < sliders_.size(); ++i)
        sliders_[i]->setValue(static_cast<int>(std::lround(r_[i] * kSteps)));
    for (auto* s : sliders_)
        s->blockSignals(false);
    update();
}

QSize PreferenceSlider::sizeHint() const
{
    return tasks_.size() == 3 ? QSize(240, 120) : QWidget::sizeHint();
}

QPolygonF PreferenceSlider::triangle() const
{
    const QRectF area = QRectF(rect()).adjusted(60, 18, -60, -18);
    const double side = std::min(area.width(), area.height() * 2 / std::sqrt(3.0));
    const QPointF c = area.center();
    const double h = side * std::sqrt(3.0) / 2;
    return QPolygonF{{QPointF(c.x(), c.y() - h / 2), QPointF(c.x() - side / 2, c.y() + h / 2),
                      QPointF(c.x() + side / 2, c.y() + h / 2)}};
}

void PreferenceSlider::paintEvent(QPaintEvent*)
{
    if (tasks_.size() != 3) return;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const auto t = triangle();
    p.setPen(QPen(palette().color(QPalette::WindowText), 1.2));
    p.setBrush(palette().color(QPalette::Base));
    p.drawPolygon(t);
    const QPointF offsets[] = {{-40, -16}, {-56, 4}, {8, 4}};
    for (int i = 0; i < 3; ++i)
        p.drawText(QRectF(t[i] + offsets[i], QSizeF(90, 16)), Qt::AlignLeft,
                   QString::fromStdString(tasks_[static_cast<std::size_t>(i)]));
    const QPointF at = t[0] * r_[0] + t[1] * r_[1] + t[2] * r_[2];
    p.setBrush(QColor(255, 210, 0));
    p.setPen(QPen(QColor(200, 30, 30), 2));
    p.drawEllipse(at, 6, 6);
}

void PreferenceSlider::pickAt(QPointF q)
{
    const auto t = triangle();
    // Barycentric coordinates of q in the triangle, negative ones cut to 0.
    const QPointF v0 = t[1] - t[0], v1 = t[2] - t[0], v2 = q - t[0];
    const double d = v0.x() * v1.y() - v1.x() * v0.y();
    if (std::abs(d) < 1e-9) return;
    const double b = (v2.x() * v1.y() - v1.x() * v2.y()) / d;
    const double c = (v0.x() * v2.y() - v2.x() * v0.y()) / d;
    r_ = normalised({1 - b - c, b, c});
    update();
    Q_EMIT moved(r_);
}

void PreferenceSlider::mousePressEvent(QMouseEvent* event)
{
    if (tasks_.size() == 3) pickAt(event->position());
}

void PreferenceSlider::mouseMoveEvent(QMouseEvent* event)
{
    if (tasks_.size() == 3 && (event->buttons() & Qt::LeftButton)) pickAt(event->position());
}

struct FrontExplorer::Session {
    explicit Session(QString f) : folder(std::move(f)) {}
    const QString folder;
    std::mutex mutex;
    std::unique_ptr<RunInspector> inspector; // made by the first evaluation
};

FrontExplorer::FrontExplorer(QWidget* parent)
    : QWidget(parent), jobs_(new JobTracker(this)), slider_(new PreferenceSlider(this)), readout_(new QLabel(this))
{
    setObjectName("frontExplorer");
    readout_->setObjectName("preferenceReadout");
    readout_->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    auto* title = new QLabel(tr("<b>One model, every trade-off</b> — the model at preference r:"), this);
    layout->addWidget(title);
    layout->addWidget(slider_);
    layout->addWidget(readout_);
    connect(slider_, &PreferenceSlider::moved, this, &FrontExplorer::request);
    hide();
}

FrontExplorer::~FrontExplorer() = default; // the tracker waits for the evaluation in flight

void FrontExplorer::open(const QString& folder, const RunResult& run)
{
    if (run.front.empty() || folder.isEmpty()) {
        close();
        return;
    }
    if (folder != folder_) {
        folder_ = folder;
        session_ = std::make_shared<Session>(folder);
        current_.reset();
        pending_.reset();
        error_.clear();
    }
    tasks_.clear();
    for (const auto& t : run.spec.tasks())
        tasks_.push_back(t.name);
    metrics_ = run.spec.sweepMetrics(); // from the spec, whatever the file held
    slider_->setTasks(tasks_);
    readout_->setText(tr("%1 — drag to evaluate the model at another preference.").arg(rayText(slider_->preference())));
    show();
}

void FrontExplorer::close()
{
    folder_.clear();
    session_.reset();
    current_.reset();
    pending_.reset();
    hide();
}

void FrontExplorer::setPreference(const std::vector<double>& r)
{
    slider_->setPreference(r);
    request(slider_->preference());
}

bool FrontExplorer::busy() const
{
    return jobs_->active() > 0 || pending_.has_value();
}

void FrontExplorer::request(const std::vector<double>& r)
{
    if (!session_) return;
    pending_ = r;
    readout_->setText(tr("%1 — evaluating…").arg(rayText(r)));
    if (jobs_->active() == 0) startNext();
}

void FrontExplorer::startNext()
{
    if (!pending_ || !session_) return;
    const auto r = *pending_;
    pending_.reset();
    auto session = session_;
    auto view = std::make_shared<PreferenceView>();
    auto error = std::make_shared<QString>();
    auto milliseconds = std::make_shared<double>(0);
    jobs_->start(
        this,
        [session, r, view, error, milliseconds](const std::atomic<bool>&) {
            try {
                const std::lock_guard<std::mutex> lock(session->mutex);
                if (!session->inspector)
                    session->inspector = std::make_unique<RunInspector>(session->folder.toStdString());
                const auto start = std::chrono::steady_clock::now(); // the model and data are loaded: one evaluation
                *view = session->inspector->at(r);
                *milliseconds =
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
            } catch (const std::exception& e) {
                *error = QString::fromStdString(e.what());
            }
        },
        [this, session, view, error, milliseconds] {
            if (session != session_) { // another run was opened meanwhile: its newest request, if any
                startNext();
                return;
            }
            error_ = *error;
            if (!error_.isEmpty()) {
                readout_->setText(error_);
                pending_.reset();
                Q_EMIT failed(error_);
                return;
            }
            current_ = *view;
            lastMilliseconds_ = *milliseconds;
            readout_->setText(tr("%1 (evaluated on %2 test examples in %3 ms)")
                                  .arg(describe(*view))
                                  .arg(view->activation.examples)
                                  .arg(*milliseconds, 0, 'f', 0));
            Q_EMIT evaluated(*view);
            startNext(); // the newest preference asked for meanwhile, if any
        });
}

std::vector<double> FrontExplorer::objectives(const PreferenceView& view) const
{
    std::vector<double> out;
    for (std::size_t t = 0; t < view.tasks.size() && t < metrics_.size(); ++t) {
        const auto it = view.tasks[t].find(metrics_[t]);
        out.push_back(it == view.tasks[t].end() ? NAN : objectiveFromMetric(metrics_[t], it->second));
    }
    return out;
}

QString FrontExplorer::describe(const PreferenceView& view) const
{
    QString text = rayText(view.preference);
    for (std::size_t t = 0; t < view.tasks.size() && t < metrics_.size(); ++t) {
        const auto it = view.tasks[t].find(metrics_[t]);
        if (it != view.tasks[t].end())
            text += QString(" · %1 %2 %3")
                        .arg(QString::fromStdString(tasks_[t]), QString::fromStdString(metrics_[t]))
                        .arg(it->second, 0, 'f', 4);
    }
    return text;
}

} // namespace mtlx::ui
