// Socket calls on Windows (Winsock 2). Built on Windows only; not compiled or tested on the
// Linux machines this project is developed on (README: platforms).

#include "socketio.h"

#include <QHostAddress>

#include <winsock2.h>
#include <ws2tcpip.h>

namespace framescope::io {
namespace {

IoResult failure(int err)
{
    IoResult r;
    r.bytes = -1;
    r.native = err;
    if (err == WSAEWOULDBLOCK)
        r.error = IoError::WouldBlock;
    else if (err == WSAECONNRESET || err == WSAECONNABORTED || err == WSAENOTCONN ||
             err == WSAESHUTDOWN || err == WSAETIMEDOUT)
        r.error = IoError::Reset;
    else
        r.error = IoError::Other;
    return r;
}

} // namespace

IoResult readSome(Socket s, char *buffer, qint64 max)
{
    const int n = ::recv(SOCKET(s), buffer, int(qMin<qint64>(max, 1 << 30)), 0);
    if (n >= 0)
        return {n, IoError::None, 0};
    return failure(::WSAGetLastError());
}

IoResult writeGather(Socket s, const Buffer *buffers, int count)
{
    WSABUF bufs[MaxBuffers];
    count = qMin(count, MaxBuffers);
    for (int i = 0; i < count; ++i) {
        bufs[i].buf = const_cast<char *>(buffers[i].data);
        bufs[i].len = ULONG(buffers[i].size);
    }
    DWORD sent = 0;
    if (::WSASend(SOCKET(s), bufs, DWORD(count), &sent, 0, nullptr, nullptr) == 0)
        return {qint64(sent), IoError::None, 0};
    return failure(::WSAGetLastError());
}

IoResult writeSome(Socket s, const char *data, qint64 size)
{
    const int n = ::send(SOCKET(s), data, int(qMin<qint64>(size, 1 << 30)), 0);
    if (n >= 0)
        return {n, IoError::None, 0};
    return failure(::WSAGetLastError());
}

void shutdownWrite(Socket s)
{
    ::shutdown(SOCKET(s), SD_SEND);
}

void closeSocket(Socket s, bool reset)
{
    if (reset) {
        linger lg{1, 0};
        ::setsockopt(SOCKET(s), SOL_SOCKET, SO_LINGER, reinterpret_cast<const char *>(&lg),
                     sizeof lg);
    }
    ::closesocket(SOCKET(s));
}

void prepareAccepted(Socket s, bool noDelay)
{
    u_long nonBlocking = 1;
    ::ioctlsocket(SOCKET(s), FIONBIO, &nonBlocking);
    if (noDelay) {
        BOOL one = TRUE;
        ::setsockopt(SOCKET(s), IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char *>(&one),
                     sizeof one);
    }
}

bool peerAddress(Socket s, QHostAddress *address, quint16 *port)
{
    sockaddr_storage addr{};
    int len = sizeof addr;
    if (::getpeername(SOCKET(s), reinterpret_cast<sockaddr *>(&addr), &len) != 0)
        return false;
    address->setAddress(reinterpret_cast<sockaddr *>(&addr));
    if (addr.ss_family == AF_INET)
        *port = ntohs(reinterpret_cast<sockaddr_in *>(&addr)->sin_port);
    else if (addr.ss_family == AF_INET6)
        *port = ntohs(reinterpret_cast<sockaddr_in6 *>(&addr)->sin6_port);
    return true;
}

qint64 bytesAvailable(Socket s)
{
    u_long n = 0;
    return ::ioctlsocket(SOCKET(s), FIONREAD, &n) == 0 ? qint64(n) : -1;
}

QString errorString(const IoResult &result)
{
    return qt_error_string(result.native);
}

} // namespace framescope::io
