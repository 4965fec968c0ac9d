#pragma once

#include "appconfig.h"

namespace framescope {
class ControlApi;
class ScenarioRunner;
class WebSocketServer;

// The headless mode's handlers: the message handler of `mode` (echo, broadcast, silent;
// control frames answered when they reach it) and the control API as the request handler.
// With `scenarios`, ws://HOST:PORT/scenario/NAME connections are that runner's (their
// messages are not echoed) and handshake faults are its. Also used by the server fuzzer
// (tests/fuzz/fuzz_server.cpp), without scenarios (their timers never fire there).
void installHeadlessHandlers(WebSocketServer &server, const ControlApi &api, AppConfig::Mode mode,
                             ScenarioRunner *scenarios = nullptr);

// Runs the server without any QWidget until SIGINT/SIGTERM; returns the exit code.
// Needs a QCoreApplication.
int runHeadless(const AppConfig &config);
} // namespace framescope
