#include "core/sharedbottom.h"

namespace mtlx {

SharedBottomImpl::SharedBottomImpl(std::int64_t inputSize, const std::vector<std::int64_t>& dims,
                                   Activation activation, std::size_t taskCount)
    : taskCount_(taskCount)
{
    bottom_ = register_module("bottom", Mlp(inputSize, dims, activation));
}

BackboneOutput SharedBottomImpl::forward(const torch::Tensor& x)
{
    BackboneOutput out;
    out.shared = bottom_->forward(x.flatten(1));
    out.taskInputs.assign(taskCount_, out.shared);
    return out;
}

std::vector<std::int64_t> SharedBottomImpl::taskInputSizes() const
{
    return std::vector<std::int64_t>(taskCount_, bottom_->outputSize());
}

SingleTaskImpl::SingleTaskImpl(std::int64_t inputSize, const std::vector<std::int64_t>& dims, Activation activation,
                               std::size_t taskCount)
{
    for (std::size_t t = 0; t < taskCount; ++t)
        networks_.push_back(register_module("task" + std::to_string(t), Mlp(inputSize, dims, activation)));
}

BackboneOutput SingleTaskImpl::forward(const torch::Tensor& x)
{
    BackboneOutput out;
    const auto flat = x.flatten(1);
    for (auto& net : networks_) out.taskInputs.push_back(net->forward(flat));
    return out;
}

std::vector<std::int64_t> SingleTaskImpl::taskInputSizes() const
{
    std::vector<std::int64_t> sizes;
    for (const auto& net : networks_) sizes.push_back(net->outputSize());
    return sizes;
}

}  // namespace mtlx
