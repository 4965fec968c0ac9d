#pragma once

// Deterministic fuzz cases shared by the libFuzzer target (fuzz_codec.cpp) and the CTest
// smoke run (tst_fuzzsmoke.cpp). Each case checks that feeding the input whole, in the
// chunks its first bytes describe, and one byte at a time gives identical results, plus a
// few invariants. Returns an empty string when everything holds, else what broke.

#include "protocol/closecode.h"
#include "protocol/deflate.h"
#include "protocol/framedecoder.h"
#include "protocol/framewriter.h"
#include "protocol/handshake.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <cstdint>
#include <optional>

namespace framescope::fuzz {

// Tiny deterministic generator for chunk sizes (no global state, no Qt randomness).
struct SplitMix
{
    quint64 state;
    quint64 next()
    {
        quint64 z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
};

// Identity "inflater" so the RSV1 paths of the assembler are reachable.
class IdentityInflater final : public MessageInflater
{
public:
    ProtocolError inflate(QByteArrayView fragment, bool, qint64 maxOutput, QByteArray &out) override
    {
        // Like PerMessageDeflate: output up to the limit, then MessageTooBig.
        if (fragment.size() > maxOutput) {
            out.append(fragment.data(), qMax<qint64>(0, maxOutput));
            return ProtocolError::MessageTooBig;
        }
        out.append(fragment.data(), fragment.size());
        return ProtocolError::None;
    }
};

struct DecoderConfig
{
    Role role = Role::Server;
    bool deflate = false;
    bool realDeflate = false; // PerMessageDeflate instead of the identity inflater
    quint64 maxFrame = 16 * 1024 * 1024;
    quint64 maxMessage = 64 * 1024 * 1024;
};

inline DecoderConfig decoderConfig(quint8 b)
{
    DecoderConfig c;
    c.role = (b & 1) ? Role::Client : Role::Server;
    c.deflate = b & 2;
    c.realDeflate = b & 0x40;
    static const quint64 frames[] = {16 * 1024 * 1024, 125, 1000, 65536};
    static const quint64 messages[] = {64 * 1024 * 1024, 0, 300, 70000};
    c.maxFrame = frames[(b >> 2) & 3];
    c.maxMessage = messages[(b >> 4) & 3];
    return c;
}

inline QString summarizeEvent(const FrameDecoder::Event &ev)
{
    // An error may be found before a text frame is complete (UTF-8 fail fast), so only
    // the verdict and the header are compared for errors.
    if (ev.status == FrameDecoder::Status::Error) {
        return QStringLiteral("E %1 %2 %3 %4")
            .arg(int(ev.error))
            .arg(ev.wireLength)
            .arg(ev.header.opcode)
            .arg(ev.headerComplete);
    }
    QString s = QString::number(int(ev.status)) + QLatin1Char(' ') +
                QString::number(int(ev.error)) + QLatin1Char(' ') + QString::number(ev.wireLength) +
                QLatin1Char(' ') + QString::number(ev.frame.opcode) + QLatin1Char(' ') +
                QString::number(ev.frame.flags()) + QLatin1Char(' ') +
                QString::fromLatin1(ev.frame.data.toHex());
    if (ev.messageComplete) {
        s += QLatin1String(" M ") + QString::number(ev.message().opcode) + QLatin1Char(' ') +
             QString::number(ev.fragments) + QLatin1Char(' ') +
             QString::fromLatin1(ev.message().data.toHex());
    }
    return s;
}

// Chunk sizes: 0 = whole, -1 = one byte at a time, otherwise from the generator.
inline QStringList runDecoder(QByteArrayView wire, const DecoderConfig &c, int mode, quint64 seed,
                              QString *problem)
{
    IdentityInflater inflater;
    // Our side is c.role; the real inflater undoes what the peer compressed.
    std::optional<PerMessageDeflate> deflate;
    if (c.deflate && c.realDeflate)
        deflate.emplace(DeflateParams{}, c.role);
    FrameDecoder d(c.role);
    if (c.deflate) {
        d.parser().setAllowedRsvFlags(FlagRsv1);
        d.assembler().setInflater(deflate ? static_cast<MessageInflater *>(&*deflate) : &inflater);
    }
    d.parser().setMaxFrameSize(c.maxFrame);
    d.assembler().setMaxMessageSize(c.maxMessage);
    QStringList out;
    SplitMix rng{seed};
    qsizetype pos = 0;
    qsizetype frameStart = 0;
    // Returns false after an error.
    const auto handle = [&](const FrameDecoder::Event &ev) {
        out << summarizeEvent(ev);
        if (ev.status == FrameDecoder::Status::Error) {
            // Sticky: asking again gives the same error.
            const FrameDecoder::Event again = d.next();
            if (again.status != FrameDecoder::Status::Error || again.error != ev.error)
                *problem = QStringLiteral("error not sticky");
            if (closeCodeFor(ev.error) < 1000)
                *problem = QStringLiteral("no close code for error");
            return false;
        }
        // A frame we accept is minimally encoded, so writing it again gives the same
        // bytes (masked with the same key).
        const QByteArray rewritten = FrameWriter::serialize(ev.frame);
        if (ev.wireLength != rewritten.size() ||
            rewritten != wire.sliced(frameStart, ev.wireLength))
            *problem = QStringLiteral("re-serialised frame differs at %1").arg(frameStart);
        frameStart += ev.wireLength;
        return true;
    };
    // The three ways in take turns: feed() copies, prepareWrite() is a zero-copy read,
    // decode() parses in place and keeps only an incomplete frame (the server's way).
    int way = 0;
    while (pos < wire.size() && !d.failed()) {
        qsizetype n = wire.size() - pos;
        if (mode < 0)
            n = 1;
        else if (mode > 0)
            n = qMin<qsizetype>(n, qsizetype(1 + rng.next() % ((rng.next() & 1) ? 7 : 300)));
        const QByteArrayView piece = wire.sliced(pos, n);
        pos += n;
        if (way == 0) {
            d.feed(piece);
        } else if (way == 1) {
            char *dst = d.prepareWrite(n + 16);
            memcpy(dst, piece.data(), size_t(n));
            d.commitWrite(n);
        } else {
            // A copy that dies after the call: decode() must not keep pointers into it.
            QByteArray transient = piece.toByteArray();
            d.decode(transient, [&](FrameDecoder::Event &ev) { return handle(ev); });
            transient.fill('\xee');
        }
        way = (way + 1) % 3;
        while (!d.failed()) {
            const FrameDecoder::Event ev = d.next();
            if (ev.status == FrameDecoder::Status::NeedMore || !handle(ev))
                break;
        }
    }
    if (!d.failed()) {
        if (d.bufferedBytes() != wire.size() - frameStart)
            *problem = QStringLiteral("buffered bytes %1, expected %2")
                           .arg(d.bufferedBytes())
                           .arg(wire.size() - frameStart);
        out << QStringLiteral("END %1").arg(d.bufferedBytes());
    }
    return out;
}

// Input: [config byte][seed byte][wire bytes…]. Inputs up to `byteWiseLimit` bytes are
// also fed one byte at a time.
inline QString decoderCase(const quint8 *data, size_t size, qsizetype byteWiseLimit = 4096)
{
    if (size < 2)
        return {};
    const DecoderConfig c = decoderConfig(data[0]);
    const quint64 seed = data[1];
    const QByteArrayView wire(reinterpret_cast<const char *>(data + 2), qsizetype(size - 2));
    QString problem;
    const QStringList whole = runDecoder(wire, c, 0, seed, &problem);
    if (!problem.isEmpty())
        return QStringLiteral("whole: ") + problem;
    const QStringList split = runDecoder(wire, c, 1, seed, &problem);
    if (!problem.isEmpty())
        return QStringLiteral("split: ") + problem;
    if (split != whole)
        return QStringLiteral("split differs from whole");
    if (wire.size() <= byteWiseLimit) {
        const QStringList bytes = runDecoder(wire, c, -1, seed, &problem);
        if (!problem.isEmpty())
            return QStringLiteral("byte-wise: ") + problem;
        if (bytes != whole)
            return QStringLiteral("byte-wise differs from whole");
    }
    // unpack() never reads past the input and agrees with the writer.
    if (const std::optional<Frame> f = FrameWriter::unpack(wire)) {
        const QByteArray again = FrameWriter::serialize(*f);
        if (again != wire.first(qMin(wire.size(), again.size())))
            return QStringLiteral("unpack/serialize mismatch");
    }
    return {};
}

struct HeadOutcome
{
    HttpRequestParser::Status status = HttpRequestParser::Status::NeedMore;
    HttpRequestParser::Error error = HttpRequestParser::Error::None;
    int httpStatus = 0;
    qsizetype consumed = 0;
    HttpRequestHead head;

