#include "core/engine/bench.h"

#include <chrono>

#include "core/engine/data/dataset.h"
#include "core/engine/memory.h"
#include "core/engine/training/trainer.h"
#include "core/spec/specerror.h"

namespace mtlx {
namespace {

// Distinct batches the steps cycle through, so that the row gather touches new memory as in
// training.
constexpr std::int64_t kPoolBatches = 4;

// The shape of one example and the embedded ID columns, as the data set would give them.
InputInfo inputOf(const ExperimentSpec& spec)
{
    if (auto shape = inputShapeFromSpec(spec.dataset); !shape.empty()) return InputInfo{shape, {}, 0};
    const Dataset d = loadDataset(spec.dataset);
    return InputInfo{d.inputShape, d.embeddings, d.embeddingDim};
}

Split randomSplit(const InputInfo& input, const std::vector<TaskInfo>& tasks, std::int64_t rows)
{
    Split s;
    std::vector<std::int64_t> shape{rows};
    shape.insert(shape.end(), input.shape.begin(), input.shape.end());
    s.x = torch::randn(shape);
    // Embedded ID columns hold valid IDs.
    for (std::size_t i = 0; i < input.embeddings.size(); ++i)
        s.x.select(1, static_cast<std::int64_t>(i))
            .copy_(torch::randint(input.embeddings[i], {rows}).to(torch::kFloat32));
    for (const auto& t : tasks) {
        if (t.kind == TaskKind::Binary)
            s.y.push_back(torch::randint(2, {rows}).to(torch::kFloat32));
        else if (t.kind == TaskKind::Multiclass)
            s.y.push_back(torch::randint(t.classes, {rows}, torch::kInt64));
        else
            s.y.push_back(torch::randn({rows}));
        s.mask.emplace_back();
    }
    return s;
}

BenchResult timeSteps(const ExperimentSpec& spec, Dataset& data, const BenchOptions& options, BenchResult r);

} // namespace

BenchResult benchmarkTraining(const ExperimentSpec& spec, const BenchOptions& options)
{
    BenchResult r;
    r.threads = intraOpThreads(options.threads > 0 ? options.threads : spec.training.threads);
    torch::set_num_threads(r.threads);
    r.batch = spec.training.batchSize;
    r.steps = options.steps;

    Dataset data;
    const InputInfo input = inputOf(spec);
    requireMemory(estimateRunMemory(spec, shapeSize(input.shape), r.batch * kPoolBatches), spec, "the benchmark");
    data.tasks = spec.tasks();
    data.inputShape = input.shape;
    data.embeddings = input.embeddings;
    data.embeddingDim = input.embeddingDim;
    torch::manual_seed(spec.training.seed);
    data.train = randomSplit(input, data.tasks, r.batch * kPoolBatches);
    data.validation = data.train.head(1);
    data.test = data.train.head(1);

    try {
        return timeSteps(spec, data, options, r);
    } catch (...) {
        rethrowAsInputError(spec);
    }
}

namespace {

BenchResult timeSteps(const ExperimentSpec& spec, Dataset& data, const BenchOptions& options, BenchResult r)
{
    Trainer trainer(spec, data);
    r.params = trainer.model()->parameterCounts();
    trainer.model()->train();
    const auto pool = data.train.size();
    torch::Tensor order;
    auto batchAt = [&](int i) {
        const auto b = i % kPoolBatches;
        if (b == 0) order = torch::randperm(pool);
        return data.train.rows(order.narrow(0, b * r.batch, r.batch));
    };
    int i = 0;
    for (; i < options.warmup; ++i)
        trainer.step(batchAt(i));
    const auto start = std::chrono::steady_clock::now();
    for (int s = 0; s < options.steps; ++s, ++i) {
        const auto outcome = trainer.step(batchAt(i));
        if (outcome.badTask >= 0)
            throw InputError("bench: the loss of task '" + data.tasks[static_cast<std::size_t>(outcome.badTask)].name +
                             "' became non-finite at step " + std::to_string(s + 1) + "; try a lower learning rate");
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.examplesPerSecond = r.seconds > 0 ? static_cast<double>(r.batch) * r.steps / r.seconds : 0;
    return r;
}

} // namespace

nlohmann::json benchToJson(const BenchResult& r)
{
    return nlohmann::json{{"examples_per_second", r.examplesPerSecond},
                          {"params", {{"training", r.params.training}, {"serving", r.params.serving}}},
                          {"batch", r.batch},
                          {"steps", r.steps},
                          {"threads", r.threads},
                          {"seconds", r.seconds}};
}

} // namespace mtlx
