#include "ui/architecturediagram.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include "ui/plotexport.h"

namespace mtlx::ui {
namespace {

const QColor kShared(120, 120, 120);
const QColor kHead(255, 140, 0);

struct Box {
    QRectF rect;
    QString text;
    QColor color;
    bool dashed = false;
};

QString widths(const std::vector<std::int64_t>& w)
{
    QStringList items;
    for (auto x : w)
        items << QString::number(x);
    return items.isEmpty() ? QObject::tr("linear") : items.join("·");
}

void drawBox(QPainter& p, const Box& b)
{
    QColor fill = b.color;
    fill.setAlpha(45);
    p.setBrush(fill);
    p.setPen(QPen(b.color, 1.6, b.dashed ? Qt::DashLine : Qt::SolidLine));
    p.drawRoundedRect(b.rect, 5, 5);
    p.setPen(Qt::black);
    p.drawText(b.rect.adjusted(2, 1, -2, -1), Qt::AlignCenter | Qt::TextWordWrap, b.text);
}

void link(QPainter& p, const QRectF& from, const QRectF& to, const QColor& color = QColor(90, 90, 90))
{
    p.setPen(QPen(color, 1.0));
    p.drawLine(QPointF(from.center().x(), from.top()), QPointF(to.center().x(), to.bottom()));
}

// The experts of one level: owner (task index, or -1 for shared) and a label.
std::vector<std::pair<int, QString>> expertsOf(const ExperimentSpec& s, const std::vector<TaskInfo>& tasks)
{
    std::vector<std::pair<int, QString>> e;
    const auto& a = s.model.arch;
    if (a == "mmoe" || a == "ml_mmoe") {
        for (int i = 0; i < s.model.experts; ++i)
            e.emplace_back(-1, QString("E%1").arg(i + 1));
    } else if (a == "ple" || a == "adatt" || a == "adatt_sp") {
        for (std::size_t t = 0; t < tasks.size(); ++t)
            for (int i = 0; i < s.model.expertsPerTask; ++i)
                e.emplace_back(static_cast<int>(t), QString::fromStdString(tasks[t].name) + QString("/%1").arg(i + 1));
        if (a != "adatt_sp")
            for (int i = 0; i < s.model.sharedExperts; ++i)
                e.emplace_back(-1, QString("shared/%1").arg(i + 1));
    } else if (a == "cross_stitch") {
        for (std::size_t t = 0; t < tasks.size(); ++t)
            e.emplace_back(static_cast<int>(t), QString::fromStdString(tasks[t].name));
    }
    return e;
}

} // namespace

ArchitectureDiagram::ArchitectureDiagram(QWidget* parent) : QWidget(parent)
{
    setObjectName("architectureDiagram");
    setMinimumSize(360, 260);
    setAutoFillBackground(true);
    setPalette(QPalette(Qt::white));
}

void ArchitectureDiagram::setSpec(const ExperimentSpec& spec)
{
    spec_ = spec;
    update();
}

void ArchitectureDiagram::setCounts(bool known, const ParameterCounts& counts, const QString& error)
{
    countsError_ = !error.isEmpty();
    if (countsError_)
        counts_ = error;
    else if (!known)
        counts_ = tr("parameter counts: known once the data set is loaded (train once)");
    else
        counts_ = tr("%1 parameters in training · %2 serving")
                      .arg(QLocale().toString(static_cast<qlonglong>(counts.training)),
                           QLocale().toString(static_cast<qlonglong>(counts.serving)));
    update();
}

void ArchitectureDiagram::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    QFont small = font();
    small.setPointSizeF(std::max(6.5, font().pointSizeF() - 1.5));
    p.setFont(small);
    const auto tasks = spec_.tasks();
    const auto T = static_cast<int>(tasks.size());
    const auto& a = spec_.model.arch;
    const bool bottomArch = a == "shared_bottom" || a == "single_task";
    const int levels = bottomArch ? 1 : spec_.model.levels();
    const bool gated = spec_.model.gated();
    // Rows from the bottom: input, (conv), levels (each with a gate row when gated), towers, outputs.
    const int rowCount = 2 + (bottomArch && !spec_.model.conv.empty() ? 1 : 0) + levels * (gated ? 2 : 1) + 1;
    const double margin = 10, footer = 26;
    const double rowH = (height() - 2 * margin - footer) / rowCount;
    const double boxH = std::min(rowH * 0.62, 46.0);
    const double W = width() - 2 * margin;
    auto rowRect = [&](int row, double x0, double x1) { // row 0 = bottom
        const double y = height() - footer - margin - (row + 1) * rowH + (rowH - boxH) / 2;
        return QRectF(margin + x0 * W, y, (x1 - x0) * W, boxH);
    };
    auto columns = [&](int count, int row, double from = 0.0, double to = 1.0) {
        std::vector<QRectF> rects;
        const double span = (to - from) / std::max(count, 1);
        for (int i = 0; i < count; ++i) {
            const auto r = rowRect(row, from + i * span, from + (i + 1) * span);
            rects.push_back(r.adjusted(3, 0, -3, 0));
        }
        return rects;
    };
    const double towerSpan = spec_.heads.kind == "none" ? 1.0 : 0.78;

