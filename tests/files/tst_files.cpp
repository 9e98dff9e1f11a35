// The readers of outside input that need no LibTorch (mtlx_files): they refuse what they must
// with one line naming the file, never trust a cache entry that does not verify, stop a gzip bomb
// and refuse a spec that cannot fit in memory. This suite also runs under ASan + UBSan (ctest
// label `sanitize`).
#include <QtTest>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <zlib.h>

#include "core/engine/data/datafiles.h"
#include "core/engine/data/idx.h"
#include "core/engine/data/table.h"
#include "core/engine/memory.h"
#include "core/spec/specerror.h"

namespace {

namespace fs = std::filesystem;

std::string gzipOf(const std::string& text)
{
    uLongf size = compressBound(static_cast<uLong>(text.size())) + 32;
    std::string out(size, '\0');
    z_stream z{};
    deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY); // 15 + 16: a gzip header
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    z.avail_in = static_cast<uInt>(text.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

void write(const std::string& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary) << bytes;
}

std::string errorOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const mtlx::InputError& e) {
        return e.what();
    }
    return "(no error)";
}

} // namespace

class TestFiles : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    std::string path(const char* name) const { return tmp_.filePath(name).toStdString(); }

private Q_SLOTS:
    void initTestCase() { qputenv("MTLX_CACHE_DIR", tmp_.filePath("cache").toUtf8()); }

    void numbersBeyondFloatRangeNameTheirLine()
    {
        mtlx::TextFormat csv;
        csv.kind = mtlx::TextFormat::Kind::Csv;
        csv.header = true;
        const auto t = mtlx::parseTable("age,x\n40,1\n1e300,2\n", "people.csv", csv);
        const auto e = errorOf([&] { (void)t.numeric(0, "age"); });
        QVERIFY2(e.rfind("people.csv:3: column 'age': '1e300' is beyond the range of 32-bit floats", 0) == 0,
                 e.c_str());
        QCOMPARE(t.numeric(1, "x"), (std::vector<float>{1, 2}));
    }

    void headersAreCleanAndUnique()
    {
        mtlx::TextFormat csv;
        csv.kind = mtlx::TextFormat::Kind::Csv;
        csv.header = true;
        // A byte order mark is not part of the first column's name.
        const auto t = mtlx::parseTable("\xEF\xBB\xBF"
                                        "a,b\n1,2\n",
                                        "bom.csv", csv);
        QCOMPARE(t.header.front(), std::string("a"));
        QCOMPARE(t.column("a"), std::size_t(0));
        const auto e = errorOf([&] { mtlx::parseTable("a,b,a\n1,2,3\n", "twice.csv", csv); });
        QCOMPARE(e, std::string("twice.csv:1: column 'a' appears twice in the header"));
    }

    void aCacheEntryThatDoesNotVerifyIsRebuilt()
    {
        const auto file = path("adult-like.data");
        write(file, "39, State-gov, <=50K.\n50, Private, >50K.\n");
        mtlx::TextFormat uci;
        uci.columns = 3;
        uci.stripLabelPeriod = true;
        const auto first = mtlx::readTable(file, uci);
        std::vector<fs::path> entries;
        for (const auto& e : fs::directory_iterator(tmp_.filePath("cache").toStdString()))
            entries.push_back(e.path());
        QCOMPARE(entries.size(), std::size_t(1));
        // One byte changed inside the cached table: ">50K" becomes ">50X". The checksum catches it.
        std::ifstream in(entries[0], std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        in.close();
        const auto at = bytes.find(">50K");
        QVERIFY(at != std::string::npos);
        bytes[at + 3] = 'X';
        write(entries[0].string(), bytes);
        const auto again = mtlx::readTable(file, uci);
        QCOMPARE(again.dict[2], first.dict[2]); // parsed again from the text
        QCOMPARE(again.value(2, 1), std::string(">50K"));
        // A cut-short entry is rebuilt too.
        write(entries[0].string(), bytes.substr(0, bytes.size() / 2));
        QCOMPARE(mtlx::readTable(file, uci).rows, std::int64_t(2));
    }

    void tableBytesWithImpossibleSizesAreRefusedBeforeAllocating()
    {
        // 1 column, 2^62 rows, in 20 bytes: refused without trying to allocate the rows.
        std::string bytes(4 + 8 + 4, '\0');
        bytes[0] = 1;
        bytes[4 + 7] = 0x40;
        bytes += std::string(4, '\0');
        mtlx::Table t;
        QVERIFY(!mtlx::tableFromCacheBytes(bytes, t));
        QVERIFY(!mtlx::tableFromCacheBytes("", t));
    }

    void aGzipBombStopsAtItsLimit()
    {
        const std::string zeros(3 << 20, '\0');
        const auto gz = gzipOf(zeros);
        QVERIFY(gz.size() < 20000);
        QCOMPARE(mtlx::decompressData(gz, "fine.gz").size(), zeros.size());
        const auto e = errorOf([&] { mtlx::decompressData(gz, "bomb.gz", {1 << 20, ""}); });
        QVERIFY2(e.rfind("bomb.gz: decompresses to more than 1.0 MiB", 0) == 0, e.c_str());
        QVERIFY(errorOf([&] { mtlx::decompressData(gz.substr(0, gz.size() / 2), "cut.gz"); }).find("truncated") !=
                std::string::npos);
    }

    // An IDX header that promises 10,000 labels, then 8 MiB of zeros: refused once inflating
    // passes the promised size (it used to inflate everything and then count the bytes).
    void anIdxGzipBombStopsPastWhatItsHeaderPromises()
    {
        std::string content("\x00\x00\x08\x01\x00\x00\x27\x10", 8);
        content += std::string(8 << 20, '\0');
        write(path("bomb-labels.gz"), gzipOf(content));
        QVERIFY(gzipOf(content).size() < 10008); // small enough to be inflated, not refused by its size
        QCOMPARE(mtlx::readDataPrefix(path("bomb-labels.gz"), 8), content.substr(0, 8));
        const auto e = errorOf([&] { mtlx::readIdx(path("bomb-labels.gz"), 1); });
        QVERIFY2(e.rfind(path("bomb-labels.gz") + ": decompresses to more than", 0) == 0 &&
                     e.find("the IDX header promises 10008 bytes") != std::string::npos,
                 e.c_str());
        // With 64 MiB the stored file alone is more than such content could take: refused unread.
        write(path("bigger-bomb.gz"), gzipOf(content + std::string(56 << 20, '\0')));
        const auto stored = errorOf([&] { mtlx::readIdx(path("bigger-bomb.gz"), 1); });
        QVERIFY2(stored.rfind(path("bigger-bomb.gz") + ": holds more than", 0) == 0, stored.c_str());
        // The same header with exactly its 10,000 labels reads, gzipped or plain.
        const std::string fine = content.substr(0, 10008);
        write(path("labels.gz"), gzipOf(fine));
        write(path("labels"), fine);
        QCOMPARE(mtlx::readIdx(path("labels.gz"), 1).bytes.size(), std::size_t{10000});
        QCOMPARE(mtlx::readIdx(path("labels"), 1).bytes.size(), std::size_t{10000});
        // A plain file larger than its limit is refused before it is read.
        const auto plain = errorOf([&] { mtlx::readDataFile(path("labels"), {100, "a test limit"}); });
        QVERIFY2(plain.rfind(path("labels") + ": holds more than 100 bytes (a test limit)", 0) == 0, plain.c_str());
        // A header promising more than memory holds is refused from the header alone.
        write(path("huge.gz"),
              gzipOf(std::string("\x00\x00\x08\x03\x05\xf5\xe1\x00\x05\xf5\xe1\x00\x05\xf5\xe1\x00", 16)));
        QVERIFY(errorOf([&] { mtlx::readIdx(path("huge.gz"), 3); }).find("the IDX header promises more than") !=
                std::string::npos);
        // Dimensions whose product wraps around 2^64 (10^8 · 10^8 · 10^8 · 10^8 ≈ 2^106) are refused as
        // too large, not read as a small file.
        const std::string wrap("\x00\x00\x08\x04\x05\xf5\xe1\x00\x05\xf5\xe1\x00\x05\xf5\xe1\x00\x05\xf5\xe1\x00", 20);
        QVERIFY(errorOf([&] { mtlx::parseIdx(wrap, "wrap.idx", 4); }).find("more than 2^48 bytes") !=
                std::string::npos);
    }

    void somethingElseWhereAFileBelongsIsAnError()
    {
        const mtlx::DataSource source{"Test", {}, "Nowhere."};
        const auto dir = path("data");
        fs::create_directories(dir + "/ratings.dat"); // a folder where the file belongs
        auto e = errorOf([&] { mtlx::findDataFile(dir, source, "ratings.dat"); });
        QVERIFY2(e.find("ratings.dat: is a folder") != std::string::npos, e.c_str());
        fs::remove(dir + "/ratings.dat");
        fs::create_symlink(dir + "/nowhere", dir + "/ratings.dat");
        e = errorOf([&] { mtlx::findDataFile(dir, source, "ratings.dat"); });
        QVERIFY2(e.find("is a broken symbolic link") != std::string::npos, e.c_str());
        fs::remove(dir + "/ratings.dat");
        QCOMPARE(::mkfifo((dir + "/ratings.dat").c_str(), 0600), 0);
        e = errorOf([&] { mtlx::findDataFile(dir, source, "ratings.dat"); });
        QVERIFY2(e.find("not a regular file") != std::string::npos, e.c_str());
    }

    void runFoldersAreNewEvenWithinOneSecond()
    {
        // The desktop autosaves and mtlx-cli train (without --out) name runs by time and spec
        // name: runs of one spec finishing in the same second (Compare) each get their own folder.
        const std::string base = tmp_.filePath("runs").toStdString();
        std::vector<std::string> made;
        for (int i = 0; i < 3; ++i)
            made.push_back(mtlx::newRunFolder(base, "rho 0, linear"));
        for (const auto& dir : made) {
            QVERIFY(std::filesystem::is_directory(dir));
            QVERIFY2(std::filesystem::is_empty(dir), dir.c_str());
            QVERIFY2(QString::fromStdString(dir).contains(QRegularExpression("/\\d{8}-\\d{6}-rho-0--linear(-\\d)?$")),
                     dir.c_str());
        }
        QVERIFY(made[0] != made[1] && made[1] != made[2] && made[0] != made[2]);
        QVERIFY(QString::fromStdString(mtlx::newRunFolder(base, "")).endsWith("-run"));
        // A base that cannot be made is an InputError naming it.
        write(tmp_.filePath("plain").toStdString(), "x");
        const std::string blocked = tmp_.filePath("plain").toStdString() + "/runs";
        try {
            mtlx::newRunFolder(blocked, "a");
            QFAIL("a folder under a plain file was made");
        } catch (const mtlx::InputError& e) {
            QVERIFY2(std::string(e.what()).find(blocked) != std::string::npos, e.what());
        }
    }

    void aSpecThatCannotFitIsRefusedWithTheEstimate()
    {
        auto spec = mtlx::experimentFromJson(
            nlohmann::json{{"dataset", {{"kind", "random"}, {"dim", 100000}}},
                           {"model", {{"arch", "mmoe"}, {"experts", 256}, {"expert_dims", {{100000, 100000}}}}}});
        const auto e = mtlx::estimateRunMemory(spec, 100000);
        QVERIFY(e.parameters > 256.0 * 2e10); // 256 experts of two 10^10-weight layers
        if (mtlx::availableMemoryBytes() == 0) QSKIP("this machine does not say how much memory it has");
        try {
            mtlx::requireMemory(e, spec);
            QFAIL("accepted");
        } catch (const mtlx::SpecError& error) {
            QCOMPARE(error.path(), std::string("model.expert_dims"));
            QVERIFY(std::string(error.what()).find("TiB") != std::string::npos);
        }
        // A bottleneck head's own layers count: 10^6 bottleneck units on a 64-wide tower input
        // add (64 + 1 + 1) · 10^6 parameters per task (down, its bias, up) (it used to count a tower's copy whatever
        // the width).
        auto heads = mtlx::experimentFromJson(
            nlohmann::json{{"dataset", {{"kind", "synthetic_sine"}}},
                           {"model", {{"arch", "shared_bottom"}, {"bottom", {64}}, {"towers", {8}}}},
                           {"heads", {{"kind", "bottleneck"}, {"bottleneck_width", 8}}}});
        const double narrow = mtlx::estimateRunMemory(heads, 100).parameters;
        heads.heads.bottleneckWidth = 1000008;
        const double wide = mtlx::estimateRunMemory(heads, 100).parameters;
        QCOMPARE(wide - narrow, 2 * 1e6 * (64 + 1 + 1));
        // The preset-sized model fits.
        spec.model.experts = 8;
        spec.model.expertDims = {{64}};
        spec.dataset.dim = 512;
        mtlx::requireMemory(mtlx::estimateRunMemory(spec, 512), spec);
    }
};

QTEST_GUILESS_MAIN(TestFiles)
#include "tst_files.moc"
