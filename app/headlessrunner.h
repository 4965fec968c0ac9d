#pragma once

#include "appconfig.h"

namespace framescope {
class ControlApi;
class WebSocketServer;

// The headless mode's handlers: the message handler of `mode` (echo, broadcast, silent;
// control frames answered when they reach it) and the control API as the request handler.
// Also used by the server fuzzer (tests/fuzz/fuzz_server.cpp).
void installHeadlessHandlers(WebSocketServer &server, const ControlApi &api, AppConfig::Mode mode);

// Runs the server without any QWidget until SIGINT/SIGTERM; returns the exit code.
// Needs a QCoreApplication.
int runHeadless(const AppConfig &config);
} // namespace framescope
