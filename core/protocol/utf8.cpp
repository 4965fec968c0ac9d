#include "utf8.h"

#include <array>
#include <cstring>

namespace framescope {

namespace {

// DFA states beyond Accept (0) and Reject (1): what the rest of the sequence must be.
constexpr quint8 Acc = Utf8Validator::Accept;
constexpr quint8 Rej = Utf8Validator::Reject;
constexpr quint8 Need1 = 2;   // one continuation byte 80..BF
constexpr quint8 Need2 = 3;   // two continuation bytes
constexpr quint8 Need3 = 4;   // three continuation bytes (after F1..F3)
constexpr quint8 AfterE0 = 5; // next A0..BF: rejects overlong 3-byte forms
constexpr quint8 AfterED = 6; // next 80..9F: rejects surrogates D800..DFFF
constexpr quint8 AfterF0 = 7; // next 90..BF: rejects overlong 4-byte forms
constexpr quint8 AfterF4 = 8; // next 80..8F: rejects code points above U+10FFFF
constexpr int StateCount = 9;

constexpr quint8 step(quint8 state, quint8 byte)
{
    const bool cont = byte >= 0x80 && byte <= 0xBF;
    switch (state) {
    case Acc:
        // RFC 3629 §4: C0, C1 and F5..FF never appear; 80..BF cannot start a sequence.
        if (byte < 0x80)
            return Acc;
        if (byte >= 0xC2 && byte <= 0xDF)
            return Need1;
        if (byte == 0xE0)
            return AfterE0;
        if (byte == 0xED)
            return AfterED;
        if (byte >= 0xE1 && byte <= 0xEF)
            return Need2;
        if (byte == 0xF0)
            return AfterF0;
        if (byte >= 0xF1 && byte <= 0xF3)
            return Need3;
        if (byte == 0xF4)
            return AfterF4;
        return Rej;
    case Need1:
        return cont ? Acc : Rej;
    case Need2:
        return cont ? Need1 : Rej;
    case Need3:
        return cont ? Need2 : Rej;
    case AfterE0:
        return (byte >= 0xA0 && byte <= 0xBF) ? Need1 : Rej;
    case AfterED:
        return (byte >= 0x80 && byte <= 0x9F) ? Need1 : Rej;
    case AfterF0:
        return (byte >= 0x90 && byte <= 0xBF) ? Need2 : Rej;
    case AfterF4:
        return (byte >= 0x80 && byte <= 0x8F) ? Need2 : Rej;
    default:
        return Rej;
    }
}

// The whole transition table, computed at compile time: state * 256 + byte.
constexpr std::array<quint8, StateCount * 256> buildTable()
{
    std::array<quint8, StateCount * 256> table{};
    for (int s = 0; s < StateCount; ++s) {
        for (int b = 0; b < 256; ++b)
            table[s * 256 + b] = step(quint8(s), quint8(b));
    }
    return table;
}

constexpr std::array<quint8, StateCount * 256> kTable = buildTable();

} // namespace

bool Utf8Validator::feed(QByteArrayView bytes)
{
    if (m_state == Reject)
        return false;
    const auto *p = reinterpret_cast<const quint8 *>(bytes.data());
    const auto *end = p + bytes.size();
    quint32 state = m_state;
    // Blocks of 16: all-ASCII blocks are skipped while no sequence is open; other blocks
    // run through the DFA without a per-byte branch (Reject is absorbing, so checking once
    // per block still fails within the feed that holds the bad byte).
    while (end - p >= 16) {
        if (state == Accept) {
            quint64 w0;
            quint64 w1;
            std::memcpy(&w0, p, 8);
            std::memcpy(&w1, p + 8, 8);
            if (((w0 | w1) & 0x8080808080808080ULL) == 0) {
                p += 16;
                continue;
            }
        }
        for (int i = 0; i < 16; ++i)
            state = kTable[state * 256 + p[i]];
        p += 16;
        if (state == Reject) {
            m_state = Reject;
            return false;
        }
    }
    while (p < end)
        state = kTable[state * 256 + *p++];
    m_state = quint8(state);
    return state != Reject;
}

bool Utf8Validator::isValid(QByteArrayView bytes)
{
    Utf8Validator v;
    return v.feed(bytes) && v.isComplete();
}

} // namespace framescope
