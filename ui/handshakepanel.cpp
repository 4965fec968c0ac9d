#include "handshakepanel.h"

#include "formatting.h"
#include "servercontrol.h"

#include "server/httpresponse.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

namespace framescope {

namespace {
void setErrorColor(QLabel *label, bool error)
{
    QPalette pal = label->parentWidget()->palette();
    if (error)
        pal.setColor(QPalette::WindowText, kErrorText);
    label->setPalette(pal);
}
} // namespace

HandshakePanel::HandshakePanel(ServerControl *control, QWidget *parent)
    : QWidget(parent), m_control(control)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    auto *rejectBox = new QGroupBox(tr("Reject the next handshakes"), this);
    auto *rejectForm = new QFormLayout(rejectBox);
    rejectForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_status = new QComboBox(rejectBox);
    m_status->setEditable(true);
    m_status->setInsertPolicy(QComboBox::NoInsert);
    for (int code : {400, 401, 403, 404, 426, 429, 500, 503})
        m_status->addItem(
            QStringLiteral("%1 %2").arg(code).arg(QString::fromLatin1(httpReasonPhrase(code))),
            code);
    m_status->setCurrentIndex(m_status->findData(403));
    m_status->setToolTip(tr("The HTTP status the client gets instead of 101 (300-599)"));
    rejectForm->addRow(tr("Status:"), m_status);
    auto *countRow = new QHBoxLayout;
    m_count = new QSpinBox(rejectBox);
    m_count->setRange(1, 100000);
    m_count->setFocusPolicy(Qt::StrongFocus);
    m_untilCleared = new QCheckBox(tr("until cleared"), rejectBox);
    countRow->addWidget(m_count);
    countRow->addWidget(m_untilCleared);
    countRow->addStretch(1);
    rejectForm->addRow(tr("How many:"), countRow);
    auto *rejectButtons = new QHBoxLayout;
    m_reject = new QPushButton(tr("Reject"), rejectBox);
    m_reject->setToolTip(tr("The next handshakes get this status; the connection is closed "
                            "after the answer"));
    m_clear = new QPushButton(tr("Clear"), rejectBox);
    m_clear->setToolTip(tr("Accept handshakes again"));
    rejectButtons->addStretch(1);
    rejectButtons->addWidget(m_reject);
    rejectButtons->addWidget(m_clear);
    rejectForm->addRow(rejectButtons);
    m_rejectState = new QLabel(rejectBox);
    m_rejectState->setObjectName(QStringLiteral("rejectState"));
    m_rejectState->setWordWrap(true);
    rejectForm->addRow(m_rejectState);
    layout->addWidget(rejectBox);

    auto *headersBox = new QGroupBox(tr("Extra response headers"), this);
    auto *headersLayout = new QVBoxLayout(headersBox);
    m_headers = new QPlainTextEdit(headersBox);
    m_headers->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_headers->setPlaceholderText(tr("One per line, e.g.\nX-Server: framescope\nSet-Cookie: id=1"));
    m_headers->setTabChangesFocus(true);
    m_headers->setFixedHeight(m_headers->fontMetrics().lineSpacing() * 3 + 12);
    m_headers->setToolTip(tr("Added to every 101 (beforeHandshakeResponse) and to rejections"));
    headersLayout->addWidget(m_headers);
    m_headersState = new QLabel(headersBox);
    m_headersState->setWordWrap(true);
    headersLayout->addWidget(m_headersState);
    layout->addWidget(headersBox);

    auto *subBox = new QGroupBox(tr("Subprotocol"), this);
    auto *subLayout = new QVBoxLayout(subBox);
    auto *subRow = new QHBoxLayout;
    m_subprotocol = new QComboBox(subBox);
    m_subprotocol->addItem(tr("As in Settings"), int(ServerControl::Subprotocol::Settings));
    m_subprotocol->addItem(tr("First one offered"), int(ServerControl::Subprotocol::FirstOffered));
    m_subprotocol->addItem(tr("This name:"), int(ServerControl::Subprotocol::Named));
    m_subprotocolName = new QLineEdit(subBox);
    m_subprotocolName->setPlaceholderText(tr("e.g. graphql-ws"));
    m_subprotocolName->setToolTip(tr("Answered even when the client did not offer it (the "
                                     "client must then fail the connection, RFC 6455 §4.1)"));
    subRow->addWidget(m_subprotocol);
    subRow->addWidget(m_subprotocolName, 1);
    subLayout->addLayout(subRow);
    m_subprotocolNote = new QLabel(subBox);
    m_subprotocolNote->setWordWrap(true);
    m_subprotocolNote->setForegroundRole(QPalette::PlaceholderText);
    subLayout->addWidget(m_subprotocolNote);
    layout->addWidget(subBox);
    layout->addStretch(1);

    connect(m_status, &QComboBox::currentTextChanged, this, &HandshakePanel::validateReject);
    connect(m_untilCleared, &QCheckBox::toggled, m_count, &QWidget::setDisabled);
    connect(m_reject, &QPushButton::clicked, this, &HandshakePanel::arm);
    connect(m_clear, &QPushButton::clicked, this, [this] {
        m_control->clearRejection();
        emit message(tr("Handshakes are accepted again."));
    });
    connect(m_control, &ServerControl::rejectionChanged, this, &HandshakePanel::updateRejectState);
    connect(m_headers, &QPlainTextEdit::textChanged, this, &HandshakePanel::applyHeaders);
    connect(m_subprotocol, &QComboBox::currentIndexChanged, this,
            &HandshakePanel::applySubprotocol);
    connect(m_subprotocolName, &QLineEdit::textChanged, this, &HandshakePanel::applySubprotocol);
    validateReject();
    updateRejectState();
    applyHeaders();
    applySubprotocol();
}

