#include "ui/speceditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>
#include <cmath>
#include <sstream>

#include "core/jsonreader.h"
#include "core/specerror.h"

namespace mtlx::ui {
namespace {

std::vector<std::string> splitList(const std::string& text, char separator)
{
    std::vector<std::string> items;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, separator);) {
        const auto first = item.find_first_not_of(" \t[]");
        const auto last = item.find_last_not_of(" \t[]");
        items.push_back(first == std::string::npos ? "" : item.substr(first, last - first + 1));
    }
    if (!items.empty() && items.back().empty()) items.pop_back();
    return items;
}

std::string joinList(const std::vector<std::string>& items, const char* separator)
{
    std::string s;
    for (std::size_t i = 0; i < items.size(); ++i)
        s += (i ? separator : "") + items[i];
    return s;
}

std::vector<double> parseNumbers(const std::string& path, const std::string& text)
{
    std::vector<double> values;
    for (const auto& item : splitList(text, ',')) {
        const auto v = parseFiniteNumber(item);
        if (!v) throw SpecError(path, "'" + item + "' is not a number");
        values.push_back(*v);
    }
    return values;
}

std::string formatNumbers(const std::vector<double>& values)
{
    std::vector<std::string> items;
    for (double v : values)
        items.push_back(QString::number(v, 'g', 6).toStdString());
    return joinList(items, ", ");
}

bool isArch(const ExperimentSpec& s, std::initializer_list<const char*> archs)
{
    for (const char* a : archs)
        if (s.model.arch == a) return true;
    return false;
}

} // namespace

std::vector<std::int64_t> parseWidths(const std::string& path, const std::string& text, bool allowEmpty)
{
    std::vector<std::int64_t> widths;
    for (const auto& item : splitList(text, ',')) {
        const auto v = parseWholeInteger(item);
        if (!v) throw SpecError(path, "'" + item + "' is not a width (a whole number)");
        if (*v < 1) throw SpecError(path, "widths must be ≥ 1, got " + item);
        widths.push_back(*v);
    }
    if (widths.empty() && !allowEmpty) throw SpecError(path, "must list at least one width");
    return widths;
}

std::string formatWidths(const std::vector<std::int64_t>& widths)
{
    std::vector<std::string> items;
    for (auto w : widths)
        items.push_back(std::to_string(w));
    return joinList(items, ", ");
}

std::vector<std::vector<std::int64_t>> parseLevels(const std::string& path, const std::string& text)
{
    std::vector<std::vector<std::int64_t>> levels;
    const auto parts = splitList(text, ';');
    for (std::size_t i = 0; i < parts.size(); ++i)
        levels.push_back(parseWidths(path + "[" + std::to_string(i) + "]", parts[i], false));
    if (levels.empty()) throw SpecError(path, "must list at least one level (levels separated by ';')");
    return levels;
}

std::string formatLevels(const std::vector<std::vector<std::int64_t>>& levels)
{
    std::vector<std::string> items;
    for (const auto& l : levels)
        items.push_back(formatWidths(l));
    return joinList(items, "; ");
}

SpecEditor::SpecEditor(QWidget* parent) : QWidget(parent)
{
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    body_ = new QWidget(scroll);
    new QVBoxLayout(body_);
    scroll->setWidget(body_);
    errorLabel_ = new QLabel(this);
    errorLabel_->setObjectName("specError");
    errorLabel_->setWordWrap(true);
    errorLabel_->setStyleSheet("color: #b00020;");
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll, 1);
    layout->addWidget(errorLabel_);
    buildFields();
    static_cast<QVBoxLayout*>(body_->layout())->addStretch(1);
    setSpec(valid_);
}

QFormLayout* SpecEditor::group(const QString& title)
{
    auto* box = new QGroupBox(title, body_);
    auto* form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    body_->layout()->addWidget(box);
    return form;
}

void SpecEditor::add(QFormLayout* form, const QString& label, Field field)
{
    field.widget->setObjectName(QString::fromStdString(field.path));
    field.widget->setToolTip(QString::fromStdString(field.path));
    form->addRow(label, field.widget);
    rows_.emplace_back(form, field.widget);
    fields_.push_back(std::move(field));
}

