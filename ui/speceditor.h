#pragma once
// The side panel that assembles an experiment: one field per entry of the spec's schema
// (core/spec/schema.h), grouped by section, with the field's help text as its tooltip. Only the
// fields that apply to the chosen data set, architecture and head show. UI thread only.
//
// The editor owns an ExperimentSpec. A field edit changes that spec and validates the whole of
// it (experimentFromJson); a value that cannot be read (a width list with a letter) or that the
// spec refuses is not taken: the field turns red and the reason (with the JSON path) shows
// under the form. spec() is always the last valid spec.
//
// Under the data set's fields, "What the data holds" loads the data set on a thread of its own and
// shows what `mtlx-cli data` prints: splits, input width, each task's label rates, the columns.
#include <string>
#include <vector>

#include <QPointer>
#include <QWidget>

#include "ui/metatypes.h"

class QFormLayout;
class QLabel;
class QPushButton;

namespace mtlx {
struct SpecField;
}

namespace mtlx::ui {

class JobTracker;

class SpecEditor : public QWidget {
    Q_OBJECT
public:
    explicit SpecEditor(QWidget* parent = nullptr);
    ~SpecEditor() override; // waits for a data summary still loading

    void setSpec(const ExperimentSpec& spec); // e.g. a preset or an opened file
    const ExperimentSpec& spec() const { return valid_; }
    bool isValid() const { return error_.isEmpty(); }
    QString errorText() const { return error_; }
    // Loads the spec's data set in the background and shows its summary (dataSummarised when done).
    void summariseData();
    QString dataSummary() const;

Q_SIGNALS:
    void specChanged(const mtlx::ExperimentSpec& spec); // after every accepted edit
    void validityChanged(bool valid, const QString& error);
    void dataSummarised(const QString& text); // the summary, or the error that stopped it
    // A number typed outside its field's range, which the field does not take: "model.experts: 0 is
    // outside 1 … 64; it stays 8".
    void inputRefused(const QString& error);

protected:
    // Spin boxes and choices change with the mouse wheel only once clicked: a wheel over the
    // form scrolls it. A number out of range is said, not silently replaced.
    bool eventFilter(QObject* watched, QEvent* event) override;

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
    void markSummaryIfStale(); // says so when the spec's data set is no longer the one summarised

    ExperimentSpec draft_; // what the fields show
    ExperimentSpec valid_; // the last spec that validated
    QString error_;
    std::vector<Row> rows_;
    QWidget* body_ = nullptr;
    QLabel* errorLabel_ = nullptr;
    bool loading_ = false;
    QPushButton* summariseButton_ = nullptr;
    QLabel* dataSummary_ = nullptr;
    JobTracker* background_; // made in the constructor
    bool summarising_ = false;
    std::string summarisedData_; // the dataset section the summary shows (JSON)
};

} // namespace mtlx::ui
