#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHostAddress>
#include <QList>
#include <QMap>
#include <QPair>

namespace framescope {

// Swoole\Http\Request: what a handler sees of an HTTP request (plain or upgrade).
struct HttpRequest
{
    int fd = 0;
    QByteArray method;
    QByteArray uri;                      // path without the query, e.g. "/connections/3"
    QByteArray queryString;              // without '?'
    QByteArray protocol;                 // "HTTP/1.1"
    QMap<QByteArray, QByteArray> header; // names lower-case, as Swoole's $request->header
    QMap<QByteArray, QByteArray> get;    // decoded query parameters
    QByteArray rawContent;               // body
    QByteArray rawHead;                  // the request head exactly as received
    QHostAddress remoteAddress;
    quint16 remotePort = 0;
    qint64 masterTimeMs = 0; // when the request was complete (ms since epoch)
};

// Swoole\Http\Response. Handlers run in the worker thread; whatever was set is sent
// when end() is called or, at the latest, when the handler returns.
class HttpResponse
{
public:
    void status(int code, const QByteArray &reason = {});
    void header(const QByteArray &name, const QByteArray &value);
    void write(const QByteArray &chunk); // appends to the body
    void end(const QByteArray &body = {});
    // Swoole $response->close(): drop the connection without a response (disconnect event).
    void close();

    int statusCode() const { return m_status; }
    QByteArray reasonPhrase() const { return m_reason; }
    const QList<QPair<QByteArray, QByteArray>> &headers() const { return m_headers; }
    QByteArray body() const { return m_body; }
    bool isEnded() const { return m_ended; }
    bool isClosed() const { return m_closed; }
    bool hasHeader(QByteArrayView name) const;

private:
    int m_status = 200;
    QByteArray m_reason;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    QByteArray m_body;
    bool m_ended = false;
    bool m_closed = false;
};

} // namespace framescope
