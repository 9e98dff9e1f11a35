#include "core/engine/training/weighting.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/engine/data/rng.h"
#include "core/engine/training/gradientmethods.h"
#include "core/engine/training/preference.h"
#include "core/engine/training/taskgradients.h"

namespace mtlx {
namespace {

constexpr std::uint64_t kPcgradStream = 2000;

class Linear : public LossWeighting {
public:
    explicit Linear(torch::Tensor w) : w_(std::move(w)), rows_(rowsOf(w_)) {}
    torch::Tensor backward(const std::vector<torch::Tensor>& losses, const BackboneOutput&) override
    {
        const auto objective = (w_ * lossMatrix(losses)).sum(1);
        objective.sum().backward();
        return objective.detach();
    }
    std::vector<std::vector<double>> weights() const override { return rows_; }

private:
    torch::Tensor w_; // [R, T]
    std::vector<std::vector<double>> rows_;
};

class Uncertainty : public LossWeighting {
public:
    Uncertainty(std::int64_t runs, const std::vector<TaskInfo>& tasks)
        : s_(torch::zeros({runs, static_cast<std::int64_t>(tasks.size())}, torch::requires_grad()))
    {
        std::vector<double> c;
        for (const auto& t : tasks)
            c.push_back(t.kind == TaskKind::Regression ? 0.5 : 1.0);
        c_ = torch::tensor(c, torch::kFloat64).to(torch::kFloat32);
    }
    std::vector<torch::Tensor> parameters() override { return {s_}; }
    torch::Tensor backward(const std::vector<torch::Tensor>& losses, const BackboneOutput&) override
    {
        // Kendall et al. eq. 10 with s = log σ²: regression ½ e^{−s} L + ½ s (eq. 7's Gaussian
        // likelihood), classification e^{−s} L + ½ s. The regulariser is ½ s for both.
        const auto objective = (c_ * torch::exp(-s_) * lossMatrix(losses) + 0.5 * s_).sum(1);
        objective.sum().backward();
        return objective.detach();
    }
    std::vector<std::vector<double>> weights() const override { return rowsOf(c_ * torch::exp(-s_)); }

private:
    torch::Tensor s_; // log variances [R, T] (trained by the model's optimizer, which resets them)
    torch::Tensor c_; // ½ for regression tasks, 1 otherwise [T]
};

class GradNorm : public LossWeighting {
public:
    GradNorm(std::int64_t runs, std::size_t tasks, double alpha, double lr, std::vector<OwnedParameter> params)
        : w_(torch::ones({runs, static_cast<std::int64_t>(tasks)}, torch::requires_grad())),
          optimizer_(std::vector<torch::Tensor>{w_}, torch::optim::AdamOptions(lr)), alpha_(alpha),
          params_(std::move(params))
    {
    }
    torch::Tensor backward(const std::vector<torch::Tensor>& losses, const BackboneOutput&) override
    {
        const auto runs = runsOf(losses);
        const auto values = lossMatrix(losses).detach(); // [R, T]
        if (!initial_.defined()) initial_ = values.clone();
        const auto tg = taskGradients(losses, params_);
        const auto w = w_.detach().clone();
        assignGradients(tg, w, params_);

        // G_t = w_t ‖∇_W L_t‖ as a function of w; the target mean(G) · r_t^α is a constant.
        const auto norms = sharedRows(tg, params_, runs).norm(2, 2); // [R, T]
        const auto ratio = values / initial_.clamp_min(1e-12);
        const auto relative = ratio / ratio.mean(1, true).clamp_min(1e-12);
        const auto G = w_ * norms;
        const auto target = G.detach().mean(1, true) * relative.pow(alpha_);
        const auto gradLoss = (G - target).abs().sum();
        optimizer_.zero_grad();
        w_.mutable_grad() = torch::autograd::grad({gradLoss}, {w_})[0];
        return (w * values).sum(1);
    }
    void afterStep() override
    {
        optimizer_.step();
        torch::NoGradGuard noGrad;
        w_.clamp_min_(1e-4);
        w_.mul_(static_cast<double>(w_.size(1)) / w_.sum(1, true));
    }
    std::vector<std::vector<double>> weights() const override { return rowsOf(w_); }
    void resetRun(std::int64_t r) override
    {
        torch::NoGradGuard noGrad;
        w_[r].fill_(1.0);
        if (initial_.defined()) initial_[r].fill_(1.0);
    }
    void saveState(torch::serialize::OutputArchive& archive) const override
    {
        saveLearntWeights(archive, "gradnorm_w", "gradnorm_adam", w_, optimizer_);
        if (initial_.defined()) archive.write("gradnorm_initial", initial_);
    }
    void loadState(torch::serialize::InputArchive& archive) override
    {
        loadLearntWeights(archive, "gradnorm_w", "gradnorm_adam", w_, optimizer_);
        torch::Tensor initial;
        if (archive.try_read("gradnorm_initial", initial)) initial_ = initial.clone();
    }

private:
    torch::Tensor w_; // [R, T]
    torch::optim::Adam optimizer_;
    double alpha_;
    std::vector<OwnedParameter> params_;
    torch::Tensor initial_; // L_t(0), the first step's losses [R, T]
};

class MgdaUb : public LossWeighting {
public:
    MgdaUb(std::int64_t runs, std::size_t tasks, std::vector<OwnedParameter> params)
        : alpha_(static_cast<std::size_t>(runs), std::vector<double>(tasks, 1.0 / static_cast<double>(tasks))),
          params_(std::move(params))
    {
    }
    torch::Tensor backward(const std::vector<torch::Tensor>& losses, const BackboneOutput& features) override
    {
        const auto runs = runsOf(losses);
        if (features.shared.defined() && features.shared.requires_grad()) {
            // MGDA-UB: gradients w.r.t. the shared representation Z.
            std::vector<torch::Tensor> rows;
            for (const auto& l : losses) {
                torch::Tensor g;
                if (l.requires_grad())
                    g = torch::autograd::grad({l.sum()}, {features.shared}, {}, true, false, true)[0];
                rows.push_back(g.defined() ? g.reshape({runs, -1})
                                           : torch::zeros({runs, features.shared.numel() / runs}));
            }
            alpha_ = minNormWeights(torch::stack(rows, 1));
            const auto objective = (matrixOf(alpha_) * lossMatrix(losses)).sum(1);
            objective.sum().backward();
            return objective.detach();
        }
        const auto tg = taskGradients(losses, params_);
        alpha_ = minNormWeights(sharedRows(tg, params_, runs));
        const auto alpha = matrixOf(alpha_);
        assignGradients(tg, alpha, params_);
        return (alpha * lossMatrix(losses).detach()).sum(1);
    }
    std::vector<std::vector<double>> weights() const override { return alpha_; }

private:
    std::vector<std::vector<double>> alpha_; // [R][T]
    std::vector<OwnedParameter> params_;
};

class PcGrad : public LossWeighting {
public:
    PcGrad(const std::vector<ExperimentSpec>& runs, std::vector<OwnedParameter> params)
        : w_(taskWeightMatrix(runs)), rows_(rowsOf(w_)), rngs_(runRngs(runs, kPcgradStream)), params_(std::move(params))
    {
    }
    torch::Tensor backward(const std::vector<torch::Tensor>& losses, const BackboneOutput&) override
    {
        const auto T = losses.size();
        const auto runs = runsOf(losses);
        std::vector<torch::Tensor> weighted;
        for (std::size_t t = 0; t < T; ++t)
            weighted.push_back(w_.select(1, static_cast<std::int64_t>(t)) * losses[t]);
        const auto tg = taskGradients(weighted, params_);
        // Per run, per task, the order in which it visits the others: its own stream.
        std::vector<std::vector<std::vector<std::size_t>>> orders(rngs_.size(),
                                                                  std::vector<std::vector<std::size_t>>(T));
        for (std::size_t r = 0; r < rngs_.size(); ++r)
            for (std::size_t t = 0; t < T; ++t) {
                orders[r][t].resize(T);
                std::iota(orders[r][t].begin(), orders[r][t].end(), std::size_t{0});
                rngs_[r].shuffle(orders[r][t]);
            }
        const auto combined = pcgradCombine(sharedRows(tg, params_, runs), orders);
        assignGradients(tg, torch::ones_like(w_), params_, combined);
        return (w_ * lossMatrix(losses).detach()).sum(1);
    }
    std::vector<std::vector<double>> weights() const override { return rows_; }
    void saveState(torch::serialize::OutputArchive& archive) const override { saveRngs(archive, "pcgrad_rngs", rngs_); }
    void loadState(torch::serialize::InputArchive& archive) override { loadRngs(archive, "pcgrad_rngs", rngs_); }

private:
    torch::Tensor w_; // [R, T]
    std::vector<std::vector<double>> rows_;
    std::vector<Rng> rngs_; // per run
    std::vector<OwnedParameter> params_;
};

// Dynamic weight averaging, λ_t = T · softmax(r_t / temperature) of the loss ratios r_t of the
// last two epochs: Liu et al. (2019) take each epoch's mean training loss and weigh from the
// third epoch; the AdaTT paper's census framework ("mmoeex") takes each epoch's last batch's
// weighted losses λ_t·L_t, weighs from the fourth epoch, puts 0.01 for a previous loss within
// ±0.01, and clips every λ_t to [0.5, 1.5].
class Dwa : public LossWeighting {
public:
    Dwa(std::int64_t runs, std::size_t tasks, double temperature, bool framework)
        : lambda_(static_cast<std::size_t>(runs), std::vector<double>(tasks, 1.0)),
          history_(static_cast<std::size_t>(runs)), temperature_(temperature), framework_(framework)
    {
    }
    torch::Tensor backward(const std::vector<torch::Tensor>& losses, const BackboneOutput&) override
    {
        const auto weighted = matrixOf(lambda_) * lossMatrix(losses); // [R, T]
        if (framework_) lastBatch_ = weighted.detach();               // read at the epoch's end, not every step
        const auto objective = weighted.sum(1);
        objective.sum().backward();
        return objective.detach();
    }
    void epochEnd(const std::vector<std::vector<double>>& meanTaskLoss) override
    {
        const auto losses = framework_ ? rowsOf(lastBatch_) : meanTaskLoss;
        for (std::size_t r = 0; r < lambda_.size(); ++r) {
            auto& history = history_[r];
            history.push_back(losses[r]);
            if (history.size() < (framework_ ? 3u : 2u)) continue;
            const auto& last = history[history.size() - 1];
            const auto& before = history[history.size() - 2];
            auto& lambda = lambda_[r];
            std::vector<double> e;
            double sum = 0;
            for (std::size_t t = 0; t < lambda.size(); ++t) {
                const double previous =
                    framework_ ? (std::abs(before[t]) < 0.01 ? 0.01 : before[t]) : std::max(before[t], 1e-12);
                e.push_back(std::exp(last[t] / previous / temperature_));
                sum += e.back();
            }
            for (std::size_t t = 0; t < lambda.size(); ++t) {
                lambda[t] = static_cast<double>(lambda.size()) * e[t] / sum;
                if (framework_) lambda[t] = std::clamp(lambda[t], 0.5, 1.5);
            }
        }
    }
    std::vector<std::vector<double>> weights() const override { return lambda_; }
    void saveState(torch::serialize::OutputArchive& archive) const override
    {
        archive.write("dwa_lambda", exactMatrix(lambda_));
        if (lastBatch_.defined()) archive.write("dwa_last_batch", lastBatch_);
        const auto epochs = history_.empty() ? 0 : static_cast<std::int64_t>(history_[0].size());
        std::vector<std::vector<double>> flat; // [R · epochs][T]
        for (const auto& run : history_)
            flat.insert(flat.end(), run.begin(), run.end());
        archive.write("dwa_epochs", torch::tensor(epochs));
        if (!flat.empty()) archive.write("dwa_history", exactMatrix(flat));
    }
    void loadState(torch::serialize::InputArchive& archive) override
    {
        torch::Tensor lambda, last, epochs, history;
        archive.read("dwa_lambda", lambda);
        lambda_ = rowsOf(lambda);
        if (archive.try_read("dwa_last_batch", last)) lastBatch_ = last.clone();
        archive.read("dwa_epochs", epochs);
        const auto n = static_cast<std::size_t>(epochs.item<std::int64_t>());
        for (auto& run : history_)
            run.clear();
        if (n == 0 || !archive.try_read("dwa_history", history)) return;
        const auto rows = rowsOf(history);
        for (std::size_t r = 0; r < history_.size(); ++r)
            history_[r].assign(rows.begin() + static_cast<std::ptrdiff_t>(r * n),
                               rows.begin() + static_cast<std::ptrdiff_t>((r + 1) * n));
    }

private:
    std::vector<std::vector<double>> lambda_;               // [R][T]
    torch::Tensor lastBatch_;                               // [R, T]: mmoeex, the last step's λ_t·L_t
    std::vector<std::vector<std::vector<double>>> history_; // [R][epoch][T]
    double temperature_;
    bool framework_;
};

// The Frank–Wolfe iterations on one run's Gram matrix m [T, T] (row-major).
std::vector<double> minNormOfGram(const double* m, std::size_t T)
{
    std::vector<double> alpha(T, 1.0 / static_cast<double>(T));
    if (T < 2) return alpha;
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
        if (!(denominator > 1e-30)) break;        // also a NaN gradient (a run diverging)
        const double gamma = std::clamp((a - b) / denominator, 0.0, 1.0);
        if (gamma * (1.0 - alpha[best]) < 1e-12) break;
        for (auto& x : alpha)
            x *= 1.0 - gamma;
        alpha[best] += gamma;
    }
    return alpha;
}

} // namespace

