#include "epollpoller.h"

#include "epolldispatcher.h"

#include <QSocketNotifier>

#include <cerrno>
#include <sys/epoll.h>
#include <unistd.h>

namespace framescope::io {

EpollPoller::~EpollPoller()
{
    delete m_notifier;
    if (m_dispatcher)
        m_dispatcher->setClient(nullptr);
    else if (m_epoll >= 0)
        ::close(m_epoll);
}

bool EpollPoller::start(QString *error)
{
    if (EpollDispatcher *dispatcher = EpollDispatcher::current()) {
        m_dispatcher = dispatcher;
        m_epoll = dispatcher->epollFd();
        dispatcher->setClient(m_client);
        return true;
    }
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll < 0) {
        *error = QStringLiteral("epoll_create1 failed: %1").arg(qt_error_string(errno));
        return false;
    }
    m_notifier = new QSocketNotifier(m_epoll, QSocketNotifier::Read);
    QObject::connect(m_notifier, &QSocketNotifier::activated, m_notifier, [this] { pollNow(); });
    return true;
}

void EpollPoller::control(int op, Socket s, quint32 interest, void *key)
{
    Q_ASSERT(!(reinterpret_cast<uintptr_t>(key) & 1));
    epoll_event ev{};
    // EPOLLRDHUP only with reading: it is level-triggered, and a peer that shut down its
    // write side while we do not read (back-pressure) would wake the thread in a loop.
    ev.events = ((interest & WantRead) ? quint32(EPOLLIN | EPOLLRDHUP) : 0u) |
                ((interest & WantWrite) ? quint32(EPOLLOUT) : 0u);
    ev.data.ptr = key;
    epoll_ctl(m_epoll, op, int(s), &ev);
}

void EpollPoller::add(Socket s, quint32 interest, void *key)
{
    control(EPOLL_CTL_ADD, s, interest, key);
}

void EpollPoller::modify(Socket s, quint32 interest, void *key)
{
    control(EPOLL_CTL_MOD, s, interest, key);
}

void EpollPoller::remove(Socket s)
{
    epoll_ctl(m_epoll, EPOLL_CTL_DEL, int(s), nullptr);
}

int EpollPoller::pollNow()
{
    if (m_dispatcher)
        return -1; // the dispatcher's own wait hands these out
    epoll_event events[256];
    const int n = epoll_wait(m_epoll, events, 256, 0);
    if (n <= 0)
        return 0;
    ReadyEvent ready[256];
    for (int i = 0; i < n; ++i) {
        ready[i] = {events[i].data.ptr, readyFlagsFromEpoll(events[i].events)};
    }
    m_client->onReady(ready, n);
    return n;
}

} // namespace framescope::io
