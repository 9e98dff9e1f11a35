#pragma once
// The part of a multi-task model below the towers. Every architecture of docs/models.md is a
// Backbone: it maps the input to one tower input z_t per task, may expose a shared
// representation, and gated architectures report their gate weights per level. Every tensor has
// the leading run dimension R of a stack (stacked.h).
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "core/engine/models/ownership.h"
#include "core/spec/spec.h"

namespace mtlx {

struct BackboneOutput {
    std::vector<torch::Tensor> taskInputs; // z_t per task, [R, B, taskInputSize(t)]
    torch::Tensor shared;                  // the shared representation [R, B, d], undefined if none
    // Per level: [R, B, gates, experts] softmax gate weights (cross-stitch: α), rows and columns
    // as gateWiring() names them (core/gatewiring.h).
    std::vector<torch::Tensor> gates;
    // The last level's expert (cross-stitch: task network) outputs side by side [R, B, N·d]: the
    // post-activation units that the activation probe reads for these architectures.
    torch::Tensor experts;
};

// What a preference-conditioned model (training.preference) reads beside its input, and where.
struct ConditionInput {
    std::int64_t size = 0;   // values per example (0: an ordinary model)
    bool asChannels = false; // as constant extra image channels of the first conv layer (input
                             // "channels"); else beside the input of the first dense layer
};

// Tensors under names, in order (a PyTorch state_dict's items).
using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

class BackboneImpl : public torch::nn::Module {
public:
    virtual BackboneOutput forward(const torch::Tensor& x) = 0; // x [R, B, …input shape]
    // A preference-conditioned model (training.preference): `condition` [R, B, C] joins the input
    // of the first dense layer. Here: beside the flattened input (a backbone built for an input
    // C wider); backbones with conv layers override it to join after them, or to enter their
    // first conv layer as extra image channels.
    virtual BackboneOutput forwardConditioned(const torch::Tensor& x, const torch::Tensor& condition)
    {
        return forward(torch::cat({x.flatten(2), condition}, 2));
    }
    virtual std::vector<std::int64_t> taskInputSizes() const = 0;
    virtual std::int64_t sharedSize() const { return 0; } // 0: no shared representation
    // Per level, AdaTT's NativeExpertLF weights [R, gates, experts] (zeros where a unit adds no
    // expert), undefined for levels and architectures without them.
    virtual std::vector<torch::Tensor> nativeWeights() const { return {}; }
    // Marks the parameters that serve one task only (gates, stitch rows, per-task networks);
    // what is not marked is shared. The same in every run of a stack.
    virtual void declareOwners(ParameterOwners& owners) const { (void)owners; }
    // Run r's parameters named and shaped as the AdaTT authors' reference module holds them
    // below its `mtl_arch.` (pytorchlayout.h); false, adding nothing, where it has no counterpart.
    virtual bool referenceTensors(std::int64_t r, NamedTensors& out) const
    {
        (void)r;
        (void)out;
        return false;
    }
};

// Builds the backbone of spec.model, for a stack of `runs`, for inputs of one example's
// `inputShape` and the given tasks (the expert architectures flatten the input; conv layers need
// an image shape); `condition.size` > 0: it also reads that many condition values
// (forwardConditioned), at its first dense layer or as image channels.
std::shared_ptr<BackboneImpl> makeBackbone(const ModelSpec& spec, const std::vector<std::int64_t>& inputShape,
                                           const std::vector<TaskInfo>& tasks, std::int64_t runs = 1,
                                           ConditionInput condition = {});
std::shared_ptr<BackboneImpl> makeBackbone(const ModelSpec& spec, std::int64_t inputSize,
                                           const std::vector<TaskInfo>& tasks, std::int64_t runs = 1);

} // namespace mtlx
