#pragma once

// Portable backend: a read and a write QSocketNotifier per socket, on whatever event
// dispatcher the thread runs (Windows: Qt's WSAAsyncSelect-based one). Slower than epoll at
// many connections (one notifier per socket, registered again on every interest change),
// but it needs nothing from the platform beyond Qt. FRAMESCOPE_IO=portable selects it.

#include "poller.h"

#include <QHash>

class QSocketNotifier;

namespace framescope::io {

class PortablePoller final : public Poller
{
public:
    explicit PortablePoller(PollClient *client) : m_client(client) {}
    ~PortablePoller() override;

    Backend backend() const override { return Backend::Portable; }
    bool start(QString *) override { return true; }
    void add(Socket s, quint32 interest, void *key) override;
    void modify(Socket s, quint32 interest, void *key) override;
    void remove(Socket s) override;
    int pollNow() override { return -1; }

private:
    struct Watch
    {
        void *key;
        QSocketNotifier *read;
        QSocketNotifier *write;
    };

    PollClient *m_client;
    QHash<Socket, Watch> m_watches;
};

} // namespace framescope::io
