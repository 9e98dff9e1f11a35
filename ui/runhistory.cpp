#include "ui/runhistory.h"

#include <fstream>

#include <QDir>
#include <QFile>
#include <QStandardPaths>

#include "core/engine/data/datafiles.h"

namespace mtlx::ui {

QString dataFolder(const QString& sub)
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + "/mtlx/" + sub;
    QDir().mkpath(dir);
    return dir;
}

QString RunHistory::begin(const std::string& specName)
{
    folder_ = QString::fromStdString(newRunFolder(root_.toStdString(), specName));
    return QDir(folder_).filePath("checkpoint.pt");
}

QString RunHistory::resume(const QString& folder, int id)
{
    folder_ = folder;
    resumedId_ = id;
    return QDir(folder_).filePath("checkpoint.pt");
}

QString RunHistory::save(const RunResult& r)
{
    last_ = r;
    lastPath_.clear();
    const QString folder = folder_.isEmpty() ? QString::fromStdString(newRunFolder(root_.toStdString(), r.spec.name))
                                             : std::exchange(folder_, QString());
    const QString path = folder + "/result.json";
    writeJsonFile(path.toStdString(), resultToJson(r));
    writeModelFile(path.toStdString(), r);
    if (r.status != RunStatus::Stopped) QFile::remove(folder + "/checkpoint.pt");
    lastPath_ = path;
    return path;
}

void RunHistory::discard()
{
    resumedId_ = -1;
    // A run that failed before its first epoch leaves its folder empty: not kept (rmdir keeps a
    // folder with files in it, e.g. a resumed run's checkpoint).
    if (!folder_.isEmpty()) QDir().rmdir(std::exchange(folder_, QString()));
}

QString RunHistory::exportLast(const QString& path) const
{
    if (!last_) return tr("no finished run to export yet");
    try {
        if (path.endsWith(".csv", Qt::CaseInsensitive)) {
            std::ofstream out(path.toStdString());
            if (!out) return path + tr(": cannot write");
            out << resultToCsv(*last_);
            return out ? QString() : path + tr(": write failed");
        }
        writeJsonFile(path.toStdString(), resultToJson(*last_));
        return {};
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
}

} // namespace mtlx::ui
