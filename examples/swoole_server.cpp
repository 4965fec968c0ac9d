// The Swoole WebSocket\Server quick-start example, in C++ on Framescope's core library.
#include "server/websocketserver.h"

#include <QCoreApplication>
#include <cstdio>

using namespace framescope;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // one line per event, even into a pipe
    WebSocketServer server;
    server.onOpen([](WebSocketServer &, const HttpRequest &request) {
        std::printf("server: handshake success with fd%d\n", request.fd);
    });
    server.onMessage([](WebSocketServer &s, const Frame &frame) {
        std::printf("receive from %d:%s,opcode:%d,fin:%d\n", frame.fd, frame.data.constData(),
                    frame.opcode, frame.finish());
        s.push(frame.fd, "this is server");
    });
    server.onClose([](WebSocketServer &, int fd) { std::printf("client %d closed\n", fd); });
    if (!server.start(QHostAddress::Any, argc > 1 ? QString(argv[1]).toUShort() : 9501))
        return std::fprintf(stderr, "%s\n", qPrintable(server.errorString())), 1;
    return app.exec();
}
