#include "core/engine/datasummary.h"

#include "core/engine/data/dataset.h"
#include "core/spec/text.h"

namespace mtlx {
namespace {

LabelSummary summariseLabels(const Split& split, std::size_t task, const TaskInfo& info)
{
    LabelSummary s;
    auto y = split.y.at(task);
    if (split.mask.size() > task && split.mask[task].defined()) y = y.index({split.mask[task] > 0.5});
    s.rows = y.size(0);
    if (s.rows == 0) return s;
    if (info.kind == TaskKind::Multiclass) {
        const auto counts = torch::bincount(y.to(torch::kLong), {}, info.classes).to(torch::kDouble);
        for (std::int64_t c = 0; c < info.classes; ++c)
            s.classShares.push_back(counts[c].item<double>() / static_cast<double>(s.rows));
        return s;
    }
    const auto v = y.to(torch::kDouble);
    s.mean = v.mean().item<double>();
    s.sd = s.rows > 1 ? v.std().item<double>() : 0.0;
    if (info.kind == TaskKind::Binary) s.positiveRate = s.mean;
    return s;
}

nlohmann::json labelJson(const LabelSummary& s, TaskKind kind)
{
    nlohmann::json j{{"rows", s.rows}};
    if (kind == TaskKind::Binary) j["positive_rate"] = s.positiveRate;
    if (kind == TaskKind::Multiclass) j["class_shares"] = s.classShares;
    if (kind == TaskKind::Regression) j["mean"] = s.mean, j["sd"] = s.sd;
    return j;
}

std::string labelText(const LabelSummary& s, TaskKind kind)
{
    if (s.rows == 0) return "no rows";
    if (kind == TaskKind::Binary) return formatNumber(100 * s.positiveRate, 3) + " % positive";
    if (kind == TaskKind::Regression) return "mean " + formatNumber(s.mean, 4) + ", sd " + formatNumber(s.sd, 4);
    std::string text;
    for (std::size_t c = 0; c < s.classShares.size(); ++c)
        text += (c ? " " : "") + std::to_string(c) + ":" + formatNumber(100 * s.classShares[c], 3) + "%";
    return text;
}

} // namespace

DataSummary summariseData(const DatasetSpec& spec, const LoadProgress& progress)
{
    const Dataset d = loadDataset(spec, progress);
    DataSummary s;
    s.kind = spec.kind;
    s.train = d.train.size();
    s.validation = d.validation.size();
    s.test = d.test.size();
    s.inputShape = d.inputShape;
    s.inputWidth = d.inputSize();
    s.embeddings = d.embeddings;
    s.features = d.features;
    for (std::size_t t = 0; t < d.tasks.size(); ++t)
        s.tasks.push_back({d.tasks[t], summariseLabels(d.train, t, d.tasks[t]),
                           summariseLabels(d.validation, t, d.tasks[t]), summariseLabels(d.test, t, d.tasks[t])});
    return s;
}

nlohmann::json toJson(const DataSummary& s)
{
    nlohmann::json tasks = nlohmann::json::array(), features = nlohmann::json::array();
    for (const auto& t : s.tasks) {
        nlohmann::json j{{"name", t.task.name}, {"kind", toString(t.task.kind)}};
        if (t.task.kind == TaskKind::Multiclass) j["classes"] = t.task.classes;
        j["train"] = labelJson(t.train, t.task.kind);
        j["validation"] = labelJson(t.validation, t.task.kind);
        j["test"] = labelJson(t.test, t.task.kind);
        tasks.push_back(j);
    }
    for (const auto& f : s.features)
        features.push_back({{"name", f.name}, {"encoding", f.encoding}, {"width", f.width}});
    return {{"kind", s.kind},
            {"splits", {{"train", s.train}, {"validation", s.validation}, {"test", s.test}}},
            {"input_shape", s.inputShape},
            {"input_width", s.inputWidth},
            {"embeddings", s.embeddings},
            {"tasks", tasks},
            {"features", features}};
}

std::vector<std::string> describe(const DataSummary& s)
{
    std::string shape;
    for (auto n : s.inputShape)
        shape += (shape.empty() ? "" : "×") + std::to_string(n);
    std::vector<std::string> lines{
        s.kind + ": " + std::to_string(s.train) + " train, " + std::to_string(s.validation) + " validation, " +
        std::to_string(s.test) + " test examples; input " + shape + " (" + std::to_string(s.inputWidth) + " values" +
        (s.embeddings.empty() ? "" : ", the first " + std::to_string(s.embeddings.size()) + " IDs") + ")"};
    for (const auto& t : s.tasks)
        lines.push_back("task " + t.task.name + " (" + toString(t.task.kind) + "): train " +
                        labelText(t.train, t.task.kind) + "; validation " + labelText(t.validation, t.task.kind) +
                        "; test " + labelText(t.test, t.task.kind));
    if (!s.features.empty()) lines.push_back(std::to_string(s.features.size()) + " feature columns:");
    for (const auto& f : s.features)
        lines.push_back("  " + f.name + ": " + f.encoding);
    return lines;
}

} // namespace mtlx
