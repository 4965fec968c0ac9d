#include "tlssetup.h"

#include "server/tls.h"

#include <QFile>
#include <QSaveFile>

namespace framescope {

TlsSetup prepareTls(AppConfig &config)
{
    TlsSetup setup;
    ServerOptions &so = config.server;
    auto fail = [&setup](const QString &message) {
        setup.exitCode = 2;
        setup.out = QStringLiteral("framescope: %1\n").arg(message);
        return setup;
    };
    if (config.tlsSelfSigned) {
        QString error;
        const SelfSignedCertificate cert = generateSelfSigned(config.tlsHostnames, &error);
        if (cert.certPem.isEmpty())
            return fail(QStringLiteral("--tls-self-signed: %1").arg(error));
        so.ssl_cert_pem = cert.certPem;
        so.ssl_key_pem = cert.keyPem;
        setup.out += QStringLiteral("framescope: TLS: generated a self-signed certificate for "
                                    "%1 (valid 30 days)\n")
                         .arg(cert.names.join(QStringLiteral(", ")));
    }
    if (!so.tlsEnabled())
        return setup;

    // The server builds the same context again at start; failing here gives exit code 2
    // and a message naming the file before anything listens.
    QString error;
    if (!TlsContext::create(so, &error))
        return fail(error);

    QByteArray certPem = so.ssl_cert_pem;
    if (certPem.isEmpty()) {
        QFile file(so.ssl_cert_file);
        if (file.open(QIODevice::ReadOnly))
            certPem = file.readAll();
    }
    certificateHashes(certPem, &setup.sha256Fingerprint, &setup.spkiSha256Base64);
    config.tlsFingerprint = setup.sha256Fingerprint;
    config.tlsSpki = setup.spkiSha256Base64;
    setup.out += QStringLiteral("framescope: TLS: certificate SHA-256 fingerprint %1\n"
                                "framescope: TLS: Chromium without trusting it: "
                                "--ignore-certificate-errors-spki-list=%2\n")
                     .arg(setup.sha256Fingerprint, setup.spkiSha256Base64);

    if (!config.tlsWriteCert.isEmpty()) {
        // Only the certificate (the leaf first, as in the file): never the key.
        QSaveFile file(config.tlsWriteCert);
        if (!file.open(QIODevice::WriteOnly) || file.write(certPem) != certPem.size() ||
            !file.commit())
            return fail(QStringLiteral("--tls-write-cert: cannot write '%1': %2")
                            .arg(config.tlsWriteCert, file.errorString()));
        setup.out +=
            QStringLiteral("framescope: TLS: certificate written to %1\n").arg(config.tlsWriteCert);
    }
    return setup;
}

} // namespace framescope
