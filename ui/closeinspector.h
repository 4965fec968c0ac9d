#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTextBrowser;
class QTreeWidget;
class QFrame;
class QTimer;

namespace framescope {

class CloseTracker;

// Lists every closing handshake and explains the selected one: the close frames in order
// with direction and time, the code's constant name and meaning, validity, who initiated,
// how long it took. When a close is held (open_websocket_close_frame), offers the replies.
class CloseInspector final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CloseInspector)

public:
    explicit CloseInspector(CloseTracker *tracker, QWidget *parent = nullptr);

    // The sessions shown: the live tracker or an imported session's (not owned).
    void setTracker(CloseTracker *tracker);
    CloseTracker *tracker() const { return m_tracker; }
    // held_close_timeout_ms of the running server (0: a held close waits for the reply);
    // a positive bound is counted down in the held bar.
    void setHeldCloseTimeout(int ms);
    QString heldText() const; // the held bar's sentence (tests)
    void showFd(int fd);      // selects the latest session of fd
    int selectedFd() const;
    QString detailsText() const; // plain text of the details pane (tests, copy)

signals:
    // Replies to a held close; the main window calls the server.
    void echoRequested(int fd, int code, const QByteArray &reason);
    void replyRequested(int fd, int code, const QByteArray &reason);
    void dropRequested(int fd);

private:
    void rebuild();
    void updateItem(int index);
    void updateDetails();
    void updateHeldBar();
    void attachTracker();

    CloseTracker *m_tracker;
    int m_heldTimeoutMs = 0;
    QTimer *m_countdown;
    QTreeWidget *m_list;
    QTextBrowser *m_details;
    QFrame *m_heldBar;
    QLabel *m_heldLabel;
    QPushButton *m_echoButton;
    QSpinBox *m_replyCode;
    QLineEdit *m_replyReason;
    QPushButton *m_replyButton;
    QPushButton *m_dropButton;
};

} // namespace framescope
