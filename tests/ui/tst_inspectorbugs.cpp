// Issue 14: what a new user hit in the inspector window, end to end through the window with
// the real server and real clients (QWebSocket, or a raw TCP peer where QWebSocket cannot
// play the part). Offscreen platform, 127.0.0.1, port 0.
#include "closeinspector.h"
#include "closetracker.h"
#include "connectionmodel.h"
#include "framefilterproxy.h"
#include "framelogmodel.h"
#include "mainwindow.h"
#include "sendpanel.h"
#include "settingsdialog.h"

#include "protocol/closecode.h"
#include "protocol/frame.h"
#include "server/websocketserver.h"

#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QWebSocket>
#include <QWheelEvent>
#include <QtTest>

#include "ui/uitestutil.h"

using namespace framescope;

namespace {

using uitest::kTimeoutMs;
using uitest::openClient;

// A WebSocket peer over plain TCP: it sends exactly what a test needs (an extension offer,
// a close frame) and waits for the server instead of closing by itself.
class RawPeer
{
public:
    bool open(quint16 port, const QByteArray &extraHeaders = {})
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        if (!m_socket.waitForConnected(kTimeoutMs))
            return false;
        m_socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                       "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                       "Sec-WebSocket-Version: 13\r\n" +
                       extraHeaders + "\r\n");
        if (!QTest::qWaitFor(
                [this] { return (m_buffer += m_socket.readAll()).contains("\r\n\r\n"); },
                kTimeoutMs))
            return false;
        const bool upgraded = m_buffer.startsWith("HTTP/1.1 101");
        m_buffer = m_buffer.mid(m_buffer.indexOf("\r\n\r\n") + 4);
        return upgraded;
    }
    void sendClose(quint16 code, const QByteArray &reason)
    {
        const QByteArray payload = QByteArray(1, char(code >> 8)) + char(code & 0xff) + reason;
        const QByteArray mask = QByteArray::fromHex("11223344");
        QByteArray frame = QByteArray::fromHex("88") + char(0x80 | payload.size()) + mask;
        for (int i = 0; i < payload.size(); ++i)
            frame += char(payload[i] ^ mask[i % 4]);
        m_socket.write(frame);
    }
    // The first frame the server sent: opcode byte, payload.
    bool readFrame(quint8 *head, QByteArray *payload)
    {
        if (!QTest::qWaitFor(
                [this] {
                    m_buffer += m_socket.readAll();
                    return m_buffer.size() >= 2 && m_buffer.size() >= 2 + (m_buffer[1] & 0x7f);
                },
                kTimeoutMs))
            return false;
        *head = quint8(m_buffer[0]);
        const int length = m_buffer[1] & 0x7f;
        *payload = m_buffer.mid(2, length);
        m_buffer.remove(0, 2 + length);
        return true;
    }
    QByteArray pending()
    {
        m_buffer += m_socket.readAll();
        return m_buffer;
    }
    QTcpSocket &socket() { return m_socket; }

private:
    QTcpSocket m_socket;
    QByteArray m_buffer;
};

int activeFd(const ConnectionModel *model, int exceptFd = 0)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        const ConnectionRecord *c = model->record(row);
        if (c->status == StatusActive && !c->closed() && c->fd != exceptFd)
            return c->fd;
    }
    return 0;
}

void selectFd(MainWindow &window, int fd)
{
    QAbstractItemModel *model = window.connectionView()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(ConnectionModel::FdRole).toInt() == fd) {
            window.connectionView()->selectionModel()->select(model->index(row, 0),
                                                              QItemSelectionModel::ClearAndSelect |
                                                                  QItemSelectionModel::Rows);
            return;
        }
    }
    QFAIL("no row for the fd");
}

QString fdCell(const QAbstractItemModel *log, int row)
{
    return log->index(row, FrameLogModel::ColFd).data().toString();
}

} // namespace

