#include "core/engine/models/mlp.h"

#include <cmath>

#include "core/spec/specerror.h"

namespace mtlx {

Activation parseActivation(const std::string& key)
{
    if (key == "relu") return Activation::Relu;
    if (key == "tanh") return Activation::Tanh;
    if (key == "gelu") return Activation::Gelu;
    if (key == "silu") return Activation::Silu;
    throw SpecError("model.activation", "'" + key + "' is not a known activation");
}

torch::Tensor activate(const torch::Tensor& x, Activation a)
{
    switch (a) {
    case Activation::Relu:
        return torch::relu(x);
    case Activation::Tanh:
        return torch::tanh(x);
    case Activation::Gelu:
        return torch::gelu(x);
    case Activation::Silu:
        return torch::silu(x);
    }
    return x;
}

MlpImpl::MlpImpl(std::int64_t runs, std::int64_t inputSize, std::vector<std::int64_t> dims, Activation activation)
    : activation_(activation), outputSize_(inputSize)
{
    for (std::size_t i = 0; i < dims.size(); ++i) {
        layers_.push_back(register_module("linear" + std::to_string(i), StackedLinear(runs, outputSize_, dims[i])));
        outputSize_ = dims[i];
    }
}

torch::Tensor MlpImpl::forward(torch::Tensor x)
{
    for (auto& layer : layers_)
        x = activate(layer->forward(x), activation_);
    return x;
}

void MlpImpl::referenceTensors(std::int64_t r, const std::string& prefix,
                               std::vector<std::pair<std::string, torch::Tensor>>& out) const
{
    for (std::size_t i = 0; i < layers_.size(); ++i)
        addTorchLinear(out, prefix + "mlp_net." + std::to_string(2 * i), layers_[i]->weight, layers_[i]->bias, r);
}

TowerImpl::TowerImpl(std::int64_t runs, std::int64_t inputSize, const std::vector<std::int64_t>& dims,
                     std::int64_t outputs, Activation activation)
{
    hidden_ = register_module("hidden", Mlp(runs, inputSize, dims, activation));
    out_ = register_module("out", StackedLinear(runs, hidden_->outputSize(), outputs));
}

torch::Tensor TowerImpl::forward(torch::Tensor z)
{
    return out_->forward(hidden_->forward(z));
}

void TowerImpl::referenceTensors(std::int64_t r, const std::string& prefix,
                                 std::vector<std::pair<std::string, torch::Tensor>>& out) const
{
    hidden_->referenceTensors(r, prefix + "0.", out);
    addTorchLinear(out, prefix + "1", out_->weight, out_->bias, r);
}

void applyGlorotInit(torch::nn::Module& module)
{
    torch::NoGradGuard noGrad;
    for (const auto& p : module.named_parameters()) {
        const auto& name = p.key();
        auto tensor = p.value();
        // The last part of the name says what the tensor is: "weight", "weight0", "expert3_bias1".
        const auto leaf = name.substr(name.rfind('.') + 1);
        if (name.find("embedding") != std::string::npos || leaf.find("native_expert_lf") != std::string::npos ||
            leaf.find("cross_stitch") != std::string::npos)
            continue;
        if (leaf.find("bias") != std::string::npos) {
            tensor.zero_();
        } else if (leaf.find("weight") != std::string::npos && (tensor.dim() == 3 || tensor.dim() == 5)) {
            // Dense [R, in, out]; conv [R, out, in, k, k] with fans in·k² and out·k².
            const bool conv = tensor.dim() == 5;
            const auto field = conv ? tensor.size(3) * tensor.size(4) : 1;
            const auto fanIn = (conv ? tensor.size(2) : tensor.size(1)) * field;
            const auto fanOut = (conv ? tensor.size(1) : tensor.size(2)) * field;
            const double bound = std::sqrt(6.0 / static_cast<double>(fanIn + fanOut));
            tensor.uniform_(-bound, bound);
        }
    }
}

std::int64_t parameterCount(const torch::nn::Module& module)
{
    std::int64_t n = 0;
    for (const auto& p : module.parameters())
        n += p.numel();
    return n;
}

} // namespace mtlx
