#pragma once

// Helpers shared by the server suites: a thread-safe log of handler calls (handlers run in
// the worker thread), a main-thread relay for observer batches, and a raw TCP client that
// speaks bytes written by hand.

#include "server/websocketserver.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <optional>

namespace framescope::test {

// What the handlers saw, written from worker threads, read from the test thread.
class HandlerLog
{
public:
    void addOpen(const HttpRequest &r)
    {
        QMutexLocker l(&m_mutex);
        m_opens.append(r);
    }
    void addMessage(const Frame &f)
    {
        QMutexLocker l(&m_mutex);
        m_messages.append(f);
        m_messageThreads.append(QThread::currentThread());
    }
    void addClose(int fd)
    {
        QMutexLocker l(&m_mutex);
        m_closes.append(fd);
    }
    void addDisconnect(int fd)
    {
        QMutexLocker l(&m_mutex);
        m_disconnects.append(fd);
    }
    void addRequest(const HttpRequest &r)
    {
        QMutexLocker l(&m_mutex);
        m_requests.append(r);
    }
    QList<HttpRequest> opens() const
    {
        QMutexLocker l(&m_mutex);
        return m_opens;
    }
    QList<Frame> messages() const
    {
        QMutexLocker l(&m_mutex);
        return m_messages;
    }
    QList<QThread *> messageThreads() const
    {
        QMutexLocker l(&m_mutex);
        return m_messageThreads;
    }
    QList<int> closes() const
    {
        QMutexLocker l(&m_mutex);
        return m_closes;
    }
    QList<int> disconnects() const
    {
        QMutexLocker l(&m_mutex);
        return m_disconnects;
    }
    QList<HttpRequest> requests() const
    {
        QMutexLocker l(&m_mutex);
        return m_requests;
    }
    int openCount() const { return opens().size(); }
    int messageCount() const { return messages().size(); }
    int closeCount() const { return closes().size(); }
    int disconnectCount() const { return disconnects().size(); }

    // Wires every event handler of `server` to this log; onMessage echoes unless `echo`
    // is false.
    void attach(WebSocketServer &server, bool echo = true)
    {
        server.onOpen([this](WebSocketServer &, const HttpRequest &r) { addOpen(r); });
        server.onMessage([this, echo](WebSocketServer &s, const Frame &f) {
            addMessage(f);
            if (echo && !isControlOpcode(f.opcode))
                s.push(f.fd, f.data, f.opcode);
        });
        server.onClose([this](WebSocketServer &, int fd) { addClose(fd); });
        server.onDisconnect([this](WebSocketServer &, int fd) { addDisconnect(fd); });
    }

private:
    mutable QMutex m_mutex;
    QList<HttpRequest> m_opens;
    QList<Frame> m_messages;
    QList<QThread *> m_messageThreads;
    QList<int> m_closes;
    QList<int> m_disconnects;
    QList<HttpRequest> m_requests;
};

// Receives observer batches in the test thread (QSignalSpy on the server is unsafe: it
// emits from the worker thread).
class EventRelay : public QObject
{
public:
    explicit EventRelay(WebSocketServer &server)
    {
        connect(&server, &WebSocketServer::events, this,
                [this](const EventBatchPtr &batch) { m_records += *batch; });
    }
    QList<EventRecord> of(EventRecord::Kind kind, int fd = -1) const
    {
        QList<EventRecord> out;
        for (const EventRecord &r : m_records) {
            if (r.kind == kind && (fd < 0 || r.fd == fd))
                out.append(r);
        }
        return out;
    }
    int count(EventRecord::Kind kind, int fd = -1) const { return of(kind, fd).size(); }
    const EventBatch &all() const { return m_records; }

private:
    EventBatch m_records;
};

// A frame as a server sends it (unmasked), parsed by hand here, independent of the codec.
struct WireFrame
{
    bool fin = false;
    int rsv = 0; // bits 0x40 0x20 0x10 of the first byte
    quint8 opcode = 0;
    bool masked = false;
    QByteArray payload;
};

inline QByteArray maskedFrame(quint8 firstByte, const QByteArray &payload,
                              QByteArray key = QByteArray("\x37\xfa\x21\x3d", 4))
{
    QByteArray out;
    out.append(char(firstByte));
    if (payload.size() < 126) {
        out.append(char(0x80 | payload.size()));
    } else if (payload.size() < 65536) {
        out.append(char(0x80 | 126));
        out.append(char(payload.size() >> 8));
        out.append(char(payload.size() & 0xff));
    } else {
        out.append(char(0x80 | 127));
        for (int i = 7; i >= 0; --i)
            out.append(char((quint64(payload.size()) >> (8 * i)) & 0xff));
    }
    out.append(key);
    for (int i = 0; i < payload.size(); ++i)
        out.append(char(payload[i] ^ key[i % 4]));
    return out;
}

class RawClient
{
public:
    bool connectTo(quint16 port)
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        return m_socket.waitForConnected(5000);
    }
    QTcpSocket &socket() { return m_socket; }
    quint16 localPort() const { return m_socket.localPort(); }

