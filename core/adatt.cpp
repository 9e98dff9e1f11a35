#include "core/adatt.h"

#include <cmath>

namespace mtlx {

AdattImpl::AdattImpl(std::int64_t inputSize, const ModelSpec& spec, std::int64_t sharedExperts,
                     const std::vector<TaskInfo>& tasks)
    : tasks_(static_cast<std::int64_t>(tasks.size())),
      perTask_(spec.expertsPerTask),
      shared_(sharedExperts),
      taskNames_(taskNames(tasks))
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
            level.experts = register_module(prefix + "experts", ExpertBank(1, n, in, dims, activation));
            level.inputGates = register_module(prefix + "gates", torch::nn::Linear(in, level.units * n));
        } else {
            if (shared_ == 0 || shared_ == perTask_) {
                const std::int64_t groups = tasks_ + (shared_ > 0 ? 1 : 0);
                level.experts = register_module(prefix + "experts", ExpertBank(groups, perTask_, in, dims, activation));
            } else {
                level.taskExperts =
                    register_module(prefix + "task_experts", ExpertBank(tasks_, perTask_, in, dims, activation));
                level.sharedExperts =
                    register_module(prefix + "shared_experts", ExpertBank(1, shared_, in, dims, activation));
            }
            level.unitGates = register_module(prefix + "gates", GroupLinear(level.units, in, n));
        }
        if (spec.nativeExpertLf && oneExpertEach) {
            // Unit u adds its own module's single expert: task t → column t, shared → column T.
            auto fixed = torch::zeros({level.units, n});
            for (std::int64_t u = 0; u < level.units; ++u) fixed[u][u] = 1.0;
            level.fixedResidual = register_buffer(prefix + "native_expert_lf", fixed);
        } else if (spec.nativeExpertLf) {
            const double taskBound = std::sqrt(1.0 / static_cast<double>(perTask_));
            level.taskWeights = register_parameter(prefix + "native_expert_lf_task",
                                                   torch::empty({tasks_, perTask_}).uniform_(-taskBound, taskBound));
            if (level.units > tasks_) {
                const double sharedBound = std::sqrt(1.0 / static_cast<double>(shared_));
                level.sharedWeights = register_parameter(prefix + "native_expert_lf_shared",
                                                         torch::empty({shared_}).uniform_(-sharedBound, sharedBound));
            }
        }
        levels_.push_back(level);
        in = dims.back();
    }
    outputSize_ = in;
}

torch::Tensor AdattImpl::residual(const Level& level) const
{
    if (level.fixedResidual.defined()) return level.fixedResidual;
    if (!level.taskWeights.defined()) return {};
    // Block diagonal: row t holds v_t over task t's experts, the shared row v_s over the shared
    // experts; zero-padded to all N columns (paper eq. 11).
    std::vector<torch::Tensor> blocks;
    for (std::int64_t t = 0; t < tasks_; ++t) blocks.push_back(level.taskWeights[t].unsqueeze(0));
    if (level.sharedWeights.defined()) blocks.push_back(level.sharedWeights.unsqueeze(0));
    auto r = torch::block_diag(blocks);
    const std::int64_t n = tasks_ * perTask_ + shared_;
    if (r.size(1) < n) r = torch::constant_pad_nd(r, {0, n - r.size(1)});
    return r;
}

BackboneOutput AdattImpl::forward(const torch::Tensor& input)
{
    BackboneOutput out;
    const auto x = input.flatten(1);
    const auto batch = x.size(0);
    const std::int64_t n = tasks_ * perTask_ + shared_;
    std::vector<torch::Tensor> unitIn;  // one [B, d] per unit of the previous level, below level 1
    for (std::size_t l = 0; l < levels_.size(); ++l) {
        auto& level = levels_[l];
        std::vector<torch::Tensor> experts;
        torch::Tensor logits;
        if (l == 0) {
            experts = level.experts->forward({x});
            logits = level.inputGates->forward(x).view({batch, level.units, n});
        } else {
            // The previous level had a shared unit exactly when this one has shared experts.
            if (!level.experts.is_empty()) {
                experts = level.experts->forward(unitIn);
            } else {
                experts = level.taskExperts->forward(std::vector<torch::Tensor>(unitIn.begin(), unitIn.begin() + tasks_));
                for (auto& e : level.sharedExperts->forward({unitIn[static_cast<std::size_t>(tasks_)]}))
                    experts.push_back(std::move(e));
            }
            logits = level.unitGates->forward(std::vector<torch::Tensor>(unitIn.begin(), unitIn.begin() + level.units));  // [B, units, N]
        }
        auto gates = torch::softmax(logits, -1);  // [B, units, N]
        if (auto r = residual(level); r.defined()) gates = gates + r;
        const auto mixed = mixExperts(gates, experts);  // [B, units, d]; no activation after fusion
        out.gates.push_back(gates);
        if (l + 1 < levels_.size()) unitIn = mixed.unbind(1);
        else out.taskInputs = mixed.unbind(1);
    }
    return out;
}

std::vector<std::int64_t> AdattImpl::taskInputSizes() const
{
    return std::vector<std::int64_t>(static_cast<std::size_t>(tasks_), outputSize_);
}

std::vector<GateLayout> AdattImpl::gateLayouts() const
{
    std::vector<GateLayout> layouts;
    for (const auto& level : levels_) {
        GateLayout g;
        g.rows = taskNames_;
        if (level.units > tasks_) g.rows.push_back("shared");
        for (const auto& t : taskNames_) appendExpertNames(g.cols, t, static_cast<int>(perTask_));
        appendExpertNames(g.cols, "shared", static_cast<int>(shared_));
        layouts.push_back(g);
    }
    return layouts;
}

}  // namespace mtlx
