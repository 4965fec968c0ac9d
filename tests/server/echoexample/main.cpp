// The README's embedding example: an echo server on WebSocketServer.
//   framescope_echo_example [port]   (port 0 = ephemeral; prints the bound address)
// Exits 0 on SIGTERM/SIGINT after stop(). Interop tests and benchmarks run it.
#include "server/websocketserver.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <sys/socket.h>
#include <unistd.h>

using namespace framescope;

static int signalPipe[2];

int main(int argc, char *argv[])
{
    setenv("QT_NO_GLIB", "1", 0); // the UNIX event dispatcher: cheaper per wakeup
    QCoreApplication app(argc, argv);
    const quint16 port = argc > 1 ? quint16(std::atoi(argv[1])) : 9501;

    WebSocketServer server;
    server.onMessage([](WebSocketServer &s, const Frame &frame) {
        s.push(frame.fd, frame.data, frame.opcode); // echo with the same opcode
    });
    if (!server.start(QHostAddress::LocalHost, port)) {
        std::fprintf(stderr, "%s\n", qPrintable(server.errorString()));
        return 1;
    }
    std::printf("listening on 127.0.0.1:%u\n", unsigned(server.serverPort()));
    std::fflush(stdout);

    // SIGTERM/SIGINT: a self-pipe wakes the event loop, which stops the server cleanly.
    socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe);
    auto onSignal = [](int) { [[maybe_unused]] ssize_t n = ::write(signalPipe[0], "x", 1); };
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    QSocketNotifier notifier(signalPipe[1], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&] {
        server.stop();
        app.quit();
    });
    return app.exec();
}
