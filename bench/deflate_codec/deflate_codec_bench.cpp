// framescope_deflate_bench [seconds-per-row]: throughput of the permessage-deflate codec
// alone (no sockets): compress and inflate MB/s of the uncompressed size, per message size,
// payload kind and context takeover. One process, one thread; compare rows within one run.

#include "protocol/deflate.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>

#include <cstdio>

using namespace framescope;

namespace {

QByteArray payload(const char *kind, int size)
{
    QByteArray data(size, Qt::Uninitialized);
    QRandomGenerator rng(42);
    if (qstrcmp(kind, "random") == 0) {
        for (char &c : data)
            c = char(rng.bounded(256));
        return data;
    }
    // JSON-like text: what WebSocket applications mostly send.
    QByteArray text;
    for (int i = 0; text.size() < size; ++i)
        text += "{\"id\":" + QByteArray::number(i) + ",\"user\":\"u" +
                QByteArray::number(rng.bounded(1000)) +
                "\",\"price\":" + QByteArray::number(rng.bounded(100000) / 100.0) +
                ",\"side\":\"buy\"},";
    return text.left(size);
}

struct Row
{
    double compressMBs = 0;
    double inflateMBs = 0;
    double ratio = 0;
};

Row measure(const QByteArray &message, bool noContextTakeover, int level, double seconds)
{
    DeflateParams params;
    params.serverNoContextTakeover = noContextTakeover;
    PerMessageDeflate server(params, Role::Server, level);
    PerMessageDeflate client(params, Role::Client, level);
    Row row;
    qint64 bytes = 0, wire = 0;
    QElapsedTimer timer;
    QList<QByteArray> compressed;
    timer.start();
    while (timer.nsecsElapsed() < qint64(seconds * 1e9)) {
        for (int i = 0; i < 16; ++i) {
            QByteArray c = server.compress(message);
            wire += c.size();
            bytes += message.size();
            if (compressed.size() < 4096)
                compressed << std::move(c);
        }
    }
    row.compressMBs = double(bytes) / 1e6 / (double(timer.nsecsElapsed()) / 1e9);
    row.ratio = double(wire) / double(bytes);

    // Inflate the recorded stream in order (context takeover needs the same sequence).
    bytes = 0;
    QByteArray out;
    timer.restart();
    int rounds = 0;
    while (timer.nsecsElapsed() < qint64(seconds * 1e9) || rounds == 0) {
        PerMessageDeflate receiver(params, Role::Client, level);
        for (const QByteArray &c : compressed) {
            out.resize(0);
            if (receiver.inflate(c, true, message.size(), out) != ProtocolError::None ||
                out.size() != message.size()) {
                std::fprintf(stderr, "inflate failed\n");
                std::exit(1);
            }
            bytes += out.size();
        }
        ++rounds;
    }
    row.inflateMBs = double(bytes) / 1e6 / (double(timer.nsecsElapsed()) / 1e9);
    Q_UNUSED(client);
    return row;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const double seconds = argc > 1 ? QByteArray(argv[1]).toDouble() : 0.5;
    std::printf("| payload | size | context | level | compress MB/s | inflate MB/s | wire/raw |\n"
                "|---|---|---|---|---|---|---|\n");
    for (const char *kind : {"json", "random"}) {
        for (int size : {32, 1024, 16 * 1024, 1024 * 1024}) {
            for (bool nct : {false, true}) {
                for (int level : {1, 6}) {
                    const Row r = measure(payload(kind, size), nct, level, seconds);
                    std::printf("| %s | %d | %s | %d | %.1f | %.1f | %.3f |\n", kind, size,
                                nct ? "no_context_takeover" : "takeover", level, r.compressMBs,
                                r.inflateMBs, r.ratio);
                    std::fflush(stdout);
                }
            }
        }
    }
    return 0;
}
