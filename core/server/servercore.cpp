#include "servercore.h"

#include "fastclock.h"
#include "httpresponse.h"

#include "../protocol/closecode.h"
#include "../protocol/framewriter.h"

#include <QDateTime>
#include <QSocketNotifier>

#include <cerrno>
#include <climits>
#include <ctime>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <utility>
#if defined(__x86_64__) || defined(__i386__)
#endif

namespace framescope {

namespace {

thread_local Worker *t_worker = nullptr;

constexpr int ReadBufferSize = 256 * 1024;
constexpr int PlainBufferSize = 64 * 1024; // more than a TLS record (16 KiB)
constexpr int ReadsPerWakeup = 4;          // fairness: at most 1 MiB per connection per wakeup
// Under load a batch leaves after the dispatch that filled it to BatchRecords, not at the
// next tick: 700 KiB of records are still in the cache when the observer reads them, and
// a batch that outgrew its reservation moved every record it held.
constexpr int BatchRecords = 2048;
constexpr int BatchCapacity = 4096; // one dispatch can add thousands
constexpr int MaxBatchesInFlight = 64;
constexpr int ObserverIntervalMs = 10;
constexpr int LingerMs = 2000;

// A frame record's header bits, from a received Frame or a RawFrame sent as it is.
template <typename F> void setHeaderBits(EventRecord &rec, const F &frame)
{
    rec.opcode = frame.opcode;
    rec.fin = frame.fin;
    rec.rsv1 = frame.rsv1;
    rec.rsv2 = frame.rsv2;
    rec.rsv3 = frame.rsv3;
    rec.masked = frame.masked;
}

qint64 nowUs()
{
    return fastclock::wallUs();
}

qint64 nowMs()
{
    return nowUs() / 1000;
}

void addCounter(std::atomic<qint64> &counter, qint64 n)
{
    // Single writer (the worker): a plain load+store, no locked instruction on the hot path.
    counter.store(counter.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}

QByteArray percentDecode(QByteArray value)
{
    value.replace('+', ' ');
    return QByteArray::fromPercentEncoding(value);
}

} // namespace

Worker *Worker::current()
{
    return t_worker;
}

// ---------------------------------------------------------------------------------------
// Listener / ServerCore

void Listener::incomingConnection(qintptr socketDescriptor)
{
    m_core->dispatchAccepted(socketDescriptor);
}

std::shared_ptr<SharedConn> ServerCore::lookup(int fd) const
{
    QReadLocker locker(&registryLock);
    return registry.value(fd);
}

void ServerCore::dispatchAccepted(qintptr sock)
{
    const int fd = nextFd.fetch_add(1);
    Worker *target = workers[roundRobin.fetch_add(1) % workers.size()];
    liveSockets.fetch_add(1);
    if (target == t_worker) {
        Dispatch dispatch(target);
        target->adopt(fd, sock);
    } else {
        target->post([target, fd, sock] { target->adopt(fd, sock); });
    }
}

void ServerCore::emitBatch(EventBatch &&batch)
{
    std::shared_ptr<std::atomic<int>> inFlight = batchesInFlight;
    inFlight->fetch_add(1);
    EventBatchPtr ptr(new EventBatch(std::move(batch)), [inFlight](const EventBatch *b) {
        inFlight->fetch_sub(1);
        delete b;
    });
    Q_EMIT q->events(ptr);
}

namespace {

QString refusalText(const Refusal &r, ServerError error, const QString &detail, qint64 limit,
                    bool after)
{
    QString what;
    switch (r.operation) {
    case Operation::Push:
        what = QStringLiteral("push of %1 bytes to fd %2").arg(r.length).arg(r.fd);
        break;
    case Operation::Ping:
        what = QStringLiteral("ping of %1 bytes to fd %2").arg(r.length).arg(r.fd);
        break;
    case Operation::Disconnect:
        what = QStringLiteral("disconnect of fd %1 with code %2").arg(r.fd).arg(r.code);
        break;
    case Operation::SendClose:
        what = QStringLiteral("close frame %1 to fd %2").arg(r.code).arg(r.fd);
        break;
    case Operation::Close:
        what = QStringLiteral("close of fd %1").arg(r.fd);
        break;
    case Operation::Send:
        what = QStringLiteral("send of %1 bytes to fd %2").arg(r.length).arg(r.fd);
        break;
    case Operation::Broadcast:
        what = QStringLiteral("broadcast of %1 bytes").arg(r.length);
        break;
    case Operation::None:
        what = QStringLiteral("call for fd %1").arg(r.fd);
        break;
    }
    QString why = detail;
    if (why.isEmpty())
        why = error == ServerError::PayloadTooLarge
                  ? QStringLiteral("larger than buffer_output_size (%1)").arg(limit)
                  : serverErrorText(error);
    return what + (after ? QStringLiteral(" failed: ") : QStringLiteral(" refused: ")) + why;
}

} // namespace

void ServerCore::recordRefusal(const Refusal &refusal, ServerError error, const QString &detail,
                               const Connection *c, bool after)
{
    if (!observe.load(std::memory_order_relaxed))
        return;
    const qint64 limit = error == ServerError::PayloadTooLarge ? options.buffer_output_size : 0;
    QString text = refusalText(refusal, error, detail, limit, after);
    Worker *self = Worker::current();
    if (self && self->core() == this) {
        self->addRefusal(refusal, error, limit, std::move(text), c);
        return;
    }
    EventRecord r;
    r.kind = EventRecord::Kind::OperationFailed;
    r.timeUs = nowUs();
    r.fd = refusal.fd;
    if (const auto shared = refusal.fd > 0 ? lookup(refusal.fd) : nullptr)
        r.status = shared->status.load(std::memory_order_relaxed);
    r.operation = refusal.operation;
    r.serverError = quint8(error);
    r.payloadLength = refusal.length;
    r.closeCode = refusal.code > 0 ? quint16(refusal.code) : 0;
    r.count = limit;
    r.text = std::move(text);
    emitBatch(EventBatch{std::move(r)});
}

bool ServerCore::beginStop()
{
    if (!running.exchange(false))
        return false;
    QMutexLocker locker(&lifecycleMutex);
    stopping = true;
    // RFC 6455 §7.1.1: the server waits for the client's close frame before it drops TCP.
    stopDeadline = QDeadlineTimer(options.close_timeout_ms);
    for (Worker *w : workers)
        w->post([w] { w->beginStop(); });
    return true;
}

void ServerCore::waitForCloses()
{
    QDeadlineTimer deadline;
    {
        QMutexLocker locker(&lifecycleMutex);
        if (!stopping)
            return;
        deadline = stopDeadline;
    }
    QMutexLocker locker(&liveMutex);
    while (liveSockets.load() > 0 && !deadline.hasExpired())
        liveChanged.wait(&liveMutex, deadline);
}

void ServerCore::joinWorkers()
{
    for (size_t i = 0; i < workers.size(); ++i) {
        Worker *w = workers[i];
        QMetaObject::invokeMethod(
            w, [w] { w->shutdown(); }, Qt::BlockingQueuedConnection);
        threads[i]->quit();
        threads[i]->wait();
        delete w;
        delete threads[i];
    }
    workers.clear();
    threads.clear();
}

// ---------------------------------------------------------------------------------------
// Worker: lifecycle

Worker::Worker(ServerCore *core, int index) : m_core(core), m_index(index) {}

Worker::~Worker()
{
    if (m_epoll >= 0)
        ::close(m_epoll);
}

bool Worker::init(QString *error)
{
    t_worker = this;
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll < 0) {
        *error = QStringLiteral("epoll_create1 failed: %1").arg(qt_error_string(errno));
        return false;
    }
    m_readBuffer.reset(new char[ReadBufferSize]);
    if (m_core->tls)
        m_plainBuffer.resize(PlainBufferSize);
    m_notifier = new QSocketNotifier(m_epoll, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] { onEpoll(); });
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
    delete m_notifier;
    m_notifier = nullptr;
    delete m_deadlineTimer;
    m_deadlineTimer = nullptr;
    delete m_heartbeatTimer;
    m_heartbeatTimer = nullptr;
    delete m_observerTimer;
    m_observerTimer = nullptr;
    t_worker = nullptr;
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
    const int sock = int(sockDescriptor);
    const int flags = fcntl(sock, F_GETFL);
    fcntl(sock, F_SETFL, flags | O_NONBLOCK);
    if (m_core->options.tcp_nodelay) {
        int one = 1;
        setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }

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
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (getpeername(sock, reinterpret_cast<sockaddr *>(&addr), &len) == 0) {
        shared->peerAddress.setAddress(reinterpret_cast<sockaddr *>(&addr));
        if (addr.ss_family == AF_INET)
            shared->peerPort = ntohs(reinterpret_cast<sockaddr_in *>(&addr)->sin_port);
        else if (addr.ss_family == AF_INET6)
            shared->peerPort = ntohs(reinterpret_cast<sockaddr_in6 *>(&addr)->sin6_port);
    }
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

    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.ptr = c;
    c->epollEvents = ev.events;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, sock, &ev);

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

