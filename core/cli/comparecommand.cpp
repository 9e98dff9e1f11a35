// mtlx-cli compare DIR... [--csv FILE] [--reference V1,V2,…]: several sweeps against one
// reference point, with the middle points the papers' tables report.
#include <filesystem>
#include <fstream>
#include <iomanip>

#include "core/cli/commands.h"
#include "core/cli/terminaltable.h"
#include "core/engine/sweep.h"
#include "core/spec/text.h"

namespace mtlx {
namespace {

struct CompareArgs {
    std::vector<std::string> dirs;
    std::string csvPath;           // --csv; "" writes none
    std::vector<double> reference; // --reference; empty: the common one
};

CompareArgs parseCompareArgs(const std::vector<std::string>& args)
{
    CompareArgs a;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const auto& arg = args[i];
        if ((arg == "--csv" || arg == "--reference") && i + 1 >= args.size()) throw UsageError(arg + ": needs a value");
        if (arg == "--csv")
            a.csvPath = args[++i];
        else if (arg == "--reference")
            a.reference = parseNumbers("--reference", args[++i]);
        else if (arg.rfind("--", 0) == 0)
            throw UsageError("unknown option '" + arg + "' (see mtlx-cli help)");
        else
            a.dirs.push_back(arg);
    }
    if (a.dirs.empty()) throw UsageError("usage: mtlx-cli compare DIR... [--csv FILE] [--reference V1,V2,…]");
    return a;
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

std::string folderLabel(const std::string& dir)
{
    std::string label = std::filesystem::path(dir).filename().string();
    if (label.empty() || label == ".") label = std::filesystem::path(dir).parent_path().filename().string();
    return label;
}

const MeanPoint* middleOf(const Frontier& f)
{
    return f.middle >= 0 ? &f.means[static_cast<std::size_t>(f.middle)] : nullptr;
}

void writeCsv(const std::string& path, const std::vector<std::string>& dirs, const std::vector<SweepFolder>& folders)
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
        csv << '\n';
    }
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
                                     middle ? formatWeights(middle->weights) : "-"};
        for (std::size_t k = 0; k < names.size(); ++k) {
            std::string cell = middle ? formatNumber(metricFromObjective(metrics[k], middle->values[k]), 4) : "-";
            if (middle && middle->seeds > 1) cell += " ± " + formatNumber(middle->spread[k], 2);
            row.push_back(cell);
        }
        rows.push_back(row);
    }
    return rows;
}

} // namespace

int commandCompare(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    const CompareArgs a = parseCompareArgs(args);
    std::vector<double> reference;
    const auto folders = readFolders(a, err, reference);
    if (!a.csvPath.empty()) writeCsv(a.csvPath, a.dirs, folders);
    printTable(out, tableRows(a.dirs, folders));
    out << "hypervolume of the seed-averaged frontier against the " << (a.reference.empty() ? "common" : "given")
        << " reference point " << formatWeights(reference) << " ("
        << joinWords(folders.front().frontier.objectiveNames()) << "; lower objectives are better)\n";
    out << "middle point: the frontier point whose task weights are nearest to uniform\n";
    if (!a.csvPath.empty()) out << "csv: " << a.csvPath << '\n';
    return 0;
}

} // namespace mtlx
