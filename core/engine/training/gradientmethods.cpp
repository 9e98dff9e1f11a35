#include "core/engine/training/gradientmethods.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "core/engine/training/taskgradients.h"

namespace mtlx {
namespace {

// Streams of the per-run generators (weighting.cpp's PCGrad has 2000).
constexpr std::uint64_t kRlwStream = 2001, kGradvacStream = 2002, kGraddropStream = 2003;

using Matrix = std::vector<double>; // row-major T × T

double quadratic(const Matrix& a, const std::vector<double>& x, const std::vector<double>& y)
{
    const std::size_t T = x.size();
    double s = 0;
    for (std::size_t i = 0; i < T; ++i)
        for (std::size_t j = 0; j < T; ++j)
            s += x[i] * a[i * T + j] * y[j];
    return s;
}

std::vector<double> times(const Matrix& a, const std::vector<double>& x)
{
    const std::size_t T = x.size();
    std::vector<double> y(T, 0.0);
    for (std::size_t i = 0; i < T; ++i)
        for (std::size_t j = 0; j < T; ++j)
            y[i] += a[i * T + j] * x[j];
    return y;
}

// The Euclidean projection onto the probability simplex (sort and threshold).
std::vector<double> ontoSimplex(const std::vector<double>& v)
{
    std::vector<double> u = v;
    std::sort(u.begin(), u.end(), std::greater<>());
    double sum = 0, theta = 0;
    for (std::size_t k = 0; k < u.size(); ++k) {
        sum += u[k];
        const double t = (sum - 1.0) / static_cast<double>(k + 1);
        if (u[k] - t > 0) theta = t;
    }
    std::vector<double> w(v.size());
    for (std::size_t i = 0; i < v.size(); ++i)
        w[i] = std::max(v[i] - theta, 0.0);
    return w;
}

// Solves a x = b (T × T, Gaussian elimination with partial pivoting); false when singular.
bool solveLinear(Matrix a, std::vector<double> b, std::vector<double>& x)
{
    const std::size_t T = b.size();
    for (std::size_t c = 0; c < T; ++c) {
        std::size_t pivot = c;
        for (std::size_t r = c + 1; r < T; ++r)
            if (std::abs(a[r * T + c]) > std::abs(a[pivot * T + c])) pivot = r;
        if (!(std::abs(a[pivot * T + c]) > 1e-300)) return false;
        for (std::size_t k = 0; k < T; ++k)
            std::swap(a[c * T + k], a[pivot * T + k]);
        std::swap(b[c], b[pivot]);
        for (std::size_t r = c + 1; r < T; ++r) {
            const double f = a[r * T + c] / a[c * T + c];
            for (std::size_t k = c; k < T; ++k)
                a[r * T + k] -= f * a[c * T + k];
            b[r] -= f * b[c];
        }
    }
    x.assign(T, 0.0);
    for (std::size_t c = T; c-- > 0;) {
        double s = b[c];
        for (std::size_t k = c + 1; k < T; ++k)
            s -= a[c * T + k] * x[k];
        x[c] = s / a[c * T + c];
    }
    return true;
}

// Per run r and task i, the other tasks in a random order from run r's generator.
std::vector<std::vector<std::vector<std::size_t>>> visitOrders(std::vector<Rng>& rngs, std::size_t T)
{
    std::vector<std::vector<std::vector<std::size_t>>> orders(rngs.size(), std::vector<std::vector<std::size_t>>(T));
    for (std::size_t r = 0; r < rngs.size(); ++r)
        for (std::size_t i = 0; i < T; ++i) {
            for (std::size_t j = 0; j < T; ++j)
                if (j != i) orders[r][i].push_back(j);
            rngs[r].shuffle(orders[r][i]);
        }
    return orders;
}

} // namespace

std::vector<double> cagradDualWeights(const std::vector<double>& gram, std::size_t T, double c)
{
    const double g0 = std::sqrt(std::accumulate(gram.begin(), gram.end(), 0.0) / static_cast<double>(T * T) + 1e-8);
    const double radius = c * g0 + 1e-8;
    const auto Ab = times(gram, std::vector<double>(T, 1.0 / static_cast<double>(T)));
    auto f = [&](const std::vector<double>& w) {
        return std::inner_product(w.begin(), w.end(), Ab.begin(), 0.0) +
               radius * std::sqrt(std::max(quadratic(gram, w, w), 0.0) + 1e-8);
    };
    std::vector<double> w(T, 1.0 / static_cast<double>(T));
    double scale = 0;
    for (double x : gram)
        scale = std::max(scale, std::abs(x));
    double step = 1.0 / (scale * static_cast<double>(T) + 1e-30);
    double fw = f(w);
    for (int iteration = 0; iteration < 5000; ++iteration) {
        const auto Aw = times(gram, w);
        const double norm = std::sqrt(std::max(quadratic(gram, w, w), 0.0) + 1e-8);
        std::vector<double> grad(T);
        for (std::size_t i = 0; i < T; ++i)
            grad[i] = Ab[i] + radius * Aw[i] / norm;
        // Backtracking on the projected step (the sufficient-decrease test of proximal gradient).
        std::vector<double> next;
        double fn = 0, moved = 0;
        for (int halvings = 0; halvings < 60; ++halvings) {
            std::vector<double> trial(T);
            for (std::size_t i = 0; i < T; ++i)
                trial[i] = w[i] - step * grad[i];
            next = ontoSimplex(trial);
            fn = f(next);
            double linear = 0;
            moved = 0;
            for (std::size_t i = 0; i < T; ++i) {
                linear += grad[i] * (next[i] - w[i]);
                moved += (next[i] - w[i]) * (next[i] - w[i]);
            }
            if (fn <= fw + linear + moved / (2 * step) + 1e-15) break;
            step /= 2;
        }
        if (!(fn <= fw)) break;
        w = next;
        fw = fn;
        if (moved < 1e-24) break;
        step *= 1.5;
    }
    return w;
}

torch::Tensor cagradCombine(const torch::Tensor& grads, double c, std::vector<std::vector<double>>* weights)
{
    const auto T = static_cast<std::size_t>(grads.size(1));
    const auto grams = gramsOf(grads);
    std::vector<std::vector<double>> coefficients;
    for (const auto& gram : grams) {
        const auto w = cagradDualWeights(gram, T, c);
        const double g0 = std::sqrt(std::accumulate(gram.begin(), gram.end(), 0.0) / static_cast<double>(T * T) + 1e-8);
        const double gwNorm = std::sqrt(std::max(quadratic(gram, w, w), 0.0));
        const double lambda = (c * g0 + 1e-8) / (gwNorm + 1e-8);
        std::vector<double> coef(T);
        for (std::size_t t = 0; t < T; ++t)
            coef[t] = static_cast<double>(T) * (1.0 / static_cast<double>(T) + lambda * w[t]) / (1.0 + c * c);
        coefficients.push_back(coef);
    }
    if (weights) *weights = coefficients;
    const auto coef = matrixOf(coefficients).to(grads.scalar_type());
    return (coef.unsqueeze(2) * grads).sum(1);
}

NashSolution nashMtlSolve(const std::vector<double>& gram, std::size_t T, std::vector<double> start, int iterations)
{
    NashSolution s;
    s.alpha = std::move(start);
    s.last = s.alpha;
    double norm = 0;
    for (double x : gram)
        norm += x * x;
    norm = std::sqrt(norm);
    if (!(norm > 0) || !std::isfinite(norm)) return s; // no gradient to bargain over
    Matrix g(gram);
    for (auto& x : g)
        x /= norm;
    auto residual = [&](const std::vector<double>& a) {
        auto r = times(g, a);
        for (std::size_t i = 0; i < T; ++i)
            r[i] -= 1.0 / a[i];
        return r;
    };
    auto potential = [&](const std::vector<double>& a) {
        double v = 0.5 * quadratic(g, a, a);
        for (double x : a)
            v -= std::log(x);
        return v;
    };
    std::vector<double> a = s.alpha;
    for (int it = 0;; ++it) {
        const auto r = residual(a);
        const double size = std::sqrt(std::inner_product(r.begin(), r.end(), r.begin(), 0.0));
        // The authors' criterion, and every α_t (Ĝα)_t = 1: without it an α_t running off to
        // infinity (a task with no shared gradient, which has no solution) would pass.
        double worst = 0;
        for (std::size_t i = 0; i < T; ++i)
            worst = std::max(worst, std::abs(a[i] * (r[i] + 1.0 / a[i]) - 1.0));
        if (size < 1e-3 && worst < 1e-2) {
            s.alpha = a;
            s.last = a;
            s.converged = true;
            s.iterations = it;
            return s;
        }
        if (!std::isfinite(size)) break;
        s.last = a;
        if (it == iterations) break;
        Matrix h(g);
        for (std::size_t i = 0; i < T; ++i)
            h[i * T + i] += 1.0 / (a[i] * a[i]);
        std::vector<double> minus(T), d;
        for (std::size_t i = 0; i < T; ++i)
            minus[i] = -r[i];
        if (!solveLinear(h, minus, d)) break;
        auto stepped = [&](double length) {
            std::vector<double> b(T);
            for (std::size_t i = 0; i < T; ++i)
                b[i] = a[i] + length * d[i];
            return b;
        };
        auto positive = [](const std::vector<double>& b) { return *std::min_element(b.begin(), b.end()) > 0; };
        double t = 1.0;
        while (t > 1e-12 && !positive(stepped(t)))
            t /= 2;
        if (!positive(stepped(t))) break;
        const double f0 = potential(a), slope = std::inner_product(r.begin(), r.end(), d.begin(), 0.0);
        while (t > 1e-12 && potential(stepped(t)) > f0 + 1e-4 * t * slope)
            t /= 2;
        a = stepped(t);
    }
    s.iterations = iterations;
    return s; // not converged: alpha stays the start
}

std::vector<double> imtlWeights(const torch::Tensor& grads)
{
    const auto T = grads.size(0);
    const auto uniform = std::vector<double>(static_cast<std::size_t>(T), 1.0 / static_cast<double>(T));
    if (T < 2) return std::vector<double>(static_cast<std::size_t>(T), 1.0);
    // A run diverging in a stack has NaN gradients: its update stays NaN in its own slice (the
    // sum), without the linear algebra, which would throw on them.
    if (!torch::isfinite(grads).all().item<bool>()) return uniform;
    // A task without a gradient this batch (no labelled rows) has no direction to project on:
    // the others are balanced among themselves.
    const auto norms = grads.to(torch::kFloat64).norm(2, 1).contiguous();
    std::vector<std::int64_t> live;
    for (std::int64_t t = 0; t < T; ++t)
        if (norms.data_ptr<double>()[t] > 0) live.push_back(t);
    if (live.empty()) return uniform;
    if (static_cast<std::int64_t>(live.size()) < T) {
        const auto part = imtlWeights(grads.index_select(0, torch::tensor(live, torch::kInt64)));
        std::vector<double> out(static_cast<std::size_t>(T), 0.0);
        for (std::size_t i = 0; i < live.size(); ++i)
            out[static_cast<std::size_t>(live[i])] = part[i];
        return out;
    }
    const auto g = grads.to(torch::kFloat64);
    const auto u = g / g.norm(2, 1, true).clamp_min(1e-30);
    const auto rest = torch::indexing::Slice(1, torch::indexing::None);
    const auto D = g[0].unsqueeze(0) - g.index({rest});
    const auto U = u[0].unsqueeze(0) - u.index({rest});
    const auto alpha = torch::matmul(torch::matmul(g[0], U.t()), torch::linalg_pinv(torch::matmul(D, U.t())));
    std::vector<double> out{1.0 - alpha.sum().item<double>()};
    const auto a = alpha.contiguous();
    out.insert(out.end(), a.data_ptr<double>(), a.data_ptr<double>() + a.numel());
    return out;
}

std::vector<double> alignedMtlWeights(const std::vector<double>& gram, std::size_t T)
{
    const auto m = torch::tensor(gram, torch::kFloat64).reshape({static_cast<std::int64_t>(T), -1});
    // NaN gradients (a run diverging in a stack): its own slice stays NaN, the decomposition,
    // which would throw on them, is not tried.
    if (!torch::isfinite(m).all().item<bool>()) return std::vector<double>(T, 1.0);
    const auto [lambda, V] = torch::linalg_eigh(m);
    const double tol = lambda.max().item<double>() * static_cast<double>(T) * 1.1920928955078125e-07;
    const auto keep = (lambda > tol).nonzero().squeeze(1);
    if (keep.numel() == 0) return std::vector<double>(T, 1.0);
    const auto l = lambda.index_select(0, keep), v = V.index_select(1, keep);
    const double smallest = l.min().item<double>();
    const auto B = std::sqrt(smallest) * torch::matmul(v * l.rsqrt().unsqueeze(0), v.t());
    const auto alpha = B.sum(0).contiguous();
    return {alpha.data_ptr<double>(), alpha.data_ptr<double>() + T};
}

torch::Tensor gradvacCombine(const torch::Tensor& grads, torch::Tensor& targets, double beta,
                             const std::vector<std::vector<std::vector<std::size_t>>>& orders)
{
    const auto R = grads.size(0);
    const auto T = static_cast<std::size_t>(grads.size(1));
    auto phi = targets.accessor<double, 3>();
    std::vector<torch::Tensor> combined;
    for (std::int64_t r = 0; r < R; ++r) {
        const auto g = grads[r].to(torch::kFloat64);
        auto pc = g.clone();
        const auto norms = g.norm(2, 1).contiguous();
        const double* gn = norms.data_ptr<double>();
        for (std::size_t i = 0; i < T; ++i) {
            auto row = pc[static_cast<std::int64_t>(i)];
            for (std::size_t j : orders[static_cast<std::size_t>(r)][i]) {
                const auto gj = g[static_cast<std::int64_t>(j)];
                const double own = row.norm().item<double>();
                const double rho = row.dot(gj).item<double>() / (own * gn[j] + 1e-8);
                const double target = phi[r][static_cast<std::int64_t>(i)][static_cast<std::int64_t>(j)];
                if (rho < target) {
                    const double w = own *
                                     (target * std::sqrt(std::max(1 - rho * rho, 0.0)) -
                                      rho * std::sqrt(std::max(1 - target * target, 0.0))) /
                                     (gn[j] * std::sqrt(std::max(1 - target * target, 0.0)) + 1e-8);
                    row.add_(gj, w);
                }
                phi[r][static_cast<std::int64_t>(i)][static_cast<std::int64_t>(j)] = (1 - beta) * target + beta * rho;
            }
        }
        combined.push_back(pc.sum(0).to(grads.scalar_type()));
    }
    return torch::stack(combined);
}

torch::Tensor graddropCombine(const torch::Tensor& grads, const torch::Tensor& uniform, double leak)
{
    const auto purity = 0.5 * (1 + grads.sum(1) / (grads.abs().sum(1) + 1e-7)); // [R, P]
    const auto above = (purity > uniform).unsqueeze(1), below = (purity < uniform).unsqueeze(1);
    const auto keep = (above.logical_and(grads > 0)).logical_or(below.logical_and(grads < 0)).to(grads.scalar_type());
    return (grads * (leak + (1 - leak) * keep)).sum(1);
}

namespace {

// The methods that combine the task gradients on the shared elements into one update; a task's
// own elements get its own loss's gradient (the authors' code: each loss backward once).
class SharedCombination : public LossWeighting {
public:
    SharedCombination(std::int64_t runs, std::size_t tasks, std::vector<OwnedParameter> params)
        : weights_(static_cast<std::size_t>(runs), std::vector<double>(tasks, 1.0)), params_(std::move(params))
    {
    }
    torch::Tensor backward(const std::vector<torch::Tensor>& losses, const BackboneOutput&) override
    {
        const auto runs = runsOf(losses);
        const auto used = scaled(losses);
        const auto tg = taskGradients(used, params_);
        const auto shared = combine(sharedRows(tg, params_, runs));
        assignGradients(tg, torch::ones({runs, static_cast<std::int64_t>(losses.size())}), params_, shared);
        return (matrixOf(weights_) * lossMatrix(used).detach()).sum(1);
    }
    std::vector<std::vector<double>> weights() const override { return weights_; }

protected:
    // grads [R, T, P] → the update of the shared elements [R, P]; sets weights_.
    virtual torch::Tensor combine(const torch::Tensor& grads) = 0;
    virtual std::vector<torch::Tensor> scaled(const std::vector<torch::Tensor>& losses) { return losses; }
    std::vector<std::vector<double>> weights_; // [R][T]: each task gradient's coefficient in the update
    std::vector<OwnedParameter> params_;
};

class CaGrad : public SharedCombination {
public:
    CaGrad(std::int64_t runs, std::size_t tasks, double c, std::vector<OwnedParameter> params)
        : SharedCombination(runs, tasks, std::move(params)), c_(c)
    {
    }

protected:
    torch::Tensor combine(const torch::Tensor& grads) override { return cagradCombine(grads, c_, &weights_); }

private:
    double c_;
};

class Imtl : public SharedCombination {
public:
    Imtl(std::int64_t runs, std::size_t tasks, bool lossScale, std::vector<OwnedParameter> params)
        : SharedCombination(runs, tasks, std::move(params))
    {
        if (lossScale) s_ = torch::zeros({runs, static_cast<std::int64_t>(tasks)}, torch::requires_grad());
    }
    std::vector<torch::Tensor> parameters() override
    {
        return s_.defined() ? std::vector<torch::Tensor>{s_} : std::vector<torch::Tensor>{};
    }

protected:
    // IMTL-L: each loss becomes e^s L − s; s descends e^s L − 1 (towards e^s L = 1).
    std::vector<torch::Tensor> scaled(const std::vector<torch::Tensor>& losses) override
    {
        if (!s_.defined()) return losses;
        const auto L = lossMatrix(losses);
        const auto s = s_.detach();
        {
            torch::NoGradGuard noGrad;
            const auto grad = torch::exp(s) * L.detach() - 1;
            if (s_.grad().defined())
                s_.mutable_grad().copy_(grad);
            else
                s_.mutable_grad() = grad.clone();
        }
        std::vector<torch::Tensor> out;
        for (std::size_t t = 0; t < losses.size(); ++t) {
            const auto st = s.select(1, static_cast<std::int64_t>(t));
            out.push_back(torch::exp(st) * losses[t] - st);
        }
        return out;
    }
    torch::Tensor combine(const torch::Tensor& grads) override
    {
        for (std::int64_t r = 0; r < grads.size(0); ++r)
            weights_[static_cast<std::size_t>(r)] = imtlWeights(grads[r]);
        return (matrixOf(weights_).to(grads.scalar_type()).unsqueeze(2) * grads).sum(1);
    }

private:
    torch::Tensor s_; // IMTL-L's log scales [R, T], trained by the model's optimizer; undefined: IMTL-G
};

class AlignedMtl : public SharedCombination {
public:
    using SharedCombination::SharedCombination;

protected:
    torch::Tensor combine(const torch::Tensor& grads) override
    {
        const auto T = static_cast<std::size_t>(grads.size(1));
        const auto grams = gramsOf(grads);
        for (std::size_t r = 0; r < grams.size(); ++r)
            weights_[r] = alignedMtlWeights(grams[r], T);
        return (matrixOf(weights_).to(grads.scalar_type()).unsqueeze(2) * grads).sum(1);
    }
};

class GradVac : public SharedCombination {
public:
    GradVac(const std::vector<ExperimentSpec>& runs, std::size_t tasks, std::vector<OwnedParameter> params)
        : SharedCombination(static_cast<std::int64_t>(runs.size()), tasks, std::move(params)),
          beta_(runs.at(0).training.gradvacBeta), rngs_(runRngs(runs, kGradvacStream)),
          targets_(torch::zeros({static_cast<std::int64_t>(runs.size()), static_cast<std::int64_t>(tasks),
                                 static_cast<std::int64_t>(tasks)},
                                torch::kFloat64))
    {
    }
    void resetRun(std::int64_t r) override { targets_[r].zero_(); }
    void saveState(torch::serialize::OutputArchive& archive) const override
    {
        archive.write("gradvac_targets", targets_);
        saveRngs(archive, "gradvac_rngs", rngs_);
    }
    void loadState(torch::serialize::InputArchive& archive) override
    {
        torch::Tensor t;
        archive.read("gradvac_targets", t);
        targets_ = t.to(torch::kFloat64).clone();
        loadRngs(archive, "gradvac_rngs", rngs_);
    }

protected:
    torch::Tensor combine(const torch::Tensor& grads) override
    {
        return gradvacCombine(grads, targets_, beta_, visitOrders(rngs_, static_cast<std::size_t>(grads.size(1))));
    }

private:
    double beta_;
    std::vector<Rng> rngs_;
    torch::Tensor targets_; // φ̂ [R, T, T]
};

class GradDrop : public SharedCombination {
public:
    GradDrop(const std::vector<ExperimentSpec>& runs, std::size_t tasks, std::vector<OwnedParameter> params)
        : SharedCombination(static_cast<std::int64_t>(runs.size()), tasks, std::move(params)),
          leak_(runs.at(0).training.graddropLeak), rngs_(runRngs(runs, kGraddropStream))
    {
    }
    void saveState(torch::serialize::OutputArchive& archive) const override
    {
        saveRngs(archive, "graddrop_rngs", rngs_);
    }
    void loadState(torch::serialize::InputArchive& archive) override { loadRngs(archive, "graddrop_rngs", rngs_); }

protected:
    torch::Tensor combine(const torch::Tensor& grads) override
    {
        const auto R = grads.size(0), P = grads.size(2);
        std::vector<float> u(static_cast<std::size_t>(R * P));
        for (std::int64_t r = 0; r < R; ++r)
            for (std::int64_t p = 0; p < P; ++p)
                u[static_cast<std::size_t>(r * P + p)] =
                    static_cast<float>(rngs_[static_cast<std::size_t>(r)].uniform());
        const auto uniform = torch::from_blob(u.data(), {R, P}, torch::kFloat32).clone().to(grads.scalar_type());
        return graddropCombine(grads, uniform, leak_);
    }

private:
    double leak_;
    std::vector<Rng> rngs_;
};

// Nash-MTL: the losses weighted by the bargaining solution α of the shared gradients' Gram
// matrix, then the shared gradient's norm clipped (the authors' max_norm).
class NashMtl : public LossWeighting {
public:
    NashMtl(const std::vector<ExperimentSpec>& runs, std::size_t tasks, std::vector<OwnedParameter> params)
        : alpha_(runs.size(), std::vector<double>(tasks, 1.0)), start_(alpha_), unconverged_(runs.size(), 0),
          steps_(runs.size(), 0), iterations_(runs.at(0).training.nashMtlIterations),
          maxNorm_(runs.at(0).training.clipSharedNorm), params_(std::move(params))
    {
    }
    torch::Tensor backward(const std::vector<torch::Tensor>& losses, const BackboneOutput&) override
    {
        const auto runs = runsOf(losses);
        const auto tg = taskGradients(losses, params_);
        const auto grams = gramsOf(sharedRows(tg, params_, runs));
        for (std::size_t r = 0; r < grams.size(); ++r) {
            // A run that diverged (NaN) or ended (its losses held at 0) has nothing to bargain over
            // until the trainer ends it: not a step of its own to count.
            const bool dead = std::none_of(grams[r].begin(), grams[r].end(), [](double x) { return x != 0; }) ||
                              !std::all_of(grams[r].begin(), grams[r].end(), [](double x) { return std::isfinite(x); });
            if (dead) continue;
            const auto solution = nashMtlSolve(grams[r], alpha_[r].size(), start_[r], iterations_);
            ++steps_[r];
            start_[r] = solution.last;
            if (solution.converged)
                alpha_[r] = solution.alpha;
            else
                ++unconverged_[r]; // the previous step's α, and the result says how often
        }
        const auto alpha = matrixOf(alpha_);
        assignGradients(tg, alpha, params_);
        clipSharedNorm(params_, runs, maxNorm_);
        return (alpha * lossMatrix(losses).detach()).sum(1);
    }
    std::vector<std::vector<double>> weights() const override { return alpha_; }
    void resetRun(std::int64_t r) override
    {
        const auto run = static_cast<std::size_t>(r);
        std::fill(alpha_[run].begin(), alpha_[run].end(), 1.0);
        start_[run] = alpha_[run];
    }
    std::string note(std::size_t r) const override
    {
        if (unconverged_[r] == 0) return {};
        std::ostringstream s;
        s << "nash_mtl: the bargaining solution did not converge in " << unconverged_[r] << " of " << steps_[r]
          << " steps (those kept the previous weights)";
        return s.str();
    }
    void saveState(torch::serialize::OutputArchive& archive) const override
    {
        archive.write("nash_alpha", exactMatrix(alpha_));
        archive.write("nash_start", exactMatrix(start_));
        std::vector<std::int64_t> counts;
        for (std::size_t r = 0; r < steps_.size(); ++r) {
            counts.push_back(unconverged_[r]);
            counts.push_back(steps_[r]);
        }
        archive.write("nash_counts", torch::tensor(counts, torch::kInt64));
    }
    void loadState(torch::serialize::InputArchive& archive) override
    {
        torch::Tensor alpha, counts;
        archive.read("nash_alpha", alpha);
        alpha_ = rowsOf(alpha);
        torch::Tensor start;
        archive.read("nash_start", start);
        start_ = rowsOf(start);
        archive.read("nash_counts", counts);
        const auto* c = counts.data_ptr<std::int64_t>();
        for (std::size_t r = 0; r < steps_.size(); ++r) {
            unconverged_[r] = c[2 * r];
            steps_[r] = c[2 * r + 1];
        }
    }

private:
    std::vector<std::vector<double>> alpha_; // [R][T], the last solution (start: 1)
    std::vector<std::vector<double>> start_; // [R][T], where the solver stopped last: the next warm start
    std::vector<std::int64_t> unconverged_, steps_;
    int iterations_;
    double maxNorm_;
    std::vector<OwnedParameter> params_;
};

// Random loss weighting: λ = softmax(z), z ~ N(0, I), drawn per step from the run's own generator.
class Rlw : public LossWeighting {
public:
    Rlw(const std::vector<ExperimentSpec>& runs, std::size_t tasks)
        : rngs_(runRngs(runs, kRlwStream)),
          lambda_(runs.size(), std::vector<double>(tasks, 1.0 / static_cast<double>(tasks)))
    {
    }
    torch::Tensor backward(const std::vector<torch::Tensor>& losses, const BackboneOutput&) override
    {
        for (std::size_t r = 0; r < rngs_.size(); ++r) {
            auto& l = lambda_[r];
            double sum = 0;
            for (auto& x : l) {
                x = std::exp(rngs_[r].normal());
                sum += x;
            }
            for (auto& x : l)
                x /= sum;
        }
        const auto objective = (matrixOf(lambda_) * lossMatrix(losses)).sum(1);
        objective.sum().backward();
        return objective.detach();
    }
    std::vector<std::vector<double>> weights() const override { return lambda_; }
    void saveState(torch::serialize::OutputArchive& archive) const override { saveRngs(archive, "rlw_rngs", rngs_); }
    void loadState(torch::serialize::InputArchive& archive) override { loadRngs(archive, "rlw_rngs", rngs_); }

private:
    std::vector<Rng> rngs_;
    std::vector<std::vector<double>> lambda_;
};

// FAMO: descends Σ z_t log L_t / c (z = softmax(w), c = Σ z_t / L_t, so that L_t's weight is
// z_t / (c L_t)); after the step, w moves (Adam, weight decay γ) along the softmax's Jacobian
// times each task's log-loss decrease on the same batch. The shared gradient's norm is clipped.
class Famo : public LossWeighting {
public:
    Famo(const std::vector<ExperimentSpec>& runs, std::size_t tasks, std::vector<OwnedParameter> params)
        : w_(torch::zeros({static_cast<std::int64_t>(runs.size()), static_cast<std::int64_t>(tasks)},
                          torch::requires_grad())),
          optimizer_(std::vector<torch::Tensor>{w_},
                     torch::optim::AdamOptions(runs.at(0).training.famoLr).weight_decay(runs.at(0).training.famoGamma)),
          weights_(runs.size(), std::vector<double>(tasks, 1.0)), maxNorm_(runs.at(0).training.clipSharedNorm),
          params_(std::move(params))
    {
    }
    torch::Tensor backward(const std::vector<torch::Tensor>& losses, const BackboneOutput&) override
    {
        const auto L = lossMatrix(losses);
        previous_ = L.detach().clone();
        const auto z = torch::softmax(w_.detach(), 1);
        const auto D = L + 1e-8;
        const auto c = (z / D.detach()).sum(1, true);
        const auto objective = (D.log() * z / c).sum(1);
        weights_ = rowsOf(z / (c * D.detach()));
        objective.sum().backward();
        clipSharedNorm(params_, runsOf(losses), maxNorm_);
        return objective.detach();
    }
    bool wantsLossesAfterStep() const override { return true; }
    void lossesAfterStep(const std::vector<torch::Tensor>& losses) override
    {
        if (!previous_.defined()) return;
        const auto delta = ((previous_ + 1e-8).log() - (lossMatrix(losses).detach() + 1e-8).log()).nan_to_num(0, 0, 0);
        torch::Tensor d;
        {
            torch::AutoGradMode on(true);
            const auto z = torch::softmax(w_, 1);
            d = torch::autograd::grad({z}, {w_}, {delta})[0];
        }
        optimizer_.zero_grad();
        w_.mutable_grad() = d;
        optimizer_.step();
    }
    std::vector<std::vector<double>> weights() const override { return weights_; }
    void resetRun(std::int64_t r) override
    {
        torch::NoGradGuard noGrad;
        w_[r].zero_();
    }
    void saveState(torch::serialize::OutputArchive& archive) const override
    {
        saveLearntWeights(archive, "famo_w", "famo_adam", w_, optimizer_);
    }
    void loadState(torch::serialize::InputArchive& archive) override
    {
        loadLearntWeights(archive, "famo_w", "famo_adam", w_, optimizer_);
    }

private:
    torch::Tensor w_; // the task logits [R, T]
    torch::optim::Adam optimizer_;
    torch::Tensor previous_; // the step's losses before it [R, T]
    std::vector<std::vector<double>> weights_;
    double maxNorm_;
    std::vector<OwnedParameter> params_;
};

// Geometric loss strategy: descends (Π_t L_t)^{1/T} = exp(mean_t log L_t); L_t's weight is
// that mean divided by T L_t.
class Gls : public LossWeighting {
public:
    Gls(std::int64_t runs, std::size_t tasks)
        : weights_(static_cast<std::size_t>(runs), std::vector<double>(tasks, 1.0))
    {
    }
    torch::Tensor backward(const std::vector<torch::Tensor>& losses, const BackboneOutput&) override
    {
        const auto L = lossMatrix(losses).clamp_min(1e-30);
        const auto objective = L.log().mean(1).exp();
        weights_ = rowsOf(objective.detach().unsqueeze(1) / (static_cast<double>(losses.size()) * L.detach()));
        objective.sum().backward();
        return objective.detach();
    }
    std::vector<std::vector<double>> weights() const override { return weights_; }

private:
    std::vector<std::vector<double>> weights_;
};

} // namespace

std::unique_ptr<LossWeighting> makeComparedMethod(const std::vector<ExperimentSpec>& runs,
                                                  const std::vector<TaskInfo>& tasks,
                                                  std::vector<OwnedParameter>& parameters)
{
    const auto& t = runs.at(0).training;
    const auto R = static_cast<std::int64_t>(runs.size());
    const auto T = tasks.size();
    if (t.weighting == "cagrad") return std::make_unique<CaGrad>(R, T, t.cagradC, std::move(parameters));
    if (t.weighting == "nash_mtl") return std::make_unique<NashMtl>(runs, T, std::move(parameters));
    if (t.weighting == "imtl") return std::make_unique<Imtl>(R, T, t.imtlLossScale, std::move(parameters));
    if (t.weighting == "rlw") return std::make_unique<Rlw>(runs, T);
    if (t.weighting == "famo") return std::make_unique<Famo>(runs, T, std::move(parameters));
    if (t.weighting == "aligned_mtl") return std::make_unique<AlignedMtl>(R, T, std::move(parameters));
    if (t.weighting == "gradvac") return std::make_unique<GradVac>(runs, T, std::move(parameters));
    if (t.weighting == "graddrop") return std::make_unique<GradDrop>(runs, T, std::move(parameters));
    if (t.weighting == "gls") return std::make_unique<Gls>(R, T);
    return nullptr;
}

} // namespace mtlx
