// The close-code table, wire validity of every code 0..65535 against RFC 6455 §7.4, close
// payload rules (1-byte payload, 123-byte reason, invalid UTF-8 reason → 1007) and the
// ProtocolError → close code mapping.

#include "decodeutil.h"
#include "protocol/closecode.h"
#include "protocol/frameparser.h"
#include "protocol/protocolerror.h"

#include <QSet>
#include <QTest>

using namespace framescope;
using framescope::testutil::hex;

Q_DECLARE_METATYPE(framescope::ProtocolError)

class TestCloseCode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void table_data();
    void table();
    void tableIsSortedAndUnique();
    void wireValidityOfEveryCode();
    void ranges();
    void applicationCodes();
    void sendCloseRule();
    void closeFramePayload();
    void closePayloadRules_data();
    void closePayloadRules();
    void errorMapping_data();
    void errorMapping();
};

void TestCloseCode::table_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("sendable");
    QTest::newRow("1000") << 1000 << "WEBSOCKET_CLOSE_NORMAL" << true;
    QTest::newRow("1001") << 1001 << "WEBSOCKET_CLOSE_GOING_AWAY" << true;
    QTest::newRow("1002") << 1002 << "WEBSOCKET_CLOSE_PROTOCOL_ERROR" << true;
    QTest::newRow("1003") << 1003 << "WEBSOCKET_CLOSE_DATA_ERROR" << true;
    QTest::newRow("1004") << 1004 << "" << false;
    QTest::newRow("1005") << 1005 << "WEBSOCKET_CLOSE_STATUS_ERROR" << false;
    QTest::newRow("1006") << 1006 << "WEBSOCKET_CLOSE_ABNORMAL" << false;
    QTest::newRow("1007") << 1007 << "WEBSOCKET_CLOSE_MESSAGE_ERROR" << true;
    QTest::newRow("1008") << 1008 << "WEBSOCKET_CLOSE_POLICY_ERROR" << true;
    QTest::newRow("1009") << 1009 << "WEBSOCKET_CLOSE_MESSAGE_TOO_BIG" << true;
    QTest::newRow("1010") << 1010 << "WEBSOCKET_CLOSE_EXTENSION_MISSING" << true;
    QTest::newRow("1011") << 1011 << "WEBSOCKET_CLOSE_SERVER_ERROR" << true;
    QTest::newRow("1015") << 1015 << "WEBSOCKET_CLOSE_TLS" << false;
}

void TestCloseCode::table()
{
    QFETCH(int, code);
    QFETCH(QString, name);
    QFETCH(bool, sendable);
    const CloseCodeInfo info = closeCodeInfo(quint16(code));
    QCOMPARE(int(info.code), code);
    QCOMPARE(QString::fromLatin1(info.constantName), name);
    QCOMPARE(info.sendable, sendable);
    QVERIFY(qstrlen(info.meaning) > 0);
    QCOMPARE(isValidWireCloseCode(quint16(code)), sendable);
    QCOMPARE(closeCodeViolation(quint16(code)).isEmpty(), sendable);
}

void TestCloseCode::tableIsSortedAndUnique()
{
    const auto &t = closeCodeTable();
    QVERIFY(!t.empty());
    for (size_t i = 1; i < t.size(); ++i)
        QVERIFY(t[i - 1].code < t[i].code);
    for (const CloseCodeInfo &row : t)
        QCOMPARE(row.sendable, isValidWireCloseCode(row.code));
}

void TestCloseCode::wireValidityOfEveryCode()
{
    // RFC 6455 §7.4 and IANA: 1000-1003, 1007-1014 and 3000-4999 may be sent; nothing else.
    for (int code = 0; code <= 65535; ++code) {
        const bool expected = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
                              (code >= 3000 && code <= 4999);
        if (isValidWireCloseCode(quint16(code)) != expected)
            QFAIL(qPrintable(QString::number(code)));
        if (closeCodeInfo(quint16(code)).sendable != expected)
            QFAIL(qPrintable(QStringLiteral("info %1").arg(code)));
        if (closeCodeViolation(quint16(code)).isEmpty() != expected)
            QFAIL(qPrintable(QStringLiteral("violation %1").arg(code)));
        if (code <= 5000) {
            // The parser agrees, for every code up to 5000.
            QByteArray wire = hex("88 82 00 00 00 00 00 00");
            wire[6] = char(code >> 8);
            wire[7] = char(code & 0xff);
            FrameParser parser(Role::Server);
            Frame f;
            const FrameParser::Result r = parser.parse(wire, f);
            const bool accepted = r.status == FrameParser::Status::Frame;
            if (accepted != expected)
                QFAIL(qPrintable(QStringLiteral("parser %1").arg(code)));
            if (!accepted && r.error != ProtocolError::InvalidCloseCode)
                QFAIL(qPrintable(QStringLiteral("parser error %1").arg(code)));
        }
    }
}

