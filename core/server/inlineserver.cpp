#include "inlineserver.h"

#include "worker.h"

#include <QCoreApplication>
#include <QEvent>

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace framescope {

namespace {} // namespace

InlineServer::InlineServer(WebSocketServer &server) : m_server(server) {}

InlineServer::~InlineServer()
{
    stop();
}

bool InlineServer::start(QString *error)
{
    ServerCore *d = m_server.d.get();
    QString why;
    if (m_worker || d->running.load())
        why = QStringLiteral("the server is already running");
    else if (!d->onMessage)
        why = QStringLiteral("no message handler set: onMessage is required");
    else
        why = d->options.validate();
    if (why.isEmpty()) {
        d->errorString.clear();
        d->nextFd.store(1);
        d->openConnections.store(0);
        d->liveSockets.store(0);
        // The platform's own poller (epoll, kqueue), standalone: pump() asks it directly.
        d->ioBackend = io::availableBackends().front();
        auto *worker = new Worker(d, 0);
        if (worker->init(&why)) {
            d->workers.push_back(worker);
            d->running.store(true);
            m_worker = worker;
            return true;
        }
        delete worker;
    }
    d->errorString = why;
    if (error)
        *error = why;
    return false;
}

void InlineServer::stop()
{
    if (!m_worker)
        return;
    ServerCore *d = m_server.d.get();
    if (d->running.exchange(false)) {
        // What ServerCore::beginStop() posts to every worker, then the closing handshakes
        // as far as the clients answer them.
        {
            Dispatch dispatch(m_worker);
            m_worker->beginStop();
        }
        pump();
    }
    m_worker->shutdown(); // drops what is still open, flushes the records
    delete m_worker;
    m_worker = nullptr;
    d->workers.clear();
    {
        QWriteLocker locker(&d->registryLock);
        d->registry.clear();
    }
    drain();
    for (Client &c : m_clients) {
        if (c.sock >= 0)
            ::close(c.sock);
        c.sock = -1;
    }
}

int InlineServer::connect()
{
    if (!m_worker)
        return -1;
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        return -1;
    ::fcntl(sv[0], F_SETFL, ::fcntl(sv[0], F_GETFL) | O_NONBLOCK);
    if (socketBufferBytes > 0) {
        for (int sock : sv) {
            ::setsockopt(sock, SOL_SOCKET, SO_SNDBUF, &socketBufferBytes, sizeof socketBufferBytes);
            ::setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &socketBufferBytes, sizeof socketBufferBytes);
        }
    }
    Client client;
    client.sock = sv[0];
    m_clients.push_back(client);
    // The listener's path: ServerCore hands the socket to the worker (adopt() makes it
    // non-blocking, registers it with the poller and starts the handshake deadline).
    m_server.d->dispatchAccepted(sv[1]);
    return int(m_clients.size()) - 1;
}

bool InlineServer::write(int client, QByteArrayView bytes)
{
    Client &c = m_clients[size_t(client)];
    while (!bytes.isEmpty()) {
        if (c.sock < 0)
            return false;
        const ssize_t n = ::send(c.sock, bytes.data(), size_t(bytes.size()), MSG_NOSIGNAL);
        if (n > 0) {
            bytes = bytes.sliced(n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            // The socket is full: let the worker read, then try again unless it did not
            // (it paused reading from a client that does not read its answers).
            if (!m_worker || !pump())
                return false;
            pollfd p{c.sock, POLLOUT, 0};
            if (::poll(&p, 1, 0) <= 0)
                return false;
            continue;
        }
        return false; // EPIPE, ECONNRESET: the server closed its end
    }
    return true;
}

void InlineServer::shutdownWrite(int client)
{
    Client &c = m_clients[size_t(client)];
    if (c.sock >= 0)
        ::shutdown(c.sock, SHUT_WR);
}

void InlineServer::close(int client)
{
    Client &c = m_clients[size_t(client)];
    if (c.sock >= 0)
        ::close(c.sock);
    c.sock = -1;
}

void InlineServer::setReading(int client, bool on)
{
    m_clients[size_t(client)].reading = on;
}

qint64 InlineServer::drain()
{
    qint64 moved = 0;
    char buffer[64 * 1024];
    for (Client &c : m_clients) {
        while (c.sock >= 0 && c.reading && !c.eof) {
            const ssize_t n = ::read(c.sock, buffer, sizeof buffer);
            if (n > 0) {
                moved += n;
                c.total += n;
                const qsizetype keep = qMin<qsizetype>(n, keepBytes - c.in.size());
                if (keep > 0)
                    c.in.append(buffer, keep);
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                break;
            c.eof = true; // EOF, or a reset after the server closed with unread input
        }
    }
    return moved;
}

bool InlineServer::pump(int maxRounds)
{
    if (!m_worker)
        return true;
    int still = 0; // wakeups since a byte last reached a client
    for (;;) {
        // Calls posted to the worker (WebSocketServer::defer, calls for other workers'
        // connections) run as its event loop would run them.
        QCoreApplication::sendPostedEvents(m_worker, QEvent::MetaCall);
        if (drain() > 0)
            still = 0;
        // The ready sockets go to the worker as its event loop would hand them over.
        if (m_worker->m_poller->pollNow() <= 0)
            break;
        if (++still > maxRounds)
            return false;
    }
    m_worker->flushRecords();
    return true;
}

int InlineServer::liveSockets() const
{
    return m_server.d->liveSockets.load();
}

int InlineServer::openConnections() const
{
    return m_server.d->openConnections.load();
}

} // namespace framescope
