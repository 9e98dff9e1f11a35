// MovieLens-1M: watched pairs from ratings.dat, sampled unwatched ones, learnt user and movie
// embeddings, and optional side features from users.dat and movies.dat.
#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "core/engine/data/datafiles.h"
#include "core/engine/data/realdata.h"
#include "core/engine/data/rng.h"
#include "core/engine/data/tabular.h"
#include "core/spec/specerror.h"

namespace mtlx {
namespace {

const DataSource kMovieLens{
    "MovieLens-1M",
    {"movielens", "ml-1m"},
    "Its licence forbids redistribution: download ml-1m.zip from grouplens.org/datasets/movielens "
    "and unpack it (ratings.dat, optionally users.dat and movies.dat)."};

TextFormat doubleColon(int columns)
{
    TextFormat f;
    f.kind = TextFormat::Kind::DoubleColon;
    f.columns = columns;
    return f;
}

// Side features per dense ID (one row per user or movie; empty rows for those without any).
struct SideFeatures {
    std::vector<std::vector<float>> rows;
    std::int64_t width = 0;
};

// The dense ID of each raw ID of a table column: its dictionary code in ratings.dat.
std::unordered_map<std::string, std::int64_t> denseIds(const Table& ratings, std::size_t column)
{
    std::unordered_map<std::string, std::int64_t> code;
    for (std::size_t k = 0; k < ratings.dict[column].size(); ++k)
        code.emplace(ratings.dict[column][k], k);
    return code;
}

// users.dat: gender, age group and occupation, one-hot.
SideFeatures userFeatures(const std::string& path, const Table& ratings, const LoadProgress& progress)
{
    SideFeatures side;
    side.rows.resize(ratings.dict[0].size());
    const Table t = readTable(path, doubleColon(5), reporter(progress, path));
    Features f;
    f.categorical = {1, 2, 3};
    f.names = {"UserID", "Gender", "Age", "Occupation", "Zip-code"};
    const auto e = fitEncoding(t, f, range(0, t.rows));
    const auto x = encode(t, f, e, range(0, t.rows));
    side.width = e.width;
    const auto code = denseIds(ratings, 0);
    for (std::int64_t r = 0; r < t.rows; ++r) {
        auto it = code.find(t.value(0, r));
        if (it == code.end()) continue; // a user without ratings
        const auto row = x[r];
        side.rows[static_cast<std::size_t>(it->second)].assign(row.data_ptr<float>(),
                                                               row.data_ptr<float>() + side.width);
    }
    return side;
}

std::vector<std::string> splitGenres(const std::string& g)
{
    std::vector<std::string> names;
    std::size_t start = 0;
    while (start <= g.size()) {
        auto bar = g.find('|', start);
        if (bar == std::string::npos) bar = g.size();
        names.push_back(g.substr(start, bar - start));
        start = bar + 1;
    }
    return names;
}

// movies.dat: the genres ("Action|Comedy"), one slot each.
SideFeatures movieFeatures(const std::string& path, const Table& ratings, const LoadProgress& progress)
{
    SideFeatures side;
    side.rows.resize(ratings.dict[1].size());
    const Table t = readTable(path, doubleColon(3), reporter(progress, path));
    std::vector<std::string> genres;
    for (const auto& g : t.dict[2])
        for (auto& name : splitGenres(g))
            genres.push_back(std::move(name));
    std::sort(genres.begin(), genres.end());
    genres.erase(std::unique(genres.begin(), genres.end()), genres.end());
    side.width = static_cast<std::int64_t>(genres.size());
    const auto code = denseIds(ratings, 1);
    for (std::int64_t r = 0; r < t.rows; ++r) {
        auto it = code.find(t.value(0, r));
        if (it == code.end()) continue;
        std::vector<float> v(static_cast<std::size_t>(side.width), 0.0f);
        for (const auto& name : splitGenres(t.value(2, r)))
            v[static_cast<std::size_t>(std::lower_bound(genres.begin(), genres.end(), name) - genres.begin())] = 1;
        side.rows[static_cast<std::size_t>(it->second)] = std::move(v);
    }
    return side;
}

struct Pair {
    std::int32_t user, movie;
    float watch, rating;
};

// Every rating as a watched pair, then per user negatives × (movies watched) unwatched ones.
std::vector<Pair> samplePairs(const Table& ratings, const std::vector<float>& stars, const DatasetSpec& spec)
{
    const auto users = static_cast<std::int64_t>(ratings.dict[0].size());
    const auto movies = static_cast<std::int64_t>(ratings.dict[1].size());
    std::vector<Pair> pairs;
    std::vector<std::vector<std::int32_t>> watched(static_cast<std::size_t>(users));
    for (std::int64_t r = 0; r < ratings.rows; ++r) {
        const auto u = ratings.codes[0][static_cast<std::size_t>(r)], m = ratings.codes[1][static_cast<std::size_t>(r)];
        pairs.push_back({u, m, 1.0f, stars[static_cast<std::size_t>(r)]});
        watched[static_cast<std::size_t>(u)].push_back(m);
    }
    Rng rng(spec.seed, kNegatives);
    for (std::int64_t u = 0; u < users; ++u) {
        const auto& mine = watched[static_cast<std::size_t>(u)];
        const std::unordered_set<std::int32_t> seen(mine.begin(), mine.end());
        const auto available = movies - static_cast<std::int64_t>(seen.size());
        const auto want =
            std::min<std::int64_t>(available, std::llround(spec.negatives * static_cast<double>(mine.size())));
        std::unordered_set<std::int32_t> picked;
        while (static_cast<std::int64_t>(picked.size()) < want) {
            const auto m = static_cast<std::int32_t>(rng.below(static_cast<std::uint64_t>(movies)));
            if (!seen.count(m) && picked.insert(m).second)
                pairs.push_back({static_cast<std::int32_t>(u), m, 0.0f, 0.0f});
        }
    }
    return pairs;
}

// Rows [from, from + count) of the shuffled pairs: the two IDs, then the side features.
Split pairSplit(const std::vector<Pair>& pairs, const std::vector<std::int64_t>& order, std::int64_t from,
                std::int64_t count, const SideFeatures& users, const SideFeatures& movies)
{
    const std::int64_t width = 2 + users.width + movies.width;
    auto x = torch::zeros({count, width}, torch::kFloat32);
    auto watch = torch::empty({count}, torch::kFloat32), rating = torch::empty({count}, torch::kFloat32);
    auto* px = x.data_ptr<float>();
    for (std::int64_t i = 0; i < count; ++i) {
        const Pair& pair = pairs[static_cast<std::size_t>(order[static_cast<std::size_t>(from + i)])];
        float* dst = px + i * width;
        dst[0] = static_cast<float>(pair.user);
        dst[1] = static_cast<float>(pair.movie);
        const auto& us = users.rows[static_cast<std::size_t>(pair.user)];
        std::copy(us.begin(), us.end(), dst + 2);
        const auto& ms = movies.rows[static_cast<std::size_t>(pair.movie)];
        std::copy(ms.begin(), ms.end(), dst + 2 + users.width);
        watch[i] = pair.watch;
        rating[i] = pair.rating;
    }
    Split s;
    s.x = x;
    s.y = {watch, rating};
    s.mask = {torch::Tensor(), watch.clone()}; // the rating counts on watched rows only
    return s;
}

std::vector<float> checkedStars(const Table& ratings, const std::string& path)
{
    auto stars = ratings.numeric(2, "Rating");
    for (std::int64_t r = 0; r < ratings.rows; ++r) {
        const float v = stars[static_cast<std::size_t>(r)];
        if (v < 1 || v > 5)
            throw InputError(path + ":" + std::to_string(ratings.lines[static_cast<std::size_t>(r)]) + ": rating " +
                             ratings.value(2, r) + " is not in 1…5");
    }
    return stars;
}

} // namespace

Dataset loadMovieLens(const DatasetSpec& spec, const LoadProgress& progress)
{
    const auto ratingsPath = findDataFile(spec.dataDir, kMovieLens, "ratings.dat");
    const Table ratings = readTable(ratingsPath, doubleColon(4), reporter(progress, ratingsPath));
    const auto stars = checkedStars(ratings, ratingsPath);
    SideFeatures users, movies; // optional: empty rows of width 0 without the files
    users.rows.resize(ratings.dict[0].size());
    movies.rows.resize(ratings.dict[1].size());
    if (auto path = findOptionalDataFile(spec.dataDir, kMovieLens, "users.dat"); !path.empty())
        users = userFeatures(path, ratings, progress);
    if (auto path = findOptionalDataFile(spec.dataDir, kMovieLens, "movies.dat"); !path.empty())
        movies = movieFeatures(path, ratings, progress);

    const auto pairs = samplePairs(ratings, stars, spec);
    const auto total = static_cast<std::int64_t>(pairs.size());
    const auto order = permutation(total, spec.seed, kRowOrder);
    const auto nValidation =
        static_cast<std::int64_t>(std::floor(spec.validationFraction * static_cast<double>(total)));
    const auto nTest = static_cast<std::int64_t>(std::floor(spec.testFraction * static_cast<double>(total)));
    const auto nTrain = total - nValidation - nTest;
    Dataset d;
    d.tasks = spec.tasks();
    d.inputShape = {2 + users.width + movies.width};
    d.embeddings = {static_cast<std::int64_t>(ratings.dict[0].size()),
                    static_cast<std::int64_t>(ratings.dict[1].size())};
    d.embeddingDim = spec.embeddingDim;
    d.train = pairSplit(pairs, order, 0, limited(nTrain, spec.limitTrain), users, movies);
    d.validation = pairSplit(pairs, order, nTrain, nValidation, users, movies);
    d.test = pairSplit(pairs, order, nTrain + nValidation, limited(nTest, spec.limitTest), users, movies);
    if (d.train.size() == 0 || d.test.size() == 0)
        throw InputError(ratingsPath + ": too few ratings (" + std::to_string(ratings.rows) +
                         ") for a train and a test split");
    return d;
}

} // namespace mtlx
