#include "core/reproduce/catalog.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

#include "core/spec/pareto.h"
#include "core/spec/presets.h"

namespace mtlx {

const std::vector<Reproduction>& reproductions()
{
    static const std::vector<Reproduction> all{smallHeadsFig1a(),  smallHeadsFig1bc(), smallHeadsFig7(),
                                               smallHeadsTable4(), smallHeadsFig6b(),  adattTable5(),
                                               adattTable6(),      adattFig3(),        methodsAgainstScalarisation(),
                                               paretoOneModel()};
    return all;
}

Experiment presetExperiment(const std::string& id, const std::string& label, const std::string& preset,
                            const std::function<void(ExperimentSpec&)>& edit)
{
    Experiment e;
    e.id = id;
    e.label = label;
    e.spec = presetSpec(preset);
    if (edit) edit(e.spec);
    return e;
}

namespace {

// The grid point of the sweep whose weights are nearest uniform.
std::size_t middleGridPoint(const ExperimentSpec& spec)
{
    const auto tasks = spec.tasks().size();
    if (spec.training.weighting != "linear") return 0;
    const auto grid = simplexGrid(tasks, spec.sweep.points);
    std::size_t best = 0;
    double bestDistance = std::numeric_limits<double>::infinity();
    for (std::size_t p = 0; p < grid.size(); ++p) {
        double d = 0;
        for (double w : grid[p])
            d += (w - 1.0 / static_cast<double>(tasks)) * (w - 1.0 / static_cast<double>(tasks));
        if (d < bestDistance - 1e-12) best = p, bestDistance = d;
    }
    return best;
}

std::string metricOf(const ExperimentRuns& runs, std::size_t task, const std::string& metric)
{
    if (!metric.empty()) return metric;
    const auto& spec = runs.experiment->spec;
    return spec.sweep.resolvedMetric(spec.tasks().at(task).kind);
}

} // namespace

std::vector<Estimate> middleMetric(const ExperimentRuns& runs, const std::string& metric)
{
    const auto middle = middleGridPoint(runs.experiment->spec);
    const auto tasks = runs.experiment->spec.tasks().size();
    std::vector<Estimate> out;
    for (std::size_t t = 0; t < tasks; ++t) {
        std::vector<double> values;
        for (std::size_t i = 0; i < runs.ok.size(); ++i)
            if (runs.pointOf[i] == middle) values.push_back(testMetric(runs.ok[i], t, metricOf(runs, t, metric)));
        out.push_back(estimate(values));
    }
    return out;
}

std::vector<double> middleTaskMean(const ExperimentRuns& runs, const std::string& metric)
{
    const auto middle = middleGridPoint(runs.experiment->spec);
    const auto tasks = runs.experiment->spec.tasks().size();
    std::vector<double> out;
    for (std::size_t i = 0; i < runs.ok.size(); ++i) {
        if (runs.pointOf[i] != middle) continue;
        double sum = 0;
        for (std::size_t t = 0; t < tasks; ++t)
            sum += testMetric(runs.ok[i], t, metricOf(runs, t, metric));
        out.push_back(sum / static_cast<double>(tasks));
    }
    return out;
}

std::vector<Estimate> hypervolumes(const std::vector<ExperimentRuns>& runs, std::vector<double>& reference)
{
    std::vector<const ExperimentRuns*> all;
    for (const auto& r : runs)
        if (!r.ok.empty()) all.push_back(&r);
    reference = sharedReference(all);
    std::vector<Estimate> out;
    for (const auto& r : runs)
        out.push_back(r.ok.empty() || reference.empty() ? Estimate{} : estimate(hypervolumePerSeed(r, reference)));
    return out;
}

Verdict higherVerdict(const std::string& claim, const Estimate& a, const Estimate& b, const std::string& aName,
                      const std::string& bName, int decimals)
{
    const auto test = welchOfSummaries(b, a);
    return {claim, outcomeOf(test),
            aName + " " + formatEstimate(a, decimals) + " vs " + bName + " " + formatEstimate(b, decimals) +
                ": difference " + testText(test, decimals)};
}

Outcome weakest(const std::vector<Outcome>& outcomes)
{
    // From the strongest to the weakest.
    const Outcome order[] = {Outcome::Reproduced, Outcome::DirectionOnly, Outcome::NotReproduced,
                             Outcome::Contradicted};
    std::size_t w = 0;
    for (auto o : outcomes)
        w = std::max(w, static_cast<std::size_t>(std::find(std::begin(order), std::end(order), o) - order));
    return order[w];
}

std::string progressNote(const ExperimentRuns& runs)
{
    if (runs.complete()) return "";
    return std::to_string(runs.ok.size() + runs.diverged) + " of " + std::to_string(runs.planned) + " runs";
}

} // namespace mtlx
