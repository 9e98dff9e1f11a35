#include "ui/recentfiles.h"

#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace mtlx::ui {

namespace {
constexpr const char* kKey = "recentFiles";
}

RecentFiles::RecentFiles(QMenu* menu, QObject* parent, int limit) : QObject(parent), menu_(menu), limit_(limit)
{
    rebuild();
}

QStringList RecentFiles::files() const
{
    return QSettings().value(kKey).toStringList();
}

void RecentFiles::add(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    auto list = files();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > limit_)
        list.removeLast();
    QSettings().setValue(kKey, list);
    rebuild();
}

void RecentFiles::rebuild()
{
    menu_->clear();
    const auto list = files();
    for (const auto& path : list)
        menu_->addAction(path, this, [this, path] { Q_EMIT openRequested(path); });
    menu_->setEnabled(!list.isEmpty());
}

} // namespace mtlx::ui
