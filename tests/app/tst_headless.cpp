// The real `framescope --no-gui` binary, driven from outside like a CI script would: QProcess,
// real clients (QWebSocket, python3-websockets), raw HTTP for the control API. Every wait is
// bounded; the server listens on port 0 and the test reads the port from the startup line.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <memory>

#include <csignal>
#include <sys/types.h>

namespace {

constexpr int kTimeoutMs = 10000;

// One framescope process with its log file.
class Framescope final
{
public:
    explicit Framescope(const QString &dir) : m_logPath(dir + QStringLiteral("/events.log")) {}
    ~Framescope()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(kTimeoutMs);
        }
    }

    // Starts with --no-gui --port 0 --log-file; returns false (and says why) when no
    // startup line came.
    bool start(const QStringList &extra, bool withLogFile = true)
    {
        QStringList args{QStringLiteral("--no-gui"), QStringLiteral("--port"), QStringLiteral("0")};
        if (withLogFile)
            args << QStringLiteral("--log-file") << m_logPath;
        args << extra;
        m_process.setProgram(QStringLiteral(FRAMESCOPE_BIN));
        m_process.setArguments(args);
        m_process.start();
        if (!m_process.waitForStarted(kTimeoutMs))
            return false;
        static const QRegularExpression startup(
            QStringLiteral(R"(framescope: listening on wss?://[^ ]+:(\d+) \((.*)\)\n)"));
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < kTimeoutMs) {
            m_stderr += m_process.readAllStandardError();
            const auto match = startup.match(QString::fromUtf8(m_stderr));
            if (match.hasMatch()) {
                m_port = quint16(match.captured(1).toUInt());
                return true;
            }
            if (m_process.state() == QProcess::NotRunning)
                return false;
            m_process.waitForReadyRead(100);
        }
        return false;
    }

    quint16 port() const { return m_port; }
    QString wsUrl() const { return QStringLiteral("ws://127.0.0.1:%1/").arg(m_port); }
    QProcess &process() { return m_process; }
    QString stderrText()
    {
        m_stderr += m_process.readAllStandardError();
        return QString::fromUtf8(m_stderr);
    }

    QStringList logLines() const
    {
        QFile file(m_logPath);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
        if (!lines.isEmpty() && lines.constLast().isEmpty())
            lines.removeLast();
        return lines;
    }

    // Waits (running the event loop, so clients keep working) until the log has `line`.
    bool waitForLine(const QString &line, int timeoutMs = kTimeoutMs)
    {
        return QTest::qWaitFor([&] { return logLines().contains(line); }, timeoutMs);
    }

    QList<QJsonObject> jsonLines() const
    {
        QList<QJsonObject> objects;
        for (const QString &line : logLines())
            objects.append(QJsonDocument::fromJson(line.toUtf8()).object());
        return objects;
    }

    // SIGTERM, then wait with the event loop running so clients can answer the close.
    bool terminate()
    {
        m_process.terminate();
        return QTest::qWaitFor([&] { return m_process.state() == QProcess::NotRunning; },
                               kTimeoutMs);
    }

private:
    QProcess m_process;
    QString m_logPath;
    QByteArray m_stderr;
    quint16 m_port = 0;
};

struct HttpReply
{
    int status = 0;
    QByteArray head;
    QByteArray body;
    QJsonDocument json() const { return QJsonDocument::fromJson(body); }
    QJsonObject object() const { return json().object(); }
};

// A plain HTTP/1.1 request over its own TCP connection; the server's answer is read until
// it closes the connection or Content-Length bytes arrived.
HttpReply http(quint16 port, const QByteArray &method, const QByteArray &target,
               const QByteArray &body = {}, const QByteArray &extraHeaders = {})
{
    HttpReply reply;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(kTimeoutMs))
        return reply;
    QByteArray request = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders +
                         "Connection: close\r\n";
    if (!body.isEmpty() || method == "POST")
        request +=
            "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
            "\r\n";
    request += "\r\n" + body;
    socket.write(request);
    QByteArray data;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < kTimeoutMs) {
        data += socket.readAll();
        const qsizetype headEnd = data.indexOf("\r\n\r\n");
        if (headEnd >= 0) {
            static const QRegularExpression lengthRe(QStringLiteral("(?i)content-length: *(\\d+)"));
            const auto m = lengthRe.match(QString::fromLatin1(data.left(headEnd)));
            if (m.hasMatch() && data.size() - headEnd - 4 >= m.captured(1).toLongLong())
                break;
        }
        if (socket.state() != QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0)
            break;
        socket.waitForReadyRead(100);
    }
    const qsizetype headEnd = data.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return reply;
    reply.head = data.left(headEnd);
    reply.body = data.mid(headEnd + 4);
    const QList<QByteArray> statusLine = reply.head.split(' ');
    if (statusLine.size() >= 2)
        reply.status = statusLine[1].toInt();
    return reply;
}

// A QWebSocket with everything it received recorded.
class Client final : public QObject
{
public:
    explicit Client(const QString &url, const QStringList &protocols = {})
    {
        connect(&m_socket, &QWebSocket::textMessageReceived, this,
                [this](const QString &m) { texts.append(m); });
        connect(&m_socket, &QWebSocket::binaryMessageReceived, this,
                [this](const QByteArray &m) { binaries.append(m); });
        connect(&m_socket, &QWebSocket::disconnected, this, [this] { disconnected = true; });
        QNetworkRequest request{QUrl(url)};
        if (!protocols.isEmpty())
            request.setRawHeader("Sec-WebSocket-Protocol",
                                 protocols.join(QLatin1Char(',')).toUtf8());
        m_socket.open(request);
    }

    bool waitConnected()
    {
        return QTest::qWaitFor([&] { return m_socket.state() == QAbstractSocket::ConnectedState; },
                               kTimeoutMs);
    }
    bool waitText(const QString &text)
    {
        return QTest::qWaitFor([&] { return texts.contains(text); }, kTimeoutMs);
    }
    bool waitDisconnected()
    {
        return QTest::qWaitFor([&] { return disconnected; }, kTimeoutMs);
    }
    QWebSocket &socket() { return m_socket; }

    QStringList texts;
    QList<QByteArray> binaries;
    bool disconnected = false;

private:
    QWebSocket m_socket;
};

// True when `expected` appears in `lines` in this order (other lines may come between).
// '*' in an expected line matches any text (server wording that is not ours to pin down).
bool inOrder(const QStringList &lines, const QStringList &expected, QString *missing)
{
    qsizetype at = 0;
    for (const QString &want : expected) {
        QStringList parts = want.split(QLatin1Char('*'));
        for (QString &part : parts)
            part = QRegularExpression::escape(part);
        const QRegularExpression re(QRegularExpression::anchoredPattern(parts.join(".*")));
        qsizetype found = -1;
        for (qsizetype i = at; i < lines.size() && found < 0; ++i) {
            if (re.match(lines[i]).hasMatch())
                found = i;
        }
        if (found < 0) {
            *missing = want;
            return false;
        }
        at = found + 1;
    }
    return true;
}

} // namespace

class TestHeadless final : public QObject
{
    Q_OBJECT

private slots:
    void textLogSession();
    void jsonlLogSession();
    void rawPeers();
    void controlApi();
    void connectionsTellClientsApart();
    void controlApiErrors();
    void controlApiSendsEveryWireCloseCode();
    void controlToken();
    void controlApiOffOnNonLoopback();
    void badCommandLine_data();
    void badCommandLine();
    void versionAndHelp();
    void portInUse();
    void ioBackendChoice();
    void configFileAndPrecedence();
    void sigtermFlushesTheLog();
    void broadcastMode();
    void pythonClient();
    void controlFramesAnsweredByTheMode();
    void compressionWithPython();
    void logFormatNoneAndSigint();
    void jsonlOnStdoutIsPure();
    void largeEchoWithDefaults_data();
    void largeEchoWithDefaults();
    void largeCompressedEchoWithDefaults();
    void failedPushInTheTextLog();
    void failedPushInTheJsonLog();
    void inconsistentLimitsWarn_data();
    void inconsistentLimitsWarn();
    void unknownApiFields_data();
    void unknownApiFields();
    void tlsSelfSignedSession();

private:
    QTemporaryDir m_dir;
    int m_runs = 0;
    QString freshDir()
    {
        const QString path = m_dir.filePath(QString::number(++m_runs));
        QDir().mkpath(path);
        return path;
    }
};

