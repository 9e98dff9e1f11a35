#pragma once
// Which task each parameter serves. The gradient methods (pcgrad, mgda_ub, gradnorm) project,
// mix and measure only the *shared* parameters: those of modules that serve more than one task
// as the architecture defines them (experts, shared bottoms). A task's own gate, tower, small
// heads, NativeExpertLF weights and stitch row are that task's, even where the implementation
// keeps all tasks' gates in one fused tensor: deciding "shared" by which gradients are merely
// defined would treat such a tensor as shared. See docs/weighting.md. Core-internal (uses torch).
//
// Parameters carry the leading run dimension of a stack (stacked.h); ownership is the same in
// every run, so it is declared and stored for one run's part (the parameter without that dimension).
#include <cstdint>
#include <unordered_map>
#include <vector>

#include <torch/torch.h>

namespace mtlx {

constexpr int kSharedOwner = -1;

// One trainable parameter and how much of it is shared.
struct OwnedParameter {
    enum class Sharing { All, None, Part };
    torch::Tensor param;
    Sharing sharing = Sharing::All;
    // Part: the flat indices (int64, ascending) within one run's part of the shared elements;
    // every other element belongs to one task (a fused gate tensor). Undefined otherwise.
    torch::Tensor sharedElements;
    // Elements of one run's part that take part in the shared gradient.
    std::int64_t sharedCount() const;
};

// Collected by the modules while they describe themselves (MtlModelImpl::ownedParameters):
// anything not declared is shared.
class ParameterOwners {
public:
    // The whole tensor serves `task`.
    void own(const torch::Tensor& param, int task);
    // Indices [start, start + length) along `dim` of one run's part serve `task`.
    void ownSlice(const torch::Tensor& param, std::int64_t dim, std::int64_t start, std::int64_t length, int task);
    // `params` in the same order, each with its owner.
    std::vector<OwnedParameter> resolve(const std::vector<torch::Tensor>& params) const;

private:
    // Per tensor: the owner of every element of one run's part (int32), kSharedOwner where undeclared.
    std::unordered_map<const void*, torch::Tensor> owners_;
    torch::Tensor& ownersOf(const torch::Tensor& param);
};

// Parameters whose every element is shared (callers that hold plain tensors, tests).
std::vector<OwnedParameter> sharedParameters(const std::vector<torch::Tensor>& params);

} // namespace mtlx
