#pragma once
// `mtlx-cli bench`: the training throughput of the model a spec builds, measured on random
// inputs of the model's shape with the same training step that every run uses
// (Trainer::step: forward, losses with small heads, the weighting method, backward, optimizer).
// Torch-free header.
#include <cstdint>

#include <nlohmann/json.hpp>

#include "core/spec/result.h"
#include "core/spec/spec.h"

namespace mtlx {

struct BenchOptions {
    int steps = 50;  // timed steps
    int warmup = 5;  // untimed steps first (allocator and thread pool warm up)
    int threads = 0; // LibTorch intra-op threads; 0 = the spec's training.threads (0 = cores)
    int stack = 1;   // runs trained as one stack (seeds seed … seed + stack − 1), as a sweep does
    int jobs = 1;    // stacks trained at once on their own threads (`threads` each), as a sweep does
};

struct BenchResult {
    double examplesPerSecond = 0; // of all the runs of all the jobs together
    ParameterCounts params;       // of one run
    int stack = 1;
    int jobs = 1;
    std::int64_t batch = 0;
    int steps = 0;
    int threads = 0;
    double seconds = 0; // of the timed steps
};

// Throws InputError / SpecError when the model cannot be built. For data sets that read files
// the files are loaded once to learn the input shape; the steps still see random inputs.
BenchResult benchmarkTraining(const ExperimentSpec& spec, const BenchOptions& options);

// {"examples_per_second": x, "params": {"training": n, "serving": m}, "batch": b, "steps": N,
//  "threads": T, "stack": R, "jobs": J, "seconds": s}
nlohmann::json benchToJson(const BenchResult& r);

} // namespace mtlx
