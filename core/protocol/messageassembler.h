#pragma once

#include "frame.h"
#include "frameparser.h"
#include "protocolerror.h"
#include "utf8.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace framescope {

// Hook for permessage-deflate (deflate.h implements it). Fragments of one compressed
// message arrive in order; `out` gets the inflated bytes appended, never more than
// `maxOutput` in this call: the assembler passes the room left in the message's size limit,
// so MessageTooBig means the whole message would pass it.
class MessageInflater
{
public:
    virtual ~MessageInflater() = default;
    virtual ProtocolError inflate(QByteArrayView fragment, bool lastFragment, qint64 maxOutput,
                                  QByteArray &out) = 0;
};

// Rules of a sequence of frames (RFC 6455 §5.4 fragmentation, §8.1 UTF-8, size caps,
// RFC 7692 §6.1 RSV1 placement). Control frames may interleave and come straight back.
class MessageAssembler final
{
public:
    struct Result
    {
        bool messageComplete = false;
        // Complete message: opcode TEXT/BINARY (or the control opcode), fin = true,
        // rsv1 = it was compressed, data = reassembled (and inflated) payload.
        Frame message;
        int fragments = 0;     // frames that made up the message
        quint64 wireBytes = 0; // payload bytes as received (compressed size)
        ProtocolError error = ProtocolError::None;
    };

    void setMaxMessageSize(quint64 bytes) { m_maxMessageSize = bytes; }
    quint64 maxMessageSize() const { return m_maxMessageSize; }
    // nullptr: compression not negotiated, RSV1 is an error.
    void setInflater(MessageInflater *inflater) { m_inflater = inflater; }

    // Takes one valid frame (as from FrameParser) and applies the sequence rules:
    // begin() and end() in one.
    Result add(const Frame &frame);
    // The same; an unfragmented, uncompressed message takes the frame's data without a
    // reference-count update (the data member is left empty then).
    Result add(Frame &&frame);

    // The same in steps, for a frame still arriving (FrameDecoder): begin() applies every
    // rule its header decides and opens the message a data frame starts; addPartial() takes
    // the payload that has arrived so far, unmasked and in order, and checks it at once
    // (text is validated and compressed data inflated as it arrives, RFC 6455 §8.1 fail
    // fast); end() takes the complete frame and skips what addPartial() already took.
    // After an error the sequence is reset; begin() must come before the others.
    ProtocolError begin(const FrameHeader &header);
    ProtocolError addPartial(QByteArrayView payload);
    Result end(const Frame &frame);
    // end() without a copy of the frame: when the frame completes a message, the message
    // is the frame itself (a control frame, an unfragmented uncompressed message) and
    // `assembled` stays empty, or it is the reassembled (inflated) one put in `assembled`.
    struct Completion
    {
        ProtocolError error = ProtocolError::None;
        bool messageComplete = false;
        int fragments = 0;     // frames that made up the message
        quint64 wireBytes = 0; // payload bytes as received (compressed size)
    };
    Completion end(const Frame &frame, std::optional<Frame> &assembled);
    // Whether addPartial() does anything for the frame begun: text or compressed data.
    bool wantsPartial() const { return m_frameData && (m_compressed || m_opcode == OpText); }

    // Whether a frame with this (valid) header is a whole message that needs no state of
    // the sequence: unfragmented, uncompressed text or binary outside a fragmented message,
    // within the message limit. Such a frame may skip begin() and end(): what they would
    // still check is that text is valid UTF-8 (Utf8Validator::isValid()); the message is
    // the frame itself.
    bool isWholeMessage(const FrameHeader &h) const
    {
        return !m_inMessage && h.fin && !h.rsv1 && quint8(h.opcode - OpText) <= OpBinary - OpText &&
               h.payloadLength <= m_maxMessageSize;
    }

    bool inMessage() const { return m_inMessage; }
    void reset();

private:
    static Result resultOf(const Completion &c, std::optional<Frame> &assembled, Frame &&frame);
    ProtocolError fail(ProtocolError error);
    // Inflates `input` onto the message; text output is validated before an inflate error
    // counts, so the verdict is the same however the payload was split.
    ProtocolError inflate(QByteArrayView input, bool last);

    MessageInflater *m_inflater = nullptr;
    quint64 m_maxMessageSize = 64 * 1024 * 1024;
    bool m_inMessage = false;
    bool m_compressed = false;
    quint8 m_opcode = 0;
    int m_fragments = 0;
    quint64 m_wireBytes = 0;
    QByteArray m_buffer;
    Utf8Validator m_utf8;
    // The frame begun: a data frame (not a control frame), and the payload bytes of it
    // that addPartial() took.
    bool m_frameData = false;
    bool m_frameStarts = false;
    quint64 m_partial = 0;
};

} // namespace framescope
