#include "core/sweep.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>
#include <tuple>

#include "core/dataset.h"
#include "core/specerror.h"
#include "core/trainer.h"

namespace mtlx {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// What identifies a run: its complete spec without the values that only say how or where it
// ran (threads, the data folder) and without the sweep section (more seeds or points later
// reuse the runs already done).
json identity(json spec)
{
    spec.erase("sweep");
    if (spec.contains("training")) spec["training"].erase("threads");
    if (spec.contains("dataset")) spec["dataset"].erase("data_dir");
    return spec;
}

std::string runKey(const ExperimentSpec& spec)
{
    return identity(experimentToJson(spec)).dump();
}

// The first JSON path where two documents differ, with both values ("training.epochs: 1 there, 2 here").
std::string firstDifference(const json& there, const json& here)
{
    const json patch = json::diff(there, here);
    if (patch.empty()) return "";
    std::string path = patch[0].value("path", "");
    if (!path.empty() && path[0] == '/') path.erase(0, 1);
    std::replace(path.begin(), path.end(), '/', '.');
    const json::json_pointer pointer(patch[0].value("path", ""));
    const std::string a = there.contains(pointer) ? there.at(pointer).dump() : "absent";
    const std::string b = here.contains(pointer) ? here.at(pointer).dump() : "absent";
    return path + ": " + a + " there, " + b + " here";
}

struct StoredRun {
    json result;
    int point = 0;
};

// The lines of runs.jsonl that belong to `keys` (run key → grid point), by key. A line that
// is not JSON (a crash in the middle of a write) or not a result is skipped with a warning.
std::map<std::string, StoredRun> readRuns(const std::string& path, const std::map<std::string, int>& keys,
                                          std::vector<std::string>& warnings)
{
    std::map<std::string, StoredRun> runs;
    std::ifstream in(path);
    if (!in) return runs;
    std::string line;
    int number = 0, foreign = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty()) continue;
        try {
            json j = json::parse(line);
            const auto key = runKey(experimentFromJson(j.at("spec")));
            const auto it = keys.find(key);
            if (it == keys.end()) {
                ++foreign;
                continue;
            }
            runs[key] = StoredRun{std::move(j), it->second};
        } catch (const std::exception& e) {
            std::string what = e.what();
            warnings.push_back(path + ":" + std::to_string(number) + ": skipped, not a run result (" +
                               what.substr(0, what.find('\n')) + ")");
        }
    }
    if (foreign > 0)
        warnings.push_back(path + ": " + std::to_string(foreign) +
                           " line(s) of runs outside this sweep's grid ignored");
    return runs;
}

// Appends one line under an exclusive lock; a previous line cut short by a crash is ended first
// so that the new line stays readable.
void appendLine(const std::string& path, const std::string& line)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw InputError(path + ": cannot append (" + std::strerror(errno) + ")");
    ::flock(fd, LOCK_EX);
    std::string text = line + "\n";
    struct stat st {};
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
        char last = '\n';
        const int rfd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (rfd >= 0) {
            if (::pread(rfd, &last, 1, st.st_size - 1) != 1) last = '\n';
            ::close(rfd);
        }
        if (last != '\n') text = "\n" + text;
    }
    const char* p = text.data();
    std::size_t left = text.size();
    bool ok = true;
    while (left > 0 && ok) {
        const auto n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) p += n, left -= static_cast<std::size_t>(n);
    }
    const int saved = errno;
    ::fsync(fd);
    ::flock(fd, LOCK_UN);
    ::close(fd);
    if (!ok) throw InputError(path + ": write failed (" + std::strerror(saved) + ")");
}

std::map<std::string, int> planKeys(const std::vector<SweepRun>& plan)
{
    std::map<std::string, int> keys;
    for (const auto& r : plan)
        keys.emplace(runKey(r.spec), r.point);
    return keys;
}

Frontier frontierOf(const ExperimentSpec& base, const std::vector<SweepRun>& plan,
                    const std::map<std::string, StoredRun>& runs, const std::vector<double>& reference)
{
    std::vector<std::string> tasks, metrics;
    for (const auto& t : base.tasks()) {
        tasks.push_back(t.name);
        metrics.push_back(base.sweep.resolvedMetric(t.kind));
    }
    std::vector<ParetoPoint> points;
    std::size_t failed = 0;
    for (const auto& [key, run] : runs) {
        if (run.result.value("status", "") != "ok") {
            ++failed;
            continue;
        }
        points.push_back(paretoPointOf(base, run.result, run.point));
    }
    std::sort(points.begin(), points.end(),
              [](const auto& a, const auto& b) { return std::tie(a.point, a.seed) < std::tie(b.point, b.seed); });
    Frontier f = makeFrontier(tasks, metrics, std::move(points), reference);
    f.planned = plan.size();
    f.finished = runs.size();
    f.failed = failed;
    return f;
}

