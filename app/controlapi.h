#pragma once

#include "appconfig.h"
#include "server/http.h"

#include <QByteArray>
#include <QString>

namespace framescope {

class WebSocketServer;
class ScenarioRunner;

// The HTTP control API of the headless mode: the server's request event on the WebSocket
// port. handle() runs in the worker thread and answers synchronously through the facade,
// which is callable from any thread; it holds no state of its own, so it needs no lock.
class ControlApi final
{
    Q_DISABLE_COPY_MOVE(ControlApi)

public:
    ControlApi(WebSocketServer &server, const AppConfig &config);

    void handle(const HttpRequest &request, HttpResponse &response) const;
    // GET /scenarios, GET /report, POST /scenario (docs/scenarios.md); without a runner
    // they answer 404.
    void setScenarioRunner(ScenarioRunner *runner) { m_scenarios = runner; }

    // Off when bound to a non-loopback address without a token: anyone who can reach the
    // port could otherwise push and disconnect.
    bool isEnabled() const { return m_disabledReason.isEmpty(); }
    QString disabledReason() const { return m_disabledReason; }

private:
    void route(const HttpRequest &request, HttpResponse &response) const;

    bool routeScenarios(const QByteArray &path, const HttpRequest &request,
                        HttpResponse &response) const;

    WebSocketServer &m_server;
    ScenarioRunner *m_scenarios = nullptr;
    QByteArray m_token;
    QString m_disabledReason;
};

} // namespace framescope
