// The inspector window end to end: the real server started from the window, a QWebSocket
// client, the send panel, the close inspector. Offscreen platform, 127.0.0.1, port 0.
#include "closeinspector.h"
#include "closetracker.h"
#include "connectionmodel.h"
#include "framelogmodel.h"
#include "mainwindow.h"
#include "sendpanel.h"

#include "protocol/frame.h"
#include "server/tls.h"
#include "server/websocketserver.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QStandardPaths>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QWebSocket>
#include <QtTest>

using namespace framescope;

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void endToEnd();
    void manySmallBatchesAllRecorded();
    void heldCloseEcho();
    void portTakenOffersAnother();
    void stopKeepsTheWindowLive();
    void broadcastModeRelaysToOthers();
    void exportImportRoundTrip();
    void failedPushesInTheFrameLog();
    void tlsUrlAndConnectionDetails();

private:
    static int rowWithStatus(const ConnectionModel *model, int status);
    static bool connect(QWebSocket &client, const QString &url);
    static void select(MainWindow &window, int fd);
};

void TestMainWindow::initTestCase()
{
    // Never touch the user's saved settings.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("FramescopeTest"));
}

int TestMainWindow::rowWithStatus(const ConnectionModel *model, int status)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->record(row)->status == status)
            return row;
    }
    return -1;
}

bool TestMainWindow::connect(QWebSocket &client, const QString &url)
{
    QSignalSpy connected(&client, &QWebSocket::connected);
    client.open(QUrl(url));
    return connected.wait(10000);
}

void TestMainWindow::select(MainWindow &window, int fd)
{
    const int row = window.connectionModel()->rowForFd(fd);
    window.connectionView()->selectionModel()->select(window.connectionModel()->index(row, 0),
                                                      QItemSelectionModel::ClearAndSelect |
                                                          QItemSelectionModel::Rows);
}

void TestMainWindow::manySmallBatchesAllRecorded()
{
    // Interactive traffic: every echo in an observer batch of its own. The frame log keeps
    // its rows for long; it must not keep the server's batches (counted as in flight until
    // released), or after 64 of them the server recorded nothing more ("server queue full").
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Echo);
    window.show();
    QVERIFY(window.startServer());
    QWebSocket client;
    QVERIFY(connect(client, window.listeningUrl()));
    QSignalSpy texts(&client, &QWebSocket::textMessageReceived);
    constexpr int Messages = 100;
    for (int i = 0; i < Messages; ++i) {
        client.sendTextMessage(QStringLiteral("message %1").arg(i));
        QTRY_COMPARE_WITH_TIMEOUT(texts.size(), i + 1, 10000);
        QTest::qWait(12); // past the server's 10 ms observer tick: the next batch
    }
    FrameLogModel *log = window.frameLog();
    const auto dataFrames = [log] {
        int n = 0;
        for (int row = 0; row < log->rowCount(); ++row) {
            const LogEntry *e = log->entry(row);
            n += e->record->kind == EventRecord::Kind::Frame && e->record->opcode == OpText;
        }
        return n;
    };
    QTRY_COMPARE_WITH_TIMEOUT(dataFrames(), 2 * Messages, 10000);
    QCOMPARE(log->serverDropped(), 0);
    QCOMPARE(log->evictedRows(), 0);
    client.close();
}

