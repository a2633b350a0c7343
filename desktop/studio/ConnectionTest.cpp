#include "ConnectionTest.hpp"

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <vector>

namespace dbopt::studio {

ConnectionTestResult testConnection(const ConnectionProfile& profile, const QString& password, int connectTimeoutS) {
  std::vector<std::pair<std::string, std::string>> params;
  auto add = [&params](const char* key, const QString& value) {
    if (!value.isEmpty()) params.emplace_back(key, value.toStdString());
  };
  add("service", profile.service);
  add("host", profile.host);
  add("port", profile.port);
  add("dbname", profile.dbname);
  add("user", profile.user);
  add("sslmode", profile.sslmode);
  add("password", password);
  params.emplace_back("connect_timeout", std::to_string(connectTimeoutS));
  params.emplace_back("application_name", "dbopt");
  std::vector<const char*> keys, values;
  for (const auto& [k, v] : params) {
    keys.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);

  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdbParams(keys.data(), values.data(), 0), &PQfinish);
  ConnectionTestResult result;
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
    result.message = conn ? QString::fromUtf8(PQerrorMessage(conn.get())).simplified() : QString("out of memory");
    return result;
  }
  const char* version = PQparameterStatus(conn.get(), "server_version");
  result.ok = true;
  result.message = QString("PostgreSQL %1 as %2 on %3:%4/%5")
                       .arg(QString::fromUtf8(version ? version : "?"), QString::fromUtf8(PQuser(conn.get())),
                            QString::fromUtf8(PQhost(conn.get())), QString::fromUtf8(PQport(conn.get())),
                            QString::fromUtf8(PQdb(conn.get())));
  return result;
}

}  // namespace dbopt::studio
