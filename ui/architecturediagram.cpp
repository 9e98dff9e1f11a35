#include "ui/architecturediagram.h"

#include <QApplication>

#include <QFontInfo>
#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include "core/spec/gatewiring.h"
#include "core/spec/schema.h"
#include "ui/plotexport.h"

namespace mtlx::ui {
namespace {

const QColor kShared(120, 120, 120);
const QColor kHead(255, 140, 0);
constexpr int kMaxExpertsShown = 16;

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

// The head's kind and the settings that apply to it, named as the spec's schema names them.
QString headsText(const ExperimentSpec& spec)
{
    QStringList parts{QString::fromStdString(spec.heads.kind == "pta" ? "PTA-F (frozen towers)" : spec.heads.kind)};
    for (const auto& f : specSchema()) {
        if (f.section() != "heads" || f.key() == "kind" || !f.shownFor(spec)) continue;
        if (f.key() == "dropout" && spec.heads.dropout == 0) continue;
        parts << QString::fromStdString(f.label + " " + f.get(spec).dump());
    }
    return parts.join(", ");
}

QColor ownerColor(int owner)
{
    return owner < 0 ? kShared : seriesColor(owner);
}

void drawBox(QPainter& p, const Box& b)
{
    QColor fill = b.color;
    fill.setAlpha(45);
    p.setBrush(fill);
    p.setPen(QPen(b.color, 1.6, b.dashed ? Qt::DashLine : Qt::SolidLine));
    p.drawRoundedRect(b.rect, 5, 5);
    p.setPen(QApplication::palette().color(QPalette::Text)); // a tinted box: the palette's text reads on it
    // Every line whole where it can be: a long name breaks after its "/", then the font shrinks
    // (to 6.5 pt), and only then is the end of a line elided ("educ…": the box's colour names the
    // owner) — never its start cut off.
    const QRectF area = b.rect.adjusted(2, 1, -2, -1);
    const QFont before = p.font();
    QFont font = before;
    font.setPointSizeF(QFontInfo(before).pointSizeF()); // a font set in pixels has no point size to shrink
    QStringList lines;
    for (const auto& line : b.text.split('\n')) {
        const int slash = line.indexOf('/');
        if (slash > 0 && QFontMetricsF(font).horizontalAdvance(line) > area.width())
            lines << line.left(slash + 1) << line.mid(slash + 1);
        else
            lines << line;
    }
    auto widest = [&lines](const QFont& f) {
        double w = 0;
        for (const auto& l : lines)
            w = std::max(w, QFontMetricsF(f).horizontalAdvance(l));
        return w;
    };
    while (widest(font) > area.width() && font.pointSizeF() > 6.5)
        font.setPointSizeF(font.pointSizeF() - 0.5);
    p.setFont(font);
    QStringList shown;
    for (const auto& l : lines)
        shown << QFontMetricsF(font).elidedText(l, Qt::ElideRight, area.width());
    p.drawText(area, Qt::AlignCenter, shown.join('\n'));
    p.setFont(before);
}

// A line from the top of `from` to the bottom of `to` (data flows upwards).
void link(QPainter& p, const QRectF& from, const QRectF& to, const QPen& pen)
{
    p.setPen(pen);
    p.drawLine(QPointF(from.center().x(), from.top()), QPointF(to.center().x(), to.bottom()));
}

QString gateLabel(const GateLevel& level, const WiredGate& gate)
{
    const auto name = QString::fromStdString(gate.name);
    return level.kind == GateLevel::Kind::Stitch ? QStringLiteral("α %1").arg(name) : name;
}

void drawGate(QPainter& p, const QRectF& c, const QString& text, const QColor& color)
{
    p.setBrush(color.lighter(170));
    p.setPen(QPen(color, 1.5));
    p.drawEllipse(c);
    p.setPen(Qt::black);
    p.drawText(c, Qt::AlignCenter, text);
}

} // namespace

// Geometry of the drawing: rows from the bottom (row 0 = the input), columns as fractions of
// the width.
class ArchitectureDiagram::Layout {
public:
    Layout(const QSize& size, int rows) : size_(size), rowH_((size.height() - 2 * kMargin - kFooter) / rows)
    {
        boxH_ = std::min(rowH_ * 0.62, 46.0);
    }
    QRectF row(int r, double x0, double x1) const
    {
        const double W = size_.width() - 2 * kMargin;
        const double y = size_.height() - kFooter - kMargin - (r + 1) * rowH_ + (rowH_ - boxH_) / 2;
        return QRectF(kMargin + x0 * W, y, (x1 - x0) * W, boxH_);
    }
    std::vector<QRectF> columns(int count, int r, double from = 0.0, double to = 1.0) const
    {
        std::vector<QRectF> rects;
        const double span = (to - from) / std::max(count, 1);
        for (int i = 0; i < count; ++i)
            rects.push_back(row(r, from + i * span, from + (i + 1) * span).adjusted(3, 0, -3, 0));
        return rects;
    }
    // Gate ellipses centred in the columns of a row, wide enough for their labels (as far as
    // the column allows).
    std::vector<QRectF> circles(const std::vector<double>& labelWidths, int r) const
    {
        std::vector<QRectF> c;
        const auto cells = columns(static_cast<int>(labelWidths.size()), r, 0.05, 0.95);
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const double w = std::clamp(labelWidths[i] + 12, 36.0, std::max(36.0, cells[i].width()));
            c.emplace_back(cells[i].center() - QPointF(w / 2, 10), QSizeF(w, 20));
        }
        return c;
    }
    double rowHeight() const { return rowH_; }
    QRectF footer() const
    {
        return QRectF(kMargin, size_.height() - kFooter, size_.width() - 2 * kMargin, kFooter - 4);
    }

private:
    static constexpr double kMargin = 10, kFooter = 26;
    QSize size_;
    double rowH_, boxH_ = 0;
};

