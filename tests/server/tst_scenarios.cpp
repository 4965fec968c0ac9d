// Provoke scenarios: every catalog scenario against a client written here that behaves as
// RFC 6455 requires (pass) and one that misbehaves (fail), all runs at once so that the
// runs that must wait for a timeout share it. The clients are raw sockets: a QTcpSocket
// closes itself on EOF, and some misbehaving clients must not.

#include "protocol/closecode.h"
#include "protocol/deflate.h"
#include "protocol/framedecoder.h"
#include "protocol/framewriter.h"
#include "protocol/handshake.h"
#include "protocol/protocolerror.h"
#include "protocol/rawframe.h"
#include "server/scenarios.h"
#include "server/websocketserver.h"

#include <QFile>
#include <QMutex>
#include <QSocketNotifier>
#include <QTest>
#include <QTimer>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <memory>

using namespace framescope;

namespace {

enum class Mode {
    Good,        // RFC 6455 client: echoes, pongs, fails with the right code, gives up
    Silent,      // reads and ignores everything
    CorruptEcho, // Good, but the last byte of every echo is changed
    Sloppy,      // echoes each frame on its own, no pongs, drops TCP on a close frame
    Lenient,     // accepts anything, reassembles, pongs, echoes a close; ignores EOF
    LazyClose,   // Lenient, but answers a close 100 ms later and echoes data meanwhile
    WrongCode,   // Good, but fails the connection with 1000
    DropOnError, // Good, but fails the connection by closing TCP without a close frame
    Stubborn,    // Good, but never closes TCP itself (no give-up, EOF ignored)
    Recorder,    // Good, but keeps messages instead of echoing them; EOF is noted, not acted on
    Trusting,    // Lenient, takes any handshake response for a success and says "hello"
    Dropper,     // Good, but drops an echo while over 256 KiB wait unsent (a client that
                 // discards messages when its send buffer is full)
};

QByteArray clientFrame(quint8 opcode, const QByteArray &payload, bool fin = true)
{
    Frame f;
    f.opcode = opcode;
    f.fin = fin;
    f.masked = true;
    f.maskKey = {{0x11, 0x22, 0x33, 0x44}};
    f.data = payload;
    return FrameWriter::serialize(f);
}

QByteArray closePayload(quint16 code, const QByteArray &reason = {})
{
    return QByteArray(1, char(code >> 8)) + char(code & 0xff) + reason;
}

class TestClient final : public QObject
{
public:
    TestClient(Mode mode, bool offerDeflate) : m_mode(mode), m_offerDeflate(offerDeflate) {}
    ~TestClient() override { closeSocket(); }

    bool connectTo(quint16 port, const QByteArray &target)
    {
        m_sock = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_sock, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0)
            return false;
        ::fcntl(m_sock, F_SETFL, ::fcntl(m_sock, F_GETFL) | O_NONBLOCK);
        m_read = new QSocketNotifier(m_sock, QSocketNotifier::Read, this);
        connect(m_read, &QSocketNotifier::activated, this, [this] { onReadable(); });
        m_write = new QSocketNotifier(m_sock, QSocketNotifier::Write, this);
        m_write->setEnabled(false);
        connect(m_write, &QSocketNotifier::activated, this, [this] { flush(); });
        QByteArray req = "GET " + target +
                         " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                         "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                         "Sec-WebSocket-Version: 13\r\n";
        if (m_offerDeflate)
            req += "Sec-WebSocket-Extensions: permessage-deflate\r\n";
        write(req + "\r\n");
        return true;
    }
    bool closed() const { return m_sock < 0; }
    bool handshakeDone() const { return m_handshakeDone; }
    QList<quint16> closeCodesReceived() const { return m_closeCodes; }
    QList<QByteArray> messages() const { return m_messages; }
    int reads() const { return m_reads; }
    int dropped() const { return m_dropped; }
    bool eof() const { return m_eof; }
    void sendText(const QByteArray &text) { write(clientFrame(OpText, text)); }
    quint16 localPort() const
    {
        sockaddr_in addr{};
        socklen_t len = sizeof addr;
        getsockname(m_sock, reinterpret_cast<sockaddr *>(&addr), &len);
        return ntohs(addr.sin_port);
    }

private:
    bool lenientKind() const
    {
        return m_mode == Mode::Lenient || m_mode == Mode::LazyClose || m_mode == Mode::Trusting;
    }

