#include "core/engine/models/mmoe.h"

namespace mtlx {

MlMmoeImpl::MlMmoeImpl(std::int64_t runs, std::int64_t inputSize, const ModelSpec& spec,
                       const std::vector<TaskInfo>& tasks)
    : experts_(spec.experts), tasks_(static_cast<std::int64_t>(tasks.size()))
{
    const auto activation = parseActivation(spec.activation);
    const auto levels = spec.expertDims.size();
    std::int64_t in = inputSize, gateOutputs = 0;
    for (std::size_t l = 0; l < levels; ++l) {
        // Level 1: one group (x) of E experts; deeper levels: E groups (mixtures) of one expert.
        const std::int64_t groups = l == 0 ? 1 : experts_, perGroup = l == 0 ? experts_ : 1;
        banks_.push_back(register_module("level" + std::to_string(l) + "_experts",
                                         ExpertBank(runs, groups, perGroup, in, spec.expertDims[l], activation)));
        in = banks_.back()->outputSize();
        gateRows_.push_back(l + 1 < levels ? experts_ : tasks_);
        gateOutputs += gateRows_.back() * experts_;
    }
    gates_ = register_module("gates", StackedLinear(runs, inputSize, gateOutputs));
}

BackboneOutput MlMmoeImpl::forward(const torch::Tensor& input)
{
    BackboneOutput out;
    const auto x = input.flatten(2);
    const auto runs = x.size(0), batch = x.size(1);
    const auto logits = gates_->forward(x);
    std::int64_t offset = 0;
    std::vector<torch::Tensor> h{x}; // level 1: every expert reads x; deeper: expert e reads mixture e
    for (std::size_t l = 0; l < banks_.size(); ++l) {
        const auto rows = gateRows_[l];
        auto g = torch::softmax(
            logits.slice(2, offset, offset + rows * experts_).reshape({runs, batch, rows, experts_}), -1);
        offset += rows * experts_;
        const auto experts = banks_[l]->forward(h);
        const auto mixed = mixExperts(g, experts); // [R, B, rows, d]
        out.gates.push_back(g);
        if (l + 1 == banks_.size()) out.experts = torch::cat(experts, 2);
        if (l + 1 < banks_.size())
            h = mixed.unbind(2);
        else
            out.taskInputs = mixed.unbind(2);
    }
    return out;
}

void MlMmoeImpl::declareOwners(ParameterOwners& owners) const
{
    // The last level's T gates (the last rows of the fused gate layer) are one task's each; the
    // gates below it feed experts that every task reads, so they are shared. Weight [R, in, out]:
    // a gate is a block of output columns.
    const std::int64_t first = gates_->weight.size(2) - tasks_ * experts_;
    for (std::int64_t t = 0; t < tasks_; ++t) {
        owners.ownSlice(gates_->weight, 1, first + t * experts_, experts_, static_cast<int>(t));
        owners.ownSlice(gates_->bias, 0, first + t * experts_, experts_, static_cast<int>(t));
    }
}

bool MlMmoeImpl::referenceTensors(std::int64_t r, NamedTensors& out) const
{
    // MLMMoE: experts.l.e, then gates.l.g as Sequential(MLP(D, []), Linear(D, E), Softmax): the
    // Linear is item 1. Our gate layer holds every level's gates side by side.
    for (std::size_t l = 0; l < banks_.size(); ++l)
        banks_[l]->referenceTensors(r, "experts." + std::to_string(l) + ".", 0, out);
    std::int64_t offset = 0;
    for (std::size_t l = 0; l < banks_.size(); ++l)
        for (std::int64_t g = 0; g < gateRows_[l]; ++g, offset += experts_)
            addTorchLinear(out, "gates." + std::to_string(l) + "." + std::to_string(g) + ".1", gates_->weight,
                           gates_->bias, r, offset, experts_);
    return true;
}

std::vector<std::int64_t> MlMmoeImpl::taskInputSizes() const
{
    return std::vector<std::int64_t>(static_cast<std::size_t>(tasks_), banks_.back()->outputSize());
}

} // namespace mtlx
