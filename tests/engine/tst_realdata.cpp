// Readers of the benchmark data: every malformed input is refused with a message naming the file
// (and line), with small fixture files written here; what the loaders build from good files.
#include <QtTest>

#include <fstream>

#include <zlib.h>

#include "core/engine/data/datafiles.h"
#include "core/engine/data/realdata.h"
#include "core/engine/data/table.h"
#include "core/engine/models/mtlmodel.h"
#include "core/spec/presets.h"
#include "core/spec/specerror.h"

namespace {

void writeFile(const std::string& path, const std::string& content)
{
    std::ofstream(path, std::ios::binary) << content;
}

void writeGz(const std::string& path, const std::string& content)
{
    gzFile f = gzopen(path.c_str(), "wb");
    gzwrite(f, content.data(), static_cast<unsigned>(content.size()));
    gzclose(f);
}

std::string bigEndian(std::uint32_t v)
{
    return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

std::string idxImages(std::uint32_t n, std::uint32_t h, std::uint32_t w, unsigned char fill)
{
    std::string s = bigEndian(0x803) + bigEndian(n) + bigEndian(h) + bigEndian(w);
    for (std::uint32_t i = 0; i < n * h * w; ++i)
        s += static_cast<char>(fill + i % 7);
    return s;
}

std::string idxLabels(std::uint32_t n, unsigned char max = 9)
{
    std::string s = bigEndian(0x801) + bigEndian(n);
    for (std::uint32_t i = 0; i < n; ++i)
        s += static_cast<char>(i % (max + 1));
    return s;
}

// The error message of `f`, or "" when it does not throw InputError.
template <typename F> std::string errorOf(F f)
{
    try {
        f();
    } catch (const mtlx::InputError& e) {
        return e.what();
    }
    return "";
}

#define EXPECT_ERROR(call, ...)                                                                                        \
    do {                                                                                                               \
        const std::string message_ = errorOf([&] { call; });                                                           \
        QVERIFY2(!message_.empty(), "no InputError from " #call);                                                      \
        for (const char* part_ : {__VA_ARGS__})                                                                        \
            QVERIFY2(message_.find(part_) != std::string::npos,                                                        \
                     qPrintable(QString::fromStdString("'" + std::string(part_) + "' not in: " + message_)));          \
    } while (0)

// One census-income line of 42 fields: age, education, marital, weight and label vary.
std::string censusLine(int age, const std::string& education, const std::string& marital, bool rich,
                       const std::string& worker = "Private")
{
    std::vector<std::string> f(42, "0");
    f[0] = std::to_string(age);
    f[1] = worker;
    f[4] = education;
    f[7] = marital;
    for (int c : {2,  3,  6,  8,  9,  10, 11, 12, 13, 14, 15, 19, 20, 21, 22,
                  23, 25, 26, 27, 28, 29, 31, 32, 33, 34, 35, 36, 37, 38})
        f[static_cast<std::size_t>(c)] = "v" + std::to_string(c);
    f[24] = std::to_string(1000 + age); // instance weight
    f[40] = age % 20 ? "94" : "95";     // year
    f[41] = rich ? "50000+." : "- 50000.";
    std::string line;
    for (std::size_t i = 0; i < f.size(); ++i)
        line += (i ? ", " : "") + f[i];
    return line + "\n";
}

} // namespace

class TestRealData : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    std::string dataDir_; // MTLX_DATA_DIR as the test was started with: the real files, where there
    std::string dir(const std::string& sub)
    {
        const auto d = tmp_.path().toStdString() + "/" + sub;
        QDir().mkpath(QString::fromStdString(d));
        return d;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(tmp_.isValid());
        dataDir_ = qEnvironmentVariable("MTLX_DATA_DIR").toStdString();
        qputenv("MTLX_CACHE_DIR", QByteArray::fromStdString(dir("cache")));
        qunsetenv("MTLX_DATA_DIR");
    }

    void gzipIsReadAndCheckedForTruncation()
    {
        const auto d = dir("gz");
        std::string text;
        for (int i = 0; i < 20000; ++i)
            text += "line " + std::to_string(i) + "\n";
        writeGz(d + "/ok.gz", text);
        QCOMPARE(mtlx::readDataFile(d + "/ok.gz"), text);
        writeFile(d + "/plain.txt", "not compressed");
        QCOMPARE(mtlx::readDataFile(d + "/plain.txt"), std::string("not compressed"));
        std::ifstream in(d + "/ok.gz", std::ios::binary);
        std::string gz((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        writeFile(d + "/cut.gz", gz.substr(0, gz.size() / 2));
        EXPECT_ERROR(mtlx::readDataFile(d + "/cut.gz"), "cut.gz", "truncated gzip");
        std::string corrupt = gz;
        for (std::size_t i = 20; i < 60; ++i)
            corrupt[i] = static_cast<char>(0xff);
        writeFile(d + "/corrupt.gz", corrupt);
        EXPECT_ERROR(mtlx::readDataFile(d + "/corrupt.gz"), "corrupt.gz");
        EXPECT_ERROR(mtlx::readDataFile(d + "/missing.gz"), "missing.gz", "cannot open");
    }

    void idxHeadersAndSizesAreChecked()
    {
        const auto ok = mtlx::parseIdx(idxImages(3, 28, 28, 0), "img", 3);
        QCOMPARE(ok.dims, (std::vector<std::int64_t>{3, 28, 28}));
        QCOMPARE(ok.bytes.size(), std::size_t(3 * 784));
        EXPECT_ERROR(mtlx::parseIdx("ab", "f.idx", 3), "f.idx", "too short");
        EXPECT_ERROR(mtlx::parseIdx(idxLabels(4), "f.idx", 3), "f.idx", "bad IDX magic number 0x00000801",
                     "0x00000803");
        EXPECT_ERROR(mtlx::parseIdx(bigEndian(0x803) + bigEndian(2), "f.idx", 3), "f.idx", "header is cut off");
        const auto full = idxImages(3, 28, 28, 0);
        EXPECT_ERROR(mtlx::parseIdx(full.substr(0, full.size() - 10), "f.idx", 3), "f.idx", "2342 bytes of data",
                     "promises 2352", "truncated");
        EXPECT_ERROR(mtlx::parseIdx(full + "xx", "f.idx", 3), "trailing bytes");
        EXPECT_ERROR(mtlx::parseIdx(bigEndian(0x803) + bigEndian(0) + bigEndian(28) + bigEndian(28), "f.idx", 3),
                     "implausible IDX dimension 0");
    }

    void pairsAreComposedAsSpecified()
    {
        // Image 0 is all 255 at a single pixel (0,0); image 1 has one pixel at (27,27).
        std::string img = bigEndian(0x803) + bigEndian(2) + bigEndian(28) + bigEndian(28);
        std::string pixels(2 * 784, '\0');
        pixels[0] = static_cast<char>(255);
        pixels[784 + 27 * 28 + 27] = static_cast<char>(128);
        pixels[4 * 28 + 4] = static_cast<char>(51); // image 0 at (4,4): overlaps image 1's (0,0) → max
        pixels[784] = static_cast<char>(102);
        const auto images = mtlx::parseIdx(img + pixels, "img", 3);
        const auto labels = mtlx::parseIdx(bigEndian(0x801) + bigEndian(2) + std::string{3, 7}, "lab", 1);
        const auto s = mtlx::composePairs(images, labels, 64, 5, 9);
        // A 36×36 canvas: 32×32 frames at (0,0) and (4,4), each 28×28 image 2 pixels into its frame.
        QCOMPARE(s.x.sizes().vec(), (std::vector<std::int64_t>{64, 1, 36, 36}));
        bool sawMixed = false;
        for (std::int64_t i = 0; i < 64; ++i) {
            const auto left = s.y[0][i].item<std::int64_t>(), right = s.y[1][i].item<std::int64_t>();
            QVERIFY(left == 3 || left == 7);
            const auto c = s.x[i][0];
            // The left image's (0,0) lands on (2,2); the right image's (27,27) on (4+2+27) = (33,33).
            QCOMPARE(c[2][2].item<float>(), left == 3 ? 1.0f : 102 / 255.0f);
            QCOMPARE(c[33][33].item<float>(), right == 7 ? 128 / 255.0f : 0.0f);
            // (6,6): max of the left image's (4,4) and the right image's (0,0).
            const float leftPixel = left == 3 ? 51 / 255.0f : 0.0f, rightPixel = right == 3 ? 1.0f : 102 / 255.0f;
            QCOMPARE(c[6][6].item<float>(), std::max(leftPixel, rightPixel));
            // The frames' blank borders: nothing in the first two rows, nor the last two.
            QCOMPARE(c.narrow(0, 0, 2).abs().sum().item<float>(), 0.0f);
            QCOMPARE(c.narrow(0, 34, 2).abs().sum().item<float>(), 0.0f);
            sawMixed = sawMixed || left != right;
        }
        QVERIFY(sawMixed);
        // Seeded: the same draw again; the first 10 pairs do not depend on the count.
        QVERIFY(torch::equal(mtlx::composePairs(images, labels, 10, 5, 9).x, s.x.narrow(0, 0, 10)));
    }

    void multiImageLoaderChecksItsFiles()
    {
        const auto d = dir("mnist-bad");
        writeGz(d + "/train-images-idx3-ubyte.gz", idxImages(20, 28, 28, 0));
        writeGz(d + "/train-labels-idx1-ubyte.gz", idxLabels(19));
        writeGz(d + "/t10k-images-idx3-ubyte.gz", idxImages(5, 28, 28, 0));
        writeGz(d + "/t10k-labels-idx1-ubyte.gz", idxLabels(5));
        auto spec = mtlx::DatasetSpec::defaultsFor("multi_mnist");
        spec.dataDir = d;
        EXPECT_ERROR(mtlx::loadMultiImage(spec, {}), "train-labels-idx1-ubyte.gz", "19 labels for 20 images");
        writeGz(d + "/train-labels-idx1-ubyte.gz", idxLabels(20, 12));
        EXPECT_ERROR(mtlx::loadMultiImage(spec, {}), "train-labels-idx1-ubyte.gz",
                     "label 10 of item 10 is not a class");
        writeGz(d + "/train-labels-idx1-ubyte.gz", idxLabels(20));
        spec.train = 50;
        spec.validation = 7;
        spec.test = 30;
        spec.limitTest = 9;
        const auto data = mtlx::loadMultiImage(spec, {});
        QCOMPARE(data.train.size(), std::int64_t(50));
        QCOMPARE(data.validation.size(), std::int64_t(7));
        QCOMPARE(data.test.size(), std::int64_t(9));
        QCOMPARE(data.inputShape, (std::vector<std::int64_t>{1, 36, 36}));
        // Standardised with train statistics.
        QVERIFY(std::abs(data.train.x.mean().item<double>()) < 1e-4);
        QVERIFY(std::abs(data.train.x.std().item<double>() - 1.0) < 1e-3);
        QCOMPARE(data.train.y[0].scalar_type(), torch::kLong);
        // Images larger than the canvas are refused.
        writeGz(d + "/t10k-images-idx3-ubyte.gz", idxImages(5, 40, 40, 0));
        EXPECT_ERROR(mtlx::loadMultiImage(spec, {}), "t10k-images", "do not fit the 32×32 frame");
    }

    void missingDataNamesEveryPlaceTried()
    {
        const auto d = dir("empty"), env = dir("env");
        qputenv("MTLX_DATA_DIR", QByteArray::fromStdString(env));
        auto spec = mtlx::DatasetSpec::defaultsFor("movielens");
        spec.dataDir = d;
        EXPECT_ERROR(mtlx::loadMovieLens(spec, {}), "ratings.dat not found", d.c_str(), env.c_str(),
                     "/usr/share/datasets", "grouplens.org", "--data-dir");
        qunsetenv("MTLX_DATA_DIR");
        // The spec's folder comes first, then MTLX_DATA_DIR.
        const auto dirs = [&] {
            qputenv("MTLX_DATA_DIR", "/some/where");
            auto v = mtlx::dataSearchDirs("/first");
            qunsetenv("MTLX_DATA_DIR");
            return v;
        }();
        QVERIFY(dirs.size() >= 3);
        QCOMPARE(dirs[0], std::string("/first"));
        QCOMPARE(dirs[1], std::string("/some/where"));
        QCOMPARE(dirs.back(), std::string("/usr/share/datasets"));
        // Between them the user's data folder, and nothing of a build machine's.
        const QByteArray xdg = qgetenv("XDG_DATA_HOME");
        qputenv("XDG_DATA_HOME", "/xdg");
        const auto withUser = mtlx::dataSearchDirs("/first");
        if (xdg.isEmpty())
            qunsetenv("XDG_DATA_HOME");
        else
            qputenv("XDG_DATA_HOME", xdg);
        QCOMPARE(withUser, (std::vector<std::string>{"/first", "/xdg/mtlx/data", "/usr/share/datasets"}));
    }

    void delimitedTextIsCheckedLineByLine()
    {
        mtlx::TextFormat uci;
        uci.columns = 3;
        const auto t = mtlx::parseTable("a, b, c\n\nd , e,f\n", "x.data", uci);
        QCOMPARE(t.rows, std::int64_t(2));
        QCOMPARE(t.value(0, 1), std::string("d"));
        QCOMPARE(t.lines[1], 3);
        EXPECT_ERROR(mtlx::parseTable("a, b, c\nd, e\n", "x.data", uci), "x.data:2: expected 3 fields, found 2");
        EXPECT_ERROR(mtlx::parseTable("\n\n", "x.data", uci), "x.data: no data rows");

        mtlx::TextFormat csv;
        csv.kind = mtlx::TextFormat::Kind::Csv;
        csv.header = true;
        const auto c = mtlx::parseTable("name,v\n\"Smith, J\",1\n\"say \"\"hi\"\"\",2.5\n", "f.csv", csv);
        QCOMPARE(c.value(0, 0), std::string("Smith, J"));
        QCOMPARE(c.value(0, 1), std::string("say \"hi\""));
        QCOMPARE(c.numeric(1, "v")[1], 2.5f);
        EXPECT_ERROR(mtlx::parseTable("a,b\n\"open,1\n", "f.csv", csv), "f.csv:2: unterminated quoted field");
        EXPECT_ERROR(mtlx::parseTable("a,b\n\"x\"y,1\n", "f.csv", csv), "f.csv:2: text after a closing quote");
        EXPECT_ERROR(mtlx::parseTable("a,b\n1,2\n3\n", "f.csv", csv), "f.csv:3: expected 2 fields, found 1");
        EXPECT_ERROR(mtlx::parseTable("", "f.csv", csv), "f.csv: empty file");
        EXPECT_ERROR(mtlx::parseTable("a,,b\n1,2,3\n", "f.csv", csv), "f.csv:1: an empty column name");
        EXPECT_ERROR(mtlx::parseTable("a,b\n1,x\n2,3\n", "f.csv", csv).numeric(1, "b"),
                     "f.csv:2: column 'b': 'x' is not a number");
        EXPECT_ERROR(c.column("w"), "f.csv: no column 'w' (columns: name, v)");

        mtlx::TextFormat ml;
        ml.kind = mtlx::TextFormat::Kind::DoubleColon;
        ml.columns = 4;
        QCOMPARE(mtlx::parseTable("1::2::5::99\n", "r.dat", ml).value(2, 0), std::string("5"));
        EXPECT_ERROR(mtlx::parseTable("1::2::5::99\n1::2\n", "r.dat", ml), "r.dat:2: expected 4 fields, found 2");
    }

    void parsedTablesAreCachedAndInvalidated()
    {
        const auto d = dir("cached");
        writeFile(d + "/t.csv", "a,b\n1,x\n2,y\n");
        mtlx::TextFormat csv;
        csv.kind = mtlx::TextFormat::Kind::Csv;
        csv.header = true;
        const auto first = mtlx::readTable(d + "/t.csv", csv);
        const auto files = QDir(QString::fromStdString(dir("cache"))).entryList(QDir::Files);
        QVERIFY2(!files.isEmpty(), "no cache file written");
        const auto second = mtlx::readTable(d + "/t.csv", csv); // from the cache
        QCOMPARE(second.rows, first.rows);
        QCOMPARE(second.value(1, 1), std::string("y"));
        QCOMPARE(second.header, first.header);
        QCOMPARE(second.lines, first.lines);
        // A changed file (other size) is parsed again, not served stale.
        writeFile(d + "/t.csv", "a,b\n1,x\n2,y\n3,z\n");
        QCOMPARE(mtlx::readTable(d + "/t.csv", csv).rows, std::int64_t(3));
    }

    void censusTasksFeaturesAndSplits()
    {
        const auto d = dir("census");
        std::string train, test;
        // 8 train rows; "Private"/"Self" workers in train, "Never worked" only in test.
        const std::vector<std::string> edu{"Children", "Bachelors degree(BA AB BS)", "High school graduate",
                                           "Some college but no degree"};
        for (int i = 0; i < 8; ++i)
            train += censusLine(20 + 10 * i, edu[static_cast<std::size_t>(i % 4)], i % 2 ? "Never married" : "Divorced",
                                i % 3 == 0, i % 2 ? "Private" : "Self");
        for (int i = 0; i < 6; ++i)
            test += censusLine(30 + i, edu[static_cast<std::size_t>(i % 4)], "Never married", i == 0, "Never worked");
        writeGz(d + "/census-income.data.gz", train);
        writeGz(d + "/census-income.test.gz", test);
        auto spec = mtlx::DatasetSpec::defaultsFor("census_income");
        spec.dataDir = d;
        const auto data = mtlx::loadCensusIncome(spec, {});
        // The framework's tasks in its order: education, income, never married.
        QCOMPARE(data.tasks.size(), std::size_t(3));
        QCOMPARE(data.tasks[0].name, std::string("education"));
        QCOMPARE(data.tasks[2].name, std::string("never_married"));
        QCOMPARE(data.train.size(), std::int64_t(8));
        QCOMPARE(data.validation.size(), std::int64_t(3));
        QCOMPARE(data.test.size(), std::int64_t(3));
        // Labels: education = a bachelor's (i = 1, 5; "Some college" is not a degree), 3 rich rows
        // (i = 0, 3, 6), 4 never married.
        QCOMPARE(data.train.y[0].sum().item<float>(), 2.0f);
        QCOMPARE(data.train.y[1].sum().item<float>(), 3.0f);
        QCOMPARE(data.train.y[2].sum().item<float>(), 4.0f);
        // Features: marital (7), education (4) and the label (41) are not; 9 continuous columns
        // min-max scaled (0, 5, 16, 17, 18, the instance weight 24, 30, 39, the year 40) come
        // first; then the 30 categorical columns one-hot: the worker with 2 values in train, the
        // 29 others one each: 9 + 2 + 29 = 40.
        QCOMPARE(data.inputShape, (std::vector<std::int64_t>{40}));
        // Min-max with train statistics: age 20 … 90 → 0 … 1, the instance weight 1020 … 1090 too.
        for (int column : {0, 5}) {
            const auto x = data.train.x.select(1, column);
            QCOMPARE(x.min().item<float>(), 0.0f);
            QCOMPARE(x.max().item<float>(), 1.0f);
        }
        // Ages 20, 30, …, 90 (rows in a seeded order): 0, 1/7, …, 1.
        const auto ages = std::get<0>(data.train.x.select(1, 0).sort());
        QVERIFY(torch::allclose(ages, torch::arange(8, torch::kFloat32) / 7));
        QCOMPARE(data.features.size(), std::size_t(9 + 30));
        QCOMPARE(data.features[5].name, std::string("instance_weight"));
        QCOMPARE(data.features[5].encoding, std::string("min-max: (x - 1020) / 70"));
        QCOMPARE(data.features[9].encoding, std::string("one-hot, 2 values"));
        // "Never worked" exists only in the test file: its worker one-hot is all zeros.
        QCOMPARE(data.test.x.narrow(1, 9, 2).abs().sum().item<float>(), 0.0f);
        QCOMPARE(data.train.x.narrow(1, 9, 2).sum(1).min().item<float>(), 1.0f);
        // Only income: marital status and education stay features (more columns).
        spec.taskNames = {"income"};
        QCOMPARE(mtlx::loadCensusIncome(spec, {}).inputShape[0], std::int64_t(40 + 4 + 2));
        // The old "at least some college" task is still there: Bachelors and Some college.
        spec.taskNames = {"college"};
        QCOMPARE(mtlx::loadCensusIncome(spec, {}).train.y[0].sum().item<float>(), 4.0f);
        // A short line is refused with its line number.
        writeGz(d + "/census-income.test.gz", test + "1, 2, 3\n");
        EXPECT_ERROR(mtlx::loadCensusIncome(spec, {}), "census-income.test.gz:7: expected 42 fields, found 3");
        // A label that is neither income class is refused, not read as a negative.
        auto odd = censusLine(44, "Children", "Divorced", false);
        odd.replace(odd.find("- 50000."), 8, "50000-.");
        writeGz(d + "/census-income.test.gz", test + odd);
        EXPECT_ERROR(mtlx::loadCensusIncome(spec, {}), "census-income.test.gz:7: the label '50000-' is not one of");
    }

    // The real files: the framework's label rates on the training file (education 13.9 %,
    // income 6.2 %, never married 43.4 %), its splits, and the instance weight min-max scaled.
    void censusAsTheFrameworkReadsIt()
    {
        if (dataDir_.empty()) QSKIP("MTLX_DATA_DIR is not set: the real census files are not here");
        auto spec = mtlx::DatasetSpec::defaultsFor("census_income");
        spec.dataDir = dataDir_;
        mtlx::Dataset data;
        try {
            data = mtlx::loadCensusIncome(spec, {});
        } catch (const mtlx::InputError& e) {
            QSKIP(e.what());
        }
        QCOMPARE(data.train.size(), std::int64_t(199523));
        QCOMPARE(data.validation.size(), std::int64_t(49881));
        QCOMPARE(data.test.size(), std::int64_t(49881));
        const double rates[3] = {0.139, 0.062, 0.434};
        for (int t = 0; t < 3; ++t) {
            const double rate = data.train.y[t].mean().item<double>();
            QVERIFY2(std::abs(rate - rates[t]) < 0.001, (data.tasks[t].name + " " + std::to_string(rate)).c_str());
        }
        const auto weight = data.train.x.select(1, 5);
        QCOMPARE(weight.min().item<float>(), 0.0f);
        QCOMPARE(weight.max().item<float>(), 1.0f);
    }

    void adultSkipsItsBannerAndPeriods()
    {
        const auto d = dir("adult");
        const std::string row1 = "39, State-gov, 77516, Bachelors, 13, Never-married, Adm-clerical, Not-in-family, "
                                 "White, Male, 2174, 0, 40, United-States, ";
        const std::string row2 =
            "50, Private, 83311, HS-grad, 9, Married-civ-spouse, Exec, Husband, White, Male, 0, 0, 13, United-States, ";
        writeGz(d + "/adult.data.gz", row1 + "<=50K\n" + row2 + ">50K\n\n");
        writeGz(d + "/adult.test.gz", "|1x3 Cross validator\n" + row1 + ">50K.\n" + row2 + "<=50K.\n");
        auto spec = mtlx::DatasetSpec::defaultsFor("adult");
        spec.dataDir = d;
        const auto data = mtlx::loadAdult(spec, {});
        QCOMPARE(data.train.size(), std::int64_t(2));
        QCOMPARE(data.validation.size() + data.test.size(), std::int64_t(2));
        QCOMPARE(data.train.y[0].sum().item<float>(), 1.0f);
        QCOMPARE(data.train.y[1].sum().item<float>(), 1.0f);
        const float testIncome = data.validation.y[0].sum().item<float>() + data.test.y[0].sum().item<float>();
        QCOMPARE(testIncome, 1.0f); // ">50K." read as >50K
    }

    void movieLensSamplesNegativesAndMasksRatings()
    {
        const auto d = dir("ml");
        std::string ratings;
        // 4 users, 10 movies; user u watched movies 0 … u+2.
        for (int u = 1; u <= 4; ++u)
            for (int m = 1; m <= u + 2; ++m)
                ratings += std::to_string(u) + "::" + std::to_string(100 + m) + "::" + std::to_string(1 + (u + m) % 5) +
                           "::978300760\n";
        for (int m = 1; m <= 10; ++m)
            ratings += "9::" + std::to_string(100 + m) + "::3::978300760\n"; // movies 101…110 all exist
        writeFile(d + "/ratings.dat", ratings);
        writeFile(
            d + "/users.dat",
            "1::F::1::10::48067\n2::M::56::16::70072\n3::M::25::15::55117\n4::M::45::7::02460\n9::F::18::3::12345\n");
        writeFile(d + "/movies.dat",
                  "101::Toy Story (1995)::Animation|Children's|Comedy\n102::Heat (1995)::Action|Crime\n");
        auto spec = mtlx::DatasetSpec::defaultsFor("movielens");
        spec.dataDir = d;
        spec.validationFraction = 0.0;
        spec.testFraction = 0.2;
        const auto data = mtlx::loadMovieLens(spec, {});
        // 28 watched rows (3+4+5+6 by users 1-4, 10 by user 9); users 1-3 get as many unwatched
        // movies as they watched (3+4+5), user 4 only the 4 it has not seen, user 9 none: 44 rows.
        const auto total = data.train.size() + data.validation.size() + data.test.size();
        QCOMPARE(total, std::int64_t(44));
        const float watched = data.train.y[0].sum().item<float>() + data.test.y[0].sum().item<float>();
        QCOMPARE(watched, 28.0f);
        QCOMPARE(data.embeddings, (std::vector<std::int64_t>{5, 10}));
        // Side features: gender 2 + age 5 + occupation 5 + genres 5 (Action, Animation,
        // Children's, Comedy, Crime); x = [user, movie, side…].
        QCOMPARE(data.inputShape, (std::vector<std::int64_t>{2 + 12 + 5}));
        // The rating task counts on watched rows only; its mask is the watch label.
        QVERIFY(torch::equal(data.train.mask[1], data.train.y[0]));
        QVERIFY(!data.train.mask[0].defined());
        const auto ratingsOfWatched = data.train.y[1].masked_select(data.train.mask[1] > 0);
        QVERIFY(ratingsOfWatched.min().item<float>() >= 1 && ratingsOfWatched.max().item<float>() <= 5);
        // The model embeds the ID columns: 5·16 + 10·16 embedding weights.
        auto exp = mtlx::presetSpec("movielens-shared-bottom");
        exp.dataset = spec;
        mtlx::MtlModel model(exp, mtlx::InputInfo{data.inputShape, data.embeddings, data.embeddingDim}, data.tasks);
        mtlx::MtlModel plain(exp, mtlx::InputInfo{{2 * 16 + 17}, {}, 0}, data.tasks);
        QCOMPARE(model->parameterCounts().serving - plain->parameterCounts().serving, std::int64_t(15 * 16));
        model->train();
        const auto out = model->forward(data.train.x.narrow(0, 0, 4).unsqueeze(0));
        QCOMPARE(out.logits[1].sizes().vec(), (std::vector<std::int64_t>{1, 4, 1}));
        // Bad ratings are refused with the line.
        writeFile(d + "/ratings.dat", ratings + "1::101::7::978300760\n");
        EXPECT_ERROR(mtlx::loadMovieLens(spec, {}), "ratings.dat:29: rating 7 is not in 1…5");
        writeFile(d + "/ratings.dat", ratings + "1::101::4\n");
        EXPECT_ERROR(mtlx::loadMovieLens(spec, {}), "ratings.dat:29: expected 4 fields, found 3");
    }

    void csvColumnsTasksAndErrors()
    {
        const auto d = dir("csv");
        std::string text = "x1,colour,clicked,kind,price\n";
        for (int i = 0; i < 40; ++i)
            text += std::to_string(i) + "," + (i % 3 ? "red" : "\"blue, dark\"") + "," + (i % 2 ? "yes" : "no") + "," +
                    std::to_string(i % 3) + "," + std::to_string(i * 0.5) + "\n";
        writeFile(d + "/f.csv", text);
        auto spec = mtlx::DatasetSpec::defaultsFor("csv");
        spec.path = "f.csv";
        spec.dataDir = d;
        spec.numeric = {"x1"};
        spec.categorical = {"colour"};
        spec.csvTasks = {{"clicked", mtlx::TaskKind::Binary, 0, "yes"},
                         {"kind", mtlx::TaskKind::Multiclass, 3, ""},
                         {"price", mtlx::TaskKind::Regression, 0, ""}};
        const auto data = mtlx::loadCsv(spec, {});
        QCOMPARE(data.train.size(), std::int64_t(32));
        QCOMPARE(data.validation.size(), std::int64_t(4));
        QCOMPARE(data.test.size(), std::int64_t(4));
        QCOMPARE(data.inputShape, (std::vector<std::int64_t>{3})); // x1 + two colours
        QCOMPARE(data.train.y[1].scalar_type(), torch::kLong);
        // Labels stay with their rows: price = x1 / 2 in raw units, x1 standardised.
        const auto all = torch::cat({data.train.y[0], data.validation.y[0], data.test.y[0]});
        QCOMPARE(all.sum().item<float>(), 20.0f);
        QCOMPARE(data.tasks[1].classes, 3);

        auto bad = spec;
        bad.csvTasks = {{"clicked", mtlx::TaskKind::Binary, 0, ""}};
        EXPECT_ERROR(mtlx::loadCsv(bad, {}), "f.csv:2: column 'clicked': 'no' is not 0 or 1");
        bad.csvTasks = {{"kind", mtlx::TaskKind::Multiclass, 2, ""}};
        EXPECT_ERROR(mtlx::loadCsv(bad, {}), "f.csv:4: column 'kind': '2' is not a class 0…1");
        bad.csvTasks = {{"colour", mtlx::TaskKind::Regression, 0, ""}};
        EXPECT_ERROR(mtlx::loadCsv(bad, {}), "column 'colour' is used twice");
        bad = spec;
        bad.numeric = {"colour"};
        bad.categorical = {};
        EXPECT_ERROR(mtlx::loadCsv(bad, {}), "f.csv:2: column 'colour': 'blue, dark' is not a number");
        bad.numeric = {"weight"};
        EXPECT_ERROR(mtlx::loadCsv(bad, {}), "f.csv: no column 'weight'");
        bad = spec;
        bad.path = "nope.csv";
        EXPECT_ERROR(mtlx::loadCsv(bad, {}), "nope.csv not found", d.c_str());
    }

    void lenetParameterCountsByHand_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<qlonglong>("serving");
        QTest::addColumn<qlonglong>("training");
        // conv 1→10 (5×5): 260; conv 10→20: 5020; 36 → 32 → 16 → 12 → 6: the first dense layer
        // reads 20·6·6 = 720 features, 720·50 + 50 = 36050; each further dense layer of 50: 2550;
        // a tower: one Linear(50, 50) per hidden layer (2550) and Linear(50, 10) (510).
        const qlonglong conv = 260 + 5020, dense = 36050, layer = 2550, out = 510, head = 2 * 510;
        const qlonglong large = conv + dense + 2 * layer + 2 * (2 * layer + out);
        QCOMPARE(large, 57650LL); // the paper's large model
        for (const char* data : {"multimnist", "multifashion"}) {
            const std::string d(data);
            QTest::newRow((d + "-small").c_str())
                << QString::fromStdString(d + "-small") << conv + dense + 2 * out << conv + dense + 2 * out;
            QTest::newRow((d + "-medium").c_str())
                << QString::fromStdString(d + "-medium") << conv + dense + layer + 2 * (layer + out)
                << conv + dense + layer + 2 * (layer + out);
            QTest::newRow((d + "-large").c_str()) << QString::fromStdString(d + "-large") << large << large;
            QTest::newRow((d + "-large-heads").c_str())
                << QString::fromStdString(d + "-large-heads") << large << large + head;
        }
    }
    void lenetParameterCountsByHand()
    {
        QFETCH(QString, preset);
        QFETCH(qlonglong, serving);
        QFETCH(qlonglong, training);
        auto spec = mtlx::presetSpec(preset.toStdString());
        mtlx::MtlModel m(spec, mtlx::InputInfo{{1, 36, 36}, {}, 0}, spec.tasks());
        QCOMPARE(static_cast<qlonglong>(m->parameterCounts().serving), serving);
        QCOMPARE(static_cast<qlonglong>(m->parameterCounts().training), training);
        m->eval();
        const auto out = m->forward(torch::randn({1, 3, 1, 36, 36}));
        QCOMPARE(out.logits[0].sizes().vec(), (std::vector<std::int64_t>{1, 3, 10}));
        // Conv layers on plain features are refused at the model key.
        try {
            mtlx::MtlModel bad(spec, mtlx::InputInfo{{200}, {}, 0}, spec.tasks());
            QFAIL("conv on plain features accepted");
        } catch (const mtlx::SpecError& e) {
            QCOMPARE(e.path(), std::string("model.conv"));
        }
    }
};

QTEST_GUILESS_MAIN(TestRealData)
#include "tst_realdata.moc"
