#pragma once
// A complete multi-task model: a backbone (docs/models.md), one tower per task and, in training
// only, the small heads (§2). Built from an ExperimentSpec; owns all its parameters.
#include <cstdint>
#include <vector>

#include <torch/torch.h>

#include "core/engine/models/backbone.h"
#include "core/engine/models/heads.h"
#include "core/engine/models/mlp.h"
#include "core/spec/result.h"
#include "core/spec/spec.h"

namespace mtlx {

struct ModelOutput {
    std::vector<torch::Tensor> logits;           // per task, [B, outputs]
    std::vector<std::vector<torch::Tensor>> aux; // per task, the small heads' logits (training only)
    BackboneOutput features;                     // tower inputs, shared representation, gates
};

// What the model reads: one example's shape, and the leading ID columns that go through learnt
// embeddings (Dataset::embeddings, e.g. users and movies).
struct InputInfo {
    std::vector<std::int64_t> shape;
    std::vector<std::int64_t> embeddings; // cardinality of each leading ID column
    std::int64_t embeddingDim = 0;
};

class MtlModelImpl : public torch::nn::Module {
public:
    // Throws SpecError when the spec cannot be built for this input and these tasks.
    MtlModelImpl(const ExperimentSpec& spec, const InputInfo& input, const std::vector<TaskInfo>& tasks);
    MtlModelImpl(const ExperimentSpec& spec, std::int64_t inputSize, const std::vector<TaskInfo>& tasks)
        : MtlModelImpl(spec, InputInfo{{inputSize}, {}, 0}, tasks)
    {
    }

    // Heads run only while the module is in training mode (model->train()).
    ModelOutput forward(const torch::Tensor& x);

    ParameterCounts parameterCounts() const;
    // The parameters the optimizer updates (PTA-F's frozen towers excluded), each with who it
    // serves (core/ownership.h).
    std::vector<OwnedParameter> trainableParameters() const;
    // The weight of a small head's loss in its task's loss (0 without heads).
    double headLossWeight() const { return heads_.is_empty() ? 0.0 : heads_->lossWeight(); }
    BackboneImpl& backbone() { return *backbone_; }
    bool hasHeads() const { return !heads_.is_empty(); }

private:
    torch::Tensor embed(const torch::Tensor& x); // IDs → embeddings, concatenated with the rest

    std::vector<torch::nn::Embedding> embeddings_;
    std::shared_ptr<BackboneImpl> backbone_;
    std::vector<Tower> towers_;
    SmallHeads heads_{nullptr};
};
TORCH_MODULE(MtlModel);

} // namespace mtlx
