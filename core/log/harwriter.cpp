#include "harwriter.h"

#include "protocol/frame.h"
#include "protocol/protocolerror.h"
#include "recordfields.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

namespace framescope {

namespace {

QString harTime(qint64 timeUs)
{
    // HAR 1.2: ISO 8601 with milliseconds.
    return QDateTime::fromMSecsSinceEpoch(timeUs / 1000, QTimeZone::utc())
        .toString(Qt::ISODateWithMs);
}

struct Head
{
    QList<QByteArray> startLine; // "GET" "/x" "HTTP/1.1" or "HTTP/1.1" "101" "Switching …"
    QJsonArray headers;
    QByteArray host;
};

Head parseHead(const QByteArray &raw)
{
    Head head;
    const QList<QByteArray> lines = raw.split('\n');
    bool first = true;
    for (QByteArray line : lines) {
        line = line.trimmed();
        if (first) {
            first = false;
            // Method SP target SP version, or version SP status SP reason (which has spaces).
            const qsizetype a = line.indexOf(' ');
            const qsizetype b = a < 0 ? -1 : line.indexOf(' ', a + 1);
            if (a < 0)
                head.startLine = {line};
            else if (b < 0)
                head.startLine = {line.left(a), line.mid(a + 1)};
            else
                head.startLine = {line.left(a), line.mid(a + 1, b - a - 1), line.mid(b + 1)};
            continue;
        }
        if (line.isEmpty())
            break;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name.compare("Host", Qt::CaseInsensitive) == 0)
            head.host = value;
        head.headers.append(QJsonObject{{QStringLiteral("name"), QString::fromUtf8(name)},
                                        {QStringLiteral("value"), QString::fromUtf8(value)}});
    }
    return head;
}

QString startField(const Head &head, int i, const char *fallback)
{
    return i < head.startLine.size() ? QString::fromUtf8(head.startLine[i])
                                     : QString::fromLatin1(fallback);
}

QJsonArray queryString(const QByteArray &target)
{
    QJsonArray out;
    const qsizetype q = target.indexOf('?');
    if (q < 0)
        return out;
    for (const QByteArray &pair : target.mid(q + 1).split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        const QByteArray name = eq < 0 ? pair : pair.left(eq);
        const QByteArray value = eq < 0 ? QByteArray() : pair.mid(eq + 1);
        out.append(QJsonObject{
            {QStringLiteral("name"), QString::fromUtf8(QByteArray::fromPercentEncoding(name))},
            {QStringLiteral("value"), QString::fromUtf8(QByteArray::fromPercentEncoding(value))}});
    }
    return out;
}

} // namespace

HarWriter::Connection &HarWriter::connection(int fd, qint64 timeUs)
{
    auto it = m_connections.find(fd);
    if (it == m_connections.end()) {
        m_order.append(fd);
        it = m_connections.insert(fd, Connection());
    }
    Connection &c = *it;
    if (c.firstUs < 0 || timeUs < c.firstUs)
        c.firstUs = timeUs;
    c.lastUs = qMax(c.lastUs, timeUs);
    return c;
}

void HarWriter::addHandshake(const EventRecord &r)
{
    if (r.kind != EventRecord::Kind::HandshakeAccepted)
        return;
    auto it = m_connections.find(r.fd);
    if (it == m_connections.end() || it->handshake)
        return; // no rows of this connection, or its open row was added
    it->handshake = std::make_shared<const EventRecord>(r);
    it->firstUs = qMin(it->firstUs, r.timeUs);
}

