#include "eventlog.h"

#include "protocol/frame.h"
#include "protocol/protocolerror.h"
#include "protocol/utf8.h"

#include <QDateTime>

#include <cstdio>
#include <limits>

namespace framescope {

OrderedJson::OrderedJson()
{
    m_out.reserve(256); // a frame record's line: one allocation
}

QByteArray &OrderedJson::key(const char *name)
{
    m_out.append(m_out.isEmpty() ? "{\"" : ",\"").append(name).append("\":");
    return m_out;
}

OrderedJson &OrderedJson::add(const char *name, const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    key(name);
    appendQuoted(utf8);
    return *this;
}

OrderedJson &OrderedJson::add(const char *name, const QByteArray &utf8)
{
    if (!Utf8Validator::isValid(utf8))
        return add(name, QString::fromUtf8(utf8)); // U+FFFD for what does not decode
    return addValidUtf8(name, utf8);
}

OrderedJson &OrderedJson::addValidUtf8(const char *name, QByteArrayView utf8)
{
    key(name);
    appendQuoted(utf8);
    return *this;
}

OrderedJson &OrderedJson::add(const char *name, const char *value)
{
    return add(name, QByteArray::fromRawData(value, qstrlen(value)));
}

OrderedJson &OrderedJson::add(const char *name, qint64 value)
{
    char digits[24];
    const int n = std::snprintf(digits, sizeof digits, "%lld", static_cast<long long>(value));
    key(name).append(digits, n);
    return *this;
}

OrderedJson &OrderedJson::add(const char *name, bool value)
{
    key(name).append(value ? "true" : "false");
    return *this;
}

OrderedJson &OrderedJson::addRaw(const char *name, const QByteArray &json)
{
    key(name).append(json);
    return *this;
}

QByteArray OrderedJson::quote(const QString &text)
{
    OrderedJson j;
    j.appendQuoted(text.toUtf8());
    return j.m_out;
}

void OrderedJson::appendQuoted(QByteArrayView utf8)
{
    // RFC 8259 §7: quotation mark, reverse solidus and control characters must be escaped.
    m_out.reserve(m_out.size() + utf8.size() + 2);
    m_out.append('"');
    qsizetype plain = 0; // start of the run of bytes that need no escape
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto u = static_cast<unsigned char>(utf8[i]);
        if (u >= 0x20 && u != '"' && u != '\\')
            continue;
        m_out.append(utf8.sliced(plain, i - plain));
        plain = i + 1;
        switch (u) {
        case '"':
            m_out.append("\\\"");
            break;
        case '\\':
            m_out.append("\\\\");
            break;
        case '\n':
            m_out.append("\\n");
            break;
        case '\r':
            m_out.append("\\r");
            break;
        case '\t':
            m_out.append("\\t");
            break;
        default: {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", u);
            m_out.append(buf);
        }
        }
    }
    m_out.append(utf8.sliced(plain));
    m_out.append('"');
}

QByteArray OrderedJson::toJson() const
{
    return m_out.isEmpty() ? QByteArray("{}") : m_out + '}';
}

namespace {

bool isValidUtf8(const QByteArray &bytes)
{
    return Utf8Validator::isValid(bytes);
}

// Keeps a cut from splitting a UTF-8 sequence: backs off over continuation bytes.
qsizetype utf8Boundary(const QByteArray &bytes, qsizetype limit)
{
    if (limit >= bytes.size())
        return bytes.size();
    qsizetype cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(bytes[cut]) & 0xC0) == 0x80)
        --cut;
    return cut;
}

// One line per event: control characters would break that, so they are shown escaped.
QString escapeControls(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar ch : text) {
        const char16_t u = ch.unicode();
        if (u == '\n')
            out += QLatin1String("\\n");
        else if (u == '\r')
            out += QLatin1String("\\r");
        else if (u == '\t')
            out += QLatin1String("\\t");
        else if (u < 0x20 || u == 0x7F)
            out += QStringLiteral("\\x%1").arg(int(u), 2, 16, QLatin1Char('0'));
        else
            out += ch;
    }
    return out;
}

QString peerText(const EventRecord &r)
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
QPair<quint16, QByteArray> closeOf(const EventRecord &r)
{
    if (r.closeCode != 0)
        return {r.closeCode, r.closeReason};
    if (r.payload.size() >= 2) {
        const quint16 code = quint16((quint8(r.payload[0]) << 8) | quint8(r.payload[1]));
        return {code, r.payload.mid(2)};
    }
    return {0, {}};
}

