// Deterministic smoke run of the fuzz cases (fuzzharness.h) under CTest: ~200k generated
// and mutated inputs through FrameDecoder and HttpRequestParser, each checked for
// whole/split/byte-wise consistency. Runs with any compiler; the libFuzzer target
// (fuzz_codec.cpp) explores further when built with clang.

#include "fuzzharness.h"
#include "protocol/chunkeddecoder.h"

#include <QRandomGenerator>
#include <QTest>

using namespace framescope;
using namespace framescope::fuzz;

namespace {

constexpr int kCases = 200000;
// One-byte-at-a-time feeding is the costly part: every input up to this size gets it.
constexpr qsizetype kByteWiseLimit = 160;

QByteArray randomBytes(QRandomGenerator &rng, int n)
{
    QByteArray b(n, Qt::Uninitialized);
    for (int i = 0; i < n; ++i)
        b[i] = char(rng.bounded(256));
    return b;
}

// A plausible frame stream: mostly valid frames of every kind, masked for the role. With
// `compressor`, single-frame data messages with RSV1 carry really compressed payloads.
QByteArray frameStream(QRandomGenerator &rng, bool masked, PerMessageDeflate *compressor = nullptr)
{
    static const quint8 ops[] = {OpText, OpBinary, OpContinuation, OpPing, OpPong, OpClose};
    QByteArray out;
    const int frames = 1 + rng.bounded(5);
    for (int i = 0; i < frames; ++i) {
        Frame f;
        f.opcode = ops[rng.bounded(int(std::size(ops)))];
        f.fin = rng.bounded(3) != 0;
        f.rsv1 = rng.bounded(8) == 0;
        f.masked = masked;
        const quint32 k = rng.generate();
        memcpy(f.maskKey.data(), &k, 4);
        const int sizeClass = rng.bounded(10);
        const int len = sizeClass < 7 ? rng.bounded(20)
                                      : (sizeClass < 9 ? 120 + rng.bounded(10) : rng.bounded(400));
        if (f.opcode == OpClose && len >= 2) {
            static const quint16 codes[] = {1000, 1001, 1005, 1015, 3000, 4999, 999, 5000};
            const quint16 code = codes[rng.bounded(int(std::size(codes)))];
            f.data.append(char(code >> 8));
            f.data.append(char(code & 0xff));
            f.data += QByteArray(len - 2, 'r');
        } else if (rng.bounded(2)) {
            f.data = QByteArray(len, 'a' + char(rng.bounded(26)));
        } else {
            f.data = randomBytes(rng, len);
        }
        if (compressor && f.rsv1 && f.fin && !isControlOpcode(f.opcode) &&
            f.opcode != OpContinuation)
            f.data = compressor->compress(f.data);
        FrameWriter::append(out, f);
    }
    return out;
}

QByteArray request(QRandomGenerator &rng)
{
    QByteArray r = "GET /chat?x=1 HTTP/1.1\r\n"
                   "Host: 127.0.0.1:9501\r\n"
                   "Upgrade: websocket\r\n"
                   "Connection: keep-alive, Upgrade\r\n"
                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                   "Sec-WebSocket-Version: 13\r\n"
                   "Sec-WebSocket-Protocol: chat, superchat\r\n"
                   "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits, "
                   "x-foo; a=\"b\\\"c\"; d=1\r\n"
                   "\r\n";
    if (rng.bounded(4) == 0)
        r.replace("\r\n", "\n");
    if (rng.bounded(8) == 0)
        r += frameStream(rng, true); // the first frame in the same read
    return r;
}

void mutate(QRandomGenerator &rng, QByteArray &b)
{
    static const char *tokens[] = {"\r\n", "\n",   ":",        " ",       "\t",   ",",
                                   ";",    "=",    "\"",       "\\",      "\x7e", "\x7f",
                                   "\xff", "\x80", "\r\n\r\n", "HTTP/1.0"};
    const int edits = 1 + rng.bounded(4);
    for (int e = 0; e < edits; ++e) {
        if (b.isEmpty()) {
            b += tokens[rng.bounded(int(std::size(tokens)))];
            continue;
        }
        const int at = rng.bounded(int(b.size()));
        switch (rng.bounded(6)) {
        case 0:
            b[at] = char(quint8(b[at]) ^ (1u << rng.bounded(8)));
            break;
        case 1:
            b[at] = char(rng.bounded(256));
            break;
        case 2:
            b.insert(at, tokens[rng.bounded(int(std::size(tokens)))]);
            break;
        case 3:
            b.remove(at, 1 + rng.bounded(8));
            break;
        case 4:
            b.truncate(at);
            break;
        default:
            b.insert(at, b.mid(rng.bounded(int(b.size())), rng.bounded(16)));
        }
    }
}

} // namespace

class TestFuzzSmoke : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decoderAndHandshake();
    void chunkedBodies();
    void knownInputs();
};

