#include "controlapi.h"

#include "eventlog.h"
#include "log/clientidentity.h"
#include "protocol/closecode.h"
#include "server/scenarios.h"
#include "server/websocketserver.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

#include <climits>
#include <cmath>
#include <initializer_list>
#include <optional>

namespace framescope {
namespace {

void sendJson(HttpResponse &response, int status, const QByteArray &json)
{
    response.status(status); // the server adds the RFC 7231 reason phrase
    response.header("Content-Type", "application/json");
    response.header("Cache-Control", "no-store");
    response.end(json + '\n');
}

// {"error": key, "message": sentence[, "field": name]}
struct ApiError
{
    int status;
    QByteArray key;
    QString message;
    QByteArray field;
};

void sendError(HttpResponse &response, const ApiError &e)
{
    OrderedJson j;
    j.add("error", e.key).add("message", e.message);
    if (!e.field.isEmpty())
        j.add("field", e.field);
    sendJson(response, e.status, j.toJson());
}

int statusFor(ServerError error)
{
    switch (error) {
    case ServerError::UnknownFd:
        return 404;
    case ServerError::NotEstablished:
        return 409;
    case ServerError::PayloadTooLarge:
        return 413;
    case ServerError::InvalidCloseCode:
        return 422;
    case ServerError::NotRunning:
        return 503;
    case ServerError::ReasonTooLong:
    case ServerError::InvalidOpcode:
    case ServerError::InvalidArgument:
    case ServerError::None:
        break;
    }
    return 400;
}

const char *fieldFor(ServerError error)
{
    switch (error) {
    case ServerError::ReasonTooLong:
        return "reason";
    case ServerError::InvalidOpcode:
        return "opcode";
    case ServerError::InvalidCloseCode:
        return "code";
    case ServerError::UnknownFd:
    case ServerError::NotEstablished:
        return "fd";
    default:
        return "";
    }
}

ApiError facadeError(ServerError error, int fd)
{
    QString message = serverErrorText(error);
    if (error == ServerError::UnknownFd)
        message = QStringLiteral("no connection with fd %1").arg(fd);
    else if (error == ServerError::NotEstablished)
        message =
            QStringLiteral("connection %1 is not an established WebSocket connection").arg(fd);
    return {statusFor(error), serverErrorKey(error), message, fieldFor(error)};
}

// A payload the facade refused (size, or a control frame over 125 bytes), for `field`.
ApiError payloadError(ServerError error, qsizetype size, const ServerOptions &options,
                      const char *field)
{
    if (error == ServerError::PayloadTooLarge)
        return {413, serverErrorKey(error),
                QStringLiteral("the payload is %1 bytes, more than buffer_output_size (%2)")
                    .arg(size)
                    .arg(options.buffer_output_size),
                field};
    if (error == ServerError::InvalidArgument)
        return {400, "invalid_field",
                QStringLiteral("field '%1' is %2 bytes; a control frame carries at most 125")
                    .arg(QLatin1String(field))
                    .arg(size),
                field};
    return facadeError(error, 0);
}

QString peerOf(const QHostAddress &address, quint16 port)
{
    QHostAddress a = address;
    bool isV4 = false;
    const quint32 v4 = a.toIPv4Address(&isV4);
    if (isV4)
        a = QHostAddress(v4);
    const QString host = a.protocol() == QAbstractSocket::IPv6Protocol
                             ? QLatin1Char('[') + a.toString() + QLatin1Char(']')
                             : a.toString();
    return host + QLatin1Char(':') + QString::number(port);
}

QString isoMs(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs)
                  : QString();
}

QByteArray connectionJson(const ClientInfo &c)
{
    bool isV4 = false;
    const quint32 v4 = c.remoteAddress.toIPv4Address(&isV4);
    const ClientIdentity id = ClientIdentity::fromRequestHead(c.requestHead);
    OrderedJson j;
    j.add("fd", c.fd)
        .add("peer", peerOf(c.remoteAddress, c.remotePort))
        .add("remote_ip", isV4 ? QHostAddress(v4).toString() : c.remoteAddress.toString())
        .add("remote_port", int(c.remotePort))
        .add("uri", id.target)
        .add("origin", id.origin)
        .add("user_agent", id.userAgent)
        .add("websocket_status", c.websocket_status)
        .add("websocket_status_name", websocketStatusName(c.websocket_status))
        .add("subprotocol", c.subprotocol)
        .add("compression", c.compression)
        .add("extensions", c.extensions)
        .add("frames_in", c.framesIn)
        .add("frames_out", c.framesOut)
        .add("bytes_in", c.bytesIn)
        .add("bytes_out", c.bytesOut)
        .add("connect_time", isoMs(c.connectTimeMs))
        .add("last_time", isoMs(c.lastTimeMs))
        .add("rtt_us", c.lastRttUs)
        .addRaw("tls", tlsJson(c.tls ? &*c.tls : nullptr));
    return j.toJson();
}

// The JSON body of a POST, field by field, with errors that name the field.
class Body final
{
public:
    std::optional<ApiError> parse(const QByteArray &raw)
    {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(raw, &error);
        if (error.error != QJsonParseError::NoError)
            return ApiError{400,
                            "bad_json",
                            QStringLiteral("the body is not valid JSON: %1 at offset %2")
                                .arg(error.errorString())
                                .arg(error.offset),
                            {}};
        if (!doc.isObject())
            return ApiError{400, "bad_json", QStringLiteral("the body must be a JSON object"), {}};
        m_object = doc.object();
        return std::nullopt;
    }

