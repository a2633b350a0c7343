// Screenshot mode of the Studio (scripts/studio-screenshots.sh): once the analysis has finished,
// shows each workspace tab in turn and saves the window as "<NN>-<tab>.png" with QWidget::grab,
// then writes "<dir>/.ready" so the script can take its full-screen shot.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

namespace dbopt::studio {

class MainWindow;

class ScreenshotTour : public QObject {
  Q_OBJECT
 public:
  /// Starts when `window` emits analysisFinished(). `dir` is created when missing.
  ScreenshotTour(MainWindow* window, const QString& dir, QObject* parent = nullptr);
  /// The files written so far.
  const QStringList& written() const { return written_; }

 signals:
  void done(bool ok);

 private:
  void run();
  bool shoot(int tab, const QString& name);

  MainWindow* window_;
  QString dir_;
  QStringList written_;
};

}  // namespace dbopt::studio
