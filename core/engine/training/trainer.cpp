#include "core/engine/training/trainer.h"

#include <sched.h>

#include <cstdlib>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <numeric>
#include <regex>
#include <stdexcept>
#include <thread>

#include "core/engine/data/rng.h"
#include "core/engine/models/modelstate.h"
#include "core/engine/training/metrics.h"
#include "core/engine/training/probes.h"
#include "core/engine/training/taskgradients.h"
#include "core/engine/training/weighting.h"
#include "core/spec/gatewiring.h"
#include "core/spec/pareto.h"
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

torch::Tensor shuffledIndex(std::int64_t n, std::uint64_t seed, int epoch)
{
    return torch::tensor(Rng(seed, kShuffleStream + static_cast<std::uint64_t>(epoch)).permutation(n), torch::kInt64);
}

std::string formatLossValue(double v)
{
    if (std::isnan(v)) return "NaN";
    return v > 0 ? "+Inf" : "-Inf";
}

// Per trainable parameter (MtlModelImpl::trainableParameters' order), the architecture level it
// belongs to, read from its module name ("…level2_experts…"); −1 outside any level.
std::vector<int> parameterLevels(const MtlModelImpl& model)
{
    static const std::regex level("level([0-9]+)_");
    std::vector<int> levels;
    for (const auto& p : model.named_parameters()) {
        if (!p.value().requires_grad()) continue;
        std::smatch m;
        levels.push_back(std::regex_search(p.key(), m, level) ? std::stoi(m[1].str()) : -1);
    }
    return levels;
}

} // namespace

double Progress::fraction() const
{
    if (epochs <= 0 || batches <= 0) return 0;
    return std::clamp((epoch - 1 + static_cast<double>(batch) / static_cast<double>(batches)) / epochs, 0.0, 1.0);
}

int intraOpThreads(int requested)
{
    if (requested > 0) return requested;
    // The cores this process may use: its CPU affinity (a batch system's allocation), and at most
    // OMP_NUM_THREADS where that is set (the Slurm job scripts set 1: one thread per sweep job).
    int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    cpu_set_t set;
    CPU_ZERO(&set);
    if (::sched_getaffinity(0, sizeof set, &set) == 0) cores = std::max(1, std::min(cores, CPU_COUNT(&set)));
    if (const char* omp = std::getenv("OMP_NUM_THREADS"); omp && *omp) {
        char* end = nullptr;
        const long n = std::strtol(omp, &end, 10);
        if (*end == '\0' && n >= 1) cores = std::min(cores, static_cast<int>(n));
    }
    return cores;
}

void useComputeThreads(int threads)
{
    torch::set_num_threads(threads);
    flushSubnormals();
}

void flushSubnormals()
{
    at::globalContext().setFlushDenormal(true);
    // The flag is per thread: each thread of the intra-op pool sets its own (they persist).
    at::parallel_for(0, at::get_num_threads(), 1,
                     [](std::int64_t, std::int64_t) { at::globalContext().setFlushDenormal(true); });
}

