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

const char *directionName(Direction direction)
{
    return direction == Direction::In ? "in" : "out";
}

const char *initiatorName(Initiator initiator)
{
    switch (initiator) {
    case Initiator::Server:
        return "server";
    case Initiator::Client:
        return "client";
    case Initiator::Abnormal:
        return "abnormal";
    case Initiator::None:
        break;
    }
    return "none";
}

} // namespace framescope
