#include "ui/plotstyle.h"

#include <QApplication>
#include <QPalette>

#include "ui/qcp.h"

namespace mtlx::ui {
namespace {

const char* const kHintName = "emptyHint";

QCPItemText* hintOf(const QCustomPlot* plot)
{
    for (int i = 0; i < plot->itemCount(); ++i)
        if (auto* t = qobject_cast<QCPItemText*>(plot->item(i)); t && t->objectName() == kHintName) return t;
    return nullptr;
}

void styleAxis(QCPAxis* axis, const QPalette& p)
{
    const QColor text = p.color(QPalette::WindowText);
    QColor grid = text;
    grid.setAlpha(40);
    axis->setBasePen(QPen(text));
    axis->setTickPen(QPen(text));
    axis->setSubTickPen(QPen(text));
    axis->setTickLabelColor(text);
    axis->setLabelColor(text);
    axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
}

} // namespace

void applyPalette(QCustomPlot* plot)
{
    const QPalette p = QApplication::palette();
    plot->setBackground(p.color(QPalette::Base));
    for (auto* rect : plot->axisRects())
        for (auto* axis : rect->axes())
            styleAxis(axis, p);
    plot->legend->setBrush(p.color(QPalette::Base));
    plot->legend->setTextColor(p.color(QPalette::Text));
    if (auto* hint = hintOf(plot)) hint->setColor(p.color(QPalette::PlaceholderText));
}

void setEmptyHint(QCustomPlot* plot, const QString& hint)
{
    auto* item = hintOf(plot);
    if (hint.isEmpty()) {
        if (!item) return;
        plot->removeItem(item);
        // The axes as they were before the hint.
        const auto shown = plot->property("mtlxAxesShown").toList();
        int i = 0;
        for (auto* rect : plot->axisRects())
            for (auto* axis : rect->axes())
                axis->setVisible(i < shown.size() ? shown[i++].toBool() : true);
        return;
    }
    if (!item) {
        QVariantList shown;
        for (auto* rect : plot->axisRects())
            for (auto* axis : rect->axes())
                shown << axis->visible();
        plot->setProperty("mtlxAxesShown", shown);
        item = new QCPItemText(plot);
        item->setObjectName(kHintName);
        item->setClipToAxisRect(false);
        item->position->setType(QCPItemPosition::ptAxisRectRatio);
        item->position->setCoords(0.5, 0.5);
        item->setPositionAlignment(Qt::AlignCenter);
        item->setTextAlignment(Qt::AlignCenter);
        item->setColor(QApplication::palette().color(QPalette::PlaceholderText));
    }
    item->setText(hint);
    for (auto* rect : plot->axisRects())
        for (auto* axis : rect->axes())
            axis->setVisible(false);
}

bool hasEmptyHint(const QCustomPlot* plot)
{
    return hintOf(plot) != nullptr;
}

} // namespace mtlx::ui
