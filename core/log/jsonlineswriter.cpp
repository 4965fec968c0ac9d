#include "jsonlineswriter.h"

#include "clientidentity.h"
#include "protocol/frame.h"
#include "protocol/protocolerror.h"
#include "recordfields.h"
#include "server/websocketserver.h"

#include <QDateTime>

#include <limits>

namespace framescope {

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

void JsonLinesWriter::write(const EventRecord &r, OrderedJson &j, TimePrecision precision,
                            const EventRecord *message)
{
    using K = EventRecord::Kind;
    char timeText[IsoTimeUsLength];
    const QByteArrayView time(timeText, isoTime(r.timeUs, timeText, precision));
    if (r.kind != K::Frame && r.kind != K::Message) // those two write theirs below
        j.add("time", time).add("event", recordEventName(r.kind)).add("fd", r.fd);
    auto addPayload = [&] {
        if (recordPayloadIsText(r)) // validated the UTF-8: not again per JSON line
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
        j.add("peer", recordPeerText(r));
        break;
    case K::HttpRequest:
        j.add("method", r.method).add("uri", r.uri).add("status", r.httpStatus);
        if (r.tls)
            j.addRaw("tls", tlsJson(r.tls.get()));
        break;
    case K::HandshakeAccepted: {
        // Once per connection: what tells the client apart, and the handshake as exchanged.
        const ClientIdentity id = ClientIdentity::fromRequestHead(r.requestHead);
        j.add("peer", recordPeerText(r))
            .add("uri", r.uri.isEmpty() ? id.target : r.uri)
            .add("origin", id.origin)
            .add("user_agent", id.userAgent)
            .add("subprotocol", r.subprotocol)
            .add("extensions", r.extensions);
        if (r.tls)
            j.addRaw("tls", tlsJson(r.tls.get()));
        j.add("request_head", r.requestHead).add("response_head", r.responseHead);
        break;
    }
    case K::HandshakeRejected:
        j.add("status", r.httpStatus).add("reason", r.text);
        break;
    case K::Frame: {
        {
            OrderedJson::Raw raw(j, 400);
            writeHotPrefix(raw, time, r);
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
            const auto [code, reason] = recordClose(r);
            j.add("code", int(code)).add("reason", reason);
        }
        if (r.protocolError != 0)
            j.add("error", errorKey(ProtocolError(r.protocolError)));
        // A sentence beyond the rule's own (e.g. a scenario's raw frame); rare.
        if (!r.text.isEmpty() &&
            (r.protocolError == 0 || r.text != describe(ProtocolError(r.protocolError))))
            j.add("note", r.text);
        if (message) {
            j.add("message_opcode", int(message->opcode))
                .add("message_length", message->messageLength)
                .add("fragments", message->fragments);
            if (recordPayloadIsText(*message))
                j.addValidUtf8("message_payload", message->payload);
            else
                j.addBase64("message_payload_base64", message->payload);
        }
        break;
    }
    case K::Message: {
        {
            OrderedJson::Raw raw(j, 400);
            writeHotPrefix(raw, time, r);
            raw.literal(",\"fin\":true,\"rsv1\":")
                .boolean(r.rsv1)
                .literal(",\"length\":")
                .number(recordTotalLength(r))
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

QByteArray JsonLinesWriter::line(const EventRecord &record, TimePrecision precision,
                                 const EventRecord *message)
{
    OrderedJson j;
    write(record, j, precision, message);
    return j.toJson();
}

int JsonLinesWriter::isoTime(qint64 timeUs, char (&out)[IsoTimeUsLength], TimePrecision precision)
{
    // A QDateTime formatted per record was a visible cost of the JSON log; the part up to
    // the second changes once a second.
    constexpr int PrefixLength = IsoTimeLength - 4; // "2026-11-26T01:49:22."
    thread_local qint64 cachedSecond = std::numeric_limits<qint64>::min();
    thread_local char cachedPrefix[PrefixLength];
    const qint64 second = timeUs >= 0 ? timeUs / 1000000 : (timeUs - 999999) / 1000000; // floor
    if (second != cachedSecond) {
        const QByteArray text = QDateTime::fromMSecsSinceEpoch(second * 1000, Qt::UTC)
                                    .toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss."))
                                    .toLatin1();
        Q_ASSERT(text.size() == PrefixLength); // years 1000-9999
        memcpy(cachedPrefix, text.constData(), qMin<size_t>(PrefixLength, text.size()));
        cachedSecond = second;
    }
    memcpy(out, cachedPrefix, PrefixLength);
    const int micro = int(timeUs - second * 1000000);
    const int digits = precision == TimePrecision::Microseconds ? 6 : 3;
    int value = precision == TimePrecision::Microseconds ? micro : micro / 1000;
    for (int i = digits - 1; i >= 0; --i) {
        out[PrefixLength + i] = char('0' + value % 10);
        value /= 10;
    }
    out[PrefixLength + digits] = 'Z';
    return PrefixLength + digits + 1;
}

QByteArray JsonLinesWriter::isoTime(qint64 timeUs, TimePrecision precision)
{
    char text[IsoTimeUsLength];
    return QByteArray(text, isoTime(timeUs, text, precision));
}

} // namespace framescope
