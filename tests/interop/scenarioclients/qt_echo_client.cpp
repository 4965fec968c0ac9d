// An echo client for the provoke scenarios on Qt's QWebSocket: connects to the URL given,
// sends every message back, prints the close code and exits when the connection closes.
// Usage: framescope_scenario_qtclient URL

#include <QCoreApplication>
#include <QTextStream>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        QTextStream(stderr) << "usage: framescope_scenario_qtclient URL\n";
        return 2;
    }
    QWebSocket ws;
    QObject::connect(&ws, &QWebSocket::textMessageReceived, &ws,
                     [&ws](const QString &m) { ws.sendTextMessage(m); });
    QObject::connect(&ws, &QWebSocket::binaryMessageReceived, &ws,
                     [&ws](const QByteArray &m) { ws.sendBinaryMessage(m); });
    // Printed only: the scenario judges what the library itself does after an error.
    QObject::connect(&ws, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), &ws,
                     [&ws](QAbstractSocket::SocketError) {
                         QTextStream(stdout) << "error: " << ws.errorString() << '\n';
                     });
    QObject::connect(&ws, &QWebSocket::disconnected, &app, [&ws] {
        QTextStream(stdout) << "closed: " << int(ws.closeCode()) << ' ' << ws.closeReason() << '\n';
        QCoreApplication::quit();
    });
    QTimer::singleShot(60000, &app, [] { QCoreApplication::exit(1); }); // bounded
    ws.open(QUrl(QString::fromLocal8Bit(argv[1])));
    return QCoreApplication::exec();
}
