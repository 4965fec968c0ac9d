#include "payloadviewer.h"

#include "formatting.h"
#include "framelogmodel.h"

#include "protocol/frame.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStringDecoder>
#include <QTabWidget>
#include <QTextCursor>
#include <QVBoxLayout>

namespace framescope {

namespace {

QPlainTextEdit *makeView(QWidget *parent)
{
    auto *view = new QPlainTextEdit(parent);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return view;
}

QString decodeText(const QByteArray &data, bool *valid)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(data);
    *valid = !decoder.hasError();
    return text;
}

} // namespace

PayloadViewer::PayloadViewer(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setMargin(4);
    layout->addWidget(m_summary);
    m_tabs = new QTabWidget(this);
    m_text = makeView(m_tabs);
    m_text->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    // A handshake head's long lines wrap even without spaces (a cookie, a token).
    m_text->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_hex = makeView(m_tabs);
    m_json = makeView(m_tabs);
    m_message = makeView(m_tabs);
    m_tabs->addTab(m_text, tr("Text"));
    m_tabs->addTab(m_hex, tr("Hex"));
    m_tabs->addTab(m_json, tr("JSON"));
    m_tabs->addTab(m_message, tr("Message"));
    m_tabs->setDocumentMode(true);
    layout->addWidget(m_tabs, 1);
    showRow(nullptr, -1);
}

QString PayloadViewer::summary() const
{
    return m_summary->text();
}

QString PayloadViewer::tabText(Tab tab) const
{
    switch (tab) {
    case TextTab:
        return m_text->toPlainText();
    case HexTab:
        return m_hex->toPlainText();
    case JsonTab:
        return m_json->toPlainText();
    case MessageTab:
        return m_message->toPlainText();
    }
    return {};
}

void PayloadViewer::setHighlight(const QRegularExpression &pattern)
{
    m_highlight = pattern;
    applyHighlight();
}

int PayloadViewer::highlightCount(Tab tab) const
{
    const QPlainTextEdit *views[] = {m_text, m_hex, m_json, m_message};
    return views[tab]->extraSelections().size();
}

void PayloadViewer::applyHighlight()
{
    const bool on = m_highlight.isValid() && !m_highlight.pattern().isEmpty();
    QTextCharFormat format;
    format.setBackground(QColor(255, 213, 79));
    format.setForeground(Qt::black);
    for (QPlainTextEdit *view : {m_text, m_json, m_message, m_hex}) {
        QList<QTextEdit::ExtraSelection> selections;
        if (on) {
            const QString text = view->toPlainText();
            QRegularExpressionMatchIterator it = m_highlight.globalMatch(text);
            // Bounded: a pattern that matches everywhere does not freeze the window.
            while (it.hasNext() && selections.size() < MaxHighlights) {
                const QRegularExpressionMatch m = it.next();
                if (m.capturedLength() == 0)
                    continue;
                QTextEdit::ExtraSelection sel;
                sel.format = format;
                sel.cursor = QTextCursor(view->document());
                sel.cursor.setPosition(int(m.capturedStart()));
                sel.cursor.setPosition(int(m.capturedEnd()), QTextCursor::KeepAnchor);
                selections << sel;
            }
        }
        view->setExtraSelections(selections);
    }
}

bool PayloadViewer::isTabEnabled(Tab tab) const
{
    return m_tabs->isTabEnabled(int(tab));
}