void TestHeadless::textLogSession()
{
    Framescope fs(freshDir());
    QVERIFY(fs.start({}));
    Client client(fs.wsUrl());
    QVERIFY(client.waitConnected());
    client.socket().sendTextMessage(QStringLiteral("hello"));
    QVERIFY(client.waitText(QStringLiteral("hello")));
    client.socket().close(QWebSocketProtocol::CloseCode(4001), QStringLiteral("bye"));
    QVERIFY(client.waitDisconnected());
    QVERIFY(fs.waitForLine(QStringLiteral("client 1 closed (4001 \"bye\")")));

    const QStringList lines = fs.logLines();
    const QString port = QString::number(fs.port());
    QCOMPARE(lines.first(), QStringLiteral("server: listening on ws://127.0.0.1:%1 (control API on "
                                           "http://127.0.0.1:%1/)")
                                .arg(port));
    QVERIFY(lines.at(1).startsWith(QStringLiteral("server: connection fd1 from 127.0.0.1:")));
    QString missing;
    const QStringList expected = {QStringLiteral("server: handshake success with fd1"),
                                  QStringLiteral("receive from 1:hello,opcode:1,fin:1"),
                                  QStringLiteral("push to 1:hello,opcode:1,fin:1"),
                                  QStringLiteral("close frame from 1:4001 \"bye\""),
                                  QStringLiteral("close frame to 1:4001*"),
                                  QStringLiteral("client 1 closed (4001 \"bye\")")};
    QVERIFY2(inOrder(lines, expected, &missing),
             qPrintable(missing + QStringLiteral(" missing in:\n") + lines.join('\n')));
    QVERIFY(fs.terminate());
    QCOMPARE(fs.process().exitCode(), 0);
    QCOMPARE(fs.logLines().constLast(), QStringLiteral("server: stopped"));
}

void TestHeadless::jsonlLogSession()
{
    Framescope fs(freshDir());
    QVERIFY(fs.start({QStringLiteral("--log-format"), QStringLiteral("jsonl")}));
    Client client(fs.wsUrl());
    QVERIFY(client.waitConnected());
    client.socket().sendTextMessage(QStringLiteral("hello"));
    client.socket().sendBinaryMessage(QByteArray::fromHex("00ff"));
    QVERIFY(QTest::qWaitFor([&] { return client.binaries.size() == 1; }, kTimeoutMs));
    client.socket().close(QWebSocketProtocol::CloseCode(4001), QStringLiteral("bye"));
    QVERIFY(client.waitDisconnected());
    auto hasClose = [&] {
        for (const QJsonObject &o : fs.jsonLines()) {
            if (o.value("event").toString() == QLatin1String("close"))
                return true;
        }
        return false;
    };
    QVERIFY(QTest::qWaitFor(hasClose, kTimeoutMs));

    const QList<QJsonObject> objects = fs.jsonLines();
    static const QRegularExpression iso(
        QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)"));
    QJsonObject text, binary, close, open, start, frame;
    for (const QJsonObject &o : objects) {
        QVERIFY2(iso.match(o.value("time").toString()).hasMatch(),
                 qPrintable(QJsonDocument(o).toJson(QJsonDocument::Compact)));
        QVERIFY(o.contains("fd"));
        const QString event = o.value("event").toString();
        if (event == QLatin1String("message") && o.value("opcode").toInt() == 1)
            text = o;
        else if (event == QLatin1String("message"))
            binary = o;
        else if (event == QLatin1String("close"))
            close = o;
        else if (event == QLatin1String("open"))
            open = o;
        else if (event == QLatin1String("start"))
            start = o;
        else if (event == QLatin1String("frame") && o.value("direction") == QLatin1String("in") &&
                 o.value("opcode").toInt() == 1)
            frame = o;
    }
    QCOMPARE(start.value("url").toString(), fs.wsUrl().chopped(1));
    QCOMPARE(open.value("fd").toInt(), 1);
    QVERIFY(open.value("peer").toString().startsWith(QStringLiteral("127.0.0.1:")));
    QCOMPARE(text.value("fd").toInt(), 1);
    QCOMPARE(text.value("payload").toString(), QStringLiteral("hello"));
    QCOMPARE(text.value("fin").toBool(), true);
    QCOMPARE(text.value("rsv1").toBool(), false);
    QCOMPARE(text.value("length").toInt(), 5);
    QCOMPARE(text.value("fragments").toInt(), 1);
    // The frame that carried it: masked, as RFC 6455 §5.1 requires of clients.
    QCOMPARE(frame.value("masked").toBool(), true);
    QCOMPARE(frame.value("payload").toString(), QStringLiteral("hello"));
    QCOMPARE(frame.value("length").toInt(), 5);
    QCOMPARE(frame.value("wire_length").toInt(), 11);
    QCOMPARE(binary.value("opcode").toInt(), 2);
    QCOMPARE(binary.value("payload_base64").toString(), QStringLiteral("AP8="));
    QVERIFY(!binary.contains("payload"));
    QCOMPARE(close.value("code").toInt(), 4001);
    QCOMPARE(close.value("reason").toString(), QStringLiteral("bye"));
    QCOMPARE(close.value("initiator").toString(), QStringLiteral("client"));
}

// Literal bytes from raw TCP peers: a rejected handshake, a protocol error, fragments,
// binary and a payload long enough to be cut in the text log.
void TestHeadless::rawPeers()
{
    Framescope fs(freshDir());
    QVERIFY(fs.start({}));
    const QByteArray upgrade = "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                               "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n";
    const QByteArray key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    auto readUntil = [](QTcpSocket &socket, const QByteArray &marker) {
        QByteArray got;
        [[maybe_unused]] const bool done = QTest::qWaitFor(
            [&] {
                got += socket.readAll();
                return got.contains(marker) || socket.state() != QAbstractSocket::ConnectedState;
            },
            kTimeoutMs);
        return got + socket.readAll();
    };

    QTcpSocket noKey;
    noKey.connectToHost(QHostAddress::LocalHost, fs.port());
    QVERIFY(noKey.waitForConnected(kTimeoutMs));
    noKey.write(upgrade + "\r\n");
    QVERIFY(readUntil(noKey, "\r\n\r\n").startsWith("HTTP/1.1 400"));
    QVERIFY(fs.waitForLine(QStringLiteral("client 1 disconnected")));

    QTcpSocket unmasked;
    unmasked.connectToHost(QHostAddress::LocalHost, fs.port());
    QVERIFY(unmasked.waitForConnected(kTimeoutMs));
    unmasked.write(upgrade + key + "\r\n");
    QVERIFY(readUntil(unmasked, "\r\n\r\n").startsWith("HTTP/1.1 101"));
    unmasked.write(QByteArray::fromHex("81026869")); // RFC 6455 §5.1: must be masked
    QVERIFY(fs.waitForLine(QStringLiteral("client 2 closed (1002 \"unmasked_client_frame\", by "
                                          "server)")));

    QTcpSocket peer;
    peer.connectToHost(QHostAddress::LocalHost, fs.port());
    QVERIFY(peer.waitForConnected(kTimeoutMs));
    peer.write(upgrade + key + "\r\n");
    QVERIFY(readUntil(peer, "\r\n\r\n").startsWith("HTTP/1.1 101"));
    // "hel" + "lo" in two frames, then 4 binary bytes, then 70000 bytes of text; mask 0.
    peer.write(QByteArray::fromHex("018300000000") + "hel" + QByteArray::fromHex("808200000000") +
               "lo" + QByteArray::fromHex("828400000000") + QByteArray::fromHex("0001feff") +
               QByteArray::fromHex("81ff000000000001117000000000") + QByteArray(70000, 'y'));
    const QString cut =
        QString(200, QLatin1Char('y')) + QStringLiteral("…(+69800 bytes, 70000 total)");
    QVERIFY(fs.waitForLine(QStringLiteral("push to 3:%1,opcode:1,fin:1").arg(cut)));
    peer.abort();
    QVERIFY(fs.waitForLine(QStringLiteral("client 3 closed (1006, abnormal)")));

    QString missing;
    const QStringList lines = fs.logLines();
    const QStringList expected = {
        QStringLiteral("server: handshake rejected for fd1: 400 *"),
        QStringLiteral("client 1 disconnected"),
        QStringLiteral("server: connection fd2 from 127.0.0.1:*"),
        QStringLiteral("server: handshake success with fd2"),
        QStringLiteral("frame from 2:*,opcode:1,fin:1,error:unmasked_client_frame"),
        QStringLiteral("protocol error on fd2: close 1002 unmasked_client_frame "
                       "(RFC 6455 §5.1: *"),
        QStringLiteral("close frame to 2:1002 \"unmasked_client_frame\""),
        QStringLiteral("client 2 closed (1002 \"unmasked_client_frame\", by server)"),
        QStringLiteral("server: handshake success with fd3"),
        QStringLiteral("frame from 3:hel,opcode:1,fin:0"),
        QStringLiteral("frame from 3:lo,opcode:0,fin:1"),
        QStringLiteral("receive from 3:hello,opcode:1,fin:1,fragments:2"),
        QStringLiteral("push to 3:hello,opcode:1,fin:1"),
        QStringLiteral("receive from 3:hex:0001feff,opcode:2,fin:1"),
        QStringLiteral("push to 3:hex:0001feff,opcode:2,fin:1"),
        QStringLiteral("receive from 3:%1,opcode:1,fin:1").arg(cut),
        QStringLiteral("client 3 closed (1006, abnormal)")};
    QVERIFY2(inOrder(lines, expected, &missing),
             qPrintable(missing + QStringLiteral(" missing in:\n") + lines.join('\n')));
}

