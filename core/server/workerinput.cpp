// Worker: the WebSocket input path, decoded frames to records, handlers and replies.

#include "worker.h"

#include "workerconfig.h"

#include "../protocol/closecode.h"

#include <climits>

namespace framescope {

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

} // namespace framescope
