// core/log: the one JSON Lines writer and reader (round trips, real traffic from a QWebSocket
// client, malformed input) and the HAR writer (structure checked with QJsonDocument and with
// Python's json module).
#include "log/clientidentity.h"
#include "log/harwriter.h"
#include "log/jsonlinesreader.h"
#include "log/jsonlineswriter.h"
#include "log/recordfields.h"
#include "protocol/frame.h"
#include "protocol/protocolerror.h"
#include "server/websocketserver.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QWebSocket>
#include <QtTest>

#include "server/servertestutil.h"

using namespace framescope;
using framescope::test::EventRelay;

Q_DECLARE_METATYPE(framescope::EventRecord)

namespace {

constexpr int kTimeoutMs = 10000;
using P = JsonLinesWriter::TimePrecision;

QString tlsText(const std::shared_ptr<const TlsInfo> &tls)
{
    if (!tls)
        return QStringLiteral("none");
    return QString::fromUtf8(tls->version + '|' + tls->cipher + '|' + tls->sni + '|' + tls->alpn +
                             '|') +
           tls->clientSubject;
}

// The fields the schema holds for the record's kind (docs/headless.md); the name of the
// first that differs, or empty.
QString differs(const EventRecord &a, const EventRecord &b, qint64 timeGrainUs = 1)
{
    using K = EventRecord::Kind;
#define FIELD(expr)                                                                                \
    if (!((a.expr) == (b.expr)))                                                                   \
        return QStringLiteral(#expr);
    FIELD(kind)
    FIELD(fd)
    if (a.timeUs / timeGrainUs != b.timeUs / timeGrainUs)
        return QStringLiteral("timeUs %1 vs %2").arg(a.timeUs).arg(b.timeUs);
    switch (a.kind) {
    case K::ServerStarted:
    case K::ServerError:
    case K::HandshakeRejected:
        FIELD(text)
        FIELD(httpStatus)
        break;
    case K::OperationFailed:
        FIELD(text)
        FIELD(operation)
        FIELD(serverError)
        FIELD(payloadLength)
        FIELD(count)
        break;
    case K::TcpConnected:
        FIELD(peerAddress)
        FIELD(peerPort)
        break;
    case K::HttpRequest:
        FIELD(method)
        FIELD(uri)
        FIELD(httpStatus)
        if (tlsText(a.tls) != tlsText(b.tls))
            return QStringLiteral("tls");
        break;
    case K::HandshakeAccepted:
        FIELD(peerAddress)
        FIELD(peerPort)
        FIELD(uri)
        FIELD(subprotocol)
        FIELD(extensions)
        FIELD(requestHead)
        FIELD(responseHead)
        if (tlsText(a.tls) != tlsText(b.tls))
            return QStringLiteral("tls");
        break;
    case K::Frame:
        FIELD(direction)
        FIELD(opcode)
        FIELD(fin)
        FIELD(rsv1)
        FIELD(rsv2)
        FIELD(rsv3)
        FIELD(masked)
        FIELD(payloadLength)
        FIELD(wireLength)
        FIELD(payload)
        FIELD(payloadTruncated)
        FIELD(protocolError)
        FIELD(text)
        if (recordClose(a) != recordClose(b))
            return QStringLiteral("close code/reason");
        break;
    case K::Message:
        FIELD(direction)
        FIELD(opcode)
        FIELD(rsv1)
        FIELD(fragments)
        FIELD(payload)
        FIELD(payloadTruncated)
        if (recordTotalLength(a) != recordTotalLength(b))
            return QStringLiteral("message length");
        break;
    case K::ProtocolError:
        FIELD(protocolError)
        FIELD(closeCode)
        FIELD(text)
        break;
    case K::CloseStarted:
        FIELD(closeCode)
        FIELD(closeReason)
        FIELD(initiator)
        break;
    case K::Closed:
        FIELD(closeCode)
        FIELD(closeReason)
        FIELD(initiator)
        FIELD(closeHandshakeUs)
        break;
    case K::PingRtt:
        FIELD(rttUs)
        break;
    case K::StatusChanged:
        FIELD(status)
        break;
    case K::Dropped:
        FIELD(count)
        break;
    case K::ServerStopped:
    case K::Disconnected:
        break;
    }
#undef FIELD
    return {};
}

EventRecord make(EventRecord::Kind kind, int fd = 1)
{
    EventRecord r;
    r.kind = kind;
    r.fd = fd;
    r.timeUs = 1'764'723'723'456'789; // 2025-12-03T01:02:03.456789Z
    return r;
}

EventRecord frame(Direction direction, quint8 opcode, const QByteArray &payload)
{
    EventRecord r = make(EventRecord::Kind::Frame);
    r.direction = direction;
    r.opcode = opcode;
    r.masked = direction == Direction::In;
    r.payload = payload;
    r.payloadLength = payload.size();
    r.wireLength = payload.size() + (r.masked ? 6 : 2);
    return r;
}

// The traffic of a real client: a text, a binary and a fragmented-by-nobody message each
// way, a ping both ways, a close by the client: the server's records in `out`.
void realTraffic(EventBatch &out, quint16 *port = nullptr)
{
    WebSocketServer server;
    test::HandlerLog handlers;
    handlers.attach(server);
    server.setObserverEnabled(true);
    EventRelay relay(server);
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    if (port)
        *port = server.serverPort();
    QWebSocket client(QStringLiteral("http://localhost:3000"));
    QSignalSpy connected(&client, &QWebSocket::connected);
    QSignalSpy texts(&client, &QWebSocket::textMessageReceived);
    QSignalSpy binaries(&client, &QWebSocket::binaryMessageReceived);
    QSignalSpy pongs(&client, &QWebSocket::pong);
    QSignalSpy disconnected(&client, &QWebSocket::disconnected);
    QNetworkRequest request(
        QUrl(QStringLiteral("ws://127.0.0.1:%1/chat?room=1&x=%C3%A9").arg(server.serverPort())));
    request.setRawHeader("User-Agent", "tst_recordformats/1.0");
    client.open(request);
    QVERIFY(connected.wait(kTimeoutMs));
    client.sendTextMessage(QStringLiteral("héllo \"world\"\n"));
    client.sendBinaryMessage(QByteArray::fromHex("00ff10"));
    client.ping("cping");
    QTRY_VERIFY_WITH_TIMEOUT(texts.size() == 1 && binaries.size() == 1 && pongs.size() == 1,
                             kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(relay.count(EventRecord::Kind::HandshakeAccepted) == 1, kTimeoutMs);
    const int fd = relay.of(EventRecord::Kind::HandshakeAccepted).first().fd;
    server.ping(fd, "sping");
    QTRY_VERIFY_WITH_TIMEOUT(relay.count(EventRecord::Kind::PingRtt) == 1, kTimeoutMs);
    client.close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("bye"));
    QTRY_VERIFY_WITH_TIMEOUT(disconnected.size() == 1, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(relay.count(EventRecord::Kind::Closed) == 1, kTimeoutMs);
    server.stop();
    out = relay.all();
}

} // namespace

class TestRecordFormats : public QObject
{
    Q_OBJECT

private slots:
    void roundTripEveryKind_data();
    void roundTripEveryKind();
    void roundTripRealTraffic();
    void frameCarriesItsMessage();
    void millisecondsForTheLog();
    void clientIdentity_data();
    void clientIdentity();
    void readerRejectsMalformed_data();
    void readerRejectsMalformed();
    void readAllSkipsBadAndLongLines();
    void harFromRealTraffic();
    void harControlFramesAndFragments();
};

void TestRecordFormats::roundTripEveryKind_data()
{
    using K = EventRecord::Kind;
    QTest::addColumn<EventRecord>("record");

    EventRecord started = make(K::ServerStarted, 0);
    started.text = QStringLiteral("ws://127.0.0.1:9501");
    QTest::newRow("start") << started;
    QTest::newRow("stop") << make(K::ServerStopped, 0);
    EventRecord serverError = make(K::ServerError, 0);
    serverError.text = QStringLiteral("127.0.0.1:9501 is already in use");
    QTest::newRow("server error") << serverError;
    EventRecord failed = make(K::OperationFailed, 3);
    failed.operation = Operation::Push;
    failed.serverError = quint8(ServerError::PayloadTooLarge);
    failed.payloadLength = 4194304;
    failed.count = 2097152;
    failed.text = QStringLiteral("push of 4194304 bytes to fd 3 refused");
    QTest::newRow("push refused") << failed;
    EventRecord connected = make(K::TcpConnected);
    connected.peerAddress = QHostAddress(QStringLiteral("::1"));
    connected.peerPort = 40000;
    QTest::newRow("connect ipv6") << connected;
    EventRecord request = make(K::HttpRequest, 2);
    request.method = "POST";
    request.uri = "/push?a=1";
    request.httpStatus = 404;
    request.tls = std::make_shared<TlsInfo>(
        TlsInfo{"TLSv1.3", "TLS_AES_256_GCM_SHA384", "localhost", "http/1.1", "CN=client"});
    QTest::newRow("request over tls") << request;
    EventRecord open = make(K::HandshakeAccepted);
    open.peerAddress = QHostAddress(QStringLiteral("127.0.0.1"));
    open.peerPort = 5000;
    open.uri = "/chat?room=1";
    open.subprotocol = "chat";
    open.extensions = "permessage-deflate";
    open.requestHead = "GET /chat?room=1 HTTP/1.1\r\nHost: x\r\nOrigin: http://o\r\n\r\n";
    open.responseHead = "HTTP/1.1 101 Switching Protocols\r\n\r\n";
    QTest::newRow("open") << open;
    EventRecord rejected = make(K::HandshakeRejected);
    rejected.httpStatus = 426;
    rejected.text = QStringLiteral("Sec-WebSocket-Version: 8 is not 13");
    QTest::newRow("handshake rejected") << rejected;
    QTest::newRow("text frame") << frame(Direction::In, OpText, "héllo \"\\\n\t\x01");
    QTest::newRow("binary frame") << frame(Direction::Out, OpBinary, QByteArray("\0\xff", 2));
    QTest::newRow("text frame, invalid utf-8")
        << frame(Direction::In, OpText, QByteArray("a\xc3(", 3));
    QTest::newRow("empty ping") << frame(Direction::In, OpPing, {});
    EventRecord compressed = frame(Direction::In, OpText, QByteArray::fromHex("f248cdc90700"));
    compressed.rsv1 = true;
    compressed.fin = false;
    QTest::newRow("compressed first fragment") << compressed;
    EventRecord close = frame(Direction::Out, OpClose,
                              QByteArray("\x03\xe8"
                                         "bye",
                                         5));
    QTest::newRow("close frame") << close;
    EventRecord invalid = frame(Direction::In, 0x3, "x");
    invalid.rsv2 = true;
    invalid.protocolError = quint8(ProtocolError::ReservedOpcode);
    invalid.text = describe(ProtocolError::ReservedOpcode);
    QTest::newRow("invalid frame") << invalid;
    EventRecord raw = frame(Direction::Out, OpText, "x");
    raw.masked = true;
    raw.text = QStringLiteral("raw frame (scenario)");
    QTest::newRow("frame with a note") << raw;
    EventRecord truncated = frame(Direction::Out, OpBinary, QByteArray(100, 'a'));
    truncated.payloadLength = 1 << 20;
    truncated.wireLength = (1 << 20) + 10;
    truncated.payloadTruncated = true;
    QTest::newRow("truncated frame") << truncated;
    EventRecord message = frame(Direction::In, OpText, "Hello");
    message.kind = K::Message;
    message.rsv1 = true;
    message.messageLength = 5;
    message.fragments = 3;
    QTest::newRow("message") << message;
    EventRecord protocolError = make(K::ProtocolError);
    protocolError.protocolError = quint8(ProtocolError::InvalidUtf8);
    protocolError.closeCode = 1007;
    protocolError.text = describe(ProtocolError::InvalidUtf8);
    QTest::newRow("protocol error") << protocolError;
    EventRecord closing = make(K::CloseStarted);
    closing.closeCode = 4001;
    closing.closeReason = "done";
    closing.initiator = Initiator::Server;
    QTest::newRow("closing") << closing;
    EventRecord closed = closing;
    closed.kind = K::Closed;
    closed.closeHandshakeUs = 1234;
    QTest::newRow("close") << closed;
    closed.initiator = Initiator::Abnormal;
    closed.closeCode = 1006;
    closed.closeReason.clear();
    closed.closeHandshakeUs = -1;
    QTest::newRow("close, abnormal") << closed;
    QTest::newRow("disconnect") << make(K::Disconnected, 7);
    EventRecord rtt = make(K::PingRtt);
    rtt.rttUs = 321;
    QTest::newRow("ping rtt") << rtt;
    EventRecord status = make(K::StatusChanged);
    status.status = StatusClosing;
    QTest::newRow("status") << status;
    EventRecord dropped = make(K::Dropped, 0);
    dropped.count = 12345;
    QTest::newRow("dropped") << dropped;
    EventRecord before1970 = frame(Direction::In, OpText, "old");
    before1970.timeUs = -1'500'001;
    QTest::newRow("time before 1970") << before1970;
}

void TestRecordFormats::roundTripEveryKind()
{
    QFETCH(EventRecord, record);
    const QByteArray line = JsonLinesWriter::line(record, P::Microseconds);
    QVERIFY2(QJsonDocument::fromJson(line).isObject(), line.constData());
    EventBatch back;
    QString error;
    QVERIFY2(JsonLinesReader::readLine(line, back, &error), qPrintable(error));
    QCOMPARE(back.size(), 1);
    const QString field = differs(record, back.first());
    QVERIFY2(field.isEmpty(), qPrintable(field + QLatin1String(" in ") + line));
    // Written again: the same line.
    QCOMPARE(JsonLinesWriter::line(back.first(), P::Microseconds), line);
}

void TestRecordFormats::roundTripRealTraffic()
{
    EventBatch records;
    realTraffic(records);
    QVERIFY(!records.isEmpty());
    QSet<EventRecord::Kind> kinds;
    QBuffer file;
    file.open(QIODevice::ReadWrite);
    OrderedJson json;
    QByteArray all;
    for (const EventRecord &r : records) {
        JsonLinesWriter::write(r, json, P::Microseconds);
        json.takeInto(all, '\n');
        kinds.insert(r.kind);
    }
    for (auto kind :
         {EventRecord::Kind::HandshakeAccepted, EventRecord::Kind::Frame,
          EventRecord::Kind::Message, EventRecord::Kind::PingRtt, EventRecord::Kind::Closed})
        QVERIFY(kinds.contains(kind));
    file.write(all);
    file.seek(0);
    const JsonLinesReader::Result result = JsonLinesReader::readAll(file);
    QCOMPARE(result.skipped, 0);
    QCOMPARE(result.records.size(), records.size());
    for (qsizetype i = 0; i < records.size(); ++i) {
        const QString field = differs(records[i], result.records[i]);
        QVERIFY2(field.isEmpty(), qPrintable(QStringLiteral("record %1 (%2): %3")
                                                 .arg(i)
                                                 .arg(recordEventName(records[i].kind))
                                                 .arg(field)));
    }
    // The open event tells the client apart.
    const QList<QByteArray> lines = all.split('\n');
    const auto open = std::find_if(lines.begin(), lines.end(), [](const QByteArray &l) {
        return l.contains("\"event\":\"open\"");
    });
    QVERIFY(open != lines.end());
    const QJsonObject o = QJsonDocument::fromJson(*open).object();
    QCOMPARE(o.value("uri").toString(), QStringLiteral("/chat?room=1&x=%C3%A9"));
    QCOMPARE(o.value("origin").toString(), QStringLiteral("http://localhost:3000"));
    QCOMPARE(o.value("user_agent").toString(), QStringLiteral("tst_recordformats/1.0"));
    QVERIFY(o.value("request_head").toString().startsWith(QStringLiteral("GET /chat?room=1")));
    QVERIFY(o.value("response_head").toString().startsWith(QStringLiteral("HTTP/1.1 101")));
}

void TestRecordFormats::frameCarriesItsMessage()
{
    EventRecord last = frame(Direction::In, OpContinuation, "lo");
    EventRecord message = frame(Direction::In, OpText, "hello");
    message.kind = EventRecord::Kind::Message;
    message.messageLength = 5;
    message.fragments = 2;
    const QByteArray line = JsonLinesWriter::line(last, P::Microseconds, &message);
    QVERIFY(line.contains("\"message_opcode\":1,\"message_length\":5,\"fragments\":2,"
                          "\"message_payload\":\"hello\""));
    EventBatch back;
    QVERIFY(JsonLinesReader::readLine(line, back));
    QCOMPARE(back.size(), 2);
    QCOMPARE(differs(last, back[0]), QString());
    QCOMPARE(differs(message, back[1]), QString());
    // Binary: base64.
    message.opcode = OpBinary;
    message.payload = QByteArray("\x00\x01", 2);
    QVERIFY(JsonLinesWriter::line(last, P::Microseconds, &message)
                .contains("\"message_payload_base64\":\"AAE=\""));
}

void TestRecordFormats::millisecondsForTheLog()
{
    const EventRecord r = frame(Direction::In, OpText, "x");
    const QByteArray line = JsonLinesWriter::line(r);
    QVERIFY(line.startsWith("{\"time\":\"2025-12-03T01:02:03.456Z\",\"event\":\"frame\""));
    QCOMPARE(JsonLinesWriter::isoTime(r.timeUs, P::Microseconds),
             QByteArray("2025-12-03T01:02:03.456789Z"));
    QCOMPARE(JsonLinesWriter::isoTime(-1, P::Microseconds),
             QByteArray("1969-12-31T23:59:59.999999Z"));
    EventBatch back;
    QVERIFY(JsonLinesReader::readLine(line, back));
    QCOMPARE(differs(r, back.first(), 1000), QString());
}

void TestRecordFormats::clientIdentity_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("origin");
    QTest::addColumn<QByteArray>("userAgent");
    QTest::newRow("browser") << QByteArray("GET /a?b=c HTTP/1.1\r\nHost: h\r\norigin: http://o\r\n"
                                           "User-Agent: UA 1\r\n\r\n")
                             << QByteArray("/a?b=c") << QByteArray("http://o")
                             << QByteArray("UA 1");
    QTest::newRow("no origin") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\n\r\n") << QByteArray("/")
                               << QByteArray() << QByteArray();
    QTest::newRow("empty") << QByteArray() << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("not http") << QByteArray("\x16\x03\x01 junk\r\n\r\n") << QByteArray()
                              << QByteArray() << QByteArray();
    QTest::newRow("cut short") << QByteArray("GET /x HTTP/1.1\r\nOrigin: o") << QByteArray()
                               << QByteArray() << QByteArray();
}

void TestRecordFormats::clientIdentity()
{
    QFETCH(QByteArray, head);
    const ClientIdentity id = ClientIdentity::fromRequestHead(head);
    QTEST(id.target, "target");
    QTEST(id.origin, "origin");
    QTEST(id.userAgent, "userAgent");
}

void TestRecordFormats::readerRejectsMalformed_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("error");
    QTest::newRow("not json") << QByteArray("not json") << QStringLiteral("not JSON");
    QTest::newRow("cut short") << QByteArray("{\"event\":\"frame\",") << QStringLiteral("not JSON");
    QTest::newRow("array") << QByteArray("[1,2]") << QStringLiteral("not a JSON object");
    QTest::newRow("no event") << QByteArray("{\"fd\":1}") << QStringLiteral("no \"event\"");
    QTest::newRow("event not a string")
        << QByteArray("{\"event\":3,\"fd\":1}") << QStringLiteral("no \"event\" string");
    QTest::newRow("unknown event")
        << QByteArray("{\"event\":\"teleport\",\"fd\":1}") << QStringLiteral("\"teleport\"");
    QTest::newRow("fd a string") << QByteArray("{\"event\":\"frame\",\"fd\":\"1\"}")
                                 << QStringLiteral("\"fd\" is not a number");
    QTest::newRow("bad time") << QByteArray("{\"event\":\"frame\",\"time\":\"yesterday\"}")
                              << QStringLiteral("yesterday");
}