void PayloadViewer::showRow(const FrameLogModel *model, int sourceRow)
{
    const LogEntry *entry = model ? model->entry(sourceRow) : nullptr;
    if (!entry) {
        m_summary->setText(tr("Select a frame in the log to see its payload."));
        for (QPlainTextEdit *view : {m_text, m_hex, m_json, m_message})
            view->clear();
        for (int i = 0; i < m_tabs->count(); ++i)
            m_tabs->setTabEnabled(i, i == TextTab);
        applyHighlight();
        return;
    }
    const EventRecord &r = *entry->record;
    if (r.kind != EventRecord::Kind::Frame) {
        const QModelIndex index = model->index(sourceRow, FrameLogModel::ColPreview);
        m_summary->setText(
            tr("%1 · fd %2 · %3")
                .arg(model->data(model->index(sourceRow, FrameLogModel::ColOpcode), Qt::DisplayRole)
                         .toString())
                .arg(r.fd)
                .arg(formatTimeUs(r.timeUs)));
        QString text = model->data(index, Qt::DisplayRole).toString();
        if (!r.requestHead.isEmpty())
            text += QStringLiteral("\n\n") + tr("Request:") + QLatin1Char('\n') +
                    QString::fromUtf8(r.requestHead);
        if (!r.responseHead.isEmpty())
            text += QStringLiteral("\n") + tr("Response:") + QLatin1Char('\n') +
                    QString::fromUtf8(r.responseHead);
        m_text->setPlainText(text);
        m_hex->clear();
        m_json->clear();
        m_message->clear();
        for (int i = 0; i < m_tabs->count(); ++i)
            m_tabs->setTabEnabled(i, i == TextTab);
        m_tabs->setCurrentIndex(TextTab);
        applyHighlight();
        return;
    }

    // What the application sees: the reassembled, inflated message when we have it.
    const bool haveMessage = bool(entry->message);
    const QByteArray &content = haveMessage ? entry->message->payload : r.payload;
    const quint8 contentOpcode = haveMessage ? entry->message->opcode
                                 : r.opcode == OpContinuation && entry->messageOpcode
                                     ? entry->messageOpcode
                                     : r.opcode;

    QStringList parts;
    parts << opcodeLabel(r.opcode) << directionText(r.direction) << tr("fd %1").arg(r.fd)
          << formatTimeUs(r.timeUs) << tr("FIN %1").arg(int(r.fin))
          << (r.rsv1 ? tr("RSV1 1 (compressed)") : tr("RSV1 0"))
          << tr("RSV2 %1 RSV3 %2").arg(int(r.rsv2)).arg(int(r.rsv3))
          << (r.masked ? tr("masked") : tr("unmasked")) << tr("wire %1 B").arg(r.wireLength)
          << tr("payload %1 B").arg(r.payloadLength);
    if (haveMessage) {
        if (entry->compressed)
            parts << (r.direction == Direction::In
                          ? tr("inflated %1 B").arg(entry->message->messageLength)
                          : tr("uncompressed %1 B").arg(entry->message->messageLength));
        if (entry->message->fragments > 1)
            parts << tr("message of %1 fragments, %2 B")
                         .arg(entry->message->fragments)
                         .arg(entry->message->messageLength);
    }
    QString summary = parts.join(QStringLiteral(" · "));
    if (!r.text.isEmpty())
        summary += QStringLiteral("\n⚠ ") + r.text;
    if (r.payloadTruncated || (haveMessage && entry->message->payloadTruncated))
        summary += QStringLiteral("\n") +
                   tr("Only the first %1 bytes were kept for viewing.").arg(content.size());
    m_summary->setText(summary);

    // Text
    QString text;
    if (r.opcode == OpClose) {
        quint16 code = 0;
        QByteArray reason;
        if (parseClosePayload(r.payload, code, reason))
            text = tr("Close code %1: %2\nReason: %3")
                       .arg(code)
                       .arg(closeCodeDescription(code),
                            reason.isEmpty() ? tr("(none)") : QString::fromUtf8(reason));
        else
            text = tr("Malformed close payload (1 byte)");
    } else if (entry->compressed && !haveMessage) {
        text = tr("Compressed payload (permessage-deflate). The uncompressed message is shown "
                  "on the last frame of the message; see the Hex tab for the wire bytes.");
    } else if (content.isEmpty()) {
        text = tr("(empty payload)");
    } else {
        // Binary or not UTF-8: a hex dump, as in the table's preview.
        bool valid = contentOpcode != OpBinary;
        if (valid)
            text = decodeText(content, &valid);
        if (!valid)
            text = (contentOpcode == OpBinary ? tr("Binary payload (%1 bytes):\n")
                                              : tr("Not valid UTF-8 (%1 bytes):\n"))
                       .arg(content.size()) +
                   hexDump(content);
    }
    m_text->setPlainText(text);

    // Hex: what was on the wire, then the inflated message.
    QString hex;
    if (entry->compressed)
        hex += tr("Wire payload (compressed, %1 bytes):\n").arg(r.payload.size());
    hex += hexDump(r.payload);
    if (haveMessage && (entry->compressed || entry->message->fragments > 1)) {
        hex += QLatin1Char('\n') +
               tr("Message (%1 bytes, reassembled%2):\n")
                   .arg(entry->message->payload.size())
                   .arg(entry->compressed ? tr(" and inflated") : QString()) +
               hexDump(entry->message->payload);
    }
    m_hex->setPlainText(hex);
    m_tabs->setTabEnabled(HexTab, true);

    // JSON
    const QString json = contentOpcode == OpBinary ? QString() : prettyJson(content);
    m_json->setPlainText(json);
    m_tabs->setTabEnabled(JsonTab, !json.isEmpty());

    // Fragments and the reassembled message.
    const QVector<int> rows = model->messageRows(sourceRow);
    const bool fragmented = rows.size() > 1 || !r.fin || r.opcode == OpContinuation;
    QString message;
    if (fragmented) {
        message += tr("Fragments (%1 of this message still in the log):\n").arg(rows.size());
        QByteArray joined;
        for (int n = 0; n < rows.size(); ++n) {
            const LogEntry *f = model->entry(rows[n]);
            const EventRecord &fr = *f->record;
            message += tr("  #%1  %2  %3  FIN %4  RSV1 %5  %6 B  %7\n")
                           .arg(n + 1)
                           .arg(formatTimeUs(fr.timeUs), opcodeLabel(fr.opcode))
                           .arg(int(fr.fin))
                           .arg(int(fr.rsv1))
                           .arg(fr.payloadLength)
                           .arg(payloadPreview(fr.payload,
                                               f->compressed ? quint8(OpBinary)
                                               : fr.opcode == OpContinuation && f->messageOpcode
                                                   ? f->messageOpcode
                                                   : fr.opcode,
                                               60));
            joined += fr.payload;
        }
        if (!r.fin)
            message += tr("\nThe message continues after this frame.\n");
        const QByteArray reassembled = haveMessage          ? entry->message->payload
                                       : !entry->compressed ? joined
                                                            : QByteArray();
        if (r.fin && !reassembled.isEmpty()) {
            bool valid = contentOpcode != OpBinary; // binary: hex, as everywhere
            message += QLatin1Char('\n') + (entry->compressed
                                                ? tr("Reassembled and inflated (%1 bytes):\n")
                                                : tr("Reassembled (%1 bytes):\n"))
                                               .arg(reassembled.size());
            const QString t = valid ? decodeText(reassembled, &valid) : QString();
            message += valid ? t : hexDump(reassembled);
        }
    } else if (haveMessage && r.rsv1) {
        message = tr("One compressed frame: %1 bytes on the wire, %2 bytes inflated (%3%).")
                      .arg(r.payloadLength)
                      .arg(entry->message->messageLength)
                      .arg(entry->message->messageLength
                               ? 100 * r.payloadLength / entry->message->messageLength
                               : 0);
    }
    m_message->setPlainText(message);
    m_tabs->setTabEnabled(MessageTab, !message.isEmpty());
    m_tabs->setTabEnabled(TextTab, true);
    if (!m_tabs->isTabEnabled(m_tabs->currentIndex()))
        m_tabs->setCurrentIndex(TextTab);
    applyHighlight();
}

} // namespace framescope
