#include "framedecoder.h"

#include <cstring>

namespace framescope {

namespace {
// Below this many consumed bytes at the front, moving the rest down is not worth it.
constexpr qsizetype CompactThreshold = 64 * 1024;
} // namespace

void FrameDecoder::compact()
{
    if (m_readPos == 0)
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

FrameDecoder::Event FrameDecoder::next()
{
    if (m_failed)
        return m_errorEvent;
    Event ev;
    const qsizetype pending = m_writeStart >= 0 ? m_writeStart : m_buffer.size();
    const qsizetype available = pending - m_readPos;
    // A large frame arrives in many reads: do not re-parse until it can be complete.
    if (available < m_needed || available <= 0)
        return ev;

    const QByteArrayView input(m_buffer.constData() + m_readPos, available);
    const FrameParser::Result pr = m_parser.parse(input, ev.frame);
    ev.headerComplete = pr.headerComplete;
    ev.header = pr.header;
    if (pr.headerComplete)
        ev.wireLength = qint64(pr.header.headerLength) + qint64(pr.header.payloadLength);

    if (pr.status == FrameParser::Status::NeedMore) {
        m_needed = pr.headerComplete ? qsizetype(ev.wireLength) : available + 1;
        return ev; // the parser fills the frame only when it is complete
    }
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
