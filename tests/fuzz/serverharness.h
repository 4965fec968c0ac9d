#pragma once

// One server fuzz case, shared by the libFuzzer target (fuzz_server.cpp) and the corpus
// replay under CTest (tst_fuzzcorpus.cpp). The headless app's server (echo / broadcast /
// silent mode, the control API as the request handler, optionally the event log) runs on
// an InlineServer: clients on socketpairs, the real worker path from the first byte.
//
// Input: [config][split seed] then operations, each one byte `op` (op & 7 says which):
//   0  DATA    2-byte little-endian length, then that many bytes: the client writes them
//   7  DATA    1-byte length, then the bytes
//   1  CLIENT  (op >> 3) & 3 is the client that the next operations act on; a client not
//              connected yet connects (the server adopts it as an accepted socket)
//   2  SHUT_WR the client half-closes
//   3  CLOSE   the client closes its socket
//   4  READING the client stops (or starts again) reading what the server sends
//   5  FRAME   [b: opcode in bits 0-3, FIN 0x10, RSV1 0x20, deflate 0x40][2-byte length]
//              [payload]: a masked frame; with `deflate` the payload is compressed first
//              (permessage-deflate, the client's own context) and RSV1 set
//   6  STOP    the server stops (close frames 1001) and the case ends
// config: bits 0-1 mode (0 echo, 1 broadcast, 2 silent, 3 echo), 0x04
// websocket_compression, 0x08 JSON Lines event log, 0x10 text event log (to /dev/null),
// 0x20 small limits and socket buffers, 0x40 control frames delivered to the handler, 0x80 a
// control token.
//
// Every case runs twice: as the input says, and with each write split at points the seed
// picks. The checks: the worker never spins (pump() returns), every client's first answer
// is an HTTP status line, the HTTP statuses each client got are the same in both runs, and after
// the stop nothing is left open. An empty string when all holds, else what broke.

#include "appconfig.h"
#include "controlapi.h"
#include "eventlog.h"
#include "headlessrunner.h"
#include "protocol/deflate.h"
#include "protocol/framewriter.h"
#include "server/inlineserver.h"
#include "server/websocketserver.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <cstdint>
#include <memory>

