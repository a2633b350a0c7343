#include "SourcesPanel.hpp"

#include <QFileInfo>
#include <QGridLayout>
#include <QGroupBox>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "PasswordStore.hpp"
#include "ProfileDialog.hpp"

namespace dbopt::studio {

SourcesPanel::SourcesPanel(QSettings& settings, PasswordStore* passwords, QWidget* parent)
    : QWidget(parent), store_(settings), passwords_(passwords) {
  auto* connBox = new QGroupBox(tr("Connections"), this);
  profiles_ = new QListWidget(connBox);
  profiles_->setAlternatingRowColors(true);
  auto* add = new QPushButton(tr("New…"), connBox);
  edit_ = new QPushButton(tr("Edit…"), connBox);
  delete_ = new QPushButton(tr("Delete"), connBox);
  test_ = new QPushButton(tr("Test connection"), connBox);
  capture_ = new QPushButton(tr("Capture…"), connBox);
  capture_->setToolTip(tr("Connect read-only and capture a snapshot to analyze"));
  testResult_ = new QLabel(connBox);
  testResult_->setTextFormat(Qt::PlainText);
  testResult_->setWordWrap(true);
  auto* grid = new QGridLayout(connBox);
  grid->addWidget(profiles_, 0, 0, 1, 3);
  grid->addWidget(add, 1, 0);
  grid->addWidget(edit_, 1, 1);
  grid->addWidget(delete_, 1, 2);
  grid->addWidget(test_, 2, 0, 1, 2);
  grid->addWidget(capture_, 2, 2);
  grid->addWidget(testResult_, 3, 0, 1, 3);

  auto* fileBox = new QGroupBox(tr("Recent snapshots"), this);
  recent_ = new QListWidget(fileBox);
  recent_->setTextElideMode(Qt::ElideMiddle);
  auto* open = new QPushButton(tr("Open snapshot…"), fileBox);
  auto* fv = new QVBoxLayout(fileBox);
  fv->addWidget(recent_, 1);
  fv->addWidget(open);

  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(6, 6, 6, 6);
  v->addWidget(connBox, 1);
  v->addWidget(fileBox, 1);

  connect(add, &QPushButton::clicked, this, &SourcesPanel::newProfile);
  connect(edit_, &QPushButton::clicked, this, &SourcesPanel::editProfile);
  connect(delete_, &QPushButton::clicked, this, &SourcesPanel::deleteProfile);
  connect(test_, &QPushButton::clicked, this, &SourcesPanel::testProfile);
  connect(capture_, &QPushButton::clicked, this, [this] {
    if (auto p = selectedProfile())
      withPassword(*p, [this, p = *p](const QString& pw) { emit captureRequested(p, pw); });
  });
  connect(profiles_, &QListWidget::itemDoubleClicked, this, [this] { editProfile(); });
  connect(profiles_, &QListWidget::currentRowChanged, this, [this](int row) {
    for (QPushButton* b : {edit_, delete_, test_, capture_}) b->setEnabled(row >= 0);
    testResult_->clear();
  });
  connect(open, &QPushButton::clicked, this, &SourcesPanel::openDialogRequested);
  connect(recent_, &QListWidget::itemActivated, this,
          [this](QListWidgetItem* item) { emit openSnapshotRequested(item->data(Qt::UserRole).toString()); });
  connect(&testWatcher_, &QFutureWatcher<ConnectionTestResult>::finished, this, [this] {
    const ConnectionTestResult r = testWatcher_.result();
    test_->setEnabled(true);
    testResult_->setStyleSheet(r.ok ? "QLabel { color: #2e7d32; }" : "QLabel { color: #c62828; }");
    testResult_->setText((r.ok ? tr("Connected: ") : tr("Failed: ")) + r.message);
  });
  reloadProfiles();
}

void SourcesPanel::reloadProfiles() {
  const QString current = profiles_->currentItem() ? profiles_->currentItem()->data(Qt::UserRole).toString() : QString();
  profiles_->clear();
  for (const ConnectionProfile& p : store_.profiles()) {
    auto* item = new QListWidgetItem(p.name + "\n" + p.summary(), profiles_);
    item->setData(Qt::UserRole, p.name);
    item->setToolTip(p.summary());
    if (p.name == current) profiles_->setCurrentItem(item);
  }
  const bool any = profiles_->currentRow() >= 0;
  for (QPushButton* b : {edit_, delete_, test_, capture_}) b->setEnabled(any);
}

std::optional<ConnectionProfile> SourcesPanel::selectedProfile() const {
  if (!profiles_->currentItem()) return std::nullopt;
  const QString name = profiles_->currentItem()->data(Qt::UserRole).toString();
  for (const ConnectionProfile& p : store_.profiles())
    if (p.name == name) return p;
  return std::nullopt;
}

void SourcesPanel::saveProfile(const ConnectionProfile& profile, const QString& password, const QString& previousName) {
  if (!previousName.isEmpty() && previousName != profile.name) {
    store_.remove(previousName);
    passwords_->remove(previousName);
  }
  store_.save(profile);
  if (profile.rememberPassword && !password.isEmpty()) {
    passwords_->store(profile.name, password, [this](const QString& error) {
      if (!error.isEmpty())
        testResult_->setText(tr("The keychain is not available (%1): the password will be asked at connect time.")
                                 .arg(error));
    });
  } else if (!profile.rememberPassword) {
    passwords_->remove(profile.name);
  }
  reloadProfiles();
}

void SourcesPanel::newProfile() {
  ProfileDialog dialog(ConnectionProfile{}, this);
  if (dialog.exec() != QDialog::Accepted) return;
  saveProfile(dialog.profile(), dialog.password());
}

void SourcesPanel::editProfile() {
  const auto p = selectedProfile();
  if (!p) return;
  ProfileDialog dialog(*p, this);
  if (dialog.exec() != QDialog::Accepted) return;
  saveProfile(dialog.profile(), dialog.password(), p->name);
}

void SourcesPanel::deleteProfile() {
  const auto p = selectedProfile();
  if (!p) return;
  if (QMessageBox::question(this, tr("Delete connection"), tr("Delete the connection \"%1\"?").arg(p->name)) !=
      QMessageBox::Yes)
    return;
  store_.remove(p->name);
  passwords_->remove(p->name);
  reloadProfiles();
}

void SourcesPanel::withPassword(const ConnectionProfile& p, std::function<void(const QString&)> then) {
  if (!p.rememberPassword) {
    then(QString());
    return;
  }
  passwords_->read(p.name, [then](const QString& password, const QString&) { then(password); });
}

void SourcesPanel::testProfile() {
  const auto p = selectedProfile();
  if (!p || testWatcher_.isRunning()) return;
  withPassword(*p, [this, p = *p](QString password) {
    if (password.isEmpty() && !p.rememberPassword) {
      bool ok = false;
      password = QInputDialog::getText(this, tr("Password"),
                                       tr("Password for %1 (empty: .pgpass / PGPASSWORD):").arg(p.summary()),
                                       QLineEdit::Password, QString(), &ok);
      if (!ok) return;
    }
    test_->setEnabled(false);
    testResult_->setStyleSheet(QString());
    testResult_->setText(tr("Connecting to %1…").arg(p.summary()));
    testWatcher_.setFuture(QtConcurrent::run([p, password] { return testConnection(p, password, 10); }));
  });
}

void SourcesPanel::setRecentSnapshots(const QStringList& files) {
  recent_->clear();
  for (const QString& f : files) {
    auto* item = new QListWidgetItem(QFileInfo(f).fileName(), recent_);
    item->setData(Qt::UserRole, f);
    item->setToolTip(f);
  }
}

}  // namespace dbopt::studio
