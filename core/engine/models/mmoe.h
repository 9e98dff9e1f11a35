#pragma once
// mmoe and ml_mmoe (docs/models.md). MMoE is ML-MMoE with one level.
//   Level l has E experts Mlp(in_l, expert_dims[l]); level 1's experts read x, expert e of
//   level l > 1 reads the mixture of gate e of level l − 1.
//   Every gate reads the raw input x: E gates below the last level, T gates at the last.
// Gate matrices: level l < L has rows "shared/1" … "shared/E" (the next level's expert each
// gate feeds), the last level one row per task; columns are the experts "shared/1" … .
#include "core/engine/models/backbone.h"
#include "core/engine/models/experts.h"

namespace mtlx {

class MlMmoeImpl : public BackboneImpl {
public:
    MlMmoeImpl(std::int64_t runs, std::int64_t inputSize, const ModelSpec& spec, const std::vector<TaskInfo>& tasks);
    BackboneOutput forward(const torch::Tensor& x) override;
    std::vector<std::int64_t> taskInputSizes() const override;
    void declareOwners(ParameterOwners& owners) const override;
    bool referenceTensors(std::int64_t r, NamedTensors& out) const override;

private:
    std::int64_t experts_, tasks_;
    std::vector<ExpertBank> banks_;
    StackedLinear gates_{nullptr}; // all levels' gate logits at once: they all read x
    std::vector<std::int64_t> gateRows_;
};

} // namespace mtlx
