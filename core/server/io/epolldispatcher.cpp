#include "epolldispatcher.h"

#include <QCoreApplication>
#include <QMetaMethod>
#include <QSocketNotifier>
#include <QThread>
#include <QTimerEvent>

#include <cerrno>
#include <cmath>
#include <ctime>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace framescope::io {

// Records of the dispatcher itself carry the low bit in epoll's data word; the worker's keys
// (Connection pointers) never do.
struct EpollDispatcher::NotifierSet
{
    qintptr fd;
    QSocketNotifier *read = nullptr;
    QSocketNotifier *write = nullptr;
    QSocketNotifier *exception = nullptr;
    quint32 events = 0;
};

namespace {

constexpr uintptr_t Tag = 1;
constexpr uintptr_t WakeTag = Tag | 2; // the eventfd: no record behind it
constexpr int MaxEvents = 256;

qint64 monotonicNs()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

} // namespace

quint32 readyFlagsFromEpoll(quint32 e)
{
    quint32 flags = 0;
    if (e & EPOLLIN)
        flags |= Readable;
    if (e & EPOLLOUT)
        flags |= Writable;
    if (e & EPOLLRDHUP)
        flags |= PeerClosed | Readable;
    if (e & EPOLLHUP)
        flags |= HungUp;
    if (e & EPOLLERR)
        flags |= Failed;
    return flags;
}

EpollDispatcher::EpollDispatcher()
{
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_eventFd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (m_epoll < 0 || m_eventFd < 0)
        qFatal("EpollDispatcher: epoll_create1/eventfd failed: %s", qPrintable(qt_error_string()));
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = WakeTag;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_eventFd, &ev);
}

EpollDispatcher::~EpollDispatcher()
{
    qDeleteAll(m_notifiers);
    ::close(m_eventFd);
    ::close(m_epoll);
}

EpollDispatcher *EpollDispatcher::current()
{
    return dynamic_cast<EpollDispatcher *>(QAbstractEventDispatcher::instance());
}

bool EpollDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.store(false, std::memory_order_relaxed);
    if (m_signalsChanged.load(std::memory_order_relaxed) &&
        m_signalsChanged.exchange(false, std::memory_order_acquire))
        refreshSignals();
    if (m_awakeConnected.load(std::memory_order_relaxed))
        emit awake();
    QCoreApplication::sendPostedEvents();

    const bool wait = flags.testFlag(QEventLoop::WaitForMoreEvents) &&
                      !m_interrupted.load(std::memory_order_relaxed);
    const int timeout = wait ? waitTimeoutMs() : 0;
    if (wait && m_aboutToBlockConnected.load(std::memory_order_relaxed))
        emit aboutToBlock();
    epoll_event events[MaxEvents];
    int n = epoll_wait(m_epoll, events, MaxEvents, timeout);
    if (n < 0)
        n = 0; // EINTR: the timers below still run
    ReadyEvent ready[MaxEvents];
    int readyCount = 0;
    const bool notifiersOn = !flags.testFlag(QEventLoop::ExcludeSocketNotifiers);
    m_pendingNotifiers.clear();
    for (int i = 0; i < n; ++i) {
        const uintptr_t data = uintptr_t(events[i].data.u64);
        const quint32 e = events[i].events;
        if (!(data & Tag)) {
            ready[readyCount++] = {reinterpret_cast<void *>(data), readyFlagsFromEpoll(e)};
        } else if (data == WakeTag) {
            quint64 count;
            [[maybe_unused]] const ssize_t r = ::read(m_eventFd, &count, sizeof count);
            m_wakePending.store(false, std::memory_order_release);
        } else if (notifiersOn) {
            auto *set = reinterpret_cast<NotifierSet *>(data & ~Tag);
            if (set->read && (e & (EPOLLIN | EPOLLHUP | EPOLLERR)))
                m_pendingNotifiers.push_back(set->read);
            if (set->write && (e & (EPOLLOUT | EPOLLHUP | EPOLLERR)))
                m_pendingNotifiers.push_back(set->write);
            if (set->exception && (e & EPOLLPRI))
                m_pendingNotifiers.push_back(set->exception);
        }
    }
    if (readyCount > 0 && m_client)
        m_client->onReady(ready, readyCount);
    const bool notified = !m_pendingNotifiers.empty();
    if (notified)
        activateNotifiers(m_pendingNotifiers);
    const bool timed = flags.testFlag(QEventLoop::X11ExcludeTimers) ? false : activateTimers();
    return readyCount > 0 || notified || timed;
}

