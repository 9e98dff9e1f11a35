#pragma once
// What a lesson step claims, measured on the runs the lesson trained (docs/desktop.md,
// "Lessons"). A claim is a difference the lesson expects to be positive; it is judged by the
// reproductions' rule (core/reproduce/statistics.h: one run gives "direction only", several seeds
// Welch's test), and the lesson's text shows what *these* runs measured, agreeing or not. A
// lesson's own claims are checked on the default seeds by `ctest -L lessons`; a paper's finding
// that this size of run does not show reliably is reported as measured, never asserted.
#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include <QString>

#include "core/reproduce/reproduction.h"
#include "core/spec/result.h"

namespace mtlx::ui {

// The runs each step of a lesson trained, by step (0-based): one for a Train step, the sweep's
// runs for a Sweep step, the architectures' seeds in order for a Compare step; empty until the
// step was set up.
using LessonRuns = std::vector<std::vector<RunResult>>;

struct ClaimMeasure {
    Outcome outcome = Outcome::NotReproduced; // of the claim as stated
    QString measured;                         // what the runs gave, e.g. "0.48 with heads vs 0.51 without"
};

struct LessonClaim {
    QString statement;  // the claim as a measurable outcome
    bool paper = false; // a paper's finding, reported agreeing or not; not one the lesson asserts
    // nullopt until the runs it needs are there.
    std::function<std::optional<ClaimMeasure>(const LessonRuns&)> measure;
};

// Reproduced or direction only: the runs show what the claim says.
bool claimHolds(Outcome outcome);
// The step's claims and what the runs measured, as rich text for the lesson panel ("" when the
// step claims nothing).
QString claimsHtml(const std::vector<LessonClaim>& claims, const LessonRuns& runs);

// The measures lessons read from a run.
double meanActiveFraction(const RunResult& r);           // units active per example, 0…1
double activationQuantile(const RunResult& r, double q); // of the nonzero activation values
double testLoss(const RunResult& r, std::size_t task);
// How differently the first two gates of level `level` weigh the experts: half the L1 distance
// of their rows (0 the same, 1 disjoint).
double gateRowDistance(const RunResult& r, std::size_t level = 0);
// The share of the softmax gate weight a task's unit puts on its own experts (columns named
// "task/…"), over every task row of every level.
double ownExpertShare(const RunResult& r);
// The first pair of tasks' gradient cosine, the mean over the epochs that measured it; and the
// share of the measured steps whose cosine was below 0.
double meanGradientCosine(const RunResult& r);
double conflictingStepShare(const RunResult& r);

// A two-task sweep's test frontier (lower is better on both objectives).
struct FrontierShape {
    int points = 0; // non-dominated runs that train both tasks
    // Along the frontier, the worst over the best value of each task, minus 1 (0.1: the frontier
    // trades 10 % of a task's loss).
    double spread[2] = {0, 0};
    // The run at the most even weights: how far each of its losses is above that task's best (0.05: 5 %).
    double middleGap[2] = {0, 0};
};
FrontierShape frontierShape(const std::vector<RunResult>& sweep);

} // namespace mtlx::ui
