#include "core/engine/training/optimizer.h"

#include <cmath>

#include <ATen/Parallel.h>

#include "core/engine/training/sumstep.h"
#include "core/engine/training/updates.h"

namespace mtlx {
namespace {

// Elements per task of the parallel loops: small models update on one thread.
constexpr std::int64_t kGrain = 1 << 16;

} // namespace

bool stepAsOnTheSum(TrainingSpec& training, std::size_t tasks)
{
    const auto T = static_cast<double>(tasks);
    if (training.optimizer == "sgd") {
        training.lr *= T;
        training.weightDecay /= T;
        return true;
    }
    if (training.optimizer == "adamw" || training.weightDecay == 0) return false;
    training.weightDecay /= T; // adam, adagrad
    return true;
}

FlatParameters::FlatParameters(const std::vector<torch::Tensor>& params)
{
    std::int64_t total = 0;
    for (const auto& p : params) {
        TORCH_CHECK(p.scalar_type() == torch::kFloat32, "FlatParameters: float32 parameters only");
        runs_ = p.size(0);
        slots_.push_back(Slot{total, p.numel() / runs_});
        total += p.numel();
    }
    for (const auto& p : params)
        TORCH_CHECK(p.size(0) == runs_, "FlatParameters: every parameter needs the same run dimension");
    values_ = torch::empty({total});
    grads_ = torch::zeros({total});
    torch::NoGradGuard noGrad;
    for (std::size_t i = 0; i < params.size(); ++i) {
        auto p = params[i];
        const auto offset = slots_[i].offset;
        const auto sizes = p.sizes().vec();
        std::vector<std::int64_t> strides(sizes.size(), 1);
        for (std::size_t d = sizes.size(); d-- > 1;)
            strides[d - 1] = strides[d] * sizes[d];
        values_.narrow(0, offset, p.numel()).copy_(p.reshape(-1));
        // The same tensor (modules keep theirs) now reads the buffer; its gradient is a view of
        // the gradient buffer, so that backward accumulates there in place.
        p.set_(values_.storage(), offset, sizes, strides);
        p.mutable_grad() = grads_.narrow(0, offset, p.numel()).view(sizes);
    }
}

void FlatParameters::zeroRun(torch::Tensor& buffer, std::int64_t r) const
{
    for (const auto& s : slots_)
        buffer.narrow(0, s.offset + r * s.numel, s.numel).zero_();
}

void FlatParameters::copyRun(const torch::Tensor& from, torch::Tensor& to, std::int64_t r) const
{
    torch::NoGradGuard noGrad;
    for (const auto& s : slots_)
        to.narrow(0, s.offset + r * s.numel, s.numel).copy_(from.narrow(0, s.offset + r * s.numel, s.numel));
}

std::vector<bool> FlatParameters::finiteRuns() const
{
    torch::NoGradGuard noGrad;
    auto finite = torch::ones({runs_}, torch::kBool);
    for (const auto& s : slots_)
        finite &= torch::isfinite(values_.narrow(0, s.offset, s.numel * runs_).view({runs_, s.numel})).all(1);
    std::vector<bool> out;
    const auto f = finite.contiguous();
    for (std::int64_t r = 0; r < runs_; ++r)
        out.push_back(f[r].item<bool>());
    return out;
}

FlatOptimizer::FlatOptimizer(const TrainingSpec& spec, FlatParameters& params)
    : kind_(spec.optimizer == "sgd"       ? Kind::Sgd
            : spec.optimizer == "adagrad" ? Kind::Adagrad
            : spec.optimizer == "adamw"   ? Kind::AdamW
                                          : Kind::Adam),
      params_(params), lr_(static_cast<float>(spec.lr)), momentum_(static_cast<float>(spec.momentum)),
      weightDecay_(static_cast<float>(spec.weightDecay))
{
    first_ = torch::zeros_like(params.values());
    if (kind_ == Kind::Adam || kind_ == Kind::AdamW) second_ = torch::zeros_like(params.values());
}

void FlatOptimizer::step()
{
    ++steps_;
    float* p = params_.values().data_ptr<float>();
    const float* g = params_.grads().data_ptr<float>();
    float* a = first_.data_ptr<float>();
    const auto n = params_.values().numel();
    switch (kind_) {
    case Kind::Adam:
    case Kind::AdamW: {
        float* b = second_.data_ptr<float>();
        const auto t = static_cast<double>(steps_);
        updates::Adam adam;
        adam.lr = static_cast<float>(lr_ / (1 - std::pow(0.9, t)));
        adam.correction2 = static_cast<float>(std::sqrt(1 - std::pow(0.999, t)));
        if (kind_ == Kind::AdamW)
            adam.keep = 1 - lr_ * weightDecay_;
        else
            adam.l2 = weightDecay_;
        at::parallel_for(0, n, kGrain,
                         [&](std::int64_t begin, std::int64_t end) { updates::adam(adam, p, g, a, b, begin, end); });
        break;
    }
    case Kind::Sgd:
        at::parallel_for(0, n, kGrain, [&](std::int64_t begin, std::int64_t end) {
            updates::sgd(lr_, momentum_, weightDecay_, p, g, a, begin, end);
        });
        break;
    case Kind::Adagrad:
        at::parallel_for(0, n, kGrain, [&](std::int64_t begin, std::int64_t end) {
            updates::adagrad(lr_, 1e-10f, weightDecay_, p, g, a, begin, end);
        });
        break;
    }
}

void FlatOptimizer::resetRun(std::int64_t r)
{
    params_.zeroRun(first_, r);
    if (second_.defined()) params_.zeroRun(second_, r);
}

void FlatOptimizer::saveState(torch::serialize::OutputArchive& archive) const
{
    archive.write("optimizer_steps", torch::tensor(steps_));
    if (first_.defined()) archive.write("optimizer_first", first_);
    if (second_.defined()) archive.write("optimizer_second", second_);
}

void FlatOptimizer::loadState(torch::serialize::InputArchive& archive)
{
    torch::NoGradGuard noGrad;
    torch::Tensor steps, first, second;
    archive.read("optimizer_steps", steps);
    steps_ = steps.item<std::int64_t>();
    if (archive.try_read("optimizer_first", first)) first_.copy_(first);
    if (archive.try_read("optimizer_second", second)) second_.copy_(second);
}

} // namespace mtlx
