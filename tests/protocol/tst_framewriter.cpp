// FrameWriter: RFC 6455 §5.7 examples serialised byte for byte, minimal length encoding,
// masking with offsets, Swoole-style pack()/unpack(), and a seeded property test: random
// messages written in the client role (masked, random fragmentation, interleaved control
// frames) and read back through FrameDecoder in random chunks.

#include "decodeutil.h"
#include "protocol/framewriter.h"

#include <QRandomGenerator>
#include <QSet>
#include <QTest>

#include <optional>

using namespace framescope;
using framescope::testutil::hex;

Q_DECLARE_METATYPE(framescope::Frame)

namespace {

Frame makeFrame(quint8 opcode, bool fin, QByteArray data, std::optional<std::array<quint8, 4>> key)
{
    Frame f;
    f.opcode = opcode;
    f.fin = fin;
    f.data = std::move(data);
    if (key) {
        f.masked = true;
        f.maskKey = *key;
    }
    return f;
}

QByteArray bytes256()
{
    QByteArray p;
    for (int i = 0; i < 256; ++i)
        p.append(char(i));
    return p;
}

// Valid UTF-8 text of exactly `len` bytes: random code points of every length, encoded
// here directly (no QString round trip, so large messages stay cheap to build).
QByteArray randomText(QRandomGenerator &rng, int len)
{
    QByteArray out;
    out.reserve(len);
    while (out.size() < len) {
        const qsizetype room = len - out.size();
        const int kind = rng.bounded(6);
        if (kind == 0 && room >= 2) {
            const quint32 cp = 0x80 + rng.bounded(0x780);
            out.append(char(0xC0 | (cp >> 6)));
            out.append(char(0x80 | (cp & 0x3F)));
        } else if (kind == 1 && room >= 3) {
            const quint32 cp = 0xE000 + rng.bounded(0x2000);
            out.append(char(0xE0 | (cp >> 12)));
            out.append(char(0x80 | ((cp >> 6) & 0x3F)));
            out.append(char(0x80 | (cp & 0x3F)));
        } else if (kind == 2 && room >= 4) {
            const quint32 cp = 0x10000 + rng.bounded(0x100000);
            out.append(char(0xF0 | (cp >> 18)));
            out.append(char(0x80 | ((cp >> 12) & 0x3F)));
            out.append(char(0x80 | ((cp >> 6) & 0x3F)));
            out.append(char(0x80 | (cp & 0x3F)));
        } else {
            out.append(char(0x20 + rng.bounded(0x5f)));
        }
    }
    return out;
}

} // namespace

class TestFrameWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rfcExamples_data();
    void rfcExamples();
    void lengthEncoding_data();
    void lengthEncoding();
    void writeHeaderFlags();
    void applyMaskOffsets();
    void randomMaskKeys();
    void canWriteInvalidFrames();
    void appendGrowsGeometrically();
    void pack_data();
    void pack();
    void packMasked();
    void unpack_data();
    void unpack();
    void propertyRoundTrip();
};

void TestFrameWriter::rfcExamples_data()
{
    QTest::addColumn<Frame>("frame");
    QTest::addColumn<QByteArray>("wire");
    const std::array<quint8, 4> key{0x37, 0xfa, 0x21, 0x3d};
    // RFC 6455 §5.7
    QTest::newRow("unmasked text Hello")
        << makeFrame(OpText, true, "Hello", std::nullopt) << hex("81 05 48 65 6c 6c 6f");
    QTest::newRow("masked text Hello")
        << makeFrame(OpText, true, "Hello", key) << hex("81 85 37 fa 21 3d 7f 9f 4d 51 58");
    QTest::newRow("fragment Hel") << makeFrame(OpText, false, "Hel", std::nullopt)
                                  << hex("01 03 48 65 6c");
    QTest::newRow("fragment lo") << makeFrame(OpContinuation, true, "lo", std::nullopt)
                                 << hex("80 02 6c 6f");
    QTest::newRow("unmasked ping")
        << makeFrame(OpPing, true, "Hello", std::nullopt) << hex("89 05 48 65 6c 6c 6f");
    QTest::newRow("masked pong") << makeFrame(OpPong, true, "Hello", key)
                                 << hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58");
    QTest::newRow("256 bytes binary")
        << makeFrame(OpBinary, true, bytes256(), std::nullopt) << hex("82 7e 01 00") + bytes256();
    const QByteArray p64k = bytes256().repeated(256);
    QTest::newRow("64 KiB binary") << makeFrame(OpBinary, true, p64k, std::nullopt)
                                   << hex("82 7f 00 00 00 00 00 01 00 00") + p64k;
}

