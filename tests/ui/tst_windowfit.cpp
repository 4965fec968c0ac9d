// Issue 14: the window at 1280x720 (no column squeezed to nothing, the held-close reply
// reason usable, long handshake header lines wrap) and consistent previews (binary and
// non-UTF-8 payloads as hex everywhere, the last fragment of incoming and outgoing
// messages described alike). End to end with the real server and QWebSocket clients.
#include "closeinspector.h"
#include "closetracker.h"
#include "connectionmodel.h"
#include "framefilterproxy.h"
#include "framelogmodel.h"
#include "mainwindow.h"
#include "payloadviewer.h"
#include "sendpanel.h"

#include "protocol/frame.h"
#include "server/websocketserver.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFrame>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QNetworkRequest>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTabWidget>
#include <QTableView>
#include <QTcpSocket>
#include <QWebSocket>
#include <QtTest>

#include "ui/uitestutil.h"

using namespace framescope;

namespace {

using uitest::kTimeoutMs;
using uitest::openClient;

// Rows of the log (source rows) that are frames of `fd`, `direction`, with data opcodes.
QList<int> dataRows(FrameLogModel *log, int fd, Direction direction)
{
    log->flush();
    QList<int> rows;
    for (int row = 0; row < log->rowCount(); ++row) {
        const EventRecord &r = *log->entry(row)->record;
        if (r.kind == EventRecord::Kind::Frame && r.fd == fd && r.direction == direction &&
            !isControlOpcode(r.opcode))
            rows << row;
    }
    return rows;
}

QString cell(FrameLogModel *log, int row, int column)
{
    return log->index(row, column).data().toString();
}

void showFrame(MainWindow &window, int sourceRow)
{
    window.frameView()->selectionModel()->clearCurrentIndex();
    const QModelIndex index =
        window.frameFilter()->mapFromSource(window.frameLog()->index(sourceRow, 0));
    window.frameView()->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

// The payload viewer's Text tab.
QPlainTextEdit *viewerText(MainWindow &window)
{
    const QString text = window.payloadViewer()->tabText(PayloadViewer::TextTab);
    for (QPlainTextEdit *edit : window.payloadViewer()->findChildren<QPlainTextEdit *>())
        if (edit->toPlainText() == text)
            return edit;
    return nullptr;
}

// A raw WebSocket peer: the opening handshake, then a masked close frame.
bool rawOpenAndClose(QTcpSocket &socket, quint16 port, quint16 code, const QByteArray &reason)
{
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(kTimeoutMs))
        return false;
    socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                 "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                 "Sec-WebSocket-Version: 13\r\n\r\n");
    QByteArray response;
    if (!QTest::qWaitFor([&] { return (response += socket.readAll()).contains("\r\n\r\n"); },
                         kTimeoutMs) ||
        !response.startsWith("HTTP/1.1 101"))
        return false;
    const QByteArray payload = QByteArray(1, char(code >> 8)) + char(code & 0xff) + reason;
    const QByteArray mask = QByteArray::fromHex("11223344");
    QByteArray frame = QByteArray::fromHex("88") + char(0x80 | payload.size()) + mask;
    for (int i = 0; i < payload.size(); ++i)
        frame += char(payload[i] ^ mask[i % 4]);
    socket.write(frame);
    return true;
}

} // namespace

class TestWindowFit : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { uitest::isolateSettings(); }
    void columnsReadableAt1280();
    void allColumnsShownWhenRoomy();
    void heldCloseReasonUsableAt1280();
    void longHeaderLinesWrap();
    void previewsConsistent();
};