    // A field the route does not know is refused, not ignored: "fn": false would otherwise
    // be a final frame the client never asked for (as the --config loader does).
    std::optional<ApiError> onlyFields(const QByteArray &route,
                                       std::initializer_list<const char *> known) const
    {
        QStringList names;
        for (const char *name : known)
            names << QLatin1String(name);
        for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
            if (names.contains(it.key()))
                continue;
            return ApiError{
                400, "unknown_field",
                QStringLiteral("unknown field '%1' in the body of POST %2; it takes "
                               "%3")
                    .arg(it.key(), QString::fromUtf8(route), names.join(QStringLiteral(", "))),
                it.key().toUtf8()};
        }
        return std::nullopt;
    }

    std::optional<ApiError> integer(const char *field, qint64 min, qint64 max, qint64 &out,
                                    bool required) const
    {
        const QJsonValue v = m_object.value(QLatin1String(field));
        if (v.isUndefined()) {
            if (!required)
                return std::nullopt;
            return fieldError(
                field,
                QStringLiteral("field '%1' is required: an integer").arg(QLatin1String(field)));
        }
        const double d = v.toDouble();
        if (!v.isDouble() || d != std::floor(d) || d < double(min) || d > double(max))
            return fieldError(field, QStringLiteral("field '%1' must be an integer from %2 to %3")
                                         .arg(QLatin1String(field))
                                         .arg(min)
                                         .arg(max));
        out = qint64(d);
        return std::nullopt;
    }

    std::optional<ApiError> boolean(const char *field, bool &out) const
    {
        const QJsonValue v = m_object.value(QLatin1String(field));
        if (v.isUndefined())
            return std::nullopt;
        if (!v.isBool())
            return fieldError(
                field,
                QStringLiteral("field '%1' must be true or false").arg(QLatin1String(field)));
        out = v.toBool();
        return std::nullopt;
    }

    std::optional<ApiError> string(const char *field, QByteArray &out, bool &present) const
    {
        const QJsonValue v = m_object.value(QLatin1String(field));
        present = !v.isUndefined();
        if (!present)
            return std::nullopt;
        if (!v.isString())
            return fieldError(
                field, QStringLiteral("field '%1' must be a string").arg(QLatin1String(field)));
        out = v.toString().toUtf8();
        return std::nullopt;
    }

    // data (UTF-8 text) or data_base64 (any bytes); `binary` says which one was given.
    std::optional<ApiError> data(QByteArray &out, bool &binary, bool required) const
    {
        bool hasText = false;
        bool hasBase64 = false;
        QByteArray base64;
        if (auto e = string("data", out, hasText))
            return e;
        if (auto e = string("data_base64", base64, hasBase64))
            return e;
        if (hasText && hasBase64)
            return fieldError("data_base64",
                              QStringLiteral("give either 'data' or 'data_base64', not both"));
        binary = hasBase64;
        if (hasBase64) {
            const auto decoded =
                QByteArray::fromBase64Encoding(base64, QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded)
                return fieldError("data_base64",
                                  QStringLiteral("field 'data_base64' is not valid base64"));
            out = *decoded;
        }
        if (required && !hasText && !hasBase64)
            return fieldError("data", QStringLiteral("field 'data' (text) or 'data_base64' "
                                                     "(bytes) is required"));
        return std::nullopt;
    }

private:
    static ApiError fieldError(const char *field, const QString &message)
    {
        return ApiError{400, "invalid_field", message, field};
    }

    QJsonObject m_object;
};

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

