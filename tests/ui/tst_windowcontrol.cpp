// Issue 14, driving the server from the window and the send panel: the mode switch, the
// handshake control (reject with a status, extra headers, the subprotocol), the send
// history, binary as hex/base64/file, ping payload as hex, the steady layout. End to end
// through the window with the real server and QWebSocket / raw TCP clients. Offscreen
// platform, 127.0.0.1.
#include "connectionmodel.h"
#include "framelogmodel.h"
#include "handshakepanel.h"
#include "mainwindow.h"
#include "sendpanel.h"
#include "servercontrol.h"

#include "protocol/frame.h"
#include "server/websocketserver.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QTcpSocket>
#include <QTemporaryFile>
#include <QToolButton>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>
#include <QtTest>

#include "ui/uitestutil.h"

using namespace framescope;

namespace {

using uitest::kTimeoutMs;
using uitest::openClient;

// A raw upgrade request; returns everything the server wrote until it closed the
// connection (or the timeout). `closed` says whether the server closed it.
QByteArray rawHandshake(quint16 port, bool *closed, const QByteArray &extra = {})
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(kTimeoutMs))
        return {};
    socket.write("GET /raw HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                 "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                 "Sec-WebSocket-Version: 13\r\n" +
                 extra + "\r\n");
    QByteArray response;
    QElapsedTimer timer;
    timer.start();
    *closed = false;
    while (timer.elapsed() < kTimeoutMs) {
        if (socket.state() != QAbstractSocket::ConnectedState) {
            *closed = true;
            break;
        }
        if (socket.waitForReadyRead(200))
            response += socket.readAll();
        else if (socket.state() != QAbstractSocket::ConnectedState)
            *closed = true;
        // A 101 stays open: done when its head is complete.
        if (response.startsWith("HTTP/1.1 101") && response.contains("\r\n\r\n"))
            break;
    }
    response += socket.readAll();
    return response;
}

QString nextText(QSignalSpy &spy)
{
    if (spy.isEmpty() && !spy.wait(kTimeoutMs))
        return QStringLiteral("<nothing>");
    return spy.takeFirst().at(0).toString();
}

// The table's established row of this client (by its local port), or null.
const ConnectionRecord *recordOf(const ConnectionModel *model, const QWebSocket &client)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        const ConnectionRecord *c = model->record(row);
        if (c->peerPort == client.localPort() && c->websocket && !c->closed())
            return c;
    }
    return nullptr;
}

void selectFd(MainWindow &window, int fd)
{
    ConnectionModel *model = window.connectionModel();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->record(row)->fd == fd) {
            window.connectionView()->selectRow(row);
            return;
        }
    }
}

} // namespace

class TestWindowControl : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void modeSwitchAppliesAtOnce();
    void rejectNextHandshakes();
    void rejectUntilClearedAndValidation();
    void responseHeadersAndSubprotocol();
    void sendBase64FileAndPingHex();
    void historyKeepsFiftyAndResends();
    void sendPanelSteadyWhileFragmenting();
};

void TestWindowControl::initTestCase()
{
    uitest::isolateSettings();
}

