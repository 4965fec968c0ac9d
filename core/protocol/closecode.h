#pragma once

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

namespace framescope {

// RFC 6455 §7.4.1 status codes with the Swoole constant names (WEBSOCKET_CLOSE_*).
enum CloseCode : quint16 {
    CloseNormal = 1000,
    CloseGoingAway = 1001,
    CloseProtocolError = 1002,
    CloseDataError = 1003,
    CloseStatusError = 1005, // "no status received": never on the wire
    CloseAbnormal = 1006,    // connection lost without a close frame: never on the wire
    CloseMessageError = 1007,
    ClosePolicyError = 1008,
    CloseMessageTooBig = 1009,
    CloseExtensionMissing = 1010,
    CloseServerError = 1011,
    CloseTls = 1015, // never on the wire
};

// One row of the close-code table shared by the codec, the GUI and the logs.
struct CloseCodeInfo
{
    quint16 code;
    const char *constantName; // e.g. "WEBSOCKET_CLOSE_NORMAL"; "" for ranges
    const char *meaning;      // English; translated at the UI edge
    bool sendable;            // may appear in a close frame on the wire (RFC 6455 §7.4, IANA)
    // Registered with IANA after RFC 6455 (1012-1014): valid, though a strict RFC 6455 peer
    // may refuse them.
    bool ianaRegistered = false;
};

// The named codes, in ascending order.
const std::vector<CloseCodeInfo> &closeCodeTable();
// The named row for `code`, or a synthesised one for ranges (3000-3999 registered,
// 4000-4999 private use, others reserved/invalid).
CloseCodeInfo closeCodeInfo(quint16 code);

// RFC 6455 §7.4 and IANA: codes a peer may put in a close frame: 1000-1003, 1007-1014,
// 3000-4999.
bool isValidWireCloseCode(quint16 code);
// Swoole's disconnect(): 1000 or 4000-4999.
bool isApplicationCloseCode(quint16 code);
// The "send close" rule of the window and the control API: every code valid on the wire by
// RFC 6455 §7.4 and the IANA registry (1000-1003, 1007-1014, 3000-4999), from the table.
bool isSendableCloseCode(quint16 code);
// Why `code` cannot be sent by that rule; empty when it can.
QString sendCloseCodeViolation(quint16 code);
// Why `code` must not be sent, e.g. "1005 must not be sent on the wire"; empty when valid.
QString closeCodeViolation(quint16 code);

// The payload of a close frame: empty, or a 2-byte code plus a UTF-8 reason.
struct CloseFrame
{
    quint16 code = CloseStatusError; // 1005 when the payload was empty
    QByteArray reason;

    // RFC 6455 §5.5.1: max 125 bytes of payload, so the reason is at most 123 bytes.
    static constexpr int MaxReasonBytes = 123;
    QByteArray toPayload() const; // empty for 1005
};

} // namespace framescope
