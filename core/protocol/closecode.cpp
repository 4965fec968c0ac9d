#include "closecode.h"

namespace framescope {

const std::vector<CloseCodeInfo> &closeCodeTable()
{
    // RFC 6455 §7.4.1 with the Swoole constant names (WEBSOCKET_CLOSE_*).
    static const std::vector<CloseCodeInfo> table = {
        {1000, "WEBSOCKET_CLOSE_NORMAL",
         "Normal closure: the purpose of the connection was fulfilled", true},
        {1001, "WEBSOCKET_CLOSE_GOING_AWAY",
         "Going away: server shutting down or client leaving the page", true},
        {1002, "WEBSOCKET_CLOSE_PROTOCOL_ERROR", "Protocol error", true},
        {1003, "WEBSOCKET_CLOSE_DATA_ERROR",
         "Unsupported data: a type of data the endpoint cannot accept", true},
        {1004, "", "Reserved: must not be used", false},
        {1005, "WEBSOCKET_CLOSE_STATUS_ERROR",
         "No status code received: the close frame had no payload", false},
        {1006, "WEBSOCKET_CLOSE_ABNORMAL",
         "Abnormal closure: the connection was lost without a close frame", false},
        {1007, "WEBSOCKET_CLOSE_MESSAGE_ERROR",
         "Invalid payload data: e.g. non-UTF-8 data in a text message", true},
        {1008, "WEBSOCKET_CLOSE_POLICY_ERROR", "Policy violation", true},
        {1009, "WEBSOCKET_CLOSE_MESSAGE_TOO_BIG", "Message too big to process", true},
        {1010, "WEBSOCKET_CLOSE_EXTENSION_MISSING",
         "Mandatory extension: the server did not negotiate an extension the client requires",
         true},
        {1011, "WEBSOCKET_CLOSE_SERVER_ERROR",
         "Internal error: an unexpected condition prevented the request", true},
        {1012, "", "Service restart (IANA registry; not in RFC 6455)", true, true},
        {1013, "", "Try again later (IANA registry; not in RFC 6455)", true, true},
        {1014, "", "Bad gateway (IANA registry; not in RFC 6455)", true, true},
        {1015, "WEBSOCKET_CLOSE_TLS", "TLS handshake failure: must not be sent on the wire", false},
    };
    return table;
}

CloseCodeInfo closeCodeInfo(quint16 code)
{
    for (const CloseCodeInfo &row : closeCodeTable()) {
        if (row.code == code)
            return row;
    }
    if (code >= 3000 && code <= 3999)
        return {code, "", "Registered for libraries, frameworks and applications (IANA)", true};
    if (code >= 4000 && code <= 4999)
        return {code, "", "Private use: application-defined", true};
    if (code < 1000)
        return {code, "", "Invalid: codes below 1000 are not used", false};
    return {code, "", "Reserved for future versions of the protocol", false};
}

// RFC 6455 §7.4.1/§7.4.2 and the IANA registry the RFC set up: only these codes may appear
// in a close frame. 1012-1014 were registered after the RFC; browsers, Node ws and
// python-websockets accept them, and so does this server (the window sends them, and the
// peer's echo must not be a protocol error).
bool isValidWireCloseCode(quint16 code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
           (code >= 3000 && code <= 4999);
}

bool isApplicationCloseCode(quint16 code)
{
    return code == CloseNormal || (code >= 4000 && code <= 4999);
}

bool isSendableCloseCode(quint16 code)
{
    return closeCodeInfo(code).sendable;
}

QString sendCloseCodeViolation(quint16 code)
{
    return isSendableCloseCode(code) ? QString() : closeCodeViolation(code);
}

QString closeCodeViolation(quint16 code)
{
    if (isValidWireCloseCode(code))
        return {};
    if (code == 1005 || code == 1006 || code == 1015)
        return QStringLiteral("%1 must not be sent on the wire (RFC 6455 §7.4.1)").arg(code);
    if (code < 1000)
        return QStringLiteral("%1 is below 1000: not a close code (RFC 6455 §7.4.2)").arg(code);
    if (code >= 5000)
        return QStringLiteral("%1 is above 4999: not a close code (RFC 6455 §7.4.2)").arg(code);
    return QStringLiteral("%1 is reserved and must not be sent (RFC 6455 §7.4.2)").arg(code);
}

QByteArray CloseFrame::toPayload() const
{
    if (code == CloseStatusError)
        return {};
    QByteArray payload;
    payload.reserve(2 + reason.size());
    payload.append(char(code >> 8));
    payload.append(char(code & 0xff));
    payload.append(reason);
    return payload;
}

} // namespace framescope