void TestRecordFormats::readerRejectsMalformed()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, error);
    EventBatch out;
    out.append(make(EventRecord::Kind::Disconnected));
    QString why;
    QVERIFY(!JsonLinesReader::readLine(line, out, &why));
    QVERIFY2(why.contains(error), qPrintable(why));
    QCOMPARE(out.size(), 1); // unchanged
}

void TestRecordFormats::readAllSkipsBadAndLongLines()
{
    const QByteArray good = JsonLinesWriter::line(frame(Direction::In, OpText, "ok"));
    QVERIFY(good.size() < 400);
    QBuffer buffer;
    buffer.setData("\n" + good + "\n{\"event\":\"frame\",\"payload\":\"" + QByteArray(500, 'a') +
                   "\"}\n  \nnot json\n" + good);
    buffer.open(QIODevice::ReadOnly);
    const JsonLinesReader::Result result = JsonLinesReader::readAll(buffer, 400);
    QCOMPARE(result.records.size(), 2);
    QCOMPARE(result.skipped, 2);
    QCOMPARE(result.firstErrorLine, 3);
    QVERIFY2(result.firstError.startsWith(QStringLiteral("line 3: longer than 400 bytes")),
             qPrintable(result.firstError));
}

void TestRecordFormats::harFromRealTraffic()
{
    quint16 port = 0;
    EventBatch records;
    realTraffic(records, &port);
    QVERIFY(!records.isEmpty());
    HarWriter har;
    for (const EventRecord &r : records)
        har.add(r);
    QCOMPARE(har.entryCount(), 1);
    const QByteArray json = har.toJson("1.2.3");

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    const QJsonObject log = doc.object().value("log").toObject();
    QCOMPARE(log.value("version").toString(), QStringLiteral("1.2"));
    QCOMPARE(log.value("creator").toObject().value("name").toString(),
             QStringLiteral("Framescope"));
    QCOMPARE(log.value("creator").toObject().value("version").toString(), QStringLiteral("1.2.3"));
    const QJsonArray entries = log.value("entries").toArray();
    QCOMPARE(entries.size(), 1);
    const QJsonObject entry = entries.first().toObject();
    QCOMPARE(entry.value("_resourceType").toString(), QStringLiteral("websocket"));
    const QJsonObject request = entry.value("request").toObject();
    QCOMPARE(request.value("method").toString(), QStringLiteral("GET"));
    QCOMPARE(request.value("url").toString(),
             QStringLiteral("ws://127.0.0.1:%1/chat?room=1&x=%C3%A9").arg(port));
    QCOMPARE(request.value("httpVersion").toString(), QStringLiteral("HTTP/1.1"));
    const QJsonArray query = request.value("queryString").toArray();
    QCOMPARE(query.size(), 2);
    QCOMPARE(query[1].toObject().value("value").toString(), QStringLiteral("é"));
    QStringList headerNames;
    for (const QJsonValue &h : request.value("headers").toArray())
        headerNames << h.toObject().value("name").toString().toLower();
    for (const char *want : {"host", "upgrade", "sec-websocket-key", "origin", "user-agent"})
        QVERIFY2(headerNames.contains(QLatin1String(want)), want);
    const QJsonObject response = entry.value("response").toObject();
    QCOMPARE(response.value("status").toInt(), 101);
    QCOMPARE(response.value("statusText").toString(), QStringLiteral("Switching Protocols"));
    bool accept = false;
    for (const QJsonValue &h : response.value("headers").toArray())
        accept = accept ||
                 h.toObject().value("name").toString() == QLatin1String("Sec-WebSocket-Accept");
    QVERIFY(accept);
    QCOMPARE(entry.value("_closeCode").toInt(), 1000);

    // The client's view: send = what the client sent.
    const QJsonArray messages = entry.value("_webSocketMessages").toArray();
    QStringList seen;
    double lastTime = 0;
    const double start =
        QDateTime::fromString(entry.value("startedDateTime").toString(), Qt::ISODateWithMs)
            .toMSecsSinceEpoch() /
        1000.0;
    for (const QJsonValue &v : messages) {
        const QJsonObject m = v.toObject();
        const double time = m.value("time").toDouble();
        QVERIFY(time >= lastTime);
        QVERIFY(time >= start - 0.001 && time < start + 60);
        lastTime = time;
        seen << QStringLiteral("%1 %2 %3")
                    .arg(m.value("type").toString())
                    .arg(m.value("opcode").toInt())
                    .arg(m.value("data").toString());
    }
    const QStringList expected = {
        QStringLiteral("send 1 héllo \"world\"\n"),
        QStringLiteral("receive 1 héllo \"world\"\n"),
        QStringLiteral("send 2 AP8Q"),
        QStringLiteral("receive 2 AP8Q"),
        QStringLiteral("send 9 %1").arg(QString::fromLatin1(QByteArray("cping").toBase64())),
        QStringLiteral("receive 10 %1").arg(QString::fromLatin1(QByteArray("cping").toBase64())),
        QStringLiteral("receive 9 %1").arg(QString::fromLatin1(QByteArray("sping").toBase64())),
        QStringLiteral("send 10 %1").arg(QString::fromLatin1(QByteArray("sping").toBase64())),
    };
    for (const QString &want : expected)
        QVERIFY2(seen.contains(want),
                 qPrintable(want + QLatin1String(" not in: ") + seen.join(QLatin1String(" | "))));
    // Text before binary as sent; the close frames last, each way.
    QVERIFY(seen.indexOf(expected[0]) < seen.indexOf(expected[2]));
    QCOMPARE(messages.at(messages.size() - 2).toObject().value("opcode").toInt(), 8);
    QCOMPARE(messages.at(messages.size() - 2).toObject().value("_closeCode").toInt(), 1000);
    QCOMPARE(messages.at(messages.size() - 2).toObject().value("_closeReason").toString(),
             QStringLiteral("bye"));
    QCOMPARE(messages.last().toObject().value("opcode").toInt(), 8);

    // And the same file through Python's json module, with HAR 1.2's required fields.
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("traffic.har")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(json);
    file.close();
    const char *script = R"PY(
import json, sys
har = json.load(open(sys.argv[1], encoding="utf-8"))
log = har["log"]
assert log["version"] == "1.2", log["version"]
assert set(log["creator"]) >= {"name", "version"}
for e in log["entries"]:
    for k in ("startedDateTime", "time", "request", "response", "cache", "timings"):
        assert k in e, k
    req, resp = e["request"], e["response"]
    for k in ("method", "url", "httpVersion", "cookies", "headers", "queryString",
              "headersSize", "bodySize"):
        assert k in req, "request." + k
    for k in ("status", "statusText", "httpVersion", "cookies", "headers", "content",
              "redirectURL", "headersSize", "bodySize"):
        assert k in resp, "response." + k
    assert set(resp["content"]) >= {"size", "mimeType"}
    assert all(e["timings"][k] >= 0 for k in ("send", "wait", "receive"))
    assert e["_resourceType"] == "websocket"
    for m in e["_webSocketMessages"]:
        assert m["type"] in ("send", "receive"), m
        assert isinstance(m["time"], float), m
        assert isinstance(m["opcode"], int), m
        assert isinstance(m["data"], str), m
print(sum(len(e["_webSocketMessages"]) for e in log["entries"]))
)PY";
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral("-c"), QString::fromLatin1(script), file.fileName()});
    QVERIFY(python.waitForFinished(30000));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
    QCOMPARE(python.readAllStandardOutput().trimmed().toInt(), int(messages.size()));
}

