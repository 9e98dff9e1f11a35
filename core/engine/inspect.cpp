#include "core/engine/inspect.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <map>
#include <regex>
#include <sstream>

#include "core/engine/data/dataset.h"
#include "core/engine/models/experts.h"
#include "core/engine/models/modelstate.h"
#include "core/engine/models/pytorchlayout.h"
#include "core/engine/training/metrics.h"
#include "core/engine/training/trainer.h"
#include "core/spec/gatewiring.h"
#include "core/spec/jsonreader.h"
#include "core/spec/specerror.h"

namespace mtlx {
namespace {

// A run folder's saved model, loaded: its spec's data set and a one-run trainer holding the
// weights of DIR/model.pt. Not movable: the trainer holds a reference to the data.
struct SavedRun {
    explicit SavedRun(const std::string& dir)
        : resultPath((std::filesystem::path(dir) / "result.json").string()), spec(resultOfFile(resultPath).spec),
          weights(readFileBytes(modelPathOf(resultPath),
                                "not found (the run kept no model: runs keep one since this version)")),
          // The model's shape needs the data's input width (and, for IDs, the vocabularies).
          data(loadDataset(spec.dataset)), trainer(spec, data)
    {
        loadRunWeights(*trainer.model(), weights, modelPathOf(resultPath));
    }
    SavedRun(const SavedRun&) = delete;
    SavedRun& operator=(const SavedRun&) = delete;

