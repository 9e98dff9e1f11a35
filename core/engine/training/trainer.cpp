#include "core/engine/training/trainer.h"

#include <chrono>
#include <cmath>
#include <mutex>
#include <numeric>
#include <thread>

#include "core/engine/data/rng.h"
#include "core/engine/training/metrics.h"
#include "core/engine/training/probes.h"
#include "core/engine/training/weighting.h"
#include "core/spec/gatewiring.h"
#include "core/spec/specerror.h"

namespace mtlx {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t)
{
    return std::chrono::duration<double>(Clock::now() - t).count();
}

// Evaluation runs in chunks so that memory stays bounded on large splits.
constexpr std::int64_t kEvalBatch = 8192;
// Shuffling draws from its own stream of the training seed, one per epoch.
constexpr std::uint64_t kShuffleStream = 1000;

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const TrainingSpec& t, std::vector<torch::Tensor> params)
{
    if (t.optimizer == "sgd")
        return std::make_unique<torch::optim::SGD>(params, torch::optim::SGDOptions(t.lr).momentum(t.momentum));
    if (t.optimizer == "adagrad")
        return std::make_unique<torch::optim::Adagrad>(params, torch::optim::AdagradOptions(t.lr));
    return std::make_unique<torch::optim::Adam>(params, torch::optim::AdamOptions(t.lr));
}

torch::Tensor shuffledIndex(std::int64_t n, std::uint64_t seed, int epoch)
{
    return torch::tensor(Rng(seed, kShuffleStream + static_cast<std::uint64_t>(epoch)).permutation(n), torch::kInt64);
}

std::string formatLossValue(double v)
{
    if (std::isnan(v)) return "NaN";
    return v > 0 ? "+Inf" : "-Inf";
}

} // namespace

double Progress::fraction() const
{
    if (epochs <= 0 || batches <= 0) return 0;
    return std::clamp((epoch - 1 + static_cast<double>(batch) / static_cast<double>(batches)) / epochs, 0.0, 1.0);
}

