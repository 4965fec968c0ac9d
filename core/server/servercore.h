#pragma once

// Private to core/server: the worker side of WebSocketServer.

#include "websocketserver.h"

#include "../protocol/chunkeddecoder.h"
#include "../protocol/deflate.h"
#include "../protocol/framedecoder.h"
#include "../protocol/handshake.h"
#include "../protocol/rawframe.h"
#include "tls.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QMutex>
#include <QObject>
#include <QReadWriteLock>
#include <QTcpServer>
#include <QThread>
#include <QTimer>
#include <QWaitCondition>

#include <atomic>
#include <memory>
#include <queue>
#include <vector>

class QSocketNotifier;
struct iovec;

namespace framescope {

class Worker;
class ServerCore;

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

// Queued output of one connection, sent with one sendmsg() per wakeup. Small pieces
// (headers, short payloads) are copied into m_buf, which grows geometrically and keeps its
// capacity between batches; large payloads are queued as implicitly shared QByteArrays
// and go out as their own iovec, so a 64 KiB echo is not copied into the queue.
// Wire order: m_buf[0, chunk0.end), chunk0.data, m_buf[chunk0.end, chunk1.end), ...
struct OutQueue
{
    static constexpr qsizetype ShareThreshold = 16 * 1024;
    static constexpr qsizetype KeepCapacity = 1024 * 1024;
    static constexpr qsizetype MinCapacity = 256;

    struct Chunk
    {
        QByteArray data;
        qsizetype end; // bytes of buf that precede this chunk
    };

    qint64 pending() const { return m_pending; }
    void append(QByteArrayView bytes);
    // Queues `data` by reference when it is large and owns its storage, else copies it.
    void appendShared(const QByteArray &data);
    // A frame: its header copied, its payload as appendShared() would queue it. A small
    // frame is one copy into the buffer.
    void appendFrame(QByteArrayView header, const QByteArray &payload);
    // Fills up to `max` iovecs with the unsent bytes, in order; returns how many.
    int gather(struct iovec *iov, int max) const;
    // Marks `n` bytes (as returned by sendmsg) sent.
    void consume(qsizetype n);

private:
    void reset();
    void compact();

    QByteArray m_buf;
    std::vector<Chunk> m_chunks;
    qsizetype m_bufPos = 0;   // bytes of m_buf sent
    size_t m_head = 0;        // first chunk not fully sent
    qsizetype m_chunkPos = 0; // bytes of m_chunks[m_head].data sent
    qint64 m_pending = 0;
};

// Worker-local state of one accepted socket.
struct Connection
{
    enum class Phase : quint8 { Http, WebSocket, Lingering };

    int fd = 0;
    int sock = -1;
    std::shared_ptr<SharedConn> shared;
    Phase phase = Phase::Http;
    quint32 epollEvents = 0;

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

class Listener final : public QTcpServer
{
public:
    explicit Listener(ServerCore *core) : m_core(core) {}

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    ServerCore *m_core;
};

// One reactor thread. Every accepted socket is registered once in an epoll set that a
// single QSocketNotifier watches, so a wakeup costs O(ready sockets), not O(sockets).
class Worker final : public QObject
{
public:
    Worker(ServerCore *core, int index);
    ~Worker() override;

    // The worker running on the calling thread, or nullptr.
    static Worker *current();
    ServerCore *core() const { return m_core; }
    int index() const { return m_index; }

    // All below run in the worker thread.
    bool init(QString *error);
    void shutdown();
    void adopt(int fd, qintptr sock);
    void post(std::function<void()> fn);
    // Reachable by push(): not finished. The connection whose message handler runs is
    // checked first (an echo pushes to it); finish() and hardClose() take it out of m_byFd.
    Connection *find(int fd) const
    {
        if (m_current && m_current->fd == fd)
            return m_current->finished || m_current->dead ? nullptr : m_current;
        return m_byFd.value(fd, nullptr);
    }

    bool pushLocal(Connection *c, quint8 opcode, const QByteArray &data, int flags);
    bool pingLocal(Connection *c, const QByteArray &payload);
    bool disconnectLocal(Connection *c, quint16 code, const QByteArray &reason);
    bool closeLocal(Connection *c, bool reset);
    bool sendRawLocal(Connection *c, const QByteArray &bytes);
    // Scenario primitives: a raw frame (recorded as a Frame record, as it is on the wire),
    // read pause, an unanswered close, a half-close after the queued output.
    bool sendFrameLocal(Connection *c, const RawFrame &frame, const QByteArray &wire);
    bool holdReadingLocal(Connection *c, bool hold);
    bool holdCloseLocal(Connection *c, bool hold);
    bool halfCloseLocal(Connection *c);
    void beginStop();
    void forceCloseAll();
    int liveCount() const { return m_all.size(); }
    // Why a call posted for `c` (nullptr: no longer there) could not be done.
    static QString unavailableReason(const Connection *c);
    // An OperationFailed record in this worker's batch, in order with its other records.
    void addRefusal(const Refusal &refusal, ServerError error, qint64 limit, QString text,
                    const Connection *c);

