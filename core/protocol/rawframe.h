#pragma once

#include "frame.h"
#include "protocolerror.h"
#include "utf8.h"

#include <QByteArray>
#include <QByteArrayView>

#include <array>
#include <optional>

namespace framescope {

// How a raw frame writes its payload length (RFC 6455 §5.2). Minimal is what a valid
// frame uses; the others force a form, also a non-minimal one (126 + 16 bits for 5 bytes),
// which §5.2 forbids ("the minimal number of bytes MUST be used").
enum class LengthEncoding : quint8 {
    Minimal,
    Short7, // 7 bits: payload up to 125 bytes
    Ext16,  // 126 + 16 bits: payload up to 65535 bytes
    Ext64,  // 127 + 64 bits
};

// One frame exactly as it goes on the wire, valid or not: any FIN/RSV/opcode bits, masked
// or not, any length form. For scenarios that provoke a client; validation is the caller's
// business (see WebSocketServer::sendFrame()).
struct RawFrame
{
    quint8 opcode = OpText; // 4 bits: 0x0-0xF, reserved ones included
    bool fin = true;
    bool rsv1 = false;
    bool rsv2 = false;
    bool rsv3 = false;
    bool masked = false; // a server MUST NOT mask (RFC 6455 §5.1): a provocation
    std::array<quint8, 4> maskKey{{0x37, 0xfa, 0x21, 0x3d}};
    LengthEncoding lengthEncoding = LengthEncoding::Minimal;
    QByteArray payload; // unmasked; masked on the wire when `masked`

    // The wire bytes, or nullopt when the payload does not fit the chosen length form
    // (over 125 bytes for Short7, over 65535 for Ext16) or the opcode is over 4 bits.
    std::optional<QByteArray> encode() const;
    // The header's length in bytes (2-14), for the same frame.
    int headerLength() const;
};

// The rules a client applies to the frames a server sends (RFC 6455 §5.1-§5.6, §7.4,
// RFC 7692 §6.1), frame after frame of one connection: which one a frame breaks, as the
// frame log sees it (a raw frame is marked only when it breaks one). The inspector's
// records keep a prefix of long payloads: payload rules are judged on what is there.
class ServerFrameRules final
{
public:
    void setDeflate(bool negotiated) { m_deflate = negotiated; }
    // A fragmented data message from the server is open (continuations expected).
    void setMessageOpen(bool open) { m_open = open; }

    // `payload` is the unmasked payload or its first bytes (payloadLength on the wire);
    // wireLength 0: the length form is not judged.
    ProtocolError check(quint8 opcode, bool fin, bool rsv1, bool rsv2, bool rsv3, bool masked,
                        qint64 wireLength, qint64 payloadLength, QByteArrayView payload);

private:
    bool m_deflate = false;
    bool m_open = false;
    bool m_utf8Judged = false; // the open message is text, uncompressed, seen in full so far
    Utf8Validator m_utf8;
};

} // namespace framescope
