// Issue 14, the DevTools/Wireshark-class workflow: copy and reuse, find, pause, time modes,
// the menu bar and About, columns, the send panel's steady layout. End to end through the
// window with the real server and a QWebSocket client. Offscreen platform, 127.0.0.1.
#include "connectionmodel.h"
#include "framefilterproxy.h"
#include "framelogmodel.h"
#include "mainwindow.h"
#include "payloadviewer.h"
#include "sendpanel.h"

#include "protocol/frame.h"
#include "server/websocketserver.h"

#include <QAction>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QWebSocket>
#include <QtTest>

#include "ui/uitestutil.h"

using namespace framescope;

namespace {

using uitest::kTimeoutMs;
using uitest::openClient;

// The proxy row of the first frame with this opcode and direction, or -1.
int frameRow(MainWindow &window, int opcode, Direction direction, int fd = 0)
{
    window.frameLog()->flush();
    QAbstractItemModel *proxy = window.frameView()->model();
    for (int row = 0; row < proxy->rowCount(); ++row) {
        const QModelIndex i = proxy->index(row, 0);
        if (i.data(FrameLogModel::OpcodeRole).toInt() == opcode &&
            i.data(FrameLogModel::DirectionRole).toInt() == (direction == Direction::In ? 0 : 1) &&
            (fd == 0 || i.data(FrameLogModel::FdRole).toInt() == fd))
            return row;
    }
    return -1;
}

void setCurrentRow(MainWindow &window, int row)
{
    QTableView *view = window.frameView();
    view->selectionModel()->setCurrentIndex(view->model()->index(row, 0),
                                            QItemSelectionModel::ClearAndSelect |
                                                QItemSelectionModel::Rows);
}

QStringList actionTexts(const QMenu *menu)
{
    QStringList texts;
    for (const QAction *a : menu->actions())
        texts << (a->menu() ? a->menu()->title() : a->text());
    return texts;
}

} // namespace

class TestInspectorWorkflow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void copyAndReuse();
    void connectionUrlAndHandshake();
    void selectedConnectionFilter();
    void pauseHoldsRowsAndCountsThem();
    void regexSearchHighlights();
    void timeModes();
    void menuBarAndAbout();
    void columnsHideAndPersist();
};

void TestInspectorWorkflow::initTestCase()
{
    uitest::isolateSettings();
}

