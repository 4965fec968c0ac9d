#pragma once

#include "appconfig.h"

namespace framescope {
// Opens the inspector window, listening at once; returns the exit code. Needs a QApplication.
int runGui(const AppConfig &config);
} // namespace framescope
