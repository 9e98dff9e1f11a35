#include "core/engine/training/conflict.h"

#include <algorithm>
#include <map>

#include "core/engine/training/taskgradients.h"

namespace mtlx {

ConflictProbe::ConflictProbe(std::vector<OwnedParameter> params, const std::vector<int>& levelOf, std::size_t tasks,
                             std::int64_t runs)
    : params_(std::move(params)), tasks_(tasks), runs_(runs)
{
    // Levels are numbered by the architecture. A shared parameter outside any numbered level
    // joins the first level when there are levels (ML-MMoE keeps every level's gates in one
    // fused tensor, whose shared part routes the first level's experts), else it is the one
    // group (a shared bottom).
    auto shared = [&](std::size_t p) {
        return params_[p].sharing != OwnedParameter::Sharing::None && params_[p].sharedCount() > 0;
    };
    std::map<int, std::int64_t> groupOfLevel;
    group_.assign(params_.size(), -1);
    for (std::size_t p = 0; p < params_.size(); ++p)
        if (shared(p) && p < levelOf.size() && levelOf[p] >= 0) groupOfLevel.emplace(levelOf[p], 0);
    if (groupOfLevel.empty()) groupOfLevel.emplace(-1, 0);
    for (auto& [level, index] : groupOfLevel)
        index = groups_++;
    for (std::size_t p = 0; p < params_.size(); ++p) {
        if (!shared(p)) continue;
        const int level = p < levelOf.size() ? levelOf[p] : -1;
        group_[p] = groupOfLevel.count(level) ? groupOfLevel.at(level) : 0;
    }
    active_ = tasks_ >= 2 && std::any_of(group_.begin(), group_.end(), [](int g) { return g >= 0; });
}

void ConflictProbe::sample(const std::vector<torch::Tensor>& losses)
{
    if (!active_) return;
    const auto tg = taskGradients(losses, params_, /*keepGraph=*/true);
    torch::NoGradGuard noGrad;
    rows_ = sharedRows(tg, params_, runs_).to(torch::kFloat64);
    const auto T = static_cast<std::int64_t>(tasks_);
    // Gram matrices of the task gradients per level group: [groups, R, T, T].
    auto gram = torch::zeros({groups_, runs_, T, T}, torch::kFloat64);
    for (std::size_t p = 0; p < params_.size(); ++p) {
        if (group_[p] < 0) continue;
        std::vector<torch::Tensor> rows;
        for (std::size_t t = 0; t < tasks_; ++t)
            rows.push_back(sharedPart(tg[t][p], params_[p], runs_));
        const auto g = torch::stack(rows, 1).to(torch::kFloat64); // [R, T, n]
        gram[group_[p]] += torch::bmm(g, g.transpose(1, 2));
    }
    // Overall first, then the groups (only reported when there are several).
    auto all = torch::cat({gram.sum(0, true), groups_ > 1 ? gram : gram.narrow(0, 0, 0)}, 0); // [1+L, R, T, T]
    auto norms = all.diagonal(0, 2, 3).clamp_min(1e-300).sqrt();                              // [1+L, R, T]
    auto cosine = all / (norms.unsqueeze(3) * norms.unsqueeze(2));
    std::vector<torch::Tensor> pairs;
    for (std::int64_t a = 0; a < T; ++a)
        for (std::int64_t b = a + 1; b < T; ++b)
            pairs.push_back(cosine.select(3, b).select(2, a));       // [1+L, R]
    auto s = torch::stack(pairs, 0).permute({2, 0, 1}).contiguous(); // [R, pairs, 1+L]
    const auto negative = s.select(2, 0).lt(0).to(torch::kFloat64);  // [R, pairs]
    sum_ = sum_.defined() ? sum_ + s : s;
    negative_ = negative_.defined() ? negative_ + negative : negative;
    ++samples_;
}

void ConflictProbe::sampleUpdate()
{
    if (!active_ || !rows_.defined()) return;
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> parts;
    for (const auto& p : params_)
        if (p.sharing != OwnedParameter::Sharing::None)
            parts.push_back(p.param.grad().defined() ? sharedPart(p.param.grad(), p, runs_)
                                                     : torch::zeros({runs_, p.sharedCount()}, p.param.options()));
    const auto update = torch::cat(parts, 1).to(torch::kFloat64);        // [R, P]
    const auto dots = torch::bmm(rows_, update.unsqueeze(2)).squeeze(2); // [R, T]
    const auto norms = rows_.norm(2, 2) * update.norm(2, 1, true);       // [R, T]
    const auto cosine = torch::where(norms > 0, dots / norms.clamp_min(1e-300), torch::zeros_like(dots));
    updateSum_ = updateSum_.defined() ? updateSum_ + cosine : cosine;
    ++updateSamples_;
    rows_ = torch::Tensor();
}

std::vector<std::vector<double>> ConflictProbe::updateCosines() const
{
    std::vector<std::vector<double>> out(static_cast<std::size_t>(runs_));
    if (updateSamples_ == 0) return out;
    const auto mean = (updateSum_ / updateSamples_).contiguous();
    for (std::int64_t r = 0; r < runs_; ++r)
        out[static_cast<std::size_t>(r)].assign(mean.data_ptr<double>() + r * mean.size(1),
                                                mean.data_ptr<double>() + (r + 1) * mean.size(1));
    return out;
}

std::vector<std::vector<GradientCosine>> ConflictProbe::takeEpoch()
{
    std::vector<std::vector<GradientCosine>> out(static_cast<std::size_t>(runs_));
    if (samples_ == 0) {
        updateSum_ = torch::Tensor();
        updateSamples_ = 0;
        return out;
    }
    const auto mean = (sum_ / samples_).contiguous();
    const double* v = mean.data_ptr<double>();
    const auto share = (negative_ / samples_).contiguous();
    const double* n = share.data_ptr<double>();
    const auto pairs = mean.size(1), columns = mean.size(2);
    for (std::int64_t r = 0; r < runs_; ++r) {
        std::int64_t pair = 0;
        for (std::size_t a = 0; a < tasks_; ++a)
            for (std::size_t b = a + 1; b < tasks_; ++b, ++pair) {
                const double* row = v + (r * pairs + pair) * columns;
                GradientCosine c;
                c.taskA = static_cast<int>(a);
                c.taskB = static_cast<int>(b);
                c.cosine = row[0];
                c.levels.assign(row + 1, row + columns);
                c.samples = samples_;
                c.conflictShare = n[r * pairs + pair];
                out[static_cast<std::size_t>(r)].push_back(c);
            }
    }
    sum_ = torch::Tensor();
    negative_ = torch::Tensor();
    samples_ = 0;
    updateSum_ = torch::Tensor();
    updateSamples_ = 0;
    return out;
}

} // namespace mtlx
