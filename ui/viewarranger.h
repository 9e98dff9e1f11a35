#pragma once
// How the window's views are arranged for a task: a lesson step's view large (the other views
// tucked away as tabs behind the lesson, the diagram out of the way) and everything put back
// when the lesson ends; any view enlarged in place (a double-click on its title, or
// View ▸ Enlarge view) and back; and the geometry report of `mtlx --geometry-report`: every
// visible view's plotting area in pixels. UI thread only.
#include <functional>
#include <vector>

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QStringList>

class QDockWidget;
class QMainWindow;
class QWidget;

namespace mtlx::ui {

struct ViewGeometry {
    QString name;            // the view's key (howtoread.h)
    int plotWidth = 0;       // its plotting area: the axis rectangles of its visible plots
    int plotHeight = 0;      // (together, for one figure of several panels), else the view
    bool lessonView = false; // the current lesson step is about it
};

class ViewArranger : public QObject {
    Q_OBJECT
public:
    // `views`: the keys of the views, `dockOf` their docks; `lessonDock` holds the lessons.
    ViewArranger(QMainWindow* window, QStringList views, std::function<QDockWidget*(const QString&)> dockOf,
                 QDockWidget* lessonDock);

    // A lesson step about `view`: it takes the window beside the lesson (the layout before the
    // first step is kept); "" shows the lesson alone.
    void focus(const QString& view);
    // Ends a lesson's arrangement: the layout as it was before its first step.
    void restore();
    bool focused() const { return !beforeLesson_.isEmpty(); }
    QString focusedView() const { return focusedView_; }

    // Enlarges `dock` over the whole window (the other views hidden), or puts it back.
    void toggleEnlarged(QDockWidget* dock);
    QDockWidget* enlarged() const { return enlarged_; }
    // The dock under the mouse or holding the keyboard focus.
    QDockWidget* dockAtCursor() const;

    std::vector<ViewGeometry> geometry() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QMainWindow* window_;
    QStringList views_;
    std::function<QDockWidget*(const QString&)> dockOf_;
    QDockWidget* lessonDock_;
    QByteArray beforeLesson_, beforeEnlarged_;
    QString focusedView_;
    QDockWidget* enlarged_ = nullptr;
};

// The plotting area of a view: the union of the axis rectangles of its visible plots
// (QCustomPlot), or the view's own size when it draws none.
QSize plotArea(const QWidget* view);

} // namespace mtlx::ui
