#include "core/weighting.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/rng.h"

namespace mtlx {
namespace {

constexpr std::uint64_t kPcgradStream = 2000;

// Per task, the gradient of its loss w.r.t. every parameter (undefined where the loss does not
// reach the parameter), and which parameters two or more tasks reach.
struct TaskGradients {
    std::vector<std::vector<torch::Tensor>> g; // [task][parameter]
    std::vector<bool> shared;                  // [parameter]
};

TaskGradients taskGradients(const std::vector<torch::Tensor>& losses, const std::vector<torch::Tensor>& params)
{
    TaskGradients out;
    for (std::size_t t = 0; t < losses.size(); ++t) {
        if (losses[t].requires_grad())
            out.g.push_back(torch::autograd::grad({losses[t]}, params, {}, /*retain_graph=*/t + 1 < losses.size(),
                                                  /*create_graph=*/false, /*allow_unused=*/true));
        else
            out.g.emplace_back(params.size());
    }
    out.shared.assign(params.size(), false);
    for (std::size_t p = 0; p < params.size(); ++p) {
        int reached = 0;
        for (const auto& task : out.g)
            reached += task[p].defined() ? 1 : 0;
        out.shared[p] = reached >= 2;
    }
    return out;
}

// The task's gradient on the shared parameters as one vector (zeros where it does not reach).
torch::Tensor flatShared(const TaskGradients& tg, std::size_t task, const std::vector<torch::Tensor>& params)
{
    std::vector<torch::Tensor> parts;
    for (std::size_t p = 0; p < params.size(); ++p) {
        if (!tg.shared[p]) continue;
        const auto& g = tg.g[task][p];
        parts.push_back(g.defined() ? g.reshape(-1) : torch::zeros({params[p].numel()}, params[p].options()));
    }
    if (parts.empty()) return torch::zeros({0});
    return torch::cat(parts);
}

// Writes Σ_t coef_t g_t into every parameter's gradient; `sharedOverride` (a flat vector over
// the shared parameters), when defined, replaces the sum there.
void assignGradients(const TaskGradients& tg, const std::vector<double>& coef, const std::vector<torch::Tensor>& params,
                     const torch::Tensor& sharedOverride = {})
{
    torch::NoGradGuard noGrad;
    std::int64_t offset = 0;
    for (std::size_t p = 0; p < params.size(); ++p) {
        auto param = params[p];
        if (tg.shared[p] && sharedOverride.defined()) {
            const auto n = param.numel();
            param.mutable_grad() = sharedOverride.narrow(0, offset, n).view(param.sizes()).clone();
            offset += n;
            continue;
        }
        torch::Tensor sum;
        for (std::size_t t = 0; t < tg.g.size(); ++t) {
            const auto& g = tg.g[t][p];
            if (!g.defined()) continue;
            sum = sum.defined() ? sum + coef[t] * g : coef[t] * g;
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
        torch::Tensor total = torch::zeros({});
        for (std::size_t t = 0; t < losses.size(); ++t) {
            const auto s = s_[static_cast<std::int64_t>(t)];
            total = total + c_[t] * (torch::exp(-s) * losses[t] + s);
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
    torch::Tensor s_; // log variances
    std::vector<double> c_;
};

class GradNorm : public LossWeighting {
public:
    GradNorm(std::size_t tasks, double alpha, double lr, std::vector<torch::Tensor> params)
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
    std::vector<torch::Tensor> params_;
    std::vector<double> initial_; // L_t(0), the first step's losses
};

class MgdaUb : public LossWeighting {
public:
    MgdaUb(std::size_t tasks, std::vector<torch::Tensor> params)
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
    std::vector<torch::Tensor> params_;
};

class PcGrad : public LossWeighting {
public:
    PcGrad(std::vector<double> w, std::uint64_t seed, std::vector<torch::Tensor> params)
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
            for (std::size_t i = T - 1; i > 0; --i)
                std::swap(orders[t][i], orders[t][rng_.below(i + 1)]);
        }
        const auto combined = pcgradCombine(torch::stack(rows), orders);
        assignGradients(tg, std::vector<double>(T, 1.0), params_, combined);
        return weightedSum(losses, w_, nullptr);
    }
    std::vector<double> weights() const override { return w_; }

private:
    std::vector<double> w_;
    Rng rng_;
    std::vector<torch::Tensor> params_;
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
                                             std::vector<torch::Tensor> parameters)
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
