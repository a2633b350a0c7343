#include "CaptureDialog.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <stdexcept>
#include <string>
#include <vector>

#include "StudioSettings.hpp"
#include "facts/sql_script.hpp"

namespace dbopt::studio {

namespace {

QSpinBox* spin(int min, int max, int value, const QString& suffix, QWidget* parent) {
  auto* s = new QSpinBox(parent);
  s->setRange(min, max);
  s->setValue(value);
  s->setSuffix(suffix);
  s->setGroupSeparatorShown(true);
  return s;
}

/// The statements of the EXPLAIN statement file (engine::explain_statements_of, as `dbopt capture
/// --explain FILE`). Throws std::invalid_argument "EXPLAIN statements FILE: <problem>".
std::vector<std::string> readExplainStatements(const QString& path) {
  const auto fail = [&path](const QString& problem) {
    return std::invalid_argument(QObject::tr("EXPLAIN statements %1: %2").arg(path, problem).toStdString());
  };
  QFile file(path);
  if (QFileInfo(path).isDir()) throw fail(QObject::tr("is a directory, not a .sql file"));
  if (!file.open(QIODevice::ReadOnly)) throw fail(QObject::tr("cannot read: %1").arg(file.errorString()));
  const QByteArray script = file.readAll();
  try {
    return engine::explain_statements_of(std::string_view(script.constData(), static_cast<std::size_t>(script.size())));
  } catch (const std::invalid_argument& e) {
    throw fail(QString::fromStdString(e.what()));
  }
}

/// What the EXPLAIN statements row does (tooltip of its widgets).
QString explainToolTip() {
  return QObject::tr(
      "<p>Each statement of the file is EXPLAINed (FORMAT JSON, BUFFERS, SETTINGS) in its own savepoint of the "
      "capture's read-only transaction; the plans are saved in the snapshot for the plan decoder "
      "(<code>dbopt capture --explain FILE</code>).</p>"
      "<p>Give the statements with the constants the application sends: checks read them from the plans.</p>"
      "<p>EXPLAIN ANALYZE executes each statement: write statements fail in the read-only transaction and "
      "their error is recorded; nothing is written.</p>");
}

}  // namespace

CaptureDialog::CaptureDialog(const ConnectionProfile& profile, const QString& password,
                             std::shared_ptr<const engine::PluginHost> host,
                             std::vector<engine::OptionSetting> probeSettings, QWidget* parent)
    : QDialog(parent), profile_(profile), host_(std::move(host)), settings_(std::move(probeSettings)) {
  setWindowTitle(tr("Capture %1").arg(profile.name));
  setMinimumWidth(560);
  task_ = new SnapshotTask(this);

  auto* target = new QLabel(tr("Read-only capture of %1. Nothing is written to the server.").arg(profile.summary()),
                            this);
  target->setTextFormat(Qt::PlainText);
  target->setWordWrap(true);

  password_ = new QLineEdit(password, this);
  password_->setEchoMode(QLineEdit::Password);
  password_->setPlaceholderText(tr("empty: .pgpass / PGPASSWORD / service file"));
  // Same ranges and defaults as `dbopt capture` (desktop/cli/main.cpp, add_capture_options).
  statementTimeout_ = spin(100, 3'600'000, 30000, tr(" ms"), this);
  lockTimeout_ = spin(10, 600'000, 1000, tr(" ms"), this);
  connectTimeout_ = spin(1, 600, 10, tr(" s"), this);
  StudioSettings settings;
  savePath_ = new QLineEdit(settings.lastDirectory() + "/" + (profile.dbname.isEmpty() ? profile.name : profile.dbname) +
                                "-" + QDateTime::currentDateTimeUtc().toString("yyyyMMdd-HHmm") + ".dbopt.json",
                            this);
  auto* browse = new QPushButton(tr("Browse…"), this);  // same as the EXPLAIN row's: the fields align
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getSaveFileName(this, tr("Save snapshot as"), savePath_->text(),
                                                   tr("Snapshots (*.json *.json.gz)"));
    if (!f.isEmpty()) savePath_->setText(f);
  });
  auto* saveRow = new QHBoxLayout;
  saveRow->addWidget(savePath_, 1);
  saveRow->addWidget(browse);

  explainFile_ = new QLineEdit(this);
  explainFile_->setObjectName("explain-file");
  explainFile_->setPlaceholderText(tr("optional: a .sql file of statements to EXPLAIN"));
  explainFile_->setClearButtonEnabled(true);
  explainBrowse_ = new QPushButton(tr("Browse…"), this);
  explainBrowse_->setObjectName("explain-browse");
  connect(explainBrowse_, &QPushButton::clicked, this, [this] {
    const QString current = explainFile_->text().trimmed();
    const QString f = QFileDialog::getOpenFileName(this, tr("Statements to EXPLAIN"),
                                                   current.isEmpty() ? StudioSettings().lastDirectory() : current,
                                                   tr("SQL (*.sql);;All files (*)"));
    if (!f.isEmpty()) explainFile_->setText(f);
  });
  explainAnalyze_ = new QCheckBox(tr("Execute them (EXPLAIN ANALYZE)"), this);
  explainAnalyze_->setObjectName("explain-analyze");
  explainAnalyze_->setEnabled(false);
  connect(explainFile_, &QLineEdit::textChanged, this,
          [this](const QString& text) { explainAnalyze_->setEnabled(!text.trimmed().isEmpty()); });
  for (QWidget* w : std::initializer_list<QWidget*>{explainFile_, explainBrowse_, explainAnalyze_})
    w->setToolTip(explainToolTip());
  auto* explainRow = new QHBoxLayout;
  explainRow->addWidget(explainFile_, 1);
  explainRow->addWidget(explainBrowse_);