void methodNotAllowed(HttpResponse &response, const char *allowed)
{
    response.header("Allow", allowed);
    sendError(response, {405,
                         "method_not_allowed",
                         QStringLiteral("this route accepts %1 only").arg(QLatin1String(allowed)),
                         {}});
}

} // namespace

ControlApi::ControlApi(WebSocketServer &server, const AppConfig &config)
    : m_server(server), m_token(config.controlToken.toUtf8())
{
    if (m_token.isEmpty() && !config.host.isLoopback())
        m_disabledReason =
            QStringLiteral("the control API is off: framescope listens on %1, which is not a "
                           "loopback address, and no --control-token was given")
                .arg(config.hostText);
}

void ControlApi::handle(const HttpRequest &request, HttpResponse &response) const
{
    if (!isEnabled()) {
        sendError(response, {403, "control_api_disabled", m_disabledReason, {}});
        return;
    }
    if (!m_token.isEmpty()) {
        const QByteArray given = request.header.value("authorization");
        if (!constantTimeEquals(given, "Bearer " + m_token)) {
            response.header("WWW-Authenticate", "Bearer realm=\"framescope\"");
            sendError(response,
                      {401,
                       "unauthorized",
                       given.isEmpty() ? QStringLiteral("send 'Authorization: Bearer TOKEN' with "
                                                        "the --control-token value")
                                       : QStringLiteral("the bearer token does not match"),
                       {}});
            return;
        }
    }
    route(request, response);
}

