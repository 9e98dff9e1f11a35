#include "core/engine/models/sharedbottom.h"

#include "core/spec/specerror.h"

namespace mtlx {

FeatureNetImpl::FeatureNetImpl(std::int64_t runs, const std::vector<std::int64_t>& inputShape, const ModelSpec& spec,
                               ConditionInput condition)
    : activation_(parseActivation(spec.activation))
{
    std::int64_t flat = 1;
    for (auto d : inputShape)
        flat *= d;
    if (!spec.conv.empty()) {
        if (inputShape.size() == 2)
            imageShape_ = {1, inputShape[0], inputShape[1]};
        else if (inputShape.size() == 3)
            imageShape_ = inputShape;
        else
            throw SpecError("model.conv", "conv layers need image input; this data set has " + std::to_string(flat) +
                                              " plain features");
        if (condition.asChannels) conditionChannels_ = condition.size;
        std::int64_t channels = imageShape_[0] + conditionChannels_, h = imageShape_[1], w = imageShape_[2];
        const auto k = spec.convKernel;
        for (std::size_t i = 0; i < spec.conv.size(); ++i) {
            h = (h - k + 1) / 2;
            w = (w - k + 1) / 2;
            if (h < 1 || w < 1)
                throw SpecError("model.conv", std::to_string(i + 1) + " conv layers of kernel " + std::to_string(k) +
                                                  " do not fit a " + std::to_string(imageShape_[1]) + "×" +
                                                  std::to_string(imageShape_[2]) + " image");
            convs_.push_back(
                register_module("conv" + std::to_string(i), StackedConv2d(runs, channels, spec.conv[i], k)));
            channels = spec.conv[i];
        }
        flat = channels * h * w;
    }
    if (condition.asChannels && convs_.empty())
        throw SpecError("training.preference.input", "channels needs conv layers (model.conv)");
    mlp_ = register_module("mlp",
                           Mlp(runs, flat + (conditionChannels_ > 0 ? 0 : condition.size), spec.bottom, activation_));
}

torch::Tensor FeatureNetImpl::forward(torch::Tensor x, const torch::Tensor& condition)
{
    const auto runs = x.size(0), batch = x.size(1);
    if (!convs_.empty()) {
        x = x.reshape({runs, batch, imageShape_[0], imageShape_[1], imageShape_[2]});
        std::int64_t channels = imageShape_[0];
        if (conditionChannels_ > 0) {
            TORCH_CHECK(condition.defined(), "a model that reads its preference as image channels needs one");
            // Each condition value as one constant image channel (COSMOS's input).
            const auto planes = condition.reshape({runs, batch, conditionChannels_, 1, 1})
                                    .expand({runs, batch, conditionChannels_, imageShape_[1], imageShape_[2]});
            x = torch::cat({x, planes.to(x.dtype())}, 2);
            channels += conditionChannels_;
        }
        // [R, B, C, H, W] → [B, R·C, H, W] for the stacked convolutions, and back per run.
        x = x.transpose(0, 1).reshape({batch, runs * channels, imageShape_[1], imageShape_[2]});
        for (auto& conv : convs_)
            x = activate(torch::max_pool2d(conv->forward(x), 2), activation_);
        x = x.view({batch, runs, -1}).transpose(0, 1);
    }
    x = x.flatten(2);
    return mlp_->forward(condition.defined() && conditionChannels_ == 0 ? torch::cat({x, condition}, 2) : x);
}

bool FeatureNetImpl::referenceTensors(std::int64_t r, const std::string& prefix, NamedTensors& out) const
{
    if (!convs_.empty()) return false;
    mlp_->referenceTensors(r, prefix, out);
    return true;
}

SharedBottomImpl::SharedBottomImpl(std::int64_t runs, const std::vector<std::int64_t>& inputShape,
                                   const ModelSpec& spec, std::size_t taskCount, ConditionInput condition)
    : taskCount_(taskCount)
{
    bottom_ = register_module("bottom", FeatureNet(runs, inputShape, spec, condition));
}

BackboneOutput SharedBottomImpl::forwardConditioned(const torch::Tensor& x, const torch::Tensor& condition)
{
    BackboneOutput out;
    out.shared = bottom_->forward(x, condition);
    out.taskInputs.assign(taskCount_, out.shared);
    return out;
}

std::vector<std::int64_t> SharedBottomImpl::taskInputSizes() const
{
    return std::vector<std::int64_t>(taskCount_, bottom_->outputSize());
}

SingleTaskImpl::SingleTaskImpl(std::int64_t runs, const std::vector<std::int64_t>& inputShape, const ModelSpec& spec,
                               std::size_t taskCount, ConditionInput condition)
{
    for (std::size_t t = 0; t < taskCount; ++t)
        networks_.push_back(register_module("task" + std::to_string(t), FeatureNet(runs, inputShape, spec, condition)));
}

BackboneOutput SingleTaskImpl::forwardConditioned(const torch::Tensor& x, const torch::Tensor& condition)
{
    BackboneOutput out;
    for (auto& net : networks_)
        out.taskInputs.push_back(net->forward(x, condition));
    return out;
}

void SingleTaskImpl::declareOwners(ParameterOwners& owners) const
{
    for (std::size_t t = 0; t < networks_.size(); ++t)
        for (const auto& p : networks_[t]->parameters())
            owners.own(p, static_cast<int>(t));
}

std::vector<std::int64_t> SingleTaskImpl::taskInputSizes() const
{
    std::vector<std::int64_t> sizes;
    for (const auto& net : networks_)
        sizes.push_back(net->outputSize());
    return sizes;
}

} // namespace mtlx
