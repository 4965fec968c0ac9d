// The event log's two formats, record by record: exact text lines and exact JSON objects.
#include "eventlog.h"

#include "protocol/frame.h"
#include "protocol/protocolerror.h"
#include "server/websocketserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace framescope;

namespace {

// 2026-11-26T01:02:03.456Z
constexpr qint64 kTimeUs = 1795654923456789;

EventRecord record(EventRecord::Kind kind, int fd = 1)
{
    EventRecord r;
    r.kind = kind;
    r.fd = fd;
    r.timeUs = kTimeUs;
    return r;
}

EventRecord message(const QByteArray &payload, quint8 opcode = OpText)
{
    EventRecord r = record(EventRecord::Kind::Message);
    r.opcode = opcode;
    r.payload = payload;
    r.payloadLength = payload.size();
    r.messageLength = payload.size();
    r.masked = true;
    r.fragments = 1;
    return r;
}

EventRecord frame(Direction direction, quint8 opcode, const QByteArray &payload, bool fin = true)
{
    EventRecord r = record(EventRecord::Kind::Frame);
    r.direction = direction;
    r.opcode = opcode;
    r.fin = fin;
    r.payload = payload;
    r.payloadLength = payload.size();
    r.wireLength = payload.size() + (direction == Direction::In ? 6 : 2);
    r.masked = direction == Direction::In;
    return r;
}

EventRecord pushRefused()
{
    EventRecord r = record(EventRecord::Kind::OperationFailed);
    r.operation = Operation::Push;
    r.serverError = quint8(ServerError::PayloadTooLarge);
    r.payloadLength = 4194304;
    r.count = 2097152;
    r.text = QStringLiteral(
        "push of 4194304 bytes to fd 1 refused: larger than buffer_output_size (2097152)");
    return r;
}

EventRecord closed(quint16 code, const QByteArray &reason, Initiator initiator)
{
    EventRecord r = record(EventRecord::Kind::Closed);
    r.closeCode = code;
    r.closeReason = reason;
    r.initiator = initiator;
    return r;
}

} // namespace

Q_DECLARE_METATYPE(framescope::EventRecord)

class TestEventLog final : public QObject
{
    Q_OBJECT

private slots:
    void textLines_data();
    void textLines();
    void jsonLines_data();
    void jsonLines();
    void payloadDisplay_data();
    void payloadDisplay();
    void fileIsFlushedPerLine();
    void isoTimes();
    void orderedJsonValues();
    void orderedJsonStringsRoundTrip();
    void orderedJsonCopiesAndMoves();
    void orderedJsonEmptyValues();
    void jsonBatchWritesWholeLines();
    void peerAddressRoundTrip();
};

