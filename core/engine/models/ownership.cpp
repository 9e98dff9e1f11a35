#include "core/engine/models/ownership.h"

namespace mtlx {

torch::Tensor& ParameterOwners::ownersOf(const torch::Tensor& param)
{
    auto [it, inserted] = owners_.try_emplace(param.unsafeGetTensorImpl());
    if (inserted) it->second = torch::full(param.sizes().slice(1), kSharedOwner, torch::kInt32);
    return it->second;
}

void ParameterOwners::own(const torch::Tensor& param, int task)
{
    ownersOf(param).fill_(task);
}

void ParameterOwners::ownSlice(const torch::Tensor& param, std::int64_t dim, std::int64_t start, std::int64_t length,
                               int task)
{
    ownersOf(param).narrow(dim, start, length).fill_(task);
}

std::vector<OwnedParameter> ParameterOwners::resolve(const std::vector<torch::Tensor>& params) const
{
    std::vector<OwnedParameter> out;
    for (const auto& p : params) {
        OwnedParameter o{p, OwnedParameter::Sharing::All, {}};
        const auto it = owners_.find(p.unsafeGetTensorImpl());
        if (it != owners_.end()) {
            const auto shared = torch::nonzero(it->second.reshape(-1) == kSharedOwner).reshape(-1);
            if (shared.numel() == 0)
                o.sharing = OwnedParameter::Sharing::None;
            else if (shared.numel() < it->second.numel())
                o.sharing = OwnedParameter::Sharing::Part, o.sharedElements = shared;
        }
        out.push_back(o);
    }
    return out;
}

std::int64_t OwnedParameter::sharedCount() const
{
    switch (sharing) {
    case Sharing::All:
        return param.numel() / param.size(0);
    case Sharing::None:
        return 0;
    case Sharing::Part:
        return sharedElements.numel();
    }
    return 0;
}

std::vector<OwnedParameter> sharedParameters(const std::vector<torch::Tensor>& params)
{
    std::vector<OwnedParameter> out;
    for (const auto& p : params)
        out.push_back(OwnedParameter{p, OwnedParameter::Sharing::All, {}});
    return out;
}

} // namespace mtlx
