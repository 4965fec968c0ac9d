#pragma once

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QPair>

#include <atomic>

namespace framescope {

struct HttpRequest;
class HttpResponse;
class WebSocketServer;
struct Frame;

// What the window changes on a running server without a restart: the message mode and the
// opening handshake (reject the next ones, extra response headers, the subprotocol). The
// GUI thread sets it; the server's handlers read it in the worker thread, so every member
// is atomic or under the mutex. The handlers are installed once (before start()):
// WebSocketServer's handlers must not change while it runs.
class ServerControl final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerControl)

public:
    enum class Mode { Echo, Silent, Broadcast };
    // Which subprotocol a 101 names (RFC 6455 §4.2.2 Sec-WebSocket-Protocol).
    enum class Subprotocol {
        Settings,     // websocket_subprotocol when the client offered it (the server's own)
        FirstOffered, // the first one the client offered
        Named,        // this name, offered or not (a client must then fail: §4.1)
    };
    static constexpr int UntilCleared = -1;
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    explicit ServerControl(QObject *parent = nullptr);

    void setMode(Mode mode);
    Mode mode() const { return Mode(m_mode.load(std::memory_order_relaxed)); }

    // The next `count` handshakes (UntilCleared: all until clearRejection()) are answered
    // with `status` (300-599) instead of 101. False for a status outside 300-599 or a count
    // of 0 or below -1.
    bool rejectNext(int status, int count);
    void clearRejection();
    int rejectStatus() const;
    int rejectRemaining() const; // 0: off, UntilCleared, or how many are left
    qint64 rejectedTotal() const;

    // Extra headers of every 101 (beforeHandshakeResponse) and of a rejection.
    void setExtraHeaders(const Headers &headers);
    Headers extraHeaders() const;
    // "Name: value" per line; blank lines are skipped. False with the line and why.
    static bool isToken(const QByteArray &text); // RFC 7230 §3.2.6
    static bool parseHeaders(const QString &text, Headers &out, QString *error = nullptr);

    void setSubprotocol(Subprotocol choice, const QByteArray &name = {});
    Subprotocol subprotocolChoice() const;
    QByteArray subprotocolName() const;
    // websocket_subprotocol of the running server: it answers that one itself.
    void setConfiguredSubprotocol(const QByteArray &name);

    // Worker thread: the bodies of the server's beforeHandshakeResponse and message
    // handlers (the window installs them once, before start()). A rejection armed in the
    // window ends the response with its status: the server refuses the handshake.
    void beforeHandshakeResponse(const HttpRequest &request, HttpResponse &response);
    // Echo, broadcast or nothing, as the mode says (a message no scenario owns).
    void onMessage(WebSocketServer &server, const Frame &frame);

signals:
    void modeChanged(framescope::ServerControl::Mode mode);
    // A rejection happened or its settings changed (queued from the worker).
    void rejectionChanged();
    void handshakeRejected(int fd, int status);

private:
    std::atomic<int> m_mode{int(Mode::Echo)};
    mutable QMutex m_mutex;
    int m_rejectStatus = 0;
    int m_rejectRemaining = 0;
    qint64 m_rejectedTotal = 0;
    Headers m_headers;
    Subprotocol m_subprotocol = Subprotocol::Settings;
    QByteArray m_subprotocolName;
    QByteArray m_configuredSubprotocol;
};

QString modeName(ServerControl::Mode mode); // translated: "echo", "silent", "broadcast"

} // namespace framescope

Q_DECLARE_METATYPE(framescope::ServerControl::Mode)
