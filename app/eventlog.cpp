#include "eventlog.h"

#include "log/recordfields.h"
#include "protocol/frame.h"
#include "protocol/protocolerror.h"
#include "protocol/utf8.h"
#include "server/websocketserver.h"

#include <QDateTime>

#include <cstdio>
#include <limits>
#include <utility>

namespace framescope {

namespace {

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

QString closeText(quint16 code, const QByteArray &reason)
{
    if (code == 0)
        return QStringLiteral("no status");
    QString text = QString::number(code);
    if (!reason.isEmpty())
        text += QStringLiteral(" \"%1\"").arg(escapeControls(QString::fromUtf8(reason)));
    return text;
}

} // namespace

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

QByteArray EventLog::isoTimeUtf8(qint64 timeUs)
{
    return JsonLinesWriter::isoTime(timeUs, JsonLinesWriter::TimePrecision::Milliseconds);
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
        return QStringLiteral("server: connection fd%1 from %2").arg(fd, recordPeerText(r));
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
                .arg(verb, fd,
                     displayPayload(r.payload, recordTotalLength(r), recordPayloadIsText(r)))
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
            line =
                QStringLiteral("%1 %2 %3:%4")
                    .arg(r.opcode == OpPing ? QStringLiteral("ping") : QStringLiteral("pong"), from,
                         fd,
                         displayPayload(r.payload, recordTotalLength(r), recordPayloadIsText(r)));
        } else if (r.opcode == OpClose) {
            const auto [code, reason] = recordClose(r);
            line = QStringLiteral("close frame %1 %2:%3").arg(from, fd, closeText(code, reason));
        } else {
            // An unfragmented incoming message shows up once, as its "receive from" line; an
            // unfragmented compressed push once, as its message's "push to" line.
            if ((in || r.rsv1) && r.fin && r.opcode != OpContinuation && r.protocolError == 0)
                return {};
            line = QStringLiteral("%1 %2:%3,opcode:%4,fin:%5")
                       .arg(in ? QStringLiteral("frame from") : QStringLiteral("push to"), fd,
                            displayPayload(r.payload, recordTotalLength(r), recordPayloadIsText(r)))
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
        JsonLinesWriter::write(record, m_json);
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
