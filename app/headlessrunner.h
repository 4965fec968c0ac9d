#pragma once

#include "appconfig.h"

namespace framescope {
// Runs the server without any QWidget until SIGINT/SIGTERM; returns the exit code.
// Needs a QCoreApplication.
int runHeadless(const AppConfig &config);
} // namespace framescope
