#include "core/realdata.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/datafiles.h"
#include "core/rng.h"
#include "core/specerror.h"
#include "core/table.h"

namespace mtlx {
namespace {

// Streams of the data seed used here (synthetic data use 1…29).
constexpr std::uint64_t kTrainOrder = 100, kHoldoutOrder = 101, kPairTrain = 200, kPairValidation = 201,
                        kPairTest = 202, kNegatives = 300, kRowOrder = 301;

std::int64_t limited(std::int64_t n, std::int64_t limit) { return limit > 0 ? std::min(n, limit) : n; }

std::vector<std::int64_t> permutation(std::int64_t n, std::uint64_t seed, std::uint64_t stream)
{
    std::vector<std::int64_t> p(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) p[static_cast<std::size_t>(i)] = i;
    Rng rng(seed, stream);
    for (std::int64_t i = n - 1; i > 0; --i)
        std::swap(p[static_cast<std::size_t>(i)], p[rng.below(static_cast<std::uint64_t>(i + 1))]);
    return p;
}

std::string baseName(const std::string& path) { return std::filesystem::path(path).filename().string(); }

std::function<void(double)> reporter(const LoadProgress& progress, const std::string& path)
{
    if (!progress) return {};
    const std::string name = baseName(path);
    return [progress, name](double f) { progress(name, f); };
}

torch::Tensor floatTensor(std::vector<float>& v, std::vector<std::int64_t> shape)
{
    return torch::from_blob(v.data(), shape, torch::kFloat32).clone();
}

// ---------------------------------------------------------------- tabular encoding

struct Features {
    std::vector<std::size_t> numeric, categorical;  // column indices
    std::vector<std::string> names;                 // by column index, for errors
};

// One-hot dictionaries and standardisation statistics, fitted on the train rows only.
struct Encoding {
    std::vector<double> mean, stddev;                                   // per numeric column
    std::vector<std::unordered_map<std::string, std::int64_t>> slots;  // per categorical column
    std::int64_t width = 0;
};

std::string columnName(const Features& f, std::size_t c)
{
    return c < f.names.size() && !f.names[c].empty() ? f.names[c] : "column " + std::to_string(c + 1);
}

Encoding fitEncoding(const Table& t, const Features& f, const std::vector<std::int64_t>& rows)
{
    Encoding e;
    for (auto c : f.numeric) {
        const auto v = t.numeric(c, columnName(f, c));
        double m = 0, var = 0;
        for (auto r : rows) m += v[static_cast<std::size_t>(r)];
        m /= static_cast<double>(std::max<std::size_t>(rows.size(), 1));
        for (auto r : rows) var += (v[static_cast<std::size_t>(r)] - m) * (v[static_cast<std::size_t>(r)] - m);
        var /= static_cast<double>(std::max<std::size_t>(rows.size(), 1));
        e.mean.push_back(m);
        e.stddev.push_back(var > 0 ? std::sqrt(var) : 1.0);
    }
    e.width = static_cast<std::int64_t>(f.numeric.size());
    for (auto c : f.categorical) {
        std::vector<bool> seen(t.dict[c].size(), false);
        for (auto r : rows) seen[static_cast<std::size_t>(t.codes[c][static_cast<std::size_t>(r)])] = true;
        std::vector<std::string> values;
        for (std::size_t k = 0; k < seen.size(); ++k)
            if (seen[k]) values.push_back(t.dict[c][k]);
        std::sort(values.begin(), values.end());  // the same layout whatever the row order
        std::unordered_map<std::string, std::int64_t> slot;
        for (const auto& v : values) slot.emplace(v, e.width++);
        e.slots.push_back(std::move(slot));
    }
    return e;
}

// Encodes rows of a table (which may be another file than the one fitted: values are matched by
// string; a category never seen in train encodes as all zeros).
torch::Tensor encode(const Table& t, const Features& f, const Encoding& e, const std::vector<std::int64_t>& rows)
{
    const auto n = static_cast<std::int64_t>(rows.size());
    auto x = torch::zeros({n, e.width}, torch::kFloat32);
    auto* p = x.data_ptr<float>();
    for (std::size_t k = 0; k < f.numeric.size(); ++k) {
        const auto v = t.numeric(f.numeric[k], columnName(f, f.numeric[k]));
        for (std::int64_t i = 0; i < n; ++i)
            p[i * e.width + static_cast<std::int64_t>(k)] =
                static_cast<float>((v[static_cast<std::size_t>(rows[static_cast<std::size_t>(i)])] - e.mean[k]) / e.stddev[k]);
    }
    for (std::size_t k = 0; k < f.categorical.size(); ++k) {
        const auto c = f.categorical[k];
        std::vector<std::int64_t> slotOfCode(t.dict[c].size(), -1);
        for (std::size_t code = 0; code < t.dict[c].size(); ++code) {
            auto it = e.slots[k].find(t.dict[c][code]);
            if (it != e.slots[k].end()) slotOfCode[code] = it->second;
        }
        for (std::int64_t i = 0; i < n; ++i) {
            const auto code = t.codes[c][static_cast<std::size_t>(rows[static_cast<std::size_t>(i)])];
            const auto slot = slotOfCode[static_cast<std::size_t>(code)];
            if (slot >= 0) p[i * e.width + slot] = 1.0f;
        }
    }
    return x;
}

// A binary label: 1 where the column's value is one of `positives`.
torch::Tensor binaryLabel(const Table& t, std::size_t column, const std::vector<std::string>& positives,
                          const std::vector<std::int64_t>& rows)
{
    std::vector<float> byCode(t.dict[column].size(), 0.0f);
    for (std::size_t k = 0; k < byCode.size(); ++k)
        byCode[k] = std::find(positives.begin(), positives.end(), t.dict[column][k]) != positives.end() ? 1.0f : 0.0f;
    std::vector<float> y;
    y.reserve(rows.size());
    for (auto r : rows) y.push_back(byCode[static_cast<std::size_t>(t.codes[column][static_cast<std::size_t>(r)])]);
    return floatTensor(y, {static_cast<std::int64_t>(y.size())});
}

std::vector<std::int64_t> range(std::int64_t from, std::int64_t to)
{
    std::vector<std::int64_t> r;
    for (std::int64_t i = from; i < to; ++i) r.push_back(i);
    return r;
}

// ---------------------------------------------------------------- UCI census files

struct UciTask {
    std::string name;
    std::size_t column;
    std::vector<std::string> positives;
};

struct UciLayout {
    DataSource source;
    std::string trainFile, testFile;
    int columns;
    bool banner;
    std::vector<std::size_t> numeric, dropped;  // dropped: never features (weights, the label)
    std::vector<UciTask> tasks;
};

// train = the .data file (rows in a seeded order, so --limit-train takes a random sample);
// the .test file is split 1:1 into validation and test with the seed.
Dataset loadUci(const DatasetSpec& spec, const UciLayout& layout, const LoadProgress& progress)
{
    TextFormat format;
    format.kind = TextFormat::Kind::CommaSpace;
    format.columns = layout.columns;
    format.skipBanner = layout.banner;
    format.stripLabelPeriod = true;
    const auto trainPath = findDataFile(spec.dataDir, layout.source, layout.trainFile);
    const auto testPath = findDataFile(spec.dataDir, layout.source, layout.testFile);
    const Table train = readTable(trainPath, format, reporter(progress, trainPath));
    const Table test = readTable(testPath, format, reporter(progress, testPath));

    std::vector<UciTask> tasks;
    std::set<std::size_t> excluded(layout.dropped.begin(), layout.dropped.end());
    for (const auto& name : spec.taskNames)
        for (const auto& t : layout.tasks)
            if (t.name == name) {
                tasks.push_back(t);
                excluded.insert(t.column);  // a task's defining column is not a feature
            }
    Features f;
    for (std::size_t c = 0; c < static_cast<std::size_t>(layout.columns); ++c) {
        if (excluded.count(c)) continue;
        if (std::find(layout.numeric.begin(), layout.numeric.end(), c) != layout.numeric.end()) f.numeric.push_back(c);
        else f.categorical.push_back(c);
    }
    const auto trainRows = permutation(train.rows, spec.seed, kTrainOrder);
    const auto holdout = permutation(test.rows, spec.seed, kHoldoutOrder);
    const auto half = test.rows / 2;
    const std::vector<std::int64_t> validationRows(holdout.begin(), holdout.begin() + half);
    std::vector<std::int64_t> testRows(holdout.begin() + half, holdout.end());
    std::vector<std::int64_t> usedTrain = trainRows;
    usedTrain.resize(static_cast<std::size_t>(limited(train.rows, spec.limitTrain)));
    testRows.resize(static_cast<std::size_t>(limited(static_cast<std::int64_t>(testRows.size()), spec.limitTest)));

    // Encoding statistics come from the rows trained on.
    const auto encoding = fitEncoding(train, f, usedTrain);
    auto makeSplit = [&](const Table& t, const std::vector<std::int64_t>& rows) {
        Split s;
        s.x = encode(t, f, encoding, rows);
        for (const auto& task : tasks) {
            s.y.push_back(binaryLabel(t, task.column, task.positives, rows));
            s.mask.emplace_back();
        }
        return s;
    };
    Dataset d;
    d.tasks = spec.tasks();
    d.inputShape = {encoding.width};
    d.train = makeSplit(train, usedTrain);
    d.validation = makeSplit(test, validationRows);
    d.test = makeSplit(test, testRows);
    return d;
}

// ---------------------------------------------------------------- images

DataSource imageSource(const std::string& kind)
{
    if (kind == "multi_fashion")
        return {"Fashion-MNIST",
                {"fashion-mnist", "fashion_mnist"},
                "Install Debian's dataset-fashion-mnist package (it puts the four files in "
                "/usr/share/datasets/fashion-mnist) or download them from github.com/zalandoresearch/fashion-mnist."};
    return {"MNIST", {"mnist"}, "Download the four *-idx?-ubyte.gz files from yann.lecun.com/exdb/mnist."};
}

std::uint32_t bigEndian(const std::string& s, std::size_t at)
{
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) << 24) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3]));
}

}  // namespace

