#include "core/engine/training/probes.h"

namespace mtlx {

Histogram histogram(const torch::Tensor& values, double lo, double hi, int bins)
{
    Histogram h;
    if (!(hi > lo)) hi = lo + 1; // all values equal: one visible bin range around them
    for (int i = 0; i <= bins; ++i)
        h.edges.push_back(lo + (hi - lo) * i / bins);
    h.counts.assign(static_cast<std::size_t>(bins), 0);
    auto v = values.to(torch::kFloat64).flatten().contiguous();
    const double* p = v.data_ptr<double>();
    const double width = (hi - lo) / bins;
    for (std::int64_t i = 0; i < v.numel(); ++i) {
        if (!std::isfinite(p[i])) continue; // a NaN has no bin (and casting it is undefined)
        // Clamped while still a double: a far-off value must not overflow the integer bin.
        const double b = std::clamp((p[i] - lo) / width, 0.0, static_cast<double>(bins - 1));
        ++h.counts[static_cast<std::size_t>(b)];
    }
    return h;
}

ActivationProbe activationProbe(const torch::Tensor& representation, int bins)
{
    torch::NoGradGuard noGrad;
    ActivationProbe probe;
    const auto r = representation.flatten(1);
    probe.examples = r.size(0);
    probe.units = r.size(1);
    const auto active = r != 0;
    probe.nonzeroFraction = histogram(active.to(torch::kFloat64).mean(1), 0.0, 1.0, bins);
    const auto values = r.masked_select(active);
    const auto finite = values.masked_select(torch::isfinite(values));
    if (finite.numel() > 0)
        probe.nonzeroValues = histogram(finite, finite.min().item<double>(), finite.max().item<double>(), bins);
    else
        probe.nonzeroValues = histogram(values, 0.0, 1.0, bins);
    return probe;
}

} // namespace mtlx