// Issue 14: the request path and query, Origin and User-Agent in /connections and in the
// JSON Lines open event.
void TestHeadless::connectionsTellClientsApart()
{
    Framescope fs(freshDir());
    QVERIFY(fs.start({QStringLiteral("--log-format"), QStringLiteral("jsonl")}));
    QWebSocket browser(QStringLiteral("http://app.example:3000"));
    QNetworkRequest request(QUrl(fs.wsUrl() + QStringLiteral("feed?topic=a%20b")));
    request.setRawHeader("User-Agent", "Mozilla/5.0 (tst_headless)");
    browser.open(request);
    QVERIFY(QTest::qWaitFor([&] { return browser.state() == QAbstractSocket::ConnectedState; },
                            kTimeoutMs));
    Client plain(fs.wsUrl());
    QVERIFY(plain.waitConnected());

    const QJsonArray list = http(fs.port(), "GET", "/connections").json().array();
    QCOMPARE(list.size(), 3); // two clients and this request
    const QJsonObject first = list.at(0).toObject();
    QCOMPARE(first.value("uri").toString(), QStringLiteral("/feed?topic=a%20b"));
    QCOMPARE(first.value("origin").toString(), QStringLiteral("http://app.example:3000"));
    QCOMPARE(first.value("user_agent").toString(), QStringLiteral("Mozilla/5.0 (tst_headless)"));
    QCOMPARE(first.value("rtt_us").toInt(), -1);
    const QJsonObject second = list.at(1).toObject();
    QCOMPARE(second.value("uri").toString(), QStringLiteral("/"));
    QCOMPARE(second.value("origin").toString(), QString());
    QVERIFY(second.value("user_agent").isString());
    // The HTTP connection asking has no handshake yet: empty strings, not missing keys.
    QCOMPARE(list.at(2).toObject().value("origin").toString(), QString());

    QJsonObject open;
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const QJsonObject &o : fs.jsonLines()) {
                if (o.value("event") == QLatin1String("open") && o.value("fd").toInt() == 1)
                    open = o;
            }
            return !open.isEmpty();
        },
        kTimeoutMs));
    QCOMPARE(open.value("uri").toString(), QStringLiteral("/feed?topic=a%20b"));
    QCOMPARE(open.value("origin").toString(), QStringLiteral("http://app.example:3000"));
    QCOMPARE(open.value("user_agent").toString(), QStringLiteral("Mozilla/5.0 (tst_headless)"));
    QVERIFY(open.value("request_head").toString().startsWith(QStringLiteral("GET /feed?")));
    QVERIFY(open.value("response_head").toString().startsWith(QStringLiteral("HTTP/1.1 101")));
}

void TestHeadless::controlApi()
{
    Framescope fs(freshDir());
    QVERIFY(fs.start({}));
    const quint16 port = fs.port();
    Client client(fs.wsUrl());
    QVERIFY(client.waitConnected());

    HttpReply r = http(port, "GET", "/connections");
    QCOMPARE(r.status, 200);
    QVERIFY(r.head.contains("Content-Type: application/json"));
    const QJsonArray list = r.json().array();
    QCOMPARE(list.size(), 2); // the WebSocket client and this HTTP request
    const QJsonObject first = list.at(0).toObject();
    QCOMPARE(first.value("fd").toInt(), 1);
    QCOMPARE(first.value("websocket_status").toInt(), 3);
    QCOMPARE(first.value("peer").toString(),
             QStringLiteral("127.0.0.1:%1").arg(client.socket().localPort()));
    QCOMPARE(first.value("compression").toBool(), false);
    QVERIFY(first.contains("frames_in"));
    QVERIFY(first.contains("bytes_out"));
    QVERIFY(first.value("connect_time").toString().endsWith(QLatin1Char('Z')));

    r = http(port, "GET", "/connections/1");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("fd").toInt(), 1);

    r = http(port, "POST", "/push", R"({"fd": 1, "data": "pushed"})");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("ok").toBool(), true);
    QVERIFY(client.waitText(QStringLiteral("pushed")));

    r = http(port, "POST", "/push", R"({"fd": 1, "data_base64": "AAEC"})");
    QCOMPARE(r.status, 200);
    QVERIFY(QTest::qWaitFor([&] { return client.binaries.size() == 1; }, kTimeoutMs));
    QCOMPARE(client.binaries.first(), QByteArray::fromHex("000102"));

    r = http(port, "POST", "/broadcast", R"({"data": "to everyone"})");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("sent").toInt(), 1);
    QVERIFY(client.waitText(QStringLiteral("to everyone")));

    // The Swoole example: GET /?message=TEXT pushes TEXT to every established client.
    r = http(port, "GET", "/?message=swoole%20style");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("sent").toInt(), 1);
    QVERIFY(client.waitText(QStringLiteral("swoole style")));

    r = http(port, "POST", "/ping", R"({"fd": 1, "payload": "are you there"})");
    QCOMPARE(r.status, 200);
    QVERIFY(fs.waitForLine(QStringLiteral("ping to 1:are you there")));
    QVERIFY(fs.waitForLine(QStringLiteral("pong from 1:are you there")));

    r = http(port, "GET", "/");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("name").toString(), QStringLiteral("framescope"));

    r = http(port, "POST", "/disconnect", R"({"fd": 1, "code": 4000, "reason": "done"})");
    QCOMPARE(r.status, 200);
    QVERIFY(client.waitDisconnected());
    QCOMPARE(int(client.socket().closeCode()), 4000);
    QCOMPARE(client.socket().closeReason(), QStringLiteral("done"));
    QVERIFY(fs.waitForLine(QStringLiteral("client 1 closed (4000 \"done\", by server)")));
    QVERIFY(fs.logLines().contains(QStringLiteral("http GET /connections 200 from fd2")));
}