void TestWindowControl::modeSwitchAppliesAtOnce()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Echo);
    window.show();
    QVERIFY(window.startServer());
    QWebSocket a, b;
    QVERIFY(openClient(a, window.listeningUrl()));
    QVERIFY(openClient(b, window.listeningUrl()));
    QSignalSpy aGot(&a, &QWebSocket::textMessageReceived);
    QSignalSpy bGot(&b, &QWebSocket::textMessageReceived);
    QComboBox *mode = window.modeCombo();
    QCOMPARE(mode->currentText(), QStringLiteral("echo"));

    a.sendTextMessage(QStringLiteral("one"));
    QCOMPARE(nextText(aGot), QStringLiteral("one"));

    // Silent, at once and without a restart: "two" is not echoed; back to echo, the next
    // thing a receives is "three" (one connection: the server handles them in order).
    const QString url = window.listeningUrl();
    mode->setCurrentIndex(mode->findData(int(ServerControl::Mode::Silent)));
    QCOMPARE(window.messageMode(), MainWindow::MessageMode::Silent);
    QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("silent")));
    a.sendTextMessage(QStringLiteral("two"));
    // The server has it (the client writes when its event loop runs) before echo is back.
    QTRY_COMPARE_WITH_TIMEOUT(window.connectionModel()->record(0)->framesIn, 2, kTimeoutMs);
    mode->setCurrentIndex(mode->findData(int(ServerControl::Mode::Echo)));
    a.sendTextMessage(QStringLiteral("three"));
    QCOMPARE(nextText(aGot), QStringLiteral("three"));

    // Broadcast from the Server menu: b gets a's message, a does not get it back.
    QMenu *serverMenu = nullptr;
    for (QAction *m : window.menuBar()->actions())
        if (m->menu() && m->text().contains(QStringLiteral("Server")))
            serverMenu = m->menu();
    QVERIFY(serverMenu);
    QMenu *modeMenu = nullptr;
    for (QAction *m : serverMenu->actions())
        if (m->menu() && m->text() == QStringLiteral("Mode"))
            modeMenu = m->menu();
    QVERIFY(modeMenu);
    QCOMPARE(modeMenu->actions().size(), 3);
    QVERIFY(modeMenu->actions().at(0)->isChecked()); // echo
    modeMenu->actions().at(2)->trigger();            // broadcast
    QCOMPARE(mode->currentText(), QStringLiteral("broadcast"));
    QVERIFY(modeMenu->actions().at(2)->isChecked());
    a.sendTextMessage(QStringLiteral("four"));
    QCOMPARE(nextText(bGot), QStringLiteral("four"));
    mode->setCurrentIndex(mode->findData(int(ServerControl::Mode::Echo)));
    a.sendTextMessage(QStringLiteral("five"));
    QCOMPARE(nextText(aGot), QStringLiteral("five")); // "four" never came back to a
    QVERIFY(bGot.isEmpty());
    // No restart happened: the same URL, both clients still connected.
    QCOMPARE(window.listeningUrl(), url);
    QCOMPARE(a.state(), QAbstractSocket::ConnectedState);
    QCOMPARE(b.state(), QAbstractSocket::ConnectedState);
}

