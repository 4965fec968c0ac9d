#include "tls.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QRegularExpression>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdlib>
#include <cstring>

namespace framescope {

namespace {

// OpenSSL's reason for the oldest queued error ("wrong version number"), the queue cleared.
QString opensslReason()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return QStringLiteral("unknown OpenSSL error");
    if (const char *reason = ERR_reason_error_string(code))
        return QString::fromLatin1(reason);
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    return QString::fromLatin1(buffer);
}

struct BioFree
{
    void operator()(BIO *b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
struct X509Free
{
    void operator()(X509 *x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;
struct PkeyFree
{
    void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

QString quoted(const QString &path)
{
    return QLatin1Char('\'') + path + QLatin1Char('\'');
}

// A file's bytes, or empty with `error` naming the option and the file.
QByteArray readFile(const char *option, const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot read %2: %3")
                     .arg(QLatin1String(option), quoted(path), file.errorString());
        return {};
    }
    // A certificate chain or key is a few KiB; a huge file is a mistake, not a certificate.
    if (file.size() > 1024 * 1024) {
        *error = QStringLiteral("%1: %2 is %3 bytes, not a PEM certificate or key")
                     .arg(QLatin1String(option), quoted(path))
                     .arg(file.size());
        return {};
    }
    QByteArray bytes = file.readAll();
    if (bytes.isEmpty())
        *error = QStringLiteral("%1: %2 is empty").arg(QLatin1String(option), quoted(path));
    return bytes;
}

QString asn1TimeText(const ASN1_TIME *t)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    ASN1_TIME_print(bio.get(), t);
    char *data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return QString::fromLatin1(data, int(n));
}

QString x509NameText(X509_NAME *name)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char *data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return QString::fromUtf8(data, int(n));
}

int passphraseCallback(char *buf, int size, int, void *)
{
    const char *pass = std::getenv(KeyPassphraseEnv);
    if (!pass)
        return -1; // encrypted key without a passphrase: fails, reported below
    const int n = int(qMin<size_t>(std::strlen(pass), size_t(size)));
    std::memcpy(buf, pass, size_t(n));
    return n;
}

// RFC 7301: prefer http/1.1 (WebSocket over TLS is HTTP/1.1); anything else gets no ALPN
// rather than a fatal no_application_protocol alert, so a client that offers only h2 still
// sees our HTTP answer.
int selectAlpn(SSL *, const unsigned char **out, unsigned char *outlen, const unsigned char *in,
               unsigned int inlen, void *)
{
    static const unsigned char http11[] = "\x08http/1.1";
    unsigned char *selected = nullptr;
    if (SSL_select_next_proto(&selected, outlen, http11, sizeof http11 - 1, in, inlen) ==
        OPENSSL_NPN_NEGOTIATED) {
        *out = selected;
        return SSL_TLSEXT_ERR_OK;
    }
    return SSL_TLSEXT_ERR_NOACK;
}

int parseProtocols(const QString &text, int *minVersion, int *maxVersion)
{
    *minVersion = 0;
    *maxVersion = 0;
    const QStringList tokens =
        text.split(QRegularExpression(QStringLiteral("[\\s,|]+")), Qt::SkipEmptyParts);
    for (const QString &token : tokens) {
        int v = 0;
        if (token.compare(QLatin1String("TLSv1.2"), Qt::CaseInsensitive) == 0)
            v = TLS1_2_VERSION;
        else if (token.compare(QLatin1String("TLSv1.3"), Qt::CaseInsensitive) == 0)
            v = TLS1_3_VERSION;
        else
            return -1;
        *minVersion = *minVersion ? qMin(*minVersion, v) : v;
        *maxVersion = qMax(*maxVersion, v);
    }
    return tokens.size();
}

} // namespace

QString tlsCipherListError(const QString &ciphers)
{
    if (ciphers.isEmpty())
        return {};
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    const bool ok = SSL_CTX_set_cipher_list(ctx, ciphers.toLatin1().constData()) == 1;
    SSL_CTX_free(ctx);
    if (ok)
        return {};
    ERR_clear_error();
    return QStringLiteral("no cipher OpenSSL knows");
}

QString tlsProtocolsError(const QString &protocols)
{
    int lo = 0, hi = 0;
    const int n = parseProtocols(protocols, &lo, &hi);
    if (n < 0)
        return QStringLiteral("expected TLSv1.2 and/or TLSv1.3");
    if (n == 0)
        return QStringLiteral("expected at least one of TLSv1.2, TLSv1.3");
    return {};
}

void certificateHashes(const QByteArray &pem, QString *sha256Fingerprint, QString *spkiBase64)
{
    BioPtr bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    ERR_clear_error();
    if (!cert)
        return;
    unsigned char *der = nullptr;
    int n = i2d_X509(cert.get(), &der);
    if (n > 0) {
        const QByteArray hash = QCryptographicHash::hash(
            QByteArrayView(reinterpret_cast<const char *>(der), n), QCryptographicHash::Sha256);
        *sha256Fingerprint = QString::fromLatin1(hash.toHex(':').toUpper());
    }
    OPENSSL_free(der);
    der = nullptr;
    n = i2d_PUBKEY(X509_get0_pubkey(cert.get()), &der);
    if (n > 0) {
        const QByteArray hash = QCryptographicHash::hash(
            QByteArrayView(reinterpret_cast<const char *>(der), n), QCryptographicHash::Sha256);
        *spkiBase64 = QString::fromLatin1(hash.toBase64());
    }
    OPENSSL_free(der);
}

SelfSignedCertificate generateSelfSigned(const QStringList &extraNames, QString *error)
{
    SelfSignedCertificate out;
    QStringList names{QStringLiteral("localhost"), QStringLiteral("127.0.0.1"),
                      QStringLiteral("::1")};
    for (const QString &n : extraNames) {
        if (!names.contains(n))
            names.append(n);
    }
    QStringList san;
    for (const QString &n : names) {
        QHostAddress ip;
        if (ip.setAddress(n))
            san.append(QStringLiteral("IP:") + ip.toString());
        else
            san.append(QStringLiteral("DNS:") + n);
    }

    PkeyPtr key(EVP_EC_gen("P-256"));
    X509Ptr cert(X509_new());
    if (!key || !cert) {
        *error = QStringLiteral("cannot generate a key: %1").arg(opensslReason());
        return out;
    }
    X509_set_version(cert.get(), 2);
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f; // positive
    BIGNUM *bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600); // tolerate a clock behind ours
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 30L * 24 * 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME *name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char *>("Framescope test server"),
                               -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char *>("localhost"), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);

