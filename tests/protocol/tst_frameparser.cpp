// FrameParser and FrameDecoder: RFC 6455 §5.7 examples byte for byte, one row per MUST
// rule of §5 with the exact error and close code, each fed whole, split at every byte
// boundary and one byte at a time.

#include "decodeutil.h"
#include "protocol/bytes.h"
#include "protocol/frameparser.h"
#include "protocol/framewriter.h"

#include <QTest>

#include <memory>

using namespace framescope;
using namespace framescope::testutil;

Q_DECLARE_METATYPE(framescope::ProtocolError)
Q_DECLARE_METATYPE(framescope::Role)

namespace {

// Everything a row may configure on the decoder.
struct Config
{
    int allowedRsv = 0;
    quint64 maxFrame = 0;   // 0: default
    quint64 maxMessage = 0; // 0: default
    bool inflater = false;
};

DecoderSetup setupFor(const Config &c)
{
    return [c](FrameDecoder &d) {
        d.parser().setAllowedRsvFlags(c.allowedRsv);
        if (c.maxFrame)
            d.parser().setMaxFrameSize(c.maxFrame);
        if (c.maxMessage)
            d.assembler().setMaxMessageSize(c.maxMessage);
        if (c.inflater) {
            // One inflater per decoder; owned by a static list so it outlives the decoder.
            static std::vector<std::unique_ptr<CopyInflater>> keep;
            keep.push_back(std::make_unique<CopyInflater>());
            d.assembler().setInflater(keep.back().get());
        }
    };
}

QByteArray zeros(int n, char c = 'a')
{
    return QByteArray(n, c);
}

// Every frame event (not NeedMore) of a whole-buffer decode.
QList<FrameDecoder::Event> events(const QByteArray &wire, Role role, const Config &c = {})
{
    FrameDecoder d(role);
    setupFor(c)(d);
    d.feed(wire);
    QList<FrameDecoder::Event> out;
    while (true) {
        FrameDecoder::Event ev = d.next();
        if (ev.status == FrameDecoder::Status::NeedMore)
            break;
        out << ev;
        if (ev.status == FrameDecoder::Status::Error)
            break;
    }
    return out;
}

} // namespace

class TestFrameParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rfcExamples_data();
    void rfcExamples();
    void mustRules_data();
    void mustRules();
    void validEdgeFrames_data();
    void validEdgeFrames();
    void needMoreConsumesNothing();
    void headerErrorBeforePayload();
    void frameTooBigBeforePayload();
    void unmaskAllLengths();
    void closePayloadParsed();
    void stickyError();
    void framesBeforeErrorAreReported();
    void controlInterleavedInFragmentedMessage();
    void largeFrameInManySmallReads();
    void zeroCopyReads();
    void singleFrameMessageSharesPayload();
    void payloadBufferReusedUnlessKept();
    void commonHeaderAgreesWithParseHeader();
    void resizeInPlaceKeepsOrReplacesStorage();
    void nextHeaderJudgedAfterHeaderInPieces();
    void failFastInsideArrivingFrame_data();
    void failFastInsideArrivingFrame();
};

void TestFrameParser::rfcExamples_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<Role>("role");
    QTest::addColumn<int>("opcode");
    QTest::addColumn<bool>("fin");
    QTest::addColumn<bool>("masked");
    QTest::addColumn<QByteArray>("payload");

    // RFC 6455 §5.7
    QTest::newRow("unmasked text Hello")
        << hex("81 05 48 65 6c 6c 6f") << Role::Client << 1 << true << false << QByteArray("Hello");
    QTest::newRow("masked text Hello") << hex("81 85 37 fa 21 3d 7f 9f 4d 51 58") << Role::Server
                                       << 1 << true << true << QByteArray("Hello");
    QTest::newRow("fragment 1 Hel")
        << hex("01 03 48 65 6c") << Role::Client << 1 << false << false << QByteArray("Hel");
    QTest::newRow("unmasked ping Hello")
        << hex("89 05 48 65 6c 6c 6f") << Role::Client << 9 << true << false << QByteArray("Hello");
    QTest::newRow("masked pong Hello") << hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58") << Role::Server
                                       << 10 << true << true << QByteArray("Hello");
    QByteArray b256 = hex("82 7E 01 00");
    QByteArray p256;
    for (int i = 0; i < 256; ++i)
        p256.append(char(i));
    QTest::newRow("256 bytes binary 16-bit length")
        << (b256 + p256) << Role::Client << 2 << true << false << p256;
    QByteArray p64k;
    for (int i = 0; i < 65536; ++i)
        p64k.append(char(i * 7));
    QTest::newRow("64 KiB binary 64-bit length") << (hex("82 7F 00 00 00 00 00 01 00 00") + p64k)
                                                 << Role::Client << 2 << true << false << p64k;
}

void TestFrameParser::rfcExamples()
{
    QFETCH(QByteArray, wire);
    QFETCH(Role, role);
    QFETCH(int, opcode);
    QFETCH(bool, fin);
    QFETCH(bool, masked);
    QFETCH(QByteArray, payload);

    FrameParser parser(role);
    Frame frame;
    const FrameParser::Result r = parser.parse(wire, frame);
    QCOMPARE(r.status, FrameParser::Status::Frame);
    QCOMPARE(r.consumed, wire.size());
    QCOMPARE(int(frame.opcode), opcode);
    QCOMPARE(frame.fin, fin);
    QCOMPARE(frame.masked, masked);
    QCOMPARE(frame.data, payload);
    QCOMPARE(r.header.payloadLength, quint64(payload.size()));

    // Every prefix is NeedMore with nothing consumed.
    for (qsizetype i = 0; i < qMin<qsizetype>(wire.size(), 300); ++i) {
        Frame f;
        const FrameParser::Result p = parser.parse(QByteArrayView(wire).first(i), f);
        QCOMPARE(p.status, FrameParser::Status::NeedMore);
        QCOMPARE(p.consumed, 0);
    }

    const QStringList expected = decodeWhole(wire, {}, role);
    QVERIFY(expected.first().startsWith(QLatin1String("FRAME")));
    QCOMPARE(checkAllSplits(wire, expected, {}, role), QString());
}

