#pragma once
// The side panel that assembles an experiment: one field per entry of the spec's schema
// (core/spec/schema.h), grouped by section, with the field's help text as its tooltip. Only the
// fields that apply to the chosen data set, architecture and head show. UI thread only.
//
// The editor owns an ExperimentSpec. A field edit changes that spec and validates the whole of
// it (experimentFromJson); a value that cannot be read (a width list with a letter) or that the
// spec refuses is not taken: the field turns red and the reason (with the JSON path) shows
// under the form. spec() is always the last valid spec.
#include <string>
#include <vector>

#include <QWidget>

#include "ui/metatypes.h"

class QFormLayout;
class QLabel;

namespace mtlx {
struct SpecField;
}

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
    // One widget of the form: the schema fields it edits (a path can have several, each for
    // other architectures or data sets) and its form row.
    struct Row {
        std::string path;
        QWidget* widget = nullptr;
        QFormLayout* form = nullptr;
        std::vector<const SpecField*> fields;
    };
    QWidget* makeWidget(const SpecField& f);
    const SpecField* current(const Row& row) const; // the field that applies to the draft
    void load(Row& row);                            // draft → widget
    void edit(const std::string& path, const nlohmann::json& value);
    void editText(const std::string& path, const std::string& text);
    void reloadFields();
    void showError(const std::string& path, const QString& message);

    ExperimentSpec draft_; // what the fields show
    ExperimentSpec valid_; // the last spec that validated
    QString error_;
    std::vector<Row> rows_;
    QWidget* body_ = nullptr;
    QLabel* errorLabel_ = nullptr;
    bool loading_ = false;
};

} // namespace mtlx::ui
