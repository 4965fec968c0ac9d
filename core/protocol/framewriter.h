#pragma once

#include "frame.h"

#include <QByteArray>
#include <QByteArrayView>

#include <array>
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

} // namespace framescope