void TestHeadless::controlApiErrors()
{
    Framescope fs(freshDir());
    QVERIFY(fs.start({QStringLiteral("--buffer-output-size"), QStringLiteral("1000")}));
    const quint16 port = fs.port();
    Client client(fs.wsUrl());
    QVERIFY(client.waitConnected());
    // A TCP connection that never sends a handshake: known fd, not established.
    QTcpSocket raw;
    raw.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(raw.waitForConnected(kTimeoutMs));
    int rawFd = 0;
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const QJsonValue v : http(port, "GET", "/connections").json().array()) {
                const QJsonObject c = v.toObject();
                if (c.value("remote_port").toInt() == raw.localPort())
                    rawFd = c.value("fd").toInt();
            }
            return rawFd != 0;
        },
        kTimeoutMs));

    struct Case
    {
        QByteArray method, target, body;
        int status;
        QString error;
        QString field;
    };
    const QByteArray notEstablished =
        "{\"fd\": " + QByteArray::number(rawFd) + ", \"data\": \"x\"}";
    const QList<Case> cases = {
        {"GET", "/connections/99", {}, 404, "unknown_fd", "fd"},
        {"GET", "/connections/abc", {}, 404, "unknown_fd", "fd"},
        {"POST", "/push", R"({"fd": 99, "data": "x"})", 404, "unknown_fd", "fd"},
        {"POST", "/push", notEstablished, 409, "not_established", "fd"},
        {"POST", "/push", "{\"fd\": 1, \"data\": \"" + QByteArray(1001, 'a') + "\"}", 413,
         "payload_too_large", "data"},
        {"POST", "/push", "{not json", 400, "bad_json", {}},
        {"POST", "/push", "[1]", 400, "bad_json", {}},
        {"POST", "/push", R"({"data": "x"})", 400, "invalid_field", "fd"},
        {"POST", "/push", R"({"fd": "1", "data": "x"})", 400, "invalid_field", "fd"},
        {"POST", "/push", R"({"fd": 1})", 400, "invalid_field", "data"},
        {"POST", "/push", R"({"fd": 1, "data": 5})", 400, "invalid_field", "data"},
        {"POST", "/push", R"({"fd": 1, "data_base64": "!!"})", 400, "invalid_field", "data_base64"},
        {"POST", "/push", R"({"fd": 1, "data": "x", "fin": "yes"})", 400, "invalid_field", "fin"},
        {"POST", "/push", R"({"fd": 1, "data": "x", "opcode": 16})", 400, "invalid_field",
         "opcode"},
        {"POST", "/broadcast", R"({"data": "x", "opcode": 9})", 400, "invalid_field", "opcode"},
        {"POST", "/broadcast", "{\"data\": \"" + QByteArray(1001, 'b') + "\"}", 413,
         "payload_too_large", "data"},
        {"POST", "/ping", R"({"fd": 99})", 404, "unknown_fd", "fd"},
        {"POST", "/ping", "{\"fd\": 1, \"payload\": \"" + QByteArray(126, 'p') + "\"}", 400,
         "invalid_field", "payload"},
        {"POST", "/disconnect", R"({"fd": 1, "code": 1005})", 422, "invalid_close_code", "code"},
        {"POST", "/disconnect", R"({"fd": 1, "code": 999})", 422, "invalid_close_code", "code"},
        {"POST", "/disconnect", R"({"fd": 1, "code": 1015})", 422, "invalid_close_code", "code"},
        {"POST", "/disconnect", R"({"fd": 1, "code": 5000})", 422, "invalid_close_code", "code"},
        {"POST", "/push", R"({"fd": 1, "data": "x", "compress": true})", 409,
         "compression_not_negotiated", "compress"},
        {"POST", "/disconnect", R"({"fd": 1, "code": "x"})", 400, "invalid_field", "code"},
        {"POST", "/disconnect", "{\"fd\": 1, \"reason\": \"" + QByteArray(124, 'r') + "\"}", 400,
         "invalid_field", "reason"},
        {"POST", "/disconnect", R"({"fd": 99})", 404, "unknown_fd", "fd"},
        {"GET", "/push", {}, 405, "method_not_allowed", {}},
        {"PUT", "/connections", {}, 405, "method_not_allowed", {}},
        {"DELETE", "/", {}, 405, "method_not_allowed", {}},
        {"GET", "/nope", {}, 404, "not_found", {}},
    };
    for (const Case &c : cases) {
        const HttpReply r = http(port, c.method, c.target, c.body);
        const QByteArray what = c.method + ' ' + c.target + ' ' + c.body.left(60) + " -> " +
                                r.head.left(40) + ' ' + r.body;
        QVERIFY2(r.status == c.status, what.constData());
        const QJsonObject o = r.object();
        QVERIFY2(o.value("error").toString() == c.error, what.constData());
        QVERIFY2(!o.value("message").toString().isEmpty(), what.constData());
        QVERIFY2(o.value("field").toString() == c.field, what.constData());
        if (!c.field.isEmpty())
            QVERIFY2(o.value("message").toString().contains(c.field) || c.status == 404 ||
                         c.status == 409 || c.status == 422 || c.status == 413,
                     what.constData());
    }
    const HttpReply wrongMethod = http(port, "GET", "/push");
    QVERIFY(wrongMethod.head.contains("\r\nAllow: POST"));
    // The client survived every bad request.
    QVERIFY(client.socket().state() == QAbstractSocket::ConnectedState);
}

void TestHeadless::controlToken()
{
    Framescope fs(freshDir());
    QVERIFY(fs.start({QStringLiteral("--control-token"), QStringLiteral("s3cret")}));
    QVERIFY(fs.stderrText().contains(QStringLiteral("bearer token required")));
    HttpReply r = http(fs.port(), "GET", "/connections");
    QCOMPARE(r.status, 401);
    QCOMPARE(r.object().value("error").toString(), QStringLiteral("unauthorized"));
    QVERIFY(r.head.contains("WWW-Authenticate: Bearer"));
    r = http(fs.port(), "GET", "/connections", {}, "Authorization: Bearer wrong\r\n");
    QCOMPARE(r.status, 401);
    r = http(fs.port(), "GET", "/connections", {}, "Authorization: Bearer s3cret\r\n");
    QCOMPARE(r.status, 200);
    QVERIFY(r.json().isArray());
}

void TestHeadless::controlApiOffOnNonLoopback()
{
    Framescope fs(freshDir());
    QVERIFY(fs.start({QStringLiteral("--host"), QStringLiteral("0.0.0.0")}));
    QVERIFY(fs.stderrText().contains(QStringLiteral("(control API off)")));
    const HttpReply r = http(fs.port(), "GET", "/connections");
    QCOMPARE(r.status, 403);
    QCOMPARE(r.object().value("error").toString(), QStringLiteral("control_api_disabled"));
    QVERIFY(r.object().value("message").toString().contains(QStringLiteral("--control-token")));
    QVERIFY(fs.logLines().contains(
        QStringLiteral("server: the control API is off: framescope listens on 0.0.0.0, which is "
                       "not a loopback address, and no --control-token was given")));
    // WebSocket clients are served as usual.
    Client client(fs.wsUrl());
    QVERIFY(client.waitConnected());
    client.socket().sendTextMessage(QStringLiteral("still echoing"));
    QVERIFY(client.waitText(QStringLiteral("still echoing")));
}

void TestHeadless::badCommandLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("port") << QStringList{"--port", "abc"}
                          << "framescope: invalid value 'abc' for --port: expected an integer "
                             "from 0 to 65535\n";
    QTest::newRow("host") << QStringList{"--host", "example.org"}
                          << "framescope: invalid value 'example.org' for --host: expected an IP "
                             "address such as 127.0.0.1, 0.0.0.0 or ::1\n";
    QTest::newRow("mode") << QStringList{"--mode", "mirror"}
                          << "framescope: invalid value 'mirror' for --mode: expected one of "
                             "echo, silent, broadcast\n";
    // TLS: a bad certificate file is exit code 2 before anything listens, naming the file.
    QTest::newRow("missing certificate")
        << QStringList{"--ssl-cert-file", "/nonexistent/cert.pem", "--ssl-key-file",
                       "/nonexistent/key.pem"}
        << "framescope: ssl_cert_file: cannot read '/nonexistent/cert.pem': No such file or "
           "directory\n";
    QTest::newRow("empty certificate")
        << QStringList{"--ssl-cert-file", "/dev/null", "--ssl-key-file", "/dev/null"}
        << "framescope: ssl_cert_file: '/dev/null' is empty\n";
    QTest::newRow("unknown option") << QStringList{"--bogus"}
                                    << "framescope: Unknown option 'bogus'.\nTry 'framescope "
                                       "--help' for the options.\n";
}