const std::vector<std::string>& censusCollegeValues()
{
    static const std::vector<std::string> v{"Some college but no degree",
                                            "Associates degree-occup /vocational",
                                            "Associates degree-academic program",
                                            "Bachelors degree(BA AB BS)",
                                            "Masters degree(MA MS MEng MEd MSW MBA)",
                                            "Prof school degree (MD DDS DVM LLB JD)",
                                            "Doctorate degree(PhD EdD)"};
    return v;
}

IdxArray parseIdx(const std::string& content, const std::string& path, int expectedDims)
{
    if (content.size() < 4) throw InputError(path + ": too short for an IDX file (" + std::to_string(content.size()) + " bytes)");
    const auto magic = bigEndian(content, 0);
    const std::uint32_t expectedMagic = 0x0800u | static_cast<std::uint32_t>(expectedDims);
    if (magic != expectedMagic) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "bad IDX magic number 0x%08x (expected 0x%08x)", magic, expectedMagic);
        throw InputError(path + ": " + buf);
    }
    const std::size_t header = 4 + 4 * static_cast<std::size_t>(expectedDims);
    if (content.size() < header) throw InputError(path + ": the IDX header is cut off");
    IdxArray a;
    std::uint64_t total = 1;
    for (int i = 0; i < expectedDims; ++i) {
        const auto d = bigEndian(content, 4 + 4 * static_cast<std::size_t>(i));
        if (d == 0 || d > 100'000'000u) throw InputError(path + ": implausible IDX dimension " + std::to_string(d));
        a.dims.push_back(d);
        total *= d;
    }
    const std::uint64_t have = content.size() - header;
    if (have != total)
        throw InputError(path + ": " + std::to_string(have) + " bytes of data, but the IDX header promises " +
                         std::to_string(total) + (have < total ? " (truncated file)" : " (trailing bytes)"));
    a.bytes = content.substr(header);
    return a;
}

