#pragma once
// The sweep engine (`mtlx-cli sweep`, the desktop program's Pareto view): trains one spec at
// every task weight of a simplex grid with several seeds, runs in parallel on one machine or
// split into shards across machines, and keeps every finished run.
//
// A sweep folder holds
//   sweep.json     the spec swept (written first; a folder holds one sweep)
//   runs.jsonl     one result.json object per line, appended as each run ends (under a file lock,
//                  so shards may share the folder); a rerun skips the runs already there
//   frontier.json  the Pareto frontier of the runs there (pareto.h), rewritten at the end
//   models/pointP-seedS/  a run folder (result.json, model.pt) per finished run whose model is
//                  kept (SweepOptions::models)
//   checkpoints/   one checkpoint per stack in training, rewritten after every epoch: a rerun
//                  after a stop or a crash goes on from it; removed when the stack ends
// A run is identified by its complete spec (weights and seed included), so runs.jsonl files of
// shards run elsewhere merge by concatenation.
//
// The runs to train are stacked (models/stacked.h): a stack of R runs trains as one model with a
// leading run dimension, at about the operation count of one run, and each run's result is what
// it gives alone. Stacks train on `jobs` threads at once.
//
// Torch-free header: the desktop program runs sweeps on its worker thread.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/engine/runner.h"
#include "core/spec/pareto.h"