void HarWriter::add(const EventRecord &r, const EventRecord *message)
{
    using K = EventRecord::Kind;
    if (r.kind == K::HandshakeAccepted) {
        Connection &c = connection(r.fd, r.timeUs);
        c.handshake = std::make_shared<const EventRecord>(r);
        return;
    }
    if (r.kind == K::Closed) {
        connection(r.fd, r.timeUs).closed = std::make_shared<const EventRecord>(r);
        return;
    }
    if (r.kind == K::Message) {
        // A record stream (not the window's rows): the message follows the frame that
        // ended it, and stands for that frame's message element.
        Connection &c = connection(r.fd, r.timeUs);
        const int last = c.lastData[r.direction == Direction::Out ? 1 : 0];
        if (last >= 0 && last < c.messages.size()) {
            Message &m = c.messages[last];
            m.opcode = r.opcode;
            m.data = r.payload;
            m.truncated = r.payloadTruncated;
            m.length = r.messageLength;
        }
        return;
    }
    if (r.kind != K::Frame)
        return;
    Connection &c = connection(r.fd, r.timeUs);
    Message m;
    m.timeUs = r.timeUs;
    // The client's point of view, as in a HAR its browser would save: "send" is what the
    // client sent (a frame in, here), "receive" what it got.
    m.send = r.direction == Direction::In;
    if (r.protocolError != 0)
        m.error = errorKey(ProtocolError(r.protocolError));
    if (isControlOpcode(r.opcode) || r.protocolError != 0 ||
        (r.opcode != OpText && r.opcode != OpBinary && r.opcode != OpContinuation)) {
        // Control frames (and invalid frames) are entries of their own, as they were sent.
        m.opcode = r.opcode;
        m.data = r.payload;
        m.truncated = r.payloadTruncated;
        m.length = r.payloadLength;
        if (r.opcode == OpClose) {
            const auto [code, reason] = recordClose(r);
            m.closeCode = code;
            m.closeReason = reason;
        }
        c.messages.append(m);
        ++m_messages;
        return;
    }
    // Data frames make up messages: one entry per message, at its last frame, with the
    // reassembled (and inflated) payload.
    Pending &p = c.pending[r.direction == Direction::Out ? 1 : 0];
    if (r.opcode != OpContinuation || p.opcode < 0) {
        p = Pending();
        p.opcode = r.opcode == OpContinuation ? int(OpBinary) : int(r.opcode); // start not exported
    }
    p.data += r.payload;
    p.truncated = p.truncated || r.payloadTruncated;
    p.length += r.payloadLength;
    if (!r.fin)
        return;
    m.opcode = message ? message->opcode : p.opcode;
    m.data = message ? message->payload : p.data;
    m.truncated = message ? message->payloadTruncated : p.truncated;
    m.length = message ? message->messageLength : p.length;
    p = Pending();
    c.lastData[r.direction == Direction::Out ? 1 : 0] = int(c.messages.size());
    c.messages.append(m);
    ++m_messages;
}