void TestHeadless::badCommandLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QProcess process;
    process.start(QStringLiteral(FRAMESCOPE_BIN), QStringList{"--no-gui"} + arguments);
    QVERIFY(process.waitForFinished(kTimeoutMs));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 2);
    QCOMPARE(QString::fromUtf8(process.readAllStandardError()), message);
    QCOMPARE(process.readAllStandardOutput(), QByteArray());
}

void TestHeadless::versionAndHelp()
{
    QProcess process;
    process.start(QStringLiteral(FRAMESCOPE_BIN),
                  {QStringLiteral("--no-gui"), QStringLiteral("--version")});
    QVERIFY(process.waitForFinished(kTimeoutMs));
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(process.readAllStandardOutput(), QByteArray("framescope " FRAMESCOPE_VERSION "\n"));
    process.start(QStringLiteral(FRAMESCOPE_BIN), {QStringLiteral("--help")});
    QVERIFY(process.waitForFinished(kTimeoutMs));
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(process.readAllStandardOutput().contains("--websocket-compression"));
}

void TestHeadless::portInUse()
{
    QTcpServer occupier;
    QVERIFY(occupier.listen(QHostAddress::LocalHost, 0));
    QProcess process;
    process.start(QStringLiteral(FRAMESCOPE_BIN),
                  {QStringLiteral("--no-gui"), QStringLiteral("--port"),
                   QString::number(occupier.serverPort())});
    QVERIFY(process.waitForFinished(kTimeoutMs));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 1);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.startsWith(QStringLiteral("framescope: ")), qPrintable(err));
    QVERIFY2(err.contains(QString::number(occupier.serverPort())), qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("in use")), qPrintable(err));
    QCOMPARE(err.count(QLatin1Char('\n')), 1); // one sentence, no stack trace
}

// FRAMESCOPE_IO picks the workers' I/O backend: said on stderr and in the start event, and
// the portable one serves a real client; a name not built here stops the start with a
// message naming it and what is available.
void TestHeadless::ioBackendChoice()
{
    const QString saved = qEnvironmentVariable("FRAMESCOPE_IO");
    const auto restore = qScopeGuard([&] {
        if (saved.isEmpty())
            qunsetenv("FRAMESCOPE_IO");
        else
            qputenv("FRAMESCOPE_IO", saved.toUtf8());
    });
    qputenv("FRAMESCOPE_IO", "portable");
    {
        Framescope fs(freshDir());
        QVERIFY(fs.start({QStringLiteral("--log-format"), QStringLiteral("jsonl")}));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return fs.stderrText().contains(
                    QStringLiteral("framescope: I/O backend portable (FRAMESCOPE_IO)\n"));
            },
            kTimeoutMs));
        Client client(fs.wsUrl());
        QVERIFY(client.waitConnected());
        client.socket().sendTextMessage(QStringLiteral("over notifiers"));
        QVERIFY(client.waitText(QStringLiteral("over notifiers")));
        QString io;
        for (const QJsonObject &o : fs.jsonLines())
            if (o.value("event").toString() == QLatin1String("start"))
                io = o.value("io").toString();
        QCOMPARE(io, QStringLiteral("portable"));
    }
    qputenv("FRAMESCOPE_IO", "iocp");
    QProcess process;
    process.start(QStringLiteral(FRAMESCOPE_BIN),
                  {QStringLiteral("--no-gui"), QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY(process.waitForFinished(kTimeoutMs));
    QCOMPARE(process.exitCode(), 1);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.startsWith(QStringLiteral("framescope: FRAMESCOPE_IO=iocp: unknown I/O backend "
                                           "(available here: ")),
             qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("portable)")), qPrintable(err));
}

void TestHeadless::configFileAndPrecedence()
{
    const QString dir = freshDir();
    const QString config = dir + QStringLiteral("/framescope.json");
    QFile file(config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    // Port 1 would fail to bind: the --port 0 of the command line must win.
    file.write(R"({"port": 1, "mode": "silent", "websocket_subprotocol": "chat",
                   "log-format": "text"})");
    file.close();

    Framescope silent(dir);
    QVERIFY(silent.start({QStringLiteral("--config"), config}));
    Client client(silent.wsUrl(), {QStringLiteral("chat")});
    QVERIFY(client.waitConnected());
    QCOMPARE(client.socket().subprotocol(), QStringLiteral("chat"));
    client.socket().sendTextMessage(QStringLiteral("one"));
    client.socket().sendTextMessage(QStringLiteral("two"));
    QVERIFY(silent.waitForLine(QStringLiteral("receive from 1:two,opcode:1,fin:1")));
    QVERIFY(silent.logLines().contains(
        QStringLiteral("server: handshake success with fd1 (subprotocol chat)")));
    // Silent mode from the file: nothing was sent back.
    for (const QString &line : silent.logLines())
        QVERIFY2(!line.startsWith(QStringLiteral("push to")), qPrintable(line));
    QVERIFY(client.texts.isEmpty());

    // --mode on the command line beats the file's "silent".
    Framescope echo(freshDir());
    QVERIFY(echo.start(
        {QStringLiteral("--config"), config, QStringLiteral("--mode"), QStringLiteral("echo")}));
    Client second(echo.wsUrl(), {QStringLiteral("chat")});
    QVERIFY(second.waitConnected());
    second.socket().sendTextMessage(QStringLiteral("back"));
    QVERIFY(second.waitText(QStringLiteral("back")));

    // An unknown key names itself and exits 2.
    QFile bad(dir + QStringLiteral("/bad.json"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write(R"({"prot": 9000})");
    bad.close();
    QProcess process;
    process.start(QStringLiteral(FRAMESCOPE_BIN),
                  {QStringLiteral("--no-gui"), QStringLiteral("--config"), bad.fileName()});
    QVERIFY(process.waitForFinished(kTimeoutMs));
    QCOMPARE(process.exitCode(), 2);
    QCOMPARE(QString::fromUtf8(process.readAllStandardError()),
             QStringLiteral("framescope: unknown option 'prot' in config file '%1'\n")
                 .arg(bad.fileName()));
}

void TestHeadless::sigtermFlushesTheLog()
{
    Framescope fs(freshDir());
    QVERIFY(fs.start({}));
    Client client(fs.wsUrl());
    QVERIFY(client.waitConnected());
    client.socket().sendTextMessage(QStringLiteral("last words"));
    QVERIFY(client.waitText(QStringLiteral("last words")));

    QVERIFY(fs.terminate());
    QCOMPARE(fs.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(fs.process().exitCode(), 0);
    QVERIFY(client.waitDisconnected());
    QCOMPARE(int(client.socket().closeCode()), 1001);

    const QStringList lines = fs.logLines();
    QString missing;
    const QStringList expected = {QStringLiteral("receive from 1:last words,opcode:1,fin:1"),
                                  QStringLiteral("push to 1:last words,opcode:1,fin:1"),
                                  QStringLiteral("close frame to 1:1001*"),
                                  QStringLiteral("client 1 closed (1001*"),
                                  QStringLiteral("server: stopped")};
    QVERIFY2(inOrder(lines, expected, &missing),
             qPrintable(missing + QStringLiteral(" missing in:\n") + lines.join('\n')));
    QCOMPARE(lines.constLast(), QStringLiteral("server: stopped"));
}

void TestHeadless::broadcastMode()
{
    Framescope fs(freshDir());
    QVERIFY(fs.start({QStringLiteral("--mode"), QStringLiteral("broadcast")}));
    Client a(fs.wsUrl());
    Client b(fs.wsUrl());
    QVERIFY(a.waitConnected());
    QVERIFY(b.waitConnected());
    QVERIFY(fs.waitForLine(QStringLiteral("server: handshake success with fd2")));
    a.socket().sendTextMessage(QStringLiteral("from a"));
    QVERIFY(b.waitText(QStringLiteral("from a")));
    b.socket().sendTextMessage(QStringLiteral("from b"));
    QVERIFY(a.waitText(QStringLiteral("from b")));
    // Nobody hears their own message.
    QCOMPARE(a.texts, QStringList{QStringLiteral("from b")});
    QCOMPARE(b.texts, QStringList{QStringLiteral("from a")});
}

void TestHeadless::pythonClient()
{
    Framescope fs(freshDir());
    QVERIFY(fs.start({}));
    const QString script = QStringLiteral("import asyncio, sys, websockets\n"
                                          "async def main():\n"
                                          "    async with websockets.connect(sys.argv[1]) as ws:\n"
                                          "        await ws.send('from python')\n"
                                          "        print(await ws.recv())\n"
                                          "asyncio.run(main())\n");
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), script, fs.wsUrl()});
    QVERIFY(QTest::qWaitFor([&] { return python.state() == QProcess::NotRunning; }, kTimeoutMs));
    QCOMPARE(python.readAllStandardError(), QByteArray());
    QCOMPARE(python.exitCode(), 0);
    QCOMPARE(python.readAllStandardOutput(), QByteArray("from python\n"));
    // The app negotiates permessage-deflate by default; python3-websockets offers it.
    QVERIFY(
        fs.waitForLine(QStringLiteral("receive from 1:from python,opcode:1,fin:1,compressed:1")));
    QVERIFY(fs.waitForLine(QStringLiteral("client 1 closed (1000)")));
}

