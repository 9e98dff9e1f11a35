#include "core/engine/models/heads.h"

#include "core/spec/specerror.h"

namespace mtlx {
namespace {

torch::nn::Sequential makeHead(const HeadsSpec& spec, std::int64_t inputSize, std::int64_t outputs,
                               const std::vector<std::int64_t>& towerDims, Activation activation)
{
    torch::nn::Sequential head;
    if (spec.kind == "linear") {
        head->push_back(torch::nn::Linear(inputSize, outputs));
    } else if (spec.kind == "pool") {
        const std::int64_t k = spec.poolWindow;
        if (k > inputSize)
            throw SpecError("heads.pool_window", "is " + std::to_string(k) + " but the tower input has only " +
                                                     std::to_string(inputSize) + " features");
        // Average pooling over the features of z (window = stride = k), then one Linear.
        head->push_back(torch::nn::Functional(
            [k](const torch::Tensor& z) { return torch::avg_pool1d(z.unsqueeze(1), {k}, {k}).squeeze(1); }));
        head->push_back(torch::nn::Linear(inputSize / k, outputs));
    } else if (spec.kind == "bottleneck") {
        // No activation between the two layers: the bottleneck only limits the rank.
        head->push_back(torch::nn::Linear(inputSize, spec.bottleneckWidth));
        head->push_back(torch::nn::Linear(spec.bottleneckWidth, outputs));
    } else if (spec.kind == "large" || spec.kind == "pta") {
        head->push_back(Tower(inputSize, towerDims, outputs, activation));
    } else {
        throw SpecError("heads.kind", "'" + spec.kind + "' builds no head");
    }
    return head;
}

} // namespace

SmallHeadsImpl::SmallHeadsImpl(const HeadsSpec& spec, const std::vector<std::int64_t>& taskInputSizes,
                               const std::vector<TaskInfo>& tasks, const std::vector<std::int64_t>& towerDims,
                               Activation activation, std::uint64_t seed)
    : lossWeight_(spec.kind == "pta" ? 1.0 : spec.gamma), temperature_(spec.kind == "pta" ? 1.0 : spec.temperature),
      dropout_(spec.dropout)
{
    // Dropout masks come from the model's own generator, not LibTorch's global one, so that
    // runs training side by side (a sweep's --jobs) stay reproducible.
    if (dropout_ > 0) generator_ = at::make_generator<at::CPUGeneratorImpl>(seed);
    const std::int64_t perTask = spec.kind == "pta" ? spec.pseudoTasks : 1;
    for (std::size_t t = 0; t < tasks.size(); ++t) {
        std::vector<torch::nn::Sequential> list;
        for (std::int64_t k = 0; k < perTask; ++k) {
            auto head = makeHead(spec, taskInputSizes[t], tasks[t].outputSize(), towerDims, activation);
            // PTA-F: the pseudo-task towers keep their random initialisation for the whole run.
            if (spec.kind == "pta")
                for (auto& p : head->parameters())
                    p.set_requires_grad(false);
            list.push_back(register_module("task" + std::to_string(t) + "_head" + std::to_string(k), head));
        }
        heads_.push_back(std::move(list));
    }
}

void SmallHeadsImpl::declareOwners(ParameterOwners& owners) const
{
    for (std::size_t t = 0; t < heads_.size(); ++t)
        for (const auto& head : heads_[t])
            for (const auto& p : head->parameters())
                owners.own(p, static_cast<int>(t));
}

std::vector<torch::Tensor> SmallHeadsImpl::forward(std::size_t task, const torch::Tensor& z)
{
    std::vector<torch::Tensor> out;
    for (auto& head : heads_[task]) {
        torch::Tensor input = z;
        if (dropout_ > 0 && is_training()) {
            auto keep = torch::empty_like(z).bernoulli_(1.0 - dropout_, generator_);
            input = z * keep / (1.0 - dropout_);
        }
        auto logits = head->forward(input);
        out.push_back(temperature_ == 1.0 ? logits : logits / temperature_);
    }
    return out;
}

} // namespace mtlx
