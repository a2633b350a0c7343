// Edits one connection profile (ConnectionProfile.hpp) and, optionally, its password: the
// password goes to the OS keychain when "remember" is checked, never to the settings file.
#pragma once

#include <QDialog>

#include "ConnectionProfile.hpp"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

namespace dbopt::studio {

class ProfileDialog : public QDialog {
  Q_OBJECT
 public:
  /// `existing`: the profile being edited, or a default-constructed one for "New".
  explicit ProfileDialog(const ConnectionProfile& existing, QWidget* parent = nullptr);
  ConnectionProfile profile() const;
  /// The password typed ("" = none typed: keep the stored one, or ask at connect time).
  QString password() const;

 private:
  void validate();

  QLineEdit* name_;
  QLineEdit* service_;
  QLineEdit* host_;
  QLineEdit* port_;
  QLineEdit* dbname_;
  QLineEdit* user_;
  QComboBox* sslmode_;
  QLineEdit* password_;
  QCheckBox* remember_;
  QLabel* error_;
};

}  // namespace dbopt::studio