void TestMainWindow::endToEnd()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Silent);
    window.show();
    QVERIFY(window.startServer());
    QVERIFY(window.isListening());
    QVERIFY(window.listeningUrl().startsWith(QStringLiteral("ws://127.0.0.1:")));
    QVERIFY(!window.bannerVisible());

    QWebSocket client;
    QVERIFY(connect(client, window.listeningUrl()));
    ConnectionModel *connections = window.connectionModel();
    QTRY_VERIFY_WITH_TIMEOUT(rowWithStatus(connections, StatusActive) >= 0, 10000);
    const int row = rowWithStatus(connections, StatusActive);
    const int fd = connections->record(row)->fd;
    QCOMPARE(connections->data(connections->index(row, ConnectionModel::ColStatus), Qt::DisplayRole)
                 .toString(),
             QStringLiteral("3 ACTIVE"));
    QVERIFY(connections->record(row)->requestHead.startsWith("GET "));
    QVERIFY(connections->record(row)->responseHead.startsWith("HTTP/1.1 101"));

    // Select it: the send panel targets it and the details show the handshake.
    select(window, fd);
    SendPanel *panel = window.sendPanel();
    QCOMPARE(panel->targets(), QList<int>{fd});
    QTRY_VERIFY(window.connectionDetailsText().contains(QStringLiteral("Handshake request")));
    QVERIFY(window.connectionDetailsText().contains(QStringLiteral("GET ")));

    // Push text from the panel.
    QSignalSpy texts(&client, &QWebSocket::textMessageReceived);
    panel->payloadEdit()->setPlainText(QStringLiteral("hello from the panel"));
    QVERIFY(panel->sendButton()->isEnabled());
    QTest::mouseClick(panel->sendButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 1, 10000);
    QCOMPARE(texts.first().first().toString(), QStringLiteral("hello from the panel"));

    // A fragmented message: FIN off, then a final continuation.
    panel->finCheck()->setChecked(false);
    panel->payloadEdit()->setPlainText(QStringLiteral("Hel"));
    QTest::mouseClick(panel->sendButton(), Qt::LeftButton);
    QVERIFY(panel->fragmentOpen(fd));
    QVERIFY(panel->sendButton()->text().contains(QStringLiteral("continuation")));
    panel->finCheck()->setChecked(true);
    panel->payloadEdit()->setPlainText(QStringLiteral("lo"));
    QTest::mouseClick(panel->sendButton(), Qt::LeftButton);
    QVERIFY(!panel->fragmentOpen(fd));
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 2, 10000);
    QCOMPARE(texts.at(1).first().toString(), QStringLiteral("Hello"));

    // Binary from hex input.
    QSignalSpy binaries(&client, &QWebSocket::binaryMessageReceived);
    panel->typeCombo()->setCurrentIndex(1);
    panel->payloadEdit()->setPlainText(QStringLiteral("00 ff 7f"));
    QTest::mouseClick(panel->sendButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(binaries.size(), 1, 10000);
    QCOMPARE(binaries.first().first().toByteArray(), QByteArray::fromHex("00ff7f"));

    // The frame log shows what went out, with opcode names and the continuation.
    FrameLogModel *log = window.frameLog();
    QTRY_VERIFY_WITH_TIMEOUT(log->rowCount() >= 5, 10000);
    QStringList opcodes;
    for (int r = 0; r < log->rowCount(); ++r) {
        if (log->entry(r)->record->kind == EventRecord::Kind::Frame &&
            log->entry(r)->record->direction == Direction::Out)
            opcodes
                << log->data(log->index(r, FrameLogModel::ColOpcode), Qt::DisplayRole).toString();
    }
    QCOMPARE(opcodes,
             (QStringList{QStringLiteral("TEXT (1)"), QStringLiteral("TEXT (1)"),
                          QStringLiteral("CONTINUATION (0)"), QStringLiteral("BINARY (2)")}));

    // Ping: the client's automatic pong gives a round-trip time.
    QTest::mouseClick(panel->pingButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!connections->recordForFd(fd)->rttsUs.isEmpty(), 10000);
    // The panel says where it shows: the connection table's RTT column (issue 14).
    const QString rttColumn =
        connections->headerData(ConnectionModel::ColRtt, Qt::Horizontal, Qt::DisplayRole)
            .toString();
    QVERIFY2(panel->statusText().contains(QStringLiteral("the %1 column").arg(rttColumn)),
             qPrintable(panel->statusText()));
    QVERIFY(!connections->index(connections->rowForFd(fd), ConnectionModel::ColRtt)
                 .data()
                 .toString()
                 .isEmpty());

    // A reason over 123 bytes disables Disconnect while typing.
    panel->closeCodeCombo()->setEditText(QStringLiteral("4001"));
    panel->reasonEdit()->setText(QString(124, QLatin1Char('x')));
    QVERIFY(!panel->disconnectButton()->isEnabled());
    panel->closeCodeCombo()->setEditText(QStringLiteral("1005"));
    panel->reasonEdit()->setText(QStringLiteral("bye"));
    QVERIFY(!panel->disconnectButton()->isEnabled()); // 1005 must not be sent

    // Disconnect with 4001 "bye": the client gets exactly that.
    QSignalSpy disconnected(&client, &QWebSocket::disconnected);
    panel->closeCodeCombo()->setEditText(QStringLiteral("4001"));
    QVERIFY(panel->disconnectButton()->isEnabled());
    QTest::mouseClick(panel->disconnectButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, 10000);
    QCOMPARE(int(client.closeCode()), 4001);
    QCOMPARE(client.closeReason(), QStringLiteral("bye"));

    // The close inspector shows both close frames, server first.
    CloseTracker *closes = window.closeTracker();
    QTRY_VERIFY_WITH_TIMEOUT(closes->sessionForFd(fd) && closes->sessionForFd(fd)->finished, 10000);
    const CloseSession *session = closes->sessionForFd(fd);
    QCOMPARE(session->frames.size(), 2);
    QCOMPARE(session->frames[0].direction, Direction::Out);
    QCOMPARE(session->frames[0].code, quint16(4001));
    QCOMPARE(session->frames[0].reason, QByteArray("bye"));
    QCOMPARE(session->frames[1].direction, Direction::In);
    QCOMPARE(session->initiator, Initiator::Server);
    window.closeInspector()->showFd(fd);
    const QString details = window.closeInspector()->detailsText();
    QVERIFY2(details.contains(QStringLiteral("server → client")), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("client → server")), qPrintable(details));
    QVERIFY(details.contains(QStringLiteral("Private use")));

    // The closed row stays, greyed, until cleared.
    QTRY_COMPARE_WITH_TIMEOUT(connections->recordForFd(fd)->status, int(StatusClosed), 10000);
    QVERIFY(connections->data(connections->index(connections->rowForFd(fd), 0), Qt::ForegroundRole)
                .isValid());
    QCOMPARE(
        connections
            ->data(connections->index(connections->rowForFd(fd), ConnectionModel::ColCloseCode),
                   Qt::DisplayRole)
            .toString(),
        QStringLiteral("4001"));
    connections->clearClosed();
    QCOMPARE(connections->rowForFd(fd), -1);
}

