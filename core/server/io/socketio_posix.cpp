// Socket calls on POSIX systems (Linux, macOS, the BSDs).

#include "socketio.h"

#include <QHostAddress>

#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0 // macOS: SO_NOSIGPIPE is set on the socket instead
#endif

namespace framescope::io {
namespace {

IoResult failure(int err)
{
    IoResult r;
    r.bytes = -1;
    r.native = err;
    if (err == EAGAIN || err == EWOULDBLOCK)
        r.error = IoError::WouldBlock;
    else if (err == ECONNRESET || err == EPIPE || err == ECONNABORTED || err == ENOTCONN ||
             err == ETIMEDOUT)
        r.error = IoError::Reset;
    else
        r.error = IoError::Other;
    return r;
}

} // namespace

IoResult readSome(Socket s, char *buffer, qint64 max)
{
    for (;;) {
        // recv(), not read(): a socket read without the file layer's position lock.
        const ssize_t n = ::recv(int(s), buffer, size_t(max), 0);
        if (n >= 0)
            return {n, IoError::None, 0};
        if (errno != EINTR)
            return failure(errno);
    }
}

IoResult writeGather(Socket s, const Buffer *buffers, int count)
{
    if (count == 1) // the common case: send() needs no iovec copied into the kernel
        return writeSome(s, buffers[0].data, buffers[0].size);
    iovec iov[MaxBuffers];
    count = qMin(count, MaxBuffers);
    for (int i = 0; i < count; ++i) {
        iov[i].iov_base = const_cast<char *>(buffers[i].data);
        iov[i].iov_len = size_t(buffers[i].size);
    }
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = decltype(msg.msg_iovlen)(count);
    for (;;) {
        const ssize_t n = ::sendmsg(int(s), &msg, MSG_NOSIGNAL);
        if (n >= 0)
            return {n, IoError::None, 0};
        if (errno != EINTR)
            return failure(errno);
    }
}

IoResult writeSome(Socket s, const char *data, qint64 size)
{
    for (;;) {
        const ssize_t n = ::send(int(s), data, size_t(size), MSG_NOSIGNAL);
        if (n >= 0)
            return {n, IoError::None, 0};
        if (errno != EINTR)
            return failure(errno);
    }
}

void shutdownWrite(Socket s)
{
    ::shutdown(int(s), SHUT_WR);
}

void closeSocket(Socket s, bool reset)
{
    if (reset) {
        linger lg{1, 0};
        ::setsockopt(int(s), SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    }
    ::close(int(s));
}

void prepareAccepted(Socket s, bool noDelay)
{
    const int fd = int(s);
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    int one = 1;
    if (noDelay)
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
#ifdef SO_NOSIGPIPE
    ::setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
}

bool peerAddress(Socket s, QHostAddress *address, quint16 *port)
{
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getpeername(int(s), reinterpret_cast<sockaddr *>(&addr), &len) != 0)
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
    int n = 0;
    return ::ioctl(int(s), FIONREAD, &n) == 0 ? n : -1;
}

QString errorString(const IoResult &result)
{
    return qt_error_string(result.native);
}

} // namespace framescope::io
