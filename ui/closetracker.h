#pragma once

#include "server/events.h"

#include <QObject>
#include <QVector>

namespace framescope {

// One frame of a closing handshake as it crossed the wire.
struct CloseFrameRecord
{
    Direction direction = Direction::In;
    qint64 timeUs = 0;
    quint16 code = 0; // 1005 for an empty payload
    QByteArray reason;
    bool malformed = false; // a 1-byte payload
    qint64 payloadLength = 0;
};

// Everything about how one connection closed: the close frames in order, who started,
// the final code, and how long the handshake took (or that the TCP connection just died).
struct CloseSession
{
    int fd = 0;
    qint64 startedUs = -1;
    qint64 endedUs = -1;
    Initiator initiator = Initiator::None;
    quint16 code = 0;
    QByteArray reason;
    qint64 handshakeUs = -1;
    QVector<CloseFrameRecord> frames;
    QString protocolError; // the rule broken when the server closed with 1002/1007/1009
    bool held = false;     // an incoming close waits for the user's reply
    bool finished = false;
    bool abrupt() const { return finished && code == 1006; }
};

// Collects closing handshakes from event records (GUI thread, no sockets). With
// open_websocket_close_frame on, an incoming close that the server did not answer is
// "held" until the user replies.
class CloseTracker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CloseTracker)

public:
    static constexpr int MaxSessions = 2000;

    explicit CloseTracker(QObject *parent = nullptr);

    void setHoldIncoming(bool hold) { m_holdIncoming = hold; }
    bool holdIncoming() const { return m_holdIncoming; }
    void addBatch(const EventBatchPtr &batch);
    void addRecords(const EventBatch &records);
    void clear();

    const QVector<CloseSession> &sessions() const { return m_sessions; }
    int indexForFd(int fd) const; // the latest session of fd, -1 when none
    const CloseSession *sessionForFd(int fd) const;

signals:
    void sessionAdded(int index);
    void sessionChanged(int index);
    void sessionsReset();
    void closeHeld(int fd);

private:
    CloseSession &sessionFor(int fd, qint64 timeUs, int &index);

    QVector<CloseSession> m_sessions;
    bool m_holdIncoming = false;
};

} // namespace framescope
