// The spec's schema: it describes every key a spec can hold, drives the validator and the writer
// (a spec survives the round trip), gives ranges and text forms, and docs/spec.md's table is
// exactly what it generates.
#include <QtTest>

#include <fstream>
#include <sstream>

#include "core/spec/presets.h"
#include "core/spec/schema.h"
#include "core/spec/specerror.h"

namespace {

using nlohmann::json;

std::string between(const std::string& text, const std::string& open, const std::string& close)
{
    const auto i = text.find(open), j = text.find(close);
    if (i == std::string::npos || j == std::string::npos) return "<markers missing>";
    return text.substr(i + open.size() + 1, j - i - open.size() - 1);
}

} // namespace

class TestSchema : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void docsTableIsTheSchemas()
    {
        std::ifstream in(std::string(MTLX_SOURCE_DIR) + "/docs/spec.md");
        QVERIFY(in.good());
        std::stringstream text;
        text << in.rdbuf();
        const auto table = between(text.str(), "<!-- schema-table -->", "<!-- /schema-table -->");
        QVERIFY2(table == mtlx::schemaMarkdown(),
                 "docs/spec.md's table is stale: run `mtlx-cli schema` and paste it between the markers");
    }

    void everyWrittenKeyIsInTheSchema()
    {
        // Every key the writer puts into any preset's spec is a field that applies to that spec.
        for (const auto& p : mtlx::presetList()) {
            const auto spec = mtlx::presetSpec(p.name);
            const json j = mtlx::experimentToJson(spec);
            for (const auto& [section, value] : j.items()) {
                if (!value.is_object()) {
                    QVERIFY2(mtlx::findField(section, spec), section.c_str());
                    continue;
                }
                for (const auto& [key, v] : value.items()) {
                    const std::string path = section + "." + key;
                    QVERIFY2(mtlx::findField(path, spec), (p.name + ": " + path).c_str());
                }
            }
            QCOMPARE(mtlx::experimentToJson(mtlx::experimentFromJson(j)), j); // the round trip holds
        }
    }

    void fieldsSayTheirRangeAndWhere()
    {
        const mtlx::ExperimentSpec defaults;
        const auto* lr = mtlx::findField("training.lr", defaults);
        QVERIFY(lr);
        QCOMPARE(mtlx::rangeText(*lr), std::string("> 0"));
        QCOMPARE(mtlx::rangeText(*mtlx::findField("heads.dropout", defaults)), std::string("≥ 0 and < 1"));
        auto mmoe = defaults;
        mmoe.model = mtlx::ModelSpec::defaultsFor("mmoe");
        const auto* experts = mtlx::findField("model.experts", mmoe);
        QVERIFY(experts);
        QCOMPARE(mtlx::rangeText(*experts), std::string("1 … 256"));
        QVERIFY(!mtlx::findField("model.experts", defaults)); // not on a shared bottom
        QVERIFY(!experts->help.empty());
        // PLE and AdaTT share a path with different minimums.
        auto ple = defaults, adatt = defaults;
        ple.model.arch = "ple";
        adatt.model.arch = "adatt";
        QCOMPARE(mtlx::findField("model.shared_experts", ple)->min, 1.0);
        QCOMPARE(mtlx::findField("model.shared_experts", adatt)->min, 0.0);
        for (const auto& f : mtlx::specSchema())
            QVERIFY2(!f.help.empty() && !f.label.empty(), f.path.c_str());
    }

    void textFormsRoundTrip()
    {
        mtlx::ExperimentSpec s;
        s.model = mtlx::ModelSpec::defaultsFor("ml_mmoe");
        const auto& levels = *mtlx::findField("model.expert_dims", s);
        QCOMPARE(mtlx::parseFieldText(levels, "64, 32; 16"), json({{64, 32}, {16}}));
        QCOMPARE(mtlx::fieldText(levels, json({{64, 32}, {16}})), std::string("64, 32; 16"));
        const auto& weights = *mtlx::findField("training.task_weights", s);
        QCOMPARE(mtlx::parseFieldText(weights, "0.25, 0.75"), json({0.25, 0.75}));
        QVERIFY_THROWS_EXCEPTION(mtlx::SpecError, mtlx::parseFieldText(weights, "0.25, x"));
        // A value is checked against its field: type, range, entries.
        const auto& towers = *mtlx::findField("model.towers", s);
        QCOMPARE(mtlx::checkValue(towers, json({8.0, 4}), "model.towers", s), json({8, 4}));
        try {
            mtlx::checkValue(towers, json({8, 0}), "model.towers", s);
            QFAIL("accepted");
        } catch (const mtlx::SpecError& e) {
            QCOMPARE(e.path(), std::string("model.towers[1]"));
        }
    }
};

QTEST_GUILESS_MAIN(TestSchema)
#include "tst_schema.moc"