// Called when a connection to any of this object's signals is made or removed, from any
// thread, and with Qt's connection lock held on some paths (isSignalConnected() here would
// deadlock): a new receiver of awake() or aboutToBlock() (or of a signal not named) turns
// the emission on at once, and the worker's next wake-up asks Qt again (refreshSignals()).
void EpollDispatcher::connectNotify(const QMetaMethod &signal)
{
    if (!signal.isValid() || signal == QMetaMethod::fromSignal(&QAbstractEventDispatcher::awake))
        m_awakeConnected.store(true, std::memory_order_relaxed);
    if (!signal.isValid() ||
        signal == QMetaMethod::fromSignal(&QAbstractEventDispatcher::aboutToBlock))
        m_aboutToBlockConnected.store(true, std::memory_order_relaxed);
    m_signalsChanged.store(true, std::memory_order_release);
}

void EpollDispatcher::disconnectNotify(const QMetaMethod &)
{
    m_signalsChanged.store(true, std::memory_order_release);
}

void EpollDispatcher::refreshSignals()
{
    m_awakeConnected.store(
        isSignalConnected(QMetaMethod::fromSignal(&QAbstractEventDispatcher::awake)),
        std::memory_order_relaxed);
    m_aboutToBlockConnected.store(
        isSignalConnected(QMetaMethod::fromSignal(&QAbstractEventDispatcher::aboutToBlock)),
        std::memory_order_relaxed);
}

void EpollDispatcher::activateNotifiers(const std::vector<QSocketNotifier *> &pending)
{
    // A notifier's slot may delete or disable another one of this batch: check each is still
    // registered before it gets its event.
    const std::vector<QSocketNotifier *> batch = pending;
    for (QSocketNotifier *notifier : batch) {
        NotifierSet *set = m_notifiers.value(notifier->socket(), nullptr);
        if (!set || (set->read != notifier && set->write != notifier && set->exception != notifier))
            continue;
        QEvent event(QEvent::SockAct);
        QCoreApplication::sendEvent(notifier, &event);
    }
}

void EpollDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const qintptr fd = notifier->socket();
    NotifierSet *&set = m_notifiers[fd];
    if (!set)
        set = new NotifierSet{fd};
    switch (notifier->type()) {
    case QSocketNotifier::Read:
        set->read = notifier;
        break;
    case QSocketNotifier::Write:
        set->write = notifier;
        break;
    case QSocketNotifier::Exception:
        set->exception = notifier;
        break;
    }
    updateNotifiers(fd, set);
}

void EpollDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const qintptr fd = notifier->socket();
    NotifierSet *set = m_notifiers.value(fd, nullptr);
    if (!set)
        return;
    if (set->read == notifier)
        set->read = nullptr;
    if (set->write == notifier)
        set->write = nullptr;
    if (set->exception == notifier)
        set->exception = nullptr;
    updateNotifiers(fd, set);
}

