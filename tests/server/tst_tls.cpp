// TLS on the server's port: wss:// and https:// beside plain ws:// (one port, the first byte
// decides), certificates at start, per-connection details, and bad input (plain bytes to a
// TLS-only port, garbage and truncated ClientHellos, handshakes that never finish).
// Clients are Qt's own (QSslSocket, QWebSocket over OpenSSL), not our code.

#include "servertestutil.h"

#include "server/tls.h"

#include <QSslCertificate>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

using namespace framescope;
using namespace framescope::test;

namespace {

struct Pem
{
    QByteArray cert;
    QByteArray key;
};

QByteArray bioText(BIO *bio)
{
    char *data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    QByteArray out(data, int(n));
    BIO_free(bio);
    return out;
}

// A certificate for `cn` valid from now+notBefore to now+notAfter seconds, signed by
// `issuer` (self-signed when null). CA:TRUE when `ca`. The key is encrypted with
// `passphrase` when given.
Pem makeCertificate(const char *cn, long notBefore, long notAfter, bool ca,
                    const Pem *issuer = nullptr, const char *passphrase = nullptr)
{
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509 *cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 42);
    X509_gmtime_adj(X509_getm_notBefore(cert), notBefore);
    X509_gmtime_adj(X509_getm_notAfter(cert), notAfter);
    X509_set_pubkey(cert, key);
    X509_NAME *name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char *>(cn), -1, -1, 0);
    X509 *issuerCert = cert;
    EVP_PKEY *issuerKey = key;
    if (issuer) {
        BIO *b = BIO_new_mem_buf(issuer->cert.constData(), int(issuer->cert.size()));
        issuerCert = PEM_read_bio_X509(b, nullptr, nullptr, nullptr);
        BIO_free(b);
        b = BIO_new_mem_buf(issuer->key.constData(), int(issuer->key.size()));
        issuerKey = PEM_read_bio_PrivateKey(b, nullptr, nullptr, nullptr);
        BIO_free(b);
    }
    X509_set_issuer_name(cert, X509_get_subject_name(issuerCert));
    X509V3_CTX v3;
    X509V3_set_ctx_nodb(&v3);
    X509V3_set_ctx(&v3, issuerCert, cert, nullptr, nullptr, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, &v3, NID_basic_constraints,
                                              ca ? "critical,CA:TRUE" : "CA:FALSE");
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    ext = X509V3_EXT_conf_nid(nullptr, &v3, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    X509_sign(cert, issuerKey, EVP_sha256());

    Pem out;
    BIO *b = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(b, cert);
    out.cert = bioText(b);
    b = BIO_new(BIO_s_mem());
    if (passphrase)
        PEM_write_bio_PKCS8PrivateKey(b, key, EVP_aes_256_cbc(), passphrase,
                                      int(strlen(passphrase)), nullptr, nullptr);
    else
        PEM_write_bio_PrivateKey(b, key, nullptr, nullptr, 0, nullptr, nullptr);
    out.key = bioText(b);
    if (issuer) {
        X509_free(issuerCert);
        EVP_PKEY_free(issuerKey);
    }
    X509_free(cert);
    EVP_PKEY_free(key);
    return out;
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(bytes);
    return path;
}

// A server with a generated certificate; `tune` adjusts the options first.
struct TlsServer
{
    HandlerLog log; // outlives the server: its stop() still runs handlers
    WebSocketServer server;
    EventRelay relay{server};
    SelfSignedCertificate cert;

    explicit TlsServer(const std::function<void(ServerOptions &)> &tune = {})
    {
        QString error;
        cert = generateSelfSigned({}, &error);
        ServerOptions o;
        o.ssl_cert_pem = cert.certPem;
        o.ssl_key_pem = cert.keyPem;
        if (tune)
            tune(o);
        server.set(o);
        server.setObserverEnabled(true);
        log.attach(server);
        server.onRequest([](const HttpRequest &req, HttpResponse &res) {
            res.header("Content-Type", "text/plain");
            res.end("hello " + req.uri);
        });
    }
    bool start() { return server.start(QHostAddress::LocalHost, 0); }
    quint16 port() const { return server.serverPort(); }
    QSslConfiguration clientConfig() const
    {
        QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
        conf.setCaCertificates(QSslCertificate::fromData(cert.certPem));
        return conf;
    }
};