void TestFrameParser::mustRules_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<Role>("role");
    QTest::addColumn<int>("allowedRsv");
    QTest::addColumn<qulonglong>("maxFrame");
    QTest::addColumn<qulonglong>("maxMessage");
    QTest::addColumn<bool>("inflater");
    QTest::addColumn<int>("validFramesBefore");
    QTest::addColumn<ProtocolError>("error");
    QTest::addColumn<int>("closeCode");

    const Role S = Role::Server;
    const Role C = Role::Client;
    using E = ProtocolError;
    const QByteArray key0 = hex("00 00 00 00");

    // RFC 6455 §5.2: reserved opcodes
    for (int op : {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
        QByteArray w = hex("80 80 00 00 00 00");
        w[0] = char(0x80 | op);
        QTest::addRow("reserved opcode 0x%X", op)
            << w << S << 0 << 0ull << 0ull << false << 0 << E::ReservedOpcode << 1002;
    }
    QTest::newRow("reserved opcode 0x3 client role")
        << hex("83 00") << C << 0 << 0ull << 0ull << false << 0 << E::ReservedOpcode << 1002;
    // RFC 6455 §5.2: RSV bits without an extension
    QTest::newRow("RSV1 not negotiated") << hex("c1 81 00 00 00 00 41") << S << 0 << 0ull << 0ull
                                         << false << 0 << E::RsvBitsNotNegotiated << 1002;
    QTest::newRow("RSV2 not negotiated") << hex("a1 81 00 00 00 00 41") << S << 0 << 0ull << 0ull
                                         << false << 0 << E::RsvBitsNotNegotiated << 1002;
    QTest::newRow("RSV3 not negotiated") << hex("91 81 00 00 00 00 41") << S << 0 << 0ull << 0ull
                                         << false << 0 << E::RsvBitsNotNegotiated << 1002;
    QTest::newRow("RSV2 while only RSV1 negotiated")
        << hex("a1 81 00 00 00 00 41") << S << int(FlagRsv1) << 0ull << 0ull << true << 0
        << E::RsvBitsNotNegotiated << 1002;
    QTest::newRow("RSV1 on ping not negotiated")
        << hex("c9 80 00 00 00 00") << S << 0 << 0ull << 0ull << false << 0
        << E::RsvBitsNotNegotiated << 1002;
    QTest::newRow("RSV1 on continuation not negotiated")
        << hex("01 81 00 00 00 00 41 c0 81 00 00 00 00 42") << S << 0 << 0ull << 0ull << false << 1
        << E::RsvBitsNotNegotiated << 1002;
    // RFC 6455 §5.1: masking by role
    QTest::newRow("unmasked client frame") << hex("81 05 48 65 6c 6c 6f") << S << 0 << 0ull << 0ull
                                           << false << 0 << E::UnmaskedClientFrame << 1002;
    QTest::newRow("unmasked client close") << hex("88 02 03 e8") << S << 0 << 0ull << 0ull << false
                                           << 0 << E::UnmaskedClientFrame << 1002;
    QTest::newRow("masked server frame")
        << hex("81 85 37 fa 21 3d 7f 9f 4d 51 58") << C << 0 << 0ull << 0ull << false << 0
        << E::MaskedServerFrame << 1002;
    // RFC 6455 §5.5: control frames
    QTest::newRow("ping payload 126") << (hex("89 fe 00 7e") + key0 + zeros(126)) << S << 0 << 0ull
                                      << 0ull << false << 0 << E::ControlFrameTooLong << 1002;
    QTest::newRow("close payload 126")
        << (hex("88 fe 00 7e") + key0 + hex("03 e8") + zeros(124)) << S << 0 << 0ull << 0ull
        << false << 0 << E::ControlFrameTooLong << 1002;
    QTest::newRow("pong payload 64-bit length")
        << (hex("8a ff 00 00 00 00 00 01 00 00") + key0 + zeros(65536)) << S << 0 << 0ull << 0ull
        << false << 0 << E::ControlFrameTooLong << 1002;
    QTest::newRow("fragmented ping") << hex("09 80 00 00 00 00") << S << 0 << 0ull << 0ull << false
                                     << 0 << E::FragmentedControlFrame << 1002;
    QTest::newRow("fragmented close") << hex("08 82 00 00 00 00 03 e8") << S << 0 << 0ull << 0ull
                                      << false << 0 << E::FragmentedControlFrame << 1002;
    QTest::newRow("fragmented pong inside message")
        << hex("01 81 00 00 00 00 41 0a 80 00 00 00 00") << S << 0 << 0ull << 0ull << false << 1
        << E::FragmentedControlFrame << 1002;
    // RFC 6455 §5.2: payload length encoding
    QTest::newRow("64-bit length MSB set")
        << (hex("82 ff 80 00 00 00 00 00 00 00") + key0) << S << 0 << 0ull << 0ull << false << 0
        << E::LengthMsbSet << 1002;
    QTest::newRow("64-bit length all ones")
        << (hex("82 ff ff ff ff ff ff ff ff ff") + key0) << S << 0 << 0ull << 0ull << false << 0
        << E::LengthMsbSet << 1002;
    QTest::newRow("16-bit length 125") << (hex("82 fe 00 7d") + key0 + zeros(125)) << S << 0 << 0ull
                                       << 0ull << false << 0 << E::NonMinimalLength << 1002;
    QTest::newRow("16-bit length 0") << (hex("82 fe 00 00") + key0) << S << 0 << 0ull << 0ull
                                     << false << 0 << E::NonMinimalLength << 1002;
    QTest::newRow("64-bit length 65535")
        << (hex("82 ff 00 00 00 00 00 00 ff ff") + key0 + zeros(65535)) << S << 0 << 0ull << 0ull
        << false << 0 << E::NonMinimalLength << 1002;
    QTest::newRow("64-bit length 5")
        << (hex("81 ff 00 00 00 00 00 00 00 05") + key0 + zeros(5)) << S << 0 << 0ull << 0ull
        << false << 0 << E::NonMinimalLength << 1002;
    // Limits
    QTest::newRow("frame over max frame size")
        << (hex("82 8b") + key0 + zeros(11)) << S << 0 << 10ull << 0ull << false << 0
        << E::FrameTooBig << 1009;
    QTest::newRow("frame header claims 2^62 bytes")
        << (hex("82 ff 40 00 00 00 00 00 00 00") + key0) << S << 0 << 0ull << 0ull << false << 0
        << E::FrameTooBig << 1009;
    QTest::newRow("message over max message size")
        << (hex("02 83") + key0 + zeros(3) + hex("80 82") + key0 + zeros(2)) << S << 0 << 0ull
        << 4ull << false << 1 << E::MessageTooBig << 1009;
    QTest::newRow("single frame over max message size")
        << (hex("82 85") + key0 + zeros(5)) << S << 0 << 0ull << 4ull << false << 0
        << E::MessageTooBig << 1009;
    // RFC 6455 §5.5.1 / §7.4: close payload
    QTest::newRow("close payload 1 byte") << hex("88 81 00 00 00 00 03") << S << 0 << 0ull << 0ull
                                          << false << 0 << E::ClosePayloadTooShort << 1002;
    for (int code : {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
        QByteArray w = hex("88 82 00 00 00 00 00 00");
        w[6] = char(code >> 8);
        w[7] = char(code & 0xff);
        QTest::addRow("close code %d", code)
            << w << S << 0 << 0ull << 0ull << false << 0 << E::InvalidCloseCode << 1002;
    }
    QTest::newRow("close reason invalid UTF-8")
        << hex("88 83 00 00 00 00 03 e8 ff") << S << 0 << 0ull << 0ull << false << 0
        << E::InvalidCloseReason << 1007;
    QTest::newRow("close reason truncated UTF-8")
        << hex("88 84 00 00 00 00 03 e8 e2 82") << S << 0 << 0ull << 0ull << false << 0
        << E::InvalidCloseReason << 1007;
    QTest::newRow("close reason surrogate (masked)")
        << hex("88 85 11 22 33 44") + QByteArray::fromHex("03e8eda080") << S << 0 << 0ull << 0ull
        << false << 0 << E::InvalidCloseReason << 1007;
    // RFC 6455 §5.4: fragmentation
    QTest::newRow("continuation without start")
        << hex("80 81 00 00 00 00 41") << S << 0 << 0ull << 0ull << false << 0
        << E::ContinuationWithoutStart << 1002;
    QTest::newRow("non-final continuation without start")
        << hex("00 81 00 00 00 00 41") << S << 0 << 0ull << 0ull << false << 0
        << E::ContinuationWithoutStart << 1002;
    QTest::newRow("continuation after finished message")
        << hex("81 81 00 00 00 00 41 80 81 00 00 00 00 41") << S << 0 << 0ull << 0ull << false << 1
        << E::ContinuationWithoutStart << 1002;
    QTest::newRow("text inside fragmented text")
        << hex("01 81 00 00 00 00 41 81 81 00 00 00 00 42") << S << 0 << 0ull << 0ull << false << 1
        << E::NewMessageInsideFragmented << 1002;
    QTest::newRow("binary inside fragmented text")
        << hex("01 81 00 00 00 00 41 89 80 00 00 00 00 02 81 00 00 00 00 42") << S << 0 << 0ull
        << 0ull << false << 2 << E::NewMessageInsideFragmented << 1002;
    // RFC 6455 §8.1: UTF-8
    QTest::newRow("text overlong C0 80") << hex("81 82 00 00 00 00 c0 80") << S << 0 << 0ull << 0ull
                                         << false << 0 << E::InvalidUtf8 << 1007;
    QTest::newRow("text first fragment invalid (fail fast)")
        << hex("01 82 00 00 00 00 41 ff") << S << 0 << 0ull << 0ull << false << 0 << E::InvalidUtf8
        << 1007;
    QTest::newRow("text first fragment invalid, masked")
        << hex("01 83 01 02 03 04 ce ba fc") << S << 0 << 0ull << 0ull << false << 0
        << E::InvalidUtf8 << 1007;
    QTest::newRow("text incomplete at end of final frame")
        << hex("81 81 00 00 00 00 e2") << S << 0 << 0ull << 0ull << false << 0 << E::InvalidUtf8
        << 1007;
    QTest::newRow("text incomplete at end of final fragment")
        << hex("01 81 00 00 00 00 e2 80 81 00 00 00 00 82") << S << 0 << 0ull << 0ull << false << 1
        << E::InvalidUtf8 << 1007;
    QTest::newRow("text invalid in second fragment")
        << hex("01 81 00 00 00 00 e2 00 81 00 00 00 00 41") << S << 0 << 0ull << 0ull << false << 1
        << E::InvalidUtf8 << 1007;
    QTest::newRow("text invalid, client role")
        << hex("81 02 ed a0") << C << 0 << 0ull << 0ull << false << 0 << E::InvalidUtf8 << 1007;
    // RFC 7692 §6.1 with RSV1 negotiated
    QTest::newRow("RSV1 on continuation")
        << hex("41 81 00 00 00 00 41 c0 81 00 00 00 00 42") << S << int(FlagRsv1) << 0ull << 0ull
        << true << 1 << E::Rsv1OnContinuation << 1002;
    QTest::newRow("RSV1 on ping") << hex("c9 80 00 00 00 00") << S << int(FlagRsv1) << 0ull << 0ull
                                  << true << 0 << E::Rsv1OnControlFrame << 1002;
    QTest::newRow("RSV1 on close") << hex("c8 82 00 00 00 00 03 e8") << S << int(FlagRsv1) << 0ull
                                   << 0ull << true << 0 << E::Rsv1OnControlFrame << 1002;
    QTest::newRow("RSV1 negotiated in parser, no inflater")
        << hex("c1 81 00 00 00 00 41") << S << int(FlagRsv1) << 0ull << 0ull << false << 0
        << E::RsvBitsNotNegotiated << 1002;
    QTest::newRow("compressed stream invalid")
        << hex("c2 81 00 00 00 00 ff") << S << int(FlagRsv1) << 0ull << 0ull << true << 0
        << E::InflateFailed << 1007;
    QTest::newRow("compressed text inflates to invalid UTF-8")
        << hex("41 82 00 00 00 00 c0 af") << S << int(FlagRsv1) << 0ull << 0ull << true << 0
        << E::InvalidUtf8 << 1007;
    QTest::newRow("compressed message inflates past max message size")
        << (hex("42 83") + key0 + zeros(3) + hex("80 82") + key0 + zeros(2)) << S << int(FlagRsv1)
        << 0ull << 4ull << true << 1 << E::MessageTooBig << 1009;
}

void TestFrameParser::mustRules()
{
    QFETCH(QByteArray, wire);
    QFETCH(Role, role);
    QFETCH(int, allowedRsv);
    QFETCH(qulonglong, maxFrame);
    QFETCH(qulonglong, maxMessage);
    QFETCH(bool, inflater);
    QFETCH(int, validFramesBefore);
    QFETCH(ProtocolError, error);
    QFETCH(int, closeCode);

    const Config config{allowedRsv, maxFrame, maxMessage, inflater};
    const QList<FrameDecoder::Event> evs = events(wire, role, config);
    QCOMPARE(evs.size(), validFramesBefore + 1);
    for (int i = 0; i < validFramesBefore; ++i)
        QCOMPARE(evs[i].status, FrameDecoder::Status::Frame);
    const FrameDecoder::Event &last = evs.last();
    QCOMPARE(last.status, FrameDecoder::Status::Error);
    QCOMPARE(last.error, error);
    QCOMPARE(int(closeCodeFor(last.error)), closeCode);
    QVERIFY(last.headerComplete);
    QVERIFY(!describe(error).isEmpty());

    const QStringList expected = decodeWhole(wire, setupFor(config), role);
    QCOMPARE(expected.last(), QStringLiteral("END failed"));
    QCOMPARE(checkAllSplits(wire, expected, setupFor(config), role), QString());
}

void TestFrameParser::validEdgeFrames_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<int>("frames");
    QTest::addColumn<int>("messages");
    QTest::addColumn<QByteArray>("lastMessage");

    const QByteArray key0 = hex("00 00 00 00");
    QTest::newRow("ping 125 bytes") << (hex("89 fd") + key0 + zeros(125)) << 1 << 1 << zeros(125);
    QTest::newRow("empty ping") << hex("89 80 01 02 03 04") << 1 << 1 << QByteArray();
    QTest::newRow("empty close") << hex("88 80 01 02 03 04") << 1 << 1 << QByteArray();
    QTest::newRow("close 1000 with 123-byte reason")
        << (hex("88 fd") + key0 + hex("03 e8") + zeros(123, 'r')) << 1 << 1
        << (hex("03 e8") + zeros(123, 'r'));
    QTest::newRow("close 3000") << hex("88 82 00 00 00 00 0b b8") << 1 << 1 << hex("0b b8");
    QTest::newRow("close 4999") << hex("88 82 00 00 00 00 13 87") << 1 << 1 << hex("13 87");
    QTest::newRow("empty text") << hex("81 80 00 00 00 00") << 1 << 1 << QByteArray();
    QTest::newRow("16-bit length 126")
        << (hex("82 fe 00 7e") + key0 + zeros(126)) << 1 << 1 << zeros(126);
    QTest::newRow("64-bit length 65536")
        << (hex("82 ff 00 00 00 00 00 01 00 00") + key0 + zeros(65536)) << 1 << 1 << zeros(65536);
    QTest::newRow("4-byte UTF-8 split over three fragments")
        << hex("01 82 00 00 00 00 41 f0 00 81 00 00 00 00 9f 80 82 00 00 00 00 98 80") << 3 << 1
        << hex("41 f0 9f 98 80");
    QTest::newRow("empty fragments")
        << hex("01 80 00 00 00 00 00 80 00 00 00 00 80 80 00 00 00 00") << 3 << 1 << QByteArray();
    QTest::newRow("ping and pong between fragments")
        << hex("02 81 00 00 00 00 01 89 80 00 00 00 00 8a 81 00 00 00 00 07"
               " 80 81 00 00 00 00 02")
        << 4 << 3 << hex("01 02");
    QTest::newRow("close between fragments")
        << hex("01 81 00 00 00 00 41 88 82 00 00 00 00 03 e8") << 2 << 1 << hex("03 e8");
    QTest::newRow("two messages in one buffer")
        << hex("81 81 00 00 00 00 41 82 81 00 00 00 00 42") << 2 << 2 << hex("42");
}

