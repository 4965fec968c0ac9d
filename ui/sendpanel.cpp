#include "sendpanel.h"

#include "connectionmodel.h"
#include "formatting.h"

#include "protocol/closecode.h"
#include "protocol/frame.h"
#include "server/websocketserver.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QShortcut>
#include <QStringDecoder>
#include <QVBoxLayout>

#include <algorithm>

namespace framescope {

namespace {
constexpr int MaxPingPayload = 125; // RFC 6455 §5.5: control frame payload <= 125 bytes
constexpr int FormatRole = Qt::UserRole + 1;
// A history entry keeps at most this much editor text (QSettings is no payload store).
constexpr int MaxHistoryText = 64 * 1024;

const char *formatKey(SendPanel::Format format)
{
    switch (format) {
    case SendPanel::Format::Text:
        return "text";
    case SendPanel::Format::Hex:
        return "hex";
    case SendPanel::Format::Base64:
        return "base64";
    case SendPanel::Format::File:
        return "file";
    }
    return "text";
}

bool parseBase64Input(const QString &text, QByteArray &out)
{
    QByteArray compact = text.toLatin1();
    compact.replace(' ', "").replace('\n', "").replace('\r', "").replace('\t', "");
    const auto result =
        QByteArray::fromBase64Encoding(compact, QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return false;
    out = *result;
    return true;
}
} // namespace

SendPanel::SendPanel(WebSocketServer *server, QWidget *parent) : QWidget(parent), m_server(server)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    m_targetLabel = new QLabel(this);
    m_targetLabel->setWordWrap(true);
    layout->addWidget(m_targetLabel);

    auto *pushBox = new QGroupBox(tr("Push"), this);
    auto *pushLayout = new QVBoxLayout(pushBox);
    auto *flags = new QHBoxLayout;
    m_type = new QComboBox(pushBox);
    m_type->addItem(tr("Text"), int(OpText));
    m_type->setItemData(0, int(Format::Text), FormatRole);
    m_type->addItem(tr("Binary (hex)"), int(OpBinary));
    m_type->setItemData(1, int(Format::Hex), FormatRole);
    m_type->addItem(tr("Binary (base64)"), int(OpBinary));
    m_type->setItemData(2, int(Format::Base64), FormatRole);
    m_type->addItem(tr("Binary (file)"), int(OpBinary));
    m_type->setItemData(3, int(Format::File), FormatRole);
    // Beside the editor, as both put something into it: a file (its path shows in the
    // editor) or an earlier message. Push buttons with a menu leave room for the menu arrow
    // (a QToolButton draws it over the last letter: "Verlau▾").
    m_fileButton = new QPushButton(tr("File…"), pushBox);
    m_fileButton->setToolTip(tr("Choose the file a “Binary (file)” push sends"));
    m_fileButton->setAutoDefault(false);
    m_historyButton = new QPushButton(tr("History"), pushBox);
    m_historyButton->setToolTip(
        tr("The last %1 messages sent: pick one to put it back in the editor").arg(MaxHistory));
    m_historyButton->setAutoDefault(false);
    m_historyMenu = new QMenu(m_historyButton);
    m_historyButton->setMenu(m_historyMenu);
    m_fin = new QCheckBox(tr("FIN"), pushBox);
    m_fin->setChecked(true);
    m_fin->setToolTip(tr("Unchecked: this frame starts (or continues) a fragmented message"));
    m_compress = new QCheckBox(tr("COMPRESS"), pushBox);
    m_compress->setToolTip(tr("permessage-deflate (RSV1) when the connection negotiated it"));
    flags->addWidget(m_type);
    flags->addWidget(m_fin);
    flags->addWidget(m_compress);
    flags->addStretch(1);
    pushLayout->addLayout(flags);
    auto *editorRow = new QHBoxLayout;
    m_payload = new QPlainTextEdit(pushBox);
    m_payload->setPlaceholderText(tr("Message to push, e.g. {\"hello\": \"world\"}"));
    m_payload->setTabChangesFocus(true);
    m_payload->setFixedHeight(m_payload->fontMetrics().lineSpacing() * 4 + 12);
    editorRow->addWidget(m_payload, 1);
    auto *editorButtons = new QVBoxLayout;
    editorButtons->addWidget(m_historyButton);
    editorButtons->addWidget(m_fileButton);
    editorButtons->addStretch(1);
    editorRow->addLayout(editorButtons);
    pushLayout->addLayout(editorRow);
    auto *pushButtons = new QHBoxLayout;
    m_payloadInfo = new QLabel(pushBox);
    m_send = new QPushButton(tr("Send"), pushBox);
    m_send->setDefault(true);
    m_broadcast = new QPushButton(tr("Broadcast to all"), pushBox);
    m_broadcast->setToolTip(tr("Push to every established connection ($server->broadcast)"));
    pushButtons->addWidget(m_payloadInfo, 1);
    pushButtons->addWidget(m_send);
    pushButtons->addWidget(m_broadcast);
    pushLayout->addLayout(pushButtons);
    layout->addWidget(pushBox);

