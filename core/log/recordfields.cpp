#include "recordfields.h"

#include "protocol/frame.h"
#include "protocol/utf8.h"

namespace framescope {

QString recordPeerText(const EventRecord &r)
{
    QHostAddress address = r.peerAddress;
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        address = QHostAddress(v4); // show ::ffff:127.0.0.1 as 127.0.0.1
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
                             : address.toString();
    return host + QLatin1Char(':') + QString::number(r.peerPort);
}

// Close code and reason of a close frame record: the server's decoded values when it
// set them, else decoded here from the payload (RFC 6455 §5.5.1: 2-byte code, then reason).
QPair<quint16, QByteArray> recordClose(const EventRecord &r)
{
    if (r.closeCode != 0)
        return {r.closeCode, r.closeReason};
    if (r.payload.size() >= 2) {
        const quint16 code = quint16((quint8(r.payload[0]) << 8) | quint8(r.payload[1]));
        return {code, r.payload.mid(2)};
    }
    return {0, {}};
}

// The payload is shown as text when it is meant as text and decodes as UTF-8.
bool recordPayloadIsText(const EventRecord &r)
{
    if (r.opcode == OpBinary || (r.kind == EventRecord::Kind::Frame && r.rsv1))
        return false;
    return Utf8Validator::isValid(r.payload);
}

qint64 recordTotalLength(const EventRecord &r)
{
    if (r.kind == EventRecord::Kind::Message)
        return r.messageLength > 0 ? r.messageLength : r.payload.size();
    return r.payloadLength > 0 ? r.payloadLength : r.payload.size();
}

const char *recordEventName(EventRecord::Kind kind)
{
    using K = EventRecord::Kind;
    switch (kind) {
    case K::ServerStarted:
        return "start";
    case K::ServerStopped:
        return "stop";
    case K::ServerError:
        return "error";
    case K::TcpConnected:
        return "connect";
    case K::HttpRequest:
        return "request";
    case K::HandshakeAccepted:
        return "open";
    case K::HandshakeRejected:
        return "handshake_rejected";
    case K::Frame:
        return "frame";
    case K::Message:
        return "message";
    case K::ProtocolError:
        return "protocol_error";
    case K::CloseStarted:
        return "closing";
    case K::Closed:
        return "close";
    case K::Disconnected:
        return "disconnect";
    case K::PingRtt:
        return "ping_rtt";
    case K::StatusChanged:
        return "status";
    case K::Dropped:
        return "dropped";
    case K::OperationFailed:
        return "error";
    }
    return "unknown";
}

} // namespace framescope