void ControlApi::route(const HttpRequest &request, HttpResponse &response) const
{
    QByteArray path = request.uri;
    if (path.size() > 1 && path.endsWith('/'))
        path.chop(1);
    const QByteArray &method = request.method;
    const bool get = method == "GET";
    const bool post = method == "POST";

    if (path == "/") {
        if (!get)
            return methodNotAllowed(response, "GET");
        if (request.get.contains("message")) {
            // The Swoole example: GET /?message=TEXT pushes TEXT to every established client.
            const QByteArray text = request.get.value("message");
            const int sent = m_server.broadcast(text, OpText);
            if (sent == 0 && m_server.lastError() == ServerError::PayloadTooLarge)
                return sendError(response, payloadError(m_server.lastError(), text.size(),
                                                        m_server.options(), "message"));
            OrderedJson j;
            j.add("sent", sent);
            return sendJson(response, 200, j.toJson());
        }
        OrderedJson j;
        j.add("name", "framescope")
            .add("version", FRAMESCOPE_VERSION)
            .addRaw("routes", "[\"GET /connections\",\"GET /connections/{fd}\",\"POST /push\","
                              "\"POST /broadcast\",\"POST /ping\",\"POST /disconnect\","
                              "\"GET /?message=TEXT\",\"GET /scenarios\",\"GET /report?agent=ID\","
                              "\"POST /scenario\"]");
        return sendJson(response, 200, j.toJson());
    }

    if (path == "/connections") {
        if (!get)
            return methodNotAllowed(response, "GET");
        QByteArray list("[");
        bool first = true;
        for (const int fd : m_server.connections()) {
            const auto info = m_server.clientInfo(fd);
            if (!info)
                continue; // gone between the two calls
            if (!first)
                list.append(',');
            first = false;
            list.append(connectionJson(*info));
        }
        list.append(']');
        return sendJson(response, 200, list);
    }

    if (path.startsWith("/connections/")) {
        if (!get)
            return methodNotAllowed(response, "GET");
        bool ok = false;
        const int fd = path.mid(int(qstrlen("/connections/"))).toInt(&ok);
        if (!ok || fd <= 0)
            return sendError(
                response,
                {404, "unknown_fd",
                 QStringLiteral("'%1' is not a connection id").arg(QString::fromUtf8(path.mid(13))),
                 "fd"});
        const auto info = m_server.clientInfo(fd);
        if (!info)
            return sendError(response, facadeError(ServerError::UnknownFd, fd));
        return sendJson(response, 200, connectionJson(*info));
    }

    if (routeScenarios(path, request, response))
        return;

    const bool isPush = path == "/push";
    const bool isBroadcast = path == "/broadcast";
    const bool isPing = path == "/ping";
    const bool isDisconnect = path == "/disconnect";
    if (!isPush && !isBroadcast && !isPing && !isDisconnect)
        return sendError(response,
                         {404,
                          "not_found",
                          QStringLiteral("no route %1 %2; GET / lists the routes")
                              .arg(QString::fromUtf8(method), QString::fromUtf8(request.uri)),
                          {}});
    if (!post)
        return methodNotAllowed(response, "POST");

    Body body;
    if (auto e = body.parse(request.rawContent))
        return sendError(response, *e);
    std::optional<ApiError> unknown;
    if (isPush)
        unknown = body.onlyFields(path, {"fd", "data", "data_base64", "opcode", "fin", "compress"});
    else if (isBroadcast)
        unknown = body.onlyFields(path, {"data", "data_base64", "opcode"});
    else if (isPing)
        unknown = body.onlyFields(path, {"fd", "payload"});
    else
        unknown = body.onlyFields(path, {"fd", "code", "reason"});
    if (unknown)
        return sendError(response, *unknown);

    qint64 fd = 0;
    if (!isBroadcast) {
        if (auto e = body.integer("fd", 1, INT_MAX, fd, true))
            return sendError(response, *e);
    }

    if (isPush || isBroadcast) {
        QByteArray data;
        bool binary = false;
        if (auto e = body.data(data, binary, true))
            return sendError(response, *e);
        qint64 opcode = binary ? OpBinary : OpText;
        if (auto e = body.integer("opcode", 0, 15, opcode, false))
            return sendError(response, *e);
        const char *dataField = binary ? "data_base64" : "data";
        // The facade checks the payload (and records what it refuses for the event log).
        if (isBroadcast) {
            if (opcode != OpText && opcode != OpBinary)
                return sendError(response,
                                 {400, "invalid_field",
                                  QStringLiteral("field 'opcode' must be 1 (text) or 2 (binary)"),
                                  "opcode"});
            const int sent = m_server.broadcast(data, int(opcode));
            if (sent == 0 && m_server.lastError() == ServerError::PayloadTooLarge)
                return sendError(response, payloadError(m_server.lastError(), data.size(),
                                                        m_server.options(), dataField));
            OrderedJson j;
            j.add("sent", sent);
            return sendJson(response, 200, j.toJson());
        }
        bool fin = true;
        bool compress = false;
        if (auto e = body.boolean("fin", fin))
            return sendError(response, *e);
        if (auto e = body.boolean("compress", compress))
            return sendError(response, *e);
        const int flags = (fin ? FlagFin : 0) | (compress ? FlagCompress : 0);
        // A compressed push to a connection without permessage-deflate would go out
        // uncompressed: say so instead of "ok".
        if (compress) {
            const std::optional<ClientInfo> info = m_server.clientInfo(int(fd));
            if (info && info->websocket_status == StatusActive && !info->compression)
                return sendError(response, {409, "compression_not_negotiated",
                                            QStringLiteral("connection %1 did not negotiate "
                                                           "permessage-deflate: \"compress\": true "
                                                           "cannot be honoured")
                                                .arg(fd),
                                            "compress"});
        }
        if (!m_server.push(int(fd), data, int(opcode), flags)) {
            const ServerError error = m_server.lastError();
            if (error == ServerError::PayloadTooLarge || error == ServerError::InvalidArgument)
                return sendError(response,
                                 payloadError(error, data.size(), m_server.options(), dataField));
            return sendError(response, facadeError(error, int(fd)));
        }
        OrderedJson j;
        j.add("ok", true).add("fd", fd).add("opcode", opcode).add("length", qint64(data.size()));
        return sendJson(response, 200, j.toJson());
    }

    if (isPing) {
        QByteArray payload;
        bool present = false;
        if (auto e = body.string("payload", payload, present))
            return sendError(response, *e);
        if (!m_server.ping(int(fd), payload)) {
            // RFC 6455 §5.5: control frame payloads are at most 125 bytes.
            if (m_server.lastError() == ServerError::InvalidArgument)
                return sendError(response, {400, "invalid_field",
                                            QStringLiteral("field 'payload' is %1 bytes; a ping "
                                                           "carries at most 125")
                                                .arg(payload.size()),
                                            "payload"});
            return sendError(response, facadeError(m_server.lastError(), int(fd)));
        }
        OrderedJson j;
        j.add("ok", true).add("fd", fd);
        return sendJson(response, 200, j.toJson());
    }

    // POST /disconnect
    qint64 code = CloseNormal;
    if (auto e = body.integer("code", 0, 65535, code, false))
        return sendError(response, *e);
    QByteArray reason;
    bool hasReason = false;
    if (auto e = body.string("reason", reason, hasReason))
        return sendError(response, *e);
    // The window's rule: any code valid on the wire (RFC 6455 §7.4, IANA). Swoole's
    // disconnect() takes 1000 and 4000-4999; the others go out with sendClose().
    if (!isSendableCloseCode(quint16(code)))
        return sendError(response,
                         {422, serverErrorKey(ServerError::InvalidCloseCode),
                          QStringLiteral("close code %1 cannot be sent: %2; a close frame "
                                         "carries 1000-1003, 1007-1014 or 3000-4999")
                              .arg(code)
                              .arg(sendCloseCodeViolation(quint16(code))),
                          "code"});
    const bool done = isApplicationCloseCode(quint16(code))
                          ? m_server.disconnect(int(fd), int(code), reason)
                          : m_server.sendClose(int(fd), int(code), reason);
    if (!done) {
        switch (m_server.lastError()) {
        case ServerError::ReasonTooLong:
            return sendError(response, {400, "invalid_field",
                                        QStringLiteral("field 'reason' is %1 bytes; a close "
                                                       "reason carries at most %2")
                                            .arg(reason.size())
                                            .arg(CloseFrame::MaxReasonBytes),
                                        "reason"});
        default:
            return sendError(response, facadeError(m_server.lastError(), int(fd)));
        }
    }
    OrderedJson j;
    j.add("ok", true).add("fd", fd).add("code", code).add("reason", reason);
    sendJson(response, 200, j.toJson());
}

