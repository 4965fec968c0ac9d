#pragma once

#include "appconfig.h"
#include "log/jsonlineswriter.h"
#include "log/orderedjson.h"
#include "server/events.h"

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QPair>
#include <QString>
#include <QVariant>

#include <cstring>

namespace framescope {

// "TLSv1.3 TLS_AES_256_GCM_SHA384, SNI localhost, ALPN http/1.1, client CN=…"
QString tlsText(const TlsInfo &tls);

// The headless event log: one line per event record, text in the style of the Swoole
// examples or JSON Lines, flushed per line so that a crash or a kill loses nothing written.
class EventLog final
{
    Q_DISABLE_COPY_MOVE(EventLog)

public:
    // Shown payload bytes per text line; longer payloads end in "…(+N bytes, T total)".
    static constexpr int TextPayloadLimit = 200;
    // Binary payloads in text lines: this many bytes as hex.
    static constexpr int HexPayloadLimit = 32;

    explicit EventLog(AppConfig::LogFormat format);
    ~EventLog();

    // Empty path: stdout. False and `error` when the file cannot be opened.
    bool open(const QString &path, QString *error);
    void write(const EventBatch &batch);
    void write(const EventRecord &record);
    // Lines of the runner itself (start, stop, control API state): text in text mode,
    // `json` (time and event are prepended) in JSONL mode.
    void note(const QString &text, const char *event, const OrderedJson &json = {}, int fd = 0);
    void flush();

    // Empty when the record has no text line (kept out of the human log: status changes,
    // the data frames of an unfragmented message which its message line already shows).
    static QString textLine(const EventRecord &record);
    // The JSON Lines writer's line (milliseconds), as the log writes it.
    static QByteArray jsonLine(const EventRecord &record) { return JsonLinesWriter::line(record); }
    // "hello", "hex:0001ff", … with "…(+N bytes, T total)" when cut.
    static QString displayPayload(const QByteArray &payload, qint64 total, bool asText);
    static QString isoTime(qint64 timeUs);        // "2026-11-26T01:49:22.343Z" (UTC)
    static QByteArray isoTimeUtf8(qint64 timeUs); // the same, for the JSON log

private:
    void writeLine(const QByteArray &line);
    void lineAdded();
    void writeBatch();
    static constexpr qsizetype WriteChunk = 256 * 1024;

    AppConfig::LogFormat m_format;
    QFile m_file;
    QByteArray m_batch; // lines of the batch being written
    OrderedJson m_json; // the line being serialized, reused
    bool m_batching = false;
};

} // namespace framescope
