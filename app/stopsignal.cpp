#include "stopsignal.h"

#include <QSocketNotifier>

#ifdef Q_OS_WIN
#include <windows.h>
#else
#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace framescope {
namespace {

StopSignal *g_instance = nullptr;

#ifdef Q_OS_WIN
// Runs in a thread of its own that Windows starts for the event: post, do not call.
BOOL WINAPI onConsoleEvent(DWORD)
{
    if (g_instance)
        QMetaObject::invokeMethod(g_instance, &StopSignal::requested, Qt::QueuedConnection);
    return TRUE;
}
#else
int g_pipe[2] = {-1, -1};

extern "C" void onTerminationSignal(int)
{
    const int savedErrno = errno;
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(g_pipe[0], &byte, 1);
    errno = savedErrno;
}
#endif

} // namespace

StopSignal::StopSignal()
{
    g_instance = this;
}

StopSignal::~StopSignal()
{
    g_instance = nullptr;
}

bool StopSignal::install(QString *error)
{
#ifdef Q_OS_WIN
    if (!SetConsoleCtrlHandler(onConsoleEvent, TRUE)) {
        *error = qt_error_string(int(GetLastError()));
        return false;
    }
#else
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_pipe) != 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    struct sigaction action = {};
    action.sa_handler = onTerminationSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
    // Writing to a socket whose peer is gone must not kill the process (PERF-NOTES.md).
    std::signal(SIGPIPE, SIG_IGN);
    m_notifier = new QSocketNotifier(g_pipe[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        char byte = 0;
        [[maybe_unused]] const ssize_t n = ::read(g_pipe[1], &byte, 1);
        m_notifier->setEnabled(false); // once: the stop is under way
        Q_EMIT requested();
    });
#endif
    return true;
}

} // namespace framescope
