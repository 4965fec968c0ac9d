#include "clientidentity.h"

#include "protocol/handshake.h"

namespace framescope {

ClientIdentity ClientIdentity::fromRequestHead(QByteArrayView head)
{
    ClientIdentity id;
    if (head.isEmpty())
        return id;
    HttpRequestParser parser(qMax<qsizetype>(head.size(), 1));
    if (parser.feed(head).status != HttpRequestParser::Status::Complete)
        return id;
    id.target = parser.head().target;
    id.origin = parser.head().header("Origin");
    id.userAgent = parser.head().header("User-Agent");
    return id;
}

} // namespace framescope