    X509V3_CTX v3;
    X509V3_set_ctx_nodb(&v3);
    X509V3_set_ctx(&v3, cert.get(), cert.get(), nullptr, nullptr, 0);
    // Self-signed: its own trust anchor in a trust store (python cafile, Node `ca`, Qt).
    const QByteArray sanText = san.join(QLatin1Char(',')).toLatin1();
    const std::pair<int, const char *> extensions[] = {
        {NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
        {NID_key_usage, "critical,digitalSignature,keyCertSign"},
        {NID_ext_key_usage, "serverAuth,clientAuth"},
        {NID_subject_key_identifier, "hash"},
        {NID_subject_alt_name, sanText.constData()},
    };
    for (const auto &[nid, value] : extensions) {
        X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, &v3, nid, value);
        if (!ext) {
            *error = QStringLiteral("cannot build the certificate for %1: %2")
                         .arg(QString::fromLatin1(sanText), opensslReason());
            return out;
        }
        X509_add_ext(cert.get(), ext, -1);
        X509_EXTENSION_free(ext);
    }
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) {
        *error = QStringLiteral("cannot sign the certificate: %1").arg(opensslReason());
        return out;
    }

    BioPtr certBio(BIO_new(BIO_s_mem()));
    BioPtr keyBio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(certBio.get(), cert.get());
    PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    char *data = nullptr;
    long n = BIO_get_mem_data(certBio.get(), &data);
    out.certPem = QByteArray(data, int(n));
    n = BIO_get_mem_data(keyBio.get(), &data);
    out.keyPem = QByteArray(data, int(n));
    out.names = names;
    certificateHashes(out.certPem, &out.sha256Fingerprint, &out.spkiSha256Base64);
    return out;
}

// ---------------------------------------------------------------------------------------
// TlsContext

TlsContext::~TlsContext()
{
    SSL_CTX_free(m_ctx);
}

