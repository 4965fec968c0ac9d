#pragma once

#include "appconfig.h"
#include "server/events.h"

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QPair>
#include <QString>
#include <QVariant>

#include <cstring>

namespace framescope {

// A JSON object whose keys keep the order they were added in, so every JSONL line starts
// with time, event, fd (QJsonObject sorts its keys).
class OrderedJson final
{
public:
    OrderedJson();
    // The buffer is written through a raw pointer: a copy gets a buffer of its own, and a
    // moved-from object starts over empty.
    OrderedJson(const OrderedJson &other);
    OrderedJson(OrderedJson &&other) noexcept;
    OrderedJson &operator=(const OrderedJson &other);
    OrderedJson &operator=(OrderedJson &&other) noexcept;
    ~OrderedJson() = default;
    OrderedJson &add(QByteArrayView key, const QString &value);
    OrderedJson &add(QByteArrayView key, QByteArrayView utf8); // invalid UTF-8 becomes U+FFFD
    OrderedJson &add(QByteArrayView key, const QByteArray &utf8)
    {
        return add(key, QByteArrayView(utf8));
    }
    OrderedJson &add(QByteArrayView key, const char *utf8)
    {
        return add(key, QByteArrayView(utf8));
    }
    OrderedJson &add(QByteArrayView key, qint64 value);
    OrderedJson &add(QByteArrayView key, int value) { return add(key, qint64(value)); }
    OrderedJson &add(QByteArrayView key, bool value);
    OrderedJson &addRaw(QByteArrayView key, QByteArrayView json);       // already serialized
    OrderedJson &addValidUtf8(QByteArrayView key, QByteArrayView utf8); // caller checked it
    OrderedJson &addBase64(QByteArrayView key, QByteArrayView bytes);
    QByteArray toJson() const; // one line, no trailing newline
    // Appends the object (and `suffix`, e.g. a newline) to `out`, then starts over empty.
    void takeInto(QByteArray &out, char suffix);

    static QByteArray quote(const QString &text);

    // Fields written straight into the buffer, for the records there are millions of: no
    // capacity check per piece. At most `maxBytes` may be written; literals include their
    // own punctuation (the first one the opening brace).
    class Raw final
    {
        Q_DISABLE_COPY_MOVE(Raw)

    public:
        Raw(OrderedJson &json, qsizetype maxBytes)
            : m_json(json), m_at(json.space(maxBytes)), m_end(m_at + maxBytes)
        {}
        ~Raw() { m_json.m_size -= m_end - m_at; } // give back what was not used
        template <size_t N> Raw &literal(const char (&text)[N])
        {
            Q_ASSERT(m_at + N - 1 <= m_end);
            memcpy(m_at, text, N - 1);
            m_at += N - 1;
            return *this;
        }
        Raw &bytes(QByteArrayView bytes); // as they are: no quotes, no escapes
        Raw &number(qint64 value);
        Raw &boolean(bool value) { return value ? literal("true") : literal("false"); }

    private:
        OrderedJson &m_json;
        char *m_at;
        char *m_end;
    };

private:
    // Serialized as added, into one buffer written through a raw pointer: the JSON log
    // formats over a million records a second, and QByteArray::append per piece (a generic
    // insert) cost more than the server's work per message.
    char *space(qsizetype n)
    {
        if (m_size + n > m_capacity)
            grow(n);
        char *at = m_data + m_size;
        m_size += n;
        return at;
    }
    void put(QByteArrayView bytes)
    {
        if (!bytes.isEmpty()) // an empty view's data() may be null: memcpy would be UB
            memcpy(space(bytes.size()), bytes.data(), size_t(bytes.size()));
    }
    void put(char ch) { *space(1) = ch; }
    void key(QByteArrayView name);
    void grow(qsizetype n);
    void appendQuoted(QByteArrayView utf8, bool validated = false);

    QByteArray m_storage;
    char *m_data = nullptr;
    qsizetype m_size = 0;
    qsizetype m_capacity = 0;
};

// A connection's TLS details as a JSON object {version, cipher, sni, alpn, client_subject},
// or null for plain TCP. The open event and the control API's /connections use it.
QByteArray tlsJson(const TlsInfo *tls);
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
    static QByteArray jsonLine(const EventRecord &record);
    static void writeJson(const EventRecord &record, OrderedJson &json);
    // "hello", "hex:0001ff", … with "…(+N bytes, T total)" when cut.
    static QString displayPayload(const QByteArray &payload, qint64 total, bool asText);
    static QString isoTime(qint64 timeUs);        // "2026-11-26T01:49:22.343Z" (UTC)
    static QByteArray isoTimeUtf8(qint64 timeUs); // the same, for the JSON log
    static constexpr int IsoTimeLength = 24;
    static void isoTimeUtf8(qint64 timeUs, char (&out)[IsoTimeLength]);

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
