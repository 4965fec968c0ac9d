// ServerCore and Listener: accepting, the connection registry, stop and join, event batches.

#include "servercore.h"

#include "worker.h"
#include "workerconfig.h"

namespace framescope {

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
    if (target == Worker::current()) {
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

} // namespace framescope
