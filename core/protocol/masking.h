#pragma once

#include <QtGlobal>

#include <array>
#include <cstring>

namespace framescope {

// RFC 6455 §5.3: XORs `length` bytes of `src` with the mask key into `dst` (which may be
// `src`), eight bytes per step, so a payload is touched exactly once. `offset` is the
// payload position of src[0], for payloads handled in pieces.
inline void xorMask(char *dst, const char *src, qsizetype length, const std::array<quint8, 4> &key,
                    quint64 offset = 0)
{
    // The key rotated so that src[0] lines up with payload position `offset`.
    quint32 key32;
    std::memcpy(&key32, key.data(), 4);
    if (const int shift = int(offset & 3) * 8) {
#if Q_BYTE_ORDER == Q_LITTLE_ENDIAN
        key32 = (key32 >> shift) | (key32 << (32 - shift));
#else
        key32 = (key32 << shift) | (key32 >> (32 - shift));
#endif
    }
    std::array<quint8, 4> k;
    std::memcpy(k.data(), &key32, 4);
    const quint64 key64 = (quint64(key32) << 32) | key32;
    qsizetype i = 0;
    for (; i + 8 <= length; i += 8) {
        quint64 word;
        std::memcpy(&word, src + i, 8);
        word ^= key64;
        std::memcpy(dst + i, &word, 8);
    }
    // i is a multiple of 8, so the key phase is i % 4 here.
    for (; i < length; ++i)
        dst[i] = char(quint8(src[i]) ^ k[i & 3]);
}

} // namespace framescope
