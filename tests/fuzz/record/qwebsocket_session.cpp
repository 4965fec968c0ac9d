// A QWebSocket client session for the recorded seed corpus (record_corpus.sh builds it with
// pkg-config): a text and a binary message, a ping, a 70000-byte message, then a close.
// Usage: qwebsocket_session ws://127.0.0.1:<port>/  (exit 0 when the close completed)

#include <QCoreApplication>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2)
        return 2;
    QWebSocket ws;
    int echoes = 0;
    const auto counted = [&] {
        if (++echoes == 3)
            ws.close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("done"));
    };
    QObject::connect(&ws, &QWebSocket::connected, &app, [&] {
        ws.sendTextMessage(QStringLiteral("hello from QWebSocket \u00e4\u20ac"));
        ws.sendBinaryMessage(QByteArray("\x00\x01\x02\xff", 4));
        ws.ping("qt-ping");
        ws.sendTextMessage(QString(70000, QLatin1Char('q')));
    });
    QObject::connect(&ws, &QWebSocket::textMessageReceived, &app, counted);
    QObject::connect(&ws, &QWebSocket::binaryMessageReceived, &app, counted);
    QObject::connect(&ws, &QWebSocket::disconnected, &app, [&] { app.exit(echoes == 3 ? 0 : 1); });
    QTimer::singleShot(10000, &app, [&] { app.exit(3); });
    ws.open(QUrl(QString::fromLocal8Bit(argv[1])));
    return app.exec();
}
