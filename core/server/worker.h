#pragma once

// Private to core/server: Worker, one reactor thread, and Dispatch, its re-entry guard.

#include "servercore.h"

#include "../protocol/framewriter.h"
#include "../protocol/rawframe.h"
#include "connection.h"
#include "io/poller.h"
#include "workerconfig.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <queue>
#include <vector>

namespace framescope {

// One reactor thread. Every accepted socket is registered once with the thread's poller
// (io/poller.h: epoll on its own event dispatcher, kqueue, or portable notifiers), which
// hands over the ready ones in batches: a wakeup costs O(ready sockets), not O(sockets).
class Worker final : public QObject, private io::PollClient
{
public:
    Worker(ServerCore *core, int index);
    ~Worker() override;

    // The worker running on the calling thread, or nullptr (inline: every push asks).
    static Worker *current() { return s_current; }
    ServerCore *core() const { return m_core; }
    int index() const { return m_index; }

    // All below run in the worker thread.
    bool init(QString *error);
    void shutdown();
    void adopt(int fd, qintptr sock);
    void post(std::function<void()> fn);
    // Reachable by push(): not finished. The connection whose message handler runs is
    // checked first (an echo pushes to it); finish() and hardClose() take it out of m_byFd.
    Q_ALWAYS_INLINE Connection *find(int fd) const
    {
        if (m_current && m_current->fd == fd)
            return m_current->finished || m_current->dead ? nullptr : m_current;
        return findById(fd);
    }
    Connection *findById(int fd) const;

    // push() on this worker. Inline for an echo's case: a whole text or binary message to
    // an open connection, no compression asked for, no fragmented message open. The rest
    // (fragments, compression, control frames, close) is pushSlow().
    bool pushLocal(Connection *c, quint8 opcode, const QByteArray &data, int flags)
    {
        if (quint8(opcode - OpText) <= OpBinary - OpText && (flags & FlagFin) &&
            !(flags & FlagCompress) && !c->outFragmented && !c->finished && !c->closeSent &&
            c->phase == Connection::Phase::WebSocket && !m_core->options.websocket_compress_all) {
            writeFrame(c, opcode, true, flags & (FlagRsv1 | FlagRsv2 | FlagRsv3), data);
            return true;
        }
        return pushSlow(c, opcode, data, flags);
    }
    bool pushSlow(Connection *c, quint8 opcode, const QByteArray &data, int flags);
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
    static inline thread_local Worker *s_current = nullptr;
    friend struct Dispatch;
    friend class InlineServer; // drives the poller without an event loop
    struct Deadline
    {
        qint64 atMs;
        int fd;
        bool operator>(const Deadline &o) const { return atMs > o.atMs; }
    };

    void refresh(); // per dispatch: clock and observer flag
    void onReady(const io::ReadyEvent *events, int count) override;
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
    // Queues a frame (payload as given, header built here). Inline: once per frame sent.
    void writeFrame(Connection *c, quint8 opcode, bool fin, int rsvFlags, const QByteArray &payload,
                    qint64 messageLength = -1)
    {
        char header[14];
        const int headerLength = FrameWriter::writeHeader(header, opcode, fin, rsvFlags,
                                                          quint64(payload.size()), nullptr);
        c->out.appendFrame(QByteArrayView(header, headerLength), payload);
        SharedConn &s = *c->shared;
        addCounter(s.framesOut, 1);
        addCounter(s.bytesOut, headerLength + payload.size());
        markDirty(c);
        if (observing())
            recordOutFrame(c, opcode, fin, rsvFlags, headerLength, payload, messageLength);
    }
    void recordOutFrame(Connection *c, quint8 opcode, bool fin, int rsvFlags, int headerLength,
                        const QByteArray &payload, qint64 messageLength);
    void sendCloseFrame(Connection *c, quint16 code, const QByteArray &reason);
    void sendClosePayload(Connection *c, const QByteArray &payload);
    void writeRaw(Connection *c, QByteArrayView bytes);
    // Queues `c` for flush(); outside a dispatch, settles at once. Inline for the frames
    // after a connection's first in a dispatch (nothing to do then).
    void markDirty(Connection *c)
    {
        if (!c->dirty || m_depth == 0)
            queueFlush(c);
    }
    void queueFlush(Connection *c);
    void flush(Connection *c);
    void settle();
    void setStatus(Connection *c, int status);
    void finish(Connection *c, quint16 code, const QByteArray &reason, Initiator initiator,
                ProtocolError error = ProtocolError::None, const QString &text = {});
    void closeAfterFlush(Connection *c);
    void startLinger(Connection *c);
    void hardClose(Connection *c, bool reset = false);
    void lostConnection(Connection *c, const QString &why);
    void updateInterest(Connection *c);
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
    // The next record reads the clock again, unless the last reading is recent. Without
    // observers there are no records: nothing to check (no clock read per read or handler).
    void expireReading()
    {
        if (m_observe && m_recordUs != 0 && !readingIsRecent())
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
    std::unique_ptr<io::Poller> m_poller;
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