    // RFC 6455 §4.1 (the client's checks of the server's handshake), RFC 7692 §7.1.2.1.
    bool validResponse(const QByteArray &head) const
    {
        const QList<QByteArray> lines = head.split('\n');
        if (!lines.value(0).startsWith("HTTP/1.1 101 "))
            return false;
        QMap<QByteArray, QList<QByteArray>> h;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                h[line.left(colon).trimmed().toLower()] << line.mid(colon + 1).trimmed();
        }
        const auto one = [&h](const char *name) {
            const QList<QByteArray> v = h.value(name);
            return v.size() == 1 ? v.front() : QByteArray();
        };
        if (one("upgrade").toLower() != "websocket" ||
            !one("connection").toLower().split(',').contains("upgrade") ||
            one("sec-websocket-accept") != computeAcceptKey("dGhlIHNhbXBsZSBub25jZQ==") ||
            h.contains("sec-websocket-protocol"))
            return false;
        const QList<QByteArray> ext = h.value("sec-websocket-extensions");
        if (ext.isEmpty())
            return true;
        if (!m_offerDeflate || ext.size() != 1)
            return false;
        const auto offers = parseExtensionOffers(ext);
        if (!offers || offers->size() != 1 || offers->front().name != "permessage-deflate")
            return false;
        for (const auto &p : offers->front().params) {
            if (p.name == "server_max_window_bits") {
                const int bits = p.value.value_or(QByteArray()).toInt();
                if (bits < 8 || bits > 15)
                    return false;
            } else if (p.name != "server_no_context_takeover" &&
                       p.name != "client_no_context_takeover") {
                return false; // client_max_window_bits was not offered
            }
        }
        return true;
    }

    void write(const QByteArray &bytes)
    {
        if (m_sock < 0)
            return;
        m_out += bytes;
        flush();
    }
    void flush()
    {
        while (m_sock >= 0 && !m_out.isEmpty()) {
            const ssize_t n = ::send(m_sock, m_out.constData(), size_t(m_out.size()), MSG_NOSIGNAL);
            if (n > 0) {
                m_out.remove(0, n);
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                break;
            closeSocket();
            return;
        }
        if (m_write)
            m_write->setEnabled(m_sock >= 0 && !m_out.isEmpty());
    }
    void closeSocket()
    {
        delete m_read;
        m_read = nullptr;
        delete m_write;
        m_write = nullptr;
        if (m_sock >= 0)
            ::close(m_sock);
        m_sock = -1;
    }
    void onEof()
    {
        m_eof = true;
        if (m_mode == Mode::Recorder || m_mode == Mode::Lenient || m_mode == Mode::LazyClose ||
            m_mode == Mode::Stubborn || m_mode == Mode::Silent) {
            m_read->setEnabled(false); // ignores it: the connection stays open
            return;
        }
        closeSocket();
    }
    void onReadable()
    {
        char buf[65536];
        while (m_sock >= 0) {
            const ssize_t n = ::read(m_sock, buf, sizeof buf);
            if (n > 0) {
                ++m_reads;
                onBytes(QByteArray(buf, int(n)));
                continue;
            }
            if (n == 0) {
                onEof();
                return;
            }
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return;
            closeSocket();
            return;
        }
    }
    void onBytes(QByteArray bytes)
    {
        if (!m_handshakeDone) {
            m_head += bytes;
            const qsizetype end = m_head.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            m_handshakeDone = m_mode == Mode::Trusting || validResponse(m_head.left(end));
            if (!m_handshakeDone && m_mode != Mode::Silent) {
                closeSocket(); // RFC 6455 §4.1: _Fail the WebSocket Connection_
                return;
            }
            if (m_mode == Mode::Trusting)
                write(clientFrame(OpText, "hello"));
            if (m_handshakeDone && m_head.left(end).contains("permessage-deflate")) {
                m_pmd = std::make_unique<PerMessageDeflate>(DeflateParams{}, Role::Client);
                m_decoder.parser().setAllowedRsvFlags(FlagRsv1);
                m_decoder.assembler().setInflater(m_pmd.get());
            }
            bytes = m_head.mid(end + 4);
            m_head.clear();
        }
        if (bytes.isEmpty() || m_mode == Mode::Silent)
            return;
        if (lenientKind() || m_mode == Mode::Sloppy)
            naive(bytes);
        else
            strict(bytes);
    }

    // --- an RFC 6455 client (our own decoder in the client role) ---
    void strict(const QByteArray &bytes)
    {
        m_decoder.decode(bytes, [this](FrameDecoder::Event &ev) {
            if (ev.status == FrameDecoder::Status::Error) {
                failConnection(closeCodeFor(ev.error), errorKey(ev.error));
                return false;
            }
            if (!ev.messageComplete)
                return true;
            const Frame &m = ev.message();
            switch (m.opcode) {
            case OpPing:
                if (!m_closeSent)
                    write(clientFrame(OpPong, m.data));
                break;
            case OpPong:
                break;
            case OpClose: {
                const quint16 code = m.data.size() >= 2
                                         ? quint16((quint8(m.data[0]) << 8) | quint8(m.data[1]))
                                         : quint16(CloseStatusError);
                m_closeCodes << code;
                if (!m_closeSent)
                    write(
                        clientFrame(OpClose, m.data.isEmpty() ? QByteArray() : closePayload(code)));
                m_closeSent = true;
                m_closeReceived = true;
                break; // the server closes TCP (RFC 6455 §7.1.1)
            }
            default:
                if (m_closeSent || m_closeReceived)
                    break; // §1.4: nothing after the closing handshake started
                if (m_mode == Mode::Recorder) {
                    m_messages << m.data;
                    break;
                }
                if (m_mode == Mode::Dropper && m_out.size() > 256 * 1024) {
                    ++m_dropped;
                    break;
                }
                write(
                    clientFrame(m.opcode, m_mode == Mode::CorruptEcho ? corrupt(m.data) : m.data));
            }
            return m_sock >= 0;
        });
    }
    static QByteArray corrupt(QByteArray data)
    {
        if (data.isEmpty())
            return "x";
        data[data.size() - 1] = char(data[data.size() - 1] ^ 0x01);
        return data;
    }
    void failConnection(quint16 code, const QByteArray &reason)
    {
        if (m_mode == Mode::DropOnError) {
            closeSocket();
            return;
        }
        if (!m_closeSent)
            write(clientFrame(OpClose,
                              closePayload(m_mode == Mode::WrongCode ? 1000 : code, reason)));
        m_closeSent = true;
        if (m_mode == Mode::Stubborn)
            return;
        // RFC 6455 §7.1.1: wait a little for the server's TCP close, then give up.
        QTimer::singleShot(300, this, [this] { closeSocket(); });
    }

    // --- clients that ignore the rules ---
    void naive(const QByteArray &bytes)
    {
        m_raw += bytes;
        while (m_raw.size() >= 2) {
            const quint8 b0 = quint8(m_raw[0]);
            const quint8 b1 = quint8(m_raw[1]);
            quint64 len = b1 & 0x7f;
            int pos = 2;
            if (len == 126) {
                if (m_raw.size() < 4)
                    return;
                len = (quint8(m_raw[2]) << 8) | quint8(m_raw[3]);
                pos = 4;
            } else if (len == 127) {
                if (m_raw.size() < 10)
                    return;
                len = 0;
                for (int i = 0; i < 8; ++i)
                    len = (len << 8) | quint8(m_raw[2 + i]);
                pos = 10;
                if (len > 64 * 1024 * 1024) {
                    m_raw.clear(); // nonsense: a lenient client waits for it forever
                    return;
                }
            }
            std::array<quint8, 4> key{};
            const bool masked = b1 & 0x80;
            if (masked) {
                if (m_raw.size() < pos + 4)
                    return;
                memcpy(key.data(), m_raw.constData() + pos, 4);
                pos += 4;
            }
            if (quint64(m_raw.size()) < pos + len)
                return;
            QByteArray payload = m_raw.mid(pos, qsizetype(len));
            if (masked)
                FrameWriter::applyMask(payload.data(), payload.size(), key);
            m_raw.remove(0, pos + qsizetype(len));
            onNaiveFrame(b0 & 0x0f, b0 & 0x80, payload);
            if (m_sock < 0)
                return;
        }
    }
    void onNaiveFrame(quint8 opcode, bool fin, const QByteArray &payload)
    {
        if (m_mode == Mode::Sloppy) {
            if (opcode == OpClose) {
                closeSocket(); // no close frame back
            } else if (opcode == OpText || opcode == OpBinary || opcode == OpContinuation) {
                write(clientFrame(opcode == OpContinuation ? quint8(OpText) : opcode, payload));
            }
            return;
        }
        // Lenient / LazyClose
        if (opcode == OpPing) {
            write(clientFrame(OpPong, payload));
        } else if (opcode == OpClose) {
            if (m_mode == Mode::LazyClose)
                QTimer::singleShot(100, this,
                                   [this, payload] { write(clientFrame(OpClose, payload)); });
            else
                write(clientFrame(OpClose, payload));
        } else if (opcode != OpPong) {
            if (opcode != OpContinuation)
                m_message = {opcode, {}};
            m_message.second += payload;
            if (fin)
                write(clientFrame(m_message.first == OpContinuation ? quint8(OpText)
                                                                    : m_message.first,
                                  m_message.second));
        }
    }

    Mode m_mode;
    bool m_offerDeflate;
    int m_sock = -1;
    QSocketNotifier *m_read = nullptr;
    QSocketNotifier *m_write = nullptr;
    QByteArray m_out;
    QByteArray m_head;
    QByteArray m_raw;
    bool m_handshakeDone = false;
    bool m_closeSent = false;
    bool m_closeReceived = false;
    QList<quint16> m_closeCodes;
    QList<QByteArray> m_messages;
    int m_reads = 0;
    int m_dropped = 0;
    bool m_eof = false;
    FrameDecoder m_decoder{Role::Client};
    std::unique_ptr<PerMessageDeflate> m_pmd;
    QPair<quint8, QByteArray> m_message;
};

