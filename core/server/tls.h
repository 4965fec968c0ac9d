#pragma once

// TLS for the worker (OpenSSL 3): one TlsContext per server, one TlsSession per connection
// that opened with a TLS record. Memory BIOs sit between the worker's own socket calls and
// the decoder, so a TLS connection lives in the same worker, connection table and events as
// a plain one; OpenSSL never touches a socket.

#include "events.h"
#include "serveroptions.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <string>

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;
typedef struct bio_st BIO;

namespace framescope {

// The environment variable that holds the passphrase of an encrypted ssl_key_file.
inline constexpr char KeyPassphraseEnv[] = "FRAMESCOPE_SSL_KEY_PASSPHRASE";

// RFC 8446 §5.1 / RFC 5246 §6.2.1: a TLS record starts with its content type; a connection
// starts with a handshake record (22) carrying the ClientHello. No HTTP method starts so.
inline constexpr char TlsHandshakeRecord = 0x16;

// A freshly generated certificate and key (PEM) with what a user needs to trust it.
struct SelfSignedCertificate
{
    QByteArray certPem;
    QByteArray keyPem;
    QString sha256Fingerprint; // "AB:CD:…" of the DER certificate
    QString spkiSha256Base64;  // for Chromium's --ignore-certificate-errors-spki-list
    QStringList names;         // subjectAltName entries
};

// An ECDSA P-256 key and a self-signed certificate valid for 30 days for localhost,
// 127.0.0.1, ::1 and `extraNames` (DNS names or IP addresses). Empty certPem and `error`
// set on failure.
SelfSignedCertificate generateSelfSigned(const QStringList &extraNames, QString *error);

// SHA-256 fingerprint and SPKI hash of the first certificate in `pem` (empty when none).
void certificateHashes(const QByteArray &pem, QString *sha256Fingerprint, QString *spkiBase64);

// Empty when OpenSSL accepts `ciphers` as a TLS 1.2 cipher list, else why not.
QString tlsCipherListError(const QString &ciphers);
// Empty when `protocols` names TLSv1.2 and/or TLSv1.3 (separated by spaces, commas or |).
QString tlsProtocolsError(const QString &protocols);

// Frees the calling thread's OpenSSL state (its random generators, error queue) now. A
// worker thread calls it before it ends: the automatic release runs in the thread's own
// teardown, after QThread::wait() returned, and raced LeakSanitizer's check at exit.
void releaseTlsThreadState();

class TlsContext final
{
public:
    // The server's SSL_CTX from ssl_* options: certificate chain and key (files or the PEM
    // fields), protocols, ciphers, client certificates. nullptr and `error` naming the file
    // or value at fault (missing, not PEM, expired, key not matching, …).
    static std::unique_ptr<TlsContext> create(const ServerOptions &options, QString *error);
    ~TlsContext();
    Q_DISABLE_COPY_MOVE(TlsContext)

    SSL_CTX *ctx() const { return m_ctx; }
    bool onlyTls() const { return m_onlyTls; }

private:
    TlsContext() = default;
    SSL_CTX *m_ctx = nullptr;
    bool m_onlyTls = false;
};

// One connection's TLS state. Ciphertext read from the socket goes in with putCiphertext(),
// plaintext comes out of readPlain(); plaintext to send goes in with encrypt() and the
// ciphertext to write is cipherData()/cipherPending().
class TlsSession final
{
public:
    // Cheap until begin(): with TLS on, every connection has one while its first byte is
    // awaited; a plain connection drops it unused.
    explicit TlsSession(const TlsContext &context) : m_context(context) {}
    ~TlsSession();
    Q_DISABLE_COPY_MOVE(TlsSession)

    // The first byte opened a TLS record: create the OpenSSL state (server side).
    void begin();
    bool begun() const { return m_ssl != nullptr; }

    enum class Read { Data, NeedMore, Closed, Error };

    void putCiphertext(const char *data, qsizetype size);
    // Plaintext into `buffer` (Data: *size bytes). Drives the handshake too.
    Read readPlain(char *buffer, int capacity, int *size);
    // Takes `size` plaintext bytes (all of them: a memory BIO never blocks).
    void encrypt(const char *data, qsizetype size);
    // Queues a close_notify alert (not after a fatal error).
    void shutdown();

    bool established() const { return m_established; }
    // true once after the handshake completed: the caller records the TLS details.
    bool takeEstablished()
    {
        const bool was = m_established && !m_reported;
        m_reported = m_reported || m_established;
        return was;
    }
    TlsInfo info() const;
    // Why the last Read::Error happened (OpenSSL's reason, e.g. "wrong version number").
    QString errorText() const { return m_error; }

    qsizetype cipherPending() const { return qsizetype(m_cipher.size() - m_cipherPos); }
    const char *cipherData() const { return m_cipher.data() + m_cipherPos; }
    void cipherConsumed(qsizetype n);

private:
    void drainOutput();

    const TlsContext &m_context;
    SSL *m_ssl = nullptr;
    BIO *m_in = nullptr;  // ciphertext from the peer (owned by m_ssl)
    BIO *m_out = nullptr; // ciphertext to the peer (owned by m_ssl)
    std::string m_cipher; // drained from m_out, not yet sent
    size_t m_cipherPos = 0;
    bool m_established = false;
    bool m_reported = false;
    bool m_failed = false;
    QString m_error;
};

} // namespace framescope
