#include "formatting.h"

#include "protocol/closecode.h"
#include "protocol/frame.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QIcon>
#include <QJsonDocument>
#include <QPalette>
#include <QStringDecoder>

namespace framescope {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("framescope", text);
}

// core/protocol/closecode.cpp keeps its meanings in English and has no Qt Widgets; this copy
// only shows them to lupdate. tests/i18n checks it against closeCodeInfo() for every code.
[[maybe_unused]] const char *const kCloseCodeMeanings[] = {
    QT_TRANSLATE_NOOP("CloseCode", "Normal closure: the purpose of the connection was fulfilled"),
    QT_TRANSLATE_NOOP("CloseCode", "Going away: server shutting down or client leaving the page"),
    QT_TRANSLATE_NOOP("CloseCode", "Protocol error"),
    QT_TRANSLATE_NOOP("CloseCode", "Unsupported data: a type of data the endpoint cannot accept"),
    QT_TRANSLATE_NOOP("CloseCode", "Reserved: must not be used"),
    QT_TRANSLATE_NOOP("CloseCode", "No status code received: the close frame had no payload"),
    QT_TRANSLATE_NOOP("CloseCode",
                      "Abnormal closure: the connection was lost without a close frame"),
    QT_TRANSLATE_NOOP("CloseCode", "Invalid payload data: e.g. non-UTF-8 data in a text message"),
    QT_TRANSLATE_NOOP("CloseCode", "Policy violation"),
    QT_TRANSLATE_NOOP("CloseCode", "Message too big to process"),
    QT_TRANSLATE_NOOP(
        "CloseCode",
        "Mandatory extension: the server did not negotiate an extension the client requires"),
    QT_TRANSLATE_NOOP("CloseCode", "Internal error: an unexpected condition prevented the request"),
    QT_TRANSLATE_NOOP("CloseCode", "Service restart (IANA registry; not in RFC 6455)"),
    QT_TRANSLATE_NOOP("CloseCode", "Try again later (IANA registry; not in RFC 6455)"),
    QT_TRANSLATE_NOOP("CloseCode", "Bad gateway (IANA registry; not in RFC 6455)"),
    QT_TRANSLATE_NOOP("CloseCode", "TLS handshake failure: must not be sent on the wire"),
    QT_TRANSLATE_NOOP("CloseCode", "Registered for libraries, frameworks and applications (IANA)"),
    QT_TRANSLATE_NOOP("CloseCode", "Private use: application-defined"),
    QT_TRANSLATE_NOOP("CloseCode", "Invalid: codes below 1000 are not used"),
    QT_TRANSLATE_NOOP("CloseCode", "Reserved for future versions of the protocol"),
};
} // namespace

QString formatTimeUs(qint64 timeUs)
{
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(timeUs / 1000);
    return time.toString(QStringLiteral("HH:mm:ss.zzz")) +
           QStringLiteral("%1").arg(timeUs % 1000, 3, 10, QLatin1Char('0'));
}

QString formatDurationUs(qint64 us)
{
    if (us < 0)
        return tr("n/a");
    if (us < 1000)
        return tr("%1 µs").arg(us);
    if (us < 1000 * 1000)
        return tr("%1 ms").arg(double(us) / 1000.0, 0, 'f', us < 10000 ? 2 : 1);
    return tr("%1 s").arg(double(us) / 1e6, 0, 'f', 2);
}