void TestEventLog::textLines_data()
{
    QTest::addColumn<EventRecord>("record");
    QTest::addColumn<QString>("line");

    EventRecord connected = record(EventRecord::Kind::TcpConnected);
    connected.peerAddress = QHostAddress(QStringLiteral("::ffff:127.0.0.1"));
    connected.peerPort = 40000;
    QTest::newRow("connect") << connected << "server: connection fd1 from 127.0.0.1:40000";

    QTest::newRow("open") << record(EventRecord::Kind::HandshakeAccepted)
                          << "server: handshake success with fd1";
    EventRecord negotiated = record(EventRecord::Kind::HandshakeAccepted, 2);
    negotiated.subprotocol = "chat";
    negotiated.extensions = "permessage-deflate";
    QTest::newRow("open negotiated")
        << negotiated
        << "server: handshake success with fd2 (subprotocol chat, extensions permessage-deflate)";
    EventRecord overTls = record(EventRecord::Kind::HandshakeAccepted, 3);
    overTls.tls = std::make_shared<TlsInfo>(
        TlsInfo{"TLSv1.3", "TLS_AES_128_GCM_SHA256", "localhost", "http/1.1", "CN=client"});
    EventRecord https = record(EventRecord::Kind::HttpRequest, 4);
    https.method = "GET";
    https.uri = "/connections";
    https.httpStatus = 200;
    https.tls =
        std::make_shared<TlsInfo>(TlsInfo{"TLSv1.3", "TLS_AES_256_GCM_SHA384", "", "http/1.1", ""});
    QTest::newRow("request over tls")
        << https
        << "http GET /connections 200 from fd4 (TLSv1.3 TLS_AES_256_GCM_SHA384, ALPN http/1.1)";
    QTest::newRow("open over tls")
        << overTls
        << "server: handshake success with fd3 (TLSv1.3 TLS_AES_128_GCM_SHA256, SNI localhost, "
           "ALPN http/1.1, client CN=client)";

    QTest::newRow("message") << message("hello") << "receive from 1:hello,opcode:1,fin:1";
    QTest::newRow("binary message") << message(QByteArray::fromHex("00ff10"), OpBinary)
                                    << "receive from 1:hex:00ff10,opcode:2,fin:1";
    QTest::newRow("newline escaped") << message("a\nb") << "receive from 1:a\\nb,opcode:1,fin:1";

    EventRecord fragmented = message("abcdef");
    fragmented.fragments = 3;
    fragmented.rsv1 = true;
    QTest::newRow("fragmented compressed")
        << fragmented << "receive from 1:abcdef,opcode:1,fin:1,fragments:3,compressed:1";

    QTest::newRow("single data frame in: shown as its message")
        << frame(Direction::In, OpText, "hello") << QString();
    QTest::newRow("first fragment in")
        << frame(Direction::In, OpText, "hel", false) << "frame from 1:hel,opcode:1,fin:0";
    QTest::newRow("continuation in")
        << frame(Direction::In, OpContinuation, "lo") << "frame from 1:lo,opcode:0,fin:1";
    QTest::newRow("push") << frame(Direction::Out, OpText, "hello")
                          << "push to 1:hello,opcode:1,fin:1";
    EventRecord compressedOut =
        frame(Direction::Out, OpText, QByteArray::fromHex("f248cdc9c90700"));
    compressedOut.rsv1 = true;
    QTest::newRow("compressed push frame: shown as its message") << compressedOut << QString();
    EventRecord compressedFirst = compressedOut;
    compressedFirst.fin = false;
    QTest::newRow("compressed push, first fragment")
        << compressedFirst << "push to 1:hex:f248cdc9c90700,opcode:1,fin:0,compressed:1";
    EventRecord pushed = message("hello");
    pushed.direction = Direction::Out;
    pushed.rsv1 = true;
    pushed.masked = false;
    QTest::newRow("compressed push message")
        << pushed << "push to 1:hello,opcode:1,fin:1,compressed:1";
    QTest::newRow("ping in") << frame(Direction::In, OpPing, "p") << "ping from 1:p";
    QTest::newRow("pong out") << frame(Direction::Out, OpPong, "p") << "pong to 1:p";
    QTest::newRow("close frame in")
        << frame(Direction::In, OpClose, QByteArray::fromHex("0fa1") + "bye")
        << "close frame from 1:4001 \"bye\"";
    QTest::newRow("empty close frame out")
        << frame(Direction::Out, OpClose, {}) << "close frame to 1:no status";

    QTest::newRow("closed by client")
        << closed(1000, "bye", Initiator::Client) << "client 1 closed (1000 \"bye\")";
    QTest::newRow("closed by server")
        << closed(1001, {}, Initiator::Server) << "client 1 closed (1001, by server)";
    QTest::newRow("closed abnormally")
        << closed(1006, {}, Initiator::Abnormal) << "client 1 closed (1006, abnormal)";
    QTest::newRow("disconnect") << record(EventRecord::Kind::Disconnected, 4)
                                << "client 4 disconnected";

    EventRecord http = record(EventRecord::Kind::HttpRequest, 2);
    http.method = "GET";
    http.uri = "/connections";
    http.httpStatus = 200;
    QTest::newRow("http") << http << "http GET /connections 200 from fd2";

    EventRecord rejected = record(EventRecord::Kind::HandshakeRejected, 3);
    rejected.httpStatus = 400;
    rejected.text = QStringLiteral("missing Sec-WebSocket-Key");
    QTest::newRow("rejected")
        << rejected << "server: handshake rejected for fd3: 400 missing Sec-WebSocket-Key";

    EventRecord error = record(EventRecord::Kind::ProtocolError);
    error.protocolError = quint8(ProtocolError::ReservedOpcode);
    error.closeCode = 1002;
    error.text = QStringLiteral("RFC 6455 §5.2: opcode 0x3 is reserved");
    QTest::newRow("protocol error")
        << error
        << "protocol error on fd1: close 1002 reserved_opcode (RFC 6455 §5.2: opcode 0x3 is "
           "reserved)";

    EventRecord dropped = record(EventRecord::Kind::Dropped, 0);
    dropped.count = 12;
    QTest::newRow("dropped") << dropped << "server: the log fell behind, 12 events dropped";
    QTest::newRow("status change: not in the text log")
        << record(EventRecord::Kind::StatusChanged) << QString();
    QTest::newRow("push refused") << pushRefused()
                                  << "server: error: push of 4194304 bytes to fd 1 refused: "
                                     "larger than buffer_output_size (2097152)";
}

