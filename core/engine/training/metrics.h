#pragma once
// Metrics of docs/metrics.md, computed on whole splits from logits and labels.
//   binary:     loss (= log loss), auc, accuracy (threshold 0.5), ne, logloss
//   multiclass: loss (= cross-entropy), accuracy, error, cross_entropy
//   regression: loss (= mse), mse, rmse
// A task's mask (if defined) restricts every metric to the rows where it is 1. A metric that is
// undefined on the data (AUC with a single class, NE with a constant base rate) is left out.
#include <torch/torch.h>

#include "core/spec/result.h"
#include "core/spec/spec.h"

namespace mtlx {

// The training loss of one task in each run of a stack, mean over the (masked) batch: logits
// [R, B, outputs], labels and mask [R, B] → [R].
torch::Tensor taskLoss(const TaskInfo& task, const torch::Tensor& logits, const torch::Tensor& y,
                       const torch::Tensor& mask);

// The metrics of one run: logits [N, outputs], labels and mask [N].
Metrics taskMetrics(const TaskInfo& task, const torch::Tensor& logits, const torch::Tensor& y,
                    const torch::Tensor& mask);

// Area under the ROC curve from scores and 0/1 labels (ties get their average rank).
// Returns NaN when only one class is present.
double rocAuc(const torch::Tensor& scores, const torch::Tensor& labels);

} // namespace mtlx
