#include "core/reproduce/statistics.h"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

#include "core/spec/pareto.h"
#include "core/spec/text.h"

namespace mtlx {

using nlohmann::json;

Estimate estimate(const std::vector<double>& values)
{
    Estimate e;
    e.n = static_cast<int>(values.size());
    if (e.n == 0) {
        e.mean = std::numeric_limits<double>::quiet_NaN();
        return e;
    }
    double sum = 0;
    for (double v : values)
        sum += v;
    e.mean = sum / e.n;
    if (e.n > 1) {
        double squares = 0;
        for (double v : values)
            squares += (v - e.mean) * (v - e.mean);
        e.sd = std::sqrt(squares / (e.n - 1));
    }
    return e;
}

std::string formatFixed(double value, int decimals)
{
    if (!std::isfinite(value)) return "–";
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string formatEstimate(const Estimate& e, int decimals)
{
    if (e.n == 0) return "–";
    if (e.n == 1) return formatFixed(e.mean, decimals);
    return formatFixed(e.mean, decimals) + " ± " + formatFixed(e.sd, decimals);
}

WelchTest welchContrast(const std::vector<ContrastTerm>& terms, double offset)
{
    WelchTest w;
    w.difference = -offset;
    double variance = 0, denominator = 0;
    bool tested = !terms.empty();
    for (const auto& [c, e] : terms) {
        w.difference += c * e.mean;
        if (e.n < 2) {
            tested = false;
            continue;
        }
        const double v = c * c * e.sd * e.sd / e.n;
        variance += v;
        denominator += v * v / (e.n - 1);
    }
    const double nan = std::nan("");
    w.low = w.high = w.p = w.df = nan;
    if (!tested || !(variance > 0)) return w;
    const double se = std::sqrt(variance);
    w.df = variance * variance / denominator;
    const boost::math::students_t t(w.df);
    const double half = boost::math::quantile(boost::math::complement(t, 0.025)) * se;
    w.low = w.difference - half;
    w.high = w.difference + half;
    w.p = 2 * boost::math::cdf(boost::math::complement(t, std::abs(w.difference) / se));
    return w;
}

WelchTest welchOfSummaries(const Estimate& a, const Estimate& b)
{
    return welchContrast({{1, b}, {-1, a}});
}

WelchTest welch(const std::vector<double>& a, const std::vector<double>& b)
{
    return welchOfSummaries(estimate(a), estimate(b));
}

std::string formatPValue(double p)
{
    if (!std::isfinite(p)) return "-";
    if (p < 0.001) return "<0.001";
    return formatNumber(p, 3);
}

double WelchTest::oneSided(bool positive) const
{
    if (!std::isfinite(p)) return p;
    const bool agrees = positive ? difference > 0 : difference < 0;
    return agrees ? p / 2 : 1 - p / 2;
}

Outcome outcomeOf(const WelchTest& test)
{
    const bool tested = std::isfinite(test.p);
    if (test.difference > 0) return tested && test.oneSided(true) < 0.05 ? Outcome::Reproduced : Outcome::DirectionOnly;
    if (test.difference < 0 && tested && test.oneSided(false) < 0.05) return Outcome::Contradicted;
    return Outcome::NotReproduced;
}

std::string testText(const WelchTest& test, int decimals)
{
    const auto signedText = [decimals](double v) { return (v >= 0 ? "+" : "") + formatFixed(v, decimals); };
    std::string text = signedText(test.difference);
    if (!std::isfinite(test.p)) return text + " (one seed or no spread: no test)";
    // The one-sided p in the direction the difference took: against the claim when it is negative.
    const bool against = test.difference < 0;
    const double p = test.oneSided(!against);
    return text + " (95 % CI " + signedText(test.low) + " … " + signedText(test.high) + ", one-sided p " +
           (p < 0.001 ? "< 0.001" : "= " + formatPValue(p)) + (against ? " the other way" : "") + ")";
}

double testMetric(const json& result, std::size_t task, const std::string& metric)
{
    const auto& tasks = result.at("tasks");
    if (task >= tasks.size()) return std::numeric_limits<double>::quiet_NaN();
    const auto& t = tasks.at(task);
    const json* metrics = &t.at("test");
    if (t.contains("reported") && t.at("reported").contains("test")) metrics = &t.at("reported").at("test");
    if (!metrics->contains(metric) || !metrics->at(metric).is_number()) return std::numeric_limits<double>::quiet_NaN();
    return metrics->at(metric).get<double>();
}

double histogramMean(const Histogram& h)
{
    double sum = 0, count = 0;
    for (std::size_t i = 0; i < h.counts.size() && i + 1 < h.edges.size(); ++i) {
        const double c = static_cast<double>(h.counts[i]);
        sum += c * 0.5 * (h.edges[i] + h.edges[i + 1]);
        count += c;
    }
    return count > 0 ? sum / count : std::numeric_limits<double>::quiet_NaN();
}

double histogramQuantile(const Histogram& h, double q)
{
    double total = 0;
    for (auto c : h.counts)
        total += static_cast<double>(c);
    if (total <= 0 || h.edges.size() != h.counts.size() + 1) return std::numeric_limits<double>::quiet_NaN();
    const double target = q * total;
    double below = 0;
    for (std::size_t i = 0; i < h.counts.size(); ++i) {
        const double c = static_cast<double>(h.counts[i]);
        if (c > 0 && below + c >= target) {
            const double within = (target - below) / c;
            return h.edges[i] + within * (h.edges[i + 1] - h.edges[i]);
        }
        below += c;
    }
    return h.edges.back();
}

double ownerWeight(const GateMatrix& g, std::size_t row, bool own)
{
    double weight = 0;
    for (std::size_t c = 0; c < g.cols.size() && c < g.matrix[row].size(); ++c)
        if ((g.cols[c].substr(0, g.cols[c].find('/')) == g.rows[row]) == own) weight += g.matrix[row][c];
    return weight;
}

std::vector<GateMatrix> gatesOf(const json& result)
{
    std::vector<GateMatrix> gates;
    for (const auto& g : result.at("probes").at("gates"))
        gates.push_back(gateFromJson(g));
    return gates;
}

std::vector<ParetoPoint> objectivePoints(const ExperimentRuns& runs)
{
    std::vector<ParetoPoint> points;
    const bool fronts = runs.experiment->spec.training.preference.conditioned();
    for (std::size_t i = 0; i < runs.ok.size(); ++i) {
        if (!fronts) {
            points.push_back(paretoPointOf(runs.experiment->spec, runs.ok[i], static_cast<int>(runs.pointOf[i])));
            continue;
        }
        for (auto& p : frontPointsOf(runs.ok[i])) // a preference-conditioned run: its front
            points.push_back(std::move(p));
    }
    return points;
}

std::vector<double> hypervolumePerSeed(const ExperimentRuns& runs, const std::vector<double>& reference)
{
    std::map<std::uint64_t, std::vector<std::vector<double>>> bySeed;
    for (const auto& p : objectivePoints(runs))
        bySeed[p.seed].push_back(p.values);
    std::vector<double> volumes;
    for (const auto& [seed, values] : bySeed)
        volumes.push_back(hypervolume(values, reference));
    return volumes;
}

std::vector<double> sharedReference(const std::vector<const ExperimentRuns*>& runs)
{
    std::vector<std::vector<ParetoPoint>> points;
    for (const auto* r : runs)
        points.push_back(objectivePoints(*r));
    std::vector<const std::vector<ParetoPoint>*> configurations;
    for (const auto& p : points)
        configurations.push_back(&p);
    return commonReference(configurations);
}

} // namespace mtlx