std::unique_ptr<LossWeighting> makeWeighting(const std::vector<ExperimentSpec>& runs,
                                             const std::vector<TaskInfo>& tasks, std::vector<OwnedParameter> parameters)
{
    const auto& t = runs.at(0).training;
    const auto R = static_cast<std::int64_t>(runs.size());
    if (t.preference.conditioned()) return makePreferenceWeighting(runs, tasks.size());
    if (auto compared = makeComparedMethod(runs, tasks, parameters)) return compared;
    if (t.weighting == "uncertainty") return std::make_unique<Uncertainty>(R, tasks);
    if (t.weighting == "gradnorm")
        return std::make_unique<GradNorm>(R, tasks.size(), t.gradnormAlpha, t.lr, std::move(parameters));
    if (t.weighting == "mgda_ub") return std::make_unique<MgdaUb>(R, tasks.size(), std::move(parameters));
    if (t.weighting == "pcgrad") return std::make_unique<PcGrad>(runs, std::move(parameters));
    if (t.weighting == "dwa") return std::make_unique<Dwa>(R, tasks.size(), t.dwaTemperature, t.dwaVariant == "mmoeex");
    return std::make_unique<Linear>(taskWeightMatrix(runs));
}

std::vector<Rng> runRngs(const std::vector<ExperimentSpec>& runs, std::uint64_t stream)
{
    std::vector<Rng> rngs;
    for (const auto& spec : runs)
        rngs.emplace_back(spec.training.seed, stream);
    return rngs;
}

