// Saved connection profiles (issue 4, "Sources panel"): name, host, port, database, user,
// sslmode, or a libpq service name. Stored in QSettings WITHOUT any password (DESIGN.md safety
// rules: passwords never reach a settings file); passwords live in the OS keychain
// (PasswordStore.hpp) or are typed at connect time.
#pragma once

#include <QList>
#include <QSettings>
#include <QString>

namespace dbopt::studio {

/// One saved connection. Fields are libpq connection keywords
/// (https://www.postgresql.org/docs/15/libpq-connect.html#LIBPQ-PARAMKEYWORDS); empty = not set,
/// so libpq's defaults, PG* variables, service files and .pgpass apply as in psql.
struct ConnectionProfile {
  QString name;      ///< unique display name
  QString service;   ///< libpq `service` (pg_service.conf entry)
  QString host;      ///< libpq `host`
  QString port;      ///< libpq `port`
  QString dbname;    ///< libpq `dbname`
  QString user;      ///< libpq `user`
  QString sslmode;   ///< libpq `sslmode`: disable, allow, prefer, require, verify-ca, verify-full
  bool rememberPassword = false;  ///< the password is kept in the OS keychain (never in settings)

  /// libpq keyword/value conninfo of the non-empty fields, each value single-quoted with `\` and
  /// `'` backslash-escaped (libpq-connect.html "Keyword/Value Connection Strings"); `password`
  /// is appended when non-empty. The result is for the engine only: never store or log it.
  QString conninfo(const QString& password = {}) const;
  /// "user@host:port/dbname" or "service=name", for lists and titles.
  QString summary() const;
  friend bool operator==(const ConnectionProfile&, const ConnectionProfile&) = default;
};

/// The profiles in a QSettings file, array "connections". No password field exists.
class ProfileStore {
 public:
  /// `settings` must outlive the store.
  explicit ProfileStore(QSettings& settings) : settings_(settings) {}
  /// Profiles sorted by name.
  QList<ConnectionProfile> profiles() const;
  /// Inserts or replaces (by name) and syncs the file. Throws std::invalid_argument for an
  /// empty name.
  void save(const ConnectionProfile& profile);
  /// Removes the profile with this name, if any.
  void remove(const QString& name);

 private:
  void write(const QList<ConnectionProfile>& profiles);
  QSettings& settings_;
};

}  // namespace dbopt::studio