IdxArray readIdx(const std::string& path, int expectedDims) { return parseIdx(readDataFile(path), path, expectedDims); }

Split composePairs(const IdxArray& images, const IdxArray& labels, std::int64_t count, std::uint64_t seed,
                   std::uint64_t stream)
{
    const std::int64_t n = images.dims[0], h = images.dims[1], w = images.dims[2];
    // Each image is centred in a 32×32 frame (a 28×28 digit gets 2 blank pixels each side); the
    // left frame sits at (0, 0), the right one at (4, 4) of a 36×36 canvas, pixel-wise maximum.
    constexpr std::int64_t side = kMultiImageSide, frame = 32, shift = 4;
    const std::int64_t top = (frame - h) / 2, left0 = (frame - w) / 2;
    Rng rng(seed, stream);
    auto x = torch::zeros({count, 1, side, side}, torch::kFloat32);
    auto left = torch::empty({count}, torch::kLong), right = torch::empty({count}, torch::kLong);
    auto* px = x.data_ptr<float>();
    auto* pl = left.data_ptr<std::int64_t>();
    auto* pr = right.data_ptr<std::int64_t>();
    const auto* pixels = reinterpret_cast<const unsigned char*>(images.bytes.data());
    for (std::int64_t i = 0; i < count; ++i) {
        const auto a = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(n)));
        const auto b = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(n)));
        float* canvas = px + i * side * side;
        for (std::int64_t r = 0; r < h; ++r)
            for (std::int64_t c = 0; c < w; ++c)
                canvas[(top + r) * side + left0 + c] = pixels[(a * h + r) * w + c] / 255.0f;
        for (std::int64_t r = 0; r < h; ++r)
            for (std::int64_t c = 0; c < w; ++c) {
                float& dst = canvas[(top + r + shift) * side + left0 + c + shift];
                dst = std::max(dst, pixels[(b * h + r) * w + c] / 255.0f);
            }
        pl[i] = static_cast<unsigned char>(labels.bytes[static_cast<std::size_t>(a)]);
        pr[i] = static_cast<unsigned char>(labels.bytes[static_cast<std::size_t>(b)]);
    }
    Split s;
    s.x = x;
    s.y = {left, right};
    s.mask = {torch::Tensor(), torch::Tensor()};
    return s;
}

