#include "ui/speceditor.h"
#include "ui/jobs.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QVBoxLayout>

#include "core/engine/datasummary.h"
#include "core/spec/schema.h"
#include "core/spec/specerror.h"

namespace mtlx::ui {
namespace {

using nlohmann::json;

// The tooltip of a field: its help text, the values it takes and its unit.
QString tooltipOf(const SpecField& f)
{
    QString tip = QString::fromStdString(f.help);
    const auto range = rangeText(f);
    if (!range.empty()) tip += "\n" + QObject::tr("Values: %1").arg(QString::fromStdString(range));
    if (!f.unit.empty()) tip += "\n" + QObject::tr("Unit: %1").arg(QString::fromStdString(f.unit));
    return tip + "\n(" + QString::fromStdString(f.path) + ")";
}

// A bound the widgets can hold (within ±limit), moved by `shift` (an open bound: one step inside).
double widgetBound(double bound, double shift, double limit)
{
    if (std::abs(bound) >= limit) return bound < 0 ? -limit : limit;
    return bound + shift;
}

// What identifies the data a summary shows: the spec's dataset section.
std::string datasetKey(const ExperimentSpec& spec)
{
    return experimentToJson(spec).value("dataset", nlohmann::json::object()).dump();
}

} // namespace

SpecEditor::SpecEditor(QWidget* parent) : QWidget(parent), background_(new JobTracker(this))
{
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    body_ = new QWidget(scroll);
    auto* bodyLayout = new QVBoxLayout(body_);
    scroll->setWidget(body_);
    errorLabel_ = new QLabel(this);
    errorLabel_->setObjectName("specError");
    errorLabel_->setWordWrap(true);
    errorLabel_->setStyleSheet("color: #b00020;");
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll, 1);
    layout->addWidget(errorLabel_);
    // One group per section, one row per field path, in the schema's order.
    for (const auto& [section, title] : specSections()) {
        auto* box = new QGroupBox(QObject::tr(title.c_str()), body_);
        auto* form = new QFormLayout(box);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        bodyLayout->addWidget(box);
        for (const auto& f : specSchema()) {
            if (f.section() != section || f.kind == FieldKind::Records) continue;
            auto same = std::find_if(rows_.begin(), rows_.end(), [&](const Row& r) { return r.path == f.path; });
            if (same != rows_.end()) {
                same->fields.push_back(&f);
                continue;
            }
            Row row{f.path, makeWidget(f), form, {&f}};
            form->addRow(QString::fromStdString(f.label), row.widget);
            rows_.push_back(row);
        }
        if (section != "dataset") continue;
        summariseButton_ = new QPushButton(tr("What the data holds"), box);
        summariseButton_->setObjectName("summariseData");
        summariseButton_->setToolTip(tr("Load the data set and show its splits, input width, each task's labels "
                                        "and every column's encoding (as mtlx-cli data prints them)."));
        connect(summariseButton_, &QPushButton::clicked, this, &SpecEditor::summariseData);
        dataSummary_ = new QLabel(box);
        dataSummary_->setObjectName("dataSummary");
        dataSummary_->setWordWrap(true);
        dataSummary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
        dataSummary_->hide();
        form->addRow(summariseButton_);
        form->addRow(dataSummary_);
    }
    bodyLayout->addStretch(1);
    // A summary of other data than the spec's now says so.
    connect(this, &SpecEditor::specChanged, this, [this] {
        if (!summarising_) markSummaryIfStale();
    });
    setSpec(valid_);
}

