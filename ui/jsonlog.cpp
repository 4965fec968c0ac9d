#include "jsonlog.h"

#include "framelogmodel.h"

#include "protocol/frame.h"
#include "protocol/protocolerror.h"
#include "server/websocketserver.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>
#include <QTimeZone>

namespace framescope {

namespace {

QString isoTime(qint64 timeUs)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(timeUs / 1000, QTimeZone::utc());
    return t.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) +
           QStringLiteral("%1Z").arg(timeUs % 1000, 3, 10, QLatin1Char('0'));
}

qint64 parseTime(const QJsonValue &value)
{
    if (value.isDouble()) {
        // Seconds since the epoch (fractional) or milliseconds: tell them apart by size.
        const double v = value.toDouble();
        return v > 1e11 ? qint64(v * 1000.0) : qint64(v * 1e6);
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
    QDateTime t = QDateTime::fromString(base, Qt::ISODate);
    if (!t.isValid())
        return 0;
    return t.toMSecsSinceEpoch() * 1000 + extraUs;
}

void putPayload(QJsonObject &o, const QByteArray &payload, const QString &key, bool text)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = text ? decoder.decode(payload) : QString();
    if (text && !decoder.hasError())
        o.insert(key, decoded);
    else
        o.insert(key + QStringLiteral("_base64"), QString::fromLatin1(payload.toBase64()));
}

QByteArray getPayload(const QJsonObject &o, const QString &key)
{
    if (o.contains(key))
        return o.value(key).toString().toUtf8();
    return QByteArray::fromBase64(o.value(key + QStringLiteral("_base64")).toString().toLatin1());
}

Initiator initiatorFromKey(const QString &key)
{
    if (key == QLatin1String("server"))
        return Initiator::Server;
    if (key == QLatin1String("client"))
        return Initiator::Client;
    if (key == QLatin1String("abnormal"))
        return Initiator::Abnormal;
    return Initiator::None;
}

Operation operationFromName(const QString &name)
{
    for (int i = int(Operation::Push); i <= int(Operation::Broadcast); ++i) {
        if (name == QLatin1String(operationName(Operation(i))))
            return Operation(i);
    }
    return Operation::None;
}

ServerError serverErrorFromKey(const QString &key)
{
    for (int i = int(ServerError::NotRunning); i <= int(ServerError::InvalidArgument); ++i) {
        if (key == QLatin1String(serverErrorKey(ServerError(i))))
            return ServerError(i);
    }
    return ServerError::None;
}

} // namespace

