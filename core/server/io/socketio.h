#pragma once

// Socket calls of the worker, one implementation per operating system family
// (socketio_posix.cpp, socketio_win.cpp). Connection logic calls these and never the OS, and
// sees one error enum instead of errno / WSAGetLastError().

#include <QString>
#include <QtGlobal>

class QHostAddress;

namespace framescope::io {

// A native socket: a file descriptor on POSIX, a SOCKET on Windows (as QTcpServer hands it).
using Socket = qintptr;
constexpr Socket InvalidSocket = -1;

enum class IoError : quint8 {
    None,
    WouldBlock, // try again when the poller reports the socket ready
    Reset,      // the peer is gone (reset, broken pipe, aborted)
    Other,
};

struct IoResult
{
    qint64 bytes = 0; // transferred; a read of 0 with IoError::None is the end of the stream
    IoError error = IoError::None;
    int native = 0; // errno or WSA error code, for the message

    bool ok() const { return error == IoError::None; }
};

// One piece of a scatter-gather write.
struct Buffer
{
    const char *data;
    qsizetype size;
};

constexpr int MaxBuffers = 64; // at most this many buffers per writeGather()

// Reads up to `max` bytes. Retries on EINTR.
IoResult readSome(Socket s, char *buffer, qint64 max);
// Writes the buffers in order, as far as the socket takes them, without SIGPIPE.
IoResult writeGather(Socket s, const Buffer *buffers, int count);
IoResult writeSome(Socket s, const char *data, qint64 size);
void shutdownWrite(Socket s);
// `reset`: abortive close (RST, SO_LINGER 0) instead of an orderly FIN.
void closeSocket(Socket s, bool reset);
// An accepted socket: non-blocking, TCP_NODELAY as asked.
void prepareAccepted(Socket s, bool noDelay);
bool peerAddress(Socket s, QHostAddress *address, quint16 *port);
// Bytes received and not yet read (FIONREAD), -1 when it cannot be told.
qint64 bytesAvailable(Socket s);
// "Connection reset by peer", in the platform's words.
QString errorString(const IoResult &result);

} // namespace framescope::io
