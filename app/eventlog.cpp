#include "eventlog.h"

#include "protocol/frame.h"
#include "protocol/protocolerror.h"
#include "protocol/utf8.h"
#include "server/websocketserver.h"

#include <QDateTime>

#include <cstdio>
#include <limits>
#include <utility>

namespace framescope {

OrderedJson::OrderedJson()
{
    grow(256); // a frame record's line: one allocation
}

OrderedJson::OrderedJson(const OrderedJson &other) : OrderedJson()
{
    *this = other;
}

OrderedJson::OrderedJson(OrderedJson &&other) noexcept
    : m_storage(std::move(other.m_storage)), m_data(std::exchange(other.m_data, nullptr)),
      m_size(std::exchange(other.m_size, 0)), m_capacity(std::exchange(other.m_capacity, 0))
{}

OrderedJson &OrderedJson::operator=(const OrderedJson &other)
{
    if (this != &other) {
        m_size = 0;
        if (other.m_size > 0)
            put(QByteArrayView(other.m_data, other.m_size));
    }
    return *this;
}

OrderedJson &OrderedJson::operator=(OrderedJson &&other) noexcept
{
    if (this != &other) {
        m_storage = std::move(other.m_storage);
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
        m_capacity = std::exchange(other.m_capacity, 0);
        other.m_storage = QByteArray();
    }
    return *this;
}

void OrderedJson::grow(qsizetype n)
{
    const qsizetype capacity = qMax(m_size + n, qMax<qsizetype>(256, 2 * m_capacity));
    m_storage.resize(capacity);
    m_data = m_storage.data();
    m_capacity = capacity;
}

void OrderedJson::key(QByteArrayView name)
{
    const qsizetype length = name.size(); // keys are literals: their length is known here
    const bool first = m_size == 0;
    char *at = space(length + 4);
    at[0] = first ? '{' : ',';
    at[1] = '"';
    memcpy(at + 2, name.data(), size_t(length));
    at[length + 2] = '"';
    at[length + 3] = ':';
}

OrderedJson &OrderedJson::add(QByteArrayView name, const QString &value)
{
    key(name);
    appendQuoted(value.toUtf8());
    return *this;
}

OrderedJson &OrderedJson::add(QByteArrayView name, QByteArrayView utf8)
{
    key(name);
    appendQuoted(utf8);
    return *this;
}

OrderedJson &OrderedJson::addValidUtf8(QByteArrayView name, QByteArrayView utf8)
{
    key(name);
    appendQuoted(utf8, true);
    return *this;
}

OrderedJson &OrderedJson::add(QByteArrayView name, qint64 value)
{
    key(name);
    Raw(*this, 20).number(value);
    return *this;
}

OrderedJson::Raw &OrderedJson::Raw::number(qint64 value)
{
    char digits[20];
    char *end = digits + sizeof digits;
    char *at = end;
    // Through the unsigned type: -INT64_MIN does not fit.
    quint64 magnitude = value < 0 ? 0 - quint64(value) : quint64(value);
    do {
        *--at = char('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude != 0);
    if (value < 0)
        *--at = '-';
    return bytes(QByteArrayView(at, end - at));
}

OrderedJson::Raw &OrderedJson::Raw::bytes(QByteArrayView bytes)
{
    Q_ASSERT(m_at + bytes.size() <= m_end);
    if (bytes.isEmpty())
        return *this; // its data() may be null
    memcpy(m_at, bytes.data(), size_t(bytes.size()));
    m_at += bytes.size();
    return *this;
}

OrderedJson &OrderedJson::add(QByteArrayView name, bool value)
{
    key(name);
    put(value ? QByteArrayView("true", 4) : QByteArrayView("false", 5));
    return *this;
}

OrderedJson &OrderedJson::addRaw(QByteArrayView name, QByteArrayView json)
{
    key(name);
    put(json);
    return *this;
}

namespace {

constexpr char Base64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Two output characters per 12 input bits: half the lookups of one per 6 bits.
struct Base64Pairs
{
    char pairs[4096][2];
    constexpr Base64Pairs() : pairs{}
    {
        for (int i = 0; i < 4096; ++i) {
            pairs[i][0] = Base64Alphabet[i >> 6];
            pairs[i][1] = Base64Alphabet[i & 63];
        }
    }
};
constexpr Base64Pairs kBase64Pairs;

} // namespace

OrderedJson &OrderedJson::addBase64(QByteArrayView name, QByteArrayView bytes)
{
    key(name);
    const qsizetype n = bytes.size();
    char *at = space((n + 2) / 3 * 4 + 2);
    *at++ = '"';
    const auto *in = reinterpret_cast<const unsigned char *>(bytes.data());
    qsizetype i = 0;
    for (; i + 3 <= n; i += 3) {
        const quint32 v = quint32(in[i]) << 16 | quint32(in[i + 1]) << 8 | in[i + 2];
        memcpy(at, kBase64Pairs.pairs[v >> 12], 2);
        memcpy(at + 2, kBase64Pairs.pairs[v & 0xfff], 2);
        at += 4;
    }
    if (i < n) { // RFC 4648 §4: one or two bytes left, padded with '='
        const quint32 v = quint32(in[i]) << 16 | (i + 1 < n ? quint32(in[i + 1]) << 8 : 0);
        *at++ = Base64Alphabet[v >> 18];
        *at++ = Base64Alphabet[(v >> 12) & 63];
        *at++ = i + 1 < n ? Base64Alphabet[(v >> 6) & 63] : '=';
        *at++ = '=';
    }
    *at = '"';
    return *this;
}

QByteArray OrderedJson::quote(const QString &text)
{
    OrderedJson j;
    j.appendQuoted(text.toUtf8());
    return QByteArray(j.m_data, j.m_size);
}

void OrderedJson::appendQuoted(QByteArrayView utf8, bool validated)
{
    // RFC 8259 §7: quotation mark, reverse solidus and control characters must be escaped;
    // §8.1: the text is UTF-8, so bytes that do not decode become U+FFFD. Plain ASCII, the
    // common case, is only scanned.
    const auto *bytes = reinterpret_cast<const unsigned char *>(utf8.data());
    const qsizetype n = utf8.size();
    qsizetype i = 0;
    while (i < n && bytes[i] >= 0x20 && bytes[i] < 0x80 && bytes[i] != '"' && bytes[i] != '\\')
        ++i;
    if (i == n) {
        char *at = space(n + 2);
        at[0] = '"';
        if (n > 0) // a null QByteArray's view has no data pointer (memcpy: UB even for 0)
            memcpy(at + 1, bytes, size_t(n));
        at[n + 1] = '"';
        return;
    }
    if (!validated && !Utf8Validator::isValid(utf8.sliced(i))) { // bytes before i: ASCII
        appendQuoted(QString::fromUtf8(utf8).toUtf8());
        return;
    }
    put('"');
    put(utf8.first(i));
    qsizetype plain = i; // start of the run of bytes that need no escape
    for (; i < n; ++i) {
        const unsigned char u = bytes[i];
        if (u >= 0x20 && u != '"' && u != '\\')
            continue;
        put(utf8.sliced(plain, i - plain));
        plain = i + 1;
        switch (u) {
        case '"':
            put(QByteArrayView("\\\"", 2));
            break;
        case '\\':
            put(QByteArrayView("\\\\", 2));
            break;
        case '\n':
            put(QByteArrayView("\\n", 2));
            break;
        case '\r':
            put(QByteArrayView("\\r", 2));
            break;
        case '\t':
            put(QByteArrayView("\\t", 2));
            break;
        default: {
            static constexpr char Hex[] = "0123456789abcdef";
            const char escape[] = {'\\', 'u', '0', '0', Hex[u >> 4], Hex[u & 15]};
            put(QByteArrayView(escape, 6));
        }
        }
    }
    put(utf8.sliced(plain));
    put('"');
}

QByteArray OrderedJson::toJson() const
{
    if (m_size == 0)
        return QByteArray("{}");
    QByteArray out(m_data, m_size + 1);
    out[m_size] = '}';
    return out;
}

void OrderedJson::takeInto(QByteArray &out, char suffix)
{
    if (m_size == 0)
        out.append("{}", 2);
    else
        out.append(m_data, m_size).append('}');
    out.append(suffix);
    m_size = 0;
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
    case K::OperationFailed:
        return "error";
    }
    return "unknown";
}

} // namespace

QByteArray tlsJson(const TlsInfo *tls)
{
    if (!tls)
        return QByteArrayLiteral("null");
    return OrderedJson()
        .add("version", tls->version)
        .add("cipher", tls->cipher)
        .add("sni", tls->sni)
        .add("alpn", tls->alpn)
        .add("client_subject", tls->clientSubject)
        .toJson();
}

QString tlsText(const TlsInfo &tls)
{
    QString text = QStringLiteral("%1 %2").arg(QString::fromLatin1(tls.version),
                                               QString::fromLatin1(tls.cipher));
    if (!tls.sni.isEmpty())
        text += QStringLiteral(", SNI %1").arg(QString::fromUtf8(tls.sni));
    if (!tls.alpn.isEmpty())
        text += QStringLiteral(", ALPN %1").arg(QString::fromUtf8(tls.alpn));
    if (!tls.clientSubject.isEmpty())
        text += QStringLiteral(", client %1").arg(tls.clientSubject);
    return text;
}

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

void EventLog::isoTimeUtf8(qint64 timeUs, char (&out)[IsoTimeLength])
{
    // A QDateTime formatted per record was a visible cost of the JSON log; the part up to
    // the second changes once a second.
    thread_local qint64 cachedSecond = std::numeric_limits<qint64>::min();
    thread_local char cachedPrefix[IsoTimeLength - 4]; // "2026-11-26T01:49:22."
    const qint64 ms = timeUs / 1000;
    const qint64 second = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
    if (second != cachedSecond) {
        const QByteArray text = QDateTime::fromMSecsSinceEpoch(second * 1000, Qt::UTC)
                                    .toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss."))
                                    .toLatin1();
        Q_ASSERT(text.size() == sizeof cachedPrefix); // years 1000-9999
        memcpy(cachedPrefix, text.constData(), qMin<size_t>(sizeof cachedPrefix, text.size()));
        cachedSecond = second;
    }
    memcpy(out, cachedPrefix, sizeof cachedPrefix);
    const int milli = int(ms - second * 1000);
    out[IsoTimeLength - 4] = char('0' + milli / 100);
    out[IsoTimeLength - 3] = char('0' + milli / 10 % 10);
    out[IsoTimeLength - 2] = char('0' + milli % 10);
    out[IsoTimeLength - 1] = 'Z';
}

QByteArray EventLog::isoTimeUtf8(qint64 timeUs)
{
    char text[IsoTimeLength];
    isoTimeUtf8(timeUs, text);
    return QByteArray(text, IsoTimeLength);
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
    case K::OperationFailed:
        return QStringLiteral("server: error: %1").arg(r.text);
    case K::TcpConnected:
        return QStringLiteral("server: connection fd%1 from %2").arg(fd, peerText(r));
    case K::HttpRequest: {
        QString line =
            QStringLiteral("http %1 %2 %3 from fd%4")
                .arg(QString::fromUtf8(r.method), escapeControls(QString::fromUtf8(r.uri)))
                .arg(r.httpStatus)
                .arg(r.fd);
        if (r.tls) // https: the control API over TLS
            line += QStringLiteral(" (%1)").arg(tlsText(*r.tls));
        return line;
    }
    case K::HandshakeAccepted: {
        // The line of the Swoole example, plus what was negotiated when anything was.
        QString line = QStringLiteral("server: handshake success with fd%1").arg(fd);
        QStringList extras;
        if (!r.subprotocol.isEmpty())
            extras << QStringLiteral("subprotocol %1").arg(QString::fromUtf8(r.subprotocol));
        if (!r.extensions.isEmpty())
            extras << QStringLiteral("extensions %1").arg(QString::fromUtf8(r.extensions));
        if (r.tls)
            extras << tlsText(*r.tls);
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

namespace {

// The start of a frame or message line, the two kinds there are millions of (three per
// echoed message), written in one piece: the fields OrderedJson::add would give, in the
// same order: {"time":…,"event":…,"fd":…,"direction":…,"opcode":…
void writeHotPrefix(OrderedJson::Raw &raw, QByteArrayView time, const EventRecord &r)
{
    raw.literal("{\"time\":\"").bytes(time);
    if (r.kind == EventRecord::Kind::Frame)
        raw.literal("\",\"event\":\"frame\",\"fd\":");
    else
        raw.literal("\",\"event\":\"message\",\"fd\":");
    raw.number(r.fd);
    if (r.direction == Direction::In)
        raw.literal(",\"direction\":\"in\",\"opcode\":");
    else
        raw.literal(",\"direction\":\"out\",\"opcode\":");
    raw.number(r.opcode);
}

} // namespace

QByteArray EventLog::jsonLine(const EventRecord &record)
{
    OrderedJson j;
    writeJson(record, j);
    return j.toJson();
}

void EventLog::writeJson(const EventRecord &r, OrderedJson &j)
{
    using K = EventRecord::Kind;
    char time[IsoTimeLength];
    isoTimeUtf8(r.timeUs, time);
    if (r.kind != K::Frame && r.kind != K::Message) // those two write theirs below
        j.add("time", QByteArrayView(time, IsoTimeLength))
            .add("event", eventName(r.kind))
            .add("fd", r.fd);
    auto addPayload = [&] {
        if (payloadIsText(r)) // validated the UTF-8: not again per JSON line
            j.addValidUtf8("payload", r.payload);
        else
            j.addBase64("payload_base64", r.payload);
        j.add("truncated", r.payloadTruncated);
    };
    switch (r.kind) {
    case K::ServerStarted:
        j.add("message", r.text);
        break;
    case K::ServerError:
    case K::OperationFailed: {
        // A failed push, ping, disconnect, … names the call, the reason and the option.
        const bool call = r.kind == K::OperationFailed;
        const ServerError error = ServerError(r.serverError);
        j.add("message", r.text)
            .add("operation", operationName(call ? r.operation : Operation::None))
            .add("error", call ? serverErrorKey(error) : "")
            .add("option", call ? serverErrorOption(error) : "")
            .add("length", call ? r.payloadLength : qint64(-1))
            .add("limit", call ? r.count : qint64(0));
        break;
    }
    case K::ServerStopped:
        break;
    case K::TcpConnected:
        j.add("peer", peerText(r));
        break;
    case K::HttpRequest:
        j.add("method", r.method).add("uri", r.uri).add("status", r.httpStatus);
        if (r.tls)
            j.addRaw("tls", tlsJson(r.tls.get()));
        break;
    case K::HandshakeAccepted:
        j.add("peer", peerText(r))
            .add("subprotocol", r.subprotocol)
            .add("extensions", r.extensions);
        if (r.tls)
            j.addRaw("tls", tlsJson(r.tls.get()));
        break;
    case K::HandshakeRejected:
        j.add("status", r.httpStatus).add("reason", r.text);
        break;
    case K::Frame: {
        {
            OrderedJson::Raw raw(j, 400);
            writeHotPrefix(raw, QByteArrayView(time, IsoTimeLength), r);
            raw.literal(",\"fin\":")
                .boolean(r.fin)
                .literal(",\"rsv1\":")
                .boolean(r.rsv1)
                .literal(",\"rsv2\":")
                .boolean(r.rsv2)
                .literal(",\"rsv3\":")
                .boolean(r.rsv3)
                .literal(",\"masked\":")
                .boolean(r.masked)
                .literal(",\"length\":")
                .number(r.payloadLength)
                .literal(",\"wire_length\":")
                .number(r.wireLength);
        }
        addPayload();
        if (r.opcode == OpClose) {
            const auto [code, reason] = closeOf(r);
            j.add("code", int(code)).add("reason", reason);
        }
        if (r.protocolError != 0)
            j.add("error", errorKey(ProtocolError(r.protocolError)));
        break;
    }
    case K::Message: {
        {
            OrderedJson::Raw raw(j, 400);
            writeHotPrefix(raw, QByteArrayView(time, IsoTimeLength), r);
            raw.literal(",\"fin\":true,\"rsv1\":")
                .boolean(r.rsv1)
                .literal(",\"length\":")
                .number(totalLength(r))
                .literal(",\"fragments\":")
                .number(r.fragments);
        }
        addPayload();
        break;
    }
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
        if (!m_file.isOpen())
            return;
        writeJson(record, m_json);
        m_json.takeInto(m_batch, '\n'); // no QByteArray per line
        lineAdded();
        return;
    case AppConfig::LogFormat::Text: {
        const QString line = textLine(record);
        if (!line.isEmpty())
            writeLine(line.toUtf8());
        return;
    }
    }
}

void EventLog::note(const QString &text, const char *event, const OrderedJson &json, int fd)
{
    if (m_format == AppConfig::LogFormat::Text) {
        writeLine(text.toUtf8());
    } else if (m_format == AppConfig::LogFormat::Jsonl) {
        OrderedJson line;
        line.add("time", isoTime(QDateTime::currentMSecsSinceEpoch() * 1000))
            .add("event", event)
            .add("fd", fd);
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
    lineAdded();
}

void EventLog::lineAdded()
{
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
