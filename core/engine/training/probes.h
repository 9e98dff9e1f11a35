#pragma once
// Probes of docs/metrics.md (small heads paper Fig. 7) on a representation [N, units]:
// (a) a histogram over examples of the fraction of nonzero (activated) units, edges 0…1;
// (b) a histogram of the nonzero activation values, edges from their minimum to maximum.
#include <torch/torch.h>

#include "core/spec/result.h"

namespace mtlx {

// `bins` equal-width bins over [lo, hi]; values outside are clamped into the end bins.
Histogram histogram(const torch::Tensor& values, double lo, double hi, int bins);

ActivationProbe activationProbe(const torch::Tensor& representation, int bins);

} // namespace mtlx
