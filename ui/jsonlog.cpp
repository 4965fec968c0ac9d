#include "jsonlog.h"

#include "connectionmodel.h"
#include "framelogmodel.h"

#include "log/harwriter.h"
#include "log/jsonlinesreader.h"
#include "log/jsonlineswriter.h"
#include "log/recordfields.h"
#include "server/websocketserver.h"

#include <QCoreApplication>

namespace framescope {

QByteArray recordToJsonLine(const EventRecord &record, const EventRecord *message)
{
    if (!FrameLogModel::isLogged(record.kind))
        return {};
    return JsonLinesWriter::line(record, JsonLinesWriter::TimePrecision::Microseconds, message);
}

namespace {

template <typename Each>
void forRows(const FrameLogModel &model, const QVector<int> *rows, Each each)
{
    if (rows) {
        for (int row : *rows) {
            if (const LogEntry *e = model.entry(row))
                each(*e);
        }
        return;
    }
    for (int row = 0; row < model.rowCount(); ++row)
        each(*model.entry(row));
}

} // namespace

qint64 exportJsonLines(const FrameLogModel &model, QIODevice &device, const QVector<int> *rows)
{
    qint64 written = 0;
    bool failed = false;
    OrderedJson json;
    QByteArray chunk;
    forRows(model, rows, [&](const LogEntry &e) {
        if (failed || !FrameLogModel::isLogged(e.record->kind))
            return;
        JsonLinesWriter::write(*e.record, json, JsonLinesWriter::TimePrecision::Microseconds,
                               e.message.get());
        json.takeInto(chunk, '\n');
        ++written;
        if (chunk.size() >= 256 * 1024) {
            failed = device.write(chunk) != chunk.size();
            chunk.resize(0);
        }
    });
    if (!failed && !chunk.isEmpty())
        failed = device.write(chunk) != chunk.size();
    return failed ? -1 : written;
}

qint64 exportHar(const FrameLogModel &model, const ConnectionModel *connections, QIODevice &device,
                 const QVector<int> *rows)
{
    HarWriter har;
    qint64 written = 0;
    forRows(model, rows, [&](const LogEntry &e) {
        har.add(*e.record, e.message.get());
        ++written;
    });
    if (connections) {
        // Handshakes of connections whose open row was not exported.
        for (int row = 0; row < connections->rowCount(); ++row) {
            const ConnectionRecord *c = connections->record(row);
            if (!c->websocket)
                continue;
            EventRecord open;
            open.kind = EventRecord::Kind::HandshakeAccepted;
            open.fd = c->fd;
            open.timeUs = c->connectedUs;
            open.peerAddress = c->peerAddress;
            open.peerPort = c->peerPort;
            open.uri = c->uri;
            open.subprotocol = c->subprotocol;
            open.extensions = c->extensions;
            open.requestHead = c->requestHead;
            open.responseHead = c->responseHead;
            open.tls = c->tls;
            har.addHandshake(open);
        }
    }
    const QByteArray json = har.toJson(QCoreApplication::applicationVersion().toUtf8());
    return device.write(json) == json.size() ? written : -1;
}

EventBatch importJsonLines(QIODevice &device, int *skipped, QString *firstError)
{
    JsonLinesReader::Result result = JsonLinesReader::readAll(device);
    EventBatch records;
    records.reserve(result.records.size());
    int notShown = 0;
    QString notShownError;
    for (EventRecord &r : result.records) {
        if (FrameLogModel::isLogged(r.kind) || r.kind == EventRecord::Kind::Message) {
            records.push_back(std::move(r));
        } else if (notShown++ == 0) {
            // Other events of the headless log (request, disconnect, …) are not rows.
            notShownError =
                QCoreApplication::translate("JsonLog", "event “%1” is not shown in the frame log")
                    .arg(QString::fromLatin1(recordEventName(r.kind)));
        }
    }
    if (skipped)
        *skipped = result.skipped + notShown;
    if (firstError)
        *firstError = result.firstError.isEmpty() ? notShownError : result.firstError;
    return records;
}

} // namespace framescope
