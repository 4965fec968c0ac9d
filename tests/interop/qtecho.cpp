// framescope_interop_qtecho [port]: a reference echo server on Qt's own QWebSocketServer with
// the same command line contract as framescope_echo_example. The interop scripts were
// developed against it, and it stays useful to tell a script bug from a server bug: a
// scenario that passes here but fails against framescope points at framescope.
//
// Contract: prints "listening on 127.0.0.1:<port>" (flushed) once bound (port 0 =
// ephemeral), echoes every message with the same opcode, closes the connection with
// <code> and <reason> when it receives the text "__close__ <code> <reason>", exits 0 on
// SIGTERM.

#include <QCoreApplication>
#include <QHostAddress>
#include <QSocketNotifier>
#include <QWebSocket>
#include <QWebSocketServer>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int g_signalPipe[2] = {-1, -1};

// Only async-signal-safe work here; the event loop picks the byte up.
void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    bool ok = true;
    const uint port = args.size() > 1 ? args.at(1).toUInt(&ok) : 0;
    if (!ok || port > 65535) {
        std::fprintf(stderr, "usage: %s [port]\n", argv[0]);
        return 2;
    }

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0) {
        std::perror("socketpair");
        return 1;
    }
    QSocketNotifier signalNotifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&signalNotifier, &QSocketNotifier::activated, &app, [] {
        char byte = 0;
        [[maybe_unused]] const auto got = ::read(g_signalPipe[0], &byte, 1);
        QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);

    QWebSocketServer server(QStringLiteral("qtecho"), QWebSocketServer::NonSecureMode);
    if (!server.listen(QHostAddress::LocalHost, quint16(port))) {
        std::fprintf(stderr, "cannot listen on 127.0.0.1:%u: %s\n", port,
                     qPrintable(server.errorString()));
        return 1;
    }

    QObject::connect(&server, &QWebSocketServer::newConnection, &server, [&server] {
        while (QWebSocket *socket = server.nextPendingConnection()) {
            // Large enough for the 1 MiB echo scenarios and the fragmented ones.
            socket->setMaxAllowedIncomingMessageSize(64 * 1024 * 1024);
            socket->setMaxAllowedIncomingFrameSize(64 * 1024 * 1024);
            QObject::connect(socket, &QWebSocket::textMessageReceived, socket,
                             [socket](const QString &message) {
                                 static const QString magic = QStringLiteral("__close__ ");
                                 if (message.startsWith(magic)) {
                                     const QString rest = message.mid(magic.size());
                                     const qsizetype space = rest.indexOf(u' ');
                                     const int code = rest.left(space).toInt();
                                     const QString reason = space < 0 ? QString() : rest.mid(space + 1);
                                     socket->close(QWebSocketProtocol::CloseCode(code), reason);
                                     return;
                                 }
                                 socket->sendTextMessage(message);
                             });
            QObject::connect(socket, &QWebSocket::binaryMessageReceived, socket,
                             [socket](const QByteArray &message) { socket->sendBinaryMessage(message); });
            QObject::connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
        }
    });

    std::printf("listening on 127.0.0.1:%u\n", unsigned(server.serverPort()));
    std::fflush(stdout);
    const int rc = app.exec();
    server.close();
    return rc;
}