void TestMainWindow::heldCloseEcho()
{
    ServerOptions options;
    options.open_websocket_close_frame = true;
    MainWindow window(QStringLiteral("127.0.0.1"), 0, options, MainWindow::MessageMode::Echo);
    window.show(); // the held bar is laid out in a shown window only
    QVERIFY(window.startServer());
    // A raw client: QWebSocket drops TCP right after its own close frame, and this test
    // needs a peer that waits for the server's reply.
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, window.server()->serverPort());
    QVERIFY(client.waitForConnected(10000));
    client.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                 "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                 "Sec-WebSocket-Version: 13\r\n\r\n");
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT((received += client.readAll()).contains("\r\n\r\n"), 10000);
    QVERIFY(received.startsWith("HTTP/1.1 101"));
    received = received.mid(received.indexOf("\r\n\r\n") + 4);
    QTRY_VERIFY_WITH_TIMEOUT(rowWithStatus(window.connectionModel(), StatusActive) >= 0, 10000);
    const int fd =
        window.connectionModel()->record(rowWithStatus(window.connectionModel(), StatusActive))->fd;

    QSignalSpy held(window.closeTracker(), &CloseTracker::closeHeld);
    // Masked close frame: 1000 "done".
    const QByteArray payload = QByteArray::fromHex("03e8") + "done";
    const QByteArray mask = QByteArray::fromHex("11223344");
    QByteArray frame = QByteArray::fromHex("88") + char(0x80 | payload.size()) + mask;
    for (int i = 0; i < payload.size(); ++i)
        frame += char(payload[i] ^ mask[i % 4]);
    client.write(frame);
    QTRY_COMPARE_WITH_TIMEOUT(held.size(), 1, 10000);
    QCOMPARE(held.first().first().toInt(), fd);
    // The server holds it: no reply went out yet.
    QCOMPARE(window.closeTracker()->sessionForFd(fd)->frames.size(), 1);
    QVERIFY(window.closeTracker()->sessionForFd(fd)->held);
    received += client.readAll();
    QVERIFY(received.isEmpty());

    auto *echo = window.closeInspector()->findChild<QPushButton *>(QStringLiteral("echoButton"));
    QVERIFY(echo);
    QVERIFY(echo->isVisibleTo(window.closeInspector()));
    QCOMPARE(echo->text(), QStringLiteral("Echo 1000"));
    QTest::mouseClick(echo, Qt::LeftButton);
    // The echo on the wire: unmasked close frame, 1000 "done".
    QTRY_VERIFY_WITH_TIMEOUT((received += client.readAll()).size() >= 8, 10000);
    QCOMPARE(received.left(8), QByteArray::fromHex("8806") + payload);
    QTRY_VERIFY_WITH_TIMEOUT(window.closeTracker()->sessionForFd(fd)->frames.size() == 2, 10000);
    const CloseSession *s = window.closeTracker()->sessionForFd(fd);
    QCOMPARE(s->frames[1].direction, Direction::Out);
    QCOMPARE(s->frames[1].code, quint16(1000));
    QCOMPARE(s->frames[1].reason, QByteArray("done"));
    QCOMPARE(s->initiator, Initiator::Client);
    QVERIFY(!s->held);
}