void SpecEditor::addInt(QFormLayout* form, const QString& label, const std::string& path, long long min, long long max,
                        std::function<long long(const ExperimentSpec&)> get,
                        std::function<void(ExperimentSpec&, long long)> set,
                        std::function<bool(const ExperimentSpec&)> shown)
{
    auto* box = new QSpinBox(body_);
    box->setRange(static_cast<int>(min), static_cast<int>(std::min<long long>(max, 2'000'000'000)));
    box->setKeyboardTracking(false);
    connect(box, &QSpinBox::valueChanged, this,
            [this, path, set](int v) { edit(path, [&](ExperimentSpec& s) { set(s, v); }); });
    add(form, label, {path, box, [this, box, get] { box->setValue(static_cast<int>(get(draft_))); }, shown});
}

void SpecEditor::addDouble(QFormLayout* form, const QString& label, const std::string& path, double min, double max,
                           int decimals, std::function<double(const ExperimentSpec&)> get,
                           std::function<void(ExperimentSpec&, double)> set,
                           std::function<bool(const ExperimentSpec&)> shown)
{
    auto* box = new QDoubleSpinBox(body_);
    box->setRange(min, max);
    box->setDecimals(decimals);
    box->setSingleStep(std::pow(10.0, -std::min(decimals, 3)));
    box->setKeyboardTracking(false);
    connect(box, &QDoubleSpinBox::valueChanged, this,
            [this, path, set](double v) { edit(path, [&](ExperimentSpec& s) { set(s, v); }); });
    add(form, label, {path, box, [this, box, get] { box->setValue(get(draft_)); }, shown});
}

void SpecEditor::addChoice(QFormLayout* form, const QString& label, const std::string& path,
                           const std::vector<std::string>& keys, std::function<std::string(const ExperimentSpec&)> get,
                           std::function<void(ExperimentSpec&, const std::string&)> set,
                           std::function<bool(const ExperimentSpec&)> shown)
{
    addChoice(
        form, label, path, [keys](const ExperimentSpec&) { return keys; }, std::move(get), std::move(set),
        std::move(shown));
}

void SpecEditor::addChoice(QFormLayout* form, const QString& label, const std::string& path,
                           std::function<std::vector<std::string>(const ExperimentSpec&)> keys,
                           std::function<std::string(const ExperimentSpec&)> get,
                           std::function<void(ExperimentSpec&, const std::string&)> set,
                           std::function<bool(const ExperimentSpec&)> shown)
{
    auto* box = new QComboBox(body_);
    connect(box, &QComboBox::currentTextChanged, this,
            [this, path, set](const QString& v) { edit(path, [&](ExperimentSpec& s) { set(s, v.toStdString()); }); });
    auto load = [this, box, keys, get] {
        QStringList items;
        for (const auto& k : keys(draft_)) items << QString::fromStdString(k);
        box->clear();
        box->addItems(items);
        box->setCurrentText(QString::fromStdString(get(draft_)));
    };
    add(form, label, {path, box, load, shown});
}

void SpecEditor::addText(QFormLayout* form, const QString& label, const std::string& path,
                         std::function<std::string(const ExperimentSpec&)> format,
                         std::function<void(ExperimentSpec&, const std::string&)> parse,
                         std::function<bool(const ExperimentSpec&)> shown)
{
    auto* line = new QLineEdit(body_);
    connect(line, &QLineEdit::editingFinished, this, [this, path, parse, line] {
        edit(path, [&](ExperimentSpec& s) { parse(s, line->text().toStdString()); });
    });
    add(form, label,
        {path, line, [this, line, format] { line->setText(QString::fromStdString(format(draft_))); }, shown});
}

void SpecEditor::buildFields()
{
    using S = ExperimentSpec;
    auto synthetic = [](const S& s) { return isSyntheticKind(s.dataset.kind); };
    auto generated = [](const S& s) {
        return !readsDataFiles(s.dataset.kind) || s.dataset.kind == "multi_mnist" || s.dataset.kind == "multi_fashion";
    };
    auto files = [](const S& s) { return readsDataFiles(s.dataset.kind); };

    auto* data = group(tr("Data"));
    addChoice(
        data, tr("Data set"), "dataset.kind", datasetKinds(), [](const S& s) { return s.dataset.kind; },
        [](S& s, const std::string& k) {
            if (k == s.dataset.kind) return;
            auto d = DatasetSpec::defaultsFor(k);
            d.seed = s.dataset.seed;
            if (k == "csv") { // a csv spec cannot be valid without its columns: keep the old data set
                throw SpecError("dataset.kind", "a csv data set names its file and columns: open or write a spec file");
            }
            s.dataset = d;
            s.training.taskWeights.clear();
            s.probe.layer = "auto";
        });
    addInt(
        data, tr("Train examples"), "dataset.train", 1, 10'000'000, [](const S& s) { return s.dataset.train; },
        [](S& s, long long v) { s.dataset.train = v; }, generated);
    addInt(
        data, tr("Test examples"), "dataset.test", 1, 10'000'000, [](const S& s) { return s.dataset.test; },
        [](S& s, long long v) { s.dataset.test = v; }, generated);
    addInt(
        data, tr("Input features"), "dataset.dim", 2, 100000, [](const S& s) { return s.dataset.dim; },
        [](S& s, long long v) { s.dataset.dim = v; }, [](const S& s) { return !readsDataFiles(s.dataset.kind); });
    addInt(
        data, tr("Binary tasks"), "dataset.binary_tasks", 1, 64, [](const S& s) { return s.dataset.binaryTasks; },
        [](S& s, long long v) {
            s.dataset.binaryTasks = static_cast<int>(v);
            s.training.taskWeights.clear();  // one weight per task: back to uniform
        },
        [](const S& s) { return s.dataset.kind == "random"; });
    addInt(
        data, tr("Use first N train (0 = all)"), "dataset.limit_train", 0, 10'000'000,
        [](const S& s) { return s.dataset.limitTrain; }, [](S& s, long long v) { s.dataset.limitTrain = v; });
    addInt(
        data, tr("Use first N test (0 = all)"), "dataset.limit_test", 0, 10'000'000,
        [](const S& s) { return s.dataset.limitTest; }, [](S& s, long long v) { s.dataset.limitTest = v; });
    addDouble(
        data, tr("Correlation ρ"), "dataset.correlation", -1, 1, 3, [](const S& s) { return s.dataset.correlation; },
        [](S& s, double v) { s.dataset.correlation = v; },
        [](const S& s) { return s.dataset.kind == "synthetic_correlated"; });
    addDouble(
        data, tr("Label noise"), "dataset.noise", 0, 100, 3, [](const S& s) { return s.dataset.noise; },
        [](S& s, double v) { s.dataset.noise = v; }, synthetic);
    addText(
        data, tr("Tasks"), "dataset.tasks", [](const S& s) { return joinList(s.dataset.taskNames, ", "); },
        [](S& s, const std::string& t) { s.dataset.taskNames = splitList(t, ','); },
        [](const S& s) { return s.dataset.kind == "census_income" || s.dataset.kind == "adult"; });
    addText(
        data, tr("Data folder"), "dataset.data_dir", [](const S& s) { return s.dataset.dataDir; },
        [](S& s, const std::string& t) { s.dataset.dataDir = t; }, files);
    addInt(
        data, tr("Data seed"), "dataset.seed", 0, 2'000'000'000,
        [](const S& s) { return static_cast<long long>(s.dataset.seed); },
        [](S& s, long long v) { s.dataset.seed = static_cast<std::uint64_t>(v); });

    auto* model = group(tr("Architecture"));
    addChoice(
        model, tr("Kind"), "model.arch", architectureKeys(), [](const S& s) { return s.model.arch; },
        [](S& s, const std::string& a) {
            Overrides o;
            o.arch = a;
            s = applyOverrides(s, o);
        });
    addChoice(
        model, tr("Activation"), "model.activation", activationKeys(), [](const S& s) { return s.model.activation; },
        [](S& s, const std::string& a) { s.model.activation = a; });
    auto bottomArchs = [](const S& s) { return isArch(s, {"shared_bottom", "single_task"}); };
    addText(
        model, tr("Conv channels"), "model.conv", [](const S& s) { return formatWidths(s.model.conv); },
        [](S& s, const std::string& t) { s.model.conv = parseWidths("model.conv", t, true); }, bottomArchs);
    addText(
        model, tr("Bottom widths"), "model.bottom", [](const S& s) { return formatWidths(s.model.bottom); },
        [](S& s, const std::string& t) { s.model.bottom = parseWidths("model.bottom", t, false); }, bottomArchs);
    addText(
        model, tr("Expert widths per level (;)"), "model.expert_dims",
        [](const S& s) { return formatLevels(s.model.expertDims); },
        [](S& s, const std::string& t) { s.model.expertDims = parseLevels("model.expert_dims", t); },
        [bottomArchs](const S& s) { return !bottomArchs(s); });
    addInt(
        model, tr("Experts per level"), "model.experts", 1, 256, [](const S& s) { return s.model.experts; },
        [](S& s, long long v) { s.model.experts = static_cast<int>(v); },
        [](const S& s) {
            return isArch(s, {"mmoe", "ml_mmoe"});
        });
    addInt(
        model, tr("Experts per task"), "model.experts_per_task", 1, 64,
        [](const S& s) { return s.model.expertsPerTask; },
        [](S& s, long long v) { s.model.expertsPerTask = static_cast<int>(v); },
        [](const S& s) {
            return isArch(s, {"ple", "adatt", "adatt_sp"});
        });
    addInt(
        model, tr("Shared experts"), "model.shared_experts", 0, 64, [](const S& s) { return s.model.sharedExperts; },
        [](S& s, long long v) { s.model.sharedExperts = static_cast<int>(v); },
        [](const S& s) {
            return isArch(s, {"ple", "adatt"});
        });
    addChoice(
        model, tr("Stitch init"), "model.cross_stitch_init", crossStitchInitKeys(),
        [](const S& s) { return s.model.crossStitchInit; },
        [](S& s, const std::string& v) { s.model.crossStitchInit = v; },
        [](const S& s) { return s.model.arch == "cross_stitch"; });
    addChoice(
        model, tr("NativeExpertLF"), "model.native_expert_lf", {"on", "off"},
        [](const S& s) { return std::string(s.model.nativeExpertLf ? "on" : "off"); },
        [](S& s, const std::string& v) { s.model.nativeExpertLf = v == "on"; },
        [](const S& s) {
            return isArch(s, {"adatt", "adatt_sp"});
        });
    addText(
        model, tr("Tower widths"), "model.towers", [](const S& s) { return formatWidths(s.model.towers); },
        [](S& s, const std::string& t) { s.model.towers = parseWidths("model.towers", t, true); });

    auto* heads = group(tr("Small heads"));
    auto withHeads = [](const S& s) { return s.heads.kind != "none"; };
    // PTA-F's frozen towers add their loss with weight 1 and no temperature.
    auto weighted = [](const S& s) { return s.heads.kind != "none" && s.heads.kind != "pta"; };
    addChoice(
        heads, tr("Kind"), "heads.kind", headKinds(), [](const S& s) { return s.heads.kind; },
        [](S& s, const std::string& k) { s.heads.kind = k; });
    addDouble(
        heads, tr("Weight γ"), "heads.gamma", 0, 100, 3, [](const S& s) { return s.heads.gamma; },
        [](S& s, double v) { s.heads.gamma = v; }, weighted);
    addDouble(
        heads, tr("Temperature τ"), "heads.temperature", 0.001, 1000, 3, [](const S& s) { return s.heads.temperature; },
        [](S& s, double v) { s.heads.temperature = v; }, weighted);
    addDouble(
        heads, tr("Dropout"), "heads.dropout", 0, 0.99, 2, [](const S& s) { return s.heads.dropout; },
        [](S& s, double v) { s.heads.dropout = v; }, withHeads);
    addInt(
        heads, tr("Pooling window"), "heads.pool_window", 1, 100000, [](const S& s) { return s.heads.poolWindow; },
        [](S& s, long long v) { s.heads.poolWindow = v; }, [](const S& s) { return s.heads.kind == "pool"; });
    addInt(
        heads, tr("Bottleneck width"), "heads.bottleneck_width", 1, 100000,
        [](const S& s) { return s.heads.bottleneckWidth; }, [](S& s, long long v) { s.heads.bottleneckWidth = v; },
        [](const S& s) { return s.heads.kind == "bottleneck"; });
    addInt(
        heads, tr("Pseudo-tasks"), "heads.pseudo_tasks", 1, 64, [](const S& s) { return s.heads.pseudoTasks; },
        [](S& s, long long v) { s.heads.pseudoTasks = v; }, [](const S& s) { return s.heads.kind == "pta"; });

    auto* training = group(tr("Training"));
    addChoice(
        training, tr("Weighting"), "training.weighting", weightingKeys(),
        [](const S& s) { return s.training.weighting; }, [](S& s, const std::string& w) { s.training.weighting = w; });
    addText(
        training, tr("Task weights"), "training.task_weights",
        [](const S& s) { return formatNumbers(s.training.taskWeights); },
        [](S& s, const std::string& t) { s.training.taskWeights = parseNumbers("training.task_weights", t); },
        [](const S& s) { return s.training.weighting == "linear" || s.training.weighting == "pcgrad"; });
    addChoice(
        training, tr("Optimizer"), "training.optimizer", optimizerKeys(),
        [](const S& s) { return s.training.optimizer; }, [](S& s, const std::string& o) { s.training.optimizer = o; });
    addDouble(
        training, tr("Learning rate"), "training.lr", 0.000001, 10, 6, [](const S& s) { return s.training.lr; },
        [](S& s, double v) { s.training.lr = v; });
    addDouble(
        training, tr("Momentum"), "training.momentum", 0, 0.999, 3, [](const S& s) { return s.training.momentum; },
        [](S& s, double v) { s.training.momentum = v; }, [](const S& s) { return s.training.optimizer == "sgd"; });
    addInt(
        training, tr("Batch size"), "training.batch_size", 1, 1'000'000,
        [](const S& s) { return s.training.batchSize; }, [](S& s, long long v) { s.training.batchSize = v; });
    addInt(
        training, tr("Epochs"), "training.epochs", 1, 100000, [](const S& s) { return s.training.epochs; },
        [](S& s, long long v) { s.training.epochs = static_cast<int>(v); });
    addInt(
        training, tr("Report mean of last epochs"), "training.report_last", 1, 1000,
        [](const S& s) { return s.training.reportLast; },
        [](S& s, long long v) { s.training.reportLast = static_cast<int>(v); });
    addInt(
        training, tr("Seed"), "training.seed", 0, 2'000'000'000,
        [](const S& s) { return static_cast<long long>(s.training.seed); },
        [](S& s, long long v) { s.training.seed = static_cast<std::uint64_t>(v); });

    auto* probe = group(tr("Activation probe"));
    addChoice(
        probe, tr("Layer"), "probe.layer", [](const S& s) { return probeLayers(s.model, s.tasks()); },
        [](const S& s) { return s.probe.layer; }, [](S& s, const std::string& l) { s.probe.layer = l; });

    auto* sweep = group(tr("Pareto sweep"));
    addInt(
        sweep, tr("Weight points"), "sweep.points", 1, 1000, [](const S& s) { return s.sweep.points; },
        [](S& s, long long v) { s.sweep.points = static_cast<int>(v); });
    addInt(
        sweep, tr("Seeds per point"), "sweep.seeds", 1, 1000, [](const S& s) { return s.sweep.seeds; },
        [](S& s, long long v) { s.sweep.seeds = static_cast<int>(v); });
    addChoice(
        sweep, tr("Metric"), "sweep.metric", sweepMetricKeys(), [](const S& s) { return s.sweep.metric; },
        [](S& s, const std::string& m) { s.sweep.metric = m; });
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
    for (auto& f : fields_) {
        const QSignalBlocker block(f.widget);
        f.load();
    }
    for (std::size_t i = 0; i < fields_.size(); ++i) {
        const bool shown = !fields_[i].shown || fields_[i].shown(draft_);
        rows_[i].first->setRowVisible(rows_[i].second, shown);
    }
    loading_ = false;
}

void SpecEditor::edit(const std::string& path, const std::function<void(ExperimentSpec&)>& change)
{
    if (loading_) return;
    ExperimentSpec next = draft_;
    try {
        change(next);
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
    for (auto& f : fields_) {
        const bool bad =
            !path.empty() && (path == f.path || path.rfind(f.path + "[", 0) == 0 || path.rfind(f.path + ".", 0) == 0);
        f.widget->setStyleSheet(bad ? "background: #ffd7d7;" : "");
        if (bad)
            f.widget->setToolTip(message);
        else
            f.widget->setToolTip(QString::fromStdString(f.path));
    }
    errorLabel_->setText(message);
    errorLabel_->setVisible(!message.isEmpty());
    if (message.isEmpty()) return;
    error_ = message;
    Q_EMIT validityChanged(false, message);
}

} // namespace mtlx::ui