void TestFrameParser::validEdgeFrames()
{
    QFETCH(QByteArray, wire);
    QFETCH(int, frames);
    QFETCH(int, messages);
    QFETCH(QByteArray, lastMessage);

    const QList<FrameDecoder::Event> evs = events(wire, Role::Server);
    QCOMPARE(evs.size(), frames);
    int complete = 0;
    QByteArray last;
    for (const FrameDecoder::Event &ev : evs) {
        QCOMPARE(ev.status, FrameDecoder::Status::Frame);
        if (ev.messageComplete) {
            ++complete;
            last = ev.message().data;
        }
    }
    QCOMPARE(complete, messages);
    QCOMPARE(last, lastMessage);
    const QStringList expected = decodeWhole(wire);
    QCOMPARE(checkAllSplits(wire, expected), QString());
}

void TestFrameParser::needMoreConsumesNothing()
{
    FrameParser parser(Role::Server);
    const QByteArray wire = hex("81 85 37 fa 21 3d 7f 9f 4d 51 58");
    for (int i = 0; i < wire.size(); ++i) {
        const FrameParser::Result r = parser.parseHeader(QByteArrayView(wire).first(i));
        QCOMPARE(r.consumed, 0);
        QCOMPARE(r.headerComplete, i >= 6);
        QCOMPARE(r.status, FrameParser::Status::NeedMore);
    }
    const FrameParser::Result h = parser.parseHeader(wire);
    QCOMPARE(h.header.headerLength, 6);
    QCOMPARE(h.header.payloadLength, 5u);
    QCOMPARE(h.header.maskKey, (std::array<quint8, 4>{0x37, 0xfa, 0x21, 0x3d}));
}

