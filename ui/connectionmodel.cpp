#include "connectionmodel.h"

#include "log/clientidentity.h"

#include "formatting.h"
#include "httphead.h"

#include <QApplication>
#include <QDateTime>
#include <QPalette>
#include <QSet>

namespace framescope {

namespace {
// lupdate files tr() calls outside a class under the namespace, so the runtime context
// must be the namespace too or the translation is never found.
QString tr(const char *text)
{
    return QCoreApplication::translate("framescope", text);
}

// "permessage-deflate; client_max_window_bits=15" → "deflate client_max_window_bits=15".
QString compressionText(const QByteArray &extensions)
{
    if (extensions.isEmpty())
        return tr("none");
    QString text = QString::fromUtf8(extensions).trimmed();
    text.replace(QStringLiteral("permessage-deflate"), QStringLiteral("deflate"));
    text.replace(QLatin1Char(';'), QString());
    return text.simplified();
}
} // namespace

ConnectionModel::ConnectionModel(QObject *parent) : QAbstractTableModel(parent)
{
    m_nowUs = QDateTime::currentMSecsSinceEpoch() * 1000;
    m_counterTimer.setSingleShot(true);
    m_counterTimer.setInterval(CounterRepaintMs);
    connect(&m_counterTimer, &QTimer::timeout, this, &ConnectionModel::announceCounters);
}

void ConnectionModel::announce(int row)
{
    m_countersChanged.remove(row);
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    emit connectionChanged(m_rows[row].fd);
}

void ConnectionModel::announceCounters()
{
    m_counterTimer.stop();
    const QSet<int> rows = std::exchange(m_countersChanged, {});
    for (int row : rows) {
        if (row < int(m_rows.size())) {
            emit dataChanged(index(row, ColFramesIn), index(row, ColBytesOut));
            emit connectionChanged(m_rows[row].fd);
        }
    }
}

ConnectionRecord &ConnectionModel::ensure(int fd, qint64 timeUs, int &row, bool &created)
{
    const auto it = m_rowOfFd.constFind(fd);
    if (it != m_rowOfFd.cend()) {
        row = it.value();
        created = false;
        return m_rows[row];
    }
    row = int(m_rows.size());
    created = true;
    beginInsertRows({}, row, row);
    ConnectionRecord c;
    c.fd = fd;
    c.connectedUs = timeUs;
    m_rows.push_back(c);
    m_rowOfFd.insert(fd, row);
    endInsertRows();
    return m_rows[row];
}

void ConnectionModel::addBatch(const EventBatchPtr &batch)
{
    if (batch)
        addRecords(*batch);
}

void ConnectionModel::addRecords(const EventBatch &records)
{
    QSet<int> changedRows; // status, handshake, close: announced at the end of the batch
    int lastChanged = -1;
    int lastCounted = -1;
    int lastCountedFd = 0; // fds start at 1
    for (const EventRecord &r : records) {
        if (r.fd <= 0)
            continue;
        int row = -1;
        bool created = false; // a new row is announced by rowsInserted already
        switch (r.kind) {
        case EventRecord::Kind::TcpConnected: {
            // A new connection with the fd of a closed row (a log from a server that numbered
            // again from 1) gets a row of its own: rows never merge two connections.
            if (const int old = rowForFd(r.fd); old >= 0 && m_rows[old].closed())
                m_rowOfFd.remove(r.fd);
            if (r.fd == lastCountedFd)
                lastCountedFd = 0;
            ConnectionRecord &c = ensure(r.fd, r.timeUs, row, created);
            c.peerAddress = r.peerAddress;
            c.peerPort = r.peerPort;
            c.connectedUs = r.timeUs;
            c.status = StatusConnection;
            break;
        }
        case EventRecord::Kind::HttpRequest: {
            ConnectionRecord &c = ensure(r.fd, r.timeUs, row, created);
            c.method = r.method;
            c.uri = r.uri;
            c.httpStatus = r.httpStatus;
            if (r.tls)
                c.tls = r.tls;
            break;
        }
        case EventRecord::Kind::HandshakeAccepted: {
            ConnectionRecord &c = ensure(r.fd, r.timeUs, row, created);
            // An answer other than 101 (the window's handshake control rejecting it, or a
            // scenario's wrong status) is shown as what the client got: a rejection.
            const int answered = httpStatusOfHead(r.responseHead);
            c.websocket = answered == 0 || answered == 101;
            c.status = c.websocket ? StatusActive : StatusConnection;
            if (!c.websocket) {
                c.httpStatus = answered;
                c.rejectReason = tr("answered instead of 101 Switching Protocols");
            }
            c.requestHead = r.requestHead;
            c.responseHead = r.responseHead;
            setIdentity(c);
            // A subprotocol added by a beforeHandshakeResponse handler is in the head only.
            c.subprotocol = r.subprotocol.isEmpty() && c.websocket
                                ? headerOfHead(r.responseHead, "Sec-WebSocket-Protocol")
                                : r.subprotocol;
            c.extensions = r.extensions;
            if (r.tls)
                c.tls = r.tls;
            if (!r.method.isEmpty())
                c.method = r.method;
            if (!r.uri.isEmpty())
                c.uri = r.uri;
            if (!r.peerAddress.isNull()) {
                c.peerAddress = r.peerAddress;
                c.peerPort = r.peerPort;
            }
            break;
        }
        case EventRecord::Kind::HandshakeRejected: {
            ConnectionRecord &c = ensure(r.fd, r.timeUs, row, created);
            c.httpStatus = r.httpStatus;
            c.rejectReason = r.text;
            if (r.tls)
                c.tls = r.tls;
            if (!r.requestHead.isEmpty()) {
                c.requestHead = r.requestHead;
                setIdentity(c);
            }
            if (!r.responseHead.isEmpty())
                c.responseHead = r.responseHead;
            break;
        }
        case EventRecord::Kind::Frame: {
            // A flood: runs of records of one connection, found once per run.
            if (r.fd == lastCountedFd) {
                row = lastCounted;
            } else {
                ensure(r.fd, r.timeUs, row, created);
                lastCountedFd = r.fd;
            }
            ConnectionRecord &c = m_rows[row];
            if (r.direction == Direction::In) {
                ++c.framesIn;
                c.bytesIn += r.wireLength;
            } else {
                ++c.framesOut;
                c.bytesOut += r.wireLength;
            }
            if (row != lastCounted) {
                m_countersChanged.insert(row);
                lastCounted = row;
            }
            continue;
        }
        case EventRecord::Kind::StatusChanged: {
            ConnectionRecord &c = ensure(r.fd, r.timeUs, row, created);
            // A rejected handshake stays rejected (the server reads on after a wrong answer).
            const bool rejected = !c.websocket && c.httpStatus != 0;
            if (!c.closed() && !(rejected && r.status >= StatusActive))
                c.status = r.status;
            break;
        }
        case EventRecord::Kind::CloseStarted: {
            ConnectionRecord &c = ensure(r.fd, r.timeUs, row, created);
            if (!c.closed())
                c.status = StatusClosing;
            c.initiator = r.initiator;
            c.closeCode = r.closeCode;
            c.closeReason = r.closeReason;
            break;
        }
        case EventRecord::Kind::Closed:
        case EventRecord::Kind::Disconnected: {
            ConnectionRecord &c = ensure(r.fd, r.timeUs, row, created);
            c.status = StatusClosed;
            c.closedUs = r.timeUs;
            if (r.kind == EventRecord::Kind::Closed) {
                c.closeCode = r.closeCode;
                c.closeReason = r.closeReason;
                c.initiator = r.initiator;
                c.closeHandshakeUs = r.closeHandshakeUs;
            }
            break;
        }
        case EventRecord::Kind::PingRtt: {
            ConnectionRecord &c = ensure(r.fd, r.timeUs, row, created);
            c.rttsUs.push_back(r.rttUs);
            if (c.rttsUs.size() > MaxRtts)
                c.rttsUs.removeFirst();
            break;
        }
        default:
            continue;
        }
        if (row >= 0 && row != lastChanged) {
            changedRows.insert(row);
            lastChanged = row;
        }
    }
    // One notification per connection and batch, with its counters.
    for (int row : std::as_const(changedRows))
        announce(row);
    if (!m_countersChanged.isEmpty() && !m_counterTimer.isActive())
        m_counterTimer.start();
}

void ConnectionModel::clearClosed()
{
    announceCounters(); // by row, before the rows move
    // Remove closed rows as contiguous ranges, from the bottom so indexes stay valid.
    for (int row = int(m_rows.size()) - 1; row >= 0;) {
        if (!m_rows[row].closed()) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && m_rows[first - 1].closed())
            --first;
        beginRemoveRows({}, first, row);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + row + 1);
        endRemoveRows();
        row = first - 1;
    }
    m_rowOfFd.clear();
    for (int i = 0; i < int(m_rows.size()); ++i)
        m_rowOfFd.insert(m_rows[i].fd, i);
}

void ConnectionModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_rowOfFd.clear();
    m_countersChanged.clear();
    m_counterTimer.stop();
    endResetModel();
}

void ConnectionModel::tick(qint64 nowUs)
{
    m_nowUs = nowUs;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, ColAge), index(int(m_rows.size()) - 1, ColAge),
                         {Qt::DisplayRole});
}

int ConnectionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConnectionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const ConnectionRecord *ConnectionModel::record(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? &m_rows[row] : nullptr;
}

const ConnectionRecord *ConnectionModel::recordForFd(int fd) const
{
    return record(rowForFd(fd));
}

int ConnectionModel::rowForFd(int fd) const
{
    return m_rowOfFd.value(fd, -1);
}

int ConnectionModel::openCount() const
{
    int n = 0;
    for (const ConnectionRecord &c : m_rows)
        n += c.closed() ? 0 : 1;
    return n;
}

int ConnectionModel::establishedCount() const
{
    int n = 0;
    for (const ConnectionRecord &c : m_rows)
        n += !c.closed() && c.status == StatusActive ? 1 : 0;
    return n;
}

int ConnectionModel::closedCount() const
{
    int n = 0;
    for (const ConnectionRecord &c : m_rows)
        n += c.closed() ? 1 : 0;
    return n;
}

// Path, Origin and User-Agent tell clients apart; read once per connection.
void ConnectionModel::setIdentity(ConnectionRecord &c)
{
    const ClientIdentity id = ClientIdentity::fromRequestHead(c.requestHead);
    if (c.uri.isEmpty())
        c.uri = id.target;
    c.origin = id.origin;
    c.userAgent = id.userAgent;
}

