// framescope_compression_echo [port] [options]: an echo server on WebSocketServer with
// permessage-deflate enabled, for the compression interop scripts. Same command line
// contract as framescope_echo_example (prints "listening on 127.0.0.1:<port>", exits 0 on
// SIGTERM), plus what the scripts need to check that compression really happened:
//
//   OPEN fd=<fd> compression=<0|1> extensions=<negotiated Sec-WebSocket-Extensions>
//   CLOSED fd=<fd> code=<code> rsv1_in=<n> rsv1_out=<n> data_frames_in=<n>
//          data_frames_out=<n> messages_in=<n> wire_in=<bytes> inflated_in=<bytes>
//   PROTOCOL_ERROR fd=<fd> error=<key> code=<close code> text=<rule>
//
// Options: --compress-all (websocket_compress_all; echo without the COMPRESS flag),
// --plain-echo (echo without the COMPRESS flag and without compress_all), --min-size N,
// --level N, --server-max-window-bits N, --max-message-size N, --no-compression.
// Without --compress-all / --plain-echo every echo is pushed with FlagCompress.

#include "protocol/protocolerror.h"
#include "server/websocketserver.h"

#include <QCoreApplication>
#include <QHash>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace framescope;

namespace {

int g_signalPipe[2] = {-1, -1};

// Only async-signal-safe work here; the event loop picks the byte up.
void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

struct Counters
{
    qint64 rsv1In = 0, rsv1Out = 0, dataFramesIn = 0, dataFramesOut = 0, messagesIn = 0;
    qint64 wireIn = 0, inflatedIn = 0;
};

void say(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    // A test script killed by its timeout must not leave this server behind.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();

    ServerOptions options;
    options.websocket_compression = true;
    options.websocket_compression_min_size = 0;
    options.websocket_max_message_size = 64 * 1024 * 1024;
    options.websocket_max_frame_size = 64 * 1024 * 1024;
    options.buffer_output_size = 64 * 1024 * 1024;
    bool flagCompress = true;
    uint port = 0;
    bool ok = true;
    for (qsizetype i = 1; i < args.size() && ok; ++i) {
        const QString &a = args[i];
        auto number = [&](qint64 &out) {
            if (i + 1 >= args.size())
                return false;
            bool good = false;
            out = args[++i].toLongLong(&good);
            return good;
        };
        qint64 n = 0;
        if (a == QLatin1String("--compress-all")) {
            options.websocket_compress_all = true;
            flagCompress = false;
        } else if (a == QLatin1String("--plain-echo")) {
            flagCompress = false;
        } else if (a == QLatin1String("--no-compression")) {
            options.websocket_compression = false;
        } else if (a == QLatin1String("--min-size") && (ok = number(n))) {
            options.websocket_compression_min_size = int(n);
        } else if (a == QLatin1String("--level") && (ok = number(n))) {
            options.websocket_compression_level = int(n);
        } else if (a == QLatin1String("--server-max-window-bits") && (ok = number(n))) {
            options.websocket_server_max_window_bits = int(n);
        } else if (a == QLatin1String("--max-message-size") && (ok = number(n))) {
            options.websocket_max_message_size = n;
        } else if (!a.startsWith(QLatin1String("--"))) {
            port = a.toUInt(&ok);
            ok = ok && port <= 65535;
        } else {
            ok = false;
        }
    }
    if (!ok) {
        std::fprintf(stderr,
                     "usage: %s [port] [--compress-all|--plain-echo] [--no-compression] "
                     "[--min-size N] [--level N] [--server-max-window-bits N] "
                     "[--max-message-size N]\n",
                     argv[0]);
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

    WebSocketServer server;
    server.set(options);
    // Echo with the same opcode; the compression path under test depends on the options.
    const int echoFlags = FlagFin | (flagCompress ? FlagCompress : 0);
    server.onMessage([echoFlags](WebSocketServer &s, const Frame &frame) {
        if (frame.opcode == OpText || frame.opcode == OpBinary)
            s.push(frame.fd, frame.data, frame.opcode, echoFlags);
    });
    server.setObserverEnabled(true, 0);

    // Observer records arrive queued on this (main) thread.
    QHash<int, Counters> counters;
    QObject::connect(&server, &WebSocketServer::events, &app, [&counters](EventBatchPtr batch) {
        for (const EventRecord &r : *batch) {
            switch (r.kind) {
            case EventRecord::Kind::HandshakeAccepted:
                counters[r.fd] = Counters{};
                say("OPEN fd=" + QByteArray::number(r.fd) +
                    " compression=" + (r.extensions.contains("permessage-deflate") ? "1" : "0") +
                    " extensions=" + r.extensions);
                break;
            case EventRecord::Kind::Frame:
                if (r.opcode == OpText || r.opcode == OpBinary || r.opcode == OpContinuation) {
                    Counters &c = counters[r.fd];
                    if (r.direction == Direction::In) {
                        ++c.dataFramesIn;
                        c.rsv1In += r.rsv1;
                        c.wireIn += r.payloadLength;
                    } else {
                        ++c.dataFramesOut;
                        c.rsv1Out += r.rsv1;
                    }
                }
                break;
            case EventRecord::Kind::Message:
                if (r.direction == Direction::In) {
                    ++counters[r.fd].messagesIn;
                    counters[r.fd].inflatedIn += r.messageLength;
                }
                break;
            case EventRecord::Kind::ProtocolError:
                say("PROTOCOL_ERROR fd=" + QByteArray::number(r.fd) +
                    " error=" + errorKey(ProtocolError(r.protocolError)) +
                    " code=" + QByteArray::number(r.closeCode) + " text=" + r.text.toUtf8());
                break;
            case EventRecord::Kind::Closed: {
                const Counters c = counters.take(r.fd);
                say("CLOSED fd=" + QByteArray::number(r.fd) + " code=" +
                    QByteArray::number(r.closeCode) + " rsv1_in=" + QByteArray::number(c.rsv1In) +
                    " rsv1_out=" + QByteArray::number(c.rsv1Out) +
                    " data_frames_in=" + QByteArray::number(c.dataFramesIn) +
                    " data_frames_out=" + QByteArray::number(c.dataFramesOut) + " messages_in=" +
                    QByteArray::number(c.messagesIn) + " wire_in=" + QByteArray::number(c.wireIn) +
                    " inflated_in=" + QByteArray::number(c.inflatedIn));
                break;
            }
            default:
                break;
            }
        }
    });

    if (!server.start(QHostAddress::LocalHost, quint16(port))) {
        std::fprintf(stderr, "cannot start: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    say("listening on 127.0.0.1:" + QByteArray::number(server.serverPort()));
    const int rc = app.exec();
    server.stop();
    return rc;
}
