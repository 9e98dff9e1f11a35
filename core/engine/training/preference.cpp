#include "core/engine/training/preference.h"

#include <algorithm>
#include <cmath>

#include "core/engine/training/taskgradients.h"

namespace mtlx {
namespace {

constexpr std::uint64_t kPreferenceStream = 2004;

// Gamma(α, 1) by Marsaglia and Tsang (2000), α ≥ 1.
double gammaAtLeastOne(Rng& rng, double alpha)
{
    const double d = alpha - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
        double x = 0, v = 0;
        do {
            x = rng.normal();
            v = 1.0 + c * x;
        } while (v <= 0);
        v = v * v * v;
        const double u = rng.uniform();
        if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
        if (u > 0 && std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
    }
}

// log Gamma(α, 1): for α < 1, log Gamma(α + 1) + log(U) / α, which stays finite where U^(1/α)
// would underflow (small α: nearly every draw at a corner, as it should be).
double logGamma(Rng& rng, double alpha)
{
    if (alpha >= 1) return std::log(gammaAtLeastOne(rng, alpha));
    double u = 0;
    do {
        u = rng.uniform();
    } while (u <= 0);
    return std::log(gammaAtLeastOne(rng, alpha + 1)) + std::log(u) / alpha;
}

class Cosmos : public LossWeighting {
public:
    Cosmos(const std::vector<ExperimentSpec>& runs, std::size_t tasks)
        : rngs_(runRngs(runs, kPreferenceStream)), alpha_(runs.at(0).training.preference.alpha),
          lambda_(runs.at(0).training.preference.lambda),
          rays_(runs.size(), std::vector<double>(tasks, 1.0 / static_cast<double>(tasks)))
    {
    }
    torch::Tensor drawPreference() override
    {
        for (std::size_t r = 0; r < rngs_.size(); ++r)
            rays_[r] = dirichletSample(rngs_[r], alpha_, rays_[r].size());
        return matrixOf(rays_);
    }
    torch::Tensor backward(const std::vector<torch::Tensor>& losses, const BackboneOutput&) override
    {
        const auto objective = cosmosObjective(matrixOf(rays_), lossMatrix(losses), lambda_);
        objective.sum().backward();
        return objective.detach();
    }
    std::vector<std::vector<double>> weights() const override { return rays_; }
    void saveState(torch::serialize::OutputArchive& archive) const override
    {
        saveRngs(archive, "preference_rngs", rngs_);
    }
    void loadState(torch::serialize::InputArchive& archive) override { loadRngs(archive, "preference_rngs", rngs_); }

private:
    std::vector<Rng> rngs_;
    double alpha_, lambda_;
    std::vector<std::vector<double>> rays_; // the last step's, per run
};

} // namespace

std::vector<double> dirichletSample(Rng& rng, double alpha, std::size_t k)
{
    // The Gamma variates in log space, normalised as a softmax: no underflow for any α.
    std::vector<double> x(k);
    double most = -INFINITY;
    for (auto& v : x) {
        v = logGamma(rng, alpha);
        most = std::max(most, v);
    }
    double sum = 0;
    for (auto& v : x) {
        v = std::exp(v - most);
        sum += v;
    }
    for (auto& v : x)
        v /= sum;
    return x;
}

torch::Tensor cosmosObjective(const torch::Tensor& rays, const torch::Tensor& losses, double lambda)
{
    const auto r = rays.to(losses.scalar_type());
    const auto dot = (r * losses).sum(1);
    const auto norms = (r.norm(2, 1) * losses.norm(2, 1)).clamp_min(1e-8);
    return dot - lambda * dot / norms;
}

std::unique_ptr<LossWeighting> makePreferenceWeighting(const std::vector<ExperimentSpec>& runs, std::size_t tasks)
{
    return std::make_unique<Cosmos>(runs, tasks);
}

} // namespace mtlx
