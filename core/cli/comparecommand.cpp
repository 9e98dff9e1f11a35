// mtlx-cli compare DIR... [--csv FILE] [--reference V1,V2,…]: several sweeps against one
// reference point, with the middle points the papers' tables report.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>

#include "core/cli/commands.h"
#include "core/cli/terminaltable.h"
#include "core/engine/sweep.h"
#include "core/reproduce/statistics.h"
#include "core/spec/differences.h"
#include "core/spec/text.h"

namespace mtlx {
namespace {

struct CompareArgs {
    std::vector<std::string> dirs;
    std::string csvPath;           // --csv; "" writes none
    std::vector<double> reference; // --reference; empty: the common one
    std::string referenceConfig;   // --reference-config: the configuration the others are tested against
    std::string baseline;          // --baseline LS_DIR: the linear-scalarisation sweep as the yardstick
};

CompareArgs parseCompareArgs(const std::vector<std::string>& args)
{
    CompareArgs a;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const auto& arg = args[i];
        const bool valued =
            arg == "--csv" || arg == "--reference" || arg == "--reference-config" || arg == "--baseline";
        if (valued && i + 1 >= args.size()) throw UsageError(arg + ": needs a value");
        if (arg == "--csv")
            a.csvPath = args[++i];
        else if (arg == "--reference-config")
            a.referenceConfig = args[++i];
        else if (arg == "--baseline")
            a.baseline = args[++i];
        else if (arg == "--reference")
            a.reference = parseNumbers("--reference", args[++i]);
        else if (arg.rfind("--", 0) == 0)
            throw UsageError("unknown option '" + arg + "' (see mtlx-cli help)");
        else
            a.dirs.push_back(arg);
    }
    if (a.dirs.empty())
        throw UsageError("usage: mtlx-cli compare DIR... [--csv FILE] [--reference V1,V2,…] [--reference-config NAME] "
                         "[--baseline LS_DIR]");
    if (!a.baseline.empty()) {
        // Read first, against one reference point; named among the folders too, it is listed once.
        a.dirs.erase(std::remove(a.dirs.begin(), a.dirs.end(), a.baseline), a.dirs.end());
        a.dirs.insert(a.dirs.begin(), a.baseline);
    }
    return a;
}

// Configurations compared on one plot must have been tested on the same data: another data set
// kind is refused; other data fields that change the examples (a generator's parameters, the
// test split) are named in a warning, since comparing, say, two task correlations can be the
// point. The training set's size, the data folder and the seed may differ.
void checkSameData(const SweepFolder& first, const std::string& firstDir, const SweepFolder& f, const std::string& dir,
                   std::ostream& err)
{
    if (f.spec.dataset.kind != first.spec.dataset.kind)
        throw InputError(dir + ": trained on dataset.kind " + f.spec.dataset.kind + ", " + firstDir + " on " +
                         first.spec.dataset.kind + ": their test metrics are not comparable");
    const auto a = specFields(first.spec), b = specFields(f.spec);
    std::vector<std::string> differ;
    for (const auto& [path, value] : b) {
        if (path.rfind("dataset.", 0) != 0 || path == "dataset.seed" || path == "dataset.limit_train" ||
            path == "dataset.train" || path == "dataset.data_dir")
            continue;
        const auto other = a.find(path);
        if (other == a.end() || other->second != value)
            differ.push_back(path + " " + value + " (" + (other == a.end() ? "unset" : other->second) + ")");
    }
    if (!differ.empty())
        err << "warning: " << dir << ": its data differ from " << firstDir << "'s in " << joinWords(differ)
            << ": each is measured on its own test set\n";
}

// Every folder's frontier against one reference point: the given one, or the worst value per
// objective over all the configurations' runs plus 10 % of the range.
std::vector<SweepFolder> readFolders(const CompareArgs& a, std::ostream& err, std::vector<double>& reference)
{
    std::vector<SweepFolder> folders;
    for (const auto& d : a.dirs) {
        folders.push_back(readSweepFolder(d));
        for (const auto& w : folders.back().warnings)
            err << "warning: " << w << '\n';
        const auto& f = folders.back().frontier;
        const auto& first = folders.front().frontier;
        if (f.tasks != first.tasks || f.metrics != first.metrics)
            throw InputError(d + ": its objectives (" + joinWords(f.objectiveNames()) + ") differ from " +
                             a.dirs.front() + "'s (" + joinWords(first.objectiveNames()) + ")");
        if (f.points.empty()) throw InputError(d + ": no finished runs yet");
        if (folders.size() > 1) checkSameData(folders.front(), a.dirs.front(), folders.back(), d, err);
    }
    std::vector<const std::vector<ParetoPoint>*> configurations;
    for (const auto& f : folders)
        configurations.push_back(&f.frontier.points);
    reference = a.reference.empty() ? commonReference(configurations) : a.reference;
    const auto& objectives = folders.front().frontier;
    if (reference.size() != objectives.tasks.size())
        throw UsageError("--reference: has " + std::to_string(reference.size()) + " values for " +
                         std::to_string(objectives.tasks.size()) + " objectives (" +
                         joinWords(objectives.objectiveNames()) + ")");
    for (std::size_t i = 0; i < folders.size(); ++i)
        folders[i] = readSweepFolder(a.dirs[i], reference);
    return folders;
}

// The common reference point is the worst value per objective plus 10 %: a sweep's runs with a
// task weight of 0 leave that task untrained and usually set it, far from the frontiers, so that
// every hypervolume is large and their differences look small. Said, with the point the runs
// that train every task give (to pass as --reference).
void noteUntrainedReference(const std::vector<SweepFolder>& folders, const std::vector<double>& reference,
                            std::ostream& out)
{
    std::vector<std::vector<ParetoPoint>> trained;
    for (const auto& f : folders) {
        trained.emplace_back();
        for (const auto& p : f.frontier.points)
            if (trainedEveryTask(p, f.spec.training.preference.conditioned())) trained.back().push_back(p);
    }
    std::vector<const std::vector<ParetoPoint>*> configurations;
    for (const auto& t : trained)
        configurations.push_back(&t);
    const auto nearer = commonReference(configurations);
    if (nearer.size() != reference.size() || nearer == reference) return;
    std::string values;
    for (std::size_t k = 0; k < nearer.size(); ++k)
        values += (k ? "," : "") + formatNumber(nearer[k], 4);
    out << "note: this reference point counts runs with a task weight of 0 (a task left untrained); the runs "
           "that train every task alone give "
        << formatWeights(nearer) << " (--reference " << values << ")\n";
}

std::string folderLabel(const std::string& dir)
{
    std::string label = std::filesystem::path(dir).filename().string();
    if (label.empty() || label == "." || label == "result.json")
        label = std::filesystem::path(dir).parent_path().filename().string();
    return label;
}

const MeanPoint* middleOf(const Frontier& f)
{
    return f.middle >= 0 ? &f.means[static_cast<std::size_t>(f.middle)] : nullptr;
}

// A measure's name as a CSV column prefix: "y1 mse (middle)" → "y1_mse_middle".
std::string columnPrefix(const std::string& name)
{
    std::string out;
    for (const char c : name) {
        if (std::isalnum(static_cast<unsigned char>(c)))
            out += c;
        else if (!out.empty() && out.back() != '_')
            out += '_';
    }
    while (!out.empty() && out.back() == '_')
        out.pop_back();
    return out;
}

void writeCsv(const std::string& path, const std::vector<std::string>& dirs, const std::vector<SweepFolder>& folders,
              const std::vector<std::string>& measures, const std::vector<std::vector<WelchTest>>& tests,
              std::size_t ref)
{
    std::ofstream csv(path);
    if (!csv) throw InputError(path + ": cannot write the CSV");
    const auto& names = folders.front().frontier.tasks;
    const auto& metrics = folders.front().frontier.metrics;
    csv << "config,folder,runs,diverged,frontier_points,hypervolume";
    for (std::size_t k = 0; k < names.size(); ++k)
        csv << ",reference_" << csvField(names[k] + " " + metrics[k]);
    for (std::size_t k = 0; k < names.size(); ++k)
        csv << ",middle_weight_" << csvField(names[k]);
    for (std::size_t k = 0; k < names.size(); ++k)
        csv << ',' << csvField(names[k] + " " + metrics[k]) << ',' << csvField(names[k] + " " + metrics[k] + " spread");
    for (const auto& m : measures)
        for (const char* column : {"_diff", "_ci95_low", "_ci95_high", "_p_value"})
            csv << ',' << columnPrefix(m) << column;
    csv << '\n';
    for (std::size_t i = 0; i < folders.size(); ++i) {
        const auto& f = folders[i].frontier;
        const MeanPoint* middle = middleOf(f);
        csv << csvField(folderLabel(dirs[i])) << ',' << csvField(dirs[i]) << ',' << f.finished << ',' << f.failed << ','
            << f.meanFrontier.size() << ',' << std::setprecision(10) << f.meanHypervolume;
        for (double r : f.reference)
            csv << ',' << r;
        for (std::size_t k = 0; k < names.size(); ++k)
            csv << ',' << (middle ? middle->weights[k] : 0.0);
        for (std::size_t k = 0; k < names.size(); ++k)
            csv << ',' << (middle ? metricFromObjective(metrics[k], middle->values[k]) : 0.0) << ','
                << (middle ? middle->spread[k] : 0.0);
        for (const auto& w : tests[i]) {
            if (i == ref) {
                csv << ",,,,";
                continue;
            }
            for (const double v : {w.difference, w.low, w.high, w.p}) {
                csv << ',';
                if (std::isfinite(v)) csv << v;
            }
        }
        csv << '\n';
    }
}

// The middle point's task weights; a method that chooses its own has one point, and says so.
std::string middleWeights(const SweepFolder& folder)
{
    const MeanPoint* middle = middleOf(folder.frontier);
    if (!middle) return "-";
    const auto chooser = taskWeightChooser(folder.spec);
    return chooser.empty() ? formatWeights(middle->weights) : "by " + chooser;
}

std::vector<std::vector<std::string>> tableRows(const std::vector<std::string>& dirs,
                                                const std::vector<SweepFolder>& folders)
{
    const auto& names = folders.front().frontier.tasks;
    const auto& metrics = folders.front().frontier.metrics;
    std::vector<std::string> header{"config", "runs", "frontier", "hypervolume", "middle w"};
    for (std::size_t k = 0; k < names.size(); ++k)
        header.push_back(names[k] + " " + metrics[k]);
    std::vector<std::vector<std::string>> rows{header};
    for (std::size_t i = 0; i < folders.size(); ++i) {
        const auto& f = folders[i].frontier;
        const MeanPoint* middle = middleOf(f);
        std::vector<std::string> row{folderLabel(dirs[i]), std::to_string(f.finished) + "/" + std::to_string(f.planned),
                                     std::to_string(f.meanFrontier.size()), formatNumber(f.meanHypervolume, 5),
                                     middleWeights(folders[i])};
        for (std::size_t k = 0; k < names.size(); ++k) {
            std::string cell = middle ? formatNumber(metricFromObjective(metrics[k], middle->values[k]), 4) : "-";
            if (middle && middle->seeds > 1) cell += " ± " + formatNumber(middle->spread[k], 2);
            row.push_back(cell);
        }
        rows.push_back(row);
    }
    return rows;
}

// What configurations are compared on, one value per seed: the hypervolume of the seed's runs
// (against the common reference point) and each task's test metric at the middle point.
struct SeedValues {
    std::vector<std::string> names;          // "hypervolume", "y1 mse (middle)"
    std::vector<std::vector<double>> values; // [measure][seed]
};

SeedValues seedValues(const Frontier& f)
{
    SeedValues v;
    std::map<std::uint64_t, std::vector<std::vector<double>>> bySeed;
    for (const auto& p : f.points)
        bySeed[p.seed].push_back(p.values);
    v.names.push_back("hypervolume");
    v.values.emplace_back();
    for (const auto& [seed, points] : bySeed)
        v.values.back().push_back(hypervolume(points, f.reference));
    const MeanPoint* middle = middleOf(f);
    for (std::size_t k = 0; k < f.tasks.size(); ++k) {
        v.names.push_back(f.tasks[k] + " " + f.metrics[k] + " (middle)");
        v.values.emplace_back();
        for (const auto& p : f.points)
            if (middle && p.point == middle->point)
                v.values.back().push_back(metricFromObjective(f.metrics[k], p.values[k]));
    }
    return v;
}

std::size_t referenceIndex(const CompareArgs& a)
{
    if (a.referenceConfig.empty()) return 0;
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < a.dirs.size(); ++i) {
        if (folderLabel(a.dirs[i]) == a.referenceConfig || a.dirs[i] == a.referenceConfig) return i;
        labels.push_back(folderLabel(a.dirs[i]));
    }
    throw UsageError("--reference-config: '" + a.referenceConfig + "' is none of " + joinWords(labels));
}

