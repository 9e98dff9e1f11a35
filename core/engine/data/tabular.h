#pragma once
// What the file readers of data/ share (engine-internal): tables turned into feature matrices
// (one-hot categories and standardised or min-max scaled numbers, fitted on the train rows
// only), binary labels,
// seeded row orders, and progress reports naming the file read.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include <torch/torch.h>

#include "core/engine/data/dataset.h"
#include "core/engine/data/table.h"

namespace mtlx {

// Streams of the data seed used by the readers (synthetic data use 1…29).
constexpr std::uint64_t kTrainOrder = 100, kHoldoutOrder = 101, kPairTrain = 200, kPairValidation = 201,
                        kPairTest = 202, kNegatives = 300, kRowOrder = 301;

// n, or the first `limit` of them (limit_train / limit_test; 0 = all).
std::int64_t limited(std::int64_t n, std::int64_t limit);
std::vector<std::int64_t> permutation(std::int64_t n, std::uint64_t seed, std::uint64_t stream);
std::vector<std::int64_t> range(std::int64_t from, std::int64_t to);
std::string baseName(const std::string& path);
// The loader's progress for one file, as a table reader's callback.
std::function<void(double)> reporter(const LoadProgress& progress, const std::string& path);
torch::Tensor floatTensor(std::vector<float>& v, std::vector<std::int64_t> shape);

// How a numeric column enters the features: (v − mean) / sd or (v − min) / (max − min).
enum class Scaling { Standard, MinMax };

struct Features {
    std::vector<std::size_t> numeric, categorical; // column indices
    std::vector<Scaling> scaling;                  // per numeric column; missing: Standard
    std::vector<std::string> names;                // by column index, for errors
    Scaling scalingOf(std::size_t k) const { return k < scaling.size() ? scaling[k] : Scaling::Standard; }
};

// One-hot dictionaries and scaling statistics, fitted on the train rows only.
struct Encoding {
    std::vector<double> offset, scale;                                // per numeric column: (v − offset) / scale
    std::vector<std::unordered_map<std::string, std::int64_t>> slots; // per categorical column
    std::int64_t width = 0;
};

Encoding fitEncoding(const Table& t, const Features& f, const std::vector<std::int64_t>& rows);
// Encodes rows of a table (which may be another file than the one fitted: values are matched by
// string; a category never seen in train encodes as all zeros).
torch::Tensor encode(const Table& t, const Features& f, const Encoding& e, const std::vector<std::int64_t>& rows);
// What each feature column became (mtlx-cli data): its name, encoding and width, in input order.
std::vector<FeatureColumn> describeEncoding(const Features& f, const Encoding& e);
// A binary label: 1 where the column's value is one of `positives`.
torch::Tensor binaryLabel(const Table& t, std::size_t column, const std::vector<std::string>& positives,
                          const std::vector<std::int64_t>& rows);

} // namespace mtlx