void TestWindowControl::rejectNextHandshakes()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Echo);
    window.show();
    QVERIFY(window.startServer());
    const quint16 port = window.server()->serverPort();
    HandshakePanel *panel = window.handshakePanel();
    QVERIFY(panel->rejectStateText().startsWith(QStringLiteral("Off")));

    panel->statusCombo()->setCurrentIndex(panel->statusCombo()->findData(429));
    panel->countSpin()->setValue(2);
    panel->headersEdit()->setPlainText(QStringLiteral("Retry-After: 7"));
    QTest::mouseClick(panel->rejectButton(), Qt::LeftButton);
    QCOMPARE(window.serverControl()->rejectRemaining(), 2);
    QVERIFY(panel->rejectStateLabel()->text().contains(QStringLiteral("429")));

    // 1: a raw client sees the status, the extra header, and the server closing.
    bool closed = false;
    const QByteArray response = rawHandshake(port, &closed);
    QVERIFY2(response.startsWith("HTTP/1.1 429 Too Many Requests\r\n"), response.constData());
    QVERIFY(response.contains("\r\nRetry-After: 7\r\n"));
    QVERIFY(response.contains("\r\nConnection: close\r\n"));
    QVERIFY(closed);
    // 2: a real WebSocket client fails to connect.
    QWebSocket rejected;
    QSignalSpy failed(&rejected, &QWebSocket::disconnected);
    QSignalSpy connected(&rejected, &QWebSocket::connected);
    rejected.open(QUrl(window.listeningUrl()));
    QVERIFY(failed.wait(kTimeoutMs));
    QCOMPARE(connected.count(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(window.serverControl()->rejectRemaining(), 0, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(panel->rejectStateText().startsWith(QStringLiteral("Off")),
                             kTimeoutMs);
    QVERIFY(panel->rejectStateText().contains(QStringLiteral("2")));
    // 3: accepted again.
    QWebSocket accepted;
    QVERIFY(openClient(accepted, window.listeningUrl()));

    // The table and the log say what the clients got: two rejections, one open.
    ConnectionModel *model = window.connectionModel();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 3, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(model->record(0)->closed() && model->record(1)->closed(), kTimeoutMs);
    for (int row : {0, 1}) {
        const ConnectionRecord *c = model->record(row);
        QVERIFY(!c->websocket);
        QCOMPARE(c->httpStatus, 429);
        QCOMPARE(model->index(row, ConnectionModel::ColStatus).data().toString(),
                 QStringLiteral("HTTP 429"));
    }
    QTRY_VERIFY_WITH_TIMEOUT(model->record(2)->websocket, kTimeoutMs); // a later batch
    window.frameLog()->flush();
    QStringList events;
    FrameLogModel *log = window.frameLog();
    for (int row = 0; row < log->rowCount(); ++row)
        events << log->index(row, FrameLogModel::ColOpcode).data().toString() + QLatin1Char(' ') +
                      log->index(row, FrameLogModel::ColPreview).data().toString();
    QCOMPARE(events.filter(QStringLiteral("REJECTED HTTP 429 Too Many Requests")).size(), 2);
    QCOMPARE(events.filter(QStringLiteral("OPEN ")).size(), 1);
}

void TestWindowControl::rejectUntilClearedAndValidation()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Echo);
    window.show();
    QVERIFY(window.startServer());
    const quint16 port = window.server()->serverPort();
    HandshakePanel *panel = window.handshakePanel();

    // Not a rejection status: the button is off and the hint says why, following the text.
    panel->statusCombo()->setEditText(QStringLiteral("200"));
    QVERIFY(!panel->rejectButton()->isEnabled());
    QVERIFY(panel->rejectStateLabel()->text().contains(QStringLiteral("300-599")));
    panel->statusCombo()->setEditText(QStringLiteral("abc"));
    QVERIFY(!panel->rejectButton()->isEnabled());
    panel->statusCombo()->setEditText(QStringLiteral("503"));
    QVERIFY(panel->rejectButton()->isEnabled());
    QVERIFY(!panel->rejectStateLabel()->text().contains(QStringLiteral("300-599")));
    QVERIFY(!window.serverControl()->rejectNext(200, 1)); // the API refuses it too
    QVERIFY(!window.serverControl()->rejectNext(503, 0));

    panel->untilClearedCheck()->setChecked(true);
    QVERIFY(!panel->countSpin()->isEnabled());
    QTest::mouseClick(panel->rejectButton(), Qt::LeftButton);
    QCOMPARE(window.serverControl()->rejectRemaining(), ServerControl::UntilCleared);
    QVERIFY(window.lowerTabs()->tabText(1).contains(QStringLiteral("rejecting")));
    bool closed = false;
    for (int i = 0; i < 3; ++i)
        QVERIFY(rawHandshake(port, &closed).startsWith("HTTP/1.1 503 Service Unavailable"));
    QTRY_COMPARE_WITH_TIMEOUT(window.serverControl()->rejectedTotal(), 3, kTimeoutMs);
    QCOMPARE(window.serverControl()->rejectRemaining(), ServerControl::UntilCleared);
    QCOMPARE(window.lowerTabs()->currentIndex(), 0); // Send
    for (QAction *m : window.menuBar()->actions()) {
        if (!m->menu())
            continue;
        for (QAction *a : m->menu()->actions())
            if (a->text() == QStringLiteral("Handshake control"))
                a->trigger();
    }
    QCOMPARE(window.lowerTabs()->currentIndex(), 1);
    QTest::mouseClick(panel->clearButton(), Qt::LeftButton);
    QCOMPARE(window.serverControl()->rejectRemaining(), 0);
    QCOMPARE(window.lowerTabs()->tabText(1), QStringLiteral("Handshake"));
    QVERIFY(rawHandshake(port, &closed).startsWith("HTTP/1.1 101 "));
}

