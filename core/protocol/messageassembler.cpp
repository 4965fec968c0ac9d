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
    m_frameData = false;
    m_frameStarts = false;
    m_partial = 0;
}

ProtocolError MessageAssembler::fail(ProtocolError error)
{
    reset();
    return error;
}

MessageAssembler::Result MessageAssembler::add(const Frame &frame)
{
    return add(Frame(frame));
}

MessageAssembler::Result MessageAssembler::add(Frame &&frame)
{
    FrameHeader h;
    h.opcode = frame.opcode;
    h.fin = frame.fin;
    h.rsv1 = frame.rsv1;
    h.payloadLength = quint64(frame.data.size());
    if (const ProtocolError e = begin(h); e != ProtocolError::None) {
        Result r;
        r.error = e;
        return r;
    }
    std::optional<Frame> assembled;
    const Completion c = end(frame, assembled);
    return resultOf(c, assembled, std::move(frame));
}

MessageAssembler::Result MessageAssembler::end(const Frame &frame)
{
    std::optional<Frame> assembled;
    const Completion c = end(frame, assembled);
    return resultOf(c, assembled, Frame(frame));
}

MessageAssembler::Result MessageAssembler::resultOf(const Completion &c,
                                                    std::optional<Frame> &assembled, Frame &&frame)
{
    Result r;
    r.error = c.error;
    r.messageComplete = c.messageComplete;
    r.fragments = c.fragments;
    r.wireBytes = c.wireBytes;
    if (c.messageComplete)
        r.message = assembled ? std::move(*assembled) : std::move(frame);
    return r;
}

ProtocolError MessageAssembler::begin(const FrameHeader &h)
{
    m_frameData = false;
    m_partial = 0;

    if (isReservedOpcode(h.opcode))
        return fail(ProtocolError::ReservedOpcode);

    if (isControlOpcode(h.opcode)) {
        if (h.rsv1) {
            // RFC 7692 §6.1: control frames are never compressed.
            return fail(m_inflater ? ProtocolError::Rsv1OnControlFrame
                                   : ProtocolError::RsvBitsNotNegotiated);
        }
        if (!h.fin)
            return fail(ProtocolError::FragmentedControlFrame);
        if (h.payloadLength > 125)
            return fail(ProtocolError::ControlFrameTooLong);
        // RFC 6455 §5.4: control frames may be injected in the middle of a fragmented
        // message; the open message stays untouched.
        return ProtocolError::None;
    }

    const bool starts = h.opcode != OpContinuation;
    if (starts) {
        // RFC 6455 §5.4: a fragmented message must finish before the next one starts.
        if (m_inMessage)
            return fail(ProtocolError::NewMessageInsideFragmented);
        if (h.rsv1 && !m_inflater)
            return fail(ProtocolError::RsvBitsNotNegotiated);
        m_inMessage = true;
        m_compressed = h.rsv1;
        m_opcode = h.opcode;
        m_fragments = 0;
        m_wireBytes = 0;
        m_buffer = QByteArray();
        m_utf8.reset();
    } else {
        // RFC 6455 §5.4: a continuation frame continues an open fragmented message.
        if (!m_inMessage)
            return fail(ProtocolError::ContinuationWithoutStart);
        // RFC 7692 §6.1: RSV1 is set on the first frame of a message only.
        if (h.rsv1) {
            return fail(m_inflater ? ProtocolError::Rsv1OnContinuation
                                   : ProtocolError::RsvBitsNotNegotiated);
        }
    }
    // Our limit: the reassembled message must fit the maximum message size, known from the
    // header unless compressed (then inflate() counts the output).
    if (!m_compressed && quint64(m_buffer.size()) + h.payloadLength > m_maxMessageSize)
        return fail(ProtocolError::MessageTooBig);

    ++m_fragments;
    m_wireBytes += h.payloadLength;
    m_frameData = true;
    m_frameStarts = starts;
    return ProtocolError::None;
}

ProtocolError MessageAssembler::inflate(QByteArrayView input, bool last)
{
    const qsizetype before = m_buffer.size();
    const qint64 room = qint64(m_maxMessageSize) - qint64(before);
    ProtocolError e = m_inflater->inflate(input, last, room, m_buffer);
    // RFC 6455 §8.1: fail fast on the output that makes the text invalid UTF-8, also when
    // the inflater stopped at an error further on.
    if (m_opcode == OpText && !m_utf8.feed(QByteArrayView(m_buffer).sliced(before)))
        e = ProtocolError::InvalidUtf8;
    else if (e == ProtocolError::None && quint64(m_buffer.size()) > m_maxMessageSize)
        e = ProtocolError::MessageTooBig;
    return e;
}

ProtocolError MessageAssembler::addPartial(QByteArrayView payload)
{
    if (!m_frameData || payload.isEmpty())
        return ProtocolError::None;
    ProtocolError e = ProtocolError::None;
    if (m_compressed)
        e = inflate(payload, false);
    else if (m_opcode == OpText && !m_utf8.feed(payload)) // RFC 6455 §8.1: fail fast
        e = ProtocolError::InvalidUtf8;
    if (e != ProtocolError::None)
        return fail(e);
    m_partial += quint64(payload.size());
    return ProtocolError::None;
}

MessageAssembler::Completion MessageAssembler::end(const Frame &frame,
                                                   std::optional<Frame> &assembled)
{
    Completion c;
    if (frame.isControl()) {
        // The message is the frame; an open message stays untouched.
        c.messageComplete = true;
        c.fragments = 1;
        c.wireBytes = quint64(frame.data.size());
        return c;
    }
    const qsizetype partial = qsizetype(qMin<quint64>(m_partial, quint64(frame.data.size())));
    m_frameData = false;
    m_partial = 0;

    if (m_compressed) {
        if (const ProtocolError e = inflate(QByteArrayView(frame.data).sliced(partial), frame.fin);
            e != ProtocolError::None) {
            c.error = fail(e);
            return c;
        }
    } else if (m_frameStarts && frame.fin) {
        // One frame, one message: the message is the frame, nothing is copied. RFC 6455
        // §8.1: what addPartial() saw is validated already.
        if (m_opcode == OpText &&
            (!m_utf8.feed(QByteArrayView(frame.data).sliced(partial)) || !m_utf8.isComplete())) {
            c.error = fail(ProtocolError::InvalidUtf8);
            return c;
        }
        c.messageComplete = true;
        c.fragments = 1;
        c.wireBytes = m_wireBytes;
        reset();
        return c;
    } else {
        const qsizetype before = m_buffer.size();
        m_buffer.append(frame.data);
        // RFC 6455 §8.1: fail fast on the fragment that makes the text invalid UTF-8; what
        // addPartial() saw is validated already.
        if (m_opcode == OpText && !m_utf8.feed(QByteArrayView(m_buffer).sliced(before + partial))) {
            c.error = fail(ProtocolError::InvalidUtf8);
            return c;
        }
    }
    if (m_opcode == OpText && frame.fin && !m_utf8.isComplete()) {
        c.error = fail(ProtocolError::InvalidUtf8);
        return c;
    }

    if (!frame.fin)
        return c;

    c.messageComplete = true;
    c.fragments = m_fragments;
    c.wireBytes = m_wireBytes;
    Frame &m = assembled.emplace();
    m.fd = frame.fd;
    m.opcode = m_opcode;
    m.fin = true;
    m.rsv1 = m_compressed;
    m.masked = frame.masked;
    m.maskKey = frame.maskKey;
    m.data = std::move(m_buffer);
    reset();
    return c;
}

} // namespace framescope