void TestFuzzSmoke::decoderAndHandshake()
{
    QRandomGenerator rng(0xF5A11);
    int decoderCases = 0;
    int handshakeCases = 0;
    for (int i = 0; i < kCases; ++i) {
        const int kind = rng.bounded(20);
        QByteArray input;
        QString problem;
        if (kind < 11) {
            // Decoder: [config][seed][wire]
            const quint8 config = quint8(rng.bounded(256));
            const bool masked = (config & 1) == 0; // server role expects masked frames
            // The peer's compressor: the opposite role of the decoder's side.
            std::optional<PerMessageDeflate> peer;
            if ((config & 0x42) == 0x42)
                peer.emplace(DeflateParams{}, masked ? Role::Client : Role::Server);
            QByteArray wire = kind < 3 ? randomBytes(rng, rng.bounded(64))
                                       : frameStream(rng, masked, peer ? &*peer : nullptr);
            if (kind >= 3 && rng.bounded(3) != 0)
                mutate(rng, wire);
            input.append(char(config));
            input.append(char(rng.bounded(256)));
            input += wire;
            problem = decoderCase(reinterpret_cast<const quint8 *>(input.constData()),
                                  size_t(input.size()), kByteWiseLimit);
            ++decoderCases;
        } else {
            // Handshake: [seed][request]
            QByteArray req = kind < 13 ? randomBytes(rng, rng.bounded(128)) : request(rng);
            if (kind >= 13 && rng.bounded(4) != 0)
                mutate(rng, req);
            input.append(char(rng.bounded(256)));
            input += req;
            problem = handshakeCase(reinterpret_cast<const quint8 *>(input.constData()),
                                    size_t(input.size()), kByteWiseLimit);
            ++handshakeCases;
        }
        if (!problem.isEmpty()) {
            // The whole input, for replaying it (QFAIL truncates long messages).
            qWarning("failing input: %s", input.toHex().constData());
            QFAIL(qPrintable(QStringLiteral("case %1 (%2): %3; input %4")
                                 .arg(i)
                                 .arg(kind < 11 ? "decoder" : "handshake")
                                 .arg(problem)
                                 .arg(QString::fromLatin1(input.toHex()))));
        }
    }
    QVERIFY(decoderCases > kCases / 3);
    QVERIFY(handshakeCases > kCases / 3);
}

void TestFuzzSmoke::knownInputs()
{
    // Inputs that exercise the edges on purpose; each must be consistent.
    const QList<QByteArray> decoderInputs = {
        QByteArray::fromHex("0000"),
        QByteArray::fromHex("0000"
                            "81"),
        QByteArray::fromHex("0007"
                            "82ff7fffffffffffffff00000000"),
        QByteArray::fromHex("0203"
                            "c18100000000ff"
                            "c08100000000ff"),
        QByteArray::fromHex("0105"
                            "81053fa13e"
                            "010548656c"
                            "89007f"),
        QByteArray::fromHex("0000"
                            "8881000000000"
                            "3"),
    };
    for (const QByteArray &in : decoderInputs) {
        const QString p =
            decoderCase(reinterpret_cast<const quint8 *>(in.constData()), size_t(in.size()));
        QVERIFY2(p.isEmpty(), qPrintable(p));
    }
    const QList<QByteArray> headInputs = {
        QByteArray("\x01") + "GET / HTTP/1.1\r\n\r\n",
        QByteArray("\x00", 1) + "\r\n\r\n\r\n",
        QByteArray("\x02") + "GET / HTTP/1.1\r\nSec-WebSocket-Extensions: a;b=\"\\\r\n\r\n",
        QByteArray("\x03") + QByteArray(1000, 'G'),
    };
    for (const QByteArray &in : headInputs) {
        const QString p =
            handshakeCase(reinterpret_cast<const quint8 *>(in.constData()), size_t(in.size()));
        QVERIFY2(p.isEmpty(), qPrintable(p));
    }
}

// Plausible and mutated chunked bodies: whole, byte-wise and randomly split feeds agree on
// status, consumed bytes and body, and the body never exceeds the limit.
void TestFuzzSmoke::chunkedBodies()
{
    QRandomGenerator rng(0xC4C4);
    constexpr qint64 maxBody = 300;
    int complete = 0;
    int errors = 0;
    for (int i = 0; i < 20000; ++i) {
        QByteArray input;
        const int chunks = rng.bounded(5);
        for (int c = 0; c < chunks; ++c) {
            const int n = rng.bounded(120);
            input += QByteArray::number(n, 16) + (rng.bounded(4) == 0 ? ";x=y" : "") + "\r\n";
            input += randomBytes(rng, n) + "\r\n";
        }
        input += rng.bounded(4) == 0 ? "0\r\nT: v\r\n\r\n" : "0\r\n\r\n";
        if (rng.bounded(2))
            mutate(rng, input);
        auto run = [&](auto nextStep) {
            ChunkedDecoder d(maxBody);
            ChunkedDecoder::Result last;
            qsizetype consumed = 0;
            for (qsizetype pos = 0; pos < input.size();) {
                const qsizetype n = qMin<qsizetype>(nextStep(), input.size() - pos);
                last = d.feed(QByteArrayView(input).sliced(pos, n));
                consumed += last.consumed;
                pos += n;
                if (last.status != ChunkedDecoder::Status::NeedMore)
                    break;
            }
            // On an error the connection closes: what was consumed does not matter.
            if (last.status == ChunkedDecoder::Status::Error)
                consumed = -1;
            return std::make_tuple(last.status, consumed, last.httpStatus, d.body());
        };
        const auto whole = run([&] { return input.size(); });
        const auto bytewise = run([] { return qsizetype(1); });
        const auto split = run([&] { return qsizetype(1 + rng.bounded(20)); });
        QCOMPARE(bytewise, whole);
        QCOMPARE(split, whole);
        QVERIFY(std::get<3>(whole).size() <= maxBody);
        QVERIFY(std::get<1>(whole) <= input.size());
        complete += std::get<0>(whole) == ChunkedDecoder::Status::Complete;
        errors += std::get<0>(whole) == ChunkedDecoder::Status::Error;
    }
    // The generator reaches both ends.
    QVERIFY(complete > 1000);
    QVERIFY(errors > 1000);
}

QTEST_GUILESS_MAIN(TestFuzzSmoke)
#include "tst_fuzzsmoke.moc"
