#pragma once
// Per-task gradients on the shared parameters: what the gradient methods (weighting.h) project
// and mix, and what the gradient-conflict probe (conflict.h) compares. Core-internal (uses torch).
#include <cstdint>
#include <vector>

#include <torch/torch.h>

#include "core/engine/models/ownership.h"

namespace mtlx {

struct ExperimentSpec;

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

// Every task's gradient on the shared elements, [R, T, P_shared] (zeros where it does not reach).
torch::Tensor sharedRows(const TaskGradients& tg, const std::vector<OwnedParameter>& params, std::int64_t runs);

// Writes Σ_t coef[r, t] g_t into every parameter's gradient (coef [R, T]); `sharedOverride`
// ([R, P_shared] in sharedRows' order), when defined, replaces the sum there. A task's own
// elements keep the plain sum, which is that task's own weighted gradient.
void assignGradients(const TaskGradients& tg, const torch::Tensor& coef, const std::vector<OwnedParameter>& params,
                     const torch::Tensor& sharedOverride = {});

// Per run, scales the shared elements of the parameters' gradients so that their norm is at most
// maxNorm (torch.nn.utils.clip_grad_norm_ on the shared parameters, run by run); 0 = off.
void clipSharedNorm(const std::vector<OwnedParameter>& params, std::int64_t runs, double maxNorm);

// The stack's size from the losses [R] (1 without losses).
std::int64_t runsOf(const std::vector<torch::Tensor>& losses);
// Per task losses [R] → [R, T].
torch::Tensor lossMatrix(const std::vector<torch::Tensor>& losses);
// A [R, T] tensor as rows of doubles, and back: float64 exactly (a checkpoint's), or float (the
// coefficients a step multiplies with).
std::vector<std::vector<double>> rowsOf(const torch::Tensor& t);
torch::Tensor exactMatrix(const std::vector<std::vector<double>>& rows);
torch::Tensor matrixOf(const std::vector<std::vector<double>>& rows);
// Each run's Gram matrix g gᵀ of grads [R, T, P], row-major T × T doubles.
std::vector<std::vector<double>> gramsOf(const torch::Tensor& grads);
// The runs' linear task weights, [R, T] float.
torch::Tensor taskWeightMatrix(const std::vector<ExperimentSpec>& runs);

} // namespace mtlx
