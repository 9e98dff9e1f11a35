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

GroupLinearImpl::GroupLinearImpl(std::int64_t runs, std::int64_t groups, std::int64_t inputSize,
                                 std::int64_t outputSize)
{
    // Per run, drawn as one [G, in, out] block and one [G, out] block, then split: the same
    // numbers as a stacked layer.
    std::vector<torch::Tensor> w, b;
    for (std::int64_t r = 0; r < runs; ++r) {
        w.push_back(uniformInit({groups, inputSize, outputSize}, inputSize));
        b.push_back(uniformInit({groups, outputSize}, inputSize));
    }
    const auto weights = torch::stack(w, 1), biases = torch::stack(b, 1); // [G, R, …]
    for (std::int64_t g = 0; g < groups; ++g) {
        weights_.push_back(register_parameter("weight" + std::to_string(g), weights[g].contiguous()));
        biases_.push_back(register_parameter("bias" + std::to_string(g), biases[g].contiguous()));
    }
}

torch::Tensor GroupLinearImpl::forward(const std::vector<torch::Tensor>& inputs)
{
    std::vector<torch::Tensor> outputs;
    for (std::int64_t g = 0; g < groups(); ++g)
        outputs.push_back(stackedLinear(groupInput(inputs, g, groups()), weights_[static_cast<std::size_t>(g)],
                                        biases_[static_cast<std::size_t>(g)]));
    return torch::stack(outputs, 2);
}

ExpertBankImpl::ExpertBankImpl(std::int64_t runs, std::int64_t groups, std::int64_t expertsPerGroup,
                               std::int64_t inputSize, const std::vector<std::int64_t>& dims, Activation activation)
    : groups_(groups), perGroup_(expertsPerGroup), dims_(dims), activation_(activation)
{
    TORCH_CHECK(!dims.empty(), "ExpertBank: an expert needs at least one layer");
    const auto n = experts(), d1 = dims[0];
    weights_.assign(static_cast<std::size_t>(n), {});
    biases_.assign(static_cast<std::size_t>(n), {});
    // Per run, layer 0 is drawn as group g's [in, k·d1] block (expert j owns columns j·d1 …
    // (j+1)·d1 − 1) and deeper layers as [N, d_{i−1}, d_i] blocks; each expert then keeps its own
    // copy of every run's part.
    std::vector<torch::Tensor> w0, b0;
    std::vector<std::vector<torch::Tensor>> deepW(dims.size()), deepB(dims.size());
    for (std::int64_t r = 0; r < runs; ++r) {
        w0.push_back(uniformInit({groups, inputSize, expertsPerGroup * d1}, inputSize));
        b0.push_back(uniformInit({groups, expertsPerGroup * d1}, inputSize));
        for (std::size_t i = 1; i < dims.size(); ++i) {
            deepW[i].push_back(uniformInit({n, dims[i - 1], dims[i]}, dims[i - 1]));
            deepB[i].push_back(uniformInit({n, dims[i]}, dims[i - 1]));
        }
    }
    const auto first = torch::stack(w0, 1), firstBias = torch::stack(b0, 1);      // [G, R, …]
    std::vector<torch::Tensor> deepWeights(dims.size()), deepBiases(dims.size()); // [N, R, …]
    for (std::size_t i = 1; i < dims.size(); ++i) {
        deepWeights[i] = torch::stack(deepW[i], 1);
        deepBiases[i] = torch::stack(deepB[i], 1);
    }
    for (std::int64_t e = 0; e < n; ++e) {
        const auto g = e / perGroup_, j = e % perGroup_;
        const std::string name = "expert" + std::to_string(e) + "_";
        auto& w = weights_[static_cast<std::size_t>(e)];
        auto& b = biases_[static_cast<std::size_t>(e)];
        w.push_back(register_parameter(name + "weight0", first[g].slice(2, j * d1, (j + 1) * d1).contiguous()));
        b.push_back(register_parameter(name + "bias0", firstBias[g].slice(1, j * d1, (j + 1) * d1).contiguous()));
        for (std::size_t i = 1; i < dims.size(); ++i) {
            w.push_back(register_parameter(name + "weight" + std::to_string(i), deepWeights[i][e].contiguous()));
            b.push_back(register_parameter(name + "bias" + std::to_string(i), deepBiases[i][e].contiguous()));
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
            h = activate(stackedLinear(h, w[i], b[i]), activation_);
        outputs.push_back(e == knockedOut_ ? torch::zeros_like(h) : h);
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

void ExpertBankImpl::referenceTensors(std::int64_t r, const std::string& prefix, std::int64_t first,
                                      NamedTensors& out) const
{
    for (std::int64_t e = 0; e < experts(); ++e)
        for (std::size_t i = 0; i < dims_.size(); ++i)
            addTorchLinear(out, prefix + std::to_string(first + e) + ".mlp_net." + std::to_string(2 * i), weight(e, i),
                           bias(e, i), r);
}

void ExpertBankImpl::own(ParameterOwners& owners, std::int64_t n, int task) const
{
    for (std::size_t i = 0; i < dims_.size(); ++i) {
        owners.own(weight(n, i), task);
        owners.own(bias(n, i), task);
    }
}

void referenceExperts(std::int64_t r, std::size_t level, const ExpertBank& all, const ExpertBank& task,
                      const ExpertBank& shared, NamedTensors& out)
{
    const std::string prefix = "experts." + std::to_string(level) + ".";
    if (!all.is_empty()) {
        all->referenceTensors(r, prefix, 0, out);
        return;
    }
    task->referenceTensors(r, prefix, 0, out);
    shared->referenceTensors(r, prefix, task->experts(), out);
}

torch::Tensor mixExperts(const torch::Tensor& gates, const std::vector<torch::Tensor>& experts)
{
    const auto runs = gates.size(0), batch = gates.size(1), rows = gates.size(2), n = gates.size(3);
    const auto stacked = torch::stack(experts, 2); // [R, B, N, d]
    const auto d = stacked.size(3);
    return torch::bmm(gates.reshape({runs * batch, rows, n}), stacked.view({runs * batch, n, d}))
        .view({runs, batch, rows, d});
}

} // namespace mtlx
