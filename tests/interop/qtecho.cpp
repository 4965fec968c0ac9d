// framescope_interop_qtecho [port]: a reference echo server on Qt's own QWebSocketServer with
// the same command line contract as framescope_echo_example. The interop scripts were
// developed against it, and it stays useful to tell a script bug from a server bug: a
// scenario that passes here but fails against framescope points at framescope.
//
// Contract: prints "listening on 127.0.0.1:<port>" (flushed) once bound (port 0 =
// ephemeral), echoes every message with the same opcode, closes the connection with
// <code> and <reason> when it receives the text "__close__ <code> <reason>", exits 0 on
// SIGTERM.

#include "sigterm.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QWebSocket>
#include <QWebSocketServer>

#include <cstdio>

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

    if (!framescope::interop::quitOnTerminationSignals(app))
        return 1;

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
            QObject::connect(
                socket, &QWebSocket::textMessageReceived, socket, [socket](const QString &message) {
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
            QObject::connect(
                socket, &QWebSocket::binaryMessageReceived, socket,
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