void TestFrameParser::headerErrorBeforePayload()
{
    // "Record, then judge": a reserved opcode is reported once the header is complete,
    // with the header, although the 100-byte payload has not arrived.
    FrameParser parser(Role::Server);
    Frame f;
    const FrameParser::Result r = parser.parse(hex("83 e4 00 00 00 00"), f);
    QCOMPARE(r.status, FrameParser::Status::Error);
    QCOMPARE(r.error, ProtocolError::ReservedOpcode);
    QVERIFY(r.headerComplete);
    QCOMPARE(r.header.opcode, quint8(3));
    QCOMPARE(r.header.payloadLength, 100u);
    QCOMPARE(r.consumed, 0);
    // Before the header is complete there is no verdict yet.
    QCOMPARE(parser.parse(hex("83"), f).status, FrameParser::Status::NeedMore);
}

void TestFrameParser::frameTooBigBeforePayload()
{
    FrameDecoder d(Role::Server);
    d.parser().setMaxFrameSize(1000);
    d.feed(hex("82 fe 03 e9 00 00 00 00")); // 1001 bytes announced, none sent
    const FrameDecoder::Event ev = d.next();
    QCOMPARE(ev.status, FrameDecoder::Status::Error);
    QCOMPARE(ev.error, ProtocolError::FrameTooBig);
    QCOMPARE(closeCodeFor(ev.error), quint16(1009));
    QCOMPARE(ev.header.payloadLength, 1001u);
    QCOMPARE(ev.wireLength, 1001 + 8);
    // Exactly at the limit is fine.
    FrameDecoder ok(Role::Server);
    ok.parser().setMaxFrameSize(1000);
    ok.feed(hex("82 fe 03 e8 00 00 00 00") + zeros(1000));
    QCOMPARE(ok.next().status, FrameDecoder::Status::Frame);
}

