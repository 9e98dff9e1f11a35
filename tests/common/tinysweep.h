#pragma once
// A sweep small enough for a test: two correlated regression tasks, a shared bottom with linear
// heads (dropout on, so that reproducibility covers the dropout streams), one thread per run.
#include <string>

#include "core/engine/sweep.h"

namespace mtlx::testing {

inline ExperimentSpec tinySweepSpec(int points = 3, int seeds = 2, int epochs = 2)
{
    return experimentFromJson(nlohmann::json{
        {"dataset", {{"kind", "synthetic_correlated"}, {"dim", 8}, {"train", 600}, {"validation", 100}, {"test", 200}}},
        {"model", {{"arch", "shared_bottom"}, {"bottom", {16}}, {"towers", {8}}}},
        {"heads", {{"kind", "linear"}, {"dropout", 0.3}}},
        {"training", {{"lr", 0.01}, {"batch_size", 64}, {"epochs", epochs}, {"threads", 1}}},
        {"sweep", {{"points", points}, {"seeds", seeds}}}});
}

inline SweepOutcome runTinySweep(const ExperimentSpec& spec, const std::string& dir, int jobs = 1, int shard = 1,
                                 int shards = 1)
{
    RunControl control;
    SweepOptions o;
    o.outDir = dir;
    o.jobs = jobs;
    o.shard = shard;
    o.shards = shards;
    return runSweep(spec, o, control);
}

} // namespace mtlx::testing
