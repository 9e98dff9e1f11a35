#include "core/engine/models/ple.h"

namespace mtlx {

PleImpl::PleImpl(std::int64_t runs, std::int64_t inputSize, const ModelSpec& spec, const std::vector<TaskInfo>& tasks)
    : tasks_(static_cast<std::int64_t>(tasks.size())), perTask_(spec.expertsPerTask), shared_(spec.sharedExperts)
{
    const auto activation = parseActivation(spec.activation);
    const std::int64_t n = tasks_ * perTask_ + shared_, reach = perTask_ + shared_;
    std::int64_t in = inputSize;
    for (std::size_t l = 0; l < spec.expertDims.size(); ++l) {
        const auto& dims = spec.expertDims[l];
        const bool last = l + 1 == spec.expertDims.size();
        const std::string prefix = "level" + std::to_string(l) + "_";
        Level level;
        if (l == 0) {
            level.experts = register_module(prefix + "experts", ExpertBank(runs, 1, n, in, dims, activation));
            level.taskGates = register_module(prefix + "task_gates", GroupLinear(runs, 1, in, tasks_ * reach));
        } else {
            level.taskExperts =
                register_module(prefix + "task_experts", ExpertBank(runs, tasks_, perTask_, in, dims, activation));
            level.sharedExperts =
                register_module(prefix + "shared_experts", ExpertBank(runs, 1, shared_, in, dims, activation));
            level.taskGates = register_module(prefix + "task_gates", GroupLinear(runs, tasks_, in, reach));
        }
        if (!last) level.sharedGate = register_module(prefix + "shared_gate", StackedLinear(runs, in, n));
        levels_.push_back(level);
        in = dims.back();
    }
    outputSize_ = in;
    // Task gate t reaches its own experts t·m … t·m + m − 1 and the shared ones T·m … N − 1.
    auto index = torch::empty({tasks_, reach}, torch::kLong);
    for (std::int64_t t = 0; t < tasks_; ++t) {
        for (std::int64_t j = 0; j < perTask_; ++j)
            index[t][j] = t * perTask_ + j;
        for (std::int64_t j = 0; j < shared_; ++j)
            index[t][perTask_ + j] = tasks_ * perTask_ + j;
    }
    reach_ = register_buffer("reach", index);
}

BackboneOutput PleImpl::forward(const torch::Tensor& input)
{
    BackboneOutput out;
    const auto x = input.flatten(2);
    const auto runs = x.size(0), batch = x.size(1);
    const std::int64_t n = tasks_ * perTask_ + shared_, reach = perTask_ + shared_;
    std::vector<torch::Tensor> taskIn; // one [R, B, d] per task below level 1
    torch::Tensor sharedIn = x;
    for (std::size_t l = 0; l < levels_.size(); ++l) {
        auto& level = levels_[l];
        std::vector<torch::Tensor> experts;
        torch::Tensor taskLogits;
        if (l == 0) {
            experts = level.experts->forward({x});
            taskLogits = level.taskGates->forward({x}).view({runs, batch, tasks_, reach});
        } else {
            experts = level.taskExperts->forward(taskIn);
            for (auto& e : level.sharedExperts->forward({sharedIn}))
                experts.push_back(std::move(e));
            taskLogits = level.taskGates->forward(taskIn); // [R, B, T, m + s]
        }
        auto gates = torch::zeros({runs, batch, tasks_, n}, x.options())
                         .scatter(3, reach_.expand({runs, batch, tasks_, reach}), torch::softmax(taskLogits, -1));
        if (!level.sharedGate.is_empty())
            gates = torch::cat({gates, torch::softmax(level.sharedGate->forward(sharedIn), -1).unsqueeze(2)}, 2);
        const auto mixed = mixExperts(gates, experts); // [R, B, T (+1), d]
        out.gates.push_back(gates);
        if (l + 1 == levels_.size()) out.experts = torch::cat(experts, 2);
        if (l + 1 < levels_.size()) {
            auto units = mixed.unbind(2);
            sharedIn = units[static_cast<std::size_t>(tasks_)];
            units.pop_back();
            taskIn = std::move(units);
        } else {
            out.taskInputs = mixed.unbind(2);
        }
    }
    return out;
}

void PleImpl::declareOwners(ParameterOwners& owners) const
{
    const std::int64_t reach = perTask_ + shared_;
    for (std::size_t l = 0; l < levels_.size(); ++l) {
        const auto& level = levels_[l];
        for (std::int64_t t = 0; t < tasks_; ++t) {
            const auto task = static_cast<int>(t);
            if (l == 0) { // one GroupLinear whose columns t·(m + s) … are task t's gate
                owners.ownSlice(level.taskGates->weight(0), 1, t * reach, reach, task);
                owners.ownSlice(level.taskGates->bias(0), 0, t * reach, reach, task);
            } else {
                owners.own(level.taskGates->weight(t), task);
                owners.own(level.taskGates->bias(t), task);
            }
            // Below the last level the shared gate reads every task expert, so they serve all
            // tasks; at the last level task t's experts reach task t alone.
            if (l + 1 < levels_.size()) continue;
            for (std::int64_t j = 0; j < perTask_; ++j) {
                if (l == 0)
                    level.experts->own(owners, t * perTask_ + j, task);
                else
                    level.taskExperts->own(owners, t * perTask_ + j, task);
            }
        }
    }
}

bool PleImpl::referenceTensors(std::int64_t r, NamedTensors& out) const
{
    // PLE: experts.l.e (task-major, shared last), then gate_weights.l.t.0 per task and, below the
    // last level, gate_weights.l.T.0 for the shared gate.
    const std::int64_t reach = perTask_ + shared_;
    for (std::size_t l = 0; l < levels_.size(); ++l)
        referenceExperts(r, l, levels_[l].experts, levels_[l].taskExperts, levels_[l].sharedExperts, out);
    for (std::size_t l = 0; l < levels_.size(); ++l) {
        const auto& level = levels_[l];
        const std::string prefix = "gate_weights." + std::to_string(l) + ".";
        for (std::int64_t t = 0; t < tasks_; ++t) {
            const auto name = prefix + std::to_string(t) + ".0";
            if (l == 0)
                addTorchLinear(out, name, level.taskGates->weight(0), level.taskGates->bias(0), r, t * reach, reach);
            else
                addTorchLinear(out, name, level.taskGates->weight(t), level.taskGates->bias(t), r);
        }
        if (!level.sharedGate.is_empty())
            addTorchLinear(out, prefix + std::to_string(tasks_) + ".0", level.sharedGate->weight,
                           level.sharedGate->bias, r);
    }
    return true;
}

std::vector<std::int64_t> PleImpl::taskInputSizes() const
{
    return std::vector<std::int64_t>(static_cast<std::size_t>(tasks_), outputSize_);
}

} // namespace mtlx
