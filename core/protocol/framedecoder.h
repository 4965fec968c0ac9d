#pragma once

#include "frameparser.h"
#include "messageassembler.h"
#include "utf8.h"

#include <QByteArray>

#include <memory>
#include <optional>

namespace framescope {

// The one input pipeline of a WebSocket connection: an input buffer, FrameParser for the
// rules of each frame, MessageAssembler for the rules of the sequence (fragments, UTF-8,
// inflate, size caps). The server's read path, the tests and the fuzzers all go through it.
//
// Every rule is applied as early as the bytes allow (RFC 6455 §8.1 "fail fast"): the
// header's rules (frame size, sequence, message size) as soon as the header is complete,
// and while a frame is still arriving its payload so far: text is validated (after
// inflating, when compressed), compressed data counted against the message limit, a close
// frame's code and reason checked. Every frame is reported (for the inspector) before its
// message completes; an error comes back with the frame's header and what arrived of it.
class FrameDecoder final
{
public:
    enum class Status : quint8 { NeedMore, Frame, Error };
    struct Event
    {
        Status status = Status::NeedMore;
        ProtocolError error = ProtocolError::None;
        bool headerComplete = false;
        // Set when this frame completes a message or is a control frame; then fragments
        // (frames that made up the message) and wireBytes (its payload bytes as received,
        // compressed size) too.
        bool messageComplete = false;
        int fragments = 0;
        qint64 wireLength = 0; // header + payload bytes on the wire
        quint64 wireBytes = 0;
        FrameHeader header; // also set on errors found in the header
        Frame frame;        // the frame as received (payload unmasked; on an error: so far)
        // The message when it is not `frame` itself (fragmented or compressed).
        std::optional<Frame> assembled;

        // With messageComplete: the message, opcode TEXT/BINARY (or the control opcode),
        // fin, rsv1 = it was compressed, data reassembled and inflated. A control frame and
        // an unfragmented uncompressed message are the frame itself (no copy).
        Frame &message() { return assembled ? *assembled : frame; }
        const Frame &message() const { return assembled ? *assembled : frame; }
    };

    explicit FrameDecoder(Role role = Role::Server) : m_parser(role) {}

    FrameParser &parser() { return m_parser; }
    MessageAssembler &assembler() { return m_assembler; }

    // Data frames from now on are checked by the frame rules and reported, but not
    // assembled, and an open message is dropped: a server that sent its close discards
    // the data that still arrives (RFC 6455 §5.5.1, §1.4). Control frames go on as before.
    void discardDataFrames();

    // Push: decodes `bytes` where they are (a complete frame is not copied into the
    // buffer) and calls `sink(Event &)` for each frame and for an error; what begins an
    // incomplete frame is kept for the next call. Stops after an error, or when the sink
    // returns false (the rest of `bytes` is dropped then: the caller reads no more).
    template <typename Sink> void decode(QByteArrayView bytes, Sink &&sink);

    // Pull: feed bytes in any split, then pull events until NeedMore.
    void feed(QByteArrayView bytes);
    // Zero-copy reads: write up to `maxBytes` at the returned pointer, then commit.
    char *prepareWrite(qsizetype maxBytes);
    void commitWrite(qsizetype bytes);
    // Next frame, or NeedMore, or the first error (sticky: the decoder stops there).
    Event next();

    qsizetype bufferedBytes() const { return m_buffer.size() - m_readPos; }
    bool failed() const { return m_failed; }

    // An empty buffer keeps at most this much capacity for the next split frame.
    static constexpr qsizetype KeepCapacity = 1024 * 1024;
    // A payload no one kept, up to this capacity, is the next frame's payload buffer (small
    // messages are the ones where an allocation per message shows; an idle connection keeps
    // at most this much).
    static constexpr qsizetype SpareCapacity = 4096;

private:
    // Decodes the frame at the front of `input` into `ev`; `consumed` gets its length on
    // Frame. Always inlined (GCC kept it a call): a complete frame that is a whole message
    // by itself (the common case) is decoded here; the rest goes to stepSlow(). `ev` is a
    // fresh Event or the one the previous step() filled and recycle() emptied: decode()
    // reuses it, as building a 144-byte Event per frame (a `rep stos`) was a third of the
    // decoder's cycles. The fast path sets every field; the others start from Event{}.
    void step(QByteArrayView input, qsizetype &consumed, Event &ev);
    // Everything else: a frame begun in an earlier call, an incomplete one, an error, a
    // control frame, a fragment, compressed data. `parsed` is the header of the frame at
    // the front when step() parsed it already (nullptr: not parsed yet).
    void stepSlow(QByteArrayView input, const FrameParser::Result *parsed, qsizetype &consumed,
                  Event &ev);
    // Checks what arrived of the pending frame's payload and was not checked yet.
    ProtocolError progress(QByteArrayView input);
    // Fills `ev` (reset first) with the error event.
    void fail(QByteArrayView input, const FrameHeader &header, ProtocolError error, Event &ev);
    // After the sink: a payload buffer nothing else refers to (the handler and the
    // observers did not keep it) is reused for the next frame, so an echo allocates
    // nothing per message. A shared one is let go: its holders keep their bytes. Either
    // way `payload` ends empty, and m_spare holds nothing larger than SpareCapacity.
    void recycle(QByteArray &payload)
    {
        if (payload.isDetached() && payload.capacity() <= SpareCapacity)
            m_spare.swap(payload);
        payload = QByteArray();
    }
    void stash(QByteArrayView rest);
    void compact();
    void drained();

