#pragma once
// File ▸ Export view: the picture's size and resolution, asked before its file name (a slide wants
// 1920 × 1080, a paper 300 dpi). Starts at the view's size on screen. UI thread only.
#include <QDialog>
#include <QSize>

class QSpinBox;

namespace mtlx::ui {

class ExportSizeDialog : public QDialog {
    Q_OBJECT
public:
    ExportSizeDialog(const QString& viewName, QSize onScreen, QWidget* parent);
    QSize size() const;
    int dpi() const;

private:
    QSpinBox* width_;
    QSpinBox* height_;
    QSpinBox* dpi_;
};

} // namespace mtlx::ui