// Each configuration against the reference one: per measure the mean difference over seeds with
// its 95 % confidence interval and Welch's two-sided p.
std::vector<std::vector<WelchTest>> welchTests(const std::vector<SweepFolder>& folders, std::size_t ref)
{
    const auto base = seedValues(folders[ref].frontier);
    std::vector<std::vector<WelchTest>> tests;
    for (const auto& folder : folders) {
        const auto other = seedValues(folder.frontier);
        tests.emplace_back();
        for (std::size_t m = 0; m < base.values.size(); ++m)
            tests.back().push_back(welch(base.values[m], other.values[m]));
    }
    return tests;
}

void printWelch(std::ostream& out, const CompareArgs& a, const std::vector<std::string>& names,
                const std::vector<std::vector<WelchTest>>& tests, std::size_t ref)
{
    std::vector<std::vector<std::string>> rows{{"config", "measure", "difference", "95% CI", "p (Welch)"}};
    for (std::size_t i = 0; i < tests.size(); ++i) {
        if (i == ref) continue;
        for (std::size_t m = 0; m < names.size(); ++m) {
            const auto& w = tests[i][m];
            const bool known = std::isfinite(w.p);
            rows.push_back({folderLabel(a.dirs[i]), names[m], formatNumber(w.difference, 4),
                            known ? "[" + formatNumber(w.low, 4) + ", " + formatNumber(w.high, 4) + "]" : "-",
                            formatPValue(w.p)});
        }
    }
    if (rows.size() == 1) return;
    out << "\nagainst " << folderLabel(a.dirs[ref]) << " (difference = config − " << folderLabel(a.dirs[ref])
        << ", mean over seeds; Welch's t-test, two-sided; '-' needs 2 seeds on each side):\n";
    printTable(out, rows);
}

