// parseArguments(): every option, every kind of bad value, --config merging. In-process and
// exact: the message a user sees is part of the contract.
#include "commandline.h"

#include <QTemporaryDir>
#include <QTest>

using namespace framescope;

class TestCommandLine final : public QObject
{
    Q_OBJECT

private slots:
    void defaults();
    void everyOption();
    void badValues_data();
    void badValues();
    void tlsOptions();
    void helpAndVersion();
    void configFile();
    void configErrors_data();
    void configErrors();

private:
    static QStringList args(const QStringList &rest)
    {
        return QStringList{QStringLiteral("framescope")} + rest;
    }
    QString writeConfig(const QByteArray &json)
    {
        const QString path = m_dir.filePath(QStringLiteral("config-%1.json").arg(++m_files));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(path));
        file.write(json);
        return path;
    }

    QTemporaryDir m_dir;
    int m_files = 0;
};

void TestCommandLine::defaults()
{
    AppConfig config;
    const CommandLineOutcome o = parseArguments(args({}), config);
    QCOMPARE(o.exitCode, -1);
    QVERIFY(o.err.isEmpty());
    QCOMPARE(config.host, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(config.hostText, QStringLiteral("127.0.0.1"));
    QCOMPARE(config.port, quint16(9501));
    QCOMPARE(config.mode, AppConfig::Mode::Echo);
    QCOMPARE(config.logFormat, AppConfig::LogFormat::Text);
    QVERIFY(!config.noGui);
    QVERIFY(config.explicitOptions.isEmpty());
    QCOMPARE(config.server.max_connection, ServerOptions().max_connection);
    // The app negotiates permessage-deflate; the library's default stays Swoole's (off).
    QVERIFY(config.server.websocket_compression);
    QVERIFY(!ServerOptions().websocket_compression);

    AppConfig declined;
    const CommandLineOutcome no = parseArguments(args({"--no-websocket-compression"}), declined);
    QCOMPARE(no.err, QString());
    QVERIFY(!declined.server.websocket_compression);
    // The GUI's saved settings must not win over it.
    QVERIFY(declined.explicitOptions.contains(QStringLiteral("websocket_compression")));
}

void TestCommandLine::everyOption()
{
    AppConfig config;
    const CommandLineOutcome o = parseArguments(args({"--no-gui",
                                                      "--host",
                                                      "0.0.0.0",
                                                      "--port",
                                                      "0",
                                                      "--mode",
                                                      "broadcast",
                                                      "--log-format",
                                                      "jsonl",
                                                      "--log-file",
                                                      "/tmp/x.log",
                                                      "--control-token",
                                                      "s3cret",
                                                      "--websocket-subprotocol",
                                                      "chat",
                                                      "--open-websocket-close-frame",
                                                      "--open-websocket-ping-frame",
                                                      "--open-websocket-pong-frame",
                                                      "--websocket-compression",
                                                      "--websocket-compress-all",
                                                      "--websocket-compression-level",
                                                      "9",
                                                      "--websocket-compression-min-size",
                                                      "0",
                                                      "--websocket-server-max-window-bits",
                                                      "10",
                                                      "--heartbeat-check-interval",
                                                      "5",
                                                      "--heartbeat-idle-time",
                                                      "12",
                                                      "--max-connection",
                                                      "7",
                                                      "--buffer-output-size",
                                                      "1000",
                                                      "--max-frame-size",
                                                      "200",
                                                      "--max-message-size",
                                                      "300",
                                                      "--handshake-timeout",
                                                      "1500",
                                                      "--handshake-max-size",
                                                      "4096",
                                                      "--http-max-body-size",
                                                      "99",
                                                      "--close-timeout",
                                                      "250",
                                                      "--held-close-timeout",
                                                      "60000",
                                                      "--threads",
                                                      "3",
                                                      "--no-tcp-nodelay"}),
                                                config);
    QCOMPARE(o.err, QString());
    QCOMPARE(o.exitCode, -1);
    QVERIFY(config.noGui);
    QCOMPARE(config.host, QHostAddress(QHostAddress::AnyIPv4));
    QCOMPARE(config.hostText, QStringLiteral("0.0.0.0"));
    QCOMPARE(config.port, quint16(0));
    QCOMPARE(config.mode, AppConfig::Mode::Broadcast);
    QCOMPARE(config.logFormat, AppConfig::LogFormat::Jsonl);
    QCOMPARE(config.logFile, QStringLiteral("/tmp/x.log"));
    QCOMPARE(config.controlToken, QStringLiteral("s3cret"));
    const ServerOptions &s = config.server;
    QCOMPARE(s.websocket_subprotocol, QStringLiteral("chat"));
    QVERIFY(s.open_websocket_close_frame);
    QVERIFY(s.open_websocket_ping_frame);
    QVERIFY(s.open_websocket_pong_frame);
    QVERIFY(s.websocket_compression);
    QVERIFY(s.websocket_compress_all);
    QCOMPARE(s.websocket_compression_level, 9);
    QCOMPARE(s.websocket_compression_min_size, 0);
    QCOMPARE(s.websocket_server_max_window_bits, 10);
    QCOMPARE(s.heartbeat_check_interval, 5);
    QCOMPARE(s.heartbeat_idle_time, 12);
    QCOMPARE(s.max_connection, 7);
    QCOMPARE(s.buffer_output_size, qint64(1000));
    QCOMPARE(s.websocket_max_frame_size, qint64(200));
    QCOMPARE(s.websocket_max_message_size, qint64(300));
    QCOMPARE(s.handshake_timeout_ms, 1500);
    QCOMPARE(s.handshake_max_size, 4096);
    QCOMPARE(s.http_max_body_size, 99);
    QCOMPARE(s.close_timeout_ms, 250);
    QCOMPARE(s.held_close_timeout_ms, 60000);
    QCOMPARE(s.reactor_num, 3);
    QVERIFY(!s.tcp_nodelay);
    QVERIFY(config.explicitOptions.contains(QStringLiteral("port")));
    QVERIFY(config.explicitOptions.contains(QStringLiteral("websocket-compression")));
    QVERIFY(config.explicitOptions.contains(QStringLiteral("no-gui")));
    QVERIFY(!config.explicitOptions.contains(QStringLiteral("config")));
    // Every option in the table, its ServerOptions field name where it has one, and --no-gui.
    QCOMPARE(config.explicitOptions.size(), 29 + 22);
    QVERIFY(config.explicitOptions.contains(QStringLiteral("max-frame-size")));
    QVERIFY(config.explicitOptions.contains(QStringLiteral("websocket_max_frame_size")));
    QVERIFY(config.explicitOptions.contains(QStringLiteral("reactor_num")));
    QVERIFY(config.explicitOptions.contains(QStringLiteral("tcp_nodelay")));
}

void TestCommandLine::badValues_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");

    QTest::newRow("port not a number")
        << QStringList{"--port", "abc"}
        << "framescope: invalid value 'abc' for --port: expected an integer from 0 to 65535\n";
    QTest::newRow("port too big")
        << QStringList{"--port", "65536"}
        << "framescope: invalid value '65536' for --port: expected an integer from 0 to "
           "65535\n";
    QTest::newRow("port negative")
        << QStringList{"--port=-1"}
        << "framescope: invalid value '-1' for --port: expected an integer from 0 to 65535\n";
    QTest::newRow("port empty")
        << QStringList{"--port="}
        << "framescope: invalid value '' for --port: expected an integer from 0 to 65535\n";
    QTest::newRow("host name")
        << QStringList{"--host", "localhost"}
        << "framescope: invalid value 'localhost' for --host: expected an IP address such as "
           "127.0.0.1, 0.0.0.0 or ::1\n";
    QTest::newRow("host garbage")
        << QStringList{"--host", "300.1.1.1"}
        << "framescope: invalid value '300.1.1.1' for --host: expected an IP address such as "
           "127.0.0.1, 0.0.0.0 or ::1\n";
    QTest::newRow("mode") << QStringList{"--mode", "loud"}
                          << "framescope: invalid value 'loud' for --mode: expected one of "
                             "echo, silent, broadcast\n";
    QTest::newRow("log format") << QStringList{"--log-format", "xml"}
                                << "framescope: invalid value 'xml' for --log-format: expected "
                                   "one of text, jsonl, none\n";
    QTest::newRow("compression level")
        << QStringList{"--websocket-compression-level", "0"}
        << "framescope: invalid value '0' for --websocket-compression-level: expected an "
           "integer from 1 to 9\n";
    QTest::newRow("window bits")
        << QStringList{"--websocket-server-max-window-bits", "8"}
        << "framescope: invalid value '8' for --websocket-server-max-window-bits: expected an "
           "integer from 9 to 15\n";
    QTest::newRow("threads")
        << QStringList{"--threads", "0"}
        << "framescope: invalid value '0' for --threads: expected an integer from 1 to 64\n";
    QTest::newRow("max connection")
        << QStringList{"--max-connection", "ten"}
        << "framescope: invalid value 'ten' for --max-connection: expected an integer from 1 "
           "to 2147483647\n";
    QTest::newRow("heartbeat negative")
        << QStringList{"--heartbeat-idle-time", "-5"}
        << "framescope: invalid value '-5' for --heartbeat-idle-time: expected an integer from "
           "0 to 2147483647\n";
    QTest::newRow("frame size")
        << QStringList{"--max-frame-size", "100"}
        << "framescope: invalid value '100' for --max-frame-size: expected an integer from 125 "
           "to 1099511627776\n";
    QTest::newRow("subprotocol not a token")
        << QStringList{"--websocket-subprotocol", "a b"}
        << "framescope: invalid value for --websocket-subprotocol: websocket_subprotocol: "
           "\"a b\" is invalid, expected an HTTP token (RFC 6455 §4.1)\n";
    QTest::newRow("unknown option")
        << QStringList{"--frobnicate"}
        << "framescope: Unknown option 'frobnicate'.\nTry 'framescope --help' for the "
           "options.\n";
    QTest::newRow("missing value")
        << QStringList{"--port"}
        << "framescope: Missing value after '--port'.\nTry 'framescope --help' for the "
           "options.\n";
    QTest::newRow("positional")
        << QStringList{"9501"}
        << "framescope: unexpected argument '9501'\nTry 'framescope --help' for the options.\n";
    QTest::newRow("tls hostname")
        << QStringList{"--tls-self-signed", "--tls-hostname", "not a name"}
        << "framescope: invalid value 'not a name' for --tls-hostname: expected a DNS name or "
           "an IP address\n";
    QTest::newRow("tls hostname without self-signed")
        << QStringList{"--tls-hostname", "dev.local"}
        << "framescope: --tls-hostname needs --tls-self-signed (it names the generated "
           "certificate)\n";
    QTest::newRow("write cert without tls")
        << QStringList{"--tls-write-cert", "/tmp/c.pem"}
        << "framescope: --tls-write-cert needs TLS: add --tls-self-signed or "
           "--ssl-cert-file/--ssl-key-file\n";
    QTest::newRow("tls mode without tls")
        << QStringList{"--tls-mode", "only"}
        << "framescope: --tls-mode needs TLS: add --tls-self-signed or "
           "--ssl-cert-file/--ssl-key-file\n";
    QTest::newRow("self-signed and a file")
        << QStringList{"--tls-self-signed", "--ssl-cert-file", "c.pem", "--ssl-key-file", "k.pem"}
        << "framescope: --tls-self-signed and --ssl-cert-file 'c.pem' exclude each other: pick "
           "one certificate\n";
    QTest::newRow("tls mode")
        << QStringList{"--tls-self-signed", "--tls-mode", "sometimes"}
        << "framescope: invalid value for --tls-mode: tls_mode: \"sometimes\" is invalid, "
           "expected both or only\n";
    QTest::newRow("ssl protocols")
        << QStringList{"--tls-self-signed", "--ssl-protocols", "TLSv1.0"}
        << "framescope: invalid value for --ssl-protocols: ssl_protocols: \"TLSv1.0\" is "
           "invalid, expected TLSv1.2 and/or TLSv1.3\n";
    QTest::newRow("ssl ciphers")
        << QStringList{"--tls-self-signed", "--ssl-ciphers", "NO-SUCH-CIPHER"}
        << "framescope: invalid value for --ssl-ciphers: ssl_ciphers: \"NO-SUCH-CIPHER\" is "
           "invalid, no cipher OpenSSL knows\n";
    QTest::newRow("key without cert")
        << QStringList{"--ssl-key-file", "k.pem"}
        << "framescope: invalid value for --ssl-cert-file: ssl_cert_file: empty, expected the "
           "certificate of ssl_key_file \"k.pem\"\n";
    QTest::newRow("verify peer without CA")
        << QStringList{"--tls-self-signed", "--ssl-verify-peer"}
        << "framescope: invalid value for --ssl-verify-peer: ssl_verify_peer: true is invalid "
           "without ssl_client_cert_file (the CA that signs client certificates)\n";
    QTest::newRow("missing config")
        << QStringList{"--config", "/nonexistent/framescope.json"}
        << "framescope: cannot read config file '/nonexistent/framescope.json': No such file "
           "or directory\n";
}

