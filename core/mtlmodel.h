#pragma once
// A complete multi-task model: a backbone (SPEC.md §1), one tower per task and, in training
// only, the small heads (§2). Built from an ExperimentSpec; owns all its parameters.
#include <cstdint>
#include <vector>

#include <torch/torch.h>

#include "core/backbone.h"
#include "core/heads.h"
#include "core/mlp.h"
#include "core/result.h"
#include "core/spec.h"

namespace mtlx {

struct ModelOutput {
    std::vector<torch::Tensor> logits;            // per task, [B, outputs]
    std::vector<std::vector<torch::Tensor>> aux;  // per task, the small heads' logits (training only)
    BackboneOutput features;                      // tower inputs, shared representation, gates
};

class MtlModelImpl : public torch::nn::Module {
public:
    // Throws SpecError when the spec cannot be built for this input size and these tasks.
    MtlModelImpl(const ExperimentSpec& spec, std::int64_t inputSize, const std::vector<TaskInfo>& tasks);

    // Heads run only while the module is in training mode (model->train()).
    ModelOutput forward(const torch::Tensor& x);

    ParameterCounts parameterCounts() const;
    BackboneImpl& backbone() { return *backbone_; }
    bool hasHeads() const { return !heads_.is_empty(); }

private:
    std::shared_ptr<BackboneImpl> backbone_;
    std::vector<Tower> towers_;
    SmallHeads heads_{nullptr};
};
TORCH_MODULE(MtlModel);

}  // namespace mtlx
