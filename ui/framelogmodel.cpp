#include "framelogmodel.h"

#include "formatting.h"
#include "httphead.h"

#include "protocol/frame.h"
#include "protocol/protocolerror.h"

#include <QApplication>
#include <QFontDatabase>
#include <QIcon>
#include <QPainter>
#include <QPalette>
#include <QPixmap>

#include <algorithm>

namespace framescope {

namespace {

// Accent hues blended into the palette base (tintedBase) so both light and dark themes work.
const QColor kErrorAccent(220, 50, 47);
const QColor kCloseAccent(230, 140, 20);
const QColor kPingAccent(38, 139, 210);
const QColor kEventAccent(133, 153, 0);

QIcon arrowIcon(bool in)
{
    // Drawn once: the direction arrow in the DevTools colours (green up = sent, red down =
    // received).
    static QIcon icons[2];
    QIcon &icon = icons[in ? 1 : 0];
    if (icon.isNull()) {
        QPixmap pixmap(16, 16);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(in ? QColor(214, 69, 65) : QColor(46, 160, 67));
        QPolygonF arrow;
        if (in)
            arrow << QPointF(8, 14) << QPointF(2, 7) << QPointF(6, 7) << QPointF(6, 2)
                  << QPointF(10, 2) << QPointF(10, 7) << QPointF(14, 7);
        else
            arrow << QPointF(8, 2) << QPointF(14, 9) << QPointF(10, 9) << QPointF(10, 14)
                  << QPointF(6, 14) << QPointF(6, 9) << QPointF(2, 9);
        p.drawPolygon(arrow);
        icon = QIcon(pixmap);
    }
    return icon;
}

QIcon dotIcon(const QColor &color)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawEllipse(QRectF(1.5, 1.5, 9, 9));
    return QIcon(pixmap);
}

const QIcon &cachedDot(int which)
{
    static const QIcon icons[] = {dotIcon(kErrorAccent), dotIcon(kCloseAccent),
                                  dotIcon(kPingAccent), dotIcon(kEventAccent)};
    return icons[which];
}

// lupdate files tr() calls outside a class under the namespace, so the runtime context
// must be the namespace too or the translation is never found.
QString tr(const char *text)
{
    return QCoreApplication::translate("framescope", text);
}

QString eventName(const EventRecord &r)
{
    switch (r.kind) {
    case EventRecord::Kind::HandshakeAccepted:
        // Answered with another status than 101 (handshake control, a scenario's fault).
        if (const int status = httpStatusOfHead(r.responseHead); status != 0 && status != 101)
            return tr("REJECTED");
        return tr("OPEN");
    case EventRecord::Kind::HandshakeRejected:
        return tr("REJECTED");
    case EventRecord::Kind::ProtocolError:
        return tr("PROTOCOL ERROR");
    case EventRecord::Kind::Closed:
        return tr("CLOSED");
    case EventRecord::Kind::Disconnected:
        return tr("DISCONNECTED");
    case EventRecord::Kind::ServerError:
        return tr("SERVER ERROR");
    case EventRecord::Kind::OperationFailed:
        return tr("NOT SENT");
    default:
        return {};
    }
}

QString eventDescription(const EventRecord &r)
{
    switch (r.kind) {
    case EventRecord::Kind::HandshakeAccepted: {
        if (const int status = httpStatusOfHead(r.responseHead); status != 0 && status != 101)
            return tr("HTTP %1 %2").arg(status).arg(reasonOfHead(r.responseHead));
        QString text = tr("%1 %2 from %3:%4")
                           .arg(QString::fromLatin1(r.method.isEmpty() ? "GET" : r.method),
                                QString::fromUtf8(r.uri), r.peerAddress.toString())
                           .arg(r.peerPort);
        if (!r.subprotocol.isEmpty())
            text += tr(" · subprotocol %1").arg(QString::fromUtf8(r.subprotocol));
        if (!r.extensions.isEmpty())
            text += tr(" · %1").arg(QString::fromUtf8(r.extensions));
        return text;
    }
    case EventRecord::Kind::HandshakeRejected: {
        // "HTTP 429 Too Many Requests · why": the status line as the client got it.
        const QString reason = reasonOfHead(r.responseHead);
        if (reason.isEmpty())
            return tr("HTTP %1 %2").arg(r.httpStatus).arg(r.text);
        QString text = tr("HTTP %1 %2").arg(r.httpStatus).arg(reason);
        if (!r.text.isEmpty())
            text += tr(" · %1").arg(r.text);
        return text;
    }
    case EventRecord::Kind::ProtocolError:
        return tr("%1 → close %2").arg(r.text).arg(r.closeCode);
    case EventRecord::Kind::Closed:
        return tr("code %1%2 · closed by %3 · %4")
            .arg(r.closeCode)
            .arg(r.closeReason.isEmpty()
                     ? QString()
                     : QStringLiteral(" “%1”").arg(QString::fromUtf8(r.closeReason)),
                 initiatorText(r.initiator),
                 r.closeHandshakeUs >= 0
                     ? tr("handshake %1").arg(formatDurationUs(r.closeHandshakeUs))
                     : tr("no closing handshake"));
    case EventRecord::Kind::Disconnected:
        return tr("TCP connection closed (no WebSocket)");
    case EventRecord::Kind::ServerError:
    case EventRecord::Kind::OperationFailed: // the server's sentence, as in the headless log
        return r.text;
    default:
        return {};
    }
}

template <typename Row> qint64 payloadCost(const Row &e)
{
    return e.record->payload.size() + (e.message ? e.message->payload.size() : 0);
}

// Where the entry with `seq` is in `entries` (ascending seq), or -1. Not seq minus the first
// seq: a flush that drops part of a flood from view leaves gaps in the numbers, and that
// arithmetic then pointed at other rows or past the end.
template <typename Row> qsizetype indexOfSeq(const std::deque<Row> &entries, quint64 seq)
{
    if (entries.empty() || seq < entries.front().seq || seq > entries.back().seq)
        return -1;
    const quint64 guess = seq - entries.front().seq; // right when there is no gap before it
    if (guess < entries.size() && entries[size_t(guess)].seq == seq)
        return qsizetype(guess);
    const auto it = std::lower_bound(entries.begin(), entries.end(), seq,
                                     [](const Row &e, quint64 s) { return e.seq < s; });
    return it != entries.end() && it->seq == seq ? qsizetype(it - entries.begin()) : -1;
}

} // namespace

