#pragma once

// kqueue backend (macOS, the BSDs): the sockets in a kqueue of their own, which one
// QSocketNotifier watches (a kqueue descriptor is readable while events are pending).
// Built on those platforms only: not compiled or tested on this project's Linux machines.

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
