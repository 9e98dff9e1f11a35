#pragma once
// The numbers a reproduction reports (docs/reproduction.md, "How a verdict is reached"): means
// and standard deviations over seeds, Welch's test behind every verdict,
// hypervolumes per seed and what the result.json objects of a sweep folder hold.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/reproduce/reproduction.h"

namespace mtlx {

// Mean and sample standard deviation of n values (sd 0 for n = 1; mean NaN for n = 0).
struct Estimate {
    double mean = 0, sd = 0;
    int n = 0;
};
Estimate estimate(const std::vector<double>& values);
// "0.8766 ± 0.0012" (n ≥ 2), "0.8766" (n = 1), "–" (n = 0).
std::string formatEstimate(const Estimate& e, int decimals);
std::string formatFixed(double value, int decimals);

// Welch's t-test (unequal variances) of a contrast of sample means, Σ cᵢ·meanᵢ − offset: its value,
// its 95 % confidence interval and the two-sided p, the t distribution from Boost.Math with
// Welch–Satterthwaite degrees of freedom, (Σ vᵢ)² / Σ vᵢ²/(nᵢ − 1) where vᵢ = cᵢ²·sdᵢ²/nᵢ. Two
// samples: b − a; one sample against a constant: mean − offset (the one-sample t-test); a
// difference of two differences: four terms. low, high, p and df are NaN where any sample has
// fewer than 2 values or no term has spread.
struct WelchTest {
    double difference = 0, low = 0, high = 0, p = 0, df = 0;
    // The one-sided p of difference > 0 (`positive`) or < 0.
    double oneSided(bool positive) const;
};
struct ContrastTerm {
    double coefficient;
    Estimate sample;
};
WelchTest welchContrast(const std::vector<ContrastTerm>& terms, double offset = 0);
WelchTest welchOfSummaries(const Estimate& a, const Estimate& b); // b − a, from means, sds and sizes
WelchTest welch(const std::vector<double>& a, const std::vector<double>& b);
// A p-value as tables show it: "<0.001", three significant digits, or "-" when there is none.
std::string formatPValue(double p);

// A claimed positive difference, judged by Welch's test: reproduced when it is positive with
// one-sided p < 0.05; contradicted when it is negative with one-sided p < 0.05; direction only
// when it is positive without that (p ≥ 0.05, or one seed: no test); not reproduced otherwise
// (zero, or negative without significance).
Outcome outcomeOf(const WelchTest& test);
// "+0.0037 (95 % CI +0.0011 … +0.0063, one-sided p = 0.012)" or "+0.0037 (one seed or no spread:
// no test)"; the one-sided p is in the direction the difference took ("… the other way" when it is
// negative, against the claim).
std::string testText(const WelchTest& test, int decimals);

// A task's test metric in a result.json object: the mean of the reported last epochs where the
// run reports them (training.report_last), else the final model's. NaN when missing.
double testMetric(const nlohmann::json& result, std::size_t task, const std::string& metric);

// The mean of a histogram's values (bin centres weighted by counts) and its q-quantile
// (linear within a bin).
double histogramMean(const Histogram& h);
double histogramQuantile(const Histogram& h, double q);
std::vector<GateMatrix> gatesOf(const nlohmann::json& result);
// The weight gate `row` of `g` puts on the experts its task owns (`own`) or on the other tasks'
// (columns named "<owner>/<k>", rows by their task).
double ownerWeight(const GateMatrix& g, std::size_t row, bool own);

// Per seed of an experiment: the hypervolume of that seed's runs (one per grid point) against
// `reference` on the sweep's objectives.
std::vector<double> hypervolumePerSeed(const ExperimentRuns& runs, const std::vector<double>& reference);
// Every ok run's objective vector (lower is better) of an experiment; a preference-conditioned
// experiment's runs give their fronts' points.
std::vector<ParetoPoint> objectivePoints(const ExperimentRuns& runs);
// One reference point for all these experiments (referencePoint of all their runs).
std::vector<double> sharedReference(const std::vector<const ExperimentRuns*>& runs);

} // namespace mtlx
