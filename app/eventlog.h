#pragma once

#include "appconfig.h"
#include "server/events.h"

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QPair>
#include <QString>
#include <QVariant>

namespace framescope {

// A JSON object whose keys keep the order they were added in, so every JSONL line starts
// with time, event, fd (QJsonObject sorts its keys).
class OrderedJson final
{
public:
    OrderedJson();
    OrderedJson &add(const char *key, const QString &value);
    OrderedJson &add(const char *key, const QByteArray &utf8); // invalid UTF-8 becomes U+FFFD
    OrderedJson &add(const char *key, const char *value);      // UTF-8
    OrderedJson &add(const char *key, qint64 value);
    OrderedJson &add(const char *key, int value) { return add(key, qint64(value)); }
    OrderedJson &add(const char *key, bool value);
    OrderedJson &addRaw(const char *key, const QByteArray &json);    // already serialized
    OrderedJson &addValidUtf8(const char *key, QByteArrayView utf8); // caller checked it
    QByteArray toJson() const; // one line, no trailing newline

    static QByteArray quote(const QString &text);

private:
    // Serialized as added, in one buffer: the JSON log formats hundreds of thousands of
    // records a second, and a member list re-copied at the end cost more than the server.
    QByteArray &key(const char *name);
    void appendQuoted(QByteArrayView utf8); // valid UTF-8 only

    QByteArray m_out;
};

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
    void note(const QString &text, const char *event, const OrderedJson &json = {});
    void flush();

    // Empty when the record has no text line (kept out of the human log: status changes,
    // the data frames of an unfragmented message which its message line already shows).
    static QString textLine(const EventRecord &record);
    static QByteArray jsonLine(const EventRecord &record);
    // "hello", "hex:0001ff", … with "…(+N bytes, T total)" when cut.
    static QString displayPayload(const QByteArray &payload, qint64 total, bool asText);
    static QString isoTime(qint64 timeUs);        // "2026-11-26T01:49:22.343Z" (UTC)
    static QByteArray isoTimeUtf8(qint64 timeUs); // the same, for the JSON log

private:
    void writeLine(const QByteArray &line);
    void writeBatch();
    static constexpr qsizetype WriteChunk = 256 * 1024;

    AppConfig::LogFormat m_format;
    QFile m_file;
    QByteArray m_batch; // lines of the batch being written
    bool m_batching = false;
};

} // namespace framescope
