#pragma once

// A WebSocketServer without TCP, for the fuzzer and for tests: its single worker runs in the
// calling thread and every client is one end of an AF_UNIX socketpair whose other end the
// worker adopts exactly as it adopts an accepted TCP socket. From the first byte on, the
// bytes go through the same code as a TCP client's (poller, read, HTTP head, upgrade,
// chunked bodies, request handlers, frames, permessage-deflate, closing handshake, the
// output queue). pump() runs the worker until nothing is ready, so one input finishes
// deterministically: timers (handshake_timeout_ms, close_timeout_ms, heartbeat) do not fire.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <vector>

namespace framescope {

class WebSocketServer;
class Worker;

class InlineServer final
{
public:
    // `server` is set up (options, handlers, observer) and not started; it must outlive this.
    explicit InlineServer(WebSocketServer &server);
    ~InlineServer(); // stop()
    InlineServer(const InlineServer &) = delete;
    InlineServer &operator=(const InlineServer &) = delete;

    // What WebSocketServer::start() checks (a message handler, valid options), then one
    // worker on this thread. false and `error` when it cannot start.
    bool start(QString *error = nullptr);
    // WebSocketServer::stop() inline: close frames (1001) go out, pump(), then whatever is
    // still open is dropped. The server reports isRunning() false afterwards.
    void stop();
    bool isRunning() const { return m_worker != nullptr; }

    // A new client connection; returns its index, or -1 (socketpair failed, not running).
    int connect();
    // Writes `bytes` as the client, pumping while the socket is full. false when the
    // server closed its end before everything was written (the rest is dropped).
    bool write(int client, QByteArrayView bytes);
    // The client shuts down its write side (the server reads EOF).
    void shutdownWrite(int client);
    // The client closes its socket: what it had not read is lost, the server sees a reset.
    void close(int client);
    // While off, the client reads nothing: the server's output backs up (back-pressure).
    void setReading(int client, bool on);

    // Runs posted calls and the worker's poller wakeups, and reads what clients receive,
    // until nothing is ready. false when the worker is still busy after `maxRounds`
    // wakeups without any byte moving (a spin).
    bool pump(int maxRounds = 2000);

    // What client `client` has received (bytes beyond `keepBytes` are counted, not kept).
    const QByteArray &received(int client) const { return m_clients[size_t(client)].in; }
    qint64 receivedTotal(int client) const { return m_clients[size_t(client)].total; }
    // The server closed the connection (the client read EOF or a reset).
    bool serverClosed(int client) const { return m_clients[size_t(client)].eof; }
    int clientCount() const { return int(m_clients.size()); }
    // Sockets the worker still holds (lingering ones included).
    int liveSockets() const;
    // Connections counted against max_connection.
    int openConnections() const;

    qsizetype keepBytes = 1024 * 1024;
    // SO_SNDBUF and SO_RCVBUF of both ends of new connections (0: the system's): small
    // buffers make the server's back-pressure reachable with little data.
    int socketBufferBytes = 0;

private:
    struct Client
    {
        int sock = -1;
        bool reading = true;
        bool eof = false;
        QByteArray in;
        qint64 total = 0;
    };
    // Reads what the server sent to every reading client; returns the bytes read.
    qint64 drain();

    WebSocketServer &m_server;
    Worker *m_worker = nullptr;
    std::vector<Client> m_clients;
};

} // namespace framescope
