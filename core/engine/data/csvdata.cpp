// Any CSV with a header: the spec names the feature columns and the label columns.
#include <cmath>
#include <filesystem>
#include <set>

#include "core/engine/data/datafiles.h"
#include "core/engine/data/realdata.h"
#include "core/engine/data/tabular.h"
#include "core/spec/specerror.h"

namespace mtlx {
namespace {

// dataset.path as given (absolute), or looked for in the data folders and then the working folder.
std::string findCsv(const DatasetSpec& spec)
{
    const std::string& path = spec.path;
    std::error_code ec;
    if (std::filesystem::path(path).is_absolute()) {
        if (!std::filesystem::is_regular_file(path, ec)) throw InputError(path + ": no such file (dataset.path)");
        return path;
    }
    const DataSource source{"CSV", {}, "Check dataset.path."};
    auto found = findOptionalDataFile(spec.dataDir, source, path);
    if (found.empty() && std::filesystem::is_regular_file(path, ec)) found = path;
    if (found.empty()) found = findDataFile(spec.dataDir, source, path); // throws, listing the places
    return found;
}

// The feature columns and each task's label column; a column may serve once.
Features csvColumns(const Table& t, const DatasetSpec& spec, std::vector<std::size_t>& taskColumns)
{
    Features f;
    f.names = t.header;
    std::set<std::size_t> used;
    auto claim = [&](const std::string& name, const std::string& role) {
        const auto c = t.column(name);
        if (!used.insert(c).second) throw InputError(t.path + ": column '" + name + "' is used twice (" + role + ")");
        return c;
    };
    for (const auto& n : spec.numeric)
        f.numeric.push_back(claim(n, "numeric"));
    for (const auto& n : spec.categorical)
        f.categorical.push_back(claim(n, "categorical"));
    for (const auto& task : spec.csvTasks)
        taskColumns.push_back(claim(task.column, "task"));
    return f;
}

// One task's labels for every row, checked so that an error names the line.
torch::Tensor csvLabels(const Table& t, const CsvTaskSpec& task, std::size_t c)
{
    auto where = [&](std::int64_t r) {
        return t.path + ":" + std::to_string(t.lines[static_cast<std::size_t>(r)]) + ": column '" + task.column + "': ";
    };
    if (task.kind == TaskKind::Regression) {
        auto v = t.numeric(c, task.column);
        return floatTensor(v, {t.rows});
    }
    if (task.kind == TaskKind::Multiclass) {
        auto y = torch::empty({t.rows}, torch::kLong);
        const auto v = t.numeric(c, task.column);
        for (std::int64_t r = 0; r < t.rows; ++r) {
            const float value = v[static_cast<std::size_t>(r)];
            if (value != std::floor(value) || value < 0 || value >= static_cast<float>(task.classes))
                throw InputError(where(r) + "'" + t.value(c, r) + "' is not a class 0…" +
                                 std::to_string(task.classes - 1));
            y[r] = static_cast<std::int64_t>(value);
        }
        return y;
    }
    std::vector<float> y(static_cast<std::size_t>(t.rows));
    for (std::int64_t r = 0; r < t.rows; ++r) {
        const auto& s = t.value(c, r);
        if (!task.positive.empty())
            y[static_cast<std::size_t>(r)] = s == task.positive ? 1.0f : 0.0f;
        else if (s == "0" || s == "1")
            y[static_cast<std::size_t>(r)] = s == "1" ? 1.0f : 0.0f;
        else
            throw InputError(where(r) + "'" + s + "' is not 0 or 1 (set the task's \"positive\" value)");
    }
    return floatTensor(y, {t.rows});
}

} // namespace

Dataset loadCsv(const DatasetSpec& spec, const LoadProgress& progress)
{
    const std::string path = findCsv(spec);
    TextFormat format;
    format.kind = TextFormat::Kind::Csv;
    format.header = true;
    const Table t = readTable(path, format, reporter(progress, path));
    std::vector<std::size_t> taskColumns;
    const Features f = csvColumns(t, spec, taskColumns);
    std::vector<torch::Tensor> labels;
    for (std::size_t k = 0; k < spec.csvTasks.size(); ++k)
        labels.push_back(csvLabels(t, spec.csvTasks[k], taskColumns[k]));

    const auto order = permutation(t.rows, spec.seed, kRowOrder);
    const auto nValidation =
        static_cast<std::int64_t>(std::floor(spec.validationFraction * static_cast<double>(t.rows)));
    const auto nTest = static_cast<std::int64_t>(std::floor(spec.testFraction * static_cast<double>(t.rows)));
    const auto nTrain = t.rows - nValidation - nTest;
    if (nTrain < 1 || nTest < 1)
        throw InputError(path + ": " + std::to_string(t.rows) + " rows are too few for a train and a test split");
    auto slice = [&](std::int64_t from, std::int64_t count) {
        return std::vector<std::int64_t>(order.begin() + from, order.begin() + from + count);
    };
    const auto trainRows = slice(0, limited(nTrain, spec.limitTrain));
    const auto encoding = fitEncoding(t, f, trainRows);
    auto makeSplit = [&](const std::vector<std::int64_t>& rows) {
        Split s;
        s.x = encode(t, f, encoding, rows);
        const auto index = torch::tensor(rows, torch::kLong);
        for (const auto& y : labels) {
            s.y.push_back(y.index_select(0, index));
            s.mask.emplace_back();
        }
        return s;
    };
    Dataset d;
    d.tasks = spec.tasks();
    d.inputShape = {encoding.width};
    d.train = makeSplit(trainRows);
    d.validation = makeSplit(slice(nTrain, nValidation));
    d.test = makeSplit(slice(nTrain + nValidation, limited(nTest, spec.limitTest)));
    d.features = describeEncoding(f, encoding);
    return d;
}

} // namespace mtlx
