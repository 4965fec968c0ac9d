#include "frame.h"

namespace framescope {

QString opcodeName(quint8 opcode)
{
    switch (opcode) {
    case OpContinuation:
        return QStringLiteral("CONTINUATION");
    case OpText:
        return QStringLiteral("TEXT");
    case OpBinary:
        return QStringLiteral("BINARY");
    case OpClose:
        return QStringLiteral("CLOSE");
    case OpPing:
        return QStringLiteral("PING");
    case OpPong:
        return QStringLiteral("PONG");
    default:
        return QStringLiteral("RESERVED(0x%1)")
            .arg(opcode, 0, 16)
            .toUpper()
            .replace(QStringLiteral("0X"), QStringLiteral("0x"));
    }
}

int Frame::flags() const
{
    int f = 0;
    if (fin)
        f |= FlagFin;
    if (rsv1)
        f |= FlagRsv1 | FlagCompress;
    if (rsv2)
        f |= FlagRsv2;
    if (rsv3)
        f |= FlagRsv3;
    if (masked)
        f |= FlagMask;
    return f;
}

void Frame::setFlags(int f)
{
    fin = f & FlagFin;
    rsv1 = f & (FlagRsv1 | FlagCompress);
    rsv2 = f & FlagRsv2;
    rsv3 = f & FlagRsv3;
    masked = f & FlagMask;
}

} // namespace framescope