QWidget* SpecEditor::makeWidget(const SpecField& f)
{
    QWidget* w = nullptr;
    const std::string path = f.path;
    if (f.kind == FieldKind::Integer) {
        auto* box = new QSpinBox(body_);
        constexpr double limit = 2'000'000'000.0;
        box->setRange(static_cast<int>(widgetBound(f.min, 0, limit)), static_cast<int>(widgetBound(f.max, 0, limit)));
        box->setKeyboardTracking(false);
        connect(box, &QSpinBox::valueChanged, this, [this, path](int v) { edit(path, json(v)); });
        w = box;
    } else if (f.kind == FieldKind::Number) {
        auto* box = new QDoubleSpinBox(body_);
        const double step = std::pow(10.0, -f.decimals);
        box->setDecimals(f.decimals);
        box->setRange(widgetBound(f.min, f.minOpen ? step : 0, 1e9), widgetBound(f.max, f.maxOpen ? -step : 0, 1e9));
        box->setSingleStep(std::pow(10.0, -std::min(f.decimals, 3)));
        box->setKeyboardTracking(false);
        connect(box, &QDoubleSpinBox::valueChanged, this, [this, path](double v) { edit(path, json(v)); });
        w = box;
    } else if (f.kind == FieldKind::Flag) {
        auto* box = new QCheckBox(body_);
        connect(box, &QCheckBox::toggled, this, [this, path](bool on) { edit(path, json(on)); });
        w = box;
    } else if (f.kind == FieldKind::Choice) {
        auto* box = new QComboBox(body_);
        connect(box, &QComboBox::currentTextChanged, this,
                [this, path](const QString& v) { edit(path, json(v.toStdString())); });
        w = box;
    } else {
        auto* line = new QLineEdit(body_);
        connect(line, &QLineEdit::editingFinished, this,
                [this, path, line] { editText(path, line->text().toStdString()); });
        w = line;
    }
    w->setObjectName(QString::fromStdString(path));
    w->setToolTip(tooltipOf(f));
    if (f.kind != FieldKind::Flag && f.kind != FieldKind::Text) {
        w->setFocusPolicy(Qt::StrongFocus);
        w->installEventFilter(this);
    }
    // Narrow by default (a spin box sized for 2e9, a combo for its longest item would push the
    // form wider than the dock); the form grows the fields to the width the dock has.
    if (f.kind != FieldKind::Flag) w->setMinimumWidth(90);
    return w;
}

bool SpecEditor::eventFilter(QObject* watched, QEvent* event)
{
    auto* widget = qobject_cast<QWidget*>(watched);
    if (event->type() == QEvent::Wheel && widget && !widget->hasFocus()) {
        // To the form's scroll area, as if the field were not there.
        if (auto* scroll = findChild<QScrollArea*>()) QCoreApplication::sendEvent(scroll->verticalScrollBar(), event);
        return true;
    }
    auto* spin = qobject_cast<QAbstractSpinBox*>(watched);
    const bool leaving =
        event->type() == QEvent::FocusOut ||
        (event->type() == QEvent::KeyPress && (static_cast<QKeyEvent*>(event)->key() == Qt::Key_Return ||
                                               static_cast<QKeyEvent*>(event)->key() == Qt::Key_Enter));
    if (spin && leaving && !spin->hasAcceptableInput()) {
        QString range, kept;
        if (auto* i = qobject_cast<QSpinBox*>(spin))
            range = QString("%1 … %2").arg(i->minimum()).arg(i->maximum()), kept = QString::number(i->value());
        else if (auto* d = qobject_cast<QDoubleSpinBox*>(spin))
            range = QString("%1 … %2").arg(d->minimum()).arg(d->maximum()), kept = QString::number(d->value());
        Q_EMIT inputRefused(
            tr("%1: %2 is outside %3; it stays %4").arg(spin->objectName(), spin->text().trimmed(), range, kept));
    }
    return QWidget::eventFilter(watched, event);
}

const SpecField* SpecEditor::current(const Row& row) const
{
    for (const auto* f : row.fields)
        if (f->appliesTo(draft_)) return f;
    return row.fields.front();
}

void SpecEditor::load(Row& row)
{
    const SpecField& f = *current(row);
    const json value = f.get(draft_);
    const QSignalBlocker block(row.widget);
    row.widget->setToolTip(tooltipOf(f));
    if (auto* spin = qobject_cast<QSpinBox*>(row.widget)) {
        spin->setValue(static_cast<int>(std::clamp<double>(value.get<double>(), spin->minimum(), spin->maximum())));
    } else if (auto* number = qobject_cast<QDoubleSpinBox*>(row.widget)) {
        number->setValue(value.get<double>());
    } else if (auto* check = qobject_cast<QCheckBox*>(row.widget)) {
        check->setChecked(value.get<bool>());
    } else if (auto* combo = qobject_cast<QComboBox*>(row.widget)) {
        combo->clear();
        for (const auto& k : f.choices(draft_))
            combo->addItem(QString::fromStdString(k));
        combo->setCurrentText(QString::fromStdString(value.get<std::string>()));
    } else if (auto* line = qobject_cast<QLineEdit*>(row.widget)) {
        line->setText(QString::fromStdString(fieldText(f, value)));
    }
}

