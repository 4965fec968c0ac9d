#pragma once

// epoll backend (Linux). Attached: the thread runs an EpollDispatcher and the sockets go
// into its set, so a wake-up is one epoll_wait. Standalone (any other dispatcher, or no
// event loop: InlineServer): an epoll set of its own behind one QSocketNotifier.

#include "poller.h"

class QSocketNotifier;

namespace framescope::io {

class EpollDispatcher;

class EpollPoller final : public Poller
{
public:
    explicit EpollPoller(PollClient *client) : m_client(client) {}
    ~EpollPoller() override;

    Backend backend() const override { return Backend::Epoll; }
    bool start(QString *error) override;
    void add(Socket s, quint32 interest, void *key) override;
    void modify(Socket s, quint32 interest, void *key) override;
    void remove(Socket s) override;
    int pollNow() override;

    bool attached() const { return m_dispatcher != nullptr; }

private:
    void control(int op, Socket s, quint32 interest, void *key);

    PollClient *m_client;
    EpollDispatcher *m_dispatcher = nullptr;
    int m_epoll = -1; // the dispatcher's set, or our own
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace framescope::io