void TestFrameParser::unmaskAllLengths()
{
    // Every length around the 8-byte unmasking step and the length encodings.
    const std::array<quint8, 4> key{0xa1, 0x5c, 0x03, 0xfe};
    FrameParser parser(Role::Server);
    for (int len : {0,  1,  2,  3,   4,   5,   7,    8,     9,     15,   16,
                    17, 31, 33, 125, 126, 127, 1000, 65535, 65536, 65537}) {
        QByteArray payload;
        for (int i = 0; i < len; ++i)
            payload.append(char((i * 31 + 7) & 0xff));
        QByteArray wire;
        wire.append(char(0x82));
        if (len < 126) {
            wire.append(char(0x80 | len));
        } else if (len <= 0xffff) {
            wire.append(char(0xfe));
            wire.append(char(len >> 8));
            wire.append(char(len & 0xff));
        } else {
            wire.append(char(0xff));
            for (int i = 7; i >= 0; --i)
                wire.append(char((quint64(len) >> (8 * i)) & 0xff));
        }
        wire.append(reinterpret_cast<const char *>(key.data()), 4);
        for (int i = 0; i < len; ++i)
            wire.append(char(quint8(payload[i]) ^ key[i % 4]));
        Frame f;
        const FrameParser::Result r = parser.parse(wire, f);
        QCOMPARE(r.status, FrameParser::Status::Frame);
        QCOMPARE(f.data, payload);
        QCOMPARE(r.consumed, wire.size());
    }
}

void TestFrameParser::closePayloadParsed()
{
    const QList<FrameDecoder::Event> evs =
        events(hex("88 86 00 00 00 00 03 e9 62 79 65 21"), Role::Server);
    QCOMPARE(evs.size(), 1);
    QCOMPARE(evs[0].frame.opcode, quint8(OpClose));
    QCOMPARE(evs[0].frame.data, hex("03 e9") + "bye!");
    QVERIFY(evs[0].messageComplete);
    QCOMPARE(evs[0].message().opcode, quint8(OpClose));

    // Record, then judge: an invalid close frame still comes back with its payload.
    const QList<FrameDecoder::Event> bad = events(hex("88 82 00 00 00 00 03 ed"), Role::Server);
    QCOMPARE(bad.last().error, ProtocolError::InvalidCloseCode);
    QCOMPARE(bad.last().frame.data, hex("03 ed"));
    QCOMPARE(bad.last().wireLength, 8);
}

void TestFrameParser::stickyError()
{
    FrameDecoder d(Role::Server);
    d.feed(hex("81 05 48 65 6c 6c 6f")); // unmasked from a client
    const FrameDecoder::Event first = d.next();
    QCOMPARE(first.error, ProtocolError::UnmaskedClientFrame);
    QVERIFY(d.failed());
    d.feed(hex("81 80 00 00 00 00"));
    for (int i = 0; i < 3; ++i) {
        const FrameDecoder::Event again = d.next();
        QCOMPARE(again.status, FrameDecoder::Status::Error);
        QCOMPARE(again.error, ProtocolError::UnmaskedClientFrame);
    }
}

void TestFrameParser::framesBeforeErrorAreReported()
{
    const QByteArray wire = hex("81 82 00 00 00 00 6f 6b 89 80 00 00 00 00 83 80 00 00 00 00");
    const QList<FrameDecoder::Event> evs = events(wire, Role::Server);
    QCOMPARE(evs.size(), 3);
    QCOMPARE(evs[0].message().data, QByteArray("ok"));
    QCOMPARE(evs[1].frame.opcode, quint8(OpPing));
    QCOMPARE(evs[2].error, ProtocolError::ReservedOpcode);
    QCOMPARE(checkAllSplits(wire, decodeWhole(wire)), QString());
}

