#include "core/spec/pareto.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <utility>

#include "core/spec/text.h"

namespace mtlx {
namespace {

void compositions(std::size_t tasks, int left, std::vector<int>& current, std::vector<std::vector<int>>& out)
{
    if (current.size() + 1 == tasks) {
        current.push_back(left);
        out.push_back(current);
        current.pop_back();
        return;
    }
    // w_1 = i / (K − 1) in increasing order, so that T = 2 runs from (0, 1) to (1, 0).
    for (int k = 0; k <= left; ++k) {
        current.push_back(k);
        compositions(tasks, left - k, current, out);
        current.pop_back();
    }
}

bool dominates(const std::vector<double>& a, const std::vector<double>& b)
{
    bool strict = false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] > b[i]) return false;
        if (a[i] < b[i]) strict = true;
    }
    return strict;
}

double hypervolumeOf(std::vector<std::vector<double>> points, const std::vector<double>& reference, std::size_t dims)
{
    if (points.empty()) return 0;
    if (dims == 1) {
        double best = reference[0];
        for (const auto& p : points)
            best = std::min(best, p[0]);
        return reference[0] - best;
    }
    // Slice along the last objective: between two consecutive values, the volume is the
    // (d−1)-dimensional volume of the points at or below the slice.
    const std::size_t last = dims - 1;
    std::sort(points.begin(), points.end(), [last](const auto& a, const auto& b) { return a[last] < b[last]; });
    double total = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const double upper = i + 1 < points.size() ? points[i + 1][last] : reference[last];
        const double height = upper - points[i][last];
        if (height <= 0) continue;
        std::vector<std::vector<double>> below(points.begin(), points.begin() + static_cast<std::ptrdiff_t>(i + 1));
        total += height * hypervolumeOf(std::move(below), reference, dims - 1);
    }
    return total;
}

double distanceToUniform(const std::vector<double>& w)
{
    const double u = 1.0 / static_cast<double>(w.size());
    double d = 0;
    for (double x : w)
        d += (x - u) * (x - u);
    return d;
}

} // namespace

double simplexGridSize(std::size_t tasks, int points)
{
    if (tasks == 0) return 0;
    if (points <= 1 || tasks == 1) return 1;
    // Compositions of K − 1 into T parts: C(K − 1 + T − 1, T − 1).
    double n = 1;
    const double k = static_cast<double>(points - 1);
    for (std::size_t i = 1; i < tasks; ++i)
        n = n * (k + static_cast<double>(i)) / static_cast<double>(i);
    return std::round(n);
}

std::vector<std::vector<double>> simplexGrid(std::size_t tasks, int points)
{
    if (tasks == 0) return {};
    if (points <= 1 || tasks == 1) return {std::vector<double>(tasks, 1.0 / static_cast<double>(tasks))};
    std::vector<std::vector<int>> parts;
    std::vector<int> current;
    compositions(tasks, points - 1, current, parts);
    std::vector<std::vector<double>> grid;
    for (const auto& p : parts) {
        std::vector<double> w;
        for (int k : p)
            w.push_back(static_cast<double>(k) / static_cast<double>(points - 1));
        grid.push_back(w);
    }
    return grid;
}

double dominationFactor(const std::vector<std::vector<double>>& points, const std::vector<double>& q)
{
    double factor = 0;
    for (const auto& p : points) {
        if (!dominates(p, q)) continue;
        double s = std::numeric_limits<double>::infinity();
        for (std::size_t k = 0; k < q.size(); ++k)
            s = std::min(s, p[k] > 0 ? q[k] / p[k] : std::numeric_limits<double>::infinity());
        factor = std::max(factor, s);
    }
    return factor;
}

Yardstick::Yardstick(std::vector<std::vector<double>> front, std::vector<double> reference)
    : front_(std::move(front)), reference_(std::move(reference)), volume_(hypervolume(front_, reference_))
{
}

AgainstFrontier Yardstick::judge(const std::vector<double>& q) const
{
    AgainstFrontier a;
    a.factor = dominationFactor(front_, q);
    if (!a.dominated()) {
        auto with = front_;
        with.push_back(q);
        a.addedVolume = hypervolume(with, reference_) - volume_;
    }
    return a;
}

std::string AgainstFrontier::label() const
{
    if (dominated()) return "dominated, margin " + formatNumber(marginPercent(), 3) + " %";
    return "not dominated, adds " + formatNumber(addedVolume, 3);
}

bool higherIsBetter(const std::string& metric)
{
    return metric == "auc" || metric == "accuracy";
}
double objectiveFromMetric(const std::string& metric, double value)
{
    return higherIsBetter(metric) ? 1 - value : value;
}
double metricFromObjective(const std::string& metric, double objective)
{
    return higherIsBetter(metric) ? 1 - objective : objective;
}

std::vector<std::size_t> nonDominated(const std::vector<std::vector<double>>& points)
{
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < points.size(); ++i) {
        bool dominated = false;
        for (std::size_t j = 0; j < points.size() && !dominated; ++j)
            dominated = j != i && dominates(points[j], points[i]);
        if (!dominated) out.push_back(i);
    }
    return out;
}

double hypervolume(const std::vector<std::vector<double>>& points, const std::vector<double>& reference)
{
    std::vector<std::vector<double>> inside;
    for (const auto& p : points) {
        bool ok = p.size() == reference.size();
        for (std::size_t i = 0; ok && i < p.size(); ++i)
            ok = std::isfinite(p[i]) && p[i] < reference[i];
        if (ok) inside.push_back(p);
    }
    std::vector<std::vector<double>> front;
    for (auto i : nonDominated(inside))
        front.push_back(inside[i]);
    // Duplicates are mutually non-dominated; one of each is enough.
    std::sort(front.begin(), front.end());
    front.erase(std::unique(front.begin(), front.end()), front.end());
    return hypervolumeOf(std::move(front), reference, reference.size());
}