void TestWindowFit::columnsReadableAt1280()
{
    QSettings().remove(QStringLiteral("ui/frameHeader")); // a first start
    ServerOptions options;
    options.websocket_compression = true;
    options.websocket_subprotocol = QStringLiteral("chat");
    MainWindow window(QStringLiteral("127.0.0.1"), 0, options, MainWindow::MessageMode::Echo);
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.startServer());
    QWebSocket client;
    QVERIFY(openClient(client, window.listeningUrl()));
    client.sendTextMessage(QStringLiteral("{\"hello\": \"a preview that should be readable\"}"));
    QTRY_VERIFY_WITH_TIMEOUT((window.frameLog()->flush(), window.frameLog()->rowCount() >= 3),
                             kTimeoutMs);
    QApplication::processEvents();
    QTableView *view = window.frameView();
    QHeaderView *h = view->horizontalHeader();
    const int last = FrameLogModel::ColPreview;
    int others = 0;
    for (int i = 0; i < last; ++i) {
        if (h->isSectionHidden(i))
            continue;
        others += h->sectionSize(i);
        // No column below its label (nothing squeezed to nothing).
        QVERIFY2(h->sectionSize(i) >= h->sectionSizeHint(i) - 1,
                 qPrintable(QStringLiteral("column %1: %2 < %3")
                                .arg(i)
                                .arg(h->sectionSize(i))
                                .arg(h->sectionSizeHint(i))));
    }
    // The Preview is readable without scrolling: at least 170 px in the viewport.
    QVERIFY2(view->viewport()->width() - others >= 170,
             qPrintable(QStringLiteral("preview %1 px").arg(view->viewport()->width() - others)));
    QVERIFY(h->sectionSize(last) >= 170);
    // Still readable content: a full time stamp and a whole "CONTINUATION (0)" (with the
    // cell's margins: elided, continuation and close rows looked alike).
    const QFontMetrics fm(view->font());
    QVERIFY(h->sectionSize(FrameLogModel::ColTime) >=
            fm.horizontalAdvance(QStringLiteral("00:00:00.000000")));
    QVERIFY2(
        h->sectionSize(FrameLogModel::ColOpcode) >=
            fm.horizontalAdvance(QStringLiteral("CONTINUATION (0)")) + 8,
        qPrintable(QStringLiteral("opcode %1 px").arg(h->sectionSize(FrameLogModel::ColOpcode))));
    // The connection table's columns keep their labels (it scrolls sideways instead).
    QHeaderView *ch = window.connectionView()->horizontalHeader();
    for (int i = 0; i < ch->count() - 1; ++i)
        if (!ch->isSectionHidden(i))
            QVERIFY(ch->sectionSize(i) >= ch->sectionSizeHint(i) - 1);
    // The columns that tell connections apart and how they are doing are in view without
    // scrolling sideways: fd, peer, websocket_status, path and RTT (RTT was last, after Age).
    // A ping from the window: the client's automatic pong gives the RTT.
    QVERIFY(window.server()->ping(window.connectionModel()->record(0)->fd, "rtt"));
    QTRY_VERIFY_WITH_TIMEOUT(
        !window.connectionModel()->index(0, ConnectionModel::ColRtt).data().toString().isEmpty(),
        kTimeoutMs);
    QTableView *connections = window.connectionView();
    QCOMPARE(connections->horizontalScrollBar()->value(), 0);
    const QFontMetrics cfm(connections->font());
    for (int column : {int(ConnectionModel::ColFd), int(ConnectionModel::ColPeer),
                       int(ConnectionModel::ColStatus), int(ConnectionModel::ColPath),
                       int(ConnectionModel::ColRtt)}) {
        const QString label = window.connectionModel()
                                  ->headerData(column, Qt::Horizontal, Qt::DisplayRole)
                                  .toString();
        QVERIFY2(!ch->isSectionHidden(column), qPrintable(label));
        const int right = ch->sectionViewportPosition(column) + ch->sectionSize(column);
        QVERIFY2(ch->sectionViewportPosition(column) >= 0 &&
                     right <= connections->viewport()->width(),
                 qPrintable(QStringLiteral("%1 ends at %2 px, the table shows %3 px")
                                .arg(label)
                                .arg(right)
                                .arg(connections->viewport()->width())));
        // Its content fits too (the cell text with the item's margins).
        const QString text = window.connectionModel()->index(0, column).data().toString();
        QVERIFY2(
            cfm.horizontalAdvance(text) + 8 <= ch->sectionSize(column),
            qPrintable(
                QStringLiteral("%1: “%2” in %3 px").arg(label, text).arg(ch->sectionSize(column))));
    }
    // The whole window fits the screen: the right-hand panels are on it.
    QVERIFY(window.rightTabs()->mapTo(&window, QPoint(window.rightTabs()->width(), 0)).x() <=
            window.width());
}

// 1600x1000: every column shown, the Preview wide; a saved header state is not touched.
void TestWindowFit::allColumnsShownWhenRoomy()
{
    QSettings().remove(QStringLiteral("ui/frameHeader"));
    {
        MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                          MainWindow::MessageMode::Echo);
        window.resize(1600, 1000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QApplication::processEvents();
        QHeaderView *h = window.frameView()->horizontalHeader();
        for (int i = 0; i < FrameLogModel::ColumnCount; ++i)
            QVERIFY2(!h->isSectionHidden(i), qPrintable(QString::number(i)));
        QVERIFY(h->sectionSize(FrameLogModel::ColPreview) >= 300);
        window.close(); // saves the header
    }
    // Saved columns win over the first-start fit, also on a small window.
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Echo);
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QApplication::processEvents();
    QVERIFY(!window.frameView()->isColumnHidden(FrameLogModel::ColMasked));
    QVERIFY(!window.frameView()->isColumnHidden(FrameLogModel::ColRsv23));
    QSettings().remove(QStringLiteral("ui/frameHeader"));
}