    auto *controlBox = new QGroupBox(tr("Ping and close"), this);
    auto *form = new QFormLayout(controlBox);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto *pingRow = new QHBoxLayout;
    m_pingFormat = new QComboBox(controlBox);
    m_pingFormat->addItem(tr("Text"), int(Format::Text));
    m_pingFormat->addItem(tr("Hex"), int(Format::Hex));
    m_pingFormat->setToolTip(tr("How the ping payload is read: UTF-8 text or hex bytes"));
    m_pingPayload = new QLineEdit(controlBox);
    m_pingPayload->setPlaceholderText(tr("optional payload (≤ 125 bytes)"));
    m_ping = new QPushButton(tr("Ping"), controlBox);
    pingRow->addWidget(m_pingFormat);
    pingRow->addWidget(m_pingPayload, 1);
    pingRow->addWidget(m_ping);
    // The whole width (the button says Ping): room for the payload at 1280 px in German.
    form->addRow(pingRow);

    m_closeCode = new QComboBox(controlBox);
    m_closeCode->setEditable(true);
    m_closeCode->setInsertPolicy(QComboBox::NoInsert);
    // As wide as the row allows, but its longest entry does not set the panel's minimum
    // width (that would push the window past 1280 px in German).
    m_closeCode->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_closeCode->setMinimumContentsLength(16);
    // The shared "send close" rule: every code valid on the wire (RFC 6455 and IANA).
    for (const CloseCodeInfo &info : closeCodeTable()) {
        if (!isSendableCloseCode(info.code))
            continue;
        const QString name = *info.constantName
                                 ? QString::fromLatin1(info.constantName)
                                 : closeCodeMeaning(info.code).section(QLatin1String(" ("), 0, 0);
        m_closeCode->addItem(QStringLiteral("%1 %2").arg(info.code).arg(name), int(info.code));
        m_closeCode->setItemData(m_closeCode->count() - 1, closeCodeMeaning(info.code),
                                 Qt::ToolTipRole);
    }
    m_closeCode->addItem(tr("3000 registered (3000-3999)"), 3000);
    m_closeCode->addItem(tr("4000 private use (4000-4999)"), 4000);
    m_closeCode->setToolTip(tr("Pick a code or type one: 1000-1003, 1007-1014 or 3000-4999. "
                               "1000 and 4000-4999 go through disconnect(); the others are sent "
                               "with sendClose()"));
    form->addRow(tr("Close code:"), m_closeCode);
    auto *reasonRow = new QHBoxLayout;
    m_reason = new QLineEdit(controlBox);
    m_reason->setPlaceholderText(tr("reason (UTF-8, ≤ 123 bytes)"));
    m_reasonInfo = new QLabel(controlBox);
    m_reasonInfo->setMinimumWidth(
        m_reasonInfo->fontMetrics().horizontalAdvance(QStringLiteral("000/123 B")));
    reasonRow->addWidget(m_reason, 1);
    reasonRow->addWidget(m_reasonInfo);
    form->addRow(tr("Reason:"), reasonRow);
    auto *closeButtons = new QHBoxLayout;
    m_disconnect = new QPushButton(tr("Disconnect"), controlBox);
    m_disconnect->setToolTip(tr("Start the closing handshake with this code and reason"));
    m_drop = new QPushButton(tr("Drop TCP"), controlBox);
    m_drop->setToolTip(tr("Reset the TCP connection without a close frame (client sees 1006)"));
    closeButtons->addStretch(1);
    closeButtons->addWidget(m_disconnect);
    closeButtons->addWidget(m_drop);
    form->addRow(closeButtons);
    layout->addWidget(controlBox);