void TestMainWindow::portTakenOffersAnother()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    const quint16 taken = squatter.serverPort();
    MainWindow window(QStringLiteral("127.0.0.1"), taken, ServerOptions{});
    window.show();
    QVERIFY(!window.startServer());
    QVERIFY(!window.isListening());
    QVERIFY(window.bannerVisible());
    QVERIFY2(window.bannerText().contains(QString::number(taken)), qPrintable(window.bannerText()));
    QCOMPARE(window.otherPortButton()->text(), QStringLiteral("Use port %1").arg(taken + 1));
    QVERIFY(window.otherPortButton()->isVisibleTo(&window));

    auto *anyPort = window.findChild<QPushButton *>(QStringLiteral("anyPortButton"));
    QVERIFY(anyPort);
    QTest::mouseClick(anyPort, Qt::LeftButton);
    QVERIFY(window.isListening());
    QVERIFY(!window.bannerVisible());
    QVERIFY(window.server()->serverPort() != taken);
    QCOMPARE(window.portSpin()->value(), int(window.server()->serverPort()));
}

void TestMainWindow::stopKeepsTheWindowLive()
{
    ServerOptions options;
    options.close_timeout_ms = 120000; // only answered closes end the stop within the test
    MainWindow window(QStringLiteral("127.0.0.1"), 0, options, MainWindow::MessageMode::Echo);
    window.show();
    QVERIFY(window.startServer());
    ConnectionModel *connections = window.connectionModel();

    // The client answers the close from this (the GUI) thread: a stop that blocked the
    // window until close_timeout_ms would leave it unanswered.
    QWebSocket client;
    QVERIFY(connect(client, window.listeningUrl()));
    QTRY_VERIFY_WITH_TIMEOUT(rowWithStatus(connections, StatusActive) >= 0, 10000);
    const int fd = connections->record(rowWithStatus(connections, StatusActive))->fd;
    QSignalSpy disconnected(&client, &QWebSocket::disconnected);
    window.startStopAction()->trigger();
    QVERIFY(!window.isListening());
    QVERIFY(!window.startStopAction()->isEnabled()); // until the closing handshakes end
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, 10000);
    QCOMPARE(int(client.closeCode()), 1001);
    QTRY_VERIFY_WITH_TIMEOUT(window.startStopAction()->isEnabled(), 10000);
    QVERIFY(!window.server()->isStopping());
    QTRY_COMPARE_WITH_TIMEOUT(connections->recordForFd(fd)->status, int(StatusClosed), 10000);
    QCOMPARE(
        connections
            ->data(connections->index(connections->rowForFd(fd), ConnectionModel::ColCloseCode),
                   Qt::DisplayRole)
            .toString(),
        QStringLiteral("1001"));

    // New settings restart a running server the same way, without a frozen window.
    window.startStopAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(window.isListening(), 10000);
    QWebSocket second;
    QVERIFY(connect(second, window.listeningUrl()));
    QSignalSpy secondGone(&second, &QWebSocket::disconnected);
    options.websocket_subprotocol = QStringLiteral("chat");
    window.setServerOptions(options);
    QTRY_COMPARE_WITH_TIMEOUT(secondGone.size(), 1, 10000);
    QCOMPARE(int(second.closeCode()), 1001);
    QTRY_VERIFY_WITH_TIMEOUT(window.isListening(), 10000);
    QCOMPARE(window.server()->options().websocket_subprotocol, QStringLiteral("chat"));
}

