#pragma once
// The synthetic data sets of docs/data.md, generated from a seed with mtlx::Rng so that every
// machine produces the same numbers, and so that the first N examples of a split are the same
// whatever N the split is cut to (each split draws inputs and noise from streams of its own).
// Each generator reports its progress ("generated data", 0…1) to `progress` every few thousand
// examples; a progress that throws stops it there.
#include <vector>

#include "core/engine/data/dataset.h"

namespace mtlx {

// Small heads paper A.2: D inputs x_d ~ U[−½, ½], s = Σ_d x_d,
// y_t = Σ_{w∈W_t} (sin(w·s / D′) + noise·e_t) = Σ_{w∈W_t} sin(w·s / D′) + |W_t|·noise·e_t (eq. 7:
// the noise term sits inside the sum), e_t ~ N(0, 1) once per example and task; each label
// standardised with train statistics.
Dataset makeSyntheticSine(const DatasetSpec& spec, const LoadProgress& progress = {});
// The frequency set W_t of task t (0 or 1).
std::vector<int> sineFrequencies(int task);

// MMoE paper: u_1 ⊥ u_2 unit vectors, w_1 = c·u_1, w_2 = c·(ρu_1 + √(1−ρ²)u_2),
// y_t = w_tᵀx + Σ_i sin(α_i w_tᵀx + β_i) + noise·ε, x ~ N(0, I). Labels are not standardised.
Dataset makeSyntheticCorrelated(const DatasetSpec& spec, const LoadProgress& progress = {});

// `random`: x ~ N(0, I) of dimension D, and `binary_tasks` labels that are fair coin flips
// independent of x. Nothing to learn: it gives benchmarks and smoke tests inputs of any shape.
Dataset makeRandomBinary(const DatasetSpec& spec, const LoadProgress& progress = {});

// The generator's hidden parameters, exposed so that tests can recompute the labels.
struct CorrelatedParameters {
    std::vector<double> w1, w2;      // the two task weight vectors, length D
    std::vector<double> alpha, beta; // the m sine frequencies and phases
};
CorrelatedParameters correlatedParameters(const DatasetSpec& spec);

// Split sizes after the spec's limits: {train, validation, test}.
std::vector<std::int64_t> splitSizes(const DatasetSpec& spec);

} // namespace mtlx
