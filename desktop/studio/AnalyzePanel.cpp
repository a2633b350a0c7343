#include "AnalyzePanel.hpp"
#include "Labels.hpp"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "dbopt/sdk/plugin.hpp"

namespace dbopt::studio {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

enum PluginColumn { PName, PVersion, PPhase, PState, PRun, PDescription };
enum OptionColumn { OName, OValue, ODefault, OType, ODescription };
constexpr int kIdRole = Qt::UserRole + 1;

QString typeText(const sdk::OptionSpec& spec) {
  QString t;
  switch (spec.type) {
    case sdk::OptionType::Double: t = "number"; break;
    case sdk::OptionType::Integer: t = "integer"; break;
    case sdk::OptionType::Bool: t = "true/false"; break;
    case sdk::OptionType::String: t = "text"; break;
    case sdk::OptionType::Bytes: t = "size (8kB, 64MB…)"; break;
  }
  if (spec.min && spec.max)
    t += QString(", %1 to %2").arg(QString::number(*spec.min), QString::number(*spec.max));
  else if (spec.min)
    t += QString(", ≥ %1").arg(QString::number(*spec.min));
  else if (spec.max)
    t += QString(", ≤ %1").arg(QString::number(*spec.max));
  return t;
}

}  // namespace

AnalyzePanel::AnalyzePanel(QWidget* parent) : QWidget(parent) {
  source_ = new QLabel(this);
  source_->setTextFormat(Qt::PlainText);
  source_->setWordWrap(true);
  QFont sf = source_->font();
  sf.setPointSizeF(sf.pointSizeF() * 1.15);
  source_->setFont(sf);

  plugins_ = new QTreeWidget(this);
  plugins_->setRootIsDecorated(false);
  plugins_->setAlternatingRowColors(true);
  plugins_->setStyleSheet("QTreeView::item { padding: 5px 2px; }");
  plugins_->setHeaderLabels({tr("Plugin"), tr("Version"), tr("Phase"), tr("State"), tr("Run"), tr("Description")});
  plugins_->header()->setStretchLastSection(true);
  plugins_->header()->resizeSection(PName, 240);
  plugins_->header()->resizeSection(PVersion, 80);
  plugins_->header()->resizeSection(PPhase, 90);
  plugins_->header()->resizeSection(PState, 80);
  plugins_->header()->resizeSection(PRun, 100);

  optionsTitle_ = boldLabel(tr("Check options"), this);
  options_ = new QTableWidget(0, 5, this);
  options_->setHorizontalHeaderLabels({tr("Option"), tr("Value"), tr("Default"), tr("Type"), tr("Description")});
  options_->verticalHeader()->hide();
  options_->horizontalHeader()->setStretchLastSection(true);
  options_->horizontalHeader()->resizeSection(OName, 220);
  options_->horizontalHeader()->resizeSection(OValue, 120);
  options_->horizontalHeader()->resizeSection(ODefault, 100);
  options_->horizontalHeader()->resizeSection(OType, 150);
  options_->setWordWrap(false);
  options_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                            QAbstractItemView::AnyKeyPressed);
  validation_ = new QLabel(this);
  validation_->setTextFormat(Qt::PlainText);
  validation_->setWordWrap(true);
  validation_->setStyleSheet("QLabel { color: #c62828; }");

  run_ = new QPushButton(tr("Run analysis  (F5)"), this);
  run_->setDefault(true);
  cancel_ = new QPushButton(tr("Cancel"), this);
  progress_ = new QProgressBar(this);
  progress_->setTextVisible(true);
  status_ = new QLabel(this);
  status_->setTextFormat(Qt::PlainText);
  status_->setWordWrap(true);

  auto* top = new QWidget(this);
  auto* tv = new QVBoxLayout(top);
  tv->setContentsMargins(0, 0, 0, 0);
  tv->addWidget(boldLabel(tr("Plugins"), top));
  tv->addWidget(plugins_, 1);
  auto* bottom = new QWidget(this);
  auto* bv = new QVBoxLayout(bottom);
  bv->setContentsMargins(0, 0, 0, 0);
  bv->addWidget(optionsTitle_);
  bv->addWidget(options_, 1);
  bv->addWidget(validation_);
  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(top);
  split->addWidget(bottom);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 2);
  split->setSizes({260, 440});

  auto* runRow = new QHBoxLayout;
  runRow->addWidget(run_);
  runRow->addWidget(cancel_);
  runRow->addWidget(progress_, 1);

  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(12, 10, 12, 10);
  v->setSpacing(8);
  v->addWidget(source_);
  v->addWidget(split, 1);
  v->addLayout(runRow);
  v->addWidget(status_);

  connect(plugins_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) { showOptions(item); });
  connect(plugins_, &QTreeWidget::itemChanged, this, [this] { updateRunButton(); });
  connect(options_, &QTableWidget::cellChanged, this, &AnalyzePanel::onOptionEdited);
  connect(run_, &QPushButton::clicked, this, &AnalyzePanel::runRequested);
  connect(cancel_, &QPushButton::clicked, this, &AnalyzePanel::cancelRequested);
  setSource({});
  setRunning(false);
}

