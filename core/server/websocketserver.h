#pragma once

#include "events.h"
#include "http.h"
#include "serveroptions.h"

#include "../protocol/closecode.h"
#include "../protocol/frame.h"
#include "../protocol/rawframe.h"

#include <QHostAddress>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace framescope {

class ServerCore; // worker side, private

// Swoole getClientInfo() / connection_info(): a consistent snapshot of one connection.
struct ClientInfo
{
    int fd = 0;
    int websocket_status = 0; // WebSocketStatus
    QHostAddress remoteAddress;
    quint16 remotePort = 0;
    qint64 connectTimeMs = 0; // ms since epoch
    qint64 lastTimeMs = 0;    // last data received
    QByteArray subprotocol;
    QByteArray extensions; // negotiated Sec-WebSocket-Extensions value
    bool compression = false;
    QByteArray requestHead;  // handshake request as received
    QByteArray responseHead; // handshake response as sent
    qint64 framesIn = 0, framesOut = 0;
    qint64 bytesIn = 0, bytesOut = 0;
    qint64 lastRttUs = -1;
    // TLS version, cipher, SNI, ALPN, client certificate subject; nullopt for plain TCP
    // (and while the TLS handshake is still running).
    std::optional<TlsInfo> tls;
};

// Why a facade call returned false.
enum class ServerError : quint8 {
    None,
    NotRunning,
    UnknownFd,
    NotEstablished,
    PayloadTooLarge, // over buffer_output_size
    InvalidCloseCode,
    ReasonTooLong,
    InvalidOpcode,
    InvalidArgument,
};
const char *serverErrorKey(ServerError error); // "unknown_fd", …
QString serverErrorText(ServerError error);
// The option that caused the error ("buffer_output_size"), or "".
const char *serverErrorOption(ServerError error);

// A WebSocket + HTTP server with the semantics of Swoole's WebSocket\Server. Sockets live
// in worker thread(s); handlers run there (synchronously, the fast path). Every method is
// callable from any thread. Observers get EventBatchPtr through the queued signal events().
class WebSocketServer : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebSocketServer)