void TestWindowControl::responseHeadersAndSubprotocol()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Echo);
    window.show();
    QVERIFY(window.startServer());
    const quint16 port = window.server()->serverPort();
    HandshakePanel *panel = window.handshakePanel();

    panel->headersEdit()->setPlainText(QStringLiteral("X-Test: 1\n\nSet-Cookie: id=abc"));
    QVERIFY(panel->headersStateLabel()->text().contains(QStringLiteral("2")));
    bool closed = false;
    QByteArray response = rawHandshake(port, &closed);
    QVERIFY2(response.startsWith("HTTP/1.1 101 "), response.constData());
    QVERIFY(response.contains("\r\nX-Test: 1\r\n"));
    QVERIFY(response.contains("\r\nSet-Cookie: id=abc\r\n"));
    // A bad line: not applied, the last valid headers stay in force.
    panel->headersEdit()->setPlainText(QStringLiteral("X-Test: 1\nno colon here"));
    QVERIFY(panel->headersStateLabel()->text().contains(QStringLiteral("Line 2")));
    panel->headersEdit()->setPlainText(QStringLiteral("Bad Name: x"));
    QVERIFY(panel->headersStateLabel()->text().contains(QStringLiteral("token")));
    panel->headersEdit()->setPlainText(QStringLiteral("X-Ok: caf\u00e9"));
    QVERIFY(panel->headersStateLabel()->text().contains(QStringLiteral("ASCII")));
    response = rawHandshake(port, &closed);
    QVERIFY(response.contains("\r\nSet-Cookie: id=abc\r\n"));
    panel->headersEdit()->clear();
    QVERIFY(!rawHandshake(port, &closed).contains("X-Test"));

    // The subprotocol: the first offered, then a fixed name; the client and the table
    // agree with what the 101 said.
    QComboBox *choice = panel->subprotocolCombo();
    choice->setCurrentIndex(choice->findData(int(ServerControl::Subprotocol::FirstOffered)));
    QWebSocketHandshakeOptions offer;
    offer.setSubprotocols({QStringLiteral("chat.v2"), QStringLiteral("chat.v1")});
    {
        QWebSocket client;
        QSignalSpy connected(&client, &QWebSocket::connected);
        client.open(QUrl(window.listeningUrl()), offer);
        QVERIFY(connected.wait(kTimeoutMs));
        QCOMPARE(client.subprotocol(), QStringLiteral("chat.v2"));
    }
    choice->setCurrentIndex(choice->findData(int(ServerControl::Subprotocol::Named)));
    QVERIFY(panel->subprotocolEdit()->isEnabled());
    panel->subprotocolEdit()->setText(QStringLiteral("bad name"));
    QCOMPARE(window.serverControl()->subprotocolName(), QByteArray()); // not applied
    panel->subprotocolEdit()->setText(QStringLiteral("chat.v1"));
    QCOMPARE(window.serverControl()->subprotocolName(), QByteArray("chat.v1"));
    QWebSocket client;
    QSignalSpy connected(&client, &QWebSocket::connected);
    client.open(QUrl(window.listeningUrl()), offer);
    QVERIFY(connected.wait(kTimeoutMs));
    QCOMPARE(client.subprotocol(), QStringLiteral("chat.v1"));
    ConnectionModel *model = window.connectionModel();
    QTRY_VERIFY_WITH_TIMEOUT(recordOf(model, client), kTimeoutMs);
    QCOMPARE(recordOf(model, client)->subprotocol, QByteArray("chat.v1"));
    // Named, not offered: answered anyway (the client must fail, RFC 6455 §4.1).
    response = rawHandshake(port, &closed);
    QVERIFY(response.contains("\r\nSec-WebSocket-Protocol: chat.v1\r\n"));
}