void TestCloseCode::ranges()
{
    QVERIFY(QByteArray(closeCodeInfo(3000).meaning).contains("IANA"));
    QVERIFY(QByteArray(closeCodeInfo(4000).meaning).contains("Private"));
    QVERIFY(closeCodeInfo(4999).sendable);
    QVERIFY(!closeCodeInfo(999).sendable);
    QVERIFY(!closeCodeInfo(2000).sendable);
    QVERIFY(!closeCodeInfo(5000).sendable);
    QVERIFY(closeCodeViolation(1005).contains(QLatin1String("1005")));
}

void TestCloseCode::applicationCodes()
{
    // Swoole's disconnect(): 1000 or 4000-4999.
    for (int code = 0; code <= 65535; ++code) {
        const bool expected = code == 1000 || (code >= 4000 && code <= 4999);
        if (isApplicationCloseCode(quint16(code)) != expected)
            QFAIL(qPrintable(QString::number(code)));
    }
}

// Issue 14: the window's and the control API's "send close" rule: RFC 6455 §7.4 plus the
// IANA codes 1012-1014, from the table; the decoder accepts the same codes.
void TestCloseCode::sendCloseRule()
{
    for (int code = 0; code <= 65535; ++code) {
        const bool expected = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
                              (code >= 3000 && code <= 4999);
        if (isSendableCloseCode(quint16(code)) != expected ||
            sendCloseCodeViolation(quint16(code)).isEmpty() != expected)
            QFAIL(qPrintable(QString::number(code)));
    }
    for (quint16 code : {1012, 1013, 1014}) {
        QVERIFY(closeCodeInfo(code).ianaRegistered);
        QVERIFY(isValidWireCloseCode(code));
    }
    QCOMPARE(sendCloseCodeViolation(1015),
             QStringLiteral("1015 must not be sent on the wire (RFC 6455 §7.4.1)"));
}

void TestCloseCode::closeFramePayload()
{
    CloseFrame c;
    QCOMPARE(c.code, quint16(1005));
    QVERIFY(c.toPayload().isEmpty());
    c.code = 1000;
    c.reason = "bye";
    QCOMPARE(c.toPayload(), hex("03 e8 62 79 65"));
    c.code = 4999;
    c.reason.clear();
    QCOMPARE(c.toPayload(), hex("13 87"));
    QCOMPARE(CloseFrame::MaxReasonBytes, 123);
}

void TestCloseCode::closePayloadRules_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<ProtocolError>("error");
    QTest::addColumn<int>("closeCode");
    QTest::newRow("empty") << QByteArray() << ProtocolError::None << 0;
    QTest::newRow("1 byte") << hex("03") << ProtocolError::ClosePayloadTooShort << 1002;
    QTest::newRow("code only") << hex("03 e8") << ProtocolError::None << 0;
    QTest::newRow("123-byte reason")
        << hex("03 e8") + QByteArray(123, 'x') << ProtocolError::None << 0;
    QTest::newRow("123-byte reason of 3-byte chars")
        << hex("03 e8") + hex("e2 82 ac").repeated(41) << ProtocolError::None << 0;
    QTest::newRow("124-byte reason: payload too long")
        << hex("03 e8") + QByteArray(124, 'x') << ProtocolError::ControlFrameTooLong << 1002;
    QTest::newRow("invalid UTF-8 reason")
        << hex("03 e8 80") << ProtocolError::InvalidCloseReason << 1007;
    QTest::newRow("truncated UTF-8 reason")
        << hex("03 e8 f0 9f 98") << ProtocolError::InvalidCloseReason << 1007;
    QTest::newRow("overlong reason")
        << hex("03 e8 c0 80") << ProtocolError::InvalidCloseReason << 1007;
    QTest::newRow("code 1005 with reason")
        << hex("03 ed 41") << ProtocolError::InvalidCloseCode << 1002;
    QTest::newRow("code 0") << hex("00 00") << ProtocolError::InvalidCloseCode << 1002;
}

