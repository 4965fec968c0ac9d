#pragma once

#include "server/events.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QHostAddress>
#include <QSet>
#include <QTimer>
#include <QVector>

namespace framescope {

// What the GUI knows about one connection, built from event records only.
struct ConnectionRecord
{
    int fd = 0;
    QHostAddress peerAddress;
    quint16 peerPort = 0;
    int status = StatusConnection;
    bool websocket = false; // the handshake was accepted
    QByteArray subprotocol;
    QByteArray extensions;
    QByteArray requestHead;
    QByteArray responseHead;
    QByteArray method;
    QByteArray uri;
    QByteArray origin;    // from the handshake request (ClientIdentity)
    QByteArray userAgent; // ditto
    int httpStatus = 0;
    QString rejectReason;
    qint64 framesIn = 0, framesOut = 0;
    qint64 bytesIn = 0, bytesOut = 0;
    qint64 connectedUs = 0;
    qint64 closedUs = -1;
    quint16 closeCode = 0;
    QByteArray closeReason;
    Initiator initiator = Initiator::None;
    qint64 closeHandshakeUs = -1;
    QVector<qint64> rttsUs;             // the last few ping round trips, newest last
    std::shared_ptr<const TlsInfo> tls; // TLS details; null for plain TCP
    bool closed() const { return closedUs >= 0; }
};

// The connections table: one row per fd in accept order. Closed rows stay (greyed) until
// clearClosed().
class ConnectionModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionModel)

public:
    // What tells connections apart and how they are doing comes first: at 1280 px fd to
    // RTT are in view without scrolling sideways.
    enum Column {
        ColFd,
        ColPeer,
        ColStatus,
        ColPath, // request target: path and query
        ColRtt,  // the last ping round trip
        ColOrigin,
        ColUserAgent,
        ColSubprotocol,
        ColCompression,
        ColFramesIn,
        ColFramesOut,
        ColBytesIn,
        ColBytesOut,
        ColAge,
        ColCloseCode,
        ColCloseReason,
        ColClosedBy,
        ColumnCount
    };
    enum Role { FdRole = Qt::UserRole + 1, StatusRole, ClosedRole };
    static constexpr int MaxRtts = 8;
    // Frame and byte counters are repainted at most this often: in a flood every batch
    // touches every connection, and a repaint per batch was hundreds of table repaints a
    // second on the CPU the server needs. Status, handshake and close changes show at once.
    static constexpr int CounterRepaintMs = 250;

    explicit ConnectionModel(QObject *parent = nullptr);

    void addBatch(const EventBatchPtr &batch);
    void addRecords(const EventBatch &records);
    void clearClosed();
    void clear();
    // Repaints the age column; the caller drives it once a second.
    void tick(qint64 nowUs);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    const ConnectionRecord *record(int row) const;
    const ConnectionRecord *recordForFd(int fd) const;
    int rowForFd(int fd) const;
    int openCount() const;        // connections not closed
    int establishedCount() const; // not closed, websocket_status ACTIVE
    int closedCount() const;

    // Rows whose counters changed and are not yet announced (see CounterRepaintMs).
    int pendingCounterRows() const { return int(m_countersChanged.size()); }
    void announceCounters();

signals:
    void connectionChanged(int fd);

private:
    ConnectionRecord &ensure(int fd, qint64 timeUs, int &row, bool &created);
    void announce(int row);
    QString cellText(const ConnectionRecord &c, int column) const;
    static void setIdentity(ConnectionRecord &c);

    QVector<ConnectionRecord> m_rows;
    QHash<int, int> m_rowOfFd;
    qint64 m_nowUs = 0;
    QSet<int> m_countersChanged; // rows
    QTimer m_counterTimer;
};

} // namespace framescope
