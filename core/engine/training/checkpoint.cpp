// Trainer::checkpoint and Trainer::restore (trainer.h): a run stopped or killed after an epoch
// goes on from there to the numbers it would have had.
#include <limits>
#include <sstream>

#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>

#include "core/engine/models/modelstate.h"
#include "core/engine/training/trainer.h"
#include "core/spec/specerror.h"

namespace mtlx {
namespace {

constexpr const char* kFormat = "mtlx-checkpoint 1";

nlohmann::json metricsRows(const std::deque<std::vector<Metrics>>& rows)
{
    nlohmann::json out = nlohmann::json::array();
    for (const auto& epoch : rows)
        out.push_back(epoch); // [task] of {metric: value}
    return out;
}

// A number written to JSON, read back (NaN and ±∞ are written as null: NaN comes back).
double numberFrom(const nlohmann::json& v)
{
    return v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN();
}

std::deque<std::vector<Metrics>> metricsRowsFrom(const nlohmann::json& rows)
{
    std::deque<std::vector<Metrics>> out;
    for (const auto& epoch : rows) {
        std::vector<Metrics> tasks;
        for (const auto& task : epoch) {
            Metrics m;
            for (const auto& [name, value] : task.items())
                m[name] = numberFrom(value);
            tasks.push_back(m);
        }
        out.push_back(tasks);
    }
    return out;
}

torch::serialize::InputArchive openArchive(const std::string& bytes, const std::string& source)
{
    auto archive = readArchive(bytes, source, "checkpoint");
    c10::IValue format;
    if (!archive.try_read("format", format) || !format.isString() || format.toStringRef() != kFormat)
        throw InputError(source + ": not a checkpoint of this program (no '" + std::string(kFormat) + "' mark)");
    return archive;
}

std::string stringOf(torch::serialize::InputArchive& archive, const std::string& key, const std::string& source)
{
    c10::IValue v;
    if (!archive.try_read(key, v) || !v.isString()) throw InputError(source + ": the checkpoint has no " + key);
    return v.toStringRef();
}

// The specs a checkpoint's archive holds.
std::vector<ExperimentSpec> specsIn(torch::serialize::InputArchive& archive, const std::string& source)
{
    std::vector<ExperimentSpec> specs;
    try {
        for (const auto& s : nlohmann::json::parse(stringOf(archive, "specs", source)))
            specs.push_back(experimentFromJson(s));
    } catch (const nlohmann::json::exception& e) {
        throw InputError(source + ": its specs cannot be read (" + std::string(e.what()) + ")");
    }
    if (specs.empty()) throw InputError(source + ": the checkpoint holds no run");
    return specs;
}

} // namespace

std::string Trainer::checkpoint(int epoch) const
{
    torch::serialize::OutputArchive archive;
    archive.write("format", c10::IValue(std::string(kFormat)));
    nlohmann::json specs = nlohmann::json::array(), runs = nlohmann::json::array();
    for (const auto& s : specs_)
        specs.push_back(experimentToJson(s));
    for (const auto& run : runs_) {
        nlohmann::json history = nlohmann::json::array();
        for (const auto& e : run.result.history)
            history.push_back(epochToJson(e));
        runs.push_back({{"status", toString(run.result.status)},
                        {"message", run.result.message},
                        {"training", run.training},
                        {"ended", run.ended},
                        {"history", history},
                        {"best_epoch", run.bestEpoch},
                        {"best_score", run.bestScore},
                        {"recent_validation", metricsRows(run.recentValidation)},
                        {"recent_test", metricsRows(run.recentTest)}});
    }
    archive.write("specs", c10::IValue(specs.dump()));
    archive.write("runs", c10::IValue(runs.dump()));
    archive.write("epoch", torch::tensor(static_cast<std::int64_t>(epoch)));
    archive.write("values", flat_->values().detach());
    if (bestValues_.defined()) archive.write("best_values", bestValues_);
    archive.write("counters",
                  torch::tensor({trainSeconds_, runSeconds_, static_cast<double>(examplesSeen_)}, torch::kFloat64));
    optimizer_->saveState(archive);
    torch::serialize::OutputArchive weighting;
    weighting_->saveState(weighting);
    archive.write("weighting", weighting);
    const auto heads = model_->randomStates();
    for (std::size_t r = 0; r < heads.size(); ++r)
        archive.write("heads_rng_" + std::to_string(r), heads[r]);
    archive.write("torch_rng", at::detail::getDefaultCPUGenerator().get_state());
    std::ostringstream out;
    archive.save_to(out);
    return out.str();
}

std::vector<ExperimentSpec> Trainer::checkpointSpecs(const std::string& bytes, const std::string& source)
{
    auto archive = openArchive(bytes, source);
    return specsIn(archive, source);
}

void Trainer::restore(const std::string& bytes, const std::string& source)
{
    auto archive = openArchive(bytes, source);
    const auto specs = specsIn(archive, source);
    if (specs.size() != specs_.size()) throw InputError(source + ": a checkpoint of another stack of runs");
    for (std::size_t r = 0; r < specs.size(); ++r)
        if (experimentToJson(specs[r]) != experimentToJson(specs_[r]))
            throw InputError(source + ": a checkpoint of another experiment");
    torch::NoGradGuard noGrad;
    torch::Tensor epoch, values, best, counters;
    archive.read("epoch", epoch);
    archive.read("values", values);
    if (values.sizes() != flat_->values().sizes())
        throw InputError(source + ": its weights do not fit this model (" + std::to_string(values.numel()) +
                         " values, the model has " + std::to_string(flat_->values().numel()) + ")");
    flat_->values().copy_(values);
    if (archive.try_read("best_values", best)) bestValues_ = best.clone();
    archive.read("counters", counters);
    trainSeconds_ = counters[0].item<double>();
    runSeconds_ = counters[1].item<double>();
    examplesSeen_ = static_cast<std::int64_t>(counters[2].item<double>());
    optimizer_->loadState(archive);
    torch::serialize::InputArchive weighting;
    archive.read("weighting", weighting);
    weighting_->loadState(weighting);
    std::vector<torch::Tensor> heads;
    for (std::size_t r = 0;; ++r) {
        torch::Tensor state;
        if (!archive.try_read("heads_rng_" + std::to_string(r), state)) break;
        heads.push_back(state);
    }
    model_->setRandomStates(heads);
    torch::Tensor rng;
    archive.read("torch_rng", rng);
    auto generator = at::detail::getDefaultCPUGenerator(); // a handle: its state is the global one's
    generator.set_state(rng);
    const auto runs = nlohmann::json::parse(stringOf(archive, "runs", source));
    for (std::size_t r = 0; r < runs_.size() && r < runs.size(); ++r) {
        auto& run = runs_[r];
        const auto& j = runs[r];
        run.result.status = runStatusFromString(j.at("status").get<std::string>()).value_or(RunStatus::Ok);
        run.result.message = j.at("message").get<std::string>();
        run.training = j.at("training").get<bool>();
        run.ended = j.at("ended").get<bool>();
        run.result.history.clear();
        for (const auto& e : j.at("history"))
            run.result.history.push_back(epochFromJson(e));
        run.bestEpoch = j.at("best_epoch").get<int>();
        // A best score of +∞ (a task without the selection metric) was written as null.
        const auto& score = j.at("best_score");
        run.bestScore = score.is_number() ? score.get<double>() : std::numeric_limits<double>::infinity();
        run.recentValidation = metricsRowsFrom(j.at("recent_validation"));
        run.recentTest = metricsRowsFrom(j.at("recent_test"));
    }
    startEpoch_ = static_cast<int>(epoch.item<std::int64_t>()) + 1;
}

} // namespace mtlx
