// Passwords of connection profiles in the operating system's keychain (QtKeychain: Secret
// Service / KWallet on Linux, Keychain on macOS, Credential Store on Windows) — never in the
// settings file (DESIGN.md safety rules).
#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace dbopt::studio {

/// Asynchronous keychain access, keyed by profile name under the service "dbopt-studio".
/// A keychain that is unavailable (no Secret Service running) reports an error through the
/// callbacks; the caller then asks for the password instead.
class PasswordStore : public QObject {
  Q_OBJECT
 public:
  explicit PasswordStore(QObject* parent = nullptr) : QObject(parent) {}

  /// Stores `password` for `profile`; `done(error)` gets "" on success.
  void store(const QString& profile, const QString& password, std::function<void(const QString& error)> done = {});
  /// Reads the password of `profile`; `done(password, error)`: error "" on success.
  void read(const QString& profile, std::function<void(const QString& password, const QString& error)> done);
  /// Deletes the stored password of `profile` (no error when there is none).
  void remove(const QString& profile);

  static constexpr const char* kService = "dbopt-studio";
};

}  // namespace dbopt::studio
