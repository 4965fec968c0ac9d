#pragma once

#include <QString>

namespace framescope {

// Every way a peer can break RFC 6455 / RFC 7692 or one of our limits. One value per
// rule, mapped to the close code in closeCodeFor() and to a sentence in describe().
enum class ProtocolError : quint8 {
    None,
    // One frame (FrameParser), RFC 6455 §5.2 / §5.5
    ReservedOpcode,         // 1002
    RsvBitsNotNegotiated,   // 1002: RSV1-3 set without an extension defining them
    UnmaskedClientFrame,    // 1002: §5.1 client frames MUST be masked
    MaskedServerFrame,      // 1002: §5.1 server frames MUST NOT be masked
    ControlFrameTooLong,    // 1002: §5.5 payload <= 125
    FragmentedControlFrame, // 1002: §5.5 control frames MUST NOT be fragmented
    LengthMsbSet,           // 1002: §5.2 64-bit length MUST have the MSB 0
    NonMinimalLength,       // 1002: §5.2 the minimal number of bytes MUST be used
    FrameTooBig,            // 1009: max frame size option
    // Close payload, RFC 6455 §5.5.1 / §7.4
    ClosePayloadTooShort, // 1002: a 1-byte close payload
    InvalidCloseCode,     // 1002: a code that must not be on the wire
    InvalidCloseReason,   // 1007: reason is not UTF-8
    // Sequence of frames (MessageAssembler), RFC 6455 §5.4 / §8.1
    ContinuationWithoutStart,   // 1002
    NewMessageInsideFragmented, // 1002: data frame while a fragmented message is open
    InvalidUtf8,                // 1007
    MessageTooBig,              // 1009: max message size option (also after inflating)
    // RFC 7692
    Rsv1OnContinuation, // 1002: §6.1 RSV1 only on the first frame of a message
    Rsv1OnControlFrame, // 1002: §6.1 control frames are never compressed
    InflateFailed,      // 1007: compressed payload is not a valid DEFLATE stream
};

quint16 closeCodeFor(ProtocolError error);
// A sentence naming the rule, e.g. "RFC 6455 §5.5: control frame payload is 126 bytes,
// more than 125". English; translated at the UI edge.
QString describe(ProtocolError error);
// A stable identifier for logs and JSON: "reserved_opcode", "invalid_utf8", …
const char *errorKey(ProtocolError error);

} // namespace framescope