    Listener *listener = nullptr; // worker 0 only

private:
    friend struct Dispatch;
    friend class InlineServer; // drives onEpoll() without an event loop
    struct Deadline
    {
        qint64 atMs;
        int fd;
        bool operator>(const Deadline &o) const { return atMs > o.atMs; }
    };

    void refresh(); // per dispatch: clock and observer flag
    void onEpoll();
    void onReadable(Connection *c);
    void onWritable(Connection *c);
    void onPeerEof(Connection *c);
    // TLS (servertls.cpp): ciphertext read from the socket; the write side of flush().
    void readTls(Connection *c, const char *data, qsizetype size);
    bool flushTls(Connection *c); // false: the connection was lost
    void tlsEstablished(Connection *c);
    void tlsFailed(Connection *c);
    void sendCloseNotify(Connection *c);
    void feed(Connection *c, const char *data, qsizetype size);
    void feedHttp(Connection *c, QByteArrayView bytes);
    void feedWebSocket(Connection *c, QByteArrayView bytes);
    void onFrame(Connection *c, FrameDecoder::Event &ev);
    void onBadFrame(Connection *c, const FrameDecoder::Event &ev);
    void onPeerClose(Connection *c, Frame &frame);
    void deliver(Connection *c, Frame &frame);
    void protocolError(Connection *c, ProtocolError error, const QString &detail = {});

    void onHead(Connection *c, const HttpRequestHead &head, QByteArrayView rest);
    void handleUpgrade(Connection *c, const HttpRequestHead &head, const UpgradeCheck &check,
                       QByteArrayView rest);
    void handleHttpRequest(Connection *c);
    void rejectHandshake(Connection *c, const HttpRequestHead *head, int status,
                         const QByteArray &message,
                         const QList<QPair<QByteArray, QByteArray>> &extra = {});
    void sendHttpError(Connection *c, int status, const QByteArray &message,
                       const QList<QPair<QByteArray, QByteArray>> &extra, bool keepAlive);
    void becomeActive(Connection *c, const HttpRequestHead &head, const QByteArray &responseHead,
                      const QByteArray &subprotocol, const QByteArray &extensions,
                      std::unique_ptr<PerMessageDeflate> pmd);
    HttpRequest makeRequest(Connection *c, const HttpRequestHead &head, const QByteArray &body);
    // After the 101: the open event, then the frames that came with the request.
    void openAndFeed(Connection *c, const HttpRequest &request, QByteArrayView rest);

    void recordOutMessage(Connection *c, quint8 opcode, bool fin, const QByteArray &data,
                          qsizetype wireBytes);
    void writeFrame(Connection *c, quint8 opcode, bool fin, int rsvFlags, const QByteArray &payload,
                    qint64 messageLength = -1);
    void sendCloseFrame(Connection *c, quint16 code, const QByteArray &reason);
    void sendClosePayload(Connection *c, const QByteArray &payload);
    void writeRaw(Connection *c, QByteArrayView bytes);
    void markDirty(Connection *c);
    void flush(Connection *c);
    void settle();
    void setStatus(Connection *c, int status);
    void finish(Connection *c, quint16 code, const QByteArray &reason, Initiator initiator,
                ProtocolError error = ProtocolError::None, const QString &text = {});
    void closeAfterFlush(Connection *c);
    void startLinger(Connection *c);
    void hardClose(Connection *c, bool reset = false);
    void lostConnection(Connection *c, const QString &why);
    void updateEpoll(Connection *c);
    void addDeadline(qint64 atMs, int fd);
    void onDeadlines();
    void onHeartbeat();

    bool observing() const { return m_observe; }
    // A new record at the end of the pending batch, for the caller to fill in before it adds
    // the next one (the reference is to a vector element).
    EventRecord &addRecord(EventRecord::Kind kind, const Connection *c);
    EventRecord makeRecord(EventRecord::Kind kind, const Connection *c);
    void fillRecord(EventRecord &r, EventRecord::Kind kind, const Connection *c);
    // The time for a record: read once per batch of bytes read (and again after a handler
    // ran) inside a dispatch, every time outside one, except that a reading less than
    // about 10 us old (by fastclock::ticks()) is shared. A clock read per record was 4% of the
    // server's CPU with the JSON log on; two per echoed message were still 7%.
    qint64 recordClock();
    qint64 takeReading();
    bool readingIsRecent() const;
    // The next record reads the clock again, unless the last reading is recent.
    void expireReading()
    {
        if (!readingIsRecent())
            m_recordUs = 0;
    }
    // Around every handler call: records of the handler's own pushes read the clock, and
    // the shared reading is stale after it returned.
    void enterUserCode() { ++m_inUserCode; }
    void leaveUserCode()
    {
        --m_inUserCode;
        expireReading();
    }
    void flushRecords();