namespace framescope::fuzz {

struct ServerRun
{
    // Per client: the status codes of the HTTP responses it received, in order, up to a 101
    // or anything that is not a complete response with a Content-Length.
    QList<QList<int>> statuses;
    bool cutShort = false; // a write was cut short (server closed, or it stopped reading)
    QString problem;
};

inline quint64 splitMixNext(quint64 &state)
{
    quint64 z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

inline QList<int> responseStatuses(const QByteArray &in)
{
    QList<int> codes;
    qsizetype pos = 0;
    while (pos < in.size()) {
        const QByteArrayView rest = QByteArrayView(in).sliced(pos);
        if (!rest.startsWith("HTTP/1.1 ") || rest.size() < 12)
            break;
        bool ok = false;
        const int code = rest.sliced(9, 3).toInt(&ok);
        if (!ok)
            break;
        codes << code;
        const qsizetype headEnd = rest.indexOf("\r\n\r\n");
        if (code == 101 || headEnd < 0)
            break;
        const QByteArrayView head = rest.first(headEnd);
        const qsizetype cl = head.indexOf("\r\nContent-Length: ");
        if (cl < 0)
            break;
        const qsizetype lineEnd = head.indexOf("\r\n", cl + 2);
        const qint64 length =
            head.sliced(cl + 18, (lineEnd < 0 ? head.size() : lineEnd) - cl - 18).toLongLong(&ok);
        if (!ok)
            break;
        pos += headEnd + 4 + length;
    }
    return codes;
}

inline ServerRun runServerCase(const quint8 *data, size_t size, bool split)
{
    ServerRun run;
    if (size < 2)
        return run;
    const quint8 config = data[0];
    quint64 seed = data[1];

    AppConfig app;
    app.noGui = true;
    const int modeBits = config & 3;
    app.mode = modeBits == 1   ? AppConfig::Mode::Broadcast
               : modeBits == 2 ? AppConfig::Mode::Silent
                               : AppConfig::Mode::Echo;
    app.server.websocket_compression = config & 0x04;
    if (config & 0x20) {
        app.server.handshake_max_size = 300;
        app.server.http_max_body_size = 200;
        app.server.buffer_output_size = 4096;
        app.server.websocket_max_frame_size = 1000;
        app.server.websocket_max_message_size = 3000;
        app.server.max_connection = 2;
    }
    app.server.open_websocket_close_frame = config & 0x40;
    app.server.open_websocket_ping_frame = config & 0x40;
    app.server.open_websocket_pong_frame = config & 0x40;
    if (config & 0x80)
        app.controlToken = QStringLiteral("secret");
    app.logFormat = (config & 0x08)   ? AppConfig::LogFormat::Jsonl
                    : (config & 0x10) ? AppConfig::LogFormat::Text
                                      : AppConfig::LogFormat::None;

    WebSocketServer server;
    server.set(app.server);
    ControlApi api(server, app);
    installHeadlessHandlers(server, api, app.mode);
    std::unique_ptr<EventLog> log;
    if (app.logFormat != AppConfig::LogFormat::None) {
        log = std::make_unique<EventLog>(app.logFormat);
        QString error;
        if (!log->open(QStringLiteral("/dev/null"), &error)) {
            run.problem = QStringLiteral("cannot open /dev/null: ") + error;
            return run;
        }
        server.setObserverEnabled(true, 256);
        QObject::connect(
            &server, &WebSocketServer::events, &server,
            [&log](const EventBatchPtr &batch) {
                if (batch)
                    log->write(*batch);
            },
            Qt::DirectConnection);
    }
    InlineServer inl(server);
    if (config & 0x20)
        inl.socketBufferBytes = 4096;
    QString error;
    if (!inl.start(&error)) {
        run.problem = QStringLiteral("start failed: ") + error;
        return run;
    }

    constexpr int MaxClients = 4;
    int client = -1;
    std::unique_ptr<PerMessageDeflate> deflaters[MaxClients];
    int clientIndex[MaxClients] = {-1, -1, -1, -1};
    const auto current = [&]() {
        if (client < 0) {
            client = 0;
            clientIndex[0] = inl.connect();
        }
        return clientIndex[client];
    };
    const auto pump = [&]() {
        if (!inl.pump() && run.problem.isEmpty())
            run.problem = QStringLiteral("the worker is still busy after 2000 wakeups (a spin)");
        return run.problem.isEmpty();
    };
    const auto send = [&](QByteArrayView bytes) {
        const int c = current();
        if (c < 0)
            return;
        if (!split) {
            run.cutShort |= !inl.write(c, bytes);
            pump();
            return;
        }
        while (!bytes.isEmpty() && run.problem.isEmpty()) {
            const quint64 r = splitMixNext(seed);
            const qsizetype n =
                qMin<qsizetype>(bytes.size(), qsizetype(1 + (r >> 8) % ((r & 1) ? 3 : 97)));
            if (!inl.write(c, bytes.first(n))) {
                run.cutShort = true;
                break;
            }
            bytes = bytes.sliced(n);
            pump();
        }
    };

    size_t pos = 2;
    bool stopped = false;
    while (pos < size && !stopped && run.problem.isEmpty()) {
        const quint8 op = data[pos++];
        switch (op & 7) {
        case 0:
        case 7: {
            size_t n = 0;
            if ((op & 7) == 0) {
                if (pos + 2 > size)
                    n = size - pos;
                else
                    n = size_t(data[pos]) | (size_t(data[pos + 1]) << 8), pos += 2;
            } else if (pos < size) {
                n = data[pos++];
            }
            n = qMin(n, size - pos);
            send(QByteArrayView(reinterpret_cast<const char *>(data + pos), qsizetype(n)));
            pos += n;
            break;
        }
        case 1: {
            const int wanted = (op >> 3) & 3;
            if (clientIndex[wanted] < 0)
                clientIndex[wanted] = inl.connect();
            client = wanted;
            pump();
            break;
        }
        case 2:
            if (current() >= 0) {
                inl.shutdownWrite(current());
                pump();
            }
            break;
        case 3:
            if (current() >= 0) {
                inl.close(current());
                pump();
            }
            break;
        case 4:
            if (current() >= 0) {
                const bool on = (op & 0x80) != 0;
                inl.setReading(current(), on);
                pump();
            }
            break;
        case 5: {
            if (pos + 3 > size) {
                pos = size;
                break;
            }
            const quint8 b = data[pos];
            size_t n = size_t(data[pos + 1]) | (size_t(data[pos + 2]) << 8);
            pos += 3;
            n = qMin(n, size - pos);
            Frame f;
            f.opcode = b & 0x0f;
            f.fin = b & 0x10;
            f.rsv1 = b & 0x20;
            f.masked = true;
            f.maskKey = {0x37, 0xfa, 0x21, 0x3d};
            f.data = QByteArray(reinterpret_cast<const char *>(data + pos), qsizetype(n));
            pos += n;
            if (b & 0x40) {
                current();
                std::unique_ptr<PerMessageDeflate> &d = deflaters[client];
                if (!d)
                    d = std::make_unique<PerMessageDeflate>(DeflateParams{}, Role::Client);
                f.data = d->compressFragment(f.data, f.fin);
                f.rsv1 = f.opcode != OpContinuation;
            }
            send(FrameWriter::serialize(f));
            break;
        }
        case 6:
            stopped = true;
            break;
        }
    }
    // Everything the server still has for the clients arrives before the stop.
    for (int i = 0; i < inl.clientCount(); ++i)
        inl.setReading(i, true);
    if (run.problem.isEmpty())
        pump();
    inl.stop();
    if (run.problem.isEmpty() && (inl.liveSockets() != 0 || inl.openConnections() != 0))
        run.problem = QStringLiteral("after stop: %1 sockets, %2 connections still counted")
                          .arg(inl.liveSockets())
                          .arg(inl.openConnections());
    static const bool verbose = qEnvironmentVariableIsSet("FRAMESCOPE_FUZZ_VERBOSE");
    for (int i = 0; i < inl.clientCount(); ++i) {
        const QByteArray &in = inl.received(i);
        if (verbose)
            qInfo("%s client %d received %lld bytes:\n%s", split ? "split" : "whole", i,
                  inl.receivedTotal(i),
                  in.left(2000).toPercentEncoding(" \r\n\"{}:,/").constData());
        run.statuses << responseStatuses(in);
        if (run.problem.isEmpty() && !in.isEmpty() &&
            !in.startsWith(QByteArrayView("HTTP/1.1 ").first(qMin<qsizetype>(9, in.size()))))
            run.problem =
                QStringLiteral("client %1 received %2 before any status line")
                    .arg(i)
                    .arg(QString::fromLatin1(in.first(qMin<qsizetype>(40, in.size())).toHex()));
    }
    return run;
}

inline QString serverCase(const quint8 *data, size_t size)
{
    const ServerRun whole = runServerCase(data, size, false);
    if (!whole.problem.isEmpty())
        return QStringLiteral("whole: ") + whole.problem;
    const ServerRun split = runServerCase(data, size, true);
    if (!split.problem.isEmpty())
        return QStringLiteral("split: ") + split.problem;
    const auto text = [](const QList<int> &codes) {
        QStringList parts;
        for (int code : codes)
            parts << QString::number(code);
        return parts.join(QLatin1Char(' '));
    };
    // How much of a write a full socket takes depends on the sizes of the writes before
    // (the kernel counts buffers, not bytes): only complete inputs are compared.
    if (whole.cutShort || split.cutShort)
        return {};
    for (int i = 0; i < qMin(whole.statuses.size(), split.statuses.size()); ++i) {
        if (whole.statuses[i] != split.statuses[i])
            return QStringLiteral("client %1 got HTTP status [%2] whole, [%3] split")
                .arg(i)
                .arg(text(whole.statuses[i]), text(split.statuses[i]));
    }
    return {};
}

} // namespace framescope::fuzz
