// The Sources panel (a dock of the main window): saved connection profiles with New / Edit /
// Delete / Test connection / Capture, and the recently opened snapshot files.
#pragma once

#include <QFutureWatcher>

#include <functional>
#include <optional>
#include <QWidget>

#include "ConnectionProfile.hpp"
#include "ConnectionTest.hpp"

class QLabel;
class QListWidget;
class QPushButton;

namespace dbopt::studio {

class PasswordStore;

class SourcesPanel : public QWidget {
  Q_OBJECT
 public:
  /// `settings` holds the profiles (ProfileStore) and must outlive the panel.
  SourcesPanel(QSettings& settings, PasswordStore* passwords, QWidget* parent = nullptr);

  /// Saves `profile` (replacing one with the same name; `previousName` is removed when it
  /// differs) and, when profile.rememberPassword and `password` is not empty, puts the password
  /// in the keychain; when !rememberPassword any stored password is deleted. The settings file
  /// never receives the password.
  void saveProfile(const ConnectionProfile& profile, const QString& password, const QString& previousName = {});
  QList<ConnectionProfile> profiles() const { return store_.profiles(); }
  /// The profile selected in the list, or nullptr.
  std::optional<ConnectionProfile> selectedProfile() const;

  void setRecentSnapshots(const QStringList& files);

 signals:
  void openSnapshotRequested(const QString& file);
  void openDialogRequested();
  /// Capture from `profile` with `password` (from the keychain, "" when none is stored).
  void captureRequested(const dbopt::studio::ConnectionProfile& profile, const QString& password);

 private:
  void reloadProfiles();
  void newProfile();
  void editProfile();
  void deleteProfile();
  void testProfile();
  void withPassword(const ConnectionProfile& p, std::function<void(const QString&)> then);

  ProfileStore store_;
  PasswordStore* passwords_;
  QListWidget* profiles_;
  QListWidget* recent_;
  QPushButton* edit_;
  QPushButton* delete_;
  QPushButton* test_;
  QPushButton* capture_;
  QLabel* testResult_;
  QFutureWatcher<ConnectionTestResult> testWatcher_;
};

}  // namespace dbopt::studio