    ServerCore *m_core;
    int m_index;
    int m_epoll = -1;
    QSocketNotifier *m_notifier = nullptr;
    QTimer *m_deadlineTimer = nullptr;
    QTimer *m_heartbeatTimer = nullptr;
    QTimer *m_observerTimer = nullptr;
    int m_depth = 0;
    bool m_observe = false;
    bool m_stopping = false;
    qint64 m_nowMs = 0;
    qint64 m_recordUs = 0;     // recordClock()'s reading; 0: read the clock again
    quint64 m_recordTicks = 0; // fastclock::ticks() when m_recordUs was read
    int m_inUserCode = 0;
    QHash<int, Connection *> m_byFd; // not finished: reachable by push()
    Connection *m_current = nullptr; // whose message handler is running
    QHash<int, Connection *> m_all;  // every open socket, incl. lingering ones
    std::vector<Connection *> m_dirty;
    std::vector<Connection *> m_deadList;
    std::priority_queue<Deadline, std::vector<Deadline>, std::greater<Deadline>> m_deadlines;
    qint64 m_timerAtMs = 0;
    std::unique_ptr<char[]> m_readBuffer; // ReadBufferSize bytes, not zeroed
    std::vector<char> m_plainBuffer;      // decrypted bytes (TLS on only)
    EventBatch m_pending;
    qint64 m_dropped = 0;
};

class ServerCore
{
public:
    explicit ServerCore(WebSocketServer *q) : q(q) {}

    WebSocketServer *q;
    ServerOptions options;
    std::unique_ptr<TlsContext> tls; // TLS on: built by start() from the ssl_* options
    WebSocketServer::OpenHandler onOpen;
    WebSocketServer::MessageHandler onMessage;
    WebSocketServer::CloseHandler onClose;
    WebSocketServer::DisconnectHandler onDisconnect;
    WebSocketServer::RequestHandler onRequest;
    WebSocketServer::HandshakeHandler onHandshake;
    WebSocketServer::BeforeHandshakeResponseHandler onBeforeHandshakeResponse;
    WebSocketServer::HandshakeFaultHandler onHandshakeFault;

    std::atomic<bool> observe{false};
    std::atomic<int> payloadLimit{64 * 1024};
    std::atomic<bool> running{false};
    QString errorString;
    QHostAddress address;
    quint16 port = 0;

    std::vector<QThread *> threads;
    std::vector<Worker *> workers;
    std::atomic<int> nextFd{1};
    std::atomic<unsigned> roundRobin{0};
    std::atomic<int> openConnections{0}; // counted against max_connection
    std::shared_ptr<std::atomic<int>> batchesInFlight = std::make_shared<std::atomic<int>>(0);

    mutable QReadWriteLock registryLock;
    QHash<int, std::shared_ptr<SharedConn>> registry;

    QMutex liveMutex;
    QWaitCondition liveChanged;
    std::atomic<int> liveSockets{0};

    // A stop in progress: running is already false, the workers still close their
    // connections until liveSockets is 0 or stopDeadline passes; finishStop() joins them.
    QMutex lifecycleMutex;
    std::atomic<bool> stopping{false}; // written under lifecycleMutex; read anywhere
    QDeadlineTimer stopDeadline;

    bool beginStop();
    void waitForCloses();
    void joinWorkers();

    std::shared_ptr<SharedConn> lookup(int fd) const;
    // An OperationFailed record for observers (nothing without them). From a worker of this
    // server it joins that worker's batch, from any other thread it is a batch of its own.
    // `detail` replaces serverErrorText(error); `c` is the connection when its worker has it;
    // `after` says the call had been accepted and failed when its worker ran it.
    void recordRefusal(const Refusal &refusal, ServerError error, const QString &detail = {},
                       const Connection *c = nullptr, bool after = false);
    void dispatchAccepted(qintptr sock);
    void emitBatch(EventBatch &&batch);
};

// Runs settle() (flush dirty connections, reap dead ones) when the outermost entry into
// the worker returns: everything a wakeup produced for one connection goes out in one send.
struct Dispatch
{
    explicit Dispatch(Worker *w) : w(w)
    {
        if (w->m_depth++ == 0)
            w->refresh();
    }
    ~Dispatch()
    {
        if (--w->m_depth == 0)
            w->settle();
    }
    Worker *w;
};

} // namespace framescope
