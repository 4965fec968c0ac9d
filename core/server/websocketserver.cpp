#include "websocketserver.h"

#include "worker.h"

#include "../protocol/framewriter.h"
#include "../protocol/utf8.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTimer>

#include <algorithm>

namespace framescope {

namespace {

thread_local ServerError t_lastError = ServerError::None;

// The calling thread's lastError(), and an OperationFailed record for observers.
bool refuse(ServerCore *d, const Refusal &refusal, ServerError error, const QString &detail = {},
            const Connection *c = nullptr)
{
    t_lastError = error;
    d->recordRefusal(refusal, error, detail, c);
    return false;
}

QString statusText(int status)
{
    return QStringLiteral("not an established WebSocket connection (websocket_status %1 %2)")
        .arg(status)
        .arg(QLatin1String(websocketStatusName(status)));
}

QString hostPort(const QHostAddress &host, quint16 port)
{
    if (host.protocol() == QAbstractSocket::IPv6Protocol)
        return QStringLiteral("[%1]:%2").arg(host.toString()).arg(port);
    return QStringLiteral("%1:%2").arg(host.toString()).arg(port);
}

bool isSendableOpcode(int opcode)
{
    return opcode == OpContinuation || opcode == OpText || opcode == OpBinary ||
           opcode == OpClose || opcode == OpPing || opcode == OpPong;
}

} // namespace

const char *serverErrorKey(ServerError error)
{
    switch (error) {
    case ServerError::None:
        return "none";
    case ServerError::NotRunning:
        return "not_running";
    case ServerError::UnknownFd:
        return "unknown_fd";
    case ServerError::NotEstablished:
        return "not_established";
    case ServerError::PayloadTooLarge:
        return "payload_too_large";
    case ServerError::InvalidCloseCode:
        return "invalid_close_code";
    case ServerError::ReasonTooLong:
        return "reason_too_long";
    case ServerError::InvalidOpcode:
        return "invalid_opcode";
    case ServerError::InvalidArgument:
        return "invalid_argument";
    }
    return "unknown";
}

const char *serverErrorOption(ServerError error)
{
    return error == ServerError::PayloadTooLarge ? "buffer_output_size" : "";
}

QString serverErrorText(ServerError error)
{
    switch (error) {
    case ServerError::None:
        return QStringLiteral("no error");
    case ServerError::NotRunning:
        return QStringLiteral("the server is not running");
    case ServerError::UnknownFd:
        return QStringLiteral("no connection with this fd");
    case ServerError::NotEstablished:
        return QStringLiteral("the connection is not an established WebSocket connection");
    case ServerError::PayloadTooLarge:
        return QStringLiteral("the payload is larger than buffer_output_size");
    case ServerError::InvalidCloseCode:
        return QStringLiteral("close code must be 1000 or 4000-4999");
    case ServerError::ReasonTooLong:
        return QStringLiteral("close reason is longer than 123 bytes");
    case ServerError::InvalidOpcode:
        return QStringLiteral("opcode is not one of TEXT, BINARY, CONTINUATION, CLOSE, PING, "
                              "PONG");
    case ServerError::InvalidArgument:
        return QStringLiteral("invalid argument");
    }
    return {};
}

WebSocketServer::WebSocketServer(QObject *parent)
    : QObject(parent), d(std::make_unique<ServerCore>(this))
{
    qRegisterMetaType<framescope::EventBatchPtr>();
    qRegisterMetaType<framescope::EventBatchPtr>("framescope::EventBatchPtr");
}

WebSocketServer::~WebSocketServer()
{
    stop();
}

void WebSocketServer::set(const ServerOptions &options)
{
    d->options = options;
}
ServerOptions WebSocketServer::options() const
{
    return d->options;
}
void WebSocketServer::onOpen(OpenHandler handler)
{
    d->onOpen = std::move(handler);
}
void WebSocketServer::onMessage(MessageHandler handler)
{
    d->onMessage = std::move(handler);
}
void WebSocketServer::onClose(CloseHandler handler)
{
    d->onClose = std::move(handler);
}
void WebSocketServer::onDisconnect(DisconnectHandler handler)
{
    d->onDisconnect = std::move(handler);
}
void WebSocketServer::onRequest(RequestHandler handler)
{
    d->onRequest = std::move(handler);
}
void WebSocketServer::onHandshake(HandshakeHandler handler)
{
    d->onHandshake = std::move(handler);
}
void WebSocketServer::onBeforeHandshakeResponse(BeforeHandshakeResponseHandler handler)
{
    d->onBeforeHandshakeResponse = std::move(handler);
}

void WebSocketServer::onHandshakeFault(HandshakeFaultHandler handler)
{
    d->onHandshakeFault = std::move(handler);
}

void WebSocketServer::setObserverEnabled(bool enabled, int payloadLimit)
{
    d->payloadLimit.store(qMax(0, payloadLimit));
    d->observe.store(enabled);
}

bool WebSocketServer::isObserverEnabled() const
{
    return d->observe.load();
}

bool WebSocketServer::start(const QHostAddress &host, quint16 port)
{
    if (isStopping())
        completeStop(); // a stopAsync() still waits for closing handshakes: end it (bounded)
    if (d->running.load()) {
        d->errorString = QStringLiteral("the server is already running on %1")
                             .arg(hostPort(d->address, d->port));
        return false;
    }
    auto failStart = [this](const QString &message) {
        d->errorString = message;
        if (d->observe.load()) {
            EventRecord r;
            r.kind = EventRecord::Kind::ServerError;
            r.timeUs = QDateTime::currentMSecsSinceEpoch() * 1000;
            r.text = message;
            d->emitBatch(EventBatch{r});
        }
        return false;
    };
    if (!d->onMessage)
        return failStart(QStringLiteral("no message handler set: onMessage is required"));
    const QString invalid = d->options.validate();
    if (!invalid.isEmpty())
        return failStart(invalid);

    QString ioError;
    const std::optional<io::Backend> backend = io::selectedBackend(&ioError);
    if (!backend)
        return failStart(ioError);
    d->ioBackend = *backend;

    d->tls.reset();
    if (d->options.tlsEnabled()) {
        QString tlsError;
        d->tls = TlsContext::create(d->options, &tlsError);
        if (!d->tls)
            return failStart(tlsError);
    }
    d->errorString.clear();
    // fd numbering goes on across restarts of one server: a connection's fd names it for
    // the life of the object (logs, the window's tables), never a connection of a past run.
    d->openConnections.store(0);
    d->liveSockets.store(0);
    QString error;
    bool ok = true;
    for (int i = 0; i < d->options.reactor_num && ok; ++i) {
        auto *thread = new QThread;
        thread->setObjectName(QStringLiteral("framescope-reactor-%1").arg(i));
        // epoll: the thread waits on the workers' own epoll set (io/epolldispatcher.h).
        if (QAbstractEventDispatcher *dispatcher = io::createEventDispatcher(d->ioBackend))
            thread->setEventDispatcher(dispatcher);
        auto *worker = new Worker(d.get(), i);
        worker->moveToThread(thread);
        thread->start();
        d->threads.push_back(thread);
        d->workers.push_back(worker);
        QMetaObject::invokeMethod(
            worker, [&] { ok = worker->init(&error); }, Qt::BlockingQueuedConnection);
    }
    quint16 boundPort = 0;
    if (ok) {
        Worker *first = d->workers.front();
        QMetaObject::invokeMethod(
            first,
            [&] {
                auto *listener = new Listener(d.get());
                listener->setMaxPendingConnections(1 << 20);
                if (!listener->listen(host, port)) {
                    switch (listener->serverError()) {
                    case QAbstractSocket::AddressInUseError:
                        error = QStringLiteral("%1 is already in use").arg(hostPort(host, port));
                        break;
                    case QAbstractSocket::SocketAddressNotAvailableError:
                        error = QStringLiteral("cannot bind to %1: address not available")
                                    .arg(host.toString());
                        break;
                    case QAbstractSocket::SocketAccessError:
                        error = QStringLiteral("cannot bind to %1: permission denied")
                                    .arg(hostPort(host, port));
                        break;
                    default:
                        error = QStringLiteral("cannot listen on %1: %2")
                                    .arg(hostPort(host, port), listener->errorString());
                        break;
                    }
                    delete listener;
                    ok = false;
                    return;
                }
                boundPort = listener->serverPort();
                first->listener = listener;
            },
            Qt::BlockingQueuedConnection);
    }
    if (!ok) {
        d->joinWorkers();
        return failStart(error);
    }
    d->address = host;
    d->port = boundPort;
    d->running.store(true);
    if (d->observe.load()) {
        EventRecord r;
        r.kind = EventRecord::Kind::ServerStarted;
        r.timeUs = QDateTime::currentMSecsSinceEpoch() * 1000;
        r.text = QStringLiteral("ws://%1/").arg(hostPort(host, boundPort));
        d->emitBatch(EventBatch{r});
    }
    Q_EMIT started();
    return true;
}

void WebSocketServer::stop()
{
    Worker *self = Worker::current();
    if (self && self->core() == d.get()) {
        // Called from a handler: the worker cannot wait for itself; stop from our thread.
        if (d->running.load())
            QMetaObject::invokeMethod(
                this, [this] { stop(); }, Qt::QueuedConnection);
        return;
    }
    d->beginStop();
    completeStop();
}

void WebSocketServer::completeStop()
{
    d->waitForCloses();
    finishStop();
}

void WebSocketServer::stopAsync()
{
    if (d->beginStop())
        QMetaObject::invokeMethod(
            this, [this] { pollStop(); }, Qt::QueuedConnection);
}

bool WebSocketServer::isStopping() const
{
    // No lock: a close handler may ask while finishStop() holds it and joins the workers.
    return d->stopping.load();
}

void WebSocketServer::pollStop()
{
    {
        QMutexLocker locker(&d->lifecycleMutex);
        if (!d->stopping)
            return; // a blocking stop() or start() finished it
        if (d->liveSockets.load() > 0 && !d->stopDeadline.hasExpired()) {
            // A handful of wakeups per stop; the workers do the closing meanwhile.
            QTimer::singleShot(10, this, [this] { pollStop(); });
            return;
        }
    }
    finishStop();
}

void WebSocketServer::finishStop()
{
    {
        QMutexLocker locker(&d->lifecycleMutex);
        if (!d->stopping)
            return;
        d->joinWorkers(); // drops what is still open (1006 for the peers that did not answer)
        {
            QWriteLocker registry(&d->registryLock);
            d->registry.clear();
        }
        d->stopping = false;
    }
    if (d->observe.load()) {
        EventRecord r;
        r.kind = EventRecord::Kind::ServerStopped;
        r.timeUs = QDateTime::currentMSecsSinceEpoch() * 1000;
        d->emitBatch(EventBatch{r});
    }
    Q_EMIT stopped();
}

bool WebSocketServer::isRunning() const
{
    return d->running.load();
}
QString WebSocketServer::errorString() const
{
    return d->errorString;
}
QString WebSocketServer::ioBackend() const
{
    return QLatin1String(io::backendName(d->ioBackend));
}
QHostAddress WebSocketServer::serverAddress() const
{
    return d->address;
}
quint16 WebSocketServer::serverPort() const
{
    return d->port;
}

namespace {

enum class Need : quint8 { Any, Active, ActiveOrClosing };

// The connection when the caller runs on its worker (a handler), else nullptr.
Q_ALWAYS_INLINE Connection *local(ServerCore *d, int fd, Worker **worker)
{
    Worker *self = Worker::current();
    if (!self || self->core() != d)
        return nullptr;
    *worker = self;
    return self->find(fd);
}

// Runs `op` on the connection's worker: at once when called on that worker (the fast path
// of handlers), else posted. The immediate answer comes from the shared snapshot; a posted
// call that cannot be done when it runs leaves an OperationFailed record.
template <typename Op> bool route(ServerCore *d, const Refusal &refusal, Need need, Op op)
{
    if (!d->running.load(std::memory_order_relaxed))
        return refuse(d, refusal, ServerError::NotRunning);
    Worker *self = nullptr;
    if (Connection *c = local(d, refusal.fd, &self)) {
        Dispatch dispatch(self);
        return op(self, c) ||
               refuse(d, refusal, ServerError::NotEstablished, Worker::unavailableReason(c), c);
    }
    const std::shared_ptr<SharedConn> shared = d->lookup(refusal.fd);
    if (!shared)
        return refuse(d, refusal, ServerError::UnknownFd);
    const int status = shared->status.load(std::memory_order_acquire);
    if ((need == Need::Active && status != StatusActive) ||
        (need == Need::ActiveOrClosing && status != StatusActive && status != StatusClosing))
        return refuse(d, refusal, ServerError::NotEstablished, statusText(status));
    Worker *w = shared->worker;
    w->post([w, refusal, op] {
        Connection *c = w->find(refusal.fd);
        if (!c || !op(w, c))
            w->core()->recordRefusal(refusal,
                                     c ? ServerError::NotEstablished : ServerError::UnknownFd,
                                     Worker::unavailableReason(c), c, true);
    });
    return true;
}

// The checks of a push that do not depend on the connection: plain comparisons on the
// push path, the sentence only once one failed.
ServerError checkPush(const ServerOptions &options, qsizetype size, int opcode)
{
    if (!isSendableOpcode(opcode))
        return ServerError::InvalidOpcode;
    // RFC 6455 §5.5: control frames carry at most 125 bytes.
    if (isControlOpcode(quint8(opcode)) && size > 125)
        return ServerError::InvalidArgument;
    if (size > options.buffer_output_size)
        return ServerError::PayloadTooLarge;
    return ServerError::None;
}

QString pushRefusal(ServerError error, int opcode)
{
    if (error == ServerError::InvalidOpcode)
        return QStringLiteral("opcode %1 is not one of TEXT, BINARY, CONTINUATION, CLOSE, PING, "
                              "PONG")
            .arg(opcode);
    if (error == ServerError::InvalidArgument)
        return QStringLiteral("a control frame carries at most 125 bytes (RFC 6455 §5.5)");
    return {}; // buffer_output_size: named by recordRefusal()
}

} // namespace

bool WebSocketServer::push(int fd, const QByteArray &data, int opcode, int flags)
{
    const ServerError error = checkPush(d->options, data.size(), opcode);
    if (error != ServerError::None)
        return refuse(d.get(), {Operation::Push, fd, data.size()}, error,
                      pushRefusal(error, opcode));
    // A handler pushing on its own worker (an echo): straight there, without the copy of
    // `data` that a posted call needs (two atomic reference-count updates per message).
    Worker *self = nullptr;
    Connection *c =
        d->running.load(std::memory_order_relaxed) ? local(d.get(), fd, &self) : nullptr;
    if (c) {
        Dispatch dispatch(self);
        return self->pushLocal(c, quint8(opcode), data, flags) ||
               refuse(d.get(), {Operation::Push, fd, data.size()}, ServerError::NotEstablished,
                      Worker::unavailableReason(c), c);
    }
    return route(d.get(), {Operation::Push, fd, data.size()},
                 opcode == OpClose ? Need::ActiveOrClosing : Need::Active,
                 [op = quint8(opcode), data, flags](Worker *w, Connection *c) {
                     return w->pushLocal(c, op, data, flags);
                 });
}

bool WebSocketServer::push(int fd, const Frame &frame)
{
    // A Frame's rsv1 means "compressed" (as on received frames): ask for compression.
    int flags = frame.flags() & ~(FlagRsv1 | FlagCompress | FlagMask);
    if (frame.rsv1)
        flags |= FlagCompress;
    return push(fd, frame.data, frame.opcode, flags);
}

bool WebSocketServer::ping(int fd, const QByteArray &payload)
{
    const Refusal refusal{Operation::Ping, fd, payload.size()};
    // RFC 6455 §5.5: control frames carry at most 125 bytes.
    if (payload.size() > 125)
        return refuse(d.get(), refusal, ServerError::InvalidArgument,
                      QStringLiteral("a ping carries at most 125 bytes (RFC 6455 §5.5)"));
    return route(d.get(), refusal, Need::Active,
                 [payload](Worker *w, Connection *c) { return w->pingLocal(c, payload); });
}

bool WebSocketServer::exist(int fd) const
{
    if (!d->running.load())
        return false;
    return d->lookup(fd) != nullptr;
}

bool WebSocketServer::isEstablished(int fd) const
{
    if (!d->running.load())
        return false;
    const auto shared = d->lookup(fd);
    return shared && shared->status.load(std::memory_order_acquire) == StatusActive;
}

bool WebSocketServer::disconnect(int fd, int code, const QByteArray &reason)
{
    const Refusal refusal{Operation::Disconnect, fd, -1, code};
    if (code < 0 || code > 0xffff || !isApplicationCloseCode(quint16(code)))
        return refuse(d.get(), refusal, ServerError::InvalidCloseCode);
    // Swoole documents 125 bytes, but the close payload (2-byte code + reason) must fit in
    // 125 bytes (RFC 6455 §5.5), so a reason over 123 bytes would make an invalid frame.
    if (reason.size() > CloseFrame::MaxReasonBytes)
        return refuse(d.get(), refusal, ServerError::ReasonTooLong,
                      QStringLiteral("the close reason is %1 bytes, more than %2")
                          .arg(reason.size())
                          .arg(CloseFrame::MaxReasonBytes));
    // RFC 6455 §5.5.1: the reason is UTF-8.
    if (!Utf8Validator::isValid(reason))
        return refuse(d.get(), refusal, ServerError::InvalidArgument,
                      QStringLiteral("the close reason is not valid UTF-8 (RFC 6455 §5.5.1)"));
    return route(d.get(), refusal, Need::ActiveOrClosing,
                 [c16 = quint16(code), reason](Worker *w, Connection *c) {
                     return w->disconnectLocal(c, c16, reason);
                 });
}

bool WebSocketServer::close(int fd, bool reset)
{
    return route(d.get(), {Operation::Close, fd}, Need::Any,
                 [reset](Worker *w, Connection *c) { return w->closeLocal(c, reset); });
}

bool WebSocketServer::sendClose(int fd, int code, const QByteArray &reason)
{
    const Refusal refusal{Operation::SendClose, fd, -1, code};
    if (code < 0 || code > 0xffff)
        return refuse(d.get(), refusal, ServerError::InvalidCloseCode,
                      QStringLiteral("a close code is 0-65535"));
    if (reason.size() > CloseFrame::MaxReasonBytes)
        return refuse(d.get(), refusal, ServerError::ReasonTooLong,
                      QStringLiteral("the close reason is %1 bytes, more than %2")
                          .arg(reason.size())
                          .arg(CloseFrame::MaxReasonBytes));
    return route(d.get(), refusal, Need::ActiveOrClosing,
                 [c16 = quint16(code), reason](Worker *w, Connection *c) {
                     return w->disconnectLocal(c, c16, reason);
                 });
}

std::optional<ClientInfo> WebSocketServer::clientInfo(int fd) const
{
    if (!d->running.load())
        return std::nullopt;
    const auto s = d->lookup(fd);
    if (!s)
        return std::nullopt;
    ClientInfo info;
    info.fd = fd;
    info.websocket_status = s->status.load(std::memory_order_acquire);
    info.remoteAddress = s->peerAddress;
    info.remotePort = s->peerPort;
    info.connectTimeMs = s->connectTimeMs;
    info.lastTimeMs = s->lastTimeMs.load(std::memory_order_relaxed);
    info.framesIn = s->framesIn.load(std::memory_order_relaxed);
    info.framesOut = s->framesOut.load(std::memory_order_relaxed);
    info.bytesIn = s->bytesIn.load(std::memory_order_relaxed);
    info.bytesOut = s->bytesOut.load(std::memory_order_relaxed);
    info.lastRttUs = s->lastRttUs.load(std::memory_order_relaxed);
    QMutexLocker locker(&s->mutex);
    info.subprotocol = s->subprotocol;
    info.extensions = s->extensions;
    info.compression = s->compression;
    info.requestHead = s->requestHead;
    info.responseHead = s->responseHead;
    if (s->tls)
        info.tls = *s->tls;
    return info;
}

std::vector<int> WebSocketServer::connections() const
{
    std::vector<int> fds;
    {
        QReadLocker locker(&d->registryLock);
        fds.reserve(size_t(d->registry.size()));
        for (auto it = d->registry.cbegin(); it != d->registry.cend(); ++it)
            fds.push_back(it.key());
    }
    std::sort(fds.begin(), fds.end());
    return fds;
}

int WebSocketServer::broadcast(const QByteArray &data, int opcode, int flags, int exceptFd)
{
    t_lastError = ServerError::None;
    const ServerError error = checkPush(d->options, data.size(), opcode);
    if (error != ServerError::None) {
        // Refused once for all, not once per connection.
        refuse(d.get(), {Operation::Broadcast, 0, data.size()}, error, pushRefusal(error, opcode));
        return 0;
    }
    int count = 0;
    for (int fd : connections()) {
        if (fd != exceptFd && isEstablished(fd) && push(fd, data, opcode, flags))
            ++count;
    }
    return count;
}

void WebSocketServer::defer(std::function<void()> fn)
{
    if (!d->running.load() || d->workers.empty())
        return;
    Worker *self = Worker::current();
    Worker *target = (self && self->core() == d.get()) ? self : d->workers.front();
    target->post(std::move(fn));
}

bool WebSocketServer::send(int fd, const QByteArray &bytes)
{
    const Refusal refusal{Operation::Send, fd, bytes.size()};
    if (bytes.size() > d->options.buffer_output_size)
        return refuse(d.get(), refusal, ServerError::PayloadTooLarge);
    return route(d.get(), refusal, Need::Any,
                 [bytes](Worker *w, Connection *c) { return w->sendRawLocal(c, bytes); });
}

bool WebSocketServer::sendFrame(int fd, const RawFrame &frame)
{
    const Refusal refusal{Operation::Send, fd, frame.payload.size()};
    const std::optional<QByteArray> wire = frame.encode();
    if (!wire)
        return refuse(d.get(), refusal, ServerError::InvalidArgument,
                      QStringLiteral("a %1-byte payload does not fit the chosen length form")
                          .arg(frame.payload.size()));
    // The same limit as push(): buffer_output_size bounds the payload, not the header.
    if (frame.payload.size() > d->options.buffer_output_size)
        return refuse(d.get(), refusal, ServerError::PayloadTooLarge);
    return route(d.get(), refusal, Need::Any, [frame, bytes = *wire](Worker *w, Connection *c) {
        return w->sendFrameLocal(c, frame, bytes);
    });
}

namespace {
// One chunk now, the rest from a timer of the worker: the bytes go through the same queue.
void dripStep(Worker *w, int fd, QByteArray bytes, qsizetype at, int chunkSize, int intervalMs)
{
    Connection *c = w->find(fd);
    if (!c)
        return;
    const qsizetype n = qMin<qsizetype>(chunkSize, bytes.size() - at);
    if (!w->sendRawLocal(c, bytes.mid(at, n)))
        return;
    if (at + n >= bytes.size())
        return;
    QTimer::singleShot(intervalMs, w, [w, fd, bytes, at, n, chunkSize, intervalMs] {
        Dispatch dispatch(w);
        dripStep(w, fd, bytes, at + n, chunkSize, intervalMs);
    });
}
} // namespace

bool WebSocketServer::drip(int fd, const QByteArray &bytes, int chunkSize, int intervalMs)
{
    const Refusal refusal{Operation::Send, fd, bytes.size()};
    if (chunkSize <= 0 || intervalMs < 0 || bytes.isEmpty())
        return refuse(d.get(), refusal, ServerError::InvalidArgument,
                      QStringLiteral("drip needs bytes, a chunk size over 0 (got %1) and an "
                                     "interval of 0 ms or more (got %2)")
                          .arg(chunkSize)
                          .arg(intervalMs));
    if (bytes.size() > d->options.buffer_output_size)
        return refuse(d.get(), refusal, ServerError::PayloadTooLarge);
    return route(d.get(), refusal, Need::Any,
                 [fd, bytes, chunkSize, intervalMs](Worker *w, Connection *c) {
                     if (c->finished || c->dead)
                         return false;
                     dripStep(w, fd, bytes, 0, chunkSize, intervalMs);
                     return true;
                 });
}

bool WebSocketServer::holdReading(int fd, bool hold)
{
    return route(d.get(), {Operation::Send, fd, -1}, Need::Any,
                 [hold](Worker *w, Connection *c) { return w->holdReadingLocal(c, hold); });
}

bool WebSocketServer::receiveQueue(int fd, std::function<void(qint64 bytes)> done)
{
    return route(d.get(), {Operation::Send, fd, -1}, Need::Any,
                 [done = std::move(done)](Worker *, Connection *c) {
                     if (c->finished || c->dead || c->sock == io::InvalidSocket)
                         return false;
                     done(io::bytesAvailable(c->sock));
                     return true;
                 });
}

bool WebSocketServer::holdClose(int fd, bool hold)
{
    return route(d.get(), {Operation::Send, fd, -1}, Need::ActiveOrClosing,
                 [hold](Worker *w, Connection *c) { return w->holdCloseLocal(c, hold); });
}

bool WebSocketServer::halfClose(int fd)
{
    return route(d.get(), {Operation::Close, fd, -1}, Need::Any,
                 [](Worker *w, Connection *c) { return w->halfCloseLocal(c); });
}

ServerError WebSocketServer::lastError() const
{
    return t_lastError;
}

QByteArray WebSocketServer::pack(const QByteArray &data, int opcode, int flags)
{
    return FrameWriter::pack(data, quint8(opcode), flags);
}

std::optional<Frame> WebSocketServer::unpack(const QByteArray &data)
{
    return FrameWriter::unpack(data);
}

CloseFrame WebSocketServer::parseCloseFrame(const Frame &frame)
{
    CloseFrame close;
    if (frame.data.size() >= 2) {
        close.code = quint16((quint8(frame.data[0]) << 8) | quint8(frame.data[1]));
        close.reason = frame.data.mid(2);
    }
    return close;
}

} // namespace framescope
