#include "core/engine/models/mtlmodel.h"

namespace mtlx {

MtlModelImpl::MtlModelImpl(const ExperimentSpec& spec, const InputInfo& input, const std::vector<TaskInfo>& tasks,
                           std::vector<std::uint64_t> runSeeds)
{
    if (runSeeds.empty()) runSeeds.push_back(spec.training.seed);
    runs_ = static_cast<std::int64_t>(runSeeds.size());
    auto shape = input.shape;
    if (!input.embeddings.empty()) {
        std::int64_t flat = 1;
        for (auto d : shape)
            flat *= d;
        for (std::size_t i = 0; i < input.embeddings.size(); ++i)
            embeddings_.push_back(register_module("embedding" + std::to_string(i),
                                                  StackedEmbedding(runs_, input.embeddings[i], input.embeddingDim)));
        const auto ids = static_cast<std::int64_t>(input.embeddings.size());
        shape = {flat - ids + ids * input.embeddingDim};
    }
    ConditionInput condition;
    if (spec.training.preference.conditioned()) {
        preferenceSize_ = static_cast<std::int64_t>(tasks.size());
        condition = {preferenceSize_, spec.training.preference.input == "channels"};
    }
    backbone_ = register_module("backbone", makeBackbone(spec.model, shape, tasks, runs_, condition));
    const auto sizes = backbone_->taskInputSizes();
    const auto activation = parseActivation(spec.model.activation);
    for (std::size_t t = 0; t < tasks.size(); ++t)
        towers_.push_back(register_module(
            "tower" + std::to_string(t), Tower(runs_, sizes[t], spec.model.towers, tasks[t].outputSize(), activation)));
    if (spec.heads.kind != "none")
        heads_ =
            register_module("heads", SmallHeads(spec.heads, sizes, tasks, spec.model.towers, activation, runSeeds));
    if (spec.model.init == "glorot") applyGlorotInit(*this);
}

torch::Tensor MtlModelImpl::embed(const torch::Tensor& x)
{
    const auto ids = static_cast<std::int64_t>(embeddings_.size());
    std::vector<torch::Tensor> parts;
    const auto index = x.narrow(2, 0, ids).to(torch::kLong); // [R, B, ids]
    for (std::int64_t i = 0; i < ids; ++i)
        parts.push_back(embeddings_[static_cast<std::size_t>(i)]->forward(index.select(2, i)));
    if (x.size(2) > ids) parts.push_back(x.narrow(2, ids, x.size(2) - ids));
    return torch::cat(parts, 2);
}

ModelOutput MtlModelImpl::forward(const torch::Tensor& x, const torch::Tensor& preference)
{
    ModelOutput out;
    const auto input = embeddings_.empty() ? x : embed(x);
    if (preferenceSize_ == 0) {
        out.features = backbone_->forward(input);
    } else {
        auto ray = preference.defined()
                       ? preference.to(torch::kFloat32)
                       : torch::full({x.size(0), preferenceSize_}, 1.0 / static_cast<double>(preferenceSize_));
        if (ray.size(0) != x.size(0)) ray = ray.expand({x.size(0), preferenceSize_});
        out.features =
            backbone_->forwardConditioned(input, ray.unsqueeze(1).expand({x.size(0), x.size(1), preferenceSize_}));
    }
    const bool withHeads = is_training() && !heads_.is_empty();
    for (std::size_t t = 0; t < towers_.size(); ++t) {
        const auto& z = out.features.taskInputs[t];
        out.logits.push_back(towers_[t]->forward(z));
        out.aux.push_back(withHeads ? heads_->forward(t, z) : std::vector<torch::Tensor>{});
    }
    return out;
}

std::vector<OwnedParameter> MtlModelImpl::trainableParameters() const
{
    ParameterOwners owners;
    backbone_->declareOwners(owners);
    for (std::size_t t = 0; t < towers_.size(); ++t)
        for (const auto& p : towers_[t]->parameters())
            owners.own(p, static_cast<int>(t));
    if (!heads_.is_empty()) heads_->declareOwners(owners);
    std::vector<torch::Tensor> trainable;
    for (const auto& p : parameters())
        if (p.requires_grad()) trainable.push_back(p);
    return owners.resolve(trainable);
}

bool MtlModelImpl::referenceTensors(std::int64_t r, NamedTensors& out) const
{
    NamedTensors arch;
    // A conditioned model reads its preference too: the reference module has no such input.
    if (!embeddings_.empty() || preferenceSize_ > 0 || !backbone_->referenceTensors(r, arch)) return false;
    for (auto& [name, tensor] : arch)
        out.emplace_back("mtl_arch." + name, std::move(tensor));
    for (std::size_t t = 0; t < towers_.size(); ++t)
        towers_[t]->referenceTensors(r, "task_modules." + std::to_string(t) + ".", out);
    return true;
}

ParameterCounts MtlModelImpl::parameterCounts() const
{
    ParameterCounts c;
    c.training = parameterCount(*this) / runs_;
    c.serving = c.training - (heads_.is_empty() ? 0 : parameterCount(*heads_) / runs_);
    return c;
}

void MtlModelImpl::copyRun(std::int64_t r, MtlModelImpl& single)
{
    torch::NoGradGuard noGrad;
    auto mine = named_parameters();
    for (const auto& p : single.named_parameters())
        mine[p.key()][r].copy_(p.value()[0]);
}

} // namespace mtlx
