#include "closeinspector.h"

#include "closetracker.h"
#include "formatting.h"
#include "headerfit.h"

#include "protocol/closecode.h"

#include <QDateTime>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTextBrowser>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace framescope {

namespace {
enum ListColumn { LcFd, LcInitiator, LcCode, LcReason, LcDuration, LcState, LcCount };
} // namespace

CloseInspector::CloseInspector(CloseTracker *tracker, QWidget *parent)
    : QWidget(parent), m_tracker(tracker)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    m_heldBar = new QFrame(this);
    m_heldBar->setFrameShape(QFrame::StyledPanel);
    m_heldBar->setAutoFillBackground(true);
    {
        QPalette pal = m_heldBar->palette();
        pal.setColor(QPalette::Window, tintedBase(palette(), QColor(230, 140, 20), 0.3));
        m_heldBar->setPalette(pal);
    }
    auto *heldLayout = new QVBoxLayout(m_heldBar);
    m_heldLabel = new QLabel(m_heldBar);
    m_heldLabel->setWordWrap(true);
    heldLayout->addWidget(m_heldLabel);
    auto *buttons = new QHBoxLayout;
    m_echoButton = new QPushButton(tr("Echo the close"), m_heldBar);
    m_echoButton->setToolTip(
        tr("Reply with the same code and reason (what a server normally does)"));
    m_replyCode = new QSpinBox(m_heldBar);
    m_replyCode->setRange(0, 65535);
    m_replyCode->setValue(1000);
    m_replyCode->setToolTip(tr("Any code: invalid ones are sent as they are, to test clients"));
    m_replyReason = new QLineEdit(m_heldBar);
    m_replyReason->setPlaceholderText(tr("reason"));
    m_replyButton = new QPushButton(tr("Reply with code"), m_heldBar);
    m_dropButton = new QPushButton(tr("Drop TCP"), m_heldBar);
    m_dropButton->setToolTip(tr("Reset the TCP connection without a close frame"));
    m_echoButton->setObjectName(QStringLiteral("echoButton"));
    m_replyButton->setObjectName(QStringLiteral("replyButton"));
    m_replyCode->setObjectName(QStringLiteral("replyCode"));
    m_replyReason->setObjectName(QStringLiteral("replyReason"));
    m_dropButton->setObjectName(QStringLiteral("dropButton"));
    m_heldBar->setObjectName(QStringLiteral("heldBar"));
    // Two rows: the reply's reason field keeps a usable width in a narrow pane.
    buttons->addWidget(m_echoButton);
    buttons->addStretch(1);
    buttons->addWidget(m_dropButton);
    heldLayout->addLayout(buttons);
    auto *replyRow = new QHBoxLayout;
    replyRow->addWidget(m_replyCode);
    replyRow->addWidget(m_replyReason, 1);
    replyRow->addWidget(m_replyButton);
    heldLayout->addLayout(replyRow);
    layout->addWidget(m_heldBar);
    m_heldBar->hide();

    auto *splitter = new QSplitter(Qt::Vertical, this);
    m_list = new QTreeWidget(splitter);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->setColumnCount(LcCount);
    m_list->setHeaderLabels(
        {tr("fd"), tr("Initiated by"), tr("Code"), tr("Reason"), tr("Handshake"), tr("State")});
    m_list->header()->setStretchLastSection(true);
    const QFontMetrics fm = m_list->fontMetrics();
    m_list->setColumnWidth(LcFd, fm.horizontalAdvance(QStringLiteral("00000")) + 12);
    // The widest initiator in the current language, not the English source.
    m_list->setColumnWidth(LcInitiator,
                           fm.horizontalAdvance(initiatorText(Initiator::Abnormal)) + 12);
    m_list->setColumnWidth(LcCode, fm.horizontalAdvance(QStringLiteral("00000")) + 12);
    m_list->setColumnWidth(LcReason, fm.horizontalAdvance(QStringLiteral("done for today")) + 12);
    m_list->setColumnWidth(LcDuration, fm.horizontalAdvance(QStringLiteral("000.0 ms")) + 12);
    fitSectionsToLabels(m_list->header()); // "Handshake" is wider than "000.0 ms"
    m_details = new QTextBrowser(splitter);
    m_details->setOpenLinks(false);
    splitter->addWidget(m_list);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    m_countdown = new QTimer(this);
    m_countdown->setInterval(1000);
    connect(m_countdown, &QTimer::timeout, this, &CloseInspector::updateHeldBar);
    attachTracker();
    connect(m_list, &QTreeWidget::currentItemChanged, this, [this] {
        updateDetails();
        updateHeldBar();
    });

    const auto currentSession = [this]() -> const CloseSession * {
        const int i = m_list->indexOfTopLevelItem(m_list->currentItem());
        return i >= 0 && i < m_tracker->sessions().size() ? &m_tracker->sessions()[i] : nullptr;
    };
    connect(m_echoButton, &QPushButton::clicked, this, [this, currentSession] {
        if (const CloseSession *s = currentSession(); s && !s->frames.isEmpty()) {
            const CloseFrameRecord &f = s->frames.first();
            emit echoRequested(s->fd, f.code, f.reason);
        }
    });
    connect(m_replyButton, &QPushButton::clicked, this, [this, currentSession] {
        if (const CloseSession *s = currentSession())
            emit replyRequested(s->fd, m_replyCode->value(), m_replyReason->text().toUtf8());
    });
    connect(m_dropButton, &QPushButton::clicked, this, [this, currentSession] {
        if (const CloseSession *s = currentSession())
            emit dropRequested(s->fd);
    });
    rebuild();
}

