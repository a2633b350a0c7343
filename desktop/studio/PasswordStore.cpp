#include "PasswordStore.hpp"

#include <qt6keychain/keychain.h>

namespace dbopt::studio {

void PasswordStore::store(const QString& profile, const QString& password, std::function<void(const QString&)> done) {
  auto* job = new QKeychain::WritePasswordJob(QString::fromLatin1(kService), this);
  job->setAutoDelete(true);
  job->setKey(profile);
  job->setTextData(password);
  connect(job, &QKeychain::Job::finished, this, [done](QKeychain::Job* j) {
    if (done) done(j->error() == QKeychain::NoError ? QString() : j->errorString());
  });
  job->start();
}

void PasswordStore::read(const QString& profile, std::function<void(const QString&, const QString&)> done) {
  auto* job = new QKeychain::ReadPasswordJob(QString::fromLatin1(kService), this);
  job->setAutoDelete(true);
  job->setKey(profile);
  connect(job, &QKeychain::Job::finished, this, [done](QKeychain::Job* j) {
    auto* r = static_cast<QKeychain::ReadPasswordJob*>(j);
    done(r->error() == QKeychain::NoError ? r->textData() : QString(),
         r->error() == QKeychain::NoError ? QString() : r->errorString());
  });
  job->start();
}

void PasswordStore::remove(const QString& profile) {
  auto* job = new QKeychain::DeletePasswordJob(QString::fromLatin1(kService), this);
  job->setAutoDelete(true);
  job->setKey(profile);
  job->start();
}

}  // namespace dbopt::studio