ArchitectureDiagram::ArchitectureDiagram(QWidget* parent) : QWidget(parent)
{
    setObjectName("architectureDiagram");
    setMinimumSize(300, 200);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base); // follows the palette, light or dark
}

// What the diagram draws, in words (its accessible description).
QString ArchitectureDiagram::describe(const ExperimentSpec& spec)
{
    QStringList tasks, parts;
    for (const auto& t : spec.tasks())
        tasks << QString::fromStdString(t.name);
    parts << tr("%1 for the tasks %2").arg(QString::fromStdString(spec.model.arch), tasks.join(", "));
    const auto widths = [](const std::vector<std::int64_t>& dims) {
        QStringList w;
        for (const auto d : dims)
            w << QString::number(d);
        return w.join(" × ");
    };
    const auto levels = gateWiring(spec.model, spec.tasks());
    if (levels.empty())
        parts << (spec.model.arch == "single_task" ? tr("a network of widths %1 per task")
                                                   : tr("one shared bottom of widths %1"))
                     .arg(widths(spec.model.bottom));
    for (std::size_t l = 0; l < levels.size(); ++l) {
        QStringList experts, gates;
        for (const auto& e : levels[l].experts)
            experts << QString::fromStdString(e.name);
        for (const auto& g : levels[l].gates)
            gates << QString::fromStdString(g.name);
        parts << tr("level %1: experts %2; %3 %4")
                     .arg(l + 1)
                     .arg(experts.join(", "))
                     .arg(levels[l].kind == GateLevel::Kind::Stitch ? tr("stitch rows") : tr("gates"))
                     .arg(gates.join(", "));
    }
    parts
        << tr("a tower per task of widths %1").arg(spec.model.towers.empty() ? tr("none") : widths(spec.model.towers));
    return parts.join(". ") + ".";
}