RunResult trainOnData(const ExperimentSpec& spec, const Dataset& data, RunControl& control,
                      const RunCallbacks& callbacks)
{
    try {
        Trainer trainer(spec, data);
        return trainer.run(control, callbacks).at(0);
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

bool canStack(const ExperimentSpec& a, const ExperimentSpec& b)
{
    return configurationKey(a) == configurationKey(b);
}

std::vector<RunResult> trainStackOnData(const std::vector<ExperimentSpec>& runs, const Dataset& data,
                                        RunControl& control, const RunCallbacks& callbacks, const RunEnded& onRunEnded,
                                        const ResumeFrom* from)
{
    try {
        Trainer trainer(runs, data);
        if (from) trainer.restore(from->bytes, from->source);
        return trainer.run(control, callbacks, onRunEnded);
    } catch (...) {
        rethrowAsInputError(runs.at(0));
    }
}

Trainer::Trainer(const std::vector<ExperimentSpec>& runs, const Dataset& data)
    : specs_(runs), data_(data), runs_(runs.size()), constructed_(Clock::now())
{
    if (runs.empty()) throw std::invalid_argument("Trainer: a stack needs at least one run");
    for (const auto& spec : runs)
        if (!canStack(spec, runs[0]))
            throw std::invalid_argument("Trainer: runs of a stack may differ in task weights and seed only");
    const auto& spec = runs[0];
    const InputInfo input{data.inputShape, data.embeddings, data.embeddingDim};
    {
        const std::lock_guard<std::mutex> lock(modelInitialisationMutex());
        std::vector<std::uint64_t> seeds;
        for (const auto& r : runs)
            seeds.push_back(r.training.seed);
        torch::manual_seed(spec.training.seed);
        model_ = MtlModel(spec, input, data.tasks, seeds);
        // Each run starts where a model of its own seed starts.
        if (runs.size() > 1)
            for (std::size_t r = 0; r < runs.size(); ++r) {
                torch::manual_seed(runs[r].training.seed);
                MtlModel single(runs[r], input, data.tasks);
                model_->copyRun(static_cast<std::int64_t>(r), *single);
            }
    }
    const auto owned = model_->trainableParameters();
    std::vector<torch::Tensor> params;
    for (const auto& o : owned)
        params.push_back(o.param);
    weighting_ = makeWeighting(runs, data.tasks, owned);
    for (const auto& p : weighting_->parameters())
        params.push_back(p);
    flat_ = std::make_unique<FlatParameters>(params);
    optimizer_ = std::make_unique<FlatOptimizer>(spec.training, *flat_);
    if (spec.probe.conflictEvery > 0) {
        conflict_ = std::make_unique<ConflictProbe>(owned, parameterLevels(*model_), data.tasks.size(),
                                                    static_cast<std::int64_t>(runs.size()));
        if (!conflict_->active()) conflict_.reset();
    }

    probeLayer_ = resolvedProbeLayer(spec.probe, spec.model, data.tasks);
    if (probeLayer_ == "shared" && model_->backbone().sharedSize() == 0)
        throw SpecError("probe.layer", "'" + spec.model.arch + "' has no shared representation; name a task");
    for (std::size_t t = 0; t < data.tasks.size(); ++t)
        if (data.tasks[t].name == probeLayer_) probeTask_ = static_cast<int>(t);

    const auto counts = model_->parameterCounts();
    for (std::size_t r = 0; r < runs.size(); ++r) {
        auto& result = runs_[r].result;
        result.spec = runs[r];
        result.taskWeights = runs[r].training.taskWeights;
        result.params = counts;
    }
}

torch::Tensor Trainer::probedLayer(const BackboneOutput& features) const
{
    if (probeLayer_ == "shared") return features.shared;
    if (probeLayer_ == "experts") return features.experts;
    return features.taskInputs[static_cast<std::size_t>(std::max(probeTask_, 0))];
}

torch::Tensor Trainer::liveMask() const
{
    std::vector<std::uint8_t> live;
    for (const auto& r : runs_)
        live.push_back(r.training ? 1 : 0);
    return torch::tensor(live, torch::kUInt8).to(torch::kBool);
}

Evaluation Trainer::evaluate(const Split& split, bool withProbe, const torch::Tensor& preference)
{
    torch::NoGradGuard noGrad;
    model_->eval();
    const auto R = static_cast<std::int64_t>(runs_.size());
    // Evaluation runs in chunks of about kEvalBatch rows for the whole stack, so that memory stays
    // bounded on large splits.
    const auto chunk = std::max<std::int64_t>(512, kEvalBatch / R);
    Evaluation e;
    std::vector<std::vector<torch::Tensor>> logits(data_.tasks.size());
    std::vector<torch::Tensor> representation;
    // At least one chunk, so that an empty split (validation_fraction 0) gives empty predictions.
    for (std::int64_t start = 0; start == 0 || start < split.size(); start += chunk) {
        const auto len = std::min(chunk, split.size() - start);
        auto shape = split.x.sizes().vec();
        shape[0] = len;
        shape.insert(shape.begin(), R);
        // Every run reads the same rows.
        auto out = model_->forward(split.x.narrow(0, start, len).unsqueeze(0).expand(shape), preference);
        for (std::size_t t = 0; t < logits.size(); ++t)
            logits[t].push_back(out.logits[t]);
        if (withProbe) representation.push_back(probedLayer(out.features));
        for (std::size_t l = 0; l < out.features.gates.size(); ++l) {
            auto sum = out.features.gates[l].sum(1).to(torch::kFloat64);
            if (e.gateMeans.size() <= l)
                e.gateMeans.push_back(sum);
            else
                e.gateMeans[l] += sum;
        }
    }
    for (auto& l : logits)
        e.logits.push_back(torch::cat(l, 1));
    if (withProbe) e.representation = torch::cat(representation, 1);
    for (auto& g : e.gateMeans)
        g /= static_cast<double>(std::max<std::int64_t>(split.size(), 1));
    return e;
}

std::vector<std::vector<double>> Trainer::splitLosses(const Split& split, const Evaluation& e) const
{
    torch::NoGradGuard noGrad;
    const auto R = static_cast<std::int64_t>(runs_.size());
    std::vector<torch::Tensor> perTask;
    for (std::size_t t = 0; t < data_.tasks.size(); ++t) {
        const auto& y = split.y[t];
        const auto& mask = split.mask[t];
        perTask.push_back(taskLoss(data_.tasks[t], e.logits[t], y.unsqueeze(0).expand({R, y.size(0)}),
                                   mask.defined() ? mask.unsqueeze(0).expand({R, mask.size(0)}) : mask));
    }
    const auto m = torch::stack(perTask, 1).to(torch::kFloat64).contiguous(); // [R, T]
    std::vector<std::vector<double>> out;
    for (std::int64_t r = 0; r < R; ++r)
        out.emplace_back(m.data_ptr<double>() + r * m.size(1), m.data_ptr<double>() + (r + 1) * m.size(1));
    return out;
}

void Trainer::stopTraining(std::size_t r, RunStatus status, const std::string& message)
{
    auto& run = runs_[r];
    if (!run.training) return;
    run.training = false;
    run.result.status = status;
    run.result.message = message;
    if (status != RunStatus::Diverged || runs_.size() == 1) return;
    // Zeros train to zeros once its loss no longer counts: the run stays finite and idle.
    torch::NoGradGuard noGrad;
    const auto i = static_cast<std::int64_t>(r);
    flat_->zeroRun(flat_->values(), i);
    flat_->zeroRun(flat_->grads(), i);
    optimizer_->resetRun(i);
    weighting_->resetRun(i);
}

torch::Tensor Trainer::epochOrder(int epoch) const
{
    // Each run reads its own seed's shuffle; runs with the same seed share it.
    const std::int64_t n = data_.train.size();
    std::vector<torch::Tensor> orders;
    std::map<std::uint64_t, torch::Tensor> bySeed;
    for (const auto& spec : specs_) {
        auto& order = bySeed[spec.training.seed];
        if (!order.defined()) order = shuffledIndex(n, spec.training.seed, epoch);
        orders.push_back(order);
    }
    return torch::stack(orders); // [R, n]
}

void Trainer::reportProgress(int epoch, std::int64_t batch, std::int64_t batches, double rowsSoFar,
                             const std::vector<double>& weightedLoss, const StepResult& s,
                             const RunCallbacks& callbacks)
{
    const auto R = runs_.size();
    const std::int64_t n = data_.train.size();
    Progress p;
    p.stage = Stage::Training;
    p.epoch = epoch;
    p.epochs = specs_[0].training.epochs;
    p.batch = batch + 1;
    p.batches = batches;
    const double rate = trainSeconds_ > 0 ? static_cast<double>(examplesSeen_) / trainSeconds_ : 0;
    p.examplesPerSecond = static_cast<std::int64_t>(rate * static_cast<double>(R));
    p.elapsedSeconds = trainSeconds_;
    const double left = static_cast<double>(n) * specs_[0].training.epochs - static_cast<double>(examplesSeen_);
    p.remainingSeconds = rate > 0 ? left / rate : 0;
    // The mean over the runs still training.
    double loss = 0;
    int counted = 0;
    for (std::size_t r = 0; r < R; ++r)
        if (runs_[r].training) loss += weightedLoss[r], ++counted;
    p.loss = loss / std::max(counted, 1) / rowsSoFar;
    const auto meanOverLive = [&](const std::vector<std::vector<double>>& perRun) {
        std::vector<double> mean(perRun.empty() ? 0 : perRun[0].size(), 0.0);
        for (std::size_t r = 0; r < perRun.size(); ++r)
            for (std::size_t t = 0; t < mean.size() && runs_[r].training; ++t)
                mean[t] += perRun[r][t] / std::max(counted, 1);
        return mean;
    };
    p.taskLoss = meanOverLive(s.taskLosses);
    p.headLoss = meanOverLive(s.headLosses);
    if (callbacks.liveGates) {
        torch::NoGradGuard noGrad;
        std::vector<torch::Tensor> means;
        for (const auto& g : s.gates)
            means.push_back(g.mean(1).to(torch::kFloat64));
        p.gates = gateMatrices(means, 0);
    }
    callbacks.onProgress(p);
}

bool Trainer::trainEpoch(int epoch, RunControl& control, const RunCallbacks& callbacks,
                         std::vector<EpochRecord>& records)
{
    const auto& tasks = data_.tasks;
    const auto R = runs_.size();
    const std::int64_t n = data_.train.size();
    const std::int64_t bs = specs_[0].training.batchSize;
    const std::int64_t batches = (n + bs - 1) / bs;
    const auto index = epochOrder(epoch);
    std::vector<std::vector<double>> meanLoss(R, std::vector<double>(tasks.size(), 0.0)), meanWeights = meanLoss;
    std::vector<double> weightedLoss(R, 0.0);
    auto lastReport = Clock::now() - std::chrono::hours(1);
    model_->train();

    for (std::int64_t b = 0; b < batches; ++b) {
        while (control.pause.load() && !control.stop.load())
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        if (control.stop.load()) {
            for (std::size_t r = 0; r < R; ++r)
                stopTraining(r, RunStatus::Stopped,
                             "stopped by the user in epoch " + std::to_string(epoch) + " after " + std::to_string(b) +
                                 " of " + std::to_string(batches) + " batches");
            return false;
        }
        const auto start = Clock::now();
        const auto len = std::min(bs, n - b * bs);
        const bool sample = conflict_ && b % specs_[0].probe.conflictEvery == 0;
        const StepResult s = step(data_.train.gather(index.narrow(1, b * bs, len)), callbacks.liveGates, sample);
        for (const auto& bad : s.diverged)
            stopTraining(bad.run, RunStatus::Diverged,
                         "the loss of task '" + tasks[bad.task].name + "' became " + formatLossValue(bad.value) +
                             " in epoch " + std::to_string(epoch) + ", batch " + std::to_string(b + 1) +
                             "; try a lower learning rate");
        const auto w = weighting_->weights();
        const auto rows = static_cast<double>(len);
        for (std::size_t r = 0; r < R; ++r)
            for (std::size_t t = 0; t < tasks.size(); ++t) {
                meanWeights[r][t] += w[r][t] * rows;
                meanLoss[r][t] += s.taskLosses[r][t] * rows;
            }
        for (std::size_t r = 0; r < R; ++r)
            weightedLoss[r] += s.weightedLoss[r] * rows;
        trainSeconds_ += secondsSince(start);
        examplesSeen_ += len;
        const bool anyTraining = std::any_of(runs_.begin(), runs_.end(), [](const auto& r) { return r.training; });
        if (!anyTraining) return false;

        if (callbacks.onProgress &&
            (b + 1 == batches || secondsSince(lastReport) >= callbacks.progressIntervalSeconds)) {
            lastReport = Clock::now();
            reportProgress(epoch, b, batches, static_cast<double>(b * bs + len), weightedLoss, s, callbacks);
        }
    }
    for (std::size_t r = 0; r < R; ++r) {
        for (auto& l : meanLoss[r])
            l /= static_cast<double>(std::max<std::int64_t>(n, 1));
        for (auto& w : meanWeights[r])
            w /= static_cast<double>(std::max<std::int64_t>(n, 1));
        records[r].trainLoss = meanLoss[r];
        records[r].taskWeights = meanWeights[r];
    }
    weighting_->epochEnd(meanLoss);
    return true;
}

StepResult Trainer::step(const Batch& batch, bool keepGates, bool sampleConflict)
{
    const auto& tasks = data_.tasks;
    const auto R = runs_.size();
    const double headWeight = model_->headLossWeight();
    StepResult r;
    const auto preference = weighting_->drawPreference(); // undefined unless preference-conditioned
    auto out = model_->forward(batch.x, preference);
    std::vector<torch::Tensor> main, losses; // per task [R]; losses include the small heads
    bool heads = false;
    // Each task's loss on the batch, with its small heads' (and without, into `towers`).
    auto lossesOf = [&](const ModelOutput& o, std::vector<torch::Tensor>* towers) {
        std::vector<torch::Tensor> all;
        for (std::size_t t = 0; t < tasks.size(); ++t) {
            auto loss = taskLoss(tasks[t], o.logits[t], batch.y[t], batch.mask[t]);
            if (towers) towers->push_back(loss);
            for (const auto& aux : o.aux[t]) {
                loss = loss + headWeight * taskLoss(tasks[t], aux, batch.y[t], batch.mask[t]);
                heads = true;
            }
            all.push_back(loss);
        }
        return all;
    };
    losses = lossesOf(out, &main);
    // One copy out for every run's numbers: [2, T, R] (main towers; with the heads).
    const auto values =
        torch::stack({torch::stack(main), torch::stack(losses)}).detach().to(torch::kFloat64).contiguous();
    const double* v = values.data_ptr<double>();
    const std::size_t T = tasks.size();
    r.taskLosses.assign(R, std::vector<double>(T, 0.0));
    r.weightedLoss.assign(R, 0.0);
    if (heads) r.headLosses.assign(R, std::vector<double>(T, 0.0));
    for (std::size_t run = 0; run < R; ++run) {
        if (!runs_[run].training) continue;
        for (std::size_t t = 0; t < T; ++t) {
            r.taskLosses[run][t] = v[t * R + run];
            if (heads) r.headLosses[run][t] = v[T * R + t * R + run] - v[t * R + run];
            const double checked = heads ? v[T * R + t * R + run] : v[t * R + run];
            if (!std::isfinite(checked)) {
                r.diverged.push_back({run, t, checked});
                break;
            }
        }
    }
    if (R == 1 && !r.diverged.empty()) return r; // alone: nothing is updated
    // Runs that have ended, or end now, count for nothing (and their NaN stays in their slice).
    const bool allTraining = std::all_of(runs_.begin(), runs_.end(), [](const auto& run) { return run.training; });
    if (!allTraining || !r.diverged.empty()) {
        auto live = liveMask();
        for (const auto& bad : r.diverged)
            live[static_cast<std::int64_t>(bad.run)] = false;
        for (auto& l : losses)
            l = torch::where(live, l, torch::zeros_like(l));
    }
    if (sampleConflict) conflict_->sample(losses);
    flat_->zeroGrad();
    const auto objective = weighting_->backward(losses, out.features).to(torch::kFloat64).contiguous();
    for (std::size_t run = 0; run < R; ++run) {
        const double value = objective.data_ptr<double>()[run];
        r.weightedLoss[run] = value;
        if (runs_[run].training && !std::isfinite(value) &&
            std::none_of(r.diverged.begin(), r.diverged.end(), [&](const auto& b) { return b.run == run; }))
            r.diverged.push_back({run, 0, value});
    }
    if (R == 1 && !r.diverged.empty()) return r;
    if (sampleConflict) conflict_->sampleUpdate();
    optimizer_->step();
    weighting_->afterStep();
    if (weighting_->wantsLossesAfterStep()) { // FAMO: the same batch, after the step
        torch::NoGradGuard noGrad;
        weighting_->lossesAfterStep(lossesOf(model_->forward(batch.x, preference), nullptr));
    }
    if (keepGates)
        for (const auto& g : out.features.gates)
            r.gates.push_back(g.detach());
    return r;
}

void Trainer::reportProbes(int epoch, const Evaluation& test, const RunCallbacks& callbacks)
{
    for (std::size_t r = 0; r < runs_.size(); ++r) {
        if (!runs_[r].training) continue;
        ProbeSnapshot snapshot;
        snapshot.epoch = epoch;
        snapshot.run = r;
        snapshot.activation = activationProbe(test.representation[static_cast<std::int64_t>(r)], specs_[r].probe.bins);
        snapshot.activation.layer = probeLayer_;
        snapshot.gates = gateMatrices(test.gateMeans, static_cast<std::int64_t>(r));
        callbacks.onProbes(snapshot);
    }
}

std::vector<RunResult> Trainer::run(RunControl& control, const RunCallbacks& callbacks, const RunEnded& onRunEnded)
{
    if (specs_[0].training.select == "best_validation" && data_.validation.size() == 0)
        throw SpecError("training.select", "best_validation needs a validation split (this data set has none)");
    const auto R = runs_.size();
    // The last epoch's validation and test predictions are those of the final model: finish()
    // reuses them instead of evaluating the same model twice.
    std::optional<Evaluation> validation, test;
    const int epochs = specs_[0].training.epochs;
    for (int epoch = startEpoch_; epoch <= epochs; ++epoch) {
        const auto start = Clock::now();
        // training.lr_decay: the rate of epoch e is lr · decay^(e − 1) (every run of a stack shares it).
        const double lr = specs_[0].training.lr * std::pow(specs_[0].training.lrDecay, epoch - 1);
        optimizer_->setLearningRate(lr);
        std::vector<EpochRecord> records(R);
        for (auto& record : records) {
            record.epoch = epoch;
            record.lr = lr;
        }
        validation.reset();
        test.reset();
        const bool complete = trainEpoch(epoch, control, callbacks, records);
        if (conflict_) {
            auto updates = conflict_->updateCosines();
            auto cosines = conflict_->takeEpoch();
            for (std::size_t r = 0; r < R; ++r) {
                records[r].gradientCosine = std::move(cosines[r]);
                records[r].updateCosine = std::move(updates[r]);
            }
        }
        const double epochSeconds = secondsSince(start);
        runSeconds_ += epochSeconds;
        for (std::size_t r = 0; r < R; ++r)
            if (runs_[r].result.status == RunStatus::Diverged && !runs_[r].ended) endRun(r, onRunEnded);
        if (!complete) break;
        validation = evaluate(data_.validation, false);
        const auto validationLosses = splitLosses(data_.validation, *validation);
        const bool probes = static_cast<bool>(callbacks.onProbes);
        test = evaluate(data_.test, probes || epoch == epochs);
        const auto testLosses = splitLosses(data_.test, *test);
        for (std::size_t r = 0; r < R; ++r) {
            records[r].trainSeconds = epochSeconds;
            records[r].validationLoss = validationLosses[r];
            records[r].testLoss = testLosses[r];
        }
        const auto problems = nonFiniteRuns(records);
        for (std::size_t r = 0; r < R; ++r) {
            if (!runs_[r].training) continue;
            if (!problems[r].empty()) {
                stopTraining(r, RunStatus::Diverged,
                             problems[r] + " after epoch " + std::to_string(epoch) + "; try a lower learning rate");
                runs_[r].result.history.push_back(records[r]);
                endRun(r, onRunEnded);
                continue;
            }
            if (specs_[r].training.reportLast > 1) recordForReport(r, *validation, *test);
            if (specs_[r].training.select == "best_validation") keepIfBest(r, epoch, *validation);
            records[r].seconds = secondsSince(start);
            runs_[r].result.history.push_back(records[r]);
        }
        if (probes) reportProbes(epoch, *test, callbacks);
        // The checkpoint first: once an epoch is reported, a killed run resumes after it.
        const bool anyTraining = std::any_of(runs_.begin(), runs_.end(), [](const auto& r) { return r.training; });
        if (callbacks.onCheckpoint && anyTraining && epoch < epochs) callbacks.onCheckpoint(checkpoint(epoch));
        if (callbacks.onEpoch && R == 1 && runs_[0].training) callbacks.onEpoch(records[0]);
        if (!anyTraining) break;
    }
    for (auto& run : runs_)
        run.result.examplesPerSecond = runSeconds_ > 0 ? static_cast<double>(examplesSeen_) / runSeconds_ : 0;
    keepWeights_ = callbacks.keepWeights;
    finish(validation, test, onRunEnded);
    std::vector<RunResult> results;
    for (auto& run : runs_)
        results.push_back(std::move(run.result));
    return results;
}

std::vector<std::string> Trainer::nonFiniteRuns(const std::vector<EpochRecord>& records) const
{
    const auto finite = flat_->finiteRuns();
    std::vector<std::string> problems(runs_.size());
    const auto& tasks = data_.tasks;
    for (std::size_t r = 0; r < runs_.size(); ++r) {
        if (!finite[r]) {
            problems[r] = "the model's weights became NaN or infinite";
            continue;
        }
        const auto& record = records[r];
        for (std::size_t t = 0; t < tasks.size() && t < record.testLoss.size() && problems[r].empty(); ++t) {
            if (data_.test.size() > 0 && !std::isfinite(record.testLoss[t]))
                problems[r] =
                    "the test loss of task '" + tasks[t].name + "' became " + formatLossValue(record.testLoss[t]);
            else if (data_.validation.size() > 0 && !std::isfinite(record.validationLoss[t]))
                problems[r] = "the validation loss of task '" + tasks[t].name + "' became " +
                              formatLossValue(record.validationLoss[t]);
        }
    }
    return problems;
}

void Trainer::endRun(std::size_t r, const RunEnded& onRunEnded)
{
    auto& run = runs_[r];
    if (run.ended) return;
    run.ended = true;
    run.result.wallSeconds = secondsSince(constructed_);
    run.result.finishedAt = utcTimestamp();
    if (const auto note = weighting_->note(r); !note.empty())
        run.result.message = run.result.message.empty() ? note : run.result.message + "; " + note;
    if (run.result.tasks.empty())
        for (const auto& t : data_.tasks) {
            TaskResult task;
            task.name = t.name;
            task.kind = t.kind;
            run.result.tasks.push_back(task);
        }
    if (run.result.activation.layer.empty()) run.result.activation.layer = probeLayer_;
    if (onRunEnded) onRunEnded(r, run.result);
}

void Trainer::finish(std::optional<Evaluation>& validation, std::optional<Evaluation>& test, const RunEnded& onRunEnded)
{
    const auto& tasks = data_.tasks;
    // A run stopped mid-epoch: its last step may have left NaN weights.
    const auto finite = flat_->finiteRuns();
    std::vector<std::size_t> measured; // runs that get metrics
    for (std::size_t r = 0; r < runs_.size(); ++r) {
        auto& run = runs_[r];
        if (run.ended) continue;
        run.training = false;
        if (run.result.status == RunStatus::Stopped && !finite[r]) {
            run.result.status = RunStatus::Diverged;
            run.result.message = "the model's weights became NaN or infinite before it was stopped";
        }
        if (run.result.status == RunStatus::Diverged) // a NaN model has no meaningful metrics
            endRun(r, onRunEnded);
        else
            measured.push_back(r);
    }
    if (measured.empty()) return;

    // training.select = best_validation: the runs' best epochs' weights back, and everything below
    // measured on them.
    for (const auto r : measured) {
        auto& run = runs_[r];
        if (run.bestEpoch == 0) continue;
        flat_->copyRun(bestValues_, flat_->values(), static_cast<std::int64_t>(r));
        run.result.selectedEpoch = run.bestEpoch;
        validation.reset();
        test.reset();
    }
    const auto train = evaluate(data_.train, false);
    if (!validation) validation = evaluate(data_.validation, false);
    if (!test || !test->representation.defined()) test = evaluate(data_.test, true);
    measureFronts(measured);
    for (const auto r : measured) {
        auto& result = runs_[r].result;
        const auto i = static_cast<std::int64_t>(r);
        for (const auto& t : tasks) {
            TaskResult task;
            task.name = t.name;
            task.kind = t.kind;
            result.tasks.push_back(task);
        }
        const auto trainMetrics = splitMetrics(data_.train, train, r);
        const auto validationMetrics = splitMetrics(data_.validation, *validation, r);
        const auto testMetrics = splitMetrics(data_.test, *test, r);
        for (std::size_t t = 0; t < tasks.size(); ++t) {
            result.tasks[t].train = trainMetrics[t];
            result.tasks[t].validation = validationMetrics[t];
            result.tasks[t].test = testMetrics[t];
        }
        result.activation = activationProbe(test->representation[i], specs_[r].probe.bins);
        result.activation.layer = probeLayer_;
        result.gates = gateMatrices(test->gateMeans, i);
        if (keepWeights_) result.weights = std::make_shared<const std::string>(saveRunWeights(*model_, i));
        averageReported(runs_[r]);
        endRun(r, onRunEnded);
    }
}

PreferenceView Trainer::evaluateAt(const std::vector<double>& preference)
{
    PreferenceView view;
    view.preference = preference;
    const auto e = evaluate(data_.test, true, matrixOf({preference}));
    view.tasks = splitMetrics(data_.test, e, 0);
    view.activation = activationProbe(e.representation[0], specs_[0].probe.bins);
    view.activation.layer = probeLayer_;
    view.gates = gateMatrices(e.gateMeans, 0);
    return view;
}

void Trainer::measureFronts(const std::vector<std::size_t>& measured)
{
    const auto& preference = specs_[0].training.preference;
    if (!preference.conditioned()) return;
    for (const auto& weights : simplexGrid(data_.tasks.size(), preference.frontPoints)) {
        const auto e = evaluate(data_.test, false, matrixOf({weights}));
        for (const auto r : measured)
            runs_[r].result.front.push_back({weights, splitMetrics(data_.test, e, r)});
    }
    for (const auto r : measured)
        measureFrontVolume(runs_[r].result);
}

double selectionScore(const std::vector<TaskInfo>& tasks, const std::vector<Metrics>& validation,
                      const std::string& selectMetric)
{
    std::string metric = selectMetric;
    if (metric == "auto")
        metric = std::all_of(tasks.begin(), tasks.end(), [](const TaskInfo& t) { return t.kind == TaskKind::Binary; })
                     ? "auc"
                     : "loss";
    const bool higher = higherIsBetter(metric);
    double score = 0;
    for (const auto& m : validation) {
        const auto it = m.find(metric);
        const double v = it == m.end() ? std::nan("") : it->second;
        score += std::isfinite(v) ? (higher ? -v : v) : std::numeric_limits<double>::infinity();
    }
    return score;
}

std::vector<Metrics> Trainer::splitMetrics(const Split& split, const Evaluation& evaluation, std::size_t r) const
{
    std::vector<Metrics> metrics;
    for (std::size_t k = 0; k < data_.tasks.size(); ++k)
        metrics.push_back(
            taskMetrics(data_.tasks[k], evaluation.logits[k][static_cast<std::int64_t>(r)], split.y[k], split.mask[k]));
    return metrics;
}

void Trainer::keepIfBest(std::size_t r, int epoch, const Evaluation& validation)
{
    const double score =
        selectionScore(data_.tasks, splitMetrics(data_.validation, validation, r), specs_[r].training.selectMetric);
    auto& run = runs_[r];
    if (run.bestEpoch > 0 && !(score < run.bestScore)) return; // ties keep the earlier epoch
    run.bestEpoch = epoch;
    run.bestScore = score;
    if (!bestValues_.defined()) bestValues_ = torch::zeros_like(flat_->values());
    flat_->copyRun(flat_->values(), bestValues_, static_cast<std::int64_t>(r));
}

void Trainer::recordForReport(std::size_t r, const Evaluation& validation, const Evaluation& test)
{
    auto& run = runs_[r];
    run.recentValidation.push_back(splitMetrics(data_.validation, validation, r));
    run.recentTest.push_back(splitMetrics(data_.test, test, r));
    if (static_cast<int>(run.recentTest.size()) > specs_[r].training.reportLast) {
        run.recentValidation.pop_front();
        run.recentTest.pop_front();
    }
}

void Trainer::averageReported(RunState& run) const
{
    if (run.recentTest.empty()) return;
    auto mean = [](const std::deque<std::vector<Metrics>>& epochs, std::size_t task) {
        Metrics m;
        for (const auto& e : epochs)
            for (const auto& [name, value] : e[task])
                m[name] += value / static_cast<double>(epochs.size());
        return m;
    };
    auto& result = run.result;
    for (std::size_t k = 0; k < result.tasks.size(); ++k) {
        result.tasks[k].reportedEpochs = static_cast<int>(run.recentTest.size());
        result.tasks[k].reportedValidation = mean(run.recentValidation, k);
        result.tasks[k].reportedTest = mean(run.recentTest, k);
    }
}

namespace {

} // namespace

std::vector<GateMatrix> Trainer::gateMatrices(const std::vector<torch::Tensor>& means, std::int64_t run)
{
    std::vector<GateMatrix> out;
    const auto wiring = gateWiring(specs_[0].model, data_.tasks);
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
        g.matrix = rowsOf(means[l][run]);
        if (l < native.size() && native[l].defined()) g.native = rowsOf(native[l][run]);
        out.push_back(std::move(g));
    }
    return out;
}

} // namespace mtlx
