#pragma once

#include "frame.h"
#include "protocolerror.h"

#include <QByteArrayView>

#include <cstring>

namespace framescope {

enum class Role : quint8 {
    Server, // parses frames sent by clients: they MUST be masked
    Client, // parses frames sent by servers: they MUST NOT be masked
};

struct FrameHeader
{
    bool fin = false;
    bool rsv1 = false;
    bool rsv2 = false;
    bool rsv3 = false;
    quint8 opcode = 0;
    bool masked = false;
    std::array<quint8, 4> maskKey{};
    quint64 payloadLength = 0;
    int headerLength = 0; // 2 to 14 bytes
};

// Rules of one frame (RFC 6455 §5.2, §5.5). Pure: no buffer, no state between frames.
// Nothing is consumed until a whole frame is present, but header errors are reported
// as soon as the header is complete ("record, then judge": the header comes back too).
class FrameParser final
{
public:
    enum class Status : quint8 { NeedMore, Frame, Error };
    struct Result
    {
        Status status = Status::NeedMore;
        qsizetype consumed = 0; // header + payload on Frame; 0 otherwise
        bool headerComplete = false;
        FrameHeader header;
        ProtocolError error = ProtocolError::None;
    };

    explicit FrameParser(Role role = Role::Server) : m_role(role) {}

    Role role() const { return m_role; }
    // Bits a negotiated extension defines: FlagRsv1 | FlagRsv2 | FlagRsv3 (frame.h).
    void setAllowedRsvFlags(int flags) { m_allowedRsv = flags; }
    int allowedRsvFlags() const { return m_allowedRsv; }
    void setMaxFrameSize(quint64 bytes) { m_maxFrameSize = bytes; }
    quint64 maxFrameSize() const { return m_maxFrameSize; }

    // Parses the frame at the front of `input`. On Status::Frame, `frame` gets the header
    // fields and the unmasked payload.
    Result parse(QByteArrayView input, Frame &frame) const;
    // Header only; never touches the payload.
    Result parseHeader(QByteArrayView input) const;
    // The most common frame, read inline: FIN, no RSV bits, text or binary, masked as the
    // role requires, a 7-bit length within the frame limit, header complete. true: `h` is
    // its header and every rule of parseHeader() holds; false: parseHeader() decides.
    bool parseCommonHeader(QByteArrayView input, FrameHeader &h) const
    {
        const auto *p = reinterpret_cast<const quint8 *>(input.data());
        const quint8 maskBit = m_role == Role::Server ? 0x80 : 0x00;
        const int headerLength = maskBit ? 6 : 2;
        if (input.size() < headerLength || (p[0] != 0x81 && p[0] != 0x82) ||
            (p[1] & 0x80) != maskBit || (p[1] & 0x7F) >= 126 || (p[1] & 0x7F) > m_maxFrameSize)
            return false;
        h.fin = true;
        h.rsv1 = h.rsv2 = h.rsv3 = false;
        h.opcode = p[0] & 0x0F;
        h.masked = maskBit;
        if (maskBit)
            std::memcpy(h.maskKey.data(), p + 2, 4);
        else
            h.maskKey = {};
        h.payloadLength = p[1] & 0x7F;
        h.headerLength = headerLength;
        return true;
    }

    // A complete frame from its parsed header and its payload bytes as on the wire: header
    // fields copied, payload unmasked into frame.data.
    static void extract(const FrameHeader &header, const char *payload, Frame &frame);
    // RFC 6455 §5.5.1, §7.4: the rules of a close frame's (unmasked) payload. `complete`
    // false checks a prefix of it: whether it can still become valid.
    static ProtocolError checkClosePayload(QByteArrayView payload, bool complete);

private:
    Role m_role;
    int m_allowedRsv = 0;
    quint64 m_maxFrameSize = 16 * 1024 * 1024;
};

} // namespace framescope