// An echo over wss:// with QWebSocket trusting the generated certificate.
bool wssEcho(TlsServer &s, const QString &text)
{
    QWebSocket ws;
    ws.setSslConfiguration(s.clientConfig());
    QString got;
    QObject::connect(&ws, &QWebSocket::textMessageReceived, [&](const QString &m) { got = m; });
    ws.open(QUrl(QStringLiteral("wss://127.0.0.1:%1/").arg(s.port())));
    if (!QTest::qWaitFor([&] { return ws.state() == QAbstractSocket::ConnectedState; }, 10000))
        return false;
    ws.sendTextMessage(text);
    const bool ok = QTest::qWaitFor([&] { return got == text; }, 10000);
    ws.close();
    (void)QTest::qWaitFor([&] { return ws.state() == QAbstractSocket::UnconnectedState; }, 5000);
    return ok;
}

// Everything the server sends until it closes the connection (bounded wait).
QByteArray readUntilClosed(QAbstractSocket &socket, int timeoutMs = 10000)
{
    QByteArray all;
    (void)QTest::qWaitFor(
        [&] {
            all += socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        timeoutMs);
    all += socket.readAll();
    return all;
}

} // namespace

class TstTls : public QObject
{
    Q_OBJECT

private slots:
    void selfSignedCertificate();
    void wssEchoWithQWebSocket();
    void tls12WithSniAlpnAndHttps();
    void bothModesOnOnePort();
    void onlyModeRefusesPlainBytes();
    void badClientHello_data();
    void badClientHello();
    void handshakeThatNeverFinishes();
    void manyBadHandshakesLeaveNothingBehind();
    void slowReaderOverTlsIsBounded();
    void badCertificateFiles_data();
    void badCertificateFiles();
    void encryptedKeyWithPassphrase();
    void clientCertificates();
    void optionValidation_data();
    void optionValidation();
};

void TstTls::selfSignedCertificate()
{
    QString error;
    const SelfSignedCertificate c = generateSelfSigned(
        {QStringLiteral("dev.example.test"), QStringLiteral("10.1.2.3")}, &error);
    QVERIFY2(!c.certPem.isEmpty(), qPrintable(error));
    const QList<QSslCertificate> certs = QSslCertificate::fromData(c.certPem);
    QCOMPARE(certs.size(), 1);
    const auto san = certs.first().subjectAlternativeNames();
    QVERIFY(san.values(QSsl::DnsEntry).contains(QStringLiteral("localhost")));
    QVERIFY(san.values(QSsl::DnsEntry).contains(QStringLiteral("dev.example.test")));
    QVERIFY(san.values(QSsl::IpAddressEntry).contains(QStringLiteral("127.0.0.1")));
    QVERIFY(san.values(QSsl::IpAddressEntry).contains(QStringLiteral("10.1.2.3")));
    QVERIFY(san.values(QSsl::IpAddressEntry).contains(QStringLiteral("0:0:0:0:0:0:0:1")) ||
            san.values(QSsl::IpAddressEntry).contains(QStringLiteral("::1")));
    QCOMPARE(
        c.sha256Fingerprint,
        QString::fromLatin1(certs.first().digest(QCryptographicHash::Sha256).toHex(':').toUpper()));
    QCOMPARE(QByteArray::fromBase64(c.spkiSha256Base64.toLatin1()).size(), 32);
    QVERIFY(certs.first().expiryDate() > QDateTime::currentDateTimeUtc().addDays(29));
    QVERIFY(!QSslKey(c.keyPem, QSsl::Ec).isNull());
}