bool ControlApi::routeScenarios(const QByteArray &path, const HttpRequest &request,
                                HttpResponse &response) const
{
    const bool list = path == "/scenarios";
    const bool report = path == "/report";
    const bool run = path == "/scenario";
    if (!list && !report && !run)
        return false;
    if (!m_scenarios) {
        sendError(
            response,
            {404, "not_found", QStringLiteral("scenarios are not available in this server"), {}});
        return true;
    }
    if (list || report) {
        if (request.method != "GET") {
            methodNotAllowed(response, "GET");
            return true;
        }
        if (list) {
            sendJson(response, 200, ScenarioRunner::catalogJson());
            return true;
        }
        // ?agent=ID: that agent's runs; without it every run.
        const QString agent = request.get.contains("agent")
                                  ? QString::fromUtf8(request.get.value("agent"))
                                  : QString();
        const QList<ScenarioResult> results = m_scenarios->results(agent);
        const QByteArray format = request.get.value("format");
        if (!format.isEmpty() && format != "json" && format != "junit") {
            sendError(
                response,
                {400, "invalid_field",
                 QStringLiteral("format '%1' is not json or junit").arg(QString::fromUtf8(format)),
                 "format"});
            return true;
        }
        const bool junit = format == "junit" ||
                           (format.isEmpty() && request.header.value("accept").contains("xml"));
        if (junit) {
            response.status(200);
            response.header("Content-Type", "application/xml; charset=utf-8");
            response.header("Cache-Control", "no-store");
            response.end(ScenarioRunner::reportJUnit(results));
        } else {
            sendJson(response, 200, ScenarioRunner::reportJson(results));
        }
        return true;
    }
    if (request.method != "POST") {
        methodNotAllowed(response, "POST");
        return true;
    }
    Body body;
    if (auto e = body.parse(request.rawContent)) {
        sendError(response, *e);
        return true;
    }
    if (auto e = body.onlyFields(path, {"fd", "name", "agent"})) {
        sendError(response, *e);
        return true;
    }
    qint64 fd = 0;
    if (auto e = body.integer("fd", 1, INT_MAX, fd, true)) {
        sendError(response, *e);
        return true;
    }
    QByteArray name;
    QByteArray agent;
    bool hasName = false;
    bool hasAgent = false;
    if (auto e = body.string("name", name, hasName)) {
        sendError(response, *e);
        return true;
    }
    if (!hasName) {
        sendError(response, {400, "invalid_field",
                             QStringLiteral("field 'name' is required: a scenario name from "
                                            "GET /scenarios"),
                             "name"});
        return true;
    }
    if (auto e = body.string("agent", agent, hasAgent)) {
        sendError(response, *e);
        return true;
    }
    QString error;
    if (!m_scenarios->start(int(fd), QString::fromUtf8(name), QString::fromUtf8(agent), &error)) {
        const bool unknownName = !findScenario(QString::fromUtf8(name));
        const bool busy = error.contains(QLatin1String("already running"));
        sendError(response, {unknownName ? 400
                             : busy      ? 409
                                         : 404,
                             unknownName ? "unknown_scenario"
                             : busy      ? "scenario_running"
                                         : "unknown_fd",
                             error, unknownName ? QByteArray("name") : QByteArray("fd")});
        return true;
    }
    OrderedJson j;
    j.add("ok", true).add("fd", fd).add("name", name).add("agent", agent);
    sendJson(response, 202, j.toJson());
    return true;
}

} // namespace framescope
