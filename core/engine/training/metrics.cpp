#include "core/engine/training/metrics.h"

#include <cmath>
#include <limits>

namespace mtlx {
namespace {

torch::Tensor selectRows(const torch::Tensor& t, const torch::Tensor& mask)
{
    return mask.defined() ? t.index({mask > 0.5}) : t;
}

double binaryEntropy(double p)
{
    if (p <= 0 || p >= 1) return 0;
    return -(p * std::log(p) + (1 - p) * std::log(1 - p));
}

} // namespace

torch::Tensor taskLoss(const TaskInfo& task, const torch::Tensor& logits, const torch::Tensor& y,
                       const torch::Tensor& mask)
{
    torch::Tensor l; // [R, B]
    switch (task.kind) {
    case TaskKind::Binary:
        l = torch::binary_cross_entropy_with_logits(logits.squeeze(2), y, {}, {}, at::Reduction::None);
        break;
    case TaskKind::Multiclass:
        l = torch::nn::functional::cross_entropy(
                logits.reshape({-1, logits.size(2)}), y.reshape({-1}),
                torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone))
                .view(y.sizes());
        break;
    case TaskKind::Regression: {
        const auto d = logits.squeeze(2) - y;
        l = d * d;
        break;
    }
    }
    return mask.defined() ? (l * mask).sum(1) / mask.sum(1).clamp_min(1) : l.mean(1);
}

double rocAuc(const torch::Tensor& scores, const torch::Tensor& labels)
{
    auto s = scores.to(torch::kFloat64).contiguous();
    auto l = labels.to(torch::kFloat64).contiguous();
    const auto n = s.size(0);
    // NaN never equals itself: the tie loop below would not advance. No ranking, no AUC.
    if (n > 0 && !torch::isfinite(s).all().item<bool>()) return std::numeric_limits<double>::quiet_NaN();
    auto order = std::get<1>(s.sort());
    s = s.index_select(0, order);
    l = l.index_select(0, order);
    const double* sp = s.data_ptr<double>();
    const double* lp = l.data_ptr<double>();
    // Mann–Whitney: sum of the positive examples' ranks, ties sharing their average rank.
    double positives = 0, rankSum = 0;
    for (std::int64_t i = 0; i < n;) {
        std::int64_t j = i;
        double pos = 0;
        while (j < n && sp[j] == sp[i])
            pos += lp[j++];
        const double averageRank = 0.5 * static_cast<double>(i + 1 + j); // ranks i+1 … j
        rankSum += pos * averageRank;
        positives += pos;
        i = j;
    }
    const double negatives = static_cast<double>(n) - positives;
    if (positives == 0 || negatives == 0) return std::numeric_limits<double>::quiet_NaN();
    return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
}

Metrics taskMetrics(const TaskInfo& task, const torch::Tensor& logits, const torch::Tensor& y,
                    const torch::Tensor& mask)
{
    torch::NoGradGuard noGrad;
    Metrics m;
    const double loss =
        taskLoss(task, logits.unsqueeze(0), y.unsqueeze(0), mask.defined() ? mask.unsqueeze(0) : mask).item<double>();
    m["loss"] = loss;
    const auto lg = selectRows(logits, mask);
    const auto yy = selectRows(y, mask);
    if (yy.size(0) == 0) return m;
    switch (task.kind) {
    case TaskKind::Binary: {
        const auto score = lg.squeeze(1);
        m["logloss"] = loss;
        m["accuracy"] = ((score > 0).to(torch::kFloat32) == yy).to(torch::kFloat64).mean().item<double>();
        const double auc = rocAuc(score, yy);
        if (std::isfinite(auc)) m["auc"] = auc;
        const double h = binaryEntropy(yy.to(torch::kFloat64).mean().item<double>());
        if (h > 0) m["ne"] = loss / h;
        break;
    }
    case TaskKind::Multiclass: {
        const double acc = (lg.argmax(1) == yy).to(torch::kFloat64).mean().item<double>();
        m["accuracy"] = acc;
        m["error"] = 1 - acc;
        m["cross_entropy"] = loss;
        break;
    }
    case TaskKind::Regression:
        m["mse"] = loss;
        m["rmse"] = std::sqrt(loss);
        break;
    }
    return m;
}

} // namespace mtlx
