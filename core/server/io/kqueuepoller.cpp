#include "kqueuepoller.h"

#include <QSocketNotifier>

#include <cerrno>
#include <sys/event.h>
#include <sys/time.h>
#include <sys/types.h>
#include <unistd.h>

namespace framescope::io {

KqueuePoller::~KqueuePoller()
{
    delete m_notifier;
    if (m_kqueue >= 0)
        ::close(m_kqueue);
}

bool KqueuePoller::start(QString *error)
{
    m_kqueue = ::kqueue();
    if (m_kqueue < 0) {
        *error = QStringLiteral("kqueue failed: %1").arg(qt_error_string(errno));
        return false;
    }
    m_notifier = new QSocketNotifier(m_kqueue, QSocketNotifier::Read);
    QObject::connect(m_notifier, &QSocketNotifier::activated, m_notifier, [this] { pollNow(); });
    return true;
}

// One filter per direction, enabled or disabled (level-triggered, as epoll here).
void KqueuePoller::add(Socket s, quint32 interest, void *key)
{
    struct kevent changes[2];
    EV_SET(&changes[0], uintptr_t(s), EVFILT_READ,
           EV_ADD | ((interest & WantRead) ? EV_ENABLE : EV_DISABLE), 0, 0, key);
    EV_SET(&changes[1], uintptr_t(s), EVFILT_WRITE,
           EV_ADD | ((interest & WantWrite) ? EV_ENABLE : EV_DISABLE), 0, 0, key);
    ::kevent(m_kqueue, changes, 2, nullptr, 0, nullptr);
}

void KqueuePoller::modify(Socket s, quint32 interest, void *key)
{
    add(s, interest, key); // EV_ADD on an existing filter updates its flags and udata
}

void KqueuePoller::remove(Socket s)
{
    struct kevent changes[2];
    EV_SET(&changes[0], uintptr_t(s), EVFILT_READ, EV_DELETE, 0, 0, nullptr);
    EV_SET(&changes[1], uintptr_t(s), EVFILT_WRITE, EV_DELETE, 0, 0, nullptr);
    ::kevent(m_kqueue, changes, 2, nullptr, 0, nullptr);
}

int KqueuePoller::pollNow()
{
    struct kevent events[256];
    const timespec zero{0, 0};
    const int n = ::kevent(m_kqueue, nullptr, 0, events, 256, &zero);
    if (n <= 0)
        return 0;
    ReadyEvent ready[256];
    for (int i = 0; i < n; ++i) {
        quint32 flags = 0;
        if (events[i].filter == EVFILT_READ)
            flags |= Readable;
        else if (events[i].filter == EVFILT_WRITE)
            flags |= Writable;
        if (events[i].flags & EV_EOF)
            flags |= events[i].filter == EVFILT_READ ? quint32(PeerClosed) : quint32(HungUp);
        if (events[i].flags & EV_ERROR)
            flags |= Failed;
        ready[i] = {events[i].udata, flags};
    }
    m_client->onReady(ready, n);
    return n;
}

} // namespace framescope::io
