#pragma once

// Shared by the protocol tests: literal hex fixtures and a FrameDecoder driver that
// summarises every event as a line of text, so whole-buffer and split feeding can be
// compared for equality.

#include "protocol/closecode.h"
#include "protocol/framedecoder.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace framescope::testutil {

// "81 05 48 65" → bytes; whitespace ignored.
inline QByteArray hex(const char *text)
{
    QByteArray compact = QByteArray(text).replace(' ', "").replace('\n', "");
    return QByteArray::fromHex(compact);
}

using DecoderSetup = std::function<void(FrameDecoder &)>;

inline QString summarize(const FrameDecoder::Event &ev)
{
    if (ev.status == FrameDecoder::Status::Error) {
        return QStringLiteral("ERROR %1 code=%2 header=%3 op=%4")
            .arg(QString::fromLatin1(errorKey(ev.error)))
            .arg(closeCodeFor(ev.error))
            .arg(ev.headerComplete)
            .arg(ev.header.opcode);
    }
    QString s = QStringLiteral("FRAME op=%1 fin=%2 rsv=%3%4%5 masked=%6 len=%7 wire=%8 data=%9")
                    .arg(ev.frame.opcode)
                    .arg(ev.frame.fin)
                    .arg(ev.frame.rsv1)
                    .arg(ev.frame.rsv2)
                    .arg(ev.frame.rsv3)
                    .arg(ev.frame.masked)
                    .arg(ev.frame.data.size())
                    .arg(ev.wireLength)
                    .arg(QString::fromLatin1(ev.frame.data.left(64).toHex()));
    if (ev.messageComplete) {
        s += QStringLiteral(" | MESSAGE op=%1 rsv1=%2 frags=%3 wire=%4 len=%5 data=%6")
                 .arg(ev.message().opcode)
                 .arg(ev.message().rsv1)
                 .arg(ev.fragments)
                 .arg(ev.wireBytes)
                 .arg(ev.message().data.size())
                 .arg(QString::fromLatin1(ev.message().data.left(64).toHex()));
    }
    return s;
}

inline void drain(FrameDecoder &d, QStringList &out)
{
    while (true) {
        const FrameDecoder::Event ev = d.next();
        if (ev.status == FrameDecoder::Status::NeedMore)
            return;
        out << summarize(ev);
        if (ev.status == FrameDecoder::Status::Error)
            return;
    }
}

// Feeds `wire` cut at the given ascending positions; returns one line per event, plus a
// final line saying whether bytes are left over (an incomplete frame).
inline QStringList decodeWithCuts(const QByteArray &wire, const QList<qsizetype> &cuts,
                                  const DecoderSetup &setup = {}, Role role = Role::Server,
                                  bool zeroCopy = false)
{
    FrameDecoder d(role);
    if (setup)
        setup(d);
    QStringList out;
    qsizetype pos = 0;
    auto feedPart = [&](qsizetype end) {
        if (d.failed())
            return;
        const QByteArrayView part(wire.constData() + pos, end - pos);
        if (zeroCopy) {
            char *dst = d.prepareWrite(part.size() + 7);
            std::copy(part.begin(), part.end(), dst);
            d.commitWrite(part.size());
        } else {
            d.feed(part);
        }
        drain(d, out);
    };
    for (qsizetype cut : cuts) {
        feedPart(cut);
        pos = cut;
    }
    feedPart(wire.size());
    if (!d.failed())
        out << QStringLiteral("END buffered=%1 inMessage=%2")
                   .arg(d.bufferedBytes())
                   .arg(d.assembler().inMessage());
    else
        out << QStringLiteral("END failed");
    return out;
}

inline QStringList decodeWhole(const QByteArray &wire, const DecoderSetup &setup = {},
                               Role role = Role::Server)
{
    return decodeWithCuts(wire, {}, setup, role);
}

inline QStringList decodeByteByByte(const QByteArray &wire, const DecoderSetup &setup = {},
                                    Role role = Role::Server, bool zeroCopy = false)
{
    QList<qsizetype> cuts;
    for (qsizetype i = 1; i < wire.size(); ++i)
        cuts << i;
    return decodeWithCuts(wire, cuts, setup, role, zeroCopy);
}

// Returns an empty string when every single cut, and one byte at a time, give `expected`;
// otherwise a description of the first mismatch.
inline QString checkAllSplits(const QByteArray &wire, const QStringList &expected,
                              const DecoderSetup &setup = {}, Role role = Role::Server)
{
    // Above this size, cut at a sample of positions (head, tail, and a stride) to keep the
    // test quadratic cost bounded; every header boundary is within the head.
    const qsizetype n = wire.size();
    QList<qsizetype> positions;
    for (qsizetype i = 1; i < n; ++i) {
        if (n <= 2048 || i < 64 || i > n - 64 || i % 997 == 0)
            positions << i;
    }
    for (qsizetype cut : positions) {
        const QStringList got = decodeWithCuts(wire, {cut}, setup, role, cut % 2 == 0);
        if (got != expected)
            return QStringLiteral("split at %1: %2").arg(cut).arg(got.join(QLatin1String(" / ")));
    }
    if (n <= 70000) {
        const QStringList got = decodeByteByByte(wire, setup, role, n % 2 == 0);
        if (got != expected)
            return QStringLiteral("byte by byte: %1").arg(got.join(QLatin1String(" / ")));
    }
    return {};
}

} // namespace framescope::testutil

namespace framescope::testutil {

// A stand-in for permessage-deflate: "inflates" by copying, fails on the byte 0xFF (an
// invalid stream) and honours the output bound like the real inflater must.
class CopyInflater final : public MessageInflater
{
public:
    ProtocolError inflate(QByteArrayView fragment, bool lastFragment, qint64 maxOutput,
                          QByteArray &out) override
    {
        ++calls;
        lastSeen = lastFragment;
        lastMaxOutput = maxOutput;
        if (fragment.contains('\xff'))
            return ProtocolError::InflateFailed;
        if (fragment.size() > maxOutput) { // like PerMessageDeflate: up to the limit
            out.append(fragment.data(), qMax<qint64>(0, maxOutput));
            return ProtocolError::MessageTooBig;
        }
        out.append(fragment.data(), fragment.size());
        return ProtocolError::None;
    }
    int calls = 0;
    bool lastSeen = false;
    qint64 lastMaxOutput = -1;
};

} // namespace framescope::testutil