namespace mtlx {

struct SweepRun {
    std::size_t index = 0; // position in the whole sweep (shards split by index)
    int point = 0;         // grid point
    int seedIndex = 0;     // 0 … seeds − 1
    std::vector<double> weights;
    ExperimentSpec spec; // the base spec with these weights and seed
};

// Every run of the sweep in order: grid point by grid point, seeds within. A weighting other
// than `linear` chooses its own task weights, so its sweep has one point (the spec's weights).
std::vector<SweepRun> planSweep(const ExperimentSpec& base);

// Runs trained as one stacked model at most (--stack).
constexpr int kMaxStack = 256;
// The most runs one sweep may plan (grid points × seeds): the plan is held in memory whole.
constexpr long kMaxSweepRuns = 100000;

struct SweepOptions {
    std::string outDir;
    int jobs = 0;              // stacks trained at once; 0: one per core
    int stack = 0;             // runs per stack; 0: chosen by sweepLayout; 1: every run alone
    int shard = 1, shards = 1; // run only the runs with index % shards == shard − 1
    // Which runs keep their model as models/pointP-seedS/: all | none | auto (all when the
    // sweep's models together take at most kAutoModelBytes, else none).
    std::string models = "auto";
};
constexpr std::int64_t kAutoModelBytes = 256ll << 20;
// Whether a sweep of `runs` runs of models of `parameters` parameters each keeps them (options.models).
bool keepsModels(const std::string& models, std::int64_t parameters, std::size_t runs);
// The folder of a kept model, relative to the sweep folder.
std::string sweepModelFolder(int point, std::uint64_t seed);

// How a sweep's runs train on this machine (docs/performance.md, "Stacked sweeps").
struct SweepLayout {
    int jobs = 1;    // stacks trained at once, each on its own thread
    int stack = 1;   // runs per stack (the last ones may hold fewer)
    int threads = 1; // LibTorch intra-op threads of each job
};
// For `runs` runs of `base` on inputs of `inputSize` features on a machine of `cores` cores.
// What the options leave open: threads = training.threads, else cores / jobs with an explicit
// --jobs, else 1 (OpenMP workers that wait spinning for a core another program holds slow a
// shared machine many times over); jobs = one per core; stacks as large as needed to make the
// per-operation overhead small (about 2 GFLOP of arithmetic per step), no larger than half the
// available memory allows, split evenly over the jobs.
SweepLayout sweepLayout(const ExperimentSpec& base, std::int64_t inputSize, std::size_t runs,
                        const SweepOptions& options, int cores);

struct SweepStatus {
    std::size_t planned = 0;  // runs of this shard
    std::size_t skipped = 0;  // in runs.jsonl when the sweep started, or claimed by another live sweep of the folder
    std::size_t finished = 0; // trained by this sweep
    std::size_t running = 0;
    double fraction = 0; // of this shard's runs left to train (0…1)
    double elapsedSeconds = 0, remainingSeconds = 0;
    Stage stage = Stage::Loading;
    std::string file; // Loading: the file being read
};

struct SweepCallbacks {
    // After each run is stored; never two at once, from the sweep's worker threads.
    std::function<void(const SweepRun&, const RunResult&, const ParetoPoint&)> onRunFinished;
    std::function<void(const SweepStatus&)> onProgress; // at most every progressIntervalSeconds
    double progressIntervalSeconds = 0.2;
};

struct SweepOutcome {
    std::size_t planned = 0, skipped = 0, finished = 0;
    std::size_t elsewhere = 0;         // of `skipped`: claimed by another live sweep of the folder
    SweepLayout layout;                // how the runs trained (when some did)
    bool modelsKept = false;           // finished runs keep their model (SweepOptions::models)
    std::size_t resumedStacks = 0;     // stacks that went on from a checkpoint
    bool stopped = false;              // control.stop ended it; unfinished runs were not stored
    std::vector<std::string> warnings; // e.g. unreadable lines of runs.jsonl
    Frontier frontier;                 // of every run of this sweep in runs.jsonl
    std::string frontierPath;
};

// Runs the sweep (see above). Throws InputError for a bad folder, spec or data set; `control`
// stops (runs in flight end unstored) or pauses every run at once. A run of a stack that diverges
// is stored at once; the stack's other runs are stored as it ends.
SweepOutcome runSweep(const ExperimentSpec& base, const SweepOptions& options, RunControl& control,
                      const SweepCallbacks& callbacks = {});

// The objective vector (lower is better) of a result.json object for the base spec's sweep
// metric; throws InputError when a metric is missing.
ParetoPoint paretoPointOf(const ExperimentSpec& base, const nlohmann::json& result, int point);

// The spec of the sweep in `dir` (its sweep.json); InputError naming the folder when it holds no
// sweep.
ExperimentSpec readSweepSpec(const std::string& dir);

// A preference-conditioned run's front (result.json `front`) as points: point i at its i-th
// preference, with the run's seed. InputError when it has no complete front.
std::vector<ParetoPoint> frontPointsOf(const nlohmann::json& result);
// The same from a run read back; a preference without its metric is left out (empty: none had).
std::vector<ParetoPoint> frontPointsOf(const RunResult& run);

// A sweep folder read back: its spec and the frontier of its runs.jsonl (the runs that belong
// to its sweep.json). A preference-conditioned run's folder (or result.json) reads as one too:
// its front's points, one per preference (planned = finished = the front's size). Throws
// InputError naming the file when the folder holds neither.
struct SweepFolder {
    ExperimentSpec spec;
    Frontier frontier;
    std::vector<std::string> warnings;
};
SweepFolder readSweepFolder(const std::string& dir, const std::vector<double>& reference = {});

// The stored result.json object of each run of planSweep(base) in `dir`'s runs.jsonl, in plan
// order; null where a run is not there (yet). Unreadable lines add warnings.
std::vector<nlohmann::json> readSweepResults(const ExperimentSpec& base, const std::string& dir,
                                             std::vector<std::string>& warnings);

// mtlx-cli merge OUT DIR…: the shard folders of one sweep as one sweep folder. Every DIR must
// hold the same sweep (InputError naming the first spec difference otherwise); a run found
// twice is kept once — where the two results differ, the one that finished later
// (finished_at) — and lines cut by a crash are skipped with a warning. OUT must not hold a sweep
// yet, or only an earlier merge (merged-from.json), which is replaced; it gets sweep.json,
// runs.jsonl (in plan order), frontier.json and merged-from.json.
struct MergeOutcome {
    std::size_t planned = 0, runs = 0; // the sweep's runs; those found
    std::size_t duplicates = 0;        // the same result found again, dropped
    std::size_t replaced = 0;          // two results of one run: the earlier one dropped
    std::vector<std::string> warnings;
    Frontier frontier;
    std::string frontierPath;
};
MergeOutcome mergeSweepFolders(const std::string& out, const std::vector<std::string>& dirs);

} // namespace mtlx
