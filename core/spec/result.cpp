#include "core/spec/result.h"

#include "core/spec/jsonreader.h"
#include "core/spec/pareto.h"
#include "core/spec/specerror.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>

#include <sstream>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace mtlx {

using nlohmann::json;

namespace {

// JSON has no NaN or infinity: such a value is written as null.
json number(double v)
{
    return std::isfinite(v) ? json(v) : json(nullptr);
}

json numbers(const std::vector<double>& values)
{
    json a = json::array();
    for (double v : values)
        a.push_back(number(v));
    return a;
}

json metricsToJson(const Metrics& m)
{
    json j = json::object();
    for (const auto& [name, value] : m)
        j[name] = number(value);
    return j;
}

} // namespace

std::string toString(RunStatus status)
{
    switch (status) {
    case RunStatus::Ok:
        return "ok";
    case RunStatus::Diverged:
        return "diverged";
    case RunStatus::Stopped:
        return "stopped";
    }
    return "ok";
}

std::optional<RunStatus> runStatusFromString(const std::string& text)
{
    for (auto s : {RunStatus::Ok, RunStatus::Diverged, RunStatus::Stopped})
        if (toString(s) == text) return s;
    return std::nullopt;
}

json gateToJson(const GateMatrix& g)
{
    auto matrixToJson = [](const std::vector<std::vector<double>>& m) {
        json a = json::array();
        for (const auto& row : m)
            a.push_back(numbers(row));
        return a;
    };
    json j{
        {"level", g.level}, {"kind", g.kind}, {"rows", g.rows}, {"cols", g.cols}, {"matrix", matrixToJson(g.matrix)}};
    if (!g.reach.empty()) j["reach"] = g.reach;
    if (!g.native.empty()) j["native_expert_lf"] = matrixToJson(g.native);
    return j;
}

json histogramToJson(const Histogram& h)
{
    return json{{"edges", numbers(h.edges)}, {"counts", h.counts}};
}

json epochToJson(const EpochRecord& e)
{
    json j{{"epoch", e.epoch},
           {"seconds", e.seconds},
           {"train_seconds", e.trainSeconds},
           {"lr", e.lr},
           {"train_loss", numbers(e.trainLoss)},
           {"validation_loss", numbers(e.validationLoss)},
           {"test_loss", numbers(e.testLoss)},
           {"task_weights", numbers(e.taskWeights)}};
    if (!e.gradientCosine.empty()) {
        json pairs = json::array();
        for (const auto& c : e.gradientCosine)
            pairs.push_back(json{{"tasks", {c.taskA, c.taskB}},
                                 {"cosine", number(c.cosine)},
                                 {"levels", numbers(c.levels)},
                                 {"samples", c.samples},
                                 {"conflict_share", number(c.conflictShare)}});
        j["gradient_cosine"] = pairs;
    }
    if (!e.updateCosine.empty()) j["update_cosine"] = numbers(e.updateCosine);
    return j;
}

namespace {

std::vector<double> numbersOf(const json& values)
{
    std::vector<double> v;
    for (const auto& x : values)
        v.push_back(x.is_number() ? x.get<double>() : std::nan(""));
    return v;
}

} // namespace

EpochRecord epochFromJson(const json& j)
{
    EpochRecord e;
    e.epoch = j.at("epoch").get<int>();
    e.seconds = j.at("seconds").get<double>();
    e.trainSeconds = j.value("train_seconds", 0.0);
    e.lr = j.value("lr", 0.0); // results written before it was recorded have none
    e.trainLoss = numbersOf(j.at("train_loss"));
    e.validationLoss = numbersOf(j.at("validation_loss"));
    e.testLoss = numbersOf(j.at("test_loss"));
    e.taskWeights = numbersOf(j.at("task_weights"));
    if (j.contains("gradient_cosine"))
        for (const auto& p : j.at("gradient_cosine")) {
            GradientCosine c;
            c.taskA = p.at("tasks").at(0).get<int>();
            c.taskB = p.at("tasks").at(1).get<int>();
            c.cosine = p.at("cosine").is_number() ? p.at("cosine").get<double>() : std::nan("");
            c.levels = numbersOf(p.at("levels"));
            c.samples = p.value("samples", 0);
            const auto share = p.find("conflict_share"); // absent in files of earlier versions
            c.conflictShare = share != p.end() && share->is_number() ? share->get<double>() : std::nan("");
            e.gradientCosine.push_back(c);
        }
    if (j.contains("update_cosine")) e.updateCosine = numbersOf(j.at("update_cosine"));
    return e;
}