void TestCommandLine::badValues()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    AppConfig config;
    const CommandLineOutcome o = parseArguments(args(arguments), config);
    QCOMPARE(o.err, message);
    QCOMPARE(o.exitCode, 2);
    QVERIFY(o.out.isEmpty());
}

void TestCommandLine::tlsOptions()
{
    AppConfig config;
    const CommandLineOutcome o = parseArguments(
        args({"--tls-self-signed", "--tls-hostname", "dev.local", "--tls-hostname", "10.0.0.5",
              "--tls-write-cert", "/tmp/framescope.pem", "--tls-mode", "only", "--ssl-protocols",
              "TLSv1.3", "--ssl-ciphers", "ECDHE+AESGCM"}),
        config);
    QCOMPARE(o.err, QString());
    QCOMPARE(o.exitCode, -1);
    QVERIFY(config.tlsSelfSigned);
    QCOMPARE(config.tlsHostnames, QStringList({"dev.local", "10.0.0.5"}));
    QCOMPARE(config.tlsWriteCert, QStringLiteral("/tmp/framescope.pem"));
    QCOMPARE(config.server.tls_mode, QStringLiteral("only"));
    QCOMPARE(config.server.ssl_protocols, QStringLiteral("TLSv1.3"));
    QCOMPARE(config.server.ssl_ciphers, QStringLiteral("ECDHE+AESGCM"));
    QVERIFY(config.server.ssl_cert_pem.isEmpty()); // generated at start, not while parsing

    AppConfig files;
    const CommandLineOutcome f =
        parseArguments(args({"--ssl-cert-file", "c.pem", "--ssl-key-file", "k.pem",
                             "--ssl-client-cert-file", "ca.pem", "--ssl-verify-peer"}),
                       files);
    QCOMPARE(f.err, QString());
    QCOMPARE(files.server.ssl_cert_file, QStringLiteral("c.pem"));
    QCOMPARE(files.server.ssl_key_file, QStringLiteral("k.pem"));
    QCOMPARE(files.server.ssl_client_cert_file, QStringLiteral("ca.pem"));
    QVERIFY(files.server.ssl_verify_peer);
    QVERIFY(files.server.tlsEnabled());
}

