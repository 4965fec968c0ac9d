#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QMetaType>
#include <QString>
#include <QVector>

#include <cstring>

#include <memory>

namespace framescope {

// websocket_status values, as Swoole's WEBSOCKET_STATUS_* (plus Closed for history).
enum WebSocketStatus : int {
    StatusConnection = 1, // TCP connected, waiting for the handshake
    StatusHandshake = 2,  // handshake in progress
    StatusActive = 3,     // established
    StatusClosing = 4,    // closing handshake in progress
    StatusClosed = 5,     // gone (GUI history only; not a Swoole value)
};
const char *websocketStatusName(int status); // "CONNECTION", "HANDSHAKE", …

enum class Direction : quint8 { In, Out };
// A facade call, as named in OperationFailed records and the logs ("push", "ping", …).
enum class Operation : quint8 { None, Push, Ping, Disconnect, SendClose, Close, Send, Broadcast };
const char *operationName(Operation operation);
enum class Initiator : quint8 { None, Server, Client, Abnormal };
// Names used by the event logs and the JSON Lines schema: "in"/"out";
// "server"/"client"/"abnormal"/"none".
const char *directionName(Direction direction);
const char *initiatorName(Initiator initiator);

// A peer address that costs nothing to construct: records are made by the million, and a
// default QHostAddress allocates its private data (a malloc and a free per frame record,
// the free on the observer's thread). Converts to and from QHostAddress.
class PeerAddress final
{
public:
    PeerAddress() = default;
    PeerAddress(const QHostAddress &address);                 // NOLINT(google-explicit-constructor)
    operator QHostAddress() const { return toHostAddress(); } // NOLINT
    QHostAddress toHostAddress() const;
    bool isNull() const { return m_protocol == Null; }
    QString toString() const { return toHostAddress().toString(); }
    friend bool operator==(const PeerAddress &a, const PeerAddress &b)
    {
        return a.m_protocol == b.m_protocol && memcmp(a.m_bytes, b.m_bytes, 16) == 0 &&
               a.m_scopeId == b.m_scopeId;
    }

private:
    enum Protocol : quint8 { Null, V4, V6 };
    quint8 m_bytes[16] = {}; // IPv4: the first four, in network order
    Protocol m_protocol = Null;
    QString m_scopeId; // IPv6 link-local zone; a null QString does not allocate
};

// One immutable record of something the server did or saw, for observers (GUI, logs).
// Handlers get the live objects; observers get these, in batches.
// TLS details of a connection; absent (nullptr / nullopt) for plain TCP.
struct TlsInfo
{
    QByteArray version;    // "TLSv1.3"
    QByteArray cipher;     // "TLS_AES_256_GCM_SHA384"
    QByteArray sni;        // the server name the client asked for; empty: none sent
    QByteArray alpn;       // the negotiated protocol; empty: none
    QString clientSubject; // client certificate subject (RFC 2253); empty: none presented
};

// The text of the Frame record of a raw frame a scenario sent as it is
// (WebSocketServer::sendFrame): how observers tell it from the server's own frames.
inline constexpr QLatin1String RawFrameRecordText("raw frame (scenario)");

struct EventRecord
{
    // Nothrow move: QList copies elements it cannot move without throwing (on growth and in
    // append(QList&&)).
    EventRecord() = default;
    EventRecord(const EventRecord &) = default;
    EventRecord(EventRecord &&) noexcept = default;
    EventRecord &operator=(const EventRecord &) = default;
    EventRecord &operator=(EventRecord &&) noexcept = default;
    ~EventRecord() = default;

    enum class Kind : quint8 {
        ServerStarted, // text: listening URL
        ServerStopped,
        ServerError,       // text: e.g. bind failure
        TcpConnected,      // peer address/port
        HttpRequest,       // method, uri, httpStatus of the answer
        HandshakeAccepted, // the open event: request/response heads, subprotocol, extensions
        HandshakeRejected, // httpStatus, text = reason
        Frame,             // a frame in or out (also invalid ones, with error set)
        Message,           // a complete data message delivered to the message handler
        ProtocolError,     // error, closeCode sent, text = rule
        CloseStarted,      // closing handshake started (initiator, code, reason)
        Closed,            // WebSocket connection gone: close event (code, reason, initiator)
        Disconnected,      // non-WebSocket connection gone: disconnect event
        PingRtt,           // rttUs of a ping we sent
        StatusChanged,     // status
        Dropped,           // observers fell behind: `count` records were dropped
        // A push, ping, disconnect, … that was refused or could not be done (synchronously
        // or after it was posted to the worker): operation, serverError, payloadLength (-1:
        // no payload), count = the value of the option at fault (0: none), text = sentence.
        OperationFailed,
    };

    Kind kind = Kind::Frame;
    // OperationFailed (in the padding after `kind`: records are made by the million)
    Operation operation = Operation::None;
    quint8 serverError = 0; // framescope::ServerError
    // Microseconds since epoch. Records of the bytes of one read share the time they were
    // read; a handler's pushes, and whatever follows a handler, read the clock again unless
    // the last reading is under 10 us old (core/server/fastclock.h), which they then share.
    qint64 timeUs = 0;
    int fd = 0;

    // Frame / Message
    Direction direction = Direction::In;
    quint8 opcode = 0;
    bool fin = true;
    bool rsv1 = false;
    bool rsv2 = false;
    bool rsv3 = false;
    bool masked = false;
    qint64 wireLength = 0;    // header + payload on the wire
    qint64 payloadLength = 0; // payload on the wire (compressed size when rsv1)
    qint64 messageLength = 0; // Message: reassembled, inflated size
    int fragments = 0;        // Message: frames it was made of
    QByteArray payload;       // up to the observer payload limit, unmasked, inflated for Message
    bool payloadTruncated = false;

    // Close / error
    quint16 closeCode = 0;
    QByteArray closeReason;
    Initiator initiator = Initiator::None;
    quint8 protocolError = 0; // framescope::ProtocolError
    qint64 closeHandshakeUs = -1;

    // Connection
    int status = 0;
    PeerAddress peerAddress; // not on Frame, Message, PingRtt and StatusChanged records
    quint16 peerPort = 0;
    QByteArray requestHead;  // exactly as received
    QByteArray responseHead; // exactly as sent
    QByteArray subprotocol;
    QByteArray extensions; // negotiated Sec-WebSocket-Extensions value
    QByteArray method;
    QByteArray uri;
    int httpStatus = 0;
    qint64 rttUs = -1;
    qint64 count = 0; // Dropped: records lost; OperationFailed: the option's value
    QString text;
    // HandshakeAccepted, HttpRequest, HandshakeRejected of a TLS connection (shared: one
    // per connection).
    std::shared_ptr<const TlsInfo> tls;
};

using EventBatch = QVector<EventRecord>;
// Held = in flight for the server's observer queue: see WebSocketServer::events().
using EventBatchPtr = std::shared_ptr<const EventBatch>;

} // namespace framescope

Q_DECLARE_METATYPE(framescope::EventBatchPtr)
