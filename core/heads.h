#pragma once
// Small heads (SPEC.md §2): per task, extra towers that read the task's tower input z_t and
// predict the same label. They exist in training only; their logits are divided by the
// temperature τ, and the trainer adds γ · loss(head) to the task's loss.
#include <cstdint>
#include <vector>

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include "core/mlp.h"
#include "core/spec.h"

namespace mtlx {

class SmallHeadsImpl : public torch::nn::Module {
public:
    // taskInputSizes: size of z_t per task; towerDims: hidden widths of the main towers
    // (copied by the `large` and `pta` kinds). Throws SpecError when a head cannot be built
    // (e.g. a pooling window wider than z_t). `seed` seeds the dropout masks.
    SmallHeadsImpl(const HeadsSpec& spec, const std::vector<std::int64_t>& taskInputSizes,
                   const std::vector<TaskInfo>& tasks, const std::vector<std::int64_t>& towerDims,
                   Activation activation, std::uint64_t seed);

    // Head logits of task t for its tower input z: one tensor [B, outputs] per head, already
    // divided by τ (pta has pseudo_tasks heads per task, the other kinds one).
    std::vector<torch::Tensor> forward(std::size_t task, const torch::Tensor& z);

private:
    std::vector<std::vector<torch::nn::Sequential>> heads_;  // [task][head]
    double temperature_;
    double dropout_;
    at::Generator generator_;
};
TORCH_MODULE(SmallHeads);

}  // namespace mtlx