// --baseline: whether the linear-scalarisation frontier (seed-averaged) dominates each seed-mean
// point of the other configurations, and by how much.
void printBaseline(std::ostream& out, const CompareArgs& a, const std::vector<SweepFolder>& folders)
{
    const auto& ls = folders.front().frontier;
    std::vector<std::vector<double>> front;
    for (const auto i : ls.meanFrontier)
        front.push_back(ls.means[i].values);
    const std::size_t points = front.size();
    const Yardstick yardstick(std::move(front), ls.reference);
    out << "\nagainst the linear-scalarisation frontier of " << folderLabel(a.dirs.front()) << " (" << points
        << " seed-averaged points, hypervolume " << formatNumber(yardstick.volume(), 5) << "):\n";
    std::vector<std::vector<std::string>> rows{{"config", "weights", "seeds", "verdict"}};
    for (std::size_t i = 1; i < folders.size(); ++i)
        for (const auto& q : folders[i].frontier.means) {
            const auto against = yardstick.judge(q.values);
            const std::string verdict =
                against.dominated()
                    ? "dominated by a margin of " + formatNumber(against.marginPercent(), 3) +
                          " % (the frontier's objectives would have to grow by that to stop dominating it)"
                    : "not dominated: adds " + formatNumber(against.addedVolume, 4) + " to the frontier's hypervolume";
            rows.push_back({folderLabel(a.dirs[i]), formatWeights(q.weights), std::to_string(q.seeds), verdict});
        }
    printTable(out, rows);
}

} // namespace

