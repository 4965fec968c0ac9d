#pragma once

#include "server/serveroptions.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>

namespace framescope {

// Everything the command line (and --config FILE) can say. Shared by the GUI and the
// headless runner: both accept the same server options.
struct AppConfig
{
    bool noGui = false;
    QHostAddress host = QHostAddress(QHostAddress::LocalHost);
    QString hostText = QStringLiteral("127.0.0.1");
    quint16 port = 9501;
    ServerOptions server = ServerOptions::appDefaults();
    // Which options the user gave explicitly (kebab-case names and ServerOptions field
    // names); the GUI lets these win over its saved settings.
    QStringList explicitOptions;

    enum class Mode { Echo, Silent, Broadcast } mode = Mode::Echo;
    enum class LogFormat { Text, Jsonl, None } logFormat = LogFormat::Text;
    QString logFile;      // empty: stdout
    QString controlToken; // HTTP control API bearer token
    QString language;     // --lang: GUI language such as "de" or "en"; empty: the system's
    // TLS: generate a certificate at start (for localhost, 127.0.0.1, ::1 and tlsHostnames),
    // and write the certificate in use to tlsWriteCert for a client's trust store.
    bool tlsSelfSigned = false;
    QStringList tlsHostnames;
    QString tlsWriteCert;
    QString tlsFingerprint; // of the certificate in use, filled in by prepareTls()
    QString tlsSpki;
};

// Parses argv (QCommandLineParser). On a bad value it prints a message naming the option,
// the value and what is allowed and returns exit code 2; on --help/--version it prints and
// returns 0; otherwise returns -1 and fills `config`.
int parseCommandLine(const QStringList &arguments, AppConfig &config);

} // namespace framescope
