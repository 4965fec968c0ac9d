#include "messageassembler.h"

namespace framescope {

void MessageAssembler::reset()
{
    m_inMessage = false;
    m_compressed = false;
    m_opcode = 0;
    m_fragments = 0;
    m_wireBytes = 0;
    m_buffer = QByteArray();
    m_utf8.reset();
}

MessageAssembler::Result MessageAssembler::add(const Frame &frame)
{
    return add(frame, nullptr);
}

MessageAssembler::Result MessageAssembler::add(Frame &&frame)
{
    return add(frame, &frame.data);
}

MessageAssembler::Result MessageAssembler::add(const Frame &frame, QByteArray *steal)
{
    Result r;
    auto fail = [this, &r](ProtocolError e) {
        reset();
        r.error = e;
        return r;
    };

    if (isReservedOpcode(frame.opcode))
        return fail(ProtocolError::ReservedOpcode);

    if (frame.isControl()) {
        if (frame.rsv1) {
            // RFC 7692 §6.1: control frames are never compressed.
            return fail(m_inflater ? ProtocolError::Rsv1OnControlFrame
                                   : ProtocolError::RsvBitsNotNegotiated);
        }
        if (!frame.fin)
            return fail(ProtocolError::FragmentedControlFrame);
        if (frame.data.size() > 125)
            return fail(ProtocolError::ControlFrameTooLong);
        // RFC 6455 §5.4: control frames may be injected in the middle of a fragmented
        // message; the open message stays untouched.
        r.messageComplete = true;
        r.message = frame;
        r.fragments = 1;
        r.wireBytes = quint64(frame.data.size());
        return r;
    }

    const bool starts = frame.opcode != OpContinuation;
    if (starts) {
        // RFC 6455 §5.4: a fragmented message must finish before the next one starts.
        if (m_inMessage)
            return fail(ProtocolError::NewMessageInsideFragmented);
        if (frame.rsv1 && !m_inflater)
            return fail(ProtocolError::RsvBitsNotNegotiated);
        m_inMessage = true;
        m_compressed = frame.rsv1;
        m_opcode = frame.opcode;
        m_fragments = 0;
        m_wireBytes = 0;
        m_buffer = QByteArray();
        m_utf8.reset();
    } else {
        // RFC 6455 §5.4: a continuation frame continues an open fragmented message.
        if (!m_inMessage)
            return fail(ProtocolError::ContinuationWithoutStart);
        // RFC 7692 §6.1: RSV1 is set on the first frame of a message only.
        if (frame.rsv1) {
            return fail(m_inflater ? ProtocolError::Rsv1OnContinuation
                                   : ProtocolError::RsvBitsNotNegotiated);
        }
    }

    ++m_fragments;
    m_wireBytes += quint64(frame.data.size());
    const bool text = m_opcode == OpText;
    const qsizetype before = m_buffer.size();

    if (m_compressed) {
        const qint64 room = qint64(m_maxMessageSize) - qint64(before);
        const ProtocolError e = m_inflater->inflate(frame.data, frame.fin, room, m_buffer);
        if (e != ProtocolError::None)
            return fail(e);
        if (quint64(m_buffer.size()) > m_maxMessageSize)
            return fail(ProtocolError::MessageTooBig);
    } else {
        // Our limit: the reassembled message must fit the maximum message size.
        if (quint64(before) + quint64(frame.data.size()) > m_maxMessageSize)
            return fail(ProtocolError::MessageTooBig);
        if (starts && frame.fin) // one frame, one message: share (or take), do not copy
            m_buffer = steal ? std::move(*steal) : frame.data;
        else
            m_buffer.append(frame.data);
    }

    if (text) {
        // RFC 6455 §8.1: fail fast on the fragment that makes the text invalid UTF-8.
        if (!m_utf8.feed(QByteArrayView(m_buffer).sliced(before)))
            return fail(ProtocolError::InvalidUtf8);
        if (frame.fin && !m_utf8.isComplete())
            return fail(ProtocolError::InvalidUtf8);
    }

    if (!frame.fin)
        return r;

    r.messageComplete = true;
    r.message.fd = frame.fd;
    r.message.opcode = m_opcode;
    r.message.fin = true;
    r.message.rsv1 = m_compressed;
    r.message.masked = frame.masked;
    r.message.maskKey = frame.maskKey;
    r.message.data = std::move(m_buffer);
    r.fragments = m_fragments;
    r.wireBytes = m_wireBytes;
    reset();
    return r;
}

} // namespace framescope