void Worker::refresh()
{
    m_nowMs = takeReading() / 1000;
    m_observe = m_core->observe.load(std::memory_order_relaxed);
}

void Worker::onEpoll()
{
    Dispatch dispatch(this);
    epoll_event events[256];
    const int n = epoll_wait(m_epoll, events, 256, 0);
    if (n <= 0)
        return;
    for (int i = 0; i < n; ++i) {
        auto *c = static_cast<Connection *>(events[i].data.ptr);
        if (c->dead)
            continue;
        if (events[i].events & EPOLLOUT)
            onWritable(c);
        if (c->dead || !(events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP)))
            continue;
        if (!c->readPaused) {
            onReadable(c);
        } else if (events[i].events & (EPOLLHUP | EPOLLERR)) {
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
        const ssize_t n = ::read(c->sock, buffer, ReadBufferSize);
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
        if (n == 0) {
            onPeerEof(c);
            return;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return;
        lostConnection(c, qt_error_string(errno));
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

void Worker::feedHttp(Connection *c, QByteArrayView bytes)
{
    const ServerOptions &o = m_core->options;
    while (!bytes.isEmpty() && !c->dead && !c->finished && !c->closeAfterFlush &&
           c->phase == Connection::Phase::Http) {
        if (c->chunked) {
            const ChunkedDecoder::Result r = c->chunked->feed(bytes);
            if (r.status == ChunkedDecoder::Status::Error) {
                const HttpRequestHead head = c->http->head();
                rejectHandshake(c, &head, r.httpStatus, r.message);
                return;
            }
            bytes = bytes.sliced(r.consumed);
            if (r.status == ChunkedDecoder::Status::Complete) {
                c->body = c->chunked->takeBody();
                c->chunked.reset();
                handleHttpRequest(c);
            }
            continue;
        }
        if (c->haveHead) {
            const qsizetype take = qMin<qsizetype>(c->bodyNeeded - c->body.size(), bytes.size());
            c->body.append(bytes.first(take));
            bytes = bytes.sliced(take);
            if (c->body.size() == c->bodyNeeded)
                handleHttpRequest(c);
            continue;
        }
        const HttpRequestParser::Result r = c->http->feed(bytes);
        if (r.status == HttpRequestParser::Status::NeedMore)
            return;
        if (r.status == HttpRequestParser::Status::Error) {
            rejectHandshake(c, nullptr, r.httpStatus ? r.httpStatus : 400, r.message);
            return;
        }
        bytes = bytes.sliced(r.consumed);
        const HttpRequestHead head = c->http->head();
        const UpgradeCheck check = checkUpgradeRequest(head);
        if (check.isUpgradeAttempt) {
            handleUpgrade(c, head, check, bytes);
            return;
        }
        if (c->overLimit) {
            rejectHandshake(c, &head, 503,
                            QByteArray("max_connection (") + QByteArray::number(o.max_connection) +
                                ") reached");
            return;
        }
        if (head.hasHeader("Transfer-Encoding")) {
            // RFC 9112 §6.1: with both, the framing is ambiguous (request smuggling).
            if (head.hasHeader("Content-Length")) {
                rejectHandshake(c, &head, 400,
                                "both Transfer-Encoding and Content-Length (RFC 9112 §6.1)");
                return;
            }
            // RFC 9112 §6.1: a coding we do not implement gets 501; chunked must be last.
            const QList<QByteArray> codings = head.headerTokens("Transfer-Encoding");
            if (codings.size() != 1 || codings.front().toLower() != "chunked") {
                rejectHandshake(c, &head, 501,
                                "Transfer-Encoding \"" + head.header("Transfer-Encoding") +
                                    "\" is not supported; send chunked or Content-Length");
                return;
            }
            c->haveHead = true;
            c->body.clear();
            c->chunked = std::make_unique<ChunkedDecoder>(o.http_max_body_size);
            continue;
        }
        const qint64 length = head.contentLength();
        if (length == -2) {
            rejectHandshake(c, &head, 400, "invalid Content-Length");
            return;
        }
        if (length > o.http_max_body_size) {
            rejectHandshake(c, &head, 413,
                            QByteArray("request body of ") + QByteArray::number(length) +
                                " bytes exceeds http_max_body_size (" +
                                QByteArray::number(o.http_max_body_size) + ")");
            return;
        }
        c->haveHead = true;
        c->bodyNeeded = qMax<qint64>(0, length);
        c->body.clear();
        if (c->bodyNeeded == 0)
            handleHttpRequest(c);
    }
}

void Worker::feedWebSocket(Connection *c, QByteArrayView bytes)
{
    if (c->inputDone)
        return;
    c->decoder->decode(bytes, [this, c](FrameDecoder::Event &ev) {
        if (ev.status == FrameDecoder::Status::Error) {
            onBadFrame(c, ev);
            return false;
        }
        onFrame(c, ev);
        return !c->dead && !c->inputDone;
    });
}

// Record, then judge: the frame as far as it arrived, with the rule it broke.
void Worker::onBadFrame(Connection *c, const FrameDecoder::Event &ev)
{
    if (observing() && ev.headerComplete) {
        const FrameHeader &h = ev.header;
        EventRecord &rec = addRecord(EventRecord::Kind::Frame, c);
        rec.direction = Direction::In;
        rec.opcode = h.opcode;
        rec.fin = h.fin;
        rec.rsv1 = h.rsv1;
        rec.rsv2 = h.rsv2;
        rec.rsv3 = h.rsv3;
        rec.masked = h.masked;
        rec.payloadLength = qint64(qMin<quint64>(h.payloadLength, quint64(LLONG_MAX)));
        rec.wireLength = ev.wireLength;
        const QByteArray &data = ev.frame.data;
        const int limit = m_core->payloadLimit.load(std::memory_order_relaxed);
        rec.payload = data.size() <= limit ? data : data.left(limit);
        rec.payloadTruncated = quint64(rec.payload.size()) < h.payloadLength;
        rec.protocolError = quint8(ev.error);
        rec.text = describe(ev.error);
    }
    protocolError(c, ev.error);
}

void Worker::onFrame(Connection *c, FrameDecoder::Event &ev)
{
    Frame &frame = ev.frame;
    SharedConn &s = *c->shared;
    addCounter(s.framesIn, 1);
    addCounter(s.bytesIn, ev.wireLength);
    if (observing()) {
        EventRecord &rec = addRecord(EventRecord::Kind::Frame, c);
        rec.direction = Direction::In;
        setHeaderBits(rec, frame);
        rec.wireLength = ev.wireLength;
        rec.payloadLength = frame.data.size();
        const int limit = m_core->payloadLimit.load(std::memory_order_relaxed);
        rec.payload =
            frame.data.size() <= limit ? frame.data : frame.data.left(limit); // shared, not copied
        rec.payloadTruncated = frame.data.size() > limit;
    }
    // A data frame after our close was not assembled (FrameDecoder::discardDataFrames()).
    if (!ev.messageComplete)
        return;
    Frame &m = ev.message();
    m.fd = c->fd;
    const ServerOptions &o = m_core->options;
    switch (m.opcode) {
    case OpPing:
        if (o.open_websocket_ping_frame) {
            deliver(c, m);
        } else if (!c->closeSent) {
            // RFC 6455 §5.5.3: a pong answers a ping with the same application data.
            writeFrame(c, OpPong, true, 0, m.data);
        }
        break;
    case OpPong:
        if (c->pingSentUs >= 0 && m.data == c->pingPayload) {
            const qint64 rtt = nowUs() - c->pingSentUs;
            c->pingSentUs = -1;
            s.lastRttUs.store(rtt, std::memory_order_relaxed);
            if (observing()) {
                EventRecord &rec = addRecord(EventRecord::Kind::PingRtt, c);
                rec.rttUs = rtt;
            }
        }
        if (o.open_websocket_pong_frame)
            deliver(c, m);
        break;
    case OpClose:
        onPeerClose(c, m);
        break;
    default:
        if (observing()) {
            EventRecord &rec = addRecord(EventRecord::Kind::Message, c);
            rec.direction = Direction::In;
            rec.opcode = m.opcode;
            rec.rsv1 = m.rsv1;
            rec.messageLength = m.data.size();
            rec.payloadLength = qint64(ev.wireBytes);
            rec.fragments = ev.fragments;
            const int limit = m_core->payloadLimit.load(std::memory_order_relaxed);
            rec.payload =
                m.data.size() <= limit ? m.data : m.data.left(limit); // shared, not copied
            rec.payloadTruncated = m.data.size() > limit;
        }
        deliver(c, m);
        break;
    }
}

void Worker::deliver(Connection *c, Frame &frame)
{
    if (!m_core->onMessage)
        return;
    // push() from the handler to the connection being handled skips the fd lookup.
    Connection *const outer = m_current;
    m_current = c;
    enterUserCode();
    m_core->onMessage(*m_core->q, frame);
    leaveUserCode();
    m_current = outer;
}

void Worker::onPeerClose(Connection *c, Frame &frame)
{
    const CloseFrame close = WebSocketServer::parseCloseFrame(frame);
    c->closeReceived = true;
    c->inputDone = true;
    c->recvCloseCode = close.code;
    c->recvCloseReason = close.reason;
    if (c->closeSent) {
        // The reply to our close: the closing handshake is complete (RFC 6455 §7.1.1:
        // the server closes the TCP connection first).
        finish(c, c->sentCloseCode, c->sentCloseReason, Initiator::Server);
        closeAfterFlush(c);
        return;
    }
    c->initiator = Initiator::Client;
    c->closeStartedUs = nowUs();
    setStatus(c, StatusClosing);
    if (observing()) {
        EventRecord &rec = addRecord(EventRecord::Kind::CloseStarted, c);
        rec.initiator = Initiator::Client;
        rec.closeCode = close.code;
        rec.closeReason = close.reason;
    }
    if (c->holdClose) {
        // A scenario that never answers: the peer has to give up on its own (RFC 6455
        // §7.1.1); whoever set holdClose ends the connection.
        return;
    }
    if (m_core->options.open_websocket_close_frame) {
        // The application answers (disconnect(), sendClose(), push of a close frame or
        // close()); with held_close_timeout_ms set, the deadline drops the TCP if it does not
        // in time. 0 (the default): the close waits for the application, as in Swoole.
        if (m_core->options.held_close_timeout_ms > 0) {
            c->closeDeadlineMs = m_nowMs + m_core->options.held_close_timeout_ms;
            addDeadline(c->closeDeadlineMs, c->fd);
        }
        deliver(c, frame);
        return;
    }
    // RFC 6455 §5.5.1: answer a close with a close, echoing the status code and reason as
    // Swoole, Qt, python-websockets and ws do (1000 when the peer's close had no payload).
    if (close.code == CloseStatusError)
        sendCloseFrame(c, CloseNormal, {});
    else
        sendCloseFrame(c, close.code, close.reason);
}

void Worker::protocolError(Connection *c, ProtocolError error, const QString &detail)
{
    const quint16 code = closeCodeFor(error);
    const QByteArray reason = errorKey(error);
    c->inputDone = true;
    if (observing()) {
        EventRecord &rec = addRecord(EventRecord::Kind::ProtocolError, c);
        rec.protocolError = quint8(error);
        rec.closeCode = code;
        rec.closeReason = reason;
        rec.text = detail.isEmpty() ? describe(error) : detail;
    }
    // RFC 6455 §7.1.7: fail the connection: send a close with the code, then close TCP.
    if (!c->closeSent)
        sendCloseFrame(c, code, reason);
    finish(c, code, reason, Initiator::Server, error, describe(error));
    closeAfterFlush(c);
}

// ---------------------------------------------------------------------------------------
// Worker: HTTP and the opening handshake

HttpRequest Worker::makeRequest(Connection *c, const HttpRequestHead &head, const QByteArray &body)
{
    HttpRequest req;
    req.fd = c->fd;
    req.method = head.method;
    const qsizetype q = head.target.indexOf('?');
    req.uri = q < 0 ? head.target : head.target.left(q);
    req.queryString = q < 0 ? QByteArray() : head.target.mid(q + 1);
    req.protocol = head.version;
    for (const auto &h : head.headers) {
        const QByteArray name = h.first.toLower();
        auto it = req.header.find(name);
        if (it == req.header.end())
            req.header.insert(name, h.second);
        else
            it.value() += ", " + h.second; // RFC 7230 §3.2.2
    }
    if (!req.queryString.isEmpty()) {
        for (const QByteArray &pair : req.queryString.split('&')) {
            if (pair.isEmpty())
                continue;
            const qsizetype eq = pair.indexOf('=');
            const QByteArray key = percentDecode(eq < 0 ? pair : pair.left(eq));
            req.get.insert(key, eq < 0 ? QByteArray() : percentDecode(pair.mid(eq + 1)));
        }
    }
    req.rawContent = body;
    req.rawHead = head.raw;
    req.remoteAddress = c->shared->peerAddress;
    req.remotePort = c->shared->peerPort;
    req.masterTimeMs = m_nowMs;
    return req;
}

void Worker::handleUpgrade(Connection *c, const HttpRequestHead &head, const UpgradeCheck &check,
                           QByteArrayView rest)
{
    const ServerOptions &o = m_core->options;
    if (c->overLimit) {
        rejectHandshake(c, &head, 503,
                        QByteArray("max_connection (") + QByteArray::number(o.max_connection) +
                            ") reached");
        return;
    }
    setStatus(c, StatusHandshake);
    const HttpRequest request = makeRequest(c, head, {});

    if (m_core->onHandshake) {
        // A custom handshake replaces the built-in one (Swoole onHandShake): open is not
        // fired; the handler may defer() its own open logic.
        HttpResponse response;
        enterUserCode();
        const bool ok = m_core->onHandshake(request, response);
        leaveUserCode();
        if (c->dead || c->finished)
            return;
        if (response.isClosed()) {
            finish(c, 0, {}, Initiator::Server, ProtocolError::None,
                   QStringLiteral("handshake handler closed the connection"));
            hardClose(c);
            return;
        }
        if (ok && response.statusCode() == 101 && response.isEnded()) {
            const QByteArray responseHead = buildHttpResponse(response, false, false);
            QByteArray sub;
            QByteArray ext;
            for (const auto &h : response.headers()) {
                if (h.first.compare("Sec-WebSocket-Protocol", Qt::CaseInsensitive) == 0)
                    sub = h.second;
                else if (h.first.compare("Sec-WebSocket-Extensions", Qt::CaseInsensitive) == 0)
                    ext = h.second;
            }
            writeRaw(c, responseHead);
            becomeActive(c, head, responseHead, sub, ext, nullptr);
            if (!rest.isEmpty() && !c->dead)
                feedWebSocket(c, rest);
            return;
        }
        QByteArray responseHead;
        if (response.isEnded()) {
            if (response.statusCode() == 101)
                response.status(400); // a 101 that the handler itself rejected
            const QByteArray bytes = buildHttpResponse(response, true, false);
            responseHead = bytes;
            writeRaw(c, bytes);
        }
        if (observing()) {
            EventRecord &rec = addRecord(EventRecord::Kind::HandshakeRejected, c);
            rec.requestHead = head.raw;
            rec.responseHead = responseHead;
            rec.httpStatus = response.isEnded() ? response.statusCode() : 0;
            rec.text = QStringLiteral("rejected by the handshake handler");
        }
        finish(c, 0, {}, Initiator::Server, ProtocolError::None,
               QStringLiteral("rejected by the handshake handler"));
        closeAfterFlush(c);
        return;
    }

    if (!check.ok) {
        rejectHandshake(c, &head, check.httpStatus ? check.httpStatus : 400, check.message,
                        check.extraHeaders);
        return;
    }

    if (m_core->onHandshakeFault) {
        enterUserCode();
        const std::optional<QByteArray> fault = m_core->onHandshakeFault(request);
        leaveUserCode();
        if (c->dead || c->finished)
            return;
        if (fault) {
            // A scenario's wrong answer, exactly as given; then read as a WebSocket
            // connection, so that what the client still sends is recorded and judged.
            writeRaw(c, *fault);
            becomeActive(c, head, *fault, {}, {}, nullptr);
            openAndFeed(c, request, rest);
            return;
        }
    }

    // RFC 6455 §4.2.2: the server may only select a subprotocol the client offered (a
    // browser fails the handshake otherwise), so websocket_subprotocol is echoed only when
    // offered. Swoole sends it unconditionally; we follow the RFC.
    QByteArray subprotocol;
    if (!o.websocket_subprotocol.isEmpty()) {
        const QByteArray configured = o.websocket_subprotocol.toUtf8();
        subprotocol = selectSubprotocol(head.headerTokens("Sec-WebSocket-Protocol"), {configured});
    }
    QByteArray extensions;
    std::unique_ptr<PerMessageDeflate> pmd;
    if (o.websocket_compression && head.hasHeader("Sec-WebSocket-Extensions")) {
        const auto offers = parseExtensionOffers(head.headerValues("Sec-WebSocket-Extensions"));
        if (offers) {
            DeflateConfig config;
            config.serverMaxWindowBits = o.websocket_server_max_window_bits;
            config.compressionLevel = o.websocket_compression_level;
            const DeflateNegotiation n = negotiatePerMessageDeflate(*offers, config);
            if (n.accepted) {
                extensions = n.responseValue;
                pmd = std::make_unique<PerMessageDeflate>(n.params, Role::Server,
                                                          o.websocket_compression_level);
            }
        }
    }
    QList<QPair<QByteArray, QByteArray>> extra;
    if (m_core->onBeforeHandshakeResponse) {
        HttpResponse response;
        enterUserCode();
        m_core->onBeforeHandshakeResponse(request, response);
        leaveUserCode();
        if (c->dead || c->finished)
            return;
        extra = response.headers();
    }
    const QByteArray responseHead =
        buildSwitchingProtocolsResponse(head, subprotocol, extensions, extra);
    writeRaw(c, responseHead);
    becomeActive(c, head, responseHead, subprotocol, extensions, std::move(pmd));
    openAndFeed(c, request, rest);
}

void Worker::openAndFeed(Connection *c, const HttpRequest &request, QByteArrayView rest)
{
    if (m_core->onOpen && !c->finished) {
        enterUserCode();
        m_core->onOpen(*m_core->q, request);
        leaveUserCode();
    }
    if (!rest.isEmpty() && !c->dead && !c->finished)
        feedWebSocket(c, rest);
}

void Worker::becomeActive(Connection *c, const HttpRequestHead &head,
                          const QByteArray &responseHead, const QByteArray &subprotocol,
                          const QByteArray &extensions, std::unique_ptr<PerMessageDeflate> pmd)
{
    const ServerOptions &o = m_core->options;
    c->phase = Connection::Phase::WebSocket;
    c->http.reset();
    c->decoder = std::make_unique<FrameDecoder>(Role::Server);
    c->decoder->parser().setMaxFrameSize(quint64(o.websocket_max_frame_size));
    c->decoder->assembler().setMaxMessageSize(quint64(o.websocket_max_message_size));
    c->pmd = std::move(pmd);
    if (c->pmd) {
        // RFC 7692 §6: permessage-deflate defines RSV1 ("compressed").
        c->decoder->parser().setAllowedRsvFlags(FlagRsv1);
        c->decoder->assembler().setInflater(c->pmd.get());
    }
    {
        QMutexLocker locker(&c->shared->mutex);
        c->shared->subprotocol = subprotocol;
        c->shared->extensions = extensions;
        c->shared->compression = c->pmd != nullptr;
        c->shared->requestHead = head.raw;
        c->shared->responseHead = responseHead;
    }
    if (observing()) {
        EventRecord &rec = addRecord(EventRecord::Kind::HandshakeAccepted, c);
        rec.requestHead = head.raw;
        rec.responseHead = responseHead;
        rec.subprotocol = subprotocol;
        rec.extensions = extensions;
        rec.method = head.method;
        rec.uri = head.target;
        rec.httpStatus = 101;
        rec.tls = c->shared->tls;
    }
    setStatus(c, StatusActive);
}

void Worker::handleHttpRequest(Connection *c)
{
    const HttpRequestHead head = c->http->head();
    const QByteArray body = std::move(c->body);
    c->body = QByteArray();
    c->haveHead = false;
    c->http->reset();
    // RFC 7230 §6.3: HTTP/1.1 is persistent unless "Connection: close"; 1.0 closes.
    bool keepAlive = head.version == "HTTP/1.1";
    for (const QByteArray &token : head.headerTokens("Connection")) {
        if (token.compare("close", Qt::CaseInsensitive) == 0)
            keepAlive = false;
    }

    HttpResponse response;
    if (m_core->onRequest) {
        const HttpRequest request = makeRequest(c, head, body);
        enterUserCode();
        m_core->onRequest(request, response);
        leaveUserCode();
        if (c->dead || c->finished)
            return;
        if (response.isClosed()) {
            if (observing()) {
                EventRecord &rec = addRecord(EventRecord::Kind::HttpRequest, c);
                rec.method = head.method;
                rec.uri = head.target;
                rec.requestHead = head.raw;
            }
            finish(c, 0, {}, Initiator::Server, ProtocolError::None,
                   QStringLiteral("closed by the request handler"));
            hardClose(c);
            return;
        }
    } else {
        // Swoole: without a request handler a plain HTTP request gets an HTTP 400 page.
        response.status(400);
        response.header("Content-Type", "text/html; charset=utf-8");
        response.end("<html><head><title>400 Bad Request</title></head><body>"
                     "<h1>400 Bad Request</h1><p>This is a WebSocket server.</p></body></html>\n");
    }
    for (const auto &h : response.headers()) {
        if (h.first.compare("Connection", Qt::CaseInsensitive) == 0 &&
            h.second.toLower().contains("close"))
            keepAlive = false;
    }
    const QByteArray bytes = buildHttpResponse(response, true, keepAlive, head.method == "HEAD");
    writeRaw(c, bytes);
    if (observing()) {
        EventRecord &rec = addRecord(EventRecord::Kind::HttpRequest, c);
        rec.method = head.method;
        rec.uri = head.target;
        rec.httpStatus = response.statusCode();
        rec.tls = c->shared->tls;
        rec.requestHead = head.raw;
        rec.responseHead = bytes.left(bytes.indexOf("\r\n\r\n") + 4);
    }
    if (!keepAlive) {
        finish(c, 0, {}, Initiator::Server);
        closeAfterFlush(c);
    } else {
        c->handshakeDeadlineMs = m_nowMs + m_core->options.handshake_timeout_ms;
        addDeadline(c->handshakeDeadlineMs, c->fd);
    }
}

void Worker::rejectHandshake(Connection *c, const HttpRequestHead *head, int status,
                             const QByteArray &message,
                             const QList<QPair<QByteArray, QByteArray>> &extra)
{
    HttpResponse response;
    response.status(status);
    for (const auto &h : extra)
        response.header(h.first, h.second);
    response.header("Content-Type", "text/plain; charset=utf-8");
    response.end(message + '\n');
    const QByteArray bytes = buildHttpResponse(response, true, false);
    writeRaw(c, bytes);
    if (observing()) {
        EventRecord &rec = addRecord(EventRecord::Kind::HandshakeRejected, c);
        rec.httpStatus = status;
        rec.tls = c->shared->tls;
        rec.text = QString::fromUtf8(message);
        if (head) {
            rec.requestHead = head->raw;
            rec.method = head->method;
            rec.uri = head->target;
        }
        rec.responseHead = bytes.left(bytes.indexOf("\r\n\r\n") + 4);
    }
    finish(c, 0, {}, Initiator::Server, ProtocolError::None, QString::fromUtf8(message));
    closeAfterFlush(c);
}

// ---------------------------------------------------------------------------------------
// OutQueue

void OutQueue::append(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return;
    const qsizetype need = m_buf.size() + bytes.size();
    // Grow geometrically: reserving exact sizes per frame re-copied the whole queue each time.
    // Start small: reset() keeps the buffer, and an idle connection (after its handshake
    // response) held 4 KiB with a 4 KiB start, most of its RSS at 10 000 connections.
    if (need > m_buf.capacity())
        m_buf.reserve(qMax(need, qMax<qsizetype>(2 * m_buf.capacity(), MinCapacity)));
    m_buf.append(bytes);
    m_pending += bytes.size();
}

void OutQueue::appendFrame(QByteArrayView header, const QByteArray &payload)
{
    if (payload.size() >= ShareThreshold) {
        append(header);
        appendShared(payload);
        return;
    }
    const qsizetype size = m_buf.size();
    const qsizetype n = header.size() + payload.size();
    if (size + n > m_buf.capacity())
        m_buf.reserve(qMax(size + n, qMax<qsizetype>(2 * m_buf.capacity(), MinCapacity)));
    m_buf.resize(size + n);
    char *at = m_buf.data() + size;
    memcpy(at, header.data(), size_t(header.size()));
    if (!payload.isEmpty())
        memcpy(at + header.size(), payload.constData(), size_t(payload.size()));
    m_pending += n;
}

void OutQueue::appendShared(const QByteArray &data)
{
    if (data.size() < ShareThreshold) {
        append(data);
        return;
    }
    QByteArray ref = data;
    // fromRawData() storage belongs to the caller and may be gone before the send: copy it.
    if (!ref.data_ptr().isMutable())
        ref = QByteArray(data.constData(), data.size());
    m_chunks.push_back(Chunk{std::move(ref), m_buf.size()});
    m_pending += data.size();
}

int OutQueue::gather(struct iovec *iov, int max) const
{
    int n = 0;
    qsizetype pos = m_bufPos;
    for (size_t i = m_head; i < m_chunks.size(); ++i) {
        const Chunk &ch = m_chunks[i];
        if (pos < ch.end) {
            if (n == max)
                return n;
            iov[n].iov_base = const_cast<char *>(m_buf.constData() + pos);
            iov[n].iov_len = size_t(ch.end - pos);
            ++n;
            pos = ch.end;
        }
        if (n == max)
            return n;
        const qsizetype off = i == m_head ? m_chunkPos : 0;
        iov[n].iov_base = const_cast<char *>(ch.data.constData() + off);
        iov[n].iov_len = size_t(ch.data.size() - off);
        ++n;
    }
    if (pos < m_buf.size() && n < max) {
        iov[n].iov_base = const_cast<char *>(m_buf.constData() + pos);
        iov[n].iov_len = size_t(m_buf.size() - pos);
        ++n;
    }
    return n;
}

void OutQueue::consume(qsizetype n)
{
    m_pending -= n;
    while (n > 0) {
        if (m_head == m_chunks.size()) {
            m_bufPos += n;
            break;
        }
        Chunk &ch = m_chunks[m_head];
        if (m_bufPos < ch.end) {
            const qsizetype take = qMin(n, ch.end - m_bufPos);
            m_bufPos += take;
            n -= take;
            continue;
        }
        const qsizetype take = qMin(n, ch.data.size() - m_chunkPos);
        m_chunkPos += take;
        n -= take;
        if (m_chunkPos == ch.data.size()) {
            ch.data = QByteArray(); // the payload's owner may free it now
            ++m_head;
            m_chunkPos = 0;
        }
    }
    if (m_pending == 0)
        reset();
    else if (m_bufPos > KeepCapacity || m_head >= 64)
        compact();
}

void OutQueue::reset()
{
    m_chunks.clear();
    m_head = 0;
    m_chunkPos = 0;
    m_bufPos = 0;
    // Keep the buffer for the next batch (no page faults per batch); give huge ones back.
    if (m_buf.capacity() > KeepCapacity)
        m_buf = QByteArray();
    else
        m_buf.resize(0);
}

void OutQueue::compact()
{
    // A slow reader: drop what was sent so it does not pin memory.
    m_buf.remove(0, m_bufPos);
    m_chunks.erase(m_chunks.begin(), m_chunks.begin() + qsizetype(m_head));
    for (Chunk &ch : m_chunks)
        ch.end -= m_bufPos;
    m_bufPos = 0;
    m_head = 0;
}

// ---------------------------------------------------------------------------------------
// Worker: output

void Worker::writeRaw(Connection *c, QByteArrayView bytes)
{
    c->out.append(bytes);
    addCounter(c->shared->bytesOut, bytes.size());
    markDirty(c);
}

void Worker::writeFrame(Connection *c, quint8 opcode, bool fin, int rsvFlags,
                        const QByteArray &payload, qint64 messageLength)
{
    char header[14];
    const int headerLength =
        FrameWriter::writeHeader(header, opcode, fin, rsvFlags, quint64(payload.size()), nullptr);
    c->out.appendFrame(QByteArrayView(header, headerLength), payload);
    SharedConn &s = *c->shared;
    addCounter(s.framesOut, 1);
    addCounter(s.bytesOut, headerLength + payload.size());
    markDirty(c);
    if (observing()) {
        EventRecord &rec = addRecord(EventRecord::Kind::Frame, c);
        rec.direction = Direction::Out;
        rec.opcode = opcode;
        rec.fin = fin;
        rec.rsv1 = rsvFlags & FlagRsv1;
        rec.rsv2 = rsvFlags & FlagRsv2;
        rec.rsv3 = rsvFlags & FlagRsv3;
        rec.masked = false;
        rec.wireLength = headerLength + payload.size();
        rec.payloadLength = payload.size();
        rec.messageLength = messageLength >= 0 ? messageLength : payload.size();
        const int limit = m_core->payloadLimit.load(std::memory_order_relaxed);
        rec.payload = payload.size() <= limit ? payload : payload.left(limit); // shared, not copied
        rec.payloadTruncated = payload.size() > limit;
    }
}

void Worker::sendCloseFrame(Connection *c, quint16 code, const QByteArray &reason)
{
    CloseFrame close;
    close.code = code;
    close.reason = reason;
    sendClosePayload(c, close.toPayload());
}

void Worker::sendClosePayload(Connection *c, const QByteArray &payload)
{
    Frame frame;
    frame.opcode = OpClose;
    frame.data = payload;
    const CloseFrame close = WebSocketServer::parseCloseFrame(frame);
    const quint16 code = close.code;
    const QByteArray &reason = close.reason;
    writeFrame(c, OpClose, true, 0, payload);
    c->closeSent = true;
    // RFC 6455 §5.5.1: after our close we send no more data, and data still arriving is
    // not delivered; the peer's close is still awaited.
    if (c->decoder)
        c->decoder->discardDataFrames();
    c->sentCloseCode = code;
    c->sentCloseReason = reason;
    c->inputDone = c->inputDone || c->closeReceived;
    setStatus(c, StatusClosing);
    if (c->closeReceived) {
        // Our reply completes a handshake the peer started.
        finish(c, c->recvCloseCode, c->recvCloseReason, Initiator::Client);
        closeAfterFlush(c);
        return;
    }
    c->initiator = Initiator::Server;
    c->closeStartedUs = nowUs();
    if (observing()) {
        EventRecord &rec = addRecord(EventRecord::Kind::CloseStarted, c);
        rec.initiator = Initiator::Server;
        rec.closeCode = code;
        rec.closeReason = reason;
    }
    // RFC 6455 §7.1.1: wait for the peer's close, but not forever.
    c->closeDeadlineMs = m_nowMs + m_core->options.close_timeout_ms;
    addDeadline(c->closeDeadlineMs, c->fd);
}

void Worker::markDirty(Connection *c)
{
    if (!c->dirty) {
        c->dirty = true;
        m_dirty.push_back(c);
    }
    if (m_depth == 0)
        settle();
}

void Worker::flush(Connection *c)
{
    c->dirty = false;
    if (c->dead)
        return;
    // TLS: encrypt and send in flushTls(); the loop below is the plain path.
    TlsSession *tls = c->tls.get();
    if (tls && !flushTls(c))
        return;
    while (!tls && c->out.pending() > 0) {
        iovec iov[64];
        msghdr msg{};
        msg.msg_iov = iov;
        msg.msg_iovlen = size_t(c->out.gather(iov, 64));
        const ssize_t n = ::sendmsg(c->sock, &msg, MSG_NOSIGNAL);
        if (n > 0) {
            c->out.consume(n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        // EPIPE / ECONNRESET: the peer is gone.
        lostConnection(c, qt_error_string(errno));
        return;
    }
    const qint64 pending = c->out.pending() + (tls ? tls->cipherPending() : 0);
    if (pending == 0 && c->shutdownAfterFlush) {
        c->shutdownAfterFlush = false;
        c->halfClosed = true;
        ::shutdown(c->sock, SHUT_WR);
    }
    if (pending == 0 && c->closeAfterFlush && c->phase != Connection::Phase::Lingering) {
        startLinger(c);
        return;
    }
    const qint64 limit = m_core->options.buffer_output_size;
    if (pending > 4 * limit && !c->finished) {
        // A peer that does not read: bounded memory wins over delivery.
        finish(c, CloseAbnormal, {}, Initiator::Server, ProtocolError::None,
               QStringLiteral("slow reader: %1 bytes queued, more than 4 x buffer_output_size")
                   .arg(pending));
        hardClose(c);
        return;
    }
    // Back-pressure: stop reading from a peer that does not read our answers.
    c->readPaused = c->readHeld || pending > limit;
    updateEpoll(c);
}

void Worker::updateEpoll(Connection *c)
{
    if (c->dead)
        return;
    const bool wantWrite = c->out.pending() > 0 || (c->tls && c->tls->cipherPending() > 0);
    // Paused reading (back-pressure) also stops watching for the peer's FIN: EPOLLRDHUP is
    // level-triggered, and a peer that shuts down its write side while we do not read would
    // wake the worker in a busy loop. The FIN is read once reading resumes.
    const quint32 events =
        (wantWrite ? quint32(EPOLLOUT) : 0u) | (c->readPaused ? 0u : quint32(EPOLLIN | EPOLLRDHUP));
    if (events == c->epollEvents)
        return;
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = c;
    c->epollEvents = events;
    epoll_ctl(m_epoll, EPOLL_CTL_MOD, c->sock, &ev);
}

void Worker::settle()
{
    expireReading(); // records of the sends below: read the clock once more
    ++m_depth;       // handlers run by flush paths must not re-enter settle()
    while (!m_dirty.empty()) {
        std::vector<Connection *> dirty;
        dirty.swap(m_dirty);
        for (Connection *c : dirty)
            flush(c);
    }
    --m_depth;
    if (!m_deadList.empty()) {
        for (Connection *c : m_deadList)
            delete c;
        m_deadList.clear();
    }
    if (m_pending.size() >= BatchRecords)
        flushRecords();
    else if (!m_pending.isEmpty() && !m_observerTimer->isActive())
        m_observerTimer->start();
}

// ---------------------------------------------------------------------------------------
// Worker: closing

void Worker::setStatus(Connection *c, int status)
{
    if (c->shared->status.load(std::memory_order_relaxed) == status)
        return;
    c->shared->status.store(status, std::memory_order_release);
    if (observing()) {
        EventRecord &rec = addRecord(EventRecord::Kind::StatusChanged, c);
        rec.status = status;
    }
}

void Worker::finish(Connection *c, quint16 code, const QByteArray &reason, Initiator initiator,
                    ProtocolError error, const QString &text)
{
    if (c->finished)
        return;
    c->finished = true;
    const bool websocket = c->phase == Connection::Phase::WebSocket;
    m_byFd.remove(c->fd);
    {
        QWriteLocker locker(&m_core->registryLock);
        m_core->registry.remove(c->fd);
    }
    m_core->openConnections.fetch_sub(1);
    setStatus(c, StatusClosed);
    if (observing()) {
        EventRecord &rec =
            addRecord(websocket ? EventRecord::Kind::Closed : EventRecord::Kind::Disconnected, c);
        rec.closeCode = code;
        rec.closeReason = reason;
        rec.initiator = initiator;
        rec.protocolError = quint8(error);
        rec.closeHandshakeUs = c->closeStartedUs >= 0 ? nowUs() - c->closeStartedUs : -1;
        rec.text = text;
    }
    if (websocket) {
        if (m_core->onClose) {
            enterUserCode();
            m_core->onClose(*m_core->q, c->fd);
            leaveUserCode();
        }
    } else if (m_core->onDisconnect) {
        enterUserCode();
        m_core->onDisconnect(*m_core->q, c->fd);
        leaveUserCode();
    }
}

void Worker::closeAfterFlush(Connection *c)
{
    c->inputDone = true;
    c->closeAfterFlush = true;
    if (c->closeDeadlineMs == 0 || c->closeDeadlineMs > m_nowMs + LingerMs) {
        c->closeDeadlineMs = m_nowMs + qMin(LingerMs, m_core->options.close_timeout_ms);
        addDeadline(c->closeDeadlineMs, c->fd);
    }
    markDirty(c);
}

void Worker::startLinger(Connection *c)
{
    // Half-close and drain: closing a socket with unread input makes the kernel send an
    // RST, which can destroy our close frame or response before the peer reads it.
    c->phase = Connection::Phase::Lingering;
    c->readPaused = false;
    if (c->tls)
        sendCloseNotify(c);
    ::shutdown(c->sock, SHUT_WR);
    updateEpoll(c);
}

// The socket failed under us (ECONNRESET, EPIPE …): 1006 for a WebSocket, never sent.
void Worker::lostConnection(Connection *c, const QString &why)
{
    if (!c->finished) {
        if (c->phase == Connection::Phase::WebSocket)
            finish(c, CloseAbnormal, {}, Initiator::Abnormal, ProtocolError::None, why);
        else
            finish(c, 0, {}, Initiator::Client, ProtocolError::None, why);
    }
    hardClose(c);
}

void Worker::hardClose(Connection *c, bool reset)
{
    if (c->dead)
        return;
    c->dead = true;
    epoll_ctl(m_epoll, EPOLL_CTL_DEL, c->sock, nullptr);
    if (reset) {
        linger lg{1, 0};
        setsockopt(c->sock, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    }
    ::close(c->sock);
    c->sock = -1;
    m_all.remove(c->fd);
    m_byFd.remove(c->fd);
    m_deadList.push_back(c);
    if (m_core->liveSockets.fetch_sub(1) == 1) {
        QMutexLocker locker(&m_core->liveMutex);
        m_core->liveChanged.wakeAll();
    }
}

// ---------------------------------------------------------------------------------------
// Worker: timers

void Worker::addDeadline(qint64 atMs, int fd)
{
    m_deadlines.push({atMs, fd});
    if (!m_deadlineTimer->isActive() || atMs < m_timerAtMs) {
        m_timerAtMs = atMs;
        m_deadlineTimer->start(int(qMax<qint64>(0, atMs - nowMs())));
    }
}

void Worker::onDeadlines()
{
    while (!m_deadlines.empty() && m_deadlines.top().atMs <= m_nowMs) {
        const Deadline d = m_deadlines.top();
        m_deadlines.pop();
        Connection *c = m_all.value(d.fd, nullptr);
        if (!c || c->dead)
            continue;
        if (!c->finished && c->phase == Connection::Phase::Http &&
            c->handshakeDeadlineMs <= m_nowMs && c->out.pending() == 0) {
            const QString text =
                c->tls && c->tls->begun() && !c->tls->established()
                    ? QStringLiteral("handshake_timeout_ms: TLS handshake not finished within "
                                     "%1 ms")
                          .arg(m_core->options.handshake_timeout_ms)
                    : QStringLiteral("handshake_timeout_ms: no complete request within %1 ms")
                          .arg(m_core->options.handshake_timeout_ms);
            if (observing()) {
                EventRecord &rec = addRecord(EventRecord::Kind::HandshakeRejected, c);
                rec.text = text;
            }
            finish(c, 0, {}, Initiator::Server, ProtocolError::None, text);
            hardClose(c);
            continue;
        }
        if (c->closeDeadlineMs != 0 && c->closeDeadlineMs <= m_nowMs) {
            if (!c->finished) {
                const bool held = c->closeReceived;
                const QString text =
                    held ? QStringLiteral("the application did not answer the close frame "
                                          "within held_close_timeout_ms (%1 ms)")
                               .arg(m_core->options.held_close_timeout_ms)
                         : QStringLiteral("no close frame from the peer within "
                                          "close_timeout_ms (%1 ms)")
                               .arg(m_core->options.close_timeout_ms);
                finish(c, held ? c->recvCloseCode : c->sentCloseCode,
                       held ? c->recvCloseReason : c->sentCloseReason, c->initiator,
                       ProtocolError::None, text);
            }
            hardClose(c);
        }
    }
    if (!m_deadlines.empty()) {
        m_timerAtMs = m_deadlines.top().atMs;
        m_deadlineTimer->start(int(qMax<qint64>(0, m_timerAtMs - nowMs())));
    }
}

void Worker::onHeartbeat()
{
    const ServerOptions &o = m_core->options;
    const qint64 interval = qint64(o.heartbeat_check_interval) * 1000;
    // Swoole: heartbeat_idle_time defaults to twice the check interval.
    const qint64 idleLimit = (o.heartbeat_idle_time > 0 ? qint64(o.heartbeat_idle_time)
                                                        : 2 * qint64(o.heartbeat_check_interval)) *
                             1000;
    const QList<Connection *> conns = m_byFd.values();
    for (Connection *c : conns) {
        if (c->dead || c->finished)
            continue;
        const qint64 idle = m_nowMs - c->lastRecvMs;
        if (idle >= idleLimit) {
            const QString text =
                QStringLiteral("heartbeat: idle for %1 ms, more than heartbeat_idle_time")
                    .arg(idle);
            if (c->phase == Connection::Phase::WebSocket && !c->closeSent) {
                // Going away (1001) tells the client it may reconnect; we do not wait for
                // its reply: an idle peer is likely gone.
                sendCloseFrame(c, CloseGoingAway, "idle timeout");
                finish(c, CloseGoingAway, "idle timeout", Initiator::Server, ProtocolError::None,
                       text);
                closeAfterFlush(c);
            } else {
                finish(c, c->phase == Connection::Phase::WebSocket ? c->sentCloseCode : 0, {},
                       Initiator::Server, ProtocolError::None, text);
                hardClose(c);
            }
        } else if (idle >= interval && c->phase == Connection::Phase::WebSocket && !c->closeSent &&
                   c->shared->status.load() == StatusActive) {
            pingLocal(c, {});
        }
    }
}

// ---------------------------------------------------------------------------------------
// Worker: facade operations (worker thread)

bool Worker::pushLocal(Connection *c, quint8 opcode, const QByteArray &data, int flags)
{
    if (c->finished || c->phase != Connection::Phase::WebSocket || c->closeSent)
        return false;
    if (opcode == OpClose) {
        // Written as given (torture scenarios may send any payload), tracked as our close;
        // also the application's reply to a held close (open_websocket_close_frame).
        sendClosePayload(c, data);
        return true;
    }
    const bool fin = flags & FlagFin;
    int rsv = flags & (FlagRsv1 | FlagRsv2 | FlagRsv3);
    const ServerOptions &o = m_core->options;
    if (!isControlOpcode(opcode)) {
        const bool startsMessage = opcode != OpContinuation && !c->outFragmented;
        const bool wantsCompression = (flags & FlagCompress) || o.websocket_compress_all;
        if (c->pmd && startsMessage && wantsCompression &&
            (!fin || data.size() >= o.websocket_compression_min_size)) {
            // RFC 7692 §6.1: RSV1 on the first frame of a compressed message only. A
            // fragmented message is compressed whatever its size: the total is unknown yet.
            const QByteArray compressed = c->pmd->compressFragment(data, fin);
            writeFrame(c, opcode, fin, rsv | FlagRsv1, compressed, data.size());
            recordOutMessage(c, opcode, fin, data, compressed.size());
            c->outCompressing = !fin;
        } else if (c->pmd && opcode == OpContinuation && c->outCompressing) {
            // RFC 7692 §6.1: the rest of a compressed message, RSV1 clear.
            const QByteArray compressed = c->pmd->compressFragment(data, fin);
            writeFrame(c, opcode, fin, rsv & ~FlagRsv1, compressed, data.size());
            recordOutMessage(c, opcode, fin, data, compressed.size());
            c->outCompressing = !fin;
        } else {
            writeFrame(c, opcode, fin, rsv, data);
        }
        if (opcode != OpContinuation || c->outFragmented)
            c->outFragmented = !fin;
        return true;
    }
    writeFrame(c, opcode, fin, rsv, data);
    return true;
}

// The frames of a compressed message carry deflate output: observers also get the message
// as pushed, the way an incoming compressed message's record carries it inflated.
void Worker::recordOutMessage(Connection *c, quint8 opcode, bool fin, const QByteArray &data,
                              qsizetype wireBytes)
{
    if (opcode != OpContinuation) {
        c->outMessage.clear();
        c->outMessageLength = 0;
        c->outMessageWire = 0;
        c->outMessageFragments = 0;
        c->outMessageOpcode = opcode;
    }
    if (!observing()) {
        c->outMessage.clear();
        return;
    }
    const int limit = m_core->payloadLimit.load(std::memory_order_relaxed);
    if (c->outMessage.size() < limit)
        c->outMessage.append(
            data.first(qMin<qsizetype>(limit - c->outMessage.size(), data.size())));
    c->outMessageLength += data.size();
    c->outMessageWire += wireBytes;
    ++c->outMessageFragments;
    if (!fin)
        return;
    EventRecord &rec = addRecord(EventRecord::Kind::Message, c);
    rec.direction = Direction::Out;
    rec.opcode = c->outMessageOpcode;
    rec.rsv1 = true;
    rec.messageLength = c->outMessageLength;
    rec.payloadLength = c->outMessageWire;
    rec.fragments = c->outMessageFragments;
    rec.payload = std::exchange(c->outMessage, {});
    rec.payloadTruncated = c->outMessageLength > limit;
}

bool Worker::pingLocal(Connection *c, const QByteArray &payload)
{
    if (c->finished || c->phase != Connection::Phase::WebSocket || c->closeSent)
        return false;
    writeFrame(c, OpPing, true, 0, payload);
    c->pingPayload = payload;
    c->pingSentUs = nowUs();
    return true;
}

bool Worker::disconnectLocal(Connection *c, quint16 code, const QByteArray &reason)
{
    if (c->finished || c->phase != Connection::Phase::WebSocket || c->closeSent)
        return false;
    sendCloseFrame(c, code, reason);
    return true;
}

bool Worker::closeLocal(Connection *c, bool reset)
{
    if (c->dead)
        return false;
    if (!c->finished) {
        if (c->phase == Connection::Phase::WebSocket) {
            const bool handshakeDone = c->closeSent && c->closeReceived;
            finish(c, handshakeDone ? c->recvCloseCode : quint16(CloseAbnormal),
                   handshakeDone ? c->recvCloseReason : QByteArray(), Initiator::Server,
                   ProtocolError::None, QStringLiteral("closed by the application"));
        } else {
            finish(c, 0, {}, Initiator::Server, ProtocolError::None,
                   QStringLiteral("closed by the application"));
        }
    }
    if (reset) {
        hardClose(c, true);
    } else {
        // Queued output (e.g. a close frame just pushed) still goes out first.
        closeAfterFlush(c);
    }
    return true;
}

bool Worker::sendRawLocal(Connection *c, const QByteArray &bytes)
{
    if (c->finished || c->dead)
        return false;
    writeRaw(c, bytes);
    return true;
}

bool Worker::sendFrameLocal(Connection *c, const RawFrame &frame, const QByteArray &wire)
{
    if (c->finished || c->dead || c->phase != Connection::Phase::WebSocket || c->halfClosed)
        return false;
    c->out.appendShared(wire);
    SharedConn &s = *c->shared;
    addCounter(s.framesOut, 1);
    addCounter(s.bytesOut, wire.size());
    markDirty(c);
    if (observing()) {
        EventRecord &rec = addRecord(EventRecord::Kind::Frame, c);
        rec.direction = Direction::Out;
        setHeaderBits(rec, frame);
        rec.wireLength = wire.size();
        rec.payloadLength = frame.payload.size();
        rec.messageLength = frame.payload.size();
        const int limit = m_core->payloadLimit.load(std::memory_order_relaxed);
        rec.payload = frame.payload.size() <= limit ? frame.payload : frame.payload.left(limit);
        rec.payloadTruncated = frame.payload.size() > limit;
        rec.text = QStringLiteral("raw frame (scenario)");
    }
    return true;
}

bool Worker::holdReadingLocal(Connection *c, bool hold)
{
    if (c->finished || c->dead)
        return false;
    c->readHeld = hold;
    c->readPaused = hold || c->out.pending() > m_core->options.buffer_output_size;
    updateEpoll(c);
    if (!hold)
        onReadable(c); // what arrived meanwhile (epoll is level-triggered, this is quicker)
    return true;
}

bool Worker::holdCloseLocal(Connection *c, bool hold)
{
    if (c->finished || c->dead || c->phase != Connection::Phase::WebSocket)
        return false;
    c->holdClose = hold;
    return true;
}

bool Worker::halfCloseLocal(Connection *c)
{
    if (c->finished || c->dead || c->halfClosed)
        return false;
    c->shutdownAfterFlush = true;
    markDirty(c);
    return true;
}

QString Worker::unavailableReason(const Connection *c)
{
    if (!c || c->dead)
        return QStringLiteral("the connection is gone");
    if (c->finished)
        return QStringLiteral("the connection is closed");
    if (c->phase != Connection::Phase::WebSocket)
        return QStringLiteral("not a WebSocket connection");
    if (c->closeSent)
        return QStringLiteral("a close frame was already sent (websocket_status 4 CLOSING)");
    return serverErrorText(ServerError::NotEstablished);
}

void Worker::addRefusal(const Refusal &refusal, ServerError error, qint64 limit, QString text,
                        const Connection *c)
{
    EventRecord &r = addRecord(EventRecord::Kind::OperationFailed, c);
    r.fd = refusal.fd;
    r.operation = refusal.operation;
    r.serverError = quint8(error);
    r.payloadLength = refusal.length;
    r.closeCode = refusal.code > 0 ? quint16(refusal.code) : 0;
    r.count = limit;
    r.text = std::move(text);
}

void Worker::beginStop()
{
    m_stopping = true;
    if (listener)
        listener->close();
    const QList<Connection *> conns = m_all.values();
    for (Connection *c : conns) {
        if (c->dead || c->finished)
            continue;
        if (c->phase == Connection::Phase::WebSocket) {
            if (!c->closeSent)
                sendCloseFrame(c, CloseGoingAway, {});
        } else {
            finish(c, 0, {}, Initiator::Server, ProtocolError::None,
                   QStringLiteral("server stopped"));
            closeAfterFlush(c);
        }
    }
}

void Worker::forceCloseAll()
{
    m_nowMs = nowMs();
    const QList<Connection *> conns = m_all.values();
    for (Connection *c : conns) {
        if (c->dead)
            continue;
        if (!c->finished) {
            const bool ws = c->phase == Connection::Phase::WebSocket;
            finish(c, ws ? (c->closeSent ? c->sentCloseCode : quint16(CloseAbnormal)) : 0,
                   ws ? c->sentCloseReason : QByteArray(), Initiator::Server, ProtocolError::None,
                   QStringLiteral("server stopped"));
        }
        hardClose(c);
    }
}

// ---------------------------------------------------------------------------------------
// Worker: observer records

EventRecord Worker::makeRecord(EventRecord::Kind kind, const Connection *c)
{
    EventRecord r;
    fillRecord(r, kind, c);
    return r;
}

qint64 Worker::takeReading()
{
    m_recordUs = nowUs();
    m_recordTicks = fastclock::ticks();
    return m_recordUs;
}

bool Worker::readingIsRecent() const
{
    return m_recordUs != 0 &&
           fastclock::isRecent(m_recordTicks, fastclock::ticks(), fastclock::recentTicks());
}

qint64 Worker::recordClock()
{
    // Inside a dispatch, outside user code: the records of one read share its reading.
    if (m_depth > 0 && m_inUserCode == 0 && m_recordUs != 0)
        return m_recordUs;
    // From user code (a push after a long computation) or outside a dispatch (a timer, a
    // posted call): a reading of its own, unless the last one is microseconds old.
    if (readingIsRecent())
        return m_recordUs;
    return takeReading();
}

void Worker::fillRecord(EventRecord &r, EventRecord::Kind kind, const Connection *c)
{
    r.kind = kind;
    r.timeUs = recordClock();
    if (!c)
        return;
    r.fd = c->fd;
    r.status = c->shared->status.load(std::memory_order_relaxed);
    switch (kind) {
    case EventRecord::Kind::Frame:
    case EventRecord::Kind::Message:
    case EventRecord::Kind::PingRtt:
    case EventRecord::Kind::StatusChanged:
        // The busy kinds: the peer is in the connection's own records. Copying a
        // QHostAddress is an atomic increment and decrement per record.
        break;
    default:
        r.peerAddress = c->shared->peerAddress;
        r.peerPort = c->shared->peerPort;
    }
}

// Built in place in the pending batch: a record moved in was a third of the worker's cost
// per frame with a JSON log attached.
EventRecord &Worker::addRecord(EventRecord::Kind kind, const Connection *c)
{
    // A full batch leaves now (growing it would move every record); flushRecords() always
    // empties m_pending, sending or, with observers behind, dropping and counting.
    if (m_pending.size() >= BatchCapacity)
        flushRecords();
    EventRecord &r = m_pending.emplaceBack();
    fillRecord(r, kind, c);
    if (m_depth == 0 && !m_observerTimer->isActive())
        m_observerTimer->start();
    return r;
}

void Worker::flushRecords()
{
    if (m_pending.isEmpty() && m_dropped == 0)
        return;
    if (m_core->batchesInFlight->load() >= MaxBatchesInFlight) {
        // Observers fall behind: drop, count, and tell them once they catch up.
        m_dropped += m_pending.size();
        m_pending.clear();
        m_observerTimer->start();
        return;
    }
    EventBatch batch = std::exchange(m_pending, {});
    if (m_dropped > 0) {
        EventRecord r = makeRecord(EventRecord::Kind::Dropped, nullptr);
        r.count = m_dropped;
        r.text = QStringLiteral("%1 event records dropped: observers fell behind").arg(m_dropped);
        batch.prepend(std::move(r));
        m_dropped = 0;
    }
    // One allocation per batch (in its thread's heap: glibc's mmap threshold is far above
    // it), not a doubling series.
    m_pending.reserve(BatchCapacity);
    m_core->emitBatch(std::move(batch));
}

} // namespace framescope
