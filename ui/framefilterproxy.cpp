#include "framefilterproxy.h"

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
    invalidateRowsFilter();
}

bool FrameFilterProxy::isActive() const
{
    return !m_fds.isEmpty() || m_opcode != OpcodeFilter::All ||
           m_direction != DirectionFilter::Both || !m_text.isEmpty();
}

bool FrameFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *model = sourceModel();
    const QModelIndex index = model->index(sourceRow, 0, sourceParent);
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
    if (!m_text.isEmpty() &&
        !index.data(FrameLogModel::SearchTextRole).toString().contains(m_text, Qt::CaseInsensitive))
        return false;
    return true;
}

} // namespace framescope
