#pragma once

#include <QRegularExpression>
#include <QSet>
#include <QSortFilterProxyModel>

namespace framescope {

class ConnectionModel;

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
    // Wireshark's time display: wall clock, since the connection's start, or since the
    // previous row shown.
    enum class TimeMode { Absolute, SinceConnection, Delta };

    explicit FrameFilterProxy(QObject *parent = nullptr);

    void setFds(const QSet<int> &fds); // empty: every connection
    QSet<int> fds() const { return m_fds; }
    void setOpcodeFilter(OpcodeFilter filter);
    void setDirectionFilter(DirectionFilter filter);
    void setText(const QString &text); // case-insensitive substring of payload / description
    // The text as a regular expression (case-insensitive); an invalid one matches nothing
    // and regexError() says why.
    void setRegex(bool regex);
    bool regex() const { return m_regex; }
    QString regexError() const;
    // What the text search matches, for highlighting (invalid or empty: matches nothing).
    QRegularExpression searchPattern() const;
    bool isActive() const;

    // Pause: rows with a seq above `seq` are held back until resume(). The source goes on.
    void pauseAfter(quint64 seq);
    void resume();
    bool paused() const { return m_paused; }

    void setTimeMode(TimeMode mode);
    TimeMode timeMode() const { return m_timeMode; }
    // Connection start times for TimeMode::SinceConnection (not owned).
    void setConnections(const ConnectionModel *connections) { m_connections = connections; }
    QVariant data(const QModelIndex &index, int role) const override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    qint64 timeOfRow(int proxyRow) const;

    bool m_regex = false;
    QRegularExpression m_pattern;
    quint64 m_upToSeq = 0;
    bool m_paused = false;
    TimeMode m_timeMode = TimeMode::Absolute;
    const ConnectionModel *m_connections = nullptr;
    QSet<int> m_fds;
    OpcodeFilter m_opcode = OpcodeFilter::All;
    DirectionFilter m_direction = DirectionFilter::Both;
    QString m_text;
};

} // namespace framescope