QString closeText(quint16 code, const QByteArray &reason)
{
    if (code == 0)
        return QStringLiteral("no status");
    QString text = QString::number(code);
    if (!reason.isEmpty())
        text += QStringLiteral(" \"%1\"").arg(escapeControls(QString::fromUtf8(reason)));
    return text;
}

// The payload is shown as text when it is meant as text and decodes as UTF-8.
bool payloadIsText(const EventRecord &r)
{
    if (r.opcode == OpBinary || (r.kind == EventRecord::Kind::Frame && r.rsv1))
        return false;
    return isValidUtf8(r.payload);
}

qint64 totalLength(const EventRecord &r)
{
    if (r.kind == EventRecord::Kind::Message)
        return r.messageLength > 0 ? r.messageLength : r.payload.size();
    return r.payloadLength > 0 ? r.payloadLength : r.payload.size();
}

const char *eventName(EventRecord::Kind kind)
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
    }
    return "unknown";
}

} // namespace

QString EventLog::displayPayload(const QByteArray &payload, qint64 total, bool asText)
{
    if (total < payload.size())
        total = payload.size();
    QString shown;
    qsizetype shownBytes = 0;
    if (asText) {
        shownBytes = utf8Boundary(payload, TextPayloadLimit);
        shown = escapeControls(QString::fromUtf8(payload.left(shownBytes)));
    } else {
        shownBytes = qMin<qsizetype>(payload.size(), HexPayloadLimit);
        shown = QStringLiteral("hex:") + QString::fromLatin1(payload.left(shownBytes).toHex());
    }
    if (shownBytes < total)
        shown += QStringLiteral("…(+%1 bytes, %2 total)").arg(total - shownBytes).arg(total);
    return shown;
}

QByteArray EventLog::isoTimeUtf8(qint64 timeUs)
{
    // A QDateTime formatted per record was a visible cost of the JSON log; the part up to
    // the second changes once a second.
    thread_local qint64 cachedSecond = std::numeric_limits<qint64>::min();
    thread_local QByteArray cachedPrefix; // "2026-11-26T01:49:22."
    const qint64 ms = timeUs / 1000;
    const qint64 second = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
    if (second != cachedSecond) {
        cachedPrefix = QDateTime::fromMSecsSinceEpoch(second * 1000, Qt::UTC)
                           .toString(Qt::ISODate)
                           .toLatin1(); // "…T01:49:22Z"
        cachedPrefix.chop(1);
        cachedPrefix.append('.');
        cachedSecond = second;
    }
    const int milli = int(ms - second * 1000);
    const char tail[] = {char('0' + milli / 100), char('0' + milli / 10 % 10),
                         char('0' + milli % 10), 'Z'};
    QByteArray out;
    out.reserve(cachedPrefix.size() + 4);
    return out.append(cachedPrefix).append(tail, 4);
}

QString EventLog::isoTime(qint64 timeUs)
{
    return QString::fromLatin1(isoTimeUtf8(timeUs));
}