    m_unavailable = new QLabel(this);
    m_unavailable->setObjectName(QStringLiteral("unavailableLabel"));
    m_unavailable->setWordWrap(true);
    m_unavailable->setForegroundRole(QPalette::PlaceholderText);
    layout->insertWidget(1, m_unavailable);

    // The send button's text changes while composing fragments: its width does not.
    int sendWidth = m_send->sizeHint().width();
    for (const QString &text : {tr("Send"), tr("Send first fragment"), tr("Send continuation"),
                                tr("Send final continuation")}) {
        m_send->setText(text);
        sendWidth = qMax(sendWidth, m_send->sizeHint().width());
    }
    m_send->setMinimumWidth(sendWidth);
    // One line whatever it says (the full text is its tooltip): the buttons never move.
    m_payloadInfo->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    // Room for two lines whether or not there is a message: reports do not shift the panel.
    m_status->setMinimumHeight(m_status->fontMetrics().lineSpacing() * 2 + 4);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);
    layout->addStretch(1);

    connect(m_payload, &QPlainTextEdit::textChanged, this, &SendPanel::validate);
    connect(m_type, &QComboBox::currentIndexChanged, this, [this] {
        // A file is chosen, not typed: the editor shows its path.
        const bool file = format() == Format::File;
        m_payload->setReadOnly(file);
        m_fileButton->setEnabled(file);
        if (file)
            m_payload->setPlainText(m_fileName);
        else if (!m_fileName.isEmpty() && m_payload->toPlainText() == m_fileName)
            m_payload->clear();
        validate();
    });
    connect(m_pingFormat, &QComboBox::currentIndexChanged, this, &SendPanel::validate);
    connect(m_fileButton, &QPushButton::clicked, this, &SendPanel::chooseFile);
    m_fileButton->setEnabled(false);
    {
        // The history of earlier sessions.
        const QVariantList saved = QSettings().value(QStringLiteral("send/history")).toList();
        for (const QVariant &v : saved) {
            const QVariantMap m = v.toMap();
            const QString key = m.value(QStringLiteral("format")).toString();
            HistoryEntry e;
            e.payload = m.value(QStringLiteral("payload")).toString();
            bool known = false;
            for (Format f : {Format::Text, Format::Hex, Format::Base64, Format::File}) {
                if (key == QLatin1String(formatKey(f))) {
                    e.format = f;
                    known = true;
                }
            }
            if (known && m_history.size() < MaxHistory)
                m_history << e;
        }
        rebuildHistoryMenu();
    }
    connect(m_fin, &QCheckBox::toggled, this, &SendPanel::validate);
    connect(m_pingPayload, &QLineEdit::textChanged, this, &SendPanel::validate);
    connect(m_reason, &QLineEdit::textChanged, this, &SendPanel::validate);
    connect(m_closeCode, &QComboBox::currentTextChanged, this, &SendPanel::validate);
    connect(m_send, &QPushButton::clicked, this, [this] { send(false); });
    // Ctrl+Enter in the payload sends, as in DevTools and Postman.
    for (const QKeySequence &keys :
         {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto *shortcut = new QShortcut(keys, m_payload);
        shortcut->setContext(Qt::WidgetShortcut);
        connect(shortcut, &QShortcut::activated, this, [this] {
            if (m_send->isEnabled())
                send(false);
        });
    }
    m_send->setToolTip(tr("Push to the selected connection(s) (Ctrl+Enter in the payload)"));
    connect(m_broadcast, &QPushButton::clicked, this, [this] { send(true); });
    connect(m_ping, &QPushButton::clicked, this, &SendPanel::ping);
    connect(m_disconnect, &QPushButton::clicked, this, &SendPanel::disconnect);
    connect(m_drop, &QPushButton::clicked, this, &SendPanel::drop);
    setTargets({});
}

QString SendPanel::statusText() const
{
    return m_status->text();
}

void SendPanel::setTargets(const QList<int> &fds)
{
    m_targets = fds;
    validate();
}

void SendPanel::setConnectionModel(const ConnectionModel *model)
{
    m_model = model;
    validate();
}

void SendPanel::setLiveView(bool live)
{
    m_live = live;
    validate();
}

void SendPanel::loadPayload(const QByteArray &payload, bool binary)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = binary ? QString() : decoder.decode(payload);
    const bool asHex = binary || decoder.hasError();
    setFormat(asHex ? Format::Hex : Format::Text);
    m_payload->setPlainText(asHex ? QString::fromLatin1(payload.toHex(' ')) : text);
    m_payload->setFocus(Qt::OtherFocusReason);
    validate();
}

