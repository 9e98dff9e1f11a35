#pragma once
// How the gates of an architecture are wired, known from the spec alone (torch-free): which
// experts each level has and whom they serve, what every expert and gate reads, which experts
// each gate can reach, and where AdaTT's NativeExpertLF adds a unit's own experts. The
// architecture diagram, the gate heatmaps and result.json all read this one description, so
// expert and gate names are the same everywhere.
//
// Names: experts "owner/k" (owner = a task name or "shared"), gates by the unit they feed: a
// task name, "shared" (PLE / AdaTT shared unit), or for ML-MMoE below the last level the
// next-level expert "shared/k" that the gate's mixture feeds.
#include <string>
#include <vector>

#include "core/spec/spec.h"

namespace mtlx {

constexpr int kFromInput = -1;      // reads the raw input x
constexpr int kLearntConstant = -2; // reads nothing: a learnt constant (a cross-stitch row)

struct WiredExpert {
    std::string name;
    int owner = -1;         // task index, or -1 for a shared expert
    int input = kFromInput; // index of the previous level's gate whose mixture it reads, or x
};

struct WiredGate {
    std::string name;
    int owner = -1;          // task index, or -1 for a shared unit
    int input = kFromInput;  // the previous level's gate whose mixture it reads, x, or nothing
    std::vector<bool> reach; // per expert of the level: the gate's softmax covers it
    // AdaTT's NativeExpertLF: per expert, whether the unit adds it as a residual (its own module).
    std::vector<bool> native;
};

struct GateLevel {
    enum class Kind { Softmax, Stitch };
    Kind kind = Kind::Softmax; // Stitch: cross-stitch α, one learnt scalar per (task, network)
    std::vector<WiredExpert> experts;
    std::vector<WiredGate> gates;
    // Learnt NativeExpertLF weights (AdaTT with more than one expert in some module); false: the
    // residual is a fixed 1 on the unit's single own expert, or there is none.
    bool learntNative = false;
};

// The gate levels of `model` for these tasks; empty for shared_bottom and single_task.
std::vector<GateLevel> gateWiring(const ModelSpec& model, const std::vector<TaskInfo>& tasks);

} // namespace mtlx