void EpollDispatcher::updateNotifiers(qintptr fd, NotifierSet *set)
{
    const quint32 events = (set->read ? quint32(EPOLLIN) : 0u) |
                           (set->write ? quint32(EPOLLOUT) : 0u) |
                           (set->exception ? quint32(EPOLLPRI) : 0u);
    if (events == 0) {
        if (set->events != 0)
            epoll_ctl(m_epoll, EPOLL_CTL_DEL, int(fd), nullptr);
        m_notifiers.remove(fd);
        delete set;
        return;
    }
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = uintptr_t(set) | Tag;
    if (epoll_ctl(m_epoll, set->events ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, int(fd), &ev) != 0 &&
        errno == ENOENT)
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, int(fd), &ev); // closed and reopened under us
    set->events = events;
}

void EpollDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                                    QObject *object)
{
    const qint64 due = monotonicNs() + interval * 1000000;
    m_timers.push_back({timerId, interval, timerType, object, due});
    m_nextDueNs = qMin(m_nextDueNs, due);
}

bool EpollDispatcher::unregisterTimer(int timerId)
{
    for (auto it = m_timers.begin(); it != m_timers.end(); ++it) {
        if (it->id == timerId) {
            m_timers.erase(it);
            return true;
        }
    }
    return false;
}

bool EpollDispatcher::unregisterTimers(QObject *object)
{
    const auto before = m_timers.size();
    m_timers.erase(std::remove_if(m_timers.begin(), m_timers.end(),
                                  [object](const Timer &t) { return t.object == object; }),
                   m_timers.end());
    return m_timers.size() != before;
}

QList<QAbstractEventDispatcher::TimerInfo> EpollDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> list;
    for (const Timer &t : m_timers)
        if (t.object == object)
            list.append(TimerInfo(t.id, int(t.intervalMs), t.type));
    return list;
}

int EpollDispatcher::remainingTime(int timerId)
{
    const qint64 now = monotonicNs();
    for (const Timer &t : m_timers)
        if (t.id == timerId)
            return int(qMax<qint64>(0, (t.dueNs - now + 999999) / 1000000));
    return -1;
}

int EpollDispatcher::waitTimeoutMs() const
{
    if (m_timers.empty())
        return -1;
    const qint64 left = m_nextDueNs - monotonicNs();
    // Rounded up: a timer never fires early.
    return left <= 0 ? 0 : int(qMin<qint64>((left + 999999) / 1000000, 1 << 30));
}

bool EpollDispatcher::activateTimers()
{
    if (m_timers.empty())
        return false;
    const qint64 now = monotonicNs();
    if (now < m_nextDueNs)
        return false; // the common wake-up: a socket, not a timer
    // Each due timer fires once per pass; a slot may start, stop or restart any timer, so the
    // ids are collected first and each is looked up again before it fires.
    std::vector<int> due;
    for (const Timer &t : m_timers)
        if (t.dueNs <= now)
            due.push_back(t.id);
    for (int id : due) {
        auto it = std::find_if(m_timers.begin(), m_timers.end(),
                               [id](const Timer &t) { return t.id == id; });
        if (it == m_timers.end() || it->dueNs > now)
            continue;
        const qint64 intervalNs = it->intervalMs * 1000000;
        it->dueNs += intervalNs;
        if (it->dueNs <= now)
            it->dueNs = now + intervalNs; // missed periods are skipped, not replayed
        QObject *object = it->object;
        QTimerEvent event(id);
        QCoreApplication::sendEvent(object, &event);
    }
    // Exact again (a removed timer may have left it early; the slots may have changed any).
    m_nextDueNs = NoTimerNs;
    for (const Timer &t : m_timers)
        m_nextDueNs = qMin(m_nextDueNs, t.dueNs);
    return !due.empty();
}

void EpollDispatcher::wakeUp()
{
    if (m_wakePending.exchange(true, std::memory_order_acq_rel))
        return;
    const quint64 one = 1;
    [[maybe_unused]] const ssize_t w = ::write(m_eventFd, &one, sizeof one);
}

void EpollDispatcher::interrupt()
{
    m_interrupted.store(true, std::memory_order_relaxed);
    wakeUp();
}

} // namespace framescope::io
