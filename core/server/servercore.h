#pragma once

// Private to core/server: ServerCore, the state WebSocketServer shares with its workers,
// and the Listener that hands accepted sockets to them.

#include "websocketserver.h"

#include "connection.h"
#include "io/poller.h"
#include "tls.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QMutex>
#include <QReadWriteLock>
#include <QTcpServer>
#include <QThread>
#include <QWaitCondition>

#include <atomic>
#include <memory>
#include <vector>

namespace framescope {

class Worker;
class ServerCore;

class Listener final : public QTcpServer
{
public:
    explicit Listener(ServerCore *core) : m_core(core) {}

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    ServerCore *m_core;
};

class ServerCore
{
public:
    explicit ServerCore(WebSocketServer *q) : q(q) {}

    WebSocketServer *q;
    ServerOptions options;
    std::unique_ptr<TlsContext> tls; // TLS on: built by start() from the ssl_* options
    // The workers' I/O backend: chosen by start() (FRAMESCOPE_IO, else the platform's).
    io::Backend ioBackend = io::availableBackends().front();
    WebSocketServer::OpenHandler onOpen;
    WebSocketServer::MessageHandler onMessage;
    WebSocketServer::CloseHandler onClose;
    WebSocketServer::DisconnectHandler onDisconnect;
    WebSocketServer::RequestHandler onRequest;
    WebSocketServer::HandshakeHandler onHandshake;
    WebSocketServer::BeforeHandshakeResponseHandler onBeforeHandshakeResponse;
    WebSocketServer::HandshakeFaultHandler onHandshakeFault;

    std::atomic<bool> observe{false};
    std::atomic<int> payloadLimit{64 * 1024};
    std::atomic<bool> running{false};
    QString errorString;
    QHostAddress address;
    quint16 port = 0;

    std::vector<QThread *> threads;
    std::vector<Worker *> workers;
    std::atomic<int> nextFd{1};
    std::atomic<unsigned> roundRobin{0};
    std::atomic<int> openConnections{0}; // counted against max_connection
    std::shared_ptr<std::atomic<int>> batchesInFlight = std::make_shared<std::atomic<int>>(0);

    mutable QReadWriteLock registryLock;
    QHash<int, std::shared_ptr<SharedConn>> registry;

    QMutex liveMutex;
    QWaitCondition liveChanged;
    std::atomic<int> liveSockets{0};

    // A stop in progress: running is already false, the workers still close their
    // connections until liveSockets is 0 or stopDeadline passes; finishStop() joins them.
    QMutex lifecycleMutex;
    std::atomic<bool> stopping{false}; // written under lifecycleMutex; read anywhere
    QDeadlineTimer stopDeadline;

    bool beginStop();
    void waitForCloses();
    void joinWorkers();

    std::shared_ptr<SharedConn> lookup(int fd) const;
    // An OperationFailed record for observers (nothing without them). From a worker of this
    // server it joins that worker's batch, from any other thread it is a batch of its own.
    // `detail` replaces serverErrorText(error); `c` is the connection when its worker has it;
    // `after` says the call had been accepted and failed when its worker ran it.
    void recordRefusal(const Refusal &refusal, ServerError error, const QString &detail = {},
                       const Connection *c = nullptr, bool after = false);
    void dispatchAccepted(qintptr sock);
    void emitBatch(EventBatch &&batch);
};

} // namespace framescope