void TestFrameWriter::rfcExamples()
{
    QFETCH(Frame, frame);
    QFETCH(QByteArray, wire);
    QCOMPARE(FrameWriter::serialize(frame), wire);
    QByteArray out = "prefix";
    FrameWriter::append(out, frame);
    QCOMPARE(out, "prefix" + wire);
    // And back: unpack() is the inverse.
    const std::optional<Frame> back = FrameWriter::unpack(wire);
    QVERIFY(back.has_value());
    QCOMPARE(back->opcode, frame.opcode);
    QCOMPARE(back->fin, frame.fin);
    QCOMPARE(back->masked, frame.masked);
    QCOMPARE(back->data, frame.data);
    if (frame.masked)
        QCOMPARE(back->maskKey, frame.maskKey);
}

void TestFrameWriter::lengthEncoding_data()
{
    QTest::addColumn<qulonglong>("length");
    QTest::addColumn<QByteArray>("header");
    // RFC 6455 §5.2: 7-bit up to 125, 16-bit up to 65535, 64-bit beyond.
    QTest::newRow("0") << 0ull << hex("82 00");
    QTest::newRow("125") << 125ull << hex("82 7d");
    QTest::newRow("126") << 126ull << hex("82 7e 00 7e");
    QTest::newRow("65535") << 65535ull << hex("82 7e ff ff");
    QTest::newRow("65536") << 65536ull << hex("82 7f 00 00 00 00 00 01 00 00");
    QTest::newRow("2^32") << (1ull << 32) << hex("82 7f 00 00 00 01 00 00 00 00");
    QTest::newRow("2^63-1") << ((1ull << 63) - 1) << hex("82 7f 7f ff ff ff ff ff ff ff");
}

void TestFrameWriter::lengthEncoding()
{
    QFETCH(qulonglong, length);
    QFETCH(QByteArray, header);
    char out[14];
    const int n = FrameWriter::writeHeader(out, OpBinary, true, 0, length, nullptr);
    QCOMPARE(QByteArray(out, n), header);
    const std::array<quint8, 4> key{1, 2, 3, 4};
    const int m = FrameWriter::writeHeader(out, OpBinary, true, 0, length, &key);
    QCOMPARE(m, n + 4);
    QCOMPARE(quint8(out[1]) & 0x80, 0x80);
    QCOMPARE(QByteArray(out + n, 4), hex("01 02 03 04"));
    // The parser reads back the same length from the header alone.
    FrameParser parser(Role::Server);
    parser.setMaxFrameSize(~0ull);
    const FrameParser::Result r = parser.parseHeader(QByteArrayView(out, m));
    QVERIFY(r.headerComplete);
    QCOMPARE(r.status, FrameParser::Status::NeedMore);
    QCOMPARE(r.header.payloadLength, quint64(length));
    QCOMPARE(r.header.headerLength, m);
}

void TestFrameWriter::writeHeaderFlags()
{
    char out[14];
    FrameWriter::writeHeader(out, OpText, true, FlagRsv1, 0, nullptr);
    QCOMPARE(quint8(out[0]), quint8(0xc1));
    FrameWriter::writeHeader(out, OpText, false, FlagCompress, 0, nullptr);
    QCOMPARE(quint8(out[0]), quint8(0x41));
    FrameWriter::writeHeader(out, OpBinary, true, FlagRsv2 | FlagRsv3, 0, nullptr);
    QCOMPARE(quint8(out[0]), quint8(0xb2));
    FrameWriter::writeHeader(out, 0xF, false, 0, 0, nullptr);
    QCOMPARE(quint8(out[0]), quint8(0x0f));
    Frame f;
    f.opcode = OpBinary;
    f.rsv1 = f.rsv2 = f.rsv3 = true;
    QCOMPARE(quint8(FrameWriter::serialize(f)[0]), quint8(0xf2));
}

