#pragma once
// Small heads (docs/heads.md): per task, extra towers that read the task's tower input z_t and
// predict the same label. They exist in training only; the trainer adds lossWeight() · loss(head)
// to the task's loss.
//   linear, pool, bottleneck, large: trained; logits divided by the temperature τ; weight γ.
//   pta (PTA-F): pseudo_tasks copies of the main tower per task, randomly initialised and frozen
//   (never updated: gradients pass through them into the shared layers only); weight 1, no τ.
#include <cstdint>
#include <vector>

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include "core/engine/models/mlp.h"
#include "core/engine/models/ownership.h"
#include "core/spec/spec.h"

namespace mtlx {

// One head: reads z [R, B, d], returns logits [R, B, outputs] (before the temperature).
class SmallHeadImpl : public torch::nn::Module {
public:
    SmallHeadImpl(std::int64_t runs, const HeadsSpec& spec, std::int64_t inputSize, std::int64_t outputs,
                  const std::vector<std::int64_t>& towerDims, Activation activation);
    torch::Tensor forward(const torch::Tensor& z);

private:
    enum class Kind { Linear, Pool, Bottleneck, Tower } kind_;
    std::int64_t poolWindow_ = 1;
    StackedLinear first_{nullptr}, second_{nullptr}; // linear / pool: first_; bottleneck: both
    Tower tower_{nullptr};                           // large / pta: a copy of the main tower's shape
};
TORCH_MODULE(SmallHead);

class SmallHeadsImpl : public torch::nn::Module {
public:
    // taskInputSizes: size of z_t per task; towerDims: hidden widths of the main towers
    // (copied by the `large` and `pta` kinds). Throws SpecError when a head cannot be built
    // (e.g. a pooling window wider than z_t). `seeds`: one per run of the stack, seeding that
    // run's dropout masks.
    SmallHeadsImpl(const HeadsSpec& spec, const std::vector<std::int64_t>& taskInputSizes,
                   const std::vector<TaskInfo>& tasks, const std::vector<std::int64_t>& towerDims,
                   Activation activation, const std::vector<std::uint64_t>& seeds);

    // Head logits of task t for its tower input z [R, B, d]: one tensor [R, B, outputs] per head,
    // already divided by τ (pta has pseudo_tasks heads per task, the other kinds one).
    std::vector<torch::Tensor> forward(std::size_t task, const torch::Tensor& z);

    // The weight of each head's loss in its task's loss: γ, or 1 for PTA-F.
    double lossWeight() const { return lossWeight_; }
    // The dropout generators' states, per run (a checkpoint's), and back.
    std::vector<torch::Tensor> generatorStates() const;
    void setGeneratorStates(const std::vector<torch::Tensor>& states);
    // Each task's heads are that task's own.
    void declareOwners(ParameterOwners& owners) const;

private:
    std::vector<std::vector<SmallHead>> heads_; // [task][head]
    double lossWeight_;
    double temperature_;
    double dropout_;
    // Per run: its own generator, seeded with its training seed, draws its masks in the same
    // order alone and in a stack (task by task, head by head, one [B, d] mask each).
    std::vector<at::Generator> generators_;
};
TORCH_MODULE(SmallHeads);

} // namespace mtlx
