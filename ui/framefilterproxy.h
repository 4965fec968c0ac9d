#pragma once

#include <QSet>
#include <QSortFilterProxyModel>

namespace framescope {

// Filters the frame log by connection, opcode class, direction and payload text. Keeps the
// source order (no sorting: the log is chronological and sorting 100 000 live rows costs).
class FrameFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FrameFilterProxy)

public:
    enum class OpcodeFilter {
        All,
        Data,
        Text,
        Binary,
        Continuation,
        Control,
        Close,
        PingPong,
        Events,
        Errors
    };
    enum class DirectionFilter { Both, In, Out };

    explicit FrameFilterProxy(QObject *parent = nullptr);

    void setFds(const QSet<int> &fds); // empty: every connection
    QSet<int> fds() const { return m_fds; }
    void setOpcodeFilter(OpcodeFilter filter);
    void setDirectionFilter(DirectionFilter filter);
    void setText(const QString &text); // case-insensitive substring of payload / description
    bool isActive() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QSet<int> m_fds;
    OpcodeFilter m_opcode = OpcodeFilter::All;
    DirectionFilter m_direction = DirectionFilter::Both;
    QString m_text;
};

} // namespace framescope
