#pragma once
// cross_stitch (docs/models.md). Per level, one Mlp per task on that task's previous output (x at
// level 1), then the T outputs are mixed by a learnt T×T matrix α (one scalar per task pair,
// shared across channels): h_t = Σ_u α_tu · out_u. α starts near the identity (0.9 on the
// diagonal, 0.1/(T−1) off it) or, with cross_stitch_init = random, U(0, 1) per entry.
// The gate matrices report α per level (the same for every example).
#include "core/engine/models/backbone.h"
#include "core/engine/models/experts.h"

namespace mtlx {

class CrossStitchImpl : public BackboneImpl {
public:
    CrossStitchImpl(std::int64_t runs, std::int64_t inputSize, const ModelSpec& spec,
                    const std::vector<TaskInfo>& tasks);
    BackboneOutput forward(const torch::Tensor& x) override;
    std::vector<std::int64_t> taskInputSizes() const override;
    void declareOwners(ParameterOwners& owners) const override;
    bool referenceTensors(std::int64_t r, NamedTensors& out) const override;

private:
    std::int64_t tasks_;
    std::vector<ExpertBank> networks_;    // per level, T networks
    std::vector<torch::Tensor> stitches_; // per level, α [R, T, T]
};

} // namespace mtlx
