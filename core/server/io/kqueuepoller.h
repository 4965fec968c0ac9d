#pragma once

// kqueue backend (macOS, the BSDs): the sockets in a kqueue of their own, which one
// QSocketNotifier watches (a kqueue descriptor is readable while events are pending).
// Built on those platforms, and in Linux test builds over an emulation of kqueue on epoll
// (tests/portability/kqueue-on-epoll, FRAMESCOPE_KQUEUE_EMULATION): the server suite runs
// through this code there, though never on a real kqueue.

#include "poller.h"

class QSocketNotifier;

namespace framescope::io {

class KqueuePoller final : public Poller
{
public:
    explicit KqueuePoller(PollClient *client) : m_client(client) {}
    ~KqueuePoller() override;

    Backend backend() const override { return Backend::Kqueue; }
    bool start(QString *error) override;
    void add(Socket s, quint32 interest, void *key) override;
    void modify(Socket s, quint32 interest, void *key) override;
    void remove(Socket s) override;
    int pollNow() override;

private:
    PollClient *m_client;
    int m_kqueue = -1;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace framescope::io