void TestEventLog::textLines()
{
    QFETCH(EventRecord, record);
    QFETCH(QString, line);
    QCOMPARE(EventLog::textLine(record), line);
}

void TestEventLog::jsonLines_data()
{
    QTest::addColumn<EventRecord>("record");
    QTest::addColumn<QByteArray>("json");

    QTest::newRow("message")
        << message("hello")
        << QByteArray(R"({"time":"2026-11-26T01:02:03.456Z","event":"message","fd":1,)"
                      R"("direction":"in","opcode":1,"fin":true,"rsv1":false,)"
                      R"("length":5,"fragments":1,"payload":"hello","truncated":false})");
    QTest::newRow("binary message")
        << message(QByteArray::fromHex("00ff"), OpBinary)
        << QByteArray(R"({"time":"2026-11-26T01:02:03.456Z","event":"message","fd":1,)"
                      R"("direction":"in","opcode":2,"fin":true,"rsv1":false,)"
                      R"("length":2,"fragments":1,"payload_base64":"AP8=","truncated":false})");
    QTest::newRow("quotes escaped")
        << message("say \"hi\"\n")
        << QByteArray(R"({"time":"2026-11-26T01:02:03.456Z","event":"message","fd":1,)"
                      R"("direction":"in","opcode":1,"fin":true,"rsv1":false,)"
                      R"("length":9,"fragments":1,"payload":"say \"hi\"\n","truncated":false})");
    QTest::newRow("close frame")
        << frame(Direction::In, OpClose, QByteArray::fromHex("0fa1") + "bye")
        << QByteArray(
               R"({"time":"2026-11-26T01:02:03.456Z","event":"frame","fd":1,)"
               R"("direction":"in","opcode":8,"fin":true,"rsv1":false,"rsv2":false,)"
               R"("rsv3":false,"masked":true,"length":5,"wire_length":11,)"
               R"("payload_base64":"D6FieWU=","truncated":false,"code":4001,"reason":"bye"})");
    QTest::newRow("control characters and backslash")
        << message(QByteArray("a\\b\tc\x01\x1f\x7f\r", 9))
        << QByteArray(R"({"time":"2026-11-26T01:02:03.456Z","event":"message","fd":1,)"
                      R"("direction":"in","opcode":1,"fin":true,"rsv1":false,)"
                      R"("length":9,"fragments":1,"payload":"a\\b\tc\u0001\u001f)"
                      "\x7f"
                      R"(\r","truncated":false})");
    QTest::newRow("multibyte text kept as UTF-8")
        << message("grüße €")
        << QByteArray(R"({"time":"2026-11-26T01:02:03.456Z","event":"message","fd":1,)"
                      R"("direction":"in","opcode":1,"fin":true,"rsv1":false,)"
                      R"("length":11,"fragments":1,"payload":"grüße €","truncated":false})");
    QTest::newRow("invalid UTF-8 reason: replacement character")
        << closed(4001, QByteArray("b\xffye"), Initiator::Server)
        << QByteArray(R"({"time":"2026-11-26T01:02:03.456Z","event":"close","fd":1,"code":4001,)"
                      R"("reason":"b)"
                      "\xef\xbf\xbd"
                      R"(ye","initiator":"server","close_handshake_us":-1})");
    QTest::newRow("close")
        << closed(4001, "bye", Initiator::Client)
        << QByteArray(R"({"time":"2026-11-26T01:02:03.456Z","event":"close","fd":1,"code":4001,)"
                      R"("reason":"bye","initiator":"client","close_handshake_us":-1})");
    // The hot lines are written in one piece: every field of both directions and flags.
    EventRecord out = frame(Direction::Out, OpBinary, "xyz", false);
    out.fd = 123456;
    out.rsv1 = true;
    out.rsv3 = true;
    out.payloadLength = 70000;
    out.wireLength = 70010;
    out.payloadTruncated = true;
    QTest::newRow("outgoing frame, every flag")
        << out
        << QByteArray(R"({"time":"2026-11-26T01:02:03.456Z","event":"frame","fd":123456,)"
                      R"("direction":"out","opcode":2,"fin":false,"rsv1":true,"rsv2":false,)"
                      R"("rsv3":true,"masked":false,"length":70000,"wire_length":70010,)"
                      R"("payload_base64":"eHl6","truncated":true})");
    EventRecord bad = frame(Direction::In, OpText, "");
    bad.rsv2 = true;
    bad.protocolError = quint8(ProtocolError::RsvBitsNotNegotiated);
    QTest::newRow("frame with a protocol error")
        << bad
        << QByteArray(R"({"time":"2026-11-26T01:02:03.456Z","event":"frame","fd":1,)"
                      R"("direction":"in","opcode":1,"fin":true,"rsv1":false,"rsv2":true,)"
                      R"("rsv3":false,"masked":true,"length":0,"wire_length":6,)"
                      R"("payload":"","truncated":false,"error":")" +
                      QByteArray(errorKey(ProtocolError::RsvBitsNotNegotiated)) + R"("})");
    EventRecord pushed = message("compressed push");
    pushed.direction = Direction::Out;
    pushed.rsv1 = true;
    pushed.fragments = 3;
    pushed.messageLength = 1048576;
    QTest::newRow("outgoing compressed message")
        << pushed
        << QByteArray(R"({"time":"2026-11-26T01:02:03.456Z","event":"message","fd":1,)"
                      R"("direction":"out","opcode":1,"fin":true,"rsv1":true,)"
                      R"("length":1048576,"fragments":3,"payload":"compressed push",)"
                      R"("truncated":false})");
    EventRecord http = record(EventRecord::Kind::HttpRequest, 2);
    http.method = "POST";
    http.uri = "/push";
    http.httpStatus = 404;
    QTest::newRow("request")
        << http
        << QByteArray(R"({"time":"2026-11-26T01:02:03.456Z","event":"request","fd":2,)"
                      R"("method":"POST","uri":"/push","status":404})");
    EventRecord open = record(EventRecord::Kind::HandshakeAccepted);
    open.peerAddress = QHostAddress(QStringLiteral("127.0.0.1"));
    open.peerPort = 5000;
    QTest::newRow("open") << open
                          << QByteArray(
                                 R"({"time":"2026-11-26T01:02:03.456Z","event":"open","fd":1,)"
                                 R"("peer":"127.0.0.1:5000","uri":"","origin":"","user_agent":"",)"
                                 R"("subprotocol":"","extensions":"","request_head":"",)"
                                 R"("response_head":""})");
    // What tells clients apart, from the request head as received.
    EventRecord browser = open;
    browser.uri = "/chat?room=1";
    browser.requestHead = "GET /chat?room=1 HTTP/1.1\r\nHost: localhost\r\n"
                          "Origin: http://localhost:3000\r\nUser-Agent: Mozilla/5.0 \"x\"\r\n\r\n";
    browser.responseHead = "HTTP/1.1 101 Switching Protocols\r\n\r\n";
    QTest::newRow("open: uri, origin, user agent")
        << browser
        << QByteArray(R"({"time":"2026-11-26T01:02:03.456Z","event":"open","fd":1,)"
                      R"("peer":"127.0.0.1:5000","uri":"/chat?room=1",)"
                      R"("origin":"http://localhost:3000","user_agent":"Mozilla/5.0 \"x\"",)"
                      R"("subprotocol":"","extensions":"","request_head":"GET /chat?room=1 )"
                      R"(HTTP/1.1\r\nHost: localhost\r\nOrigin: http://localhost:3000\r\n)"
                      R"(User-Agent: Mozilla/5.0 \"x\"\r\n\r\n",)"
                      R"("response_head":"HTTP/1.1 101 Switching Protocols\r\n\r\n"})");
    open.tls =
        std::make_shared<TlsInfo>(TlsInfo{"TLSv1.2", "ECDHE-ECDSA-AES128-GCM-SHA256", "", "", ""});
    QTest::newRow("open over tls")
        << open
        << QByteArray(R"({"time":"2026-11-26T01:02:03.456Z","event":"open","fd":1,)"
                      R"("peer":"127.0.0.1:5000","uri":"","origin":"","user_agent":"",)"
                      R"("subprotocol":"","extensions":"",)"
                      R"("tls":{"version":"TLSv1.2","cipher":"ECDHE-ECDSA-AES128-GCM-SHA256",)"
                      R"("sni":"","alpn":"","client_subject":""},"request_head":"",)"
                      R"("response_head":""})");
    QTest::newRow("push refused")
        << pushRefused()
        << QByteArray(R"({"time":"2026-11-26T01:02:03.456Z","event":"error","fd":1,)"
                      R"("message":"push of 4194304 bytes to fd 1 refused: larger than )"
                      R"x(buffer_output_size (2097152)","operation":"push",)x"
                      R"("error":"payload_too_large","option":"buffer_output_size",)"
                      R"("length":4194304,"limit":2097152})");
    EventRecord failedPing = record(EventRecord::Kind::OperationFailed, 3);
    failedPing.operation = Operation::Ping;
    failedPing.serverError = quint8(ServerError::UnknownFd);
    failedPing.payloadLength = 0;
    failedPing.text = QStringLiteral("ping of 0 bytes to fd 3 failed: the connection is gone");
    QTest::newRow("ping failed")
        << failedPing
        << QByteArray(R"({"time":"2026-11-26T01:02:03.456Z","event":"error","fd":3,)"
                      R"("message":"ping of 0 bytes to fd 3 failed: the connection is gone",)"
                      R"("operation":"ping","error":"unknown_fd","option":"","length":0,)"
                      R"("limit":0})");
    EventRecord serverError = record(EventRecord::Kind::ServerError, 0);
    serverError.text = QStringLiteral("127.0.0.1:9501 is already in use");
    QTest::newRow("server error: the same fields")
        << serverError
        << QByteArray(R"({"time":"2026-11-26T01:02:03.456Z","event":"error","fd":0,)"
                      R"("message":"127.0.0.1:9501 is already in use","operation":"",)"
                      R"("error":"","option":"","length":-1,"limit":0})");
}

