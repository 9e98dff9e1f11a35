#pragma once
// The trainable parameters in one contiguous buffer, and the optimizers that update it in one
// pass (docs/performance.md). Core-internal (uses torch).
//
// FlatParameters moves every parameter into one float buffer — each parameter keeps its identity
// (modules still hold it) and now reads its slice of the buffer — and gives each a gradient that
// is a view of a second buffer of the same layout, into which autograd accumulates. One optimizer
// step is then one element-wise pass over the whole buffer instead of a chain of operations per
// tensor. Parameters carry the leading run dimension of a stack (models/stacked.h), so run r of a
// parameter is one contiguous slice and a run can be reset alone.
#include <cstdint>
#include <vector>

#include <torch/torch.h>

#include "core/spec/spec.h"

namespace mtlx {

class FlatParameters {
public:
    // float32 tensors, each [R, …] with the same R.
    explicit FlatParameters(const std::vector<torch::Tensor>& params);
    FlatParameters(const FlatParameters&) = delete;
    FlatParameters& operator=(const FlatParameters&) = delete;

    torch::Tensor& values() { return values_; } // [P]
    torch::Tensor& grads() { return grads_; }   // [P]
    std::int64_t runs() const { return runs_; }
    void zeroGrad() { grads_.zero_(); }
    // Zeroes run r's slice of every parameter in `buffer`, a tensor of this layout (the values,
    // the gradients or an optimizer's state).
    void zeroRun(torch::Tensor& buffer, std::int64_t r) const;
    // Copies run r's slice of every parameter from one buffer of this layout into another.
    void copyRun(const torch::Tensor& from, torch::Tensor& to, std::int64_t r) const;
    // Per run: whether all its values are finite.
    std::vector<bool> finiteRuns() const;

private:
    struct Slot {
        std::int64_t offset, numel; // numel of one run's part
    };
    std::vector<Slot> slots_;
    std::int64_t runs_ = 1;
    torch::Tensor values_, grads_;
};

// training.optimizer over a FlatParameters buffer, with PyTorch's defaults:
//   adam     β = (0.9, 0.999), ε = 1e-8, bias-corrected
//   adamw    adam with decoupled weight decay: p ← (1 − lr · weight_decay) p before the adam step
//   sgd      momentum training.momentum, no dampening (the first step's buffer is the gradient)
//   adagrad  accumulator starting at 0, ε = 1e-10
// adam, sgd and adagrad add training.weight_decay · p to the gradient first (L2), as PyTorch's
// weight_decay does.
// Each element is updated from its own gradient and state only, so a stack's step is R separate
// optimizers in one call.
class FlatOptimizer {
public:
    FlatOptimizer(const TrainingSpec& spec, FlatParameters& params);
    void step();
    // Run r's state back to zero (a run that diverged in a stack; its values are zeroed apart).
    void resetRun(std::int64_t r);
    // The learning rate of the next steps (training.lr_decay lowers it after every epoch).
    void setLearningRate(double lr) { lr_ = static_cast<float>(lr); }
    // Its step count and moment buffers, for a checkpoint.
    void saveState(torch::serialize::OutputArchive& archive) const;
    void loadState(torch::serialize::InputArchive& archive);

private:
    enum class Kind { Adam, AdamW, Sgd, Adagrad } kind_;
    FlatParameters& params_;
    float lr_, momentum_, weightDecay_;
    std::int64_t steps_ = 0;
    torch::Tensor first_, second_; // adam: m and v; sgd: momentum buffer; adagrad: Σg² (first_)
};

} // namespace mtlx