void saveRngs(torch::serialize::OutputArchive& archive, const std::string& key, const std::vector<Rng>& rngs)
{
    std::vector<std::int64_t> words;
    for (const auto& rng : rngs)
        for (auto w : rng.state())
            words.push_back(static_cast<std::int64_t>(w));
    archive.write(key, torch::tensor(words, torch::kInt64));
}

void loadRngs(torch::serialize::InputArchive& archive, const std::string& key, std::vector<Rng>& rngs)
{
    torch::Tensor words;
    archive.read(key, words);
    const auto* w = words.data_ptr<std::int64_t>();
    const std::size_t n = static_cast<std::size_t>(words.numel()) / std::max<std::size_t>(rngs.size(), 1);
    for (std::size_t r = 0; r < rngs.size(); ++r)
        rngs[r].setState(std::vector<std::uint64_t>(w + n * r, w + n * (r + 1)));
}

void saveLearntWeights(torch::serialize::OutputArchive& archive, const std::string& key, const std::string& adamKey,
                       const torch::Tensor& w, const torch::optim::Adam& optimizer)
{
    archive.write(key, w.detach());
    torch::serialize::OutputArchive adam;
    optimizer.save(adam);
    archive.write(adamKey, adam);
}

void loadLearntWeights(torch::serialize::InputArchive& archive, const std::string& key, const std::string& adamKey,
                       torch::Tensor& w, torch::optim::Adam& optimizer)
{
    torch::NoGradGuard noGrad;
    torch::Tensor saved;
    archive.read(key, saved);
    w.copy_(saved);
    torch::serialize::InputArchive adam;
    archive.read(adamKey, adam);
    optimizer.load(adam);
}

