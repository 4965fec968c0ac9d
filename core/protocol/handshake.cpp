#include "handshake.h"

#include <QCryptographicHash>

namespace framescope {

namespace {

// RFC 7230 §3.2.6: tchar.
bool isTokenChar(char c)
{
    const auto u = quint8(c);
    if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

bool isOws(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView trimOws(QByteArrayView s)
{
    qsizetype b = 0;
    qsizetype e = s.size();
    while (b < e && isOws(s[b]))
        ++b;
    while (e > b && isOws(s[e - 1]))
        --e;
    return s.sliced(b, e - b);
}

bool equalsIgnoreCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
}

HttpRequestParser::Result makeError(HttpRequestParser::Error error, int status,
                                    const QByteArray &message)
{
    HttpRequestParser::Result r;
    r.status = HttpRequestParser::Status::Error;
    r.error = error;
    r.httpStatus = status;
    r.message = message;
    return r;
}

// Printable form of a peer's bytes for error messages: bounded, control bytes escaped.
QByteArray quoted(QByteArrayView s)
{
    QByteArray out = "\"";
    const qsizetype n = qMin<qsizetype>(s.size(), 80);
    for (qsizetype i = 0; i < n; ++i) {
        const auto u = quint8(s[i]);
        if (u < 0x20 || u == 0x7F || u == '"' || u == '\\')
            out += "\\x" + QByteArray::number(u, 16).rightJustified(2, '0');
        else
            out += char(u);
    }
    if (s.size() > n)
        out += "...";
    out += '"';
    return out;
}

} // namespace

bool isHttpToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

QByteArray HttpRequestHead::header(QByteArrayView name) const
{
    QByteArray out;
    bool first = true;
    for (const auto &h : headers) {
        if (equalsIgnoreCase(h.first, name)) {
            if (!first)
                out += ", ";
            out += h.second;
            first = false;
        }
    }
    return out;
}

bool HttpRequestHead::hasHeader(QByteArrayView name) const
{
    for (const auto &h : headers) {
        if (equalsIgnoreCase(h.first, name))
            return true;
    }
    return false;
}

QList<QByteArray> HttpRequestHead::headerValues(QByteArrayView name) const
{
    QList<QByteArray> out;
    for (const auto &h : headers) {
        if (equalsIgnoreCase(h.first, name))
            out.append(h.second);
    }
    return out;
}

QList<QByteArray> HttpRequestHead::headerTokens(QByteArrayView name) const
{
    QList<QByteArray> out;
    for (const auto &h : headers) {
        if (!equalsIgnoreCase(h.first, name))
            continue;
        // RFC 7230 §7: list elements separated by commas; empty elements are ignored.
        for (const QByteArray &part : h.second.split(',')) {
            const QByteArray t = trimOws(part).toByteArray();
            if (!t.isEmpty())
                out.append(t);
        }
    }
    return out;
}

qint64 HttpRequestHead::contentLength() const
{
    const QList<QByteArray> values = headerTokens("Content-Length");
    if (values.isEmpty())
        return hasHeader("Content-Length") ? -2 : -1;
    qint64 result = -1;
    for (const QByteArray &v : values) {
        if (v.size() > 18)
            return -2;
        for (char c : v) {
            if (c < '0' || c > '9')
                return -2;
        }
        const qint64 n = v.toLongLong();
        // RFC 7230 §3.3.2: differing repeated values are an error.
        if (result >= 0 && n != result)
            return -2;
        result = n;
    }
    return result;
}

void HttpRequestParser::reset()
{
    m_buffer.clear();
    m_head = HttpRequestHead{};
    m_done = false;
    m_requestLineChecked = false;
    m_failure = Result{};
}

HttpRequestParser::Result HttpRequestParser::feed(QByteArrayView bytes)
{
    if (m_failure.status == Status::Error)
        return m_failure; // sticky: the connection is answered and closed
    if (m_done) {
        Result r;
        r.status = Status::Complete;
        return r;
    }
    Result r = feedHead(bytes);
    if (r.status == Status::Error) {
        m_head = HttpRequestHead{};
        m_failure = r;
        m_failure.consumed = 0;
    }
    return r;
}

HttpRequestParser::Result HttpRequestParser::feedHead(QByteArrayView bytes)
{
    const qsizetype before = m_buffer.size();
    // Look for the blank line that ends the head (CRLF CRLF, tolerating bare LF).
    qsizetype end = -1;
    const qsizetype scanFrom = qMax<qsizetype>(0, before - 2);
    // Never buffer more than the limit plus the few bytes that could still end the head.
    const qsizetype take = qMin<qsizetype>(bytes.size(), m_maxHeadSize + 4 - before);
    if (take > 0)
        m_buffer.append(bytes.data(), take);
    // RFC 7230 §3.5: empty lines before the request line are ignored, so they cannot end it.
    qsizetype leading = 0;
    while (leading < m_buffer.size() && (m_buffer[leading] == '\r' || m_buffer[leading] == '\n'))
        ++leading;
    // Reject a bad request line as soon as it is complete (before any size verdict, so the
    // outcome does not depend on how the bytes were split). Only a line that ends within the
    // limit: one ending in the few bytes buffered past it is too large, as it is when those
    // bytes arrive one by one (431 at the first byte over the limit).
    const qsizetype requestLineEnd = m_buffer.indexOf('\n', qMax(leading, before));
    if (!m_requestLineChecked && requestLineEnd >= 0 && requestLineEnd < m_maxHeadSize) {
        m_requestLineChecked = true;
        Result r = parseHead(true);
        m_head = HttpRequestHead{}; // head() describes a complete head only
        if (r.status == Status::Error)
            return r;
    }
    for (qsizetype i = qMax<qsizetype>(scanFrom, leading + 1); i < m_buffer.size(); ++i) {
        if (m_buffer[i] != '\n')
            continue;
        // A line that is empty (just "\n" or "\r\n") right after another LF.
        if (m_buffer[i - 1] == '\n') {
            end = i + 1;
            break;
        }
        if (i >= 2 && m_buffer[i - 1] == '\r' && m_buffer[i - 2] == '\n') {
            end = i + 1;
            break;
        }
    }
    if (end < 0) {
        if (m_buffer.size() > m_maxHeadSize) {
            return makeError(Error::HeadTooLarge, 431,
                             "Request head is larger than the limit of " +
                                 QByteArray::number(m_maxHeadSize) + " bytes");
        }
        Result r;
        r.consumed = bytes.size();
        return r;
    }
    if (end > m_maxHeadSize) {
        return makeError(Error::HeadTooLarge, 431,
                         "Request head is larger than the limit of " +
                             QByteArray::number(m_maxHeadSize) + " bytes");
    }
    m_buffer.truncate(end);
    m_head = HttpRequestHead{};
    m_head.raw = m_buffer;
    Result r = parseHead(false);
    if (r.status == Status::Error)
        return r;
    m_done = true;
    r.status = Status::Complete;
    r.consumed = end - before;
    return r;
}

// Parses the complete lines in m_buffer (only the request line when `requestLineOnly`).
// Returns NeedMore when everything seen is valid.
HttpRequestParser::Result HttpRequestParser::parseHead(bool requestLineOnly)
{
    QList<QByteArrayView> lines;
    {
        const QByteArrayView all(m_buffer);
        qsizetype pos = 0;
        while (pos < all.size()) {
            const qsizetype lf = all.indexOf('\n', pos);
            if (lf < 0)
                break; // incomplete last line
            QByteArrayView line = all.sliced(pos, lf - pos);
            if (line.endsWith('\r'))
                line.chop(1);
            lines.append(line);
            pos = lf + 1;
        }
    }
    // RFC 7230 §3.5: ignore empty lines before the request line.
    qsizetype first = 0;
    while (first < lines.size() && lines[first].isEmpty() && first + 1 < lines.size())
        ++first;
    if (first >= lines.size() || lines[first].isEmpty())
        return Result{};

    // RFC 7230 §3.1.1: request-line = method SP request-target SP HTTP-version
    const QByteArrayView requestLine = lines[first];
    const qsizetype sp1 = requestLine.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : requestLine.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 <= sp1 + 1 || requestLine.indexOf(' ', sp2 + 1) >= 0) {
        return makeError(Error::BadRequestLine, 400,
                         "Malformed request line " + quoted(requestLine) +
                             ": expected METHOD SP target SP HTTP/x.y (RFC 7230 §3.1.1)");
    }
    const QByteArrayView method = requestLine.first(sp1);
    const QByteArrayView target = requestLine.sliced(sp1 + 1, sp2 - sp1 - 1);
    const QByteArrayView version = requestLine.sliced(sp2 + 1);
    if (!isHttpToken(method)) {
        return makeError(Error::BadRequestLine, 400,
                         "Request method " + quoted(method) + " is not a token (RFC 7230 §3.1.1)");
    }
    for (char c : target) {
        if (quint8(c) <= 0x20 || quint8(c) >= 0x7F) {
            return makeError(Error::BadRequestLine, 400,
                             "Request target " + quoted(target) +
                                 " contains a byte that is not allowed (RFC 7230 §5.3)");
        }
    }
    const bool versionSyntax = version.size() == 8 && version.startsWith("HTTP/") &&
                               version[5] >= '0' && version[5] <= '9' && version[6] == '.' &&
                               version[7] >= '0' && version[7] <= '9';
    if (!versionSyntax) {
        return makeError(Error::BadRequestLine, 400,
                         "HTTP version " + quoted(version) +
                             " is not of the form HTTP/x.y (RFC 7230 §2.6)");
    }
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        return makeError(Error::UnsupportedVersion, 505,
                         "HTTP version " + version.toByteArray() +
                             " is not supported; use HTTP/1.1");
    }
    m_head.method = method.toByteArray();
    m_head.target = target.toByteArray();
    m_head.version = version.toByteArray();
    if (requestLineOnly)
        return Result{};