FrameLogModel::FrameLogModel(QObject *parent) : QAbstractTableModel(parent)
{
    m_timer.setInterval(m_interval);
    connect(&m_timer, &QTimer::timeout, this, &FrameLogModel::flush);
}

void FrameLogModel::setCapacity(int rows)
{
    m_capacity = qMax(1, rows);
    flush();
}

void FrameLogModel::setPayloadBudget(qint64 bytes)
{
    m_payloadBudget = qMax<qint64>(0, bytes);
}

bool FrameLogModel::isLogged(EventRecord::Kind kind)
{
    switch (kind) {
    case EventRecord::Kind::Frame:
    case EventRecord::Kind::HandshakeAccepted:
    case EventRecord::Kind::HandshakeRejected:
    case EventRecord::Kind::ProtocolError:
    case EventRecord::Kind::Closed:
    case EventRecord::Kind::ServerError:
    case EventRecord::Kind::OperationFailed:
        return true;
    default:
        return false;
    }
}

void FrameLogModel::addRecords(const EventBatch &records)
{
    addBatch(std::make_shared<const EventBatch>(records));
}

// The message as the application sees it (in: reassembled and inflated; out: a compressed
// push as pushed) goes with the last frame it was made of, if that is still a row.
bool FrameLogModel::attachMessage(const EventRecord &message)
{
    const qint64 key = (qint64(message.fd) << 1) | (message.direction == Direction::Out ? 1 : 0);
    const auto it = m_lastFinal.constFind(key);
    if (it == m_lastFinal.cend())
        return false;
    const qsizetype pending = indexOfSeq(m_pending, it.value());
    if (pending >= 0) {
        PendingRow &row = m_pending[size_t(pending)];
        if (row.message)
            return false;
        row.message = &message;
        return true; // its batch must be held until the row goes
    }
    const qsizetype at = indexOfSeq(m_rows, it.value());
    if (at >= 0 && !m_rows[size_t(at)].message) {
        m_rows[size_t(at)].message = std::make_shared<const EventRecord>(message);
        m_payloadBytes += message.payload.size(); // pending rows are counted when flushed
    }
    return false;
}