class TestInspectorBugs : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void restartKeepsConnectionsApart();
    void connectionRowsNeverMerge();
    void heldCloseWaitsForTheUser();
    void heldCloseCountdown();
    void closeCodeHintFollowsTheText();
    void settingsSpinBoxesIgnoreTheWheelWithoutFocus();
    void importShownOnItsOwn();
    void sendPanelOffForClosedConnections();
    void compressOnlyWithDeflate();
    void everyWireCloseCodeFromTheWindow();
};

void TestInspectorBugs::initTestCase()
{
    uitest::isolateSettings();
}

// Bugs 1 and 7: OK in Settings restarts the server; the new connection is a row, a frame
// log fd and a close session of its own, and the header counts agree with the table.
void TestInspectorBugs::restartKeepsConnectionsApart()
{
    ServerOptions options;
    MainWindow window(QStringLiteral("127.0.0.1"), 0, options, MainWindow::MessageMode::Echo);
    window.show();
    QVERIFY(window.startServer());
    ConnectionModel *connections = window.connectionModel();
    QWebSocket first;
    QVERIFY(openClient(first, window.listeningUrl()));
    QSignalSpy echoed(&first, &QWebSocket::textMessageReceived);
    first.sendTextMessage(QStringLiteral("before the restart"));
    QTRY_COMPARE_WITH_TIMEOUT(echoed.size(), 1, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(activeFd(connections) != 0, kTimeoutMs);
    const int oldFd = activeFd(connections);

    QSignalSpy gone(&first, &QWebSocket::disconnected);
    options.websocket_subprotocol = QStringLiteral("chat"); // what Settings → OK does
    window.setServerOptions(options);
    QTRY_COMPARE_WITH_TIMEOUT(gone.size(), 1, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(window.isListening(), kTimeoutMs);
    QWebSocket second;
    QVERIFY(openClient(second, window.listeningUrl()));
    QTRY_VERIFY_WITH_TIMEOUT(activeFd(connections) != 0, kTimeoutMs);
    const int newFd = activeFd(connections);
    QVERIFY2(newFd != oldFd, qPrintable(QString::number(newFd)));

    // Two rows: the old one closed with 1001 and its counters, the new one fresh.
    QTRY_COMPARE_WITH_TIMEOUT(connections->rowCount(), 2, kTimeoutMs);
    const ConnectionRecord *oldRow = connections->recordForFd(oldFd);
    const ConnectionRecord *newRow = connections->recordForFd(newFd);
    QVERIFY(oldRow && newRow && oldRow != newRow);
    QVERIFY(oldRow->closed());
    QCOMPARE(oldRow->closeCode, quint16(1001));
    QVERIFY(!newRow->closed());
    QCOMPARE(newRow->closeCode, quint16(0));
    QCOMPARE(newRow->framesIn, 0);
    QCOMPARE(
        connections
            ->data(connections->index(connections->rowForFd(newFd), ConnectionModel::ColStatus),
                   Qt::DisplayRole)
            .toString(),
        QStringLiteral("3 ACTIVE"));

    // The close inspector: one session, of the old connection.
    QCOMPARE(window.closeTracker()->sessions().size(), 1);
    QCOMPARE(window.closeTracker()->sessions().first().fd, oldFd);
    QVERIFY(!window.closeTracker()->sessionForFd(newFd));

    // The frame log: the open of the new connection names the new fd.
    FrameLogModel *log = window.frameLog();
    log->flush();
    int newFdRows = 0;
    for (int row = 0; row < log->rowCount(); ++row)
        newFdRows += fdCell(log, row) == QString::number(newFd);
    QVERIFY(newFdRows >= 1);

    // The header: counts of the table's rows.
    QTRY_VERIFY_WITH_TIMEOUT(
        window.countsText().startsWith(QStringLiteral("2 connections: 1 active, 1 closed")),
        kTimeoutMs);
}

// Bug 7 at the model: a log whose server numbered from 1 again (an old export) gives a
// second row, and a closed row never counts as active.
void TestInspectorBugs::connectionRowsNeverMerge()
{
    ConnectionModel model;
    EventBatch records;
    const auto add = [&records](EventRecord::Kind kind, qint64 t) {
        EventRecord r;
        r.kind = kind;
        r.fd = 1;
        r.timeUs = t;
        r.peerAddress = QHostAddress(QHostAddress::LocalHost);
        r.peerPort = quint16(40000 + t);
        if (kind == EventRecord::Kind::Closed)
            r.closeCode = 1001;
        records.push_back(r);
    };
    add(EventRecord::Kind::TcpConnected, 1);
    add(EventRecord::Kind::HandshakeAccepted, 2);
    add(EventRecord::Kind::Closed, 3);
    add(EventRecord::Kind::TcpConnected, 4);
    add(EventRecord::Kind::HandshakeAccepted, 5);
    model.addRecords(records);
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(model.record(0)->closed());
    QCOMPARE(model.record(0)->closeCode, quint16(1001));
    QVERIFY(!model.record(1)->closed());
    QCOMPARE(model.record(1)->closeCode, quint16(0));
    QCOMPARE(model.establishedCount(), 1);
    QCOMPARE(model.closedCount(), 1);
    QCOMPARE(model.openCount(), 1);
    QCOMPARE(model.rowForFd(1), 1);
}

// Bug 2: at the defaults a held close waits for the user, past close_timeout_ms.
void TestInspectorBugs::heldCloseWaitsForTheUser()
{
    ServerOptions options;
    options.open_websocket_close_frame = true;
    options.close_timeout_ms = 100;
    MainWindow window(QStringLiteral("127.0.0.1"), 0, options, MainWindow::MessageMode::Echo);
    window.show();
    QVERIFY(window.startServer());
    RawPeer peer;
    QVERIFY(peer.open(window.server()->serverPort()));
    QTRY_VERIFY_WITH_TIMEOUT(activeFd(window.connectionModel()) != 0, kTimeoutMs);
    const int fd = activeFd(window.connectionModel());
    QSignalSpy held(window.closeTracker(), &CloseTracker::closeHeld);
    peer.sendClose(1000, "done");
    QTRY_COMPARE_WITH_TIMEOUT(held.size(), 1, kTimeoutMs);
    const QString text = window.closeInspector()->heldText();
    QVERIFY2(text.contains(QStringLiteral("It waits for your reply (held_close_timeout_ms = 0)")),
             qPrintable(text));

    // The header counts the closing connection too: the numbers add up to the table's rows.
    QTRY_VERIFY_WITH_TIMEOUT(window.countsText().startsWith(QStringLiteral(
                                 "1 connections: 0 active, 1 opening or closing, 0 closed")),
                             kTimeoutMs);
    // Several close_timeout_ms later the connection is still there, nothing was sent.
    QSignalSpy dropped(&peer.socket(), &QTcpSocket::disconnected);
    QVERIFY(!dropped.wait(600));
    QVERIFY(peer.pending().isEmpty());
    QVERIFY(window.closeTracker()->sessionForFd(fd)->held);

    auto *echo = window.closeInspector()->findChild<QPushButton *>(QStringLiteral("echoButton"));
    QVERIFY(echo && echo->isVisibleTo(window.closeInspector()));
    QTest::mouseClick(echo, Qt::LeftButton);
    quint8 head = 0;
    QByteArray payload;
    QVERIFY(peer.readFrame(&head, &payload));
    QCOMPARE(head, quint8(0x88));
    QCOMPARE(payload, QByteArray::fromHex("03e8") + "done");
    QTRY_VERIFY_WITH_TIMEOUT(!window.closeTracker()->sessionForFd(fd)->held, kTimeoutMs);
}

// Bug 2: held_close_timeout_ms is its own setting, counted down in the close inspector.
void TestInspectorBugs::heldCloseCountdown()
{
    ServerOptions options;
    options.open_websocket_close_frame = true;
    options.held_close_timeout_ms = 30000;
    MainWindow window(QStringLiteral("127.0.0.1"), 0, options, MainWindow::MessageMode::Echo);
    window.show();
    QVERIFY(window.startServer());
    QCOMPARE(window.server()->options().held_close_timeout_ms, 30000);
    RawPeer peer;
    QVERIFY(peer.open(window.server()->serverPort()));
    QTRY_VERIFY_WITH_TIMEOUT(activeFd(window.connectionModel()) != 0, kTimeoutMs);
    QSignalSpy held(window.closeTracker(), &CloseTracker::closeHeld);
    peer.sendClose(4001, "bye");
    QTRY_COMPARE_WITH_TIMEOUT(held.size(), 1, kTimeoutMs);
    const QRegularExpression countdown(
        QStringLiteral("drops the TCP connection in (\\d+) s \\(held_close_timeout_ms = 30000\\)"));
    QRegularExpressionMatch m = countdown.match(window.closeInspector()->heldText());
    QVERIFY2(m.hasMatch(), qPrintable(window.closeInspector()->heldText()));
    const int first = m.captured(1).toInt();
    QVERIFY(first <= 30 && first >= 20);
    // It counts down.
    QTRY_VERIFY_WITH_TIMEOUT(
        (m = countdown.match(window.closeInspector()->heldText())).hasMatch() &&
            m.captured(1).toInt() < first,
        kTimeoutMs);
}

// Bug 3: the hint follows the current text of the close code.
void TestInspectorBugs::closeCodeHintFollowsTheText()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Silent);
    window.show();
    QVERIFY(window.startServer());
    QWebSocket client;
    QVERIFY(openClient(client, window.listeningUrl()));
    QTRY_VERIFY_WITH_TIMEOUT(activeFd(window.connectionModel()) != 0, kTimeoutMs);
    selectFd(window, activeFd(window.connectionModel()));
    SendPanel *panel = window.sendPanel();
    QLineEdit *edit = panel->closeCodeCombo()->lineEdit();
    QVERIFY(edit);
    edit->clear();
    QTest::keyClicks(edit, QStringLiteral("400"));
    QVERIFY2(panel->statusText().contains(QStringLiteral("400 is below 1000")),
             qPrintable(panel->statusText()));
    QVERIFY(!panel->disconnectButton()->isEnabled());
    QTest::keyClicks(edit, QStringLiteral("3"));
    QCOMPARE(panel->closeCodeCombo()->currentText(), QStringLiteral("4003"));
    QVERIFY(panel->disconnectButton()->isEnabled());
    QVERIFY2(!panel->statusText().contains(QStringLiteral("below 1000")),
             qPrintable(panel->statusText()));
    // A reason that is too long, then fixed: same.
    panel->reasonEdit()->setText(QString(124, QLatin1Char('r')));
    QVERIFY(panel->statusText().contains(QStringLiteral("124 bytes")));
    QVERIFY(!panel->disconnectButton()->isEnabled());
    QTest::keyClick(panel->reasonEdit(), Qt::Key_Backspace);
    QVERIFY2(panel->statusText().isEmpty(), qPrintable(panel->statusText()));
    QVERIFY(panel->disconnectButton()->isEnabled());
}