    for (qsizetype i = first + 1; i < lines.size(); ++i) {
        const QByteArrayView line = lines[i];
        if (line.isEmpty())
            break; // end of head
        // RFC 7230 §3.2.4: obsolete line folding is rejected with 400.
        if (isOws(line[0])) {
            return makeError(Error::BadHeaderLine, 400,
                             "Header line " + quoted(line) +
                                 " starts with whitespace (obsolete line folding, RFC 7230 "
                                 "§3.2.4)");
        }
        const qsizetype colon = line.indexOf(':');
        // RFC 7230 §3.2.4: no whitespace between the field name and the colon.
        if (colon <= 0 || !isHttpToken(line.first(colon))) {
            return makeError(Error::BadHeaderLine, 400,
                             "Header line " + quoted(line) +
                                 " is not of the form name: value with a token name (RFC 7230 "
                                 "§3.2)");
        }
        const QByteArrayView value = trimOws(line.sliced(colon + 1));
        for (char c : value) {
            const auto u = quint8(c);
            if ((u < 0x20 && u != '\t') || u == 0x7F) {
                return makeError(Error::BadHeaderLine, 400,
                                 "Header " + line.first(colon).toByteArray() +
                                     " contains a control character (RFC 7230 §3.2)");
            }
        }
        m_head.headers.append({line.first(colon).toByteArray(), value.toByteArray()});
    }
    return Result{};
}

