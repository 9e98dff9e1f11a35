#include "core/cli/progressbar.h"

#include "core/spec/text.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace mtlx {

ProgressBar::ProgressBar(std::ostream& out, bool interactive, int width)
    : out_(out), interactive_(interactive), width_(width)
{
}

std::string ProgressBar::render(const Progress& p) const
{
    std::ostringstream line;
    if (p.stage != Stage::Training) {
        line << p.stageText() << "…";
        if (p.stageFraction > 0) line << " " << static_cast<int>(std::round(p.stageFraction * 100)) << "%";
        return line.str();
    }
    const double f = p.fraction();
    const int filled = static_cast<int>(std::round(f * width_));
    line << "epoch " << p.epoch << "/" << p.epochs << " [" << std::string(static_cast<std::size_t>(filled), '#')
         << std::string(static_cast<std::size_t>(width_ - filled), '-') << "] " << static_cast<int>(std::round(f * 100))
         << "%  " << p.examplesPerSecond << " ex/s  left " << formatDuration(p.remainingSeconds) << "  loss ";
    char loss[32];
    std::snprintf(loss, sizeof loss, "%.4g", p.loss);
    line << loss;
    return line.str();
}

void ProgressBar::update(const Progress& p)
{
    if (!interactive_) return;
    out_ << "\r\033[K" << render(p) << std::flush;
    lineOpen_ = true;
}

void ProgressBar::epochDone(const EpochRecord& e, const std::vector<std::string>& taskNames)
{
    finish();
    std::ostringstream line;
    line << "epoch " << e.epoch << " done in " << formatDuration(e.seconds) << "  test loss";
    for (std::size_t t = 0; t < e.testLoss.size(); ++t) {
        char v[32];
        std::snprintf(v, sizeof v, "%.4g", e.testLoss[t]);
        line << "  " << (t < taskNames.size() ? taskNames[t] : std::to_string(t)) << " " << v;
    }
    out_ << line.str() << '\n' << std::flush;
}

void ProgressBar::finish()
{
    if (lineOpen_) out_ << "\r\033[K" << std::flush;
    lineOpen_ = false;
}

} // namespace mtlx
