#pragma once
// Pareto-front learning, COSMOS (Ruchte & Grabocka, ICDM 2021; docs/weighting.md, "One model for
// the whole front"): every step each run draws one preference ray r from a symmetric Dirichlet(α)
// with its own generator, the model reads r beside its input (MtlModelImpl::forward), and the run
// descends Σ_t r_t L_t − λ · cos(r, L). Core-internal (uses torch).
#include <memory>
#include <vector>

#include <torch/torch.h>

#include "core/engine/data/rng.h"
#include "core/engine/training/weighting.h"

namespace mtlx {

// One draw of a symmetric Dirichlet(α, …, α) on k categories: k Gamma(α, 1) variates (Marsaglia
// and Tsang's method; α < 1 through Gamma(α + 1) · U^(1/α)) divided by their sum, computed from
// their logarithms so that a small α gives corners, not underflow.
std::vector<double> dirichletSample(Rng& rng, double alpha, std::size_t k);

// Per run, COSMOS's objective Σ_t r_t L_t − λ · cos(r, L) from rays [R, T] and losses [R, T]
// (differentiable in the losses); cos = r·L / max(‖r‖ ‖L‖, 1e-8), as PyTorch's cosine_similarity.
torch::Tensor cosmosObjective(const torch::Tensor& rays, const torch::Tensor& losses, double lambda);

// training.preference.method = cosmos as the stack's weighting: drawPreference() before each
// step, backward() with that step's rays.
std::unique_ptr<LossWeighting> makePreferenceWeighting(const std::vector<ExperimentSpec>& runs, std::size_t tasks);

} // namespace mtlx
