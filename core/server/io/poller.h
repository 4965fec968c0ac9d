#pragma once

// The worker's readiness seam: which sockets can be read or written now. Backends: epoll
// (Linux; it also owns the worker thread's wait, see epolldispatcher.h), kqueue (macOS, the
// BSDs) and a portable one on QSocketNotifier (Windows, and anywhere as a fallback).
//
// Contract: level-triggered. add() registers a socket with an interest (WantRead,
// WantWrite or both) and a key, the caller's pointer (even-aligned: the epoll dispatcher
// tags its own records with the low bit); modify() changes the interest, remove() forgets
// the socket and is called before the socket is closed. Ready sockets are handed to the
// PollClient in batches, on the thread that called start(), from that thread's event loop.
// A key removed during a batch may still appear later in that same batch: the client
// marks it dead and skips it (the worker deletes connections after the batch).

#include "socketio.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>

class QAbstractEventDispatcher;

namespace framescope::io {

enum Interest : quint32 {
    WantRead = 1,  // data, the peer's FIN and errors
    WantWrite = 2, // room in the send buffer
};

enum ReadyFlag : quint32 {
    Readable = 1,
    Writable = 2,
    PeerClosed = 4, // the peer shut down its write side (reported with Readable)
    HungUp = 8,     // both directions are gone: reported whatever the interest
    Failed = 16,    // an error is pending on the socket
};

struct ReadyEvent
{
    void *key;
    quint32 flags;
};

class PollClient
{
public:
    virtual void onReady(const ReadyEvent *events, int count) = 0;

protected:
    ~PollClient() = default;
};

enum class Backend { Epoll, Kqueue, Portable };

class Poller
{
public:
    virtual ~Poller() = default;
    virtual Backend backend() const = 0;
    // In the thread that runs the poller, once its event dispatcher exists.
    virtual bool start(QString *error) = 0;
    virtual void add(Socket s, quint32 interest, void *key) = 0;
    virtual void modify(Socket s, quint32 interest, void *key) = 0;
    virtual void remove(Socket s) = 0;
    // Hands what is ready now to the client without blocking and returns how many events;
    // -1 where the backend cannot (it is driven by the event loop only). For code that
    // drives a worker without an event loop (InlineServer, the fuzzer).
    virtual int pollNow() = 0;
};

const char *backendName(Backend backend);
std::optional<Backend> backendFromName(QByteArrayView name);
// Built into this binary, the platform's native backend first.
QList<Backend> availableBackends();
// The platform's native backend, or the one FRAMESCOPE_IO names. An unknown or unavailable
// name is an error naming the value and what is available.
std::optional<Backend> selectedBackend(QString *error);
// The event dispatcher a worker thread of `backend` runs (set before the thread starts), or
// nullptr for Qt's default.
QAbstractEventDispatcher *createEventDispatcher(Backend backend);
std::unique_ptr<Poller> createPoller(Backend backend, PollClient *client);

} // namespace framescope::io
