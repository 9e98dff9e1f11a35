#pragma once
// A trained run's weights as bytes (the model.pt of a run folder, docs/results.md): LibTorch's
// archive of every parameter of the run, by its name in the model, without the stack's run
// dimension. Core-internal (uses torch).
#include <cstdint>
#include <string>

#include "core/engine/models/mtlmodel.h"

namespace mtlx {

// LibTorch's archive in `bytes`; InputError "SOURCE: not a WHAT of this program" when it is none.
torch::serialize::InputArchive readArchive(const std::string& bytes, const std::string& source,
                                           const std::string& what);
// Run r of the stack `model`.
std::string saveRunWeights(MtlModelImpl& model, std::int64_t r);
// Into every run of `model` (a model built from the same spec): the weights saveRunWeights wrote.
// Throws InputError naming `source` and the parameter that is missing or has another shape.
void loadRunWeights(MtlModelImpl& model, const std::string& bytes, const std::string& source);

} // namespace mtlx
