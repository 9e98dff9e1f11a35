#pragma once
// The side panel that assembles an experiment: data set, architecture, small heads, training
// and sweep settings, one field per spec value. UI thread only.
//
// The editor owns an ExperimentSpec. A field edit changes that spec and validates the whole of
// it (experimentFromJson); a value that cannot be read (a width list with a letter) or that the
// spec refuses is not taken: the field turns red and the reason (with the JSON path) shows
// under the form. spec() is always the last valid spec.
#include <functional>
#include <string>
#include <vector>

#include <QWidget>

#include "ui/metatypes.h"

class QFormLayout;
class QLabel;

namespace mtlx::ui {

class SpecEditor : public QWidget {
    Q_OBJECT
public:
    explicit SpecEditor(QWidget* parent = nullptr);

    void setSpec(const ExperimentSpec& spec); // e.g. a preset or an opened file
    const ExperimentSpec& spec() const { return valid_; }
    bool isValid() const { return error_.isEmpty(); }
    QString errorText() const { return error_; }

Q_SIGNALS:
    void specChanged(const mtlx::ExperimentSpec& spec); // after every accepted edit
    void validityChanged(bool valid, const QString& error);

private:
    struct Field {
        std::string path; // JSON path, e.g. "model.towers"
        QWidget* widget = nullptr;
        std::function<void()> load;                       // spec → widget
        std::function<bool(const ExperimentSpec&)> shown; // whether the field applies
    };
    QFormLayout* group(const QString& title);
    void add(QFormLayout* form, const QString& label, Field field);
    void addInt(QFormLayout* form, const QString& label, const std::string& path, long long min, long long max,
                std::function<long long(const ExperimentSpec&)> get,
                std::function<void(ExperimentSpec&, long long)> set,
                std::function<bool(const ExperimentSpec&)> shown = {});
    void addDouble(QFormLayout* form, const QString& label, const std::string& path, double min, double max,
                   int decimals, std::function<double(const ExperimentSpec&)> get,
                   std::function<void(ExperimentSpec&, double)> set,
                   std::function<bool(const ExperimentSpec&)> shown = {});
    void addChoice(QFormLayout* form, const QString& label, const std::string& path,
                   const std::vector<std::string>& keys, std::function<std::string(const ExperimentSpec&)> get,
                   std::function<void(ExperimentSpec&, const std::string&)> set,
                   std::function<bool(const ExperimentSpec&)> shown = {});
    // The same with choices that depend on the rest of the spec (e.g. the probe layers of a model).
    void addChoice(QFormLayout* form, const QString& label, const std::string& path,
                   std::function<std::vector<std::string>(const ExperimentSpec&)> keys,
                   std::function<std::string(const ExperimentSpec&)> get,
                   std::function<void(ExperimentSpec&, const std::string&)> set,
                   std::function<bool(const ExperimentSpec&)> shown = {});
    // Free text read by `parse` (which throws SpecError with the reason) and shown by `format`.
    void addText(QFormLayout* form, const QString& label, const std::string& path,
                 std::function<std::string(const ExperimentSpec&)> format,
                 std::function<void(ExperimentSpec&, const std::string&)> parse,
                 std::function<bool(const ExperimentSpec&)> shown = {});
    void buildFields();
    void edit(const std::string& path, const std::function<void(ExperimentSpec&)>& change);
    void reloadFields();
    void showError(const std::string& path, const QString& message);

    ExperimentSpec draft_; // what the fields show
    ExperimentSpec valid_; // the last spec that validated
    QString error_;
    std::vector<Field> fields_;
    std::vector<std::pair<QFormLayout*, QWidget*>> rows_; // for showing/hiding rows
    QWidget* body_ = nullptr;
    QLabel* errorLabel_ = nullptr;
    bool loading_ = false;
};

// "250, 125" ↔ {250, 125}; "64; 32" ↔ {{64}, {32}} (levels). Throw SpecError(path, reason).
std::vector<std::int64_t> parseWidths(const std::string& path, const std::string& text, bool allowEmpty);
std::string formatWidths(const std::vector<std::int64_t>& widths);
std::vector<std::vector<std::int64_t>> parseLevels(const std::string& path, const std::string& text);
std::string formatLevels(const std::vector<std::vector<std::int64_t>>& levels);

} // namespace mtlx::ui