  ram_ = new QLineEdit(this);
  ram_->setPlaceholderText(tr("e.g. 64GB (SQL cannot see it)"));
  cores_ = spin(0, 4096, 0, QString(), this);
  cores_->setSpecialValueText(tr("not given"));
  storage_ = new QComboBox(this);
  storage_->addItem(tr("not given"), QString());
  storage_->addItem("ssd", "ssd");
  storage_->addItem("hdd", "hdd");
  storage_->addItem("network", "network");

  auto* form = new QFormLayout;
  form->addRow(tr("Password"), password_);
  form->addRow(tr("Statement timeout"), statementTimeout_);
  form->addRow(tr("Lock timeout"), lockTimeout_);
  form->addRow(tr("Connect timeout"), connectTimeout_);
  form->addRow(tr("Save snapshot to"), saveRow);
  auto* explainLabel = new QLabel(tr("EXPLAIN statements"), this);
  explainLabel->setToolTip(explainToolTip());
  form->addRow(explainLabel, explainRow);
  form->addRow(QString(), explainAnalyze_);
  auto* hwBox = new QGroupBox(tr("Server hardware (for the configuration tuner)"), this);
  auto* hw = new QFormLayout(hwBox);
  hw->addRow(tr("RAM"), ram_);
  hw->addRow(tr("CPU cores"), cores_);
  hw->addRow(tr("Storage"), storage_);

  progress_ = new QProgressBar(this);
  progress_->setRange(0, 1);
  progress_->setValue(0);
  progress_->setFormat(QString());
  status_ = new QLabel(this);
  status_->setTextFormat(Qt::PlainText);
  status_->setWordWrap(true);

  auto* buttons = new QDialogButtonBox(this);
  capture_ = buttons->addButton(tr("Capture"), QDialogButtonBox::AcceptRole);
  cancel_ = buttons->addButton(QDialogButtonBox::Cancel);
  connect(capture_, &QPushButton::clicked, this, &CaptureDialog::start);
  connect(cancel_, &QPushButton::clicked, this, &CaptureDialog::reject);

  auto* v = new QVBoxLayout(this);
  v->addWidget(target);
  v->addLayout(form);
  v->addWidget(hwBox);
  v->addWidget(progress_);
  v->addWidget(status_);
  v->addWidget(buttons);

  connect(task_, &SnapshotTask::progress, this, [this](const QString& step, int index, int total) {
    progress_->setRange(0, std::max(1, total));
    progress_->setValue(index - 1);
    progress_->setFormat(tr("step %1 of %2: %3").arg(index).arg(total).arg(step));
  });
  connect(task_, &SnapshotTask::loaded, this, [this](const LoadedSnapshot& s) {
    setBusy(false);
    if (!s.file.empty()) StudioSettings().setLastDirectory(QString::fromStdString(s.file.parent_path().string()));
    emit captured(s);
    accept();
  });
  connect(task_, &SnapshotTask::failed, this, [this](const QString& message, bool cancelled) {
    setBusy(false);
    if (cancelled) {
      status_->setText(tr("Capture cancelled; nothing was saved."));
      return;
    }
    status_->setText(message);
    QMessageBox::critical(this, tr("Capture failed"),
                          tr("%1\n\nCheck the connection settings and that the role may read pg_catalog "
                             "(pg_monitor is enough), then try again.")
                              .arg(message));
  });
}

CaptureRequest CaptureDialog::request() const {
  CaptureRequest r;
  r.conninfo = profile_.conninfo(password_->text()).toStdString();
  r.statement_timeout_ms = statementTimeout_->value();
  r.lock_timeout_ms = lockTimeout_->value();
  r.connect_timeout_s = connectTimeout_->value();
  r.hardware.ram = ram_->text().trimmed().toStdString();
  r.hardware.cores = cores_->value();
  r.hardware.storage = storage_->currentData().toString().toStdString();
  r.save_path = savePath_->text().trimmed().toStdString();
  r.settings = settings_;
  sdk::HardwareInfo probe;
  apply_hardware(r.hardware, probe);  // validates: throws std::invalid_argument naming the field
  const QString explainFile = explainFile_->text().trimmed();
  if (!explainFile.isEmpty()) {
    r.explain_statements = readExplainStatements(explainFile);
    r.explain_analyze = explainAnalyze_->isChecked();
  }
  return r;
}

void CaptureDialog::start() {
  CaptureRequest r;
  try {
    r = request();
  } catch (const std::invalid_argument& e) {
    status_->setText(QString::fromStdString(e.what()));
    return;
  }
  setBusy(true);
  status_->setText(tr("Connecting…"));
  task_->capture(host_, std::move(r));
}

void CaptureDialog::setBusy(bool busy) {
  capture_->setEnabled(!busy);
  for (QWidget* w : std::initializer_list<QWidget*>{password_, statementTimeout_, lockTimeout_, connectTimeout_,
                                                    savePath_, explainFile_, explainBrowse_, ram_, cores_,
                                                    storage_})
    w->setEnabled(!busy);
  explainAnalyze_->setEnabled(!busy && !explainFile_->text().trimmed().isEmpty());
  if (busy) {
    progress_->setRange(0, 0);
  } else {
    progress_->setRange(0, 1);
    progress_->setValue(0);
    progress_->setFormat(QString());
  }
}

void CaptureDialog::reject() {
  if (task_->isRunning()) {
    status_->setText(tr("Cancelling…"));
    task_->cancel();  // failed(cancelled) follows; the dialog stays open to show it
    return;
  }
  QDialog::reject();
}

}  // namespace dbopt::studio
