// WebSocketServer with Qt's own QWebSocket (and a raw socket where a header or a byte
// matters) as the client: events, methods, options, closing handshakes.

#include "servertestutil.h"

#include "protocol/handshake.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QWebSocket>

#include <zlib.h>

#include <memory>
#include <set>

using namespace framescope;
using namespace framescope::test;

namespace {

QUrl urlOf(const WebSocketServer &server, const QByteArray &path = "/")
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1%2")
                    .arg(server.serverPort())
                    .arg(QString::fromLatin1(path)));
}

// A connected QWebSocket (or nullptr after a failed wait).
std::unique_ptr<QWebSocket> connectClient(const WebSocketServer &server,
                                          const QByteArray &path = "/")
{
    auto ws = std::make_unique<QWebSocket>();
    ws->open(urlOf(server, path));
    if (!QTest::qWaitFor([&] { return ws->state() == QAbstractSocket::ConnectedState; }, 5000))
        return nullptr;
    return ws;
}

// The fd of the only connection whose peer port is `port`.
int fdOfPeer(const WebSocketServer &server, quint16 port)
{
    for (int fd : server.connections()) {
        const auto info = server.clientInfo(fd);
        if (info && info->remotePort == port)
            return fd;
    }
    return 0;
}

QByteArray rawDeflate(const QByteArray &in)
{
    z_stream z{};
    deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(in.size() + 64), Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.constData()));
    z.avail_in = uInt(in.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    deflate(&z, Z_SYNC_FLUSH);
    out.resize(out.size() - int(z.avail_out));
    deflateEnd(&z);
    out.chop(4); // RFC 7692 §7.2.1: 00 00 ff ff removed
    return out;
}

