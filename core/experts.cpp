#include "core/experts.h"

#include <cmath>

namespace mtlx {

GroupLinearImpl::GroupLinearImpl(std::int64_t groups, std::int64_t inputSize, std::int64_t outputSize)
{
    // torch::nn::Linear's default: kaiming_uniform(a = √5) on the weight = U(±1/√in), and the
    // bias U(±1/√in).
    const double bound = 1.0 / std::sqrt(static_cast<double>(inputSize));
    weight = register_parameter("weight", torch::empty({groups, inputSize, outputSize}).uniform_(-bound, bound));
    bias = register_parameter("bias", torch::empty({groups, 1, outputSize}).uniform_(-bound, bound));
}

torch::Tensor GroupLinearImpl::forward(const torch::Tensor& x)
{
    if (x.dim() == 2) {
        TORCH_CHECK(weight.size(0) == 1, "GroupLinear: a 2-d input needs one group");
        return torch::addmm(bias[0], x, weight[0]).unsqueeze(0);
    }
    return torch::baddbmm(bias, x, weight);
}

ExpertBankImpl::ExpertBankImpl(std::int64_t groups, std::int64_t expertsPerGroup, std::int64_t inputSize,
                               const std::vector<std::int64_t>& dims, Activation activation)
    : groups_(groups), perGroup_(expertsPerGroup), dims_(dims), activation_(activation)
{
    TORCH_CHECK(!dims.empty(), "ExpertBank: an expert needs at least one layer");
    // Layer 0 of group g's k experts is a single [in, k·d1] weight: expert j owns columns
    // j·d1 … (j+1)·d1 − 1. Its fan-in is `in`, as for k separate Linears.
    layers_.push_back(register_module("layer0", GroupLinear(groups, inputSize, expertsPerGroup * dims[0])));
    for (std::size_t i = 1; i < dims.size(); ++i)
        layers_.push_back(
            register_module("layer" + std::to_string(i), GroupLinear(experts(), dims[i - 1], dims[i])));
}

torch::Tensor ExpertBankImpl::forward(const torch::Tensor& x)
{
    auto h = activate(layers_[0]->forward(x), activation_);  // [G, B, k·d1]
    const auto batch = h.size(1);
    if (perGroup_ > 1)  // [G, B, k, d1] → [G, k, B, d1] → [N, B, d1]
        h = h.view({groups_, batch, perGroup_, dims_[0]}).transpose(1, 2).reshape({experts(), batch, dims_[0]});
    for (std::size_t i = 1; i < layers_.size(); ++i) h = activate(layers_[i]->forward(h), activation_);
    return h;
}

torch::Tensor ExpertBankImpl::forwardOneByOne(const torch::Tensor& x)
{
    std::vector<torch::Tensor> outputs;
    const auto d1 = dims_[0];
    for (std::int64_t n = 0; n < experts(); ++n) {
        const auto g = n / perGroup_, j = n % perGroup_;
        const auto input = x.dim() == 2 ? x : x[g];
        auto w = layers_[0]->weight[g].slice(1, j * d1, (j + 1) * d1);
        auto b = layers_[0]->bias[g][0].slice(0, j * d1, (j + 1) * d1);
        auto h = activate(input.matmul(w) + b, activation_);
        for (std::size_t i = 1; i < layers_.size(); ++i)
            h = activate(h.matmul(layers_[i]->weight[n]) + layers_[i]->bias[n][0], activation_);
        outputs.push_back(h);
    }
    return torch::stack(outputs);
}

torch::Tensor mixExperts(const torch::Tensor& gates, const torch::Tensor& experts)
{
    return torch::bmm(gates, experts.transpose(0, 1));
}

void appendExpertNames(std::vector<std::string>& names, const std::string& owner, int count)
{
    for (int i = 1; i <= count; ++i) names.push_back(owner + "/" + std::to_string(i));
}

std::vector<std::string> taskNames(const std::vector<TaskInfo>& tasks)
{
    std::vector<std::string> names;
    for (const auto& t : tasks) names.push_back(t.name);
    return names;
}

}  // namespace mtlx
