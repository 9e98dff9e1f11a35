#pragma once
// How much memory a run may use, and how much a spec will ask for: checked before anything
// large is allocated, so that a spec that cannot fit is refused (exit 2, naming the JSON path and
// the estimate) instead of ending in std::bad_alloc or the kernel's OOM killer. Torch-free.
#include <cstdint>
#include <string>

#include "core/spec/spec.h"

namespace mtlx {

// Bytes this process may still allocate: the smaller of the system's MemAvailable and what its
// cgroup allows (memory.max − memory.current); 0 when neither can be read.
std::uint64_t availableMemoryBytes();
// "3.2 GiB", "512 MiB"
std::string formatBytes(double bytes);

// A run's peak memory, estimated from the spec and the data's shape (a deliberate overestimate:
// weights, gradients and two optimiser moments per parameter; stored activations and their
// gradients per example of a batch and of an evaluation chunk; the three data splits).
struct MemoryEstimate {
    double parameters = 0; // how many (model and small heads)
    double modelBytes = 0; // parameters × 4 bytes × (weights, gradients, 2 moments)
    double activationBytes = 0;
    double dataBytes = 0;
    double total() const { return modelBytes + activationBytes + dataBytes; }
    // The same for a stack of `runs` runs on the same data: model and activations per run.
    MemoryEstimate forRuns(std::int64_t runs) const
    {
        MemoryEstimate e = *this;
        e.parameters *= static_cast<double>(runs);
        e.modelBytes *= static_cast<double>(runs);
        e.activationBytes *= static_cast<double>(runs);
        return e;
    }
};
// `inputSize`: features per example; `examples`: of all three splits (0: as the spec says for
// generated data).
MemoryEstimate estimateRunMemory(const ExperimentSpec& spec, std::int64_t inputSize, std::int64_t examples = 0);

// Throws SpecError naming the field that drives the estimate when it exceeds what is available
// (nothing when the available memory is unknown). `what` says what would run: "the run".
void requireMemory(const MemoryEstimate& estimate, const ExperimentSpec& spec, const std::string& what = "the run");

} // namespace mtlx
