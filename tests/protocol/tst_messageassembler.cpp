// MessageAssembler: the sequence rules of RFC 6455 §5.4 and §8.1, the size cap, control
// frames interleaving, and the permessage-deflate hook (RFC 7692 §6.1 RSV1 placement,
// bounded inflate, UTF-8 checked on inflated bytes).

#include "decodeutil.h"
#include "protocol/messageassembler.h"

#include <QTest>

using namespace framescope;
using namespace framescope::testutil;

Q_DECLARE_METATYPE(framescope::ProtocolError)

namespace {

Frame frame(quint8 opcode, bool fin, QByteArray data, bool rsv1 = false)
{
    Frame f;
    f.opcode = opcode;
    f.fin = fin;
    f.rsv1 = rsv1;
    f.data = std::move(data);
    return f;
}

// An inflater that records what it was given and returns a fixed expansion.
class ExpandingInflater final : public MessageInflater
{
public:
    explicit ExpandingInflater(int factor) : m_factor(factor) {}
    ProtocolError inflate(QByteArrayView fragment, bool lastFragment, qint64 maxOutput,
                          QByteArray &out) override
    {
        fragments << fragment.toByteArray();
        last << lastFragment;
        bounds << maxOutput;
        const QByteArray expanded = fragment.toByteArray().repeated(m_factor);
        if (expanded.size() > maxOutput)
            return ProtocolError::MessageTooBig;
        out += expanded;
        return ProtocolError::None;
    }
    QList<QByteArray> fragments;
    QList<bool> last;
    QList<qint64> bounds;

private:
    int m_factor;
};

} // namespace

class TestMessageAssembler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void singleFrame();
    void singleFrameSharesPayload();
    void singleFrameTakesPayload();
    void fragmented();
    void controlInterleaves();
    void sequenceErrors_data();
    void sequenceErrors();
    void utf8FailFastPerFragment();
    void utf8IncompleteAtEnd();
    void utf8AcrossFragments();
    void binaryIsNotUtf8Checked();
    void maxMessageSize();
    void compressedMessage();
    void compressedBoundShrinks();
    void compressedTooBig();
    void compressedInvalidUtf8FailsFast();
    void uncompressedWithInflaterSet();
    void resetClearsState();
    void errorResetsState();
    void partialPayloadGivesTheSameMessage_data();
    void partialPayloadGivesTheSameMessage();
    void partialCompressedIsInflatedOnce();
    void headerRulesBeforeThePayload();
};

void TestMessageAssembler::singleFrame()
{
    MessageAssembler a;
    const MessageAssembler::Result r = a.add(frame(OpText, true, "Hello"));
    QCOMPARE(r.error, ProtocolError::None);
    QVERIFY(r.messageComplete);
    QCOMPARE(r.message.opcode, quint8(OpText));
    QVERIFY(r.message.fin);
    QVERIFY(!r.message.rsv1);
    QCOMPARE(r.message.data, QByteArray("Hello"));
    QCOMPARE(r.fragments, 1);
    QCOMPARE(r.wireBytes, 5u);
    QVERIFY(!a.inMessage());
}

void TestMessageAssembler::singleFrameSharesPayload()
{
    MessageAssembler a;
    const Frame f = frame(OpBinary, true, QByteArray(1000, 'b'));
    const MessageAssembler::Result r = a.add(f);
    QCOMPARE(r.message.data.constData(), f.data.constData());
}

void TestMessageAssembler::singleFrameTakesPayload()
{
    // The server hands over its frame: the message gets the very buffer, the frame is left
    // without it. Invalid UTF-8 is still refused on that path.
    MessageAssembler a;
    Frame f = frame(OpText, true, QByteArray(1000, 't'));
    const char *bytes = f.data.constData();
    const MessageAssembler::Result r = a.add(std::move(f));
    QVERIFY(r.messageComplete);
    QCOMPARE(r.message.data.constData(), bytes);
    QCOMPARE(r.message.data, QByteArray(1000, 't'));
    QVERIFY(f.data.isEmpty()); // NOLINT(bugprone-use-after-move): that is the point
    Frame bad = frame(OpText, true, QByteArray("\xc3\x28"));
    QCOMPARE(a.add(std::move(bad)).error, ProtocolError::InvalidUtf8);
}

