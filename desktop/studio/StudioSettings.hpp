// The Studio's own preferences in QSettings (organization "dbopt", application "dbopt-studio"):
// window geometry/state, last directory, recently opened snapshots, connection profiles
// (ConnectionProfile.hpp). Never a password.
#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>

namespace dbopt::studio {

class StudioSettings {
 public:
  StudioSettings() = default;
  QSettings& raw() { return settings_; }

  /// Directory of the last file opened or saved; the home directory at first.
  QString lastDirectory() const;
  void setLastDirectory(const QString& dir);

  /// Recently opened snapshot files, newest first, at most kMaxRecent.
  QStringList recentSnapshots() const;
  void addRecentSnapshot(const QString& file);

  QByteArray windowGeometry() const { return settings_.value("window/geometry").toByteArray(); }
  void setWindowGeometry(const QByteArray& g) { settings_.setValue("window/geometry", g); }
  QByteArray windowState() const { return settings_.value("window/state").toByteArray(); }
  void setWindowState(const QByteArray& s) { settings_.setValue("window/state", s); }

  static constexpr int kMaxRecent = 10;

 private:
  mutable QSettings settings_;
};

}  // namespace dbopt::studio
