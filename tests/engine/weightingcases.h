#pragma once
// Small cases for the weighting methods' tests (tst_weighting, tst_methods): one run's spec,
// parameters of one run declared shared or owned, losses of one run.
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/engine/models/ownership.h"
#include "core/spec/spec.h"

namespace weightingcases {

// One run's spec (a stack of one).
inline std::vector<mtlx::ExperimentSpec> specWith(const std::string& weighting,
                                                  nlohmann::json training = nlohmann::json::object())
{
    training["weighting"] = weighting;
    return {mtlx::experimentFromJson(nlohmann::json{{"training", training}})};
}

// A parameter of one run: a leading run dimension of 1.
inline torch::Tensor param(std::vector<std::int64_t> shape, double value = 0.0)
{
    shape.insert(shape.begin(), 1);
    return torch::full(shape, value, torch::requires_grad());
}

// One run's loss as a [1] tensor.
inline torch::Tensor one(const torch::Tensor& scalar)
{
    return scalar.reshape({1});
}

inline std::vector<mtlx::TaskInfo> tasks(std::initializer_list<mtlx::TaskKind> kinds)
{
    std::vector<mtlx::TaskInfo> t;
    for (auto k : kinds)
        t.push_back({"t" + std::to_string(t.size()), k, k == mtlx::TaskKind::Multiclass ? 3 : 0});
    return t;
}

// Parameters with who they serve: kSharedOwner or a task index, declared as a model would.
inline std::vector<mtlx::OwnedParameter> owned(std::initializer_list<std::pair<torch::Tensor, int>> params)
{
    mtlx::ParameterOwners owners;
    std::vector<torch::Tensor> tensors;
    for (const auto& [p, owner] : params) {
        if (owner != mtlx::kSharedOwner) owners.own(p, owner);
        tensors.push_back(p);
    }
    return owners.resolve(tensors);
}

} // namespace weightingcases