std::string join(const std::string& dir, const std::string& file)
{
    return (std::filesystem::path(dir) / file).string();
}

} // namespace

std::vector<SweepRun> planSweep(const ExperimentSpec& base)
{
    const auto tasks = base.tasks().size();
    const auto grid = base.training.weighting == "linear" ? simplexGrid(tasks, base.sweep.points)
                                                          : std::vector<std::vector<double>>{base.training.taskWeights};
    std::vector<SweepRun> plan;
    for (std::size_t p = 0; p < grid.size(); ++p) {
        for (int s = 0; s < base.sweep.seeds; ++s) {
            SweepRun r;
            r.index = plan.size();
            r.point = static_cast<int>(p);
            r.seedIndex = s;
            r.weights = grid[p];
            r.spec = base;
            r.spec.training.taskWeights = grid[p];
            r.spec.training.seed = base.training.seed + static_cast<std::uint64_t>(s);
            plan.push_back(std::move(r));
        }
    }
    return plan;
}

ParetoPoint paretoPointOf(const ExperimentSpec& base, const json& result, int point)
{
    ParetoPoint p;
    p.point = point;
    try {
        p.weights = result.at("task_weights").get<std::vector<double>>();
        p.seed = result.at("spec").at("training").at("seed").get<std::uint64_t>();
        const auto tasks = base.tasks();
        const auto& stored = result.at("tasks");
        for (std::size_t t = 0; t < tasks.size(); ++t) {
            const auto metric = base.sweep.resolvedMetric(tasks[t].kind);
            // A run that reports the mean of its last epochs (training.report_last) is placed there.
            const auto& task = stored.at(t);
            const auto& test = task.contains("reported") ? task.at("reported").at("test") : task.at("test");
            if (!test.contains(metric) || !test[metric].is_number())
                throw InputError("task '" + tasks[t].name + "' has no test " + metric +
                                 " (undefined on this test split?); choose another sweep.metric");
            p.values.push_back(objectiveFromMetric(metric, test[metric].get<double>()));
        }
    } catch (const json::exception& e) {
        throw InputError(std::string("a run result lacks a field (") + e.what() + ")");
    }
    return p;
}