void TestFrameParser::controlInterleavedInFragmentedMessage()
{
    // RFC 6455 §5.4 example: "Hel", ping, "lo" with the fragments from §5.7.
    const QByteArray wire = hex("01 03 48 65 6c 89 00 80 02 6c 6f");
    const QList<FrameDecoder::Event> evs = events(wire, Role::Client);
    QCOMPARE(evs.size(), 3);
    QVERIFY(!evs[0].messageComplete);
    QVERIFY(evs[1].messageComplete);
    QCOMPARE(evs[1].message().opcode, quint8(OpPing));
    QVERIFY(evs[2].messageComplete);
    QCOMPARE(evs[2].message().opcode, quint8(OpText));
    QCOMPARE(evs[2].message().data, QByteArray("Hello"));
    QCOMPARE(evs[2].fragments, 2);
    QCOMPARE(evs[2].wireBytes, 5u);
    QCOMPARE(checkAllSplits(wire, decodeWhole(wire, {}, Role::Client), {}, Role::Client),
             QString());
}

void TestFrameParser::largeFrameInManySmallReads()
{
    // 4 MiB binary frame in 1000-byte reads through prepareWrite/commitWrite, followed by
    // a ping in the same stream.
    const qsizetype len = 4 * 1024 * 1024;
    QByteArray payload(len, Qt::Uninitialized);
    for (qsizetype i = 0; i < len; ++i)
        payload[i] = char(i * 13);
    Frame f;
    f.opcode = OpBinary;
    f.masked = true;
    f.maskKey = {1, 2, 3, 4};
    f.data = payload;
    QByteArray wire;
    wire.append(hex("82 ff 00 00 00 00 00 40 00 00 01 02 03 04"));
    QByteArray masked = payload;
    for (qsizetype i = 0; i < len; ++i)
        masked[i] = char(quint8(masked[i]) ^ f.maskKey[i % 4]);
    wire += masked;
    wire += hex("89 80 00 00 00 00");

    FrameDecoder d(Role::Server);
    int frames = 0;
    QByteArray got;
    for (qsizetype pos = 0; pos < wire.size(); pos += 1000) {
        const qsizetype n = qMin<qsizetype>(1000, wire.size() - pos);
        char *dst = d.prepareWrite(4096);
        memcpy(dst, wire.constData() + pos, size_t(n));
        d.commitWrite(n);
        while (true) {
            const FrameDecoder::Event ev = d.next();
            if (ev.status == FrameDecoder::Status::NeedMore)
                break;
            QCOMPARE(ev.status, FrameDecoder::Status::Frame);
            ++frames;
            if (frames == 1)
                got = ev.message().data;
        }
    }
    QCOMPARE(frames, 2);
    QCOMPARE(got.size(), payload.size());
    QVERIFY(got == payload);
    QCOMPARE(d.bufferedBytes(), 0);
}

void TestFrameParser::zeroCopyReads()
{
    FrameDecoder d(Role::Client);
    const QByteArray wire = hex("81 05 48 65 6c 6c 6f 81 05 48 65 6c 6c 6f");
    char *dst = d.prepareWrite(64);
    memcpy(dst, wire.constData(), 10);
    // Nothing is visible before the commit.
    QCOMPARE(d.next().status, FrameDecoder::Status::NeedMore);
    d.commitWrite(10);
    QCOMPARE(d.bufferedBytes(), 10);
    FrameDecoder::Event ev = d.next();
    QCOMPARE(ev.status, FrameDecoder::Status::Frame);
    QCOMPARE(ev.frame.data, QByteArray("Hello"));
    QCOMPARE(d.next().status, FrameDecoder::Status::NeedMore);
    QCOMPARE(d.bufferedBytes(), 3);
    dst = d.prepareWrite(4);
    memcpy(dst, wire.constData() + 10, 4);
    d.commitWrite(4);
    ev = d.next();
    QCOMPARE(ev.status, FrameDecoder::Status::Frame);
    QCOMPARE(ev.message().data, QByteArray("Hello"));
    // A read that returned nothing leaves the buffer as it was.
    d.prepareWrite(100);
    d.commitWrite(0);
    QCOMPARE(d.bufferedBytes(), 0);
    QCOMPARE(d.next().status, FrameDecoder::Status::NeedMore);
}

void TestFrameParser::singleFrameMessageSharesPayload()
{
    FrameDecoder d(Role::Server);
    d.feed(hex("82 84 00 00 00 00 01 02 03 04"));
    const FrameDecoder::Event ev = d.next();
    QVERIFY(ev.messageComplete);
    // The message is the frame's payload, not a copy of it.
    QCOMPARE(ev.message().data.constData(), ev.frame.data.constData());
}

void TestFrameParser::payloadBufferReusedUnlessKept()
{
    // Three masked binary frames in one read. The sink keeps the second payload (as a
    // handler storing the message, or an observer's record, does): the third frame must not
    // write into it. The first payload (100 bytes), dropped, lends its buffer to the second
    // (3 bytes; a fresh allocation of that size would come from another size class).
    const QByteArray first(100, 'z');
    const QByteArray wire = hex("82 e4 00 00 00 00") + first +  // 100 bytes, key 0
                            hex("82 83 00 00 00 00 61 62 63") + // "abc"
                            hex("82 82 01 02 03 04 79 7b");     // "xy" ^ 01 02
    FrameDecoder d(Role::Server);
    QList<const char *> storage;
    QList<QByteArray> payloads;
    QByteArray kept;
    d.decode(wire, [&](FrameDecoder::Event &ev) {
        storage << ev.frame.data.constData();
        payloads << QByteArray(ev.frame.data.constData(), ev.frame.data.size()); // deep copy
        if (storage.size() == 2)
            kept = ev.frame.data;
        return true;
    });
    QCOMPARE(payloads, (QList<QByteArray>{first, "abc", "xy"}));
    QCOMPARE(storage.size(), 3);
    QVERIFY(storage[1] == storage[0]); // reused: no allocation for the second message
    QVERIFY(storage[2] != storage[1]); // the kept one was not written over
    QCOMPARE(kept, QByteArray("abc"));
}

