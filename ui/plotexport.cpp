#include "ui/plotexport.h"

#include <memory>

#include <QFileInfo>
#include <QPdfWriter>
#include <QSvgGenerator>

#include "ui/qcp.h"

namespace mtlx::ui {

QColor seriesColor(int index)
{
    static const QColor colors[] = {QColor(31, 119, 180),  QColor(214, 39, 40),  QColor(44, 160, 44),
                                    QColor(148, 103, 189), QColor(255, 127, 14), QColor(23, 190, 207),
                                    QColor(140, 86, 75),   QColor(227, 119, 194)};
    return colors[static_cast<std::size_t>(index) % (sizeof(colors) / sizeof(colors[0]))];
}

QString exportView(QWidget* view, const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    auto* plot = qobject_cast<QCustomPlot*>(view);
    if (!plot) plot = view->findChild<QCustomPlot*>();
    const bool onlyPlot = plot && (plot == view || view->findChildren<QCustomPlot*>().size() == 1);
    const int w = view->width(), h = view->height();
    if (suffix == "png") {
        if (!view->grab().save(path, "PNG")) return path + ": cannot write the PNG";
        return {};
    }
    if (suffix != "svg" && suffix != "pdf") return path + ": unknown format (use .png, .svg or .pdf)";
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

} // namespace mtlx::ui
