#include "guirunner.h"

#include "eventloopprobe.h"
#include "formatting.h"
#include "mainwindow.h"
#include "serversettings.h"
#include "translations.h"

#include <QApplication>
#include <QIcon>
#include <QLocale>
#include <QSettings>

#include <memory>

namespace framescope {

int runGui(const AppConfig &config)
{
    // Before any widget exists: tr() runs in constructors. --lang wins over the system
    // locale (LANG / LANGUAGE); the headless runner never gets here and stays English.
    const QLocale locale = config.language.isEmpty() ? QLocale::system() : QLocale(config.language);
    if (!config.language.isEmpty())
        QLocale::setDefault(locale);
    installTranslators(QCoreApplication::instance(), locale);

    QApplication::setWindowIcon(appIcon());
    QApplication::setDesktopFileName(QStringLiteral("io.github.framescope.Framescope"));

    // Saved settings first, then what the command line said explicitly.
    ServerOptions options = config.server;
    QSettings settings;
    loadServerOptions(settings, options, config.explicitOptions);

    MainWindow::MessageMode mode = MainWindow::MessageMode::Echo;
    if (config.mode == AppConfig::Mode::Silent)
        mode = MainWindow::MessageMode::Silent;
    else if (config.mode == AppConfig::Mode::Broadcast)
        mode = MainWindow::MessageMode::Broadcast;

    // bench/run.sh scenario (f): how late the GUI thread gets under load.
    std::unique_ptr<EventLoopProbe> probe;
    if (qEnvironmentVariableIsSet("FRAMESCOPE_EVENT_LOOP_PROBE"))
        probe =
            std::make_unique<EventLoopProbe>(qEnvironmentVariable("FRAMESCOPE_EVENT_LOOP_PROBE"));

    MainWindow window(config.hostText, config.port, options, mode);
    window.show();
    // Listening at once; a failure stays visible in the window with a way out.
    window.startServer();
    return QApplication::exec();
}

} // namespace framescope
