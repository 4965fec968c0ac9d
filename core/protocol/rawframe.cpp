#include "rawframe.h"

#include "closecode.h"
#include "masking.h"

namespace framescope {

int RawFrame::headerLength() const
{
    LengthEncoding form = lengthEncoding;
    if (form == LengthEncoding::Minimal)
        form = payload.size() < 126       ? LengthEncoding::Short7
               : payload.size() <= 0xFFFF ? LengthEncoding::Ext16
                                          : LengthEncoding::Ext64;
    const int base = form == LengthEncoding::Short7 ? 2 : form == LengthEncoding::Ext16 ? 4 : 10;
    return base + (masked ? 4 : 0);
}

std::optional<QByteArray> RawFrame::encode() const
{
    if (opcode > 0x0F)
        return std::nullopt;
    const quint64 length = quint64(payload.size());
    if ((lengthEncoding == LengthEncoding::Short7 && length > 125) ||
        (lengthEncoding == LengthEncoding::Ext16 && length > 0xFFFF))
        return std::nullopt;
    const int header = headerLength();
    QByteArray out(header + payload.size(), Qt::Uninitialized);
    auto *p = reinterpret_cast<quint8 *>(out.data());
    p[0] = quint8((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | (rsv2 ? 0x20 : 0) | (rsv3 ? 0x10 : 0) |
                  opcode);
    const quint8 maskBit = masked ? 0x80 : 0x00;
    const int lengthBytes = header - (masked ? 4 : 0);
    if (lengthBytes == 2) {
        p[1] = maskBit | quint8(length);
    } else if (lengthBytes == 4) {
        p[1] = maskBit | 126;
        p[2] = quint8(length >> 8);
        p[3] = quint8(length);
    } else {
        p[1] = maskBit | 127;
        for (int i = 0; i < 8; ++i)
            p[2 + i] = quint8(length >> (56 - 8 * i));
    }
    if (masked)
        memcpy(p + lengthBytes, maskKey.data(), 4);
    memcpy(out.data() + header, payload.constData(), size_t(payload.size()));
    if (masked)
        xorMask(out.data() + header, out.data() + header, payload.size(), maskKey, 0);
    return out;
}

ProtocolError ServerFrameRules::check(quint8 opcode, bool fin, bool rsv1, bool rsv2, bool rsv3,
                                      bool masked, qint64 wireLength, qint64 payloadLength,
                                      QByteArrayView payload)
{
    const bool complete = payload.size() == payloadLength;
    const bool control = isControlOpcode(opcode);
    const bool data = opcode == OpText || opcode == OpBinary;
    // RFC 6455 §5.1: a server MUST NOT mask.
    if (masked)
        return ProtocolError::MaskedServerFrame;
    // RFC 6455 §5.2: RSV2/3 need an extension; RFC 7692 §6.1: RSV1 is permessage-deflate's,
    // on the first frame of a data message only.
    if (rsv2 || rsv3 || (rsv1 && !m_deflate))
        return ProtocolError::RsvBitsNotNegotiated;
    if (rsv1 && control)
        return ProtocolError::Rsv1OnControlFrame;
    if (rsv1 && opcode == OpContinuation)
        return ProtocolError::Rsv1OnContinuation;
    // RFC 6455 §5.2: opcodes 0x3-0x7 and 0xB-0xF are reserved.
    if (!control && !data && opcode != OpContinuation)
        return ProtocolError::ReservedOpcode;
    if (control && opcode != OpClose && opcode != OpPing && opcode != OpPong)
        return ProtocolError::ReservedOpcode;
    // RFC 6455 §5.5: control frames carry at most 125 bytes and are not fragmented.
    if (control && payloadLength > 125)
        return ProtocolError::ControlFrameTooLong;
    if (control && !fin)
        return ProtocolError::FragmentedControlFrame;
    // RFC 6455 §5.2: the minimal number of bytes MUST be used for the length.
    if (wireLength > 0) {
        const qint64 minimal = payloadLength < 126 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
        if (wireLength - payloadLength > minimal)
            return ProtocolError::NonMinimalLength;
    }
    if (opcode == OpClose) {
        // RFC 6455 §5.5.1: no payload, or a 2-byte code and a UTF-8 reason (§7.4: valid codes).
        if (payloadLength == 1)
            return ProtocolError::ClosePayloadTooShort;
        if (payload.size() >= 2) {
            const quint16 code = quint16((quint8(payload[0]) << 8) | quint8(payload[1]));
            if (!isValidWireCloseCode(code))
                return ProtocolError::InvalidCloseCode;
            if (complete && !Utf8Validator::isValid(payload.sliced(2)))
                return ProtocolError::InvalidCloseReason;
        }
        return ProtocolError::None;
    }
    if (control)
        return ProtocolError::None;
    // RFC 6455 §5.4: continuations continue an open message; a new one waits for its end.
    ProtocolError error = ProtocolError::None;
    if (opcode == OpContinuation && !m_open)
        error = ProtocolError::ContinuationWithoutStart;
    else if (data && m_open)
        error = ProtocolError::NewMessageInsideFragmented;
    if (data) {
        m_utf8.reset();
        m_utf8Judged = opcode == OpText && !rsv1;
    }
    m_open = !fin;
    if (error != ProtocolError::None)
        return error;
    // RFC 6455 §5.6, §8.1: a text message is UTF-8 (split anywhere across its fragments).
    if (!m_utf8Judged)
        return ProtocolError::None;
    if (!complete) {
        m_utf8Judged = false; // a prefix: the rest of the message cannot be judged
        return m_utf8.feed(payload) ? ProtocolError::None : ProtocolError::InvalidUtf8;
    }
    if (!m_utf8.feed(payload) || (fin && !m_utf8.isComplete())) {
        m_utf8Judged = false;
        return ProtocolError::InvalidUtf8;
    }
    return ProtocolError::None;
}

} // namespace framescope