QByteArray HarWriter::toJson(const QByteArray &creatorVersion) const
{
    QJsonArray entries;
    for (int fd : m_order) {
        const Connection &c = m_connections[fd];
        const EventRecord *hs = c.handshake.get();
        const Head request = parseHead(hs ? hs->requestHead : QByteArray());
        const Head response = parseHead(hs ? hs->responseHead : QByteArray());
        const QByteArray target =
            hs && !hs->uri.isEmpty() ? hs->uri : request.startLine.value(1, "/");
        QByteArray host = request.host;
        if (host.isEmpty() && hs)
            host = recordPeerText(*hs).toUtf8();
        const QString url =
            QStringLiteral("%1://%2%3")
                .arg(hs && hs->tls ? QStringLiteral("wss") : QStringLiteral("ws"),
                     QString::fromUtf8(host.isEmpty() ? QByteArray("unknown") : host),
                     QString::fromUtf8(target.startsWith('/') ? target : "/" + target));

        QJsonArray messages;
        for (const Message &m : c.messages) {
            QJsonObject o{{QStringLiteral("type"),
                           m.send ? QStringLiteral("send") : QStringLiteral("receive")},
                          {QStringLiteral("time"), double(m.timeUs) / 1e6},
                          {QStringLiteral("opcode"), m.opcode},
                          {QStringLiteral("data"), m.opcode == OpText
                                                       ? QString::fromUtf8(m.data)
                                                       : QString::fromLatin1(m.data.toBase64())}};
            if (m.opcode == OpClose && m.closeCode != 0) {
                o.insert(QStringLiteral("_closeCode"), m.closeCode);
                o.insert(QStringLiteral("_closeReason"), QString::fromUtf8(m.closeReason));
            }
            if (m.truncated) {
                o.insert(QStringLiteral("_truncated"), true);
                o.insert(QStringLiteral("_length"), m.length);
            }
            if (!m.error.isEmpty())
                o.insert(QStringLiteral("_error"), QString::fromLatin1(m.error));
            messages.append(o);
        }

        const qint64 startUs = hs ? qMin(hs->timeUs, c.firstUs) : c.firstUs;
        QJsonObject entry{
            {QStringLiteral("startedDateTime"), harTime(startUs)},
            {QStringLiteral("time"), double(qMax<qint64>(0, c.lastUs - startUs)) / 1000.0},
            {QStringLiteral("request"),
             QJsonObject{{QStringLiteral("method"), startField(request, 0, "GET")},
                         {QStringLiteral("url"), url},
                         {QStringLiteral("httpVersion"), startField(request, 2, "HTTP/1.1")},
                         {QStringLiteral("cookies"), QJsonArray()},
                         {QStringLiteral("headers"), request.headers},
                         {QStringLiteral("queryString"), queryString(target)},
                         {QStringLiteral("headersSize"), hs ? int(hs->requestHead.size()) : -1},
                         {QStringLiteral("bodySize"), 0}}},
            {QStringLiteral("response"),
             QJsonObject{
                 {QStringLiteral("status"), startField(response, 1, "101").toInt()},
                 {QStringLiteral("statusText"),
                  startField(response, 2, hs ? "Switching Protocols" : "")},
                 {QStringLiteral("httpVersion"), startField(response, 0, "HTTP/1.1")},
                 {QStringLiteral("cookies"), QJsonArray()},
                 {QStringLiteral("headers"), response.headers},
                 {QStringLiteral("content"), QJsonObject{{QStringLiteral("size"), 0},
                                                         {QStringLiteral("mimeType"), QString()}}},
                 {QStringLiteral("redirectURL"), QString()},
                 {QStringLiteral("headersSize"), hs ? int(hs->responseHead.size()) : -1},
                 {QStringLiteral("bodySize"), 0}}},
            {QStringLiteral("cache"), QJsonObject()},
            {QStringLiteral("timings"), QJsonObject{{QStringLiteral("blocked"), -1},
                                                    {QStringLiteral("dns"), -1},
                                                    {QStringLiteral("connect"), -1},
                                                    {QStringLiteral("ssl"), -1},
                                                    {QStringLiteral("send"), 0},
                                                    {QStringLiteral("wait"), 0},
                                                    {QStringLiteral("receive"), 0}}},
            {QStringLiteral("connection"), QString::number(fd)},
            {QStringLiteral("_resourceType"), QStringLiteral("websocket")},
            {QStringLiteral("_webSocketMessages"), messages},
        };
        if (hs && !hs->peerAddress.isNull())
            entry.insert(QStringLiteral("_clientAddress"), recordPeerText(*hs));
        if (c.closed) {
            entry.insert(QStringLiteral("_closeCode"), c.closed->closeCode);
            entry.insert(QStringLiteral("_closeReason"), QString::fromUtf8(c.closed->closeReason));
            entry.insert(QStringLiteral("_closeInitiator"),
                         QString::fromLatin1(initiatorName(c.closed->initiator)));
        }
        entries.append(entry);
    }
    const QJsonObject log{
        {QStringLiteral("version"), QStringLiteral("1.2")},
        {QStringLiteral("creator"),
         QJsonObject{{QStringLiteral("name"), QStringLiteral("Framescope")},
                     {QStringLiteral("version"), QString::fromUtf8(creatorVersion)}}},
        {QStringLiteral("pages"), QJsonArray()},
        {QStringLiteral("entries"), entries},
    };
    return QJsonDocument(QJsonObject{{QStringLiteral("log"), log}}).toJson(QJsonDocument::Indented);
}

} // namespace framescope