int intraOpThreads(int requested)
{
    return requested > 0 ? requested : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

RunResult trainOnData(const ExperimentSpec& spec, const Dataset& data, RunControl& control,
                      const RunCallbacks& callbacks)
{
    const auto start = Clock::now();
    try {
        Trainer trainer(spec, data);
        RunResult result = trainer.run(control, callbacks);
        result.wallSeconds = secondsSince(start);
        return result;
    } catch (...) {
        rethrowAsInputError(spec);
    }
}

void rethrowAsInputError(const ExperimentSpec& spec)
{
    const std::string advice = "; make model.expert_dims, model.experts, training.batch_size or the data smaller";
    try {
        throw;
    } catch (const std::bad_alloc&) {
        throw InputError("out of memory while training '" + spec.name + "'" + advice);
    } catch (const c10::Error& e) {
        const std::string what = e.what();
        if (what.find("not enough memory") == std::string::npos &&
            what.find("DefaultCPUAllocator") == std::string::npos)
            throw;
        throw InputError("out of memory while training '" + spec.name + "' (" + what.substr(0, what.find('\n')) + ")" +
                         advice);
    }
}

std::mutex& modelInitialisationMutex()
{
    static std::mutex m;
    return m;
}

Trainer::Trainer(const ExperimentSpec& spec, const Dataset& data) : spec_(spec), data_(data)
{
    {
        const std::lock_guard<std::mutex> lock(modelInitialisationMutex());
        torch::manual_seed(spec.training.seed);
        model_ = MtlModel(spec, InputInfo{data.inputShape, data.embeddings, data.embeddingDim}, data.tasks);
    }
    const auto owned = model_->trainableParameters();
    std::vector<torch::Tensor> params;
    for (const auto& o : owned)
        params.push_back(o.param);
    weighting_ = makeWeighting(spec, data.tasks, owned);
    for (const auto& p : weighting_->parameters())
        params.push_back(p);
    optimizer_ = makeOptimizer(spec.training, params);

    probeLayer_ = resolvedProbeLayer(spec.probe, spec.model, data.tasks);
    if (probeLayer_ == "shared" && model_->backbone().sharedSize() == 0)
        throw SpecError("probe.layer", "'" + spec.model.arch + "' has no shared representation; name a task");
    for (std::size_t t = 0; t < data.tasks.size(); ++t)
        if (data.tasks[t].name == probeLayer_) probeTask_ = static_cast<int>(t);
}

torch::Tensor Trainer::probedLayer(const BackboneOutput& features) const
{
    if (probeLayer_ == "shared") return features.shared;
    if (probeLayer_ == "experts") return features.experts;
    return features.taskInputs[static_cast<std::size_t>(std::max(probeTask_, 0))];
}

Evaluation Trainer::evaluate(const Split& split, bool withProbe)
{
    torch::NoGradGuard noGrad;
    model_->eval();
    Evaluation e;
    std::vector<std::vector<torch::Tensor>> logits(data_.tasks.size());
    std::vector<torch::Tensor> representation;
    // At least one chunk, so that an empty split (validation_fraction 0) gives empty predictions.
    for (std::int64_t start = 0; start == 0 || start < split.size(); start += kEvalBatch) {
        const auto len = std::min(kEvalBatch, split.size() - start);
        auto out = model_->forward(split.x.narrow(0, start, len));
        for (std::size_t t = 0; t < logits.size(); ++t)
            logits[t].push_back(out.logits[t]);
        if (withProbe) representation.push_back(probedLayer(out.features));
        for (std::size_t l = 0; l < out.features.gates.size(); ++l) {
            auto sum = out.features.gates[l].sum(0).to(torch::kFloat64);
            if (e.gateMeans.size() <= l)
                e.gateMeans.push_back(sum);
            else
                e.gateMeans[l] += sum;
        }
    }
    for (auto& l : logits)
        e.logits.push_back(torch::cat(l));
    if (withProbe) e.representation = torch::cat(representation);
    for (auto& g : e.gateMeans)
        g /= static_cast<double>(std::max<std::int64_t>(split.size(), 1));
    return e;
}

std::vector<double> Trainer::splitLosses(const Split& split, const Evaluation& e) const
{
    torch::NoGradGuard noGrad;
    std::vector<double> losses;
    for (std::size_t t = 0; t < data_.tasks.size(); ++t)
        losses.push_back(taskLoss(data_.tasks[t], e.logits[t], split.y[t], split.mask[t]).item<double>());
    return losses;
}

bool Trainer::trainEpoch(int epoch, RunControl& control, const RunCallbacks& callbacks, RunResult& result,
                         std::vector<double>& meanLoss, std::vector<double>& meanWeights)
{
    const auto& tasks = data_.tasks;
    const std::int64_t n = data_.train.size();
    const std::int64_t bs = spec_.training.batchSize;
    const std::int64_t batches = (n + bs - 1) / bs;
    const auto order = shuffledIndex(n, spec_.training.seed, epoch);
    meanLoss.assign(tasks.size(), 0.0);
    meanWeights.assign(tasks.size(), 0.0);
    double weightedLoss = 0;
    auto lastReport = Clock::now() - std::chrono::hours(1);
    model_->train();

    for (std::int64_t b = 0; b < batches; ++b) {
        while (control.pause.load() && !control.stop.load())
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        if (control.stop.load()) {
            result.status = RunStatus::Stopped;
            result.message = "stopped by the user in epoch " + std::to_string(epoch) + " after " + std::to_string(b) +
                             " of " + std::to_string(batches) + " batches";
            return false;
        }
        const auto start = Clock::now();
        const auto len = std::min(bs, n - b * bs);
        const Split batch = data_.train.rows(order.narrow(0, b * bs, len));
        const StepResult r = step(batch, callbacks.liveGates);
        if (r.badTask >= 0) {
            result.status = RunStatus::Diverged;
            result.message = "the loss of task '" + tasks[static_cast<std::size_t>(r.badTask)].name + "' became " +
                             formatLossValue(r.badValue) + " in epoch " + std::to_string(epoch) + ", batch " +
                             std::to_string(b + 1) + "; try a lower learning rate";
            return false;
        }
        const auto w = weighting_->weights();
        for (std::size_t t = 0; t < tasks.size(); ++t)
            meanWeights[t] += w[t] * static_cast<double>(len);

        for (std::size_t t = 0; t < tasks.size(); ++t)
            meanLoss[t] += r.taskLosses[t] * static_cast<double>(len);
        weightedLoss += r.weightedLoss * static_cast<double>(len);
        trainSeconds_ += secondsSince(start);
        examplesSeen_ += len;

        if (callbacks.onProgress &&
            (b + 1 == batches || secondsSince(lastReport) >= callbacks.progressIntervalSeconds)) {
            lastReport = Clock::now();
            Progress p;
            p.stage = Stage::Training;
            p.epoch = epoch;
            p.epochs = spec_.training.epochs;
            p.batch = b + 1;
            p.batches = batches;
            const double rate = trainSeconds_ > 0 ? static_cast<double>(examplesSeen_) / trainSeconds_ : 0;
            p.examplesPerSecond = static_cast<std::int64_t>(rate);
            p.elapsedSeconds = trainSeconds_;
            const double left = static_cast<double>(n) * spec_.training.epochs - static_cast<double>(examplesSeen_);
            p.remainingSeconds = rate > 0 ? left / rate : 0;
            p.loss = weightedLoss / static_cast<double>(b * bs + len);
            if (callbacks.liveGates) {
                torch::NoGradGuard noGrad;
                std::vector<torch::Tensor> means;
                for (const auto& g : r.gates)
                    means.push_back(g.mean(0).to(torch::kFloat64));
                p.gates = gateMatrices(means);
            }
            callbacks.onProgress(p);
        }
    }
    for (auto& l : meanLoss)
        l /= static_cast<double>(std::max<std::int64_t>(n, 1));
    for (auto& w : meanWeights)
        w /= static_cast<double>(std::max<std::int64_t>(n, 1));
    weighting_->epochEnd(meanLoss);
    return true;
}

StepResult Trainer::step(const Split& batch, bool keepGates)
{
    const auto& tasks = data_.tasks;
    const double headWeight = model_->headLossWeight();
    StepResult r;
    auto out = model_->forward(batch.x);
    std::vector<torch::Tensor> losses; // per task, small heads included
    for (std::size_t t = 0; t < tasks.size(); ++t) {
        auto loss = taskLoss(tasks[t], out.logits[t], batch.y[t], batch.mask[t]);
        r.taskLosses.push_back(loss.item<double>());
        for (const auto& aux : out.aux[t])
            loss = loss + headWeight * taskLoss(tasks[t], aux, batch.y[t], batch.mask[t]);
        losses.push_back(loss);
    }
    for (std::size_t t = 0; t < tasks.size() && r.badTask < 0; ++t) {
        const double v = out.aux[t].empty() ? r.taskLosses[t] : losses[t].item<double>();
        if (!std::isfinite(v)) r.badTask = static_cast<int>(t), r.badValue = v;
    }
    if (r.badTask >= 0) return r;
    optimizer_->zero_grad();
    r.weightedLoss = weighting_->backward(losses, out.features);
    if (!std::isfinite(r.weightedLoss)) {
        r.badTask = 0, r.badValue = r.weightedLoss;
        return r;
    }
    optimizer_->step();
    weighting_->afterStep();
    if (keepGates)
        for (const auto& g : out.features.gates)
            r.gates.push_back(g.detach());
    return r;
}

RunResult Trainer::run(RunControl& control, const RunCallbacks& callbacks)
{
    RunResult result;
    result.spec = spec_;
    result.taskWeights = spec_.training.taskWeights;
    result.params = model_->parameterCounts();

    // The last epoch's validation and test predictions are those of the final model: finish()
    // reuses them instead of evaluating the same model twice.
    std::optional<Evaluation> validation, test;
    double trainSeconds = 0; // every epoch's training, the stopped one included
    for (int epoch = 1; epoch <= spec_.training.epochs; ++epoch) {
        const auto start = Clock::now();
        EpochRecord record;
        record.epoch = epoch;
        validation.reset();
        test.reset();
        const bool complete = trainEpoch(epoch, control, callbacks, result, record.trainLoss, record.taskWeights);
        record.trainSeconds = secondsSince(start);
        trainSeconds += record.trainSeconds;
        if (!complete) break;
        validation = evaluate(data_.validation, false);
        record.validationLoss = splitLosses(data_.validation, *validation);
        const bool probes = static_cast<bool>(callbacks.onProbes);
        test = evaluate(data_.test, probes || epoch == spec_.training.epochs);
        record.testLoss = splitLosses(data_.test, *test);
        if (const auto problem = nonFiniteModel(record); !problem.empty()) {
            result.status = RunStatus::Diverged;
            result.message = problem + " after epoch " + std::to_string(epoch) + "; try a lower learning rate";
            result.history.push_back(record);
            break;
        }
        if (spec_.training.reportLast > 1) recordForReport(*validation, *test);
        if (probes) {
            ProbeSnapshot snapshot;
            snapshot.epoch = epoch;
            snapshot.activation = activationProbe(test->representation, spec_.probe.bins);
            snapshot.activation.layer = probeLayer_;
            snapshot.gates = gateMatrices(test->gateMeans);
            callbacks.onProbes(snapshot);
        }
        record.seconds = secondsSince(start);
        result.history.push_back(record);
        if (callbacks.onEpoch) callbacks.onEpoch(record);
    }
    result.examplesPerSecond = trainSeconds > 0 ? static_cast<double>(examplesSeen_) / trainSeconds : 0;
    finish(result, validation, test);
    return result;
}

std::string Trainer::nonFiniteModel(const EpochRecord& record) const
{
    {
        torch::NoGradGuard noGrad;
        for (const auto& p : model_->parameters())
            if (!torch::isfinite(p).all().item<bool>()) return "the model's weights became NaN or infinite";
    }
    const auto& tasks = data_.tasks;
    for (std::size_t t = 0; t < tasks.size() && t < record.testLoss.size(); ++t) {
        if (data_.test.size() > 0 && !std::isfinite(record.testLoss[t]))
            return "the test loss of task '" + tasks[t].name + "' became " + formatLossValue(record.testLoss[t]);
        if (data_.validation.size() > 0 && !std::isfinite(record.validationLoss[t]))
            return "the validation loss of task '" + tasks[t].name + "' became " +
                   formatLossValue(record.validationLoss[t]);
    }
    return {};
}

void Trainer::finish(RunResult& result, std::optional<Evaluation>& validation, std::optional<Evaluation>& test)
{
    const auto& tasks = data_.tasks;
    // A run stopped mid-epoch: its last step may have left NaN weights.
    if (result.status == RunStatus::Stopped && !nonFiniteModel(EpochRecord{}).empty()) {
        result.status = RunStatus::Diverged;
        result.message = "the model's weights became NaN or infinite before it was stopped";
    }
    for (const auto& t : tasks) {
        TaskResult r;
        r.name = t.name;
        r.kind = t.kind;
        result.tasks.push_back(r);
    }
    result.activation.layer = probeLayer_;
    if (result.status == RunStatus::Diverged) return; // a NaN model has no meaningful metrics

    const auto train = evaluate(data_.train, false);
    if (!validation) validation = evaluate(data_.validation, false);
    if (!test || !test->representation.defined()) test = evaluate(data_.test, true);
    for (std::size_t t = 0; t < tasks.size(); ++t) {
        result.tasks[t].train = taskMetrics(tasks[t], train.logits[t], data_.train.y[t], data_.train.mask[t]);
        result.tasks[t].validation =
            taskMetrics(tasks[t], validation->logits[t], data_.validation.y[t], data_.validation.mask[t]);
        result.tasks[t].test = taskMetrics(tasks[t], test->logits[t], data_.test.y[t], data_.test.mask[t]);
    }
    const std::string layer = result.activation.layer;
    result.activation = activationProbe(test->representation, spec_.probe.bins);
    result.activation.layer = layer;

    result.gates = gateMatrices(test->gateMeans);
    averageReported(result);
}

void Trainer::recordForReport(const Evaluation& validation, const Evaluation& test)
{
    const auto& tasks = data_.tasks;
    std::vector<Metrics> v, t;
    for (std::size_t k = 0; k < tasks.size(); ++k) {
        v.push_back(taskMetrics(tasks[k], validation.logits[k], data_.validation.y[k], data_.validation.mask[k]));
        t.push_back(taskMetrics(tasks[k], test.logits[k], data_.test.y[k], data_.test.mask[k]));
    }
    recentValidation_.push_back(std::move(v));
    recentTest_.push_back(std::move(t));
    if (static_cast<int>(recentTest_.size()) > spec_.training.reportLast) {
        recentValidation_.pop_front();
        recentTest_.pop_front();
    }
}

void Trainer::averageReported(RunResult& result) const
{
    if (recentTest_.empty()) return;
    auto mean = [](const std::deque<std::vector<Metrics>>& epochs, std::size_t task) {
        Metrics m;
        for (const auto& e : epochs)
            for (const auto& [name, value] : e[task])
                m[name] += value / static_cast<double>(epochs.size());
        return m;
    };
    for (std::size_t k = 0; k < result.tasks.size(); ++k) {
        result.tasks[k].reportedEpochs = static_cast<int>(recentTest_.size());
        result.tasks[k].reportedValidation = mean(recentValidation_, k);
        result.tasks[k].reportedTest = mean(recentTest_, k);
    }
}

namespace {

std::vector<std::vector<double>> toRows(const torch::Tensor& t)
{
    const auto m = t.detach().to(torch::kFloat64).contiguous();
    const double* v = m.data_ptr<double>();
    std::vector<std::vector<double>> rows;
    for (std::int64_t i = 0; i < m.size(0); ++i)
        rows.emplace_back(v + i * m.size(1), v + (i + 1) * m.size(1));
    return rows;
}

} // namespace

std::vector<GateMatrix> Trainer::gateMatrices(const std::vector<torch::Tensor>& means)
{
    std::vector<GateMatrix> out;
    const auto wiring = gateWiring(spec_.model, data_.tasks);
    const auto native = model_->backbone().nativeWeights();
    for (std::size_t l = 0; l < means.size() && l < wiring.size(); ++l) {
        const auto& level = wiring[l];
        GateMatrix g;
        g.level = static_cast<int>(l);
        g.kind = level.kind == GateLevel::Kind::Stitch ? "stitch" : "softmax";
        for (const auto& gate : level.gates) {
            g.rows.push_back(gate.name);
            g.reach.push_back(gate.reach);
        }
        for (const auto& e : level.experts)
            g.cols.push_back(e.name);
        // Store the reach only where some gate cannot reach some expert (PLE).
        bool everywhere = true;
        for (const auto& row : g.reach)
            for (const bool r : row)
                everywhere = everywhere && r;
        if (everywhere) g.reach.clear();
        g.matrix = toRows(means[l]);
        if (l < native.size() && native[l].defined()) g.native = toRows(native[l]);
        out.push_back(std::move(g));
    }
    return out;
}

} // namespace mtlx
