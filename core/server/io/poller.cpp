#include "poller.h"

#include "portablepoller.h"
#if defined(Q_OS_LINUX)
#include "epolldispatcher.h"
#include "epollpoller.h"
#define FRAMESCOPE_IO_EPOLL 1
#ifdef FRAMESCOPE_KQUEUE_EMULATION // tests: kqueue on epoll (tests/portability/kqueue-on-epoll)
#include "kqueuepoller.h"
#define FRAMESCOPE_IO_KQUEUE 1
#endif
#elif defined(Q_OS_DARWIN) || defined(Q_OS_FREEBSD) || defined(Q_OS_NETBSD) || defined(Q_OS_OPENBSD)
#include "kqueuepoller.h"
#define FRAMESCOPE_IO_KQUEUE 1
#endif

#include <QStringList>

namespace framescope::io {

const char *backendName(Backend backend)
{
    switch (backend) {
    case Backend::Epoll:
        return "epoll";
    case Backend::Kqueue:
        return "kqueue";
    case Backend::Portable:
        return "portable";
    }
    return "?";
}

std::optional<Backend> backendFromName(QByteArrayView name)
{
    for (Backend b : {Backend::Epoll, Backend::Kqueue, Backend::Portable})
        if (name == backendName(b))
            return b;
    return std::nullopt;
}

QList<Backend> availableBackends()
{
    QList<Backend> list;
#ifdef FRAMESCOPE_IO_EPOLL
    list.append(Backend::Epoll);
#endif
#ifdef FRAMESCOPE_IO_KQUEUE
    list.append(Backend::Kqueue);
#endif
    list.append(Backend::Portable);
    return list;
}

std::optional<Backend> selectedBackend(QString *error)
{
    const QList<Backend> available = availableBackends();
    const QByteArray name = qgetenv("FRAMESCOPE_IO").trimmed();
    if (name.isEmpty())
        return available.front();
    const std::optional<Backend> backend = backendFromName(name);
    if (backend && available.contains(*backend))
        return backend;
    QStringList names;
    for (Backend b : available)
        names.append(QLatin1String(backendName(b)));
    *error = QStringLiteral("FRAMESCOPE_IO=%1: %2 (available here: %3)")
                 .arg(QString::fromLocal8Bit(name),
                      backend ? QStringLiteral("not built for this platform")
                              : QStringLiteral("unknown I/O backend"),
                      names.join(QLatin1String(", ")));
    return std::nullopt;
}

QAbstractEventDispatcher *createEventDispatcher(Backend backend)
{
#ifdef FRAMESCOPE_IO_EPOLL
    if (backend == Backend::Epoll)
        return new EpollDispatcher;
#endif
    Q_UNUSED(backend);
    return nullptr;
}

std::unique_ptr<Poller> createPoller(Backend backend, PollClient *client)
{
    switch (backend) {
    case Backend::Epoll:
#ifdef FRAMESCOPE_IO_EPOLL
        return std::make_unique<EpollPoller>(client);
#else
        break;
#endif
    case Backend::Kqueue:
#ifdef FRAMESCOPE_IO_KQUEUE
        return std::make_unique<KqueuePoller>(client);
#else
        break;
#endif
    case Backend::Portable:
        return std::make_unique<PortablePoller>(client);
    }
    return nullptr;
}

} // namespace framescope::io
