#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

#include <optional>

namespace framescope {

// The head of an HTTP/1.1 request (RFC 7230 §3), as received.
struct HttpRequestHead
{
    QByteArray method;
    QByteArray target;                            // request-target as sent, e.g. "/chat?x=1"
    QByteArray version;                           // "HTTP/1.1"
    QList<QPair<QByteArray, QByteArray>> headers; // in order, names as sent, values trimmed
    QByteArray raw; // the exact bytes of the head, including the final CRLF CRLF

    // Case-insensitive; repeated headers joined with ", " (RFC 7230 §3.2.2).
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    QList<QByteArray> headerValues(QByteArrayView name) const;
    // Comma-separated list elements of every occurrence, trimmed, empty ones dropped.
    QList<QByteArray> headerTokens(QByteArrayView name) const;
    qint64 contentLength() const; // -1 when absent, -2 when invalid
};

// Incremental parser for a request head. Feed any split; consumes nothing past the head
// (the body or the first WebSocket frame stays with the caller).
class HttpRequestParser final
{
public:
    enum class Status : quint8 { NeedMore, Complete, Error };
    enum class Error : quint8 {
        None,
        HeadTooLarge,      // 431 Request Header Fields Too Large
        BadRequestLine,    // 400
        BadHeaderLine,     // 400
        UnsupportedVersion // 505
    };
    struct Result
    {
        Status status = Status::NeedMore;
        qsizetype consumed = 0; // bytes of this feed that belong to the head
        Error error = Error::None;
        int httpStatus = 0;
        QByteArray message; // human sentence naming what was wrong
    };

    explicit HttpRequestParser(qsizetype maxHeadSize = 16 * 1024) : m_maxHeadSize(maxHeadSize) {}
    Result feed(QByteArrayView bytes);
    const HttpRequestHead &head() const { return m_head; }
    void reset();

private:
    Result feedHead(QByteArrayView bytes);
    Result parseHead(bool requestLineOnly);

    qsizetype m_maxHeadSize;
    QByteArray m_buffer;
    HttpRequestHead m_head;
    bool m_done = false;
    bool m_requestLineChecked = false; // the early request-line check ran once
    Result m_failure;                  // the first error, repeated by later feeds
};

// RFC 6455 §4.2.1 checks of an opening handshake.
struct UpgradeCheck
{
    bool isUpgradeAttempt = false; // has "Upgrade: websocket": not a plain HTTP request
    bool ok = false;
    int httpStatus = 0;                                // 400, 405, 426 … when !ok
    QByteArray message;                                // names the header and value that failed
    QList<QPair<QByteArray, QByteArray>> extraHeaders; // e.g. Sec-WebSocket-Version: 13
};
UpgradeCheck checkUpgradeRequest(const HttpRequestHead &head);

// RFC 7230 §3.2.6: a non-empty run of tchar (header names, methods, subprotocols).
bool isHttpToken(QByteArrayView s);

// RFC 6455 §1.3 / §4.2.2: base64(SHA-1(key + GUID)).
QByteArray computeAcceptKey(QByteArrayView secWebSocketKey);

// RFC 6455 §4.2.2: the first offered subprotocol the server supports (case-sensitive),
// or an empty array.
QByteArray selectSubprotocol(const QList<QByteArray> &offered, const QList<QByteArray> &supported);

// RFC 6455 §9.1 Sec-WebSocket-Extensions grammar: extension-list of
// token *( ";" token [ "=" (token | quoted-string) ] ).
struct ExtensionParam
{
    QByteArray name;
    std::optional<QByteArray> value; // unquoted
};
struct ExtensionOffer
{
    QByteArray name;
    QList<ExtensionParam> params;
};
// nullopt when the header does not follow the grammar.
std::optional<QList<ExtensionOffer>> parseExtensionOffers(const QList<QByteArray> &headerValues);

// The 101 response head for `head` (Upgrade, Connection, Sec-WebSocket-Accept, and the
// given subprotocol/extensions/extra headers when not empty).
QByteArray buildSwitchingProtocolsResponse(const HttpRequestHead &head, QByteArrayView subprotocol,
                                           QByteArrayView extensions,
                                           const QList<QPair<QByteArray, QByteArray>> &extra);

} // namespace framescope
