#pragma once

// A Qt event dispatcher on one epoll set, for worker threads (Linux). Qt's default
// dispatcher (glib, or poll()) rebuilds its descriptor list and walks its notifiers on every
// wake-up; the worker then read its own epoll set behind a QSocketNotifier: two waits and
// two dispatch layers per message. Here the epoll set is the thread's only wait: the
// worker's sockets are registered in it directly (EpollPoller, attached), and so are
// QSocketNotifiers (the listening socket), an eventfd for cross-thread posts and wake-ups,
// and QTimers (their next deadline is epoll_wait's timeout). One epoll_wait per wake-up.

#include "poller.h"

#include <QAbstractEventDispatcher>
#include <QHash>

#include <atomic>
#include <limits>
#include <vector>

namespace framescope::io {

// epoll's event bits as the poller's ReadyFlags.
quint32 readyFlagsFromEpoll(quint32 events);

class EpollDispatcher final : public QAbstractEventDispatcher
{
public:
    EpollDispatcher();
    ~EpollDispatcher() override;

    // The dispatcher of the calling thread, if it is one of these.
    static EpollDispatcher *current();
    int epollFd() const { return m_epoll; }
    // Sockets registered with an untagged key are handed to this client (one per thread).
    void setClient(PollClient *client) { m_client = client; }

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;
    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;
    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                       QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;
    void wakeUp() override;
    void interrupt() override;

    struct NotifierSet; // the notifiers of one descriptor

protected:
    void connectNotify(const QMetaMethod &signal) override;
    void disconnectNotify(const QMetaMethod &signal) override;

private:
    struct Timer
    {
        int id;
        qint64 intervalMs;
        Qt::TimerType type;
        QObject *object;
        qint64 dueNs; // CLOCK_MONOTONIC
    };

    void updateNotifiers(qintptr fd, NotifierSet *set);
    int waitTimeoutMs() const;
    bool activateTimers();
    void activateNotifiers(const std::vector<QSocketNotifier *> &pending);
    void refreshSignals();

    int m_epoll = -1;
    int m_eventFd = -1;
    PollClient *m_client = nullptr;
    std::atomic<bool> m_wakePending{false};
    std::atomic<bool> m_interrupted{false};
    // Whether awake() and aboutToBlock() have receivers (usually not): emitting a signal
    // no one listens to still costs QMetaObject::activate, twice per wake-up.
    std::atomic<bool> m_awakeConnected{false};
    std::atomic<bool> m_aboutToBlockConnected{false};
    std::atomic<bool> m_signalsChanged{false}; // a connection came or went: ask Qt again
    QHash<qintptr, NotifierSet *> m_notifiers;
    std::vector<Timer> m_timers;
    // At most the earliest timer's due time (a removal leaves it early: the next pass of
    // activateTimers() makes it exact), so a wake-up with no timer due skips the list.
    static constexpr qint64 NoTimerNs = std::numeric_limits<qint64>::max();
    qint64 m_nextDueNs = NoTimerNs;
    std::vector<QSocketNotifier *> m_pendingNotifiers;
};

} // namespace framescope::io