Dataset loadMultiImage(const DatasetSpec& spec, const LoadProgress& progress)
{
    const auto source = imageSource(spec.kind);
    auto load = [&](const std::string& prefix) {
        const auto imagePath = findDataFile(spec.dataDir, source, prefix + "-images-idx3-ubyte.gz");
        const auto labelPath = findDataFile(spec.dataDir, source, prefix + "-labels-idx1-ubyte.gz");
        if (progress) progress(baseName(imagePath), 0.0);
        auto images = readIdx(imagePath, 3);
        auto labels = readIdx(labelPath, 1);
        if (images.dims[1] > 32 || images.dims[2] > 32)
            throw InputError(imagePath + ": images of " + std::to_string(images.dims[1]) + "×" +
                             std::to_string(images.dims[2]) + " do not fit the 32×32 frame");
        if (labels.dims[0] != images.dims[0])
            throw InputError(labelPath + ": " + std::to_string(labels.dims[0]) + " labels for " +
                             std::to_string(images.dims[0]) + " images in " + imagePath);
        for (std::size_t i = 0; i < labels.bytes.size(); ++i)
            if (static_cast<unsigned char>(labels.bytes[i]) > 9)
                throw InputError(labelPath + ": label " +
                                 std::to_string(static_cast<unsigned char>(labels.bytes[i])) + " of item " +
                                 std::to_string(i) + " is not a class 0–9");
        if (progress) progress(baseName(imagePath), 1.0);
        return std::make_pair(std::move(images), std::move(labels));
    };
    const auto train = load("train");
    const auto test = load("t10k");
    Dataset d;
    d.tasks = spec.tasks();
    d.inputShape = {1, kMultiImageSide, kMultiImageSide};
    d.train = composePairs(train.first, train.second, limited(spec.train, spec.limitTrain), spec.seed, kPairTrain);
    d.validation = composePairs(train.first, train.second, spec.validation, spec.seed, kPairValidation);
    d.test = composePairs(test.first, test.second, limited(spec.test, spec.limitTest), spec.seed, kPairTest);
    // Standardise the pixels with the train split's mean and standard deviation (SGD on raw
    // [0, 1] pixels learns several times slower).
    const auto mean = d.train.x.mean().item<double>();
    const auto stddev = std::max(d.train.x.std().item<double>(), 1e-6);
    for (auto* split : {&d.train, &d.validation, &d.test}) split->x.sub_(mean).div_(stddev);
    return d;
}