// Bug 4: the wheel over a spin box scrolls the dialog; only a focused box takes it.
void TestInspectorBugs::settingsSpinBoxesIgnoreTheWheelWithoutFocus()
{
    SettingsDialog dialog(ServerOptions{}, 100000);
    dialog.resize(560, 400);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *scroll = dialog.findChild<QScrollArea *>();
    QVERIFY(scroll);
    QScrollBar *bar = scroll->verticalScrollBar();
    QVERIFY(bar->maximum() > 0);
    for (const char *name : {"buffer_output_size", "handshake_max_size"}) {
        auto *spin = dialog.findChild<QAbstractSpinBox *>(QLatin1String(name));
        QVERIFY2(spin, name);
        scroll->ensureWidgetVisible(spin);
        const QString before = spin->text();
        const int scrolledBefore = bar->value();
        const QPointF at(spin->width() / 2.0, spin->height() / 2.0);
        QWheelEvent down(at, spin->mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton,
                         Qt::NoModifier, Qt::NoScrollPhase, false);
        QVERIFY(!spin->hasFocus());
        QApplication::sendEvent(spin, &down);
        QCOMPARE(spin->text(), before);
        // Ignored: a real (spontaneous) wheel event goes on to the scroll area.
        QVERIFY(!down.isAccepted());
        QWheelEvent onArea(QPointF(5, 5), scroll->viewport()->mapToGlobal(QPointF(5, 5)), QPoint(),
                           QPoint(0, -120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(scroll->viewport(), &onArea);
        QVERIFY2(bar->value() != scrolledBefore || bar->value() == bar->maximum(), name);

        // With focus (clicked or tabbed into) it takes the wheel.
        dialog.activateWindow();
        spin->setFocus(Qt::TabFocusReason);
        QTRY_VERIFY(spin->hasFocus());
        QWheelEvent again(at, spin->mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(spin, &again);
        QVERIFY2(spin->text() != before, name);
        spin->clearFocus();
    }
}

// Bug 5: an import is shown on its own, numbered from 1, clearly marked; live capture goes
// on untouched and "Back to live capture" shows it.
void TestInspectorBugs::importShownOnItsOwn()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Echo);
    window.show();
    QVERIFY(window.startServer());
    QWebSocket client;
    QVERIFY(openClient(client, window.listeningUrl()));
    QSignalSpy echoed(&client, &QWebSocket::textMessageReceived);
    client.sendTextMessage(QStringLiteral("saved"));
    QTRY_COMPARE_WITH_TIMEOUT(echoed.size(), 1, kTimeoutMs);
    FrameLogModel *live = window.frameLog();
    // open, in, out: the echo's record trails the client's signal.
    QTRY_VERIFY_WITH_TIMEOUT(live->rowCount() >= 3 &&
                                 live->entry(live->rowCount() - 1)->record->direction ==
                                     Direction::Out,
                             kTimeoutMs);
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("session.jsonl"));
    QString error;
    QVERIFY2(window.exportLog(file, &error), qPrintable(error));
    const int savedRows = live->rowCount();

    // More live traffic first: the live log numbers on past the saved rows.
    for (int i = 0; i < 5; ++i)
        client.sendTextMessage(QStringLiteral("more %1").arg(i));
    QTRY_COMPARE_WITH_TIMEOUT(echoed.size(), 6, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(live->rowCount(), savedRows + 10, kTimeoutMs);
    const int liveRows = live->rowCount();

    QVERIFY2(window.importLog(file, &error), qPrintable(error));
    QVERIFY(window.showingImport());
    // The views show the imported session's own models.
    auto *proxy = qobject_cast<FrameFilterProxy *>(window.frameView()->model());
    QVERIFY(proxy);
    QVERIFY(proxy->sourceModel() != live);
    QCOMPARE(proxy->rowCount(), savedRows);
    QCOMPARE(proxy->index(0, FrameLogModel::ColNumber).data().toString(), QStringLiteral("1"));
    QVERIFY(window.connectionView()->model() != window.connectionModel());
    QCOMPARE(window.connectionView()->model()->rowCount(), 1);
    QVERIFY(window.closeInspector()->tracker() != window.closeTracker());
    QVERIFY2(window.importBarText().contains(QStringLiteral("session.jsonl")),
             qPrintable(window.importBarText()));
    QVERIFY(window.windowTitle().contains(QStringLiteral("imported")));
    // Sending works on live connections only.
    selectFd(window, 1);
    QVERIFY(!window.sendPanel()->sendButton()->isEnabled());
    QVERIFY(window.sendPanel()->unavailableText().contains(QStringLiteral("imported")));

    // Live capture goes on, into the live log only, and the bar counts it.
    client.sendTextMessage(QStringLiteral("while imported"));
    QTRY_COMPARE_WITH_TIMEOUT(echoed.size(), 7, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(live->rowCount() >= liveRows + 2, kTimeoutMs);
    QCOMPARE(proxy->rowCount(), savedRows);
    QCOMPARE(window.importedLog()->rowCount(), savedRows);
    QTRY_VERIFY_WITH_TIMEOUT(
        window.importBarText().contains(QStringLiteral("2 new live rows meanwhile")), kTimeoutMs);
    for (int row = 0; row < proxy->rowCount(); ++row)
        QVERIFY(!proxy->index(row, FrameLogModel::ColPreview)
                     .data()
                     .toString()
                     .contains(QStringLiteral("while imported")));

    QTest::mouseClick(window.backToLiveButton(), Qt::LeftButton);
    QVERIFY(!window.showingImport());
    QVERIFY(window.importBarText().isEmpty());
    QCOMPARE(proxy->sourceModel(), live);
    QCOMPARE(window.connectionView()->model(), window.connectionModel());
    QCOMPARE(window.closeInspector()->tracker(), window.closeTracker());
    QCOMPARE(proxy->rowCount(), live->rowCount());
    selectFd(window, 1);
    QVERIFY(window.sendPanel()->sendButton()->isEnabled() ||
            window.sendPanel()->payloadEdit()->toPlainText().isEmpty());
    QVERIFY(window.sendPanel()->unavailableText().isEmpty());
}

// Bug 6: no send, ping or close for a closed connection, and the panel says why.
void TestInspectorBugs::sendPanelOffForClosedConnections()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Silent);
    window.show();
    QVERIFY(window.startServer());
    QWebSocket client;
    QVERIFY(openClient(client, window.listeningUrl()));
    QTRY_VERIFY_WITH_TIMEOUT(activeFd(window.connectionModel()) != 0, kTimeoutMs);
    const int fd = activeFd(window.connectionModel());
    selectFd(window, fd);
    SendPanel *panel = window.sendPanel();
    panel->payloadEdit()->setPlainText(QStringLiteral("hello"));
    QVERIFY(panel->sendButton()->isEnabled());
    QVERIFY(panel->pingButton()->isEnabled());
    QVERIFY(panel->unavailableText().isEmpty());

    client.close();
    QTRY_VERIFY_WITH_TIMEOUT(window.connectionModel()->recordForFd(fd)->closed(), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!panel->sendButton()->isEnabled(), kTimeoutMs);
    QVERIFY(!panel->pingButton()->isEnabled());
    QVERIFY(!panel->disconnectButton()->isEnabled());
    QVERIFY(!panel->dropButton()->isEnabled());
    QCOMPARE(panel->unavailableText(),
             QStringLiteral("fd %1 is closed: nothing can be sent to it.").arg(fd));
    // Broadcast does not depend on the selection.
    QVERIFY(panel->broadcastButton()->isEnabled());
}