public:
    using OpenHandler = std::function<void(WebSocketServer &, const HttpRequest &)>;
    // frame.data is the handler's to copy (a QByteArray copy shares it, no bytes move); a
    // pointer or view into it is valid only during the call, as the server reuses a payload
    // buffer no one kept for the next message.
    using MessageHandler = std::function<void(WebSocketServer &, const Frame &)>;
    using CloseHandler = std::function<void(WebSocketServer &, int fd)>;
    using DisconnectHandler = std::function<void(WebSocketServer &, int fd)>;
    using RequestHandler = std::function<void(const HttpRequest &, HttpResponse &)>;
    // Returns false to reject. Must set status 101 and end() to accept.
    using HandshakeHandler = std::function<bool(const HttpRequest &, HttpResponse &)>;
    using BeforeHandshakeResponseHandler = std::function<void(const HttpRequest &, HttpResponse &)>;
    // Scenario primitive: a wrong answer to a valid upgrade request (bytes written exactly
    // as returned instead of the built-in 101), or nullopt for the normal handshake.
    using HandshakeFaultHandler = std::function<std::optional<QByteArray>(const HttpRequest &)>;

    explicit WebSocketServer(QObject *parent = nullptr);
    ~WebSocketServer() override; // stops

    // Set before start().
    void set(const ServerOptions &options);
    ServerOptions options() const;
    void onOpen(OpenHandler handler);
    void onMessage(MessageHandler handler);
    void onClose(CloseHandler handler);
    void onDisconnect(DisconnectHandler handler);
    void onRequest(RequestHandler handler);
    void onHandshake(HandshakeHandler handler);
    // Adds headers to the built-in 101 (Swoole). A handler that end()s the response with a
    // status of 300 or more refuses the handshake instead: that status, its headers and body
    // go out, the connection closes, and observers get a HandshakeRejected record.
    void onBeforeHandshakeResponse(BeforeHandshakeResponseHandler handler);
    // Runs (worker thread) before the built-in handshake answers a valid request. After a
    // returned fault response the connection is read as a WebSocket connection and the open
    // handler runs, so that whatever the client still sends is recorded (a client must
    // fail the connection instead: RFC 6455 §4.1). Not called with a custom onHandshake.
    void onHandshakeFault(HandshakeFaultHandler handler);

    // Observer records: off by default (costs time). Payload bytes kept per record.
    void setObserverEnabled(bool enabled, int payloadLimit = 64 * 1024);
    bool isObserverEnabled() const;

    // Binds and starts the worker(s). false + errorString() on failure ("port 9501 on
    // 127.0.0.1 is already in use", "no message handler set", bad option, …).
    bool start(const QHostAddress &host, quint16 port);
    // Closes every connection with 1001, waits for closing handshakes up to close_timeout_ms.
    void stop();
    // The same without blocking the caller (a GUI): returns at once, stopped() follows when
    // every peer has answered or close_timeout_ms has passed. start() meanwhile finishes it.
    void stopAsync();
    bool isRunning() const;  // false as soon as a stop begins
    bool isStopping() const; // closing handshakes of a stop still running
    QString errorString() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const; // the bound port (useful with port 0)
    // The workers' I/O backend, "epoll", "kqueue" or "portable": the platform's own, or what
    // the environment variable FRAMESCOPE_IO names (start() fails on a name not built here).
    QString ioBackend() const;

    // Swoole methods. false and lastError() when it cannot be done. Every call that cannot
    // be done, at once or when its worker runs it (the connection closed meanwhile), is
    // also an OperationFailed record for observers, with the reason and the option at fault.
    // flags: FlagFin (absent: a fragmented message continues with OpContinuation),
    // FlagCompress on a message's first push (permessage-deflate when negotiated: whole
    // messages of at least websocket_compression_min_size, fragmented messages always;
    // their continuations are compressed in the same stream, RSV1 on the first frame only),
    // FlagRsv1-3 set those bits as given (torture scenarios).
    bool push(int fd, const QByteArray &data, int opcode = OpText, int flags = FlagFin);
    bool push(int fd, const Frame &frame); // opcode/fin/data; rsv1 asks for compression
    bool ping(int fd, const QByteArray &payload = {});
    bool exist(int fd) const;
    bool isEstablished(int fd) const;
    // Closing handshake with code 1000 or 4000-4999 and a UTF-8 reason. Swoole documents
    // 125 bytes, but code + reason must fit a 125-byte control frame: over 123 is refused.
    bool disconnect(int fd, int code = CloseNormal, const QByteArray &reason = {});
    // Swoole Server::close(): drop the TCP connection (no close frame when reset).
    bool close(int fd, bool reset = false);
    // Sends a close frame with any code (GUI reply to a held close, torture tests).
    bool sendClose(int fd, int code, const QByteArray &reason);
    std::optional<ClientInfo> clientInfo(int fd) const; // getClientInfo()
    std::vector<int> connections() const;               // $server->connections: every fd
    // Pushes to every established connection but exceptFd (0: none); returns how many.
    // A payload no push could send (opcode, size) is refused once: 0 and lastError().
    int broadcast(const QByteArray &data, int opcode = OpText, int flags = FlagFin,
                  int exceptFd = 0);
    // Runs `fn` on the worker's next loop iteration ($server->defer).
    void defer(std::function<void()> fn);
    // Raw bytes to a connection (Swoole send(); torture scenarios).
    bool send(int fd, const QByteArray &bytes);
    ServerError lastError() const; // of the calling thread's last failed call

    // Scenario primitives: make a client face what breaks clients (docs/scenarios.md).
    // Each goes through the connection's worker queue, in order with push(), ping(),
    // send() and disconnect() made before it from the same thread; the server's own state
    // (fragmentation, closing handshake) is not changed by a raw frame.
    //
    // A frame exactly as given: any FIN/RSV/opcode, masked or not, any length form, also
    // invalid ones. It is a Frame record like any other (text "raw frame (scenario)").
    // false + InvalidArgument when the payload does not fit the chosen length form.
    bool sendFrame(int fd, const RawFrame &frame);
    // `bytes` written `chunkSize` bytes at a time, one write every `intervalMs`. Output
    // queued later from the same caller goes out after the last chunk only if the caller
    // waits (dripDuration()); the drip itself never reorders bytes.
    bool drip(int fd, const QByteArray &bytes, int chunkSize, int intervalMs);
    static int dripDuration(qsizetype bytes, int chunkSize, int intervalMs)
    {
        return chunkSize <= 0 ? 0 : int((bytes + chunkSize - 1) / chunkSize) * intervalMs;
    }
    // Stop (true) or resume (false) reading the socket: the client's sends back up in the
    // kernel buffers. Output still goes out.
    bool holdReading(int fd, bool hold);
    // Calls `done` on the connection's worker with the bytes the kernel holds unread for
    // the connection's socket (FIONREAD: what the client sent that the server has not read,
    // e.g. while holdReading; TLS records as they came), -1 when it cannot be read. false:
    // unknown fd or the connection is closed (`done` is not called).
    bool receiveQueue(int fd, std::function<void(qint64 bytes)> done);
    // Do not answer the client's close frame (RFC 6455 §5.5.1 says the server must): the
    // client has to give up on its own. No close_timeout_ms either: the caller ends the
    // connection (close()).
    bool holdClose(int fd, bool hold);
    // shutdown(SHUT_WR) once the queued output is written: the client reads EOF without a
    // close frame, the server still reads what the client sends.
    bool halfClose(int fd);
    // Dropping TCP without a close frame: close(fd) (FIN) or close(fd, true) (RST).

    // Swoole WebSocket\Server::pack / unpack.
    static QByteArray pack(const QByteArray &data, int opcode = OpText, int flags = FlagFin);
    static std::optional<Frame> unpack(const QByteArray &data);
    // Swoole CloseFrame code/reason of a close frame delivered with open_websocket_close_frame
    // (code 1005 and an empty reason for an empty payload).
    static CloseFrame parseCloseFrame(const Frame &frame);

signals:
    // Queued to the receiver's thread, every few ms while something happened (or at once
    // when a batch is full). A batch counts as in flight until every copy of the pointer
    // is gone, and with 64 in flight the server records nothing more (a Dropped record
    // counts what was lost): an observer that keeps records for long copies them, not the
    // pointer (FrameLogModel copies the rows it shows).
    void events(framescope::EventBatchPtr batch);
    void started();
    void stopped();

private:
    friend class InlineServer; // a worker on the caller's thread (fuzzer, tests)
    void pollStop();
    void completeStop(); // waits out the closing handshakes (bounded), then finishStop()
    void finishStop();

    std::unique_ptr<ServerCore> d;
};

} // namespace framescope
