#include "ui/lessonclaims.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QObject>

#include "core/reproduce/statistics.h"
#include "core/spec/pareto.h"

namespace mtlx::ui {

bool claimHolds(Outcome outcome)
{
    return outcome == Outcome::Reproduced || outcome == Outcome::DirectionOnly;
}

QString claimsHtml(const std::vector<LessonClaim>& claims, const LessonRuns& runs)
{
    if (claims.empty()) return {};
    QString items;
    for (const auto& c : claims) {
        const auto m = c.measure ? c.measure(runs) : std::nullopt;
        QString line;
        if (!m)
            line = QObject::tr("%1 — <i>not measured yet: set the step up</i>").arg(c.statement);
        else {
            const bool ok = claimHolds(m->outcome);
            const QString verdict = QString::fromStdString(toString(m->outcome));
            const QString mark = ok ? QObject::tr("<b style='color:#1a7f37'>agrees</b>")
                                    : QObject::tr("<b style='color:#b42318'>does not agree</b>");
            line = QObject::tr("%1 %2: %3 (%4)").arg(mark, c.statement, m->measured, verdict);
        }
        if (c.paper) line = QObject::tr("the paper: ") + line;
        items += "<li>" + line + "</li>";
    }
    return QObject::tr("<h4>What these runs measured</h4><ul>%1</ul>").arg(items);
}

double meanActiveFraction(const RunResult& r)
{
    return histogramMean(r.activation.nonzeroFraction);
}

double activationQuantile(const RunResult& r, double q)
{
    return histogramQuantile(r.activation.nonzeroValues, q);
}

double testLoss(const RunResult& r, std::size_t task)
{
    if (task >= r.tasks.size()) return std::numeric_limits<double>::quiet_NaN();
    const auto& m = r.tasks[task].test;
    const auto it = m.find("loss");
    return it == m.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
}

double gateRowDistance(const RunResult& r, std::size_t level)
{
    if (level >= r.gates.size() || r.gates[level].matrix.size() < 2) return std::numeric_limits<double>::quiet_NaN();
    const auto& a = r.gates[level].matrix[0];
    const auto& b = r.gates[level].matrix[1];
    double d = 0;
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
        d += std::abs(a[i] - b[i]);
    return d / 2;
}

double ownExpertShare(const RunResult& r)
{
    double sum = 0;
    int rows = 0;
    for (const auto& g : r.gates) {
        for (std::size_t row = 0; row < g.rows.size() && row < g.matrix.size(); ++row) {
            sum += ownerWeight(g, row, true);
            ++rows;
        }
    }
    return rows == 0 ? std::numeric_limits<double>::quiet_NaN() : sum / rows;
}

double meanGradientCosine(const RunResult& r)
{
    double sum = 0;
    int n = 0;
    for (const auto& e : r.history)
        if (!e.gradientCosine.empty()) sum += e.gradientCosine.front().cosine, ++n;
    return n == 0 ? std::numeric_limits<double>::quiet_NaN() : sum / n;
}

double conflictingStepShare(const RunResult& r)
{
    double conflicting = 0;
    int steps = 0;
    for (const auto& e : r.history)
        if (!e.gradientCosine.empty()) {
            const auto& c = e.gradientCosine.front();
            conflicting += c.conflictShare * c.samples;
            steps += c.samples;
        }
    return steps == 0 ? std::numeric_limits<double>::quiet_NaN() : conflicting / steps;
}

FrontierShape frontierShape(const std::vector<RunResult>& sweep)
{
    FrontierShape shape;
    std::vector<std::vector<double>> points;
    std::vector<double> weights; // w₁ of each point
    for (const auto& r : sweep) {
        const bool both = r.taskWeights.size() == 2 && r.taskWeights[0] > 0 && r.taskWeights[1] > 0;
        if (r.status != RunStatus::Ok || !both) continue;
        points.push_back({testLoss(r, 0), testLoss(r, 1)});
        weights.push_back(r.taskWeights[0]);
    }
    if (points.empty()) return shape;
    const auto front = nonDominated(points);
    shape.points = static_cast<int>(front.size());
    std::size_t middle = 0;
    for (std::size_t i = 1; i < points.size(); ++i)
        if (std::abs(weights[i] - 0.5) < std::abs(weights[middle] - 0.5)) middle = i;
    for (std::size_t t = 0; t < 2; ++t) {
        double best = INFINITY, worst = -INFINITY;
        for (auto i : front)
            best = std::min(best, points[i][t]), worst = std::max(worst, points[i][t]);
        shape.spread[t] = worst / best - 1;
        shape.middleGap[t] = points[middle][t] / best - 1;
    }
    return shape;
}

} // namespace mtlx::ui
