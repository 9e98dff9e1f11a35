#pragma once
// The element-wise update loops of the optimizers (optimizer.h) on plain float arrays, each over
// [begin, end). Kept in their own translation unit, without LibTorch, so that they are compiled
// with -fno-math-errno (core/engine/CMakeLists.txt): only then does the compiler vectorise sqrt.
#include <cstdint>

namespace mtlx::updates {

struct Adam {
    float lr;          // already divided by the first moment's bias correction
    float correction2; // √(1 − β2^t)
    float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;
    float l2 = 0;   // adam's weight decay: g ← g + l2 · p
    float keep = 1; // adamw's decoupled decay: p ← keep · p first, keep = 1 − lr · weight_decay
};
// p ← keep · p;  g ← g + l2 · p;  m ← β1 m + (1 − β1) g;  v ← β2 v + (1 − β2) g²;
// p ← p − lr · m / (√v / correction2 + ε)
void adam(const Adam& a, float* p, const float* g, float* m, float* v, std::int64_t begin, std::int64_t end);
// g ← g + l2 · p;  buffer ← momentum · buffer + g;  p ← p − lr · buffer
void sgd(float lr, float momentum, float l2, float* p, const float* g, float* buffer, std::int64_t begin,
         std::int64_t end);
// g ← g + l2 · p;  sum ← sum + g²;  p ← p − lr · g / (√sum + ε)
void adagrad(float lr, float eps, float l2, float* p, const float* g, float* sum, std::int64_t begin, std::int64_t end);

} // namespace mtlx::updates
