#include "headlessrunner.h"

#include "controlapi.h"
#include "eventlog.h"
#include "protocol/closecode.h"
#include "server/scenarios.h"
#include "server/websocketserver.h"
#include "stopsignal.h"

#include <QCoreApplication>
#include <QTextStream>

namespace framescope {
namespace {

QString urlHost(const QHostAddress &address)
{
    return address.protocol() == QAbstractSocket::IPv6Protocol
               ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
               : address.toString();
}

// The close payload the peer sent, RFC 6455 §5.5.1: empty or a 2-byte code plus a reason.
CloseFrame parseClosePayload(const QByteArray &payload)
{
    CloseFrame close;
    if (payload.size() >= 2) {
        close.code = quint16((quint8(payload[0]) << 8) | quint8(payload[1]));
        close.reason = payload.mid(2);
    }
    return close;
}

// Control frames reach the message handler only with open_websocket_*_frame: the
// application answers them itself, as in the Swoole examples.
bool answerControlFrame(WebSocketServer &server, const Frame &frame)
{
    if (frame.opcode == OpPing) {
        Frame pong;
        pong.opcode = OpPong;
        pong.data = frame.data;
        server.push(frame.fd, pong);
        return true;
    }
    if (frame.opcode == OpClose) {
        // RFC 6455 §5.5.1: the endpoint answers a close frame with a close frame, usually
        // echoing the status code it received.
        const CloseFrame close = parseClosePayload(frame.data);
        server.sendClose(frame.fd, close.code, close.reason);
        return true;
    }
    return frame.opcode == OpPong;
}

} // namespace

void installHeadlessHandlers(WebSocketServer &server, const ControlApi &api, AppConfig::Mode mode,
                             ScenarioRunner *scenarios)
{
    if (scenarios) {
        // Provoke scenarios: ws://HOST:PORT/scenario/NAME runs NAME on that connection.
        server.onOpen([scenarios](WebSocketServer &, const HttpRequest &request) {
            scenarios->claim(request);
        });
        server.onHandshakeFault(&ScenarioRunner::handshakeFault);
    }
    server.onMessage([mode, scenarios](WebSocketServer &s, const Frame &frame) {
        if (scenarios && scenarios->onMessage(frame))
            return; // a scenario's client: the scenario answers, not the echo
        if (mode == AppConfig::Mode::Silent)
            return; // only logged: the client sees nothing, not even answers to its close
        if (frame.isControl()) {
            answerControlFrame(s, frame);
            return;
        }
        // What arrived compressed goes out compressed (when negotiated with the receiver).
        const int flags = FlagFin | (frame.rsv1 ? FlagCompress : 0);
        if (mode == AppConfig::Mode::Echo)
            s.push(frame.fd, frame.data, frame.opcode, flags);
        else
            s.broadcast(frame.data, frame.opcode, flags, frame.fd);
    });
    server.onRequest([&api](const HttpRequest &request, HttpResponse &response) {
        api.handle(request, response);
    });
}

int runHeadless(const AppConfig &config)
{
    QTextStream err(stderr);
    qRegisterMetaType<EventBatchPtr>();

    EventLog log(config.logFormat);
    if (config.logFormat != AppConfig::LogFormat::None) {
        QString error;
        if (!log.open(config.logFile, &error)) {
            err << QStringLiteral("framescope: cannot open log file '%1': %2\n")
                       .arg(config.logFile, error);
            return 1;
        }
    }

    WebSocketServer server;
    server.set(config.server);
    ControlApi api(server, config);

    if (config.logFormat != AppConfig::LogFormat::None) {
        server.setObserverEnabled(true);
        // Queued: batches come from the worker thread and are written in this one.
        QObject::connect(&server, &WebSocketServer::events, &server,
                         [&log](const EventBatchPtr &batch) {
                             if (batch)
                                 log.write(*batch);
                         });
    }

    ScenarioRunner scenarios(server);
    api.setScenarioRunner(&scenarios);

    const AppConfig::Mode mode = config.mode;
    installHeadlessHandlers(server, api, mode, &scenarios);

    // The runner observes after the log (connected first): a verdict follows its frames.
    QObject::connect(
        &scenarios, &ScenarioRunner::runStarted, &scenarios, [&log](const ScenarioResult &r) {
            log.note(
                QStringLiteral("scenario: fd %1 %2 started%3; expects: %4")
                    .arg(r.fd)
                    .arg(r.name,
                         r.agent.isEmpty() ? QString() : QStringLiteral(" (agent %1)").arg(r.agent),
                         r.expected),
                "scenario_start",
                OrderedJson()
                    .add("name", r.name)
                    .add("agent", r.agent)
                    .add("rfc", r.rfc)
                    .add("expected", r.expected),
                r.fd);
        });
    QObject::connect(&scenarios, &ScenarioRunner::runFinished, &scenarios,
                     [&log](const ScenarioResult &r) {
                         log.note(QStringLiteral("scenario: fd %1 %2 %3: %4")
                                      .arg(r.fd)
                                      .arg(r.name, QLatin1String(verdictName(r.verdict)), r.detail),
                                  "scenario_verdict",
                                  OrderedJson()
                                      .add("name", r.name)
                                      .add("agent", r.agent)
                                      .add("verdict", verdictName(r.verdict))
                                      .add("rfc", r.rfc)
                                      .add("expected", r.expected)
                                      .add("observed", r.observed)
                                      .add("detail", r.detail)
                                      .add("duration_ms", r.durationMs),
                                  r.fd);
                     });

    StopSignal stopSignal;
    QString signalError;
    if (!stopSignal.install(&signalError)) {
        err << QStringLiteral("framescope: cannot watch for signals: %1\n").arg(signalError);
        return 1;
    }

    if (!server.start(config.host, config.port)) {
        QString why = server.errorString();
        if (why.isEmpty())
            why =
                QStringLiteral("cannot listen on %1 port %2").arg(config.hostText).arg(config.port);
        // The server's own ServerError record has already put the reason into the log.
        err << QStringLiteral("framescope: %1\n").arg(why);
        return 1;
    }

    const QString base = QStringLiteral("%1:%2").arg(urlHost(config.host)).arg(server.serverPort());
    const bool tls = config.server.tlsEnabled();
    const bool tlsOnly = tls && config.server.tls_mode == QLatin1String("only");
    const QString wsUrl = (tls ? QStringLiteral("wss://") : QStringLiteral("ws://")) + base;
    const QString httpUrl =
        (tls ? QStringLiteral("https://%1/") : QStringLiteral("http://%1/")).arg(base);
    QString apiState;
    if (!api.isEnabled())
        apiState = QStringLiteral("control API off");
    else if (!config.controlToken.isEmpty())
        apiState = QStringLiteral("control API on %1, bearer token required").arg(httpUrl);
    else
        apiState = QStringLiteral("control API on %1").arg(httpUrl);
    // Echo and broadcast send every message back: a message limit over the push limit lets
    // in messages whose push must fail (each failure is an error event; this says why first).
    const QString limitWarning =
        mode == AppConfig::Mode::Silent ? QString() : config.server.pushLimitWarning();
    if (tls)
        apiState += tlsOnly ? QStringLiteral("; TLS only") : QStringLiteral("; plain ws:// too");
    err << QStringLiteral("framescope: listening on %1 (%2)\n").arg(wsUrl, apiState);
    if (!limitWarning.isEmpty())
        err << QStringLiteral("framescope: warning: %1\n").arg(limitWarning);
    if (qEnvironmentVariableIsSet("FRAMESCOPE_IO"))
        err << QStringLiteral("framescope: I/O backend %1 (FRAMESCOPE_IO)\n")
                   .arg(server.ioBackend());
    if (!api.isEnabled())
        err << QStringLiteral("framescope: %1\n").arg(api.disabledReason());
    err.flush();

    log.note(QStringLiteral("server: listening on %1 (%2)").arg(wsUrl, apiState), "start",
             OrderedJson()
                 .add("url", wsUrl)
                 .add("control_api", api.isEnabled() ? httpUrl : QString())
                 .add("token_required", !config.controlToken.isEmpty())
                 .add("mode", config.mode == AppConfig::Mode::Echo     ? "echo"
                              : config.mode == AppConfig::Mode::Silent ? "silent"
                                                                       : "broadcast")
                 .add("warning", limitWarning)
                 .add("tls", tls ? (tlsOnly ? "only" : "both") : "off")
                 .add("io", server.ioBackend())
                 .add("tls_sha256_fingerprint", config.tlsFingerprint)
                 .add("tls_spki_sha256", config.tlsSpki));
    // JSON Lines: the start event's `warning` field.
    if (!limitWarning.isEmpty() && config.logFormat == AppConfig::LogFormat::Text)
        log.note(QStringLiteral("server: warning: %1").arg(limitWarning), "warning");
    if (!api.isEnabled())
        log.note(QStringLiteral("server: %1").arg(api.disabledReason()), "control_api_off",
                 OrderedJson().add("message", api.disabledReason()));

    QObject::connect(&stopSignal, &StopSignal::requested, &stopSignal, [&] {
        // Closes every client with 1001 and waits (bounded) for their close frames.
        server.stop();
        // The worker's last batches are queued to this thread: deliver them before the
        // final line so that the log ends with every close.
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
        log.note(QStringLiteral("server: stopped"), "stop");
        log.flush();
        QCoreApplication::exit(0);
    });

    return QCoreApplication::exec();
}

} // namespace framescope
