#include "core/engine/training/updates.h"

#include <cmath>

namespace mtlx::updates {

void adam(const Adam& a, float* p, const float* g, float* m, float* v, std::int64_t begin, std::int64_t end)
{
    for (std::int64_t i = begin; i < end; ++i) {
        m[i] = a.beta1 * m[i] + (1 - a.beta1) * g[i];
        v[i] = a.beta2 * v[i] + (1 - a.beta2) * g[i] * g[i];
        p[i] -= a.lr * m[i] / (std::sqrt(v[i]) / a.correction2 + a.eps);
    }
}

void sgd(float lr, float momentum, float* p, const float* g, float* buffer, std::int64_t begin, std::int64_t end)
{
    for (std::int64_t i = begin; i < end; ++i) {
        buffer[i] = momentum * buffer[i] + g[i];
        p[i] -= lr * buffer[i];
    }
}

void adagrad(float lr, float eps, float* p, const float* g, float* sum, std::int64_t begin, std::int64_t end)
{
    for (std::int64_t i = begin; i < end; ++i) {
        sum[i] += g[i] * g[i];
        p[i] -= lr * g[i] / (std::sqrt(sum[i]) + eps);
    }
}

} // namespace mtlx::updates