void TestInspectorWorkflow::copyAndReuse()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Echo);
    window.show();
    QVERIFY(window.startServer());
    QWebSocket client;
    QVERIFY(openClient(client, window.listeningUrl()));
    QSignalSpy texts(&client, &QWebSocket::textMessageReceived);
    QSignalSpy binaries(&client, &QWebSocket::binaryMessageReceived);
    client.sendTextMessage(QStringLiteral("{\"a\":1}"));
    client.sendBinaryMessage(QByteArray::fromHex("0001ff"));
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 1, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(binaries.size(), 1, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(frameRow(window, OpBinary, Direction::Out) >= 0, kTimeoutMs);

    const int textRow = frameRow(window, OpText, Direction::In);
    setCurrentRow(window, textRow);
    QClipboard *clipboard = QGuiApplication::clipboard();
    QCOMPARE(window.copyFrames(MainWindow::CopyFormat::Text), QStringLiteral("{\"a\":1}"));
    QCOMPARE(clipboard->text(), QStringLiteral("{\"a\":1}"));
    QCOMPARE(window.copyFrames(MainWindow::CopyFormat::Hex),
             QStringLiteral("7b 22 61 22 3a 31 7d"));
    QCOMPARE(window.copyFrames(MainWindow::CopyFormat::Base64), QStringLiteral("eyJhIjoxfQ=="));
    QCOMPARE(window.copyFrames(MainWindow::CopyFormat::PrettyJson),
             QStringLiteral("{\n    \"a\": 1\n}\n"));

    // The context menu offers the same.
    std::unique_ptr<QMenu> menu(window.createFrameMenu());
    const QStringList entries = actionTexts(menu.get());
    for (const QString &want :
         {QStringLiteral("Copy payload as"), QStringLiteral("Copy rows"),
          QStringLiteral("Copy rows as JSON Lines"), QStringLiteral("Load into send panel")})
        QVERIFY2(entries.contains(want), qPrintable(entries.join(QLatin1Char('|'))));

    // Two rows selected: JSON Lines of both (the log's schema), and Ctrl+C as shown.
    const int binaryRow = frameRow(window, OpBinary, Direction::In);
    QTableView *view = window.frameView();
    view->selectionModel()->select(view->model()->index(binaryRow, 0),
                                   QItemSelectionModel::Select | QItemSelectionModel::Rows);
    const QStringList lines = window.copyFrames(MainWindow::CopyFormat::JsonLines)
                                  .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    const QJsonObject first = QJsonDocument::fromJson(lines[0].toUtf8()).object();
    QCOMPARE(first.value(QStringLiteral("event")).toString(), QStringLiteral("frame"));
    QCOMPARE(first.value(QStringLiteral("payload")).toString(), QStringLiteral("{\"a\":1}"));
    const QJsonObject second = QJsonDocument::fromJson(lines[1].toUtf8()).object();
    QCOMPARE(second.value(QStringLiteral("payload_base64")).toString(), QStringLiteral("AAH/"));
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    view->setFocus();
    clipboard->clear();
    QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);
    const QStringList rows = clipboard->text().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(rows.size(), 2);
    QVERIFY2(rows[0].contains(QLatin1Char('\t')) && rows[0].endsWith(QStringLiteral("{\"a\":1}")),
             qPrintable(rows[0]));
    QVERIFY2(rows[1].endsWith(QStringLiteral("00 01 ff")), qPrintable(rows[1]));

    // Load the binary frame into the send panel and send it back: it arrives unchanged.
    setCurrentRow(window, binaryRow);
    QVERIFY(window.loadIntoSendPanel());
    SendPanel *panel = window.sendPanel();
    QCOMPARE(panel->typeCombo()->currentData().toInt(), int(OpBinary));
    QCOMPARE(panel->payloadEdit()->toPlainText(), QStringLiteral("00 01 ff"));
    window.connectionView()->selectRow(0);
    QVERIFY(panel->sendButton()->isEnabled());
    QTest::mouseClick(panel->sendButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(binaries.size(), 2, kTimeoutMs);
    QCOMPARE(binaries.last().first().toByteArray(), QByteArray::fromHex("0001ff"));
    // Ctrl+Enter in the payload sends too.
    panel->payloadEdit()->setFocus();
    QTest::keyClick(panel->payloadEdit(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(binaries.size(), 3, kTimeoutMs);
}

void TestInspectorWorkflow::connectionUrlAndHandshake()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Echo);
    window.show();
    QVERIFY(window.startServer());
    QWebSocket client;
    const QString url = window.listeningUrl() + QStringLiteral("chat?room=7");
    QVERIFY(openClient(client, url));
    QTRY_VERIFY_WITH_TIMEOUT(window.connectionModel()->rowCount() == 1 &&
                                 window.connectionModel()->record(0)->websocket,
                             kTimeoutMs);
    window.connectionView()->selectRow(0);
    QCOMPARE(window.copyConnections(false), url);
    QCOMPARE(QGuiApplication::clipboard()->text(), url);
    const QString heads = window.copyConnections(true);
    QVERIFY2(heads.startsWith(QStringLiteral("GET /chat?room=7 HTTP/1.1\n")), qPrintable(heads));
    QVERIFY2(heads.contains(QStringLiteral("\nHTTP/1.1 101 Switching Protocols\n")),
             qPrintable(heads));
    QVERIFY(!heads.contains(QLatin1Char('\r')));
    std::unique_ptr<QMenu> menu(window.createConnectionMenu());
    QVERIFY(actionTexts(menu.get()).contains(QStringLiteral("Copy URL")));
    QVERIFY(actionTexts(menu.get()).contains(QStringLiteral("Copy handshake headers")));
}

void TestInspectorWorkflow::selectedConnectionFilter()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Echo);
    window.show();
    QVERIFY(window.startServer());
    QWebSocket a, b;
    QVERIFY(openClient(a, window.listeningUrl()));
    QVERIFY(openClient(b, window.listeningUrl()));
    QSignalSpy echoA(&a, &QWebSocket::textMessageReceived);
    QSignalSpy echoB(&b, &QWebSocket::textMessageReceived);
    a.sendTextMessage(QStringLiteral("from a"));
    b.sendTextMessage(QStringLiteral("from b"));
    QTRY_COMPARE_WITH_TIMEOUT(echoA.size() + echoB.size(), 2, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(window.connectionModel()->rowCount(), 2, kTimeoutMs);
    const int fdA = window.connectionModel()->record(0)->fd;
    const int fdB = window.connectionModel()->record(1)->fd;
    // The records trail the clients' signals (observer batches): wait for both echoes.
    QTRY_VERIFY_WITH_TIMEOUT(frameRow(window, OpText, Direction::Out, fdA) >= 0 &&
                                 frameRow(window, OpText, Direction::Out, fdB) >= 0,
                             kTimeoutMs);
    QAbstractItemModel *proxy = window.frameView()->model();
    const int all = proxy->rowCount();

    window.followSelectionAction()->setChecked(true);
    QCOMPARE(proxy->rowCount(), 0); // nothing selected
    window.connectionView()->selectRow(1);
    QVERIFY2(proxy->rowCount() > 0 && proxy->rowCount() < all,
             qPrintable(QStringLiteral("%1 of %2 rows, fd %3, selected %4")
                            .arg(proxy->rowCount())
                            .arg(all)
                            .arg(fdB)
                            .arg(window.sendPanel()->targets().size())));
    for (int row = 0; row < proxy->rowCount(); ++row)
        QCOMPARE(proxy->index(row, 0).data(FrameLogModel::FdRole).toInt(), fdB);
    window.followSelectionAction()->setChecked(false);
    QCOMPARE(proxy->rowCount(), all);

    // Ctrl+F focuses the search field.
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.frameView()->setFocus();
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
    QVERIFY(window.searchEdit()->hasFocus());
}

