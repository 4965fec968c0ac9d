#include "events.h"

namespace framescope {

const char *websocketStatusName(int status)
{
    switch (status) {
    case StatusConnection:
        return "CONNECTION";
    case StatusHandshake:
        return "HANDSHAKE";
    case StatusActive:
        return "ACTIVE";
    case StatusClosing:
        return "CLOSING";
    case StatusClosed:
        return "CLOSED";
    default:
        return "UNKNOWN";
    }
}

} // namespace framescope
