#include "http.h"

namespace framescope {

void HttpResponse::status(int code, const QByteArray &reason)
{
    m_status = code;
    m_reason = reason;
}

void HttpResponse::header(const QByteArray &name, const QByteArray &value)
{
    // A later value replaces an earlier one of the same name, as Swoole's header() does.
    for (auto &entry : m_headers) {
        if (entry.first.compare(name, Qt::CaseInsensitive) == 0) {
            entry.second = value;
            return;
        }
    }
    m_headers.append({name, value});
}

void HttpResponse::write(const QByteArray &chunk)
{
    m_body.append(chunk);
}

void HttpResponse::end(const QByteArray &body)
{
    m_body.append(body);
    m_ended = true;
}

void HttpResponse::close()
{
    m_closed = true;
}

bool HttpResponse::hasHeader(QByteArrayView name) const
{
    for (const auto &entry : m_headers) {
        if (QByteArrayView(entry.first).compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace framescope
