#include "jsonlinesreader.h"

#include "protocol/frame.h"
#include "protocol/protocolerror.h"
#include "server/websocketserver.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

#include <memory>

namespace framescope {

namespace {

using K = EventRecord::Kind;

// False when the value is neither an ISO 8601 time nor a number.
bool parseTime(const QJsonValue &value, qint64 *timeUs)
{
    if (value.isDouble()) {
        // Seconds since the epoch (fractional) or milliseconds: tell them apart by size.
        const double v = value.toDouble();
        *timeUs = v > 1e11 ? qint64(v * 1000.0) : qint64(v * 1e6);
        return true;
    }
    const QString text = value.toString();
    QString base = text;
    qint64 extraUs = 0;
    // Qt parses milliseconds only; keep the microseconds ourselves.
    const qsizetype dot = text.indexOf(QLatin1Char('.'));
    if (dot > 0) {
        qsizetype end = dot + 1;
        while (end < text.size() && text[end].isDigit())
            ++end;
        const QString fraction =
            text.mid(dot + 1, end - dot - 1).leftJustified(6, QLatin1Char('0')).left(6);
        extraUs = fraction.toLongLong();
        base = text.left(dot) + text.mid(end);
    }
    const QDateTime t = QDateTime::fromString(base, Qt::ISODate);
    if (!t.isValid())
        return false;
    *timeUs = t.toMSecsSinceEpoch() * 1000 + extraUs;
    return true;
}

QByteArray utf8(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString().toUtf8();
}

QString string(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

qint64 integer(const QJsonObject &o, const char *key, qint64 fallback = 0)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() ? qint64(v.toDouble()) : fallback;
}

bool boolean(const QJsonObject &o, const char *key, bool fallback = false)
{
    return o.value(QLatin1String(key)).toBool(fallback);
}

// `key` as text or `key`_base64 as bytes.
QByteArray payload(const QJsonObject &o, const char *key)
{
    const QLatin1String name(key);
    if (o.contains(name))
        return o.value(name).toString().toUtf8();
    return QByteArray::fromBase64(o.value(name + QLatin1String("_base64")).toString().toLatin1());
}

void parsePeer(const QString &peer, EventRecord &r)
{
    const qsizetype colon = peer.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return;
    QString host = peer.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    r.peerAddress = QHostAddress(host);
    r.peerPort = quint16(peer.mid(colon + 1).toUInt());
}

std::shared_ptr<const TlsInfo> parseTls(const QJsonValue &value)
{
    if (!value.isObject())
        return {};
    const QJsonObject o = value.toObject();
    auto tls = std::make_shared<TlsInfo>();
    tls->version = utf8(o, "version");
    tls->cipher = utf8(o, "cipher");
    tls->sni = utf8(o, "sni");
    tls->alpn = utf8(o, "alpn");
    tls->clientSubject = string(o, "client_subject");
    return tls;
}

template <typename Enum, typename NameOf>
Enum fromName(const QString &name, Enum first, Enum last, NameOf nameOf, Enum fallback)
{
    for (int i = int(first); i <= int(last); ++i) {
        if (name == QLatin1String(nameOf(Enum(i))))
            return Enum(i);
    }
    return fallback;
}

ProtocolError protocolErrorFromKey(const QString &key)
{
    return fromName(key, ProtocolError::ReservedOpcode, ProtocolError::InflateFailed, errorKey,
                    ProtocolError::None);
}

bool kindFromEvent(const QString &event, K *kind)
{
    static const struct
    {
        const char *name;
        K kind;
    } Events[] = {
        {"start", K::ServerStarted},
        {"stop", K::ServerStopped},
        {"error", K::ServerError},
        {"connect", K::TcpConnected},
        {"request", K::HttpRequest},
        {"open", K::HandshakeAccepted},
        {"handshake_rejected", K::HandshakeRejected},
        {"frame", K::Frame},
        {"message", K::Message},
        {"protocol_error", K::ProtocolError},
        {"closing", K::CloseStarted},
        {"close", K::Closed},
        {"disconnect", K::Disconnected},
        {"ping_rtt", K::PingRtt},
        {"status", K::StatusChanged},
        {"dropped", K::Dropped},
    };
    for (const auto &e : Events) {
        if (event == QLatin1String(e.name)) {
            *kind = e.kind;
            return true;
        }
    }
    return false;
}

void readDataFields(const QJsonObject &o, EventRecord &r)
{
    r.direction = string(o, "direction") == QLatin1String("out") ? Direction::Out : Direction::In;
    r.opcode = quint8(integer(o, "opcode"));
    r.fin = boolean(o, "fin", true);
    r.rsv1 = boolean(o, "rsv1");
    r.rsv2 = boolean(o, "rsv2");
    r.rsv3 = boolean(o, "rsv3");
    r.masked = boolean(o, "masked", r.direction == Direction::In);
    r.payload = payload(o, "payload");
    r.payloadTruncated = boolean(o, "truncated") || boolean(o, "payload_truncated");
}

} // namespace

bool JsonLinesReader::readLine(QByteArrayView line, EventBatch &out, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(QStringLiteral("not JSON: %1 at offset %2")
                        .arg(parseError.errorString())
                        .arg(parseError.offset));
    if (!doc.isObject())
        return fail(QStringLiteral("not a JSON object"));
    const QJsonObject o = doc.object();
    EventRecord r;
    const QJsonValue event = o.value(QLatin1String("event"));
    if (event.isUndefined() && o.contains(QLatin1String("opcode"))) {
        r.kind = K::Frame; // the window's first exports had no event on frames
    } else if (!event.isString()) {
        return fail(QStringLiteral("no \"event\" string"));
    } else if (!kindFromEvent(event.toString(), &r.kind)) {
        return fail(QStringLiteral("unknown event \"%1\"").arg(event.toString()));
    }
    const QJsonValue fd = o.value(QLatin1String("fd"));
    if (!fd.isUndefined() && !fd.isDouble())
        return fail(QStringLiteral("\"fd\" is not a number"));
    r.fd = fd.toInt();
    const QJsonValue time = o.value(QLatin1String("time"));
    if (!time.isUndefined()) {
        if (!parseTime(time, &r.timeUs))
            return fail(QStringLiteral("\"time\" is not an ISO 8601 time or a number: %1")
                            .arg(QString::fromUtf8(QJsonDocument(QJsonObject{{"time", time}})
                                                       .toJson(QJsonDocument::Compact))));
    }

    switch (r.kind) {
    case K::ServerStarted:
        r.text = string(o, "message");
        break;
    case K::ServerStopped:
    case K::Disconnected:
        break;
    case K::ServerError: {
        r.text = string(o, "message");
        const QString operation = string(o, "operation");
        if (!operation.isEmpty()) {
            r.payloadLength = integer(o, "length", -1);
            r.count = integer(o, "limit");
            r.kind = K::OperationFailed;
            r.operation = fromName(operation, Operation::Push, Operation::Broadcast, operationName,
                                   Operation::None);
            r.serverError =
                quint8(fromName(string(o, "error"), ServerError::NotRunning,
                                ServerError::InvalidArgument, serverErrorKey, ServerError::None));
        }
        break;
    }
    case K::TcpConnected:
        parsePeer(string(o, "peer"), r);
        break;
    case K::HttpRequest:
        r.method = utf8(o, "method");
        r.uri = utf8(o, "uri");
        r.httpStatus = int(integer(o, "status"));
        r.tls = parseTls(o.value(QLatin1String("tls")));
        break;
    case K::HandshakeAccepted:
        parsePeer(string(o, "peer"), r);
        r.uri = utf8(o, "uri");
        r.subprotocol = utf8(o, "subprotocol");
        r.extensions = utf8(o, "extensions");
        r.requestHead = utf8(o, "request_head");
        r.responseHead = utf8(o, "response_head");
        r.tls = parseTls(o.value(QLatin1String("tls")));
        break;
    case K::HandshakeRejected:
        r.httpStatus = int(integer(o, "status"));
        r.text = string(o, "reason");
        break;
    case K::Frame: {
        readDataFields(o, r);
        r.payloadLength = integer(o, "length", r.payload.size());
        r.wireLength = integer(o, "wire_length", r.payloadLength);
        const QString errorText = string(o, "error");
        r.protocolError = quint8(protocolErrorFromKey(errorText));
        if (o.contains(QLatin1String("note")))
            r.text = string(o, "note");
        else if (r.protocolError != 0)
            r.text = describe(ProtocolError(r.protocolError));
        else
            r.text = errorText; // older exports: the sentence
        if (r.opcode == OpClose && o.contains(QLatin1String("code"))) {
            r.closeCode = quint16(integer(o, "code"));
            r.closeReason = utf8(o, "reason");
        }
        out.push_back(r);
        if (o.contains(QLatin1String("message_length"))) {
            EventRecord m = r;
            m.kind = K::Message;
            m.text.clear();
            m.protocolError = 0;
            m.payload = payload(o, "message_payload");
            // Older exports had no message_opcode: the frame's, else text or binary as the
            // payload was written.
            int opcode = r.opcode;
            if (opcode == OpContinuation)
                opcode = o.contains(QLatin1String("message_payload")) ? OpText : OpBinary;
            m.opcode = quint8(integer(o, "message_opcode", opcode));
            m.messageLength = integer(o, "message_length");
            m.fragments = int(integer(o, "fragments", 1));
            out.push_back(m);
        }
        return true;
    }
    case K::Message:
        readDataFields(o, r);
        r.messageLength = integer(o, "length", r.payload.size());
        r.fragments = int(integer(o, "fragments", 1));
        break;
    case K::ProtocolError: {
        const ProtocolError e = protocolErrorFromKey(string(o, "error"));
        r.protocolError = quint8(e);
        r.closeCode = quint16(integer(o, "code"));
        r.text = string(o, "rule");
        if (r.text.isEmpty())
            r.text = string(o, "error");
        break;
    }
    case K::CloseStarted:
    case K::Closed:
        r.closeCode = quint16(integer(o, "code"));
        r.closeReason = utf8(o, "reason");
        r.initiator = fromName(string(o, "initiator"), Initiator::None, Initiator::Abnormal,
                               initiatorName, Initiator::None);
        r.closeHandshakeUs = integer(o, "close_handshake_us", -1);
        break;
    case K::PingRtt:
        r.rttUs = integer(o, "rtt_us", -1);
        break;
    case K::StatusChanged:
        r.status = int(integer(o, "status"));
        break;
    case K::Dropped:
        r.count = integer(o, "count");
        break;
    case K::OperationFailed: // read as "error" above
        break;
    }
    out.push_back(r);
    return true;
}

JsonLinesReader::Result JsonLinesReader::readAll(QIODevice &device, qint64 maxLineBytes)
{
    Result result;
    int lineNumber = 0;
    while (!device.atEnd()) {
        ++lineNumber;
        QByteArray line = device.readLine(maxLineBytes + 2); // reads at most maxSize - 1
        QString error;
        if (line.size() > maxLineBytes && !line.endsWith('\n')) {
            // Too long: skip to the end of the line without holding it.
            char ch = 0;
            while (device.getChar(&ch) && ch != '\n') {
            }
            error = QStringLiteral("longer than %1 bytes").arg(maxLineBytes);
        } else {
            line = line.trimmed();
            if (line.isEmpty())
                continue;
            if (readLine(line, result.records, &error))
                continue;
        }
        if (result.skipped++ == 0) {
            result.firstError = QStringLiteral("line %1: %2").arg(lineNumber).arg(error);
            result.firstErrorLine = lineNumber;
        }
    }
    return result;
}

} // namespace framescope
