#include "core/engine/training/updates.h"

#include <cmath>

namespace mtlx::updates {

void adam(const Adam& a, float* p, const float* g, float* m, float* v, std::int64_t begin, std::int64_t end)
{
    for (std::int64_t i = begin; i < end; ++i) {
        p[i] *= a.keep;
        const float gi = g[i] + a.l2 * p[i];
        m[i] = a.beta1 * m[i] + (1 - a.beta1) * gi;
        v[i] = a.beta2 * v[i] + (1 - a.beta2) * gi * gi;
        p[i] -= a.lr * m[i] / (std::sqrt(v[i]) / a.correction2 + a.eps);
    }
}

void sgd(float lr, float momentum, float l2, float* p, const float* g, float* buffer, std::int64_t begin,
         std::int64_t end)
{
    for (std::int64_t i = begin; i < end; ++i) {
        buffer[i] = momentum * buffer[i] + (g[i] + l2 * p[i]);
        p[i] -= lr * buffer[i];
    }
}

void adagrad(float lr, float eps, float l2, float* p, const float* g, float* sum, std::int64_t begin, std::int64_t end)
{
    for (std::int64_t i = begin; i < end; ++i) {
        const float gi = g[i] + l2 * p[i];
        sum[i] += gi * gi;
        p[i] -= lr * gi / (std::sqrt(sum[i]) + eps);
    }
}

} // namespace mtlx::updates
