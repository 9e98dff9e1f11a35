#pragma once
// Pareto frontiers of docs/metrics.md: points are per-task objective vectors, lower is better
// (accuracy and AUC enter as 1 − value). Torch-free: the desktop program draws from these.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mtlx {

// The task-weight grid of a sweep: every w with Σ w = 1 and each w_t a multiple of 1/(K − 1)
// (T = 2: K points from (0, 1) to (1, 0); T = 3: K(K+1)/2 points). K = 1: uniform weights only.
std::vector<std::vector<double>> simplexGrid(std::size_t tasks, int points);
// How many weight vectors simplexGrid(tasks, points) holds, C(K − 2 + T, T − 1), counted without
// building it (a double: 12 tasks × 40 points is ~10^10).
double simplexGridSize(std::size_t tasks, int points);

// Metrics where larger is better enter a frontier as 1 − value.
bool higherIsBetter(const std::string& metric);
double objectiveFromMetric(const std::string& metric, double value);
double metricFromObjective(const std::string& metric, double objective);

// Indices of the points no other point dominates (≤ everywhere, < somewhere), in input order.
std::vector<std::size_t> nonDominated(const std::vector<std::vector<double>>& points);
// How far `points` dominate q (every objective lower is better): the factor s by which each point's
// objectives would have to be multiplied for none of them to dominate q any more, the largest over
// the dominating points p of min_k q_k / p_k (≥ 1); 0 when no point dominates q.
double dominationFactor(const std::vector<std::vector<double>>& points, const std::vector<double>& q);

// A point against a yardstick frontier (compare --baseline, the Pareto view's yardstick): by how
// much the frontier dominates it, or what it adds to the frontier's hypervolume (Yardstick::judge).
struct AgainstFrontier {
    double factor = 0;      // dominationFactor(front, q); 0: not dominated
    double addedVolume = 0; // hypervolume(front + q) − hypervolume(front), when not dominated
    bool dominated() const { return factor > 0; }
    double marginPercent() const { return (factor - 1) * 100; } // how much the frontier's objectives must grow
    // "dominated, margin 3.2 %" or "not dominated, adds 0.0042".
    std::string label() const;
};
// The yardstick frontier and its hypervolume against `reference`, measured once; judge() places
// each point against it.
class Yardstick {
public:
    Yardstick(std::vector<std::vector<double>> front, std::vector<double> reference);
    AgainstFrontier judge(const std::vector<double>& q) const;
    double volume() const { return volume_; }

private:
    std::vector<std::vector<double>> front_;
    std::vector<double> reference_;
    double volume_;
};

// The volume dominated by the points and bounded by `reference` (points beyond the reference in
// any objective add nothing). Any number of objectives.
double hypervolume(const std::vector<std::vector<double>>& points, const std::vector<double>& reference);

// The default reference point: per objective the worst value plus `margin` × its range (or ×
// the value's magnitude when every point has the same value).
std::vector<double> referencePoint(const std::vector<std::vector<double>>& points, double margin = 0.1);

struct ParetoPoint;
// One reference point for configurations compared side by side, so that their hypervolumes
// compare: referencePoint() of every run of all of them, on their first `objectives` objectives
// (0: all).
std::vector<double> commonReference(const std::vector<const std::vector<ParetoPoint>*>& configurations,
                                    std::size_t objectives = 0);

// One finished run of a sweep.
struct ParetoPoint {
    int point = 0;               // index into the weight grid
    std::vector<double> weights; // task weights
    std::uint64_t seed = 0;      // training seed
    std::vector<double> values;  // objectives, lower is better
};

// Whether the model behind a point trained every task: a preference-conditioned model trained
// each at every preference, its corners included; a run with a task weight of 0 left that task
// untrained (its error would set a reference point far from every frontier).
bool trainedEveryTask(const ParetoPoint& p, bool preferenceConditioned);

// One grid point averaged over its seeds.
struct MeanPoint {
    int point = 0;
    std::vector<double> weights;
    std::vector<double> values; // mean objective per task
    std::vector<double> spread; // standard deviation over seeds (0 with one seed)
    int seeds = 0;
};

struct Frontier {
    std::vector<std::string> tasks, metrics; // per objective: the task and its test metric
    std::vector<ParetoPoint> points;
    std::vector<std::size_t> frontier;     // into points
    std::vector<MeanPoint> means;          // by grid point
    std::vector<std::size_t> meanFrontier; // into means
    std::vector<double> reference;
    double hypervolume = 0;     // of points
    double meanHypervolume = 0; // of means
    int middle = -1;            // into means: the frontier mean point whose weights are nearest uniform
    std::size_t planned = 0, finished = 0, failed = 0; // runs of the sweep; failed: diverged

    std::vector<std::string> objectiveNames() const; // "y1 mse", "income 1-auc"
};

// Builds everything from the points; `reference` empty = referencePoint(all points).
Frontier makeFrontier(std::vector<std::string> tasks, std::vector<std::string> metrics, std::vector<ParetoPoint> points,
                      std::vector<double> reference = {});
nlohmann::json frontierToJson(const Frontier& f);

} // namespace mtlx
