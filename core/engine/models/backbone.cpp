#include "core/engine/models/backbone.h"

#include "core/engine/models/adatt.h"
#include "core/engine/models/crossstitch.h"
#include "core/engine/models/mmoe.h"
#include "core/engine/models/ple.h"
#include "core/engine/models/sharedbottom.h"
#include "core/spec/specerror.h"

namespace mtlx {

std::shared_ptr<BackboneImpl> makeBackbone(const ModelSpec& spec, std::int64_t inputSize,
                                           const std::vector<TaskInfo>& tasks, std::int64_t runs)
{
    return makeBackbone(spec, std::vector<std::int64_t>{inputSize}, tasks, runs);
}

std::shared_ptr<BackboneImpl> makeBackbone(const ModelSpec& spec, const std::vector<std::int64_t>& inputShape,
                                           const std::vector<TaskInfo>& tasks, std::int64_t runs,
                                           ConditionInput condition)
{
    if (spec.arch == "shared_bottom")
        return std::make_shared<SharedBottomImpl>(runs, inputShape, spec, tasks.size(), condition);
    if (spec.arch == "single_task")
        return std::make_shared<SingleTaskImpl>(runs, inputShape, spec, tasks.size(), condition);
    std::int64_t flat = 1;
    for (auto d : inputShape)
        flat *= d;
    const std::int64_t inputSize = flat + condition.size;
    if (spec.arch == "mmoe" || spec.arch == "ml_mmoe")
        return std::make_shared<MlMmoeImpl>(runs, inputSize, spec, tasks);
    if (spec.arch == "ple") return std::make_shared<PleImpl>(runs, inputSize, spec, tasks);
    if (spec.arch == "cross_stitch") return std::make_shared<CrossStitchImpl>(runs, inputSize, spec, tasks);
    if (spec.arch == "adatt_sp") return std::make_shared<AdattImpl>(runs, inputSize, spec, 0, tasks);
    if (spec.arch == "adatt") return std::make_shared<AdattImpl>(runs, inputSize, spec, spec.sharedExperts, tasks);
    throw SpecError("model.arch", "'" + spec.arch + "' has no implementation");
}

} // namespace mtlx
