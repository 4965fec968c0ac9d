#include "portablepoller.h"

#include <QSocketNotifier>

namespace framescope::io {

namespace {

void setInterest(QSocketNotifier *read, QSocketNotifier *write, quint32 interest)
{
    const bool wantRead = interest & WantRead;
    const bool wantWrite = interest & WantWrite;
    if (read->isEnabled() != wantRead)
        read->setEnabled(wantRead);
    if (write->isEnabled() != wantWrite)
        write->setEnabled(wantWrite);
}

// The notifier may be in the middle of emitting activated(): off now, deleted later.
void retire(QSocketNotifier *notifier)
{
    notifier->setEnabled(false);
    notifier->disconnect();
    notifier->deleteLater();
}

} // namespace

PortablePoller::~PortablePoller()
{
    for (const Watch &w : std::as_const(m_watches)) {
        delete w.read;
        delete w.write;
    }
}

void PortablePoller::add(Socket s, quint32 interest, void *key)
{
    Watch w{key, new QSocketNotifier(s, QSocketNotifier::Read),
            new QSocketNotifier(s, QSocketNotifier::Write)};
    w.read->setEnabled(false);
    w.write->setEnabled(false);
    // The key is looked up again on activation: modify() may have changed it.
    QObject::connect(w.read, &QSocketNotifier::activated, w.read, [this, s] {
        const auto it = m_watches.constFind(s);
        if (it == m_watches.cend())
            return;
        const ReadyEvent ev{it->key, Readable};
        m_client->onReady(&ev, 1);
    });
    QObject::connect(w.write, &QSocketNotifier::activated, w.write, [this, s] {
        const auto it = m_watches.constFind(s);
        if (it == m_watches.cend())
            return;
        const ReadyEvent ev{it->key, Writable};
        m_client->onReady(&ev, 1);
    });
    setInterest(w.read, w.write, interest);
    m_watches.insert(s, w);
}

void PortablePoller::modify(Socket s, quint32 interest, void *key)
{
    const auto it = m_watches.find(s);
    if (it == m_watches.end())
        return;
    it->key = key;
    setInterest(it->read, it->write, interest);
}

void PortablePoller::remove(Socket s)
{
    const auto it = m_watches.find(s);
    if (it == m_watches.end())
        return;
    retire(it->read);
    retire(it->write);
    m_watches.erase(it);
}

} // namespace framescope::io