void TstTls::wssEchoWithQWebSocket()
{
    TlsServer s;
    std::atomic<int> fd{0};
    s.server.onOpen([&fd](WebSocketServer &, const HttpRequest &r) { fd = r.fd; });
    QVERIFY2(s.start(), qPrintable(s.server.errorString()));
    QWebSocket ws;
    ws.setSslConfiguration(s.clientConfig());
    QString got;
    connect(&ws, &QWebSocket::textMessageReceived, [&](const QString &m) { got = m; });
    ws.open(QUrl(QStringLiteral("wss://127.0.0.1:%1/").arg(s.port())));
    QTRY_COMPARE_WITH_TIMEOUT(ws.state(), QAbstractSocket::ConnectedState, 10000);
    const QString big(70000, QLatin1Char('x')); // several TLS records
    ws.sendTextMessage(big);
    QTRY_COMPARE_WITH_TIMEOUT(got, big, 10000);

    QTRY_VERIFY(fd > 0);
    const auto info = s.server.clientInfo(fd);
    QVERIFY(info);
    QVERIFY(info->tls);
    QCOMPARE(info->tls->version, QByteArray("TLSv1.3"));
    QCOMPARE(info->tls->cipher, ws.sslConfiguration().sessionCipher().name().toLatin1());
    QVERIFY(info->tls->sni.isEmpty()); // an IP address: no SNI (RFC 6066 §3)
    QVERIFY(info->tls->clientSubject.isEmpty());
    QTRY_COMPARE(s.relay.count(EventRecord::Kind::HandshakeAccepted, fd), 1);
    const EventRecord open = s.relay.of(EventRecord::Kind::HandshakeAccepted, fd).first();
    QVERIFY(open.tls);
    QCOMPARE(open.tls->version, QByteArray("TLSv1.3"));

    ws.close();
    QTRY_COMPARE_WITH_TIMEOUT(s.log.closeCount(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(ws.state(), QAbstractSocket::UnconnectedState, 10000);
}

void TstTls::tls12WithSniAlpnAndHttps()
{
    TlsServer s([](ServerOptions &o) { o.ssl_protocols = QStringLiteral("TLSv1.2"); });
    QVERIFY2(s.start(), qPrintable(s.server.errorString()));
    QSslSocket socket;
    QSslConfiguration conf = s.clientConfig();
    conf.setAllowedNextProtocols({QByteArrayLiteral("h2"), QByteArrayLiteral("http/1.1")});
    socket.setSslConfiguration(conf);
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), s.port(),
                                  QStringLiteral("localhost"));
    QVERIFY2(socket.waitForEncrypted(10000), qPrintable(socket.errorString()));
    QCOMPARE(socket.sessionProtocol(), QSsl::TlsV1_2);
    QCOMPARE(socket.sslConfiguration().nextNegotiatedProtocol(), QByteArray("http/1.1"));

    // The control API's path: an HTTP request over TLS.
    socket.write("GET /status HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QByteArray response;
    QTRY_VERIFY_WITH_TIMEOUT((response += socket.readAll()).contains("hello /status"), 10000);
    QVERIFY(response.startsWith("HTTP/1.1 200"));

    const std::vector<int> fds = s.server.connections();
    QCOMPARE(int(fds.size()), 1);
    const auto info = s.server.clientInfo(fds.front());
    QVERIFY(info && info->tls);
    QCOMPARE(info->tls->version, QByteArray("TLSv1.2"));
    QCOMPARE(info->tls->sni, QByteArray("localhost"));
    QCOMPARE(info->tls->alpn, QByteArray("http/1.1"));
    QTRY_COMPARE(s.relay.count(EventRecord::Kind::HttpRequest), 1);
    QVERIFY(s.relay.of(EventRecord::Kind::HttpRequest).first().tls);

    // And a TLS 1.3-only client is refused by a TLS 1.2-only server.
    QSslSocket v13;
    QSslConfiguration conf13 = s.clientConfig();
    conf13.setProtocol(QSsl::TlsV1_3OrLater);
    v13.setSslConfiguration(conf13);
    v13.connectToHostEncrypted(QStringLiteral("127.0.0.1"), s.port(), QStringLiteral("localhost"));
    QVERIFY(!v13.waitForEncrypted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(s.relay.count(EventRecord::Kind::HandshakeRejected) == 1, 10000);
    QVERIFY2(s.relay.of(EventRecord::Kind::HandshakeRejected)
                 .first()
                 .text.startsWith(QLatin1String("TLS handshake failed: ")),
             qPrintable(s.relay.of(EventRecord::Kind::HandshakeRejected).first().text));
}

void TstTls::bothModesOnOnePort()
{
    TlsServer s;
    QVERIFY2(s.start(), qPrintable(s.server.errorString()));
    QVERIFY(wssEcho(s, QStringLiteral("over TLS")));
    QWebSocket plain;
    QString got;
    connect(&plain, &QWebSocket::textMessageReceived, [&](const QString &m) { got = m; });
    plain.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(s.port())));
    QTRY_COMPARE_WITH_TIMEOUT(plain.state(), QAbstractSocket::ConnectedState, 10000);
    plain.sendTextMessage(QStringLiteral("plain"));
    QTRY_COMPARE_WITH_TIMEOUT(got, QStringLiteral("plain"), 10000);
    const std::vector<int> fds = s.server.connections();
    QCOMPARE(int(fds.size()), 1);
    QVERIFY(!s.server.clientInfo(fds.front())->tls);
    plain.close();
    QTRY_COMPARE_WITH_TIMEOUT(s.log.closeCount(), 2, 10000);
}