void TestEventLog::jsonLines()
{
    QFETCH(EventRecord, record);
    QFETCH(QByteArray, json);
    const QByteArray line = EventLog::jsonLine(record);
    QCOMPARE(line, json);
    QJsonParseError error;
    QJsonDocument::fromJson(line, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
}

void TestEventLog::payloadDisplay_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<bool>("asText");
    QTest::addColumn<QString>("shown");

    QTest::newRow("short text") << QByteArray("abc") << qint64(3) << true << "abc";
    QTest::newRow("long text") << QByteArray(70000, 'x') << qint64(70000) << true
                               << QString(200, 'x') + "…(+69800 bytes, 70000 total)";
    QTest::newRow("text cut by the observer")
        << QByteArray(10, 'y') << qint64(500) << true << "yyyyyyyyyy…(+490 bytes, 500 total)";
    // 199 ASCII bytes and then a 2-byte character across the 200-byte limit.
    QTest::newRow("cut keeps UTF-8 whole") << QByteArray(199, 'a') + "\xc3\xa4" + "b" << qint64(202)
                                           << true << QString(199, 'a') + "…(+3 bytes, 202 total)";
    QTest::newRow("binary") << QByteArray::fromHex("deadbeef") << qint64(4) << false
                            << "hex:deadbeef";
    QTest::newRow("long binary") << QByteArray(40, '\x01') << qint64(40) << false
                                 << "hex:" + QString(64, '0').replace("00", "01") +
                                        "…(+8 bytes, 40 total)";
}