    int row = 0;
    Box input{rowRect(row, 0.25, 0.75), tr("input: %1").arg(QString::fromStdString(spec_.dataset.kind)), kShared};
    drawBox(p, input);
    std::vector<QRectF> below{input.rect}; // what the next row links to
    ++row;
    if (bottomArch && !spec_.model.conv.empty()) {
        Box conv{rowRect(row, 0.2, 0.8),
                 tr("conv %1 (k = %2) → pool").arg(widths(spec_.model.conv)).arg(spec_.model.convKernel), kShared};
        link(p, below[0], conv.rect);
        drawBox(p, conv);
        below = {conv.rect};
        ++row;
    }
    if (a == "shared_bottom") {
        Box b{rowRect(row, 0.2, 0.8), tr("shared bottom %1").arg(widths(spec_.model.bottom)), kShared};
        link(p, below[0], b.rect);
        drawBox(p, b);
        below = {b.rect};
        ++row;
    } else if (a == "single_task") {
        auto rects = columns(T, row, 0, towerSpan);
        for (int t = 0; t < T; ++t) {
            link(p, below[0], rects[static_cast<std::size_t>(t)]);
            drawBox(p, {rects[static_cast<std::size_t>(t)], tr("bottom %1").arg(widths(spec_.model.bottom)),
                        seriesColor(t)});
        }
        below = rects;
        ++row;
    } else {
        const auto experts = expertsOf(spec_, tasks);
        const int shown = std::min<int>(static_cast<int>(experts.size()), 16);
        for (int l = 0; l < levels; ++l) {
            auto rects = columns(shown, row);
            for (int i = 0; i < shown; ++i) {
                const auto& [owner, label] = experts[static_cast<std::size_t>(i)];
                for (const auto& b : below)
                    link(p, b, rects[static_cast<std::size_t>(i)], QColor(190, 190, 190));
                const QString text = i == 15 && static_cast<int>(experts.size()) > 16
                                         ? tr("… %1 more").arg(experts.size() - 15)
                                         : label + "\n" + widths(spec_.model.expertDims[static_cast<std::size_t>(l)]);
                drawBox(p, {rects[static_cast<std::size_t>(i)], text, owner < 0 ? kShared : seriesColor(owner)});
            }
            ++row;
            std::vector<QRectF> next = rects;
            if (gated || a == "cross_stitch") {
                // One gate per task (and the shared module's below the last level of PLE/AdaTT).
                const bool sharedGate =
                    (a == "ple" || (a == "adatt" && spec_.model.sharedExperts > 0)) && l + 1 < levels;
                const int gates = T + (sharedGate ? 1 : 0);
                next.clear();
                if (gated) {
                    auto g = columns(gates, row, 0.05, 0.95);
                    for (int k = 0; k < gates; ++k) {
                        const QRectF c(g[static_cast<std::size_t>(k)].center() - QPointF(16, 10), QSizeF(32, 20));
                        for (const auto& r : rects)
                            link(p, r, c, QColor(200, 200, 200));
                        const QColor color = k < T ? seriesColor(k) : kShared;
                        p.setBrush(color.lighter(170));
                        p.setPen(QPen(color, 1.5));
                        p.drawEllipse(c);
                        p.setPen(Qt::black);
                        p.drawText(c, Qt::AlignCenter, k < T ? tr("g%1").arg(k + 1) : tr("gS"));
                        next.push_back(c);
                    }
                    ++row;
                } else { // cross-stitch: the α units between the columns
                    for (std::size_t i = 0; i + 1 < rects.size(); ++i) {
                        p.setPen(QPen(kShared, 1.2, Qt::DotLine));
                        p.drawLine(rects[i].center(), rects[i + 1].center());
                    }
                    next = rects;
                }
            }
            below = next;
        }
    }
    // Towers (and the small heads beside them, training only).
    auto towers = columns(T, row, 0, towerSpan);
    for (int t = 0; t < T; ++t) {
        const auto& r = towers[static_cast<std::size_t>(t)];
        const auto& from = below.size() == static_cast<std::size_t>(T)
                               ? below[static_cast<std::size_t>(t)]
                               : below[static_cast<std::size_t>(t) % below.size()];
        link(p, from, r, seriesColor(t));
        drawBox(p,
                {r,
                 tr("tower %1\n%2")
                     .arg(QString::fromStdString(tasks[static_cast<std::size_t>(t)].name), widths(spec_.model.towers)),
                 seriesColor(t)});
        const auto out = QRectF(r.left(), r.top() - rowH * 0.9, r.width(), rowH * 0.6);
        p.setPen(seriesColor(t).darker(130));
        p.drawText(out, Qt::AlignCenter,
                   QString::fromStdString(tasks[static_cast<std::size_t>(t)].name + " (" +
                                          toString(tasks[static_cast<std::size_t>(t)].kind) + ")"));
        p.drawLine(QPointF(r.center().x(), r.top()), QPointF(r.center().x(), out.bottom()));
    }
    if (spec_.heads.kind != "none") {
        const auto& h = spec_.heads;
        QString what = QString::fromStdString(h.kind);
        if (h.kind == "pool") what += tr(" k=%1").arg(h.poolWindow);
        if (h.kind == "bottleneck") what += tr(" b=%1").arg(h.bottleneckWidth);
        if (h.kind == "pta") what += tr(" ×%1").arg(h.pseudoTasks);
        const QRectF head = rowRect(row, towerSpan + 0.01, 1.0);
        drawBox(p, {head, tr("small heads: %1\nγ=%2 τ=%3 (training only)").arg(what).arg(h.gamma).arg(h.temperature),
                    kHead, true});
        for (const auto& b : below) {
            p.setPen(QPen(kHead, 1.0, Qt::DashLine));
            p.drawLine(QPointF(b.center().x(), b.top()), QPointF(head.center().x(), head.bottom()));
        }
    }
    p.setFont(font());
    p.setPen(countsError_ ? QColor(176, 0, 32) : Qt::black);
    p.drawText(QRectF(margin, height() - footer, W, footer - 4), Qt::AlignCenter,
               tr("%1 — %2").arg(QString::fromStdString(a), counts_));
}

} // namespace mtlx::ui
