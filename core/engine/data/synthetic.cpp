#include "core/engine/data/synthetic.h"

#include <cmath>

#include "core/engine/data/rng.h"

namespace mtlx {
namespace {

// Independent streams derived from the data seed, one per purpose and split.
constexpr std::uint64_t kParameterStream = 1;
constexpr std::uint64_t kInputStream = 10; // + split index
constexpr std::uint64_t kNoiseStream = 20; // + split index

struct RawSplit {
    std::vector<float> x;               // n × D, row-major
    std::vector<std::vector<double>> y; // per task, n values
};

Split toSplit(RawSplit raw, std::int64_t n, std::int64_t dim, const std::vector<double>& mean,
              const std::vector<double>& stddev)
{
    Split s;
    s.x = torch::from_blob(raw.x.data(), {n, dim}, torch::kFloat32).clone();
    for (std::size_t t = 0; t < raw.y.size(); ++t) {
        auto y = torch::empty({n}, torch::kFloat32);
        auto* p = y.data_ptr<float>();
        for (std::int64_t i = 0; i < n; ++i)
            p[i] = static_cast<float>((raw.y[t][i] - mean[t]) / stddev[t]);
        s.y.push_back(y);
        s.mask.emplace_back();
    }
    return s;
}

// Mean and population standard deviation of each task's train labels (std 1 if constant).
void labelStatistics(const RawSplit& train, std::vector<double>& mean, std::vector<double>& stddev)
{
    for (const auto& y : train.y) {
        double m = 0;
        for (double v : y)
            m += v;
        m /= static_cast<double>(y.size());
        double var = 0;
        for (double v : y)
            var += (v - m) * (v - m);
        var /= static_cast<double>(y.size());
        mean.push_back(m);
        stddev.push_back(var > 0 ? std::sqrt(var) : 1.0);
    }
}

// Generates one split: `fill(inputs, noise, row, labels)` writes one example's D inputs and its
// raw task labels, drawing from the split's own input and noise streams.
template <typename Fill>
RawSplit generateSplit(const DatasetSpec& spec, int split, std::int64_t n, std::size_t taskCount, Fill& fill,
                       const LoadProgress& progress)
{
    Rng inputs(spec.seed, kInputStream + static_cast<std::uint64_t>(split));
    Rng noise(spec.seed, kNoiseStream + static_cast<std::uint64_t>(split));
    RawSplit raw;
    // Reserved, not zeroed: memory is touched row by row as it fills, so a stop lands at once
    // (zeroing gigabytes first took seconds in which a stop could not be obeyed).
    raw.x.reserve(static_cast<std::size_t>(n * spec.dim));
    raw.y.assign(taskCount, {});
    for (auto& y : raw.y)
        y.reserve(static_cast<std::size_t>(n));
    std::vector<float> row(static_cast<std::size_t>(spec.dim));
    std::vector<double> labels(taskCount);
    for (std::int64_t i = 0; i < n; ++i) {
        // Reported every 4096 examples: the caller's stop request is obeyed here (it throws).
        if (progress && i % 4096 == 0)
            progress("generated data", (split + static_cast<double>(i) / static_cast<double>(n)) / 3);
        fill(inputs, noise, row.data(), labels.data());
        raw.x.insert(raw.x.end(), row.begin(), row.end());
        for (std::size_t t = 0; t < taskCount; ++t)
            raw.y[t].push_back(labels[t]);
    }
    return raw;
}

template <typename Fill>
Dataset assemble(const DatasetSpec& spec, bool standardise, const LoadProgress& progress, Fill fill)
{
    Dataset d;
    d.tasks = spec.tasks();
    d.inputShape = {spec.dim};
    const auto sizes = splitSizes(spec);
    std::vector<RawSplit> raw;
    for (int k = 0; k < 3; ++k)
        raw.push_back(generateSplit(spec, k, sizes[static_cast<std::size_t>(k)], d.tasks.size(), fill, progress));
    std::vector<double> mean(d.tasks.size(), 0.0), stddev(d.tasks.size(), 1.0);
    if (standardise) {
        mean.clear();
        stddev.clear();
        labelStatistics(raw[0], mean, stddev);
    }
    d.train = toSplit(std::move(raw[0]), sizes[0], spec.dim, mean, stddev);
    d.validation = toSplit(std::move(raw[1]), sizes[1], spec.dim, mean, stddev);
    d.test = toSplit(std::move(raw[2]), sizes[2], spec.dim, mean, stddev);
    return d;
}

} // namespace

std::vector<std::int64_t> splitSizes(const DatasetSpec& spec)
{
    auto limited = [](std::int64_t n, std::int64_t limit) { return limit > 0 ? std::min(n, limit) : n; };
    return {limited(spec.train, spec.limitTrain), spec.validation, limited(spec.test, spec.limitTest)};
}

std::vector<int> sineFrequencies(int task)
{
    const int start = task == 0 ? 0 : 25;
    const int length = task == 0 ? 30 : 25;
    std::vector<int> w;
    for (int block = 0; block < 3; ++block)
        for (int i = 0; i < length; ++i)
            w.push_back(start + 50 * block + i);
    return w;
}

Dataset makeSyntheticSine(const DatasetSpec& spec, const LoadProgress& progress)
{
    const std::vector<std::vector<int>> freqs{sineFrequencies(0), sineFrequencies(1)};
    const auto dim = spec.dim;
    return assemble(spec, true, progress, [&](Rng& inputs, Rng& noise, float* row, double* labels) {
        double s = 0;
        for (std::int64_t j = 0; j < dim; ++j) {
            row[j] = static_cast<float>(inputs.uniform(-0.5, 0.5));
            s += row[j]; // the sum of the stored (float) inputs, so labels match the features exactly
        }
        // Eq. 7 adds noise·e_t inside the sum over W_t, once per term: in all |W_t|·noise·e_t
        // (std 18 for y1, 15 for y2 at noise 0.2), against a signal of std ≈ 36 / 33.
        for (std::size_t t = 0; t < 2; ++t) {
            double y = 0;
            for (int w : freqs[t])
                y += std::sin(w * s / spec.frequencyScale);
            labels[t] = y + spec.noise * static_cast<double>(freqs[t].size()) * noise.normal();
        }
    });
}

CorrelatedParameters correlatedParameters(const DatasetSpec& spec)
{
    const auto dim = static_cast<std::size_t>(spec.dim);
    Rng rng(spec.seed, kParameterStream);
    auto gaussian = [&](std::size_t n) {
        std::vector<double> v(n);
        for (auto& e : v)
            e = rng.normal();
        return v;
    };
    auto dot = [](const std::vector<double>& a, const std::vector<double>& b) {
        double s = 0;
        for (std::size_t i = 0; i < a.size(); ++i)
            s += a[i] * b[i];
        return s;
    };
    auto normalise = [&](std::vector<double>& v) {
        const double norm = std::sqrt(dot(v, v));
        for (auto& e : v)
            e /= norm;
    };
    // Gram–Schmidt on two Gaussian vectors gives orthonormal u_1, u_2.
    auto u1 = gaussian(dim);
    normalise(u1);
    auto u2 = gaussian(dim);
    const double proj = dot(u1, u2);
    for (std::size_t i = 0; i < dim; ++i)
        u2[i] -= proj * u1[i];
    normalise(u2);

    CorrelatedParameters p;
    const double rho = spec.correlation, c = spec.scale;
    p.w1.resize(dim);
    p.w2.resize(dim);
    for (std::size_t i = 0; i < dim; ++i) {
        p.w1[i] = c * u1[i];
        p.w2[i] = c * (rho * u1[i] + std::sqrt(1 - rho * rho) * u2[i]);
    }
    p.alpha = gaussian(static_cast<std::size_t>(spec.sines));
    p.beta = gaussian(static_cast<std::size_t>(spec.sines));
    return p;
}

Dataset makeSyntheticCorrelated(const DatasetSpec& spec, const LoadProgress& progress)
{
    const auto p = correlatedParameters(spec);
    const auto dim = spec.dim;
    return assemble(spec, false, progress, [&](Rng& inputs, Rng& noise, float* row, double* labels) {
        for (std::int64_t j = 0; j < dim; ++j)
            row[j] = static_cast<float>(inputs.normal());
        for (std::size_t t = 0; t < 2; ++t) {
            const auto& w = t == 0 ? p.w1 : p.w2;
            double wx = 0;
            for (std::int64_t j = 0; j < dim; ++j)
                wx += w[static_cast<std::size_t>(j)] * row[j];
            double y = wx;
            for (std::size_t k = 0; k < p.alpha.size(); ++k)
                y += std::sin(p.alpha[k] * wx + p.beta[k]);
            labels[t] = y + spec.noise * noise.normal();
        }
    });
}

Dataset makeRandomBinary(const DatasetSpec& spec, const LoadProgress& progress)
{
    const auto dim = spec.dim;
    const auto tasks = static_cast<std::size_t>(spec.binaryTasks);
    return assemble(spec, false, progress, [&](Rng& inputs, Rng& noise, float* row, double* labels) {
        for (std::int64_t j = 0; j < dim; ++j)
            row[j] = static_cast<float>(inputs.normal());
        for (std::size_t t = 0; t < tasks; ++t)
            labels[t] = static_cast<double>(noise.below(2));
    });
}

} // namespace mtlx
