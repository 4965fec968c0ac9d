#include "framedecoder.h"

#include "masking.h"

#include <cstring>
#include <limits>

namespace framescope {

namespace {
// Header plus payload; saturates for absurd announced lengths (they fail FrameTooBig).
qint64 wireLengthOf(const FrameHeader &h)
{
    const quint64 limit = quint64(std::numeric_limits<qint64>::max()) - quint64(h.headerLength);
    return h.payloadLength > limit ? std::numeric_limits<qint64>::max()
                                   : qint64(h.headerLength) + qint64(h.payloadLength);
}

// The payload bytes of the frame at the front of `input` that have arrived.
quint64 arrivedPayload(const FrameHeader &h, QByteArrayView input)
{
    const qsizetype after = qMax<qsizetype>(0, input.size() - h.headerLength);
    return qMin<quint64>(quint64(after), h.payloadLength);
}

// Below this many consumed bytes at the front, moving the rest down is not worth it.
constexpr qsizetype CompactThreshold = 64 * 1024;
// A frame's room is reserved at once up to this size; larger ones (a raised frame limit)
// grow as they arrive.
constexpr qsizetype MaxUpfrontReserve = 64 * 1024 * 1024;
} // namespace

void FrameDecoder::discardDataFrames()
{
    m_discardData = true;
    m_assembler.reset();
    if (m_pending && !isControlOpcode(m_header.opcode))
        m_pendingAssembled = false;
}

void FrameDecoder::compact()
{
    // Never move bytes while a prepareWrite() pointer is out.
    if (m_readPos == 0 || m_writeStart >= 0)
        return;
    const qsizetype rest = m_buffer.size() - m_readPos;
    if (rest == 0) {
        m_buffer.resize(0); // keeps the capacity for the next read
        m_readPos = 0;
        return;
    }
    // Move only when the dead prefix is large and at least as big as what remains, so each
    // byte is moved a bounded number of times (amortised O(n)).
    if (m_readPos >= CompactThreshold && m_readPos >= rest) {
        std::memmove(m_buffer.data(), m_buffer.constData() + m_readPos, size_t(rest));
        m_buffer.resize(rest);
        m_readPos = 0;
    }
}

void FrameDecoder::drained()
{
    if (m_readPos != m_buffer.size() || m_writeStart >= 0)
        return;
    // Idle connections keep little: a large frame's room goes once it is used.
    if (m_buffer.capacity() > KeepCapacity)
        m_buffer = QByteArray();
    else
        m_buffer.resize(0);
    m_readPos = 0;
}

void FrameDecoder::feed(QByteArrayView bytes)
{
    if (m_failed || bytes.isEmpty())
        return;
    compact();
    m_buffer.append(bytes.data(), bytes.size());
}

void FrameDecoder::stash(QByteArrayView rest)
{
    // Only called with nothing buffered: `rest` begins the frame at the front.
    m_buffer.resize(0);
    m_readPos = 0;
    // Room for the frame at once, bounded (the peer may never send it): growing read by
    // read would copy a large frame several times.
    const qsizetype room = qMax(rest.size(), qMin(m_needed, KeepCapacity));
    if (m_buffer.capacity() < room)
        m_buffer.reserve(room);
    m_buffer.append(rest.data(), rest.size());
}

char *FrameDecoder::prepareWrite(qsizetype maxBytes)
{
    compact();
    m_writeStart = m_buffer.size();
    // QByteArray grows its capacity geometrically, so repeated reads stay amortised O(n).
    m_buffer.resize(m_writeStart + maxBytes);
    return m_buffer.data() + m_writeStart;
}

void FrameDecoder::commitWrite(qsizetype bytes)
{
    if (m_writeStart < 0)
        return;
    const qsizetype maxBytes = m_buffer.size() - m_writeStart;
    bytes = qBound<qsizetype>(0, bytes, maxBytes);
    m_buffer.resize(m_failed ? m_writeStart : m_writeStart + bytes);
    m_writeStart = -1;
}

ProtocolError FrameDecoder::progress(QByteArrayView input)
{
    const FrameHeader &h = m_header;
    const quint64 arrived = arrivedPayload(h, input);
    if (arrived <= m_checked)
        return ProtocolError::None;
    const char *payload = input.data() + h.headerLength;
    if (h.opcode == OpClose) {
        // At most 125 bytes: the prefix is checked again as a whole.
        char close[125];
        const qsizetype n = qsizetype(arrived);
        xorMask(close, payload, n, h.masked ? h.maskKey : std::array<quint8, 4>{});
        m_checked = arrived;
        return FrameParser::checkClosePayload(QByteArrayView(close, n), false);
    }
    if (!m_pendingAssembled || !m_assembler.wantsPartial()) {
        m_checked = arrived;
        return ProtocolError::None;
    }
    char chunk[16 * 1024];
    while (m_checked < arrived) {
        const qsizetype n = qsizetype(qMin<quint64>(sizeof chunk, arrived - m_checked));
        xorMask(chunk, payload + m_checked, n, h.masked ? h.maskKey : std::array<quint8, 4>{},
                m_checked);
        m_checked += quint64(n);
        if (const ProtocolError e = m_assembler.addPartial(QByteArrayView(chunk, n));
            e != ProtocolError::None)
            return e;
    }
    return ProtocolError::None;
}

void FrameDecoder::fail(QByteArrayView input, const FrameHeader &h, ProtocolError error, Event &ev)
{
    // Record, then judge: the error comes back with the header and, unmasked, what arrived
    // of the payload (at most KeepCapacity bytes of it).
    ev = Event{};
    ev.status = Status::Error;
    ev.error = error;
    ev.headerComplete = true;
    ev.header = h;
    ev.wireLength = wireLengthOf(h);
    FrameHeader arrived = h;
    arrived.payloadLength = qMin<quint64>(arrivedPayload(h, input), quint64(KeepCapacity));
    FrameParser::extract(arrived, input.data() + h.headerLength, ev.frame);
    m_failed = true;
    m_pending = false;
    m_errorEvent = std::make_unique<Event>(ev);
}

void FrameDecoder::stepSlow(QByteArrayView input, const FrameParser::Result *parsed,
                            qsizetype &consumed, Event &ev)
{
    const qsizetype available = input.size();
    // A large frame arrives in many reads: its header is not parsed again until it can be
    // complete, but what arrived of its payload is checked each time.
    if (available < m_needed) {
        if (m_pending) {
            if (const ProtocolError e = progress(input); e != ProtocolError::None)
                fail(input, m_header, e, ev);
        }
        return;
    }
    if (!m_pending) {
        const FrameParser::Result pr = parsed ? *parsed : m_parser.parseHeader(input);
        if (!pr.headerComplete) {
            m_needed = qMax<qsizetype>(available + 1, pr.header.headerLength);
            return;
        }
        if (pr.status == FrameParser::Status::Error) {
            fail(input, pr.header, pr.error, ev);
            return;
        }
        m_header = pr.header;
        // The sequence rules that the header decides are applied now, not when the payload
        // is complete (a continuation without a start, a message over the limit, …).
        m_pendingAssembled = !(m_discardData && !isControlOpcode(pr.header.opcode));
        if (m_pendingAssembled) {
            if (const ProtocolError e = m_assembler.begin(pr.header); e != ProtocolError::None) {
                fail(input, pr.header, e, ev);
                return;
            }
        }
        m_pending = true;
        m_checked = 0;
        const qint64 wire = wireLengthOf(pr.header);
        m_needed = wire > std::numeric_limits<qsizetype>::max()
                       ? std::numeric_limits<qsizetype>::max()
                       : qsizetype(wire);
        if (available < m_needed) {
            if (const ProtocolError e = progress(input); e != ProtocolError::None)
                fail(input, m_header, e, ev);
            return;
        }
    }

    const FrameHeader &h = m_header;
    FrameParser::extract(h, input.data() + h.headerLength, ev.frame);
    if (h.opcode == OpClose) {
        if (const ProtocolError e = FrameParser::checkClosePayload(ev.frame.data, true);
            e != ProtocolError::None) {
            fail(input, h, e, ev);
            return;
        }
    }
    m_pending = false;
    ev.headerComplete = true;
    ev.header = h;
    ev.wireLength = m_needed; // wireLengthOf(h), set with the header
    m_needed = 0;
    if (m_pendingAssembled) {
        const MessageAssembler::Completion c = m_assembler.end(ev.frame, ev.assembled);
        if (c.error != ProtocolError::None) {
            fail(input, h, c.error, ev);
            return;
        }
        ev.messageComplete = c.messageComplete;
        ev.fragments = c.fragments;
        ev.wireBytes = c.wireBytes;
    }
    ev.status = Status::Frame;
    consumed = qsizetype(ev.wireLength);
}

FrameDecoder::Event FrameDecoder::next()
{
    if (m_failed)
        return *m_errorEvent;
    const qsizetype end = m_writeStart >= 0 ? m_writeStart : m_buffer.size();
    const qsizetype available = end - m_readPos;
    if (available <= 0)
        return {};
    qsizetype consumed = 0;
    Event ev;
    step(QByteArrayView(m_buffer.constData() + m_readPos, available), consumed, ev);
    if (ev.status == Status::Frame) {
        m_readPos += consumed;
        drained();
    } else if (ev.status == Status::NeedMore && m_pending && m_writeStart < 0 &&
               m_needed <= MaxUpfrontReserve && m_buffer.capacity() < m_readPos + m_needed) {
        // The frame passed the size limit: make room for all of it once instead of growing
        // (and copying) step by step. Pages are only touched as the bytes arrive.
        m_buffer.reserve(qMax(m_readPos + m_needed, 2 * m_buffer.capacity()));
    }
    return ev;
}

} // namespace framescope
