#pragma once
// Train ▸ Compare architectures…: which architectures (shared_bottom, MMoE, PLE and AdaTT ticked
// at first) and how many seeds each; the window hands the choice to its CompareQueue. UI thread only.
#include <vector>

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QSpinBox;

namespace mtlx::ui {

class CompareDialog : public QDialog {
    Q_OBJECT
public:
    explicit CompareDialog(QWidget* parent);
    QStringList architectures() const; // the ticked ones, in the schema's order
    int seeds() const;

private:
    std::vector<QCheckBox*> boxes_;
    QSpinBox* seeds_;
};

} // namespace mtlx::ui