void TestFrameParser::commonHeaderAgreesWithParseHeader()
{
    // Every first and second byte, both roles, with and without a frame limit below 126:
    // where the inline reader says "common", parseHeader() accepts the same header.
    int common = 0;
    for (const Role role : {Role::Server, Role::Client}) {
        for (const quint64 limit : {quint64(16 * 1024 * 1024), quint64(40)}) {
            FrameParser parser(role);
            parser.setMaxFrameSize(limit);
            for (int b0 = 0; b0 < 256; ++b0) {
                for (int b1 = 0; b1 < 256; ++b1) {
                    QByteArray wire = hex("00 00 11 22 33 44");
                    wire[0] = char(b0);
                    wire[1] = char(b1);
                    for (const qsizetype size : {qsizetype(1), qsizetype(5), wire.size()}) {
                        const QByteArrayView input(wire.constData(), size);
                        FrameHeader h;
                        if (!parser.parseCommonHeader(input, h))
                            continue;
                        ++common;
                        const FrameParser::Result r = parser.parseHeader(input);
                        QVERIFY(r.headerComplete);
                        QCOMPARE(r.status, FrameParser::Status::NeedMore);
                        QCOMPARE(h.fin, r.header.fin);
                        QCOMPARE(h.rsv1 || h.rsv2 || h.rsv3, false);
                        QCOMPARE(r.header.rsv1 || r.header.rsv2 || r.header.rsv3, false);
                        QCOMPARE(h.opcode, r.header.opcode);
                        QCOMPARE(h.masked, r.header.masked);
                        QCOMPARE(h.maskKey, r.header.maskKey);
                        QCOMPARE(h.payloadLength, r.header.payloadLength);
                        QCOMPARE(h.headerLength, r.header.headerLength);
                    }
                }
            }
        }
    }
    // FIN text or binary, masked per role, lengths 0-125 (0-40 under the limit), a whole
    // header: the server's 6 bytes once, the client's 2 in the 5- and the 6-byte input.
    QCOMPARE(common, (1 + 2) * 2 * (126 + 41));
}

void TestFrameParser::resizeInPlaceKeepsOrReplacesStorage()
{
    QByteArray own(16, 'a');
    own.reserve(64);
    const char *before = own.constData();
    resizeInPlace(own, 40);
    QCOMPARE(own.constData(), before); // room enough: only the size changes
    QCOMPARE(own.size(), 40);
    QCOMPARE(own.constData()[40], '\0');
    resizeInPlace(own, 3);
    QCOMPARE(own, QByteArray("aaa"));
    QCOMPARE(own.constData(), before);
    // Shared: the other holder keeps its bytes; this one gets storage of its own.
    QByteArray other = own;
    resizeInPlace(own, 5);
    QCOMPARE(other, QByteArray("aaa"));
    QVERIFY(own.constData() != other.constData());
    QCOMPARE(own.size(), 5);
    QCOMPARE(own.left(3), QByteArray("aaa"));
    // Raw data belongs to the caller: never written.
    static const char raw[] = "raw!";
    QByteArray view = QByteArray::fromRawData(raw, 4);
    resizeInPlace(view, 2);
    QCOMPARE(view, QByteArray("ra"));
    QCOMPARE(QByteArray(raw), QByteArray("raw!"));
    // Too small: grows like resize().
    QByteArray small(2, 'b');
    small.squeeze();
    resizeInPlace(small, 100);
    QCOMPARE(small.size(), 100);
    QCOMPARE(small.left(2), QByteArray("bb"));
    QByteArray empty;
    resizeInPlace(empty, 4);
    QCOMPARE(empty.size(), 4);
    // Up to the capacity exactly: the terminator goes where Qt puts it (run under ASan).
    QByteArray exact(24, 'e');
    resizeInPlace(exact, 1);
    const char *storage = exact.constData();
    resizeInPlace(exact, exact.capacity());
    QCOMPARE(exact.constData(), storage);
    QCOMPARE(exact.size(), exact.capacity());
    QCOMPARE(exact.constData()[exact.size()], '\0');
}

void TestFrameParser::nextHeaderJudgedAfterHeaderInPieces()
{
    // A whole-message frame whose header arrived in pieces (the decoder waited for 6
    // bytes), then two bytes of a header with a reserved opcode: the error comes with
    // those two bytes, not once six more have arrived.
    for (const bool viaDecode : {false, true}) {
        FrameDecoder d(Role::Server);
        QList<FrameDecoder::Event> got;
        const auto push = [&](const QByteArray &bytes) {
            if (viaDecode) {
                d.decode(bytes, [&](FrameDecoder::Event &ev) {
                    got << ev;
                    return true;
                });
                return;
            }
            d.feed(bytes);
            while (true) {
                const FrameDecoder::Event ev = d.next();
                if (ev.status == FrameDecoder::Status::NeedMore)
                    break;
                got << ev;
                if (ev.status == FrameDecoder::Status::Error)
                    break;
            }
        };
        push(hex("81"));
        push(hex("80 81 6f"));
        push(hex("83 8a")); // an empty text message is complete
        QCOMPARE(got.size(), 1);
        QCOMPARE(got[0].status, FrameDecoder::Status::Frame);
        QVERIFY(got[0].messageComplete);
        push(hex("8b 18"));
        QCOMPARE(got.size(), 2);
        QCOMPARE(got[1].status, FrameDecoder::Status::Error);
        QCOMPARE(got[1].error, ProtocolError::ReservedOpcode);
    }
}

