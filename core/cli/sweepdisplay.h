#pragma once
// A sweep's progress on a terminal (sweep, reproduce): one line redrawn in place while it runs,
// and one line per finished run.
#include <ostream>

#include "core/cli/terminaltable.h"
#include "core/engine/sweep.h"
#include "core/spec/text.h"

namespace mtlx {

class SweepDisplay {
public:
    SweepDisplay(std::ostream& err, bool interactive, const ExperimentSpec& spec)
        : err_(err), interactive_(interactive), spec_(&spec)
    {
    }
    void setSpec(const ExperimentSpec& spec) { spec_ = &spec; }
    void progress(const SweepStatus& s)
    {
        if (!interactive_) return;
        constexpr int width = 24;
        const int filled = static_cast<int>(s.fraction * width + 0.5);
        err_ << "\r\033[K" << (s.stage == Stage::Loading ? stageText(s.stage, s.file) + " " : "sweep ") << '['
             << std::string(static_cast<std::size_t>(filled), '#')
             << std::string(static_cast<std::size_t>(width - filled), '.') << "] " << s.skipped + s.finished << "/"
             << s.planned << " runs, " << s.running << " running";
        if (s.remainingSeconds > 0) err_ << ", " << formatDuration(s.remainingSeconds) << " left";
        err_ << std::flush;
        lineOpen_ = true;
    }
    void runFinished(const SweepRun& run, const RunResult& r, const ParetoPoint& p)
    {
        clearLine();
        err_ << "run " << ++shown_ << ": w = " << formatWeights(run.weights) << " seed " << run.spec.training.seed
             << ": " << toString(r.status);
        if (r.status == RunStatus::Ok) {
            const auto tasks = spec_->tasks();
            for (std::size_t t = 0; t < tasks.size(); ++t) {
                const auto metric = spec_->sweep.resolvedMetric(tasks[t].kind);
                err_ << "  " << tasks[t].name << " " << metric << " "
                     << formatNumber(metricFromObjective(metric, p.values[t]), 4);
            }
        } else {
            err_ << " (" << r.message << ")";
        }
        err_ << "  [" << formatDuration(r.wallSeconds) << "]\n";
    }
    void clearLine()
    {
        if (lineOpen_) err_ << "\r\033[K";
        lineOpen_ = false;
    }

private:
    std::ostream& err_;
    bool interactive_;
    const ExperimentSpec* spec_;
    bool lineOpen_ = false;
    std::size_t shown_ = 0;
};

} // namespace mtlx
