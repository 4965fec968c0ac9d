// Worker: its lifecycle and the reactor (the poller's batches of ready sockets, reads,
// dispatch to the HTTP or WebSocket input path).

#include "worker.h"

#include "workerconfig.h"

#include "../protocol/closecode.h"

namespace framescope {

// ---------------------------------------------------------------------------------------
// Worker: lifecycle

Worker::Worker(ServerCore *core, int index) : m_core(core), m_index(index) {}

Worker::~Worker() = default;

bool Worker::init(QString *error)
{
    s_current = this;
    m_poller = io::createPoller(m_core->ioBackend, this);
    if (!m_poller) {
        *error = QStringLiteral("I/O backend %1 is not built for this platform")
                     .arg(QLatin1String(io::backendName(m_core->ioBackend)));
        return false;
    }
    if (!m_poller->start(error))
        return false;
    m_readBuffer.reset(new char[ReadBufferSize]);
    if (m_core->tls)
        m_plainBuffer.resize(PlainBufferSize);
    m_deadlineTimer = new QTimer(this);
    m_deadlineTimer->setSingleShot(true);
    connect(m_deadlineTimer, &QTimer::timeout, this, [this] {
        Dispatch dispatch(this);
        onDeadlines();
    });
    m_observerTimer = new QTimer(this);
    m_observerTimer->setSingleShot(true);
    m_observerTimer->setInterval(ObserverIntervalMs);
    connect(m_observerTimer, &QTimer::timeout, this, [this] { flushRecords(); });
    const ServerOptions &o = m_core->options;
    if (o.heartbeat_check_interval > 0) {
        m_heartbeatTimer = new QTimer(this);
        m_heartbeatTimer->setInterval(o.heartbeat_check_interval * 1000);
        connect(m_heartbeatTimer, &QTimer::timeout, this, [this] {
            Dispatch dispatch(this);
            onHeartbeat();
        });
        m_heartbeatTimer->start();
    }
    return true;
}

void Worker::shutdown()
{
    forceCloseAll();
    settle();
    flushRecords();
    delete listener;
    listener = nullptr;
    m_poller.reset(); // every socket is closed by now
    delete m_deadlineTimer;
    m_deadlineTimer = nullptr;
    delete m_heartbeatTimer;
    m_heartbeatTimer = nullptr;
    delete m_observerTimer;
    m_observerTimer = nullptr;
    s_current = nullptr;
    if (m_core->tls)
        releaseTlsThreadState();
}

void Worker::post(std::function<void()> fn)
{
    QMetaObject::invokeMethod(
        this,
        [this, fn = std::move(fn)] {
            Dispatch dispatch(this);
            fn();
        },
        Qt::QueuedConnection);
}

void Worker::adopt(int fd, qintptr sockDescriptor)
{
    const io::Socket sock = sockDescriptor;
    io::prepareAccepted(sock, m_core->options.tcp_nodelay);

    auto *c = new Connection;
    c->fd = fd;
    c->sock = sock;
    c->lastRecvMs = m_nowMs;
    c->http = std::make_unique<HttpRequestParser>(m_core->options.handshake_max_size);
    if (m_core->tls)
        c->tls = std::make_unique<TlsSession>(*m_core->tls);
    auto shared = std::make_shared<SharedConn>();
    shared->fd = fd;
    shared->worker = this;
    shared->connectTimeMs = m_nowMs;
    shared->lastTimeMs.store(m_nowMs, std::memory_order_relaxed);
    io::peerAddress(sock, &shared->peerAddress, &shared->peerPort);
    c->shared = shared;
    // max_connection: the connection is answered 503 once its request head is complete.
    if (m_core->openConnections.fetch_add(1) >= m_core->options.max_connection)
        c->overLimit = true;
    {
        QWriteLocker locker(&m_core->registryLock);
        m_core->registry.insert(fd, shared);
    }
    m_byFd.insert(fd, c);
    m_all.insert(fd, c);

    c->interest = io::WantRead;
    m_poller->add(sock, c->interest, c);

    c->handshakeDeadlineMs = m_nowMs + m_core->options.handshake_timeout_ms;
    addDeadline(c->handshakeDeadlineMs, fd);

    if (observing()) {
        EventRecord &r = addRecord(EventRecord::Kind::TcpConnected, c);
        r.status = StatusConnection;
    }
    if (m_stopping) {
        finish(c, 0, {}, Initiator::Server, ProtocolError::None,
               QStringLiteral("server is stopping"));
        hardClose(c);
    }
}

// ---------------------------------------------------------------------------------------
// Worker: I/O

Connection *Worker::findById(int fd) const
{
    return m_byFd.value(fd, nullptr);
}

void Worker::refresh()
{
    m_nowMs = takeReading() / 1000;
    m_observe = m_core->observe.load(std::memory_order_relaxed);
}

void Worker::onReady(const io::ReadyEvent *events, int count)
{
    Dispatch dispatch(this);
    constexpr quint32 readSide = io::Readable | io::PeerClosed | io::HungUp | io::Failed;
    for (int i = 0; i < count; ++i) {
        // Connections closed earlier in this batch are deleted only when it ends.
        auto *c = static_cast<Connection *>(events[i].key);
        if (c->dead)
            continue;
        const quint32 flags = events[i].flags;
        if (flags & io::Writable)
            onWritable(c);
        if (c->dead || !(flags & readSide))
            continue;
        if (!c->readPaused) {
            onReadable(c);
        } else if (flags & (io::HungUp | io::Failed)) {
            // Reported even while we do not read (back-pressure): the socket is gone both
            // ways, so nothing queued will ever leave. Left registered, it would wake this
            // loop again at once, forever.
            lostConnection(c, QStringLiteral("the peer hung up while its output was paused"));
        }
    }
}

void Worker::onReadable(Connection *c)
{
    char *buffer = m_readBuffer.get();
    for (int round = 0; round < ReadsPerWakeup && !c->dead && !c->readPaused; ++round) {
        const io::IoResult r = io::readSome(c->sock, buffer, ReadBufferSize);
        const qint64 n = r.bytes;
        if (n > 0) {
            expireReading(); // records of these bytes: the time they were read
            if (c->phase == Connection::Phase::Lingering)
                continue; // draining what the peer still sends before our close
            c->lastRecvMs = m_nowMs;
            c->shared->lastTimeMs.store(m_nowMs, std::memory_order_relaxed);
            if (c->tls)
                readTls(c, buffer, n);
            else
                feed(c, buffer, n);
            if (n < ReadBufferSize)
                break; // drained: saves the read that would return EAGAIN
            continue;
        }
        if (r.ok()) { // 0 bytes: the peer's FIN
            onPeerEof(c);
            return;
        }
        if (r.error == io::IoError::WouldBlock)
            return;
        lostConnection(c, io::errorString(r));
        return;
    }
}

void Worker::onWritable(Connection *c)
{
    flush(c);
}

void Worker::onPeerEof(Connection *c)
{
    // The peer closed its side. For a WebSocket connection without a completed closing
    // handshake that is an abnormal closure (RFC 6455 §7.1.5: 1006).
    if (!c->finished) {
        if (c->phase == Connection::Phase::WebSocket)
            finish(c, CloseAbnormal, {}, Initiator::Abnormal, ProtocolError::None,
                   c->closeReceived
                       ? QStringLiteral("TCP connection closed by the peer after its close "
                                        "frame, before the closing handshake completed")
                       : QStringLiteral("TCP connection closed by the peer without a close "
                                        "frame"));
        else
            finish(c, 0, {}, Initiator::Client);
    }
    hardClose(c);
}

void Worker::feed(Connection *c, const char *data, qsizetype size)
{
    const QByteArrayView bytes(data, size);
    if (c->phase == Connection::Phase::Http)
        feedHttp(c, bytes);
    else if (c->phase == Connection::Phase::WebSocket)
        feedWebSocket(c, bytes);
}

} // namespace framescope