void TestCloseCode::closePayloadRules()
{
    QFETCH(QByteArray, payload);
    QFETCH(ProtocolError, error);
    QFETCH(int, closeCode);
    // Unmasked close frame from a server, parsed in the client role.
    QByteArray wire;
    wire.append(char(0x88));
    if (payload.size() < 126) {
        wire.append(char(payload.size()));
    } else {
        wire.append(char(126));
        wire.append(char(payload.size() >> 8));
        wire.append(char(payload.size() & 0xff));
    }
    wire += payload;
    FrameParser parser(Role::Client);
    Frame f;
    const FrameParser::Result r = parser.parse(wire, f);
    if (error == ProtocolError::None) {
        QCOMPARE(r.status, FrameParser::Status::Frame);
        QCOMPARE(f.data, payload);
    } else {
        QCOMPARE(r.status, FrameParser::Status::Error);
        QCOMPARE(r.error, error);
        QCOMPARE(int(closeCodeFor(r.error)), closeCode);
    }
}

void TestCloseCode::errorMapping_data()
{
    QTest::addColumn<ProtocolError>("error");
    QTest::addColumn<int>("closeCode");
    QTest::addColumn<QString>("key");
    using E = ProtocolError;
    QTest::newRow("ReservedOpcode") << E::ReservedOpcode << 1002 << "reserved_opcode";
    QTest::newRow("RsvBitsNotNegotiated")
        << E::RsvBitsNotNegotiated << 1002 << "rsv_bits_not_negotiated";
    QTest::newRow("UnmaskedClientFrame")
        << E::UnmaskedClientFrame << 1002 << "unmasked_client_frame";
    QTest::newRow("MaskedServerFrame") << E::MaskedServerFrame << 1002 << "masked_server_frame";
    QTest::newRow("ControlFrameTooLong")
        << E::ControlFrameTooLong << 1002 << "control_frame_too_long";
    QTest::newRow("FragmentedControlFrame")
        << E::FragmentedControlFrame << 1002 << "fragmented_control_frame";
    QTest::newRow("LengthMsbSet") << E::LengthMsbSet << 1002 << "length_msb_set";
    QTest::newRow("NonMinimalLength") << E::NonMinimalLength << 1002 << "non_minimal_length";
    QTest::newRow("FrameTooBig") << E::FrameTooBig << 1009 << "frame_too_big";
    QTest::newRow("ClosePayloadTooShort")
        << E::ClosePayloadTooShort << 1002 << "close_payload_too_short";
    QTest::newRow("InvalidCloseCode") << E::InvalidCloseCode << 1002 << "invalid_close_code";
    QTest::newRow("InvalidCloseReason") << E::InvalidCloseReason << 1007 << "invalid_close_reason";
    QTest::newRow("ContinuationWithoutStart")
        << E::ContinuationWithoutStart << 1002 << "continuation_without_start";
    QTest::newRow("NewMessageInsideFragmented")
        << E::NewMessageInsideFragmented << 1002 << "new_message_inside_fragmented";
    QTest::newRow("InvalidUtf8") << E::InvalidUtf8 << 1007 << "invalid_utf8";
    QTest::newRow("MessageTooBig") << E::MessageTooBig << 1009 << "message_too_big";
    QTest::newRow("Rsv1OnContinuation") << E::Rsv1OnContinuation << 1002 << "rsv1_on_continuation";
    QTest::newRow("Rsv1OnControlFrame") << E::Rsv1OnControlFrame << 1002 << "rsv1_on_control_frame";
    QTest::newRow("InflateFailed") << E::InflateFailed << 1007 << "inflate_failed";
}

void TestCloseCode::errorMapping()
{
    QFETCH(ProtocolError, error);
    QFETCH(int, closeCode);
    QFETCH(QString, key);
    QCOMPARE(int(closeCodeFor(error)), closeCode);
    QCOMPARE(QString::fromLatin1(errorKey(error)), key);
    // The code we send is always one that may be sent.
    QVERIFY(isValidWireCloseCode(closeCodeFor(error)));
    const QString sentence = describe(error);
    QVERIFY(sentence.size() > 20);
    // Every sentence names its rule: an RFC section, or the option that sets the limit.
    QVERIFY(sentence.contains(QLatin1String("RFC")) || sentence.contains(QLatin1String("maximum")));
    // Sentences and keys are distinct per error.
    static QSet<QString> seenSentences;
    static QSet<QString> seenKeys;
    QVERIFY(!seenSentences.contains(sentence));
    QVERIFY(!seenKeys.contains(key));
    seenSentences.insert(sentence);
    seenKeys.insert(key);
}

QTEST_GUILESS_MAIN(TestCloseCode)
#include "tst_closecode.moc"
