#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace framescope {

// What tells one client from another, read from its handshake request head as received:
// the request target (path and query), Origin and User-Agent. Empty when absent or when
// the head does not parse.
struct ClientIdentity
{
    QByteArray target;
    QByteArray origin;
    QByteArray userAgent;

    static ClientIdentity fromRequestHead(QByteArrayView head);
};

} // namespace framescope
