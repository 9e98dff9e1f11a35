#include "core/engine/models/crossstitch.h"

namespace mtlx {

CrossStitchImpl::CrossStitchImpl(std::int64_t runs, std::int64_t inputSize, const ModelSpec& spec,
                                 const std::vector<TaskInfo>& tasks)
    : tasks_(static_cast<std::int64_t>(tasks.size()))
{
    const auto activation = parseActivation(spec.activation);
    std::int64_t in = inputSize;
    for (std::size_t l = 0; l < spec.expertDims.size(); ++l) {
        const std::string prefix = "level" + std::to_string(l) + "_";
        // Level 1: the T networks all read x (one group); deeper: network t reads h_t.
        const std::int64_t groups = l == 0 ? 1 : tasks_, perGroup = l == 0 ? tasks_ : 1;
        networks_.push_back(register_module(prefix + "networks",
                                            ExpertBank(runs, groups, perGroup, in, spec.expertDims[l], activation)));
        torch::Tensor alpha;
        if (spec.crossStitchInit == "random") {
            alpha = torch::rand({runs, tasks_, tasks_});
        } else {
            const double off = tasks_ > 1 ? 0.1 / static_cast<double>(tasks_ - 1) : 0.0;
            const double diagonal = tasks_ > 1 ? 0.9 : 1.0;
            alpha = (torch::full({tasks_, tasks_}, off) + torch::eye(tasks_) * (diagonal - off))
                        .expand({runs, tasks_, tasks_})
                        .contiguous();
        }
        stitches_.push_back(register_parameter(prefix + "cross_stitch", alpha));
        in = spec.expertDims[l].back();
    }
}

BackboneOutput CrossStitchImpl::forward(const torch::Tensor& input)
{
    BackboneOutput out;
    const auto x = input.flatten(2);
    const auto runs = x.size(0), batch = x.size(1);
    std::vector<torch::Tensor> h{x}; // level 1: every network reads x; deeper: network t reads h_t
    for (std::size_t l = 0; l < networks_.size(); ++l) {
        const auto outputs = networks_[l]->forward(h);
        const auto o = torch::stack(outputs, 1); // [R, T, B, d]
        if (l + 1 == networks_.size()) out.experts = torch::cat(outputs, 2);
        const auto& alpha = stitches_[l]; // [R, T, T]
        h = torch::bmm(alpha, o.view({runs, tasks_, -1})).view(o.sizes()).unbind(1);
        out.gates.push_back(alpha.unsqueeze(1).expand({runs, batch, tasks_, tasks_}));
    }
    out.taskInputs = h;
    return out;
}

void CrossStitchImpl::declareOwners(ParameterOwners& owners) const
{
    // Row t of a stitch mixes the networks' outputs into task t's unit: it is task t's. The
    // networks feed the stitches and so every task.
    for (const auto& alpha : stitches_)
        for (std::int64_t t = 0; t < tasks_; ++t)
            owners.ownSlice(alpha, 0, t, 1, static_cast<int>(t));
}

bool CrossStitchImpl::referenceTensors(std::int64_t r, NamedTensors& out) const
{
    // CrossStitch: experts.l.t, then stitchs.l, a Linear(T, T) without bias over the task axis:
    // its weight[t][u] is our α_tu.
    for (std::size_t l = 0; l < networks_.size(); ++l)
        networks_[l]->referenceTensors(r, "experts." + std::to_string(l) + ".", 0, out);
    for (std::size_t l = 0; l < stitches_.size(); ++l)
        out.emplace_back("stitchs." + std::to_string(l) + ".weight", stitches_[l][r].contiguous());
    return true;
}

std::vector<std::int64_t> CrossStitchImpl::taskInputSizes() const
{
    return std::vector<std::int64_t>(static_cast<std::size_t>(tasks_), networks_.back()->outputSize());
}

} // namespace mtlx
