#pragma once

#include "server/events.h"

#include <QByteArray>
#include <QHash>
#include <QVector>

namespace framescope {

// HAR 1.2 with Chrome DevTools' WebSocket extension (`_resourceType: "websocket"`,
// `_webSocketMessages`): one entry per connection, its handshake as request and response,
// its messages and control frames in order. The mapping is in docs/export.md.
class HarWriter final
{
public:
    // Records in the order they happened: HandshakeAccepted (the handshake), Frame (with the
    // reassembled message the frame ended, if any; or that Message record next), Closed.
    // Others are ignored.
    void add(const EventRecord &record, const EventRecord *message = nullptr);
    // A connection's handshake, for frames whose open record is not among those added
    // (filtered out, or dropped from the log's ring). Ignored when one was added or when
    // no record of that connection was.
    void addHandshake(const EventRecord &handshakeAccepted);
    QByteArray toJson(const QByteArray &creatorVersion) const;
    int entryCount() const { return int(m_order.size()); }
    int messageCount() const { return m_messages; }

private:
    struct Message
    {
        qint64 timeUs = 0;
        bool send = false;
        int opcode = 0;
        QByteArray data;
        bool truncated = false;
        qint64 length = 0;
        quint16 closeCode = 0;
        QByteArray closeReason;
        QByteArray error;
    };
    struct Pending // a fragmented message being reassembled, per direction
    {
        int opcode = -1;
        QByteArray data;
        bool truncated = false;
        qint64 length = 0;
    };
    struct Connection
    {
        std::shared_ptr<const EventRecord> handshake;
        qint64 firstUs = -1;
        qint64 lastUs = -1;
        QVector<Message> messages;
        Pending pending[2];
        int lastData[2] = {-1, -1}; // per direction: the last data message's element
        std::shared_ptr<const EventRecord> closed;
    };
    Connection &connection(int fd, qint64 timeUs);
    QVector<int> m_order;
    QHash<int, Connection> m_connections;
    int m_messages = 0;
};

} // namespace framescope