void TestWindowFit::heldCloseReasonUsableAt1280()
{
    ServerOptions options;
    options.open_websocket_close_frame = true;
    MainWindow window(QStringLiteral("127.0.0.1"), 0, options, MainWindow::MessageMode::Echo);
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.startServer());
    QTcpSocket client; // QWebSocket gives up on a held close at once (1006)
    QVERIFY(rawOpenAndClose(client, window.server()->serverPort(), 1001, "bye"));
    auto *bar = window.closeInspector()->findChild<QFrame *>(QStringLiteral("heldBar"));
    QVERIFY(bar);
    QTRY_VERIFY_WITH_TIMEOUT(bar->isVisible(), kTimeoutMs);
    QApplication::processEvents();
    auto *reason = window.closeInspector()->findChild<QLineEdit *>(QStringLiteral("replyReason"));
    auto *reply = window.closeInspector()->findChild<QPushButton *>(QStringLiteral("replyButton"));
    QVERIFY(reason && reply);
    QVERIFY(reason->isVisible());
    // Room for a typical reason, and on screen (inside the window) with its button.
    const int needed = reason->fontMetrics().horizontalAdvance(
        QStringLiteral("server restarting for maintenance"));
    QVERIFY2(reason->width() >= needed,
             qPrintable(QStringLiteral("%1 < %2").arg(reason->width()).arg(needed)));
    const QRect inWindow(reason->mapTo(&window, QPoint(0, 0)), reason->size());
    QVERIFY(window.rect().contains(inWindow));
    const QRect button(reply->mapTo(&window, QPoint(0, 0)), reply->size());
    QVERIFY(window.rect().contains(button));
    // Typing works, and the reply goes out with it.
    reason->clear();
    QTest::keyClicks(reason, QStringLiteral("see you"));
    QTest::mouseClick(reply, Qt::LeftButton);
    QByteArray got;
    QVERIFY(QTest::qWaitFor([&] { return (got += client.readAll()).size() >= 2 + 9; }, kTimeoutMs));
    QCOMPARE(got.left(2), QByteArray::fromHex("8809"));
    QCOMPARE(got.mid(4, 7), QByteArray("see you"));
}

void TestWindowFit::longHeaderLinesWrap()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Echo);
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.startServer());
    QNetworkRequest request{QUrl(window.listeningUrl())};
    const QByteArray token(700, 'x'); // no space to break at
    request.setRawHeader("X-Long-Token", token);
    QWebSocket client;
    QSignalSpy connected(&client, &QWebSocket::connected);
    client.open(request);
    QVERIFY(connected.wait(kTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(window.connectionModel()->rowCount() == 1 &&
                                 window.connectionModel()->record(0)->websocket,
                             kTimeoutMs);
    window.connectionView()->selectRow(0);
    // The Connection tab: the head is there, wrapped (no sideways scrolling).
    auto *details = qobject_cast<QPlainTextEdit *>(window.rightTabs()->widget(1));
    QVERIFY(details);
    window.rightTabs()->setCurrentWidget(details);
    QTRY_VERIFY_WITH_TIMEOUT(details->toPlainText().contains(QString::fromLatin1(token)),
                             kTimeoutMs);
    QApplication::processEvents();
    QCOMPARE(details->horizontalScrollBar()->maximum(), 0);
    // The payload viewer on the OPEN row too.
    FrameLogModel *log = window.frameLog();
    int openRow = -1;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            log->flush();
            for (int row = 0; row < log->rowCount(); ++row)
                if (log->entry(row)->record->kind == EventRecord::Kind::HandshakeAccepted)
                    openRow = row;
            return openRow >= 0;
        }(),
        kTimeoutMs);
    showFrame(window, openRow);
    window.rightTabs()->setCurrentWidget(window.payloadViewer());
    QPlainTextEdit *text = viewerText(window);
    QVERIFY(text);
    QVERIFY(text->toPlainText().contains(QString::fromLatin1(token)));
    QApplication::processEvents();
    QCOMPARE(text->horizontalScrollBar()->maximum(), 0);
}