SpecEditor::~SpecEditor() = default; // the tracker waits for a data summary under way

void SpecEditor::summariseData()
{
    if (summarising_) return; // one at a time
    summarising_ = true;
    const DatasetSpec data = valid_.dataset;
    summarisedData_ = datasetKey(valid_);
    summariseButton_->setEnabled(false);
    dataSummary_->show();
    dataSummary_->setText(tr("Loading the data set …"));
    background_->start<QString>(
        this,
        [data](const std::atomic<bool>&) {
            try {
                QStringList lines;
                for (const auto& line : describe(mtlx::summariseData(data)))
                    lines << QString::fromStdString(line);
                return lines.join('\n');
            } catch (const std::exception& e) {
                return tr("Cannot load the data: %1").arg(QString::fromUtf8(e.what()));
            }
        },
        [this](QString text) {
            summarising_ = false;
            summariseButton_->setEnabled(true);
            dataSummary_->setText(text);
            markSummaryIfStale(); // the data set was changed while it loaded
            Q_EMIT dataSummarised(dataSummary_->text());
        });
}

QString SpecEditor::dataSummary() const
{
    return dataSummary_->text();
}

void SpecEditor::markSummaryIfStale()
{
    if (summarisedData_.empty() || datasetKey(valid_) == summarisedData_) return;
    summarisedData_.clear();
    dataSummary_->setText(tr("The data set changed: ask again."));
}

void SpecEditor::setSpec(const ExperimentSpec& spec)
{
    draft_ = spec;
    valid_ = spec;
    error_.clear();
    reloadFields();
    showError("", {});
    Q_EMIT validityChanged(true, {});
    Q_EMIT specChanged(valid_);
}

void SpecEditor::reloadFields()
{
    loading_ = true;
    for (auto& row : rows_) {
        load(row);
        const bool shown = std::any_of(row.fields.begin(), row.fields.end(),
                                       [&](const SpecField* f) { return f->appliesTo(draft_) && f->shownFor(draft_); });
        row.form->setRowVisible(row.widget, shown);
    }
    loading_ = false;
}

void SpecEditor::editText(const std::string& path, const std::string& text)
{
    const auto row = std::find_if(rows_.begin(), rows_.end(), [&](const Row& r) { return r.path == path; });
    try {
        edit(path, parseFieldText(*current(*row), text));
    } catch (const SpecError& e) {
        showError(e.path(), QString::fromStdString(e.what()));
    }
}

void SpecEditor::edit(const std::string& path, const json& value)
{
    if (loading_) return;
    ExperimentSpec next = draft_;
    try {
        const SpecField* f = findField(path, next);
        if (!f) throw SpecError(path, "does not apply to this spec");
        if (f->edit)
            f->edit(next, value);
        else
            f->set(next, checkValue(*f, value, path, next));
        next = experimentFromJson(experimentToJson(next));
    } catch (const SpecError& e) {
        showError(e.path(), QString::fromStdString(e.what()));
        return;
    } catch (const std::exception& e) {
        showError(path, QString::fromStdString(path + ": " + e.what()));
        return;
    }
    draft_ = next;
    valid_ = next;
    const bool wasValid = error_.isEmpty();
    error_.clear();
    showError("", {});
    reloadFields();
    if (!wasValid) Q_EMIT validityChanged(true, {});
    Q_EMIT specChanged(valid_);
}

void SpecEditor::showError(const std::string& path, const QString& message)
{
    for (auto& row : rows_) {
        const auto& p = row.path;
        const bool bad = !path.empty() && (path == p || path.rfind(p + "[", 0) == 0 || path.rfind(p + ".", 0) == 0);
        row.widget->setStyleSheet(bad ? "background: #ffd7d7;" : "");
        row.widget->setToolTip(bad ? message : tooltipOf(*current(row)));
    }
    errorLabel_->setText(message);
    errorLabel_->setVisible(!message.isEmpty());
    if (message.isEmpty()) return;
    error_ = message;
    Q_EMIT validityChanged(false, message);
}

} // namespace mtlx::ui
