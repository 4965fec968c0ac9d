#include "orderedjson.h"

#include "protocol/utf8.h"

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

} // namespace framescope