QString SendPanel::unavailableText() const
{
    return m_unavailable->isHidden() ? QString() : m_unavailable->text();
}

void SendPanel::showHint(const QString &text)
{
    QPalette pal = palette();
    pal.setColor(QPalette::WindowText, kErrorText);
    m_status->setPalette(pal);
    m_status->setText(text);
    m_hintShown = true;
}

void SendPanel::connectionClosed(int fd)
{
    if (m_openFragments.remove(fd))
        validate();
}

SendPanel::Format SendPanel::format() const
{
    return Format(m_type->currentData(FormatRole).toInt());
}

void SendPanel::setFormat(Format format)
{
    m_type->setCurrentIndex(m_type->findData(int(format), FormatRole));
}

bool SendPanel::payloadBytes(QByteArray &out, QString *why) const
{
    QString error;
    bool ok = true;
    switch (format()) {
    case Format::Text:
        out = m_payload->toPlainText().toUtf8();
        break;
    case Format::Hex:
        ok = parseHexInput(m_payload->toPlainText(), out);
        error = tr("not hex: use pairs of 0-9 a-f");
        break;
    case Format::Base64:
        ok = parseBase64Input(m_payload->toPlainText(), out);
        error = tr("not base64: A-Z a-z 0-9 + / and = padding");
        break;
    case Format::File:
        ok = !m_fileName.isEmpty() && m_fileError.isEmpty();
        error = m_fileName.isEmpty() ? tr("choose a file (File…)") : m_fileError;
        if (ok)
            out = m_fileData;
        break;
    }
    if (!ok && why)
        *why = error;
    return ok;
}

bool SendPanel::pingBytes(QByteArray &out) const
{
    if (m_pingFormat->currentData().toInt() == int(Format::Hex))
        return parseHexInput(m_pingPayload->text(), out);
    out = m_pingPayload->text().toUtf8();
    return true;
}

bool SendPanel::loadFile(const QString &fileName)
{
    m_fileName = fileName;
    m_fileData.clear();
    m_fileError.clear();
    QFile file(fileName);
    const qint64 limit = m_server->options().buffer_output_size;
    if (!file.open(QIODevice::ReadOnly))
        m_fileError = tr("cannot read %1: %2").arg(fileName, file.errorString());
    else if (file.size() > limit)
        m_fileError = tr("the file is %1 bytes, more than buffer_output_size (%2)")
                          .arg(file.size())
                          .arg(limit);
    else
        m_fileData = file.read(limit + 1);
    if (m_fileError.isEmpty() && m_fileData.size() > limit) // grew while read
        m_fileError = tr("the file is over buffer_output_size (%1)").arg(limit);
    if (!m_fileError.isEmpty())
        m_fileData.clear();
    if (format() != Format::File)
        setFormat(Format::File); // shows the path
    else
        m_payload->setPlainText(fileName);
    validate();
    return m_fileError.isEmpty();
}

void SendPanel::chooseFile()
{
    const QString name = QFileDialog::getOpenFileName(this,
                                                      tr("Send a file as one binary "
                                                         "message"),
                                                      QFileInfo(m_fileName).absolutePath());
    if (!name.isEmpty())
        loadFile(name);
}

void SendPanel::remember()
{
    HistoryEntry e;
    e.format = format();
    e.payload = e.format == Format::File ? m_fileName : m_payload->toPlainText();
    if (e.payload.size() > MaxHistoryText)
        return; // too large to keep in the settings
    m_history.removeAll(e);
    m_history.prepend(e);
    while (m_history.size() > MaxHistory)
        m_history.removeLast();
    QVariantList saved;
    for (const HistoryEntry &h : std::as_const(m_history))
        saved << QVariantMap{{QStringLiteral("format"), QString::fromLatin1(formatKey(h.format))},
                             {QStringLiteral("payload"), h.payload}};
    QSettings().setValue(QStringLiteral("send/history"), saved);
    rebuildHistoryMenu();
}