void AnalyzePanel::setHost(std::shared_ptr<const engine::PluginHost> host) {
  host_ = std::move(host);
  values_.clear();
  errors_.clear();
  plugins_->clear();
  if (!host_) return;
  const QBrush errorBrush(QColor(0xc6, 0x28, 0x28));
  for (const engine::PluginRecord* p : host_->loaded()) {
    auto* item = new QTreeWidgetItem(plugins_);
    item->setData(PName, kIdRole, q(p->info.id));
    item->setText(PName, q(p->info.name.empty() ? p->info.id : p->info.name));
    item->setToolTip(PName, q(p->info.id) + " — " + q(p->file.string()));
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(PName, Qt::Checked);
    item->setText(PVersion, q(p->info.version));
    item->setText(PPhase, q(sdk::to_string(p->info.phase)));
    item->setText(PState, q(engine::to_string(p->state)));
    item->setText(PDescription, q(p->info.description));
    item->setToolTip(PDescription, q(p->info.description));
  }
  for (const engine::PluginRecord& p : host_->plugins()) {
    if (p.state == engine::PluginState::Loaded) continue;
    auto* item = new QTreeWidgetItem(plugins_);
    item->setText(PName, q(p.info.id.empty() ? p.file.filename().string() : p.info.id));
    item->setText(PVersion, q(p.info.version));
    item->setText(PState, q(engine::to_string(p.state)));
    item->setText(PDescription, q(p.error));
    item->setToolTip(PDescription, q(p.error));
    item->setFlags(item->flags() & ~Qt::ItemIsEnabled);
    for (int c = 0; c <= PDescription; ++c) item->setForeground(c, errorBrush);
  }
  if (plugins_->topLevelItemCount() > 0) plugins_->setCurrentItem(plugins_->topLevelItem(0));
  updateRunButton();
}

void AnalyzePanel::setSource(const LoadedSnapshot& snapshot) {
  hasSource_ = snapshot.catalog != nullptr;
  if (!hasSource_) {
    source_->setText(tr("No snapshot yet — open one (Ctrl+O), drop a file on the window, or capture a database "
                        "from a saved connection."));
  } else {
    const sdk::Snapshot& s = snapshot.catalog->snapshot();
    source_->setText(tr("Snapshot: %1 — database %2, PostgreSQL %3, captured %4")
                         .arg(snapshot.file.empty() ? tr("(captured, not saved)") : q(snapshot.file.string()),
                              q(s.server.database), q(s.server.server_version), q(s.provenance.captured_at)));
  }
  updateRunButton();
}

QTreeWidgetItem* AnalyzePanel::pluginItem(const QString& pluginId) const {
  for (int i = 0; i < plugins_->topLevelItemCount(); ++i)
    if (plugins_->topLevelItem(i)->data(PName, kIdRole).toString() == pluginId) return plugins_->topLevelItem(i);
  return nullptr;
}

void AnalyzePanel::showOptions(QTreeWidgetItem* item) {
  filling_ = true;
  options_->setRowCount(0);
  shownPlugin_ = item ? item->data(PName, kIdRole).toString() : QString();
  const engine::PluginRecord* p = host_ && !shownPlugin_.isEmpty() ? host_->find(shownPlugin_.toStdString()) : nullptr;
  optionsTitle_->setText(p ? tr("Check options — %1").arg(q(p->info.id)) : tr("Check options"));
  if (p) {
    for (const sdk::OptionSpec& spec : p->info.options) {
      const int row = options_->rowCount();
      options_->insertRow(row);
      auto readOnly = [](const QString& text) {
        auto* i = new QTableWidgetItem(text);
        i->setFlags(i->flags() & ~Qt::ItemIsEditable);
        i->setToolTip(text);
        return i;
      };
      options_->setItem(row, OName, readOnly(q(spec.name)));
      const QString name = q(spec.name);
      auto* value = new QTableWidgetItem(values_.value(shownPlugin_).value(name, q(spec.default_value)));
      options_->setItem(row, OValue, value);
      options_->setItem(row, ODefault, readOnly(q(spec.default_value)));
      options_->setItem(row, OType, readOnly(typeText(spec)));
      options_->setItem(row, ODescription, readOnly(q(spec.description)));
      const QString error = errors_.value(shownPlugin_ + "." + name);
      value->setBackground(error.isEmpty() ? QBrush() : QBrush(QColor(0xff, 0xcd, 0xd2)));
      value->setToolTip(error.isEmpty() ? tr("Double-click to edit") : error);
    }
    if (p->info.options.empty()) {
      options_->insertRow(0);
      auto* none = new QTableWidgetItem(tr("This plugin has no options."));
      none->setFlags(Qt::ItemIsEnabled);
      options_->setItem(0, OName, none);
      options_->setSpan(0, 0, 1, 5);
    }
  }
  filling_ = false;
}

