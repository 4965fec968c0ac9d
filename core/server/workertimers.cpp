// Worker: deadlines (handshake, close) and the heartbeat.

#include "worker.h"

#include "workerconfig.h"

#include "../protocol/closecode.h"

namespace framescope {

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

} // namespace framescope
