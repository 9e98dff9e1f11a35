#include "core/cli/cluster.h"

#include <cctype>
#include <filesystem>
#include <sstream>

#include <sys/stat.h>

#include "core/cli/commands.h"
#include "core/engine/sweep.h"
#include "core/spec/arguments.h"
#include "core/spec/result.h"

namespace mtlx {

bool takeSlurmFlag(const std::vector<std::string>& args, std::size_t& i, SlurmOptions& slurm)
{
    const std::string& arg = args[i];
    if (arg.rfind("--slurm", 0) != 0) return false;
    if (i + 1 >= args.size()) throw UsageError(arg + ": needs a value");
    const std::string& value = args[++i];
    if (arg == "--slurm")
        slurm.tasks = static_cast<int>(parseIntegerFlag(arg, value, 1, 100000));
    else if (arg == "--slurm-cpus")
        slurm.cpus = static_cast<int>(parseIntegerFlag(arg, value, 1, 256));
    else if (arg == "--slurm-partition")
        slurm.partition = value;
    else if (arg == "--slurm-time")
        slurm.time = value;
    else if (arg == "--slurm-cli")
        slurm.cli = value;
    else
        throw UsageError("unknown option '" + arg + "' (see mtlx-cli help)");
    return true;
}

std::string ownExecutable()
{
    std::error_code ec;
    const auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::string("mtlx-cli") : p.string();
}

std::string shellQuote(const std::string& text)
{
    std::string q = "'";
    for (const char c : text)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

namespace {

// A value that a #SBATCH line carries as it is: sbatch splits directives at blanks, ends them at a
// newline and reads '%' as a pattern, and a job script runs whatever follows a cut line, so
// anything else is refused with the flag or field it came from.
void requireDirectiveValue(const std::string& value, const std::string& what)
{
    for (const char c : value) {
        const bool ok =
            std::isalnum(static_cast<unsigned char>(c)) || std::string("._-/+,:=@").find(c) != std::string::npos;
        if (!ok)
            throw InputError(what + ": '" + value + "' holds " +
                             (c == '\n' ? std::string("a line break") : "'" + std::string(1, c) + "'") +
                             ", which a #SBATCH line cannot carry safely (letters, digits and ._-/+,:=@ only)");
    }
}

// A job name from a spec name: every other character becomes '-' (names come from shared files).
std::string jobNameOf(const std::string& name)
{
    std::string job = name.empty() ? "mtlx" : name;
    for (auto& c : job)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '-';
    return job;
}

std::string header(const std::string& jobName, const SlurmOptions& slurm, const std::string& log, int cpus)
{
    std::ostringstream s;
    s << "#!/bin/bash\n"
      << "#SBATCH --job-name=" << jobNameOf(jobName) << '\n'
      << "#SBATCH --cpus-per-task=" << cpus << '\n'
      << "#SBATCH --output=" << log << '\n';
    // The partition, the time and the log's folder were checked by writeSlurmScripts.
    if (!slurm.partition.empty()) s << "#SBATCH --partition=" << slurm.partition << '\n';
    if (!slurm.time.empty()) s << "#SBATCH --time=" << slurm.time << '\n';
    return s.str();
}

void writeScript(const std::string& path, const std::string& text)
{
    writeTextFile(path, text);
    ::chmod(path.c_str(), 0755);
}

} // namespace

void writeSlurmScripts(const std::string& dir, const std::string& name, const SlurmOptions& slurm,
                       const std::string& shardCommand, const std::string& finalCommand, std::ostream& out)
{
    const std::string folder = dir + "/slurm";
    requireDirectiveValue(folder, "--out"); // the logs' paths are #SBATCH values
    requireDirectiveValue(slurm.partition, "--slurm-partition");
    requireDirectiveValue(slurm.time, "--slurm-time");
    requireWritableFolder(folder + "/logs");
    std::string command = shardCommand;
    for (std::size_t at; (at = command.find("{I}")) != std::string::npos;)
        command.replace(at, 3, "${SLURM_ARRAY_TASK_ID}");
    // One LibTorch thread per sweep job, one job per CPU of the task: what a sweep does alone.
    writeScript(folder + "/sweep.sbatch", header(name, slurm, folder + "/logs/task-%a-job-%A.out", slurm.cpus) +
                                              "#SBATCH --array=1-" + std::to_string(slurm.tasks) +
                                              "\n\nset -euo pipefail\nexport OMP_NUM_THREADS=1\n" +
                                              "echo \"task ${SLURM_ARRAY_TASK_ID} of " + std::to_string(slurm.tasks) +
                                              " on $(hostname) at $(date -u +%FT%TZ)\"\n" + command + "\n");
    writeScript(folder + "/merge.sbatch", header(name + "-merge", slurm, folder + "/logs/merge-%j.out", 1) +
                                              "\nset -euo pipefail\n" + finalCommand + "\n");
    writeScript(folder + "/submit.sh",
                "#!/bin/bash\n"
                "# Submits the array and the job that merges it once every task has ended well.\n"
                "# With task indices (./submit.sh 3 7): only those tasks again, and a new merge job.\n"
                "set -euo pipefail\n"
                "cd \"$(dirname \"$0\")\"\n"
                "array=()\n"
                "if [ $# -gt 0 ]; then array=(--array=\"$(IFS=,; echo \"$*\")\"); fi\n"
                "job=$(sbatch --parsable \"${array[@]}\" sweep.sbatch)\n"
                "job=${job%%;*}\n"
                "merge=$(sbatch --parsable --dependency=afterok:${job} merge.sbatch)\n"
                "echo \"array ${job}, merge ${merge%%;*} (after the array ends well)\"\n");
    out << "slurm: " << slurm.tasks << " array tasks of " << slurm.cpus << " CPU(s), then a merge job\n"
        << "  " << folder << "/sweep.sbatch\n  " << folder << "/merge.sbatch\n  " << folder << "/submit.sh\n"
        << "submit with: " << folder << "/submit.sh\n"
        << "  (it runs: sbatch --parsable " << folder << "/sweep.sbatch; sbatch --dependency=afterok:JOB " << folder
        << "/merge.sbatch)\n"
        << "a task that failed: " << folder << "/submit.sh I  (it resumes; the merge runs again)\n";
}

// mtlx-cli merge OUT DIR…
int commandMerge(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    if (args.size() < 3) throw UsageError("usage: mtlx-cli merge OUT DIR...");
    const std::vector<std::string> dirs(args.begin() + 2, args.end());
    for (const auto& d : dirs)
        if (d.rfind("--", 0) == 0) throw UsageError("unknown option '" + d + "' (see mtlx-cli merge --help)");
    const MergeOutcome m = mergeSweepFolders(args[1], dirs);
    for (const auto& w : m.warnings)
        err << "warning: " << w << '\n';
    out << "merge: " << dirs.size() << " folders, " << m.runs << " of " << m.planned << " runs";
    if (m.duplicates) out << ", " << m.duplicates << " duplicate(s) dropped";
    if (m.replaced) out << ", " << m.replaced << " run(s) found twice with different results (the later kept)";
    out << '\n';
    printFrontier(out, m.frontier, m.frontierPath);
    return 0;
}

} // namespace mtlx
