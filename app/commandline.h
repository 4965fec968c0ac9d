#pragma once

#include "appconfig.h"

#include <QString>

namespace framescope {

// What parseCommandLine() would print and return, without printing: lets tests check every
// message in-process. exitCode is -1 when the program should run with `config`.
struct CommandLineOutcome
{
    int exitCode = -1;
    QString out; // --help / --version text (stdout)
    QString err; // the error message (stderr), one line ending in '\n'
};

CommandLineOutcome parseArguments(const QStringList &arguments, AppConfig &config);

} // namespace framescope
