#pragma once
// "How to read this": for every view of the window, what is on its axes, what a good and a bad
// picture look like, and which paper figure it is. Shown folded above each view (one click
// opens it) and all together under Help ▸ How to read the views. UI thread only.
#include <vector>

#include <QString>
#include <QWidget>

class QTextBrowser;
class QToolButton;

namespace mtlx::ui {

struct ViewHelp {
    QString key;   // "loss", "conflict", "gates", "activations", "pareto", "diagram", "runs", "comparison"
    QString title; // the view's name
    QString text;  // rich text
};

const std::vector<ViewHelp>& viewHelp();
// The text of one view; empty for an unknown key.
QString howToRead(const QString& key);

// A view with its folded "How to read this" above it.
class HelpedView : public QWidget {
    Q_OBJECT
public:
    HelpedView(QWidget* view, const QString& key, QWidget* parent = nullptr);
    QWidget* view() const { return view_; }
    bool helpShown() const;
    void setHelpShown(bool on);

private:
    QWidget* view_;
    QToolButton* toggle_;
    QTextBrowser* text_;
};

} // namespace mtlx::ui