const EventRecord *FrameLogModel::assembleOut(const EventRecord &frame, quint8 messageOpcode,
                                              quint64 seq)
{
    OutAssembly &a = m_outAssembly[frame.fd];
    if (frame.opcode != OpContinuation || !a.open) {
        a.message = EventRecord{};
        a.message.kind = EventRecord::Kind::Message;
        a.message.fd = frame.fd;
        a.message.direction = Direction::Out;
        a.message.opcode = messageOpcode ? messageOpcode : frame.opcode;
        a.open = true;
    }
    EventRecord &m = a.message;
    const qsizetype room = MaxAssembledPayload - m.payload.size();
    if (frame.payload.size() > room || frame.payloadTruncated)
        m.payloadTruncated = true;
    m.payload.append(frame.payload.left(qMax<qsizetype>(0, room)));
    m.messageLength += frame.payloadLength;
    m.payloadLength += frame.payloadLength;
    ++m.fragments;
    if (!frame.fin)
        return nullptr;
    // The message ends here: its record lives in a batch of its own, held like the server's.
    m.timeUs = frame.timeUs;
    auto batch = std::make_shared<EventBatch>();
    batch->append(std::move(m));
    m_outAssembly.remove(frame.fd);
    m_held.push_back({batch, seq});
    return &batch->first();
}

void FrameLogModel::addBatch(const EventBatchPtr &batch)
{
    if (!batch)
        return;
    // Pending rows point into the server's batch; flush() copies the rows it inserts. The
    // server counts a batch as in flight for as long as anyone holds it, and at 64 it
    // records nothing more: rows kept for minutes must not hold one.
    bool hold = false; // a pending row or message points into the batch
    for (const EventRecord &r : *batch) {
        if (r.kind == EventRecord::Kind::Dropped) {
            m_serverDropped += r.count;
            emit dropCountsChanged(m_evicted, m_serverDropped);
            continue;
        }
        if (r.kind == EventRecord::Kind::Message) {
            hold = attachMessage(r) || hold;
            continue;
        }
        if (!isLogged(r.kind))
            continue;
        const quint64 seq = m_nextSeq++;
        bool compressed = false;
        const bool raw = r.kind == EventRecord::Kind::Frame && r.direction == Direction::Out &&
                         r.text == RawFrameRecordText;
        ProtocolError violation = ProtocolError::None;
        if (r.kind == EventRecord::Kind::HandshakeAccepted &&
            r.extensions.contains("permessage-deflate"))
            m_deflateFds.insert(r.fd);
        if (r.kind == EventRecord::Kind::Frame && r.direction == Direction::Out &&
            (raw || m_outRules.contains(r.fd))) {
            auto it = m_outRules.find(r.fd);
            if (it == m_outRules.end()) {
                it = m_outRules.insert(r.fd, ServerFrameRules());
                it->setDeflate(m_deflateFds.contains(r.fd));
                it->setMessageOpen(m_openCompressed.contains((qint64(r.fd) << 1) | 1));
            }
            const ProtocolError e = it->check(r.opcode, r.fin, r.rsv1, r.rsv2, r.rsv3, r.masked,
                                              r.wireLength, r.payloadLength, r.payload);
            if (raw)
                violation = e;
        }
        quint8 messageOpcode = 0;
        if (r.kind == EventRecord::Kind::Frame && !isControlOpcode(r.opcode)) {
            const qint64 key = (qint64(r.fd) << 1) | (r.direction == Direction::Out ? 1 : 0);
            if (r.opcode == OpContinuation) {
                const OpenMessage open = m_openCompressed.value(key);
                compressed = open.compressed;
                messageOpcode = open.opcode;
            } else {
                compressed = r.rsv1;
                messageOpcode = r.opcode;
            }
            if (!r.fin)
                m_openCompressed.insert(key, {compressed, messageOpcode});
            else if (!m_openCompressed.isEmpty()) // empty but in fragmented traffic
                m_openCompressed.remove(key);
            if (r.fin)
                m_lastFinal.insert(key, seq);
        }
        if (r.kind == EventRecord::Kind::Closed) {
            m_lastFinal.remove(qint64(r.fd) << 1);
            m_lastFinal.remove((qint64(r.fd) << 1) | 1);
            m_openCompressed.remove(qint64(r.fd) << 1);
            m_openCompressed.remove((qint64(r.fd) << 1) | 1);
            m_deflateFds.remove(r.fd);
            m_outRules.remove(r.fd);
            m_outAssembly.remove(r.fd);
        }
        const EventRecord *joined = nullptr;
        if (r.kind == EventRecord::Kind::Frame && r.direction == Direction::Out && !compressed &&
            !isControlOpcode(r.opcode) && (!r.fin || r.opcode == OpContinuation))
            joined = assembleOut(r, messageOpcode, seq);
        m_pending.push_back({&r, joined, seq, compressed, raw, violation, messageOpcode});
        hold = true;
    }
    if (hold)
        m_held.push_back({batch, m_nextSeq - 1});
    // More batches than one flush shows: the oldest go now, and with them their batches.
    trimPending();
    if (!m_pending.empty() && !m_timer.isActive())
        m_timer.start();
}

