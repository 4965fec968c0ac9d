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
