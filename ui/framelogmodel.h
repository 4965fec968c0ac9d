#pragma once

#include "protocol/rawframe.h"
#include "server/events.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QTimer>
#include <QVector>

#include <deque>
#include <memory>

namespace framescope {

// One row of the frame log: a frame, or a connection event (open, close, protocol error)
// that belongs between the frames. `message` is the reassembled, inflated message that
// ended with this frame (incoming data messages only).
struct LogEntry
{
    // A copy in a block shared by the rows of one flush (aliasing shared_ptr): one
    // allocation per flush, and only what is shown is copied.
    std::shared_ptr<const EventRecord> record;
    quint64 seq = 0;
    std::shared_ptr<const EventRecord> message;
    // Part of a permessage-deflate message (RSV1 is only set on the first frame).
    bool compressed = false;
    // A frame a scenario wrote as it chose (WebSocketServer::sendFrame), and the rule it
    // breaks as a client reads it (None: a valid frame, not marked as an error).
    bool raw = false;
    ProtocolError violation = ProtocolError::None;
    // The opcode of the message a continuation frame belongs to (text or binary, from its
    // first frame), 0 when unknown: a binary message's fragments preview as hex.
    quint8 messageOpcode = 0;
};

// The live frame log: a bounded ring of rows (oldest dropped in bulk), filled from event
// batches that are coalesced and inserted on a timer (75 ms, 250 ms in a flood). Cell text
// is built in data().
class FrameLogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FrameLogModel)

public:
    enum Column {
        ColNumber,
        ColTime,
        ColDirection,
        ColFd,
        ColOpcode,
        ColFin,
        ColRsv1,
        ColRsv23,
        ColMasked,
        ColWireLength,
        ColPayloadLength,
        ColPreview,
        ColumnCount
    };
    enum Role {
        FdRole = Qt::UserRole + 1,
        OpcodeRole,    // int, -1 for event rows
        DirectionRole, // 0 in, 1 out, -1 event rows
        KindRole,      // int(EventRecord::Kind)
        SearchTextRole,
        SeqRole,
        IsControlRole,
        IsErrorRole,
    };
    static constexpr int DefaultCapacity = 100000;
    static constexpr qint64 DefaultPayloadBudget = 256LL * 1024 * 1024;
    // Rows one flush inserts at most: above that the oldest of a flush's rows are dropped
    // from view (counted), since inserting and evicting more per flush held the event loop
    // for over 100 ms at (b) load.
    static constexpr qsizetype MaxRowsPerFlush = 4096;
    // Pending rows are shown every DefaultFlushIntervalMs, or every BusyIntervalMs after a
    // flush that found BusyRows or more waiting (about 50 000 rows a second).
    static constexpr int DefaultFlushIntervalMs = 75;
    static constexpr int BusyIntervalMs = 250;
    static constexpr qsizetype BusyRows = 4096;

    explicit FrameLogModel(QObject *parent = nullptr);

    void setCapacity(int rows);
    int capacity() const { return m_capacity; }
    // Payload bytes kept across all rows; the oldest rows go first when exceeded.
    void setPayloadBudget(qint64 bytes);
    void setFlushInterval(int ms)
    {
        m_interval = qMax(1, ms);
        m_timer.setInterval(m_interval);
    }
    int flushInterval() const { return m_timer.interval(); } // now: base or busy

    // Queue records; they appear in the model at the next flush (timer) in one insert.
    void addBatch(const EventBatchPtr &batch);
    void addRecords(const EventBatch &records); // copies them into a batch of its own
    void flush();
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    const LogEntry *entry(int row) const;
    int rowForSeq(quint64 seq) const; // -1 when evicted
    // Rows of the fragmented message whose last frame is `row`, first to last (just `row`
    // for an unfragmented frame).
    QVector<int> messageRows(int row) const;

    qint64 evictedRows() const { return m_evicted; }         // pushed out of the ring
    qint64 serverDropped() const { return m_serverDropped; } // observer queue overflow
    qint64 pendingRows() const { return qint64(m_pending.size()); }
    qint64 payloadBytes() const { return m_payloadBytes; }
    static bool isLogged(EventRecord::Kind kind);

signals:
    void flushed(int inserted);
    void dropCountsChanged(qint64 evicted, qint64 serverDropped);

private:
    // A row waiting for the next flush. It points into a batch held in m_held: no reference
    // count per row (two atomic operations per frame in a flood).
    struct PendingRow
    {
        const EventRecord *record = nullptr;
        const EventRecord *message = nullptr;
        quint64 seq = 0;
        bool compressed = false;
        bool raw = false;
        ProtocolError violation = ProtocolError::None;
        quint8 messageOpcode = 0;
    };
    // A batch pending rows or their messages point into, and the last seq given out when it
    // was added: it is released once every row up to that seq is gone (a message is always
    // in the same batch as its row or a later one).
    struct HeldBatch
    {
        EventBatchPtr batch;
        quint64 lastSeq = 0;
    };

    bool attachMessage(const EventRecord &message); // true: to a pending row
    void dropPending(qsizetype count);              // the oldest, counted as evicted
    void releaseBatches();
    void trimPending();
    QString cellText(const LogEntry &entry, int column) const;
    QString searchText(const LogEntry &entry) const;

    std::deque<LogEntry> m_rows;
    std::deque<PendingRow> m_pending;
    std::deque<HeldBatch> m_held;
    quint64 m_nextSeq = 1;
    int m_capacity = DefaultCapacity;
    qint64 m_payloadBudget = DefaultPayloadBudget;
    qint64 m_payloadBytes = 0;
    qint64 m_evicted = 0;
    qint64 m_serverDropped = 0;
    bool m_evictedUnannounced = false; // dropped from pending since the last flush
    // (fd << 1 | out) → seq of the last final data frame, to attach the Message record to.
    QHash<qint64, quint64> m_lastFinal;
    // (fd, direction) → the open fragmented message: started with RSV1, its opcode.
    struct OpenMessage
    {
        bool compressed = false;
        quint8 opcode = 0;
    };
    QHash<qint64, OpenMessage> m_openCompressed;
    // fd → an outgoing fragmented message being joined: the server records a Message for
    // compressed pushes only, so the last fragment of a plain one gets it from here and is
    // described as an incoming one is (4 → 12, the whole message).
    struct OutAssembly
    {
        EventRecord message;
        bool open = false;
    };
    QHash<int, OutAssembly> m_outAssembly;
    static constexpr qsizetype MaxAssembledPayload = 64 * 1024;
    const EventRecord *assembleOut(const EventRecord &frame, quint8 messageOpcode, quint64 seq);
    // Connections that negotiated permessage-deflate, and the server-frame rules of those
    // that got a raw frame (from their first raw frame on, every outgoing frame).
    QSet<int> m_deflateFds;
    QHash<int, ServerFrameRules> m_outRules;
    QTimer m_timer;
    int m_interval = DefaultFlushIntervalMs;
};

} // namespace framescope