void TestRecordFormats::harControlFramesAndFragments()
{
    // A fragmented incoming text message with a ping between its fragments, a compressed
    // push (its message carries the inflated payload), an invalid frame; no open record.
    HarWriter har;
    EventRecord first = frame(Direction::In, OpText, "hel");
    first.fin = false;
    EventRecord ping = frame(Direction::In, OpPing, "p");
    EventRecord last = frame(Direction::In, OpContinuation, "lo");
    EventRecord message = frame(Direction::In, OpText, "hello");
    message.kind = EventRecord::Kind::Message;
    message.messageLength = 5;
    message.fragments = 2;
    EventRecord pushed = frame(Direction::Out, OpBinary, QByteArray::fromHex("f248"));
    pushed.rsv1 = true;
    EventRecord inflated = frame(Direction::Out, OpBinary, QByteArray("\x01\x02", 2));
    inflated.kind = EventRecord::Kind::Message;
    inflated.messageLength = 2;
    EventRecord invalid = frame(Direction::In, 0x3, "x");
    invalid.protocolError = quint8(ProtocolError::ReservedOpcode);
    har.add(first);
    har.add(ping);
    har.add(last, &message);
    har.add(pushed);
    har.add(inflated); // as a record stream: the message after its frame
    har.add(invalid);
    // A handshake for a connection without rows adds no entry.
    EventRecord otherOpen = make(EventRecord::Kind::HandshakeAccepted, 9);
    har.addHandshake(otherOpen);
    QCOMPARE(har.entryCount(), 1);
    const QJsonObject entry = QJsonDocument::fromJson(har.toJson("x"))
                                  .object()
                                  .value("log")
                                  .toObject()
                                  .value("entries")
                                  .toArray()
                                  .first()
                                  .toObject();
    QCOMPARE(entry.value("request").toObject().value("url").toString(),
             QStringLiteral("ws://unknown/"));
    const QJsonArray messages = entry.value("_webSocketMessages").toArray();
    QCOMPARE(messages.size(), 4);
    QCOMPARE(messages[0].toObject().value("opcode").toInt(), 9); // the ping, at its own time
    QCOMPARE(messages[1].toObject().value("data").toString(), QStringLiteral("hello"));
    QCOMPARE(messages[1].toObject().value("opcode").toInt(), 1);
    QCOMPARE(messages[2].toObject().value("data").toString(), QStringLiteral("AQI="));
    QCOMPARE(messages[2].toObject().value("type").toString(), QStringLiteral("receive"));
    QCOMPARE(messages[3].toObject().value("_error").toString(), QStringLiteral("reserved_opcode"));
}

QTEST_GUILESS_MAIN(TestRecordFormats)
#include "tst_recordformats.moc"