    static QByteArray upgradeRequest(const QByteArray &extraHeaders = {},
                                     const QByteArray &path = "/")
    {
        return "GET " + path +
               " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
               extraHeaders + "\r\n";
    }

    void write(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
    }

    // Reads until the end of an HTTP head; returns it (empty on timeout or close).
    QByteArray readHead(int timeoutMs = 5000)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end >= 0) {
                const QByteArray head = m_buffer.left(end + 4);
                m_buffer.remove(0, end + 4);
                return head;
            }
            if (!pump(timeoutMs - int(t.elapsed())))
                break;
        }
        return {};
    }

    // Performs the opening handshake; returns the response head.
    QByteArray handshake(const QByteArray &extraHeaders = {})
    {
        write(upgradeRequest(extraHeaders));
        return readHead();
    }

    std::optional<WireFrame> readFrame(int timeoutMs = 5000)
    {
        QElapsedTimer t;
        t.start();
        for (;;) {
            if (auto f = takeFrame())
                return f;
            if (t.elapsed() >= timeoutMs || !pump(timeoutMs - int(t.elapsed())))
                return takeFrame();
        }
    }

    // Everything received until the server closes the TCP connection.
    bool waitForEof(int timeoutMs = 5000)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            if (m_socket.state() != QAbstractSocket::ConnectedState) {
                m_buffer += m_socket.readAll();
                return true;
            }
            m_socket.waitForReadyRead(50);
            m_buffer += m_socket.readAll();
        }
        return m_socket.state() != QAbstractSocket::ConnectedState;
    }

    // Exactly `n` bytes (fewer on timeout or close).
    QByteArray readExactly(qsizetype n, int timeoutMs = 5000)
    {
        QElapsedTimer t;
        t.start();
        while (m_buffer.size() < n && t.elapsed() < timeoutMs) {
            if (!pump(timeoutMs - int(t.elapsed())))
                break;
        }
        const QByteArray out = m_buffer.left(n);
        m_buffer.remove(0, out.size());
        return out;
    }

    QByteArray &buffer() { return m_buffer; }

private:
    bool pump(int timeoutMs)
    {
        if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(qMax(1, timeoutMs)))
            return m_socket.bytesAvailable() > 0 ? (m_buffer += m_socket.readAll(), true) : false;
        m_buffer += m_socket.readAll();
        return true;
    }

    std::optional<WireFrame> takeFrame()
    {
        if (m_buffer.size() < 2)
            return std::nullopt;
        const auto *b = reinterpret_cast<const quint8 *>(m_buffer.constData());
        WireFrame f;
        f.fin = b[0] & 0x80;
        f.rsv = b[0] & 0x70;
        f.opcode = b[0] & 0x0f;
        f.masked = b[1] & 0x80;
        quint64 len = b[1] & 0x7f;
        qsizetype pos = 2;
        if (len == 126) {
            if (m_buffer.size() < 4)
                return std::nullopt;
            len = (quint64(b[2]) << 8) | b[3];
            pos = 4;
        } else if (len == 127) {
            if (m_buffer.size() < 10)
                return std::nullopt;
            len = 0;
            for (int i = 0; i < 8; ++i)
                len = (len << 8) | b[2 + i];
            pos = 10;
        }
        if (f.masked)
            pos += 4;
        if (quint64(m_buffer.size() - pos) < len)
            return std::nullopt;
        f.payload = m_buffer.mid(pos, qsizetype(len));
        m_buffer.remove(0, pos + qsizetype(len));
        return f;
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
};

inline QByteArray closePayload(quint16 code, const QByteArray &reason = {})
{
    QByteArray p;
    p.append(char(code >> 8));
    p.append(char(code & 0xff));
    p.append(reason);
    return p;
}

} // namespace framescope::test
