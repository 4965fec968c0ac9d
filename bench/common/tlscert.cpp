// framescope_bench_tlscert DIR: writes DIR/cert.pem and DIR/key.pem, a self-signed ECDSA
// P-256 certificate for localhost and 127.0.0.1 (the wss:// benchmark scenarios).
#include "server/tls.h"

#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() != 2) {
        QTextStream(stderr) << "usage: framescope_bench_tlscert DIR\n";
        return 2;
    }
    QString error;
    const framescope::SelfSignedCertificate cert = framescope::generateSelfSigned({}, &error);
    if (cert.certPem.isEmpty()) {
        QTextStream(stderr) << "framescope_bench_tlscert: " << error << '\n';
        return 1;
    }
    for (const auto &[name, bytes] : {std::pair{QStringLiteral("cert.pem"), cert.certPem},
                                      std::pair{QStringLiteral("key.pem"), cert.keyPem}}) {
        QFile file(args.at(1) + QLatin1Char('/') + name);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) {
            QTextStream(stderr) << "framescope_bench_tlscert: cannot write " << file.fileName()
                                << ": " << file.errorString() << '\n';
            return 1;
        }
    }
    return 0;
}
