#include "frameparser.h"

#include "bytes.h"
#include "closecode.h"
#include "masking.h"
#include "utf8.h"

#include <cstring>

namespace framescope {

FrameParser::Result FrameParser::parseHeader(QByteArrayView input) const
{
    Result r;
    if (input.size() < 2)
        return r;
    const auto *p = reinterpret_cast<const quint8 *>(input.data());
    FrameHeader &h = r.header;
    h.fin = p[0] & 0x80;
    h.rsv1 = p[0] & 0x40;
    h.rsv2 = p[0] & 0x20;
    h.rsv3 = p[0] & 0x10;
    h.opcode = p[0] & 0x0F;
    h.masked = p[1] & 0x80;
    const quint8 len7 = p[1] & 0x7F;
    int lengthBytes = len7 == 126 ? 2 : (len7 == 127 ? 8 : 0);
    h.headerLength = 2 + lengthBytes + (h.masked ? 4 : 0);
    if (input.size() < h.headerLength)
        return r;

    quint64 length = len7;
    if (lengthBytes) {
        length = 0;
        for (int i = 0; i < lengthBytes; ++i)
            length = (length << 8) | p[2 + i];
    }
    h.payloadLength = length;
    if (h.masked)
        std::memcpy(h.maskKey.data(), p + 2 + lengthBytes, 4);
    r.headerComplete = true;
    // The common frame passes every rule below at once: a data frame (continuation, text,
    // binary) without RSV bits, masked as the role requires, with a 7-bit length.
    const quint8 maskBit = m_role == Role::Server ? 0x80 : 0x00;
    if ((p[0] & 0x7F) <= OpBinary && (p[1] & 0x80) == maskBit && len7 < 126 &&
        len7 <= m_maxFrameSize)
        return r;

    auto fail = [&r](ProtocolError e) {
        r.status = Status::Error;
        r.error = e;
        return r;
    };

    // RFC 6455 §5.2: reserved opcodes must fail the connection.
    if (isReservedOpcode(h.opcode))
        return fail(ProtocolError::ReservedOpcode);
    // RFC 6455 §5.2: RSV bits must be 0 unless an extension defines their meaning.
    const int rsv = (h.rsv1 ? FlagRsv1 : 0) | (h.rsv2 ? FlagRsv2 : 0) | (h.rsv3 ? FlagRsv3 : 0);
    if (rsv & ~m_allowedRsv)
        return fail(ProtocolError::RsvBitsNotNegotiated);
    if (h.rsv1) {
        // RFC 7692 §6.1: control frames are never compressed.
        if (isControlOpcode(h.opcode))
            return fail(ProtocolError::Rsv1OnControlFrame);
        // RFC 7692 §6.1: RSV1 marks the first frame of a compressed message only.
        if (h.opcode == OpContinuation)
            return fail(ProtocolError::Rsv1OnContinuation);
    }
    // RFC 6455 §5.1: client-to-server frames must be masked, server-to-client must not.
    if (m_role == Role::Server && !h.masked)
        return fail(ProtocolError::UnmaskedClientFrame);
    if (m_role == Role::Client && h.masked)
        return fail(ProtocolError::MaskedServerFrame);
    if (isControlOpcode(h.opcode)) {
        // RFC 6455 §5.5: control frames must not be fragmented.
        if (!h.fin)
            return fail(ProtocolError::FragmentedControlFrame);
        // RFC 6455 §5.5: control frame payloads are at most 125 bytes.
        if (len7 > 125)
            return fail(ProtocolError::ControlFrameTooLong);
    }
    // RFC 6455 §5.2: the most significant bit of a 64-bit length must be 0.
    if (lengthBytes == 8 && (length >> 63))
        return fail(ProtocolError::LengthMsbSet);
    // RFC 6455 §5.2: the minimal number of bytes must be used to encode the length.
    if ((lengthBytes == 2 && length < 126) || (lengthBytes == 8 && length < 65536))
        return fail(ProtocolError::NonMinimalLength);
    // Our limit: refuse before the payload is buffered.
    if (length > m_maxFrameSize)
        return fail(ProtocolError::FrameTooBig);
    return r;
}

void FrameParser::extract(const FrameHeader &h, const char *payload, Frame &frame)
{
    const qsizetype length = qsizetype(h.payloadLength);
    frame.opcode = h.opcode;
    frame.fin = h.fin;
    frame.rsv1 = h.rsv1;
    frame.rsv2 = h.rsv2;
    frame.rsv3 = h.rsv3;
    frame.masked = h.masked;
    frame.maskKey = h.maskKey;
    // frame.data may come with a buffer to reuse (FrameDecoder::recycle()): its storage is
    // kept when it is big enough and no one else shares it.
    if (frame.data.isDetached())
        resizeInPlace(frame.data, length);
    else
        frame.data = QByteArray(length, Qt::Uninitialized);
    if (h.masked)
        xorMask(frame.data.data(), payload, length, h.maskKey);
    else if (length > 0)
        std::memcpy(frame.data.data(), payload, size_t(length));
}

ProtocolError FrameParser::checkClosePayload(QByteArrayView payload, bool complete)
{
    const auto *d = reinterpret_cast<const quint8 *>(payload.data());
    // RFC 6455 §5.5.1: a close body starts with a 2-byte status code.
    if (payload.size() == 1)
        return complete ? ProtocolError::ClosePayloadTooShort : ProtocolError::None;
    if (payload.size() < 2)
        return ProtocolError::None;
    // RFC 6455 §7.4: only some status codes may appear on the wire.
    if (!isValidWireCloseCode(quint16((d[0] << 8) | d[1])))
        return ProtocolError::InvalidCloseCode;
    // RFC 6455 §5.5.1: the close reason is UTF-8.
    Utf8Validator reason;
    if (!reason.feed(payload.sliced(2)) || (complete && !reason.isComplete()))
        return ProtocolError::InvalidCloseReason;
    return ProtocolError::None;
}

FrameParser::Result FrameParser::parse(QByteArrayView input, Frame &frame) const
{
    Result r = parseHeader(input);
    if (!r.headerComplete || r.status == Status::Error)
        return r;
    const FrameHeader &h = r.header;
    if (h.payloadLength > quint64(input.size() - h.headerLength))
        return r; // NeedMore
    extract(h, input.data() + h.headerLength, frame);
    if (h.opcode == OpClose) {
        const ProtocolError e = checkClosePayload(frame.data, true);
        if (e != ProtocolError::None) {
            r.status = Status::Error;
            r.error = e;
            return r;
        }
    }
    r.status = Status::Frame;
    r.consumed = h.headerLength + qsizetype(h.payloadLength);
    return r;
}

} // namespace framescope
