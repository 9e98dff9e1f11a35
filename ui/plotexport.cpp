#include "ui/plotexport.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include <QCoreApplication>
#include <QFileInfo>
#include <QImage>
#include <QLayout>
#include <QPdfWriter>
#include <QResizeEvent>
#include <QScrollArea>
#include <QSvgGenerator>

#include "ui/qcp.h"

namespace mtlx::ui {

QColor seriesColor(int index)
{
    static const QColor colors[] = {QColor(31, 119, 180),  QColor(214, 39, 40),  QColor(44, 160, 44),
                                    QColor(148, 103, 189), QColor(255, 127, 14), QColor(23, 190, 207),
                                    QColor(140, 86, 75),   QColor(227, 119, 194)};
    constexpr int n = sizeof(colors) / sizeof(colors[0]);
    const int i = std::abs(index) % (3 * n);
    QColor c = colors[i % n];
    if (i < n) return c;
    // Runs 9–16 get the same hues darker, 17–24 paler: no two of 24 runs share a colour.
    int h = 0, s = 0, v = 0;
    c.getHsv(&h, &s, &v);
    return i < 2 * n ? QColor::fromHsv(h, s, v * 3 / 5) : QColor::fromHsv(h, s * 9 / 20, v);
}

namespace {

// Lays `view` out at `size` for as long as it lives (an export of another size than on screen).
class TemporarySize {
public:
    TemporarySize(QWidget* view, QSize size) : view_(view), old_(view->size())
    {
        // A view inside a scroll area that sizes it (the window's views) is let go meanwhile.
        auto* parent = view->parentWidget();
        scroll_ = parent ? qobject_cast<QScrollArea*>(parent->parentWidget()) : nullptr;
        if (scroll_ && scroll_->widgetResizable() && size.isValid() && size != old_)
            scroll_->setWidgetResizable(false);
        else
            scroll_ = nullptr;
        if (size.isValid() && size != old_) {
            view_->resize(size);
            sendResize(size);
        }
    }
    ~TemporarySize()
    {
        if (view_->size() != old_) {
            view_->resize(old_);
            sendResize(old_);
        }
        if (scroll_) scroll_->setWidgetResizable(true);
    }

private:
    // A hidden view does not lay itself out on resize(): make its layouts see the new size.
    void sendResize(QSize size)
    {
        QResizeEvent e(size, view_->size());
        QCoreApplication::sendEvent(view_, &e);
        if (auto* l = view_->layout()) l->activate();
        for (auto* plot : view_->findChildren<QCustomPlot*>())
            plot->replot(QCustomPlot::rpImmediateRefresh);
    }
    QWidget* view_;
    QSize old_;
    QScrollArea* scroll_ = nullptr;
};

QString savePng(QWidget* view, const QString& path, int dpi)
{
    const double scale = std::clamp(dpi, 24, 1200) / 96.0;
    QImage image((QSizeF(view->size()) * scale).toSize(), QImage::Format_ARGB32);
    image.setDevicePixelRatio(scale);
    image.setDotsPerMeterX(static_cast<int>(dpi / 0.0254));
    image.setDotsPerMeterY(static_cast<int>(dpi / 0.0254));
    image.fill(view->palette().color(QPalette::Window));
    view->render(&image);
    if (!image.save(path, "PNG")) return path + ": cannot write the PNG";
    return {};
}

} // namespace

QString exportView(QWidget* view, const QString& path, QSize size, int dpi)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    auto* plot = qobject_cast<QCustomPlot*>(view);
    if (!plot) plot = view->findChild<QCustomPlot*>();
    const bool onlyPlot = plot && (plot == view || view->findChildren<QCustomPlot*>().size() == 1);
    if (suffix != "png" && suffix != "svg" && suffix != "pdf")
        return path + ": unknown format (use .png, .svg or .pdf)";
    const TemporarySize laidOut(view, size);
    const int w = view->width(), h = view->height();
    if (suffix == "png") return savePng(view, path, dpi);
    std::unique_ptr<QSvgGenerator> svg;
    std::unique_ptr<QPdfWriter> pdf;
    QPaintDevice* device = nullptr;
    if (suffix == "svg") {
        svg = std::make_unique<QSvgGenerator>();
        svg->setFileName(path);
        svg->setSize(QSize(w, h));
        svg->setViewBox(QRect(0, 0, w, h));
        svg->setTitle(view->windowTitle());
        device = svg.get();
    } else {
        pdf = std::make_unique<QPdfWriter>(path);
        pdf->setPageSize(QPageSize(QSizeF(w, h), QPageSize::Point));
        pdf->setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf->setResolution(72);
        device = pdf.get();
    }
    if (onlyPlot) {
        QCPPainter painter;
        if (!painter.begin(device)) return path + ": cannot write the file";
        plot->toPainter(&painter, plot->width(), plot->height());
        painter.end();
    } else {
        QPainter painter;
        if (!painter.begin(device)) return path + ": cannot write the file";
        view->render(&painter);
        painter.end();
    }
    svg.reset();
    pdf.reset();
    if (!QFileInfo::exists(path)) return path + ": nothing was written";
    return {};
}

QString dialogFolder()
{
    const QString last = QSettings().value("dialogs/folder").toString();
    if (!last.isEmpty() && QFileInfo(last).isDir()) return last;
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QFileInfo(documents).isDir() ? documents : QDir::homePath();
}

QString inDialogFolder(const QString& name)
{
    return QDir(dialogFolder()).filePath(name);
}

void rememberDialogFolder(const QString& path)
{
    if (path.isEmpty()) return;
    const QFileInfo info(path);
    QSettings().setValue("dialogs/folder", info.isDir() ? info.absoluteFilePath() : info.absolutePath());
}

} // namespace mtlx::ui
