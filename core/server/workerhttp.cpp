// Worker: the HTTP phase, plain requests and the opening handshake.

#include "worker.h"

#include "httpresponse.h"
#include "workerconfig.h"

namespace framescope {

namespace {

QByteArray percentDecode(QByteArray value)
{
    value.replace('+', ' ');
    return QByteArray::fromPercentEncoding(value);
}

} // namespace

// ---------------------------------------------------------------------------------------
// Worker: HTTP and the opening handshake

void Worker::feedHttp(Connection *c, QByteArrayView bytes)
{
    const ServerOptions &o = m_core->options;
    while (!bytes.isEmpty() && !c->dead && !c->finished && !c->closeAfterFlush &&
           c->phase == Connection::Phase::Http) {
        if (c->chunked) {
            const ChunkedDecoder::Result r = c->chunked->feed(bytes);
            if (r.status == ChunkedDecoder::Status::Error) {
                const HttpRequestHead head = c->http->head();
                rejectHandshake(c, &head, r.httpStatus, r.message);
                return;
            }
            bytes = bytes.sliced(r.consumed);
            if (r.status == ChunkedDecoder::Status::Complete) {
                c->body = c->chunked->takeBody();
                c->chunked.reset();
                handleHttpRequest(c);
            }
            continue;
        }
        if (c->haveHead) {
            const qsizetype take = qMin<qsizetype>(c->bodyNeeded - c->body.size(), bytes.size());
            c->body.append(bytes.first(take));
            bytes = bytes.sliced(take);
            if (c->body.size() == c->bodyNeeded)
                handleHttpRequest(c);
            continue;
        }
        const HttpRequestParser::Result r = c->http->feed(bytes);
        if (r.status == HttpRequestParser::Status::NeedMore)
            return;
        if (r.status == HttpRequestParser::Status::Error) {
            rejectHandshake(c, nullptr, r.httpStatus ? r.httpStatus : 400, r.message);
            return;
        }
        bytes = bytes.sliced(r.consumed);
        const HttpRequestHead head = c->http->head();
        const UpgradeCheck check = checkUpgradeRequest(head);
        if (check.isUpgradeAttempt) {
            handleUpgrade(c, head, check, bytes);
            return;
        }
        if (c->overLimit) {
            rejectHandshake(c, &head, 503,
                            QByteArray("max_connection (") + QByteArray::number(o.max_connection) +
                                ") reached");
            return;
        }
        if (head.hasHeader("Transfer-Encoding")) {
            // RFC 9112 §6.1: with both, the framing is ambiguous (request smuggling).
            if (head.hasHeader("Content-Length")) {
                rejectHandshake(c, &head, 400,
                                "both Transfer-Encoding and Content-Length (RFC 9112 §6.1)");
                return;
            }
            // RFC 9112 §6.1: a coding we do not implement gets 501; chunked must be last.
            const QList<QByteArray> codings = head.headerTokens("Transfer-Encoding");
            if (codings.size() != 1 || codings.front().toLower() != "chunked") {
                rejectHandshake(c, &head, 501,
                                "Transfer-Encoding \"" + head.header("Transfer-Encoding") +
                                    "\" is not supported; send chunked or Content-Length");
                return;
            }
            c->haveHead = true;
            c->body.clear();
            c->chunked = std::make_unique<ChunkedDecoder>(o.http_max_body_size);
            continue;
        }
        const qint64 length = head.contentLength();
        if (length == -2) {
            rejectHandshake(c, &head, 400, "invalid Content-Length");
            return;
        }
        if (length > o.http_max_body_size) {
            rejectHandshake(c, &head, 413,
                            QByteArray("request body of ") + QByteArray::number(length) +
                                " bytes exceeds http_max_body_size (" +
                                QByteArray::number(o.http_max_body_size) + ")");
            return;
        }
        c->haveHead = true;
        c->bodyNeeded = qMax<qint64>(0, length);
        c->body.clear();
        if (c->bodyNeeded == 0)
            handleHttpRequest(c);
    }
}

HttpRequest Worker::makeRequest(Connection *c, const HttpRequestHead &head, const QByteArray &body)
{
    HttpRequest req;
    req.fd = c->fd;
    req.method = head.method;
    const qsizetype q = head.target.indexOf('?');
    req.uri = q < 0 ? head.target : head.target.left(q);
    req.queryString = q < 0 ? QByteArray() : head.target.mid(q + 1);
    req.protocol = head.version;
    for (const auto &h : head.headers) {
        const QByteArray name = h.first.toLower();
        auto it = req.header.find(name);
        if (it == req.header.end())
            req.header.insert(name, h.second);
        else
            it.value() += ", " + h.second; // RFC 7230 §3.2.2
    }
    if (!req.queryString.isEmpty()) {
        for (const QByteArray &pair : req.queryString.split('&')) {
            if (pair.isEmpty())
                continue;
            const qsizetype eq = pair.indexOf('=');
            const QByteArray key = percentDecode(eq < 0 ? pair : pair.left(eq));
            req.get.insert(key, eq < 0 ? QByteArray() : percentDecode(pair.mid(eq + 1)));
        }
    }
    req.rawContent = body;
    req.rawHead = head.raw;
    req.remoteAddress = c->shared->peerAddress;
    req.remotePort = c->shared->peerPort;
    req.masterTimeMs = m_nowMs;
    return req;
}

void Worker::handleUpgrade(Connection *c, const HttpRequestHead &head, const UpgradeCheck &check,
                           QByteArrayView rest)
{
    const ServerOptions &o = m_core->options;
    if (c->overLimit) {
        rejectHandshake(c, &head, 503,
                        QByteArray("max_connection (") + QByteArray::number(o.max_connection) +
                            ") reached");
        return;
    }
    setStatus(c, StatusHandshake);
    const HttpRequest request = makeRequest(c, head, {});

    if (m_core->onHandshake) {
        // A custom handshake replaces the built-in one (Swoole onHandShake): open is not
        // fired; the handler may defer() its own open logic.
        HttpResponse response;
        enterUserCode();
        const bool ok = m_core->onHandshake(request, response);
        leaveUserCode();
        if (c->dead || c->finished)
            return;
        if (response.isClosed()) {
            finish(c, 0, {}, Initiator::Server, ProtocolError::None,
                   QStringLiteral("handshake handler closed the connection"));
            hardClose(c);
            return;
        }
        if (ok && response.statusCode() == 101 && response.isEnded()) {
            const QByteArray responseHead = buildHttpResponse(response, false, false);
            QByteArray sub;
            QByteArray ext;
            for (const auto &h : response.headers()) {
                if (h.first.compare("Sec-WebSocket-Protocol", Qt::CaseInsensitive) == 0)
                    sub = h.second;
                else if (h.first.compare("Sec-WebSocket-Extensions", Qt::CaseInsensitive) == 0)
                    ext = h.second;
            }
            writeRaw(c, responseHead);
            becomeActive(c, head, responseHead, sub, ext, nullptr);
            if (!rest.isEmpty() && !c->dead)
                feedWebSocket(c, rest);
            return;
        }
        QByteArray responseHead;
        if (response.isEnded()) {
            if (response.statusCode() == 101)
                response.status(400); // a 101 that the handler itself rejected
            const QByteArray bytes = buildHttpResponse(response, true, false);
            responseHead = bytes;
            writeRaw(c, bytes);
        }
        if (observing()) {
            EventRecord &rec = addRecord(EventRecord::Kind::HandshakeRejected, c);
            rec.requestHead = head.raw;
            rec.responseHead = responseHead;
            rec.httpStatus = response.isEnded() ? response.statusCode() : 0;
            rec.text = QStringLiteral("rejected by the handshake handler");
        }
        finish(c, 0, {}, Initiator::Server, ProtocolError::None,
               QStringLiteral("rejected by the handshake handler"));
        closeAfterFlush(c);
        return;
    }

    if (!check.ok) {
        rejectHandshake(c, &head, check.httpStatus ? check.httpStatus : 400, check.message,
                        check.extraHeaders);
        return;
    }

    if (m_core->onHandshakeFault) {
        enterUserCode();
        const std::optional<QByteArray> fault = m_core->onHandshakeFault(request);
        leaveUserCode();
        if (c->dead || c->finished)
            return;
        if (fault) {
            // A scenario's wrong answer, exactly as given; then read as a WebSocket
            // connection, so that what the client still sends is recorded and judged.
            writeRaw(c, *fault);
            becomeActive(c, head, *fault, {}, {}, nullptr);
            openAndFeed(c, request, rest);
            return;
        }
    }

    QList<QPair<QByteArray, QByteArray>> extra;
    if (m_core->onBeforeHandshakeResponse) {
        HttpResponse response;
        enterUserCode();
        m_core->onBeforeHandshakeResponse(request, response);
        leaveUserCode();
        if (c->dead || c->finished)
            return;
        // Ended with a redirect or error status: the handler refuses the handshake, through
        // the same path as the server's own refusals (HTTP answer, HandshakeRejected, close).
        // Asked before the negotiation below, so a refusal builds no deflate state.
        if (response.isEnded() && response.statusCode() >= 300) {
            rejectHandshake(c, &head, response.statusCode(), response.body().trimmed(),
                            response.headers());
            return;
        }
        extra = response.headers();
    }

    // RFC 6455 §4.2.2: the server may only select a subprotocol the client offered (a
    // browser fails the handshake otherwise), so websocket_subprotocol is echoed only when
    // offered. Swoole sends it unconditionally; we follow the RFC.
    QByteArray subprotocol;
    if (!o.websocket_subprotocol.isEmpty()) {
        const QByteArray configured = o.websocket_subprotocol.toUtf8();
        subprotocol = selectSubprotocol(head.headerTokens("Sec-WebSocket-Protocol"), {configured});
    }
    QByteArray extensions;
    std::unique_ptr<PerMessageDeflate> pmd;
    if (o.websocket_compression && head.hasHeader("Sec-WebSocket-Extensions")) {
        const auto offers = parseExtensionOffers(head.headerValues("Sec-WebSocket-Extensions"));
        if (offers) {
            DeflateConfig config;
            config.serverMaxWindowBits = o.websocket_server_max_window_bits;
            config.compressionLevel = o.websocket_compression_level;
            const DeflateNegotiation n = negotiatePerMessageDeflate(*offers, config);
            if (n.accepted) {
                extensions = n.responseValue;
                pmd = std::make_unique<PerMessageDeflate>(n.params, Role::Server,
                                                          o.websocket_compression_level);
            }
        }
    }
    const QByteArray responseHead =
        buildSwitchingProtocolsResponse(head, subprotocol, extensions, extra);
    writeRaw(c, responseHead);
    becomeActive(c, head, responseHead, subprotocol, extensions, std::move(pmd));
    openAndFeed(c, request, rest);
}

void Worker::openAndFeed(Connection *c, const HttpRequest &request, QByteArrayView rest)
{
    if (m_core->onOpen && !c->finished) {
        enterUserCode();
        m_core->onOpen(*m_core->q, request);
        leaveUserCode();
    }
    if (!rest.isEmpty() && !c->dead && !c->finished)
        feedWebSocket(c, rest);
}

void Worker::becomeActive(Connection *c, const HttpRequestHead &head,
                          const QByteArray &responseHead, const QByteArray &subprotocol,
                          const QByteArray &extensions, std::unique_ptr<PerMessageDeflate> pmd)
{
    const ServerOptions &o = m_core->options;
    c->phase = Connection::Phase::WebSocket;
    c->http.reset();
    c->decoder = std::make_unique<FrameDecoder>(Role::Server);
    c->decoder->parser().setMaxFrameSize(quint64(o.websocket_max_frame_size));
    c->decoder->assembler().setMaxMessageSize(quint64(o.websocket_max_message_size));
    c->pmd = std::move(pmd);
    if (c->pmd) {
        // RFC 7692 §6: permessage-deflate defines RSV1 ("compressed").
        c->decoder->parser().setAllowedRsvFlags(FlagRsv1);
        c->decoder->assembler().setInflater(c->pmd.get());
    }
    {
        QMutexLocker locker(&c->shared->mutex);
        c->shared->subprotocol = subprotocol;
        c->shared->extensions = extensions;
        c->shared->compression = c->pmd != nullptr;
        c->shared->requestHead = head.raw;
        c->shared->responseHead = responseHead;
    }
    if (observing()) {
        EventRecord &rec = addRecord(EventRecord::Kind::HandshakeAccepted, c);
        rec.requestHead = head.raw;
        rec.responseHead = responseHead;
        rec.subprotocol = subprotocol;
        rec.extensions = extensions;
        rec.method = head.method;
        rec.uri = head.target;
        rec.httpStatus = 101;
        rec.tls = c->shared->tls;
    }
    setStatus(c, StatusActive);
}

void Worker::handleHttpRequest(Connection *c)
{
    const HttpRequestHead head = c->http->head();
    const QByteArray body = std::move(c->body);
    c->body = QByteArray();
    c->haveHead = false;
    c->http->reset();
    // RFC 7230 §6.3: HTTP/1.1 is persistent unless "Connection: close"; 1.0 closes.
    bool keepAlive = head.version == "HTTP/1.1";
    for (const QByteArray &token : head.headerTokens("Connection")) {
        if (token.compare("close", Qt::CaseInsensitive) == 0)
            keepAlive = false;
    }

    HttpResponse response;
    if (m_core->onRequest) {
        const HttpRequest request = makeRequest(c, head, body);
        enterUserCode();
        m_core->onRequest(request, response);
        leaveUserCode();
        if (c->dead || c->finished)
            return;
        if (response.isClosed()) {
            if (observing()) {
                EventRecord &rec = addRecord(EventRecord::Kind::HttpRequest, c);
                rec.method = head.method;
                rec.uri = head.target;
                rec.requestHead = head.raw;
            }
            finish(c, 0, {}, Initiator::Server, ProtocolError::None,
                   QStringLiteral("closed by the request handler"));
            hardClose(c);
            return;
        }
    } else {
        // Swoole: without a request handler a plain HTTP request gets an HTTP 400 page.
        response.status(400);
        response.header("Content-Type", "text/html; charset=utf-8");
        response.end("<html><head><title>400 Bad Request</title></head><body>"
                     "<h1>400 Bad Request</h1><p>This is a WebSocket server.</p></body></html>\n");
    }
    for (const auto &h : response.headers()) {
        if (h.first.compare("Connection", Qt::CaseInsensitive) == 0 &&
            h.second.toLower().contains("close"))
            keepAlive = false;
    }
    const QByteArray bytes = buildHttpResponse(response, true, keepAlive, head.method == "HEAD");
    writeRaw(c, bytes);
    if (observing()) {
        EventRecord &rec = addRecord(EventRecord::Kind::HttpRequest, c);
        rec.method = head.method;
        rec.uri = head.target;
        rec.httpStatus = response.statusCode();
        rec.tls = c->shared->tls;
        rec.requestHead = head.raw;
        rec.responseHead = bytes.left(bytes.indexOf("\r\n\r\n") + 4);
    }
    if (!keepAlive) {
        finish(c, 0, {}, Initiator::Server);
        closeAfterFlush(c);
    } else {
        c->handshakeDeadlineMs = m_nowMs + m_core->options.handshake_timeout_ms;
        addDeadline(c->handshakeDeadlineMs, c->fd);
    }
}

void Worker::rejectHandshake(Connection *c, const HttpRequestHead *head, int status,
                             const QByteArray &message,
                             const QList<QPair<QByteArray, QByteArray>> &extra)
{
    HttpResponse response;
    response.status(status);
    for (const auto &h : extra)
        response.header(h.first, h.second);
    if (!response.hasHeader("Content-Type"))
        response.header("Content-Type", "text/plain; charset=utf-8");
    response.end(message + '\n');
    const QByteArray bytes = buildHttpResponse(response, true, false);
    writeRaw(c, bytes);
    if (observing()) {
        EventRecord &rec = addRecord(EventRecord::Kind::HandshakeRejected, c);
        rec.httpStatus = status;
        rec.tls = c->shared->tls;
        rec.text = QString::fromUtf8(message);
        if (head) {
            rec.requestHead = head->raw;
            rec.method = head->method;
            rec.uri = head->target;
        }
        rec.responseHead = bytes.left(bytes.indexOf("\r\n\r\n") + 4);
    }
    finish(c, 0, {}, Initiator::Server, ProtocolError::None, QString::fromUtf8(message));
    closeAfterFlush(c);
}

} // namespace framescope
