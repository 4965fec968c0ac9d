#include "appconfig.h"
#include "guirunner.h"
#include "headlessrunner.h"

#include <QApplication>
#include <QCoreApplication>
#include <QTextStream>

#include <cstring>
#include <memory>

using namespace framescope;

namespace {

bool wantsHeadless(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--no-gui") == 0)
            return true;
    }
    return false;
}

bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY") ||
           !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
           !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

} // namespace

int main(int argc, char **argv)
{
    // The glib dispatcher's notifier bookkeeping is a measured hot spot with many
    // connections (PERF-NOTES.md); the UNIX dispatcher serves the GUI just as well.
    if (qEnvironmentVariableIsEmpty("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");

    // Decide before any QCoreApplication exists (QApplication docs, createApplication).
    bool headless = wantsHeadless(argc, argv);
    bool fellBack = false;
    if (!headless && !hasDisplay()) {
        headless = true;
        fellBack = true;
    }
    std::unique_ptr<QCoreApplication> app(headless ? new QCoreApplication(argc, argv)
                                                   : new QApplication(argc, argv));
    QCoreApplication::setApplicationName(QStringLiteral("framescope"));
    QCoreApplication::setOrganizationName(QStringLiteral("Framescope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FRAMESCOPE_VERSION));

    AppConfig config;
    const int parsed = parseCommandLine(QCoreApplication::arguments(), config);
    if (parsed >= 0)
        return parsed;
    if (fellBack) {
        QTextStream(stderr) << "framescope: no display available (DISPLAY is not set); "
                               "starting headless. Use --no-gui to say so explicitly.\n";
        config.noGui = true;
    }
    return config.noGui ? runHeadless(config) : runGui(config);
}
