#pragma once
// Workspace files (.mtlxw, docs/desktop.md): the experiment spec, the Runs panel's runs (their
// files, names and ticks; a sweep's runs once, as its folder) and the window's layout, as JSON.
// Reading checks every field: a type other than the one written is an InputError naming the file
// and the field, before anything in the window changes. The window's File menu and
// `mtlx --workspace` use these. Any thread.
#include <vector>

#include <QByteArray>
#include <QString>

#include "core/spec/spec.h"

namespace mtlx::ui {

class RunsPanel;

struct WorkspaceFile {
    ExperimentSpec spec;
    struct Run {
        QString file; // a result.json, or a sweep folder
        QString name; // as the user named it ("" keeps the file's)
        bool ticked = false;
    };
    std::vector<Run> runs;
    QByteArray windowState; // QMainWindow::saveState()
};

WorkspaceFile readWorkspace(const QString& path);
// Written atomically; InputError naming the path and the reason when it cannot be.
void writeWorkspace(const QString& path, const WorkspaceFile& workspace);
// The panel's saved runs as a workspace lists them (unsaved runs left out). UI thread.
std::vector<WorkspaceFile::Run> workspaceRuns(const RunsPanel& panel);

} // namespace mtlx::ui
