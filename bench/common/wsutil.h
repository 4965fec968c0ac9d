/* Tiny helpers shared by the benchmark tools (C and C++): SHA-1 and Base64 for the
 * RFC 6455 opening handshake. Kept here so the load client and the raw ceiling server do
 * not depend on the codec under test or on OpenSSL. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

static inline uint32_t bench_rol32(uint32_t v, int n)
{
    return (v << n) | (v >> (32 - n));
}

static inline void bench_sha1_block(uint32_t h[5], const unsigned char *p)
{
    uint32_t w[80];
    for (int i = 0; i < 16; ++i)
        w[i] = ((uint32_t)p[4 * i] << 24) | ((uint32_t)p[4 * i + 1] << 16) |
               ((uint32_t)p[4 * i + 2] << 8) | (uint32_t)p[4 * i + 3];
    for (int i = 16; i < 80; ++i)
        w[i] = bench_rol32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; ++i) {
        uint32_t f, k;
        if (i < 20) {
            f = (b & c) | (~b & d);
            k = 0x5A827999u;
        } else if (i < 40) {
            f = b ^ c ^ d;
            k = 0x6ED9EBA1u;
        } else if (i < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8F1BBCDCu;
        } else {
            f = b ^ c ^ d;
            k = 0xCA62C1D6u;
        }
        uint32_t t = bench_rol32(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = bench_rol32(b, 30);
        b = a;
        a = t;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
}

static inline void bench_sha1(const void *data, size_t len, unsigned char out[20])
{
    uint32_t h[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
    const unsigned char *p = (const unsigned char *)data;
    size_t full = len / 64;
    for (size_t i = 0; i < full; ++i)
        bench_sha1_block(h, p + 64 * i);
    unsigned char tail[128];
    size_t rest = len - full * 64;
    memset(tail, 0, sizeof tail);
    memcpy(tail, p + full * 64, rest);
    tail[rest] = 0x80;
    size_t tailLen = rest + 1 + 8 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; ++i)
        tail[tailLen - 1 - i] = (unsigned char)(bits >> (8 * i));
    for (size_t i = 0; i < tailLen; i += 64)
        bench_sha1_block(h, tail + i);
    for (int i = 0; i < 5; ++i) {
        out[4 * i] = (unsigned char)(h[i] >> 24);
        out[4 * i + 1] = (unsigned char)(h[i] >> 16);
        out[4 * i + 2] = (unsigned char)(h[i] >> 8);
        out[4 * i + 3] = (unsigned char)h[i];
    }
}

/* Writes the Base64 of `len` bytes plus a NUL; `out` needs 4*ceil(len/3)+1 bytes. */
static inline void bench_base64(const unsigned char *in, size_t len, char *out)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < len)
            v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < len)
            v |= in[i + 2];
        out[o++] = tab[(v >> 18) & 63];
        out[o++] = tab[(v >> 12) & 63];
        out[o++] = i + 1 < len ? tab[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < len ? tab[v & 63] : '=';
    }
    out[o] = '\0';
}

/* RFC 6455 §4.2.2: Sec-WebSocket-Accept = base64(SHA-1(key + GUID)). `out` needs 29 bytes. */
static inline void bench_accept_key(const char *key, size_t keyLen, char out[29])
{
    static const char guid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    char buf[256];
    if (keyLen > sizeof buf - (sizeof guid - 1))
        keyLen = sizeof buf - (sizeof guid - 1);
    memcpy(buf, key, keyLen);
    memcpy(buf + keyLen, guid, sizeof guid - 1);
    unsigned char digest[20];
    bench_sha1(buf, keyLen + sizeof guid - 1, digest);
    bench_base64(digest, 20, out);
}

#ifdef __cplusplus
}
#endif
