#include "framewriter.h"

#include "masking.h"

#include "frameparser.h"

#include <QRandomGenerator>

#include <cstring>

namespace framescope {

void FrameWriter::applyMask(char *data, qsizetype length, const std::array<quint8, 4> &key,
                            quint64 offset)
{
    xorMask(data, data, length, key, offset);
}

std::array<quint8, 4> FrameWriter::randomMaskKey()
{
    // RFC 6455 §5.3: the masking key must be unpredictable.
    const quint32 v = QRandomGenerator::system()->generate();
    std::array<quint8, 4> key;
    std::memcpy(key.data(), &v, 4);
    return key;
}

void FrameWriter::append(QByteArray &out, const Frame &frame)
{
    char header[14];
    const int rsv =
        (frame.rsv1 ? FlagRsv1 : 0) | (frame.rsv2 ? FlagRsv2 : 0) | (frame.rsv3 ? FlagRsv3 : 0);
    const int n = writeHeader(header, frame.opcode, frame.fin, rsv, quint64(frame.data.size()),
                              frame.masked ? &frame.maskKey : nullptr);
    const qsizetype start = out.size();
    // Grow geometrically: exact reserves would copy the whole batch on every append.
    const qsizetype needed = start + n + frame.data.size();
    if (out.capacity() < needed)
        out.reserve(qMax(needed, 2 * out.capacity()));
    out.append(header, n);
    out.append(frame.data);
    if (frame.masked)
        applyMask(out.data() + start + n, frame.data.size(), frame.maskKey);
}

QByteArray FrameWriter::serialize(const Frame &frame)
{
    QByteArray out;
    append(out, frame);
    return out;
}

QByteArray FrameWriter::pack(QByteArrayView data, quint8 opcode, int flags)
{
    Frame frame;
    frame.opcode = opcode;
    frame.setFlags(flags);
    frame.data = data.toByteArray();
    if (frame.masked)
        frame.maskKey = randomMaskKey();
    return serialize(frame);
}

QByteArray FrameWriter::pack(const Frame &frame)
{
    return serialize(frame);
}

std::optional<Frame> FrameWriter::unpack(QByteArrayView data)
{
    // Either direction and any RSV bit: only the structure of the frame matters here, so
    // the header is judged by its fields, not by the first rule the parser reports.
    FrameParser parser(Role::Server);
    parser.setAllowedRsvFlags(FlagRsv1 | FlagRsv2 | FlagRsv3);
    parser.setMaxFrameSize(~quint64(0));
    const FrameParser::Result r = parser.parseHeader(data);
    if (!r.headerComplete)
        return std::nullopt;
    const FrameHeader &h = r.header;
    const int lengthBytes = h.headerLength - 2 - (h.masked ? 4 : 0);
    // Structural failures: Swoole returns false for these.
    if (isReservedOpcode(h.opcode))
        return std::nullopt;
    if (lengthBytes == 8 && (h.payloadLength >> 63))
        return std::nullopt;
    if ((lengthBytes == 2 && h.payloadLength < 126) ||
        (lengthBytes == 8 && h.payloadLength < 65536))
        return std::nullopt;
    if (isControlOpcode(h.opcode) && (!h.fin || h.payloadLength > 125))
        return std::nullopt;
    if (h.payloadLength > quint64(data.size() - h.headerLength))
        return std::nullopt; // incomplete
    Frame frame;
    frame.opcode = h.opcode;
    frame.fin = h.fin;
    frame.rsv1 = h.rsv1;
    frame.rsv2 = h.rsv2;
    frame.rsv3 = h.rsv3;
    frame.masked = h.masked;
    frame.maskKey = h.maskKey;
    frame.data = QByteArray(data.data() + h.headerLength, qsizetype(h.payloadLength));
    if (h.masked)
        applyMask(frame.data.data(), frame.data.size(), h.maskKey);
    return frame;
}

} // namespace framescope