QString formatBytes(qint64 bytes)
{
    if (bytes < 1024)
        return tr("%1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return tr("%1 KiB").arg(double(bytes) / 1024.0, 0, 'f', 1);
    if (bytes < 1024LL * 1024 * 1024)
        return tr("%1 MiB").arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
    return tr("%1 GiB").arg(double(bytes) / (1024.0 * 1024.0 * 1024.0), 0, 'f', 2);
}

QString formatAge(qint64 seconds)
{
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 h %2 min")
        .arg(seconds / 3600)
        .arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QString websocketStatusLabel(int status)
{
    // Swoole's WEBSOCKET_STATUS_* names; CLOSED is our history state.
    const char *name = "?";
    switch (status) {
    case StatusConnection:
        name = "CONNECTION";
        break;
    case StatusHandshake:
        name = "HANDSHAKE";
        break;
    case StatusActive:
        name = "ACTIVE";
        break;
    case StatusClosing:
        name = "CLOSING";
        break;
    case StatusClosed:
        name = "CLOSED";
        break;
    default:
        break;
    }
    return QStringLiteral("%1 %2").arg(status).arg(QLatin1String(name));
}

QString opcodeLabel(quint8 opcode)
{
    return QStringLiteral("%1 (%2)").arg(opcodeName(opcode)).arg(opcode);
}

QString initiatorText(Initiator initiator)
{
    switch (initiator) {
    case Initiator::Server:
        return tr("server");
    case Initiator::Client:
        return tr("client");
    case Initiator::Abnormal:
        return tr("connection lost");
    case Initiator::None:
        break;
    }
    return {};
}

QString directionText(Direction direction)
{
    return direction == Direction::In ? tr("in") : tr("out");
}

QString payloadPreview(const QByteArray &payload, quint8 opcode, int maxChars)
{
    if (payload.isEmpty())
        return {};
    if (opcode == OpClose) {
        quint16 code = 0;
        QByteArray reason;
        if (parseClosePayload(payload, code, reason))
            return QStringLiteral("%1 %2").arg(code).arg(QString::fromUtf8(reason));
    }
    const QByteArray head = payload.left(maxChars * 4);
    const bool binary = opcode == OpBinary;
    QString text;
    if (!binary) {
        // Stateful: a character cut at the end of `head` is not an error.
        QStringDecoder decoder(QStringDecoder::Utf8);
        text = decoder.decode(head);
        // Not UTF-8: hex, as a binary payload is everywhere (table, viewer, fragments).
        if (decoder.hasError())
            text.clear();
    }
    if (text.isEmpty()) {
        const QByteArray hex = payload.left(maxChars / 3 + 1).toHex(' ');
        QString out = QString::fromLatin1(hex);
        if (payload.size() > maxChars / 3 + 1)
            out += QStringLiteral(" …");
        return out;
    }
    QString out;
    out.reserve(qMin<qsizetype>(text.size(), maxChars) + 1);
    for (QChar c : std::as_const(text)) {
        if (out.size() >= maxChars)
            break;
        if (c == QLatin1Char('\n'))
            out += QChar(0x21B5); // ↵
        else if (c == QLatin1Char('\t'))
            out += QChar(0x21E5); // ⇥
        else if (c.unicode() < 0x20)
            out += QChar(0x2400 + c.unicode()); // control pictures
        else
            out += c;
    }
    if (out.size() >= maxChars || payload.size() > head.size())
        out += QStringLiteral("…");
    return out;
}

QString hexDump(const QByteArray &data, int maxBytes)
{
    const qsizetype n = qMin<qsizetype>(data.size(), maxBytes);
    QString out;
    out.reserve(int(n / 16 + 1) * 78);
    for (qsizetype off = 0; off < n; off += 16) {
        out += QStringLiteral("%1  ").arg(off, 8, 16, QLatin1Char('0'));
        QString ascii;
        for (int i = 0; i < 16; ++i) {
            if (off + i < n) {
                const auto b = quint8(data[off + i]);
                out += QStringLiteral("%1 ").arg(b, 2, 16, QLatin1Char('0'));
                ascii += (b >= 0x20 && b < 0x7f) ? QChar(b) : QLatin1Char('.');
            } else {
                out += QStringLiteral("   ");
            }
            if (i == 7)
                out += QLatin1Char(' ');
        }
        out += QStringLiteral(" |") + ascii + QStringLiteral("|\n");
    }
    if (data.size() > n)
        out += tr("… %1 more bytes not shown\n").arg(data.size() - n);
    return out;
}

bool parseHexInput(const QString &text, QByteArray &out)
{
    QString digits;
    digits.reserve(text.size());
    const QString lowered = text.toLower();
    for (qsizetype i = 0; i < lowered.size(); ++i) {
        const QChar c = lowered[i];
        if (c == QLatin1Char('0') && i + 1 < lowered.size() && lowered[i + 1] == QLatin1Char('x')) {
            ++i;
            continue;
        }
        if (c.isSpace() || c == QLatin1Char(',') || c == QLatin1Char(':'))
            continue;
        if (!((c >= QLatin1Char('0') && c <= QLatin1Char('9')) ||
              (c >= QLatin1Char('a') && c <= QLatin1Char('f'))))
            return false;
        digits += c;
    }
    if (digits.size() % 2 != 0)
        return false;
    out = QByteArray::fromHex(digits.toLatin1());
    return true;
}

QString prettyJson(const QByteArray &data)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &error);
    if (error.error != QJsonParseError::NoError || doc.isNull())
        return {};
    // Re-indent the original text instead of QJsonDocument::toJson(): that one sorts object
    // keys and rewrites numbers, and an inspector must show what was sent.
    const QString text = QString::fromUtf8(data);
    QString out;
    out.reserve(text.size() * 2);
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    const auto newline = [&out, &depth] {
        out += QLatin1Char('\n');
        out += QString(depth * 4, QLatin1Char(' '));
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (inString) {
            out += c;
            if (escaped)
                escaped = false;
            else if (c == QLatin1Char('\\'))
                escaped = true;
            else if (c == QLatin1Char('"'))
                inString = false;
            continue;
        }
        if (c.isSpace())
            continue;
        switch (c.unicode()) {
        case '"':
            inString = true;
            out += c;
            break;
        case '{':
        case '[': {
            out += c;
            // Keep empty containers on one line.
            qsizetype next = i + 1;
            while (next < text.size() && text[next].isSpace())
                ++next;
            if (next < text.size() &&
                (text[next] == QLatin1Char('}') || text[next] == QLatin1Char(']'))) {
                out += text[next];
                i = next;
                break;
            }
            ++depth;
            newline();
            break;
        }
        case '}':
        case ']':
            --depth;
            newline();
            out += c;
            break;
        case ',':
            out += c;
            newline();
            break;
        case ':':
            out += QStringLiteral(": ");
            break;
        default:
            out += c;
        }
    }
    out += QLatin1Char('\n');
    return out;
}

