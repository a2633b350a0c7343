#include "StudioSettings.hpp"

#include <QDir>

namespace dbopt::studio {

QString StudioSettings::lastDirectory() const {
  const QString dir = settings_.value("files/last_directory").toString();
  return dir.isEmpty() || !QDir(dir).exists() ? QDir::homePath() : dir;
}

void StudioSettings::setLastDirectory(const QString& dir) { settings_.setValue("files/last_directory", dir); }

QStringList StudioSettings::recentSnapshots() const { return settings_.value("files/recent_snapshots").toStringList(); }

void StudioSettings::addRecentSnapshot(const QString& file) {
  QStringList recent = recentSnapshots();
  recent.removeAll(file);
  recent.prepend(file);
  while (recent.size() > kMaxRecent) recent.removeLast();
  settings_.setValue("files/recent_snapshots", recent);
}

}  // namespace dbopt::studio
