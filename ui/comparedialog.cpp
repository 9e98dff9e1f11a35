#include "ui/comparedialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "core/spec/spec.h"

namespace mtlx::ui {

CompareDialog::CompareDialog(QWidget* parent) : QDialog(parent), seeds_(new QSpinBox(this))
{
    setWindowTitle(tr("Compare architectures"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Train the current experiment with each architecture ticked, on the same data "
                                    "and seeds:"),
                                 this));
    auto* grid = new QGridLayout;
    const QStringList preferred{"shared_bottom", "mmoe", "ple", "adatt"};
    for (const auto& key : architectureKeys()) {
        auto* box = new QCheckBox(QString::fromStdString(key), this);
        box->setChecked(preferred.contains(QString::fromStdString(key)));
        grid->addWidget(box, static_cast<int>(boxes_.size()) / 3, static_cast<int>(boxes_.size()) % 3);
        boxes_.push_back(box);
    }
    layout->addLayout(grid);
    seeds_->setRange(1, 20);
    seeds_->setValue(3);
    seeds_->setPrefix(tr("seeds: "));
    seeds_->setToolTip(tr("Runs per architecture (training seeds seed, seed + 1, …): with 2 or more the table "
                          "shows mean ± sd"));
    layout->addWidget(seeds_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Train and compare"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

QStringList CompareDialog::architectures() const
{
    QStringList chosen;
    for (auto* b : boxes_)
        if (b->isChecked()) chosen << b->text();
    return chosen;
}

int CompareDialog::seeds() const
{
    return seeds_->value();
}

} // namespace mtlx::ui