void TestMainWindow::broadcastModeRelaysToOthers()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Broadcast);
    QVERIFY(window.startServer());
    QWebSocket a, b;
    QVERIFY(connect(a, window.listeningUrl()));
    QVERIFY(connect(b, window.listeningUrl()));
    QTRY_COMPARE_WITH_TIMEOUT(window.server()->connections().size(), size_t(2), 10000);
    QTRY_VERIFY(window.server()->isEstablished(1) && window.server()->isEstablished(2));
    QStringList gotA, gotB;
    QObject::connect(&a, &QWebSocket::textMessageReceived, [&](const QString &t) { gotA << t; });
    QObject::connect(&b, &QWebSocket::textMessageReceived, [&](const QString &t) { gotB << t; });
    a.sendTextMessage(QStringLiteral("to the room"));
    QTRY_COMPARE_WITH_TIMEOUT(gotB, QStringList{QStringLiteral("to the room")}, 10000);
    // As --mode broadcast in the headless runner: the sender does not get its own message.
    b.sendTextMessage(QStringLiteral("reply"));
    QTRY_COMPARE_WITH_TIMEOUT(gotA, QStringList{QStringLiteral("reply")}, 10000);
    QCOMPARE(gotB, QStringList{QStringLiteral("to the room")});
}

void TestMainWindow::exportImportRoundTrip()
{
    MainWindow window(QStringLiteral("127.0.0.1"), 0, ServerOptions{},
                      MainWindow::MessageMode::Echo);
    QVERIFY(window.startServer());
    QWebSocket client;
    QVERIFY(connect(client, window.listeningUrl()));
    QSignalSpy echoed(&client, &QWebSocket::textMessageReceived);
    client.sendTextMessage(QStringLiteral("{\"echo\": true}"));
    QTRY_COMPARE_WITH_TIMEOUT(echoed.size(), 1, 10000);
    FrameLogModel *log = window.frameLog();
    QTRY_VERIFY_WITH_TIMEOUT(log->rowCount() >= 3, 10000); // open, in, out
    const int rows = log->rowCount();

    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("log.jsonl"));
    QString error;
    QVERIFY2(window.exportLog(file, &error), qPrintable(error));
    window.server()->stop();
    QVERIFY2(window.importLog(file, &error), qPrintable(error));
    log = window.importedLog(); // a session of its own (issue 14)
    QCOMPARE(log->rowCount(), rows);
    int textFrames = 0;
    for (int r = 0; r < log->rowCount(); ++r) {
        const EventRecord &rec = *log->entry(r)->record;
        if (rec.kind == EventRecord::Kind::Frame && rec.opcode == OpText) {
            QCOMPARE(rec.payload, QByteArray("{\"echo\": true}"));
            ++textFrames;
        }
    }
    QCOMPARE(textFrames, 2);
}

