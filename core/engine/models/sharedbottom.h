#pragma once
// shared_bottom: h = Mlp(D, bottom); every task's tower reads h.
// single_task: T independent Mlp(D, bottom) networks, one per task (the ST baseline).
// On images both may start with conv layers (model.conv): each conv k×k (no padding) → 2×2
// max-pool → activation, then flatten into the Mlp. LeNet = conv [10, 20], k = 5, bottom [50].
#include "core/engine/models/backbone.h"
#include "core/engine/models/mlp.h"

namespace mtlx {

class FeatureNetImpl : public torch::nn::Module {
public:
    // inputShape: one example's shape ({D}, or {C, H, W} / {H, W} for images with conv layers).
    // Throws SpecError when the conv layers do not fit the input.
    // condition: values that join the flattened input of the Mlp (after the conv layers), or
    // with asChannels (conv layers only) the image as constant extra channels.
    FeatureNetImpl(std::int64_t runs, const std::vector<std::int64_t>& inputShape, const ModelSpec& spec,
                   ConditionInput condition = {});
    // [R, B, …input shape] (and the condition [R, B, C]) → [R, B, bottom.back()]
    torch::Tensor forward(torch::Tensor x, const torch::Tensor& condition = {});
    std::int64_t outputSize() const { return mlp_->outputSize(); }
    // Run r's Mlp as the reference module's MLP below PREFIX; false with conv layers.
    bool referenceTensors(std::int64_t r, const std::string& prefix, NamedTensors& out) const;

private:
    std::vector<StackedConv2d> convs_;
    std::vector<std::int64_t> imageShape_; // {C, H, W} when there are conv layers
    std::int64_t conditionChannels_ = 0;   // condition values read as extra image channels
    Mlp mlp_{nullptr};
    Activation activation_;
};
TORCH_MODULE(FeatureNet);

class SharedBottomImpl : public BackboneImpl {
public:
    SharedBottomImpl(std::int64_t runs, const std::vector<std::int64_t>& inputShape, const ModelSpec& spec,
                     std::size_t taskCount, ConditionInput condition = {});
    BackboneOutput forward(const torch::Tensor& x) override { return forwardConditioned(x, {}); }
    BackboneOutput forwardConditioned(const torch::Tensor& x, const torch::Tensor& condition) override;
    std::vector<std::int64_t> taskInputSizes() const override;
    std::int64_t sharedSize() const override { return bottom_->outputSize(); }
    bool referenceTensors(std::int64_t r, NamedTensors& out) const override
    {
        return bottom_->referenceTensors(r, "bottom_projection.", out); // SharedBottom
    }

private:
    FeatureNet bottom_{nullptr};
    std::size_t taskCount_;
};

class SingleTaskImpl : public BackboneImpl {
public:
    SingleTaskImpl(std::int64_t runs, const std::vector<std::int64_t>& inputShape, const ModelSpec& spec,
                   std::size_t taskCount, ConditionInput condition = {});
    BackboneOutput forward(const torch::Tensor& x) override { return forwardConditioned(x, {}); }
    BackboneOutput forwardConditioned(const torch::Tensor& x, const torch::Tensor& condition) override;
    std::vector<std::int64_t> taskInputSizes() const override;
    void declareOwners(ParameterOwners& owners) const override;

private:
    std::vector<FeatureNet> networks_;
};

} // namespace mtlx