namespace {
// Runs a python3-websockets script with the server URL as argv[1]; returns its stdout.
QByteArray runPython(const QString &script, const QString &url, int timeoutMs = kTimeoutMs)
{
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), script, url});
    if (!QTest::qWaitFor([&] { return python.state() == QProcess::NotRunning; }, timeoutMs)) {
        python.kill();
        python.waitForFinished(kTimeoutMs);
        return "timeout";
    }
    const QByteArray err = python.readAllStandardError();
    if (python.exitCode() != 0 || !err.isEmpty())
        return "exit " + QByteArray::number(python.exitCode()) + ": " + err;
    return python.readAllStandardOutput();
}
} // namespace

// Issue 14: one "send close" rule for the window and the API: every code valid on the wire
// (RFC 6455 §7.4 and IANA 1012-1014), not just Swoole disconnect()'s 1000 and 4000-4999.
// python3-websockets accepts 1012-1014 (QWebSocket does not); it asks the API itself.
void TestHeadless::controlApiSendsEveryWireCloseCode()
{
    Framescope fs(freshDir());
    QVERIFY(fs.start({}));
    const QByteArray out = runPython(QStringLiteral(R"(import asyncio, json, sys, urllib.request
import websockets
api = sys.argv[1].replace("ws://", "http://").rstrip("/")
def post(path, body):
    req = urllib.request.Request(api + path, data=json.dumps(body).encode(), method="POST")
    with urllib.request.urlopen(req) as r:
        return r.status
def fd_of(port):
    with urllib.request.urlopen(api + "/connections") as r:
        return [c["fd"] for c in json.load(r) if c["remote_port"] == port][0]
async def main():
    for code in (1001, 1003, 1008, 1011, 1012, 1013, 1014, 3000, 4999):
        async with websockets.connect(sys.argv[1]) as ws:
            fd = await asyncio.to_thread(fd_of, ws.local_address[1])
            status = await asyncio.to_thread(post, "/disconnect", {"fd": fd, "code": code, "reason": "r"})
            await asyncio.wait_for(ws.wait_closed(), 5)
            print(status, ws.close_code, ws.close_reason)
asyncio.run(main())
)"),
                                     fs.wsUrl());
    QCOMPARE(out, QByteArray("200 1001 r\n200 1003 r\n200 1008 r\n200 1011 r\n200 1012 r\n"
                             "200 1013 r\n200 1014 r\n200 3000 r\n200 4999 r\n"));
}

// With open_websocket_ping_frame / open_websocket_close_frame the application answers:
// echo mode sends the pong and echoes the close code and reason (the server alone would
// echo only the code).
void TestHeadless::controlFramesAnsweredByTheMode()
{
    Framescope fs(freshDir());
    QVERIFY(fs.start({QStringLiteral("--open-websocket-ping-frame"),
                      QStringLiteral("--open-websocket-close-frame")}));
    const QByteArray out = runPython(QStringLiteral(R"(import asyncio, sys, websockets
async def main():
    async with websockets.connect(sys.argv[1]) as ws:
        await asyncio.wait_for(await ws.ping(b"pp"), 5)
        print("pong")
        await ws.close(4001, "bye")
        print(ws.close_code, ws.close_reason)
asyncio.run(main())
)"),
                                     fs.wsUrl());
    QCOMPARE(out, QByteArray("pong\n4001 bye\n"));
    QVERIFY(fs.waitForLine(QStringLiteral("client 1 closed (4001 \"bye\")")));
    QString missing;
    const QStringList lines = fs.logLines();
    const QStringList expected = {QStringLiteral("ping from 1:pp"), QStringLiteral("pong to 1:pp"),
                                  QStringLiteral("close frame from 1:4001 \"bye\""),
                                  QStringLiteral("close frame to 1:4001 \"bye\""),
                                  QStringLiteral("client 1 closed (4001 \"bye\")")};
    QVERIFY2(inOrder(lines, expected, &missing),
             qPrintable(missing + QStringLiteral(" missing in:\n") + lines.join('\n')));
}

void TestHeadless::compressionWithPython()
{
    Framescope fs(freshDir());
    QVERIFY(fs.start({QStringLiteral("--websocket-compression")}));
    // python3-websockets offers permessage-deflate and compresses what it sends.
    const QByteArray out = runPython(QStringLiteral(R"(import asyncio, sys, websockets
async def main():
    async with websockets.connect(sys.argv[1]) as ws:
        await ws.send("squeeze " * 40)
        print(len(await ws.recv()))
asyncio.run(main())
)"),
                                     fs.wsUrl());
    QCOMPARE(out, QByteArray("320\n"));
    QVERIFY(fs.waitForLine(QStringLiteral("client 1 closed (1000)")));
    const QStringList lines = fs.logLines();
    QVERIFY2(lines.contains(QStringLiteral(
                 "server: handshake success with fd1 (extensions permessage-deflate)")),
             qPrintable(lines.join('\n')));
    const QString received = QStringLiteral("squeeze ").repeated(25) +
                             QStringLiteral("…(+120 bytes, 320 total),opcode:1,fin:1,compressed:1");
    QVERIFY2(lines.contains(QStringLiteral("receive from 1:") + received),
             qPrintable(lines.join('\n')));
    // The echo goes back compressed: logged once, as pushed, not as deflate output.
    QVERIFY2(lines.contains(QStringLiteral("push to 1:") + received), qPrintable(lines.join('\n')));
    QCOMPARE(lines.filter(QStringLiteral("push to 1:")).size(), 1);
}

void TestHeadless::logFormatNoneAndSigint()
{
    const QString dir = freshDir();
    Framescope fs(dir);
    QVERIFY(fs.start({QStringLiteral("--log-format"), QStringLiteral("none")}));
    Client client(fs.wsUrl());
    QVERIFY(client.waitConnected());
    client.socket().sendTextMessage(QStringLiteral("quiet"));
    QVERIFY(client.waitText(QStringLiteral("quiet")));
    ::kill(pid_t(fs.process().processId()), SIGINT);
    QVERIFY(
        QTest::qWaitFor([&] { return fs.process().state() == QProcess::NotRunning; }, kTimeoutMs));
    QCOMPARE(fs.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(fs.process().exitCode(), 0);
    QVERIFY(client.waitDisconnected());
    QCOMPARE(int(client.socket().closeCode()), 1001);
    QVERIFY(!QFile::exists(dir + QStringLiteral("/events.log")));
}

// `framescope --no-gui --log-format jsonl | jq`: stdout carries nothing but JSON objects;
// the startup line goes to stderr.
void TestHeadless::jsonlOnStdoutIsPure()
{
    Framescope fs(freshDir());
    QVERIFY(fs.start({QStringLiteral("--log-format"), QStringLiteral("jsonl")}, false));
    Client client(fs.wsUrl());
    QVERIFY(client.waitConnected());
    client.socket().sendTextMessage(QStringLiteral("on stdout"));
    QVERIFY(client.waitText(QStringLiteral("on stdout")));
    QVERIFY(fs.terminate());
    QCOMPARE(fs.process().exitCode(), 0);
    const QList<QByteArray> lines = fs.process().readAllStandardOutput().split('\n');
    QVERIFY(lines.size() > 5);
    QCOMPARE(lines.constLast(), QByteArray()); // every line ends in '\n'
    bool sawMessage = false;
    for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(lines[i], &error);
        QVERIFY2(error.error == QJsonParseError::NoError && doc.isObject(), lines[i].constData());
        const QJsonObject o = doc.object();
        if (o.value("event") == QLatin1String("message") &&
            o.value("payload") == QLatin1String("on stdout"))
            sawMessage = true;
    }
    QVERIFY(sawMessage);
    QCOMPARE(QJsonDocument::fromJson(lines.first()).object().value("event").toString(),
             QStringLiteral("start"));
    QCOMPARE(QJsonDocument::fromJson(lines[lines.size() - 2]).object().value("event").toString(),
             QStringLiteral("stop"));
}

