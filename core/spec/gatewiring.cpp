#include "core/spec/gatewiring.h"

namespace mtlx {
namespace {

std::string expertName(const std::string& owner, int k)
{
    return owner + "/" + std::to_string(k + 1);
}

// Experts of PLE, AdaTT and cross-stitch levels: m per task, task-major, then s shared. Below
// level 1 a task's experts read that task's unit, the shared ones the shared unit (index T).
std::vector<WiredExpert> moduleExperts(const std::vector<TaskInfo>& tasks, int perTask, int shared, bool first)
{
    std::vector<WiredExpert> experts;
    const int T = static_cast<int>(tasks.size());
    for (int t = 0; t < T; ++t)
        for (int k = 0; k < perTask; ++k)
            experts.push_back({expertName(tasks[static_cast<std::size_t>(t)].name, k), t, first ? kFromInput : t});
    for (int k = 0; k < shared; ++k)
        experts.push_back({expertName("shared", k), -1, first ? kFromInput : T});
    return experts;
}

std::vector<GateLevel> mmoeWiring(const ModelSpec& m, const std::vector<TaskInfo>& tasks)
{
    std::vector<GateLevel> levels;
    const int L = m.levels(), E = m.experts;
    for (int l = 0; l < L; ++l) {
        GateLevel level;
        for (int e = 0; e < E; ++e)
            level.experts.push_back({expertName("shared", e), -1, l == 0 ? kFromInput : e});
        const std::vector<bool> all(static_cast<std::size_t>(E), true), none(static_cast<std::size_t>(E), false);
        if (l + 1 < L) { // gate e mixes the input of next-level expert e; it serves every task
            for (int e = 0; e < E; ++e)
                level.gates.push_back({expertName("shared", e), -1, kFromInput, all, none});
        } else {
            for (std::size_t t = 0; t < tasks.size(); ++t)
                level.gates.push_back({tasks[t].name, static_cast<int>(t), kFromInput, all, none});
        }
        levels.push_back(std::move(level));
    }
    return levels;
}

// PLE (adatt = false) and AdaTT: task units, plus the shared unit below the last level when
// there are shared experts.
std::vector<GateLevel> moduleWiring(const ModelSpec& m, const std::vector<TaskInfo>& tasks, bool adatt)
{
    std::vector<GateLevel> levels;
    const int L = m.levels(), T = static_cast<int>(tasks.size()), per = m.expertsPerTask;
    const int shared = m.arch == "adatt_sp" ? 0 : m.sharedExperts;
    const int n = T * per + shared;
    for (int l = 0; l < L; ++l) {
        GateLevel level;
        level.experts = moduleExperts(tasks, per, shared, l == 0);
        level.learntNative = adatt && m.nativeExpertLf && !(per == 1 && shared <= 1);
        const int units = T + (shared > 0 && l + 1 < L ? 1 : 0);
        for (int u = 0; u < units; ++u) {
            const bool sharedUnit = u == T;
            WiredGate g{sharedUnit ? "shared" : tasks[static_cast<std::size_t>(u)].name, sharedUnit ? -1 : u,
                        l == 0 ? kFromInput : u, std::vector<bool>(static_cast<std::size_t>(n), false),
                        std::vector<bool>(static_cast<std::size_t>(n), false)};
            for (int e = 0; e < n; ++e) {
                const int owner = level.experts[static_cast<std::size_t>(e)].owner;
                const bool own = sharedUnit ? owner < 0 : owner == u;
                // AdaTT and PLE's shared gate reach every expert; a PLE task gate its own and the shared.
                g.reach[static_cast<std::size_t>(e)] = adatt || sharedUnit || own || owner < 0;
                g.native[static_cast<std::size_t>(e)] = adatt && m.nativeExpertLf && own;
            }
            level.gates.push_back(std::move(g));
        }
        levels.push_back(std::move(level));
    }
    return levels;
}

std::vector<GateLevel> crossStitchWiring(const ModelSpec& m, const std::vector<TaskInfo>& tasks)
{
    std::vector<GateLevel> levels;
    const int T = static_cast<int>(tasks.size());
    for (int l = 0; l < m.levels(); ++l) {
        GateLevel level;
        level.kind = GateLevel::Kind::Stitch;
        level.experts = moduleExperts(tasks, 1, 0, l == 0);
        for (int t = 0; t < T; ++t)
            level.gates.push_back({tasks[static_cast<std::size_t>(t)].name, t, kLearntConstant,
                                   std::vector<bool>(static_cast<std::size_t>(T), true),
                                   std::vector<bool>(static_cast<std::size_t>(T), false)});
        levels.push_back(std::move(level));
    }
    return levels;
}

} // namespace

std::vector<GateLevel> gateWiring(const ModelSpec& model, const std::vector<TaskInfo>& tasks)
{
    const auto& a = model.arch;
    if (a == "mmoe" || a == "ml_mmoe") return mmoeWiring(model, tasks);
    if (a == "ple") return moduleWiring(model, tasks, false);
    if (a == "adatt" || a == "adatt_sp") return moduleWiring(model, tasks, true);
    if (a == "cross_stitch") return crossStitchWiring(model, tasks);
    return {};
}

} // namespace mtlx
