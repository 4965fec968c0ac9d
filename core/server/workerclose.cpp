// Worker: status changes and the end of a connection (close events, linger, hard close).

#include "worker.h"

#include "workerconfig.h"

#include "../protocol/closecode.h"

namespace framescope {

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
    io::shutdownWrite(c->sock);
    updateInterest(c);
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
    m_poller->remove(c->sock);
    io::closeSocket(c->sock, reset);
    c->sock = io::InvalidSocket;
    m_all.remove(c->fd);
    m_byFd.remove(c->fd);
    m_deadList.push_back(c);
    if (m_core->liveSockets.fetch_sub(1) == 1) {
        QMutexLocker locker(&m_core->liveMutex);
        m_core->liveChanged.wakeAll();
    }
}

} // namespace framescope