void TestEventLog::payloadDisplay()
{
    QFETCH(QByteArray, payload);
    QFETCH(qint64, total);
    QFETCH(bool, asText);
    QFETCH(QString, shown);
    QCOMPARE(EventLog::displayPayload(payload, total, asText), shown);
}

void TestEventLog::isoTimes()
{
    // The second is cached: crossing it, and going back, must still give the exact time.
    const qint64 base = QDateTime(QDate(2026, 11, 26), QTime(1, 2, 3), Qt::UTC).toMSecsSinceEpoch();
    const struct
    {
        qint64 ms;
        const char *text;
    } cases[] = {
        {base + 456, "2026-11-26T01:02:03.456Z"},   {base + 999, "2026-11-26T01:02:03.999Z"},
        {base + 1000, "2026-11-26T01:02:04.000Z"},  {base + 7, "2026-11-26T01:02:03.007Z"},
        {base + 60050, "2026-11-26T01:03:03.050Z"}, {0, "1970-01-01T00:00:00.000Z"}};
    for (const auto &c : cases) {
        QCOMPARE(EventLog::isoTimeUtf8(c.ms * 1000 + 999), QByteArray(c.text));
        QCOMPARE(EventLog::isoTime(c.ms * 1000), QString::fromLatin1(c.text));
    }
}