void TestFrameParser::failFastInsideArrivingFrame_data()
{
    QTest::addColumn<QByteArray>("before");  // complete frames sent first
    QTest::addColumn<QByteArray>("header");  // header of the frame that is still arriving
    QTest::addColumn<QByteArray>("arrived"); // the part of its payload that has arrived
    QTest::addColumn<qulonglong>("maxMessage");
    QTest::addColumn<bool>("compressed");        // deflate negotiated (RSV1 allowed)
    QTest::addColumn<ProtocolError>("failsNow"); // None: waits for the rest

    const auto utf8 = ProtocolError::InvalidUtf8;
    const auto none = ProtocolError::None;
    const QByteArray valid = QByteArray(100, 'a');
    const QByteArray invalid = QByteArray(50, 'a') + hex("ed a0 80");
    // 1000-byte text frame, mask 00000000 so the payload reads as sent.
    const QByteArray text1000 = hex("81 fe 03 e8 00 00 00 00");
    const QByteArray cont1000 = hex("80 fe 03 e8 00 00 00 00");
    QTest::newRow("text frame, invalid prefix")
        << QByteArray() << text1000 << invalid << 0ull << false << utf8;
    QTest::newRow("text frame, valid prefix")
        << QByteArray() << text1000 << valid << 0ull << false << none;
    QTest::newRow("text frame, masked invalid prefix")
        << QByteArray() << hex("81 fe 03 e8 5a 01 c3 9e") << invalid << 0ull << false << utf8;
    QTest::newRow("continuation of text, invalid prefix")
        << hex("01 81 00 00 00 00 41") << cont1000 << invalid << 0ull << false << utf8;
    QTest::newRow("continuation completes a sequence")
        << hex("01 81 00 00 00 00 e2") << cont1000 << hex("82 ac 41") << 0ull << false << none;
    QTest::newRow("continuation breaks an open sequence")
        << hex("01 81 00 00 00 00 e2") << cont1000 << hex("41") << 0ull << false << utf8;
    QTest::newRow("binary frame is not UTF-8")
        << QByteArray() << hex("82 fe 03 e8 00 00 00 00") << invalid << 0ull << false << none;
    QTest::newRow("continuation of binary")
        << hex("02 81 00 00 00 00 41") << cont1000 << invalid << 0ull << false << none;
    // The test inflater copies: the inflated prefix is the invalid text.
    QTest::newRow("compressed text is judged after inflating what arrived")
        << QByteArray() << hex("c1 fe 03 e8 00 00 00 00") << invalid << 0ull << true << utf8;
    QTest::newRow("compressed valid prefix waits")
        << QByteArray() << hex("c1 fe 03 e8 00 00 00 00") << valid << 0ull << true << none;
    QTest::newRow("compressed continuation of text, invalid prefix")
        << hex("41 81 00 00 00 00 41") << cont1000 << invalid << 0ull << true << utf8;
    QTest::newRow("compressed binary over the message limit as it inflates")
        << QByteArray() << hex("c2 fe 03 e8 00 00 00 00") << valid << 99ull << true
        << ProtocolError::MessageTooBig;
    QTest::newRow("too big for the message: known from the header")
        << QByteArray() << text1000 << invalid << 999ull << false << ProtocolError::MessageTooBig;
    QTest::newRow("continuation over the message limit: known from the header")
        << hex("01 81 00 00 00 00 41") << cont1000 << valid << 1000ull << false
        << ProtocolError::MessageTooBig;
    QTest::newRow("close reason invalid before the frame is complete")
        << QByteArray() << hex("88 fd 00 00 00 00") << (hex("03 e8") + "ok" + hex("c0")) << 0ull
        << false << ProtocolError::InvalidCloseReason;
    QTest::newRow("close code invalid before the reason arrives")
        << QByteArray() << hex("88 fd 00 00 00 00") << hex("03 ed") << 0ull << false
        << ProtocolError::InvalidCloseCode;
    QTest::newRow("close prefix valid waits")
        << QByteArray() << hex("88 fd 00 00 00 00") << (hex("03 e8") + "ok" + hex("e2 82")) << 0ull
        << false << none;
}

void TestFrameParser::failFastInsideArrivingFrame()
{
    // RFC 6455 §8.1 fail fast: the invalid bytes of a large text frame fail the connection
    // when they arrive, not when the whole frame is there; so do a message over the limit
    // (from the header, or as compressed data inflates) and a close frame's bad code or
    // reason.
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, arrived);
    QFETCH(qulonglong, maxMessage);
    QFETCH(bool, compressed);
    QFETCH(ProtocolError, failsNow);

    const qsizetype k = header.size() - 4; // the mask key ends the header
    const std::array<quint8, 4> key{quint8(header[k]), quint8(header[k + 1]), quint8(header[k + 2]),
                                    quint8(header[k + 3])};
    QByteArray masked = arrived;
    FrameWriter::applyMask(masked.data(), masked.size(), key);
    const Config config{compressed ? int(FlagRsv1) : 0, 0, maxMessage, compressed};
    for (int split : {0, 1, 7}) {
        FrameDecoder d(Role::Server);
        setupFor(config)(d);
        d.feed(before);
        while (d.next().status == FrameDecoder::Status::Frame) {
        }
        QVERIFY(!d.failed());
        const QByteArray pending = header + masked;
        // Delivered whole or in pieces of `split` bytes; next() after every piece.
        FrameDecoder::Event last;
        for (qsizetype pos = 0; pos < pending.size();) {
            const qsizetype n =
                split ? qMin<qsizetype>(split, pending.size() - pos) : pending.size() - pos;
            d.feed(QByteArrayView(pending).sliced(pos, n));
            pos += n;
            last = d.next();
            if (last.status == FrameDecoder::Status::Error)
                break;
        }
        QCOMPARE(d.failed(), failsNow != ProtocolError::None);
        if (failsNow != ProtocolError::None) {
            QCOMPARE(last.error, failsNow);
            QCOMPARE(last.header.payloadLength,
                     quint64(header[1] & 0x7f) == 126
                         ? quint64(quint8(header[2]) << 8 | quint8(header[3]))
                         : quint64(header[1] & 0x7f));
        } else {
            QCOMPARE(last.status, FrameDecoder::Status::NeedMore);
        }
    }
}

QTEST_GUILESS_MAIN(TestFrameParser)
#include "tst_frameparser.moc"
