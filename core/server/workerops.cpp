// Worker: the facade's calls as they run on the worker thread (push, ping, close, the
// scenario primitives, stop).

#include "worker.h"

#include "workerconfig.h"

#include "../protocol/closecode.h"

namespace framescope {

// ---------------------------------------------------------------------------------------
// Worker: facade operations (worker thread)

bool Worker::pushSlow(Connection *c, quint8 opcode, const QByteArray &data, int flags)
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
        rec.text = RawFrameRecordText;
    }
    return true;
}

bool Worker::holdReadingLocal(Connection *c, bool hold)
{
    if (c->finished || c->dead)
        return false;
    c->readHeld = hold;
    c->readPaused = hold || c->out.pending() > m_core->options.buffer_output_size;
    updateInterest(c);
    if (!hold)
        onReadable(c); // what arrived meanwhile (readiness is level-triggered; this is quicker)
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

} // namespace framescope
