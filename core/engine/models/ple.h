#pragma once
// ple (docs/models.md; CGC when it has one level). Per level: m experts per task and s shared
// experts, ordered task 0 … task T−1, shared last. Task t's experts read task t's previous
// output, the shared experts the shared unit's (all read x at level 1). Task gate t is a
// softmax over task t's experts and the shared ones, fed with task t's previous output; the
// shared gate (every level but the last) is a softmax over all experts, fed with the shared
// previous output. Gate matrices hold zeros where a gate cannot reach an expert.
#include "core/engine/models/backbone.h"
#include "core/engine/models/experts.h"

namespace mtlx {

class PleImpl : public BackboneImpl {
public:
    PleImpl(std::int64_t runs, std::int64_t inputSize, const ModelSpec& spec, const std::vector<TaskInfo>& tasks);
    BackboneOutput forward(const torch::Tensor& x) override;
    std::vector<std::int64_t> taskInputSizes() const override;
    void declareOwners(ParameterOwners& owners) const override;
    bool referenceTensors(std::int64_t r, NamedTensors& out) const override;

private:
    struct Level {
        ExpertBank experts{nullptr};       // level 1: every expert (all read x)
        ExpertBank taskExperts{nullptr};   // deeper levels: T groups of m
        ExpertBank sharedExperts{nullptr}; // deeper levels: s shared
        GroupLinear taskGates{nullptr};    // [T] Linear(in, m + s); level 1: one Linear(D, T·(m + s))
        StackedLinear sharedGate{nullptr}; // Linear(in, N), not at the last level
    };
    std::int64_t tasks_, perTask_, shared_;
    std::vector<Level> levels_;
    torch::Tensor reach_; // [T, m + s] expert index of each task-gate entry
    std::int64_t outputSize_ = 0;
};

} // namespace mtlx
