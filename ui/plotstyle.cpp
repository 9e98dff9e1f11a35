#include "ui/plotstyle.h"

#include <algorithm>
#include <vector>

#include <QApplication>
#include <QEvent>
#include <QFontMetrics>
#include <QPalette>
#include <QStyle>
#include <QTimer>

#include "ui/qcp.h"

namespace mtlx::ui {
namespace {

// redrawWhenShownOrResized's watcher: owned by the plot, one redraw per burst of events, and only
// when `needed` says so (a redraw can undo the user's zoom).
class RedrawOnShow : public QObject {
public:
    RedrawOnShow(QCustomPlot* plot, std::function<void()> redraw, std::function<bool()> needed)
        : QObject(plot), redraw_(std::move(redraw)), needed_(std::move(needed))
    {
        plot->installEventFilter(this);
    }
    bool eventFilter(QObject*, QEvent* event) override
    {
        if ((event->type() == QEvent::Show || event->type() == QEvent::Resize) && !pending_) {
            pending_ = true;
            QTimer::singleShot(0, this, [this] {
                pending_ = false;
                if (needed_()) redraw_();
            });
        }
        return false;
    }

private:
    std::function<void()> redraw_;
    std::function<bool()> needed_;
    bool pending_ = false;
};

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

// The label shown for an axis of `length` pixels: whole, without its trailing "(…)", or elided.
QString fittedLabel(const QString& full, const QFont& font, int length)
{
    const QFontMetrics fm(font);
    if (length <= 0 || fm.horizontalAdvance(full) <= length) return full;
    const int paren = full.lastIndexOf(" (");
    if (paren > 0 && full.endsWith(')') && fm.horizontalAdvance(full.left(paren)) <= length) return full.left(paren);
    return fm.elidedText(full, Qt::ElideRight, length);
}

} // namespace

void fitAxesToSize(QCustomPlot* plot)
{
    QObject::connect(plot, &QCustomPlot::beforeReplot, plot, [plot] {
        // The axis rect is the previous replot's: shift it by how much the viewport changed since.
        const QSize view = plot->viewport().size();
        const QVariant last = plot->property("fittedViewport");
        const QSize before = last.isValid() ? last.toSize() : view;
        plot->setProperty("fittedViewport", view);
        if (!plot->isVisible() || !last.isValid()) return; // not laid out on screen yet
        for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
            const bool vertical = axis->orientation() == Qt::Vertical;
            const int length = vertical ? axis->axisRect()->height() + view.height() - before.height()
                                        : axis->axisRect()->width() + view.width() - before.width();
            if (length <= 0) continue;
            // A view sets the whole label as usual; what it set is kept aside while a fitted one shows.
            if (axis->label() != axis->property("shownLabel").toString()) axis->setProperty("fullLabel", axis->label());
            const QString shown = fittedLabel(axis->property("fullLabel").toString(), axis->labelFont(), length);
            axis->setProperty("shownLabel", shown);
            axis->setLabel(shown);
            // Tick labels ~30 px apart on a vertical axis, ~80 px on a horizontal one.
            axis->ticker()->setTickCount(std::clamp(length / (vertical ? 30 : 80), 2, 5));
        }
    });
}

void applyPalette(QCustomPlot* plot)
{
    const QPalette p = QApplication::palette();
    plot->setBackground(p.color(QPalette::Base));
    for (auto* rect : plot->axisRects())
        for (auto* axis : rect->axes())
            styleAxis(axis, p);
    plot->legend->setBrush(p.color(QPalette::Base));
    plot->legend->setTextColor(p.color(QPalette::Text));
    // Titles and colour scales live in the plot's layout, outside the axis rectangles.
    for (auto* element : plot->plotLayout()->elements(true)) {
        if (auto* title = qobject_cast<QCPTextElement*>(element)) title->setTextColor(p.color(QPalette::Text));
        if (auto* scale = qobject_cast<QCPColorScale*>(element)) styleAxis(scale->axis(), p);
    }
    if (auto* hint = hintOf(plot)) hint->setColor(p.color(QPalette::PlaceholderText));
}

void setDarkPalette(bool dark)
{
    if (!dark) {
        QApplication::setPalette(QApplication::style()->standardPalette());
        return;
    }
    QPalette p;
    const QColor window(45, 45, 48), base(30, 30, 32), text(225, 225, 225), disabled(120, 120, 120);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::PlaceholderText, QColor(150, 150, 150));
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Highlight, QColor(61, 142, 201));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(110, 170, 230));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    QApplication::setPalette(p);
}