    FrameParser m_parser;
    MessageAssembler m_assembler;
    QByteArray m_buffer;
    qsizetype m_readPos = 0;
    qsizetype m_writeStart = -1; // buffer size before prepareWrite(), -1 when none pending
    qsizetype m_needed = 0;      // bytes the frame at the front needs; skips re-parsing
    bool m_failed = false;
    bool m_discardData = false;
    QByteArray m_spare;                  // see recycle()
    std::unique_ptr<Event> m_errorEvent; // repeated by next() once failed; idle costs nothing
    // The frame at the front whose header is complete and accepted, and how many of its
    // payload bytes progress() checked.
    bool m_pending = false;
    bool m_pendingAssembled = false; // its payload goes to the assembler
    FrameHeader m_header;
    quint64 m_checked = 0;
};

Q_ALWAYS_INLINE void FrameDecoder::step(QByteArrayView input, qsizetype &consumed, Event &ev)
{
    if (m_pending || input.size() < m_needed) {
        ev = Event{};
        stepSlow(input, nullptr, consumed, ev);
        return;
    }
    FrameParser::Result pr;
    if (m_parser.parseCommonHeader(input, pr.header))
        pr.headerComplete = true; // what parseHeader() would say, without the call
    else
        pr = m_parser.parseHeader(input);
    const FrameHeader &h = pr.header;
    // The common case: a complete frame that is a whole message by itself. The message is
    // the frame; the only rule left after the header's is UTF-8 for text (begin() and
    // end() would check nothing else).
    if (pr.headerComplete && pr.status != FrameParser::Status::Error &&
        h.payloadLength <= quint64(input.size() - h.headerLength) && !m_discardData &&
        m_assembler.isWholeMessage(h)) {
        ev.frame.data.swap(m_spare); // a buffer the last message left behind, if any
        FrameParser::extract(h, input.data() + h.headerLength, ev.frame);
        if (h.opcode == OpText && !Utf8Validator::isValid(ev.frame.data)) {
            fail(input, h, ProtocolError::InvalidUtf8, ev);
            return;
        }
        ev.frame.fd = 0;
        ev.assembled.reset();
        ev.status = Status::Frame;
        ev.error = ProtocolError::None;
        ev.headerComplete = true;
        ev.messageComplete = true;
        ev.fragments = 1;
        ev.wireBytes = h.payloadLength;
        ev.header = h;
        ev.wireLength = h.headerLength + qint64(h.payloadLength);
        consumed = qsizetype(ev.wireLength);
        m_needed = 0; // it may have waited for the rest of the header
        return;
    }
    ev = Event{};
    stepSlow(input, &pr, consumed, ev);
}

template <typename Sink> void FrameDecoder::decode(QByteArrayView bytes, Sink &&sink)
{
    if (m_failed || bytes.isEmpty())
        return;
    if (bufferedBytes() > 0 || m_writeStart >= 0) {
        // The front frame began in an earlier read: the bytes join it in the buffer.
        feed(bytes);
        while (true) {
            Event ev = next();
            if (ev.status == Status::NeedMore || !sink(ev) || ev.status == Status::Error)
                return;
        }
    }
    qsizetype pos = 0;
    Event ev; // one per call, reused by step() (see there)
    while (pos < bytes.size()) {
        qsizetype consumed = 0;
        step(bytes.sliced(pos), consumed, ev);
        if (ev.status == Status::NeedMore) {
            stash(bytes.sliced(pos));
            return;
        }
        pos += consumed;
        if (!sink(ev) || ev.status == Status::Error)
            return;
        recycle(ev.frame.data);
    }
}

} // namespace framescope
