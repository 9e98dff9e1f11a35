// UCI Census-Income (KDD) and Adult: comma-space text, one-hot and scaled numeric features.
#include <algorithm>
#include <set>

#include "core/engine/data/datafiles.h"
#include "core/engine/data/realdata.h"
#include "core/engine/data/tabular.h"
#include "core/spec/specerror.h"
#include "core/spec/text.h"

namespace mtlx {
namespace {

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
    std::vector<std::string> names;            // the columns' names, for errors and mtlx-cli data
    std::vector<std::size_t> numeric, dropped; // dropped: never features (weights, the label)
    std::vector<std::size_t> minMax;           // numeric columns min-max scaled (the others standardised)
    std::vector<UciTask> tasks;
    std::size_t labelColumn = 0;
    std::vector<std::string> labels; // the only values the label column may hold
};

// A label that is neither value is an error naming its line, never a silent negative.
void checkLabels(const Table& t, const UciLayout& layout)
{
    const auto& dict = t.dict[layout.labelColumn];
    for (std::size_t code = 0; code < dict.size(); ++code) {
        if (std::find(layout.labels.begin(), layout.labels.end(), dict[code]) != layout.labels.end()) continue;
        const auto& codes = t.codes[layout.labelColumn];
        const auto row = std::find(codes.begin(), codes.end(), static_cast<std::int32_t>(code)) - codes.begin();
        throw InputError(t.path + ":" + std::to_string(t.lines[static_cast<std::size_t>(row)]) + ": the label '" +
                         dict[code] + "' is not one of: " + joinWords(layout.labels));
    }
}

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
    checkLabels(train, layout);
    checkLabels(test, layout);

    std::vector<UciTask> tasks;
    std::set<std::size_t> excluded(layout.dropped.begin(), layout.dropped.end());
    for (const auto& name : spec.taskNames)
        for (const auto& t : layout.tasks)
            if (t.name == name) {
                tasks.push_back(t);
                excluded.insert(t.column); // a task's defining column is not a feature
            }
    Features f;
    f.names = layout.names;
    const auto in = [](const std::vector<std::size_t>& v, std::size_t column) {
        return std::find(v.begin(), v.end(), column) != v.end();
    };
    for (std::size_t c = 0; c < static_cast<std::size_t>(layout.columns); ++c) {
        if (excluded.count(c)) continue;
        const bool minMax = in(layout.minMax, c);
        if (in(layout.numeric, c) || minMax) {
            f.numeric.push_back(c);
            f.scaling.push_back(minMax ? Scaling::MinMax : Scaling::Standard);
        } else {
            f.categorical.push_back(c);
        }
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
    d.features = describeEncoding(f, encoding);
    return d;
}

// The framework's education task: a bachelor's, master's or doctoral degree. Its list also
// names the professional-school degree, without the file's leading space, so that value never
// matches there; it is left out here too (13.9 % positive on the training file).
const std::vector<std::string>& censusDegreeValues()
{
    static const std::vector<std::string> v{"Bachelors degree(BA AB BS)", "Masters degree(MA MS MEng MEd MSW MBA)",
                                            "Doctorate degree(PhD EdD)"};
    return v;
}

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

} // namespace

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
    l.names = {"age",
               "class_of_worker",
               "industry_code",
               "occupation_code",
               "education",
               "wage_per_hour",
               "enrolled_in_edu_last_wk",
               "marital_status",
               "major_industry_code",
               "major_occupation_code",
               "race",
               "hispanic_origin",
               "sex",
               "union_member",
               "unemployment_reason",
               "employment_status",
               "capital_gains",
               "capital_losses",
               "dividends",
               "tax_filer_status",
               "region_of_previous_residence",
               "state_of_previous_residence",
               "household_family_status",
               "household_summary",
               "instance_weight",
               "migration_msa",
               "migration_region",
               "migration_within_region",
               "same_house_1_year_ago",
               "migration_previous_sunbelt",
               "persons_worked_for_employer",
               "family_members_under_18",
               "country_of_father",
               "country_of_mother",
               "country_of_birth",
               "citizenship",
               "own_business_or_self_employed",
               "veterans_questionnaire",
               "veterans_benefits",
               "weeks_worked",
               "year",
               "income"};
    // As the AdaTT paper's framework (the MMoEEx code) encodes them: the continuous columns —
    // age, wage per hour, capital gains and losses, dividends, the instance weight, persons worked
    // for employer, weeks worked, year — min-max scaled (here fitted on the rows trained on);
    // every other column one-hot (docs/data.md: the framework's code leaves two small codes as
    // plain numbers). The label column is never a feature.
    l.minMax = {0, 5, 16, 17, 18, 24, 30, 39, 40};
    l.dropped = {41};
    l.tasks = {{"education", 4, censusDegreeValues()},
               {"income", 41, {"50000+"}},
               {"never_married", 7, {"Never married"}},
               {"college", 4, censusCollegeValues()}};
    l.labelColumn = 41;
    l.labels = {"- 50000", "50000+"};
    return loadUci(spec, l, progress);
}

Dataset loadAdult(const DatasetSpec& spec, const LoadProgress& progress)
{
    UciLayout l;
    l.source = {"Adult",
                {"adult"},
                "Download adult.data and adult.test from the UCI Machine Learning Repository (archive.ics.uci.edu, "
                "data set 2)."};
    l.trainFile = "adult.data.gz";
    l.testFile = "adult.test.gz";
    l.columns = 15;
    l.banner = true;
    l.names = {
        "age",          "workclass", "fnlwgt", "education",    "education_num", "marital_status", "occupation",
        "relationship", "race",      "sex",    "capital_gain", "capital_loss",  "hours_per_week", "native_country",
        "income"};
    // Continuous: age, education-num, capital-gain, capital-loss, hours-per-week. fnlwgt is a
    // sampling weight like census's instance weight: not a feature.
    l.numeric = {0, 4, 10, 11, 12};
    l.dropped = {2, 14};
    l.tasks = {{"income", 14, {">50K"}}, {"never_married", 5, {"Never-married"}}};
    l.labelColumn = 14;
    l.labels = {"<=50K", ">50K"};
    return loadUci(spec, l, progress);
}

} // namespace mtlx