void CloseInspector::setTracker(CloseTracker *tracker)
{
    if (tracker == m_tracker || !tracker)
        return;
    QObject::disconnect(m_tracker, nullptr, this, nullptr);
    m_tracker = tracker;
    attachTracker();
    rebuild();
}

void CloseInspector::setHeldCloseTimeout(int ms)
{
    m_heldTimeoutMs = qMax(0, ms);
    updateHeldBar();
}

QString CloseInspector::heldText() const
{
    return m_heldBar->isHidden() ? QString() : m_heldLabel->text();
}

void CloseInspector::attachTracker()
{
    connect(m_tracker, &CloseTracker::sessionAdded, this, [this](int index) {
        auto *item = new QTreeWidgetItem(m_list);
        Q_UNUSED(item);
        updateItem(index);
        if (!m_list->currentItem())
            m_list->setCurrentItem(m_list->topLevelItem(index));
    });
    connect(m_tracker, &CloseTracker::sessionChanged, this, [this](int index) {
        updateItem(index);
        QTreeWidgetItem *current = m_list->currentItem();
        if (current && m_list->indexOfTopLevelItem(current) == index) {
            updateDetails();
            updateHeldBar();
        }
    });
    connect(m_tracker, &CloseTracker::sessionsReset, this, &CloseInspector::rebuild);
    connect(m_tracker, &CloseTracker::closeHeld, this, &CloseInspector::showFd);
}

void CloseInspector::rebuild()
{
    m_list->clear();
    for (int i = 0; i < m_tracker->sessions().size(); ++i) {
        new QTreeWidgetItem(m_list);
        updateItem(i);
    }
    // Explain the latest close rather than "none yet" next to a list of them.
    if (m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(m_list->topLevelItemCount() - 1));
    updateDetails();
    updateHeldBar();
}

void CloseInspector::updateItem(int index)
{
    QTreeWidgetItem *item = m_list->topLevelItem(index);
    if (!item || index >= m_tracker->sessions().size())
        return;
    const CloseSession &s = m_tracker->sessions()[index];
    item->setText(LcFd, QString::number(s.fd));
    item->setText(LcInitiator, initiatorText(s.initiator));
    item->setText(LcCode, s.code ? QString::number(s.code) : QString());
    item->setToolTip(LcCode, s.code ? closeCodeDescription(s.code) : QString());
    item->setText(LcReason, QString::fromUtf8(s.reason));
    item->setText(LcDuration, s.handshakeUs >= 0 ? formatDurationUs(s.handshakeUs) : QString());
    QString state;
    if (s.held)
        state = tr("held: waiting for your reply");
    else if (s.abrupt())
        state = tr("connection lost (1006)");
    else if (s.finished)
        state = tr("closed");
    else
        state = tr("closing");
    item->setText(LcState, state);
}

void CloseInspector::showFd(int fd)
{
    const int index = m_tracker->indexForFd(fd);
    if (index >= 0 && m_list->topLevelItem(index))
        m_list->setCurrentItem(m_list->topLevelItem(index));
}

int CloseInspector::selectedFd() const
{
    const int i = m_list->indexOfTopLevelItem(m_list->currentItem());
    return i >= 0 && i < m_tracker->sessions().size() ? m_tracker->sessions()[i].fd : 0;
}

QString CloseInspector::detailsText() const
{
    return m_details->toPlainText();
}