void TstTls::onlyModeRefusesPlainBytes()
{
    TlsServer s([](ServerOptions &o) { o.tls_mode = QStringLiteral("only"); });
    QVERIFY2(s.start(), qPrintable(s.server.errorString()));
    QTcpSocket plain;
    plain.connectToHost(QHostAddress::LocalHost, s.port());
    QVERIFY(plain.waitForConnected(5000));
    plain.write("GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n\r\n");
    const QByteArray answer = readUntilClosed(plain);
    QVERIFY2(answer.startsWith("HTTP/1.1 400"), answer.constData());
    QVERIFY2(answer.contains("TLS only") && answer.contains("byte 0x47"), answer.constData());
    QTRY_COMPARE(s.relay.count(EventRecord::Kind::HandshakeRejected), 1);
    const EventRecord rec = s.relay.of(EventRecord::Kind::HandshakeRejected).first();
    QCOMPARE(rec.httpStatus, 400);
    QVERIFY(rec.text.contains(QLatin1String("tls_mode only")));
    // TLS clients are still served.
    QVERIFY(wssEcho(s, QStringLiteral("still here")));
}

void TstTls::badClientHello_data()
{
    QTest::addColumn<QByteArray>("bytes");
    // A handshake record whose body is not a ClientHello.
    QTest::newRow("garbage body") << QByteArray("\x16\x03\x01\x00\x08garbage!", 13);
    // An SSL 3.0-era version the server does not speak, then junk.
    QTest::newRow("bad version") << QByteArray("\x16\x7f\x7f\x00\x04\x01\x00\x00\x00", 9);
    // A record length far beyond the 16 KiB + 2048 TLS allows (RFC 5246 §6.2.3).
    QTest::newRow("huge record") << QByteArray("\x16\x03\x01\xff\xff", 5) + QByteArray(64, 'A');
    // A ClientHello with an absurd length of its own.
    QTest::newRow("bad hello length")
        << QByteArray("\x16\x03\x01\x00\x08\x01\xff\xff\xff\x03\x03\x00\x00", 13);
}

void TstTls::badClientHello()
{
    QFETCH(QByteArray, bytes);
    TlsServer s;
    QVERIFY2(s.start(), qPrintable(s.server.errorString()));
    QTcpSocket raw;
    raw.connectToHost(QHostAddress::LocalHost, s.port());
    QVERIFY(raw.waitForConnected(5000));
    raw.write(bytes);
    const QByteArray answer = readUntilClosed(raw);
    QCOMPARE(raw.state(), QAbstractSocket::UnconnectedState);
    // A TLS alert record (21) when OpenSSL got far enough to send one.
    QVERIFY(answer.isEmpty() || answer.startsWith('\x15'));
    QTRY_COMPARE(s.relay.count(EventRecord::Kind::HandshakeRejected), 1);
    const QString text = s.relay.of(EventRecord::Kind::HandshakeRejected).first().text;
    QVERIFY2(text.startsWith(QLatin1String("TLS handshake failed: ")), qPrintable(text));
    QTRY_COMPARE(s.log.disconnectCount(), 1);
    QVERIFY(wssEcho(s, QStringLiteral("next client")));
}

