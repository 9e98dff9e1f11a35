#pragma once
// Where the window's runs are kept: a lone run gets its folder under the runs folder
// (~/.local/share/mtlx/runs, shared with mtlx-cli) when it starts — its checkpoint.pt is written
// there after every epoch — and its result.json and model.pt there when it ends; a stopped run
// keeps its checkpoint to be resumed in the same folder. Runs of a stack get a folder each as
// they end. It also holds the last finished run, for File ▸ Export results. UI thread only.
#include <optional>
#include <utility>

#include <QCoreApplication>
#include <QString>

#include "core/spec/result.h"

namespace mtlx::ui {

// The user's folder of the program (~/.local/share/mtlx/SUB), made when missing.
QString dataFolder(const QString& sub);

class RunHistory {
    Q_DECLARE_TR_FUNCTIONS(RunHistory)
public:
    explicit RunHistory(QString root) : root_(std::move(root)) {}
    QString root() const { return root_; }

    // A lone run starts: its folder is made; the checkpoint path in it is returned. Throws
    // (naming the folder) when it cannot be made.
    QString begin(const std::string& specName);
    // The stopped run `id` (of the Runs panel), kept in `folder`, goes on training there.
    QString resume(const QString& folder, int id);
    // The run of the Runs panel that the ending run goes on from (-1: none), cleared.
    int takeResumed() { return std::exchange(resumedId_, -1); }
    // A run ended: result.json and model.pt in the lone run's folder (or a new one); the checkpoint
    // removed unless the run stopped. Returns the result.json path; throws when it cannot be
    // written (the result stays the last one, for export).
    QString save(const RunResult& r);
    // The run failed: a folder it left empty is removed, nothing is resumed.
    void discard();

    const std::optional<RunResult>& last() const { return last_; }
    QString lastPath() const { return lastPath_; }
    // The last finished run as .json or .csv; "" or the error.
    QString exportLast(const QString& path) const;

private:
    QString root_;
    QString folder_;     // of the lone run training
    int resumedId_ = -1; // of the stopped run it goes on from
    std::optional<RunResult> last_;
    QString lastPath_;
};

} // namespace mtlx::ui
