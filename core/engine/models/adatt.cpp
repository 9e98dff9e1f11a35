#include "core/engine/models/adatt.h"

#include <cmath>

namespace mtlx {

AdattImpl::AdattImpl(std::int64_t runs, std::int64_t inputSize, const ModelSpec& spec, std::int64_t sharedExperts,
                     const std::vector<TaskInfo>& tasks)
    : runs_(runs), tasks_(static_cast<std::int64_t>(tasks.size())), perTask_(spec.expertsPerTask),
      shared_(sharedExperts)
{
    const auto activation = parseActivation(spec.activation);
    const std::int64_t n = tasks_ * perTask_ + shared_;
    const bool oneExpertEach = perTask_ == 1 && shared_ <= 1;
    std::int64_t in = inputSize;
    for (std::size_t l = 0; l < spec.expertDims.size(); ++l) {
        const auto& dims = spec.expertDims[l];
        const bool last = l + 1 == spec.expertDims.size();
        const std::string prefix = "level" + std::to_string(l) + "_";
        Level level;
        level.units = tasks_ + (shared_ > 0 && !last ? 1 : 0);
        if (l == 0) {
            level.experts = register_module(prefix + "experts", ExpertBank(runs, 1, n, in, dims, activation));
            level.inputGates = register_module(prefix + "gates", StackedLinear(runs, in, level.units * n));
        } else {
            if (shared_ == 0 || shared_ == perTask_) {
                const std::int64_t groups = tasks_ + (shared_ > 0 ? 1 : 0);
                level.experts =
                    register_module(prefix + "experts", ExpertBank(runs, groups, perTask_, in, dims, activation));
            } else {
                level.taskExperts =
                    register_module(prefix + "task_experts", ExpertBank(runs, tasks_, perTask_, in, dims, activation));
                level.sharedExperts =
                    register_module(prefix + "shared_experts", ExpertBank(runs, 1, shared_, in, dims, activation));
            }
            level.unitGates = register_module(prefix + "gates", GroupLinear(runs, level.units, in, n));
        }
        if (spec.nativeExpertLf && oneExpertEach) {
            // Unit u adds its own module's single expert: task t → column t, shared → column T.
            auto fixed = torch::zeros({level.units, n});
            for (std::int64_t u = 0; u < level.units; ++u)
                fixed[u][u] = 1.0;
            level.fixedResidual = register_buffer(prefix + "native_expert_lf", fixed);
        } else if (spec.nativeExpertLf) {
            const double taskBound = std::sqrt(1.0 / static_cast<double>(perTask_));
            const double sharedBound = std::sqrt(1.0 / static_cast<double>(std::max<std::int64_t>(shared_, 1)));
            const bool sharedUnit = level.units > tasks_;
            auto task = torch::empty({runs, tasks_, perTask_});
            auto shared = torch::empty({runs, shared_});
            for (std::int64_t r = 0; r < runs; ++r) {
                task[r].uniform_(-taskBound, taskBound);
                if (sharedUnit) shared[r].uniform_(-sharedBound, sharedBound);
            }
            level.taskWeights = register_parameter(prefix + "native_expert_lf_task", task);
            if (sharedUnit) level.sharedWeights = register_parameter(prefix + "native_expert_lf_shared", shared);
            // Row t holds v_t over task t's experts, the shared row v_s over the shared experts.
            std::vector<std::int64_t> positions;
            for (std::int64_t t = 0; t < tasks_; ++t)
                for (std::int64_t j = 0; j < perTask_; ++j)
                    positions.push_back(t * n + t * perTask_ + j);
            if (sharedUnit)
                for (std::int64_t j = 0; j < shared_; ++j)
                    positions.push_back(tasks_ * n + tasks_ * perTask_ + j);
            level.learntPositions = register_buffer(prefix + "native_expert_lf_positions", torch::tensor(positions));
        }
        levels_.push_back(level);
        in = dims.back();
    }
    outputSize_ = in;
}

torch::Tensor AdattImpl::residual(const Level& level) const
{
    if (level.fixedResidual.defined()) return level.fixedResidual.unsqueeze(0);
    if (!level.taskWeights.defined()) return {};
    // Block diagonal, zero elsewhere (paper eq. 11): the learnt weights scattered into [units, N].
    const auto runs = level.taskWeights.size(0);
    const std::int64_t n = tasks_ * perTask_ + shared_;
    auto values = level.taskWeights.reshape({runs, -1});
    if (level.sharedWeights.defined()) values = torch::cat({values, level.sharedWeights}, 1);
    return torch::zeros({runs, level.units * n}, values.options())
        .index_copy(1, level.learntPositions, values)
        .view({runs, level.units, n});
}

BackboneOutput AdattImpl::forward(const torch::Tensor& input)
{
    BackboneOutput out;
    const auto x = input.flatten(2);
    const auto runs = x.size(0), batch = x.size(1);
    const std::int64_t n = tasks_ * perTask_ + shared_;
    std::vector<torch::Tensor> unitIn; // one [R, B, d] per unit of the previous level, below level 1
    for (std::size_t l = 0; l < levels_.size(); ++l) {
        auto& level = levels_[l];
        std::vector<torch::Tensor> experts;
        torch::Tensor logits;
        if (l == 0) {
            experts = level.experts->forward({x});
            logits = level.inputGates->forward(x).view({runs, batch, level.units, n});
        } else {
            // The previous level had a shared unit exactly when this one has shared experts.
            if (!level.experts.is_empty()) {
                experts = level.experts->forward(unitIn);
            } else {
                experts =
                    level.taskExperts->forward(std::vector<torch::Tensor>(unitIn.begin(), unitIn.begin() + tasks_));
                for (auto& e : level.sharedExperts->forward({unitIn[static_cast<std::size_t>(tasks_)]}))
                    experts.push_back(std::move(e));
            }
            logits = level.unitGates->forward(
                std::vector<torch::Tensor>(unitIn.begin(), unitIn.begin() + level.units)); // [R, B, units, N]
        }
        const auto gates = torch::softmax(logits, -1); // [R, B, units, N]
        const auto r = residual(level);
        // No activation after fusion; the softmax and the NativeExpertLF residual are reported apart.
        const auto mixed = mixExperts(r.defined() ? gates + r.unsqueeze(1) : gates, experts); // [R, B, units, d]
        out.gates.push_back(gates);
        if (l + 1 == levels_.size()) out.experts = torch::cat(experts, 2);
        if (l + 1 < levels_.size())
            unitIn = mixed.unbind(2);
        else
            out.taskInputs = mixed.unbind(2);
    }
    return out;
}

void AdattImpl::declareOwners(ParameterOwners& owners) const
{
    // Every gate reads every expert, so all experts are shared; a task unit's gate and its
    // NativeExpertLF weights are that task's.
    const std::int64_t n = tasks_ * perTask_ + shared_;
    for (std::size_t l = 0; l < levels_.size(); ++l) {
        const auto& level = levels_[l];
        for (std::int64_t t = 0; t < tasks_; ++t) {
            const auto task = static_cast<int>(t);
            if (l == 0) { // one Linear whose output columns u·N … are unit u's gate
                owners.ownSlice(level.inputGates->weight, 1, t * n, n, task);
                owners.ownSlice(level.inputGates->bias, 0, t * n, n, task);
            } else {
                owners.own(level.unitGates->weight(t), task);
                owners.own(level.unitGates->bias(t), task);
            }
            if (level.taskWeights.defined()) owners.ownSlice(level.taskWeights, 0, t, 1, task);
        }
    }
}

bool AdattImpl::referenceTensors(std::int64_t r, NamedTensors& out) const
{
    // AdaTTSp (no shared experts) and AdaTTWSharedExps: experts.l.e (task-major, shared last),
    // gate_weights.l.u.0 per fusion unit, then the learnt NativeExpertLF weights: AdaTTSp keeps
    // one [T, m] per level, AdaTTWSharedExps one per module with the levels stacked ([L, m] per
    // task, [L − 1, s] for the shared module).
    const std::int64_t n = tasks_ * perTask_ + shared_;
    for (std::size_t l = 0; l < levels_.size(); ++l)
        referenceExperts(r, l, levels_[l].experts, levels_[l].taskExperts, levels_[l].sharedExperts, out);
    for (std::size_t l = 0; l < levels_.size(); ++l) {
        const auto& level = levels_[l];
        for (std::int64_t u = 0; u < level.units; ++u) {
            const auto name = "gate_weights." + std::to_string(l) + "." + std::to_string(u) + ".0";
            if (l == 0)
                addTorchLinear(out, name, level.inputGates->weight, level.inputGates->bias, r, u * n, n);
            else
                addTorchLinear(out, name, level.unitGates->weight(u), level.unitGates->bias(u), r);
        }
    }
    if (levels_.empty() || !levels_.front().taskWeights.defined()) return true;
    if (shared_ == 0) {
        for (std::size_t l = 0; l < levels_.size(); ++l)
            out.emplace_back("self_exp_weights." + std::to_string(l), levels_[l].taskWeights[r].contiguous());
        return true;
    }
    for (std::int64_t t = 0; t < tasks_; ++t) {
        std::vector<torch::Tensor> rows;
        for (const auto& level : levels_)
            rows.push_back(level.taskWeights[r][t]);
        out.emplace_back("self_exp_weights." + std::to_string(t), torch::stack(rows).contiguous());
    }
    auto shared = torch::empty({0, shared_});
    for (const auto& level : levels_)
        if (level.sharedWeights.defined()) shared = torch::cat({shared, level.sharedWeights[r].unsqueeze(0)});
    out.emplace_back("self_exp_weights." + std::to_string(tasks_), shared.contiguous());
    return true;
}

std::vector<torch::Tensor> AdattImpl::nativeWeights() const
{
    std::vector<torch::Tensor> weights;
    for (const auto& level : levels_) {
        const auto r = residual(level);
        weights.push_back(r.defined() ? r.expand({runs_, r.size(1), r.size(2)}) : r);
    }
    return weights;
}

std::vector<std::int64_t> AdattImpl::taskInputSizes() const
{
    return std::vector<std::int64_t>(static_cast<std::size_t>(tasks_), outputSize_);
}

} // namespace mtlx
