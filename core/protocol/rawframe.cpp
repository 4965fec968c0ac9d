#include "rawframe.h"

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

} // namespace framescope
