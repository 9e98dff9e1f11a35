#pragma once
// Compare architectures, as a queue: the current experiment with each architecture chosen and
// `seeds` training seeds, one stack of runs per architecture, trained one after another. It
// holds what is left to train, the Runs panel ids of the runs finished so far and the comparison
// table's title; the window trains what it hands out. UI thread only.
#include <deque>
#include <optional>
#include <vector>

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include "core/spec/spec.h"

namespace mtlx::ui {

class CompareQueue {
    Q_DECLARE_TR_FUNCTIONS(CompareQueue)
public:
    // Plans the stacks. Throws InputError ("ARCH does not fit this experiment: …") and leaves the
    // queue as it was when an architecture does not fit or none is given.
    void start(const ExperimentSpec& spec, const QStringList& architectures, int seeds);

    struct Stack {
        std::vector<ExperimentSpec> runs; // one architecture, its seeds
        QString name;                     // "mmoe × 3 seeds", or the run's summary when alone
        QString status;                   // "comparing: … (runs 4–6 of 12, one stacked model)…"
    };
    // The next stack to train, taken off the queue; none when the queue is empty.
    std::optional<Stack> takeNext();
    bool pending() const { return !queue_.empty(); }
    // From start until finish(): the runs that end belong to the comparison.
    bool active() const { return active_; }
    void addRun(int id) { ids_.push_back(id); }
    const std::vector<int>& runIds() const { return ids_; }
    QString title() const { return title_; }
    void cancel() { queue_.clear(); } // a stop or a failure: nothing more is trained
    void finish()
    {
        queue_.clear();
        active_ = false;
    }

private:
    std::deque<std::vector<ExperimentSpec>> queue_;
    std::vector<int> ids_;
    QString title_;
    bool active_ = false;
};

} // namespace mtlx::ui