void TestCommandLine::helpAndVersion()
{
    AppConfig config;
    CommandLineOutcome o = parseArguments(args({"--version"}), config);
    QCOMPARE(o.exitCode, 0);
    QCOMPARE(o.out, QStringLiteral("framescope " FRAMESCOPE_VERSION "\n"));

    o = parseArguments(args({"--help"}), config);
    QCOMPARE(o.exitCode, 0);
    QVERIFY(o.err.isEmpty());
    for (const char *name :
         {"--no-gui", "--host <IP>", "--port <PORT>", "--mode <MODE>", "--log-format <FORMAT>",
          "--config <FILE>", "--websocket-subprotocol <NAME>", "--open-websocket-close-frame",
          "--heartbeat-idle-time <SECONDS>", "--threads <N>", "--control-token <TOKEN>",
          "--max-message-size <BYTES>"})
        QVERIFY2(o.out.contains(QLatin1String(name)), name);
}

void TestCommandLine::configFile()
{
    // Every spelling of a key: kebab, snake, and Swoole's field name.
    const QString path = writeConfig(R"({
        "port": 9700, "host": "::1", "mode": "silent", "log-format": "jsonl",
        "websocket_subprotocol": "chat", "open-websocket-ping-frame": true,
        "max_connection": 5, "websocket_max_message_size": 4096, "reactor_num": 2,
        "heartbeat-idle-time": 30, "tcp_nodelay": false, "control_token": "t"
    })");
    AppConfig config;
    CommandLineOutcome o = parseArguments(args({"--config", path}), config);
    QCOMPARE(o.err, QString());
    QCOMPARE(o.exitCode, -1);
    QCOMPARE(config.port, quint16(9700));
    QCOMPARE(config.host, QHostAddress(QHostAddress::LocalHostIPv6));
    QCOMPARE(config.mode, AppConfig::Mode::Silent);
    QCOMPARE(config.logFormat, AppConfig::LogFormat::Jsonl);
    QCOMPARE(config.server.websocket_subprotocol, QStringLiteral("chat"));
    QVERIFY(config.server.open_websocket_ping_frame);
    QCOMPARE(config.server.max_connection, 5);
    QCOMPARE(config.server.websocket_max_message_size, qint64(4096));
    QCOMPARE(config.server.reactor_num, 2);
    QCOMPARE(config.server.heartbeat_idle_time, 30);
    QVERIFY(!config.server.tcp_nodelay);
    QCOMPARE(config.controlToken, QStringLiteral("t"));
    QVERIFY(config.explicitOptions.contains(QStringLiteral("max-message-size")));
    QVERIFY(config.explicitOptions.contains(QStringLiteral("threads")));

    // The command line wins over the file, whatever the order of the arguments.
    AppConfig second;
    o = parseArguments(args({"--port", "9800", "--config", path, "--mode", "echo"}), second);
    QCOMPARE(o.exitCode, -1);
    QCOMPARE(second.port, quint16(9800));
    QCOMPARE(second.mode, AppConfig::Mode::Echo);
    QCOMPARE(second.server.max_connection, 5); // only in the file
}

