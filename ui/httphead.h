#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace framescope {

// The status code of an HTTP response head ("HTTP/1.1 403 Forbidden" → 403), 0 when the
// head does not start with a status line.
inline int httpStatusOfHead(const QByteArray &head)
{
    if (!head.startsWith("HTTP/"))
        return 0;
    const qsizetype space = head.indexOf(' ');
    if (space < 0 || head.size() < space + 4)
        return 0;
    bool ok = false;
    const int status = head.mid(space + 1, 3).toInt(&ok);
    return ok ? status : 0;
}

// The reason phrase of an HTTP response head's status line ("HTTP/1.1 403 Forbidden" →
// "Forbidden"), empty when there is none.
inline QString reasonOfHead(const QByteArray &head)
{
    return QString::fromLatin1(head.left(head.indexOf('\r'))).section(QLatin1Char(' '), 2);
}

// The value of the first header `name` (case-insensitive) in an HTTP head, or empty.
inline QByteArray headerOfHead(const QByteArray &head, const QByteArray &name)
{
    const QList<QByteArray> lines = head.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

} // namespace framescope