void TstTls::handshakeThatNeverFinishes()
{
    TlsServer s([](ServerOptions &o) { o.handshake_timeout_ms = 300; });
    QVERIFY2(s.start(), qPrintable(s.server.errorString()));
    QTcpSocket raw;
    raw.connectToHost(QHostAddress::LocalHost, s.port());
    QVERIFY(raw.waitForConnected(5000));
    // The first bytes of a ClientHello of 512 bytes, and then nothing.
    raw.write(QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) + QByteArray(32, 'r'));
    readUntilClosed(raw);
    QCOMPARE(raw.state(), QAbstractSocket::UnconnectedState);
    QTRY_COMPARE(s.relay.count(EventRecord::Kind::HandshakeRejected), 1);
    const QString text = s.relay.of(EventRecord::Kind::HandshakeRejected).first().text;
    QCOMPARE(text,
             QStringLiteral("handshake_timeout_ms: TLS handshake not finished within 300 ms"));
}

void TstTls::manyBadHandshakesLeaveNothingBehind()
{
    TlsServer s([](ServerOptions &o) { o.handshake_timeout_ms = 2000; });
    QVERIFY2(s.start(), qPrintable(s.server.errorString()));
    constexpr int Count = 100;
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < Count; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, s.port());
        sockets.push_back(std::move(socket));
    }
    for (int i = 0; i < Count; ++i) {
        QVERIFY(sockets[i]->waitForConnected(5000));
        // Alternately: garbage in a handshake record, and a ClientHello cut short.
        sockets[i]->write(i % 2 ? QByteArray("\x16\x03\x01\x00\x04\x00\x00\x00\x00", 9)
                                : QByteArray("\x16\x03\x01\x01\x00\x01\x00\x00\xfc", 9));
    }
    QTRY_VERIFY_WITH_TIMEOUT(s.log.disconnectCount() == Count, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(s.server.connections().empty(), 5000);
    QVERIFY(wssEcho(s, QStringLiteral("after the storm")));
}

// A wss:// client that stops reading: the server's queue (plaintext and ciphertext) stays
// bounded and the connection is dropped past 4 x buffer_output_size, as over plain TCP.
void TstTls::slowReaderOverTlsIsBounded()
{
    TlsServer s([](ServerOptions &o) { o.buffer_output_size = 64 * 1024; });
    QVERIFY2(s.start(), qPrintable(s.server.errorString()));
    QSslSocket socket;
    socket.setSslConfiguration(s.clientConfig());
    socket.setReadBufferSize(16 * 1024); // Qt stops reading the socket when this is full
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), s.port(),
                                  QStringLiteral("localhost"));
    QVERIFY2(socket.waitForEncrypted(10000), qPrintable(socket.errorString()));
    socket.write(
        "GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    QByteArray head;
    QTRY_VERIFY_WITH_TIMEOUT((head += socket.read(1024)).contains("\r\n\r\n"), 10000);
    QVERIFY(head.startsWith("HTTP/1.1 101"));
    QTRY_COMPARE(s.log.openCount(), 1);
    const int fd = s.server.connections().front();

    const QByteArray payload(60 * 1024, 'p');
    int pushed = 0;
    // 400 x 60 KiB = 24 MB: far more than the kernel's socket buffers and 4 x 64 KiB.
    for (int i = 0; i < 400 && s.server.exist(fd); ++i) {
        if (s.server.push(fd, payload, OpBinary))
            ++pushed;
        QTest::qWait(1); // let the worker flush (and find the peer not reading)
    }
    QTRY_COMPARE_WITH_TIMEOUT(s.log.closeCount(), 1, 20000);
    QTRY_COMPARE(s.relay.count(EventRecord::Kind::Closed, fd), 1);
    const EventRecord closed = s.relay.of(EventRecord::Kind::Closed, fd).first();
    QCOMPARE(closed.closeCode, quint16(CloseAbnormal));
    QVERIFY2(closed.text.startsWith(QLatin1String("slow reader: ")), qPrintable(closed.text));
    QVERIFY(pushed > 4); // it took more than the limit's worth of pushes
    QVERIFY(wssEcho(s, QStringLiteral("others still served")));
}

