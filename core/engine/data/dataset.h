#pragma once
// In-memory data sets: float features, one label tensor per task, optional per-task masks,
// and fixed train / validation / test splits. Core-internal (uses torch).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/engine/datasummary.h"
#include "core/spec/spec.h"

namespace mtlx {

// The rows that the runs of a stack (models/stacked.h) train on in one step, each run its own.
struct Batch {
    torch::Tensor x;                 // [R, B, ...input shape]
    std::vector<torch::Tensor> y;    // per task [R, B]
    std::vector<torch::Tensor> mask; // per task [R, B], or undefined
};

struct Split {
    torch::Tensor x;                 // [N, ...input shape], float32
    std::vector<torch::Tensor> y;    // per task: float32 [N] (binary 0/1, regression) or int64 [N] (multiclass)
    std::vector<torch::Tensor> mask; // per task: undefined (all rows count) or float32 [N] of 0/1

    std::int64_t size() const { return x.defined() ? x.size(0) : 0; }
    Split rows(const torch::Tensor& index) const;   // the rows at `index` (int64), same tasks
    Split head(std::int64_t n) const;               // the first min(n, size) rows
    Batch gather(const torch::Tensor& index) const; // run r's row b is row index[r, b] (int64 [R, B])
};

struct Dataset {
    std::vector<TaskInfo> tasks;
    std::vector<std::int64_t> inputShape; // shape of one example, e.g. {200} or {1, 32, 32}
    // The first embeddings.size() input columns are integer IDs (users, movies) that the model
    // maps through learnt embeddings of embeddingDim; embeddings[i] is column i's cardinality.
    std::vector<std::int64_t> embeddings;
    std::int64_t embeddingDim = 0;
    Split train, validation, test;
    std::vector<FeatureColumn> features; // tabular data: what each input column is (else empty)

    std::int64_t inputSize() const; // product of inputShape
};

// Side of the MultiMNIST / MultiFashion canvas: two 32×32 frames overlapping with a stride of 4.
constexpr std::int64_t kMultiImageSide = 36;

// The shape of one example when the spec alone tells it (generated and image data); empty
// when it depends on the data files.
std::vector<std::int64_t> inputShapeFromSpec(const DatasetSpec& spec);
// The number of features of a shape (1 for an empty one).
std::int64_t shapeSize(const std::vector<std::int64_t>& shape);

// Builds the data set a spec describes, applying limit_train / limit_test.
// Throws InputError (naming the file and line) when data cannot be read.
Dataset loadDataset(const DatasetSpec& spec, const LoadProgress& progress = {});

} // namespace mtlx
