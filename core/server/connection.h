#pragma once

// Private to core/server: the state of one connection, worker-local and shared.

#include "websocketserver.h"

#include "../protocol/chunkeddecoder.h"
#include "../protocol/deflate.h"
#include "../protocol/framedecoder.h"
#include "../protocol/handshake.h"
#include "io/socketio.h"
#include "outqueue.h"
#include "tls.h"

#include <QMutex>

#include <atomic>
#include <memory>

namespace framescope {

class Worker;

// What other threads may read about a connection: written by its worker only.
// Counters are atomics written with load+store (one writer), read relaxed.
struct SharedConn
{
    int fd = 0;
    Worker *worker = nullptr;
    std::atomic<int> status{StatusConnection};
    QHostAddress peerAddress;
    quint16 peerPort = 0;
    qint64 connectTimeMs = 0;
    std::atomic<qint64> lastTimeMs{0};
    std::atomic<qint64> framesIn{0}, framesOut{0}, bytesIn{0}, bytesOut{0};
    std::atomic<qint64> lastRttUs{-1};

    mutable QMutex mutex; // guards the handshake fields below
    QByteArray subprotocol;
    QByteArray extensions;
    QByteArray requestHead;
    QByteArray responseHead;
    bool compression = false;
    std::shared_ptr<const TlsInfo> tls; // set once, when the TLS handshake completed
};

// A facade call that could not be done, for its OperationFailed record. Built on the failure
// path only: a successful push carries nothing of it.
struct Refusal
{
    Operation operation = Operation::Push;
    int fd = 0;
    qint64 length = -1; // payload bytes (-1: none)
    int code = -1;      // close code (-1: none)
};

// Worker-local state of one accepted socket.
struct Connection
{
    enum class Phase : quint8 { Http, WebSocket, Lingering };

    int fd = 0;
    io::Socket sock = io::InvalidSocket;
    std::shared_ptr<SharedConn> shared;
    Phase phase = Phase::Http;
    quint32 interest = 0; // io::Interest registered with the poller

    bool overLimit = false; // accepted past max_connection: 503 on the request
    bool finished = false;  // close / disconnect event fired
    bool inputDone = false; // no more frames are processed (close received, error)
    bool closeAfterFlush = false;
    bool dirty = false;
    bool dead = false; // socket closed, object deleted when the wakeup ends
    bool closeSent = false;
    bool closeReceived = false;
    bool outFragmented = false;  // an outgoing fragmented data message is open
    bool outCompressing = false; // ... and it is being compressed (RSV1 on its first frame)
    // The outgoing compressed message as pushed, for its Message record (observers only).
    QByteArray outMessage;
    qint64 outMessageLength = 0;
    qint64 outMessageWire = 0;
    int outMessageFragments = 0;
    quint8 outMessageOpcode = 0;
    bool readPaused = false;
    // Scenario primitives (WebSocketServer::holdReading / holdClose / halfClose).
    bool readHeld = false;           // do not read, whatever the output queue
    bool holdClose = false;          // do not answer the peer's close frame, no deadline
    bool shutdownAfterFlush = false; // half-close (SHUT_WR) once the queue is written
    bool halfClosed = false;

    qint64 handshakeDeadlineMs = 0;
    qint64 closeDeadlineMs = 0; // 0: none
    qint64 closeStartedUs = -1;
    qint64 lastRecvMs = 0;
    quint16 sentCloseCode = 0;
    QByteArray sentCloseReason;
    quint16 recvCloseCode = 0;
    QByteArray recvCloseReason;
    Initiator initiator = Initiator::None;

    // HTTP phase
    std::unique_ptr<HttpRequestParser> http;
    bool haveHead = false;
    qint64 bodyNeeded = 0;
    QByteArray body;
    std::unique_ptr<ChunkedDecoder> chunked; // body sent with Transfer-Encoding: chunked

    // WebSocket phase
    std::unique_ptr<FrameDecoder> decoder; // the input pipeline, incomplete frame included
    std::unique_ptr<PerMessageDeflate> pmd;
    OutQueue out; // queued output, flushed once per wakeup
    QByteArray pingPayload;
    qint64 pingSentUs = -1;

    // With TLS on: the first byte decides (servertls.cpp); null for plain TCP. The read and
    // write paths check this pointer once per call.
    std::unique_ptr<TlsSession> tls;
};

} // namespace framescope