struct Row
{
    QString scenario;
    Mode mode;
    Verdict verdict;
    bool deflate = false;
};

} // namespace

class TestScenarios : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<WebSocketServer> m_server;
    std::unique_ptr<ScenarioRunner> m_runner;
    QMutex m_seenMutex;
    QList<QByteArray> m_seen; // messages of connections no scenario owns

    QList<QByteArray> seen()
    {
        QMutexLocker locker(&m_seenMutex);
        return m_seen;
    }

    // The bytes the kernel holds unread for the server's end of the connection to
    // `clientPort` (/proc/net/tcp rx_queue), or -1.
    qint64 serverUnread(quint16 clientPort)
    {
        QFile f(QStringLiteral("/proc/net/tcp"));
        if (!f.open(QIODevice::ReadOnly))
            return -1;
        const QByteArray local =
            ":" + QByteArray::number(m_server->serverPort(), 16).toUpper().rightJustified(4, '0');
        const QByteArray remote =
            ":" + QByteArray::number(clientPort, 16).toUpper().rightJustified(4, '0');
        for (const QByteArray &line : f.readAll().split('\n')) {
            const QList<QByteArray> cols = line.simplified().split(' ');
            if (cols.size() > 4 && cols[1].endsWith(local) && cols[2].endsWith(remote))
                return cols[4].mid(cols[4].indexOf(':') + 1).toLongLong(nullptr, 16);
        }
        return -1;
    }

    int openPlain(TestClient &client)
    {
        const std::vector<int> before = m_server->connections();
        if (!client.connectTo(m_server->serverPort(), "/plain"))
            return 0;
        if (!QTest::qWaitFor([&] { return client.handshakeDone(); }, 5000))
            return 0;
        for (int fd : m_server->connections())
            if (std::find(before.begin(), before.end(), fd) == before.end())
                return fd;
        return 0;
    }

    void startServer()
    {
        m_server = std::make_unique<WebSocketServer>();
        ServerOptions o;
        o.websocket_compression = true; // negotiated only with clients that offer it
        m_server->set(o);
        m_runner = std::make_unique<ScenarioRunner>(*m_server);
        ScenarioRunner *runner = m_runner.get();
        m_server->onOpen(
            [runner](WebSocketServer &, const HttpRequest &request) { runner->claim(request); });
        m_server->onHandshakeFault(&ScenarioRunner::handshakeFault);
        m_server->onMessage([this, runner](WebSocketServer &s, const Frame &f) {
            if (runner->onMessage(f))
                return; // the scenario's client echoes: never answer it
            if (f.isControl())
                return;
            {
                QMutexLocker locker(&m_seenMutex);
                m_seen << f.data;
            }
            s.push(f.fd, f.data, f.opcode);
        });
        QVERIFY(m_server->start(QHostAddress::LocalHost, 0));
    }

