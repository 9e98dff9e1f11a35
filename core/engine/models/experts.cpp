#include "core/engine/models/experts.h"

#include <cmath>

namespace mtlx {
namespace {

// torch::nn::Linear's default: kaiming_uniform(a = √5) on the weight = U(±1/√in), and the
// bias U(±1/√in).
torch::Tensor uniformInit(std::vector<std::int64_t> shape, std::int64_t fanIn)
{
    const double bound = 1.0 / std::sqrt(static_cast<double>(fanIn));
    return torch::empty(shape).uniform_(-bound, bound);
}

const torch::Tensor& groupInput(const std::vector<torch::Tensor>& inputs, std::int64_t g, std::int64_t groups)
{
    TORCH_CHECK(inputs.size() == 1 || static_cast<std::int64_t>(inputs.size()) == groups, "expected 1 or ", groups,
                " inputs, got ", inputs.size());
    return inputs.size() == 1 ? inputs[0] : inputs[static_cast<std::size_t>(g)];
}

} // namespace

GroupLinearImpl::GroupLinearImpl(std::int64_t groups, std::int64_t inputSize, std::int64_t outputSize)
{
    // Drawn as one [G, in, out] block, then split: the same numbers as a stacked layer.
    const auto w = uniformInit({groups, inputSize, outputSize}, inputSize);
    const auto b = uniformInit({groups, outputSize}, inputSize);
    for (std::int64_t g = 0; g < groups; ++g) {
        weights_.push_back(register_parameter("weight" + std::to_string(g), w[g].clone()));
        biases_.push_back(register_parameter("bias" + std::to_string(g), b[g].clone()));
    }
}

torch::Tensor GroupLinearImpl::forward(const std::vector<torch::Tensor>& inputs)
{
    std::vector<torch::Tensor> outputs;
    for (std::int64_t g = 0; g < groups(); ++g)
        outputs.push_back(torch::addmm(biases_[static_cast<std::size_t>(g)], groupInput(inputs, g, groups()),
                                       weights_[static_cast<std::size_t>(g)]));
    return torch::stack(outputs, 1);
}

ExpertBankImpl::ExpertBankImpl(std::int64_t groups, std::int64_t expertsPerGroup, std::int64_t inputSize,
                               const std::vector<std::int64_t>& dims, Activation activation)
    : groups_(groups), perGroup_(expertsPerGroup), dims_(dims), activation_(activation)
{
    TORCH_CHECK(!dims.empty(), "ExpertBank: an expert needs at least one layer");
    const auto n = experts(), d1 = dims[0];
    weights_.assign(static_cast<std::size_t>(n), {});
    biases_.assign(static_cast<std::size_t>(n), {});
    // Layer 0 is drawn as group g's [in, k·d1] block (expert j owns columns j·d1 … (j+1)·d1 − 1)
    // and deeper layers as [N, d_{i−1}, d_i] blocks; each expert then keeps its own copy.
    const auto w0 = uniformInit({groups, inputSize, expertsPerGroup * d1}, inputSize);
    const auto b0 = uniformInit({groups, 1, expertsPerGroup * d1}, inputSize);
    std::vector<torch::Tensor> deepW, deepB;
    for (std::size_t i = 1; i < dims.size(); ++i) {
        deepW.push_back(uniformInit({n, dims[i - 1], dims[i]}, dims[i - 1]));
        deepB.push_back(uniformInit({n, 1, dims[i]}, dims[i - 1]));
    }
    for (std::int64_t e = 0; e < n; ++e) {
        const auto g = e / perGroup_, j = e % perGroup_;
        const std::string name = "expert" + std::to_string(e) + "_";
        auto& w = weights_[static_cast<std::size_t>(e)];
        auto& b = biases_[static_cast<std::size_t>(e)];
        w.push_back(register_parameter(name + "weight0", w0[g].slice(1, j * d1, (j + 1) * d1).clone()));
        b.push_back(register_parameter(name + "bias0", b0[g][0].slice(0, j * d1, (j + 1) * d1).clone()));
        for (std::size_t i = 1; i < dims.size(); ++i) {
            w.push_back(register_parameter(name + "weight" + std::to_string(i), deepW[i - 1][e].clone()));
            b.push_back(register_parameter(name + "bias" + std::to_string(i), deepB[i - 1][e][0].clone()));
        }
    }
}

std::vector<torch::Tensor> ExpertBankImpl::forward(const std::vector<torch::Tensor>& inputs)
{
    std::vector<torch::Tensor> outputs;
    for (std::int64_t e = 0; e < experts(); ++e) {
        const auto& w = weights_[static_cast<std::size_t>(e)];
        const auto& b = biases_[static_cast<std::size_t>(e)];
        auto h = groupInput(inputs, e / perGroup_, groups_);
        for (std::size_t i = 0; i < w.size(); ++i)
            h = activate(torch::addmm(b[i], h, w[i]), activation_);
        outputs.push_back(h);
    }
    return outputs;
}

const torch::Tensor& ExpertBankImpl::weight(std::int64_t n, std::size_t layer) const
{
    return weights_.at(static_cast<std::size_t>(n)).at(layer);
}

const torch::Tensor& ExpertBankImpl::bias(std::int64_t n, std::size_t layer) const
{
    return biases_.at(static_cast<std::size_t>(n)).at(layer);
}

void ExpertBankImpl::own(ParameterOwners& owners, std::int64_t n, int task) const
{
    for (std::size_t i = 0; i < dims_.size(); ++i) {
        owners.own(weight(n, i), task);
        owners.own(bias(n, i), task);
    }
}

torch::Tensor mixExperts(const torch::Tensor& gates, const std::vector<torch::Tensor>& experts)
{
    return torch::bmm(gates, torch::stack(experts, 1));
}

} // namespace mtlx