    const std::string resultPath;
    const ExperimentSpec spec;
    const std::string weights;
    const Dataset data;
    Trainer trainer;
};

const Split& splitOf(const Dataset& data, const std::string& name)
{
    if (name == "test") return data.test;
    if (name == "validation") return data.validation;
    if (name == "train") return data.train;
    throw InputError("--split: '" + name + "' is not test, validation or train");
}

// A matrix [rows, …] as rows of doubles (the trailing dimensions flattened).
std::vector<std::vector<double>> rowsOf(const torch::Tensor& t)
{
    const auto m = t.to(torch::kFloat64).reshape({t.size(0), -1}).contiguous();
    std::vector<std::vector<double>> rows(static_cast<std::size_t>(m.size(0)));
    for (std::int64_t i = 0; i < m.size(0); ++i)
        rows[static_cast<std::size_t>(i)].assign(m[i].data_ptr<double>(), m[i].data_ptr<double>() + m.size(1));
    return rows;
}

// Per level, every example's gate weights [N, rows, cols] on the split.
std::vector<torch::Tensor> perExampleGates(MtlModelImpl& model, const Split& split)
{
    torch::NoGradGuard noGrad;
    model.eval();
    std::vector<std::vector<torch::Tensor>> chunks;
    constexpr std::int64_t chunk = 4096;
    for (std::int64_t start = 0; start < split.size(); start += chunk) {
        const auto len = std::min(chunk, split.size() - start);
        const auto out = model.forward(split.x.narrow(0, start, len).unsqueeze(0));
        if (chunks.size() < out.features.gates.size()) chunks.resize(out.features.gates.size());
        for (std::size_t l = 0; l < out.features.gates.size(); ++l)
            chunks[l].push_back(out.features.gates[l][0].to(torch::kFloat64));
    }
    std::vector<torch::Tensor> levels;
    for (auto& c : chunks)
        levels.push_back(torch::cat(c, 0));
    return levels;
}

GateInspection inspectGate(const torch::Tensor& w, bool softmax) // w [N, cols], float64
{
    GateInspection g;
    g.kind = softmax ? "softmax" : "stitch";
    const auto sorted = std::get<0>(w.sort(0)); // per column, ascending
    const auto n = w.size(0);
    for (const double q : kQuantiles) {
        const auto at =
            std::clamp<std::int64_t>(static_cast<std::int64_t>(std::llround(q * static_cast<double>(n - 1))), 0,
                                     std::max<std::int64_t>(n - 1, 0));
        const auto values = sorted[at].contiguous();
        g.quantiles.emplace_back(values.data_ptr<double>(), values.data_ptr<double>() + values.numel());
    }
    const double lo = softmax ? 0.0 : w.min().item<double>(), hi = softmax ? 1.0 : w.max().item<double>();
    for (int i = 0; i <= 10; ++i)
        g.histogramEdges.push_back(lo + (hi - lo) * i / 10.0);
    for (std::int64_t c = 0; c < w.size(1); ++c) {
        const auto column = w.select(1, c);
        const auto bins = ((column - lo) / std::max(hi - lo, 1e-12) * 10).floor().clamp(0, 9).to(torch::kLong);
        const auto counts = torch::bincount(bins, {}, 10).contiguous();
        g.histogram.emplace_back(counts.data_ptr<std::int64_t>(), counts.data_ptr<std::int64_t>() + 10);
    }
    const auto mean = w.mean(0);
    const auto m = (mean / (softmax ? mean.sum() : mean.abs().sum()).clamp_min(1e-12)).contiguous();
    g.expertUse.assign(m.data_ptr<double>(), m.data_ptr<double>() + m.numel());
    if (softmax) g.entropy = (-(w * w.clamp_min(1e-300).log()).sum(1)).mean().item<double>();
    return g;
}

// The knock-out targets of each level: its expert banks in the order the model registered them,
// their experts one after another (the gate columns' order).
std::vector<std::vector<ExpertBankImpl*>> banksByLevel(MtlModelImpl& model)
{
    std::vector<std::vector<ExpertBankImpl*>> levels;
    static const std::regex levelName("level([0-9]+)_");
    for (const auto& m : model.named_modules()) {
        auto* bank = dynamic_cast<ExpertBankImpl*>(m.value().get());
        std::smatch match;
        if (!bank || !std::regex_search(m.key(), match, levelName)) continue;
        const auto l = static_cast<std::size_t>(std::stoi(match[1].str()));
        if (levels.size() <= l) levels.resize(l + 1);
        levels[l].push_back(bank);
    }
    return levels;
}

std::vector<double> splitMetric(Trainer& trainer, const Dataset& data, const Split& split,
                                const std::vector<std::string>& metrics)
{
    const auto e = trainer.evaluate(split, false);
    std::vector<double> values;
    for (std::size_t k = 0; k < data.tasks.size(); ++k) {
        const auto m = taskMetrics(data.tasks[k], e.logits[k][0], split.y[k], split.mask[k]);
        const auto it = m.find(metrics[k]);
        values.push_back(it == m.end() ? std::nan("") : it->second);
    }
    return values;
}

void knockOutEach(Trainer& trainer, const Dataset& data, const Split& split, const std::vector<GateLevel>& wiring,
                  Inspection& in)
{
    const auto banks = banksByLevel(*trainer.model());
    for (std::size_t l = 0; l < banks.size(); ++l) {
        std::int64_t column = 0;
        for (auto* bank : banks[l])
            for (std::int64_t e = 0; e < bank->experts(); ++e, ++column) {
                KnockOut k;
                k.level = static_cast<int>(l);
                const bool named = l < wiring.size() && column < static_cast<std::int64_t>(wiring[l].experts.size());
                k.expert = named ? wiring[l].experts[static_cast<std::size_t>(column)].name
                                 : "expert " + std::to_string(column + 1);
                bank->knockOut(e);
                const auto values = splitMetric(trainer, data, split, in.metrics);
                bank->knockOut(-1);
                for (std::size_t t = 0; t < values.size(); ++t)
                    k.delta.push_back(values[t] - in.baseline[t]);
                in.knockouts.push_back(std::move(k));
            }
    }
}

void shareByLevel(Inspection& in)
{
    for (const auto& g : in.gates) {
        for (std::size_t e = 0; e < g.experts.size(); ++e) {
            auto it = std::find_if(in.experts.begin(), in.experts.end(),
                                   [&](const auto& x) { return x.level == g.level && x.expert == g.experts[e]; });
            if (it == in.experts.end()) it = in.experts.insert(in.experts.end(), {g.level, g.experts[e], 0.0, true});
            it->share += std::abs(g.expertUse[e]);
            if (std::abs(g.expertUse[e]) >= 0.01) it->unused = false;
        }
    }
    std::map<int, double> totals;
    for (const auto& x : in.experts)
        totals[x.level] += x.share;
    for (auto& x : in.experts)
        x.share /= std::max(totals[x.level], 1e-12);
}

} // namespace

struct RunInspector::Loaded {
    explicit Loaded(const std::string& dir) : run(dir) {}
    SavedRun run;
};

RunInspector::RunInspector(const std::string& dir) : loaded_(std::make_unique<Loaded>(dir)) {}
RunInspector::~RunInspector() = default;

const ExperimentSpec& RunInspector::spec() const
{
    return loaded_->run.spec;
}

Inspection RunInspector::inspect(const std::string& splitName)
{
    flushSubnormals(); // the caller's thread may be new (the window's inspector)
    SavedRun& saved = loaded_->run;
    const ExperimentSpec& spec = saved.spec;
    const Dataset& data = saved.data;
    Trainer& trainer = saved.trainer;
    const Split& split = splitOf(data, splitName);
    if (split.size() == 0)
        throw InputError(saved.resultPath + ": the " + splitName + " split of this data set is empty");
    Inspection in;
    in.split = splitName;
    in.examples = split.size();
    for (const auto& t : data.tasks) {
        in.tasks.push_back(t.name);
        in.metrics.push_back(spec.sweep.resolvedMetric(t.kind));
    }
    in.baseline = splitMetric(trainer, data, split, in.metrics);
    const auto wiring = gateWiring(spec.model, data.tasks);
    const auto gates = perExampleGates(*trainer.model(), split);
    for (std::size_t l = 0; l < gates.size() && l < wiring.size(); ++l)
        for (std::size_t row = 0; row < wiring[l].gates.size(); ++row) {
            auto g = inspectGate(gates[l].select(1, static_cast<std::int64_t>(row)),
                                 wiring[l].kind != GateLevel::Kind::Stitch);
            g.level = static_cast<int>(l);
            g.gate = wiring[l].gates[row].name;
            for (const auto& e : wiring[l].experts)
                g.experts.push_back(e.name);
            in.gates.push_back(std::move(g));
        }
    shareByLevel(in);
    knockOutEach(trainer, data, split, wiring, in);
    return in;
}

std::vector<std::pair<std::string, std::vector<double>>> RunInspector::taskLabels() const
{
    std::vector<std::pair<std::string, std::vector<double>>> out;
    for (const auto& t : loaded_->run.data.tasks) {
        std::vector<double> labels;
        if (t.kind == TaskKind::Binary) labels = {0, 1};
        for (int c = 0; t.kind == TaskKind::Multiclass && c < t.classes; ++c)
            labels.push_back(c);
        out.emplace_back(t.name, labels);
    }
    return out;
}

PreferenceView RunInspector::at(std::vector<double> preference)
{
    flushSubnormals();
    const auto& spec = loaded_->run.spec;
    const auto tasks = loaded_->run.data.tasks.size();
    if (!spec.training.preference.conditioned())
        throw InputError(loaded_->run.resultPath + ": the run is not preference-conditioned (training.preference)");
    if (preference.size() != tasks)
        throw InputError("--preference: " + std::to_string(preference.size()) + " values for " + std::to_string(tasks) +
                         " tasks");
    double sum = 0;
    for (const double p : preference) {
        if (!std::isfinite(p) || p < 0) throw InputError("--preference: values must be ≥ 0");
        sum += p;
    }
    if (!(sum > 0)) throw InputError("--preference: values must not all be 0");
    for (auto& p : preference)
        p /= sum;
    return loaded_->run.trainer.evaluateAt(preference);
}

std::vector<RoutedExample> RunInspector::route(const std::string& splitName, const RoutingChoice& choice)
{
    flushSubnormals();
    const Dataset& data = loaded_->run.data;
    const Split& split = splitOf(data, splitName);
    auto candidates = torch::arange(split.size());
    if (choice.task >= 0 && choice.task < static_cast<int>(data.tasks.size())) {
        const auto t = static_cast<std::size_t>(choice.task);
        auto match = split.y[t].to(torch::kFloat64).eq(choice.label);
        if (split.mask[t].defined()) match = match.logical_and(split.mask[t].gt(0));
        candidates = match.nonzero().flatten();
    }
    auto generator = at::make_generator<at::CPUGeneratorImpl>(choice.seed);
    const auto order = torch::randperm(candidates.size(0), generator, torch::kLong);
    const auto picked =
        candidates.index_select(0, order.narrow(0, 0, std::min<std::int64_t>(choice.count, order.size(0))));
    const auto rows = split.rows(picked);
    const auto gates = perExampleGates(*loaded_->run.trainer.model(), rows);
    std::vector<RoutedExample> out;
    for (std::int64_t i = 0; i < picked.size(0); ++i) {
        RoutedExample e;
        e.index = picked[i].item<std::int64_t>();
        for (std::size_t t = 0; t < data.tasks.size(); ++t) {
            const bool labelled = !rows.mask[t].defined() || rows.mask[t][i].item<double>() > 0;
            e.labels.push_back(labelled ? rows.y[t][i].item<double>() : std::nan(""));
        }
        for (const auto& level : gates)
            e.gates.push_back(rowsOf(level[i])); // [rows, experts]
        out.push_back(std::move(e));
    }
    return out;
}

Inspection inspectRun(const std::string& dir, const std::string& splitName)
{
    return RunInspector(dir).inspect(splitName);
}

ExportSummary exportPytorch(const std::string& dir, const ExportOptions& options)
{
    flushSubnormals();
    SavedRun saved(dir);
    auto& model = *saved.trainer.model();
    auto layout =
        referenceLayout(saved.spec.model, saved.data.tasks, saved.data.inputSize(), !saved.data.embeddings.empty());
    if (saved.spec.training.preference.conditioned() && layout.why.empty())
        layout.why = "a preference-conditioned model: its first layer also reads the preference r, an input the "
                     "reference module does not have";
    if (options.programKeys && layout.why.empty()) layout.why = "--keys program";
    ExportSummary summary;
    summary.why = layout.why;
    summary.reference = layout.why.empty() ? layout.toJson() : nlohmann::json();
    writeTextFile(options.file, pytorchStateDict(model, 0, layout, &summary.tensors));
    if (options.sample <= 0) return summary;
    const auto rows = saved.data.test.head(options.sample);
    torch::NoGradGuard noGrad;
    model.eval();
    const auto out = model.forward(rows.x.unsqueeze(0));
    std::vector<torch::Tensor> logits;
    for (const auto& l : out.logits)
        logits.push_back(l[0]);
    const nlohmann::json sample{
        {"reference", summary.reference}, {"input", rowsOf(rows.x)}, {"output", rowsOf(torch::cat(logits, 1))}};
    writeTextFile(options.sampleFile, sample.dump() + "\n");
    return summary;
}

GateInspection inspectGateWeights(const std::vector<std::vector<double>>& weights, bool softmax)
{
    std::vector<double> flat;
    for (const auto& row : weights)
        flat.insert(flat.end(), row.begin(), row.end());
    const auto cols = weights.empty() ? 0 : static_cast<std::int64_t>(weights[0].size());
    return inspectGate(torch::tensor(flat, torch::kFloat64).reshape({static_cast<std::int64_t>(weights.size()), cols}),
                       softmax);
}

nlohmann::json inspectionToJson(const Inspection& in)
{
    nlohmann::json gates = nlohmann::json::array(), experts = nlohmann::json::array(),
                   knockouts = nlohmann::json::array();
    for (const auto& g : in.gates) {
        nlohmann::json quantiles = nlohmann::json::array();
        for (std::size_t i = 0; i < g.quantiles.size(); ++i)
            quantiles.push_back({{"q", kQuantiles[i]}, {"values", g.quantiles[i]}});
        gates.push_back({{"level", g.level},
                         {"gate", g.gate},
                         {"kind", g.kind},
                         {"experts", g.experts},
                         {"quantiles", quantiles},
                         {"histogram", {{"edges", g.histogramEdges}, {"counts", g.histogram}}},
                         {"expert_use", g.expertUse},
                         {"entropy", g.entropy}});
    }
    for (const auto& x : in.experts)
        experts.push_back({{"level", x.level}, {"expert", x.expert}, {"share", x.share}, {"unused", x.unused}});
    for (const auto& k : in.knockouts)
        knockouts.push_back({{"level", k.level}, {"expert", k.expert}, {"delta", k.delta}});
    return {{"split", in.split},       {"examples", in.examples}, {"tasks", in.tasks},  {"metrics", in.metrics},
            {"baseline", in.baseline}, {"gates", gates},          {"experts", experts}, {"knockouts", knockouts}};
}

std::string describeInspection(const Inspection& in)
{
    std::ostringstream out;
    out << std::fixed << std::setprecision(3);
    out << in.split << " split, " << in.examples << " examples\n";
    for (const auto& g : in.gates) {
        out << "level " << g.level + 1 << ", gate " << g.gate << " (entropy " << g.entropy << " nats):\n";
        for (std::size_t e = 0; e < g.experts.size(); ++e)
            out << "  " << std::left << std::setw(18) << g.experts[e] << std::right << " use " << g.expertUse[e]
                << "   5 % " << g.quantiles.front()[e] << "  median " << g.quantiles[2][e] << "  95 % "
                << g.quantiles.back()[e] << '\n';
    }
    for (const auto& x : in.experts)
        if (x.unused) out << "unused: level " << x.level + 1 << " " << x.expert << " (no gate gives it 1 %)\n";
    out << "knock-outs (the " << in.split << " metric with the expert's output zeroed, minus without):\n";
    for (const auto& k : in.knockouts) {
        out << "  level " << k.level + 1 << " " << std::left << std::setw(18) << k.expert << std::right;
        for (std::size_t t = 0; t < k.delta.size(); ++t)
            out << "  " << in.tasks[t] << " " << in.metrics[t] << " " << std::showpos << k.delta[t] << std::noshowpos;
        out << '\n';
    }
    return out.str();
}

} // namespace mtlx
