#pragma once
// The step on the sum of the task losses, taken while descending their mean. Linear scalarisation's
// weights sum to 1 (the mean); weights summing to the task count T (the sum) multiply every
// gradient by T. The optimisers (optimizer.h) answer to that scale differently:
//   sgd               T · g steps T times as far, and the weight decay added to it weighs 1/T as much:
//                     lr · T and weight_decay / T take the sum's step exactly (momentum is linear);
//   adam, adagrad     their step does not change with the gradient's scale, but the weight decay
//                     added to the gradient does: weight_decay / T takes the sum's step (ε aside);
//   adamw             decoupled decay and a scale-free step: the same step either way (ε aside).
// No header of ui/ reads this (it names no torch type, but the optimisers behind it are core's).
#include <cstddef>

namespace mtlx {

struct TrainingSpec;

// Sets `training` so that descending the mean of `tasks` losses steps as descending their sum
// would; false (nothing changed) where the two steps are already the same: adamw, and adam or
// adagrad without weight decay.
bool stepAsOnTheSum(TrainingSpec& training, std::size_t tasks);

} // namespace mtlx