void TestMessageAssembler::fragmented()
{
    MessageAssembler a;
    MessageAssembler::Result r = a.add(frame(OpBinary, false, "ab"));
    QVERIFY(!r.messageComplete);
    QCOMPARE(r.error, ProtocolError::None);
    QVERIFY(a.inMessage());
    r = a.add(frame(OpContinuation, false, ""));
    QVERIFY(!r.messageComplete);
    r = a.add(frame(OpContinuation, true, "cd"));
    QVERIFY(r.messageComplete);
    QCOMPARE(r.message.opcode, quint8(OpBinary));
    QCOMPARE(r.message.data, QByteArray("abcd"));
    QCOMPARE(r.fragments, 3);
    QCOMPARE(r.wireBytes, 4u);
    QVERIFY(!a.inMessage());
}

void TestMessageAssembler::controlInterleaves()
{
    // RFC 6455 §5.4: control frames may be injected between fragments.
    MessageAssembler a;
    QVERIFY(!a.add(frame(OpText, false, "Hel")).messageComplete);
    for (quint8 op : {OpPing, OpPong, OpClose}) {
        const MessageAssembler::Result c =
            a.add(frame(op, true, op == OpClose ? hex("03e8") : "x"));
        QCOMPARE(c.error, ProtocolError::None);
        QVERIFY(c.messageComplete);
        QCOMPARE(c.message.opcode, op);
        QCOMPARE(c.fragments, 1);
        QVERIFY(a.inMessage());
    }
    const MessageAssembler::Result r = a.add(frame(OpContinuation, true, "lo"));
    QVERIFY(r.messageComplete);
    QCOMPARE(r.message.data, QByteArray("Hello"));
    QCOMPARE(r.fragments, 2);
}

void TestMessageAssembler::sequenceErrors_data()
{
    QTest::addColumn<QList<Frame>>("frames");
    QTest::addColumn<ProtocolError>("error");
    QTest::addColumn<int>("closeCode");
    using E = ProtocolError;
    QTest::newRow("continuation without start")
        << QList<Frame>{frame(OpContinuation, true, "x")} << E::ContinuationWithoutStart << 1002;
    QTest::newRow("text inside fragmented binary")
        << QList<Frame>{frame(OpBinary, false, "x"), frame(OpText, true, "y")}
        << E::NewMessageInsideFragmented << 1002;
    QTest::newRow("binary inside fragmented text after ping")
        << QList<Frame>{frame(OpText, false, "x"), frame(OpPing, true, ""),
                        frame(OpBinary, false, "y")}
        << E::NewMessageInsideFragmented << 1002;
    QTest::newRow("reserved opcode")
        << QList<Frame>{frame(0x5, true, "")} << E::ReservedOpcode << 1002;
    QTest::newRow("fragmented control")
        << QList<Frame>{frame(OpPing, false, "")} << E::FragmentedControlFrame << 1002;
    QTest::newRow("long control") << QList<Frame>{frame(OpPong, true, QByteArray(126, 'p'))}
                                  << E::ControlFrameTooLong << 1002;
    QTest::newRow("RSV1 without inflater")
        << QList<Frame>{frame(OpText, true, "x", true)} << E::RsvBitsNotNegotiated << 1002;
    QTest::newRow("RSV1 on control without inflater")
        << QList<Frame>{frame(OpPing, true, "", true)} << E::RsvBitsNotNegotiated << 1002;
    QTest::newRow("RSV1 on continuation without inflater")
        << QList<Frame>{frame(OpText, false, "x"), frame(OpContinuation, true, "y", true)}
        << E::RsvBitsNotNegotiated << 1002;
    QTest::newRow("invalid UTF-8")
        << QList<Frame>{frame(OpText, true, hex("ed a0 80"))} << E::InvalidUtf8 << 1007;
}

void TestMessageAssembler::sequenceErrors()
{
    QFETCH(QList<Frame>, frames);
    QFETCH(ProtocolError, error);
    QFETCH(int, closeCode);
    MessageAssembler a;
    for (int i = 0; i < frames.size() - 1; ++i)
        QCOMPARE(a.add(frames[i]).error, ProtocolError::None);
    const MessageAssembler::Result r = a.add(frames.last());
    QCOMPARE(r.error, error);
    QCOMPARE(int(closeCodeFor(r.error)), closeCode);
    QVERIFY(!r.messageComplete);
}