// Issue 13: with the default options a message the server accepts (up to
// websocket_max_message_size, 16 MiB) comes back, in echo and in broadcast mode. With
// buffer_output_size at Swoole's 2 MiB the echo was refused and the client waited forever.
void TestHeadless::largeEchoWithDefaults_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("size");
    QTest::newRow("echo 4 MiB") << QStringLiteral("echo") << 4 * 1024 * 1024;
    QTest::newRow("echo 16 MiB") << QStringLiteral("echo") << 16 * 1024 * 1024;
    QTest::newRow("broadcast 4 MiB") << QStringLiteral("broadcast") << 4 * 1024 * 1024;
    QTest::newRow("broadcast 16 MiB") << QStringLiteral("broadcast") << 16 * 1024 * 1024;
}

void TestHeadless::largeEchoWithDefaults()
{
    QFETCH(QString, mode);
    QFETCH(int, size);
    Framescope fs(freshDir());
    QVERIFY(fs.start({QStringLiteral("--mode"), mode}));
    QVERIFY2(!fs.stderrText().contains(QStringLiteral("warning")), qPrintable(fs.stderrText()));
    Client sender(fs.wsUrl());
    QVERIFY(sender.waitConnected());
    std::unique_ptr<Client> listener;
    if (mode == QLatin1String("broadcast")) {
        listener = std::make_unique<Client>(fs.wsUrl());
        QVERIFY(listener->waitConnected());
        QVERIFY(fs.waitForLine(QStringLiteral("server: handshake success with fd2")));
    }
    Client &receiver = listener ? *listener : sender;
    QString message(size, QLatin1Char('m'));
    message[0] = QLatin1Char('<');
    message[size - 1] = QLatin1Char('>');
    sender.socket().sendTextMessage(message);
    QVERIFY2(
        QTest::qWaitFor([&] { return !receiver.texts.isEmpty() || receiver.disconnected; }, 30000),
        "neither the message nor a close came back");
    QVERIFY2(!receiver.disconnected, "closed instead of echoed");
    QCOMPARE(receiver.texts.size(), 1);
    QVERIFY(receiver.texts.first() == message);
    for (const QString &line : fs.logLines())
        QVERIFY2(!line.startsWith(QStringLiteral("server: error")), qPrintable(line));
}

// The same with permessage-deflate (python3-websockets compresses what it sends): the
// message limit applies after inflating, the push limit before deflating.
void TestHeadless::largeCompressedEchoWithDefaults()
{
    Framescope fs(freshDir());
    QVERIFY(fs.start({QStringLiteral("--websocket-compression")}));
    const QByteArray out = runPython(QStringLiteral(R"(import asyncio, sys, websockets
async def main():
    async with websockets.connect(sys.argv[1], max_size=None) as ws:
        for size in (4 << 20, 16 << 20):
            sent = "".join(chr(97 + (i * 7919) % 26) for i in range(4096)) * (size // 4096)
            await ws.send(sent)
            got = await asyncio.wait_for(ws.recv(), 30)
            print(size, got == sent)
asyncio.run(main())
)"),
                                     fs.wsUrl(), 60000);
    QCOMPARE(out, QByteArray("4194304 True\n16777216 True\n"));
    QVERIFY(fs.waitForLine(QStringLiteral("client 1 closed (1000)")));
    const QStringList lines = fs.logLines();
    QVERIFY2(lines.contains(QStringLiteral(
                 "server: handshake success with fd1 (extensions permessage-deflate)")),
             qPrintable(lines.join('\n')));
    for (const QString &line : lines)
        QVERIFY2(!line.startsWith(QStringLiteral("server: error")), qPrintable(line));
}

namespace {
const QString kPushTooLarge =
    QStringLiteral("push of 2000 bytes to fd 1 refused: larger than buffer_output_size (1000)");
}

// A push that fails is never silent: an echo over buffer_output_size, a push and a
// broadcast through the control API, and a push posted to a connection that closed.
void TestHeadless::failedPushInTheTextLog()
{
    Framescope fs(freshDir());
    QVERIFY(fs.start({QStringLiteral("--buffer-output-size"), QStringLiteral("1000")}));
    Client client(fs.wsUrl());
    QVERIFY(client.waitConnected());
    client.socket().sendTextMessage(QString(2000, QLatin1Char('e')));
    QVERIFY(fs.waitForLine(QStringLiteral("server: error: ") + kPushTooLarge));
    QVERIFY(client.texts.isEmpty());

    HttpReply r = http(fs.port(), "POST", "/push",
                       "{\"fd\": 1, \"data\": \"" + QByteArray(1500, 'p') + "\"}");
    QCOMPARE(r.status, 413);
    QVERIFY(fs.waitForLine(QStringLiteral("server: error: push of 1500 bytes to fd 1 refused: "
                                          "larger than buffer_output_size (1000)")));
    r = http(fs.port(), "POST", "/broadcast", "{\"data\": \"" + QByteArray(1200, 'b') + "\"}");
    QCOMPARE(r.status, 413);
    QVERIFY(fs.waitForLine(QStringLiteral(
        "server: error: broadcast of 1200 bytes refused: larger than buffer_output_size (1000)")));
    r = http(fs.port(), "POST", "/ping", R"({"fd": 7})");
    QCOMPARE(r.status, 404);
    QVERIFY(fs.waitForLine(
        QStringLiteral("server: error: ping of 0 bytes to fd 7 refused: no connection with this "
                       "fd")));
    // The error line comes before the request's own line.
    QString missing;
    QVERIFY2(inOrder(fs.logLines(),
                     {QStringLiteral("server: error: ping of 0 bytes to fd 7 refused: *"),
                      QStringLiteral("http POST /ping 404 from fd*")},
                     &missing),
             qPrintable(missing));
}

void TestHeadless::failedPushInTheJsonLog()
{
    Framescope fs(freshDir());
    QVERIFY(fs.start({QStringLiteral("--buffer-output-size"), QStringLiteral("1000"),
                      QStringLiteral("--log-format"), QStringLiteral("jsonl")}));
    Client client(fs.wsUrl());
    QVERIFY(client.waitConnected());
    client.socket().sendBinaryMessage(QByteArray(2000, 'e'));
    QJsonObject error;
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const QJsonObject &o : fs.jsonLines()) {
                if (o.value("event") == QLatin1String("error"))
                    error = o;
            }
            return !error.isEmpty();
        },
        kTimeoutMs));
    QCOMPARE(error.value("fd").toInt(), 1);
    QCOMPARE(error.value("message").toString(), kPushTooLarge);
    QCOMPARE(error.value("operation").toString(), QStringLiteral("push"));
    QCOMPARE(error.value("error").toString(), QStringLiteral("payload_too_large"));
    QCOMPARE(error.value("option").toString(), QStringLiteral("buffer_output_size"));
    QCOMPARE(error.value("length").toInt(), 2000);
    QCOMPARE(error.value("limit").toInt(), 1000);
    QStringList keys = error.keys();
    keys.sort();
    QCOMPARE(keys, (QStringList{"error", "event", "fd", "length", "limit", "message", "operation",
                                "option", "time"}));
    QVERIFY(client.binaries.isEmpty());
}