QString ConnectionModel::cellText(const ConnectionRecord &c, int column) const
{
    switch (column) {
    case ColFd:
        return QString::number(c.fd);
    case ColPeer: {
        const QString host = c.peerAddress.protocol() == QAbstractSocket::IPv6Protocol
                                 ? QStringLiteral("[%1]").arg(c.peerAddress.toString())
                                 : c.peerAddress.toString();
        return QStringLiteral("%1:%2").arg(host).arg(c.peerPort);
    }
    case ColPath:
        return QString::fromUtf8(c.uri);
    case ColOrigin:
        return QString::fromUtf8(c.origin);
    case ColUserAgent:
        return QString::fromUtf8(c.userAgent);
    case ColStatus:
        if (!c.websocket && c.closed())
            return c.httpStatus ? tr("HTTP %1").arg(c.httpStatus) : tr("TCP closed");
        return websocketStatusLabel(c.status);
    case ColSubprotocol:
        return QString::fromUtf8(c.subprotocol);
    case ColCompression:
        return c.websocket ? compressionText(c.extensions) : QString();
    case ColFramesIn:
        return QString::number(c.framesIn);
    case ColFramesOut:
        return QString::number(c.framesOut);
    case ColBytesIn:
        return formatBytes(c.bytesIn);
    case ColBytesOut:
        return formatBytes(c.bytesOut);
    case ColAge: {
        const qint64 end = c.closed() ? c.closedUs : m_nowUs;
        return formatAge(qMax<qint64>(0, end - c.connectedUs) / 1000000);
    }
    case ColRtt:
        return c.rttsUs.isEmpty() ? QString() : formatDurationUs(c.rttsUs.last());
    case ColCloseCode:
        return c.closeCode ? QString::number(c.closeCode) : QString();
    case ColCloseReason:
        return QString::fromUtf8(c.closeReason);
    case ColClosedBy:
        return initiatorText(c.initiator);
    default:
        return {};
    }
}

QVariant ConnectionModel::data(const QModelIndex &index, int role) const
{
    const ConnectionRecord *c = index.isValid() ? record(index.row()) : nullptr;
    if (!c)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return cellText(*c, index.column());
    case Qt::ForegroundRole:
        if (c->closed())
            return QApplication::palette().color(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ColCompression)
            return QString::fromUtf8(c->extensions);
        if (index.column() == ColCloseCode && c->closeCode)
            return closeCodeDescription(c->closeCode);
        if (index.column() == ColAge)
            return QDateTime::fromMSecsSinceEpoch(c->connectedUs / 1000)
                .toString(Qt::ISODateWithMs);
        return cellText(*c, index.column());
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case ColFd:
        case ColFramesIn:
        case ColFramesOut:
        case ColBytesIn:
        case ColBytesOut:
        case ColAge:
        case ColRtt:
        case ColCloseCode:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        }
    case FdRole:
        return c->fd;
    case StatusRole:
        return c->status;
    case ClosedRole:
        return c->closed();
    default:
        return {};
    }
}

QVariant ConnectionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ColFd:
        return tr("fd");
    case ColPeer:
        return tr("Peer");
    case ColPath:
        return tr("Path");
    case ColOrigin:
        return tr("Origin");
    case ColUserAgent:
        return tr("User-Agent");
    case ColStatus:
        return tr("websocket_status");
    case ColSubprotocol:
        return tr("Subprotocol");
    case ColCompression:
        return tr("Compression");
    case ColFramesIn:
        return tr("Frames in");
    case ColFramesOut:
        return tr("Frames out");
    case ColBytesIn:
        return tr("Bytes in");
    case ColBytesOut:
        return tr("Bytes out");
    case ColAge:
        return tr("Age");
    case ColRtt:
        return tr("RTT");
    case ColCloseCode:
        return tr("Close code");
    case ColCloseReason:
        return tr("Reason");
    case ColClosedBy:
        return tr("Closed by");
    default:
        return {};
    }
}

} // namespace framescope
