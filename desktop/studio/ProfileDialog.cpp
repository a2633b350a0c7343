#include "ProfileDialog.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QIntValidator>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace dbopt::studio {

ProfileDialog::ProfileDialog(const ConnectionProfile& p, QWidget* parent) : QDialog(parent) {
  setWindowTitle(p.name.isEmpty() ? tr("New connection") : tr("Edit connection %1").arg(p.name));
  setMinimumWidth(460);
  name_ = new QLineEdit(p.name, this);
  service_ = new QLineEdit(p.service, this);
  service_->setPlaceholderText(tr("optional: a pg_service.conf entry"));
  host_ = new QLineEdit(p.host, this);
  host_->setPlaceholderText(tr("localhost"));
  port_ = new QLineEdit(p.port, this);
  port_->setPlaceholderText("5432");
  port_->setValidator(new QIntValidator(1, 65535, port_));
  dbname_ = new QLineEdit(p.dbname, this);
  user_ = new QLineEdit(p.user, this);
  sslmode_ = new QComboBox(this);
  sslmode_->addItems({"", "disable", "allow", "prefer", "require", "verify-ca", "verify-full"});
  sslmode_->setCurrentText(p.sslmode);
  password_ = new QLineEdit(this);
  password_->setEchoMode(QLineEdit::Password);
  password_->setPlaceholderText(p.rememberPassword ? tr("stored in the keychain — type to replace")
                                                   : tr("asked at connect time when empty"));
  remember_ = new QCheckBox(tr("Remember the password in the system keychain"), this);
  remember_->setChecked(p.rememberPassword);
  error_ = new QLabel(this);
  error_->setStyleSheet("QLabel { color: #c62828; }");

  auto* form = new QFormLayout;
  form->addRow(tr("Name"), name_);
  form->addRow(tr("Service"), service_);
  form->addRow(tr("Host"), host_);
  form->addRow(tr("Port"), port_);
  form->addRow(tr("Database"), dbname_);
  form->addRow(tr("User"), user_);
  form->addRow(tr("SSL mode"), sslmode_);
  form->addRow(tr("Password"), password_);
  form->addRow(QString(), remember_);
  auto* note = new QLabel(tr("Passwords are never written to the settings file. Without a password, libpq's "
                             ".pgpass, PGPASSWORD and service files apply as in psql."),
                          this);
  note->setWordWrap(true);
  note->setForegroundRole(QPalette::PlaceholderText);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* v = new QVBoxLayout(this);
  v->addLayout(form);
  v->addWidget(note);
  v->addWidget(error_);
  v->addWidget(buttons);
  connect(name_, &QLineEdit::textChanged, this, &ProfileDialog::validate);
  connect(buttons, &QDialogButtonBox::accepted, this, &ProfileDialog::validate);
  validate();
  auto* save = buttons->button(QDialogButtonBox::Save);
  connect(name_, &QLineEdit::textChanged, save, [this, save] { save->setEnabled(!name_->text().trimmed().isEmpty()); });
  save->setEnabled(!name_->text().trimmed().isEmpty());
}

void ProfileDialog::validate() {
  error_->setText(name_->text().trimmed().isEmpty() ? tr("A connection needs a name.") : QString());
}

ConnectionProfile ProfileDialog::profile() const {
  ConnectionProfile p;
  p.name = name_->text().trimmed();
  p.service = service_->text().trimmed();
  p.host = host_->text().trimmed();
  p.port = port_->text().trimmed();
  p.dbname = dbname_->text().trimmed();
  p.user = user_->text().trimmed();
  p.sslmode = sslmode_->currentText();
  p.rememberPassword = remember_->isChecked();
  return p;
}

QString ProfileDialog::password() const { return password_->text(); }

}  // namespace dbopt::studio
