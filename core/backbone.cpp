#include "core/backbone.h"

#include "core/sharedbottom.h"
#include "core/specerror.h"

namespace mtlx {

std::shared_ptr<BackboneImpl> makeBackbone(const ModelSpec& spec, std::int64_t inputSize,
                                           const std::vector<TaskInfo>& tasks)
{
    const auto activation = parseActivation(spec.activation);
    if (spec.arch == "shared_bottom")
        return std::make_shared<SharedBottomImpl>(inputSize, spec.bottom, activation, tasks.size());
    if (spec.arch == "single_task")
        return std::make_shared<SingleTaskImpl>(inputSize, spec.bottom, activation, tasks.size());
    throw SpecError("model.arch", "'" + spec.arch + "' has no implementation");
}

}  // namespace mtlx
