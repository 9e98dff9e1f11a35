#include "core/engine/models/heads.h"

#include "core/spec/specerror.h"

namespace mtlx {

SmallHeadImpl::SmallHeadImpl(std::int64_t runs, const HeadsSpec& spec, std::int64_t inputSize, std::int64_t outputs,
                             const std::vector<std::int64_t>& towerDims, Activation activation)
{
    if (spec.kind == "linear") {
        kind_ = Kind::Linear;
        first_ = register_module("linear", StackedLinear(runs, inputSize, outputs));
    } else if (spec.kind == "pool") {
        kind_ = Kind::Pool;
        poolWindow_ = spec.poolWindow;
        if (poolWindow_ > inputSize)
            throw SpecError("heads.pool_window", "is " + std::to_string(poolWindow_) +
                                                     " but the tower input has only " + std::to_string(inputSize) +
                                                     " features");
        first_ = register_module("linear", StackedLinear(runs, inputSize / poolWindow_, outputs));
    } else if (spec.kind == "bottleneck") {
        kind_ = Kind::Bottleneck;
        first_ = register_module("down", StackedLinear(runs, inputSize, spec.bottleneckWidth));
        second_ = register_module("up", StackedLinear(runs, spec.bottleneckWidth, outputs));
    } else if (spec.kind == "large" || spec.kind == "pta") {
        kind_ = Kind::Tower;
        tower_ = register_module("tower", Tower(runs, inputSize, towerDims, outputs, activation));
    } else {
        throw SpecError("heads.kind", "'" + spec.kind + "' builds no head");
    }
}

torch::Tensor SmallHeadImpl::forward(const torch::Tensor& z)
{
    switch (kind_) {
    case Kind::Linear:
        return first_->forward(z);
    case Kind::Pool: {
        // Average pooling over the features of z (window = stride = k), then one Linear.
        const auto runs = z.size(0), batch = z.size(1);
        const auto pooled = torch::avg_pool1d(z.reshape({runs * batch, 1, z.size(2)}), {poolWindow_}, {poolWindow_});
        return first_->forward(pooled.view({runs, batch, -1}));
    }
    case Kind::Bottleneck:
        // No activation between the two layers: the bottleneck only limits the rank.
        return second_->forward(first_->forward(z));
    case Kind::Tower:
        return tower_->forward(z);
    }
    return {};
}

SmallHeadsImpl::SmallHeadsImpl(const HeadsSpec& spec, const std::vector<std::int64_t>& taskInputSizes,
                               const std::vector<TaskInfo>& tasks, const std::vector<std::int64_t>& towerDims,
                               Activation activation, const std::vector<std::uint64_t>& seeds)
    : lossWeight_(spec.kind == "pta" ? 1.0 : spec.gamma), temperature_(spec.kind == "pta" ? 1.0 : spec.temperature),
      dropout_(spec.dropout)
{
    const auto runs = static_cast<std::int64_t>(seeds.size());
    // Dropout masks come from each run's own generator, not LibTorch's global one, so that runs
    // training side by side (a sweep's --jobs) or in one stack stay reproducible.
    if (dropout_ > 0)
        for (const auto seed : seeds)
            generators_.push_back(at::make_generator<at::CPUGeneratorImpl>(seed));
    const std::int64_t perTask = spec.kind == "pta" ? spec.pseudoTasks : 1;
    for (std::size_t t = 0; t < tasks.size(); ++t) {
        std::vector<SmallHead> list;
        for (std::int64_t k = 0; k < perTask; ++k) {
            SmallHead head(runs, spec, taskInputSizes[t], tasks[t].outputSize(), towerDims, activation);
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
            std::vector<torch::Tensor> keep;
            for (auto& generator : generators_)
                keep.push_back(torch::empty({z.size(1), z.size(2)}, z.options()).bernoulli_(1.0 - dropout_, generator));
            input = z * torch::stack(keep) / (1.0 - dropout_);
        }
        auto logits = head->forward(input);
        out.push_back(temperature_ == 1.0 ? logits : logits / temperature_);
    }
    return out;
}

std::vector<torch::Tensor> SmallHeadsImpl::generatorStates() const
{
    std::vector<torch::Tensor> states;
    for (const auto& g : generators_)
        states.push_back(g.get_state());
    return states;
}

void SmallHeadsImpl::setGeneratorStates(const std::vector<torch::Tensor>& states)
{
    for (std::size_t r = 0; r < generators_.size() && r < states.size(); ++r)
        generators_[r].set_state(states[r]);
}

} // namespace mtlx
