#include "core/engine/training/weighting.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/engine/data/rng.h"

namespace mtlx {
namespace {

constexpr std::uint64_t kPcgradStream = 2000;

// Per task, the gradient of its loss w.r.t. every parameter (undefined where the loss does not
// reach the parameter). Which parameters are shared is the architecture's declaration
// (OwnedParameter), not which gradients happen to be defined.
using TaskGradients = std::vector<std::vector<torch::Tensor>>; // [task][parameter]

std::vector<torch::Tensor> tensorsOf(const std::vector<OwnedParameter>& params)
{
    std::vector<torch::Tensor> t;
    for (const auto& p : params)
        t.push_back(p.param);
    return t;
}

TaskGradients taskGradients(const std::vector<torch::Tensor>& losses, const std::vector<OwnedParameter>& params)
{
    const auto tensors = tensorsOf(params);
    TaskGradients g;
    for (std::size_t t = 0; t < losses.size(); ++t) {
        if (losses[t].requires_grad())
            g.push_back(torch::autograd::grad({losses[t]}, tensors, {}, /*retain_graph=*/t + 1 < losses.size(),
                                              /*create_graph=*/false, /*allow_unused=*/true));
        else
            g.emplace_back(params.size());
    }
    return g;
}

// The task's gradient on the shared elements as one vector (zeros where it does not reach).
torch::Tensor flatShared(const TaskGradients& tg, std::size_t task, const std::vector<OwnedParameter>& params)
{
    using Sharing = OwnedParameter::Sharing;
    std::vector<torch::Tensor> parts;
    for (std::size_t p = 0; p < params.size(); ++p) {
        const auto& owned = params[p];
        if (owned.sharing == Sharing::None) continue;
        const auto& g = tg[task][p];
        if (!g.defined())
            parts.push_back(torch::zeros({owned.sharedCount()}, owned.param.options()));
        else if (owned.sharing == Sharing::All)
            parts.push_back(g.reshape(-1));
        else
            parts.push_back(g.reshape(-1).index_select(0, owned.sharedElements));
    }
    if (parts.empty()) return torch::zeros({0});
    return torch::cat(parts);
}

// Writes Σ_t coef_t g_t into every parameter's gradient; `sharedOverride` (a flat vector over
// the shared elements, in flatShared's order), when defined, replaces the sum there. A task's
// own elements keep the plain sum, which is that task's own weighted gradient.
void assignGradients(const TaskGradients& tg, const std::vector<double>& coef,
                     const std::vector<OwnedParameter>& params, const torch::Tensor& sharedOverride = {})
{
    using Sharing = OwnedParameter::Sharing;
    torch::NoGradGuard noGrad;
    std::int64_t offset = 0;
    for (std::size_t p = 0; p < params.size(); ++p) {
        const auto& owned = params[p];
        auto param = owned.param;
        torch::Tensor sum;
        if (!(sharedOverride.defined() && owned.sharing == Sharing::All)) {
            for (std::size_t t = 0; t < tg.size(); ++t) {
                const auto& g = tg[t][p];
                if (!g.defined()) continue;
                sum = sum.defined() ? sum + coef[t] * g : coef[t] * g;
            }
        }
        if (sharedOverride.defined() && owned.sharing != Sharing::None) {
            const auto n = owned.sharedCount();
            const auto slice = sharedOverride.narrow(0, offset, n);
            offset += n;
            if (owned.sharing == Sharing::All) {
                sum = slice.view(param.sizes()).clone();
            } else {
                if (!sum.defined()) sum = torch::zeros_like(param);
                sum = sum.contiguous();
                sum.view(-1).index_copy_(0, owned.sharedElements, slice);
            }
        }
        if (sum.defined()) param.mutable_grad() = sum;
    }
}

double weightedSum(const std::vector<torch::Tensor>& losses, const std::vector<double>& w, torch::Tensor* total)
{
    torch::Tensor sum = torch::zeros({});
    for (std::size_t t = 0; t < losses.size(); ++t)
        sum = sum + w[t] * losses[t];
    if (total) *total = sum;
    return sum.item<double>();
}

class Linear : public LossWeighting {
public:
    explicit Linear(std::vector<double> w) : w_(std::move(w)) {}
    double backward(const std::vector<torch::Tensor>& losses, const BackboneOutput&) override
    {
        torch::Tensor total;
        const double value = weightedSum(losses, w_, &total);
        total.backward();
        return value;
    }
    std::vector<double> weights() const override { return w_; }

private:
    std::vector<double> w_;
};

class Uncertainty : public LossWeighting {
public:
    explicit Uncertainty(const std::vector<TaskInfo>& tasks)
        : s_(torch::zeros({static_cast<std::int64_t>(tasks.size())}, torch::requires_grad()))
    {
        for (const auto& t : tasks)
            c_.push_back(t.kind == TaskKind::Regression ? 0.5 : 1.0);
    }
    std::vector<torch::Tensor> parameters() override { return {s_}; }
    double backward(const std::vector<torch::Tensor>& losses, const BackboneOutput&) override
    {
        // Kendall et al. eq. 10 with s = log σ²: regression ½ e^{−s} L + ½ s (eq. 7's Gaussian
        // likelihood), classification e^{−s} L + ½ s. The regulariser is ½ s for both.
        torch::Tensor total = torch::zeros({});
        for (std::size_t t = 0; t < losses.size(); ++t) {
            const auto s = s_[static_cast<std::int64_t>(t)];
            total = total + c_[t] * torch::exp(-s) * losses[t] + 0.5 * s;
        }
        total.backward();
        return total.item<double>();
    }
    std::vector<double> weights() const override
    {
        std::vector<double> w;
        for (std::size_t t = 0; t < c_.size(); ++t)
            w.push_back(c_[t] * std::exp(-s_[static_cast<std::int64_t>(t)].item<double>()));
        return w;
    }

private:
    torch::Tensor s_;       // log variances
    std::vector<double> c_; // ½ for regression tasks, 1 otherwise
};

class GradNorm : public LossWeighting {
public:
    GradNorm(std::size_t tasks, double alpha, double lr, std::vector<OwnedParameter> params)
        : w_(torch::ones({static_cast<std::int64_t>(tasks)}, torch::requires_grad())),
          optimizer_(std::vector<torch::Tensor>{w_}, torch::optim::AdamOptions(lr)), alpha_(alpha),
          params_(std::move(params))
    {
    }
    double backward(const std::vector<torch::Tensor>& losses, const BackboneOutput&) override
    {
        const auto T = losses.size();
        std::vector<double> values;
        for (const auto& l : losses)
            values.push_back(l.item<double>());
        if (initial_.empty()) initial_ = values;
        const auto tg = taskGradients(losses, params_);
        const auto w = currentWeights();
        assignGradients(tg, w, params_);

        // G_t = w_t ‖∇_W L_t‖ as a function of w; the target mean(G) · r_t^α is a constant.
        std::vector<double> norms, ratio;
        for (std::size_t t = 0; t < T; ++t) {
            norms.push_back(flatShared(tg, t, params_).norm().item<double>());
            ratio.push_back(values[t] / std::max(initial_[t], 1e-12));
        }
        const double meanRatio = std::accumulate(ratio.begin(), ratio.end(), 0.0) / static_cast<double>(T);
        auto G = w_ * torch::tensor(norms, torch::kFloat32);
        const double meanG = G.mean().item<double>();
        std::vector<double> target;
        for (std::size_t t = 0; t < T; ++t)
            target.push_back(meanG * std::pow(ratio[t] / std::max(meanRatio, 1e-12), alpha_));
        const auto gradLoss = (G - torch::tensor(target, torch::kFloat32)).abs().sum();
        optimizer_.zero_grad();
        w_.mutable_grad() = torch::autograd::grad({gradLoss}, {w_})[0];

        double total = 0;
        for (std::size_t t = 0; t < T; ++t)
            total += w[t] * values[t];
        return total;
    }
    void afterStep() override
    {
        optimizer_.step();
        torch::NoGradGuard noGrad;
        w_.clamp_min_(1e-4);
        w_.mul_(static_cast<double>(w_.size(0)) / w_.sum().item<double>());
    }
    std::vector<double> weights() const override { return currentWeights(); }

private:
    std::vector<double> currentWeights() const
    {
        std::vector<double> w;
        for (std::int64_t t = 0; t < w_.size(0); ++t)
            w.push_back(w_[t].item<double>());
        return w;
    }
    torch::Tensor w_;
    torch::optim::Adam optimizer_;
    double alpha_;
    std::vector<OwnedParameter> params_;
    std::vector<double> initial_; // L_t(0), the first step's losses
};

class MgdaUb : public LossWeighting {
public:
    MgdaUb(std::size_t tasks, std::vector<OwnedParameter> params)
        : alpha_(tasks, 1.0 / static_cast<double>(tasks)), params_(std::move(params))
    {
    }
    double backward(const std::vector<torch::Tensor>& losses, const BackboneOutput& features) override
    {
        if (features.shared.defined() && features.shared.requires_grad()) {
            // MGDA-UB: gradients w.r.t. the shared representation Z.
            std::vector<torch::Tensor> rows;
            for (const auto& l : losses) {
                torch::Tensor g;
                if (l.requires_grad()) g = torch::autograd::grad({l}, {features.shared}, {}, true, false, true)[0];
                rows.push_back(g.defined() ? g.reshape(-1) : torch::zeros({features.shared.numel()}));
            }
            alpha_ = minNormWeights(torch::stack(rows));
            torch::Tensor total;
            const double value = weightedSum(losses, alpha_, &total);
            total.backward();
            return value;
        }
        const auto tg = taskGradients(losses, params_);
        std::vector<torch::Tensor> rows;
        for (std::size_t t = 0; t < losses.size(); ++t)
            rows.push_back(flatShared(tg, t, params_));
        alpha_ = minNormWeights(torch::stack(rows));
        assignGradients(tg, alpha_, params_);
        return weightedSum(losses, alpha_, nullptr);
    }
    std::vector<double> weights() const override { return alpha_; }

private:
    std::vector<double> alpha_;
    std::vector<OwnedParameter> params_;
};

class PcGrad : public LossWeighting {
public:
    PcGrad(std::vector<double> w, std::uint64_t seed, std::vector<OwnedParameter> params)
        : w_(std::move(w)), rng_(seed, kPcgradStream), params_(std::move(params))
    {
    }
    double backward(const std::vector<torch::Tensor>& losses, const BackboneOutput&) override
    {
        const auto T = losses.size();
        std::vector<torch::Tensor> weighted;
        for (std::size_t t = 0; t < T; ++t)
            weighted.push_back(w_[t] * losses[t]);
        const auto tg = taskGradients(weighted, params_);
        std::vector<torch::Tensor> rows;
        std::vector<std::vector<std::size_t>> orders(T);
        for (std::size_t t = 0; t < T; ++t) {
            rows.push_back(flatShared(tg, t, params_));
            orders[t].resize(T);
            std::iota(orders[t].begin(), orders[t].end(), std::size_t{0});
            rng_.shuffle(orders[t]);
        }
        const auto combined = pcgradCombine(torch::stack(rows), orders);
        assignGradients(tg, std::vector<double>(T, 1.0), params_, combined);
        return weightedSum(losses, w_, nullptr);
    }
    std::vector<double> weights() const override { return w_; }

private:
    std::vector<double> w_;
    Rng rng_;
    std::vector<OwnedParameter> params_;
};

class Dwa : public LossWeighting {
public:
    Dwa(std::size_t tasks, double temperature) : lambda_(tasks, 1.0), temperature_(temperature) {}
    double backward(const std::vector<torch::Tensor>& losses, const BackboneOutput&) override
    {
        torch::Tensor total;
        const double value = weightedSum(losses, lambda_, &total);
        total.backward();
        return value;
    }
    void epochEnd(const std::vector<double>& meanTaskLoss) override
    {
        history_.push_back(meanTaskLoss);
        if (history_.size() < 2) return;
        const auto& last = history_[history_.size() - 1];
        const auto& before = history_[history_.size() - 2];
        std::vector<double> e;
        double sum = 0;
        for (std::size_t t = 0; t < lambda_.size(); ++t) {
            const double r = last[t] / std::max(before[t], 1e-12);
            e.push_back(std::exp(r / temperature_));
            sum += e.back();
        }
        for (std::size_t t = 0; t < lambda_.size(); ++t)
            lambda_[t] = static_cast<double>(lambda_.size()) * e[t] / sum;
    }
    std::vector<double> weights() const override { return lambda_; }

private:
    std::vector<double> lambda_;
    double temperature_;
    std::vector<std::vector<double>> history_;
};

} // namespace

std::unique_ptr<LossWeighting> makeWeighting(const ExperimentSpec& spec, const std::vector<TaskInfo>& tasks,
                                             std::vector<OwnedParameter> parameters)
{
    const auto& t = spec.training;
    if (t.weighting == "uncertainty") return std::make_unique<Uncertainty>(tasks);
    if (t.weighting == "gradnorm")
        return std::make_unique<GradNorm>(tasks.size(), t.gradnormAlpha, t.lr, std::move(parameters));
    if (t.weighting == "mgda_ub") return std::make_unique<MgdaUb>(tasks.size(), std::move(parameters));
    if (t.weighting == "pcgrad") return std::make_unique<PcGrad>(t.taskWeights, t.seed, std::move(parameters));
    if (t.weighting == "dwa") return std::make_unique<Dwa>(tasks.size(), t.dwaTemperature);
    return std::make_unique<Linear>(t.taskWeights);
}

std::vector<double> minNormWeights(const torch::Tensor& grads)
{
    const auto T = static_cast<std::size_t>(grads.size(0));
    std::vector<double> alpha(T, 1.0 / static_cast<double>(T));
    if (T < 2) return alpha;
    const auto gram = torch::mm(grads.to(torch::kFloat64), grads.to(torch::kFloat64).t()).contiguous();
    const double* m = gram.data_ptr<double>();
    auto M = [&](std::size_t i, std::size_t j) { return m[i * T + j]; };
    for (int iteration = 0; iteration < 1000; ++iteration) {
        std::vector<double> Ma(T, 0.0);
        for (std::size_t i = 0; i < T; ++i)
            for (std::size_t j = 0; j < T; ++j)
                Ma[i] += M(i, j) * alpha[j];
        const auto best = static_cast<std::size_t>(std::min_element(Ma.begin(), Ma.end()) - Ma.begin());
        double a = 0; // ‖v‖² for v = Σ α g
        for (std::size_t i = 0; i < T; ++i)
            a += alpha[i] * Ma[i];
        const double b = Ma[best];                // v · g_best
        const double c = M(best, best);           // ‖g_best‖²
        const double denominator = a - 2 * b + c; // ‖v − g_best‖²
        if (denominator <= 1e-30) break;
        const double gamma = std::clamp((a - b) / denominator, 0.0, 1.0);
        if (gamma * (1.0 - alpha[best]) < 1e-12) break;
        for (auto& x : alpha)
            x *= 1.0 - gamma;
        alpha[best] += gamma;
    }
    return alpha;
}

torch::Tensor pcgradCombine(const torch::Tensor& grads, const std::vector<std::vector<std::size_t>>& orders)
{
    const auto T = static_cast<std::size_t>(grads.size(0));
    auto combined = torch::zeros({grads.size(1)}, grads.options());
    for (std::size_t i = 0; i < T; ++i) {
        auto g = grads[static_cast<std::int64_t>(i)].clone();
        for (const auto j : orders[i]) {
            if (j == i) continue;
            const auto other = grads[static_cast<std::int64_t>(j)];
            const double dot = torch::dot(g, other).item<double>();
            const double norm2 = torch::dot(other, other).item<double>();
            if (dot < 0 && norm2 > 0) g -= (dot / norm2) * other;
        }
        combined += g;
    }
    return combined;
}

} // namespace mtlx