bool trainedEveryTask(const ParetoPoint& p, bool preferenceConditioned)
{
    return preferenceConditioned || std::all_of(p.weights.begin(), p.weights.end(), [](double w) { return w > 0; });
}

std::vector<double> commonReference(const std::vector<const std::vector<ParetoPoint>*>& configurations,
                                    std::size_t objectives)
{
    std::vector<std::vector<double>> all;
    for (const auto* points : configurations)
        for (const auto& p : *points) {
            auto v = p.values;
            if (objectives > 0 && v.size() > objectives) v.resize(objectives);
            all.push_back(std::move(v));
        }
    return referencePoint(all);
}

std::vector<double> referencePoint(const std::vector<std::vector<double>>& points, double margin)
{
    if (points.empty()) return {};
    const std::size_t d = points.front().size();
    std::vector<double> ref(d);
    for (std::size_t i = 0; i < d; ++i) {
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (const auto& p : points)
            if (std::isfinite(p[i])) lo = std::min(lo, p[i]), hi = std::max(hi, p[i]);
        if (!std::isfinite(lo)) lo = hi = 0;
        const double range = hi - lo;
        ref[i] = hi + margin * (range > 0 ? range : std::max(std::abs(hi), 1e-12));
    }
    return ref;
}

std::vector<std::string> Frontier::objectiveNames() const
{
    std::vector<std::string> names;
    for (std::size_t i = 0; i < tasks.size(); ++i)
        names.push_back(tasks[i] + " " + (higherIsBetter(metrics[i]) ? "1-" + metrics[i] : metrics[i]));
    return names;
}

Frontier makeFrontier(std::vector<std::string> tasks, std::vector<std::string> metrics, std::vector<ParetoPoint> points,
                      std::vector<double> reference)
{
    Frontier f;
    f.tasks = std::move(tasks);
    f.metrics = std::move(metrics);
    f.points = std::move(points);
    std::vector<std::vector<double>> values;
    for (const auto& p : f.points)
        values.push_back(p.values);
    f.frontier = nonDominated(values);

    std::map<int, std::vector<std::size_t>> byPoint;
    for (std::size_t i = 0; i < f.points.size(); ++i)
        byPoint[f.points[i].point].push_back(i);
    for (const auto& [point, members] : byPoint) {
        MeanPoint m;
        m.point = point;
        m.weights = f.points[members.front()].weights;
        m.seeds = static_cast<int>(members.size());
        const std::size_t d = f.tasks.size();
        m.values.assign(d, 0.0);
        m.spread.assign(d, 0.0);
        for (auto i : members)
            for (std::size_t k = 0; k < d; ++k)
                m.values[k] += f.points[i].values[k] / static_cast<double>(members.size());
        if (members.size() > 1) {
            for (auto i : members)
                for (std::size_t k = 0; k < d; ++k)
                    m.spread[k] += std::pow(f.points[i].values[k] - m.values[k], 2);
            for (auto& s : m.spread)
                s = std::sqrt(s / static_cast<double>(members.size() - 1));
        }
        f.means.push_back(m);
    }
    std::vector<std::vector<double>> meanValues;
    for (const auto& m : f.means)
        meanValues.push_back(m.values);
    f.meanFrontier = nonDominated(meanValues);

    f.reference = reference.empty() ? referencePoint(values) : std::move(reference);
    f.hypervolume = hypervolume(values, f.reference);
    f.meanHypervolume = hypervolume(meanValues, f.reference);
    double nearest = std::numeric_limits<double>::infinity();
    for (auto i : f.meanFrontier) {
        const double d = distanceToUniform(f.means[i].weights);
        if (d < nearest - 1e-12) nearest = d, f.middle = static_cast<int>(i);
    }
    f.finished = f.points.size();
    return f;
}

nlohmann::json frontierToJson(const Frontier& f)
{
    using nlohmann::json;
    json points = json::array();
    for (const auto& p : f.points)
        points.push_back(json{{"point", p.point}, {"task_weights", p.weights}, {"seed", p.seed}, {"values", p.values}});
    json means = json::array();
    for (const auto& m : f.means)
        means.push_back(json{{"point", m.point},
                             {"task_weights", m.weights},
                             {"values", m.values},
                             {"spread", m.spread},
                             {"seeds", m.seeds}});
    json middle = nullptr;
    if (f.middle >= 0) {
        const auto& m = f.means[static_cast<std::size_t>(f.middle)];
        json metrics = json::object();
        for (std::size_t k = 0; k < f.tasks.size(); ++k)
            metrics[f.tasks[k]] = json{{"metric", f.metrics[k]},
                                       {"value", metricFromObjective(f.metrics[k], m.values[k])},
                                       {"spread", m.spread[k]}};
        middle = json{{"mean_index", f.middle},
                      {"task_weights", m.weights},
                      {"values", m.values},
                      {"spread", m.spread},
                      {"metrics", metrics}};
    }
    return json{{"objectives", f.objectiveNames()},
                {"tasks", f.tasks},
                {"metrics", f.metrics},
                {"points", points},
                {"frontier", f.frontier},
                {"hypervolume", f.hypervolume},
                {"reference_point", f.reference},
                {"means", means},
                {"mean_frontier", f.meanFrontier},
                {"mean_hypervolume", f.meanHypervolume},
                {"middle_point", middle},
                {"runs", {{"planned", f.planned}, {"finished", f.finished}, {"diverged", f.failed}}}};
}

} // namespace mtlx
