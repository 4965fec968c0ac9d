// framescope_interop_server [port]: framescope's WebSocketServer as an echo server with one
// extra: the text message "__close__ <code> <reason>" makes the server start the closing
// handshake itself (disconnect(fd, code, reason)), so the interop clients can check a
// server-initiated close with code and reason. Same command line contract as
// framescope_echo_example: prints "listening on 127.0.0.1:<port>" (flushed) once bound,
// port 0 = ephemeral, exits 0 on SIGTERM.

#include "sigterm.h"

#include "server/websocketserver.h"

#include <QCoreApplication>
#include <QHostAddress>

#include <cstdio>

using namespace framescope;

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
    if (!interop::quitOnTerminationSignals(app))
        return 1;

    WebSocketServer server;
    server.onMessage([](WebSocketServer &ws, const Frame &frame) {
        static const QByteArray magic = QByteArrayLiteral("__close__ ");
        if (frame.opcode == OpText && frame.data.startsWith(magic)) {
            const QByteArray rest = frame.data.mid(magic.size());
            const qsizetype space = rest.indexOf(' ');
            const int code = rest.left(space < 0 ? rest.size() : space).toInt();
            const QByteArray reason = space < 0 ? QByteArray() : rest.mid(space + 1);
            if (!ws.disconnect(frame.fd, code, reason))
                std::fprintf(stderr, "disconnect(%d, %d, %s) failed: %s\n", frame.fd, code,
                             reason.constData(), serverErrorKey(ws.lastError()));
            return;
        }
        if (!ws.push(frame.fd, frame.data, frame.opcode))
            std::fprintf(stderr, "push to fd %d failed: %s\n", frame.fd,
                         serverErrorKey(ws.lastError()));
    });
    if (!server.start(QHostAddress::LocalHost, quint16(port))) {
        std::fprintf(stderr, "cannot start: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    std::printf("listening on 127.0.0.1:%u\n", unsigned(server.serverPort()));
    std::fflush(stdout);
    const int rc = app.exec();
    server.stop();
    return rc;
}
