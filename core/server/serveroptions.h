#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace framescope {

// Server options with Swoole's names (Swoole\Server::set()). Defaults as in Swoole where
// Swoole has the option. validate() names the first bad value.
struct ServerOptions
{
    // Sec-WebSocket-Protocol: added to the handshake response when set; when the client
    // offers protocols and none matches, the handshake still succeeds without the header.
    // Sent only when the client offered it (RFC 6455 §4.2.2; browsers fail the handshake
    // otherwise), unlike Swoole, which sends it unconditionally.
    QString websocket_subprotocol;
    // Deliver close / ping / pong frames to the message handler. Close: the application
    // replies itself (disconnect() or push of a close frame). Ping: no automatic pong.
    bool open_websocket_close_frame = false;
    bool open_websocket_ping_frame = false;
    bool open_websocket_pong_frame = false;

    // RFC 7692 permessage-deflate negotiation (off by default, as in Swoole).
    bool websocket_compression = false;
    bool websocket_compress_all = false;     // compress every outgoing data message when negotiated
    int websocket_compression_level = 6;     // zlib level 1-9
    int websocket_compression_min_size = 64; // smaller messages go out uncompressed
    int websocket_server_max_window_bits = 15; // 9-15 (zlib cannot deflate with 8, see deflate.h)

    // Seconds; 0 disables. Every heartbeat_check_interval the server pings connections
    // idle for heartbeat_check_interval, and closes those idle longer than heartbeat_idle_time
    // (0: twice the interval, as Swoole): WebSocket connections get a close frame 1001
    // "idle timeout" and the TCP close without waiting for a reply; others are just closed.
    int heartbeat_check_interval = 0;
    int heartbeat_idle_time = 0;

    int max_connection = 10000;
    // Max payload of one push/send. Output queued for a peer that does not read: past this
    // the server stops reading from it (back-pressure); past 4x it drops the TCP connection
    // (Closed record, code 1006, "slow reader"). Swoole's 2 MiB would refuse the echo of any
    // message between 2 and 16 MiB that websocket_max_message_size lets in: the default is
    // that limit, so whatever is accepted can be sent back (compressed or not: the limit
    // applies to the payload as pushed, before deflate).
    qint64 buffer_output_size = 16 * 1024 * 1024;
    qint64 websocket_max_frame_size = 16 * 1024 * 1024;
    qint64 websocket_max_message_size = 16 * 1024 * 1024;
    int handshake_timeout_ms = 10000;     // TCP connected but no complete handshake
    int handshake_max_size = 16 * 1024;   // request head bytes
    int http_max_body_size = 1024 * 1024; // request body bytes (control API)
    int close_timeout_ms = 3000;          // wait for the peer's close frame, then drop TCP
    // open_websocket_close_frame: how long a received close frame waits for the application's
    // reply before the TCP connection is dropped (Closed record naming this option). 0: it
    // waits until the application answers (disconnect(), sendClose(), close()), as Swoole.
    int held_close_timeout_ms = 0;
    int reactor_num = 1; // worker threads (--threads)
    bool tcp_nodelay = true;

    // TLS (wss://, https:// for the control API), on when a certificate is set. On one port:
    // a connection whose first byte opens a TLS record is served over TLS, any other over
    // plain TCP with tls_mode "both", or refused (HTTP 400, close) with "only".
    QString ssl_cert_file; // PEM: the certificate, then any intermediates
    QString ssl_key_file;  // PEM; encrypted: passphrase in FRAMESCOPE_SSL_KEY_PASSPHRASE
    // Swoole takes a bit mask (SWOOLE_SSL_TLSv1_2 | SWOOLE_SSL_TLSv1_3); here the names.
    QString ssl_protocols = QStringLiteral("TLSv1.2 TLSv1.3");
    QString ssl_ciphers; // OpenSSL cipher list for TLS 1.2 (empty: OpenSSL's default)
    // Require a client certificate that verifies against ssl_client_cert_file. With only
    // ssl_client_cert_file a certificate is asked for but not required.
    bool ssl_verify_peer = false;
    QString ssl_client_cert_file;              // PEM CA certificate(s) for client certificates
    QString tls_mode = QStringLiteral("both"); // both | only
    // In-memory certificate and key (a generated self-signed one); win over the files.
    QByteArray ssl_cert_pem;
    QByteArray ssl_key_pem;

    bool tlsEnabled() const { return !ssl_cert_file.isEmpty() || !ssl_cert_pem.isEmpty(); }

    // Empty when valid, else e.g. "heartbeat_idle_time: -1 is invalid, expected >= 0".
    QString validate() const;
    QString validateTls() const; // the ssl_* and tls_mode part of validate()
    // Empty when a message the server accepts can be pushed back (an echo or a broadcast),
    // else a sentence naming websocket_max_message_size and buffer_output_size with their
    // values. For front ends that send messages back; valid options, just inconsistent.
    QString pushLimitWarning() const;

    // The Framescope app's defaults (window and --no-gui): Swoole's, except that
    // permessage-deflate is negotiated when a client offers it, so a client's compression
    // path is exercised (and a conformance suite's RFC 7692 cases run) without a flag.
    // The library's own default stays Swoole's: off.
    static ServerOptions appDefaults()
    {
        ServerOptions o;
        o.websocket_compression = true;
        return o;
    }
};

} // namespace framescope