void TestInspectorWorkflow::pauseHoldsRowsAndCountsThem()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Echo);
    window.show();
    QVERIFY(window.startServer());
    QWebSocket client;
    QVERIFY(openClient(client, window.listeningUrl()));
    QSignalSpy echoed(&client, &QWebSocket::textMessageReceived);
    client.sendTextMessage(QStringLiteral("before"));
    QTRY_COMPARE_WITH_TIMEOUT(echoed.size(), 1, kTimeoutMs);
    FrameLogModel *log = window.frameLog();
    // The echo's record trails the client's signal: wait for it before pausing.
    QTRY_VERIFY_WITH_TIMEOUT(frameRow(window, OpText, Direction::Out) >= 0, kTimeoutMs);
    QAbstractItemModel *proxy = window.frameView()->model();
    const int shown = proxy->rowCount();

    window.pauseAction()->trigger();
    QVERIFY(window.isPaused());
    for (int i = 0; i < 3; ++i)
        client.sendTextMessage(QStringLiteral("while paused %1").arg(i));
    QTRY_COMPARE_WITH_TIMEOUT(echoed.size(), 4, kTimeoutMs); // the server goes on
    QTRY_COMPARE_WITH_TIMEOUT(window.pausedRows(), 6, kTimeoutMs);
    QCOMPARE(log->rowCount(), shown + 6); // captured
    QCOMPARE(proxy->rowCount(), shown);   // not shown

    window.pauseAction()->trigger();
    QVERIFY(!window.isPaused());
    QCOMPARE(proxy->rowCount(), log->rowCount());
    QCOMPARE(window.pausedRows(), 0);
}

void TestInspectorWorkflow::regexSearchHighlights()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Silent);
    window.show();
    QVERIFY(window.startServer());
    QWebSocket client;
    QVERIFY(openClient(client, window.listeningUrl()));
    for (const char *m : {"order 17 shipped", "order x pending", "hello"})
        client.sendTextMessage(QString::fromLatin1(m));
    QTRY_COMPARE_WITH_TIMEOUT(frameRow(window, OpText, Direction::In) >= 0, true, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(window.frameLog()->rowCount() >= 4, kTimeoutMs);
    QAbstractItemModel *proxy = window.frameView()->model();

    window.regexAction()->setChecked(true);
    window.searchEdit()->setText(QStringLiteral("order \\d+"));
    QTRY_COMPARE_WITH_TIMEOUT(proxy->rowCount(), 1, kTimeoutMs);
    setCurrentRow(window, 0);
    QCOMPARE(window.payloadViewer()->tabText(PayloadViewer::TextTab),
             QStringLiteral("order 17 shipped"));
    QCOMPARE(window.payloadViewer()->highlightCount(PayloadViewer::TextTab), 1);

    // Not a regex: nothing matches and the field says why.
    window.searchEdit()->setText(QStringLiteral("order ("));
    QTRY_COMPARE_WITH_TIMEOUT(proxy->rowCount(), 0, kTimeoutMs);
    QVERIFY2(window.searchEdit()->toolTip().startsWith(QStringLiteral("Not a regular expression")),
             qPrintable(window.searchEdit()->toolTip()));
    // Plain search again: "(" literally.
    window.regexAction()->setChecked(false);
    window.searchEdit()->setText(QStringLiteral("ORDER"));
    QTRY_COMPARE_WITH_TIMEOUT(proxy->rowCount(), 2, kTimeoutMs);
}