UpgradeCheck checkUpgradeRequest(const HttpRequestHead &head)
{
    UpgradeCheck c;
    for (const QByteArray &t : head.headerTokens("Upgrade")) {
        if (equalsIgnoreCase(t, "websocket"))
            c.isUpgradeAttempt = true;
    }
    if (!c.isUpgradeAttempt)
        return c;
    auto fail = [&c](int status, const QByteArray &message) {
        c.ok = false;
        c.httpStatus = status;
        c.message = message;
        return c;
    };
    // RFC 6455 §4.1/§4.2.1: the opening handshake is an HTTP/1.1 GET.
    if (head.method != "GET") {
        c.extraHeaders.append(qMakePair(QByteArray("Allow"), QByteArray("GET")));
        return fail(405, "WebSocket upgrade requires method GET, got " + head.method +
                             " (RFC 6455 §4.2.1)");
    }
    if (head.version != "HTTP/1.1") {
        return fail(400, "WebSocket upgrade requires HTTP/1.1, got " + head.version +
                             " (RFC 6455 §4.2.1)");
    }
    // RFC 6455 §4.2.1 item 2 and RFC 7230 §5.4: exactly one Host header.
    const QList<QByteArray> hosts = head.headerValues("Host");
    if (hosts.isEmpty())
        return fail(400, "Header Host is missing (RFC 6455 §4.2.1)");
    if (hosts.size() > 1)
        return fail(400, "Header Host appears more than once (RFC 7230 §5.4)");
    // RFC 6455 §4.2.1 item 4: Connection includes the token "Upgrade".
    bool connectionUpgrade = false;
    for (const QByteArray &t : head.headerTokens("Connection")) {
        if (equalsIgnoreCase(t, "upgrade"))
            connectionUpgrade = true;
    }
    if (!connectionUpgrade) {
        return fail(400, "Header Connection " + quoted(head.header("Connection")) +
                             " does not contain the token Upgrade (RFC 6455 §4.2.1)");
    }
    // RFC 6455 §4.2.1 item 5: Sec-WebSocket-Key is base64 of 16 bytes.
    const QList<QByteArray> keys = head.headerValues("Sec-WebSocket-Key");
    if (keys.isEmpty())
        return fail(400, "Header Sec-WebSocket-Key is missing (RFC 6455 §4.2.1)");
    if (keys.size() > 1)
        return fail(400, "Header Sec-WebSocket-Key appears more than once (RFC 6455 §11.3.1)");
    const auto decoded = QByteArray::fromBase64Encoding(
        keys.first(), QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    if (keys.first().size() != 24 || !decoded || decoded.decoded.size() != 16) {
        return fail(400, "Header Sec-WebSocket-Key " + quoted(keys.first()) +
                             " is not base64 of 16 bytes (RFC 6455 §4.2.1)");
    }
    // RFC 6455 §4.2.2: an unsupported version gets 426 and the versions we speak.
    const QList<QByteArray> versions = head.headerValues("Sec-WebSocket-Version");
    if (versions.size() != 1 || versions.first() != "13") {
        c.extraHeaders.append(qMakePair(QByteArray("Sec-WebSocket-Version"), QByteArray("13")));
        const QByteArray got = versions.isEmpty()
                                   ? QByteArray("is missing")
                                   : "is " + quoted(head.header("Sec-WebSocket-Version"));
        return fail(426, "Header Sec-WebSocket-Version " + got +
                             "; this server speaks version 13 (RFC 6455 §4.2.2)");
    }
    c.ok = true;
    return c;
}

QByteArray computeAcceptKey(QByteArrayView secWebSocketKey)
{
    // RFC 6455 §1.3: the GUID every server appends to the key.
    static constexpr char Guid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(secWebSocketKey);
    hash.addData(QByteArrayView(Guid, sizeof(Guid) - 1));
    return hash.result().toBase64();
}

QByteArray selectSubprotocol(const QList<QByteArray> &offered, const QList<QByteArray> &supported)
{
    // RFC 6455 §4.2.2: the server picks one of the client's values (in the client's order).
    for (const QByteArray &p : offered) {
        if (supported.contains(p))
            return p;
    }
    return {};
}

namespace {

// A cursor over one Sec-WebSocket-Extensions value.
class ExtensionLexer
{
public:
    explicit ExtensionLexer(QByteArrayView s) : m_s(s) {}

    void skipOws()
    {
        while (m_pos < m_s.size() && isOws(m_s[m_pos]))
            ++m_pos;
    }
    bool atEnd() const { return m_pos >= m_s.size(); }
    char peek() const { return m_s[m_pos]; }
    void advance() { ++m_pos; }
    QByteArray token()
    {
        const qsizetype start = m_pos;
        while (m_pos < m_s.size() && isTokenChar(m_s[m_pos]))
            ++m_pos;
        return m_s.sliced(start, m_pos - start).toByteArray();
    }
    // RFC 7230 §3.2.6: quoted-string with quoted-pair; the caller has seen the '"'.
    std::optional<QByteArray> quotedString()
    {
        ++m_pos; // opening quote
        QByteArray out;
        while (m_pos < m_s.size()) {
            const char c = m_s[m_pos++];
            if (c == '"')
                return out;
            if (c == '\\') {
                if (m_pos >= m_s.size())
                    return std::nullopt;
                const auto e = quint8(m_s[m_pos++]);
                if (e != '\t' && (e < 0x20 || e == 0x7F))
                    return std::nullopt;
                out += char(e);
                continue;
            }
            const auto u = quint8(c);
            if (u != '\t' && (u < 0x20 || u == 0x7F))
                return std::nullopt;
            out += c;
        }
        return std::nullopt; // unterminated
    }

private:
    QByteArrayView m_s;
    qsizetype m_pos = 0;
};

} // namespace

std::optional<QList<ExtensionOffer>> parseExtensionOffers(const QList<QByteArray> &headerValues)
{
    QList<ExtensionOffer> offers;
    for (const QByteArray &value : headerValues) {
        ExtensionLexer lx(value);
        // RFC 6455 §9.1: extension-list = 1#extension; RFC 7230 §7 empty elements ignored.
        while (true) {
            lx.skipOws();
            if (lx.atEnd())
                break;
            if (lx.peek() == ',') {
                lx.advance();
                continue;
            }
            ExtensionOffer offer;
            offer.name = lx.token();
            if (offer.name.isEmpty())
                return std::nullopt;
            lx.skipOws();
            while (!lx.atEnd() && lx.peek() == ';') {
                lx.advance();
                lx.skipOws();
                ExtensionParam param;
                param.name = lx.token();
                if (param.name.isEmpty())
                    return std::nullopt;
                lx.skipOws();
                if (!lx.atEnd() && lx.peek() == '=') {
                    lx.advance();
                    lx.skipOws();
                    if (lx.atEnd())
                        return std::nullopt;
                    if (lx.peek() == '"') {
                        auto v = lx.quotedString();
                        if (!v)
                            return std::nullopt;
                        param.value = *v;
                    } else {
                        const QByteArray v = lx.token();
                        if (v.isEmpty())
                            return std::nullopt;
                        param.value = v;
                    }
                    lx.skipOws();
                }
                offer.params.append(param);
            }
            if (!lx.atEnd() && lx.peek() != ',')
                return std::nullopt;
            offers.append(offer);
        }
    }
    return offers;
}

QByteArray buildSwitchingProtocolsResponse(const HttpRequestHead &head, QByteArrayView subprotocol,
                                           QByteArrayView extensions,
                                           const QList<QPair<QByteArray, QByteArray>> &extra)
{
    // RFC 6455 §4.2.2: the server's opening handshake.
    QByteArray out = "HTTP/1.1 101 Switching Protocols\r\n"
                     "Upgrade: websocket\r\n"
                     "Connection: Upgrade\r\n"
                     "Sec-WebSocket-Accept: ";
    out += computeAcceptKey(head.header("Sec-WebSocket-Key"));
    out += "\r\n";
    if (!subprotocol.isEmpty()) {
        out += "Sec-WebSocket-Protocol: ";
        out += subprotocol;
        out += "\r\n";
    }
    if (!extensions.isEmpty()) {
        out += "Sec-WebSocket-Extensions: ";
        out += extensions;
        out += "\r\n";
    }
    for (const auto &h : extra) {
        out += h.first;
        out += ": ";
        out += h.second;
        out += "\r\n";
    }
    out += "\r\n";
    return out;
}

} // namespace framescope
