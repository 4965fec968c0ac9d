#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace framescope {

class ServerControl;

// The "Handshake" tab: reject the next opening handshakes with an HTTP status, extra
// response headers, the subprotocol the 101 names. Every change applies to the next
// handshake at once (no restart): it only sets ServerControl.
class HandshakePanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HandshakePanel)

public:
    explicit HandshakePanel(ServerControl *control, QWidget *parent = nullptr);
    // websocket_subprotocol of the server's settings (the server answers it itself).
    void setConfiguredSubprotocol(const QString &name);

    // Widgets the tests drive.
    QComboBox *statusCombo() const { return m_status; }
    QSpinBox *countSpin() const { return m_count; }
    QCheckBox *untilClearedCheck() const { return m_untilCleared; }
    QPushButton *rejectButton() const { return m_reject; }
    QPushButton *clearButton() const { return m_clear; }
    QLabel *rejectStateLabel() const { return m_rejectState; }
    QPlainTextEdit *headersEdit() const { return m_headers; }
    QLabel *headersStateLabel() const { return m_headersState; }
    QComboBox *subprotocolCombo() const { return m_subprotocol; }
    QLineEdit *subprotocolEdit() const { return m_subprotocolName; }
    // "Rejecting the next 2 handshakes with HTTP 403 Forbidden", "Off", …
    QString rejectStateText() const;

signals:
    void message(const QString &text);

private:
    int chosenStatus(bool *ok) const;
    void validateReject();
    void arm();
    void updateRejectState();
    void applyHeaders();
    void applySubprotocol();

    ServerControl *m_control;
    QString m_configuredSubprotocol;
    QComboBox *m_status;
    QSpinBox *m_count;
    QCheckBox *m_untilCleared;
    QPushButton *m_reject;
    QPushButton *m_clear;
    QLabel *m_rejectState;
    QPlainTextEdit *m_headers;
    QLabel *m_headersState;
    QComboBox *m_subprotocol;
    QLineEdit *m_subprotocolName;
    QLabel *m_subprotocolNote;
};

} // namespace framescope
