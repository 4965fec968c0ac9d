// Worker: the output path, frames into the OutQueue, one gather write per wakeup, settle().

#include "worker.h"

#include "workerconfig.h"

#include "../protocol/closecode.h"
#include "../protocol/framewriter.h"

#include <utility>

namespace framescope {

// ---------------------------------------------------------------------------------------
// Worker: output

void Worker::writeRaw(Connection *c, QByteArrayView bytes)
{
    c->out.append(bytes);
    addCounter(c->shared->bytesOut, bytes.size());
    markDirty(c);
}

void Worker::recordOutFrame(Connection *c, quint8 opcode, bool fin, int rsvFlags, int headerLength,
                            const QByteArray &payload, qint64 messageLength)
{
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

void Worker::queueFlush(Connection *c)
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
        io::Buffer buffers[io::MaxBuffers];
        const int count = c->out.gather(buffers, io::MaxBuffers);
        const io::IoResult r = io::writeGather(c->sock, buffers, count);
        if (r.bytes > 0) {
            c->out.consume(r.bytes);
            continue;
        }
        if (r.error == io::IoError::WouldBlock)
            break;
        // EPIPE / ECONNRESET: the peer is gone.
        lostConnection(c, io::errorString(r));
        return;
    }
    const qint64 pending = c->out.pending() + (tls ? tls->cipherPending() : 0);
    if (pending == 0 && c->shutdownAfterFlush) {
        c->shutdownAfterFlush = false;
        c->halfClosed = true;
        io::shutdownWrite(c->sock);
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
    updateInterest(c);
}

void Worker::updateInterest(Connection *c)
{
    if (c->dead)
        return;
    const bool wantWrite = c->out.pending() > 0 || (c->tls && c->tls->cipherPending() > 0);
    // Paused reading (back-pressure) also stops watching for the peer's FIN: readiness is
    // level-triggered, and a peer that shuts down its write side while we do not read would
    // wake the worker in a busy loop. The FIN is read once reading resumes.
    const quint32 interest =
        (wantWrite ? quint32(io::WantWrite) : 0u) | (c->readPaused ? 0u : quint32(io::WantRead));
    if (interest == c->interest)
        return;
    c->interest = interest;
    m_poller->modify(c->sock, interest, c);
}

void Worker::settle()
{
    expireReading(); // records of the sends below: read the clock once more
    ++m_depth;       // handlers run by flush paths must not re-enter settle()
    // By index: a connection queued while this runs (a handler's push from a flush path) is
    // appended and flushed in the same loop, and the list keeps its capacity. Swapping it
    // with a local, as before, made the next wake-up's first queueFlush() allocate (a malloc
    // and free per message in a single connection's round trip).
    for (size_t i = 0; i < m_dirty.size(); ++i)
        flush(m_dirty[i]);
    m_dirty.clear();
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

} // namespace framescope