void ArchitectureDiagram::setSpec(const ExperimentSpec& spec)
{
    spec_ = spec;
    setAccessibleName(tr("Architecture diagram"));
    try {
        setAccessibleDescription(describe(spec));
    } catch (const std::exception&) {
        setAccessibleDescription(tr("the spec cannot be drawn"));
    }
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

std::vector<QRectF> ArchitectureDiagram::drawBottom(QPainter& p, const Layout& g, int& row) const
{
    const int T = static_cast<int>(spec_.tasks().size());
    const double towerSpan = spec_.heads.kind == "none" ? 1.0 : 0.78;
    Box input{g.row(row++, 0.25, 0.75), tr("input x: %1").arg(QString::fromStdString(spec_.dataset.kind)), kShared};
    drawBox(p, input);
    std::vector<QRectF> below{input.rect};
    QColor linkColour = palette().color(QPalette::Text);
    linkColour.setAlpha(150);
    const QPen grey(linkColour, 1.0);
    if (!spec_.model.conv.empty()) {
        Box conv{g.row(row++, 0.2, 0.8),
                 tr("conv %1 (k = %2) → pool").arg(widths(spec_.model.conv)).arg(spec_.model.convKernel), kShared};
        link(p, below[0], conv.rect, grey);
        drawBox(p, conv);
        below = {conv.rect};
    }
    if (spec_.model.arch == "shared_bottom") {
        Box b{g.row(row++, 0.2, 0.8), tr("shared bottom %1").arg(widths(spec_.model.bottom)), kShared};
        link(p, below[0], b.rect, grey);
        drawBox(p, b);
        return std::vector<QRectF>(static_cast<std::size_t>(T), b.rect);
    }
    auto rects = g.columns(T, row++, 0, towerSpan); // single_task: one network per task
    for (int t = 0; t < T; ++t) {
        link(p, below[0], rects[static_cast<std::size_t>(t)], grey);
        drawBox(p,
                {rects[static_cast<std::size_t>(t)], tr("bottom %1").arg(widths(spec_.model.bottom)), seriesColor(t)});
    }
    return rects;
}

std::vector<QRectF> ArchitectureDiagram::drawLevels(QPainter& p, const Layout& g, int& row) const
{
    const auto tasks = spec_.tasks();
    const auto wiring = gateWiring(spec_.model, tasks);
    Box input{g.row(row++, 0.25, 0.75), tr("input x: %1").arg(QString::fromStdString(spec_.dataset.kind)), kShared};
    drawBox(p, input);
    std::vector<QRectF> previousGates; // the units of the level below
    for (std::size_t l = 0; l < wiring.size(); ++l) {
        const auto& level = wiring[l];
        const auto experts = drawExperts(p, g, row++, level, spec_.model.expertDims[l], input.rect, previousGates);
        std::vector<double> labelWidths;
        for (const auto& gate : level.gates)
            labelWidths.push_back(p.fontMetrics().horizontalAdvance(gateLabel(level, gate)));
        const auto gates = g.circles(labelWidths, row++);
        drawGateRow(p, level, experts, gates, input.rect, previousGates);
        previousGates = gates;
    }
    // The towers read the units of the last level that belong to a task.
    std::vector<QRectF> taskUnits;
    for (std::size_t k = 0; k < wiring.back().gates.size(); ++k)
        if (wiring.back().gates[k].owner >= 0) taskUnits.push_back(previousGates[k]);
    return taskUnits;
}

std::vector<QRectF> ArchitectureDiagram::drawExperts(QPainter& p, const Layout& g, int row, const GateLevel& level,
                                                     const std::vector<std::int64_t>& dims, const QRectF& input,
                                                     const std::vector<QRectF>& previousGates) const
{
    const int count = static_cast<int>(level.experts.size());
    const int shown = std::min(count, kMaxExpertsShown);
    auto rects = g.columns(shown, row);
    for (int i = 0; i < shown; ++i) {
        const auto& e = level.experts[static_cast<std::size_t>(i)];
        const auto& r = rects[static_cast<std::size_t>(i)];
        // What the expert reads: x, or the mixture of one unit of the level below.
        const QRectF& from = e.input == kFromInput ? input : previousGates[static_cast<std::size_t>(e.input)];
        link(p, from, r, QPen(ownerColor(e.owner).lighter(130), 1.0));
        const bool more = i == kMaxExpertsShown - 1 && count > kMaxExpertsShown;
        const QString text = more ? tr("… %1 more").arg(count - kMaxExpertsShown + 1)
                                  : QString::fromStdString(e.name) + "\n" + widths(dims);
        drawBox(p, {r, text, ownerColor(e.owner)});
    }
    return rects;
}

void ArchitectureDiagram::drawGateRow(QPainter& p, const GateLevel& level, const std::vector<QRectF>& experts,
                                      const std::vector<QRectF>& gates, const QRectF& input,
                                      const std::vector<QRectF>& previousGates) const
{
    for (std::size_t k = 0; k < level.gates.size(); ++k) {
        const auto& gate = level.gates[k];
        const QColor color = ownerColor(gate.owner);
        // Exactly the experts this gate can weigh; NativeExpertLF's residual as a thick dashed line.
        for (std::size_t e = 0; e < experts.size() && e < gate.reach.size(); ++e) {
            if (gate.reach[e]) link(p, experts[e], gates[k], QPen(color.lighter(150), 0.9));
            if (gate.native[e]) link(p, experts[e], gates[k], QPen(color.darker(110), 2.2, Qt::DashLine));
        }
        // What the gate reads (its softmax input), as a dotted line: x or the unit below.
        if (gate.input != kLearntConstant) {
            const QRectF& from = gate.input == kFromInput ? input : previousGates[static_cast<std::size_t>(gate.input)];
            const QPointF start(from.right() - 4, from.top()), end(gates[k].left(), gates[k].center().y());
            p.setPen(QPen(color, 0.8, Qt::DotLine));
            p.drawLine(start, end);
        }
        drawGate(p, gates[k], gateLabel(level, gate), color);
    }
}

void ArchitectureDiagram::drawTowers(QPainter& p, const Layout& g, int row, const std::vector<QRectF>& units) const
{
    const auto tasks = spec_.tasks();
    const int T = static_cast<int>(tasks.size());
    const double towerSpan = spec_.heads.kind == "none" ? 1.0 : 0.78;
    const auto towers = g.columns(T, row, 0, towerSpan);
    for (int t = 0; t < T; ++t) {
        const auto i = static_cast<std::size_t>(t);
        const auto& r = towers[i];
        link(p, units[i % units.size()], r, QPen(seriesColor(t), 1.0));
        drawBox(p, {r, tr("tower %1\n%2").arg(QString::fromStdString(tasks[i].name), widths(spec_.model.towers)),
                    seriesColor(t)});
        const auto out = QRectF(r.left(), r.top() - g.rowHeight() * 0.9, r.width(), g.rowHeight() * 0.6);
        p.setPen(seriesColor(t).darker(130));
        // "income (binary)" where it fits its column, else the name alone, elided at its end.
        const QFontMetricsF fm(p.font());
        QString label = QString::fromStdString(tasks[i].name + " (" + toString(tasks[i].kind) + ")");
        if (fm.horizontalAdvance(label) > out.width()) label = QString::fromStdString(tasks[i].name);
        p.drawText(out, Qt::AlignCenter, fm.elidedText(label, Qt::ElideRight, out.width()));
        p.drawLine(QPointF(r.center().x(), r.top()), QPointF(r.center().x(), out.bottom()));
    }
    if (spec_.heads.kind == "none") return;
    const QRectF head = g.row(row, towerSpan + 0.01, 1.0);
    drawBox(p, {head, tr("small heads: %1\n(training only)").arg(headsText(spec_)), kHead, true});
    for (const auto& u : units)
        link(p, u, head, QPen(kHead, 1.0, Qt::DashLine));
}

void ArchitectureDiagram::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    QFont small = font();
    small.setPointSizeF(std::max(6.5, font().pointSizeF() - 1.5));
    p.setFont(small);
    const auto& a = spec_.model.arch;
    const bool bottomArch = a == "shared_bottom" || a == "single_task";
    // Rows from the bottom: input, (conv), the bottom or each level's experts and gates, towers, outputs.
    const int rows = bottomArch ? 2 + (spec_.model.conv.empty() ? 0 : 1) + 1 + 1 : 1 + spec_.model.levels() * 2 + 1 + 1;
    const Layout g(size(), rows);
    int row = 0;
    const auto units = bottomArch ? drawBottom(p, g, row) : drawLevels(p, g, row);
    drawTowers(p, g, row, units);
    p.setPen(countsError_ ? QColor(176, 0, 32) : palette().color(QPalette::Text));
    // One line under the diagram: a smaller font where it is narrow, cut in the middle only below 7 pt.
    const QString footer = tr("%1 — %2").arg(QString::fromStdString(a), counts_);
    const QRectF area = g.footer();
    QFont line = font();
    while (line.pointSizeF() > 7 && QFontMetricsF(line).horizontalAdvance(footer) > area.width())
        line.setPointSizeF(line.pointSizeF() - 0.5);
    p.setFont(line);
    p.drawText(area, Qt::AlignCenter, QFontMetricsF(line).elidedText(footer, Qt::ElideMiddle, area.width()));
}

} // namespace mtlx::ui
