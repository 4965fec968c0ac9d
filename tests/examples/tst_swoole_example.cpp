// Runs the README's embedding example and checks it behaves like the Swoole quick start.
#include <QProcess>
#include <QTcpServer>
#include <QTest>
#include <QWebSocket>

class TestSwooleExample : public QObject
{
    Q_OBJECT

private slots:
    void echoServerBehaviour();
};

void TestSwooleExample::echoServerBehaviour()
{
    QTcpServer probe; // find a free port for the example's command line
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();

    QProcess example;
    example.start(QStringLiteral(FRAMESCOPE_SWOOLE_EXAMPLE), {QString::number(port)});
    QVERIFY2(example.waitForStarted(5000), qPrintable(example.errorString()));

    QWebSocket client;
    QStringList received;
    connect(&client, &QWebSocket::textMessageReceived, this,
            [&](const QString &text) { received << text; });
    // The example binds asynchronously: retry the connection for a bounded time.
    for (int attempt = 0; attempt < 50 && client.state() != QAbstractSocket::ConnectedState;
         ++attempt) {
        client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port)));
        (void)QTest::qWaitFor(
            [&] {
                return client.state() == QAbstractSocket::ConnectedState ||
                       client.state() == QAbstractSocket::UnconnectedState;
            },
            2000);
        if (client.state() != QAbstractSocket::ConnectedState)
            QTest::qWait(100);
    }
    QCOMPARE(client.state(), QAbstractSocket::ConnectedState);

    client.sendTextMessage(QStringLiteral("hello"));
    QTRY_COMPARE_WITH_TIMEOUT(received, QStringList{QStringLiteral("this is server")}, 5000);
    client.close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("bye"));
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), QAbstractSocket::UnconnectedState, 5000);
    QCOMPARE(client.closeCode(), QWebSocketProtocol::CloseCodeNormal);

    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += example.readAllStandardOutput()).contains("closed\n"), 5000);
    example.terminate();
    QVERIFY(example.waitForFinished(5000));
    out += example.readAllStandardOutput();
    QCOMPARE(out, QByteArray("server: handshake success with fd1\n"
                             "receive from 1:hello,opcode:1,fin:1\n"
                             "client 1 closed\n"));
}

QTEST_GUILESS_MAIN(TestSwooleExample)
#include "tst_swoole_example.moc"
