#pragma once
// shared_bottom: h = Mlp(D, bottom); every task's tower reads h.
// single_task: T independent Mlp(D, bottom) networks, one per task (the ST baseline).
#include "core/backbone.h"
#include "core/mlp.h"

namespace mtlx {

class SharedBottomImpl : public BackboneImpl {
public:
    SharedBottomImpl(std::int64_t inputSize, const std::vector<std::int64_t>& dims, Activation activation,
                     std::size_t taskCount);
    BackboneOutput forward(const torch::Tensor& x) override;
    std::vector<std::int64_t> taskInputSizes() const override;
    std::int64_t sharedSize() const override { return bottom_->outputSize(); }

private:
    Mlp bottom_{nullptr};
    std::size_t taskCount_;
};

class SingleTaskImpl : public BackboneImpl {
public:
    SingleTaskImpl(std::int64_t inputSize, const std::vector<std::int64_t>& dims, Activation activation,
                   std::size_t taskCount);
    BackboneOutput forward(const torch::Tensor& x) override;
    std::vector<std::int64_t> taskInputSizes() const override;

private:
    std::vector<Mlp> networks_;
};

}  // namespace mtlx
