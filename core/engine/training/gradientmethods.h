#pragma once
// The weighting methods the field compares (docs/weighting.md), beside weighting.h's six: the
// pure computations on a stack's task gradients, each tested on fixed matrices
// (tests/engine/tst_methods.cpp), and the methods built on them. Core-internal (uses torch).
//
// Gradients are per run and task, [R, T, P] (the shared elements, sharedRows), or one run's Gram
// matrix G = g gᵀ [T, T] (row-major doubles). Every computation is run by run.
#include <cstdint>
#include <memory>
#include <vector>

#include <torch/torch.h>

#include "core/engine/training/weighting.h"

namespace mtlx {

// CAGrad (Liu et al. 2021): w on the simplex minimising wᵀG b + c‖g₀‖ √(wᵀG w) with b = 1/T
// (g₀ = the mean gradient, ‖g₀‖² = mean of G); projected gradient descent to 1e-10.
std::vector<double> cagradDualWeights(const std::vector<double>& gram, std::size_t T, double c);
// The update d = T (g₀ + c‖g₀‖ / ‖g_w‖ · g_w) / (1 + c²) per run [R, P] (× T to match the summed
// loss, as the authors' code scales it); `weights` (when given) the
// coefficient of each task's gradient in d, per run.
torch::Tensor cagradCombine(const torch::Tensor& grads, double c, std::vector<std::vector<double>>* weights = nullptr);

// Nash-MTL (Navon et al. 2022): α > 0 with Ĝα = 1/α, Ĝ = G / ‖G‖_F, the bargaining solution.
struct NashSolution {
    std::vector<double> alpha;
    // ‖Ĝα − 1/α‖ < 1e-3 (the authors' criterion) and every α_t (Ĝα)_t within 1e-2 of 1, within
    // the iterations
    bool converged = false;
    int iterations = 0;
    // Where the iterations stopped (= alpha when converged): the next step's warm start, so that
    // a few iterations per step still get there over several steps.
    std::vector<double> last;
};
// Damped Newton steps on ½αᵀĜα − Σ log α (whose stationary point is Ĝα = 1/α) from `start`; not
// converged, alpha is `start`.
NashSolution nashMtlSolve(const std::vector<double>& gram, std::size_t T, std::vector<double> start, int iterations);

// IMTL-G (Liu et al. 2021): α with Σα = 1 such that g = Σ α_t g_t has equal projections on every
// task's unit gradient: α₂.. = g₁Uᵀ(DUᵀ)⁻¹ (D = g₁ − g_t, U = u₁ − u_t), α₁ = 1 − Σ α₂... grads [T, P].
// A task with a zero gradient gets α 0 (the others are balanced alone); non-finite gradients: 1/T.
std::vector<double> imtlWeights(const torch::Tensor& grads);

// Aligned-MTL (Senushkin et al. 2023): α = B·1 with B = √λ_min V Λ^{−½} Vᵀ from the
// eigen-decomposition G = V Λ Vᵀ (eigenvalues below max λ · T · ε_float dropped).
std::vector<double> alignedMtlWeights(const std::vector<double>& gram, std::size_t T);

// GradVac (Wang et al. 2021): per run, each task's gradient g_i visits the others in orders[r][i];
// where cos(g_i, g_j) < the target φ̂_ij, g_i gains the multiple of g_j that lifts the cosine to
// φ̂_ij; then φ̂_ij ← (1 − β) φ̂_ij + β cos. targets [R, T, T] (float64, updated); returns Σ_i g_i.
torch::Tensor gradvacCombine(const torch::Tensor& grads, torch::Tensor& targets, double beta,
                             const std::vector<std::vector<std::vector<std::size_t>>>& orders);

// GradDrop (Chen et al. 2020) on the shared elements: purity P = ½(1 + Σg / Σ|g|) per element;
// task t keeps its positive entries where P > U and its negative ones where P < U (U uniform
// [R, P]); every gradient keeps `leak` of itself. Returns Σ_t g_t (leak + (1 − leak) M_t).
torch::Tensor graddropCombine(const torch::Tensor& grads, const torch::Tensor& uniform, double leak);

// The methods: cagrad, nash_mtl, imtl, rlw, famo, aligned_mtl, gradvac, graddrop, gls; null for
// another key.
std::unique_ptr<LossWeighting> makeComparedMethod(const std::vector<ExperimentSpec>& runs,
                                                  const std::vector<TaskInfo>& tasks,
                                                  std::vector<OwnedParameter>& parameters);

} // namespace mtlx