QByteArray rawInflate(QByteArray in)
{
    in.append("\x00\x00\xff\xff", 4); // RFC 7692 §7.2.2
    z_stream z{};
    inflateInit2(&z, -15);
    QByteArray out(1 << 20, Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef *>(in.data());
    z.avail_in = uInt(in.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    inflate(&z, Z_SYNC_FLUSH);
    out.resize(out.size() - int(z.avail_out));
    inflateEnd(&z);
    return out;
}

} // namespace

class TestWebSocketServer : public QObject
{
    Q_OBJECT

private:
    bool start(WebSocketServer &server, const ServerOptions &options = {})
    {
        server.set(options);
        if (!server.start(QHostAddress::LocalHost, 0)) {
            qWarning() << server.errorString();
            return false;
        }
        return true;
    }

private Q_SLOTS:
    // --- start / stop -------------------------------------------------------------------
    void startRefusesWithoutMessageHandler()
    {
        WebSocketServer server;
        QVERIFY(!server.start(QHostAddress::LocalHost, 0));
        QCOMPARE(server.errorString(),
                 QStringLiteral("no message handler set: onMessage is required"));
        QVERIFY(!server.isRunning());
    }

    void startRefusesInvalidOptions_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("expected");
        QTest::newRow("heartbeat_idle_time") << "heartbeat_idle_time"
                                             << "heartbeat_idle_time: -1 is invalid, expected >= 0";
        QTest::newRow("max_connection") << "max_connection"
                                        << "max_connection: 0 is invalid, expected >= 1";
        QTest::newRow("compression_level")
            << "websocket_compression_level"
            << "websocket_compression_level: 10 is invalid, expected 1-9";
        QTest::newRow("window_bits")
            << "websocket_server_max_window_bits"
            << "websocket_server_max_window_bits: 8 is invalid, expected 9-15";
        QTest::newRow("reactor_num") << "reactor_num"
                                     << "reactor_num: 0 is invalid, expected 1-64";
        QTest::newRow("subprotocol")
            << "websocket_subprotocol"
            << "websocket_subprotocol: \"a b\" is invalid, expected an HTTP token (RFC 6455 §4.1)";
    }
    void startRefusesInvalidOptions()
    {
        QFETCH(QString, option);
        QFETCH(QString, expected);
        ServerOptions o;
        if (option == "heartbeat_idle_time")
            o.heartbeat_idle_time = -1;
        else if (option == "max_connection")
            o.max_connection = 0;
        else if (option == "websocket_compression_level")
            o.websocket_compression_level = 10;
        else if (option == "websocket_server_max_window_bits")
            o.websocket_server_max_window_bits = 8;
        else if (option == "reactor_num")
            o.reactor_num = 0;
        else if (option == "websocket_subprotocol")
            o.websocket_subprotocol = "a b";
        QCOMPARE(o.validate(), expected);
        WebSocketServer server;
        server.onMessage([](WebSocketServer &, const Frame &) {});
        server.set(o);
        QVERIFY(!server.start(QHostAddress::LocalHost, 0));
        QCOMPARE(server.errorString(), expected);
    }

    // This suite runs once per I/O backend (make test: FRAMESCOPE_IO=portable the second
    // time): the server must be on the one asked for, or the second run proves nothing.
    void ioBackendFollowsTheEnvironment()
    {
        WebSocketServer server;
        server.onMessage([](WebSocketServer &, const Frame &) {});
        QVERIFY(start(server));
        const QString asked = qEnvironmentVariable("FRAMESCOPE_IO");
#ifdef Q_OS_LINUX
        QCOMPARE(server.ioBackend(), asked.isEmpty() ? QStringLiteral("epoll") : asked);
#else
        if (!asked.isEmpty())
            QCOMPARE(server.ioBackend(), asked);
#endif
        qInfo("I/O backend: %s", qPrintable(server.ioBackend()));
    }

    void startReportsPortInUse()
    {
        QTcpServer blocker;
        QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));
        WebSocketServer server;
        server.onMessage([](WebSocketServer &, const Frame &) {});
        QVERIFY(!server.start(QHostAddress::LocalHost, blocker.serverPort()));
        QCOMPARE(server.errorString(),
                 QStringLiteral("127.0.0.1:%1 is already in use").arg(blocker.serverPort()));
        QVERIFY(!server.isRunning());
    }

    void startReportsAddressNotAvailable()
    {
        WebSocketServer server;
        server.onMessage([](WebSocketServer &, const Frame &) {});
        QVERIFY(!server.start(QHostAddress(QStringLiteral("10.99.99.99")), 0));
        QCOMPARE(server.errorString(),
                 QStringLiteral("cannot bind to 10.99.99.99: address not available"));
    }

    void startTwiceAndStopTwice()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        QSignalSpy started(&server, &WebSocketServer::started);
        QSignalSpy stopped(&server, &WebSocketServer::stopped);
        QVERIFY(start(server));
        QCOMPARE(started.size(), 1);
        QVERIFY(server.serverPort() != 0);
        QVERIFY(!server.start(QHostAddress::LocalHost, 0));
        QVERIFY(server.errorString().contains("already running"));
        server.stop();
        server.stop();
        QCOMPARE(stopped.size(), 1);
        QVERIFY(!server.isRunning());
        QVERIFY(!server.push(1, "x"));
        QCOMPARE(server.lastError(), ServerError::NotRunning);
    }

    // --- open / message / echo ----------------------------------------------------------
    void echoTextAndBinary()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        QVERIFY(start(server));
        auto ws = connectClient(server, "/chat?room=1");
        QVERIFY(ws);
        QTRY_COMPARE(log.openCount(), 1);
        const HttpRequest open = log.opens().first();
        QCOMPARE(open.fd, 1);
        QCOMPARE(open.uri, QByteArray("/chat"));
        QCOMPARE(open.queryString, QByteArray("room=1"));
        QCOMPARE(open.get.value("room"), QByteArray("1"));
        QCOMPARE(open.header.value("upgrade").toLower(), QByteArray("websocket"));
        QCOMPARE(open.remotePort, ws->localPort());

        QStringList texts;
        QList<QByteArray> binaries;
        connect(ws.get(), &QWebSocket::textMessageReceived, this,
                [&](const QString &t) { texts << t; });
        connect(ws.get(), &QWebSocket::binaryMessageReceived, this,
                [&](const QByteArray &b) { binaries << b; });
        ws->sendTextMessage(QStringLiteral("hällo"));
        ws->sendBinaryMessage(QByteArray("\x00\x01\x02", 3));
        const QByteArray big(1 << 20, 'z');
        ws->sendBinaryMessage(big);
        QTRY_COMPARE(texts, QStringList{QStringLiteral("hällo")});
        QTRY_COMPARE(binaries.size(), 2);
        QCOMPARE(binaries[0], QByteArray("\x00\x01\x02", 3));
        QCOMPARE(binaries[1], big);
        const QList<Frame> messages = log.messages();
        QCOMPARE(messages.size(), 3);
        QCOMPARE(messages[0].fd, 1);
        QCOMPARE(messages[0].opcode, quint8(OpText));
        QVERIFY(messages[0].finish());
        QCOMPARE(messages[0].data, QStringLiteral("hällo").toUtf8());
        QCOMPARE(messages[1].opcode, quint8(OpBinary));
    }

    void fragmentedClientMessageIsReassembled()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        QVERIFY(start(server));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        QVERIFY(raw.handshake().startsWith("HTTP/1.1 101"));
        raw.write(maskedFrame(0x01, "Hel") + maskedFrame(0x89, "p") + maskedFrame(0x00, "lo, ") +
                  maskedFrame(0x80, "World"));
        auto pong = raw.readFrame();
        QVERIFY(pong);
        QCOMPARE(pong->opcode, quint8(OpPong));
        QCOMPARE(pong->payload, QByteArray("p"));
        auto echo = raw.readFrame();
        QVERIFY(echo);
        QCOMPARE(echo->opcode, quint8(OpText));
        QVERIFY(echo->fin);
        QVERIFY(!echo->masked);
        QCOMPARE(echo->payload, QByteArray("Hello, World"));
        QCOMPARE(log.messageCount(), 1);
    }

    void fdsIncreaseAndAreNeverReused()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        QVERIFY(start(server));
        auto a = connectClient(server);
        auto b = connectClient(server);
        QVERIFY(a && b);
        QTRY_COMPARE(log.openCount(), 2);
        QCOMPARE(fdOfPeer(server, a->localPort()), 1);
        QCOMPARE(fdOfPeer(server, b->localPort()), 2);
        a->close();
        QTRY_COMPARE(log.closes(), QList<int>{1});
        auto c = connectClient(server);
        QVERIFY(c);
        QTRY_COMPARE(log.openCount(), 3);
        QCOMPARE(fdOfPeer(server, c->localPort()), 3);
        QCOMPARE(server.connections(), (std::vector<int>{2, 3}));
        QVERIFY(!server.exist(1));
        QVERIFY(server.exist(2));
    }

    // --- closing handshakes -------------------------------------------------------------
    void clientClosesWithCodeAndReason()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        server.setObserverEnabled(true);
        EventRelay relay(server);
        QVERIFY(start(server));
        auto ws = connectClient(server);
        QVERIFY(ws);
        QTRY_COMPARE(log.openCount(), 1);
        ws->close(QWebSocketProtocol::CloseCode(4001), QStringLiteral("bye"));
        QTRY_COMPARE(log.closes(), QList<int>{1});
        QTRY_COMPARE(ws->state(), QAbstractSocket::UnconnectedState);
        QTRY_COMPARE(relay.count(EventRecord::Kind::Closed), 1);
        const EventRecord closed = relay.of(EventRecord::Kind::Closed).first();
        QCOMPARE(closed.fd, 1);
        QCOMPARE(closed.closeCode, quint16(4001));
        QCOMPARE(closed.closeReason, QByteArray("bye"));
        QCOMPARE(closed.initiator, Initiator::Client);
        QVERIFY(closed.closeHandshakeUs >= 0);
        // The server's answer echoes the code and reason (RFC 6455 §5.5.1).
        const auto outCloses = [&] {
            QList<EventRecord> r;
            for (const EventRecord &e : relay.of(EventRecord::Kind::Frame))
                if (e.direction == Direction::Out && e.opcode == OpClose)
                    r << e;
            return r;
        }();
        QCOMPARE(outCloses.size(), 1);
        QCOMPARE(outCloses[0].payload, closePayload(4001, "bye"));
        QVERIFY(!server.exist(1));
        QCOMPARE(log.disconnectCount(), 0);
    }

    void emptyClientCloseIsAnsweredWith1000()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        QVERIFY(start(server));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        QVERIFY(raw.handshake().startsWith("HTTP/1.1 101"));
        raw.write(maskedFrame(0x88, {}));
        auto reply = raw.readFrame();
        QVERIFY(reply);
        QCOMPARE(reply->opcode, quint8(OpClose));
        QCOMPARE(reply->payload, closePayload(1000));
        QVERIFY(raw.waitForEof());
        QTRY_COMPARE(log.closes(), QList<int>{1});
    }

    void serverDisconnectWithCodeAndReason()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        server.setObserverEnabled(true);
        EventRelay relay(server);
        QVERIFY(start(server));
        auto ws = connectClient(server);
        QVERIFY(ws);
        QTRY_COMPARE(log.openCount(), 1);
        QVERIFY(server.disconnect(1, 4001, "bye"));
        QTRY_COMPARE(ws->state(), QAbstractSocket::UnconnectedState);
        QCOMPARE(int(ws->closeCode()), 4001);
        QCOMPARE(ws->closeReason(), QStringLiteral("bye"));
        QTRY_COMPARE(log.closes(), QList<int>{1});
        QTRY_COMPARE(relay.count(EventRecord::Kind::Closed), 1);
        const EventRecord closed = relay.of(EventRecord::Kind::Closed).first();
        QCOMPARE(closed.closeCode, quint16(4001));
        QCOMPARE(closed.closeReason, QByteArray("bye"));
        QCOMPARE(closed.initiator, Initiator::Server);
        QVERIFY(closed.closeHandshakeUs >= 0);
        QCOMPARE(relay.count(EventRecord::Kind::CloseStarted), 1);
    }

    void serverCloseWaitsForReplyThenTimesOut()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        server.setObserverEnabled(true);
        EventRelay relay(server);
        ServerOptions o;
        o.close_timeout_ms = 200;
        QVERIFY(start(server, o));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        QVERIFY(raw.handshake().startsWith("HTTP/1.1 101"));
        QTRY_VERIFY(server.isEstablished(1));
        QVERIFY(server.disconnect(1));
        auto close = raw.readFrame();
        QVERIFY(close);
        QCOMPARE(close->payload, closePayload(1000));
        QTRY_COMPARE(server.clientInfo(1) ? server.clientInfo(1)->websocket_status : 0, 0);
        // The raw client never answers: after close_timeout_ms the server drops the TCP.
        QVERIFY(raw.waitForEof());
        QTRY_COMPARE(log.closes(), QList<int>{1});
        QTRY_COMPARE(relay.count(EventRecord::Kind::Closed), 1);
        QVERIFY(relay.of(EventRecord::Kind::Closed).first().text.contains("close_timeout_ms"));
    }

    void dataAfterServerCloseIsIgnored()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        QVERIFY(start(server));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        QVERIFY(raw.handshake().startsWith("HTTP/1.1 101"));
        QTRY_VERIFY(server.isEstablished(1));
        QVERIFY(server.disconnect(1, 4000, "done"));
        QVERIFY(raw.readFrame());
        // RFC 6455 §5.5.1: data after the server's close is discarded, not delivered.
        raw.write(maskedFrame(0x81, "late") + maskedFrame(0x88, closePayload(4000)));
        QVERIFY(raw.waitForEof());
        QTRY_COMPARE(log.closeCount(), 1);
        QCOMPARE(log.messageCount(), 0);
    }

    void disconnectRejectsInvalidArguments_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QByteArray>("reason");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("error");
        QTest::newRow("1000") << 1000 << QByteArray() << true << 0;
        QTest::newRow("4999 + 123 bytes") << 4999 << QByteArray(123, 'r') << true << 0;
        QTest::newRow("999") << 999 << QByteArray() << false << int(ServerError::InvalidCloseCode);
        QTest::newRow("1001") << 1001 << QByteArray() << false
                              << int(ServerError::InvalidCloseCode);
        QTest::newRow("1005") << 1005 << QByteArray() << false
                              << int(ServerError::InvalidCloseCode);
        QTest::newRow("3000") << 3000 << QByteArray() << false
                              << int(ServerError::InvalidCloseCode);
        QTest::newRow("5000") << 5000 << QByteArray() << false
                              << int(ServerError::InvalidCloseCode);
        QTest::newRow("124-byte reason")
            << 4000 << QByteArray(124, 'r') << false << int(ServerError::ReasonTooLong);
        QTest::newRow("125-byte reason")
            << 1000 << QByteArray(125, 'r') << false << int(ServerError::ReasonTooLong);
    }
    void disconnectRejectsInvalidArguments()
    {
        QFETCH(int, code);
        QFETCH(QByteArray, reason);
        QFETCH(bool, ok);
        QFETCH(int, error);
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        QVERIFY(start(server));
        auto ws = connectClient(server);
        QVERIFY(ws);
        QTRY_COMPARE(log.openCount(), 1);
        QCOMPARE(server.disconnect(1, code, reason), ok);
        if (!ok) {
            QCOMPARE(int(server.lastError()), error);
            QVERIFY(server.isEstablished(1));
        } else {
            QTRY_COMPARE(ws->state(), QAbstractSocket::UnconnectedState);
            QCOMPARE(int(ws->closeCode()), code);
            QCOMPARE(ws->closeReason().toUtf8(), reason);
        }
        QVERIFY(!server.disconnect(77, 1000));
        QCOMPARE(server.lastError(), ServerError::UnknownFd);
    }

    void openCloseFrameDeliversCloseToMessage()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server, false);
        server.onMessage([&log](WebSocketServer &s, const Frame &f) {
            log.addMessage(f);
            if (f.opcode == OpClose) {
                const CloseFrame close = WebSocketServer::parseCloseFrame(f);
                s.disconnect(f.fd, 4000, "reply to " + QByteArray::number(close.code));
            }
        });
        ServerOptions o;
        o.open_websocket_close_frame = true;
        QVERIFY(start(server, o));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        QVERIFY(raw.handshake().startsWith("HTTP/1.1 101"));
        raw.write(maskedFrame(0x88, closePayload(4001, "bye")));
        auto reply = raw.readFrame();
        QVERIFY(reply);
        QCOMPARE(reply->opcode, quint8(OpClose));
        QCOMPARE(reply->payload, closePayload(4000, "reply to 4001"));
        QVERIFY(raw.waitForEof());
        QTRY_COMPARE(log.closes(), QList<int>{1});
        const QList<Frame> messages = log.messages();
        QCOMPARE(messages.size(), 1);
        QCOMPARE(messages[0].opcode, quint8(OpClose));
        QCOMPARE(messages[0].data, closePayload(4001, "bye"));
        const CloseFrame close = WebSocketServer::parseCloseFrame(messages[0]);
        QCOMPARE(close.code, quint16(4001));
        QCOMPARE(close.reason, QByteArray("bye"));
    }

    void openCloseFrameWithoutReplyTimesOut()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server, false);
        server.setObserverEnabled(true);
        EventRelay relay(server);
        ServerOptions o;
        o.open_websocket_close_frame = true;
        o.close_timeout_ms = 200; // not the bound of a held close
        o.held_close_timeout_ms = 400;
        QVERIFY(start(server, o));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        QVERIFY(raw.handshake().startsWith("HTTP/1.1 101"));
        QElapsedTimer held;
        held.start();
        raw.write(maskedFrame(0x88, closePayload(1000)));
        QVERIFY(raw.waitForEof());
        QVERIFY2(held.elapsed() >= 390, QByteArray::number(held.elapsed()));
        QVERIFY(raw.buffer().isEmpty()); // the application never answered
        QTRY_COMPARE(log.closes(), QList<int>{1});
        QTRY_COMPARE(relay.count(EventRecord::Kind::Closed), 1);
        const EventRecord closed = relay.of(EventRecord::Kind::Closed).first();
        QCOMPARE(closed.closeCode, quint16(1000));
        QCOMPARE(closed.initiator, Initiator::Client);
        QVERIFY(closed.text.contains("did not answer"));
        QVERIFY2(closed.text.contains("held_close_timeout_ms (400 ms)"), qPrintable(closed.text));
    }

    // Issue 14: at the defaults a held close waits for the application (as in Swoole), past
    // close_timeout_ms; nothing is sent and the TCP connection stays until it answers.
    void openCloseFrameWaitsForTheApplicationByDefault()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server, false);
        ServerOptions o;
        o.open_websocket_close_frame = true;
        o.close_timeout_ms = 100;
        QCOMPARE(o.held_close_timeout_ms, 0);
        QVERIFY(start(server, o));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        QVERIFY(raw.handshake().startsWith("HTTP/1.1 101"));
        raw.write(maskedFrame(0x88, closePayload(1000, "done")));
        QTRY_COMPARE(log.messages().size(), 1);
        // Five close_timeout_ms later: still connected, nothing received.
        QVERIFY(!raw.waitForEof(500));
        QVERIFY(raw.buffer().isEmpty());
        QCOMPARE(server.clientInfo(1)->websocket_status, int(StatusClosing));
        QVERIFY(server.sendClose(1, 1000, "done"));
        auto reply = raw.readFrame();
        QVERIFY(reply);
        QCOMPARE(reply->payload, closePayload(1000, "done"));
        QVERIFY(raw.waitForEof());
    }

    void heldCloseTimeoutIsValidated()
    {
        ServerOptions o;
        o.held_close_timeout_ms = -1;
        QCOMPARE(o.validate(),
                 QStringLiteral("held_close_timeout_ms: -1 is invalid, expected >= 0"));
    }

    // Issue 14: fd numbers go on across restarts of one server object, so a connection's
    // fd never names a connection of an earlier run (the window's tables, logs).
    void fdNumberingContinuesAcrossRestarts()
    {
        HandlerLog log;
        WebSocketServer server;
        log.attach(server);
        QVERIFY(start(server));
        {
            RawClient raw;
            QVERIFY(raw.connectTo(server.serverPort()));
            QVERIFY(raw.handshake().startsWith("HTTP/1.1 101"));
            QTRY_VERIFY(server.isEstablished(1));
        }
        server.stop();
        QVERIFY(start(server));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        QVERIFY(raw.handshake().startsWith("HTTP/1.1 101"));
        QTRY_VERIFY(server.isEstablished(2));
        QVERIFY(!server.isEstablished(1));
    }

    void abruptTcpLossIsReportedAs1006()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        server.setObserverEnabled(true);
        EventRelay relay(server);
        QVERIFY(start(server));
        {
            RawClient raw;
            QVERIFY(raw.connectTo(server.serverPort()));
            QVERIFY(raw.handshake().startsWith("HTTP/1.1 101"));
            QTRY_VERIFY(server.isEstablished(1));
            raw.socket().abort();
        }
        QTRY_COMPARE(log.closes(), QList<int>{1});
        QTRY_COMPARE(relay.count(EventRecord::Kind::Closed), 1);
        const EventRecord closed = relay.of(EventRecord::Kind::Closed).first();
        QCOMPARE(closed.closeCode, quint16(1006));
        QCOMPARE(closed.initiator, Initiator::Abnormal);
        // 1006 is never sent on the wire.
        for (const EventRecord &e : relay.of(EventRecord::Kind::Frame))
            QVERIFY(!(e.direction == Direction::Out && e.opcode == OpClose));
        QCOMPARE(log.closeCount(), 1);
    }

    void closeMethodDropsTcp()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        QVERIFY(start(server));
        auto ws = connectClient(server);
        QVERIFY(ws);
        QTRY_COMPARE(log.openCount(), 1);
        QVERIFY(server.close(1));
        QTRY_COMPARE(ws->state(), QAbstractSocket::UnconnectedState);
        QTRY_COMPARE(log.closes(), QList<int>{1});
        QVERIFY(!server.close(1));
        QCOMPARE(server.lastError(), ServerError::UnknownFd);
    }

    void stopSends1001()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        ServerOptions o;
        o.close_timeout_ms = 500;
        QVERIFY(start(server, o));
        auto ws = connectClient(server);
        QVERIFY(ws);
        QTRY_COMPARE(log.openCount(), 1);
        // stop() waits for the closing handshake, which QWebSocket answers from this
        // thread's event loop: the raw client answers here instead.
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        QVERIFY(raw.handshake().startsWith("HTTP/1.1 101"));
        QTRY_COMPARE(log.openCount(), 2);
        server.stop();
        auto close = raw.readFrame();
        QVERIFY(close);
        QCOMPARE(close->payload, closePayload(1001));
        QTRY_COMPARE(ws->state(), QAbstractSocket::UnconnectedState);
        QCOMPARE(int(ws->closeCode()), 1001);
        QCOMPARE(log.closeCount(), 2);
        server.stop();
        QVERIFY(!server.isRunning());
    }

    void stopAsyncReturnsAtOnceAndEndsWhenPeersAnswer()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        QSignalSpy stopped(&server, &WebSocketServer::stopped);
        ServerOptions o;
        o.close_timeout_ms = 120000; // only answered closes can end this stop within the test
        QVERIFY(start(server, o));
        // QWebSocket answers the close from this thread's event loop, which a blocking
        // stop() would hold for close_timeout_ms: stopAsync() must return first.
        auto ws = connectClient(server);
        QVERIFY(ws);
        QTRY_COMPARE(log.openCount(), 1);
        server.stopAsync();
        QVERIFY(!server.isRunning());
        QVERIFY(server.isStopping());
        QCOMPARE(stopped.size(), 0);
        QVERIFY(!server.push(1, "late"));
        QTRY_COMPARE_WITH_TIMEOUT(stopped.size(), 1, 10000);
        QVERIFY(!server.isStopping());
        QCOMPARE(int(ws->closeCode()), 1001);
        QTRY_COMPARE(ws->state(), QAbstractSocket::UnconnectedState);
        QCOMPARE(log.closes(), QList<int>{1});
        server.stopAsync();
        server.stop();
        QTest::qWait(50);
        QCOMPARE(stopped.size(), 1);
    }

    void stopAsyncDropsSilentPeerAfterCloseTimeout()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        server.setObserverEnabled(true);
        EventRelay relay(server);
        QSignalSpy stopped(&server, &WebSocketServer::stopped);
        ServerOptions o;
        o.close_timeout_ms = 300;
        QVERIFY(start(server, o));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        QVERIFY(raw.handshake().startsWith("HTTP/1.1 101"));
        QTRY_VERIFY(server.isEstablished(1));
        server.stopAsync();
        auto close = raw.readFrame();
        QVERIFY(close);
        QCOMPARE(close->payload, closePayload(1001));
        // The raw client never answers: the stop ends at close_timeout_ms and drops TCP.
        QVERIFY(raw.waitForEof());
        QTRY_COMPARE(stopped.size(), 1);
        QCOMPARE(log.closes(), QList<int>{1});
        QTRY_COMPARE(relay.count(EventRecord::Kind::ServerStopped), 1);
    }

    void closeHandlerMayAskIsStoppingDuringStop()
    {
        // The silent peer's close event fires while stop() joins the workers: asking the
        // server from that handler must neither block nor say the stop is over.
        std::atomic<int> seen{-1};
        WebSocketServer server;
        server.onMessage([](WebSocketServer &, const Frame &) {});
        server.onClose([&seen](WebSocketServer &s, int) { seen.store(s.isStopping() ? 1 : 0); });
        ServerOptions o;
        o.close_timeout_ms = 200;
        QVERIFY(start(server, o));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        QVERIFY(raw.handshake().startsWith("HTTP/1.1 101"));
        QTRY_VERIFY(server.isEstablished(1));
        server.stop();
        QCOMPARE(seen.load(), 1);
        QVERIFY(!server.isStopping());
    }

    void startDuringStopAsyncFinishesTheStopFirst()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        QSignalSpy started(&server, &WebSocketServer::started);
        QSignalSpy stopped(&server, &WebSocketServer::stopped);
        ServerOptions o;
        o.close_timeout_ms = 300;
        QVERIFY(start(server, o));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        QVERIFY(raw.handshake().startsWith("HTTP/1.1 101"));
        QTRY_VERIFY(server.isEstablished(1));
        server.stopAsync();
        QVERIFY(start(server, o)); // waits out the old stop (bounded), then listens anew
        QCOMPARE(stopped.size(), 1);
        QCOMPARE(started.size(), 2);
        QVERIFY(!server.isStopping());
        QVERIFY(raw.waitForEof());
        QCOMPARE(log.closes(), QList<int>{1});
        auto ws = connectClient(server);
        QVERIFY(ws);
        QTRY_COMPARE(log.openCount(), 2);
        QTest::qWait(50); // the first stop's queued poll finds nothing left to do
        QCOMPARE(stopped.size(), 1);
        QVERIFY(server.isRunning());
    }

    // --- push and friends ---------------------------------------------------------------
    void pushReturnsFalse()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        ServerOptions o;
        o.buffer_output_size = 1024;
        QVERIFY(start(server, o));
        auto ws = connectClient(server);
        QVERIFY(ws);
        QTRY_COMPARE(log.openCount(), 1);
        RawClient raw; // TCP only: fd 2 is not established
        QVERIFY(raw.connectTo(server.serverPort()));
        QTRY_VERIFY(server.exist(2));

        QVERIFY(!server.push(99, "x"));
        QCOMPARE(server.lastError(), ServerError::UnknownFd);
        QVERIFY(!server.push(2, "x"));
        QCOMPARE(server.lastError(), ServerError::NotEstablished);
        QVERIFY(!server.isEstablished(2));
        QCOMPARE(server.clientInfo(2)->websocket_status, int(StatusConnection));
        QVERIFY(!server.push(1, QByteArray(1025, 'x'), OpBinary));
        QCOMPARE(server.lastError(), ServerError::PayloadTooLarge);
        QVERIFY(!server.push(1, "x", 3));
        QCOMPARE(server.lastError(), ServerError::InvalidOpcode);
        QVERIFY(!server.push(1, QByteArray(126, 'x'), OpPing));
        QCOMPARE(server.lastError(), ServerError::InvalidArgument);
        QVERIFY(!server.ping(2));
        QCOMPARE(server.lastError(), ServerError::NotEstablished);
        QVERIFY(!server.ping(1, QByteArray(126, 'p')));
        QCOMPARE(server.lastError(), ServerError::InvalidArgument);
        QVERIFY(!server.send(1, QByteArray(1025, 'x')));
        QCOMPARE(server.lastError(), ServerError::PayloadTooLarge);

        QByteArray got;
        connect(ws.get(), &QWebSocket::binaryMessageReceived, this,
                [&](const QByteArray &b) { got = b; });
        QVERIFY(server.push(1, QByteArray(1024, 'y'), OpBinary)); // from the test thread
        QTRY_COMPARE(got, QByteArray(1024, 'y'));
    }

    // Issue 13: a call that cannot be done is never silent. Refused at once (from any
    // thread, also a handler's echo) or failing when its worker runs it, it is an
    // OperationFailed record with the reason and the option at fault; a successful push
    // makes none.
    void failedCallsAreRecorded()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server); // echoes
        server.setObserverEnabled(true);
        EventRelay relay(server);
        ServerOptions o;
        o.buffer_output_size = 1024;
        QVERIFY(start(server, o));
        auto ws = connectClient(server);
        QVERIFY(ws);
        QTRY_COMPARE(log.openCount(), 1);
        RawClient raw; // TCP only: fd 2 is not established
        QVERIFY(raw.connectTo(server.serverPort()));
        QTRY_VERIFY(server.exist(2));

        // The push goes through the worker's queue and the echo through its socket: either
        // may reach the client first.
        QList<QByteArray> got;
        connect(ws.get(), &QWebSocket::binaryMessageReceived, this,
                [&](const QByteArray &b) { got << b; });
        QVERIFY(server.push(1, QByteArray(1024, 'y'), OpBinary));
        ws->sendBinaryMessage(QByteArray(1000, 'e')); // echoed by the handler
        QTRY_COMPARE(got.size(), 2);
        QVERIFY(got.contains(QByteArray(1024, 'y')));
        QVERIFY(got.contains(QByteArray(1000, 'e')));
        QCOMPARE(relay.count(EventRecord::Kind::OperationFailed), 0);

        // The handler's echo of a message over buffer_output_size (worker thread).
        ws->sendBinaryMessage(QByteArray(2000, 'e'));
        QTRY_COMPARE(relay.count(EventRecord::Kind::OperationFailed), 1);
        EventRecord r = relay.of(EventRecord::Kind::OperationFailed).first();
        QCOMPARE(r.fd, 1);
        QCOMPARE(r.operation, Operation::Push);
        QCOMPARE(ServerError(r.serverError), ServerError::PayloadTooLarge);
        QCOMPARE(r.payloadLength, qint64(2000));
        QCOMPARE(r.count, qint64(1024));
        QCOMPARE(r.text, QStringLiteral("push of 2000 bytes to fd 1 refused: larger than "
                                        "buffer_output_size (1024)"));
        QCOMPARE(QLatin1String(serverErrorOption(ServerError(r.serverError))),
                 QLatin1String("buffer_output_size"));

        // Refused at once, from the test thread.
        QVERIFY(!server.push(99, "x"));
        QVERIFY(!server.push(2, "x"));
        QVERIFY(!server.ping(1, QByteArray(126, 'p')));
        QVERIFY(!server.disconnect(1, 1001));
        QCOMPARE(server.broadcast(QByteArray(1025, 'b')), 0);
        QCOMPARE(server.lastError(), ServerError::PayloadTooLarge);
        QVERIFY(!server.send(1, QByteArray(1025, 's')));
        QTRY_COMPARE(relay.count(EventRecord::Kind::OperationFailed), 7);
        QStringList texts;
        for (const EventRecord &f : relay.of(EventRecord::Kind::OperationFailed))
            texts << f.text;
        QCOMPARE(texts.mid(1),
                 (QStringList{
                     "push of 1 bytes to fd 99 refused: no connection with this fd",
                     "push of 1 bytes to fd 2 refused: not an established WebSocket connection "
                     "(websocket_status 1 CONNECTION)",
                     "ping of 126 bytes to fd 1 refused: a ping carries at most 125 bytes (RFC "
                     "6455 §5.5)",
                     "disconnect of fd 1 with code 1001 refused: close code must be 1000 or "
                     "4000-4999",
                     "broadcast of 1025 bytes refused: larger than buffer_output_size (1024)",
                     "send of 1025 bytes to fd 1 refused: larger than buffer_output_size (1024)",
                 }));
        const EventRecord broadcast = relay.of(EventRecord::Kind::OperationFailed).at(5);
        QCOMPARE(broadcast.fd, 0);
        QCOMPARE(broadcast.operation, Operation::Broadcast);

        // Accepted, then failing on the worker: the disconnect ahead of the push in the
        // worker's queue sends a close frame first (the worker is held so both are queued).
        server.defer([] { QThread::msleep(200); });
        QVERIFY(server.disconnect(1, 4000));
        QVERIFY(server.push(1, "late"));
        QTRY_COMPARE(relay.count(EventRecord::Kind::OperationFailed), 8);
        r = relay.of(EventRecord::Kind::OperationFailed).last();
        QCOMPARE(r.fd, 1);
        QCOMPARE(r.operation, Operation::Push);
        QCOMPARE(ServerError(r.serverError), ServerError::NotEstablished);
        QCOMPARE(r.text, QStringLiteral("push of 4 bytes to fd 1 failed: a close frame was "
                                        "already sent (websocket_status 4 CLOSING)"));
    }

    void pushFragmentedMessage()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        QVERIFY(start(server));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        QVERIFY(raw.handshake().startsWith("HTTP/1.1 101"));
        QTRY_VERIFY(server.isEstablished(1));
        QVERIFY(server.push(1, "Hel", OpText, 0));
        QVERIFY(server.push(1, "lo", OpContinuation, FlagFin));
        auto a = raw.readFrame();
        auto b = raw.readFrame();
        QVERIFY(a && b);
        QCOMPARE(a->opcode, quint8(OpText));
        QVERIFY(!a->fin);
        QCOMPARE(a->payload, QByteArray("Hel"));
        QCOMPARE(b->opcode, quint8(OpContinuation));
        QVERIFY(b->fin);
        QCOMPARE(b->payload, QByteArray("lo"));
    }

    void pushFramePingFromHandler()
    {
        // The seed's example: the message handler pushes a ping Frame; with
        // open_websocket_pong_frame the client's pong comes back to the handler.
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        server.onMessage([&log](WebSocketServer &s, const Frame &f) {
            log.addMessage(f);
            if (f.opcode == OpText) {
                Frame ping;
                ping.opcode = OpPing;
                ping.data = "are you there";
                s.push(f.fd, ping);
            }
        });
        ServerOptions o;
        o.open_websocket_pong_frame = true;
        QVERIFY(start(server, o));
        auto ws = connectClient(server);
        QVERIFY(ws);
        ws->sendTextMessage("hi");
        QTRY_COMPARE(log.messageCount(), 2);
        const Frame pong = log.messages()[1];
        QCOMPARE(pong.opcode, quint8(OpPong));
        QCOMPARE(pong.data, QByteArray("are you there"));
    }

    void pongNotDeliveredByDefault()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        QVERIFY(start(server));
        auto ws = connectClient(server);
        QVERIFY(ws);
        QTRY_COMPARE(log.openCount(), 1);
        QVERIFY(server.ping(1, "rtt"));
        QTRY_VERIFY(server.clientInfo(1)->lastRttUs >= 0);
        ws->sendTextMessage("after");
        QTRY_COMPARE(log.messageCount(), 1);
        QCOMPARE(log.messages()[0].opcode, quint8(OpText));
    }

    void automaticPongEchoesPayload()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        QVERIFY(start(server));
        auto ws = connectClient(server);
        QVERIFY(ws);
        QByteArray pongPayload;
        connect(ws.get(), &QWebSocket::pong, this,
                [&](quint64, const QByteArray &payload) { pongPayload = payload; });
        ws->ping("abc");
        QTRY_COMPARE(pongPayload, QByteArray("abc"));
        QCOMPARE(log.messageCount(), 0); // pings do not reach onMessage by default
    }

    void openPingFrameDeliversPingWithoutPong()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        server.onMessage([&log](WebSocketServer &s, const Frame &f) {
            log.addMessage(f);
            if (f.opcode == OpPing)
                s.push(f.fd, "got ping " + f.data);
        });
        ServerOptions o;
        o.open_websocket_ping_frame = true;
        QVERIFY(start(server, o));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        QVERIFY(raw.handshake().startsWith("HTTP/1.1 101"));
        raw.write(maskedFrame(0x89, "p1"));
        // The handler's text is the first frame: no automatic pong went out before it.
        auto first = raw.readFrame();
        QVERIFY(first);
        QCOMPARE(first->opcode, quint8(OpText));
        QCOMPARE(first->payload, QByteArray("got ping p1"));
        QCOMPARE(log.messages().first().opcode, quint8(OpPing));
        // The handler answers with a pong Frame itself (the seed's example).
        Frame pong;
        pong.opcode = OpPong;
        pong.data = "p1";
        QVERIFY(server.push(1, pong));
        auto second = raw.readFrame();
        QVERIFY(second);
        QCOMPARE(second->opcode, quint8(OpPong));
        QCOMPARE(second->payload, QByteArray("p1"));
    }

    void pingRecordsRtt()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        server.setObserverEnabled(true);
        EventRelay relay(server);
        QVERIFY(start(server));
        auto ws = connectClient(server);
        QVERIFY(ws);
        QTRY_COMPARE(log.openCount(), 1);
        QCOMPARE(server.clientInfo(1)->lastRttUs, -1);
        QVERIFY(server.ping(1, "t1"));
        QTRY_COMPARE(relay.count(EventRecord::Kind::PingRtt, 1), 1);
        QVERIFY(relay.of(EventRecord::Kind::PingRtt).first().rttUs >= 0);
        QVERIFY(server.clientInfo(1)->lastRttUs >= 0);
    }

    void broadcastReachesEstablishedOnly()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        QVERIFY(start(server));
        auto a = connectClient(server);
        auto b = connectClient(server);
        QVERIFY(a && b);
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        QTRY_COMPARE(server.connections().size(), size_t(3));
        QTRY_COMPARE(log.openCount(), 2);
        QStringList got;
        for (QWebSocket *ws : {a.get(), b.get()})
            connect(ws, &QWebSocket::textMessageReceived, this,
                    [&](const QString &t) { got << t; });
        QCOMPARE(server.broadcast("all"), 2);
        QTRY_COMPARE(got, (QStringList{"all", "all"}));

        // Everyone but the sender (the --mode broadcast relay).
        const int fdA = fdOfPeer(server, a->localPort());
        QVERIFY(fdA > 0);
        got.clear();
        QCOMPARE(server.broadcast("others", OpText, FlagFin, fdA), 1);
        QTRY_COMPARE(got, QStringList{"others"});
        QTest::qWait(50);
        QCOMPARE(got, QStringList{"others"});
    }

    void broadcastCompressesWhereNegotiated()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        ServerOptions o;
        o.websocket_compression = true;
        QVERIFY(start(server, o));
        RawClient deflating, plain;
        QVERIFY(deflating.connectTo(server.serverPort()));
        QVERIFY(deflating.handshake("Sec-WebSocket-Extensions: permessage-deflate\r\n")
                    .contains("permessage-deflate"));
        QVERIFY(plain.connectTo(server.serverPort()));
        QVERIFY(plain.handshake().startsWith("HTTP/1.1 101"));
        QTRY_COMPARE(log.openCount(), 2);
        const QByteArray text = QByteArray("compress me ").repeated(20);
        QCOMPARE(server.broadcast(text, OpText, FlagFin | FlagCompress), 2);
        const auto compressed = deflating.readFrame();
        QVERIFY(compressed);
        QCOMPARE(compressed->rsv, 0x40); // RFC 7692 §6.1
        QCOMPARE(rawInflate(compressed->payload), text);
        const auto uncompressed = plain.readFrame();
        QVERIFY(uncompressed);
        QCOMPARE(uncompressed->rsv, 0);
        QCOMPARE(uncompressed->payload, text);
    }

    void deferRunsOnWorker()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        QVERIFY(start(server));
        QAtomicPointer<QThread> ranOn;
        server.defer([&ranOn] { ranOn.storeRelease(QThread::currentThread()); });
        QTRY_VERIFY(ranOn.loadAcquire() != nullptr);
        QVERIFY(ranOn.loadAcquire() != QThread::currentThread());
    }

    void sendWritesRawBytes()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        QVERIFY(start(server));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        QVERIFY(raw.handshake().startsWith("HTTP/1.1 101"));
        QTRY_VERIFY(server.isEstablished(1));
        // Swoole's pack() + send(): a frame built by hand, here with RSV2 set on purpose.
        QVERIFY(server.send(1, WebSocketServer::pack("torture", OpText, FlagFin | FlagRsv2)));
        auto f = raw.readFrame();
        QVERIFY(f);
        QCOMPARE(f->rsv, 0x20);
        QCOMPARE(f->payload, QByteArray("torture"));
        const auto unpacked = WebSocketServer::unpack(QByteArray("\x81\x02hi", 4));
        QVERIFY(unpacked);
        QCOMPARE(unpacked->data, QByteArray("hi"));
        QVERIFY(!WebSocketServer::unpack(QByteArray("\x81\x05hi", 4)));
    }

    void clientInfoFieldsAndCounters()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        ServerOptions o;
        o.websocket_subprotocol = "chat";
        QVERIFY(start(server, o));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const QByteArray head = raw.handshake("Sec-WebSocket-Protocol: superchat, chat\r\n");
        QVERIFY(head.startsWith("HTTP/1.1 101"));
        QVERIFY(head.contains("Sec-WebSocket-Protocol: chat\r\n"));
        raw.write(maskedFrame(0x81, "12345"));
        auto echo = raw.readFrame();
        QVERIFY(echo);
        const auto info = server.clientInfo(1);
        QVERIFY(info);
        QCOMPARE(info->fd, 1);
        QCOMPARE(info->websocket_status, int(StatusActive));
        QCOMPARE(info->remoteAddress, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(info->remotePort, raw.localPort());
        QVERIFY(info->connectTimeMs >= before - 1000 && info->connectTimeMs <= before + 5000);
        QVERIFY(info->lastTimeMs >= info->connectTimeMs);
        QCOMPARE(info->subprotocol, QByteArray("chat"));
        QVERIFY(!info->compression);
        QVERIFY(info->requestHead.startsWith("GET / HTTP/1.1\r\n"));
        QCOMPARE(info->responseHead, head);
        QCOMPARE(info->framesIn, 1);
        QCOMPARE(info->bytesIn, 2 + 4 + 5);
        QCOMPARE(info->framesOut, 1);
        QCOMPARE(info->bytesOut, head.size() + 2 + 5);
        QVERIFY(!server.clientInfo(42));
    }

    void subprotocolOnlyWhenOffered()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        ServerOptions o;
        o.websocket_subprotocol = "chat";
        QVERIFY(start(server, o));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        const QByteArray head = raw.handshake();
        QVERIFY(head.startsWith("HTTP/1.1 101"));
        QVERIFY(!head.toLower().contains("sec-websocket-protocol"));
        RawClient other;
        QVERIFY(other.connectTo(server.serverPort()));
        const QByteArray head2 = other.handshake("Sec-WebSocket-Protocol: mqtt\r\n");
        QVERIFY(head2.startsWith("HTTP/1.1 101"));
        QVERIFY(!head2.toLower().contains("sec-websocket-protocol"));
    }

    // --- handshake variants -------------------------------------------------------------
    void beforeHandshakeResponseAddsHeaders()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        server.onBeforeHandshakeResponse([](const HttpRequest &req, HttpResponse &resp) {
            resp.header("X-Framescope", "fd-" + QByteArray::number(req.fd));
        });
        QVERIFY(start(server));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        const QByteArray head = raw.handshake();
        QVERIFY(head.startsWith("HTTP/1.1 101 Switching Protocols\r\n"));
        QVERIFY(head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
        QVERIFY(head.contains("X-Framescope: fd-1\r\n"));
        QTRY_COMPARE(log.openCount(), 1); // built-in handshake: open fires
        auto ws = connectClient(server);
        QVERIFY(ws);
    }

    void beforeHandshakeResponseEndingWithErrorRefuses()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        server.setObserverEnabled(true);
        EventRelay relay(server);
        int seen = 0;
        server.onBeforeHandshakeResponse([&seen](const HttpRequest &, HttpResponse &resp) {
            resp.header("Retry-After", "7");
            if (++seen == 1) {
                resp.status(403);
                resp.end("not you");
            } else {
                resp.end(); // ended without a status: the 101 stands
            }
        });
        QVERIFY(start(server));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        const QByteArray head = raw.handshake();
        QVERIFY2(head.startsWith("HTTP/1.1 403 Forbidden\r\n"), head.constData());
        QVERIFY(head.contains("Retry-After: 7\r\n"));
        QVERIFY(!head.contains("Sec-WebSocket-Accept"));
        QVERIFY(raw.waitForEof());
        QCOMPARE(raw.buffer(), QByteArray("not you\n"));
        QTRY_COMPARE(relay.count(EventRecord::Kind::HandshakeRejected), 1);
        const EventRecord rejected = relay.of(EventRecord::Kind::HandshakeRejected).first();
        QCOMPARE(rejected.httpStatus, 403);
        QVERIFY(rejected.responseHead.startsWith("HTTP/1.1 403"));
        QTRY_COMPARE(log.disconnects(), QList<int>{1});
        QCOMPARE(log.openCount(), 0);
        QVERIFY(!server.exist(1));
        // A refused connection is never open, so a broadcast cannot reach it.
        QVERIFY(server.connections().empty());
        auto ws = connectClient(server); // the second handshake goes through
        QVERIFY(ws);
        QTRY_COMPARE(log.openCount(), 1);
    }

    void customHandshakeAccepts()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        server.onHandshake([&server](const HttpRequest &req, HttpResponse &resp) {
            resp.header("Upgrade", "websocket");
            resp.header("Connection", "Upgrade");
            resp.header("Sec-WebSocket-Accept",
                        computeAcceptKey(req.header.value("sec-websocket-key")));
            resp.header("Sec-WebSocket-Version", "13");
            resp.status(101);
            resp.end();
            const int fd = req.fd;
            server.defer([&server, fd] { server.push(fd, "hello, welcome"); });
            return true;
        });
        QVERIFY(start(server));
        auto ws = std::make_unique<QWebSocket>();
        QStringList got;
        connect(ws.get(), &QWebSocket::textMessageReceived, this,
                [&](const QString &t) { got << t; });
        ws->open(urlOf(server));
        QTRY_COMPARE(got, QStringList{"hello, welcome"});
        QVERIFY(server.isEstablished(1));
        ws->sendTextMessage("echo me");
        QTRY_COMPARE(got.size(), 2);
        QCOMPARE(got[1], QStringLiteral("echo me"));
        QCOMPARE(log.openCount(), 0); // a custom handshake replaces open
    }

    void customHandshakeRejects()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        server.setObserverEnabled(true);
        EventRelay relay(server);
        server.onHandshake([](const HttpRequest &, HttpResponse &resp) {
            resp.status(403);
            resp.end("go away");
            return false;
        });
        QVERIFY(start(server));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        const QByteArray head = raw.handshake();
        QVERIFY(head.startsWith("HTTP/1.1 403 Forbidden\r\n"));
        QVERIFY(raw.waitForEof());
        QCOMPARE(raw.buffer(), QByteArray("go away"));
        QTRY_COMPARE(log.disconnects(), QList<int>{1});
        QCOMPARE(log.openCount(), 0);
        QCOMPARE(log.closeCount(), 0);
        QTRY_COMPARE(relay.count(EventRecord::Kind::HandshakeRejected), 1);
        QCOMPARE(relay.of(EventRecord::Kind::HandshakeRejected).first().httpStatus, 403);
        // A real client fails the handshake and never sees the connection open.
        auto ws = std::make_unique<QWebSocket>();
        bool opened = false;
        bool failed = false;
        connect(ws.get(), &QWebSocket::connected, this, [&] { opened = true; });
        connect(ws.get(), qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
                [&] { failed = true; });
        ws->open(urlOf(server));
        QTRY_VERIFY(failed);
        QVERIFY(!opened);
        QTRY_COMPARE(log.disconnectCount(), 2);
    }

    void badVersionGets426()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        server.setObserverEnabled(true);
        EventRelay relay(server);
        QVERIFY(start(server));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        QByteArray request = RawClient::upgradeRequest();
        request.replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8");
        raw.write(request);
        const QByteArray head = raw.readHead();
        QVERIFY2(head.startsWith("HTTP/1.1 426 Upgrade Required\r\n"), head.constData());
        QVERIFY(head.contains("Sec-WebSocket-Version: 13\r\n"));
        QVERIFY(raw.waitForEof());
        QTRY_COMPARE(relay.count(EventRecord::Kind::HandshakeRejected), 1);
        QCOMPARE(relay.of(EventRecord::Kind::HandshakeRejected).first().httpStatus, 426);
        QTRY_COMPARE(log.disconnects(), QList<int>{1});
    }

    void oversizedHeadGets431()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        ServerOptions o;
        o.handshake_max_size = 256;
        QVERIFY(start(server, o));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        raw.write(RawClient::upgradeRequest("X-Padding: " + QByteArray(400, 'p') + "\r\n"));
        const QByteArray head = raw.readHead();
        QVERIFY2(head.startsWith("HTTP/1.1 431 "), head.constData());
        QVERIFY(raw.waitForEof());
        QTRY_COMPARE(log.disconnects(), QList<int>{1});
    }

    void handshakeTimeoutCloses()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        server.setObserverEnabled(true);
        EventRelay relay(server);
        ServerOptions o;
        o.handshake_timeout_ms = 150;
        QVERIFY(start(server, o));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        raw.write("GET / HTTP/1.1\r\nHost: x\r\n"); // never finished
        QVERIFY(raw.waitForEof());
        QVERIFY(raw.buffer().isEmpty());
        QTRY_COMPARE(log.disconnects(), QList<int>{1});
        QTRY_COMPARE(relay.count(EventRecord::Kind::HandshakeRejected), 1);
        QVERIFY(relay.of(EventRecord::Kind::HandshakeRejected)
                    .first()
                    .text.contains("handshake_timeout_ms"));
    }

    void maxConnectionAnswers503()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        ServerOptions o;
        o.max_connection = 1;
        QVERIFY(start(server, o));
        auto ws = connectClient(server);
        QVERIFY(ws);
        QTRY_COMPARE(log.openCount(), 1);
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        const QByteArray head = raw.handshake();
        QVERIFY2(head.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), head.constData());
        QVERIFY(raw.waitForEof());
        QCOMPARE(log.openCount(), 1);
        ws->close();
        QTRY_COMPARE(log.closeCount(), 1);
        auto again = connectClient(server); // a slot is free again
        QVERIFY(again);
    }

    // --- HTTP ---------------------------------------------------------------------------
    void httpWithoutRequestHandlerGets400()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        QVERIFY(start(server));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        raw.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        const QByteArray head = raw.readHead();
        QVERIFY2(head.startsWith("HTTP/1.1 400 Bad Request\r\n"), head.constData());
        QVERIFY(raw.waitForEof());
        QVERIFY(raw.buffer().contains("400 Bad Request"));
        QTRY_COMPARE(log.disconnects(), QList<int>{1});
    }

    void httpRequestHandler()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        server.onRequest([&log](const HttpRequest &req, HttpResponse &resp) {
            log.addRequest(req);
            if (req.uri == "/drop") {
                resp.close();
                return;
            }
            resp.header("Content-Type", "text/plain");
            resp.write("you said ");
            resp.end(req.get.value("say") + req.rawContent);
        });
        ServerOptions o;
        o.http_max_body_size = 16;
        QVERIFY(start(server, o));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        // Two sequential requests on one HTTP/1.1 connection (keep-alive).
        raw.write("GET /a/b?say=hi%20there&x=1+2 HTTP/1.1\r\nHost: x\r\nX-Test: One\r\n\r\n");
        QByteArray head = raw.readHead();
        QVERIFY2(head.startsWith("HTTP/1.1 200 OK\r\n"), head.constData());
        QVERIFY(head.contains("Content-Length: 17\r\n"));
        QCOMPARE(raw.readExactly(17), QByteArray("you said hi there"));
        raw.write("POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
        head = raw.readHead();
        QVERIFY(head.startsWith("HTTP/1.1 200 OK\r\n"));
        QTRY_VERIFY(log.requests().size() == 2);
        const QList<HttpRequest> reqs = log.requests();
        QCOMPARE(reqs[0].method, QByteArray("GET"));
        QCOMPARE(reqs[0].uri, QByteArray("/a/b"));
        QCOMPARE(reqs[0].get.value("say"), QByteArray("hi there"));
        QCOMPARE(reqs[0].get.value("x"), QByteArray("1 2"));
        QCOMPARE(reqs[0].header.value("x-test"), QByteArray("One"));
        QCOMPARE(reqs[0].protocol, QByteArray("HTTP/1.1"));
        QCOMPARE(reqs[1].rawContent, QByteArray("hello"));
        QCOMPARE(reqs[0].fd, reqs[1].fd);
        QCOMPARE(log.disconnectCount(), 0);

        // Body over http_max_body_size: 413 and close.
        RawClient big;
        QVERIFY(big.connectTo(server.serverPort()));
        big.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 17\r\n\r\n");
        QVERIFY(big.readHead().startsWith("HTTP/1.1 413 Payload Too Large\r\n"));
        QVERIFY(big.waitForEof());

        // HTTP/1.0: the connection closes after the response.
        RawClient old;
        QVERIFY(old.connectTo(server.serverPort()));
        old.write("GET /?say=x HTTP/1.0\r\n\r\n");
        QVERIFY(old.readHead().contains("Connection: close\r\n"));
        QVERIFY(old.waitForEof());

        // response.close(): no response, disconnect event.
        RawClient drop;
        QVERIFY(drop.connectTo(server.serverPort()));
        drop.write("GET /drop HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY(drop.waitForEof());
        QVERIFY(drop.buffer().isEmpty());
        QTRY_COMPARE(log.disconnectCount(), 3);
        QCOMPARE(log.closeCount(), 0);
    }

    void chunkedRequestBody()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        server.onRequest([&log](const HttpRequest &req, HttpResponse &resp) {
            log.addRequest(req);
            resp.end("got " + req.rawContent);
        });
        ServerOptions o;
        o.http_max_body_size = 32;
        QVERIFY(start(server, o));

        // curl -H 'Transfer-Encoding: chunked' --data-binary …: the body reaches the handler
        // whole, and the connection stays usable for the next request.
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        raw.write("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                  "5\r\nhello\r\n");
        raw.write("6;ext=1\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"
                  "POST /d HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok");
        QByteArray head = raw.readHead();
        QVERIFY2(head.startsWith("HTTP/1.1 200 OK\r\n"), head.constData());
        QCOMPARE(raw.readExactly(15), QByteArray("got hello world"));
        head = raw.readHead();
        QVERIFY2(head.startsWith("HTTP/1.1 200 OK\r\n"), head.constData());
        QCOMPARE(raw.readExactly(6), QByteArray("got ok"));
        QTRY_COMPARE(log.requests().size(), 2);
        QCOMPARE(log.requests()[0].rawContent, QByteArray("hello world"));
        QCOMPARE(log.requests()[1].rawContent, QByteArray("ok"));

        const struct
        {
            const char *request;
            const char *status;
            const char *message;
        } refused[] = {
            // RFC 9112 §6.1: a coding we do not implement.
            {"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
             "501 Not Implemented",
             "Transfer-Encoding \"gzip, chunked\" is not supported; send chunked or "
             "Content-Length"},
            // RFC 9112 §6.1: both framings (request smuggling).
            {"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: "
             "5\r\n\r\n",
             "400 Bad Request", "both Transfer-Encoding and Content-Length (RFC 9112 §6.1)"},
            {"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
             "20\r\n"
             "0123456789abcdef0123456789abcdef\r\n1\r\n",
             "413 Payload Too Large", "chunked request body exceeds http_max_body_size (32)"},
            {"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n",
             "400 Bad Request",
             "invalid chunk size line \"xyz\" (RFC 9112 §7.1: chunk-size is hexadecimal)"},
        };
        for (const auto &r : refused) {
            RawClient bad;
            QVERIFY(bad.connectTo(server.serverPort()));
            bad.write(r.request);
            head = bad.readHead();
            QVERIFY2(head.startsWith(QByteArray("HTTP/1.1 ") + r.status + "\r\n"),
                     head.constData());
            QVERIFY(bad.waitForEof());
            QVERIFY2(bad.buffer().contains(r.message), bad.buffer().constData());
        }
        QCOMPARE(log.requests().size(), 2);
    }

    void broadcastOnHttpRequestSeedExample()
    {
        // The seed's example: an HTTP request pushes ?message= to every established client.
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        server.onRequest([&server](const HttpRequest &req, HttpResponse &resp) {
            for (int fd : server.connections()) {
                if (server.isEstablished(fd))
                    server.push(fd, req.get.value("message"));
            }
            resp.end("ok");
        });
        QVERIFY(start(server));
        auto a = connectClient(server);
        auto b = connectClient(server);
        QVERIFY(a && b);
        QTRY_COMPARE(log.openCount(), 2);
        QStringList got;
        for (QWebSocket *ws : {a.get(), b.get()})
            connect(ws, &QWebSocket::textMessageReceived, this,
                    [&](const QString &t) { got << t; });
        RawClient http;
        QVERIFY(http.connectTo(server.serverPort()));
        http.write("GET /?message=hi HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY(http.readHead().startsWith("HTTP/1.1 200 OK"));
        QTRY_COMPARE(got, (QStringList{"hi", "hi"}));
    }

    // --- heartbeat ----------------------------------------------------------------------
    void heartbeatPingsThenClosesIdleClient()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        server.setObserverEnabled(true);
        EventRelay relay(server);
        ServerOptions o;
        o.heartbeat_check_interval = 1;
        o.heartbeat_idle_time = 2;
        QVERIFY(start(server, o));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        QVERIFY(raw.handshake().startsWith("HTTP/1.1 101"));
        auto ping = raw.readFrame(4000);
        QVERIFY(ping);
        QCOMPARE(ping->opcode, quint8(OpPing));
        // The raw client stays silent: after heartbeat_idle_time the server closes (1001).
        auto close = raw.readFrame(5000);
        while (close && close->opcode == OpPing)
            close = raw.readFrame(5000);
        QVERIFY(close);
        QCOMPARE(close->opcode, quint8(OpClose));
        QCOMPARE(close->payload, closePayload(1001, "idle timeout"));
        QVERIFY(raw.waitForEof());
        QTRY_COMPARE(log.closes(), QList<int>{1});
        QTRY_COMPARE(relay.count(EventRecord::Kind::Closed), 1);
        QVERIFY(relay.of(EventRecord::Kind::Closed).first().text.contains("heartbeat"));
    }

    // --- observers ----------------------------------------------------------------------
    void observerBatchesDescribeTheConversation()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        server.setObserverEnabled(true, 4);
        EventRelay relay(server);
        QVERIFY(start(server));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        const quint16 clientPort = raw.localPort();
        const QByteArray head = raw.handshake();
        QVERIFY(head.startsWith("HTTP/1.1 101"));
        raw.write(maskedFrame(0x01, "abc") + maskedFrame(0x80, "defgh"));
        QVERIFY(raw.readFrame());
        raw.write(maskedFrame(0x88, closePayload(1000, "done")));
        QVERIFY(raw.readFrame());
        QVERIFY(raw.waitForEof());
        QTRY_COMPARE(relay.count(EventRecord::Kind::Closed), 1);

        QCOMPARE(relay.count(EventRecord::Kind::ServerStarted), 1);
        QCOMPARE(relay.count(EventRecord::Kind::TcpConnected, 1), 1);
        const EventRecord accepted = relay.of(EventRecord::Kind::HandshakeAccepted, 1).first();
        QCOMPARE(accepted.responseHead, head);
        QVERIFY(accepted.requestHead.startsWith("GET / HTTP/1.1\r\n"));
        QVERIFY(accepted.requestHead.endsWith("\r\n\r\n"));
        QCOMPARE(accepted.peerPort, clientPort);

        QList<EventRecord> in, out;
        for (const EventRecord &e : relay.of(EventRecord::Kind::Frame, 1))
            (e.direction == Direction::In ? in : out) << e;
        QCOMPARE(in.size(), 3);
        QCOMPARE(in[0].opcode, quint8(OpText));
        QVERIFY(!in[0].fin);
        QVERIFY(in[0].masked);
        QCOMPARE(in[0].wireLength, 2 + 4 + 3);
        QCOMPARE(in[0].payload, QByteArray("abc"));
        QCOMPARE(in[1].opcode, quint8(OpContinuation));
        QVERIFY(in[1].fin);
        QCOMPARE(in[1].payload, QByteArray("defg")); // payload limit 4
        QVERIFY(in[1].payloadTruncated);
        QCOMPARE(in[1].payloadLength, 5);
        QCOMPARE(in[2].opcode, quint8(OpClose));
        QCOMPARE(out.size(), 2);
        QVERIFY(!out[0].masked);
        QCOMPARE(out[0].opcode, quint8(OpText));
        QCOMPARE(out[0].payloadLength, 8);
        QCOMPARE(out[1].opcode, quint8(OpClose));

        const EventRecord message = relay.of(EventRecord::Kind::Message, 1).first();
        QCOMPARE(message.messageLength, 8);
        QCOMPARE(message.fragments, 2);
        QCOMPARE(message.payload, QByteArray("abcd"));

        const EventRecord closed = relay.of(EventRecord::Kind::Closed, 1).first();
        QCOMPARE(closed.closeCode, quint16(1000));
        QCOMPARE(closed.closeReason, QByteArray("done"));
        QCOMPARE(closed.initiator, Initiator::Client);

        QList<int> statuses;
        for (const EventRecord &e : relay.of(EventRecord::Kind::StatusChanged, 1))
            statuses << e.status;
        QCOMPARE(statuses,
                 (QList<int>{StatusHandshake, StatusActive, StatusClosing, StatusClosed}));
    }

    void recordTimesFollowSlowHandlers_data()
    {
        QTest::addColumn<int>("sleepMs");
        QTest::newRow("60 ms") << 60;
        // A reading under 10 us old (by the TSC) is shared: 2 ms is far past that.
        QTest::newRow("2 ms") << 2;
    }

    void recordTimesFollowSlowHandlers()
    {
        // Records share one clock reading per read, but not across user code: a push made
        // after a slow computation, and what is processed after the handler returned, carry
        // their own times.
        QFETCH(int, sleepMs);
        const qint64 sleepUs = sleepMs * 1000;
        WebSocketServer server;
        server.onMessage([sleepMs](WebSocketServer &s, const Frame &f) {
            QThread::msleep(sleepMs);
            s.push(f.fd, f.data, f.opcode);
            QThread::msleep(sleepMs);
        });
        server.setObserverEnabled(true, 16);
        EventRelay relay(server);
        QVERIFY(start(server));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        QVERIFY(raw.handshake().startsWith("HTTP/1.1 101"));
        raw.write(maskedFrame(0x81, "one") + maskedFrame(0x81, "two")); // one read
        QVERIFY(raw.readFrame());
        QVERIFY(raw.readFrame());
        QTRY_COMPARE(relay.count(EventRecord::Kind::Frame, 1), 4);
        const QList<EventRecord> frames = relay.of(EventRecord::Kind::Frame, 1);
        const QList<EventRecord> messages = relay.of(EventRecord::Kind::Message, 1);
        QCOMPARE(messages.size(), 2);
        // in "one", out "one", in "two", out "two"
        QCOMPARE(frames[0].direction, Direction::In);
        QCOMPARE(frames[1].direction, Direction::Out);
        QCOMPARE(frames[2].direction, Direction::In);
        QCOMPARE(frames[3].direction, Direction::Out);
        QCOMPARE(messages[0].timeUs, frames[0].timeUs); // same bytes, same reading
        QVERIFY2(frames[1].timeUs - frames[0].timeUs >= sleepUs,
                 qPrintable(QString::number(frames[1].timeUs - frames[0].timeUs)));
        QVERIFY2(frames[2].timeUs - frames[1].timeUs >= sleepUs,
                 qPrintable(QString::number(frames[2].timeUs - frames[1].timeUs)));
        QVERIFY(messages[1].timeUs >= frames[2].timeUs);
        QVERIFY2(frames[3].timeUs - frames[2].timeUs >= sleepUs,
                 qPrintable(QString::number(frames[3].timeUs - frames[2].timeUs)));
        server.stop();
    }

    void observerThatFallsBehindGetsDroppedCount()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        server.setObserverEnabled(true);
        EventRelay relay(server);
        QVERIFY(start(server));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        QVERIFY(raw.handshake().startsWith("HTTP/1.1 101"));
        // The raw client blocks this thread, so no batch is consumed: once too many are in
        // flight the worker drops records and counts them instead of queueing without bound.
        int echoed = 0;
        QElapsedTimer busy;
        busy.start();
        while (busy.elapsed() < 1500) {
            raw.write(maskedFrame(0x81, "x"));
            QVERIFY(raw.readFrame());
            ++echoed;
        }
        QTRY_VERIFY(relay.count(EventRecord::Kind::Dropped) > 0);
        qint64 dropped = 0;
        for (const EventRecord &r : relay.of(EventRecord::Kind::Dropped))
            dropped += r.count;
        QVERIFY(dropped > 0);
        // Every echo was one frame in and one frame out: seen or counted as dropped.
        QTRY_VERIFY(relay.count(EventRecord::Kind::Frame) + dropped >= 2 * echoed);
    }

    void observersOffBuildNoRecords()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        EventRelay relay(server);
        QVERIFY(start(server));
        auto ws = connectClient(server);
        QVERIFY(ws);
        QString got;
        connect(ws.get(), &QWebSocket::textMessageReceived, this,
                [&](const QString &t) { got = t; });
        ws->sendTextMessage("quiet");
        QTRY_COMPARE(got, QStringLiteral("quiet"));
        server.stop();
        QCoreApplication::processEvents();
        QCOMPARE(relay.all().size(), 0);
    }

    // --- threads ------------------------------------------------------------------------
    void reactorThreadsShareConnections()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        ServerOptions o;
        o.reactor_num = 2;
        QVERIFY(start(server, o));
        std::vector<std::unique_ptr<QWebSocket>> clients;
        int received = 0;
        for (int i = 0; i < 4; ++i) {
            clients.push_back(connectClient(server));
            QVERIFY(clients.back());
            connect(clients.back().get(), &QWebSocket::textMessageReceived, this,
                    [&](const QString &) { ++received; });
        }
        for (auto &ws : clients)
            ws->sendTextMessage("x");
        QTRY_COMPARE(received, 4);
        const QList<QThread *> threads = log.messageThreads();
        const std::set<QThread *> distinct(threads.begin(), threads.end());
        QCOMPARE(distinct.size(), size_t(2));
        QVERIFY(!distinct.count(QThread::currentThread()));
        // Cross-worker push from a handler on the other worker.
        QVERIFY(server.push(1, "from outside"));
        QVERIFY(server.push(2, "from outside"));
        QTRY_COMPARE(received, 6);
    }

    // --- permessage-deflate -------------------------------------------------------------
    void compressionNegotiatedAndUsed()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        server.onMessage([&log](WebSocketServer &s, const Frame &f) {
            log.addMessage(f);
            s.push(f.fd, f.data, f.opcode, FlagFin | FlagCompress);
        });
        ServerOptions o;
        o.websocket_compression = true;
        o.websocket_compression_min_size = 8;
        QVERIFY(start(server, o));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        const QByteArray head = raw.handshake(
            "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
        QVERIFY(head.startsWith("HTTP/1.1 101"));
        QVERIFY2(head.contains("Sec-WebSocket-Extensions: permessage-deflate"), head.constData());
        const QByteArray text = "Hello, compressed world! Hello, compressed world!";
        raw.write(maskedFrame(0xC1, rawDeflate(text))); // FIN + RSV1 + TEXT
        auto echo = raw.readFrame();
        QVERIFY(echo);
        QCOMPARE(echo->rsv, 0x40);
        QCOMPARE(rawInflate(echo->payload), text);
        QCOMPARE(log.messages().first().data, text);
        QVERIFY(log.messages().first().rsv1);
        // Below websocket_compression_min_size: sent plain.
        raw.write(maskedFrame(0x81, "short"));
        auto plain = raw.readFrame();
        QVERIFY(plain);
        QCOMPARE(plain->rsv, 0);
        QCOMPARE(plain->payload, QByteArray("short"));
        const auto info = server.clientInfo(1);
        QVERIFY(info->compression);
        QVERIFY(info->extensions.startsWith("permessage-deflate"));
    }

    void compressedFragmentedPush()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        server.setObserverEnabled(true);
        EventRelay relay(server);
        ServerOptions o;
        o.websocket_compression = true;
        QVERIFY(start(server, o));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        // No context takeover: every message inflates on its own with a fresh zlib stream.
        const QByteArray head = raw.handshake(
            "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n");
        QVERIFY(head.startsWith("HTTP/1.1 101"));
        QTRY_VERIFY(server.isEstablished(1));
        QVERIFY(server.push(1, "Hello, ", OpText, FlagCompress)); // FIN clear: a first fragment
        QVERIFY(server.push(1, "", OpContinuation, FlagCompress));
        QVERIFY(server.push(1, "fragmented compressed world", OpContinuation, FlagFin));
        QByteArray wire;
        const struct
        {
            quint8 opcode;
            bool fin;
            int rsv;
        } expected[] = {
            {OpText, false, 0x40}, {OpContinuation, false, 0}, {OpContinuation, true, 0}};
        for (const auto &e : expected) {
            const auto f = raw.readFrame();
            QVERIFY(f);
            QCOMPARE(f->opcode, e.opcode);
            QCOMPARE(f->fin, e.fin);
            // RFC 7692 §6.1: RSV1 on the first frame of the compressed message only.
            QCOMPARE(f->rsv, e.rsv);
            wire += f->payload;
        }
        QCOMPARE(rawInflate(wire), QByteArray("Hello, fragmented compressed world"));
        // The next whole message is compressed on its own again.
        const QByteArray again = QByteArray("again and ").repeated(10); // over min_size
        QVERIFY(server.push(1, again, OpText, FlagFin | FlagCompress));
        const auto f = raw.readFrame();
        QVERIFY(f);
        QCOMPARE(f->rsv, 0x40);
        QCOMPARE(rawInflate(f->payload), again);

        // Observers see each compressed message as pushed, after its last frame.
        QTRY_COMPARE(relay.count(EventRecord::Kind::Message), 2);
        const QList<EventRecord> messages = relay.of(EventRecord::Kind::Message);
        QCOMPARE(messages[0].direction, Direction::Out);
        QCOMPARE(messages[0].opcode, quint8(OpText));
        QVERIFY(messages[0].rsv1);
        QCOMPARE(messages[0].fragments, 3);
        QCOMPARE(messages[0].payload, QByteArray("Hello, fragmented compressed world"));
        QCOMPARE(messages[0].messageLength, qint64(34));
        QCOMPARE(messages[0].payloadLength, qint64(wire.size()));
        QCOMPARE(messages[1].payload, again);
        QCOMPARE(messages[1].fragments, 1);
        QCOMPARE(messages[1].payloadLength, qint64(f->payload.size()));
    }

    void compressionOffIgnoresOffer()
    {
        HandlerLog log; // outlives the server: stop() still calls handlers
        WebSocketServer server;
        log.attach(server);
        QVERIFY(start(server));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        const QByteArray head = raw.handshake("Sec-WebSocket-Extensions: permessage-deflate\r\n");
        QVERIFY(head.startsWith("HTTP/1.1 101"));
        QVERIFY(!head.toLower().contains("sec-websocket-extensions"));
        QVERIFY(server.push(1, QByteArray(200, 'a'), OpText, FlagFin | FlagCompress));
        auto f = raw.readFrame();
        QVERIFY(f);
        QCOMPARE(f->rsv, 0);
        QCOMPARE(f->payload, QByteArray(200, 'a'));
    }
};

QTEST_MAIN(TestWebSocketServer)
#include "tst_websocketserver.moc"
