// The worker's TLS glue: the first byte of a connection picks TLS or plain TCP; TLS bytes
// go through the connection's TlsSession (memory BIOs) between the worker's socket calls
// (io/socketio.h) and the same feed() and OutQueue a plain connection uses.
//
// Why memory BIOs and not SSL_set_fd(): the worker keeps every socket call (one read of up
// to 256 KiB, one send per wakeup, would-block and poller interest, back-pressure, lingering
// close) in one place for both kinds of connection, on every I/O backend, and the server
// fuzzer drives that same path without a socket. OpenSSL only ever sees bytes.

#include "worker.h"

namespace framescope {

namespace {

// Plaintext encrypted per round of flushTls(): bounds the ciphertext held beyond the
// OutQueue (which back-pressure and the slow-reader limit measure) to about this much.
constexpr qsizetype EncryptBatch = 256 * 1024;

} // namespace

void Worker::readTls(Connection *c, const char *data, qsizetype size)
{
    TlsSession &t = *c->tls;
    if (!t.begun()) {
        if (data[0] != TlsHandshakeRecord) {
            c->tls.reset(); // plain TCP from here on
            if (m_core->tls->onlyTls()) {
                // tls_mode only: a plain answer the client can read, then the close.
                const quint8 byte = quint8(data[0]);
                rejectHandshake(
                    c, nullptr, 400,
                    QByteArray("this port speaks TLS only (tls_mode only) and the connection "
                               "opened with byte 0x") +
                        QByteArray::number(byte, 16).rightJustified(2, '0') +
                        ", not a TLS handshake record (0x16): connect with wss:// or https://");
                return;
            }
            feed(c, data, size);
            return;
        }
        t.begin();
    }
    t.putCiphertext(data, size);
    char *plain = m_plainBuffer.data();
    while (!c->dead) {
        int n = 0;
        const TlsSession::Read r = t.readPlain(plain, int(m_plainBuffer.size()), &n);
        if (t.takeEstablished())
            tlsEstablished(c);
        if (r == TlsSession::Read::Data) {
            if (c->phase != Connection::Phase::Lingering)
                feed(c, plain, n);
            continue;
        }
        if (r == TlsSession::Read::NeedMore)
            break;
        if (r == TlsSession::Read::Closed) {
            // close_notify: the peer's end of the TLS stream, like a TCP FIN.
            onPeerEof(c);
            return;
        }
        tlsFailed(c);
        return;
    }
    if (!c->dead && t.cipherPending() > 0)
        markDirty(c); // handshake messages to send
}

void Worker::tlsEstablished(Connection *c)
{
    auto info = std::make_shared<const TlsInfo>(c->tls->info());
    QMutexLocker locker(&c->shared->mutex);
    c->shared->tls = std::move(info);
}

void Worker::tlsFailed(Connection *c)
{
    TlsSession &t = *c->tls;
    const bool handshake = !t.established();
    const QString text =
        (handshake ? QStringLiteral("TLS handshake failed: %1") : QStringLiteral("TLS error: %1"))
            .arg(t.errorText());
    if (!c->finished) {
        if (handshake && observing()) {
            EventRecord &rec = addRecord(EventRecord::Kind::HandshakeRejected, c);
            rec.text = text;
        }
        if (c->phase == Connection::Phase::WebSocket)
            finish(c, CloseAbnormal, {}, Initiator::Abnormal, ProtocolError::None, text);
        else
            finish(c, 0, {}, Initiator::Server, ProtocolError::None, text);
    }
    if (t.cipherPending() > 0)
        closeAfterFlush(c); // the alert that says why, then the close
    else
        hardClose(c);
}

bool Worker::flushTls(Connection *c)
{
    TlsSession &t = *c->tls;
    for (;;) {
        while (t.cipherPending() > 0) {
            const io::IoResult r = io::writeSome(c->sock, t.cipherData(), t.cipherPending());
            if (r.bytes > 0) {
                t.cipherConsumed(r.bytes);
                continue;
            }
            if (r.error == io::IoError::WouldBlock)
                return true;
            lostConnection(c, io::errorString(r));
            return false;
        }
        if (c->out.pending() == 0 || !t.established())
            return true;
        // Encrypt the next batch of queued plaintext: a batch of small frames is one
        // SSL_write (one record), a large payload its 16 KiB records.
        io::Buffer buffers[io::MaxBuffers];
        const int count = c->out.gather(buffers, io::MaxBuffers);
        qsizetype taken = 0;
        for (int i = 0; i < count && taken < EncryptBatch; ++i) {
            const qsizetype take = qMin<qsizetype>(buffers[i].size, EncryptBatch - taken);
            t.encrypt(buffers[i].data, take);
            taken += take;
        }
        c->out.consume(taken);
    }
}

void Worker::sendCloseNotify(Connection *c)
{
    TlsSession &t = *c->tls;
    if (!t.established())
        return;
    t.shutdown();
    // Best effort before SHUT_WR: a close_notify is a few dozen bytes.
    while (t.cipherPending() > 0) {
        const io::IoResult r = io::writeSome(c->sock, t.cipherData(), t.cipherPending());
        if (r.bytes > 0)
            t.cipherConsumed(r.bytes);
        else
            break;
    }
}

} // namespace framescope