void TestMessageAssembler::utf8FailFastPerFragment()
{
    // RFC 6455 §8.1 fail fast: the first fragment is rejected when it arrives.
    MessageAssembler a;
    const MessageAssembler::Result r = a.add(frame(OpText, false, hex("41 42 c0 80")));
    QCOMPARE(r.error, ProtocolError::InvalidUtf8);
    // Also in a later fragment, before the message ends.
    MessageAssembler b;
    QCOMPARE(b.add(frame(OpText, false, "ok")).error, ProtocolError::None);
    QCOMPARE(b.add(frame(OpContinuation, false, hex("f4 90"))).error, ProtocolError::InvalidUtf8);
}

void TestMessageAssembler::utf8IncompleteAtEnd()
{
    MessageAssembler a;
    QCOMPARE(a.add(frame(OpText, false, hex("e2 82"))).error, ProtocolError::None);
    QCOMPARE(a.add(frame(OpContinuation, true, "")).error, ProtocolError::InvalidUtf8);
}

void TestMessageAssembler::utf8AcrossFragments()
{
    // A 4-byte sequence split over every boundary is fine.
    const QByteArray text = QByteArray("a") + hex("f0 9f 98 80") + "b";
    for (int cut = 0; cut <= text.size(); ++cut) {
        MessageAssembler a;
        QCOMPARE(a.add(frame(OpText, false, text.left(cut))).error, ProtocolError::None);
        const MessageAssembler::Result r = a.add(frame(OpContinuation, true, text.mid(cut)));
        QCOMPARE(r.error, ProtocolError::None);
        QCOMPARE(r.message.data, text);
    }
}

void TestMessageAssembler::binaryIsNotUtf8Checked()
{
    MessageAssembler a;
    const MessageAssembler::Result r = a.add(frame(OpBinary, true, hex("ff fe c0 80")));
    QCOMPARE(r.error, ProtocolError::None);
    QVERIFY(r.messageComplete);
}

void TestMessageAssembler::maxMessageSize()
{
    MessageAssembler a;
    a.setMaxMessageSize(10);
    QCOMPARE(a.add(frame(OpBinary, true, QByteArray(10, 'x'))).error, ProtocolError::None);
    QCOMPARE(a.add(frame(OpBinary, false, QByteArray(6, 'x'))).error, ProtocolError::None);
    QCOMPARE(a.add(frame(OpContinuation, false, QByteArray(4, 'x'))).error, ProtocolError::None);
    const MessageAssembler::Result r = a.add(frame(OpContinuation, true, "x"));
    QCOMPARE(r.error, ProtocolError::MessageTooBig);
    QCOMPARE(closeCodeFor(r.error), quint16(1009));
    // Control frames do not count towards the message.
    MessageAssembler b;
    b.setMaxMessageSize(3);
    QCOMPARE(b.add(frame(OpText, false, "abc")).error, ProtocolError::None);
    QCOMPARE(b.add(frame(OpPing, true, "0123456789")).error, ProtocolError::None);
    QCOMPARE(b.add(frame(OpContinuation, true, "")).message.data, QByteArray("abc"));
}

void TestMessageAssembler::compressedMessage()
{
    ExpandingInflater inflater(2);
    MessageAssembler a;
    a.setInflater(&inflater);
    QCOMPARE(a.add(frame(OpText, false, "ab", true)).error, ProtocolError::None);
    QCOMPARE(a.add(frame(OpPing, true, "")).error, ProtocolError::None);
    const MessageAssembler::Result r = a.add(frame(OpContinuation, true, "c"));
    QCOMPARE(r.error, ProtocolError::None);
    QVERIFY(r.messageComplete);
    QVERIFY(r.message.rsv1);
    QCOMPARE(r.message.data, QByteArray("ababcc"));
    QCOMPARE(r.wireBytes, 3u);
    QCOMPARE(r.fragments, 2);
    QCOMPARE(inflater.fragments, (QList<QByteArray>{"ab", "c"}));
    QCOMPARE(inflater.last, (QList<bool>{false, true}));
}

