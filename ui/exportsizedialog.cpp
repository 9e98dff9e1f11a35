#include "ui/exportsizedialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QSpinBox>

namespace mtlx::ui {

ExportSizeDialog::ExportSizeDialog(const QString& viewName, QSize onScreen, QWidget* parent)
    : QDialog(parent), width_(new QSpinBox(this)), height_(new QSpinBox(this)), dpi_(new QSpinBox(this))
{
    setWindowTitle(tr("Export %1").arg(viewName));
    auto* form = new QFormLayout(this);
    width_->setRange(100, 8000);
    height_->setRange(100, 8000);
    dpi_->setRange(48, 1200);
    width_->setValue(onScreen.width());
    height_->setValue(onScreen.height());
    dpi_->setValue(96);
    width_->setSuffix(" px");
    height_->setSuffix(" px");
    dpi_->setSuffix(" dpi");
    dpi_->setToolTip(tr("PNG only: 96 writes one pixel per screen pixel, 192 twice as many per side"));
    form->addRow(tr("Width"), width_);
    form->addRow(tr("Height"), height_);
    form->addRow(tr("Resolution"), dpi_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

QSize ExportSizeDialog::size() const
{
    return {width_->value(), height_->value()};
}

int ExportSizeDialog::dpi() const
{
    return dpi_->value();
}

} // namespace mtlx::ui