int commandCompare(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    const CompareArgs a = parseCompareArgs(args);
    std::vector<double> reference;
    const auto folders = readFolders(a, err, reference);
    const std::size_t ref = referenceIndex(a);
    const auto measures = seedValues(folders[ref].frontier).names;
    const auto tests = welchTests(folders, ref);
    if (!a.csvPath.empty()) writeCsv(a.csvPath, a.dirs, folders, measures, tests, ref);
    printTable(out, tableRows(a.dirs, folders));
    out << "hypervolume of the seed-averaged frontier against the " << (a.reference.empty() ? "common" : "given")
        << " reference point " << formatWeights(reference) << " ("
        << joinWords(folders.front().frontier.objectiveNames()) << "; lower objectives are better)\n";
    out << "middle point: the frontier point whose task weights are nearest to uniform";
    if (std::any_of(folders.begin(), folders.end(),
                    [](const SweepFolder& f) { return !taskWeightChooser(f.spec).empty(); }))
        out << "; a method's runs (\"by METHOD\") are its one point, the task weights its own";
    out << '\n';
    if (a.reference.empty()) noteUntrainedReference(folders, reference, out);
    printWelch(out, a, measures, tests, ref);
    if (!a.baseline.empty()) printBaseline(out, a, folders);
    if (!a.csvPath.empty()) out << "csv: " << a.csvPath << '\n';
    return 0;
}

} // namespace mtlx
