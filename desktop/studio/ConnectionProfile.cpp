#include "ConnectionProfile.hpp"

#include <algorithm>
#include <stdexcept>

namespace dbopt::studio {

namespace {

QString quoted(const QString& value) {
  QString out = "'";
  for (QChar c : value) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace

QString ConnectionProfile::conninfo(const QString& password) const {
  QStringList parts;
  auto add = [&parts](const char* key, const QString& value) {
    if (!value.isEmpty()) parts << QString::fromLatin1(key) + "=" + quoted(value);
  };
  add("service", service);
  add("host", host);
  add("port", port);
  add("dbname", dbname);
  add("user", user);
  add("sslmode", sslmode);
  add("password", password);
  return parts.join(' ');
}

QString ConnectionProfile::summary() const {
  if (!service.isEmpty() && host.isEmpty()) return "service=" + service;
  QString s = user.isEmpty() ? QString() : user + "@";
  s += host.isEmpty() ? QStringLiteral("localhost") : host;
  if (!port.isEmpty()) s += ":" + port;
  if (!dbname.isEmpty()) s += "/" + dbname;
  return s;
}

QList<ConnectionProfile> ProfileStore::profiles() const {
  QList<ConnectionProfile> out;
  const int n = settings_.beginReadArray("connections");
  for (int i = 0; i < n; ++i) {
    settings_.setArrayIndex(i);
    ConnectionProfile p;
    p.name = settings_.value("name").toString();
    p.service = settings_.value("service").toString();
    p.host = settings_.value("host").toString();
    p.port = settings_.value("port").toString();
    p.dbname = settings_.value("dbname").toString();
    p.user = settings_.value("user").toString();
    p.sslmode = settings_.value("sslmode").toString();
    p.rememberPassword = settings_.value("remember_password", false).toBool();
    if (!p.name.isEmpty()) out << p;
  }
  settings_.endArray();
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

void ProfileStore::save(const ConnectionProfile& profile) {
  if (profile.name.trimmed().isEmpty()) throw std::invalid_argument("a connection profile needs a name");
  QList<ConnectionProfile> all = profiles();
  auto it = std::find_if(all.begin(), all.end(), [&](const auto& p) { return p.name == profile.name; });
  if (it != all.end())
    *it = profile;
  else
    all << profile;
  write(all);
}

void ProfileStore::remove(const QString& name) {
  QList<ConnectionProfile> all = profiles();
  all.removeIf([&](const auto& p) { return p.name == name; });
  write(all);
}

void ProfileStore::write(const QList<ConnectionProfile>& profiles) {
  settings_.remove("connections");
  settings_.beginWriteArray("connections", static_cast<int>(profiles.size()));
  for (int i = 0; i < profiles.size(); ++i) {
    const ConnectionProfile& p = profiles[i];
    settings_.setArrayIndex(i);
    settings_.setValue("name", p.name);
    settings_.setValue("service", p.service);
    settings_.setValue("host", p.host);
    settings_.setValue("port", p.port);
    settings_.setValue("dbname", p.dbname);
    settings_.setValue("user", p.user);
    settings_.setValue("sslmode", p.sslmode);
    settings_.setValue("remember_password", p.rememberPassword);
  }
  settings_.endArray();
  settings_.sync();
}

}  // namespace dbopt::studio
