#include "core/mtlmodel.h"

namespace mtlx {

MtlModelImpl::MtlModelImpl(const ExperimentSpec& spec, std::int64_t inputSize, const std::vector<TaskInfo>& tasks)
{
    backbone_ = register_module("backbone", makeBackbone(spec.model, inputSize, tasks));
    const auto sizes = backbone_->taskInputSizes();
    const auto activation = parseActivation(spec.model.activation);
    for (std::size_t t = 0; t < tasks.size(); ++t)
        towers_.push_back(register_module("tower" + std::to_string(t),
                                          Tower(sizes[t], spec.model.towers, tasks[t].outputSize(), activation)));
    if (spec.heads.kind != "none")
        heads_ = register_module("heads", SmallHeads(spec.heads, sizes, tasks, spec.model.towers, activation));
}

ModelOutput MtlModelImpl::forward(const torch::Tensor& x)
{
    ModelOutput out;
    out.features = backbone_->forward(x);
    const bool withHeads = is_training() && !heads_.is_empty();
    for (std::size_t t = 0; t < towers_.size(); ++t) {
        const auto& z = out.features.taskInputs[t];
        out.logits.push_back(towers_[t]->forward(z));
        out.aux.push_back(withHeads ? heads_->forward(t, z) : std::vector<torch::Tensor>{});
    }
    return out;
}

ParameterCounts MtlModelImpl::parameterCounts() const
{
    ParameterCounts c;
    c.training = parameterCount(*this);
    c.serving = c.training - (heads_.is_empty() ? 0 : parameterCount(*heads_));
    return c;
}

}  // namespace mtlx