// Bug 8: COMPRESS only for connections that negotiated permessage-deflate.
void TestInspectorBugs::compressOnlyWithDeflate()
{
    ServerOptions options;
    options.websocket_compression = true;
    MainWindow window(QStringLiteral("127.0.0.1"), 0, options, MainWindow::MessageMode::Silent);
    window.show();
    QVERIFY(window.startServer());
    QWebSocket plain; // QWebSocket offers no extension
    QVERIFY(openClient(plain, window.listeningUrl()));
    QTRY_VERIFY_WITH_TIMEOUT(activeFd(window.connectionModel()) != 0, kTimeoutMs);
    const int plainFd = activeFd(window.connectionModel());
    RawPeer deflate;
    QVERIFY(deflate.open(window.server()->serverPort(),
                         "Sec-WebSocket-Extensions: permessage-deflate\r\n"));
    QTRY_VERIFY_WITH_TIMEOUT(activeFd(window.connectionModel(), plainFd) != 0, kTimeoutMs);
    const int deflateFd = activeFd(window.connectionModel(), plainFd);
    SendPanel *panel = window.sendPanel();

    selectFd(window, plainFd);
    QVERIFY(!panel->compressCheck()->isEnabled());
    QVERIFY2(panel->compressCheck()->toolTip().contains(QStringLiteral("did not negotiate")),
             qPrintable(panel->compressCheck()->toolTip()));

    selectFd(window, deflateFd);
    QVERIFY(panel->compressCheck()->isEnabled());
    panel->compressCheck()->setChecked(true);
    panel->payloadEdit()->setPlainText(QString(200, QLatin1Char('z')));
    QTest::mouseClick(panel->sendButton(), Qt::LeftButton);
    quint8 head = 0;
    QByteArray payload;
    QVERIFY(deflate.readFrame(&head, &payload));
    QCOMPARE(head, quint8(0xc1)); // FIN, RSV1, text: compressed
    QVERIFY(payload.size() < 200);

    // Both selected: one without deflate turns it off.
    window.connectionView()->selectAll();
    QCOMPARE(panel->targets().size(), 2);
    QVERIFY(!panel->compressCheck()->isEnabled());
}