void TestEventLog::fileIsFlushedPerLine()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("log.txt"));
    EventLog log(AppConfig::LogFormat::Text);
    QString error;
    QVERIFY2(log.open(path, &error), qPrintable(error));
    log.write(message("one"));
    // Read back while the log is still open: nothing may sit in a buffer.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("receive from 1:one,opcode:1,fin:1\n"));

    EventLog jsonl(AppConfig::LogFormat::Jsonl);
    QVERIFY(!jsonl.open(dir.filePath(QStringLiteral("missing/dir/log")), &error));
    QVERIFY(!error.isEmpty());
}

// Empty values whose views have no data (nullptr): copied with memcpy(…, nullptr, 0) they
// were undefined behaviour (found by UBSan in the server fuzzer: the `asan` preset's run of
// this test fails without the checks in OrderedJson).
void TestEventLog::orderedJsonEmptyValues()
{
    OrderedJson j;
    j.add("view", QByteArrayView())
        .add("bytes", QByteArray())
        .add("string", QString())
        .addValidUtf8("valid", QByteArrayView())
        .addRaw("raw", QByteArrayView())
        .addBase64("b64", QByteArrayView());
    {
        OrderedJson::Raw raw(j, 8);
        raw.bytes(QByteArrayView()).literal(",\"n\":1");
    }
    QCOMPARE(j.toJson(), QByteArray("{\"view\":\"\",\"bytes\":\"\",\"string\":\"\",\"valid\":\"\","
                                    "\"raw\":,\"b64\":\"\",\"n\":1}"));
    QCOMPARE(OrderedJson::quote(QString()), QByteArray("\"\""));
    OrderedJson empty;
    OrderedJson copy(empty);
    copy = empty;
    QCOMPARE(copy.toJson(), empty.toJson());
}