void TstTls::badCertificateFiles_data()
{
    QTest::addColumn<QString>("certName");
    QTest::addColumn<QString>("keyName");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing cert") << "nothere.pem"
                                  << "good.key"
                                  << "ssl_cert_file: cannot read '%1/nothere.pem'";
    QTest::newRow("missing key") << "good.pem"
                                 << "nothere.key"
                                 << "ssl_key_file: cannot read '%1/nothere.key'";
    QTest::newRow("garbage cert") << "garbage.pem"
                                  << "good.key"
                                  << "ssl_cert_file: '%1/garbage.pem' holds no PEM certificate";
    QTest::newRow("empty cert") << "empty.pem"
                                << "good.key"
                                << "ssl_cert_file: '%1/empty.pem' is empty";
    QTest::newRow("expired") << "expired.pem"
                             << "expired.key"
                             << "ssl_cert_file: the certificate in '%1/expired.pem' expired on";
    QTest::newRow("not yet valid") << "future.pem"
                                   << "future.key"
                                   << "ssl_cert_file: the certificate in '%1/future.pem' is not "
                                      "valid before";
    QTest::newRow("key of another cert")
        << "good.pem"
        << "expired.key"
        << "ssl_key_file: the key in '%1/expired.key' does not match the certificate in "
           "'%1/good.pem'";
    QTest::newRow("cert as key") << "good.pem"
                                 << "good.pem"
                                 << "ssl_key_file: '%1/good.pem' holds no PEM private key";
    QTest::newRow("encrypted key, no passphrase")
        << "enc.pem"
        << "enc.key"
        << "ssl_key_file: '%1/enc.key' is encrypted and FRAMESCOPE_SSL_KEY_PASSPHRASE is not set";
}

void TstTls::badCertificateFiles()
{
    QFETCH(QString, certName);
    QFETCH(QString, keyName);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const Pem good = makeCertificate("good", -60, 86400, false);
    const Pem expired = makeCertificate("expired", -2 * 86400, -86400, false);
    const Pem future = makeCertificate("future", 86400, 2 * 86400, false);
    const Pem enc = makeCertificate("enc", -60, 86400, false, nullptr, "sesame");
    writeFile(dir, QStringLiteral("good.pem"), good.cert);
    writeFile(dir, QStringLiteral("good.key"), good.key);
    writeFile(dir, QStringLiteral("expired.pem"), expired.cert);
    writeFile(dir, QStringLiteral("expired.key"), expired.key);
    writeFile(dir, QStringLiteral("future.pem"), future.cert);
    writeFile(dir, QStringLiteral("future.key"), future.key);
    writeFile(dir, QStringLiteral("enc.pem"), enc.cert);
    writeFile(dir, QStringLiteral("enc.key"), enc.key);
    writeFile(dir, QStringLiteral("garbage.pem"), "this is not a certificate\n");
    writeFile(dir, QStringLiteral("empty.pem"), {});
    qunsetenv(KeyPassphraseEnv);

    WebSocketServer server;
    server.onMessage([](WebSocketServer &, const Frame &) {});
    ServerOptions o;
    o.ssl_cert_file = dir.filePath(certName);
    o.ssl_key_file = dir.filePath(keyName);
    server.set(o);
    QVERIFY(!server.start(QHostAddress::LocalHost, 0));
    QVERIFY2(server.errorString().startsWith(expected.arg(dir.path())),
             qPrintable(server.errorString()));
    QVERIFY(!server.isRunning());
}

void TstTls::encryptedKeyWithPassphrase()
{
    QTemporaryDir dir;
    const Pem enc = makeCertificate("enc", -60, 86400, false, nullptr, "sesame");
    ServerOptions o;
    o.ssl_cert_file = writeFile(dir, QStringLiteral("enc.pem"), enc.cert);
    o.ssl_key_file = writeFile(dir, QStringLiteral("enc.key"), enc.key);
    WebSocketServer server;
    server.onMessage([](WebSocketServer &, const Frame &) {});
    server.set(o);
    qputenv(KeyPassphraseEnv, "wrong");
    QVERIFY(!server.start(QHostAddress::LocalHost, 0));
    QVERIFY2(server.errorString().contains(QLatin1String(
                 "is encrypted and FRAMESCOPE_SSL_KEY_PASSPHRASE does not decrypt it")),
             qPrintable(server.errorString()));
    qputenv(KeyPassphraseEnv, "sesame");
    const bool started = server.start(QHostAddress::LocalHost, 0);
    qunsetenv(KeyPassphraseEnv);
    QVERIFY2(started, qPrintable(server.errorString()));
    server.stop();
}

