#pragma once
// adatt and adatt_sp (docs/models.md, "AdaTT"). AdaTT-sp is AdaTT without shared experts.
//   Modules: T task modules of m experts each, plus (adatt, s > 0) one shared module of s
//   experts; experts are ordered task-major, shared last (N = T·m + s).
//   Fusion units: one per task, plus the shared unit below the last level (never at the
//   last). Each unit's gate is a Linear (with bias) + softmax over all N experts, fed with
//   that unit's previous output (x at level 1); each module's experts read their unit's
//   previous output.
//   NativeExpertLF: when every module has one expert, each unit adds its own expert with a
//   fixed weight 1; otherwise learnt weights per module (task modules at every level, the
//   shared module below the last level), initialised U(±√(1/n)), n = the module's experts.
//   It is added to the softmax gate, and the sum is what the gate matrices report.
#include "core/engine/models/backbone.h"
#include "core/engine/models/experts.h"

namespace mtlx {

class AdattImpl : public BackboneImpl {
public:
    // `sharedExperts` is spec.sharedExperts for adatt and 0 for adatt_sp.
    AdattImpl(std::int64_t runs, std::int64_t inputSize, const ModelSpec& spec, std::int64_t sharedExperts,
              const std::vector<TaskInfo>& tasks);
    BackboneOutput forward(const torch::Tensor& x) override;
    std::vector<std::int64_t> taskInputSizes() const override;
    std::vector<torch::Tensor> nativeWeights() const override;
    void declareOwners(ParameterOwners& owners) const override;
    bool referenceTensors(std::int64_t r, NamedTensors& out) const override;

private:
    struct Level {
        std::int64_t units = 0;            // T, or T + 1 with the shared unit
        ExpertBank experts{nullptr};       // level 1 (all read x), or deeper levels when m = s
        ExpertBank taskExperts{nullptr};   // deeper levels, m ≠ s: T groups of m
        ExpertBank sharedExperts{nullptr}; // deeper levels, m ≠ s: s shared
        StackedLinear inputGates{nullptr}; // level 1: all units' gates read x
        GroupLinear unitGates{nullptr};    // deeper levels: [units] Linear(in, N)
        torch::Tensor taskWeights,
            sharedWeights;             // learnt NativeExpertLF [R, T, m], [R, s] (undefined when fixed or off)
        torch::Tensor fixedResidual;   // [units, N], the fixed-1 case
        torch::Tensor learntPositions; // flat positions in [units, N] of the learnt weights
    };
    // [R, units, N] (the fixed case: [1, units, N]), undefined without one.
    torch::Tensor residual(const Level& level) const;

    std::int64_t runs_, tasks_, perTask_, shared_;
    std::vector<Level> levels_;
    std::int64_t outputSize_ = 0;
};

} // namespace mtlx
