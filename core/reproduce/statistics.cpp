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

WelchTest welch(const std::vector<double>& a, const std::vector<double>& b)
{
    const auto ea = estimate(a), eb = estimate(b);
    WelchTest w;
    w.difference = eb.mean - ea.mean;
    const double nan = std::nan("");
    w.low = w.high = w.p = w.df = nan;
    if (ea.n < 2 || eb.n < 2) return w;
    const double va = ea.sd * ea.sd / ea.n, vb = eb.sd * eb.sd / eb.n, se = std::sqrt(va + vb);
    if (!(se > 0)) return w;
    w.df = (va + vb) * (va + vb) / (va * va / (ea.n - 1) + vb * vb / (eb.n - 1));
    const boost::math::students_t t(w.df);
    const double half = boost::math::quantile(boost::math::complement(t, 0.025)) * se;
    w.low = w.difference - half;
    w.high = w.difference + half;
    w.p = 2 * boost::math::cdf(boost::math::complement(t, std::abs(w.difference) / se));
    return w;
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

double standardErrorOfDifference(const Estimate& a, const Estimate& b)
{
    if (a.n < 2 || b.n < 2) return std::numeric_limits<double>::quiet_NaN();
    return std::sqrt(a.sd * a.sd / a.n + b.sd * b.sd / b.n);
}

Outcome outcomeOfDifference(double difference, double standardError)
{
    if (!(difference > 0)) return Outcome::NotReproduced;
    if (std::isfinite(standardError) && difference > 2 * standardError) return Outcome::Reproduced;
    return Outcome::DirectionOnly;
}

std::string differenceText(double difference, double standardError, int decimals)
{
    std::string text = (difference >= 0 ? "+" : "") + formatFixed(difference, decimals);
    if (std::isfinite(standardError)) return text + " (2 SE = " + formatFixed(2 * standardError, decimals) + ")";
    return text + " (one seed: no error bar)";
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
    for (std::size_t i = 0; i < runs.ok.size(); ++i)
        points.push_back(paretoPointOf(runs.experiment->spec, runs.ok[i], static_cast<int>(runs.pointOf[i])));
    return points;
}

std::vector<double> hypervolumePerSeed(const ExperimentRuns& runs, const std::vector<double>& reference)
{
    std::map<std::size_t, std::vector<std::vector<double>>> bySeed;
    const auto points = objectivePoints(runs);
    for (std::size_t i = 0; i < points.size(); ++i)
        bySeed[runs.seedOf[i]].push_back(points[i].values);
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