void TestCommandLine::configErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message"); // %1 is the file path

    QTest::newRow("unknown key") << QByteArray(R"({"port": 1, "colour": "red"})")
                                 << "framescope: unknown option 'colour' in config file '%1'\n";
    QTest::newRow("string for integer")
        << QByteArray(R"({"port": "abc"})")
        << "framescope: invalid value '\"abc\"' for 'port' in config file '%1': expected an "
           "integer from 0 to 65535\n";
    QTest::newRow("fraction") << QByteArray(R"({"max-connection": 1.5})")
                              << "framescope: invalid value '1.5' for 'max-connection' in "
                                 "config file '%1': expected an integer from 1 to 2147483647\n";
    QTest::newRow("out of range")
        << QByteArray(R"({"websocket_compression_level": 10})")
        << "framescope: invalid value '10' for 'websocket_compression_level' in config file "
           "'%1': expected an integer from 1 to 9\n";
    QTest::newRow("number for flag")
        << QByteArray(R"({"websocket_compression": 1})")
        << "framescope: invalid value '1' for 'websocket_compression' in config file '%1': "
           "expected true or false\n";
    QTest::newRow("bad mode") << QByteArray(R"({"mode": "loud"})")
                              << "framescope: invalid value '\"loud\"' for 'mode' in config "
                                 "file '%1': expected one of echo, silent, broadcast\n";
    QTest::newRow("not an object")
        << QByteArray("[1, 2]") << "framescope: config file '%1' must hold a JSON object\n";
    QTest::newRow("not json")
        << QByteArray("{\"port\": }")
        << "framescope: config file '%1' is not valid JSON: object is missing after a comma "
           "at offset 10\n";
}

void TestCommandLine::configErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    const QString path = writeConfig(json);
    AppConfig config;
    const CommandLineOutcome o = parseArguments(args({"--config", path}), config);
    QCOMPARE(o.err, message.arg(path));
    QCOMPARE(o.exitCode, 2);
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