void SendPanel::rebuildHistoryMenu()
{
    m_historyMenu->clear();
    const QFontMetrics fm(m_historyMenu->font());
    for (int i = 0; i < m_history.size(); ++i) {
        const HistoryEntry &e = m_history[i];
        QString label;
        switch (e.format) {
        case Format::Text:
            label = tr("Text");
            break;
        case Format::Hex:
            label = tr("Hex");
            break;
        case Format::Base64:
            label = tr("Base64");
            break;
        case Format::File:
            label = tr("File");
            break;
        }
        QString shown = e.payload.left(200);
        shown.replace(QLatin1Char('\n'), QStringLiteral(" ⏎ "));
        label = QStringLiteral("%1 · %2").arg(label, fm.elidedText(shown, Qt::ElideRight, 360));
        label.replace(QLatin1Char('&'), QStringLiteral("&&"));
        QAction *a = m_historyMenu->addAction(label, this, [this, i] { loadHistoryEntry(i); });
        a->setToolTip(e.payload.left(1000));
    }
    if (!m_history.isEmpty()) {
        m_historyMenu->addSeparator();
        m_historyMenu->addAction(tr("Clear history"), this, [this] {
            m_history.clear();
            QSettings().remove(QStringLiteral("send/history"));
            rebuildHistoryMenu();
        });
    }
    m_historyButton->setEnabled(!m_history.isEmpty());
}

void SendPanel::loadHistoryEntry(int index)
{
    if (index < 0 || index >= m_history.size())
        return;
    const HistoryEntry e = m_history[index];
    if (m_type->isEnabled() || format() == e.format) {
        if (e.format == Format::File) {
            loadFile(e.payload); // read again: the file may have changed
        } else {
            setFormat(e.format);
            m_payload->setPlainText(e.payload);
        }
    }
    m_payload->setFocus(Qt::OtherFocusReason);
    validate();
}

int SendPanel::closeCode(bool *ok) const
{
    static const QRegularExpression leadingNumber(QStringLiteral("^\\s*(\\d{1,5})"));
    const QRegularExpressionMatch match = leadingNumber.match(m_closeCode->currentText());
    const int code = match.hasMatch() ? match.captured(1).toInt() : -1;
    *ok = code >= 0 && code <= 65535 && isSendableCloseCode(quint16(code));
    return code;
}

