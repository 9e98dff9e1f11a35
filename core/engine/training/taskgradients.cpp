#include "core/engine/training/taskgradients.h"

namespace mtlx {

TaskGradients taskGradients(const std::vector<torch::Tensor>& losses, const std::vector<OwnedParameter>& params,
                            bool keepGraph)
{
    std::vector<torch::Tensor> tensors;
    for (const auto& p : params)
        tensors.push_back(p.param);
    TaskGradients g;
    for (std::size_t t = 0; t < losses.size(); ++t) {
        if (losses[t].requires_grad())
            g.push_back(torch::autograd::grad({losses[t].sum()}, tensors, {},
                                              /*retain_graph=*/keepGraph || t + 1 < losses.size(),
                                              /*create_graph=*/false, /*allow_unused=*/true));
        else
            g.emplace_back(params.size());
    }
    return g;
}

torch::Tensor sharedPart(const torch::Tensor& grad, const OwnedParameter& owned, std::int64_t runs)
{
    using Sharing = OwnedParameter::Sharing;
    if (owned.sharing == Sharing::None) return torch::zeros({runs, 0}, owned.param.options());
    if (!grad.defined()) return torch::zeros({runs, owned.sharedCount()}, owned.param.options());
    if (owned.sharing == Sharing::All) return grad.reshape({runs, -1});
    return grad.reshape({runs, -1}).index_select(1, owned.sharedElements);
}

} // namespace mtlx
