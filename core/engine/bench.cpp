#include "core/engine/bench.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <thread>

#include "core/engine/data/dataset.h"
#include "core/engine/memory.h"
#include "core/engine/sweep.h"
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
    useComputeThreads(r.threads);
    r.batch = spec.training.batchSize;
    r.steps = options.steps;
    r.stack = options.stack;
    if (options.stack < 1 || options.stack > kMaxStack)
        throw InputError("--stack: must be 1 … " + std::to_string(kMaxStack));

    Dataset data;
    const InputInfo input = inputOf(spec);
    requireMemory(estimateRunMemory(spec, shapeSize(input.shape), r.batch * kPoolBatches).forRuns(options.stack), spec,
                  "the benchmark");
    data.tasks = spec.tasks();
    data.inputShape = input.shape;
    data.embeddings = input.embeddings;
    data.embeddingDim = input.embeddingDim;
    torch::manual_seed(spec.training.seed);
    data.train = randomSplit(input, data.tasks, r.batch * kPoolBatches);
    data.validation = data.train.head(1);
    data.test = data.train.head(1);

    if (options.jobs < 1 || options.jobs > 256) throw InputError("--jobs: must be 1 … 256");
    try {
        if (options.jobs == 1) return timeSteps(spec, data, options, r);
        // As a sweep trains: `jobs` stacks at once, each on its own thread with its own model.
        std::vector<BenchResult> each(static_cast<std::size_t>(options.jobs), r);
        std::vector<std::exception_ptr> errors(each.size());
        std::vector<std::thread> workers;
        for (std::size_t j = 0; j < each.size(); ++j)
            workers.emplace_back([&, j] {
                useComputeThreads(r.threads);
                try {
                    each[j] = timeSteps(spec, data, options, r);
                } catch (...) {
                    errors[j] = std::current_exception();
                }
            });
        for (auto& w : workers)
            w.join();
        for (const auto& e : errors)
            if (e) std::rethrow_exception(e);
        r = each[0];
        r.examplesPerSecond = 0;
        for (const auto& e : each) {
            r.examplesPerSecond += e.examplesPerSecond;
            r.seconds = std::max(r.seconds, e.seconds);
        }
        r.jobs = options.jobs;
        return r;
    } catch (...) {
        rethrowAsInputError(spec);
    }
}

namespace {

BenchResult timeSteps(const ExperimentSpec& spec, Dataset& data, const BenchOptions& options, BenchResult r)
{
    std::vector<ExperimentSpec> runs;
    for (int k = 0; k < options.stack; ++k) {
        runs.push_back(spec);
        runs.back().training.seed = spec.training.seed + static_cast<std::uint64_t>(k);
    }
    Trainer trainer(runs, data);
    r.params = trainer.model()->parameterCounts();
    trainer.model()->train();
    const auto pool = data.train.size();
    torch::Tensor order; // [R, pool]: each run its own shuffle
    auto batchAt = [&](int i) {
        const auto b = i % kPoolBatches;
        if (b == 0) {
            std::vector<torch::Tensor> perRun;
            for (int k = 0; k < options.stack; ++k)
                perRun.push_back(torch::randperm(pool));
            order = torch::stack(perRun);
        }
        return data.train.gather(order.narrow(1, b * r.batch, r.batch));
    };
    int i = 0;
    for (; i < options.warmup; ++i)
        trainer.step(batchAt(i));
    const auto start = std::chrono::steady_clock::now();
    for (int s = 0; s < options.steps; ++s, ++i) {
        const auto outcome = trainer.step(batchAt(i));
        if (!outcome.diverged.empty())
            throw InputError("bench: the loss of task '" + data.tasks[outcome.diverged[0].task].name +
                             "' became non-finite at step " + std::to_string(s + 1) + "; try a lower learning rate");
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.examplesPerSecond = r.seconds > 0 ? static_cast<double>(r.batch) * r.steps * options.stack / r.seconds : 0;
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
                          {"stack", r.stack},
                          {"jobs", r.jobs},
                          {"seconds", r.seconds}};
}

} // namespace mtlx
