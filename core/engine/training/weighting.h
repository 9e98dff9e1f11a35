#pragma once
// Loss weighting and gradient methods (docs/weighting.md). Core-internal (uses torch).
//
// Every training step hands the method the per-task losses L_t of one batch (each already
// including γ · its small heads' losses) and the backbone's output. The method puts the
// gradient of the step into the parameters' .grad (zeroed before) and reports the value of the
// objective it descends and the task weights it used:
//   linear       Σ w_t L_t with the spec's task_weights
//   uncertainty  Σ c_t exp(−s_t) L_t + ½ s_t, learnt s_t (log variances), c_t = ½ for regression
//                tasks and 1 otherwise (Kendall et al. eq. 10); s_t train with the model's optimizer
//   gradnorm     Σ w_t L_t with learnt w_t (Chen et al.): after each step w moves to make
//                G_t = ‖∇_W w_t L_t‖ equal to mean(G) · r_t^α, r_t the task's relative inverse
//                training rate L_t / L_t(0) over its mean; Σ w_t = T. W = the shared parameters
//   mgda_ub      Σ α_t L_t with α the min-norm point of the convex hull of the task gradients
//                (Frank–Wolfe; Sener & Koltun). The gradients are taken w.r.t. the shared
//                representation where the architecture has one (shared bottom: the upper bound,
//                MGDA-UB); for the others w.r.t. the shared parameters (plain MGDA)
//   pcgrad       per task the gradient of w_t L_t; on the shared parameters each one loses its
//                component along every other task's gradient it conflicts with (negative dot
//                product), tasks visited in random order (Yu et al.); then summed
//   dwa          Σ λ_t L_t, λ = T · softmax(r / temperature), r_t = L_t(k−1) / L_t(k−2) from the
//                last two epochs' mean training losses; λ = 1 in the first two epochs (Liu et al.)
//   cagrad, nash_mtl, imtl, rlw, famo, aligned_mtl, gradvac, graddrop, gls: gradientmethods.h
// The shared parameters are what the architecture declares shared (core/ownership.h): experts and
// shared bottoms, never a task's own gate, tower, head, NativeExpertLF weights or stitch row.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/engine/data/rng.h"
#include "core/engine/models/backbone.h"
#include "core/engine/models/ownership.h"
#include "core/spec/spec.h"

namespace mtlx {

// A stack of R runs (models/stacked.h) is weighted run by run: every run has its own task
// weights and its own state (s_t, w_t, λ_t, PCGrad's shuffles), computed from its own losses and
// gradients only, so a run weighs its tasks the same alone and in a stack.
class LossWeighting {
public:
    virtual ~LossWeighting() = default;
    // Parameters the model's optimizer trains too (uncertainty's s_t, [R, T]).
    virtual std::vector<torch::Tensor> parameters() { return {}; }
    // losses: per task, each run's loss [R] (a run that has ended holds a finite placeholder).
    // Fills the parameters' gradients for one batch; returns each run's objective [R].
    virtual torch::Tensor backward(const std::vector<torch::Tensor>& losses, const BackboneOutput& features) = 0;
    // A preference-conditioned method (preference.h): each run's preference ray for the next step
    // [R, T], drawn now; the model reads it and backward() weighs with it. Undefined for the others.
    virtual torch::Tensor drawPreference() { return {}; }
    // After the optimizer's step (gradnorm updates its weights here).
    virtual void afterStep() {}
    // FAMO: the same batch's losses again after the optimizer's step (per task [R], no graph).
    virtual bool wantsLossesAfterStep() const { return false; }
    virtual void lossesAfterStep(const std::vector<torch::Tensor>& losses) { (void)losses; }
    // What the run's result should say about the method (Nash-MTL: steps whose solve did not
    // converge); "" for nothing.
    virtual std::string note(std::size_t run) const
    {
        (void)run;
        return {};
    }
    // At the end of an epoch, with the epoch's mean training loss per run and task (dwa).
    virtual void epochEnd(const std::vector<std::vector<double>>& meanTaskLoss) { (void)meanTaskLoss; }
    // The weight each task's loss had in the last step, per run (for the history and the result).
    virtual std::vector<std::vector<double>> weights() const = 0;
    // Run r's own state back to its start (a run that diverged in a stack).
    virtual void resetRun(std::int64_t r) { (void)r; }
    // Everything the method carries from step to step besides parameters() (GradNorm's weights
    // and their optimizer, DWA's loss history, PCGrad's shuffles), for a checkpoint.
    virtual void saveState(torch::serialize::OutputArchive& archive) const { (void)archive; }
    virtual void loadState(torch::serialize::InputArchive& archive) { (void)archive; }
};

// Learnt task weights `w` [R, T] with their own Adam (GradNorm, FAMO) in a checkpoint, under
// `key` and `adamKey`.
void saveLearntWeights(torch::serialize::OutputArchive& archive, const std::string& key, const std::string& adamKey,
                       const torch::Tensor& w, const torch::optim::Adam& optimizer);
void loadLearntWeights(torch::serialize::InputArchive& archive, const std::string& key, const std::string& adamKey,
                       torch::Tensor& w, torch::optim::Adam& optimizer);

// The per-run generators of a method that draws (PCGrad's orders, RLW, GradVac, GradDrop): one per
// run, seeded with the run's seed on the method's own stream, so a run draws the same alone and
// in a stack; kept in a checkpoint under `key`.
std::vector<Rng> runRngs(const std::vector<ExperimentSpec>& runs, std::uint64_t stream);
void saveRngs(torch::serialize::OutputArchive& archive, const std::string& key, const std::vector<Rng>& rngs);
void loadRngs(torch::serialize::InputArchive& archive, const std::string& key, std::vector<Rng>& rngs);

// `runs`: the specs of the stack's runs (they differ in task weights and seed only);
// `parameters`: every trainable parameter of the model, in a fixed order, with who it serves.
std::unique_ptr<LossWeighting> makeWeighting(const std::vector<ExperimentSpec>& runs,
                                             const std::vector<TaskInfo>& tasks,
                                             std::vector<OwnedParameter> parameters);

// Per run, the min-norm point of the convex hull of the rows of `grads` [R, T, P]: weights α ≥ 0,
// Σ α = 1, minimising ‖Σ α_t g_t‖ (Frank–Wolfe on the Gram matrix, exact line search).
std::vector<std::vector<double>> minNormWeights(const torch::Tensor& grads);

// Per run, PCGrad's combined gradient of the rows of `grads` [R, T, P] → [R, P]: each g_i is
// projected, in the order orders[r][i] (task indices), onto the normal plane of every original g_j
// it conflicts with; the projected gradients are summed.
torch::Tensor pcgradCombine(const torch::Tensor& grads,
                            const std::vector<std::vector<std::vector<std::size_t>>>& orders);

} // namespace mtlx