QString EventLog::textLine(const EventRecord &r)
{
    using K = EventRecord::Kind;
    const QString fd = QString::number(r.fd);
    switch (r.kind) {
    case K::ServerStarted:
    case K::ServerStopped:
    case K::StatusChanged:
    case K::CloseStarted: // its close frame has a line of its own
        return {};
    case K::ServerError:
        return QStringLiteral("server: error: %1").arg(r.text);
    case K::TcpConnected:
        return QStringLiteral("server: connection fd%1 from %2").arg(fd, peerText(r));
    case K::HttpRequest:
        return QStringLiteral("http %1 %2 %3 from fd%4")
            .arg(QString::fromUtf8(r.method), escapeControls(QString::fromUtf8(r.uri)))
            .arg(r.httpStatus)
            .arg(r.fd);
    case K::HandshakeAccepted: {
        // The line of the Swoole example, plus what was negotiated when anything was.
        QString line = QStringLiteral("server: handshake success with fd%1").arg(fd);
        QStringList extras;
        if (!r.subprotocol.isEmpty())
            extras << QStringLiteral("subprotocol %1").arg(QString::fromUtf8(r.subprotocol));
        if (!r.extensions.isEmpty())
            extras << QStringLiteral("extensions %1").arg(QString::fromUtf8(r.extensions));
        if (!extras.isEmpty())
            line += QStringLiteral(" (%1)").arg(extras.join(QStringLiteral(", ")));
        return line;
    }
    case K::HandshakeRejected:
        return QStringLiteral("server: handshake rejected for fd%1: %2 %3")
            .arg(fd)
            .arg(r.httpStatus)
            .arg(r.text);
    case K::Message: {
        // In: what the message handler got. Out: a compressed message as pushed (its frames
        // only carry deflate output).
        const QString verb = r.direction == Direction::Out ? QStringLiteral("push to")
                                                           : QStringLiteral("receive from");
        QString line =
            QStringLiteral("%1 %2:%3,opcode:%4,fin:1")
                .arg(verb, fd, displayPayload(r.payload, totalLength(r), payloadIsText(r)))
                .arg(r.opcode);
        if (r.fragments > 1)
            line += QStringLiteral(",fragments:%1").arg(r.fragments);
        if (r.rsv1)
            line += QStringLiteral(",compressed:1");
        return line;
    }
    case K::Frame: {
        const bool in = r.direction == Direction::In;
        const QString from = in ? QStringLiteral("from") : QStringLiteral("to");
        QString line;
        if (r.opcode == OpPing || r.opcode == OpPong) {
            line = QStringLiteral("%1 %2 %3:%4")
                       .arg(r.opcode == OpPing ? QStringLiteral("ping") : QStringLiteral("pong"),
                            from, fd, displayPayload(r.payload, totalLength(r), payloadIsText(r)));
        } else if (r.opcode == OpClose) {
            const auto [code, reason] = closeOf(r);
            line = QStringLiteral("close frame %1 %2:%3").arg(from, fd, closeText(code, reason));
        } else {
            // An unfragmented incoming message shows up once, as its "receive from" line; an
            // unfragmented compressed push once, as its message's "push to" line.
            if ((in || r.rsv1) && r.fin && r.opcode != OpContinuation && r.protocolError == 0)
                return {};
            line = QStringLiteral("%1 %2:%3,opcode:%4,fin:%5")
                       .arg(in ? QStringLiteral("frame from") : QStringLiteral("push to"), fd,
                            displayPayload(r.payload, totalLength(r), payloadIsText(r)))
                       .arg(r.opcode)
                       .arg(r.fin ? 1 : 0);
            if (r.rsv1)
                line += QStringLiteral(",compressed:1");
        }
        if (r.protocolError != 0)
            line += QStringLiteral(",error:%1")
                        .arg(QString::fromLatin1(errorKey(ProtocolError(r.protocolError))));
        return line;
    }
    case K::ProtocolError: {
        const ProtocolError error = ProtocolError(r.protocolError);
        const QString rule = r.text.isEmpty() ? describe(error) : r.text;
        return QStringLiteral("protocol error on fd%1: close %2 %3 (%4)")
            .arg(fd)
            .arg(r.closeCode ? r.closeCode : closeCodeFor(error))
            .arg(QString::fromLatin1(errorKey(error)), rule);
    }
    case K::Closed: {
        QString how;
        if (r.initiator == Initiator::Server)
            how = QStringLiteral(", by server");
        else if (r.initiator == Initiator::Abnormal)
            how = QStringLiteral(", abnormal");
        return QStringLiteral("client %1 closed (%2%3)")
            .arg(fd, closeText(r.closeCode, r.closeReason), how);
    }
    case K::Disconnected:
        return QStringLiteral("client %1 disconnected").arg(fd);
    case K::PingRtt:
        return QStringLiteral("rtt of fd%1: %2 us").arg(fd).arg(r.rttUs);
    case K::Dropped:
        return QStringLiteral("server: the log fell behind, %1 events dropped").arg(r.count);
    }
    return {};
}