void TestWindowFit::previewsConsistent()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Silent);
    window.show();
    QVERIFY(window.startServer());
    QWebSocket client;
    client.setOutgoingFrameSize(4); // the client fragments every message into 4-byte frames
    QVERIFY(openClient(client, window.listeningUrl()));
    QTRY_VERIFY_WITH_TIMEOUT(window.connectionModel()->rowCount() == 1 &&
                                 window.connectionModel()->record(0)->websocket,
                             kTimeoutMs);
    const int fd = window.connectionModel()->record(0)->fd;
    window.connectionView()->selectRow(0);
    // In: a text and a binary message of 12 bytes, 3 frames each (the binary one's bytes
    // are printable: only the opcode says binary).
    client.sendTextMessage(QStringLiteral("hello world!"));
    client.sendBinaryMessage(QByteArray("abcdefghijkl"));
    // Out: the same from the send panel, fragment by fragment.
    SendPanel *panel = window.sendPanel();
    QSignalSpy text(&client, &QWebSocket::textMessageReceived);
    QSignalSpy binary(&client, &QWebSocket::binaryMessageReceived);
    const auto sendFragments = [&](SendPanel::Format format, const QStringList &parts) {
        panel->setFormat(format);
        for (int i = 0; i < parts.size(); ++i) {
            panel->finCheck()->setChecked(i == parts.size() - 1);
            panel->payloadEdit()->setPlainText(parts[i]);
            QVERIFY(panel->sendButton()->isEnabled());
            QTest::mouseClick(panel->sendButton(), Qt::LeftButton);
        }
    };
    sendFragments(SendPanel::Format::Text,
                  {QStringLiteral("hell"), QStringLiteral("o wo"), QStringLiteral("rld!")});
    QVERIFY(text.wait(kTimeoutMs));
    QCOMPARE(text.first().first().toString(), QStringLiteral("hello world!"));
    sendFragments(SendPanel::Format::Hex,
                  {QStringLiteral("61 62 63 64"), QStringLiteral("65 66 67 68"),
                   QStringLiteral("69 6a 6b 6c")});
    QVERIFY(binary.wait(kTimeoutMs));

    FrameLogModel *log = window.frameLog();
    QList<int> in, out;
    QTRY_VERIFY_WITH_TIMEOUT((in = dataRows(log, fd, Direction::In)).size() == 6 &&
                                 (out = dataRows(log, fd, Direction::Out)).size() == 6,
                             kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(log->entry(in[5])->message && log->entry(out[5])->message, kTimeoutMs);
    for (const QList<int> &rows : {in, out}) {
        // The text message: its last frame shows the whole message, as 4 → 12.
        QCOMPARE(cell(log, rows[2], FrameLogModel::ColPayloadLength), QStringLiteral("4 → 12"));
        QCOMPARE(cell(log, rows[2], FrameLogModel::ColPreview), QStringLiteral("hello world!"));
        QCOMPARE(cell(log, rows[1], FrameLogModel::ColPreview), QStringLiteral("o wo"));
        // Every frame of the binary message previews as hex, continuations included.
        QCOMPARE(cell(log, rows[3], FrameLogModel::ColPreview), QStringLiteral("61 62 63 64"));
        QCOMPARE(cell(log, rows[4], FrameLogModel::ColPreview), QStringLiteral("65 66 67 68"));
        QVERIFY(cell(log, rows[5], FrameLogModel::ColPreview)
                    .startsWith(QStringLiteral("61 62 63 64 65 66 67 68 69 6a 6b 6c")));
        QCOMPARE(cell(log, rows[5], FrameLogModel::ColPayloadLength), QStringLiteral("4 → 12"));
        // The payload viewer agrees: the middle fragment is binary, shown as hex.
        showFrame(window, rows[4]);
        QVERIFY2(viewerText(window)->toPlainText().startsWith(QStringLiteral("Binary payload")),
                 qPrintable(viewerText(window)->toPlainText()));
        showFrame(window, rows[2]);
        QVERIFY(window.payloadViewer()->summary().contains(
            QStringLiteral("message of 3 fragments, 12 B")));
    }
    // The same description both ways, except direction and masking.
    const auto describe = [&](int row) {
        showFrame(window, row);
        return window.payloadViewer()->summary().remove(
            QRegularExpression(QStringLiteral("· (in|out) ·|· fd \\d+ ·|\\d\\d:\\d\\d:"
                                              "\\d\\d\\.\\d+|(un)?masked|wire \\d+ B")));
    };
    QCOMPARE(describe(in[2]), describe(out[2]));
    QCOMPARE(describe(in[5]), describe(out[5]));
    // A non-UTF-8 ping payload previews as hex too.
    panel->pingFormatCombo()->setCurrentIndex(1);
    panel->pingEdit()->setText(QStringLiteral("ff fe 41"));
    QTest::mouseClick(panel->pingButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            log->flush();
            for (int row = 0; row < log->rowCount(); ++row) {
                const EventRecord &r = *log->entry(row)->record;
                if (r.kind == EventRecord::Kind::Frame && r.opcode == OpPing)
                    return cell(log, row, FrameLogModel::ColPreview) == QStringLiteral("ff fe 41");
            }
            return false;
        }(),
        kTimeoutMs);
}

QTEST_MAIN(TestWindowFit)
#include "tst_windowfit.moc"