void AnalyzePanel::onOptionEdited(int row, int column) {
  if (filling_ || column != OValue || !host_) return;
  const engine::PluginRecord* p = host_->find(shownPlugin_.toStdString());
  if (!p || row >= static_cast<int>(p->info.options.size())) return;
  const sdk::OptionSpec& spec = p->info.options[static_cast<std::size_t>(row)];
  QTableWidgetItem* item = options_->item(row, OValue);
  const QString text = item->text().trimmed();
  const QString key = shownPlugin_ + "." + q(spec.name);
  values_[shownPlugin_][q(spec.name)] = text;
  QString error;
  try {
    sdk::parse_option_value(spec, text.toStdString());
  } catch (const std::invalid_argument& e) {
    error = q(e.what());
  }
  filling_ = true;
  if (error.isEmpty()) {
    errors_.remove(key);
    item->setBackground(QBrush());
    item->setToolTip(text == q(spec.default_value) ? tr("default") : tr("changed from the default %1")
                                                                            .arg(q(spec.default_value)));
    QFont f = item->font();
    f.setBold(text != q(spec.default_value));
    item->setFont(f);
  } else {
    errors_[key] = error;
    item->setBackground(QBrush(QColor(0xff, 0xcd, 0xd2)));
    item->setToolTip(error);
  }
  filling_ = false;
  updateRunButton();
}

QString AnalyzePanel::setOptionValue(const QString& pluginId, const QString& name, const QString& value) {
  if (QTreeWidgetItem* item = pluginItem(pluginId)) plugins_->setCurrentItem(item);
  for (int row = 0; row < options_->rowCount(); ++row)
    if (options_->item(row, OName) && options_->item(row, OName)->text() == name)
      options_->item(row, OValue)->setText(value);  // → cellChanged → onOptionEdited
  return validationError();
}

void AnalyzePanel::setPluginChecked(const QString& pluginId, bool checked) {
  if (QTreeWidgetItem* item = pluginItem(pluginId)) item->setCheckState(PName, checked ? Qt::Checked : Qt::Unchecked);
}

QString AnalyzePanel::validationError() const { return errors_.isEmpty() ? QString() : errors_.first(); }

AnalysisRequest AnalyzePanel::request() const {
  AnalysisRequest r;
  bool all = true;
  for (int i = 0; i < plugins_->topLevelItemCount(); ++i) {
    QTreeWidgetItem* item = plugins_->topLevelItem(i);
    const QString id = item->data(PName, kIdRole).toString();
    if (id.isEmpty()) continue;  // refused/failed library
    if (item->checkState(PName) == Qt::Checked)
      r.only.push_back(id.toStdString());
    else
      all = false;
  }
  if (all) r.only.clear();
  if (!host_) return r;
  for (const engine::PluginRecord* p : host_->loaded()) {
    const auto typed = values_.value(q(p->info.id));
    for (const sdk::OptionSpec& spec : p->info.options) {
      const auto it = typed.find(q(spec.name));
      if (it != typed.end() && it.value() != q(spec.default_value))
        r.settings.emplace_back(p->info.id + "." + spec.name, it.value().toStdString());
    }
  }
  return r;
}

void AnalyzePanel::updateRunButton() {
  const QString error = validationError();
  validation_->setText(error.isEmpty() ? QString() : tr("Fix before running: %1").arg(error));
  validation_->setVisible(!error.isEmpty());
  bool any = false;
  for (int i = 0; i < plugins_->topLevelItemCount(); ++i) {
    QTreeWidgetItem* item = plugins_->topLevelItem(i);
    any = any || (!item->data(PName, kIdRole).toString().isEmpty() && item->checkState(PName) == Qt::Checked);
  }
  run_->setEnabled(!running_ && hasSource_ && any && error.isEmpty());
  run_->setToolTip(!hasSource_ ? tr("Open a snapshot first") : (!any ? tr("Check at least one plugin") : error));
}

void AnalyzePanel::setRunning(bool running) {
  running_ = running;
  cancel_->setEnabled(running);
  plugins_->setEnabled(!running);
  options_->setEnabled(!running);
  if (running) {
    progress_->setRange(0, 0);
    progress_->setFormat(tr("starting…"));
    for (int i = 0; i < plugins_->topLevelItemCount(); ++i) plugins_->topLevelItem(i)->setText(PRun, QString());
    status_->clear();
  } else if (progress_->maximum() == 0) {
    progress_->setRange(0, 1);
    progress_->setValue(0);
    progress_->setFormat(QString());
  }
  updateRunButton();
}

void AnalyzePanel::showProgress(const QString& pluginId, const QString& event, int done, int total) {
  progress_->setRange(0, std::max(1, total));
  progress_->setValue(done);
  progress_->setFormat(tr("%1 of %2 plugins — %3 %4").arg(done).arg(total).arg(pluginId, event));
  if (QTreeWidgetItem* item = pluginItem(pluginId)) {
    item->setText(PRun, event == "started" ? tr("running…") : event);
    const QColor c = event == "finished" ? QColor(0x2e, 0x7d, 0x32)
                                         : (event == "started" ? palette().color(QPalette::Text) : QColor(0xc6, 0x28, 0x28));
    item->setForeground(PRun, c);
  }
}

void AnalyzePanel::setStatus(const QString& text) { status_->setText(text); }

}  // namespace dbopt::studio