void TestInspectorWorkflow::timeModes()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Echo);
    window.show();
    QVERIFY(window.startServer());
    QWebSocket client;
    QVERIFY(openClient(client, window.listeningUrl()));
    QSignalSpy echoed(&client, &QWebSocket::textMessageReceived);
    client.sendTextMessage(QStringLiteral("t"));
    QTRY_COMPARE_WITH_TIMEOUT(echoed.size(), 1, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(frameRow(window, OpText, Direction::Out) >= 0, kTimeoutMs);
    QAbstractItemModel *proxy = window.frameView()->model();
    const auto timeText = [proxy](int row) {
        return proxy->index(row, FrameLogModel::ColTime).data().toString();
    };
    const int out = frameRow(window, OpText, Direction::Out);
    QVERIFY(QRegularExpression(QStringLiteral("^\\d\\d:\\d\\d:\\d\\d\\.\\d{6}$"))
                .match(timeText(out))
                .hasMatch());
    const QRegularExpression seconds(QStringLiteral("^\\+(\\d+)\\.(\\d{6})$"));
    window.timeModeCombo()->setCurrentIndex(
        window.timeModeCombo()->findData(int(FrameFilterProxy::TimeMode::Delta)));
    QCOMPARE(timeText(0), QStringLiteral("+0.000000"));
    QVERIFY2(seconds.match(timeText(out)).hasMatch(), qPrintable(timeText(out)));
    window.timeModeCombo()->setCurrentIndex(
        window.timeModeCombo()->findData(int(FrameFilterProxy::TimeMode::SinceConnection)));
    const QRegularExpressionMatch m = seconds.match(timeText(out));
    QVERIFY2(m.hasMatch(), qPrintable(timeText(out)));
    // Since the TCP connection: the echo came after the open, within the test's time.
    const qint64 us = m.captured(1).toLongLong() * 1000000 + m.captured(2).toLongLong();
    const ConnectionRecord *c = window.connectionModel()->record(0);
    const LogEntry *e = window.frameLog()->entry(
        static_cast<const FrameFilterProxy *>(proxy)->mapToSource(proxy->index(out, 0)).row());
    QCOMPARE(us, e->record->timeUs - c->connectedUs);
}

void TestInspectorWorkflow::menuBarAndAbout()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Echo);
    QStringList titles;
    for (QAction *a : window.menuBar()->actions())
        titles << a->text();
    QCOMPARE(titles,
             QStringList({QStringLiteral("&File"), QStringLiteral("&Edit"), QStringLiteral("&View"),
                          QStringLiteral("&Server"), QStringLiteral("&Help")}));
    QStringList shortcuts;
    for (QAction *menu : window.menuBar()->actions()) {
        for (QAction *a : menu->menu()->actions())
            if (!a->shortcut().isEmpty())
                shortcuts << a->shortcut().toString();
    }
    for (const QString &want :
         {QStringLiteral("Ctrl+C"), QStringLiteral("Ctrl+F"), QStringLiteral("Ctrl+S"),
          QStringLiteral("Ctrl+O"), QStringLiteral("Ctrl+L"), QStringLiteral("Ctrl+Shift+P")})
        QVERIFY2(shortcuts.contains(want), qPrintable(shortcuts.join(QLatin1Char(' '))));
    const QString about = window.aboutText();
    QVERIFY(about.contains(QStringLiteral(FRAMESCOPE_VERSION)));
    QVERIFY(about.contains(QString::fromLatin1(qVersion())));
    QVERIFY(about.contains(QStringLiteral("LGPLv3")));
    QVERIFY(about.contains(QStringLiteral("MIT")));
}

void TestInspectorWorkflow::columnsHideAndPersist()
{
    QSettings().clear();
    {
        MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                          MainWindow::MessageMode::Echo);
        window.resize(1600, 1000); // a small first start hides Mask (tst_windowfit)
        window.show();
        std::unique_ptr<QMenu> menu(window.createHeaderMenu(window.frameView()));
        QAction *masked = nullptr;
        for (QAction *a : menu->actions())
            if (a->text() == window.frameLog()->headerData(FrameLogModel::ColMasked, Qt::Horizontal,
                                                           Qt::DisplayRole))
                masked = a;
        QVERIFY(masked && masked->isChecked());
        masked->trigger();
        QVERIFY(window.frameView()->isColumnHidden(FrameLogModel::ColMasked));
        window.connectionView()->setColumnWidth(ConnectionModel::ColPeer, 222);
        window.timeModeCombo()->setCurrentIndex(2);
        window.close(); // saves the view state
    }
    MainWindow again(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                     MainWindow::MessageMode::Echo);
    QVERIFY(again.frameView()->isColumnHidden(FrameLogModel::ColMasked));
    QCOMPARE(again.connectionView()->columnWidth(ConnectionModel::ColPeer), 222);
    QCOMPARE(again.timeModeCombo()->currentIndex(), 2);
    // The last visible column cannot be hidden.
    for (int col = 1; col < FrameLogModel::ColumnCount; ++col)
        again.frameView()->setColumnHidden(col, true);
    std::unique_ptr<QMenu> menu(again.createHeaderMenu(again.frameView()));
    QVERIFY(!menu->actions().first()->isEnabled());
    QSettings().clear();
}

QTEST_MAIN(TestInspectorWorkflow)
#include "tst_inspectorworkflow.moc"
