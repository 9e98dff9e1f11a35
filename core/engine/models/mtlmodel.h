#pragma once
// A complete multi-task model: a backbone (docs/models.md), one tower per task and, in training
// only, the small heads (§2). Built from an ExperimentSpec; owns all its parameters. It holds a
// stack of R runs of that spec (stacked.h): inputs and outputs carry a leading run dimension.
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
    std::vector<torch::Tensor> logits;           // per task, [R, B, outputs]
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
    // A stack of one run per seed in `runSeeds` (they seed the small heads' dropout; empty: one
    // run with spec.training.seed), initialised from LibTorch's global generator. Throws
    // SpecError when the spec cannot be built for this input and these tasks.
    MtlModelImpl(const ExperimentSpec& spec, const InputInfo& input, const std::vector<TaskInfo>& tasks,
                 std::vector<std::uint64_t> runSeeds = {});
    MtlModelImpl(const ExperimentSpec& spec, std::int64_t inputSize, const std::vector<TaskInfo>& tasks)
        : MtlModelImpl(spec, InputInfo{{inputSize}, {}, 0}, tasks)
    {
    }

    // x [R, B, …input shape]. Heads run only while the module is in training mode (model->train()).
    // A preference-conditioned model (training.preference) also reads `preference`, each run's
    // ray [R, T] (one per run for the whole batch); undefined: the uniform preference.
    ModelOutput forward(const torch::Tensor& x, const torch::Tensor& preference = {});
    // The number of preference values the model reads (T for a conditioned model, else 0).
    std::int64_t preferenceSize() const { return preferenceSize_; }

    std::int64_t runs() const { return runs_; }
    // Run r's parameters become those of `single`, a model of one run of the same spec.
    void copyRun(std::int64_t r, MtlModelImpl& single);

    // Per run.
    ParameterCounts parameterCounts() const;
    // The parameters the optimizer updates (PTA-F's frozen towers excluded), each with who it
    // serves (core/ownership.h).
    std::vector<OwnedParameter> trainableParameters() const;
    // The weight of a small head's loss in its task's loss (0 without heads).
    double headLossWeight() const { return heads_.is_empty() ? 0.0 : heads_->lossWeight(); }
    BackboneImpl& backbone() { return *backbone_; }
    // Run r's serving parameters (no small heads) as the AdaTT authors' CentralTaskArch names and
    // shapes them (pytorchlayout.h); false where it has no counterpart (out is then undefined).
    bool referenceTensors(std::int64_t r, NamedTensors& out) const;
    bool hasHeads() const { return !heads_.is_empty(); }
    // The small heads' dropout generators (empty without heads), for a checkpoint.
    std::vector<torch::Tensor> randomStates() const
    {
        return heads_.is_empty() ? std::vector<torch::Tensor>{} : heads_->generatorStates();
    }
    void setRandomStates(const std::vector<torch::Tensor>& states)
    {
        if (!heads_.is_empty()) heads_->setGeneratorStates(states);
    }

private:
    torch::Tensor embed(const torch::Tensor& x); // IDs → embeddings, concatenated with the rest

    std::int64_t runs_;
    std::int64_t preferenceSize_ = 0;
    std::vector<StackedEmbedding> embeddings_;
    std::shared_ptr<BackboneImpl> backbone_;
    std::vector<Tower> towers_;
    SmallHeads heads_{nullptr};
};
TORCH_MODULE(MtlModel);

} // namespace mtlx
