#pragma once
// Exporting a run's model for PyTorch (mtlx-cli export, docs/models.md "Export to PyTorch").
// For the architectures that the AdaTT authors' reference module defines (its CentralTaskArch
// over AdaTTSp, AdaTTWSharedExps, MLMMoE, PLE, CrossStitch and SharedBottom), the state_dict has
// exactly that module's keys and shapes, so that its load_state_dict(strict=True) takes it;
// other models keep the program's own parameter names. Core-internal (uses torch).
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/engine/models/mtlmodel.h"

namespace mtlx {

// The reference module's configuration that has the same parameters as a spec.
struct ReferenceLayout {
    std::string why;      // empty when there is one; else why not (one line)
    std::string mtlModel; // att_sp | att_g | ple | cross_st | mmoe | share_bottom
    std::vector<std::vector<std::int64_t>> expertOutDims;
    std::int64_t numTaskExperts = 1, numSharedExperts = 1;
    bool selfExpResConnect = true;
    std::vector<std::int64_t> taskMlp;
    std::int64_t numTask = 0, inputDim = 0;
    // {mtl_model, expert_out_dims, num_task_experts, num_shared_experts, self_exp_res_connect,
    //  task_mlp, num_task, input_dim, activation_type}: the module's MtlConfigs, ArchInputs and
    // input_dim.
    nlohmann::json toJson() const;
};

// `inputDim`: the model's input width; `embeddings`: whether the data has ID columns.
ReferenceLayout referenceLayout(const ModelSpec& model, const std::vector<TaskInfo>& tasks, std::int64_t inputDim,
                                bool embeddings);

// Run r's weights as the bytes of a torch.save file holding a dict of tensors: with `layout`'s
// keys and PyTorch's shapes when layout.why is empty, else the program's parameter names.
std::string pytorchStateDict(MtlModelImpl& model, std::int64_t r, const ReferenceLayout& layout,
                             std::size_t* tensors = nullptr);

} // namespace mtlx