QByteArray recordToJsonLine(const EventRecord &r, const EventRecord *message)
{
    QJsonObject o;
    o.insert(QStringLiteral("time"), isoTime(r.timeUs));
    if (r.fd > 0)
        o.insert(QStringLiteral("fd"), r.fd);
    switch (r.kind) {
    case EventRecord::Kind::Frame: {
        o.insert(QStringLiteral("event"), QStringLiteral("frame"));
        o.insert(QStringLiteral("direction"),
                 r.direction == Direction::In ? QStringLiteral("in") : QStringLiteral("out"));
        o.insert(QStringLiteral("opcode"), int(r.opcode));
        o.insert(QStringLiteral("opcode_name"), opcodeName(r.opcode));
        o.insert(QStringLiteral("fin"), r.fin);
        o.insert(QStringLiteral("rsv1"), r.rsv1);
        o.insert(QStringLiteral("rsv2"), r.rsv2);
        o.insert(QStringLiteral("rsv3"), r.rsv3);
        o.insert(QStringLiteral("masked"), r.masked);
        o.insert(QStringLiteral("length"), r.payloadLength);
        o.insert(QStringLiteral("wire_length"), r.wireLength);
        const bool text = !r.rsv1 && (r.opcode == OpText || r.opcode == OpContinuation ||
                                      r.opcode == OpPing || r.opcode == OpPong);
        if (r.opcode == OpClose && r.payload.size() >= 2) {
            o.insert(QStringLiteral("code"), (quint8(r.payload[0]) << 8) | quint8(r.payload[1]));
            o.insert(QStringLiteral("reason"), QString::fromUtf8(r.payload.mid(2)));
        }
        putPayload(o, r.payload, QStringLiteral("payload"), text);
        o.insert(QStringLiteral("truncated"), r.payloadTruncated);
        if (!r.text.isEmpty())
            o.insert(QStringLiteral("error"), r.text);
        if (message) {
            o.insert(QStringLiteral("message_length"), message->messageLength);
            o.insert(QStringLiteral("fragments"), message->fragments);
            putPayload(o, message->payload, QStringLiteral("message_payload"),
                       message->opcode == OpText);
        }
        break;
    }
    case EventRecord::Kind::HandshakeAccepted:
        o.insert(QStringLiteral("event"), QStringLiteral("open"));
        o.insert(QStringLiteral("peer"),
                 QStringLiteral("%1:%2").arg(r.peerAddress.toString()).arg(r.peerPort));
        o.insert(QStringLiteral("uri"), QString::fromUtf8(r.uri));
        o.insert(QStringLiteral("subprotocol"), QString::fromUtf8(r.subprotocol));
        o.insert(QStringLiteral("extensions"), QString::fromUtf8(r.extensions));
        o.insert(QStringLiteral("request_head"), QString::fromUtf8(r.requestHead));
        o.insert(QStringLiteral("response_head"), QString::fromUtf8(r.responseHead));
        break;
    case EventRecord::Kind::HandshakeRejected:
        o.insert(QStringLiteral("event"), QStringLiteral("handshake_rejected"));
        o.insert(QStringLiteral("status"), r.httpStatus);
        o.insert(QStringLiteral("reason"), r.text);
        break;
    case EventRecord::Kind::ProtocolError:
        o.insert(QStringLiteral("event"), QStringLiteral("protocol_error"));
        o.insert(QStringLiteral("error"), QLatin1String(errorKey(ProtocolError(r.protocolError))));
        o.insert(QStringLiteral("code"), int(r.closeCode));
        o.insert(QStringLiteral("rule"), r.text);
        break;
    case EventRecord::Kind::Closed:
        o.insert(QStringLiteral("event"), QStringLiteral("close"));
        o.insert(QStringLiteral("code"), int(r.closeCode));
        o.insert(QStringLiteral("reason"), QString::fromUtf8(r.closeReason));
        o.insert(QStringLiteral("initiator"), QLatin1String(initiatorName(r.initiator)));
        if (r.closeHandshakeUs >= 0)
            o.insert(QStringLiteral("close_handshake_us"), r.closeHandshakeUs);
        break;
    case EventRecord::Kind::ServerError:
        o.insert(QStringLiteral("event"), QStringLiteral("error"));
        o.insert(QStringLiteral("message"), r.text);
        break;
    case EventRecord::Kind::OperationFailed: {
        // As the headless log writes it (docs/headless.md, the error event).
        const ServerError error = ServerError(r.serverError);
        o.insert(QStringLiteral("event"), QStringLiteral("error"));
        o.insert(QStringLiteral("message"), r.text);
        o.insert(QStringLiteral("operation"), QLatin1String(operationName(r.operation)));
        o.insert(QStringLiteral("error"), QLatin1String(serverErrorKey(error)));
        o.insert(QStringLiteral("option"), QLatin1String(serverErrorOption(error)));
        o.insert(QStringLiteral("length"), r.payloadLength);
        o.insert(QStringLiteral("limit"), r.count);
        break;
    }
    default:
        return {};
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

bool recordsFromJsonLine(const QByteArray &line, EventBatch &out, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
    if (!doc.isObject()) {
        if (error)
            *error = parseError.errorString();
        return false;
    }
    const QJsonObject o = doc.object();
    EventRecord r;
    r.timeUs = parseTime(o.value(QStringLiteral("time")));
    r.fd = o.value(QStringLiteral("fd")).toInt();
    const QString event = o.value(QStringLiteral("event")).toString();
    if (event == QLatin1String("frame") || event == QLatin1String("message") ||
        (event.isEmpty() && o.contains(QStringLiteral("opcode")))) {
        // The headless log writes the reassembled message as its own "message" line; it
        // attaches to the frame before it like a live Message record.
        r.kind = event == QLatin1String("message") ? EventRecord::Kind::Message
                                                   : EventRecord::Kind::Frame;
        r.direction = o.value(QStringLiteral("direction")).toString() == QLatin1String("out")
                          ? Direction::Out
                          : Direction::In;
        r.opcode = quint8(o.value(QStringLiteral("opcode")).toInt());
        r.fin = o.value(QStringLiteral("fin")).toBool(true);
        r.rsv1 = o.value(QStringLiteral("rsv1")).toBool();
        r.rsv2 = o.value(QStringLiteral("rsv2")).toBool();
        r.rsv3 = o.value(QStringLiteral("rsv3")).toBool();
        r.masked = o.value(QStringLiteral("masked")).toBool(r.direction == Direction::In);
        r.payload = getPayload(o, QStringLiteral("payload"));
        r.payloadLength =
            qint64(o.value(QStringLiteral("length")).toDouble(double(r.payload.size())));
        r.wireLength =
            qint64(o.value(QStringLiteral("wire_length")).toDouble(double(r.payloadLength)));
        r.payloadTruncated = o.value(QStringLiteral("truncated")).toBool() ||
                             o.value(QStringLiteral("payload_truncated")).toBool();
        if (r.kind == EventRecord::Kind::Message) {
            r.messageLength = r.payloadLength;
            r.fragments = o.value(QStringLiteral("fragments")).toInt(1);
        }
        r.text = o.value(QStringLiteral("error")).toString();
        out.push_back(r);
        if (o.contains(QStringLiteral("message_length"))) {
            EventRecord m = r;
            m.kind = EventRecord::Kind::Message;
            m.payload = getPayload(o, QStringLiteral("message_payload"));
            m.messageLength = qint64(o.value(QStringLiteral("message_length")).toDouble());
            m.fragments = o.value(QStringLiteral("fragments")).toInt(1);
            out.push_back(m);
        }
        return true;
    }
    if (event == QLatin1String("open")) {
        r.kind = EventRecord::Kind::HandshakeAccepted;
        const QString peer = o.value(QStringLiteral("peer")).toString();
        const qsizetype colon = peer.lastIndexOf(QLatin1Char(':'));
        if (colon > 0) {
            r.peerAddress = QHostAddress(peer.left(colon));
            r.peerPort = quint16(peer.mid(colon + 1).toUInt());
        }
        r.uri = o.value(QStringLiteral("uri")).toString().toUtf8();
        r.subprotocol = o.value(QStringLiteral("subprotocol")).toString().toUtf8();
        r.extensions = o.value(QStringLiteral("extensions")).toString().toUtf8();
        r.requestHead = o.value(QStringLiteral("request_head")).toString().toUtf8();
        r.responseHead = o.value(QStringLiteral("response_head")).toString().toUtf8();
    } else if (event == QLatin1String("close")) {
        r.kind = EventRecord::Kind::Closed;
        r.closeCode = quint16(o.value(QStringLiteral("code")).toInt());
        r.closeReason = o.value(QStringLiteral("reason")).toString().toUtf8();
        r.initiator = initiatorFromKey(o.value(QStringLiteral("initiator")).toString());
        r.closeHandshakeUs = qint64(o.value(QStringLiteral("close_handshake_us")).toDouble(-1));
    } else if (event == QLatin1String("protocol_error")) {
        r.kind = EventRecord::Kind::ProtocolError;
        r.closeCode = quint16(o.value(QStringLiteral("code")).toInt());
        r.text = o.value(QStringLiteral("rule")).toString();
        if (r.text.isEmpty())
            r.text = o.value(QStringLiteral("error")).toString();
    } else if (event == QLatin1String("handshake_rejected")) {
        r.kind = EventRecord::Kind::HandshakeRejected;
        r.httpStatus = o.value(QStringLiteral("status")).toInt();
        r.text = o.value(QStringLiteral("reason")).toString();
    } else if (event == QLatin1String("error")) {
        r.kind = EventRecord::Kind::ServerError;
        r.text = o.value(QStringLiteral("message")).toString();
        const QString operation = o.value(QStringLiteral("operation")).toString();
        if (!operation.isEmpty()) {
            r.kind = EventRecord::Kind::OperationFailed;
            r.operation = operationFromName(operation);
            r.serverError = quint8(serverErrorFromKey(o.value(QStringLiteral("error")).toString()));
            r.payloadLength = qint64(o.value(QStringLiteral("length")).toDouble(-1));
            r.count = qint64(o.value(QStringLiteral("limit")).toDouble());
        }
    } else {
        // Other events of the headless log (request, disconnect, …) are not frame-log rows.
        if (error)
            *error =
                QCoreApplication::translate("JsonLog", "event “%1” is not shown in the frame log")
                    .arg(event);
        return false;
    }
    out.push_back(r);
    return true;
}

qint64 exportJsonLines(const FrameLogModel &model, QIODevice &device)
{
    qint64 written = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        const LogEntry *e = model.entry(row);
        QByteArray line = recordToJsonLine(*e->record, e->message.get());
        if (line.isEmpty())
            continue;
        line += '\n';
        if (device.write(line) != line.size())
            return -1;
        ++written;
    }
    return written;
}

EventBatch importJsonLines(QIODevice &device, int *skipped, QString *firstError)
{
    EventBatch records;
    int bad = 0;
    while (!device.atEnd()) {
        const QByteArray line = device.readLine().trimmed();
        if (line.isEmpty())
            continue;
        QString error;
        if (!recordsFromJsonLine(line, records, &error)) {
            if (bad == 0 && firstError)
                *firstError = error;
            ++bad;
        }
    }
    if (skipped)
        *skipped = bad;
    return records;
}

} // namespace framescope