void TestMessageAssembler::compressedBoundShrinks()
{
    // maxOutput is what is left of the message budget.
    ExpandingInflater inflater(3);
    MessageAssembler a;
    a.setMaxMessageSize(100);
    a.setInflater(&inflater);
    QCOMPARE(a.add(frame(OpBinary, false, "0123456789", true)).error, ProtocolError::None);
    QCOMPARE(a.add(frame(OpContinuation, true, "x")).error, ProtocolError::None);
    QCOMPARE(inflater.bounds, (QList<qint64>{100, 70}));
}

void TestMessageAssembler::compressedTooBig()
{
    ExpandingInflater inflater(10);
    MessageAssembler a;
    a.setMaxMessageSize(25);
    a.setInflater(&inflater);
    QCOMPARE(a.add(frame(OpBinary, false, "ab", true)).error, ProtocolError::None);
    const MessageAssembler::Result r = a.add(frame(OpContinuation, true, "c"));
    QCOMPARE(r.error, ProtocolError::MessageTooBig);
    QCOMPARE(closeCodeFor(r.error), quint16(1009));
}

void TestMessageAssembler::compressedInvalidUtf8FailsFast()
{
    CopyInflater inflater;
    MessageAssembler a;
    a.setInflater(&inflater);
    QCOMPARE(a.add(frame(OpText, false, "ok", true)).error, ProtocolError::None);
    QCOMPARE(a.add(frame(OpContinuation, false, hex("c0"))).error, ProtocolError::InvalidUtf8);
    MessageAssembler b;
    b.setInflater(&inflater);
    QCOMPARE(b.add(frame(OpText, true, hex("ff"), true)).error, ProtocolError::InflateFailed);
    QCOMPARE(closeCodeFor(ProtocolError::InflateFailed), quint16(1007));
}

void TestMessageAssembler::uncompressedWithInflaterSet()
{
    // RFC 7692 §6: a message without RSV1 is not compressed even when deflate is agreed.
    ExpandingInflater inflater(2);
    MessageAssembler a;
    a.setInflater(&inflater);
    const MessageAssembler::Result r = a.add(frame(OpText, true, "plain"));
    QCOMPARE(r.message.data, QByteArray("plain"));
    QVERIFY(!r.message.rsv1);
    QVERIFY(inflater.fragments.isEmpty());
    // RSV1 on a control frame or a continuation is an RFC 7692 error here.
    QCOMPARE(a.add(frame(OpPing, true, "", true)).error, ProtocolError::Rsv1OnControlFrame);
    QCOMPARE(a.add(frame(OpText, false, "x")).error, ProtocolError::None);
    QCOMPARE(a.add(frame(OpContinuation, true, "y", true)).error,
             ProtocolError::Rsv1OnContinuation);
}

void TestMessageAssembler::resetClearsState()
{
    MessageAssembler a;
    QCOMPARE(a.add(frame(OpText, false, hex("e2"))).error, ProtocolError::None);
    QVERIFY(a.inMessage());
    a.reset();
    QVERIFY(!a.inMessage());
    const MessageAssembler::Result r = a.add(frame(OpText, true, "fresh"));
    QCOMPARE(r.error, ProtocolError::None);
    QCOMPARE(r.message.data, QByteArray("fresh"));
}

void TestMessageAssembler::errorResetsState()
{
    MessageAssembler a;
    QCOMPARE(a.add(frame(OpText, false, "x")).error, ProtocolError::None);
    QCOMPARE(a.add(frame(OpText, false, "y")).error, ProtocolError::NewMessageInsideFragmented);
    QVERIFY(!a.inMessage());
}

FrameHeader headerOf(const Frame &f)
{
    FrameHeader h;
    h.opcode = f.opcode;
    h.fin = f.fin;
    h.rsv1 = f.rsv1;
    h.payloadLength = quint64(f.data.size());
    return h;
}

void TestMessageAssembler::partialPayloadGivesTheSameMessage_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<bool>("compressed");
    QTest::addColumn<ProtocolError>("error");
    QTest::newRow("text") << QByteArray("h\xc3\xa9llo w\xc3\xb6rld") << false
                          << ProtocolError::None;
    QTest::newRow("text, invalid at the end")
        << QByteArray("hello w\xc3\xb6rld\xc0") << false << ProtocolError::InvalidUtf8;
    QTest::newRow("text, invalid early")
        << QByteArray("h\xc0llo world") << false << ProtocolError::InvalidUtf8;
    QTest::newRow("compressed text")
        << QByteArray("h\xc3\xa9llo w\xc3\xb6rld") << true << ProtocolError::None;
    QTest::newRow("compressed text, invalid")
        << QByteArray("hello \xc0world") << true << ProtocolError::InvalidUtf8;
}