void SendPanel::validate()
{
    const bool haveTargets = !m_targets.isEmpty();
    QStringList fdTexts;
    for (int fd : std::as_const(m_targets))
        fdTexts << QString::number(fd);
    m_targetLabel->setText(haveTargets ? tr("Target: fd %1").arg(fdTexts.join(QStringLiteral(", ")))
                                       : tr("Select a connection in the table to push, ping or "
                                            "close it; broadcast reaches every connection."));

    // What the targets allow, from the connection table.
    QStringList closedFds, httpFds, closingFds;
    bool allDeflate = haveTargets;
    for (int fd : std::as_const(m_targets)) {
        const ConnectionRecord *c = m_model ? m_model->recordForFd(fd) : nullptr;
        if (!c) {
            allDeflate = allDeflate && !m_model; // no table: the server decides
            continue;
        }
        if (c->closed())
            closedFds << QString::number(fd);
        else if (!c->websocket)
            httpFds << QString::number(fd);
        else if (c->status == StatusClosing)
            closingFds << QString::number(fd);
        allDeflate = allDeflate && c->extensions.contains("permessage-deflate");
    }
    QString unavailable;
    if (!m_live)
        unavailable = tr("This is an imported session: push, ping and close work on live "
                         "connections only (Back to live capture).");
    else if (!closedFds.isEmpty())
        unavailable = tr("fd %1 is closed: nothing can be sent to it.")
                          .arg(closedFds.join(QStringLiteral(", ")));
    else if (!httpFds.isEmpty())
        unavailable = tr("fd %1 is not a WebSocket connection (no accepted handshake): only "
                         "Drop TCP applies.")
                          .arg(httpFds.join(QStringLiteral(", ")));
    else if (!closingFds.isEmpty())
        unavailable = tr("fd %1 is closing: no more data frames or pings; the close can still "
                         "be answered.")
                          .arg(closingFds.join(QStringLiteral(", ")));
    m_unavailable->setText(unavailable);
    m_unavailable->setVisible(!unavailable.isEmpty());
    const bool canDrop = m_live && haveTargets && closedFds.isEmpty();
    const bool canClose = canDrop && httpFds.isEmpty();
    const bool canData = canClose && closingFds.isEmpty();

    // Continuations when every target has an open fragmented message.
    const bool continuing =
        haveTargets && std::all_of(m_targets.cbegin(), m_targets.cend(),
                                   [this](int fd) { return m_openFragments.contains(fd); });
    m_type->setEnabled(!continuing);
    m_compress->setEnabled(!continuing && allDeflate);
    if (allDeflate)
        m_compress->setToolTip(tr("permessage-deflate (RSV1) when the connection negotiated it"));
    else if (haveTargets)
        m_compress->setToolTip(tr("Off: the connection did not negotiate permessage-deflate "
                                  "(the client did not offer it, or websocket_compression is "
                                  "off), so a push cannot be compressed"));
    else
        m_compress->setToolTip(
            tr("Select a connection that negotiated permessage-deflate to compress a push"));
    m_broadcast->setEnabled(m_live && !continuing && m_fin->isChecked());
    if (continuing)
        m_send->setText(m_fin->isChecked() ? tr("Send final continuation")
                                           : tr("Send continuation"));
    else
        m_send->setText(m_fin->isChecked() ? tr("Send") : tr("Send first fragment"));

    QByteArray bytes;
    QString payloadError;
    const bool payloadOk = payloadBytes(bytes, &payloadError);
    QPalette infoPalette = palette();
    m_fileButton->setEnabled(!continuing && format() == Format::File);
    if (!payloadOk) {
        m_payloadInfo->setText(payloadError);
        infoPalette.setColor(QPalette::WindowText, kErrorText);
    } else {
        QString info = tr("%1 bytes").arg(bytes.size());
        if (continuing)
            info += tr(" · continuation of the open fragmented message");
        m_payloadInfo->setText(info);
    }
    m_payloadInfo->setToolTip(m_payloadInfo->text());
    m_payloadInfo->setPalette(infoPalette);
    m_send->setEnabled(canData && payloadOk);
    if (m_broadcast->isEnabled())
        m_broadcast->setEnabled(payloadOk);

    QByteArray ping;
    const bool pingOk = pingBytes(ping);
    m_ping->setEnabled(canData && pingOk && ping.size() <= MaxPingPayload);
    m_pingPayload->setToolTip(pingOk ? tr("%1 of %2 bytes").arg(ping.size()).arg(MaxPingPayload)
                                     : tr("not hex: use pairs of 0-9 a-f"));

    bool codeOk = false;
    const int code = closeCode(&codeOk);
    const int reasonBytes = int(m_reason->text().toUtf8().size());
    const bool reasonOk = reasonBytes <= CloseFrame::MaxReasonBytes;
    m_reasonInfo->setText(tr("%1/%2 B").arg(reasonBytes).arg(CloseFrame::MaxReasonBytes));
    QPalette reasonPalette = palette();
    if (!reasonOk)
        reasonPalette.setColor(QPalette::WindowText, kErrorText);
    m_reasonInfo->setPalette(reasonPalette);
    m_reasonInfo->setToolTip(reasonOk ? QString()
                                      : tr("RFC 6455 §5.5.1: a close reason is at most 123 bytes"));
    QString codeHint;
    if (!codeOk)
        codeHint = code < 0 ? tr("Type a close code")
                            : sendCloseCodeViolation(quint16(qBound(0, code, 65535)));
    m_closeCode->setToolTip(codeOk ? closeCodeDescription(quint16(code)) : codeHint);
    m_disconnect->setEnabled(canClose && codeOk && reasonOk);
    m_drop->setEnabled(canDrop);
    // The hint follows the current text: a fixed code or reason clears it.
    if (!codeOk && !codeHint.isEmpty())
        showHint(codeHint);
    else if (!reasonOk)
        showHint(tr("Reason is %1 bytes; at most %2 fit in a close frame.")
                     .arg(reasonBytes)
                     .arg(CloseFrame::MaxReasonBytes));
    else if (std::exchange(m_hintShown, false))
        m_status->clear();
}

