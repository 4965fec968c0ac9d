// The InlineServer seam (core/server/inlineserver.h) that the server fuzzer drives: the real
// worker path over socketpairs, run synchronously. Also the regressions found through it.

#include "server/inlineserver.h"
#include "server/websocketserver.h"
#include "servertestutil.h"

#include <QTest>

#include <csignal>

using namespace framescope;
using namespace framescope::test;

namespace {

void echo(WebSocketServer &s, const Frame &f)
{
    s.push(f.fd, f.data, f.opcode);
}

const QByteArray kUpgrade = RawClient::upgradeRequest();

} // namespace

class TestInlineServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { std::signal(SIGPIPE, SIG_IGN); }

    void refusesToStartWithoutHandler()
    {
        WebSocketServer server;
        InlineServer inl(server);
        QString error;
        QVERIFY(!inl.start(&error));
        QVERIFY2(error.contains(QLatin1String("onMessage")), qPrintable(error));
        QCOMPARE(inl.connect(), -1);
    }

    void echoAndClosingHandshake()
    {
        WebSocketServer server;
        server.onMessage(echo);
        InlineServer inl(server);
        QVERIFY(inl.start());
        QVERIFY(server.isRunning());
        const int c = inl.connect();
        QCOMPARE(c, 0);
        QVERIFY(inl.write(c, kUpgrade));
        QVERIFY(inl.pump());
        QVERIFY2(inl.received(c).startsWith("HTTP/1.1 101 Switching Protocols\r\n"),
                 inl.received(c).constData());
        const qsizetype head = inl.received(c).indexOf("\r\n\r\n") + 4;
        QVERIFY(server.isEstablished(1));
        QVERIFY(inl.write(c, maskedFrame(0x81, "hello")));
        QVERIFY(inl.pump());
        QCOMPARE(inl.received(c).mid(head), QByteArray("\x81\x05hello"));
        // The client's close: echoed, then the server half-closes and waits for our EOF.
        QVERIFY(inl.write(c, maskedFrame(0x88, closePayload(1000, "bye"))));
        QVERIFY(inl.pump());
        QCOMPARE(inl.received(c).mid(head + 7), QByteArray("\x88\x05\x03\xe8" "bye"));
        QVERIFY(inl.serverClosed(c));
        QCOMPARE(inl.liveSockets(), 1); // lingering: draining until the client closes
        inl.shutdownWrite(c);
        QVERIFY(inl.pump());
        QCOMPARE(inl.liveSockets(), 0);
        QCOMPARE(inl.openConnections(), 0);
    }

    void stopSendsGoingAway()
    {
        WebSocketServer server;
        server.onMessage(echo);
        InlineServer inl(server);
        QVERIFY(inl.start());
        const int c = inl.connect();
        QVERIFY(inl.write(c, kUpgrade));
        QVERIFY(inl.pump());
        const qsizetype head = inl.received(c).indexOf("\r\n\r\n") + 4;
        inl.stop();
        QVERIFY(!server.isRunning());
        QCOMPARE(inl.received(c).mid(head), QByteArray("\x88\x02\x03\xe9", 4)); // 1001
        QCOMPARE(inl.liveSockets(), 0);
        QVERIFY(!server.push(1, "late")); // not running
    }
};

QTEST_GUILESS_MAIN(TestInlineServer)
#include "tst_inlineserver.moc"