    bool operator==(const HeadOutcome &o) const
    {
        // On an error nothing of the head is used, so what was counted as consumed until
        // then depends on the split and is not compared.
        return status == o.status && error == o.error && httpStatus == o.httpStatus &&
               (status == HttpRequestParser::Status::Error || consumed == o.consumed) &&
               head.raw == o.head.raw && head.method == o.head.method &&
               head.target == o.head.target && head.version == o.head.version &&
               head.headers == o.head.headers;
    }
};

inline HeadOutcome runHead(QByteArrayView bytes, qsizetype maxHead, int mode, quint64 seed)
{
    HttpRequestParser p(maxHead);
    SplitMix rng{seed};
    HeadOutcome o;
    qsizetype pos = 0;
    while (pos < bytes.size()) {
        qsizetype n = bytes.size() - pos;
        if (mode < 0)
            n = 1;
        else if (mode > 0)
            n = qMin<qsizetype>(n, qsizetype(1 + rng.next() % 64));
        const HttpRequestParser::Result r = p.feed(bytes.sliced(pos, n));
        pos += n;
        o.consumed += r.consumed;
        o.status = r.status;
        o.error = r.error;
        o.httpStatus = r.httpStatus;
        if (r.status != HttpRequestParser::Status::NeedMore)
            break;
    }
    o.head = p.head();
    return o;
}

// Input: [seed byte][request bytes…]
inline QString handshakeCase(const quint8 *data, size_t size, qsizetype byteWiseLimit = 2048)
{
    if (size < 1)
        return {};
    const quint64 seed = data[0];
    const QByteArrayView bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const qsizetype maxHead = (seed & 1) ? 256 : 16 * 1024;
    const HeadOutcome whole = runHead(bytes, maxHead, 0, seed);
    const HeadOutcome split = runHead(bytes, maxHead, 1, seed);
    if (!(whole == split))
        return QStringLiteral("head: split differs from whole");
    if (bytes.size() <= byteWiseLimit && !(runHead(bytes, maxHead, -1, seed) == whole))
        return QStringLiteral("head: byte-wise differs from whole");
    if (whole.status == HttpRequestParser::Status::Error && whole.httpStatus < 400)
        return QStringLiteral("head: error without a 4xx/5xx status");
    if (whole.status != HttpRequestParser::Status::Complete)
        return {};
    if (whole.head.raw != bytes.first(whole.consumed))
        return QStringLiteral("head: raw is not the consumed bytes");
    const UpgradeCheck check = checkUpgradeRequest(whole.head);
    if (check.ok && !check.isUpgradeAttempt)
        return QStringLiteral("upgrade ok without an attempt");
    if (check.isUpgradeAttempt && !check.ok && (check.httpStatus < 400 || check.message.isEmpty()))
        return QStringLiteral("upgrade failure without status or message");
    const auto offers = parseExtensionOffers(whole.head.headerValues("Sec-WebSocket-Extensions"));
    if (offers) {
        for (const ExtensionOffer &o : *offers) {
            if (o.name.isEmpty())
                return QStringLiteral("extension offer without a name");
        }
    }
    if (check.ok) {
        const QByteArray response = buildSwitchingProtocolsResponse(
            whole.head,
            selectSubprotocol(whole.head.headerTokens("Sec-WebSocket-Protocol"), {"chat"}), {}, {});
        if (!response.startsWith("HTTP/1.1 101 ") || !response.endsWith("\r\n\r\n"))
            return QStringLiteral("bad 101 response");
    }
    return {};
}

} // namespace framescope::fuzz
