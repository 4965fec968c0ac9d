#pragma once

#include "appconfig.h"

#include <QString>

namespace framescope {

// What the TLS options mean at start, shared by the GUI and the headless runner: generates
// the --tls-self-signed certificate into config.server, checks the certificate and key
// (missing, not PEM, expired, key not matching: a message naming the file), writes
// --tls-write-cert, and says how to trust the certificate. Returns -1 to go on (`out` holds
// the lines to print), or exit code 2 with the message in `out`.
struct TlsSetup
{
    int exitCode = -1;
    QString out;
    QString sha256Fingerprint;
    QString spkiSha256Base64;
};

TlsSetup prepareTls(AppConfig &config);

} // namespace framescope
