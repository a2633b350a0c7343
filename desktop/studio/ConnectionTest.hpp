// "Test connection" of the Sources panel: connect with libpq, read the server version,
// disconnect. Nothing is queried beyond `SHOW server_version`'s equivalent (PQparameterStatus).
#pragma once

#include <QString>

#include "ConnectionProfile.hpp"

namespace dbopt::studio {

/// Outcome of a connection attempt: `ok` with "PostgreSQL 15.4 as auditor on db1:5432/shop",
/// or the libpq error (one line; the password is passed as its own parameter and never echoed).
struct ConnectionTestResult {
  bool ok = false;
  QString message;
};

/// Connects with PQconnectdbParams (profile fields + `password` + connect_timeout in seconds,
/// application_name "dbopt"). Blocking: call off the UI thread.
ConnectionTestResult testConnection(const ConnectionProfile& profile, const QString& password, int connectTimeoutS);

}  // namespace dbopt::studio
