// QWebSocketServer echo peer (Qt 6.4): one thread, default options, text and binary echo.
// Usage: qt_echo <port>   (0 = ephemeral); prints "listening on 127.0.0.1:<port>".
#include <QCoreApplication>
#include <QHostAddress>
#include <QWebSocket>
#include <QWebSocketServer>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <port>\n", argv[0]);
        return 2;
    }
    QWebSocketServer server(QStringLiteral("qt_echo"), QWebSocketServer::NonSecureMode);
    server.setMaxPendingConnections(4096);
    if (!server.listen(QHostAddress::LocalHost, quint16(QByteArray(argv[1]).toUInt()))) {
        std::fprintf(stderr, "qt_echo: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    QObject::connect(&server, &QWebSocketServer::newConnection, &server, [&server] {
        while (QWebSocket *socket = server.nextPendingConnection()) {
            QObject::connect(socket, &QWebSocket::textMessageReceived, socket,
                             [socket](const QString &m) { socket->sendTextMessage(m); });
            QObject::connect(socket, &QWebSocket::binaryMessageReceived, socket,
                             [socket](const QByteArray &m) { socket->sendBinaryMessage(m); });
            QObject::connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
    std::printf("listening on 127.0.0.1:%u\n", unsigned(server.serverPort()));
    std::fflush(stdout);
    return app.exec();
}