void TestWindowControl::sendBase64FileAndPingHex()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Silent);
    window.show();
    QVERIFY(window.startServer());
    QWebSocket client;
    QVERIFY(openClient(client, window.listeningUrl()));
    QTRY_VERIFY_WITH_TIMEOUT(window.connectionModel()->rowCount() == 1 &&
                                 window.connectionModel()->record(0)->websocket,
                             kTimeoutMs);
    selectFd(window, window.connectionModel()->record(0)->fd);
    QSignalSpy binary(&client, &QWebSocket::binaryMessageReceived);
    SendPanel *panel = window.sendPanel();

    // Base64: bad input disables Send and says why; good input goes out as binary.
    panel->setFormat(SendPanel::Format::Base64);
    panel->payloadEdit()->setPlainText(QStringLiteral("AAEC/w=*"));
    QVERIFY(!panel->sendButton()->isEnabled());
    panel->payloadEdit()->setPlainText(QStringLiteral("AAEC\n/w=="));
    QVERIFY(panel->sendButton()->isEnabled());
    panel->payloadEdit()->setFocus(); // Ctrl+Enter in the payload sends
    QTest::keyClick(panel->payloadEdit(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(binary.wait(kTimeoutMs));
    QCOMPARE(binary.takeFirst().at(0).toByteArray(), QByteArray::fromHex("000102ff"));

    // A file: its bytes as one binary message; a missing file is refused with the reason.
    QVERIFY(!panel->loadFile(QStringLiteral("/nonexistent/framescope.bin")));
    QVERIFY(!panel->sendButton()->isEnabled());
    QTemporaryFile file;
    QVERIFY(file.open());
    QByteArray bytes;
    for (int i = 0; i < 3000; ++i)
        bytes.append(char(i * 7));
    file.write(bytes);
    file.flush();
    QVERIFY(panel->loadFile(file.fileName()));
    QCOMPARE(panel->format(), SendPanel::Format::File);
    QVERIFY(panel->payloadEdit()->isReadOnly());
    QVERIFY(panel->fileButton()->isEnabled());
    QTest::mouseClick(panel->sendButton(), Qt::LeftButton);
    QVERIFY(binary.wait(kTimeoutMs));
    QCOMPARE(binary.takeFirst().at(0).toByteArray(), bytes);
    // Over buffer_output_size: refused.
    ServerOptions small;
    small.buffer_output_size = 1000;
    window.setServerOptions(small);
    QTRY_VERIFY_WITH_TIMEOUT(
        window.isListening() && window.server()->options().buffer_output_size == 1000, kTimeoutMs);
    QVERIFY(!panel->loadFile(file.fileName()));
    panel->setFormat(SendPanel::Format::Hex);
    QVERIFY(!panel->payloadEdit()->isReadOnly());
    QVERIFY(!panel->fileButton()->isEnabled());

    // Ping payload as hex: the pong carries the same bytes (QWebSocket answers pings).
    QWebSocket second;
    QVERIFY(openClient(second, window.listeningUrl()));
    QTRY_VERIFY_WITH_TIMEOUT(recordOf(window.connectionModel(), second), kTimeoutMs);
    const int fd = recordOf(window.connectionModel(), second)->fd;
    selectFd(window, fd);
    panel->pingFormatCombo()->setCurrentIndex(1); // hex
    panel->pingEdit()->setText(QStringLiteral("zz"));
    QVERIFY(!panel->pingButton()->isEnabled());
    panel->pingEdit()->setText(QStringLiteral("01 02 ff"));
    QVERIFY(panel->pingButton()->isEnabled());
    QTest::mouseClick(panel->pingButton(), Qt::LeftButton);
    // The frame log has the pong with exactly those bytes.
    FrameLogModel *log = window.frameLog();
    QByteArray pong;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            log->flush();
            for (int row = 0; row < log->rowCount(); ++row) {
                const EventRecord &r = *log->entry(row)->record;
                if (r.kind == EventRecord::Kind::Frame && r.opcode == OpPong && r.fd == fd) {
                    pong = r.payload;
                    return true;
                }
            }
            return false;
        }(),
        kTimeoutMs);
    QCOMPARE(pong, QByteArray::fromHex("0102ff"));
    // 126 bytes of hex: over the control-frame limit.
    panel->pingEdit()->setText(QString::fromLatin1(QByteArray(126, 'a').toHex()));
    QVERIFY(!panel->pingButton()->isEnabled());
}

