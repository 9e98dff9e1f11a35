#pragma once
// Building blocks of the expert architectures (docs/models.md), for a stack of R runs
// (stacked.h).
//
// Every expert and every gate keeps its own contiguous weight [R, in, out] and runs as its own
// product on [R, B, in] inputs. Measured on CPU (tests/bench), that is 2–3× faster than stacking
// the experts into one wide or batched product: the stacked layouts need transposed copies, and
// their backward passes run strided element-wise kernels and zero-fill whole stacked gradients
// for every slice.
//
// Layouts: an expert's output is [R, B, d]; gates are [R, B, rows, N]; a mixture is [R, B, rows, d].
#include <cstdint>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/engine/models/backbone.h"
#include "core/engine/models/mlp.h"

namespace mtlx {

// G independent Linear layers (in → out), each initialised like torch::nn::Linear (U(±1/√in)).
class GroupLinearImpl : public torch::nn::Module {
public:
    GroupLinearImpl(std::int64_t runs, std::int64_t groups, std::int64_t inputSize, std::int64_t outputSize);
    // inputs: one [R, B, in] tensor per group, or one tensor that every group reads. Returns
    // [R, B, G, out].
    torch::Tensor forward(const std::vector<torch::Tensor>& inputs);

    std::int64_t groups() const { return static_cast<std::int64_t>(weights_.size()); }
    // Group g's weight [R, in, out] and bias [R, out].
    const torch::Tensor& weight(std::int64_t g) const { return weights_.at(static_cast<std::size_t>(g)); }
    const torch::Tensor& bias(std::int64_t g) const { return biases_.at(static_cast<std::size_t>(g)); }

private:
    std::vector<torch::Tensor> weights_, biases_; // per group [R, in, out] and [R, out]
};
TORCH_MODULE(GroupLinear);

// N = G·k experts, each an Mlp(in, dims) (docs/models.md: every layer followed by the activation).
// Experts g·k … g·k + k − 1 read input group g.
class ExpertBankImpl : public torch::nn::Module {
public:
    ExpertBankImpl(std::int64_t runs, std::int64_t groups, std::int64_t expertsPerGroup, std::int64_t inputSize,
                   const std::vector<std::int64_t>& dims, Activation activation);
    // inputs: one [R, B, in] tensor per group, or one tensor that every group reads. Returns the
    // N expert outputs [R, B, dims.back()], in expert order.
    std::vector<torch::Tensor> forward(const std::vector<torch::Tensor>& inputs);

    std::int64_t experts() const { return groups_ * perGroup_; }
    std::int64_t outputSize() const { return dims_.back(); }
    // Expert n's layer i: weight [R, in, out] and bias [R, out].
    const torch::Tensor& weight(std::int64_t n, std::size_t layer) const;
    const torch::Tensor& bias(std::int64_t n, std::size_t layer) const;
    // Every layer of expert n serves `task` alone.
    void own(ParameterOwners& owners, std::int64_t n, int task) const;
    // Run r's experts as the reference module's MLPs: expert n is "PREFIX(first + n).mlp_net.(2i)"
    // for its layer i (pytorchlayout.h).
    void referenceTensors(std::int64_t r, const std::string& prefix, std::int64_t first, NamedTensors& out) const;
    // The inspector's knock-out: expert n's output is zero from now on (−1: none is).
    void knockOut(std::int64_t n) { knockedOut_ = n; }

private:
    std::int64_t knockedOut_ = -1;
    std::int64_t groups_, perGroup_;
    std::vector<std::int64_t> dims_;
    Activation activation_;
    std::vector<std::vector<torch::Tensor>> weights_, biases_; // [expert][layer]
};
TORCH_MODULE(ExpertBank);

// A level's experts as the reference module's "experts.LEVEL.e" (pytorchlayout.h): `all` when it
// holds every expert of the level, else `task` (task-major) then `shared`.
void referenceExperts(std::int64_t r, std::size_t level, const ExpertBank& all, const ExpertBank& task,
                      const ExpertBank& shared, NamedTensors& out);

// Σ_e gates[r, b, g, e] · experts[e][r, b, :] → [R, B, rows, d].
torch::Tensor mixExperts(const torch::Tensor& gates, const std::vector<torch::Tensor>& experts);

} // namespace mtlx