json resultToJson(const RunResult& r)
{
    json tasks = json::array();
    for (const auto& t : r.tasks) {
        json task{{"name", t.name},
                  {"kind", toString(t.kind)},
                  {"train", metricsToJson(t.train)},
                  {"validation", metricsToJson(t.validation)},
                  {"test", metricsToJson(t.test)}};
        if (t.reportedEpochs > 0)
            task["reported"] = json{{"epochs", t.reportedEpochs},
                                    {"validation", metricsToJson(t.reportedValidation)},
                                    {"test", metricsToJson(t.reportedTest)}};
        tasks.push_back(task);
    }
    json history = json::array();
    for (const auto& e : r.history)
        history.push_back(epochToJson(e));
    json gates = json::array();
    for (const auto& g : r.gates)
        gates.push_back(gateToJson(g));
    const auto& a = r.activation;
    json j{{"status", toString(r.status)},
           {"message", r.message},
           {"spec", experimentToJson(r.spec)},
           {"task_weights", numbers(r.taskWeights)},
           {"params", {{"training", r.params.training}, {"serving", r.params.serving}}},
           {"tasks", tasks},
           {"history", history},
           {"probes",
            {{"activation",
              {{"layer", a.layer},
               {"units", a.units},
               {"examples", a.examples},
               {"nonzero_fraction_hist", histogramToJson(a.nonzeroFraction)},
               {"nonzero_value_hist", histogramToJson(a.nonzeroValues)}}},
             {"gates", gates}}},
           {"wall_seconds", r.wallSeconds},
           {"examples_per_second", r.examplesPerSecond},
           {"finished_at", r.finishedAt}};
    if (r.selectedEpoch > 0) j["selected_epoch"] = r.selectedEpoch;
    if (!r.front.empty()) {
        json front = json::array();
        for (const auto& p : r.front) {
            json metrics = json::array();
            for (const auto& m : p.tasks)
                metrics.push_back(metricsToJson(m));
            front.push_back({{"weights", numbers(p.weights)}, {"tasks", metrics}});
        }
        j["front"] = front;
        j["front_metrics"] = r.frontMetrics;
        j["front_reference"] = numbers(r.frontReference);
        j["front_hypervolume"] = r.frontHypervolume;
    }
    return j;
}

std::vector<std::vector<double>> frontObjectives(const RunResult& r, std::vector<std::size_t>* kept)
{
    if (kept) kept->clear();
    const auto metrics = r.spec.sweepMetrics();
    std::vector<std::vector<double>> points;
    for (std::size_t i = 0; i < r.front.size(); ++i) {
        const auto& p = r.front[i];
        std::vector<double> values;
        for (std::size_t t = 0; t < metrics.size() && t < p.tasks.size(); ++t) {
            const auto it = p.tasks[t].find(metrics[t]);
            if (it == p.tasks[t].end() || !std::isfinite(it->second)) break;
            values.push_back(objectiveFromMetric(metrics[t], it->second));
        }
        if (values.empty() || values.size() != metrics.size()) continue;
        points.push_back(values);
        if (kept) kept->push_back(i);
    }
    return points;
}

void measureFrontVolume(RunResult& r, const std::vector<double>& reference)
{
    r.frontMetrics = r.spec.sweepMetrics();
    const auto points = frontObjectives(r);
    if (points.empty()) return;
    r.frontReference = reference.empty() ? referencePoint(points) : reference;
    r.frontHypervolume = hypervolume(points, r.frontReference);
}

