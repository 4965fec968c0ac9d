// What real clients cannot send: frames written byte by byte on a raw socket. Every row
// asserts the exact close frame the server answers with, the TCP close, and the records.

#include "servertestutil.h"

#include "protocol/protocolerror.h"

#include <QTest>

using namespace framescope;
using namespace framescope::test;

class TestServerProtocolErrors : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void protocolErrorClosesWithCode_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("code");
        QTest::addColumn<int>("error");
        QTest::addColumn<QByteArray>("closeFrame"); // exactly what the server must send
        // Mask key 00 00 00 00 keeps the payload bytes readable; masking itself is
        // covered by the codec tests and by maskedFrame() below.
        QTest::newRow("unmasked frame")
            << QByteArray("\x81\x05hello", 7) << 1002 << int(ProtocolError::UnmaskedClientFrame)
            << QByteArray("\x88\x17\x03\xeaunmasked_client_frame", 25);
        QTest::newRow("reserved opcode 0x3") << QByteArray("\x83\x80\x00\x00\x00\x00", 6) << 1002
                                             << int(ProtocolError::ReservedOpcode)
                                             << QByteArray("\x88\x11\x03\xeareserved_opcode", 19);
        QTest::newRow("reserved opcode 0xB") << QByteArray("\x8b\x80\x00\x00\x00\x00", 6) << 1002
                                             << int(ProtocolError::ReservedOpcode)
                                             << QByteArray("\x88\x11\x03\xeareserved_opcode", 19);
        QTest::newRow("invalid UTF-8 text")
            << QByteArray("\x81\x82\x00\x00\x00\x00\xc0\xaf", 8) << 1007
            << int(ProtocolError::InvalidUtf8) << QByteArray("\x88\x0e\x03\xefinvalid_utf8", 16);
        QTest::newRow("invalid UTF-8 across fragments")
            << QByteArray("\x01\x81\x00\x00\x00\x00\xe2\x80\x81\x00\x00\x00\x00(", 14) << 1007
            << int(ProtocolError::InvalidUtf8) << QByteArray("\x88\x0e\x03\xefinvalid_utf8", 16);
        QTest::newRow("close code 1005") << QByteArray("\x88\x82\x00\x00\x00\x00\x03\xed", 8)
                                         << 1002 << int(ProtocolError::InvalidCloseCode)
                                         << QByteArray("\x88\x14\x03\xeainvalid_close_code", 22);
        QTest::newRow("close code 999") << QByteArray("\x88\x82\x00\x00\x00\x00\x03\xe7", 8) << 1002
                                        << int(ProtocolError::InvalidCloseCode)
                                        << QByteArray("\x88\x14\x03\xeainvalid_close_code", 22);
        QTest::newRow("close code 1004") << QByteArray("\x88\x82\x00\x00\x00\x00\x03\xec", 8)
                                         << 1002 << int(ProtocolError::InvalidCloseCode)
                                         << QByteArray("\x88\x14\x03\xeainvalid_close_code", 22);
        QTest::newRow("close code 5000") << QByteArray("\x88\x82\x00\x00\x00\x00\x13\x88", 8)
                                         << 1002 << int(ProtocolError::InvalidCloseCode)
                                         << QByteArray("\x88\x14\x03\xeainvalid_close_code", 22);
        QTest::newRow("1-byte close payload") << QByteArray("\x88\x81\x00\x00\x00\x00\x03", 7)
                                              << 1002 << int(ProtocolError::ClosePayloadTooShort)
                                              << QByteArray("\x88\x19\x03\xea"
                                                            "close_payload_too_short",
                                                            27);
        QTest::newRow("close reason not UTF-8")
            << QByteArray("\x88\x84\x00\x00\x00\x00\x03\xe8\xff\xfe", 10) << 1007
            << int(ProtocolError::InvalidCloseReason)
            << QByteArray("\x88\x16\x03\xefinvalid_close_reason", 24);
        QTest::newRow("continuation without start")
            << QByteArray("\x80\x81\x00\x00\x00\x00x", 7) << 1002
            << int(ProtocolError::ContinuationWithoutStart)
            << QByteArray("\x88\x1c\x03\xea"
                          "continuation_without_start",
                          30);
        QTest::newRow("new message inside fragmented")
            << QByteArray("\x01\x81\x00\x00\x00\x00"
                          "a\x81\x81\x00\x00\x00\x00"
                          "b",
                          14)
            << 1002 << int(ProtocolError::NewMessageInsideFragmented)
            << QByteArray("\x88\x1f\x03\xeanew_message_inside_fragmented", 33);
        QTest::newRow("RSV1 not negotiated")
            << QByteArray("\xc1\x81\x00\x00\x00\x00"
                          "a",
                          7)
            << 1002 << int(ProtocolError::RsvBitsNotNegotiated)
            << QByteArray("\x88\x19\x03\xearsv_bits_not_negotiated", 27);
        QTest::newRow("control frame of 126 bytes")
            << QByteArray("\x89\xfe\x00\x7e\0\0\0\0", 8) + QByteArray(126, 'p') << 1002
            << int(ProtocolError::ControlFrameTooLong)
            << QByteArray("\x88\x18\x03\xea"
                          "control_frame_too_long",
                          26);
        QTest::newRow("fragmented ping") << QByteArray("\x09\x80\x00\x00\x00\x00", 6) << 1002
                                         << int(ProtocolError::FragmentedControlFrame)
                                         << QByteArray("\x88\x1a\x03\xea"
                                                       "fragmented_control_frame",
                                                       28);
        QTest::newRow("non-minimal length")
            << QByteArray("\x81\xfe\x00\x05\x00\x00\x00\x00hello", 13) << 1002
            << int(ProtocolError::NonMinimalLength)
            << QByteArray("\x88\x14\x03\xeanon_minimal_length", 22);
        QTest::newRow("64-bit length MSB set")
            << QByteArray("\x82\xff\x80\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00", 14) << 1002
            << int(ProtocolError::LengthMsbSet) << QByteArray("\x88\x10\x03\xealength_msb_set", 18);
        QTest::newRow("frame over max frame size")
            << QByteArray("\x82\xfe\x03\xe9\x00\x00\x00\x00", 8) << 1009
            << int(ProtocolError::FrameTooBig)
            << QByteArray("\x88\x0f\x03\xf1"
                          "frame_too_big",
                          17);
        QTest::newRow("message over max message size")
            << QByteArray("\x02\xfe\x01\x90\0\0\0\0", 8) + QByteArray(400, 'a') +
                   QByteArray("\x00\xfe\x01\x90\0\0\0\0", 8) + QByteArray(400, 'b') +
                   QByteArray("\x80\xfe\x01\x90\0\0\0\0", 8) + QByteArray(400, 'c')
            << 1009 << int(ProtocolError::MessageTooBig)
            << QByteArray("\x88\x11\x03\xf1message_too_big", 19);
    }
    void protocolErrorClosesWithCode()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, code);
        QFETCH(int, error);
        QFETCH(QByteArray, closeFrame);

        HandlerLog log;
        WebSocketServer server;
        log.attach(server);
        server.setObserverEnabled(true);
        EventRelay relay(server);
        ServerOptions o;
        o.websocket_max_frame_size = 1000;
        o.websocket_max_message_size = 1000;
        server.set(o);
        QVERIFY(server.start(QHostAddress::LocalHost, 0));

        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        QVERIFY(raw.handshake().startsWith("HTTP/1.1 101"));
        raw.write(input);
        QVERIFY(raw.waitForEof());
        // RFC 6455 §7.1.7: the close frame with the code, then the TCP close; nothing else.
        QCOMPARE(raw.buffer(), closeFrame);

        QTRY_COMPARE(log.closes(), QList<int>{1});
        QCOMPARE(log.messageCount(), 0);
        QTRY_COMPARE(relay.count(EventRecord::Kind::Closed), 1);
        const QList<EventRecord> errors = relay.of(EventRecord::Kind::ProtocolError, 1);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(int(errors[0].protocolError), error);
        QCOMPARE(int(errors[0].closeCode), code);
        QCOMPARE(errors[0].text, describe(ProtocolError(error)));
        const EventRecord closed = relay.of(EventRecord::Kind::Closed, 1).first();
        QCOMPARE(int(closed.closeCode), code);
        QCOMPARE(closed.closeReason, QByteArray(errorKey(ProtocolError(error))));
        QCOMPARE(closed.initiator, Initiator::Server);
        QCOMPARE(int(closed.protocolError), error);
        QVERIFY(!server.exist(1));
    }

    void invalidUtf8TrickledByteByByte()
    {
        HandlerLog log;
        WebSocketServer server;
        log.attach(server);
        QVERIFY(server.start(QHostAddress::LocalHost, 0) ||
                (qWarning() << server.errorString(), false));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        QVERIFY(raw.handshake().startsWith("HTTP/1.1 101"));
        // "κόσμε" then an overlong '/', masked with the RFC 6455 §5.7 key, one byte per write.
        const QByteArray frame =
            maskedFrame(0x81, QByteArray("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xc0\xaf"));
        for (char byte : frame) {
            raw.write(QByteArray(1, byte));
            QTest::qWait(1);
        }
        QVERIFY(raw.waitForEof());
        QCOMPARE(raw.buffer(), QByteArray("\x88\x0e\x03\xefinvalid_utf8", 16));
        QTRY_COMPARE(log.closeCount(), 1);
        QCOMPARE(log.messageCount(), 0);
    }

    // RFC 6455 §8.1 fail fast, and every limit as soon as it is known: the client sends the
    // start of a frame (or message) that is already bad, then stalls with the rest unsent;
    // the close must arrive while it waits. Default options unless the row tunes them.
    void failsFastBeforeTheRestArrives_data()
    {
        QTest::addColumn<qint64>("maxMessage"); // 0: default
        QTest::addColumn<bool>("deflate");      // permessage-deflate negotiated
        QTest::addColumn<QByteArray>("input");  // everything the client sends
        QTest::addColumn<int>("error");

        const QByteArray zeroKey("\0\0\0\0", 4);
        const auto header = [&](quint8 b0, quint64 length) {
            QByteArray h(1, char(b0));
            if (length < 126) {
                h += char(0x80 | length);
            } else if (length < 65536) {
                h += char(0x80 | 126);
                h += char(length >> 8);
                h += char(length & 0xff);
            } else {
                h += char(0x80 | 127);
                for (int i = 7; i >= 0; --i)
                    h += char((length >> (8 * i)) & 0xff);
            }
            return h + zeroKey; // payload bytes read as sent
        };
        // RFC 1951 §3.2.4: a non-final stored block of `n` bytes, its header only.
        const auto storedBlock = [](quint16 n) {
            QByteArray b(1, '\0');
            b += char(n & 0xff);
            b += char(n >> 8);
            b += char(~n & 0xff);
            b += char((~n >> 8) & 0xff);
            return b;
        };
        const QByteArray invalid = QByteArray(50, 'a') + "\xc0\xaf";
        const int utf8 = int(ProtocolError::InvalidUtf8);

        QTest::newRow("text frame: invalid bytes of 100 000")
            << qint64(0) << false << header(0x81, 100000) + invalid << utf8;
        QTest::newRow("continuation of text: invalid bytes of 100 000")
            << qint64(0) << false << header(0x01, 2) + "ab" + header(0x80, 100000) + invalid
            << utf8;
        QTest::newRow("continuation completes an open sequence wrongly")
            << qint64(0) << false << header(0x01, 1) + "\xe2" + header(0x80, 100000) + "A" << utf8;
        QTest::newRow("compressed text: inflated bytes invalid")
            << qint64(0) << true << header(0xc1, 100000) + storedBlock(60000) + invalid << utf8;
        QTest::newRow("compressed continuation: inflated bytes invalid")
            << qint64(0) << true
            << header(0x41, 7) + storedBlock(2) + "ab" + header(0x80, 100000) + storedBlock(900) +
                   invalid
            << utf8;
        QTest::newRow("frame header over the default frame limit")
            << qint64(0) << false << header(0x82, 16 * 1024 * 1024 + 1)
            << int(ProtocolError::FrameTooBig);
        QTest::newRow("message over the limit: continuation header")
            << qint64(1000) << false
            << header(0x02, 600) + QByteArray(600, 'x') + header(0x80, 600) + "x"
            << int(ProtocolError::MessageTooBig);
        QTest::newRow("message over the limit: first header")
            << qint64(1000) << false << header(0x02, 1001) + "x"
            << int(ProtocolError::MessageTooBig);
        QTest::newRow("compressed message over the limit as it inflates")
            << qint64(1000) << true
            << header(0xc2, 5000) + storedBlock(4000) + QByteArray(1001, 'x')
            << int(ProtocolError::MessageTooBig);
        QTest::newRow("close reason: invalid bytes of 125")
            << qint64(0) << false << header(0x88, 125) + "\x03\xe8ok\xc0"
            << int(ProtocolError::InvalidCloseReason);
        QTest::newRow("close code 1005 before the reason")
            << qint64(0) << false << header(0x88, 125) + "\x03\xed"
            << int(ProtocolError::InvalidCloseCode);
    }
    void failsFastBeforeTheRestArrives()
    {
        QFETCH(qint64, maxMessage);
        QFETCH(bool, deflate);
        QFETCH(QByteArray, input);
        QFETCH(int, error);

        HandlerLog log;
        WebSocketServer server;
        log.attach(server);
        server.setObserverEnabled(true);
        EventRelay relay(server);
        ServerOptions o;
        if (maxMessage)
            o.websocket_max_message_size = maxMessage;
        o.websocket_compression = deflate;
        server.set(o);
        QVERIFY(server.start(QHostAddress::LocalHost, 0));

        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        const QByteArray head =
            raw.handshake(deflate ? "Sec-WebSocket-Extensions: permessage-deflate\r\n" : "");
        QVERIFY(head.startsWith("HTTP/1.1 101"));
        QCOMPARE(head.contains("permessage-deflate"), deflate);
        raw.write(input);
        // The rest of the frame is never sent: the close comes anyway, at once.
        QVERIFY(raw.waitForEof(3000));
        const ProtocolError e = ProtocolError(error);
        const QByteArray reason = errorKey(e);
        QByteArray close("\x88", 1);
        close += char(2 + reason.size());
        close += closePayload(closeCodeFor(e), reason);
        QCOMPARE(raw.buffer(), close);
        QTRY_COMPARE(log.closes(), QList<int>{1});
        QCOMPARE(log.messageCount(), 0);
        QTRY_COMPARE(relay.count(EventRecord::Kind::Closed), 1);
        const QList<EventRecord> errors = relay.of(EventRecord::Kind::ProtocolError, 1);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(int(errors[0].protocolError), error);
        // Record, then judge: the bad frame's record carries its header and what arrived.
        QList<EventRecord> in;
        for (const EventRecord &r : relay.of(EventRecord::Kind::Frame, 1))
            if (r.direction == Direction::In)
                in << r;
        QVERIFY(!in.isEmpty());
        QCOMPARE(int(in.last().protocolError), error);
        QVERIFY(in.last().payloadLength > 0);
    }

    void validCloseCodesAreEchoed_data()
    {
        QTest::addColumn<int>("code");
        for (int code :
             {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999})
            QTest::newRow(QByteArray::number(code).constData()) << code;
    }
    void validCloseCodesAreEchoed()
    {
        QFETCH(int, code);
        HandlerLog log;
        WebSocketServer server;
        log.attach(server);
        QVERIFY(server.start(QHostAddress::LocalHost, 0));
        RawClient raw;
        QVERIFY(raw.connectTo(server.serverPort()));
        QVERIFY(raw.handshake().startsWith("HTTP/1.1 101"));
        raw.write(maskedFrame(0x88, closePayload(quint16(code), "r")));
        QVERIFY(raw.waitForEof());
        // RFC 6455 §5.5.1: the answer echoes the status code (and the reason, as Swoole does).
        QCOMPARE(raw.buffer(), QByteArray("\x88\x03", 2) + closePayload(quint16(code), "r"));
        QTRY_COMPARE(log.closes(), QList<int>{1});
    }
};

QTEST_MAIN(TestServerProtocolErrors)
#include "tst_serverprotocolerrors.moc"