Dataset loadCensusIncome(const DatasetSpec& spec, const LoadProgress& progress)
{
    UciLayout l;
    l.source = {"Census-Income (KDD)",
                {"census-income-kdd", "census-income"},
                "Download census-income.data.gz and census-income.test.gz from the UCI Machine Learning Repository "
                "(archive.ics.uci.edu, data set 117)."};
    l.trainFile = "census-income.data.gz";
    l.testFile = "census-income.test.gz";
    l.columns = 42;
    l.banner = false;
    // Continuous: age, wage per hour, capital gains, capital losses, dividends, persons worked
    // for employer, weeks worked in year. Column 25 (instance weight) and the label never are
    // features.
    l.numeric = {0, 5, 16, 17, 18, 30, 39};
    l.dropped = {24, 41};
    l.tasks = {{"income", 41, {"50000+"}}, {"never_married", 7, {"Never married"}}, {"college", 4, censusCollegeValues()}};
    return loadUci(spec, l, progress);
}

Dataset loadAdult(const DatasetSpec& spec, const LoadProgress& progress)
{
    UciLayout l;
    l.source = {"Adult", {"adult"},
                "Download adult.data and adult.test from the UCI Machine Learning Repository (archive.ics.uci.edu, "
                "data set 2)."};
    l.trainFile = "adult.data.gz";
    l.testFile = "adult.test.gz";
    l.columns = 15;
    l.banner = true;
    // Continuous: age, education-num, capital-gain, capital-loss, hours-per-week. fnlwgt is a
    // sampling weight like census's instance weight: not a feature.
    l.numeric = {0, 4, 10, 11, 12};
    l.dropped = {2, 14};
    l.tasks = {{"income", 14, {">50K"}}, {"never_married", 5, {"Never-married"}}};
    return loadUci(spec, l, progress);
}