void TestFrameWriter::applyMaskOffsets()
{
    const std::array<quint8, 4> key{0x11, 0x22, 0x33, 0x44};
    QByteArray data(103, Qt::Uninitialized);
    for (int i = 0; i < data.size(); ++i)
        data[i] = char(i * 5 + 1);
    QByteArray expected = data;
    for (int i = 0; i < expected.size(); ++i)
        expected[i] = char(quint8(expected[i]) ^ key[i % 4]);
    QByteArray whole = data;
    FrameWriter::applyMask(whole.data(), whole.size(), key);
    QCOMPARE(whole, expected);
    // Split at every position: masking the parts with their payload offset is the same.
    for (int cut = 0; cut <= data.size(); ++cut) {
        QByteArray parts = data;
        FrameWriter::applyMask(parts.data(), cut, key, 0);
        FrameWriter::applyMask(parts.data() + cut, parts.size() - cut, key, quint64(cut));
        QCOMPARE(parts, expected);
    }
    // Masking twice restores the data.
    FrameWriter::applyMask(whole.data(), whole.size(), key);
    QCOMPARE(whole, data);
}

void TestFrameWriter::randomMaskKeys()
{
    // RFC 6455 §5.3: keys must be unpredictable; at least they must not repeat in a row.
    QSet<quint32> seen;
    for (int i = 0; i < 64; ++i) {
        const auto k = FrameWriter::randomMaskKey();
        seen.insert(quint32(k[0]) << 24 | quint32(k[1]) << 16 | quint32(k[2]) << 8 | k[3]);
    }
    QVERIFY(seen.size() > 60);
}

void TestFrameWriter::canWriteInvalidFrames()
{
    // Client torture needs frames that break the rules, written exactly as asked.
    Frame f;
    f.opcode = 0x3;
    f.data = "x";
    QCOMPARE(FrameWriter::serialize(f), hex("83 01 78"));
    f.opcode = OpPing;
    f.fin = false;
    f.data = QByteArray(200, 'p');
    QCOMPARE(FrameWriter::serialize(f).left(4), hex("09 7e 00 c8"));
    FrameDecoder d(Role::Client);
    d.feed(FrameWriter::serialize(f));
    QCOMPARE(d.next().error, ProtocolError::FragmentedControlFrame);
}

void TestFrameWriter::appendGrowsGeometrically()
{
    // A server batches every ready frame into one buffer: appending must not reallocate
    // (and copy the whole batch) each time.
    QByteArray batch;
    Frame f;
    f.opcode = OpBinary;
    f.data = QByteArray(32, 'x');
    int reallocations = 0;
    const char *last = nullptr;
    for (int i = 0; i < 10000; ++i) {
        FrameWriter::append(batch, f);
        if (batch.constData() != last) {
            ++reallocations;
            last = batch.constData();
        }
    }
    QCOMPARE(batch.size(), 10000 * 34);
    QVERIFY2(reallocations < 64, qPrintable(QString::number(reallocations)));
}

void TestFrameWriter::pack_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("opcode");
    QTest::addColumn<int>("flags");
    QTest::addColumn<QByteArray>("wire");
    QTest::newRow("default text") << QByteArray("Hello") << int(OpText) << int(FlagFin)
                                  << hex("81 05 48 65 6c 6c 6f");
    QTest::newRow("binary") << hex("01 02") << int(OpBinary) << int(FlagFin) << hex("82 02 01 02");
    QTest::newRow("not final") << QByteArray("Hel") << int(OpText) << 0 << hex("01 03 48 65 6c");
    QTest::newRow("continuation") << QByteArray("lo") << int(OpContinuation) << int(FlagFin)
                                  << hex("80 02 6c 6f");
    QTest::newRow("compress sets RSV1")
        << hex("f2 48 cd c9 c9 07 00") << int(OpText) << int(FlagFin | FlagCompress)
        << hex("c1 07 f2 48 cd c9 c9 07 00");
    QTest::newRow("rsv1 flag") << QByteArray() << int(OpBinary) << int(FlagFin | FlagRsv1)
                               << hex("c2 00");
    QTest::newRow("ping") << QByteArray("p") << int(OpPing) << int(FlagFin) << hex("89 01 70");
    QTest::newRow("close") << hex("03 e8") << int(OpClose) << int(FlagFin) << hex("88 02 03 e8");
    QTest::newRow("empty") << QByteArray() << int(OpText) << int(FlagFin) << hex("81 00");
}