std::vector<std::vector<double>> minNormWeights(const torch::Tensor& grads)
{
    const auto T = static_cast<std::size_t>(grads.size(1));
    std::vector<std::vector<double>> alpha;
    for (const auto& gram : gramsOf(grads))
        alpha.push_back(minNormOfGram(gram.data(), T));
    return alpha;
}

torch::Tensor pcgradCombine(const torch::Tensor& grads,
                            const std::vector<std::vector<std::vector<std::size_t>>>& orders)
{
    const auto runs = grads.size(0);
    const auto T = static_cast<std::size_t>(grads.size(1));
    auto combined = torch::zeros({runs, grads.size(2)}, grads.options());
    const auto runIndex = torch::arange(runs);
    for (std::size_t i = 0; i < T; ++i) {
        auto g = grads.select(1, static_cast<std::int64_t>(i)).clone(); // [R, P]
        // Every run visits as many tasks (all T, or the T − 1 others).
        const auto visits = orders.at(0).at(i).size();
        for (std::size_t k = 0; k < visits; ++k) {
            // The k-th task that each run's g_i visits, and whether it is another task.
            std::vector<std::int64_t> other(static_cast<std::size_t>(runs));
            std::vector<float> isOther(static_cast<std::size_t>(runs));
            for (std::int64_t r = 0; r < runs; ++r) {
                const auto j = orders[static_cast<std::size_t>(r)][i][k];
                other[static_cast<std::size_t>(r)] = static_cast<std::int64_t>(j);
                isOther[static_cast<std::size_t>(r)] = j == i ? 0.0f : 1.0f;
            }
            const auto gj = grads.index({runIndex, torch::tensor(other)}); // [R, P]
            const auto dot = (g * gj).sum(1), norm2 = (gj * gj).sum(1);
            const auto conflict = (dot < 0).logical_and(norm2 > 0).to(g.scalar_type()) * torch::tensor(isOther);
            g -= (conflict * dot / norm2.clamp_min(1e-30)).unsqueeze(1) * gj;
        }
        combined += g;
    }
    return combined;
}

} // namespace mtlx
