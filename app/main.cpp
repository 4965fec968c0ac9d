#include "appconfig.h"
#include "guirunner.h"
#include "headlessrunner.h"
#include "tlssetup.h"

#include <QApplication>
#include <QCoreApplication>
#include <QTextStream>

#include <cstring>
#include <memory>

#ifdef __GLIBC__
#include <malloc.h>
#endif

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
#ifdef __GLIBC__
    // Payloads of 64 KiB freed in a worker thread made glibc trim its arena (madvise) and
    // fault the pages in again for the next message: half the server's time at bench (c),
    // in one run of two. Keep up to 64 MiB of free memory per arena. Setting it ends glibc's
    // dynamic mmap threshold, so raise that to its maximum (32 MiB) at the same time: with
    // a lower one the observers' event batches (megabytes) were mapped and faulted in
    // every 10 ms, halving the GUI's and the JSON log's rate.
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif
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
    const TlsSetup tls = prepareTls(config);
    QTextStream(stderr) << tls.out;
    if (tls.exitCode >= 0)
        return tls.exitCode;
    return config.noGui ? runHeadless(config) : runGui(config);
}