void TestWindowControl::historyKeepsFiftyAndResends()
{
    QSettings().remove(QStringLiteral("send/history"));
    {
        MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                          MainWindow::MessageMode::Silent);
        window.show();
        QVERIFY(window.startServer());
        QWebSocket client;
        QVERIFY(openClient(client, window.listeningUrl()));
        QTRY_VERIFY_WITH_TIMEOUT(window.connectionModel()->rowCount() == 1 &&
                                     window.connectionModel()->record(0)->websocket,
                                 kTimeoutMs);
        window.connectionView()->selectRow(0);
        SendPanel *panel = window.sendPanel();
        QVERIFY(!panel->historyButton()->isEnabled());
        QSignalSpy text(&client, &QWebSocket::textMessageReceived);
        for (int i = 0; i < SendPanel::MaxHistory + 5; ++i) {
            panel->payloadEdit()->setPlainText(QStringLiteral("message %1").arg(i));
            QTest::mouseClick(panel->sendButton(), Qt::LeftButton);
        }
        panel->setFormat(SendPanel::Format::Hex);
        panel->payloadEdit()->setPlainText(QStringLiteral("de ad be ef"));
        QTest::mouseClick(panel->sendButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(text.count(), SendPanel::MaxHistory + 5, kTimeoutMs);
        QList<SendPanel::HistoryEntry> history = panel->history();
        QCOMPARE(history.size(), SendPanel::MaxHistory);
        QCOMPARE(history.first().format, SendPanel::Format::Hex);
        QCOMPARE(history.at(1).payload, QStringLiteral("message 54"));
        QCOMPARE(history.last().payload, QStringLiteral("message 6"));
        QVERIFY(panel->historyButton()->isEnabled());
        // The menu lists them newest first, and a repeat moves to the top (no duplicate).
        QCOMPARE(panel->historyButton()->menu()->actions().first()->text(),
                 QStringLiteral("Hex · de ad be ef"));
        panel->setFormat(SendPanel::Format::Text);
        panel->payloadEdit()->setPlainText(QStringLiteral("message 30"));
        QTest::mouseClick(panel->sendButton(), Qt::LeftButton);
        QCOMPARE(panel->history().size(), SendPanel::MaxHistory);
        QCOMPARE(panel->history().first().payload, QStringLiteral("message 30"));
        QCOMPARE(panel->history().count(SendPanel::HistoryEntry{SendPanel::Format::Text,
                                                                QStringLiteral("message 30")}),
                 1);
    }
    // Persisted: a new window has it; picking an entry puts it back, Send resends it.
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Silent);
    window.show();
    QVERIFY(window.startServer());
    QWebSocket client;
    QVERIFY(openClient(client, window.listeningUrl()));
    QTRY_VERIFY_WITH_TIMEOUT(window.connectionModel()->rowCount() == 1 &&
                                 window.connectionModel()->record(0)->websocket,
                             kTimeoutMs);
    window.connectionView()->selectRow(0);
    SendPanel *panel = window.sendPanel();
    QCOMPARE(panel->history().size(), SendPanel::MaxHistory);
    QCOMPARE(panel->history().first().payload, QStringLiteral("message 30"));
    QSignalSpy binary(&client, &QWebSocket::binaryMessageReceived);
    QMenu *menu = panel->historyButton()->menu();
    menu->actions().at(1)->trigger(); // the hex message
    QCOMPARE(panel->format(), SendPanel::Format::Hex);
    QCOMPARE(panel->payloadEdit()->toPlainText(), QStringLiteral("de ad be ef"));
    QTest::keyClick(panel->payloadEdit(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(binary.wait(kTimeoutMs));
    QCOMPARE(binary.takeFirst().at(0).toByteArray(), QByteArray::fromHex("deadbeef"));
    // Clear history.
    menu->actions().last()->trigger();
    QVERIFY(panel->history().isEmpty());
    QVERIFY(!QSettings().contains(QStringLiteral("send/history")));
}

void TestWindowControl::sendPanelSteadyWhileFragmenting()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Silent);
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.startServer());
    QWebSocket client;
    QVERIFY(openClient(client, window.listeningUrl()));
    QTRY_VERIFY_WITH_TIMEOUT(window.connectionModel()->rowCount() == 1 &&
                                 window.connectionModel()->record(0)->websocket,
                             kTimeoutMs);
    window.connectionView()->selectRow(0);
    SendPanel *panel = window.sendPanel();
    panel->payloadEdit()->setPlainText(QStringLiteral("part one"));
    QApplication::processEvents();
    // Every widget of the panel, where it is on the panel.
    const auto geometries = [panel] {
        QMap<QString, QRect> out;
        const QList<QWidget *> widgets = panel->findChildren<QWidget *>();
        for (int i = 0; i < widgets.size(); ++i) {
            QWidget *w = widgets[i];
            if (!w->isVisible() || w->inherits("QMenu"))
                continue;
            out.insert(QStringLiteral("%1 %2").arg(w->metaObject()->className()).arg(i),
                       QRect(w->mapTo(panel, QPoint(0, 0)), w->size()));
        }
        return out;
    };
    const QMap<QString, QRect> before = geometries();
    QVERIFY(before.size() > 15);

    panel->finCheck()->setChecked(false);
    QTest::mouseClick(panel->sendButton(), Qt::LeftButton);
    QTRY_VERIFY(panel->fragmentOpen(window.connectionModel()->record(0)->fd));
    QApplication::processEvents();
    QCOMPARE(panel->sendButton()->text(), QStringLiteral("Send continuation"));
    QCOMPARE(geometries(), before);
    panel->finCheck()->setChecked(true); // "Send final continuation"
    QApplication::processEvents();
    QCOMPARE(geometries(), before);
    QSignalSpy text(&client, &QWebSocket::textMessageReceived);
    QTest::mouseClick(panel->sendButton(), Qt::LeftButton);
    QVERIFY(text.wait(kTimeoutMs));
    QCOMPARE(text.takeFirst().at(0).toString(), QStringLiteral("part onepart one"));
    QApplication::processEvents();
    QCOMPARE(geometries(), before);
}

QTEST_MAIN(TestWindowControl)
#include "tst_windowcontrol.moc"
