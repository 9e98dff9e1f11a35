#pragma once
// Per-task gradients on the shared parameters: what the gradient methods (weighting.h) project
// and mix, and what the gradient-conflict probe (conflict.h) compares. Core-internal (uses torch).
#include <cstdint>
#include <vector>

#include <torch/torch.h>

#include "core/engine/models/ownership.h"

namespace mtlx {

// [task][parameter]: the gradient of the task's loss (summed over the runs of the stack, which
// share no parameter) w.r.t. every parameter, [R, …], run r's part from run r's loss alone;
// undefined where the loss does not reach the parameter.
using TaskGradients = std::vector<std::vector<torch::Tensor>>;

// keepGraph: the graph stays for a later backward (the probe samples before the method's step).
TaskGradients taskGradients(const std::vector<torch::Tensor>& losses, const std::vector<OwnedParameter>& params,
                            bool keepGraph = false);

// The shared elements of one parameter's gradient, one row per run [R, n_shared]; zeros where
// the gradient is undefined, [R, 0] for a parameter that serves one task.
torch::Tensor sharedPart(const torch::Tensor& grad, const OwnedParameter& owned, std::int64_t runs);

} // namespace mtlx
