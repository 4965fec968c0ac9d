#include "protocolerror.h"

#include "closecode.h"

namespace framescope {

quint16 closeCodeFor(ProtocolError error)
{
    switch (error) {
    case ProtocolError::None:
        return CloseNormal;
    case ProtocolError::InvalidCloseReason:
    case ProtocolError::InvalidUtf8:
    case ProtocolError::InflateFailed:
        return CloseMessageError;
    case ProtocolError::FrameTooBig:
    case ProtocolError::MessageTooBig:
        return CloseMessageTooBig;
    case ProtocolError::ReservedOpcode:
    case ProtocolError::RsvBitsNotNegotiated:
    case ProtocolError::UnmaskedClientFrame:
    case ProtocolError::MaskedServerFrame:
    case ProtocolError::ControlFrameTooLong:
    case ProtocolError::FragmentedControlFrame:
    case ProtocolError::LengthMsbSet:
    case ProtocolError::NonMinimalLength:
    case ProtocolError::ClosePayloadTooShort:
    case ProtocolError::InvalidCloseCode:
    case ProtocolError::ContinuationWithoutStart:
    case ProtocolError::NewMessageInsideFragmented:
    case ProtocolError::Rsv1OnContinuation:
    case ProtocolError::Rsv1OnControlFrame:
        return CloseProtocolError;
    }
    return CloseProtocolError;
}

QString describe(ProtocolError error)
{
    switch (error) {
    case ProtocolError::None:
        return QStringLiteral("No error");
    case ProtocolError::ReservedOpcode:
        return QStringLiteral("RFC 6455 §5.2: the frame uses a reserved opcode (0x3-0x7 or "
                              "0xB-0xF)");
    case ProtocolError::RsvBitsNotNegotiated:
        return QStringLiteral("RFC 6455 §5.2: RSV1-3 must be 0 unless a negotiated extension "
                              "defines them");
    case ProtocolError::UnmaskedClientFrame:
        return QStringLiteral("RFC 6455 §5.1: a client must mask every frame it sends to the "
                              "server");
    case ProtocolError::MaskedServerFrame:
        return QStringLiteral("RFC 6455 §5.1: a server must not mask the frames it sends to the "
                              "client");
    case ProtocolError::ControlFrameTooLong:
        return QStringLiteral("RFC 6455 §5.5: a control frame's payload must be 125 bytes or "
                              "less");
    case ProtocolError::FragmentedControlFrame:
        return QStringLiteral("RFC 6455 §5.5: control frames must not be fragmented (FIN must "
                              "be 1)");
    case ProtocolError::LengthMsbSet:
        return QStringLiteral("RFC 6455 §5.2: the most significant bit of a 64-bit payload "
                              "length must be 0");
    case ProtocolError::NonMinimalLength:
        return QStringLiteral("RFC 6455 §5.2: the payload length must use the minimal number "
                              "of bytes");
    case ProtocolError::FrameTooBig:
        return QStringLiteral("The frame's payload is larger than the maximum frame size");
    case ProtocolError::ClosePayloadTooShort:
        return QStringLiteral("RFC 6455 §5.5.1: a close payload must be empty or start with a "
                              "2-byte status code; it was 1 byte");
    case ProtocolError::InvalidCloseCode:
        return QStringLiteral("RFC 6455 §7.4: the close frame carries a status code that must "
                              "not be sent on the wire");
    case ProtocolError::InvalidCloseReason:
        return QStringLiteral("RFC 6455 §5.5.1: the close reason must be valid UTF-8");
    case ProtocolError::ContinuationWithoutStart:
        return QStringLiteral("RFC 6455 §5.4: a continuation frame arrived without a "
                              "fragmented message to continue");
    case ProtocolError::NewMessageInsideFragmented:
        return QStringLiteral("RFC 6455 §5.4: a new text or binary frame arrived before the "
                              "fragmented message was finished");
    case ProtocolError::InvalidUtf8:
        return QStringLiteral("RFC 6455 §8.1: a text message must be valid UTF-8");
    case ProtocolError::MessageTooBig:
        return QStringLiteral("The message is larger than the maximum message size");
    case ProtocolError::Rsv1OnContinuation:
        return QStringLiteral("RFC 7692 §6.1: RSV1 may only be set on the first frame of a "
                              "message");
    case ProtocolError::Rsv1OnControlFrame:
        return QStringLiteral("RFC 7692 §6.1: control frames must not have RSV1 set (they are "
                              "never compressed)");
    case ProtocolError::InflateFailed:
        return QStringLiteral("RFC 7692 §7.2.2: the compressed payload is not a valid DEFLATE "
                              "stream");
    }
    return QStringLiteral("Unknown protocol error");
}

const char *errorKey(ProtocolError error)
{
    switch (error) {
    case ProtocolError::None:
        return "none";
    case ProtocolError::ReservedOpcode:
        return "reserved_opcode";
    case ProtocolError::RsvBitsNotNegotiated:
        return "rsv_bits_not_negotiated";
    case ProtocolError::UnmaskedClientFrame:
        return "unmasked_client_frame";
    case ProtocolError::MaskedServerFrame:
        return "masked_server_frame";
    case ProtocolError::ControlFrameTooLong:
        return "control_frame_too_long";
    case ProtocolError::FragmentedControlFrame:
        return "fragmented_control_frame";
    case ProtocolError::LengthMsbSet:
        return "length_msb_set";
    case ProtocolError::NonMinimalLength:
        return "non_minimal_length";
    case ProtocolError::FrameTooBig:
        return "frame_too_big";
    case ProtocolError::ClosePayloadTooShort:
        return "close_payload_too_short";
    case ProtocolError::InvalidCloseCode:
        return "invalid_close_code";
    case ProtocolError::InvalidCloseReason:
        return "invalid_close_reason";
    case ProtocolError::ContinuationWithoutStart:
        return "continuation_without_start";
    case ProtocolError::NewMessageInsideFragmented:
        return "new_message_inside_fragmented";
    case ProtocolError::InvalidUtf8:
        return "invalid_utf8";
    case ProtocolError::MessageTooBig:
        return "message_too_big";
    case ProtocolError::Rsv1OnContinuation:
        return "rsv1_on_continuation";
    case ProtocolError::Rsv1OnControlFrame:
        return "rsv1_on_control_frame";
    case ProtocolError::InflateFailed:
        return "inflate_failed";
    }
    return "unknown";
}

} // namespace framescope
