#pragma once
// Running one experiment, from any thread, without seeing torch.
//
// runExperiment() loads the data, builds the model and trains it on the calling thread; it
// reports through the callbacks on that same thread and returns the finished RunResult. The
// control flags may be set from any other thread: `stop` ends training between two batches
// (the result then has status "stopped" and the metrics of the model as it is), `pause`
// holds it between batches until cleared. A diverging run (NaN or Inf loss) returns status
// "diverged" with a message. Bad specs or data throw InputError before training starts.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "core/result.h"
#include "core/spec.h"

namespace mtlx {

struct Progress {
    std::string stage;                // "loading data", "loading FILE", "training", "evaluating"
    double stageFraction = 0;         // 0…1 of a loading stage
    int epoch = 0, epochs = 0;        // 1-based current epoch
    std::int64_t batch = 0, batches = 0;   // batches done in this epoch / per epoch
    std::int64_t examplesPerSecond = 0;    // training throughput so far
    double elapsedSeconds = 0;        // since training started, pauses excluded
    double remainingSeconds = 0;      // estimate for the rest of the training
    double loss = 0;                  // running mean of the weighted training loss this epoch
    double fraction() const;          // 0…1 of the whole training
};

struct RunCallbacks {
    std::function<void(const Progress&)> onProgress;     // at most every progressInterval
    std::function<void(const EpochRecord&)> onEpoch;     // after every epoch's evaluation
    double progressIntervalSeconds = 0.1;
};

struct RunControl {
    std::atomic<bool> stop{false};
    std::atomic<bool> pause{false};
};

RunResult runExperiment(const ExperimentSpec& spec, RunControl& control, const RunCallbacks& callbacks);

// Parameter counts of the model a spec builds for inputs of `inputSize` features.
ParameterCounts modelSize(const ExperimentSpec& spec, std::int64_t inputSize);

}  // namespace mtlx