QByteArray EventLog::jsonLine(const EventRecord &r)
{
    using K = EventRecord::Kind;
    OrderedJson j;
    j.add("time", isoTimeUtf8(r.timeUs)).add("event", eventName(r.kind)).add("fd", r.fd);
    auto addPayload = [&] {
        if (payloadIsText(r)) // validated the UTF-8: not again per JSON line
            j.addValidUtf8("payload", r.payload);
        else
            j.add("payload_base64", r.payload.toBase64());
        j.add("truncated", r.payloadTruncated);
    };
    switch (r.kind) {
    case K::ServerStarted:
    case K::ServerError:
        j.add("message", r.text);
        break;
    case K::ServerStopped:
        break;
    case K::TcpConnected:
        j.add("peer", peerText(r));
        break;
    case K::HttpRequest:
        j.add("method", r.method).add("uri", r.uri).add("status", r.httpStatus);
        break;
    case K::HandshakeAccepted:
        j.add("peer", peerText(r))
            .add("subprotocol", r.subprotocol)
            .add("extensions", r.extensions);
        break;
    case K::HandshakeRejected:
        j.add("status", r.httpStatus).add("reason", r.text);
        break;
    case K::Frame: {
        j.add("direction", directionName(r.direction))
            .add("opcode", int(r.opcode))
            .add("fin", r.fin)
            .add("rsv1", r.rsv1)
            .add("rsv2", r.rsv2)
            .add("rsv3", r.rsv3)
            .add("masked", r.masked)
            .add("length", r.payloadLength)
            .add("wire_length", r.wireLength);
        addPayload();
        if (r.opcode == OpClose) {
            const auto [code, reason] = closeOf(r);
            j.add("code", int(code)).add("reason", reason);
        }
        if (r.protocolError != 0)
            j.add("error", errorKey(ProtocolError(r.protocolError)));
        break;
    }
    case K::Message:
        j.add("direction", directionName(r.direction))
            .add("opcode", int(r.opcode))
            .add("fin", true)
            .add("rsv1", r.rsv1)
            .add("length", totalLength(r))
            .add("fragments", r.fragments);
        addPayload();
        break;
    case K::ProtocolError: {
        const ProtocolError error = ProtocolError(r.protocolError);
        j.add("error", errorKey(error))
            .add("code", int(r.closeCode ? r.closeCode : closeCodeFor(error)))
            .add("rule", r.text.isEmpty() ? describe(error) : r.text);
        break;
    }
    case K::CloseStarted:
    case K::Closed:
        j.add("code", int(r.closeCode))
            .add("reason", r.closeReason)
            .add("initiator", initiatorName(r.initiator));
        if (r.kind == K::Closed)
            j.add("close_handshake_us", r.closeHandshakeUs);
        break;
    case K::Disconnected:
        break;
    case K::PingRtt:
        j.add("rtt_us", r.rttUs);
        break;
    case K::StatusChanged:
        j.add("status", r.status).add("status_name", websocketStatusName(r.status));
        break;
    case K::Dropped:
        j.add("count", r.count);
        break;
    }
    return j.toJson();
}

EventLog::EventLog(AppConfig::LogFormat format) : m_format(format) {}

EventLog::~EventLog()
{
    flush();
}

bool EventLog::open(const QString &path, QString *error)
{
    bool ok = false;
    if (path.isEmpty()) {
        ok = m_file.open(stdout, QIODevice::WriteOnly | QIODevice::Unbuffered);
    } else {
        m_file.setFileName(path);
        ok = m_file.open(QIODevice::WriteOnly | QIODevice::Append);
    }
    if (!ok && error)
        *error = m_file.errorString();
    return ok;
}

void EventLog::write(const EventBatch &batch)
{
    // A batch holds what happened in the last few milliseconds: its lines leave in a few
    // large writes and one flush (a syscall per line cost more than the server's work per
    // message), and no line is ever left half-written in a buffer.
    m_batching = true;
    for (const EventRecord &record : batch)
        write(record);
    m_batching = false;
    writeBatch();
}

void EventLog::writeBatch()
{
    if (m_batch.isEmpty() || !m_file.isOpen())
        return;
    m_file.write(m_batch);
    if (!m_batching)
        m_file.flush();
    m_batch.resize(0); // keeps the capacity: a fresh buffer per batch cost page faults
}

void EventLog::write(const EventRecord &record)
{
    switch (m_format) {
    case AppConfig::LogFormat::None:
        return;
    case AppConfig::LogFormat::Jsonl:
        // The runner writes start and stop itself, with the URL and control API state.
        if (record.kind == EventRecord::Kind::ServerStarted ||
            record.kind == EventRecord::Kind::ServerStopped)
            return;
        writeLine(jsonLine(record));
        return;
    case AppConfig::LogFormat::Text: {
        const QString line = textLine(record);
        if (!line.isEmpty())
            writeLine(line.toUtf8());
        return;
    }
    }
}

void EventLog::note(const QString &text, const char *event, const OrderedJson &json)
{
    if (m_format == AppConfig::LogFormat::Text) {
        writeLine(text.toUtf8());
    } else if (m_format == AppConfig::LogFormat::Jsonl) {
        OrderedJson line;
        line.add("time", isoTime(QDateTime::currentMSecsSinceEpoch() * 1000))
            .add("event", event)
            .add("fd", 0);
        QByteArray body = line.toJson();
        const QByteArray extra = json.toJson();
        if (extra.size() > 2) {
            body.chop(1); // '}'
            body.append(',').append(extra.mid(1));
        }
        writeLine(body);
    }
}

void EventLog::writeLine(const QByteArray &line)
{
    if (!m_file.isOpen())
        return;
    m_batch.append(line).append('\n');
    // Written in chunks of WriteChunk: a busy batch is megabytes, and growing one buffer to
    // that size moved every byte several times.
    if (!m_batching || m_batch.size() >= WriteChunk)
        writeBatch();
}

void EventLog::flush()
{
    if (m_file.isOpen())
        m_file.flush();
}

} // namespace framescope
