#pragma once
// Building blocks of every architecture (docs/models.md notation).
//   Mlp(d_in, [h1..hk]): Linear + activation for every entry, the last one included.
//   Tower(d, dims, out): Mlp(d, dims) followed by a plain Linear to `out` logits.
#include <cstdint>
#include <string>
#include <vector>

#include <torch/torch.h>

namespace mtlx {

enum class Activation { Relu, Tanh, Gelu, Silu };
Activation parseActivation(const std::string& key); // a key of activationKeys()
torch::Tensor activate(const torch::Tensor& x, Activation a);

class MlpImpl : public torch::nn::Module {
public:
    MlpImpl(std::int64_t inputSize, std::vector<std::int64_t> dims, Activation activation);
    torch::Tensor forward(torch::Tensor x);
    std::int64_t outputSize() const { return outputSize_; }

private:
    std::vector<torch::nn::Linear> layers_;
    Activation activation_;
    std::int64_t outputSize_;
};
TORCH_MODULE(Mlp);

class TowerImpl : public torch::nn::Module {
public:
    TowerImpl(std::int64_t inputSize, const std::vector<std::int64_t>& dims, std::int64_t outputs,
              Activation activation);
    torch::Tensor forward(torch::Tensor z); // logits [B, outputs]

private:
    Mlp hidden_{nullptr};
    torch::nn::Linear out_{nullptr};
};
TORCH_MODULE(Tower);

std::int64_t parameterCount(const torch::nn::Module& module);

// model.init = glorot: every dense and conv weight of `module` Glorot-uniform (Keras's default),
// every bias zero. Learnt mixing weights (NativeExpertLF, cross-stitch α) and embeddings keep
// their own initialisation. Draws from LibTorch's global generator.
void applyGlorotInit(torch::nn::Module& module);

} // namespace mtlx
