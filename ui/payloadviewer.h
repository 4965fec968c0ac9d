#pragma once

#include <QRegularExpression>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTabWidget;

namespace framescope {

class FrameLogModel;

// Shows one row of the frame log: the payload as text, as a hex dump and as pretty JSON;
// for a compressed message the wire bytes and the inflated payload; for a fragmented
// message every fragment and the reassembled message.
class PayloadViewer final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PayloadViewer)

public:
    enum Tab { TextTab, HexTab, JsonTab, MessageTab };

    explicit PayloadViewer(QWidget *parent = nullptr);

    void showRow(const FrameLogModel *model, int sourceRow); // -1 clears
    QString summary() const;
    QString tabText(Tab tab) const;
    bool isTabEnabled(Tab tab) const;
    // Marks the search's matches in the text views (an empty pattern clears them).
    void setHighlight(const QRegularExpression &pattern);
    int highlightCount(Tab tab) const;
    static constexpr int MaxHighlights = 1000;

private:
    void applyHighlight();

    QRegularExpression m_highlight;
    QLabel *m_summary;
    QTabWidget *m_tabs;
    QPlainTextEdit *m_text;
    QPlainTextEdit *m_hex;
    QPlainTextEdit *m_json;
    QPlainTextEdit *m_message;
};

} // namespace framescope
