#include "ui/workspacefile.h"

#include <QFileInfo>
#include <QStringList>

#include "core/spec/jsonreader.h"
#include "core/spec/result.h"
#include "core/spec/specerror.h"
#include "ui/runspanel.h"

namespace mtlx::ui {
namespace {

using nlohmann::json;

// The field `key` of `j`, checked to be of its type; null when absent.
const json* field(const std::string& where, const json& j, const char* key, bool (json::*is)() const noexcept,
                  const char* type, const std::string& at)
{
    if (!j.contains(key)) return nullptr;
    const auto& v = j.at(key);
    if (!(v.*is)()) throw InputError(where + ": " + at + key + ": is " + jsonTypeName(v) + ", expected " + type);
    return &v;
}

WorkspaceFile::Run runOf(const std::string& where, const json& r, std::size_t i)
{
    const std::string at = "runs[" + std::to_string(i) + "]";
    if (!r.is_object()) throw InputError(where + ": " + at + ": is " + jsonTypeName(r) + ", expected an object");
    WorkspaceFile::Run run;
    const auto* sweep = field(where, r, "sweep", &json::is_string, "a string", at + ".");
    const auto* file = field(where, r, "path", &json::is_string, "a string", at + ".");
    if (!sweep && !file) throw InputError(where + ": " + at + ": names no \"path\" or \"sweep\"");
    run.file = QString::fromStdString((sweep ? sweep : file)->get<std::string>());
    if (const auto* name = field(where, r, "name", &json::is_string, "a string", at + "."))
        run.name = QString::fromStdString(name->get<std::string>());
    if (const auto* ticked = field(where, r, "ticked", &json::is_boolean, "true or false", at + "."))
        run.ticked = ticked->get<bool>();
    return run;
}

} // namespace

WorkspaceFile readWorkspace(const QString& path)
{
    const std::string where = path.toStdString();
    const json w = readJsonFile(where);
    if (!w.is_object()) throw InputError(where + ": not an MTL Explorer workspace (not a JSON object)");
    const auto* format = field(where, w, "format", &json::is_string, "a string", "");
    if (!format || format->get<std::string>() != "mtlx-workspace")
        throw InputError(where + ": not an MTL Explorer workspace (no \"format\": \"mtlx-workspace\")");
    WorkspaceFile f;
    const auto* spec = field(where, w, "spec", &json::is_object, "an object", "");
    if (!spec) throw InputError(where + ": spec: missing");
    try {
        f.spec = experimentFromJson(*spec);
    } catch (const InputError& e) {
        throw InputError(where + ": " + e.what());
    }
    if (const auto* runs = field(where, w, "runs", &json::is_array, "an array", ""))
        for (std::size_t i = 0; i < runs->size(); ++i)
            f.runs.push_back(runOf(where, runs->at(i), i));
    if (const auto* state = field(where, w, "window_state", &json::is_string, "a string", ""))
        f.windowState = QByteArray::fromBase64(QByteArray::fromStdString(state->get<std::string>()));
    return f;
}

void writeWorkspace(const QString& path, const WorkspaceFile& workspace)
{
    json runs = json::array();
    for (const auto& r : workspace.runs) {
        json run{{QFileInfo(r.file).isDir() ? "sweep" : "path", r.file.toStdString()}, {"ticked", r.ticked}};
        if (!r.name.isEmpty()) run["name"] = r.name.toStdString();
        runs.push_back(run);
    }
    writeJsonFile(path.toStdString(), json{{"format", "mtlx-workspace"},
                                           {"version", 1},
                                           {"spec", experimentToJson(workspace.spec)},
                                           {"runs", runs},
                                           {"window_state", workspace.windowState.toBase64().toStdString()}});
}

std::vector<WorkspaceFile::Run> workspaceRuns(const RunsPanel& panel)
{
    std::vector<WorkspaceFile::Run> runs;
    QStringList sweeps; // a sweep folder's runs are stored once, as the folder
    for (const auto& e : panel.runs()) {
        if (e.path.isEmpty()) continue;
        if (e.path.endsWith("runs.jsonl")) {
            const QString folder = QFileInfo(e.path).path();
            if (sweeps.contains(folder)) continue;
            sweeps << folder;
            runs.push_back({folder, {}, panel.isTicked(e.id)});
            continue;
        }
        runs.push_back({e.path, e.name, panel.isTicked(e.id)});
    }
    return runs;
}

} // namespace mtlx::ui
