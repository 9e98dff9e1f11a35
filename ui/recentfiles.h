#pragma once
// File ▸ Open recent: the spec files opened or saved last (newest first, at most `limit`, each
// once), kept in the program's settings and shown in a menu whose entries ask for the file to be
// opened again. UI thread only.
#include <QObject>
#include <QStringList>

class QMenu;

namespace mtlx::ui {

class RecentFiles : public QObject {
    Q_OBJECT
public:
    RecentFiles(QMenu* menu, QObject* parent, int limit = 8);
    void add(const QString& path); // as an absolute path, to the top
    QStringList files() const;

Q_SIGNALS:
    void openRequested(const QString& path);

private:
    void rebuild();
    QMenu* menu_;
    int limit_;
};

} // namespace mtlx::ui
