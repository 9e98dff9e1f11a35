#include "core/engine/models/pytorchlayout.h"

namespace mtlx {
namespace {

// Why the reference module has no configuration for this spec ("" when it has one).
std::string unsupported(const ModelSpec& model, const std::vector<TaskInfo>& tasks, bool embeddings)
{
    static const std::vector<std::string> archs{"shared_bottom", "mmoe",     "ml_mmoe", "ple",
                                                "cross_stitch",  "adatt_sp", "adatt"};
    if (std::find(archs.begin(), archs.end(), model.arch) == archs.end())
        return "the reference module has no " + model.arch + " architecture";
    if (model.activation != "relu")
        return "the reference module's MLPs use ReLU only (model.activation is " + model.activation + ")";
    if (!model.conv.empty()) return "the reference module has no conv layers (model.conv)";
    if (embeddings) return "the reference module has no ID embeddings (this data set has ID columns)";
    if (model.towers.empty()) return "the reference module's task modules need one hidden layer (model.towers is [])";
    for (const auto& t : tasks)
        if (t.outputSize() != 1)
            return "the reference module's task modules end in one output; task " + t.name + " has " +
                   std::to_string(t.outputSize());
    // Its PLE takes the shared experts as experts_out[:, -s:], which for s = 0 is every expert.
    if (model.arch == "ple" && model.sharedExperts < 1) return "the reference module's PLE needs a shared expert";
    return {};
}

} // namespace

nlohmann::json ReferenceLayout::toJson() const
{
    return {{"mtl_model", mtlModel},
            {"expert_out_dims", expertOutDims},
            {"num_task_experts", numTaskExperts},
            {"num_shared_experts", numSharedExperts},
            {"self_exp_res_connect", selfExpResConnect},
            {"task_mlp", taskMlp},
            {"num_task", numTask},
            {"input_dim", inputDim},
            {"activation_type", "RELU"}};
}

ReferenceLayout referenceLayout(const ModelSpec& model, const std::vector<TaskInfo>& tasks, std::int64_t inputDim,
                                bool embeddings)
{
    ReferenceLayout layout;
    layout.why = unsupported(model, tasks, embeddings);
    if (!layout.why.empty()) return layout;
    layout.numTask = static_cast<std::int64_t>(tasks.size());
    layout.inputDim = inputDim;
    layout.taskMlp = model.towers;
    layout.expertOutDims = model.expertDims;
    layout.numTaskExperts = model.expertsPerTask;
    layout.numSharedExperts = model.sharedExperts;
    layout.selfExpResConnect = model.nativeExpertLf;
    const bool sharedExperts = model.arch == "adatt" && model.sharedExperts > 0;
    if (model.arch == "shared_bottom") {
        layout.mtlModel = "share_bottom";
        layout.expertOutDims = {model.bottom};
    } else if (model.arch == "mmoe" || model.arch == "ml_mmoe") {
        layout.mtlModel = "mmoe";
        layout.numSharedExperts = model.experts;
    } else if (model.arch == "ple") {
        layout.mtlModel = "ple";
    } else if (model.arch == "cross_stitch") {
        layout.mtlModel = "cross_st";
    } else {
        layout.mtlModel = sharedExperts ? "att_g" : "att_sp";
        if (!sharedExperts) layout.numSharedExperts = 0;
    }
    return layout;
}

std::string pytorchStateDict(MtlModelImpl& model, std::int64_t r, const ReferenceLayout& layout, std::size_t* tensors)
{
    torch::NoGradGuard noGrad;
    NamedTensors named;
    if (layout.why.empty()) {
        TORCH_CHECK(model.referenceTensors(r, named), "the model has no reference layout although its spec has");
    } else {
        for (const auto& p : model.named_parameters())
            named.emplace_back(p.key(), p.value()[r].detach().clone().contiguous());
    }
    c10::Dict<std::string, torch::Tensor> dict;
    for (auto& [name, tensor] : named)
        dict.insert(name, tensor);
    if (tensors) *tensors = named.size();
    const auto bytes = torch::pickle_save(dict);
    return std::string(bytes.begin(), bytes.end());
}

} // namespace mtlx