private Q_SLOTS:
    void init()
    {
        {
            QMutexLocker locker(&m_seenMutex);
            m_seen.clear();
        }
        startServer();
    }
    void cleanup()
    {
        // The handlers use the runner: stop the workers first.
        if (m_server)
            m_server->stop();
        m_runner.reset();
        m_server.reset();
    }

    void rawFrameEncoding()
    {
        RawFrame f;
        f.payload = "hi";
        QCOMPARE(*f.encode(), QByteArray("\x81\x02hi", 4));
        f.lengthEncoding = LengthEncoding::Ext16; // non-minimal: §5.2 forbids, we can send it
        QCOMPARE(*f.encode(), QByteArray("\x81\x7e\x00\x02hi", 6));
        f.lengthEncoding = LengthEncoding::Ext64;
        QCOMPARE(*f.encode(), QByteArray("\x81\x7f\x00\x00\x00\x00\x00\x00\x00\x02hi", 12));
        f.lengthEncoding = LengthEncoding::Minimal;
        f.fin = false;
        f.rsv2 = true;
        f.opcode = 0xB;
        f.masked = true;
        f.maskKey = {{1, 2, 3, 4}};
        QCOMPARE(*f.encode(),
                 QByteArray("\x2b\x82\x01\x02\x03\x04", 6) + char('h' ^ 1) + char('i' ^ 2));
        f.masked = false;
        f.payload = QByteArray(126, 'x');
        f.lengthEncoding = LengthEncoding::Short7;
        QVERIFY(!f.encode()); // does not fit 7 bits
        f.lengthEncoding = LengthEncoding::Ext16;
        f.payload = QByteArray(65536, 'x');
        QVERIFY(!f.encode());
        f.opcode = 0x10;
        f.payload = "x";
        f.lengthEncoding = LengthEncoding::Minimal;
        QVERIFY(!f.encode()); // opcodes have 4 bits
    }

    // sendFrame() refuses what cannot be encoded, with a sentence naming the value.
    void sendFrameRefusesUnencodable()
    {
        RawFrame f;
        f.payload = QByteArray(200, 'x');
        f.lengthEncoding = LengthEncoding::Short7;
        QVERIFY(!m_server->sendFrame(1, f));
        QCOMPARE(m_server->lastError(), ServerError::InvalidArgument);
        QVERIFY(!m_server->drip(1, "abc", 0, 10));
        QCOMPARE(m_server->lastError(), ServerError::InvalidArgument);
        RawFrame ok;
        QVERIFY(!m_server->sendFrame(12345, ok));
        QCOMPARE(m_server->lastError(), ServerError::UnknownFd);

        // buffer_output_size bounds the payload, as for push(): a payload of exactly that
        // size passes the check (then fails on the unknown fd), one byte more does not.
        const qsizetype limit = qsizetype(ServerOptions().buffer_output_size);
        RawFrame largest;
        largest.payload = QByteArray(limit, 'x');
        QVERIFY(!m_server->sendFrame(12345, largest));
        QCOMPARE(m_server->lastError(), ServerError::UnknownFd);
        largest.payload.append('x');
        QVERIFY(!m_server->sendFrame(12345, largest));
        QCOMPARE(m_server->lastError(), ServerError::PayloadTooLarge);
    }

    // holdReading: what the client sends stays in the server's kernel buffer, unread, until
    // reading resumes; then it is read and answered in order.
    void holdReadingLeavesBytesUnread()
    {
        TestClient client(Mode::Recorder, false);
        const int fd = openPlain(client);
        QVERIFY(fd > 0);
        QVERIFY(m_server->holdReading(fd, true));
        // In the worker's queue after the hold: when it arrives, the hold is in effect.
        RawFrame marker;
        marker.payload = "held";
        QVERIFY(m_server->sendFrame(fd, marker));
        QTRY_COMPARE_WITH_TIMEOUT(client.messages(), QList<QByteArray>{"held"}, 5000);
        client.sendText("first");
        client.sendText("second");
        const qint64 wire = 2 * 6 + 5 + 6; // two masked headers + payloads
        QTRY_COMPARE_WITH_TIMEOUT(serverUnread(client.localPort()), wire, 5000);
        QVERIFY(seen().isEmpty());
        QVERIFY(m_server->holdReading(fd, false));
        QTRY_COMPARE_WITH_TIMEOUT(client.messages(), (QList<QByteArray>{"held", "first", "second"}),
                                  5000);
        QCOMPARE(seen(), (QList<QByteArray>{"first", "second"}));
        QVERIFY(!m_server->holdReading(9999, true));
        QCOMPARE(m_server->lastError(), ServerError::UnknownFd);
    }

    // drip: the frame arrives in pieces (one write per chunk), whole and in order with
    // what was queued after it.
    void dripWritesInChunks()
    {
        TestClient client(Mode::Recorder, false);
        const int fd = openPlain(client);
        QVERIFY(fd > 0);
        RawFrame f;
        f.payload = "dripped";
        const int readsBefore = client.reads();
        QVERIFY(m_server->drip(fd, *f.encode(), 3, 15)); // 9 bytes: 3 writes
        QTRY_COMPARE_WITH_TIMEOUT(client.messages(), QList<QByteArray>{"dripped"}, 5000);
        QVERIFY2(client.reads() - readsBefore >= 2, qPrintable(QString::number(client.reads())));
    }

    // halfClose: the client reads EOF without a close frame; the server still reads.
    void halfCloseKeepsReading()
    {
        TestClient client(Mode::Recorder, false);
        const int fd = openPlain(client);
        QVERIFY(fd > 0);
        RawFrame f;
        f.payload = "before";
        QVERIFY(m_server->sendFrame(fd, f));
        QVERIFY(m_server->halfClose(fd));
        QTRY_VERIFY_WITH_TIMEOUT(client.eof(), 5000);
        QCOMPARE(client.messages(), QList<QByteArray>{"before"}); // queued output went first
        QVERIFY(client.closeCodesReceived().isEmpty());
        client.sendText("after eof");
        QTRY_COMPARE_WITH_TIMEOUT(seen(), QList<QByteArray>{"after eof"}, 5000);
        QVERIFY(!m_server->sendFrame(fd, f)); // nothing more can be sent
    }

    void catalogIsDocumented()
    {
        QSet<QString> names;
        for (const Scenario &s : scenarioCatalog()) {
            QVERIFY2(!names.contains(s.name), qPrintable(s.name));
            names.insert(s.name);
            QVERIFY2(!s.description.isEmpty() && !s.expectation.isEmpty(), qPrintable(s.name));
            QVERIFY2(s.rfc.startsWith(QLatin1String("RFC ")), qPrintable(s.name));
            QVERIFY2((!s.steps.empty() || s.handshake != Scenario::Handshake::Normal) &&
                         s.timeoutMs > 0,
                     qPrintable(s.name));
            for (const ScenarioStep &st : s.steps)
                if (st.kind == ScenarioStep::Kind::Frame || st.kind == ScenarioStep::Kind::Drip)
                    QVERIFY2(st.frame.encode().has_value(), qPrintable(s.name));
        }
        const QByteArray json = ScenarioRunner::catalogJson();
        for (const QString &n : names)
            QVERIFY2(json.contains("\"" + n.toUtf8() + "\""), qPrintable(n));
        // docs/scenarios.md documents every scenario.
        QFile doc(QStringLiteral(FRAMESCOPE_SOURCE_DIR "/docs/scenarios.md"));
        QVERIFY(doc.open(QIODevice::ReadOnly));
        const QByteArray text = doc.readAll();
        for (const QString &n : names)
            QVERIFY2(text.contains("`" + n.toUtf8() + "`"), qPrintable(n));
    }

    // Every scenario against a correct and a misbehaving client, all at once.
    void everyScenarioPassesAndFails()
    {
        QList<Row> rows;
        for (const Scenario &s : scenarioCatalog()) {
            const QString n = s.name;
            if (s.largestPayload() > 1024 * 1024 || n == QLatin1String("server-stops-reading"))
                continue; // their own tests below, with their own time
            switch (s.expect) {
            case Scenario::Expect::Echo:
                rows << Row{n, Mode::Good, Verdict::Pass}
                     << Row{n,
                            n.startsWith(QLatin1String("fragmented")) ||
                                    n.startsWith(QLatin1String("ping"))
                                ? Mode::Sloppy
                                : Mode::CorruptEcho,
                            Verdict::Fail};
                break;
            case Scenario::Expect::Reject: {
                const bool deflate = s.requiresCompression == 1;
                rows << Row{n, Mode::Good, Verdict::Pass, deflate}
                     << Row{n, Mode::Lenient, Verdict::Fail, deflate};
                break;
            }
            case Scenario::Expect::CloseReply:
                rows << Row{n, Mode::Good, Verdict::Pass}
                     << Row{n,
                            n == QLatin1String("data-after-close") ? Mode::LazyClose : Mode::Sloppy,
                            Verdict::Fail};
                break;
            case Scenario::Expect::GiveUp:
                rows << Row{n, Mode::Good, Verdict::Pass}
                     << Row{n, n == QLatin1String("half-close") ? Mode::Lenient : Mode::Stubborn,
                            Verdict::Fail};
                break;
            case Scenario::Expect::HandshakeFail:
                rows << Row{n, Mode::Good, Verdict::Pass} << Row{n, Mode::Trusting, Verdict::Fail};
                break;
            case Scenario::Expect::Observe:
                rows << Row{n, Mode::Good, Verdict::Informational}
                     << Row{n, Mode::Lenient, Verdict::Informational};
                break;
            }
        }
        // The other ways to fail, and what is informational.
        rows << Row{QStringLiteral("text-125"), Mode::Silent, Verdict::Fail}
             << Row{QStringLiteral("masked-server-frame"), Mode::WrongCode, Verdict::Fail}
             << Row{QStringLiteral("reserved-opcode-3"), Mode::DropOnError, Verdict::Informational}
             << Row{QStringLiteral("close-unanswered"), Mode::DropOnError, Verdict::Informational}
             << Row{QStringLiteral("close-unanswered"), Mode::Lenient, Verdict::Fail}
             << Row{QStringLiteral("rsv1-set"), Mode::Good, Verdict::Informational, true}
             << Row{QStringLiteral("corrupt-deflate"), Mode::Good, Verdict::Informational, false}
             // An HTTP answer may keep its connection; a 101 that is wrong may not.
             << Row{QStringLiteral("handshake-status-403"), Mode::Silent, Verdict::Pass}
             << Row{QStringLiteral("handshake-wrong-accept"), Mode::Silent, Verdict::Fail}
             // With deflate offered, a valid permessage-deflate answer is not the fault.
             << Row{QStringLiteral("handshake-deflate-bad-parameter"), Mode::Good, Verdict::Pass,
                    true};

        m_runner->setTimeoutOverride(3000);
        std::vector<std::unique_ptr<TestClient>> clients;
        for (int i = 0; i < rows.size(); ++i) {
            auto client = std::make_unique<TestClient>(rows[i].mode, rows[i].deflate);
            QVERIFY(client->connectTo(m_server->serverPort(),
                                      "/scenario/" + rows[i].scenario.toUtf8() + "?agent=row" +
                                          QByteArray::number(i)));
            clients.push_back(std::move(client));
        }
        QTRY_VERIFY_WITH_TIMEOUT(m_runner->results().size() >= rows.size(), 20000);
        QStringList wrong;
        for (int i = 0; i < rows.size(); ++i) {
            const QList<ScenarioResult> r = m_runner->results(QStringLiteral("row%1").arg(i));
            if (r.size() != 1) {
                wrong << QStringLiteral("%1: %2 results").arg(rows[i].scenario).arg(r.size());
                continue;
            }
            if (r[0].verdict != rows[i].verdict || r[0].detail.isEmpty() ||
                r[0].name != rows[i].scenario)
                wrong << QStringLiteral("%1 (client mode %2): expected %3, got %4: %5")
                             .arg(rows[i].scenario)
                             .arg(int(rows[i].mode))
                             .arg(QLatin1String(verdictName(rows[i].verdict)),
                                  QLatin1String(verdictName(r[0].verdict)), r[0].detail);
        }
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QLatin1Char('\n'))));
    }

    // Runs `name` with a client in `mode`; its result (or a default one after 60 s).
    ScenarioResult runOne(const QString &name, Mode mode, const QString &agent,
                          TestClient **keep = nullptr)
    {
        auto client = std::make_unique<TestClient>(mode, false);
        if (!client->connectTo(m_server->serverPort(),
                               "/scenario/" + name.toUtf8() + "?agent=" + agent.toUtf8()))
            return {};
        (void)QTest::qWaitFor([&] { return !m_runner->results(agent).isEmpty(); }, 60000);
        if (keep)
            *keep = client.release();
        const QList<ScenarioResult> r = m_runner->results(agent);
        return r.isEmpty() ? ScenarioResult{} : r.front();
    }

    // One 16 MiB frame (64-bit length) at the defaults: the echo is compared in full.
    void message16MiB()
    {
        const Scenario *s = findScenario(QStringLiteral("binary-16mib"));
        QVERIFY(s);
        QCOMPARE(s->largestPayload(), qint64(16 * 1024 * 1024));
        QVERIFY(s->steps.front().frame.payload.isEmpty()); // made when it runs
        ScenarioResult r = runOne(s->name, Mode::Good, QStringLiteral("big-good"));
        QVERIFY2(r.verdict == Verdict::Pass, qPrintable(r.detail));
        QVERIFY2(r.observed.contains(QLatin1String("echoed binary 16777216 bytes")),
                 qPrintable(r.observed));
        r = runOne(s->name, Mode::CorruptEcho, QStringLiteral("big-corrupt"));
        QVERIFY2(r.verdict == Verdict::Fail, qPrintable(r.detail));
        QVERIFY2(r.detail.contains(QLatin1String("expected binary 16777216 bytes")),
                 qPrintable(r.detail));
    }

    // Options that cannot carry the message: informational, naming the options.
    void message16MiBNeedsTheOptions()
    {
        m_server->stop();
        m_runner.reset();
        m_server = std::make_unique<WebSocketServer>();
        ServerOptions o;
        o.buffer_output_size = 8 * 1024 * 1024;
        o.websocket_max_message_size = 8 * 1024 * 1024;
        o.websocket_max_frame_size = 8 * 1024 * 1024;
        m_server->set(o);
        m_runner = std::make_unique<ScenarioRunner>(*m_server);
        ScenarioRunner *runner = m_runner.get();
        m_server->onOpen(
            [runner](WebSocketServer &, const HttpRequest &request) { runner->claim(request); });
        m_server->onMessage([runner](WebSocketServer &, const Frame &f) { runner->onMessage(f); });
        QVERIFY(m_server->start(QHostAddress::LocalHost, 0));
        const ScenarioResult r =
            runOne(QStringLiteral("binary-16mib"), Mode::Good, QStringLiteral("small"));
        QVERIFY2(r.verdict == Verdict::Informational, qPrintable(r.detail));
        QVERIFY2(r.detail.contains(QLatin1String("buffer_output_size")) &&
                     r.detail.contains(QLatin1String("16777216")) &&
                     r.detail.contains(QLatin1String("8388608")),
                 qPrintable(r.detail));
    }

    // The server stops reading until the client's sends back up, then resumes: a client that
    // keeps everything passes, one that drops or corrupts echoes fails.
    void serverStopsReading()
    {
        const QString name = QStringLiteral("server-stops-reading");
        ScenarioResult r = runOne(name, Mode::Good, QStringLiteral("hold-good"));
        QVERIFY2(r.verdict == Verdict::Pass, qPrintable(r.detail));
        // The server saw the backlog: bytes waited unread, then stopped growing.
        QVERIFY2(r.observed.contains(QLatin1String("its sends backed up: ")) &&
                     r.observed.contains(QLatin1String("and stopped growing")),
                 qPrintable(r.observed));
        QCOMPARE(r.observed.count(QLatin1String("echoed binary 524288 bytes")), 16);

        // The missing echoes are missing for good only at the timeout: a shorter one here.
        m_runner->setTimeoutOverride(10000);
        TestClient *dropper = nullptr;
        r = runOne(name, Mode::Dropper, QStringLiteral("hold-dropper"), &dropper);
        std::unique_ptr<TestClient> owner(dropper);
        QVERIFY(dropper && dropper->dropped() > 0);
        QVERIFY2(r.verdict == Verdict::Fail, qPrintable(r.detail));
        QVERIFY2(r.observed.count(QLatin1String("echoed binary 524288 bytes")) ==
                     16 - dropper->dropped(),
                 qPrintable(r.observed));
        QVERIFY2(r.detail.contains(QLatin1String("(within 10000 ms)")), qPrintable(r.detail));

        r = runOne(name, Mode::CorruptEcho, QStringLiteral("hold-corrupt"));
        QVERIFY2(r.verdict == Verdict::Fail, qPrintable(r.detail));
        QVERIFY2(r.detail.contains(QLatin1String("(message 1 of 16)")), qPrintable(r.detail));
    }

    // receiveQueue() reads what the kernel holds unread for a connection.
    void receiveQueueCountsUnreadBytes()
    {
        TestClient client(Mode::Recorder, false);
        const int fd = openPlain(client);
        QVERIFY(fd > 0);
        QVERIFY(m_server->holdReading(fd, true));
        RawFrame marker;
        marker.payload = "held";
        QVERIFY(m_server->sendFrame(fd, marker));
        QTRY_COMPARE_WITH_TIMEOUT(client.messages(), QList<QByteArray>{"held"}, 5000);
        client.sendText("12345");
        const qint64 wire = 6 + 5;
        std::atomic<qint64> seenBytes{-5};
        QTRY_VERIFY_WITH_TIMEOUT(
            (m_server->receiveQueue(fd, [&seenBytes](qint64 n) { seenBytes = n; }),
             QTest::qWait(20), seenBytes.load() == wire),
            5000);
        QVERIFY(!m_server->receiveQueue(9999, [](qint64) {}));
        QCOMPARE(m_server->lastError(), ServerError::UnknownFd);
    }

    // A name that is not in the catalog: close 1008 naming it, and a failed verdict.
    void unknownScenarioIsRefused()
    {
        TestClient client(Mode::Good, false);
        QVERIFY(client.connectTo(m_server->serverPort(), "/scenario/no-such?agent=x"));
        QTRY_COMPARE_WITH_TIMEOUT(m_runner->results(QStringLiteral("x")).size(), 1, 5000);
        const ScenarioResult r = m_runner->results(QStringLiteral("x")).first();
        QCOMPARE(r.verdict, Verdict::Fail);
        QVERIFY2(r.detail.contains(QLatin1String("'no-such'")), qPrintable(r.detail));
        QTRY_COMPARE_WITH_TIMEOUT(client.closeCodesReceived(), QList<quint16>{1008}, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(client.closed(), 5000);
    }

    // start() on a connection that is already open (POST /scenario), and its refusals.
    void startOnLiveConnection()
    {
        TestClient client(Mode::Good, false);
        QVERIFY(client.connectTo(m_server->serverPort(), "/chat"));
        QTRY_VERIFY_WITH_TIMEOUT(client.handshakeDone() && m_server->connections().size() == 1,
                                 5000);
        const int fd = m_server->connections().front();
        QString error;
        QVERIFY(!m_runner->start(fd, QStringLiteral("nope"), {}, &error));
        QVERIFY2(error.contains(QLatin1String("'nope'")), qPrintable(error));
        QVERIFY(!m_runner->start(fd + 100, QStringLiteral("fragmented-text"), {}, &error));
        QVERIFY2(error.contains(QString::number(fd + 100)), qPrintable(error));
        QVERIFY(!m_runner->start(fd, QStringLiteral("handshake-status-403"), {}, &error));
        QVERIFY2(error.contains(QLatin1String("alters the opening handshake")), qPrintable(error));
        QVERIFY(!m_runner->owns(fd));
        QVERIFY(m_runner->start(fd, QStringLiteral("fragmented-with-pings"), QStringLiteral("live"),
                                &error));
        QVERIFY(!m_runner->start(fd, QStringLiteral("ping-125"), {}, &error));
        QVERIFY2(error.contains(QLatin1String("already running")), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(m_runner->results(QStringLiteral("live")).size(), 1, 5000);
        const ScenarioResult r = m_runner->results(QStringLiteral("live")).first();
        QCOMPARE(r.verdict, Verdict::Pass);
        QVERIFY2(r.observed.contains(QLatin1String("pong 6 bytes 'ping-2'")),
                 qPrintable(r.observed));
        QCOMPARE(r.fd, fd);
        // After the verdict the runner ends the connection with 1000.
        QTRY_COMPARE_WITH_TIMEOUT(client.closeCodesReceived(), QList<quint16>{1000}, 5000);
    }

    void reports()
    {
        ScenarioResult pass;
        pass.name = QStringLiteral("text-125");
        pass.agent = QStringLiteral("ci");
        pass.verdict = Verdict::Pass;
        ScenarioResult fail = pass;
        fail.name = QStringLiteral("ping-126");
        fail.verdict = Verdict::Fail;
        fail.detail = QStringLiteral("expected: close 1002; client did: pong <&>");
        ScenarioResult info = pass;
        info.name = QStringLiteral("tcp-drop");
        info.verdict = Verdict::Informational;
        const QByteArray xml = ScenarioRunner::reportJUnit({pass, fail, info});
        QVERIFY2(xml.contains("tests=\"3\" failures=\"1\" skipped=\"1\""), xml.constData());
        QVERIFY2(xml.contains("<failure message=\"expected: close 1002; client did: pong "
                              "&lt;&amp;&gt;\""),
                 xml.constData());
        const QByteArray json = ScenarioRunner::reportJson({pass, fail, info});
        QVERIFY2(json.contains("\"failed\":1"), json.constData());
        QVERIFY2(json.contains("\"verdict\":\"informational\""), json.constData());
    }
};

QTEST_GUILESS_MAIN(TestScenarios)
#include "tst_scenarios.moc"
