#pragma once
// The gradient-conflict probe (docs/probes.md, "Gradient conflict"): every k-th training step,
// the cosine similarity between two tasks' gradients on the shared parameters, for every pair of
// tasks, over all shared parameters and per level of a model with several levels. A cosine
// near 1: the tasks pull the shared layers the same way; near 0: they ignore each other;
// below 0: they conflict (what PCGrad projects away). Each task's gradient is that of its
// training loss as the model trains it (with its small heads), unweighted: a cosine does not
// depend on the task weights. Core-internal (uses torch).
#include <cstdint>
#include <vector>

#include <torch/torch.h>

#include "core/engine/models/ownership.h"
#include "core/spec/result.h"

namespace mtlx {

class ConflictProbe {
public:
    // params: every trainable parameter with its owner; levelOf: per parameter, the level of the
    // architecture it belongs to (−1: none, e.g. a shared bottom); runs: R of the stack.
    ConflictProbe(std::vector<OwnedParameter> params, const std::vector<int>& levelOf, std::size_t tasks,
                  std::int64_t runs);
    // False when there is nothing to compare (one task, or no shared parameter).
    bool active() const { return active_; }
    // One sample from this step's per-task losses ([R] each); the graph is kept for the step.
    void sample(const std::vector<torch::Tensor>& losses);
    // After the weighting method wrote this sampled step's gradients: the cosine of the update it
    // applied to the shared parameters with each task's gradient (what a gradient method changed).
    void sampleUpdate();
    // Per run, the mean over this epoch's samples (empty when none was taken); starts a new epoch.
    std::vector<std::vector<GradientCosine>> takeEpoch();
    // Per run and task, the mean cosine of the applied update with the task's gradient over this
    // epoch's samples (empty when none); takeEpoch() ends the epoch for both.
    std::vector<std::vector<double>> updateCosines() const;

private:
    std::vector<OwnedParameter> params_;
    std::vector<int> group_; // per parameter: index of its level group, −1 when not shared
    std::int64_t groups_ = 0;
    std::size_t tasks_;
    std::int64_t runs_;
    bool active_ = false;
    torch::Tensor sum_;      // [R, pairs, 1 + levels] cosines summed over the samples (float64)
    torch::Tensor negative_; // [R, pairs] samples whose overall cosine was below 0 (float64)
    int samples_ = 0;
    torch::Tensor rows_;      // the last sample's task gradients on the shared elements [R, T, P] (float64)
    torch::Tensor updateSum_; // [R, T] cosines of the applied update with each task's gradient, summed
    int updateSamples_ = 0;
};

} // namespace mtlx
