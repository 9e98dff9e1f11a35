#include "ui/comparequeue.h"

#include "core/spec/specerror.h"
#include "ui/lessons.h"
#include "ui/runsmodel.h"

namespace mtlx::ui {

void CompareQueue::start(const ExperimentSpec& spec, const QStringList& architectures, int seeds)
{
    if (architectures.isEmpty()) throw InputError("choose at least one architecture to compare");
    std::vector<std::string> archs;
    QStringList names;
    for (const auto& arch : architectures) {
        names << arch.trimmed();
        archs.push_back(names.back().toStdString());
    }
    const auto stacks = comparisonStacks(spec, archs, seeds); // throws before anything changes
    queue_.assign(stacks.begin(), stacks.end());
    ids_.clear();
    active_ = true;
    title_ = tr("<b>%1</b>: %2 × %3 seed(s), test metrics as mean ± sd over seeds")
                 .arg(QString::fromStdString(spec.name), names.join(", "))
                 .arg(std::max(seeds, 1));
}

std::optional<CompareQueue::Stack> CompareQueue::takeNext()
{
    if (queue_.empty()) return std::nullopt;
    Stack s;
    s.runs = queue_.front();
    queue_.pop_front();
    const int done = static_cast<int>(ids_.size()), count = static_cast<int>(s.runs.size());
    int total = done + count;
    for (const auto& stack : queue_)
        total += static_cast<int>(stack.size());
    s.name = count == 1 ? specSummary(s.runs.front())
                        : tr("%1 × %2 seeds").arg(QString::fromStdString(s.runs.front().model.arch)).arg(count);
    s.status = tr("comparing: %1 (runs %2–%3 of %4, one stacked model)…")
                   .arg(s.name)
                   .arg(done + 1)
                   .arg(done + count)
                   .arg(total);
    return s;
}

} // namespace mtlx::ui