// Issue 13: with buffer_output_size under websocket_max_message_size the window warns at
// start, and every push that fails (the echo, the send panel's push and broadcast) is a
// NOT SENT row in the frame log, marked as an error.
void TestMainWindow::failedPushesInTheFrameLog()
{
    ServerOptions options;
    options.buffer_output_size = 1000;
    MainWindow window(QStringLiteral("127.0.0.1"), 0, options, MainWindow::MessageMode::Echo);
    QVERIFY(window.startServer());
    QVERIFY(window.bannerVisible());
    QVERIFY2(
        window.bannerText().contains(QStringLiteral("websocket_max_message_size (16777216)")) &&
            window.bannerText().contains(QStringLiteral("buffer_output_size (1000)")),
        qPrintable(window.bannerText()));
    QWebSocket client;
    QVERIFY(connect(client, window.listeningUrl()));
    QTRY_VERIFY_WITH_TIMEOUT(window.server()->isEstablished(1), 10000);
    client.sendTextMessage(QString(2000, QLatin1Char('e')));
    FrameLogModel *log = window.frameLog();
    auto failures = [log] {
        QStringList rows;
        for (int r = 0; r < log->rowCount(); ++r) {
            if (log->entry(r)->record->kind != EventRecord::Kind::OperationFailed)
                continue;
            QStringList cells;
            for (int c : {int(FrameLogModel::ColFd), int(FrameLogModel::ColOpcode),
                          int(FrameLogModel::ColPreview)})
                cells << log->data(log->index(r, c), Qt::DisplayRole).toString();
            if (log->data(log->index(r, 0), FrameLogModel::IsErrorRole).toBool())
                rows << cells.join(QLatin1Char('|'));
        }
        return rows;
    };
    // The echo's first, then the send panel's push and broadcast.
    QTRY_COMPARE_WITH_TIMEOUT(failures().size(), 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(window.connectionModel()->rowForFd(1) >= 0, 10000);
    select(window, 1);
    SendPanel *panel = window.sendPanel();
    QCOMPARE(panel->targets(), QList<int>{1});
    panel->payloadEdit()->setPlainText(QString(1500, QLatin1Char('p')));
    QVERIFY(panel->sendButton()->isEnabled());
    QTest::mouseClick(panel->sendButton(), Qt::LeftButton);
    QTest::mouseClick(panel->broadcastButton(), Qt::LeftButton);
    const QStringList expected = {
        QStringLiteral("1|NOT SENT|push of 2000 bytes to fd 1 refused: larger than "
                       "buffer_output_size (1000)"),
        QStringLiteral("1|NOT SENT|push of 1500 bytes to fd 1 refused: larger than "
                       "buffer_output_size (1000)"),
        QStringLiteral("|NOT SENT|broadcast of 1500 bytes refused: larger than "
                       "buffer_output_size (1000)")};
    QTRY_COMPARE_WITH_TIMEOUT(failures(), expected, 10000);
}

// TLS on: the toolbar URL says wss://, the Connection tab the version, cipher and SNI.
void TestMainWindow::tlsUrlAndConnectionDetails()
{
    QString error;
    const SelfSignedCertificate cert = generateSelfSigned({}, &error);
    QVERIFY2(!cert.certPem.isEmpty(), qPrintable(error));
    ServerOptions options;
    options.ssl_cert_pem = cert.certPem;
    options.ssl_key_pem = cert.keyPem;
    MainWindow window(QStringLiteral("127.0.0.1"), 0, options, MainWindow::MessageMode::Echo);
    window.show();
    QVERIFY(window.startServer());
    QVERIFY2(window.listeningUrl().startsWith(QStringLiteral("wss://127.0.0.1:")),
             qPrintable(window.listeningUrl()));

    QWebSocket client;
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setCaCertificates(QSslCertificate::fromData(cert.certPem));
    client.setSslConfiguration(conf);
    QVERIFY(connect(client, window.listeningUrl()));
    ConnectionModel *connections = window.connectionModel();
    QTRY_VERIFY_WITH_TIMEOUT(rowWithStatus(connections, StatusActive) >= 0, 10000);
    const int fd = connections->record(rowWithStatus(connections, StatusActive))->fd;
    select(window, fd);
    QTRY_VERIFY(window.connectionDetailsText().contains(QStringLiteral("TLS:         TLSv1.3 · ")));
    QVERIFY2(window.connectionDetailsText().contains(
                 QStringLiteral("SNI: (none) · ALPN: (none) · client certificate: (none)")),
             qPrintable(window.connectionDetailsText()));
    client.close();
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