void TestFrameWriter::pack()
{
    QFETCH(QByteArray, data);
    QFETCH(int, opcode);
    QFETCH(int, flags);
    QFETCH(QByteArray, wire);
    QCOMPARE(FrameWriter::pack(data, quint8(opcode), flags), wire);
    Frame f;
    f.opcode = quint8(opcode);
    f.setFlags(flags);
    f.data = data;
    QCOMPARE(FrameWriter::pack(f), wire);
    const std::optional<Frame> back = FrameWriter::unpack(wire);
    QVERIFY(back.has_value());
    QCOMPARE(int(back->opcode), opcode);
    QCOMPARE(back->data, data);
    QCOMPARE(back->fin, bool(flags & FlagFin));
    QCOMPARE(back->rsv1, bool(flags & (FlagRsv1 | FlagCompress)));
}

void TestFrameWriter::packMasked()
{
    const QByteArray wire = FrameWriter::pack("Hello", OpText, FlagFin | FlagMask);
    QCOMPARE(wire.size(), 2 + 4 + 5);
    QCOMPARE(quint8(wire[0]), quint8(0x81));
    QCOMPARE(quint8(wire[1]), quint8(0x85));
    const std::optional<Frame> back = FrameWriter::unpack(wire);
    QVERIFY(back.has_value());
    QVERIFY(back->masked);
    QCOMPARE(back->data, QByteArray("Hello"));
    QCOMPARE(back->flags(), int(FlagFin | FlagMask));
}

void TestFrameWriter::unpack_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("data");
    QTest::newRow("empty input") << QByteArray() << false << QByteArray();
    QTest::newRow("one byte") << hex("81") << false << QByteArray();
    QTest::newRow("incomplete payload") << hex("81 05 48 65") << false << QByteArray();
    QTest::newRow("incomplete mask key") << hex("81 85 37 fa") << false << QByteArray();
    QTest::newRow("incomplete 16-bit length") << hex("82 7e 01") << false << QByteArray();
    QTest::newRow("reserved opcode") << hex("83 00") << false << QByteArray();
    QTest::newRow("64-bit MSB") << hex("82 7f 80 00 00 00 00 00 00 01 00") << false << QByteArray();
    QTest::newRow("non-minimal length") << hex("82 7e 00 01 00") << false << QByteArray();
    QTest::newRow("masked Hello") << hex("81 85 37 fa 21 3d 7f 9f 4d 51 58") << true
                                  << QByteArray("Hello");
    QTest::newRow("trailing bytes ignored") << hex("82 01 aa 82 01 bb") << true << hex("aa");
    QTest::newRow("RSV1 on continuation kept") << hex("c0 01 aa") << true << hex("aa");
    QTest::newRow("bad close code kept") << hex("88 02 03 ed") << true << hex("03 ed");
}

void TestFrameWriter::unpack()
{
    QFETCH(QByteArray, wire);
    QFETCH(bool, ok);
    QFETCH(QByteArray, data);
    const std::optional<Frame> f = FrameWriter::unpack(wire);
    QCOMPARE(f.has_value(), ok);
    if (ok)
        QCOMPARE(f->data, data);
}