void TestEventLog::orderedJsonValues()
{
    // The writer formats numbers, booleans and base64 itself: compare with Qt's.
    OrderedJson j;
    j.add("zero", qint64(0))
        .add("neg", qint64(-1))
        .add("min", std::numeric_limits<qint64>::min())
        .add("max", std::numeric_limits<qint64>::max())
        .add("t", true)
        .add("f", false)
        .add("ascii", "plain")
        .add("escapes", QByteArray("q\"b\\s\n\r\t\x01\x1f\x7f"))
        .add("bad_utf8", QByteArray("a\xff\xc3(b"))
        .add("utf8", QString::fromUtf8("grün ✓ 𝄞"))
        .addRaw("raw", QByteArrayView("[1,2]"));
    for (int n = 0; n <= 6; ++n)
        j.addBase64(QByteArray("b" + QByteArray::number(n)).constData(), QByteArray("\x00\xff\x10"
                                                                                    "abc",
                                                                                    n));
    const QByteArray json = j.toJson();
    QVERIFY2(json.startsWith("{\"zero\":0,\"neg\":-1,\"min\":-9223372036854775808,"
                             "\"max\":9223372036854775807,\"t\":true,\"f\":false,"
                             "\"ascii\":\"plain\",\"escapes\":\"q\\\"b\\\\s\\n\\r\\t"
                             "\\u0001\\u001f\x7f\",\"bad_utf8\":\"a"),
             json.constData());
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(json, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(o.value(QStringLiteral("bad_utf8")).toString(),
             QString::fromUtf8(QByteArray("a\xff\xc3(b"))); // U+FFFD for what does not decode
    QCOMPARE(o.value(QStringLiteral("utf8")).toString(), QString::fromUtf8("grün ✓ 𝄞"));
    QCOMPARE(o.value(QStringLiteral("raw")).toArray().size(), 2);
    for (int n = 0; n <= 6; ++n)
        QCOMPARE(o.value(QStringLiteral("b%1").arg(n)).toString().toLatin1(),
                 QByteArray("\x00\xff\x10"
                            "abc",
                            n)
                     .toBase64());
    QCOMPARE(OrderedJson().toJson(), QByteArray("{}"));
    QCOMPARE(OrderedJson::quote(QStringLiteral("a\"b")), QByteArray("\"a\\\"b\""));
}

void TestEventLog::orderedJsonStringsRoundTrip()
{
    // Random bytes, some long enough to grow the buffer several times: every object must
    // parse, and every string must read back as Qt decodes the same bytes.
    QRandomGenerator rng(7);
    for (int round = 0; round < 2000; ++round) {
        QByteArray bytes(int(rng.bounded(round % 50 == 0 ? 5000 : 40)), Qt::Uninitialized);
        const bool asciiOnly = round % 3 == 0;
        for (char &ch : bytes)
            ch = char(asciiOnly ? rng.bounded(0, 128) : rng.bounded(0, 256));
        OrderedJson j;
        j.add("s", bytes).add("n", qint64(rng.generate64())).addBase64("b", bytes);
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(j.toJson(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(bytes.toHex()));
        QCOMPARE(o.value(QStringLiteral("s")).toString(), QString::fromUtf8(bytes));
        QCOMPARE(QByteArray::fromBase64(o.value(QStringLiteral("b")).toString().toLatin1()), bytes);
    }
}

void TestEventLog::orderedJsonCopiesAndMoves()
{
    // The writer keeps a raw pointer into its buffer: copies must not write into each other.
    OrderedJson a;
    a.add("a", 1);
    OrderedJson b = a;
    b.add("b", 2);
    a.add("c", 3);
    QCOMPARE(a.toJson(), QByteArray(R"({"a":1,"c":3})"));
    QCOMPARE(b.toJson(), QByteArray(R"({"a":1,"b":2})"));
    OrderedJson c = std::move(b);
    c.add("d", QByteArray(1000, 'x')); // grows the moved buffer
    QCOMPARE(c.toJson().left(20), QByteArray(R"({"a":1,"b":2,"d":"xx)"));
    b.add("e", true); // moved-from: starts over empty
    QCOMPARE(b.toJson(), QByteArray(R"({"e":true})"));
    b = a;
    a.add("f", false);
    QCOMPARE(b.toJson(), QByteArray(R"({"a":1,"c":3})"));
    a = std::move(c);
    QVERIFY(a.toJson().startsWith(R"({"a":1,"b":2,"d":")"));
    QCOMPARE(c.toJson(), QByteArray("{}"));
}

void TestEventLog::jsonBatchWritesWholeLines()
{
    // A batch is serialized into one buffer: every record still gets exactly its own line.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("log.jsonl"));
    EventBatch batch;
    for (int i = 0; i < 20000; ++i)
        batch.append(i % 2 ? frame(Direction::Out, OpBinary, QByteArray(i % 300, char(i)))
                           : message(QByteArray("line ") + QByteArray::number(i)));
    {
        EventLog log(AppConfig::LogFormat::Jsonl);
        QString error;
        QVERIFY2(log.open(path, &error), qPrintable(error));
        log.write(batch);
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.size(), batch.size() + 1);
    QVERIFY(lines.last().isEmpty());
    for (int i = 0; i < batch.size(); ++i)
        QCOMPARE(lines[i], EventLog::jsonLine(batch[i]));
}

void TestEventLog::peerAddressRoundTrip()
{
    // Records hold peers as PeerAddress (no allocation); every kind of address comes back.
    QHostAddress scoped(QStringLiteral("fe80::1"));
    scoped.setScopeId(QStringLiteral("eth0"));
    const QHostAddress addresses[] = {QHostAddress(QStringLiteral("127.0.0.1")),
                                      QHostAddress(QStringLiteral("203.0.113.250")),
                                      QHostAddress(QStringLiteral("::1")),
                                      QHostAddress(QStringLiteral("::ffff:127.0.0.1")),
                                      QHostAddress(QStringLiteral("2001:db8::ff00:42:8329")),
                                      scoped};
    for (const QHostAddress &address : addresses) {
        const PeerAddress peer(address);
        QVERIFY(!peer.isNull());
        const QHostAddress back = peer;
        QCOMPARE(back, address);
        QCOMPARE(back.protocol(), address.protocol());
        QCOMPARE(back.scopeId(), address.scopeId());
        QCOMPARE(peer.toString(), address.toString());
    }
    QVERIFY(PeerAddress().isNull());
    QVERIFY(PeerAddress(QHostAddress()).isNull());
    QVERIFY(PeerAddress().toHostAddress().isNull());
    QVERIFY(PeerAddress(addresses[0]) == PeerAddress(addresses[0]));
    QVERIFY(!(PeerAddress(addresses[0]) == PeerAddress(addresses[1])));
}

QTEST_GUILESS_MAIN(TestEventLog)
#include "tst_eventlog.moc"
