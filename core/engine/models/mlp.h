#pragma once
// Building blocks of every architecture (docs/models.md notation), for a stack of R runs
// (stacked.h: inputs and outputs [R, B, …]).
//   Mlp(d_in, [h1..hk]): Linear + activation for every entry, the last one included.
//   Tower(d, dims, out): Mlp(d, dims) followed by a plain Linear to `out` logits.
#include <cstdint>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/engine/models/stacked.h"

namespace mtlx {

enum class Activation { Relu, Tanh, Gelu, Silu };
Activation parseActivation(const std::string& key); // a key of activationKeys()
torch::Tensor activate(const torch::Tensor& x, Activation a);

class MlpImpl : public torch::nn::Module {
public:
    MlpImpl(std::int64_t runs, std::int64_t inputSize, std::vector<std::int64_t> dims, Activation activation);
    torch::Tensor forward(torch::Tensor x); // [R, B, in] → [R, B, dims.back()]
    std::int64_t outputSize() const { return outputSize_; }
    // Run r's layers as the reference module's MLP: "PREFIXmlp_net.(2i)" for layer i.
    void referenceTensors(std::int64_t r, const std::string& prefix,
                          std::vector<std::pair<std::string, torch::Tensor>>& out) const;

private:
    std::vector<StackedLinear> layers_;
    Activation activation_;
    std::int64_t outputSize_;
};
TORCH_MODULE(Mlp);

class TowerImpl : public torch::nn::Module {
public:
    TowerImpl(std::int64_t runs, std::int64_t inputSize, const std::vector<std::int64_t>& dims, std::int64_t outputs,
              Activation activation);
    torch::Tensor forward(torch::Tensor z); // logits [R, B, outputs]
    // Run r's tower as the reference module's task module: "PREFIX0.mlp_net.(2i)", "PREFIX1".
    void referenceTensors(std::int64_t r, const std::string& prefix,
                          std::vector<std::pair<std::string, torch::Tensor>>& out) const;

private:
    Mlp hidden_{nullptr};
    StackedLinear out_{nullptr};
};
TORCH_MODULE(Tower);

// Elements of every parameter of `module`, all runs of a stack together.
std::int64_t parameterCount(const torch::nn::Module& module);

// model.init = glorot: every dense and conv weight of `module` Glorot-uniform (Keras's default),
// every bias zero. Learnt mixing weights (NativeExpertLF, cross-stitch α) and embeddings keep
// their own initialisation. Draws from LibTorch's global generator. Dense weights are [R, in,
// out], conv weights [R, out, in, k, k] (stacked.h).
void applyGlorotInit(torch::nn::Module& module);

} // namespace mtlx