void FrameLogModel::dropPending(qsizetype count)
{
    if (count <= 0)
        return;
    m_pending.erase(m_pending.begin(), m_pending.begin() + count);
    m_evicted += count;
    m_evictedUnannounced = true;
    releaseBatches();
}

void FrameLogModel::releaseBatches()
{
    while (!m_held.empty() && (m_pending.empty() || m_held.front().lastSeq < m_pending.front().seq))
        m_held.pop_front();
}

// More pending than the whole ring or one flush takes: the oldest never become rows
// (counted, announced at the next flush).
void FrameLogModel::trimPending()
{
    const qsizetype maxPending = qMin<qsizetype>(m_capacity, MaxRowsPerFlush);
    if (qsizetype(m_pending.size()) <= maxPending)
        return;
    dropPending(qsizetype(m_pending.size()) - maxPending);
}

void FrameLogModel::flush()
{
    if (m_pending.empty()) {
        m_timer.stop();
        m_timer.setInterval(m_interval); // the flood is over
        // A smaller capacity set while idle still applies.
        if (qsizetype(m_rows.size()) <= m_capacity)
            return;
    }
    // A flood: no one reads rows at 13 updates a second, and every relayout of the view
    // takes CPU from the server. Fewer, larger flushes until the flow is light again.
    m_timer.setInterval(qsizetype(m_pending.size()) >= BusyRows ? qMax(m_interval, BusyIntervalMs)
                                                                : m_interval);
    trimPending();              // the capacity may have shrunk since the last batch
    if (m_evictedUnannounced) { // once per flush, not per batch
        m_evictedUnannounced = false;
        emit dropCountsChanged(m_evicted, m_serverDropped);
    }
    qint64 pendingBytes = 0;
    for (const PendingRow &e : m_pending)
        pendingBytes += payloadCost(e);
    // Pending rows alone over the payload budget: the oldest of them never become rows.
    qsizetype pendingDrop = 0;
    while (pendingBytes > m_payloadBudget && pendingDrop + 1 < qsizetype(m_pending.size())) {
        pendingBytes -= payloadCost(m_pending[pendingDrop]);
        ++pendingDrop;
    }
    if (pendingDrop > 0) {
        dropPending(pendingDrop);
        m_evictedUnannounced = false;
        emit dropCountsChanged(m_evicted, m_serverDropped);
    }

    // Oldest rows leave in one removal: by count, then by payload budget.
    qsizetype removeCount =
        qMax<qsizetype>(0, qsizetype(m_rows.size()) + qsizetype(m_pending.size()) - m_capacity);
    qint64 bytesAfter = m_payloadBytes + pendingBytes;
    for (qsizetype i = 0; i < removeCount; ++i)
        bytesAfter -= payloadCost(m_rows[i]);
    while (bytesAfter > m_payloadBudget && removeCount < qsizetype(m_rows.size())) {
        bytesAfter -= payloadCost(m_rows[removeCount]);
        ++removeCount;
    }
    if (removeCount > 0) {
        beginRemoveRows({}, 0, int(removeCount - 1));
        m_rows.erase(m_rows.begin(), m_rows.begin() + removeCount);
        endRemoveRows();
        m_evicted += removeCount;
        emit dropCountsChanged(m_evicted, m_serverDropped);
    }
    m_payloadBytes = bytesAfter;
    const int inserted = int(m_pending.size());
    if (inserted > 0) {
        const int first = int(m_rows.size());
        // beginInsertRows takes an inclusive last row.
        beginInsertRows({}, first, first + inserted - 1);
        // Rows keep copies, in one block per flush, and release the server's batches.
        size_t records = 0;
        for (const PendingRow &e : m_pending)
            records += e.message ? 2 : 1;
        auto block = std::make_shared<std::vector<EventRecord>>();
        block->reserve(records); // never grows: the pointers below stay valid
        const auto copy = [&block](const EventRecord *r) -> std::shared_ptr<const EventRecord> {
            if (!r)
                return {};
            block->push_back(*r);
            return std::shared_ptr<const EventRecord>(block, &block->back());
        };
        for (const PendingRow &e : m_pending) {
            LogEntry row;
            row.record = copy(e.record);
            row.message = copy(e.message);
            row.seq = e.seq;
            row.compressed = e.compressed;
            row.raw = e.raw;
            row.violation = e.violation;
            row.messageOpcode = e.messageOpcode;
            m_rows.push_back(std::move(row));
        }
        m_pending.clear();
        m_held.clear();
        endInsertRows();
    }
    emit flushed(inserted);
}

void FrameLogModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_pending.clear();
    m_held.clear();
    m_payloadBytes = 0;
    m_lastFinal.clear();
    m_openCompressed.clear();
    m_outAssembly.clear();
    endResetModel();
    m_timer.stop();
}

int FrameLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FrameLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const LogEntry *FrameLogModel::entry(int row) const
{
    if (row < 0 || row >= int(m_rows.size()))
        return nullptr;
    return &m_rows[row];
}

int FrameLogModel::rowForSeq(quint64 seq) const
{
    return int(indexOfSeq(m_rows, seq));
}

QVector<int> FrameLogModel::messageRows(int row) const
{
    QVector<int> rows;
    const LogEntry *last = entry(row);
    if (!last || last->record->kind != EventRecord::Kind::Frame ||
        isControlOpcode(last->record->opcode))
        return rows;
    rows.prepend(row);
    if (last->record->opcode != OpContinuation)
        return rows;
    // Walk back over this connection's frames in the same direction to the first fragment;
    // control frames may be interleaved (RFC 6455 §5.4).
    for (int r = row - 1; r >= 0; --r) {
        const EventRecord &rec = *m_rows[r].record;
        if (rec.kind != EventRecord::Kind::Frame || rec.fd != last->record->fd ||
            rec.direction != last->record->direction || isControlOpcode(rec.opcode))
            continue;
        if (rec.fin)
            break; // the previous message: the first fragment was evicted
        rows.prepend(r);
        if (rec.opcode != OpContinuation)
            break;
    }
    return rows;
}

QString FrameLogModel::cellText(const LogEntry &entry, int column) const
{
    const EventRecord &r = *entry.record;
    const bool frame = r.kind == EventRecord::Kind::Frame;
    const auto yesNo = [](bool v) { return v ? QStringLiteral("1") : QStringLiteral("0"); };
    switch (column) {
    case ColNumber:
        return QString::number(entry.seq);
    case ColTime:
        return formatTimeUs(r.timeUs);
    case ColDirection:
        return frame ? directionText(r.direction) : QString();
    case ColFd:
        return r.fd > 0 ? QString::number(r.fd) : QString();
    case ColOpcode:
        return frame ? opcodeLabel(r.opcode) : eventName(r);
    case ColFin:
        return frame ? yesNo(r.fin) : QString();
    case ColRsv1:
        return frame ? (r.rsv1 ? tr("1 deflate") : QStringLiteral("0")) : QString();
    case ColRsv23:
        return frame ? QStringLiteral("%1 %2").arg(yesNo(r.rsv2), yesNo(r.rsv3)) : QString();
    case ColMasked:
        return frame ? yesNo(r.masked) : QString();
    case ColWireLength:
        return frame ? QString::number(r.wireLength) : QString();
    case ColPayloadLength:
        if (!frame)
            return {};
        if (entry.message && entry.message->messageLength != r.payloadLength)
            return tr("%1 → %2").arg(r.payloadLength).arg(entry.message->messageLength);
        return QString::number(r.payloadLength);
    case ColPreview: {
        if (!frame)
            return eventDescription(r);
        QString text;
        if (entry.raw && entry.violation == ProtocolError::None)
            text = tr("raw frame (scenario) · ");
        else if (entry.raw)
            text = tr("⚠ raw frame (scenario), invalid: %1 · ").arg(describe(entry.violation));
        else if (!r.text.isEmpty())
            text = QStringLiteral("⚠ %1 · ").arg(r.text);
        // A compressed frame previews its inflated message when we have it.
        if (entry.compressed && entry.message)
            return text + payloadPreview(entry.message->payload, entry.message->opcode);
        if (entry.compressed)
            return text + tr("[compressed] ") + payloadPreview(r.payload, OpBinary, 60);
        if (entry.message && entry.message->fragments > 1)
            return text + payloadPreview(entry.message->payload, entry.message->opcode);
        // A fragment of a binary message is binary too (hex), whatever its bytes.
        return text + payloadPreview(r.payload, r.opcode == OpContinuation && entry.messageOpcode
                                                    ? entry.messageOpcode
                                                    : r.opcode);
    }
    default:
        return {};
    }
}