void HandshakePanel::setConfiguredSubprotocol(const QString &name)
{
    m_configuredSubprotocol = name;
    m_control->setConfiguredSubprotocol(name.toUtf8());
    applySubprotocol();
}

int HandshakePanel::chosenStatus(bool *ok) const
{
    static const QRegularExpression leadingNumber(QStringLiteral("^\\s*(\\d{1,3})(\\D|$)"));
    const QRegularExpressionMatch match = leadingNumber.match(m_status->currentText());
    const int status = match.hasMatch() ? match.captured(1).toInt() : -1;
    *ok = status >= 300 && status <= 599;
    return status;
}

void HandshakePanel::validateReject()
{
    bool ok = false;
    const int status = chosenStatus(&ok);
    m_reject->setEnabled(ok);
    if (!ok) {
        m_rejectState->setText(status < 0 ? tr("Type an HTTP status (300-599)")
                                          : tr("%1 is not a rejection: use 300-599").arg(status));
        setErrorColor(m_rejectState, true);
    } else {
        updateRejectState();
    }
}

void HandshakePanel::arm()
{
    bool ok = false;
    const int status = chosenStatus(&ok);
    const int count = m_untilCleared->isChecked() ? ServerControl::UntilCleared : m_count->value();
    if (!ok || !m_control->rejectNext(status, count))
        return;
    emit message(rejectStateText());
}

QString HandshakePanel::rejectStateText() const
{
    const int remaining = m_control->rejectRemaining();
    const int status = m_control->rejectStatus();
    const QString statusText =
        QStringLiteral("%1 %2").arg(status).arg(QString::fromLatin1(httpReasonPhrase(status)));
    QString text;
    if (remaining == 0)
        text = tr("Off: handshakes are accepted.");
    else if (remaining == ServerControl::UntilCleared)
        text = tr("Rejecting every handshake with HTTP %1 until cleared.").arg(statusText);
    else
        text = tr("Rejecting the next %n handshake(s) with HTTP %1.", nullptr, remaining)
                   .arg(statusText);
    if (const qint64 total = m_control->rejectedTotal(); total > 0)
        text += QLatin1Char(' ') + tr("Rejected so far: %1.").arg(total);
    return text;
}

void HandshakePanel::updateRejectState()
{
    bool ok = false;
    chosenStatus(&ok);
    if (!ok)
        return; // the validation hint stays
    m_rejectState->setText(rejectStateText());
    setErrorColor(m_rejectState, false);
    m_clear->setEnabled(m_control->rejectRemaining() != 0);
}

void HandshakePanel::applyHeaders()
{
    ServerControl::Headers headers;
    QString error;
    if (!ServerControl::parseHeaders(m_headers->toPlainText(), headers, &error)) {
        // The last valid set stays in force until the text is valid again.
        m_headersState->setText(tr("Not applied: %1").arg(error));
        setErrorColor(m_headersState, true);
        return;
    }
    m_control->setExtraHeaders(headers);
    m_headersState->setText(headers.isEmpty() ? tr("No extra headers.")
                                              : tr("%n header(s) added to the next handshakes.",
                                                   nullptr, int(headers.size())));
    setErrorColor(m_headersState, false);
}

void HandshakePanel::applySubprotocol()
{
    const auto choice = ServerControl::Subprotocol(m_subprotocol->currentData().toInt());
    m_subprotocolName->setEnabled(choice == ServerControl::Subprotocol::Named);
    const QByteArray name = m_subprotocolName->text().trimmed().toLatin1();
    const bool nameOk =
        name.isEmpty() || (ServerControl::isToken(name) &&
                           QString::fromLatin1(name) == m_subprotocolName->text().trimmed());
    if (choice == ServerControl::Subprotocol::Named && !nameOk) {
        // The last valid choice stays in force.
        m_subprotocolNote->setText(
            tr("Not applied: a subprotocol is an HTTP token (letters, digits, -, no spaces)."));
        setErrorColor(m_subprotocolNote, true);
        m_subprotocolNote->show();
        return;
    }
    setErrorColor(m_subprotocolNote, false);
    m_control->setSubprotocol(choice, name);
    QString note;
    if (choice == ServerControl::Subprotocol::Settings)
        note = m_configuredSubprotocol.isEmpty()
                   ? tr("websocket_subprotocol is not set: the 101 names no subprotocol.")
                   : tr("The 101 names “%1” (websocket_subprotocol) when the client offers it.")
                         .arg(m_configuredSubprotocol);
    else if (!m_configuredSubprotocol.isEmpty())
        note = tr("websocket_subprotocol “%1” still wins when the client offers it.")
                   .arg(m_configuredSubprotocol);
    else if (choice == ServerControl::Subprotocol::Named && m_subprotocolName->text().isEmpty())
        note = tr("Type a name: without one the 101 names no subprotocol.");
    m_subprotocolNote->setText(note);
    m_subprotocolNote->setVisible(!note.isEmpty());
}

} // namespace framescope