// Bug 9: the picker offers every code valid on the wire, 1012-1014 included, and sends
// them; the library's disconnect() keeps Swoole's rule.
void TestInspectorBugs::everyWireCloseCodeFromTheWindow()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Silent);
    window.show();
    QVERIFY(window.startServer());
    SendPanel *panel = window.sendPanel();
    QList<int> offered;
    for (int i = 0; i < panel->closeCodeCombo()->count(); ++i)
        offered << panel->closeCodeCombo()->itemData(i).toInt();
    for (int code :
         {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4000})
        QVERIFY2(offered.contains(code), qPrintable(QString::number(code)));
    for (int code : {1004, 1005, 1006, 1015})
        QVERIFY2(!offered.contains(code), qPrintable(QString::number(code)));

    for (const int code : {1012, 1001, 3000}) {
        RawPeer peer; // QWebSocket refuses 1012-1014 from a server
        QVERIFY(peer.open(window.server()->serverPort()));
        QTRY_VERIFY_WITH_TIMEOUT(activeFd(window.connectionModel()) != 0, kTimeoutMs);
        const int fd = activeFd(window.connectionModel());
        selectFd(window, fd);
        panel->closeCodeCombo()->setCurrentIndex(panel->closeCodeCombo()->findData(code));
        panel->reasonEdit()->setText(QStringLiteral("why"));
        QVERIFY(panel->disconnectButton()->isEnabled());
        QTest::mouseClick(panel->disconnectButton(), Qt::LeftButton);
        quint8 head = 0;
        QByteArray payload;
        QVERIFY(peer.readFrame(&head, &payload));
        QCOMPARE(head, quint8(0x88));
        QCOMPARE(payload, QByteArray(1, char(code >> 8)) + char(code & 0xff) + "why");
        QTRY_VERIFY_WITH_TIMEOUT(window.connectionModel()->recordForFd(fd)->status == StatusClosing,
                                 kTimeoutMs);
        // The peer echoes it (RFC 6455 §5.5.1): a clean close with that code, no 1002.
        peer.sendClose(quint16(code), "why");
        QTRY_VERIFY_WITH_TIMEOUT(window.connectionModel()->recordForFd(fd)->closed(), kTimeoutMs);
        QCOMPARE(window.connectionModel()->recordForFd(fd)->closeCode, quint16(code));
        QCOMPARE(window.closeTracker()->sessionForFd(fd)->frames.size(), 2);
        QVERIFY(window.closeTracker()->sessionForFd(fd)->protocolError.isEmpty());
    }
    panel->closeCodeCombo()->setEditText(QStringLiteral("1015"));
    QVERIFY(panel->statusText().contains(QStringLiteral("1015 must not be sent")));

    // The shared rule, and Swoole's disconnect() unchanged.
    QVERIFY(isSendableCloseCode(1013));
    QVERIFY(!isSendableCloseCode(1015));
    QVERIFY(isValidWireCloseCode(1013)); // and the server accepts the peer's echo of it
    QVERIFY(!window.server()->disconnect(1, 1001, {}));
    QCOMPARE(window.server()->lastError(), ServerError::InvalidCloseCode);
}

QTEST_MAIN(TestInspectorBugs)
#include "tst_inspectorbugs.moc"