std::string utcTimestamp()
{
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    ::gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

std::string resultToCsv(const RunResult& r)
{
    std::ostringstream out;
    out << "task,kind,split,metric,value\n";
    for (const auto& t : r.tasks)
        for (const auto& [split, metrics] :
             {std::pair{"train", &t.train}, {"validation", &t.validation}, {"test", &t.test}})
            for (const auto& [name, value] : *metrics)
                out << t.name << ',' << toString(t.kind) << ',' << split << ',' << name << ',' << value << '\n';
    return out.str();
}

namespace {

Metrics metricsFromJson(const json& m)
{
    Metrics out;
    for (const auto& [name, value] : m.items())
        out[name] = value.is_number() ? value.get<double>() : std::nan("");
    return out;
}

} // namespace

namespace {

// "string" → "a string", "object" → "an object", "null" stays.
std::string article(const std::string& type)
{
    if (type.empty() || type == "null") return type;
    return (std::string("aeiou").find(type[0]) != std::string::npos ? "an " : "a ") + type;
}

// What a JSON library error says about the value's shape, in the words of our spec errors
// ("has no key 'epoch'", "must be a string, got a number"), without the library's prefix.
std::string shapeProblem(const json::exception& e)
{
    std::string what = e.what();
    const auto close = what.find("] ");
    if (close != std::string::npos) what = what.substr(close + 2);
    const std::string missing = "key '", notFound = "' not found";
    if (what.rfind(missing, 0) == 0 && what.size() > notFound.size() &&
        what.compare(what.size() - notFound.size(), notFound.size(), notFound) == 0)
        return "has no key '" + what.substr(missing.size(), what.size() - missing.size() - notFound.size()) + "'";
    const std::string typeMust = "type must be ", but = ", but is ";
    if (what.rfind(typeMust, 0) == 0 && what.find(but) != std::string::npos) {
        const auto at = what.find(but);
        return "must be " + article(what.substr(typeMust.size(), at - typeMust.size())) + ", got " +
               article(what.substr(at + but.size()));
    }
    const std::string cannot = "cannot use ";
    if (what.rfind(cannot, 0) == 0 && what.rfind(" with ") != std::string::npos)
        return "must be an object or an array, got " + article(what.substr(what.rfind(" with ") + 6));
    return what;
}

// Reads one part of a result.json; a value of the wrong shape there becomes a SpecError naming
// its path in the file ("history[2]: has no key 'epoch'"), as a spec's errors name theirs.
template <class Read> auto within(const std::string& path, Read&& read) -> decltype(read())
{
    try {
        return read();
    } catch (const SpecError& e) {
        throw SpecError(e.path().empty() ? path : path + "." + e.path(), e.message());
    } catch (const json::exception& e) {
        // The key the path ends with, absent: "probes: is missing", not "probes: has no key 'probes'".
        const auto problem = shapeProblem(e);
        const auto last = path.substr(path.find_last_of('.') == std::string::npos ? 0 : path.find_last_of('.') + 1);
        throw SpecError(path, problem == "has no key '" + last + "'" ? "is missing" : problem);
    }
}

// An optional field: its value, `fallback` when it is absent, an error naming it when its type is wrong.
template <class T> T valueOr(const json& j, const char* key, T fallback)
{
    return within(key, [&] { return j.value(key, std::move(fallback)); });
}

std::string indexed(const std::string& path, std::size_t i)
{
    return path + "[" + std::to_string(i) + "]";
}

TaskResult taskResultFromJson(const json& t)
{
    TaskResult task;
    task.name = t.at("name").get<std::string>();
    task.kind = taskKindFromString(t.at("kind").get<std::string>());
    task.train = metricsFromJson(t.at("train"));
    task.validation = metricsFromJson(t.at("validation"));
    task.test = metricsFromJson(t.at("test"));
    if (t.contains("reported")) {
        task.reportedEpochs = t.at("reported").at("epochs").get<int>();
        task.reportedValidation = metricsFromJson(t.at("reported").at("validation"));
        task.reportedTest = metricsFromJson(t.at("reported").at("test"));
    }
    return task;
}

// An array's elements, each read by `read` under its own path ("tasks[1]").
template <class T, class Read>
std::vector<T> elementsOf(const json& j, const std::string& key, const std::string& path, Read&& read)
{
    const auto& values = within(path, [&]() -> const json& { return j.at(key); });
    if (!values.is_array()) throw SpecError(path, "must be an array, got " + jsonTypeName(values));
    std::vector<T> out;
    for (std::size_t i = 0; i < values.size(); ++i)
        out.push_back(within(indexed(path, i), [&] { return read(values[i]); }));
    return out;
}

void readFront(const json& j, RunResult& r)
{
    r.front = elementsOf<FrontPoint>(j, "front", "front", [](const json& p) {
        FrontPoint point;
        point.weights = numbersOf(p.at("weights"));
        for (const auto& m : p.at("tasks"))
            point.tasks.push_back(metricsFromJson(m));
        return point;
    });
    r.frontMetrics = valueOr(j, "front_metrics", std::vector<std::string>{});
    r.frontReference = within("front_reference", [&] { return numbersOf(j.value("front_reference", json::array())); });
    r.frontHypervolume = valueOr(j, "front_hypervolume", 0.0);
}

} // namespace

RunResult resultFromJson(const json& j)
{
    if (!j.is_object()) throw SpecError("result", "must be an object, got " + jsonTypeName(j));
    RunResult r;
    const auto statusText = within("status", [&] { return j.at("status").get<std::string>(); });
    const auto status = runStatusFromString(statusText);
    if (!status) throw SpecError("status", "'" + statusText + "' is not a run status");
    r.status = *status;
    r.message = valueOr(j, "message", std::string());
    r.spec = within("spec", [&] { return experimentFromJson(j.at("spec")); });
    r.taskWeights = within("task_weights", [&] { return numbersOf(j.at("task_weights")); });
    within("params", [&] {
        r.params.training = j.at("params").at("training").get<std::int64_t>();
        r.params.serving = j.at("params").at("serving").get<std::int64_t>();
    });
    r.tasks = elementsOf<TaskResult>(j, "tasks", "tasks", taskResultFromJson);
    r.history = elementsOf<EpochRecord>(j, "history", "history", epochFromJson);
    const auto& probes = within("probes", [&]() -> const json& { return j.at("probes"); });
    if (!probes.is_object()) throw SpecError("probes", "must be an object, got " + jsonTypeName(probes));
    r.activation = within("probes.activation", [&] { return activationProbeFromJson(j); });
    r.gates = elementsOf<GateMatrix>(probes, "gates", "probes.gates", gateFromJson);
    r.wallSeconds = valueOr(j, "wall_seconds", 0.0);
    r.examplesPerSecond = valueOr(j, "examples_per_second", 0.0);
    r.finishedAt = valueOr(j, "finished_at", std::string());
    r.selectedEpoch = valueOr(j, "selected_epoch", 0);
    if (j.contains("front")) readFront(j, r);
    return r;
}

RunResult resultOfFile(const std::string& path)
{
    const auto j = readJsonFile(path);
    try {
        return resultFromJson(j);
    } catch (const SpecError& e) {
        throw InputError(path + ": " + e.what());
    }
}

bool isRunResult(const json& j)
{
    return j.is_object() && j.contains("status") && j.contains("spec");
}

Histogram histogramFromJson(const json& h)
{
    Histogram out{h.at("edges").get<std::vector<double>>(), h.at("counts").get<std::vector<std::int64_t>>()};
    // Bin i lies between edges i and i + 1: a reader walks both arrays together.
    if (!out.counts.empty() && out.edges.size() != out.counts.size() + 1)
        throw SpecError("histogram", std::to_string(out.counts.size()) + " counts need " +
                                         std::to_string(out.counts.size() + 1) + " edges, not " +
                                         std::to_string(out.edges.size()));
    return out;
}

ActivationProbe activationProbeFromJson(const json& result)
{
    const auto& a = result.at("probes").at("activation");
    ActivationProbe p;
    p.layer = a.at("layer").get<std::string>();
    p.units = a.value("units", std::int64_t{0});
    p.examples = a.value("examples", std::int64_t{0});
    // A histogram's own error names the key it was read from.
    const auto histogram = [&a](const char* key) {
        try {
            return histogramFromJson(a.at(key));
        } catch (const SpecError& e) {
            throw SpecError(key, e.message());
        }
    };
    p.nonzeroFraction = histogram("nonzero_fraction_hist");
    p.nonzeroValues = histogram("nonzero_value_hist");
    return p;
}

GateMatrix gateFromJson(const json& g)
{
    GateMatrix m;
    m.level = g.at("level").get<int>();
    m.kind = g.value("kind", std::string("softmax"));
    m.rows = g.at("rows").get<std::vector<std::string>>();
    m.cols = g.at("cols").get<std::vector<std::string>>();
    m.matrix = g.at("matrix").get<std::vector<std::vector<double>>>();
    if (g.contains("reach")) m.reach = g.at("reach").get<std::vector<std::vector<bool>>>();
    if (g.contains("native_expert_lf")) m.native = g.at("native_expert_lf").get<std::vector<std::vector<double>>>();
    // The heatmap reads cell (row, column) of every matrix: each must be rows × cols.
    auto shaped = [&](const auto& matrix, const char* field) {
        if (matrix.empty() && std::string(field) != "matrix") return;
        bool ok = matrix.size() == m.rows.size();
        for (const auto& row : matrix)
            ok = ok && row.size() == m.cols.size();
        if (!ok)
            throw SpecError(field, "is not " + std::to_string(m.rows.size()) + " rows × " +
                                       std::to_string(m.cols.size()) + " columns");
    };
    shaped(m.matrix, "matrix");
    shaped(m.reach, "reach");
    shaped(m.native, "native_expert_lf");
    return m;
}

ActivationProbe activationProbeOfFile(const std::string& path)
{
    std::ifstream in(path);
    if (!in) throw InputError(path + ": cannot open");
    try {
        return activationProbeFromJson(json::parse(in));
    } catch (const json::exception& e) {
        std::string what = e.what();
        throw InputError(path + ": not a result.json with an activation probe (" + what.substr(0, 160) + ")");
    }
}

void requireWritableFolder(const std::string& dir)
{
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw InputError(dir + ": cannot create the output folder (" + ec.message() + ")");
    std::string probe = (std::filesystem::path(dir) / ".mtlx-write-test.XXXXXX").string();
    const int fd = ::mkstemp(probe.data());
    if (fd < 0) throw InputError(dir + ": cannot write in the output folder (" + std::strerror(errno) + ")");
    ::close(fd);
    std::remove(probe.c_str());
}

void writeJsonFile(const std::string& path, const json& value)
{
    writeTextFile(path, value.dump(2) + "\n");
}

void writeTextFile(const std::string& path, const std::string& text)
{
    // A temporary of its own (two writers of one file never share it), then an atomic rename.
    std::string tmp = path + ".tmp.XXXXXX";
    const int fd = ::mkstemp(tmp.data());
    if (fd < 0) throw InputError(path + ": cannot write (" + std::string(std::strerror(errno)) + ")");
    ::fchmod(fd, 0644);
    const char* p = text.data();
    std::size_t left = text.size();
    int error = 0;
    while (left > 0 && error == 0) {
        const auto n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            error = n < 0 ? errno : EIO;
        else
            p += n, left -= static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0 && error == 0) error = errno;
    if (error != 0) {
        std::remove(tmp.c_str());
        throw InputError(path + ": write failed (" + std::string(std::strerror(error)) + ")");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const int saved = errno;
        std::remove(tmp.c_str());
        throw InputError(path + ": cannot replace (" + std::string(std::strerror(saved)) + ")");
    }
}

std::string modelPathOf(const std::string& resultPath)
{
    return (std::filesystem::path(resultPath).parent_path() / "model.pt").string();
}

std::string readFileBytes(const std::string& path, const std::string& missing)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": " + missing);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

bool writeModelFile(const std::string& resultPath, const RunResult& result)
{
    if (!result.weights) return false;
    writeTextFile(modelPathOf(resultPath), *result.weights);
    return true;
}

} // namespace mtlx