bool parseClosePayload(const QByteArray &payload, quint16 &code, QByteArray &reason)
{
    // RFC 6455 §5.5.1: an empty close payload means "no status" (reported as 1005).
    if (payload.isEmpty()) {
        code = 1005;
        reason.clear();
        return true;
    }
    if (payload.size() < 2)
        return false;
    code = quint16((quint8(payload[0]) << 8) | quint8(payload[1]));
    reason = payload.mid(2);
    return true;
}

QString closeCodeMeaning(quint16 code)
{
    // The table's English sentences are the source strings of the translations.
    return QCoreApplication::translate("CloseCode", closeCodeInfo(code).meaning);
}

QString closeCodeDescription(quint16 code)
{
    const CloseCodeInfo info = closeCodeInfo(code);
    if (*info.constantName)
        return QStringLiteral("%1 — %2").arg(QLatin1String(info.constantName),
                                             closeCodeMeaning(code));
    return closeCodeMeaning(code);
}

QIcon appIcon()
{
    QIcon icon;
    icon.addFile(QStringLiteral(":/icons/framescope-64.png"), QSize(64, 64));
    icon.addFile(QStringLiteral(":/icons/framescope-128.png"), QSize(128, 128));
    return icon;
}

QColor tintedBase(const QPalette &palette, const QColor &accent, qreal strength)
{
    const QColor base = palette.color(QPalette::Base);
    const auto mix = [strength](int a, int b) { return int(a + (b - a) * strength); };
    return QColor(mix(base.red(), accent.red()), mix(base.green(), accent.green()),
                  mix(base.blue(), accent.blue()));
}

} // namespace framescope
