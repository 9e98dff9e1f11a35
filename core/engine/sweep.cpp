#include "core/engine/sweep.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>

#include "core/engine/data/dataset.h"
#include "core/engine/memory.h"
#include "core/engine/models/mtlmodel.h"
#include "core/engine/training/trainer.h"
#include "core/spec/specerror.h"

namespace mtlx {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// What identifies a run: its complete spec without the values that only say how or where it
// ran (threads, the data folder), without the free text (name, description) and without the
// sweep section (more seeds or points later reuse the runs already done).
json identity(json spec)
{
    spec.erase("sweep");
    spec.erase("name");
    spec.erase("description");
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
    std::error_code ec;
    if (!std::filesystem::exists(std::filesystem::symlink_status(path, ec))) return runs;
    // A pipe or a device there would block or never end: only a regular file is read.
    if (!std::filesystem::is_regular_file(path, ec))
        throw InputError(path +
                         ": is not a regular file (a pipe, device or broken link); a sweep's runs.jsonl must be");
    std::ifstream in(path);
    if (!in) throw InputError(path + ": cannot open (" + std::strerror(errno) + ")");
    std::string line;
    int number = 0, foreign = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty()) continue;
        try {
            json j = json::parse(line);
            // Every field a reader of the folder uses, with its type: a line that would end
            // frontier, compare or merge with a type error is skipped here, with its line number.
            const auto key = runKey(resultFromJson(j).spec);
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

// Writes all of `text` at the end of the open file `fd`, or nothing: a write cut short (a full
// disk) is taken back to the size before, so the file holds whole lines only. InputError naming
// `path` and the reason.
void appendWhole(int fd, const std::string& text, const std::string& path)
{
    struct stat st {};
    const bool sized = ::fstat(fd, &st) == 0;
    const char* p = text.data();
    std::size_t left = text.size();
    while (left > 0) {
        const auto n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int saved = n < 0 ? errno : EIO;
            if (sized) (void)!::ftruncate(fd, st.st_size);
            throw InputError(path + ": write failed (" + std::strerror(saved) + ")");
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

// Appends one line under an exclusive lock; a previous line cut short by a crash is ended first
// so that the new line stays readable.
void appendLine(const std::string& path, const std::string& line)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw InputError(path + ": cannot append (" + std::strerror(errno) + ")");
    struct Closing {
        int fd;
        ~Closing()
        {
            ::fsync(fd);
            ::flock(fd, LOCK_UN);
            ::close(fd);
        }
    } closing{fd};
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
    appendWhole(fd, text, path);
}

// A short name for a long key (FNV-1a, 16 hex digits).
std::string hashOf(const std::string& key)
{
    std::uint64_t h = 1469598103934665603ull;
    for (const unsigned char c : key)
        h = (h ^ c) * 1099511628211ull;
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
    return text;
}

// Runs claimed in a sweep folder, so that two sweeps of one spec started into one folder share the
// work instead of training and storing every run twice. DIR/runs.claims holds one line per event
// — "HASH claim PID START HOST" before a run starts (START: the process's start time, so that a
// reused pid is not taken for the claimant), "HASH done" once the run is in runs.jsonl, "HASH
// release" when a claimed run ended unfinished (stopped, failed) — read and appended under an
// exclusive lock, each process reading only what was added since it last looked. A claim binds
// while its process lives (on this host: claims from other hosts do not bind, and shards of a
// cluster sweep have folders of their own). What runs.jsonl held when the sweep started is the
// truth about runs done before: a "done" from then only ends its claim (the line may have been
// cut since); one written after it means the run is done.
class RunClaims {
public:
    // Made before runs.jsonl is read, so that every event after that read counts.
    explicit RunClaims(const std::string& dir)
        : path_((std::filesystem::path(dir) / "runs.claims").string()), self_(::getpid()), selfStart_(startOf(self_))
    {
        char host[256] = {};
        ::gethostname(host, sizeof host - 1);
        host_ = host[0] ? host : "localhost";
        for (auto& c : host_)
            if (std::isspace(static_cast<unsigned char>(c))) c = '-';
        struct stat st {};
        start_ = ::stat(path_.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
    }

    // The runs of `stack` that no other live process has claimed or finished; they are claimed now.
    std::vector<const SweepRun*> claim(const std::vector<const SweepRun*>& stack)
    {
        Locked file(path_);
        update(file);
        std::map<long, bool> living; // per pid, asked once per call
        std::vector<const SweepRun*> mine;
        std::string append;
        for (const auto* run : stack) {
            const std::string hash = hashOf(runKey(run->spec));
            const auto it = state_.find(hash);
            if (it != state_.end()) {
                const Event& e = it->second;
                if (e.done) continue;
                if (e.pid != self_ || e.start != selfStart_) {
                    auto alive = living.find(e.pid);
                    if (alive == living.end()) alive = living.emplace(e.pid, startOf(e.pid) == e.start).first;
                    if (alive->second) continue;
                }
            }
            mine.push_back(run);
            append += hash + " claim " + std::to_string(self_) + " " + std::to_string(selfStart_) + " " + host_ + "\n";
        }
        file.append(append);
        return mine;
    }

    void done(const SweepRun& run) { note(hashOf(runKey(run.spec)) + " done\n"); }

    // Claimed runs that ended without a result (stopped, or the stack failed): others may take them.
    void release(const std::vector<const SweepRun*>& runs)
    {
        std::string text;
        for (const auto* run : runs)
            text += hashOf(runKey(run->spec)) + " release\n";
        note(text);
    }

private:
    struct Event {
        bool done = false;
        long pid = 0;
        std::uint64_t start = 0;
    };

    // The claims file, opened and locked for as long as this lives.
    class Locked {
    public:
        explicit Locked(const std::string& path) : path_(path)
        {
            fd_ = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
            if (fd_ < 0) throw InputError(path + ": cannot open (" + std::strerror(errno) + ")");
            ::flock(fd_, LOCK_EX);
        }
        ~Locked()
        {
            ::flock(fd_, LOCK_UN);
            ::close(fd_);
        }
        Locked(const Locked&) = delete;
        Locked& operator=(const Locked&) = delete;
        // The bytes from `from` to the end.
        std::string readFrom(std::uint64_t from) const
        {
            std::string text;
            char buffer[1 << 16];
            for (auto at = static_cast<off_t>(from);;) {
                const auto n = ::pread(fd_, buffer, sizeof buffer, at);
                if (n <= 0) break;
                text.append(buffer, static_cast<std::size_t>(n));
                at += n;
            }
            return text;
        }
        void append(const std::string& text) const { appendWhole(fd_, text, path_); }

    private:
        std::string path_;
        int fd_ = -1;
    };

    void note(const std::string& text)
    {
        Locked file(path_);
        update(file);
        file.append(text);
    }

    // Reads the events added since the last look (whole lines only).
    void update(const Locked& file)
    {
        const std::string text = file.readFrom(read_);
        std::size_t at = 0;
        for (std::size_t end; (end = text.find('\n', at)) != std::string::npos; at = end + 1) {
            std::istringstream words(text.substr(at, end - at));
            const bool before = read_ + at < start_;
            std::string hash, what, host;
            Event e;
            words >> hash >> what >> e.pid >> e.start >> host;
            if (what == "claim" && host == host_) {
                if (!state_[hash].done) state_[hash] = e;
            } else if (what == "release" || (what == "done" && before)) {
                if (!state_[hash].done) state_.erase(hash);
            } else if (what == "done") {
                state_[hash].done = true;
            }
        }
        read_ += at;
    }

    // A process's start time in clock ticks since boot (/proc/PID/stat field 22); 0 when it has none.
    static std::uint64_t startOf(long pid)
    {
        std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const auto paren = text.rfind(')'); // the command name may hold spaces and parentheses
        if (paren == std::string::npos) return 0;
        std::istringstream fields(text.substr(paren + 1));
        std::string field;
        for (int i = 3; i <= 22 && fields >> field; ++i)
            if (i == 22) return std::strtoull(field.c_str(), nullptr, 10);
        return 0;
    }

    std::string path_, host_;
    long self_ = 0;
    std::uint64_t selfStart_ = 0;
    std::uint64_t start_ = 0; // the file's size when this sweep started
    std::uint64_t read_ = 0;  // how much of it has been read
    std::map<std::string, Event> state_;
};

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
        if (runStatusFromString(run.result.value("status", "")) != RunStatus::Ok) {
            ++failed;
            continue;
        }
        try {
            if (base.training.preference.conditioned()) { // each run's front: a point per preference
                for (auto& p : frontPointsOf(run.result))
                    points.push_back(std::move(p));
                continue;
            }
            points.push_back(paretoPointOf(base, run.result, run.point));
        } catch (const InputError&) {
            ++failed; // an "ok" run without its metric (written before NaN models counted as diverged)
        }
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

std::vector<ParetoPoint> frontPointsOf(const json& result)
{
    RunResult run;
    try {
        run = resultFromJson(result);
    } catch (const std::exception& e) {
        throw InputError(std::string("a stored run: ") + e.what());
    }
    auto points = frontPointsOf(run);
    if (points.empty()) throw InputError("a stored run has no front with its metrics");
    return points;
}

std::vector<ParetoPoint> frontPointsOf(const RunResult& run)
{
    std::vector<std::size_t> kept; // a preference whose metric is missing (NaN) is left out
    const auto objectives = frontObjectives(run, &kept);
    std::vector<ParetoPoint> points;
    for (std::size_t i = 0; i < objectives.size(); ++i)
        points.push_back(
            {static_cast<int>(kept[i]), run.front[kept[i]].weights, run.spec.training.seed, objectives[i]});
    return points;
}

std::vector<SweepRun> planSweep(const ExperimentSpec& base)
{
    const auto tasks = base.tasks().size();
    // A preference-conditioned model learns every task weight in one run: its sweep is one run per
    // seed, and its frontier is their fronts (frontierOf).
    const bool grid = base.training.weighting == "linear" && !base.training.preference.conditioned();
    // Counted before anything is built: a grid too large for memory is refused with its size.
    const double points = grid ? simplexGridSize(tasks, base.sweep.points) : 1;
    const double runs = points * base.sweep.seeds;
    if (runs > static_cast<double>(kMaxSweepRuns)) {
        auto count = [](double n) {
            std::ostringstream c;
            if (n < 1e15)
                c << std::fixed << std::setprecision(0) << n; // exact
            else
                c << std::setprecision(3) << n;
            return c.str();
        };
        std::ostringstream m;
        m << base.sweep.points << " points over " << tasks << " tasks make " << count(points) << " task weightings";
        if (base.sweep.seeds > 1) m << " × " << base.sweep.seeds << " seeds = " << count(runs) << " runs";
        m << "; a sweep holds at most " << kMaxSweepRuns << " runs (fewer points or seeds)";
        throw SpecError("sweep.points", m.str());
    }
    const auto weights =
        grid ? simplexGrid(tasks, base.sweep.points) : std::vector<std::vector<double>>{base.training.taskWeights};
    std::vector<SweepRun> plan;
    for (std::size_t p = 0; p < weights.size(); ++p) {
        for (int s = 0; s < base.sweep.seeds; ++s) {
            SweepRun r;
            r.index = plan.size();
            r.point = static_cast<int>(p);
            r.seedIndex = s;
            r.weights = weights[p];
            r.spec = base;
            r.spec.training.taskWeights = weights[p];
            r.spec.training.seed = base.training.seed + static_cast<std::uint64_t>(s);
            plan.push_back(std::move(r));
        }
    }
    return plan;
}

SweepLayout sweepLayout(const ExperimentSpec& base, std::int64_t inputSize, std::size_t runs,
                        const SweepOptions& options, int cores)
{
    // Arithmetic per step of a stack that makes the ~100 operations of a step (a few µs each)
    // small beside it.
    constexpr double kStackFlops = 2e9;
    const int n = static_cast<int>(std::max<std::size_t>(runs, 1));
    SweepLayout l;
    l.jobs = options.jobs > 0 ? options.jobs : std::max(1, cores);
    l.threads = base.training.threads > 0 ? base.training.threads
                : options.jobs > 0        ? std::max(1, cores / options.jobs)
                                          : 1;
    auto ceilDiv = [](int a, int b) { return (a + b - 1) / b; };
    int stack = options.stack;
    // Convolutions gain nothing from a stack on the CPU (one convolution per run either way, plus
    // the copies in and out: 4.6k → 4.1k examples/s per run for R = 4 on multimnist-small), so
    // image models train run by run unless --stack says otherwise.
    if (stack <= 0 && !base.model.conv.empty()) stack = 1;
    if (stack <= 0) {
        const auto e = estimateRunMemory(base, inputSize);
        // Forward and backward: about 6 FLOPs per parameter and example.
        const double flops = std::max(1.0, 6.0 * e.parameters * static_cast<double>(base.training.batchSize));
        int cap = static_cast<int>(std::clamp(std::ceil(kStackFlops / flops), 1.0, static_cast<double>(kMaxStack)));
        const double available = static_cast<double>(availableMemoryBytes());
        const double perRun = (e.modelBytes + e.activationBytes) * l.jobs;
        if (available > 0 && perRun > 0) cap = std::min(cap, std::max(1, static_cast<int>(0.5 * available / perRun)));
        stack = std::min(cap, ceilDiv(n, l.jobs));
        // As many stacks as a multiple of the jobs, of even size.
        const int stacks = ceilDiv(ceilDiv(n, stack), l.jobs) * l.jobs;
        stack = ceilDiv(n, stacks);
    }
    l.stack = std::clamp(stack, 1, n);
    l.jobs = std::min(l.jobs, ceilDiv(n, l.stack));
    return l;
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

namespace {

// The folder holds this sweep (or none yet): sweep.json is written, another spec refused.
void claimFolder(const ExperimentSpec& base, const std::string& dir)
{
    requireWritableFolder(dir);
    const std::string specPath = join(dir, "sweep.json");
    if (std::filesystem::exists(specPath)) {
        const ExperimentSpec there = loadExperimentFile(specPath);
        const json a = identity(experimentToJson(there)), b = identity(experimentToJson(base));
        if (a != b)
            throw InputError(specPath + ": this folder holds a sweep of another spec (" + firstDifference(a, b) +
                             "); use another --out");
    }
    writeJsonFile(specPath, experimentToJson(base));
}

// Trains a sweep's runs in stacks on `jobs` threads, each taking the next stack; every finished
// run is appended to runs.jsonl at once. One instance per runSweep call.
class SweepWorkers {
public:
    SweepWorkers(const ExperimentSpec& base, std::vector<const SweepRun*> todo, std::string dir, RunClaims& claims,
                 const SweepCallbacks& callbacks, SweepOutcome& outcome)
        : base_(base), todo_(std::move(todo)), dir_(std::move(dir)), runsPath_(join(dir_, "runs.jsonl")),
          claims_(claims), callbacks_(callbacks), outcome_(outcome)
    {
        status_.planned = outcome.planned;
        status_.skipped = outcome.skipped;
    }

    // Loads the data, trains every run, and returns when all are done or `control` stopped them.
    // `done`: the runs runs.jsonl held at the start.
    void run(const SweepOptions& options, RunControl& control, const std::map<std::string, StoredRun>& done)
    {
        outer_ = &control;
        if (const auto shape = inputShapeFromSpec(base_.dataset); !shape.empty())
            requireMemory(estimateRunMemory(base_, shapeSize(shape)), base_, "the sweep's data and one run");
        try {
            loadData(control);
        } catch (const LoadingStopped&) {
            outcome_.stopped = true;
            return;
        }
        const auto layout = sweepLayout(base_, data_.inputSize(), todo_.size(), options, intraOpThreads(0));
        outcome_.layout = layout;
        const auto rows = data_.train.size() + data_.validation.size() + data_.test.size();
        auto estimate = estimateRunMemory(base_, data_.inputSize(), rows);
        const auto data = estimate.dataBytes;
        estimate = estimate.forRuns(static_cast<std::int64_t>(layout.stack) * layout.jobs);
        estimate.dataBytes = data;
        requireMemory(estimate, base_,
                      "the sweep (" + std::to_string(layout.jobs) + " stack(s) of " + std::to_string(layout.stack) +
                          " runs at once; --stack and --jobs set them)");
        keepModels_ = keepsModels(options.models, servingParameters(), outcome_.planned);
        outcome_.modelsKept = keepModels_;
        formStacks(static_cast<std::size_t>(layout.stack), done);
        threads_ = layout.threads;
        const int jobs = layout.jobs;
        slotFraction_.assign(static_cast<std::size_t>(jobs), 0.0);
        slotRuns_.assign(static_cast<std::size_t>(jobs), 0);
        active_ = jobs;
        std::vector<std::thread> workers;
        for (int j = 0; j < jobs; ++j)
            workers.emplace_back([this, j] { work(static_cast<std::size_t>(j)); });
        // The runs follow an inner control that mirrors the caller's and also stops every run
        // when one of them fails.
        while (active_.load() > 0) {
            inner_.pause = control.pause.load();
            if (control.stop.load()) inner_.stop = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        for (auto& w : workers)
            w.join();
        if (failure_) std::rethrow_exception(failure_);
        outcome_.stopped = control.stop.load() && outcome_.skipped + outcome_.finished < outcome_.planned;
    }

private:
    // Runs trained as one model: the trainer's runs in order, each a run of todo_ or null where a
    // resumed checkpoint holds a run runs.jsonl has already.
    struct Stack {
        std::vector<const SweepRun*> runs;
        std::vector<ExperimentSpec> specs;
        std::string checkpointPath;
        std::optional<ResumeFrom> from;
    };

    std::string checkpointDir() const { return join(dir_, "checkpoints"); }

    Stack freshStack(const std::vector<const SweepRun*>& runs) const
    {
        Stack stack;
        stack.runs = runs;
        std::string keys;
        for (const auto* run : runs) {
            stack.specs.push_back(run->spec);
            keys += runKey(run->spec) + "\n";
        }
        stack.checkpointPath = join(checkpointDir(), "stack-" + hashOf(keys) + ".pt");
        return stack;
    }

    // The stacks of checkpoints/ first (those that hold a run still to train; one whose runs are
    // all done is removed), then the other runs in order, `size` at a time.
    void formStacks(std::size_t size, const std::map<std::string, StoredRun>& done)
    {
        std::map<std::string, const SweepRun*> open;
        for (const auto* run : todo_)
            open.emplace(runKey(run->spec), run);
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(checkpointDir(), ec)) {
            if (entry.path().extension() != ".pt") continue;
            Stack stack;
            stack.checkpointPath = entry.path().string();
            ResumeFrom from{{}, stack.checkpointPath};
            try {
                from.bytes = readFileBytes(from.source, "cannot be read");
                stack.specs = Trainer::checkpointSpecs(from.bytes, from.source);
            } catch (const InputError& e) {
                outcome_.warnings.push_back(std::string(e.what()) + "; not resumed");
                continue;
            }
            bool all = true, any = false;
            for (const auto& spec : stack.specs) {
                const auto key = runKey(spec);
                const auto it = open.find(key);
                any = any || it != open.end();
                all = all && done.count(key);
                stack.runs.push_back(it == open.end() ? nullptr : it->second);
                if (it != open.end()) open.erase(it);
            }
            if (any) {
                stack.from = std::move(from);
                stacks_.push_back(std::move(stack));
            } else if (all) {
                std::filesystem::remove(stack.checkpointPath, ec);
            }
        }
        std::vector<const SweepRun*> rest;
        for (const auto* run : todo_)
            if (open.count(runKey(run->spec))) rest.push_back(run);
        for (std::size_t i = 0; i < rest.size(); i += size)
            stacks_.push_back(
                freshStack({rest.begin() + static_cast<std::ptrdiff_t>(i),
                            rest.begin() + static_cast<std::ptrdiff_t>(std::min(rest.size(), i + size))}));
    }

    // One model's parameters for this data (its image shape, its ID columns' embeddings).
    std::int64_t servingParameters() const
    {
        const std::lock_guard<std::mutex> lock(modelInitialisationMutex());
        const InputInfo input{data_.inputShape, data_.embeddings, data_.embeddingDim};
        return MtlModel(base_, input, data_.tasks)->parameterCounts().serving;
    }

    void loadData(const RunControl& control)
    {
        LoadProgress loading = [&](const std::string& what, double) {
            if (control.stop.load()) throw LoadingStopped{};
            std::lock_guard<std::mutex> lock(mutex_);
            status_.stage = Stage::Loading;
            status_.file = what;
            status_.fraction = 0;
            report(false);
        };
        data_ = loadDataset(base_.dataset, loading);
    }

    void work(std::size_t slot)
    {
        useComputeThreads(threads_);
        try {
            // The caller's stop is read here too: the next stack must not start in the moment
            // before the inner control mirrors it.
            while (!inner_.stop.load() && !outer_->stop.load()) {
                const std::size_t i = next_.fetch_add(1);
                if (i >= stacks_.size()) break;
                // Another sweep of this spec into this folder may be training some of them.
                std::vector<const SweepRun*> wanted;
                for (const auto* run : stacks_[i].runs)
                    if (run) wanted.push_back(run);
                const auto mine = claims_.claim(wanted);
                if (mine.size() < wanted.size()) {
                    std::lock_guard<std::mutex> lock(mutex_);
                    const auto elsewhere = wanted.size() - mine.size();
                    claimedElsewhere_ += elsewhere;
                    outcome_.skipped += elsewhere;
                    outcome_.elsewhere += elsewhere;
                    status_.skipped += elsewhere;
                }
                if (mine.empty()) continue;
                try {
                    // Resumed only whole: with a run trained elsewhere, the rest start afresh.
                    trainStack(mine.size() == wanted.size() ? stacks_[i] : freshStack(mine), slot);
                } catch (...) {
                    releaseUnstored(mine);
                    throw;
                }
                releaseUnstored(mine); // stopped runs: another sweep may train them
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(mutex_);
            if (!failure_) failure_ = std::current_exception();
            inner_.stop = true;
        }
        --active_;
    }

    void releaseUnstored(const std::vector<const SweepRun*>& runs)
    {
        std::vector<const SweepRun*> open;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            for (const auto* run : runs)
                if (!stored_.count(run)) open.push_back(run);
        }
        if (!open.empty()) claims_.release(open);
    }

    void trainStack(const Stack& stack, std::size_t slot)
    {
        const auto live = static_cast<std::size_t>(
            std::count_if(stack.runs.begin(), stack.runs.end(), [](const SweepRun* r) { return r != nullptr; }));
        {
            std::lock_guard<std::mutex> lock(mutex_);
            status_.running += live;
            status_.stage = Stage::Training;
            slotRuns_[slot] = live;
            if (stack.from) ++outcome_.resumedStacks;
        }
        RunCallbacks cb;
        cb.progressIntervalSeconds = callbacks_.progressIntervalSeconds;
        cb.keepWeights = keepModels_;
        cb.onProgress = [this, slot](const Progress& p) { progress(slot, p.fraction()); };
        cb.onCheckpoint = [&](const std::string& bytes) {
            try {
                std::filesystem::create_directories(checkpointDir());
                writeTextFile(stack.checkpointPath, bytes);
            } catch (const std::exception& e) { // training goes on; only resuming mid-stack is lost
                const std::lock_guard<std::mutex> lock(mutex_);
                if (!checkpointWarned_) outcome_.warnings.push_back(std::string(e.what()) + " (no checkpoint)");
                checkpointWarned_ = true;
            }
        };
        bool unfinished = false;
        const RunEnded ended = [&](std::size_t r, const RunResult& result) {
            if (!stack.runs[r]) return; // in runs.jsonl already
            std::lock_guard<std::mutex> lock(mutex_);
            --status_.running;
            --slotRuns_[slot];
            if (result.status == RunStatus::Stopped) { // unfinished: a rerun trains it again
                unfinished = true;
                return;
            }
            store(*stack.runs[r], result);
        };
        trainStackOnData(stack.specs, data_, inner_, cb, ended, stack.from ? &*stack.from : nullptr);
        std::error_code ec;
        if (!unfinished) std::filesystem::remove(stack.checkpointPath, ec);
        std::lock_guard<std::mutex> lock(mutex_);
        slotFraction_[slot] = 0;
        slotRuns_[slot] = 0;
    }

    // With the mutex held.
    void store(const SweepRun& run, const RunResult& result)
    {
        json line = resultToJson(result);
        line["point"] = run.point;
        const auto folder = sweepModelFolder(run.point, run.spec.training.seed);
        if (result.weights) line["folder"] = folder;
        appendLine(runsPath_, line.dump()); // the result first: it matters more than the model
        if (result.weights) {               // a run folder of its own, which inspect, export and the window open
            const auto resultPath = join(join(dir_, folder), "result.json");
            requireWritableFolder(join(dir_, folder));
            writeJsonFile(resultPath, resultToJson(result));
            writeModelFile(resultPath, result);
        }
        stored_.insert(&run);
        claims_.done(run);
        ++status_.finished;
        ++outcome_.finished;
        ParetoPoint point;
        point.point = run.point;
        point.weights = run.weights;
        point.seed = run.spec.training.seed;
        if (result.status == RunStatus::Ok) point = paretoPointOf(base_, line, run.point);
        if (callbacks_.onRunFinished) callbacks_.onRunFinished(run, result, point);
        report(true);
    }

    void progress(std::size_t slot, double fraction)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        slotFraction_[slot] = fraction;
        // Finished runs, and the part done of those still training in each slot.
        double sum = static_cast<double>(status_.finished + claimedElsewhere_);
        for (std::size_t s = 0; s < slotFraction_.size(); ++s)
            sum += slotFraction_[s] * static_cast<double>(slotRuns_[s]);
        status_.fraction = sum / static_cast<double>(todo_.size());
        status_.elapsedSeconds = std::chrono::duration<double>(Clock::now() - started_).count();
        status_.remainingSeconds =
            status_.fraction > 0 ? status_.elapsedSeconds * (1 - status_.fraction) / status_.fraction : 0;
        report(false);
    }

    // With the mutex held; at most every progressIntervalSeconds unless forced.
    void report(bool force)
    {
        if (!callbacks_.onProgress) return;
        if (!force &&
            std::chrono::duration<double>(Clock::now() - lastReport_).count() < callbacks_.progressIntervalSeconds)
            return;
        lastReport_ = Clock::now();
        callbacks_.onProgress(status_);
    }

    const ExperimentSpec& base_;
    const std::vector<const SweepRun*> todo_;
    std::vector<Stack> stacks_;
    const std::string dir_, runsPath_;
    bool keepModels_ = false;
    bool checkpointWarned_ = false;
    RunClaims& claims_;
    std::set<const SweepRun*> stored_; // runs appended to runs.jsonl by this sweep
    std::size_t claimedElsewhere_ = 0; // runs skipped because another live sweep claimed them
    const SweepCallbacks& callbacks_;
    SweepOutcome& outcome_;
    Dataset data_;
    int threads_ = 1;
    RunControl inner_;
    const RunControl* outer_ = nullptr;
    std::mutex mutex_;
    SweepStatus status_;
    std::vector<double> slotFraction_;  // per job: 0…1 of its stack's training
    std::vector<std::size_t> slotRuns_; // per job: its stack's runs still training
    std::atomic<std::size_t> next_{0};
    std::atomic<int> active_{0};
    std::exception_ptr failure_;
    const Clock::time_point started_ = Clock::now();
    Clock::time_point lastReport_ = Clock::now() - std::chrono::hours(1);
};

} // namespace

SweepOutcome runSweep(const ExperimentSpec& base, const SweepOptions& options, RunControl& control,
                      const SweepCallbacks& callbacks)
{
    if (options.jobs < 0) throw InputError("--jobs: must be ≥ 1");
    if (options.stack < 0 || options.stack > kMaxStack)
        throw InputError("--stack: must be 1 … " + std::to_string(kMaxStack));
    if (options.shards < 1 || options.shard < 1 || options.shard > options.shards)
        throw InputError("--shard: must be I/N with 1 ≤ I ≤ N");
    const auto plan = planSweep(base); // a grid too large is refused before the folder is touched
    claimFolder(base, options.outDir);
    SweepOutcome outcome;
    const auto keys = planKeys(plan);
    const std::string runsPath = join(options.outDir, "runs.jsonl");
    RunClaims claims(options.outDir); // before runs.jsonl is read: every claim after that counts
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
    if (!todo.empty())
        SweepWorkers(base, std::move(todo), options.outDir, claims, callbacks, outcome).run(options, control, done);

    // The frontier of everything this folder holds for the sweep (other shards' runs included).
    std::vector<std::string> ignored;
    outcome.frontier = frontierOf(base, plan, readRuns(runsPath, keys, ignored), {});
    outcome.frontierPath = join(options.outDir, "frontier.json");
    writeJsonFile(outcome.frontierPath, frontierToJson(outcome.frontier));
    return outcome;
}

bool keepsModels(const std::string& models, std::int64_t parameters, std::size_t runs)
{
    if (models == "all") return true;
    if (models == "none") return false;
    if (models != "auto") throw InputError("--models: '" + models + "' is not auto, all or none");
    return parameters * 4 * static_cast<std::int64_t>(runs) <= kAutoModelBytes;
}

std::string sweepModelFolder(int point, std::uint64_t seed)
{
    return "models/point" + std::to_string(point) + "-seed" + std::to_string(seed);
}

ExperimentSpec readSweepSpec(const std::string& dir)
{
    const std::string specPath = join(dir, "sweep.json");
    if (!std::filesystem::exists(specPath))
        throw InputError(dir + ": not a sweep folder (no sweep.json; run mtlx-cli sweep --out " + dir + ")");
    return loadExperimentFile(specPath);
}

namespace {

// A preference-conditioned run's folder (or its result.json) read as a sweep folder: its front's
// points are the points, one per preference.
std::optional<SweepFolder> readFrontFolder(const std::string& dir, const std::vector<double>& reference)
{
    const std::string path = std::filesystem::is_directory(dir) ? join(dir, "result.json") : dir;
    if (!std::filesystem::is_regular_file(path) || std::filesystem::exists(join(dir, "sweep.json"))) return {};
    std::ifstream in(path);
    json j;
    try {
        j = json::parse(in);
    } catch (const json::exception& e) {
        throw InputError(path + ": not a readable result.json (" + e.what() + ")");
    }
    if (!j.is_object() || !j.contains("front"))
        throw InputError(path + ": a run without a front (train it with training.preference.method = cosmos), "
                                "not a sweep folder");
    RunResult run;
    try {
        run = resultFromJson(j);
    } catch (const std::exception& e) {
        throw InputError(path + ": " + e.what());
    }
    auto points = frontPointsOf(run);
    if (points.empty()) throw InputError(path + ": a stored run has no front with its metrics");
    SweepFolder folder;
    folder.spec = run.spec;
    std::vector<std::string> tasks;
    for (const auto& t : run.spec.tasks())
        tasks.push_back(t.name);
    if (points.size() < run.front.size())
        folder.warnings.push_back(path + ": " + std::to_string(run.front.size() - points.size()) +
                                  " preferences without their metric were left out");
    folder.frontier = makeFrontier(tasks, run.spec.sweepMetrics(), std::move(points), reference);
    folder.frontier.planned = folder.frontier.finished = run.front.size();
    return folder;
}

} // namespace

SweepFolder readSweepFolder(const std::string& dir, const std::vector<double>& reference)
{
    if (auto front = readFrontFolder(dir, reference)) return *front;
    SweepFolder folder;
    folder.spec = readSweepSpec(dir);
    const auto plan = planSweep(folder.spec);
    const auto runs = readRuns(join(dir, "runs.jsonl"), planKeys(plan), folder.warnings);
    folder.frontier = frontierOf(folder.spec, plan, runs, reference);
    return folder;
}

std::vector<nlohmann::json> readSweepResults(const ExperimentSpec& base, const std::string& dir,
                                             std::vector<std::string>& warnings)
{
    const auto plan = planSweep(base);
    std::vector<json> results(plan.size());
    const auto runs = readRuns(join(dir, "runs.jsonl"), planKeys(plan), warnings);
    for (std::size_t i = 0; i < plan.size(); ++i) {
        const auto it = runs.find(runKey(plan[i].spec));
        if (it != runs.end()) results[i] = it->second.result;
    }
    return results;
}

namespace {

// A shard folder's spec as merging compares it: the run identity plus the sweep section (shards
// of one sweep share both).
json mergeIdentity(const ExperimentSpec& spec)
{
    json j = identity(experimentToJson(spec));
    j["sweep"] = experimentToJson(spec).value("sweep", json::object());
    return j;
}

// Two results of the same run: identical apart from when and how fast it ran.
bool sameResult(json a, json b)
{
    for (auto* j : {&a, &b}) {
        for (const char* key : {"wall_seconds", "examples_per_second", "finished_at"})
            j->erase(key);
        for (auto& e : (*j)["history"])
            for (const char* key : {"seconds", "train_seconds"})
                e.erase(key);
        (*j)["spec"] = identity((*j)["spec"]);
    }
    return a == b;
}

} // namespace

MergeOutcome mergeSweepFolders(const std::string& out, const std::vector<std::string>& dirs)
{
    if (dirs.empty()) throw InputError("merge: no shard folders given");
    MergeOutcome outcome;
    std::vector<ExperimentSpec> specs;
    for (const auto& dir : dirs) {
        specs.push_back(readSweepSpec(dir));
        const json a = mergeIdentity(specs.front()), b = mergeIdentity(specs.back());
        if (a != b)
            throw InputError(dir + ": a shard of another sweep than " + dirs.front() + " (" + firstDifference(a, b) +
                             ")");
    }
    // OUT is new, or an earlier merge of these shards (merged-from.json), which is replaced.
    if (std::filesystem::exists(join(out, "runs.jsonl")) && !std::filesystem::exists(join(out, "merged-from.json")))
        throw InputError(out + ": already holds a sweep (runs.jsonl); merge into a new folder");
    const ExperimentSpec& base = specs.front();
    const auto plan = planSweep(base);
    const auto keys = planKeys(plan);
    std::map<std::string, StoredRun> merged;
    for (const auto& dir : dirs)
        for (auto& [key, run] : readRuns(join(dir, "runs.jsonl"), keys, outcome.warnings)) {
            auto it = merged.find(key);
            if (it == merged.end()) {
                merged.emplace(key, std::move(run));
                continue;
            }
            if (sameResult(it->second.result, run.result)) {
                ++outcome.duplicates;
                continue;
            }
            ++outcome.replaced;
            const std::string was = it->second.result.value("finished_at", ""),
                              now = run.result.value("finished_at", "");
            if (was.empty() || now.empty())
                outcome.warnings.push_back(dir + ": a run found twice with different results and no finish time; "
                                                 "the first one found is kept");
            else if (now > was)
                it->second = std::move(run);
        }
    requireWritableFolder(out);
    writeJsonFile(join(out, "sweep.json"), experimentToJson(base));
    std::string lines;
    for (const auto& r : plan)
        if (const auto it = merged.find(runKey(r.spec)); it != merged.end()) lines += it->second.result.dump() + "\n";
    writeTextFile(join(out, "runs.jsonl"), lines);
    writeJsonFile(join(out, "merged-from.json"), json{{"folders", dirs}});
    outcome.planned = plan.size();
    outcome.runs = merged.size();
    outcome.frontier = frontierOf(base, plan, merged, {});
    outcome.frontierPath = join(out, "frontier.json");
    writeJsonFile(outcome.frontierPath, frontierToJson(outcome.frontier));
    return outcome;
}

} // namespace mtlx
