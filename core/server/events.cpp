#include "events.h"

#include <QtEndian>

namespace framescope {

PeerAddress::PeerAddress(const QHostAddress &address)
{
    switch (address.protocol()) {
    case QAbstractSocket::IPv4Protocol:
        qToBigEndian(address.toIPv4Address(), m_bytes);
        m_protocol = V4;
        break;
    case QAbstractSocket::IPv6Protocol: {
        const Q_IPV6ADDR v6 = address.toIPv6Address();
        memcpy(m_bytes, v6.c, 16);
        m_protocol = V6;
        m_scopeId = address.scopeId();
        break;
    }
    default:
        break; // null (or "any", which no peer has)
    }
}

QHostAddress PeerAddress::toHostAddress() const
{
    switch (m_protocol) {
    case V4:
        return QHostAddress(qFromBigEndian<quint32>(m_bytes));
    case V6: {
        QHostAddress address(m_bytes);
        address.setScopeId(m_scopeId);
        return address;
    }
    case Null:
        break;
    }
    return QHostAddress();
}

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

const char *operationName(Operation operation)
{
    switch (operation) {
    case Operation::Push:
        return "push";
    case Operation::Ping:
        return "ping";
    case Operation::Disconnect:
        return "disconnect";
    case Operation::SendClose:
        return "close_frame";
    case Operation::Close:
        return "close";
    case Operation::Send:
        return "send";
    case Operation::Broadcast:
        return "broadcast";
    case Operation::None:
        break;
    }
    return "";
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