bool darkPaletteOn()
{
    return QApplication::palette().color(QPalette::Base).lightness() < 100;
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

namespace {

const char* const kLegendColumns = "mtlxLegendColumns";
const char* const kLegendCapped = "mtlxLegendCapped";
const char* const kMoreName = "legendMore";

QCPTextElement* moreOf(const QCustomPlot* plot)
{
    auto* layout = plot->plotLayout();
    for (int i = 0; i < layout->elementCount(); ++i)
        if (auto* t = qobject_cast<QCPTextElement*>(layout->elementAt(i)); t && t->objectName() == kMoreName) return t;
    return nullptr;
}

// At most about a third of the plot's height of legend entries: with many runs overlaid the rest
// are dropped from the legend — their curves stay — and a line under it says how many, so the
// axes keep their room.
std::size_t legendCapacity(const QCustomPlot* plot)
{
    const auto* legend = plot->legend;
    const QFontMetrics fm(legend->font());
    const int rowHeight = std::max(fm.height(), legend->iconSize().height()) + legend->rowSpacing() + 2;
    const int rows = std::max(2, static_cast<int>(0.3 * std::max(plot->height(), 200)) / rowHeight);
    return static_cast<std::size_t>(rows * std::max(1, legend->wrap()));
}

// The legend's entries: itemCount() counts the grid's cells, empty ones included.
std::vector<QCPAbstractLegendItem*> legendEntries(const QCustomPlot* plot)
{
    std::vector<QCPAbstractLegendItem*> entries;
    for (int i = 0; i < plot->legend->itemCount(); ++i)
        if (auto* item = plot->legend->item(i)) entries.push_back(item);
    return entries;
}

int capLegend(QCustomPlot* plot)
{
    auto entries = legendEntries(plot);
    const auto keep = legendCapacity(plot);
    int dropped = 0;
    for (; entries.size() > keep; entries.pop_back(), ++dropped)
        plot->legend->removeItem(entries.back());
    return dropped;
}

// The line under the legend naming the entries it left out; none when it left none out.
void placeMore(QCustomPlot* plot, int dropped, bool legendShown)
{
    auto* layout = plot->plotLayout();
    auto* more = moreOf(plot);
    if (dropped == 0 || !legendShown) {
        if (more) {
            layout->remove(more);
            layout->simplify();
        }
        return;
    }
    if (!more) {
        more = new QCPTextElement(plot);
        more->setObjectName(kMoreName);
        QFont font = plot->legend->font();
        font.setItalic(true);
        more->setFont(font);
        more->setTextColor(plot->legend->textColor());
        layout->addElement(layout->rowCount(), 0, more);
        layout->setRowStretchFactor(layout->rowCount() - 1, 0.001);
    }
    more->setText(dropped == 1
                      ? QApplication::translate("plotstyle", "… and 1 more entry, not listed")
                      : QApplication::translate("plotstyle", "… and %1 more entries, not listed").arg(dropped));
}

} // namespace

void redrawWhenShownOrResized(QCustomPlot* plot, std::function<void()> redraw)
{
    // Only where the legend is capped on screen and left entries out, or has more than fit now.
    new RedrawOnShow(plot, std::move(redraw), [plot] {
        return plot->property(kLegendCapped).toBool() && plot->isVisible() &&
               (moreOf(plot) != nullptr || legendEntries(plot).size() > legendCapacity(plot));
    });
}

void fitLegendColumns(QCustomPlot* plot)
{
    auto* legend = plot->legend;
    const int asked = std::max(1, plot->property(kLegendColumns).toInt());
    int widest = 0;
    for (int i = 0; i < legend->itemCount(); ++i)
        if (auto* item = legend->item(i)) widest = std::max(widest, item->minimumOuterSizeHint().width());
    // The plot's own width, or its parent's while it is not laid out yet (a view not shown, as
    // figures are drawn); the legend's margins and column spacing come off it.
    const int width = std::max(plot->width(), plot->parentWidget() ? plot->parentWidget()->width() : 0) -
                      legend->margins().left() - legend->margins().right();
    const int columns = std::clamp(width / std::max(widest + legend->columnSpacing(), 1), 1, asked);
    if (legend->wrap() == columns) return;
    legend->setWrap(columns);
    legend->setFillOrder(legend->fillOrder(), true); // the entries already in, re-flowed
}

void placeLegendBelow(QCustomPlot* plot)
{
    auto* layout = plot->plotLayout();
    if (auto* more = moreOf(plot)) { // put back below the legend once the legend is placed
        layout->remove(more);
        layout->simplify();
    }
    fitLegendColumns(plot);
    // Capped on screen only: a plot not shown yet has no height of its own to share.
    const bool capped = plot->property(kLegendCapped).toBool() && plot->isVisible();
    const int dropped = plot->legend->itemCount() > 0 && capped ? capLegend(plot) : 0;
    const bool placed = layout->hasElement(1, 0) && layout->element(1, 0) == plot->legend;
    const bool wanted = plot->legend->itemCount() > 0;
    if (placed && !wanted) {
        layout->take(plot->legend);
        layout->simplify();
    } else if (!placed && wanted) {
        layout->addElement(1, 0, plot->legend);
        layout->setRowStretchFactor(1, 0.001);
    }
    plot->legend->setVisible(wanted);
    placeMore(plot, dropped, wanted);
}

void styleLegendBelow(QCustomPlot* plot, int columns, double pointSize, bool capped)
{
    plot->setProperty(kLegendCapped, capped);
    QFont font(plot->font().family());
    font.setPointSizeF(pointSize);
    plot->legend->setFont(font);
    plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    plot->legend->setWrap(columns);
    plot->setProperty(kLegendColumns, columns); // the most placeLegendBelow uses
    plot->legend->setBorderPen(Qt::NoPen);
    placeLegendBelow(plot);
}

bool hasEmptyHint(const QCustomPlot* plot)
{
    return hintOf(plot) != nullptr;
}

} // namespace mtlx::ui