std::unique_ptr<TlsContext> TlsContext::create(const ServerOptions &o, QString *error)
{
    ERR_clear_error();
    std::unique_ptr<TlsContext> context(new TlsContext);
    context->m_onlyTls = o.tls_mode == QLatin1String("only");
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx) {
        *error = QStringLiteral("cannot create a TLS context: %1").arg(opensslReason());
        return nullptr;
    }
    context->m_ctx = ctx;

    // The certificate (chain) and key: in memory (generated) or from the files.
    const bool inMemory = !o.ssl_cert_pem.isEmpty();
    const QString certName =
        inMemory ? QStringLiteral("the generated certificate") : quoted(o.ssl_cert_file);
    const QString keyName = inMemory ? QStringLiteral("the generated key") : quoted(o.ssl_key_file);
    QByteArray certPem = o.ssl_cert_pem;
    QByteArray keyPem = o.ssl_key_pem;
    if (!inMemory) {
        certPem = readFile("ssl_cert_file", o.ssl_cert_file, error);
        if (certPem.isEmpty())
            return nullptr;
        keyPem = readFile("ssl_key_file", o.ssl_key_file, error);
        if (keyPem.isEmpty())
            return nullptr;
    }
    BioPtr certBio(BIO_new_mem_buf(certPem.constData(), int(certPem.size())));
    X509Ptr leaf(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr));
    if (!leaf) {
        ERR_clear_error();
        *error = QStringLiteral("ssl_cert_file: %1 holds no PEM certificate "
                                "(-----BEGIN CERTIFICATE-----)")
                     .arg(certName);
        return nullptr;
    }
    if (X509_cmp_current_time(X509_get0_notAfter(leaf.get())) <= 0) {
        *error = QStringLiteral("ssl_cert_file: the certificate in %1 expired on %2")
                     .arg(certName, asn1TimeText(X509_get0_notAfter(leaf.get())));
        return nullptr;
    }
    if (X509_cmp_current_time(X509_get0_notBefore(leaf.get())) > 0) {
        *error = QStringLiteral("ssl_cert_file: the certificate in %1 is not valid before %2")
                     .arg(certName, asn1TimeText(X509_get0_notBefore(leaf.get())));
        return nullptr;
    }
    if (SSL_CTX_use_certificate(ctx, leaf.get()) != 1) {
        *error = QStringLiteral("ssl_cert_file: the certificate in %1 is unusable: %2")
                     .arg(certName, opensslReason());
        return nullptr;
    }
    // The rest of the file: intermediate certificates, sent with the leaf.
    while (X509 *extra = PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr)) {
        if (SSL_CTX_add0_chain_cert(ctx, extra) != 1) {
            X509_free(extra);
            *error = QStringLiteral("ssl_cert_file: a chain certificate in %1 is unusable: %2")
                         .arg(certName, opensslReason());
            return nullptr;
        }
    }
    ERR_clear_error(); // the end of the PEM stream is an error in OpenSSL's queue

    BioPtr keyBio(BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())));
    PkeyPtr key(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, passphraseCallback, nullptr));
    if (!key) {
        const bool encrypted = keyPem.contains("ENCRYPTED");
        ERR_clear_error();
        if (encrypted)
            *error = QStringLiteral("ssl_key_file: %1 is encrypted and %2 %3")
                         .arg(keyName, QLatin1String(KeyPassphraseEnv),
                              std::getenv(KeyPassphraseEnv) ? QStringLiteral("does not decrypt it")
                                                            : QStringLiteral("is not set"));
        else
            *error = QStringLiteral("ssl_key_file: %1 holds no PEM private key "
                                    "(-----BEGIN PRIVATE KEY-----)")
                         .arg(keyName);
        return nullptr;
    }
    if (SSL_CTX_use_PrivateKey(ctx, key.get()) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
        ERR_clear_error();
        *error = QStringLiteral("ssl_key_file: the key in %1 does not match the certificate in %2")
                     .arg(keyName, certName);
        return nullptr;
    }

    int lo = 0, hi = 0;
    if (parseProtocols(o.ssl_protocols, &lo, &hi) <= 0) {
        *error = QStringLiteral("ssl_protocols: \"%1\" is invalid, expected TLSv1.2 and/or "
                                "TLSv1.3")
                     .arg(o.ssl_protocols);
        return nullptr;
    }
    SSL_CTX_set_min_proto_version(ctx, lo);
    SSL_CTX_set_max_proto_version(ctx, hi);
    if (!o.ssl_ciphers.isEmpty() &&
        SSL_CTX_set_cipher_list(ctx, o.ssl_ciphers.toLatin1().constData()) != 1) {
        ERR_clear_error();
        *error = QStringLiteral("ssl_ciphers: \"%1\" is invalid, no cipher OpenSSL knows")
                     .arg(o.ssl_ciphers);
        return nullptr;
    }

    if (!o.ssl_client_cert_file.isEmpty()) {
        const QByteArray path = QFile::encodeName(o.ssl_client_cert_file);
        QString readError;
        if (readFile("ssl_client_cert_file", o.ssl_client_cert_file, &readError).isEmpty()) {
            *error = readError;
            return nullptr;
        }
        STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(path.constData());
        if (!names || SSL_CTX_load_verify_locations(ctx, path.constData(), nullptr) != 1) {
            if (names)
                sk_X509_NAME_pop_free(names, X509_NAME_free);
            ERR_clear_error();
            *error = QStringLiteral("ssl_client_cert_file: %1 holds no PEM CA certificate")
                         .arg(quoted(o.ssl_client_cert_file));
            return nullptr;
        }
        SSL_CTX_set_client_CA_list(ctx, names);
        // ssl_verify_peer: a client without a valid certificate fails the handshake; without
        // it a certificate is asked for, and one that does not verify still fails.
        SSL_CTX_set_verify(ctx,
                           o.ssl_verify_peer ? SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT
                                             : SSL_VERIFY_PEER,
                           nullptr);
    }

    SSL_CTX_set_alpn_select_cb(ctx, selectAlpn, nullptr);
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
    // One-off test-server sessions: no ticket keys to rotate, no session cache to grow.
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_num_tickets(ctx, 0);
    return context;
}

