#pragma once
// What a data set holds (mtlx-cli data, the window's Data summary): the splits' sizes, the input,
// each task's labels on each split and what every feature column became. Torch-free: the window
// and the command line read it.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/spec/spec.h"

namespace mtlx {

// Called while data load: what is being read ("census-income.data.gz") and 0…1 of it.
using LoadProgress = std::function<void(const std::string& what, double fraction)>;

// One column of a tabular data set as the model sees it.
struct FeatureColumn {
    std::string name;
    std::string encoding;   // "one-hot, 9 values", "min-max: (x - 0) / 90", "as it is", …
    std::int64_t width = 1; // input features it fills
};

// A task's labels on one split: the positive rate (binary), the share of each class
// (multi-class) or the mean and standard deviation (regression), over the rows that count (the
// task's mask).
struct LabelSummary {
    std::int64_t rows = 0;
    double positiveRate = 0, mean = 0, sd = 0;
    std::vector<double> classShares;
};

struct TaskDataSummary {
    TaskInfo task;
    LabelSummary train, validation, test;
};

struct DataSummary {
    std::string kind;
    std::int64_t train = 0, validation = 0, test = 0;
    std::vector<std::int64_t> inputShape;
    std::int64_t inputWidth = 0;
    std::vector<std::int64_t> embeddings; // cardinalities of the leading ID columns (MovieLens)
    std::vector<TaskDataSummary> tasks;
    std::vector<FeatureColumn> features; // tabular data only
};

// Loads the data set of `spec` (limit_train / limit_test applied) and summarises it; throws
// InputError as loading does.
DataSummary summariseData(const DatasetSpec& spec, const LoadProgress& progress = {});
nlohmann::json toJson(const DataSummary& s);
// The summary as text lines, for the terminal and the window.
std::vector<std::string> describe(const DataSummary& s);

} // namespace mtlx