void SendPanel::report(const QString &text, bool error)
{
    m_hintShown = false;
    QPalette pal = palette();
    if (error)
        pal.setColor(QPalette::WindowText, kErrorText);
    m_status->setPalette(pal);
    m_status->setText(text);
    emit message(text);
}

void SendPanel::send(bool toAll)
{
    QByteArray data;
    QString why;
    if (!payloadBytes(data, &why)) {
        report(tr("Not sent: %1").arg(why), true);
        return;
    }
    const int baseOpcode = m_type->currentData().toInt();
    if (toAll) {
        const int count = m_server->broadcast(data, baseOpcode);
        // Refused for every connection (over buffer_output_size): say so here too; the frame
        // log has the NOT SENT row.
        if (count == 0 && m_server->lastError() != ServerError::None) {
            report(serverErrorText(m_server->lastError()), true);
            return;
        }
        report(tr("Broadcast %1 bytes to %n connection(s).", nullptr, count).arg(data.size()),
               false);
        remember();
        return;
    }
    int flags = 0;
    if (m_fin->isChecked())
        flags |= FlagFin;
    if (m_compress->isEnabled() && m_compress->isChecked())
        flags |= FlagCompress;
    QStringList failures;
    int sent = 0;
    for (int fd : std::as_const(m_targets)) {
        // RFC 6455 §5.4: after a non-final frame the next data frames are continuations.
        const int opcode = m_openFragments.contains(fd) ? int(OpContinuation) : baseOpcode;
        const int frameFlags = opcode == OpContinuation ? (flags & FlagFin) : flags;
        if (m_server->push(fd, data, opcode, frameFlags)) {
            ++sent;
            if (m_fin->isChecked())
                m_openFragments.remove(fd);
            else
                m_openFragments.insert(fd);
        } else {
            failures << tr("fd %1: %2").arg(fd).arg(serverErrorText(m_server->lastError()));
        }
    }
    if (sent > 0)
        remember();
    if (failures.isEmpty())
        report(tr("Pushed %1 bytes to %n connection(s).", nullptr, sent).arg(data.size()), false);
    else
        report(failures.join(QLatin1Char('\n')), true);
    validate();
}

void SendPanel::ping()
{
    QByteArray payload;
    if (!pingBytes(payload) || payload.size() > MaxPingPayload)
        return;
    QStringList failures;
    for (int fd : std::as_const(m_targets)) {
        if (!m_server->ping(fd, payload))
            failures << tr("fd %1: %2").arg(fd).arg(serverErrorText(m_server->lastError()));
    }
    if (failures.isEmpty())
        report(tr("Ping sent; when the pong arrives, its round-trip time shows in the RTT column."),
               false);
    else
        report(failures.join(QLatin1Char('\n')), true);
}

void SendPanel::disconnect()
{
    bool ok = false;
    const int code = closeCode(&ok);
    const QByteArray reason = m_reason->text().toUtf8();
    if (!ok || reason.size() > CloseFrame::MaxReasonBytes)
        return;
    QStringList failures;
    for (int fd : std::as_const(m_targets)) {
        // Swoole's disconnect() takes 1000 or 4000-4999; other wire codes go out as a raw
        // close frame so clients can be tested with them too.
        const bool done = isApplicationCloseCode(quint16(code))
                              ? m_server->disconnect(fd, code, reason)
                              : m_server->sendClose(fd, code, reason);
        if (!done)
            failures << tr("fd %1: %2").arg(fd).arg(serverErrorText(m_server->lastError()));
    }
    if (failures.isEmpty())
        report(tr("Closing with %1 “%2”.").arg(code).arg(QString::fromUtf8(reason)), false);
    else
        report(failures.join(QLatin1Char('\n')), true);
}

void SendPanel::drop()
{
    for (int fd : std::as_const(m_targets))
        m_server->close(fd, true);
    report(tr("TCP connection dropped."), false);
}

} // namespace framescope
