#pragma once

#include <QList>
#include <QSet>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QMenu;

namespace framescope {

class ConnectionModel;
class WebSocketServer;

// Push, ping and close from the server side to the selected connection(s). Every call goes
// to the server facade, which posts to the worker and returns at once.
class SendPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SendPanel)

public:
    // How the payload editor is read.
    enum class Format { Text, Hex, Base64, File };
    static constexpr int MaxHistory = 50;
    // One sent message, as the history keeps it (QSettings "send/history").
    struct HistoryEntry
    {
        Format format = Format::Text;
        QString payload; // the editor text, or the file's path
        bool operator==(const HistoryEntry &o) const
        {
            return format == o.format && payload == o.payload;
        }
    };

    explicit SendPanel(WebSocketServer *server, QWidget *parent = nullptr);

    void setTargets(const QList<int> &fds);
    QList<int> targets() const { return m_targets; }
    // Where the panel reads each target's state (closed, handshake, compression).
    void setConnectionModel(const ConnectionModel *model);
    // Sending needs live connections: off while the window shows an imported session.
    void setLiveView(bool live);
    // A target's state changed: re-check what can be sent.
    void refresh() { validate(); }
    // "Load into send panel": the payload as text, or as hex for binary / non-UTF-8 data.
    void loadPayload(const QByteArray &payload, bool binary);
    // A connection went away: forget its open fragmented message.
    void connectionClosed(int fd);

    // Widgets the tests drive.
    QPlainTextEdit *payloadEdit() const { return m_payload; }
    QComboBox *typeCombo() const { return m_type; }
    QCheckBox *finCheck() const { return m_fin; }
    QCheckBox *compressCheck() const { return m_compress; }
    QPushButton *sendButton() const { return m_send; }
    QPushButton *broadcastButton() const { return m_broadcast; }
    QLineEdit *pingEdit() const { return m_pingPayload; }
    QPushButton *pingButton() const { return m_ping; }
    QComboBox *closeCodeCombo() const { return m_closeCode; }
    QLineEdit *reasonEdit() const { return m_reason; }
    QPushButton *disconnectButton() const { return m_disconnect; }
    QPushButton *dropButton() const { return m_drop; }
    QString statusText() const;
    // Why sending is off for the selected targets (closed, not a WebSocket, imported), or
    // empty.
    QString unavailableText() const;
    bool fragmentOpen(int fd) const { return m_openFragments.contains(fd); }

    Format format() const;
    void setFormat(Format format);
    // The file the "Binary (file)" format sends; false (and the reason shown) when it
    // cannot be read or is over buffer_output_size.
    bool loadFile(const QString &fileName);
    QPushButton *fileButton() const { return m_fileButton; }
    // Sent messages, newest first (at most MaxHistory, kept across sessions).
    QList<HistoryEntry> history() const { return m_history; }
    QPushButton *historyButton() const { return m_historyButton; }
    // Puts a history entry back into the editor (then Send or Ctrl+Enter resends it).
    void loadHistoryEntry(int index);
    QComboBox *pingFormatCombo() const { return m_pingFormat; }

signals:
    void message(const QString &text);

private:
    bool payloadBytes(QByteArray &out, QString *why = nullptr) const;
    bool pingBytes(QByteArray &out) const;
    void remember();
    void rebuildHistoryMenu();
    void chooseFile();
    int closeCode(bool *ok) const;
    void validate();
    void send(bool toAll);
    void ping();
    void disconnect();
    void drop();
    void report(const QString &text, bool error);

    void showHint(const QString &text);

    WebSocketServer *m_server;
    const ConnectionModel *m_model = nullptr;
    bool m_live = true;
    bool m_hintShown = false; // m_status holds a validation hint (not a report)
    QList<int> m_targets;
    QSet<int> m_openFragments; // fds with a FIN-off push whose message is not finished
    QLabel *m_targetLabel;
    QComboBox *m_type;
    QPushButton *m_fileButton;
    QPushButton *m_historyButton;
    QMenu *m_historyMenu;
    QList<HistoryEntry> m_history;
    QString m_fileName;
    QByteArray m_fileData;
    QString m_fileError;
    QComboBox *m_pingFormat;
    QCheckBox *m_fin;
    QCheckBox *m_compress;
    QPlainTextEdit *m_payload;
    QLabel *m_payloadInfo;
    QPushButton *m_send;
    QPushButton *m_broadcast;
    QLineEdit *m_pingPayload;
    QPushButton *m_ping;
    QComboBox *m_closeCode;
    QLineEdit *m_reason;
    QLabel *m_reasonInfo;
    QPushButton *m_disconnect;
    QPushButton *m_drop;
    QLabel *m_status;
    QLabel *m_unavailable;
};

} // namespace framescope