SweepOutcome runSweep(const ExperimentSpec& base, const SweepOptions& options, RunControl& control,
                      const SweepCallbacks& callbacks)
{
    if (options.jobs < 1) throw InputError("--jobs: must be ≥ 1");
    if (options.shards < 1 || options.shard < 1 || options.shard > options.shards)
        throw InputError("--shard: must be I/N with 1 ≤ I ≤ N");
    SweepOutcome outcome;
    const auto& dir = options.outDir;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw InputError(dir + ": cannot create the sweep folder (" + ec.message() + ")");

    // One folder, one sweep.
    const std::string specPath = join(dir, "sweep.json");
    if (std::filesystem::exists(specPath)) {
        const ExperimentSpec there = loadExperimentFile(specPath);
        const json a = identity(experimentToJson(there)), b = identity(experimentToJson(base));
        if (a != b)
            throw InputError(specPath + ": this folder holds a sweep of another spec (" + firstDifference(a, b) +
                             "); use another --out");
    }
    writeJsonFile(specPath, experimentToJson(base));

    const auto plan = planSweep(base);
    const auto keys = planKeys(plan);
    const std::string runsPath = join(dir, "runs.jsonl");
    const auto done = readRuns(runsPath, keys, outcome.warnings);
    std::vector<const SweepRun*> todo;
    for (const auto& r : plan) {
        if (r.index % static_cast<std::size_t>(options.shards) != static_cast<std::size_t>(options.shard - 1)) continue;
        ++outcome.planned;
        if (done.count(runKey(r.spec)))
            ++outcome.skipped;
        else
            todo.push_back(&r);
    }

    std::mutex mutex;
    SweepStatus status;
    status.planned = outcome.planned;
    status.skipped = outcome.skipped;
    auto lastReport = Clock::now() - std::chrono::hours(1);
    const auto started = Clock::now();
    auto report = [&](bool force) { // with the mutex held
        if (!callbacks.onProgress) return;
        if (!force &&
            std::chrono::duration<double>(Clock::now() - lastReport).count() < callbacks.progressIntervalSeconds)
            return;
        lastReport = Clock::now();
        callbacks.onProgress(status);
    };

    if (!todo.empty()) {
        Dataset data;
        {
            LoadProgress loading = [&](const std::string& what, double fraction) {
                std::lock_guard<std::mutex> lock(mutex);
                status.stage = "loading " + what;
                status.fraction = 0;
                (void)fraction;
                report(false);
            };
            data = loadDataset(base.dataset, loading);
        }
        const int jobs = std::min<int>(options.jobs, static_cast<int>(todo.size()));
        const int threads = base.training.threads > 0 ? base.training.threads : std::max(1, intraOpThreads(0) / jobs);

        // The runs follow an internal control that mirrors the caller's and also stops every
        // run when one of them fails.
        RunControl inner;
        std::atomic<std::size_t> next{0};
        std::atomic<int> active{jobs};
        std::exception_ptr failure;
        std::vector<double> slotFraction(static_cast<std::size_t>(jobs), 0.0);
        auto worker = [&](std::size_t slot) {
            torch::set_num_threads(threads);
            try {
                while (!inner.stop.load()) {
                    const std::size_t i = next.fetch_add(1);
                    if (i >= todo.size()) break;
                    const SweepRun& run = *todo[i];
                    {
                        std::lock_guard<std::mutex> lock(mutex);
                        ++status.running;
                        status.stage = "training";
                    }
                    const auto runStart = Clock::now();
                    RunCallbacks cb;
                    cb.progressIntervalSeconds = callbacks.progressIntervalSeconds;
                    cb.onProgress = [&](const Progress& p) {
                        std::lock_guard<std::mutex> lock(mutex);
                        slotFraction[slot] = p.fraction();
                        double sum = static_cast<double>(status.finished);
                        for (double f : slotFraction)
                            sum += f;
                        status.fraction = sum / static_cast<double>(todo.size());
                        status.elapsedSeconds = std::chrono::duration<double>(Clock::now() - started).count();
                        status.remainingSeconds =
                            status.fraction > 0 ? status.elapsedSeconds * (1 - status.fraction) / status.fraction : 0;
                        report(false);
                    };
                    Trainer trainer(run.spec, data);
                    RunResult result = trainer.run(inner, cb);
                    result.wallSeconds = std::chrono::duration<double>(Clock::now() - runStart).count();

                    std::lock_guard<std::mutex> lock(mutex);
                    --status.running;
                    slotFraction[slot] = 0;
                    if (result.status == "stopped") continue; // unfinished: a rerun trains it again
                    json line = resultToJson(result);
                    line["point"] = run.point;
                    appendLine(runsPath, line.dump());
                    ++status.finished;
                    ++outcome.finished;
                    ParetoPoint point;
                    point.point = run.point;
                    point.weights = run.weights;
                    point.seed = run.spec.training.seed;
                    if (result.status == "ok") point = paretoPointOf(base, line, run.point);
                    if (callbacks.onRunFinished) callbacks.onRunFinished(run, result, point);
                    report(true);
                }
            } catch (...) {
                std::lock_guard<std::mutex> lock(mutex);
                if (!failure) failure = std::current_exception();
                inner.stop = true;
            }
            --active;
        };
        std::vector<std::thread> workers;
        for (int j = 0; j < jobs; ++j)
            workers.emplace_back(worker, static_cast<std::size_t>(j));
        while (active.load() > 0) {
            inner.pause = control.pause.load();
            if (control.stop.load()) inner.stop = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        for (auto& w : workers)
            w.join();
        if (failure) std::rethrow_exception(failure);
        outcome.stopped = control.stop.load() && outcome.skipped + outcome.finished < outcome.planned;
    }

    // The frontier of everything this folder holds for the sweep (other shards' runs included).
    std::vector<std::string> ignored;
    outcome.frontier = frontierOf(base, plan, readRuns(runsPath, keys, ignored), {});
    outcome.frontierPath = join(dir, "frontier.json");
    writeJsonFile(outcome.frontierPath, frontierToJson(outcome.frontier));
    return outcome;
}

SweepFolder readSweepFolder(const std::string& dir, const std::vector<double>& reference)
{
    const std::string specPath = join(dir, "sweep.json");
    if (!std::filesystem::exists(specPath))
        throw InputError(dir + ": not a sweep folder (no sweep.json; run mtlx-cli sweep --out " + dir + ")");
    SweepFolder folder;
    folder.spec = loadExperimentFile(specPath);
    const auto plan = planSweep(folder.spec);
    const auto runs = readRuns(join(dir, "runs.jsonl"), planKeys(plan), folder.warnings);
    folder.frontier = frontierOf(folder.spec, plan, runs, reference);
    return folder;
}

} // namespace mtlx