// Echo and broadcast push every message back: a message limit over the push limit warns on
// the startup line, in the text log and in the JSON Lines start event. Silent mode pushes
// nothing back, and consistent limits say nothing.
void TestHeadless::inconsistentLimitsWarn_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("warning");
    const QString warning = QStringLiteral(
        "websocket_max_message_size (16777216) is larger than buffer_output_size (2097152): a "
        "message of more than 2097152 bytes is accepted, but pushing it back fails");
    QTest::newRow("echo") << QStringList{"--buffer-output-size", "2097152"} << warning;
    QTest::newRow("broadcast") << QStringList{"--buffer-output-size", "2097152", "--mode",
                                              "broadcast"}
                               << warning;
    QTest::newRow("both set") << QStringList{"--buffer-output-size", "1000", "--max-message-size",
                                             "1001"}
                              << QStringLiteral("websocket_max_message_size (1001) is larger than "
                                                "buffer_output_size (1000): a message of more "
                                                "than 1000 bytes is accepted, but pushing it "
                                                "back fails");
    QTest::newRow("silent") << QStringList{"--buffer-output-size", "2097152", "--mode", "silent"}
                            << QString();
    QTest::newRow("consistent") << QStringList{"--buffer-output-size", "1000", "--max-message-size",
                                               "1000"}
                                << QString();
}

void TestHeadless::inconsistentLimitsWarn()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, warning);
    {
        Framescope fs(freshDir());
        QVERIFY(fs.start(arguments));
        // The warning follows the startup line at once, in the same write.
        if (warning.isEmpty())
            QTest::qWait(200);
        else
            QVERIFY2(QTest::qWaitFor(
                         [&] {
                             return fs.logLines().size() >= 2 &&
                                    fs.stderrText().contains(QStringLiteral("warning: "));
                         },
                         kTimeoutMs),
                     qPrintable(fs.stderrText()));
        const QString err = fs.stderrText();
        const QStringList lines = fs.logLines();
        if (warning.isEmpty()) {
            QVERIFY2(!err.contains(QStringLiteral("warning")), qPrintable(err));
            QVERIFY2(lines.filter(QStringLiteral("warning")).isEmpty(),
                     qPrintable(lines.join('\n')));
        } else {
            QVERIFY2(err.contains(QStringLiteral("\nframescope: warning: ") + warning + '\n'),
                     qPrintable(err));
            QVERIFY2(lines.size() >= 2, qPrintable(lines.join('\n')));
            QVERIFY(lines.at(0).startsWith(QStringLiteral("server: listening on ")));
            QCOMPARE(lines.at(1), QStringLiteral("server: warning: ") + warning);
        }
    }
    Framescope fs(freshDir());
    QVERIFY(fs.start(arguments + QStringList{"--log-format", "jsonl"}));
    QVERIFY(QTest::qWaitFor([&] { return !fs.jsonLines().isEmpty(); }, kTimeoutMs));
    const QJsonObject start = fs.jsonLines().first();
    QCOMPARE(start.value("event").toString(), QStringLiteral("start"));
    QVERIFY(start.contains("warning"));
    QCOMPARE(start.value("warning").toString(), warning);
}

// A field a route does not take is a 400 naming it, never ignored ("fn" for "fin" would
// otherwise push a final frame the caller did not ask for).
void TestHeadless::unknownApiFields_data()
{
    QTest::addColumn<QByteArray>("route");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");
    QTest::newRow("push fn") << QByteArray("/push")
                             << QByteArray(R"({"fd": 1, "data": "x", "fn": false})") << "fn";
    QTest::newRow("push first") << QByteArray("/push") << QByteArray(R"({"fdd": 1, "data": "x"})")
                                << "fdd";
    QTest::newRow("broadcast") << QByteArray("/broadcast")
                               << QByteArray(R"({"data": "x", "compress": true})") << "compress";
    QTest::newRow("ping") << QByteArray("/ping") << QByteArray(R"({"fd": 1, "paylod": "p"})")
                          << "paylod";
    QTest::newRow("disconnect") << QByteArray("/disconnect")
                                << QByteArray(R"({"fd": 1, "code": 4000, "reson": "r"})")
                                << "reson";
}

void TestHeadless::unknownApiFields()
{
    QFETCH(QByteArray, route);
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    Framescope fs(freshDir());
    QVERIFY(fs.start({}));
    Client client(fs.wsUrl());
    QVERIFY(client.waitConnected());
    const HttpReply r = http(fs.port(), "POST", route, body);
    QVERIFY2(r.status == 400, r.head + r.body);
    const QJsonObject o = r.object();
    QCOMPARE(o.value("error").toString(), QStringLiteral("unknown_field"));
    QCOMPARE(o.value("field").toString(), field);
    QVERIFY2(o.value("message").toString().contains(QStringLiteral("'%1'").arg(field)),
             r.body.constData());
    QVERIFY2(o.value("message").toString().contains(QString::fromUtf8(route)), r.body.constData());
    // Nothing was done: the request is answered before any push, ping or close.
    QVERIFY(
        fs.waitForLine(QStringLiteral("http POST %1 400 from fd2").arg(QString::fromUtf8(route))));
    QTest::qWait(100);
    QVERIFY(client.texts.isEmpty());
    QVERIFY(!client.disconnected);
    for (const QString &line : fs.logLines())
        QVERIFY2(!line.startsWith(QStringLiteral("ping to")) &&
                     !line.startsWith(QStringLiteral("push to")) &&
                     !line.startsWith(QStringLiteral("close frame to")),
                 qPrintable(line));
}

QTEST_GUILESS_MAIN(TestHeadless)
void TestHeadless::tlsSelfSignedSession()
{
    const QString dir = freshDir();
    const QString certFile = dir + QStringLiteral("/cert.pem");
    Framescope fs(dir);
    QVERIFY(fs.start({QStringLiteral("--tls-self-signed"), QStringLiteral("--tls-write-cert"),
                      certFile, QStringLiteral("--log-format"), QStringLiteral("jsonl")}));
    const QString err = fs.stderrText();
    static const QRegularExpression fingerprint(
        QStringLiteral("TLS: certificate SHA-256 fingerprint ([0-9A-F:]{95})\n"));
    const auto fp = fingerprint.match(err);
    QVERIFY2(fp.hasMatch(), qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("listening on wss://127.0.0.1:%1 (control API on "
                                         "https://127.0.0.1:%1/; plain ws:// too)")
                              .arg(fs.port())),
             qPrintable(err));
    const QList<QSslCertificate> certs = QSslCertificate::fromPath(certFile);
    QCOMPARE(certs.size(), 1);
    QCOMPARE(
        QString::fromLatin1(certs.first().digest(QCryptographicHash::Sha256).toHex(':').toUpper()),
        fp.captured(1));

    QWebSocket socket;
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setCaCertificates(certs);
    socket.setSslConfiguration(conf);
    QString echoed;
    connect(&socket, &QWebSocket::textMessageReceived, [&](const QString &m) { echoed = m; });
    socket.open(QUrl(QStringLiteral("wss://127.0.0.1:%1/").arg(fs.port())));
    QVERIFY(QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; },
                            kTimeoutMs));
    socket.sendTextMessage(QStringLiteral("over tls"));
    QVERIFY(QTest::qWaitFor([&] { return echoed == QLatin1String("over tls"); }, kTimeoutMs));
    socket.close();
    QVERIFY(QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::UnconnectedState; },
                            kTimeoutMs));

    QJsonObject open, start;
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const QJsonObject &o : fs.jsonLines()) {
                if (o.value("event") == QLatin1String("open"))
                    open = o;
                if (o.value("event") == QLatin1String("start"))
                    start = o;
            }
            return !open.isEmpty();
        },
        kTimeoutMs));
    const QJsonObject tls = open.value("tls").toObject();
    QCOMPARE(tls.value("version").toString(), QStringLiteral("TLSv1.3"));
    QVERIFY(!tls.value("cipher").toString().isEmpty());
    QCOMPARE(tls.value("client_subject").toString(), QString());
    QCOMPARE(start.value("url").toString(), QStringLiteral("wss://127.0.0.1:%1").arg(fs.port()));
    QCOMPARE(start.value("tls").toString(), QStringLiteral("both"));
    QCOMPARE(start.value("tls_sha256_fingerprint").toString(), fp.captured(1));
    QVERIFY(fs.terminate());
}

#include "tst_headless.moc"