Dataset loadMovieLens(const DatasetSpec& spec, const LoadProgress& progress)
{
    const DataSource source{"MovieLens-1M",
                            {"movielens", "ml-1m"},
                            "Its licence forbids redistribution: download ml-1m.zip from grouplens.org/datasets/movielens "
                            "and unpack it (ratings.dat, optionally users.dat and movies.dat)."};
    TextFormat format;
    format.kind = TextFormat::Kind::DoubleColon;
    format.columns = 4;
    const auto ratingsPath = findDataFile(spec.dataDir, source, "ratings.dat");
    const Table ratings = readTable(ratingsPath, format, reporter(progress, ratingsPath));
    const auto ratingValues = ratings.numeric(2, "Rating");
    for (std::int64_t r = 0; r < ratings.rows; ++r) {
        const float v = ratingValues[static_cast<std::size_t>(r)];
        if (v < 1 || v > 5)
            throw InputError(ratingsPath + ":" + std::to_string(ratings.lines[static_cast<std::size_t>(r)]) +
                             ": rating " + ratings.value(2, r) + " is not in 1…5");
    }
    // Dense IDs: the table's dictionary codes of the UserID and MovieID columns.
    const auto users = static_cast<std::int64_t>(ratings.dict[0].size());
    const auto movies = static_cast<std::int64_t>(ratings.dict[1].size());

    // Optional side features: gender, age group and occupation (users.dat), genres (movies.dat).
    std::vector<std::vector<float>> userSide(static_cast<std::size_t>(users)), movieSide(static_cast<std::size_t>(movies));
    std::int64_t userWidth = 0, movieWidth = 0;
    if (auto path = findOptionalDataFile(spec.dataDir, source, "users.dat"); !path.empty()) {
        TextFormat uf = format;
        uf.columns = 5;
        const Table t = readTable(path, uf, reporter(progress, path));
        Features f;
        f.categorical = {1, 2, 3};
        f.names = {"UserID", "Gender", "Age", "Occupation", "Zip-code"};
        const auto e = fitEncoding(t, f, range(0, t.rows));
        const auto x = encode(t, f, e, range(0, t.rows));
        userWidth = e.width;
        std::unordered_map<std::string, std::int64_t> code;
        for (std::size_t k = 0; k < ratings.dict[0].size(); ++k) code.emplace(ratings.dict[0][k], k);
        for (std::int64_t r = 0; r < t.rows; ++r) {
            auto it = code.find(t.value(0, r));
            if (it == code.end()) continue;  // a user without ratings
            const auto row = x[r];
            userSide[static_cast<std::size_t>(it->second)].assign(row.data_ptr<float>(), row.data_ptr<float>() + userWidth);
        }
    }
    if (auto path = findOptionalDataFile(spec.dataDir, source, "movies.dat"); !path.empty()) {
        TextFormat mf = format;
        mf.columns = 3;
        const Table t = readTable(path, mf, reporter(progress, path));
        std::vector<std::string> genres;
        for (const auto& g : t.dict[2]) {
            std::size_t start = 0;
            while (start <= g.size()) {
                auto bar = g.find('|', start);
                if (bar == std::string::npos) bar = g.size();
                genres.push_back(g.substr(start, bar - start));
                start = bar + 1;
            }
        }
        std::sort(genres.begin(), genres.end());
        genres.erase(std::unique(genres.begin(), genres.end()), genres.end());
        movieWidth = static_cast<std::int64_t>(genres.size());
        std::unordered_map<std::string, std::int64_t> code;
        for (std::size_t k = 0; k < ratings.dict[1].size(); ++k) code.emplace(ratings.dict[1][k], k);
        for (std::int64_t r = 0; r < t.rows; ++r) {
            auto it = code.find(t.value(0, r));
            if (it == code.end()) continue;
            std::vector<float> v(static_cast<std::size_t>(movieWidth), 0.0f);
            const auto& g = t.value(2, r);
            std::size_t start = 0;
            while (start <= g.size()) {
                auto bar = g.find('|', start);
                if (bar == std::string::npos) bar = g.size();
                const auto name = g.substr(start, bar - start);
                v[static_cast<std::size_t>(std::lower_bound(genres.begin(), genres.end(), name) - genres.begin())] = 1;
                start = bar + 1;
            }
            movieSide[static_cast<std::size_t>(it->second)] = std::move(v);
        }
    }

    // Watched pairs, then per user as many unwatched movies as negatives × watched (seeded).
    struct Row {
        std::int32_t user, movie;
        float watch, rating;
    };
    std::vector<Row> rows;
    std::vector<std::vector<std::int32_t>> watched(static_cast<std::size_t>(users));
    for (std::int64_t r = 0; r < ratings.rows; ++r) {
        const auto u = ratings.codes[0][static_cast<std::size_t>(r)], m = ratings.codes[1][static_cast<std::size_t>(r)];
        rows.push_back({u, m, 1.0f, ratingValues[static_cast<std::size_t>(r)]});
        watched[static_cast<std::size_t>(u)].push_back(m);
    }
    Rng rng(spec.seed, kNegatives);
    for (std::int64_t u = 0; u < users; ++u) {
        const std::unordered_set<std::int32_t> seen(watched[static_cast<std::size_t>(u)].begin(),
                                                     watched[static_cast<std::size_t>(u)].end());
        const auto available = movies - static_cast<std::int64_t>(seen.size());
        auto want = std::min<std::int64_t>(
            available, std::llround(spec.negatives * static_cast<double>(watched[static_cast<std::size_t>(u)].size())));
        std::unordered_set<std::int32_t> picked;
        while (static_cast<std::int64_t>(picked.size()) < want) {
            const auto m = static_cast<std::int32_t>(rng.below(static_cast<std::uint64_t>(movies)));
            if (!seen.count(m) && picked.insert(m).second) rows.push_back({static_cast<std::int32_t>(u), m, 0.0f, 0.0f});
        }
    }
    const auto order = permutation(static_cast<std::int64_t>(rows.size()), spec.seed, kRowOrder);
    const auto total = static_cast<std::int64_t>(rows.size());
    const auto nValidation = static_cast<std::int64_t>(std::floor(spec.validationFraction * static_cast<double>(total)));
    const auto nTest = static_cast<std::int64_t>(std::floor(spec.testFraction * static_cast<double>(total)));
    const std::int64_t width = 2 + userWidth + movieWidth;
    auto makeSplit = [&](std::int64_t from, std::int64_t count) {
        auto x = torch::zeros({count, width}, torch::kFloat32);
        auto watch = torch::empty({count}, torch::kFloat32), rating = torch::empty({count}, torch::kFloat32);
        auto* px = x.data_ptr<float>();
        for (std::int64_t i = 0; i < count; ++i) {
            const Row& row = rows[static_cast<std::size_t>(order[static_cast<std::size_t>(from + i)])];
            float* dst = px + i * width;
            dst[0] = static_cast<float>(row.user);
            dst[1] = static_cast<float>(row.movie);
            const auto& us = userSide[static_cast<std::size_t>(row.user)];
            std::copy(us.begin(), us.end(), dst + 2);
            const auto& ms = movieSide[static_cast<std::size_t>(row.movie)];
            std::copy(ms.begin(), ms.end(), dst + 2 + userWidth);
            watch[i] = row.watch;
            rating[i] = row.rating;
        }
        Split s;
        s.x = x;
        s.y = {watch, rating};
        s.mask = {torch::Tensor(), watch.clone()};  // the rating counts on watched rows only
        return s;
    };
    Dataset d;
    d.tasks = spec.tasks();
    d.inputShape = {width};
    d.embeddings = {users, movies};
    d.embeddingDim = spec.embeddingDim;
    const auto nTrain = total - nValidation - nTest;
    d.train = makeSplit(0, limited(nTrain, spec.limitTrain));
    d.validation = makeSplit(nTrain, nValidation);
    d.test = makeSplit(nTrain + nValidation, limited(nTest, spec.limitTest));
    if (d.train.size() == 0 || d.test.size() == 0)
        throw InputError(ratingsPath + ": too few ratings (" + std::to_string(ratings.rows) + ") for a train and a test split");
    return d;
}

