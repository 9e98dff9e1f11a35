#pragma once
// Batched building blocks of the expert architectures (SPEC.md §1). The experts of one level
// are never a loop of small modules: their weights are stacked and computed with one batched
// matrix product per layer.
//
// Layouts: a group of inputs is [G, B, in]; the outputs of N experts are [N, B, d]
// (expert-major, so each layer is one baddbmm); gates are [B, rows, N].
#include <cstdint>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/backbone.h"
#include "core/mlp.h"

namespace mtlx {

// G independent Linear layers (in → out) with stacked weights [G, in, out] and biases
// [G, 1, out], each initialised like torch::nn::Linear (U(±1/√in)). Parameter count equals G
// separate Linears.
class GroupLinearImpl : public torch::nn::Module {
public:
    GroupLinearImpl(std::int64_t groups, std::int64_t inputSize, std::int64_t outputSize);
    // x: [G, B, in], or [B, in] when G = 1. Returns [G, B, out].
    torch::Tensor forward(const torch::Tensor& x);

    std::int64_t groups() const { return weight.size(0); }
    torch::Tensor weight, bias;
};
TORCH_MODULE(GroupLinear);

// N = G·k experts, each an Mlp(in, dims) (SPEC.md: every layer followed by the activation).
// Experts g·k … g·k + k − 1 read input group g. The first layer of a group's k experts is one
// [in, k·d1] product; deeper layers are one [N] batched product each.
class ExpertBankImpl : public torch::nn::Module {
public:
    ExpertBankImpl(std::int64_t groups, std::int64_t expertsPerGroup, std::int64_t inputSize,
                   const std::vector<std::int64_t>& dims, Activation activation);
    // x: [G, B, in], or [B, in] when G = 1. Returns [N, B, dims.back()].
    torch::Tensor forward(const torch::Tensor& x);
    // The same numbers, one expert after the other with plain matrix products (for tests).
    torch::Tensor forwardOneByOne(const torch::Tensor& x);

    std::int64_t experts() const { return groups_ * perGroup_; }
    std::int64_t outputSize() const { return dims_.back(); }

private:
    std::int64_t groups_, perGroup_;
    std::vector<std::int64_t> dims_;
    Activation activation_;
    std::vector<GroupLinear> layers_;
};
TORCH_MODULE(ExpertBank);

// Σ_e gates[b, r, e] · experts[e, b, :] → [B, rows, d].
torch::Tensor mixExperts(const torch::Tensor& gates, const torch::Tensor& experts);

// Expert column names "owner/1" … "owner/n".
void appendExpertNames(std::vector<std::string>& names, const std::string& owner, int count);
std::vector<std::string> taskNames(const std::vector<TaskInfo>& tasks);

}  // namespace mtlx
