#include "core/engine/training/taskgradients.h"

#include "core/spec/spec.h"

namespace mtlx {

TaskGradients taskGradients(const std::vector<torch::Tensor>& losses, const std::vector<OwnedParameter>& params,
                            bool keepGraph)
{
    std::vector<torch::Tensor> tensors;
    for (const auto& p : params)
        tensors.push_back(p.param);
    TaskGradients g;
    for (std::size_t t = 0; t < losses.size(); ++t) {
        if (losses[t].requires_grad())
            g.push_back(torch::autograd::grad({losses[t].sum()}, tensors, {},
                                              /*retain_graph=*/keepGraph || t + 1 < losses.size(),
                                              /*create_graph=*/false, /*allow_unused=*/true));
        else
            g.emplace_back(params.size());
    }
    return g;
}

torch::Tensor sharedPart(const torch::Tensor& grad, const OwnedParameter& owned, std::int64_t runs)
{
    using Sharing = OwnedParameter::Sharing;
    if (owned.sharing == Sharing::None) return torch::zeros({runs, 0}, owned.param.options());
    if (!grad.defined()) return torch::zeros({runs, owned.sharedCount()}, owned.param.options());
    if (owned.sharing == Sharing::All) return grad.reshape({runs, -1});
    return grad.reshape({runs, -1}).index_select(1, owned.sharedElements);
}

// The task's gradient on the shared elements, one row per run [R, P_shared] (zeros where it
// does not reach).
namespace {

torch::Tensor flatShared(const TaskGradients& tg, std::size_t task, const std::vector<OwnedParameter>& params,
                         std::int64_t runs)
{
    std::vector<torch::Tensor> parts;
    for (std::size_t p = 0; p < params.size(); ++p)
        if (params[p].sharing != OwnedParameter::Sharing::None)
            parts.push_back(sharedPart(tg[task][p], params[p], runs));
    if (parts.empty()) return torch::zeros({runs, 0});
    return torch::cat(parts, 1);
}

} // namespace

torch::Tensor sharedRows(const TaskGradients& tg, const std::vector<OwnedParameter>& params, std::int64_t runs)
{
    std::vector<torch::Tensor> rows;
    for (std::size_t t = 0; t < tg.size(); ++t)
        rows.push_back(flatShared(tg, t, params, runs));
    return torch::stack(rows, 1);
}

void assignGradients(const TaskGradients& tg, const torch::Tensor& coef, const std::vector<OwnedParameter>& params,
                     const torch::Tensor& sharedOverride)
{
    using Sharing = OwnedParameter::Sharing;
    torch::NoGradGuard noGrad;
    const auto runs = coef.size(0);
    std::int64_t offset = 0;
    for (std::size_t p = 0; p < params.size(); ++p) {
        const auto& owned = params[p];
        auto param = owned.param;
        std::vector<std::int64_t> perRun(static_cast<std::size_t>(param.dim()), 1);
        perRun[0] = runs;
        torch::Tensor sum;
        if (!(sharedOverride.defined() && owned.sharing == Sharing::All)) {
            for (std::size_t t = 0; t < tg.size(); ++t) {
                const auto& g = tg[t][p];
                if (!g.defined()) continue;
                const auto term = coef.select(1, static_cast<std::int64_t>(t)).view(perRun) * g;
                sum = sum.defined() ? sum + term : term;
            }
        }
        if (sharedOverride.defined() && owned.sharing != Sharing::None) {
            const auto n = owned.sharedCount();
            const auto slice = sharedOverride.narrow(1, offset, n);
            offset += n;
            if (owned.sharing == Sharing::All) {
                sum = slice.reshape(param.sizes());
            } else {
                if (!sum.defined()) sum = torch::zeros_like(param);
                sum = sum.contiguous();
                sum.view({runs, -1}).index_copy_(1, owned.sharedElements, slice);
            }
        }
        auto& grad = param.mutable_grad();
        if (!grad.defined())
            grad = sum.defined() ? sum.clone() : torch::zeros_like(param);
        else if (sum.defined())
            grad.copy_(sum);
        else
            grad.zero_();
    }
}

torch::Tensor lossMatrix(const std::vector<torch::Tensor>& losses)
{
    return torch::stack(losses, 1);
}

std::vector<std::vector<double>> rowsOf(const torch::Tensor& t)
{
    const auto d = t.detach().to(torch::kFloat64).contiguous();
    const double* p = d.data_ptr<double>();
    std::vector<std::vector<double>> rows;
    for (std::int64_t r = 0; r < d.size(0); ++r)
        rows.emplace_back(p + r * d.size(1), p + (r + 1) * d.size(1));
    return rows;
}

torch::Tensor exactMatrix(const std::vector<std::vector<double>>& rows)
{
    std::vector<torch::Tensor> t;
    for (const auto& row : rows)
        t.push_back(torch::tensor(row, torch::kFloat64));
    return torch::stack(t);
}

torch::Tensor matrixOf(const std::vector<std::vector<double>>& rows)
{
    return exactMatrix(rows).to(torch::kFloat32);
}

std::vector<std::vector<double>> gramsOf(const torch::Tensor& grads)
{
    const auto g = grads.to(torch::kFloat64);
    const auto gram = torch::bmm(g, g.transpose(1, 2)).contiguous();
    const auto T = static_cast<std::size_t>(grads.size(1));
    const double* m = gram.data_ptr<double>();
    std::vector<std::vector<double>> out;
    for (std::int64_t r = 0; r < grads.size(0); ++r)
        out.emplace_back(m + static_cast<std::size_t>(r) * T * T, m + static_cast<std::size_t>(r + 1) * T * T);
    return out;
}

torch::Tensor taskWeightMatrix(const std::vector<ExperimentSpec>& runs)
{
    std::vector<torch::Tensor> rows;
    for (const auto& spec : runs)
        rows.push_back(torch::tensor(spec.training.taskWeights, torch::kFloat64).to(torch::kFloat32));
    return torch::stack(rows);
}

void clipSharedNorm(const std::vector<OwnedParameter>& params, std::int64_t runs, double maxNorm)
{
    using Sharing = OwnedParameter::Sharing;
    if (!(maxNorm > 0)) return;
    torch::NoGradGuard noGrad;
    auto squared = torch::zeros({runs}, torch::kFloat64);
    for (const auto& p : params) {
        if (p.sharing == Sharing::None || !p.param.grad().defined()) continue;
        squared += sharedPart(p.param.grad(), p, runs).to(torch::kFloat64).pow(2).sum(1);
    }
    // torch.nn.utils.clip_grad_norm_: scaled by max / (norm + 1e-6) where that is below 1.
    const auto scale = (maxNorm / (squared.sqrt() + 1e-6)).clamp_max(1.0).to(torch::kFloat32);
    for (const auto& p : params) {
        if (p.sharing == Sharing::None || !p.param.grad().defined()) continue;
        auto grad = p.param.mutable_grad().view({runs, -1});
        if (p.sharing == Sharing::All) {
            grad.mul_(scale.unsqueeze(1));
        } else {
            const auto part = grad.index_select(1, p.sharedElements) * scale.unsqueeze(1);
            grad.index_copy_(1, p.sharedElements, part);
        }
    }
}

std::int64_t runsOf(const std::vector<torch::Tensor>& losses)
{
    return losses.empty() ? 1 : losses[0].size(0);
}

} // namespace mtlx