QString FrameLogModel::searchText(const LogEntry &entry) const
{
    const EventRecord &r = *entry.record;
    if (r.kind != EventRecord::Kind::Frame)
        return eventDescription(r);
    const QByteArray &payload = entry.message ? entry.message->payload : r.payload;
    return r.text + QLatin1Char(' ') + QString::fromUtf8(payload.left(4096));
}

QVariant FrameLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const LogEntry &e = m_rows[index.row()];
    const EventRecord &r = *e.record;
    const bool frame = r.kind == EventRecord::Kind::Frame;
    // Errors: broken rules, rejected handshakes, pushes that were not sent, and connections
    // lost without a close.
    const bool error =
        r.kind == EventRecord::Kind::ProtocolError || r.kind == EventRecord::Kind::ServerError ||
        r.kind == EventRecord::Kind::OperationFailed ||
        r.kind == EventRecord::Kind::HandshakeRejected ||
        (r.kind == EventRecord::Kind::HandshakeAccepted &&
         httpStatusOfHead(r.responseHead) > 101) ||
        (r.kind == EventRecord::Kind::Closed && r.closeCode == 1006) ||
        (frame && !r.text.isEmpty() && (!e.raw || e.violation != ProtocolError::None));
    switch (role) {
    case Qt::DisplayRole:
        return cellText(e, index.column());
    case Qt::ToolTipRole:
        if (index.column() == ColPreview || index.column() == ColOpcode)
            return cellText(e, ColPreview);
        if (index.column() == ColRsv1)
            return tr("RSV1: set on the first frame of a permessage-deflate compressed message");
        return {};
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case ColNumber:
        case ColFd:
        case ColWireLength:
        case ColPayloadLength:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        case ColFin:
        case ColRsv23:
        case ColMasked:
            return QVariant(Qt::AlignHCenter | Qt::AlignVCenter);
        default:
            return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        }
    case Qt::DecorationRole:
        if (index.column() == ColDirection && frame)
            return arrowIcon(r.direction == Direction::In);
        if (index.column() == ColOpcode) {
            if (error)
                return cachedDot(0);
            if (frame && r.opcode == OpClose)
                return cachedDot(1);
            if (frame && (r.opcode == OpPing || r.opcode == OpPong))
                return cachedDot(2);
            if (!frame)
                return cachedDot(3);
        }
        return {};
    case Qt::BackgroundRole: {
        const QPalette palette = QApplication::palette();
        if (error)
            return tintedBase(palette, kErrorAccent, 0.28);
        if (frame && r.opcode == OpClose)
            return tintedBase(palette, kCloseAccent, 0.22);
        if (frame && isControlOpcode(r.opcode))
            return tintedBase(palette, kPingAccent, 0.16);
        if (!frame)
            return tintedBase(palette, kEventAccent, 0.14);
        return {};
    }
    case FdRole:
        return r.fd;
    case OpcodeRole:
        return frame ? int(r.opcode) : -1;
    case DirectionRole:
        return frame ? int(r.direction) : -1;
    case KindRole:
        return int(r.kind);
    case SearchTextRole:
        return searchText(e);
    case SeqRole:
        return e.seq;
    case IsControlRole:
        return frame && isControlOpcode(r.opcode);
    case IsErrorRole:
        return error;
    default:
        return {};
    }
}

QVariant FrameLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case ColNumber:
            return tr("No.");
        case ColTime:
            return tr("Time");
        case ColDirection:
            return tr("Dir");
        case ColFd:
            return tr("fd");
        case ColOpcode:
            return tr("Opcode");
        case ColFin:
            return tr("FIN");
        case ColRsv1:
            return tr("RSV1");
        case ColRsv23:
            return tr("RSV23");
        case ColMasked:
            return tr("Mask");
        case ColWireLength:
            return tr("Wire");
        case ColPayloadLength:
            return tr("Payload");
        case ColPreview:
            return tr("Preview");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case ColRsv1:
            return tr("RSV1 bit: 1 = compressed (permessage-deflate)");
        case ColRsv23:
            return tr("RSV2 and RSV3 bits (no extension defines them)");
        case ColMasked:
            return tr("MASK bit: client frames must be masked, server frames must not");
        case ColWireLength:
            return tr("Bytes on the wire: header and payload");
        case ColPayloadLength:
            return tr("Payload bytes on the wire (→ inflated message size when compressed)");
        default:
            return {};
        }
    }
    return {};
}

} // namespace framescope
