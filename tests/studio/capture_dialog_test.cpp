// The capture dialog's "EXPLAIN statements" row (`dbopt capture --explain FILE [--analyze]`):
// request() reads the file with the CLI's reader (engine::explain_statements_of), "Execute them
// (EXPLAIN ANALYZE)" is enabled only with a file, and a file that cannot be read, does not parse
// or holds no statement fails request() with a message naming the file, shown in the dialog
// (Capture does not start). No server is needed: nothing here connects.
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include <stdexcept>
#include <string>
#include <vector>

#include "CaptureDialog.hpp"
#include "studio_test_support.hpp"

using namespace dbopt::studio;
using namespace dbopt::studio::test;

namespace {

ConnectionProfile unreachableProfile() {
  ConnectionProfile p;
  p.name = "nowhere";
  p.host = "127.0.0.1";
  p.port = "1";  // nothing connects in this suite
  p.dbname = "app";
  return p;
}

/// The message of request()'s std::invalid_argument, "" when it did not throw.
QString requestError(const CaptureDialog& dialog) {
  try {
    (void)dialog.request();
  } catch (const std::invalid_argument& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

}  // namespace

class CaptureDialogTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY(settingsDir_.isValid());
    QVERIFY(files_.isValid());
    isolateSettings(settingsDir_);
  }

  void analyzeIsEnabledOnlyWithAFile() {
    CaptureDialog dialog(unreachableProfile(), QString(), nullptr);
    auto* file = dialog.findChild<QLineEdit*>("explain-file");
    auto* analyze = dialog.findChild<QCheckBox*>("explain-analyze");
    QVERIFY(file && analyze);
    QVERIFY(dialog.findChild<QPushButton*>("explain-browse"));
    QVERIFY(file->text().isEmpty());
    QVERIFY(!analyze->isEnabled());
    file->setText(files_.path() + "/q.sql");
    QVERIFY(analyze->isEnabled());
    file->setText("   ");
    QVERIFY(!analyze->isEnabled());
    // No file: no EXPLAIN, and no ANALYZE even when the (disabled) box is ticked.
    analyze->setChecked(true);
    const CaptureRequest r = dialog.request();
    QVERIFY(r.explain_statements.empty());
    QVERIFY(!r.explain_analyze);
  }

  void requestReadsTheStatementsWithoutTheirComments() {
    const QString path = files_.path() + "/queries.sql";
    writeFile(path,
              "-- rare kinds, with the constant the application sends\n"
              "SELECT id FROM events WHERE kind = 'rare; not a split';\n"
              "/* a write */\n"
              "INSERT INTO events (id, kind) VALUES (1, 'new');\n");
    CaptureDialog dialog(unreachableProfile(), QString(), nullptr);
    dialog.findChild<QLineEdit*>("explain-file")->setText(" " + path + " ");
    const std::vector<std::string> expected = {"SELECT id FROM events WHERE kind = 'rare; not a split'",
                                               "INSERT INTO events (id, kind) VALUES (1, 'new')"};
    CaptureRequest r = dialog.request();
    QVERIFY(r.explain_statements == expected);
    QVERIFY(!r.explain_analyze);
    dialog.findChild<QCheckBox*>("explain-analyze")->setChecked(true);
    r = dialog.request();
    QVERIFY(r.explain_statements == expected);
    QVERIFY(r.explain_analyze);
  }

  void badFilesFailTheRequestNamingTheFile_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");  // empty name: not created
    QTest::addColumn<QString>("problem");
    QTest::newRow("missing") << "missing.sql" << QByteArray() << "cannot read: ";
    QTest::newRow("unparsable") << "bad.sql" << QByteArray("SELECT 1;\nSELEC 2;\n")
                                << "syntax error at or near \"SELEC\" at character 11";
    QTest::newRow("comments only") << "comments.sql" << QByteArray("-- nothing to explain\n/* here */\n")
                                   << "no SQL statement in it";
    QTest::newRow("empty") << "empty.sql" << QByteArray("") << "no SQL statement in it";
    QTest::newRow("directory") << "" << QByteArray() << "is a directory";
  }

  void badFilesFailTheRequestNamingTheFile() {
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, problem);
    const QString path = name.isEmpty() ? files_.path() : files_.path() + "/" + name;
    if (!name.isEmpty() && name != "missing.sql") writeFile(path, content);
    CaptureDialog dialog(unreachableProfile(), QString(), nullptr);
    dialog.findChild<QLineEdit*>("explain-file")->setText(path);
    const QString message = requestError(dialog);
    QVERIFY2(message.startsWith("EXPLAIN statements " + path + ": "), qPrintable(message));
    QVERIFY2(message.contains(problem), qPrintable(message));

    // Capture shows the message in the dialog and does not start (the server is unreachable:
    // a started capture would report a connection error instead).
    QPushButton* capture = nullptr;
    for (QPushButton* b : dialog.findChild<QDialogButtonBox*>()->findChildren<QPushButton*>())
      if (b->text() == "Capture") capture = b;
    QVERIFY(capture);
    capture->click();
    bool shown = false;
    for (QLabel* l : dialog.findChildren<QLabel*>()) shown = shown || l->text() == message;
    QVERIFY2(shown, qPrintable(message));
    QVERIFY(capture->isEnabled());  // not busy
  }

 private:
  QTemporaryDir settingsDir_;
  QTemporaryDir files_;
};

QTEST_MAIN(CaptureDialogTest)
#include "capture_dialog_test.moc"
