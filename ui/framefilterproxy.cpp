#include "framefilterproxy.h"

#include "connectionmodel.h"
#include "framelogmodel.h"

#include "protocol/frame.h"

namespace framescope {

FrameFilterProxy::FrameFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
}

void FrameFilterProxy::setFds(const QSet<int> &fds)
{
    if (fds == m_fds)
        return;
    m_fds = fds;
    invalidateRowsFilter();
}

void FrameFilterProxy::setOpcodeFilter(OpcodeFilter filter)
{
    if (filter == m_opcode)
        return;
    m_opcode = filter;
    invalidateRowsFilter();
}

void FrameFilterProxy::setDirectionFilter(DirectionFilter filter)
{
    if (filter == m_direction)
        return;
    m_direction = filter;
    invalidateRowsFilter();
}

void FrameFilterProxy::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    m_pattern = QRegularExpression(text, QRegularExpression::CaseInsensitiveOption);
    invalidateRowsFilter();
}

void FrameFilterProxy::setRegex(bool regex)
{
    if (regex == m_regex)
        return;
    m_regex = regex;
    if (!m_text.isEmpty())
        invalidateRowsFilter();
}

QString FrameFilterProxy::regexError() const
{
    return m_regex && !m_text.isEmpty() && !m_pattern.isValid() ? m_pattern.errorString()
                                                                : QString();
}

QRegularExpression FrameFilterProxy::searchPattern() const
{
    if (m_text.isEmpty())
        return {};
    if (m_regex)
        return m_pattern;
    return QRegularExpression(QRegularExpression::escape(m_text),
                              QRegularExpression::CaseInsensitiveOption);
}

bool FrameFilterProxy::isActive() const
{
    return !m_fds.isEmpty() || m_opcode != OpcodeFilter::All ||
           m_direction != DirectionFilter::Both || !m_text.isEmpty();
}

void FrameFilterProxy::pauseAfter(quint64 seq)
{
    // Rows already shown stay: nothing to filter again.
    m_paused = true;
    m_upToSeq = seq;
}

void FrameFilterProxy::resume()
{
    if (!m_paused)
        return;
    m_paused = false;
    invalidateRowsFilter();
}

void FrameFilterProxy::setTimeMode(TimeMode mode)
{
    if (mode == m_timeMode)
        return;
    m_timeMode = mode;
    if (rowCount() > 0)
        emit dataChanged(index(0, FrameLogModel::ColTime),
                         index(rowCount() - 1, FrameLogModel::ColTime), {Qt::DisplayRole});
    emit headerDataChanged(Qt::Horizontal, FrameLogModel::ColTime, FrameLogModel::ColTime);
}

qint64 FrameFilterProxy::timeOfRow(int proxyRow) const
{
    const auto *log = qobject_cast<const FrameLogModel *>(sourceModel());
    const LogEntry *e = log ? log->entry(mapToSource(index(proxyRow, 0)).row()) : nullptr;
    return e ? e->record->timeUs : -1;
}

QVariant FrameFilterProxy::data(const QModelIndex &index, int role) const
{
    if (m_timeMode == TimeMode::Absolute || role != Qt::DisplayRole ||
        index.column() != FrameLogModel::ColTime)
        return QSortFilterProxyModel::data(index, role);
    const qint64 t = timeOfRow(index.row());
    if (t < 0)
        return {};
    qint64 base = -1;
    if (m_timeMode == TimeMode::Delta) {
        base = index.row() > 0 ? timeOfRow(index.row() - 1) : t;
    } else {
        const int fd = index.data(FrameLogModel::FdRole).toInt();
        const ConnectionRecord *c = m_connections ? m_connections->recordForFd(fd) : nullptr;
        if (!c)
            return QString();
        base = c->connectedUs;
    }
    const qint64 us = t - base;
    const QString sign = us < 0 ? QStringLiteral("-") : QStringLiteral("+");
    const qint64 a = qAbs(us);
    return QStringLiteral("%1%2.%3")
        .arg(sign)
        .arg(a / 1000000)
        .arg(a % 1000000, 6, 10, QLatin1Char('0'));
}

bool FrameFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *model = sourceModel();
    const QModelIndex index = model->index(sourceRow, 0, sourceParent);
    if (m_paused && index.data(FrameLogModel::SeqRole).toULongLong() > m_upToSeq)
        return false;
    if (!m_fds.isEmpty() && !m_fds.contains(index.data(FrameLogModel::FdRole).toInt()))
        return false;
    const int opcode = index.data(FrameLogModel::OpcodeRole).toInt();
    const bool isFrame = opcode >= 0;
    if (m_direction != DirectionFilter::Both) {
        const int direction = index.data(FrameLogModel::DirectionRole).toInt();
        // Connection events have no direction; a direction filter is about frames.
        if (direction != (m_direction == DirectionFilter::In ? 0 : 1))
            return false;
    }
    switch (m_opcode) {
    case OpcodeFilter::All:
        break;
    case OpcodeFilter::Data:
        if (!isFrame || isControlOpcode(quint8(opcode)))
            return false;
        break;
    case OpcodeFilter::Text:
        if (opcode != OpText)
            return false;
        break;
    case OpcodeFilter::Binary:
        if (opcode != OpBinary)
            return false;
        break;
    case OpcodeFilter::Continuation:
        if (opcode != OpContinuation)
            return false;
        break;
    case OpcodeFilter::Control:
        if (!isFrame || !isControlOpcode(quint8(opcode)))
            return false;
        break;
    case OpcodeFilter::Close:
        if (opcode != OpClose)
            return false;
        break;
    case OpcodeFilter::PingPong:
        if (opcode != OpPing && opcode != OpPong)
            return false;
        break;
    case OpcodeFilter::Events:
        if (isFrame)
            return false;
        break;
    case OpcodeFilter::Errors:
        if (!index.data(FrameLogModel::IsErrorRole).toBool())
            return false;
        break;
    }
    if (!m_text.isEmpty()) {
        const QString text = index.data(FrameLogModel::SearchTextRole).toString();
        if (m_regex ? !m_pattern.isValid() || !m_pattern.match(text).hasMatch()
                    : !text.contains(m_text, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

} // namespace framescope
