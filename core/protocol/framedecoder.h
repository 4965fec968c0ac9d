#pragma once

#include "frameparser.h"
#include "messageassembler.h"

#include <QByteArray>

namespace framescope {

// The glue a connection uses: an input buffer, FrameParser for each frame, and
// MessageAssembler for the sequence. Feed bytes in any split; pull events until
// NeedMore. Every frame is reported (for the inspector) before its message completes.
class FrameDecoder final
{
public:
    enum class Status : quint8 { NeedMore, Frame, Error };
    struct Event
    {
        Status status = Status::NeedMore;
        Frame frame;           // the frame as received (payload unmasked)
        qint64 wireLength = 0; // header + payload bytes on the wire
        bool headerComplete = false;
        FrameHeader header; // also set on errors found in the header
        // Set when this frame completes a message or is a control frame.
        bool messageComplete = false;
        MessageAssembler::Result message;
        ProtocolError error = ProtocolError::None;
    };

    explicit FrameDecoder(Role role = Role::Server) : m_parser(role) {}

    FrameParser &parser() { return m_parser; }
    MessageAssembler &assembler() { return m_assembler; }

    void feed(QByteArrayView bytes);
    // Zero-copy reads: write up to `maxBytes` at the returned pointer, then commit.
    char *prepareWrite(qsizetype maxBytes);
    void commitWrite(qsizetype bytes);

    // Next frame, or NeedMore, or the first error (sticky: the decoder stops there).
    Event next();
    qsizetype bufferedBytes() const { return m_buffer.size() - m_readPos; }
    bool failed() const { return m_failed; }

private:
    void compact();
    bool peekUtf8(qsizetype available);
    Event failPending(ProtocolError error);

    FrameParser m_parser;
    MessageAssembler m_assembler;
    QByteArray m_buffer;
    qsizetype m_readPos = 0;
    qsizetype m_writeStart = -1; // buffer size before prepareWrite(), -1 when none pending
    qsizetype m_needed = 0;      // bytes the frame at m_readPos needs; skips re-parsing
    bool m_failed = false;
    ProtocolError m_error = ProtocolError::None;
    Event m_errorEvent; // repeated by next() once failed
    // RFC 6455 §8.1 fail fast inside a text frame that is still arriving.
    FrameHeader m_pendingHeader;
    bool m_peekActive = false;
    quint64 m_peekChecked = 0; // payload bytes of the pending frame already validated
    Utf8Validator m_peekUtf8;
};

} // namespace framescope