void TstTls::clientCertificates()
{
    QTemporaryDir dir;
    const Pem ca = makeCertificate("Test CA", -60, 86400, true);
    const Pem client = makeCertificate("test client", -60, 86400, false, &ca);
    const QString caFile = writeFile(dir, QStringLiteral("ca.pem"), ca.cert);
    TlsServer s([&](ServerOptions &o) {
        o.ssl_verify_peer = true;
        o.ssl_client_cert_file = caFile;
    });
    QVERIFY2(s.start(), qPrintable(s.server.errorString()));

    QSslSocket with;
    QSslConfiguration conf = s.clientConfig();
    conf.setLocalCertificate(QSslCertificate(client.cert));
    conf.setPrivateKey(QSslKey(client.key, QSsl::Ec));
    with.setSslConfiguration(conf);
    with.connectToHostEncrypted(QStringLiteral("127.0.0.1"), s.port(), QStringLiteral("localhost"));
    QVERIFY2(with.waitForEncrypted(10000), qPrintable(with.errorString()));
    with.write("GET /me HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QByteArray response;
    QTRY_VERIFY_WITH_TIMEOUT((response += with.readAll()).contains("hello /me"), 10000);
    const std::vector<int> fds = s.server.connections();
    QCOMPARE(int(fds.size()), 1);
    const auto info = s.server.clientInfo(fds.front());
    QVERIFY(info && info->tls);
    QCOMPARE(info->tls->clientSubject, QStringLiteral("CN=test client"));

    // Without a certificate the handshake fails, and the log says why.
    QSslSocket without;
    without.setSslConfiguration(s.clientConfig());
    without.connectToHostEncrypted(QStringLiteral("127.0.0.1"), s.port(),
                                   QStringLiteral("localhost"));
    without.waitForEncrypted(10000);
    // TLS 1.3: the client counts itself connected before the server checked its
    // certificate; the server's alert and close follow.
    readUntilClosed(without);
    QTRY_COMPARE_WITH_TIMEOUT(s.relay.count(EventRecord::Kind::HandshakeRejected), 1, 10000);
    const QString text = s.relay.of(EventRecord::Kind::HandshakeRejected).first().text;
    QVERIFY2(text.startsWith(QLatin1String("TLS handshake failed: ")) &&
                 text.contains(QLatin1String("certificate")),
             qPrintable(text));
}

void TstTls::optionValidation_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("protocols") << "ssl_protocols"
                               << "TLSv1.1"
                               << "ssl_protocols: \"TLSv1.1\" is invalid, expected TLSv1.2 and/or "
                                  "TLSv1.3";
    QTest::newRow("no protocols") << "ssl_protocols"
                                  << ""
                                  << "ssl_protocols: \"\" is invalid, expected at least one of "
                                     "TLSv1.2, TLSv1.3";
    QTest::newRow("ciphers") << "ssl_ciphers"
                             << "NOPE"
                             << "ssl_ciphers: \"NOPE\" is invalid, no cipher OpenSSL knows";
    QTest::newRow("mode") << "tls_mode"
                          << "sometimes"
                          << "tls_mode: \"sometimes\" is invalid, expected both or only";
    QTest::newRow("cert without key") << "ssl_cert_file"
                                      << "/tmp/c.pem"
                                      << "ssl_key_file: empty, expected the key of ssl_cert_file "
                                         "\"/tmp/c.pem\"";
    QTest::newRow("verify without CA") << "ssl_verify_peer"
                                       << "true"
                                       << "ssl_verify_peer: true is invalid without "
                                          "ssl_client_cert_file";
}

void TstTls::optionValidation()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    ServerOptions o;
    if (field == QLatin1String("ssl_protocols"))
        o.ssl_protocols = value;
    else if (field == QLatin1String("ssl_ciphers"))
        o.ssl_ciphers = value;
    else if (field == QLatin1String("tls_mode"))
        o.tls_mode = value;
    else if (field == QLatin1String("ssl_cert_file"))
        o.ssl_cert_file = value;
    else if (field == QLatin1String("ssl_verify_peer"))
        o.ssl_verify_peer = true;
    QVERIFY2(o.validate().startsWith(expected), qPrintable(o.validate()));
    QVERIFY(ServerOptions().validate().isEmpty());
}

QTEST_MAIN(TstTls)
#include "tst_tls.moc"
