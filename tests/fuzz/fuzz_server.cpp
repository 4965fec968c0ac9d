// libFuzzer target over the whole server: the headless app's server on an InlineServer
// (serverharness.h describes the input). Any broken check aborts; ASan and UBSan report
// memory and undefined-behaviour errors on the way.

#include "serverharness.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <csignal>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    // One application object for the whole run; the worker's QSocketNotifier and the
    // posted calls need it. Its event loop never runs: InlineServer::pump() drives.
    static QCoreApplication app(*argc, *argv);
    // Malformed input makes the server warn by design; that is noise here.
    QLoggingCategory::setFilterRules(QStringLiteral("*.warning=false\n*.debug=false"));
    std::signal(SIGPIPE, SIG_IGN);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString problem = framescope::fuzz::serverCase(data, size);
    if (!problem.isEmpty()) {
        std::fprintf(stderr, "framescope server fuzz: %s\n", qPrintable(problem));
        std::abort();
    }
    return 0;
}
