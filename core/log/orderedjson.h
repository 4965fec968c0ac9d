#pragma once

#include "server/events.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

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

} // namespace framescope
