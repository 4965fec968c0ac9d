#include "framedecoder.h"

#include "framewriter.h"

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

// Below this many consumed bytes at the front, moving the rest down is not worth it.
constexpr qsizetype CompactThreshold = 64 * 1024;
} // namespace

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

void FrameDecoder::feed(QByteArrayView bytes)
{
    if (m_failed || bytes.isEmpty())
        return;
    compact();
    m_buffer.append(bytes.data(), bytes.size());
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

// Validates the part of a pending text frame's payload that has arrived so far, so an
// invalid byte fails the connection before the rest of a large frame comes in.
bool FrameDecoder::peekUtf8(qsizetype available)
{
    const FrameHeader &h = m_pendingHeader;
    const quint64 arrived =
        qMin<quint64>(quint64(qMax<qsizetype>(0, available - h.headerLength)), h.payloadLength);
    const char *payload = m_buffer.constData() + m_readPos + h.headerLength;
    char chunk[4096];
    while (m_peekChecked < arrived) {
        const qsizetype n = qsizetype(qMin<quint64>(sizeof(chunk), arrived - m_peekChecked));
        std::memcpy(chunk, payload + m_peekChecked, size_t(n));
        if (h.masked)
            FrameWriter::applyMask(chunk, n, h.maskKey, m_peekChecked);
        m_peekChecked += quint64(n);
        if (!m_peekUtf8.feed(QByteArrayView(chunk, n)))
            return false;
    }
    return true;
}

FrameDecoder::Event FrameDecoder::failPending(ProtocolError error)
{
    Event ev;
    ev.status = Status::Error;
    ev.error = error;
    ev.headerComplete = true;
    ev.header = m_pendingHeader;
    ev.wireLength = wireLengthOf(m_pendingHeader);
    ev.frame.opcode = m_pendingHeader.opcode;
    ev.frame.fin = m_pendingHeader.fin;
    ev.frame.rsv1 = m_pendingHeader.rsv1;
    ev.frame.rsv2 = m_pendingHeader.rsv2;
    ev.frame.rsv3 = m_pendingHeader.rsv3;
    ev.frame.masked = m_pendingHeader.masked;
    ev.frame.maskKey = m_pendingHeader.maskKey;
    m_failed = true;
    m_error = error;
    m_errorEvent = ev;
    return ev;
}

FrameDecoder::Event FrameDecoder::next()
{
    if (m_failed)
        return m_errorEvent;
    Event ev;
    const qsizetype pending = m_writeStart >= 0 ? m_writeStart : m_buffer.size();
    const qsizetype available = pending - m_readPos;
    if (available <= 0)
        return ev;
    // A large frame arrives in many reads: do not re-parse until it can be complete.
    if (available < m_needed) {
        if (m_peekActive && !peekUtf8(available))
            return failPending(ProtocolError::InvalidUtf8);
        return ev;
    }

    const QByteArrayView input(m_buffer.constData() + m_readPos, available);
    const FrameParser::Result pr = m_parser.parse(input, ev.frame);
    ev.headerComplete = pr.headerComplete;
    ev.header = pr.header;
    if (pr.headerComplete)
        ev.wireLength = wireLengthOf(pr.header);

    if (pr.status == FrameParser::Status::NeedMore) {
        if (!pr.headerComplete) {
            m_needed = available + 1;
            return ev;
        }
        m_needed = qsizetype(ev.wireLength);
        // The frame passed the size limit: make room for all of it once instead of growing
        // (and copying) step by step. Pages are only touched as the bytes arrive.
        if (m_writeStart < 0 && m_buffer.capacity() < m_readPos + m_needed)
            m_buffer.reserve(qMax(m_readPos + m_needed, 2 * m_buffer.capacity()));
        if (!m_peekActive) {
            // Only where the assembler would check UTF-8 on this frame and reach that check
            // (not compressed, right sequence, within the size limit), so the verdict is the
            // same however the bytes are split.
            const FrameHeader &h = pr.header;
            const bool startsText = h.opcode == OpText && !m_assembler.inMessage();
            const bool continuesText = h.opcode == OpContinuation &&
                                       m_assembler.openOpcode() == OpText &&
                                       !m_assembler.openCompressed();
            const bool fits =
                m_assembler.openBytes() + h.payloadLength <= m_assembler.maxMessageSize();
            if (!h.rsv1 && (startsText || continuesText) && fits) {
                m_peekActive = true;
                m_peekChecked = 0;
                m_pendingHeader = h;
                m_peekUtf8 = startsText ? Utf8Validator{} : m_assembler.utf8State();
            }
        }
        if (m_peekActive && !peekUtf8(available))
            return failPending(ProtocolError::InvalidUtf8);
        return ev; // the parser fills the frame only when it is complete
    }
    m_peekActive = false;
    m_needed = 0;

    if (pr.status == FrameParser::Status::Error) {
        // Record, then judge: the header comes back with the error. The parser filled the
        // frame only for a complete close frame whose payload broke the rules.
        const bool closePayloadError = pr.error == ProtocolError::ClosePayloadTooShort ||
                                       pr.error == ProtocolError::InvalidCloseCode ||
                                       pr.error == ProtocolError::InvalidCloseReason;
        if (!closePayloadError) {
            ev.frame.opcode = pr.header.opcode;
            ev.frame.fin = pr.header.fin;
            ev.frame.rsv1 = pr.header.rsv1;
            ev.frame.rsv2 = pr.header.rsv2;
            ev.frame.rsv3 = pr.header.rsv3;
            ev.frame.masked = pr.header.masked;
            ev.frame.maskKey = pr.header.maskKey;
        }
        ev.status = Status::Error;
        ev.error = pr.error;
        m_failed = true;
        m_error = pr.error;
        m_errorEvent = ev;
        return ev;
    }

    m_readPos += pr.consumed;
    ev.message = m_assembler.add(ev.frame);
    if (ev.message.error != ProtocolError::None) {
        ev.status = Status::Error;
        ev.error = ev.message.error;
        m_failed = true;
        m_error = ev.error;
        m_errorEvent = ev;
        return ev;
    }
    ev.status = Status::Frame;
    ev.messageComplete = ev.message.messageComplete;
    if (m_readPos == m_buffer.size() && m_writeStart < 0) {
        m_buffer.resize(0);
        m_readPos = 0;
    }
    return ev;
}

} // namespace framescope