void TestMessageAssembler::partialPayloadGivesTheSameMessage()
{
    // begin() + addPartial() of every prefix + end() decides as add() of the whole frame,
    // wherever the payload is cut.
    QFETCH(QByteArray, payload);
    QFETCH(bool, compressed);
    QFETCH(ProtocolError, error);
    const Frame f = frame(OpText, true, payload, compressed);
    for (qsizetype cut = 0; cut <= payload.size(); ++cut) {
        CopyInflater whole, parts;
        MessageAssembler a, b;
        a.setInflater(&whole);
        b.setInflater(&parts);
        const MessageAssembler::Result expected = a.add(f);
        QCOMPARE(expected.error, error);
        ProtocolError e = b.begin(headerOf(f));
        QCOMPARE(e, ProtocolError::None);
        QCOMPARE(b.wantsPartial(), true);
        e = b.addPartial(QByteArrayView(payload).first(cut));
        if (e != ProtocolError::None) {
            QCOMPARE(e, error);
            QVERIFY(!b.inMessage()); // reset on the error
            continue;
        }
        const MessageAssembler::Result r = b.end(f);
        QCOMPARE(r.error, error);
        if (error == ProtocolError::None) {
            QVERIFY(r.messageComplete);
            QCOMPARE(r.message.data, payload);
            QCOMPARE(r.message.rsv1, compressed);
            QCOMPARE(r.wireBytes, quint64(payload.size()));
        }
    }
}

void TestMessageAssembler::partialCompressedIsInflatedOnce()
{
    ExpandingInflater inflater(2);
    MessageAssembler a;
    a.setInflater(&inflater);
    const Frame f = frame(OpBinary, true, "abcdef", true);
    QCOMPARE(a.begin(headerOf(f)), ProtocolError::None);
    QCOMPARE(a.addPartial("ab"), ProtocolError::None);
    QCOMPARE(a.addPartial("cd"), ProtocolError::None);
    const MessageAssembler::Result r = a.end(f);
    QCOMPARE(r.error, ProtocolError::None);
    QCOMPARE(r.message.data, QByteArray("ababcdcdefef"));
    // Each byte went to the inflater once; only the last call ends the message.
    QCOMPARE(inflater.fragments, (QList<QByteArray>{"ab", "cd", "ef"}));
    QCOMPARE(inflater.last, (QList<bool>{false, false, true}));
    // Uncompressed binary needs nothing before the frame is complete.
    MessageAssembler plain;
    QCOMPARE(plain.begin(headerOf(frame(OpBinary, true, "xyz"))), ProtocolError::None);
    QVERIFY(!plain.wantsPartial());
}

void TestMessageAssembler::headerRulesBeforeThePayload()
{
    // What the header decides is decided by begin(), before any payload.
    MessageAssembler a;
    a.setMaxMessageSize(100);
    FrameHeader h;
    h.opcode = OpContinuation;
    h.fin = true;
    h.payloadLength = 1;
    QCOMPARE(a.begin(h), ProtocolError::ContinuationWithoutStart);
    h.opcode = OpBinary;
    h.fin = false;
    h.payloadLength = 60;
    QCOMPARE(a.begin(h), ProtocolError::None);
    QCOMPARE(a.end(frame(OpBinary, false, QByteArray(60, 'x'))).error, ProtocolError::None);
    h.opcode = OpText;
    QCOMPARE(a.begin(h), ProtocolError::NewMessageInsideFragmented);
    QCOMPARE(a.add(frame(OpBinary, false, QByteArray(60, 'x'))).error, ProtocolError::None);
    h.opcode = OpContinuation;
    h.payloadLength = 41; // 60 + 41 > 100
    QCOMPARE(a.begin(h), ProtocolError::MessageTooBig);
    h.opcode = OpBinary;
    h.rsv1 = true; // no inflater: RSV1 means nothing
    QCOMPARE(a.begin(h), ProtocolError::RsvBitsNotNegotiated);
}

QTEST_GUILESS_MAIN(TestMessageAssembler)
#include "tst_messageassembler.moc"
