#pragma once
// Layers of a stack of runs. A model holds R runs at once (docs/performance.md, "Stacked
// sweeps"): every parameter has a leading run dimension R and every activation is [R, B, …], run
// r reading only run r's parameters. A single run is a stack of one. Runs of a sweep differ only
// in task weights and seed, so R of them train together at about the operation count of one:
// a Linear is one batched product over R, a convolution one call per run, and the
// optimizer's element-wise update is R separate optimisers in one call.
//
// Initialisation draws from LibTorch's global generator, one run after another, like the
// torch::nn layer each one stands for; a stack of several runs copies each run's numbers from a
// model of one run built with that run's seed (MtlModelImpl::copyRun), so that a run starts
// from the same weights alone and in a stack.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <torch/torch.h>

namespace mtlx {

// x [R, B, in] · w [R, in, out] + b [R, out] → [R, B, out]. One run is one plain product (on
// CPU faster than a batched product of one); views only, so its backward copies nothing.
torch::Tensor stackedLinear(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b);

// R runs' weights [R, in, out] and biases [R, out], each run drawn like torch::nn::Linear(in,
// out): its weight [out, in] then its bias, both U(±1/√in).
std::pair<torch::Tensor, torch::Tensor> linearInit(std::int64_t runs, std::int64_t in, std::int64_t out);

// torch::nn::Linear for a stack: weight [R, in, out], bias [R, out].
class StackedLinearImpl : public torch::nn::Module {
public:
    StackedLinearImpl(std::int64_t runs, std::int64_t inputSize, std::int64_t outputSize);
    torch::Tensor forward(const torch::Tensor& x) { return stackedLinear(x, weight, bias); } // [R, B, in]
    torch::Tensor weight, bias;
};
TORCH_MODULE(StackedLinear);

// torch::nn::Conv2d (k×k, stride 1, no padding) for a stack, one convolution per run: weight
// [R, out, in, k, k], bias [R, out]. Images travel as [B, R·channels, H, W] (run-major channels).
class StackedConv2dImpl : public torch::nn::Module {
public:
    StackedConv2dImpl(std::int64_t runs, std::int64_t inChannels, std::int64_t outChannels, std::int64_t kernel);
    torch::Tensor forward(const torch::Tensor& x); // [B, R·in, H, W] → [B, R·out, H−k+1, W−k+1]
    torch::Tensor weight, bias;
};
TORCH_MODULE(StackedConv2d);

// torch::nn::Embedding for a stack: weight [R, V, D], each run N(0, 1).
class StackedEmbeddingImpl : public torch::nn::Module {
public:
    StackedEmbeddingImpl(std::int64_t runs, std::int64_t count, std::int64_t dim);
    torch::Tensor forward(const torch::Tensor& ids); // int64 [R, B] → [R, B, D]
    torch::Tensor weight;
};
TORCH_MODULE(StackedEmbedding);

// Run r's part of a stacked Linear (weight [R, in, out], bias [R, out]), output columns from …
// from + count − 1 (count −1: all), as PyTorch's Linear holds it: "NAME.weight" [count, in] and
// "NAME.bias" [count].
void addTorchLinear(std::vector<std::pair<std::string, torch::Tensor>>& out, const std::string& name,
                    const torch::Tensor& weight, const torch::Tensor& bias, std::int64_t r, std::int64_t from = 0,
                    std::int64_t count = -1);

// The number of runs of a parameter or activation: its leading dimension.
inline std::int64_t runsOf(const torch::Tensor& t)
{
    return t.size(0);
}

} // namespace mtlx
