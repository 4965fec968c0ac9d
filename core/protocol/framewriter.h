#pragma once

#include "frame.h"

#include <QByteArray>
#include <QByteArrayView>

#include <array>
#include <cstring>
#include <optional>

namespace framescope {

// Serialises frames exactly as described, valid or not (client-torture scenarios need
// invalid ones too); validation is the caller's business.
class FrameWriter final
{
public:
    // Appends header and payload. Masks with frame.maskKey when frame.masked.
    static void append(QByteArray &out, const Frame &frame);
    static QByteArray serialize(const Frame &frame);
    // Header only (2-14 bytes) into `out`, returns its length. `out` needs 14 bytes.
    // Inline: every frame the server sends goes through it.
    static int writeHeader(char *out, quint8 opcode, bool fin, int rsvFlags, quint64 payloadLength,
                           const std::array<quint8, 4> *maskKey);

    static std::array<quint8, 4> randomMaskKey();
    // XORs in place; `offset` is the payload position of data[0] (for split payloads).
    static void applyMask(char *data, qsizetype length, const std::array<quint8, 4> &key,
                          quint64 offset = 0);

    // Swoole WebSocket\Server::pack(data, opcode = TEXT, flags = FIN): a server frame,
    // unmasked unless FlagMask (random key). FlagCompress only sets RSV1 here: the
    // payload is taken as already compressed.
    static QByteArray pack(QByteArrayView data, quint8 opcode = OpText, int flags = FlagFin);
    static QByteArray pack(const Frame &frame);
    // Swoole WebSocket\Server::unpack(data): one complete frame (masked or not), or
    // nullopt where Swoole returns false (incomplete, reserved opcode, bad length …).
    static std::optional<Frame> unpack(QByteArrayView data);
};

inline int FrameWriter::writeHeader(char *out, quint8 opcode, bool fin, int rsvFlags,
                                    quint64 payloadLength, const std::array<quint8, 4> *maskKey)
{
    auto *p = reinterpret_cast<quint8 *>(out);
    quint8 b0 = opcode & 0x0F;
    if (fin)
        b0 |= 0x80;
    if (rsvFlags & (FlagRsv1 | FlagCompress))
        b0 |= 0x40;
    if (rsvFlags & FlagRsv2)
        b0 |= 0x20;
    if (rsvFlags & FlagRsv3)
        b0 |= 0x10;
    p[0] = b0;
    const quint8 maskBit = maskKey ? 0x80 : 0x00;
    int n = 2;
    // RFC 6455 §5.2: the minimal number of bytes encodes the length.
    if (payloadLength < 126) {
        p[1] = maskBit | quint8(payloadLength);
    } else if (payloadLength <= 0xFFFF) {
        p[1] = maskBit | 126;
        p[2] = quint8(payloadLength >> 8);
        p[3] = quint8(payloadLength);
        n = 4;
    } else {
        p[1] = maskBit | 127;
        for (int i = 0; i < 8; ++i)
            p[2 + i] = quint8(payloadLength >> (56 - 8 * i));
        n = 10;
    }
    if (maskKey) {
        std::memcpy(p + n, maskKey->data(), 4);
        n += 4;
    }
    return n;
}

} // namespace framescope