Dataset loadCsv(const DatasetSpec& spec, const LoadProgress& progress)
{
    std::string path = spec.path;
    if (!std::filesystem::path(path).is_absolute()) {
        const DataSource source{"CSV", {}, "Check dataset.path."};
        auto found = findOptionalDataFile(spec.dataDir, source, path);
        std::error_code ec;
        if (found.empty() && std::filesystem::is_regular_file(path, ec)) found = path;
        if (found.empty()) found = findDataFile(spec.dataDir, source, path);  // throws, listing the places
        path = found;
    } else if (std::error_code ec; !std::filesystem::is_regular_file(path, ec)) {
        throw InputError(path + ": no such file (dataset.path)");
    }
    TextFormat format;
    format.kind = TextFormat::Kind::Csv;
    format.header = true;
    const Table t = readTable(path, format, reporter(progress, path));

    Features f;
    f.names = t.header;
    std::set<std::size_t> used;
    auto claim = [&](const std::string& name, const std::string& role) {
        const auto c = t.column(name);
        if (!used.insert(c).second) throw InputError(path + ": column '" + name + "' is used twice (" + role + ")");
        return c;
    };
    for (const auto& n : spec.numeric) f.numeric.push_back(claim(n, "numeric"));
    for (const auto& n : spec.categorical) f.categorical.push_back(claim(n, "categorical"));
    std::vector<std::size_t> taskColumns;
    for (const auto& task : spec.csvTasks) taskColumns.push_back(claim(task.column, "task"));

    // Labels, checked row by row so that an error names the line.
    std::vector<torch::Tensor> labels;
    for (std::size_t k = 0; k < spec.csvTasks.size(); ++k) {
        const auto& task = spec.csvTasks[k];
        const auto c = taskColumns[k];
        auto where = [&](std::int64_t r) {
            return path + ":" + std::to_string(t.lines[static_cast<std::size_t>(r)]) + ": column '" + task.column + "': ";
        };
        if (task.kind == TaskKind::Multiclass) {
            auto y = torch::empty({t.rows}, torch::kLong);
            const auto v = t.numeric(c, task.column);
            for (std::int64_t r = 0; r < t.rows; ++r) {
                const float value = v[static_cast<std::size_t>(r)];
                if (value != std::floor(value) || value < 0 || value >= static_cast<float>(task.classes))
                    throw InputError(where(r) + "'" + t.value(c, r) + "' is not a class 0…" + std::to_string(task.classes - 1));
                y[r] = static_cast<std::int64_t>(value);
            }
            labels.push_back(y);
        } else if (task.kind == TaskKind::Regression) {
            auto v = t.numeric(c, task.column);
            labels.push_back(floatTensor(v, {t.rows}));
        } else {
            std::vector<float> y(static_cast<std::size_t>(t.rows));
            for (std::int64_t r = 0; r < t.rows; ++r) {
                const auto& s = t.value(c, r);
                if (!task.positive.empty()) y[static_cast<std::size_t>(r)] = s == task.positive ? 1.0f : 0.0f;
                else if (s == "0" || s == "1") y[static_cast<std::size_t>(r)] = s == "1" ? 1.0f : 0.0f;
                else throw InputError(where(r) + "'" + s + "' is not 0 or 1 (set the task's \"positive\" value)");
            }
            labels.push_back(floatTensor(y, {t.rows}));
        }
    }

    const auto order = permutation(t.rows, spec.seed, kRowOrder);
    const auto nValidation = static_cast<std::int64_t>(std::floor(spec.validationFraction * static_cast<double>(t.rows)));
    const auto nTest = static_cast<std::int64_t>(std::floor(spec.testFraction * static_cast<double>(t.rows)));
    const auto nTrain = t.rows - nValidation - nTest;
    if (nTrain < 1 || nTest < 1)
        throw InputError(path + ": " + std::to_string(t.rows) + " rows are too few for a train and a test split");
    auto slice = [&](std::int64_t from, std::int64_t count) {
        return std::vector<std::int64_t>(order.begin() + from, order.begin() + from + count);
    };
    const auto trainRows = slice(0, limited(nTrain, spec.limitTrain));
    const auto validationRows = slice(nTrain, nValidation);
    const auto testRows = slice(nTrain + nValidation, limited(nTest, spec.limitTest));
    const auto encoding = fitEncoding(t, f, trainRows);
    auto makeSplit = [&](const std::vector<std::int64_t>& rows) {
        Split s;
        s.x = encode(t, f, encoding, rows);
        auto index = torch::tensor(rows, torch::kLong);
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
    d.validation = makeSplit(validationRows);
    d.test = makeSplit(testRows);
    return d;
}

}  // namespace mtlx
