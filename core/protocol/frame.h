#pragma once

#include <QByteArray>
#include <QString>

#include <array>
#include <cstdint>

namespace framescope {

// RFC 6455 §5.2 opcodes; the Swoole names are WEBSOCKET_OPCODE_*.
enum Opcode : quint8 {
    OpContinuation = 0x0,
    OpText = 0x1,
    OpBinary = 0x2,
    OpClose = 0x8,
    OpPing = 0x9,
    OpPong = 0xA,
};

// Swoole's SWOOLE_WEBSOCKET_FLAG_* values, used by push() and pack().
enum FrameFlag : int {
    FlagFin = 0x01,
    FlagCompress = 0x02,
    FlagRsv1 = 0x04,
    FlagRsv2 = 0x08,
    FlagRsv3 = 0x10,
    FlagMask = 0x20,
};

// RFC 6455 §5.5: opcodes 0x8-0xF are control frames.
constexpr bool isControlOpcode(quint8 opcode)
{
    return (opcode & 0x8) != 0;
}
// RFC 6455 §5.2: 0x3-0x7 and 0xB-0xF are reserved.
constexpr bool isReservedOpcode(quint8 opcode)
{
    return (opcode >= 0x3 && opcode <= 0x7) || opcode >= 0xB;
}
// "TEXT", "BINARY", "CLOSE", …, or "RESERVED(0x3)".
QString opcodeName(quint8 opcode);

// One frame as it crosses the wire, and what Swoole calls WebSocket\Frame:
// fd, data, opcode, finish and flags. Payload is always stored unmasked.
struct Frame
{
    int fd = 0; // connection id when the frame came from or goes to a connection
    quint8 opcode = OpText;
    bool fin = true;
    bool rsv1 = false; // permessage-deflate: "compressed" on a message's first frame
    bool rsv2 = false;
    bool rsv3 = false;
    bool masked = false;
    std::array<quint8, 4> maskKey{};
    QByteArray data;

    bool finish() const { return fin; }
    // Swoole flags: FlagFin | FlagRsv1..3 | FlagMask (| FlagCompress when rsv1).
    int flags() const;
    void setFlags(int flags);
    bool isControl() const { return isControlOpcode(opcode); }
};

} // namespace framescope