// ---------------------------------------------------------------------------------------
// TlsSession

void TlsSession::begin()
{
    m_ssl = SSL_new(m_context.ctx());
    m_in = BIO_new(BIO_s_mem());
    m_out = BIO_new(BIO_s_mem());
    // An empty input BIO means "retry later", not end of file.
    BIO_set_mem_eof_return(m_in, -1);
    BIO_set_mem_eof_return(m_out, -1);
    SSL_set_bio(m_ssl, m_in, m_out);
    SSL_set_accept_state(m_ssl);
}

TlsSession::~TlsSession()
{
    if (m_ssl)
        SSL_free(m_ssl); // frees both BIOs
}

void TlsSession::putCiphertext(const char *data, qsizetype size)
{
    BIO_write(m_in, data, int(size));
}

TlsSession::Read TlsSession::readPlain(char *buffer, int capacity, int *size)
{
    if (m_failed)
        return Read::Error;
    ERR_clear_error();
    const int n = SSL_read(m_ssl, buffer, capacity);
    if (!m_established && SSL_is_init_finished(m_ssl))
        m_established = true;
    if (n > 0) {
        *size = n;
        drainOutput();
        return Read::Data;
    }
    const int err = SSL_get_error(m_ssl, n);
    drainOutput(); // handshake messages, or the alert of a failure
    switch (err) {
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:
        return Read::NeedMore;
    case SSL_ERROR_ZERO_RETURN:
        return Read::Closed;
    default:
        m_failed = true;
        m_error = err == SSL_ERROR_SSL ? opensslReason() : QStringLiteral("TLS error %1").arg(err);
        // A client certificate that does not verify: say why, not just "certificate verify
        // failed".
        const long verify = SSL_get_verify_result(m_ssl);
        if (verify != X509_V_OK && SSL_get0_peer_certificate(m_ssl))
            m_error += QStringLiteral(" (client certificate: %1)")
                           .arg(QString::fromLatin1(X509_verify_cert_error_string(verify)));
        ERR_clear_error();
        return Read::Error;
    }
}

void TlsSession::encrypt(const char *data, qsizetype size)
{
    while (size > 0) {
        const int chunk = int(qMin<qsizetype>(size, 1 << 30));
        const int n = SSL_write(m_ssl, data, chunk);
        if (n <= 0) {
            ERR_clear_error();
            break; // only after a fatal error: the connection is being dropped anyway
        }
        data += n;
        size -= n;
    }
    drainOutput();
}

void TlsSession::shutdown()
{
    if (m_failed || !m_established)
        return;
    SSL_shutdown(m_ssl);
    ERR_clear_error();
    drainOutput();
}

void TlsSession::drainOutput()
{
    char *data = nullptr;
    const long n = BIO_get_mem_data(m_out, &data);
    if (n <= 0)
        return;
    if (m_cipherPos == m_cipher.size()) {
        m_cipher.clear(); // keeps its capacity
        m_cipherPos = 0;
    }
    m_cipher.append(data, size_t(n));
    (void)BIO_reset(m_out);
}

void TlsSession::cipherConsumed(qsizetype n)
{
    m_cipherPos += size_t(n);
    if (m_cipherPos == m_cipher.size()) {
        m_cipherPos = 0;
        m_cipher.clear();
        if (m_cipher.capacity() > 1024 * 1024)
            m_cipher.shrink_to_fit();
    }
}

TlsInfo TlsSession::info() const
{
    TlsInfo i;
    i.version = SSL_get_version(m_ssl);
    i.cipher = SSL_get_cipher_name(m_ssl);
    if (const char *sni = SSL_get_servername(m_ssl, TLSEXT_NAMETYPE_host_name))
        i.sni = sni;
    const unsigned char *alpn = nullptr;
    unsigned int alpnLength = 0;
    SSL_get0_alpn_selected(m_ssl, &alpn, &alpnLength);
    if (alpn)
        i.alpn = QByteArray(reinterpret_cast<const char *>(alpn), int(alpnLength));
    if (X509 *peer = SSL_get0_peer_certificate(m_ssl))
        i.clientSubject = x509NameText(X509_get_subject_name(peer));
    return i;
}

void releaseTlsThreadState()
{
    OPENSSL_thread_stop();
}

} // namespace framescope
