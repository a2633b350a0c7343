// Passwords never reach the settings file (DESIGN.md safety rules): saving a connection profile
// with a password, remembered or not, and closing the main window leave no trace of it in the
// QSettings file; the profile itself round-trips.
#include <QDir>

#include "ConnectionProfile.hpp"
#include "PasswordStore.hpp"
#include "SourcesPanel.hpp"
#include "StudioSettings.hpp"
#include "studio_test_support.hpp"

using namespace dbopt::studio;
using namespace dbopt::studio::test;

namespace {

const QString kPassword = QStringLiteral("s3cr3t-P@ss'w\\rd-ünï");

ConnectionProfile sampleProfile(const QString& name, bool remember) {
  ConnectionProfile p;
  p.name = name;
  p.host = "db1.example.com";
  p.port = "5433";
  p.dbname = "shop";
  p.user = "auditor";
  p.sslmode = "require";
  p.rememberPassword = remember;
  return p;
}

}  // namespace

class SettingsTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    settingsFile_ = isolateSettings(dir_);
    QVERIFY(settingsFile_.startsWith(dir_.path()));
  }

  void passwordIsNotWrittenToTheSettingsFile() {
    {
      StudioSettings settings;
      PasswordStore passwords;
      SourcesPanel panel(settings.raw(), &passwords);
      panel.saveProfile(sampleProfile("remembered", true), kPassword);
      panel.saveProfile(sampleProfile("asked", false), kPassword);
      // Let the keychain jobs finish (they fail without a Secret Service; that is fine here).
      QTest::qWait(500);
      QCOMPARE(panel.profiles().size(), 2);
    }
    {
      auto w = makeWindow();
      w->show();
      w->close();  // writes geometry and state
    }
    const QByteArray file = readAll(settingsFile_);
    QVERIFY2(!file.isEmpty(), qPrintable("settings file not written: " + settingsFile_));
    QVERIFY(file.contains("db1.example.com"));
    QVERIFY(file.contains("geometry"));
    QVERIFY(!file.contains(kPassword.toUtf8()));
    QVERIFY(!file.contains("s3cr3t"));
    // No key named password (remember_password=true is the only password-related key).
    const QRegularExpression passwordKey(R"((^|[\\/])password\s*=)",
                                         QRegularExpression::MultilineOption | QRegularExpression::CaseInsensitiveOption);
    QVERIFY(!QString::fromUtf8(file).contains(passwordKey));
    QVERIFY(file.contains("remember_password=true"));
  }

  void profilesRoundTrip() {
    QSettings settings;
    ProfileStore store(settings);
    const ConnectionProfile p = sampleProfile("round-trip", true);
    store.save(p);
    const auto all = store.profiles();
    const auto it = std::find_if(all.begin(), all.end(), [](const auto& x) { return x.name == "round-trip"; });
    QVERIFY(it != all.end());
    QVERIFY(*it == p);
    store.remove("round-trip");
    const auto after = store.profiles();
    QVERIFY(std::none_of(after.begin(), after.end(), [](const auto& x) { return x.name == "round-trip"; }));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, store.save(sampleProfile("  ", false)));
  }

  void conninfoQuotesValues() {
    ConnectionProfile p = sampleProfile("x", false);
    p.dbname = "it's a \\ db";
    QCOMPARE(p.conninfo(), QString("host='db1.example.com' port='5433' dbname='it\\'s a \\\\ db' user='auditor' "
                                   "sslmode='require'"));
    QVERIFY(p.conninfo("pw'1").endsWith("password='pw\\'1'"));
  }

  void recentSnapshotsAreRemembered() {
    StudioSettings s;
    for (int i = 0; i < StudioSettings::kMaxRecent + 3; ++i) s.addRecentSnapshot(QString("/tmp/s%1.json").arg(i));
    s.addRecentSnapshot("/tmp/s5.json");
    const QStringList recent = s.recentSnapshots();
    QCOMPARE(recent.size(), StudioSettings::kMaxRecent);
    QCOMPARE(recent.first(), QString("/tmp/s5.json"));
    QCOMPARE(recent.count("/tmp/s5.json"), 1);
  }

 private:
  QTemporaryDir dir_;
  QString settingsFile_;
};

QTEST_MAIN(SettingsTest)
#include "settings_test.moc"