void TestFrameWriter::propertyRoundTrip()
{
    QRandomGenerator rng(20261126);
    const int sizes[] = {0, 1, 2, 7, 8, 9, 125, 126, 127, 1000, 65535, 65536, 65537};

    struct Expected
    {
        quint8 opcode;
        QByteArray data;
        int fragments;
    };

    for (int round = 0; round < 60; ++round) {
        // One stream of ~50 messages, each written by the client: masked with a seeded key.
        QByteArray wire;
        QList<Frame> writtenFrames;
        QList<Expected> expectedMessages;
        const int messages = 50;
        for (int m = 0; m < messages; ++m) {
            const int sizeChoice = rng.bounded(int(std::size(sizes)) + 4);
            const int size = sizeChoice < int(std::size(sizes))
                                 ? sizes[sizeChoice]
                                 : (rng.bounded(8) == 0 ? rng.bounded(70000) : rng.bounded(300));
            const bool text = rng.bounded(2) == 0;
            QByteArray payload;
            if (text) {
                payload = randomText(rng, size);
            } else {
                payload.resize(size);
                rng.fillRange(reinterpret_cast<quint32 *>(payload.data()), size / 4);
                for (int i = size / 4 * 4; i < size; ++i)
                    payload[i] = char(rng.bounded(256));
            }
            // Random fragmentation: 1 to 6 pieces at random cut points (may be empty).
            const int pieces = 1 + rng.bounded(6);
            QList<qsizetype> cuts;
            for (int i = 0; i < pieces - 1; ++i)
                cuts << rng.bounded(payload.size() + 1);
            std::sort(cuts.begin(), cuts.end());
            cuts << payload.size();
            qsizetype start = 0;
            for (int i = 0; i < cuts.size(); ++i) {
                Frame f;
                f.opcode = i == 0 ? (text ? OpText : OpBinary) : OpContinuation;
                f.fin = i == cuts.size() - 1;
                f.data = payload.mid(start, cuts[i] - start);
                f.masked = true;
                const quint32 k = rng.generate();
                memcpy(f.maskKey.data(), &k, 4);
                start = cuts[i];
                FrameWriter::append(wire, f);
                writtenFrames << f;
                if (f.fin) {
                    expectedMessages
                        << Expected{quint8(text ? OpText : OpBinary), payload, int(cuts.size())};
                }
                // Interleaved control frames, also in the middle of a fragmented message.
                if (rng.bounded(4) == 0) {
                    Frame c;
                    c.opcode = rng.bounded(2) ? OpPing : OpPong;
                    c.data = randomText(rng, rng.bounded(126));
                    if (c.data.size() > 125)
                        c.data.truncate(125);
                    c.masked = true;
                    const quint32 ck = rng.generate();
                    memcpy(c.maskKey.data(), &ck, 4);
                    FrameWriter::append(wire, c);
                    writtenFrames << c;
                    expectedMessages << Expected{c.opcode, c.data, 1};
                }
            }
        }

        // Read back in random chunks: mostly small, some large, sometimes one byte.
        FrameDecoder d(Role::Server);
        QList<Frame> readFrames;
        QList<Expected> readMessages;
        qsizetype pos = 0;
        while (pos < wire.size()) {
            qsizetype n;
            switch (rng.bounded(4)) {
            case 0:
                n = 1;
                break;
            case 1:
                n = 1 + rng.bounded(16);
                break;
            case 2:
                n = 1 + rng.bounded(2000);
                break;
            default:
                n = 1 + rng.bounded(70000);
            }
            n = qMin(n, wire.size() - pos);
            if (rng.bounded(2)) {
                d.feed(QByteArrayView(wire.constData() + pos, n));
            } else {
                char *dst = d.prepareWrite(n + rng.bounded(100));
                memcpy(dst, wire.constData() + pos, size_t(n));
                d.commitWrite(n);
            }
            pos += n;
            while (true) {
                FrameDecoder::Event ev = d.next();
                if (ev.status == FrameDecoder::Status::NeedMore)
                    break;
                QCOMPARE(ev.status, FrameDecoder::Status::Frame);
                readFrames << ev.frame;
                if (ev.messageComplete) {
                    readMessages << Expected{ev.message().opcode, ev.message().data, ev.fragments};
                }
            }
        }
        QCOMPARE(d.bufferedBytes(), 0);
        QVERIFY(!d.assembler().inMessage());
        QCOMPARE(readFrames.size(), writtenFrames.size());
        for (int i = 0; i < readFrames.size(); ++i) {
            const Frame &a = readFrames[i];
            const Frame &b = writtenFrames[i];
            QCOMPARE(a.opcode, b.opcode);
            QCOMPARE(a.fin, b.fin);
            QCOMPARE(a.masked, b.masked);
            QCOMPARE(a.maskKey, b.maskKey);
            QVERIFY(a.data == b.data);
        }
        QCOMPARE(readMessages.size(), expectedMessages.size());
        for (int i = 0; i < readMessages.size(); ++i) {
            QCOMPARE(readMessages[i].opcode, expectedMessages[i].opcode);
            QCOMPARE(readMessages[i].fragments, expectedMessages[i].fragments);
            QVERIFY(readMessages[i].data == expectedMessages[i].data);
        }
    }
}

QTEST_GUILESS_MAIN(TestFrameWriter)
#include "tst_framewriter.moc"