void CloseInspector::updateDetails()
{
    const int i = m_list->indexOfTopLevelItem(m_list->currentItem());
    if (i < 0 || i >= m_tracker->sessions().size()) {
        m_details->setHtml(tr("<p>No connection has closed yet.</p>"
                              "<p>Every closing handshake appears here: the close frames in "
                              "order, the code and its meaning, who started it and how long "
                              "it took.</p>"));
        return;
    }
    const CloseSession &s = m_tracker->sessions()[i];
    const auto esc = [](const QString &text) { return text.toHtmlEscaped(); };
    QString html;
    html += QStringLiteral("<h3>%1</h3>").arg(esc(tr("Connection fd %1").arg(s.fd)));
    html += QStringLiteral("<table cellspacing='2' cellpadding='2'>");
    const auto row = [&html](const QString &key, const QString &value) {
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(key, value);
    };
    if (s.code) {
        row(esc(tr("Code")),
            esc(QStringLiteral("%1 %2").arg(s.code).arg(closeCodeDescription(s.code))));
    }
    row(esc(tr("Reason")),
        s.reason.isEmpty()
            ? esc(tr("(none)"))
            : esc(tr("“%1” (%2 bytes)").arg(QString::fromUtf8(s.reason)).arg(s.reason.size())));
    row(esc(tr("Initiated by")), esc(initiatorText(s.initiator)));
    if (s.abrupt()) {
        row(esc(tr("Handshake")),
            esc(tr("none: the TCP connection was lost without a close frame (1006)")));
    } else if (s.handshakeUs >= 0) {
        row(esc(tr("Handshake took")), esc(formatDurationUs(s.handshakeUs)));
    } else if (!s.finished) {
        row(esc(tr("Handshake")), esc(tr("in progress")));
    }
    if (!s.protocolError.isEmpty())
        row(esc(tr("Protocol error")), esc(s.protocolError));
    html += QStringLiteral("</table>");

    html += QStringLiteral("<h4>%1</h4>").arg(esc(tr("Close frames")));
    if (s.frames.isEmpty()) {
        html += QStringLiteral("<p>%1</p>").arg(esc(tr("No close frame was exchanged.")));
    } else {
        // One block per frame: a table with six columns does not fit a side pane.
        const qint64 t0 = s.frames.first().timeUs;
        for (int n = 0; n < s.frames.size(); ++n) {
            const CloseFrameRecord &f = s.frames[n];
            QString validity;
            if (f.malformed)
                validity = tr("invalid: a 1-byte close payload (RFC 6455 §5.5.1)");
            else if (f.code == 1005 && f.payloadLength == 0)
                validity = tr("valid: empty payload, reported as 1005 (never on the wire)");
            else if (const QString v = closeCodeViolation(f.code); !v.isEmpty())
                validity = tr("invalid: %1").arg(v);
            else
                validity = tr("valid");
            const QString arrow =
                f.direction == Direction::In ? tr("⬇ client → server") : tr("⬆ server → client");
            const QString when =
                n ? QStringLiteral("%1 (+%2)")
                        .arg(formatTimeUs(f.timeUs), formatDurationUs(f.timeUs - t0))
                  : formatTimeUs(f.timeUs);
            const QString code = f.malformed ? tr("?") : QString::number(f.code);
            const QString reason = f.reason.isEmpty()
                                       ? tr("(no reason)")
                                       : QStringLiteral("“%1”").arg(QString::fromUtf8(f.reason));
            html += QStringLiteral("<p><b>%1. %2</b> &nbsp; %3<br/>&nbsp;&nbsp;&nbsp;<b>%4</b> "
                                   "%5 &nbsp;·&nbsp; %6")
                        .arg(n + 1)
                        .arg(esc(arrow), esc(when), esc(code), esc(reason), esc(validity));
            if (!f.malformed && f.code)
                html += QStringLiteral("<br/>&nbsp;&nbsp;&nbsp;<small>%1</small>")
                            .arg(esc(closeCodeDescription(f.code)));
            html += QStringLiteral("</p>");
        }
    }
    m_details->setHtml(html);
}

void CloseInspector::updateHeldBar()
{
    const int i = m_list->indexOfTopLevelItem(m_list->currentItem());
    const CloseSession *s =
        i >= 0 && i < m_tracker->sessions().size() ? &m_tracker->sessions()[i] : nullptr;
    if (!s || !s->held || s->frames.isEmpty()) {
        m_heldBar->hide();
        m_countdown->stop();
        return;
    }
    const CloseFrameRecord &f = s->frames.first();
    QString text =
        tr("fd %1 sent close %2 %3. The server holds it (open_websocket_close_frame): "
           "choose the reply.")
            .arg(s->fd)
            .arg(f.code)
            .arg(f.reason.isEmpty() ? QString()
                                    : QStringLiteral("“%1”").arg(QString::fromUtf8(f.reason)));
    if (m_heldTimeoutMs > 0) {
        // The server drops the TCP connection held_close_timeout_ms after the close arrived.
        const qint64 nowUs = QDateTime::currentMSecsSinceEpoch() * 1000;
        const qint64 leftMs = qMax<qint64>(0, (f.timeUs - nowUs) / 1000 + m_heldTimeoutMs);
        text +=
            QLatin1Char('\n') + tr("Without a reply the server drops the TCP connection in %1 s "
                                   "(held_close_timeout_ms = %2).")
                                    .arg((leftMs + 999) / 1000)
                                    .arg(m_heldTimeoutMs);
        if (!m_countdown->isActive())
            m_countdown->start();
    } else {
        text += QLatin1Char('\n') + tr("It waits for your reply (held_close_timeout_ms = 0).");
        m_countdown->stop();
    }
    m_heldLabel->setText(text);
    m_echoButton->setText(tr("Echo %1").arg(f.code));
    m_heldBar->show();
}

} // namespace framescope
