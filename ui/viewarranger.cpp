#include "ui/viewarranger.h"

#include <QApplication>
#include <QCursor>
#include <QDockWidget>
#include <QEvent>
#include <QMainWindow>
#include <QMouseEvent>

#include "ui/qcp.h"

namespace mtlx::ui {

QSize plotArea(const QWidget* view)
{
    QRect area;
    for (const auto* plot : view->findChildren<QCustomPlot*>()) {
        if (!plot->isVisible()) continue;
        for (const auto* rect : plot->axisRects())
            area |= QRect(plot->mapTo(view, rect->rect().topLeft()), rect->rect().size());
    }
    return area.isEmpty() ? view->size() : area.size();
}

ViewArranger::ViewArranger(QMainWindow* window, QStringList views, std::function<QDockWidget*(const QString&)> dockOf,
                           QDockWidget* lessonDock)
    : QObject(window), window_(window), views_(std::move(views)), dockOf_(std::move(dockOf)), lessonDock_(lessonDock)
{
    for (const auto& key : views_)
        if (auto* d = dockOf_(key)) d->installEventFilter(this);
}

void ViewArranger::focus(const QString& view)
{
    if (enlarged_) toggleEnlarged(enlarged_);
    if (beforeLesson_.isEmpty()) beforeLesson_ = window_->saveState();
    focusedView_ = view;
    auto* shown = dockOf_(view);
    if (auto* central = window_->centralWidget()) central->hide();
    lessonDock_->show();
    window_->addDockWidget(Qt::LeftDockWidgetArea, lessonDock_);
    for (const auto& key : views_) {
        auto* d = dockOf_(key);
        if (!d || d == shown) continue;
        window_->tabifyDockWidget(lessonDock_, d); // tucked away behind the lesson, a click brings it
    }
    if (auto* experiment = window_->findChild<QDockWidget*>("experimentDock"))
        window_->tabifyDockWidget(lessonDock_, experiment);
    if (shown) {
        window_->addDockWidget(Qt::RightDockWidgetArea, shown);
        shown->show();
    }
    lessonDock_->raise();
    const int width = window_->width();
    if (shown)
        window_->resizeDocks({lessonDock_, shown}, {std::max(300, width * 29 / 100), width * 71 / 100}, Qt::Horizontal);
}

void ViewArranger::restore()
{
    if (enlarged_) toggleEnlarged(enlarged_);
    if (beforeLesson_.isEmpty()) return;
    if (auto* central = window_->centralWidget()) central->show(); // first: restoreState sizes the docks around it
    window_->restoreState(beforeLesson_);
    beforeLesson_.clear();
    focusedView_.clear();
}

void ViewArranger::toggleEnlarged(QDockWidget* dock)
{
    if (!dock) return;
    if (enlarged_) {
        if (auto* central = window_->centralWidget()) central->setVisible(!focused());
        window_->restoreState(beforeEnlarged_);
        const bool same = enlarged_ == dock;
        enlarged_ = nullptr;
        if (same) return;
    }
    beforeEnlarged_ = window_->saveState();
    enlarged_ = dock;
    if (auto* central = window_->centralWidget()) central->hide();
    for (auto* d : window_->findChildren<QDockWidget*>())
        if (d != dock) d->hide();
    dock->setFloating(false);
    dock->show();
    dock->raise();
}

QDockWidget* ViewArranger::dockAtCursor() const
{
    for (QWidget* w = QApplication::widgetAt(QCursor::pos()); w; w = w->parentWidget())
        if (auto* d = qobject_cast<QDockWidget*>(w)) return d;
    for (QWidget* w = QApplication::focusWidget(); w; w = w->parentWidget())
        if (auto* d = qobject_cast<QDockWidget*>(w)) return d;
    return nullptr;
}

bool ViewArranger::eventFilter(QObject* watched, QEvent* event)
{
    // A double-click on a dock's title enlarges it (instead of floating it); again puts it back.
    if (event->type() == QEvent::MouseButtonDblClick) {
        auto* d = qobject_cast<QDockWidget*>(watched);
        const auto* mouse = static_cast<QMouseEvent*>(event);
        if (d && d->widget() && mouse->position().y() < d->widget()->geometry().top()) {
            toggleEnlarged(d);
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

std::vector<ViewGeometry> ViewArranger::geometry() const
{
    std::vector<ViewGeometry> views;
    for (const auto& key : views_) {
        const auto* d = dockOf_(key);
        if (!d || d->isHidden() || !d->widget() || !d->widget()->isVisible() || d->widget()->visibleRegion().isEmpty())
            continue;
        const QSize area = plotArea(d->widget());
        views.push_back({key, area.width(), area.height(), focused() && key == focusedView_});
    }
    return views;
}

} // namespace mtlx::ui
