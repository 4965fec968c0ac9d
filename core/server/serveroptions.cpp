#include "serveroptions.h"

#include "tls.h"

#include "../protocol/handshake.h"

namespace framescope {

namespace {

QString invalid(const char *name, qint64 value, const char *expected)
{
    return QStringLiteral("%1: %2 is invalid, expected %3")
        .arg(QLatin1String(name))
        .arg(value)
        .arg(QLatin1String(expected));
}

} // namespace

QString ServerOptions::validate() const
{
    // RFC 6455 §4.1: a subprotocol is a token (no separators, no spaces, no controls).
    if (!websocket_subprotocol.isEmpty() && !isHttpToken(websocket_subprotocol.toLatin1()))
        return QStringLiteral("websocket_subprotocol: \"%1\" is invalid, expected an "
                              "HTTP token (RFC 6455 §4.1)")
            .arg(websocket_subprotocol);
    if (websocket_compression_level < 1 || websocket_compression_level > 9)
        return invalid("websocket_compression_level", websocket_compression_level, "1-9");
    if (websocket_compression_min_size < 0)
        return invalid("websocket_compression_min_size", websocket_compression_min_size, ">= 0");
    if (websocket_server_max_window_bits < 9 || websocket_server_max_window_bits > 15)
        return invalid("websocket_server_max_window_bits", websocket_server_max_window_bits,
                       "9-15");
    if (heartbeat_check_interval < 0)
        return invalid("heartbeat_check_interval", heartbeat_check_interval, ">= 0");
    if (heartbeat_idle_time < 0)
        return invalid("heartbeat_idle_time", heartbeat_idle_time, ">= 0");
    if (max_connection < 1)
        return invalid("max_connection", max_connection, ">= 1");
    if (buffer_output_size < 1)
        return invalid("buffer_output_size", buffer_output_size, ">= 1");
    if (websocket_max_frame_size < 125)
        return invalid("websocket_max_frame_size", websocket_max_frame_size, ">= 125");
    if (websocket_max_message_size < 125)
        return invalid("websocket_max_message_size", websocket_max_message_size, ">= 125");
    if (handshake_timeout_ms < 1)
        return invalid("handshake_timeout_ms", handshake_timeout_ms, ">= 1");
    if (handshake_max_size < 64)
        return invalid("handshake_max_size", handshake_max_size, ">= 64");
    if (http_max_body_size < 0)
        return invalid("http_max_body_size", http_max_body_size, ">= 0");
    if (close_timeout_ms < 1)
        return invalid("close_timeout_ms", close_timeout_ms, ">= 1");
    if (held_close_timeout_ms < 0)
        return invalid("held_close_timeout_ms", held_close_timeout_ms, ">= 0");
    if (reactor_num < 1 || reactor_num > 64)
        return invalid("reactor_num", reactor_num, "1-64");
    return validateTls();
}

QString ServerOptions::validateTls() const
{
    if (const QString why = tlsProtocolsError(ssl_protocols); !why.isEmpty())
        return QStringLiteral("ssl_protocols: \"%1\" is invalid, %2").arg(ssl_protocols, why);
    if (const QString why = tlsCipherListError(ssl_ciphers); !why.isEmpty())
        return QStringLiteral("ssl_ciphers: \"%1\" is invalid, %2").arg(ssl_ciphers, why);
    if (tls_mode != QLatin1String("both") && tls_mode != QLatin1String("only"))
        return QStringLiteral("tls_mode: \"%1\" is invalid, expected both or only").arg(tls_mode);
    if (ssl_cert_pem.isEmpty()) {
        if (!ssl_cert_file.isEmpty() && ssl_key_file.isEmpty())
            return QStringLiteral("ssl_key_file: empty, expected the key of ssl_cert_file \"%1\"")
                .arg(ssl_cert_file);
        if (ssl_cert_file.isEmpty() && !ssl_key_file.isEmpty())
            return QStringLiteral("ssl_cert_file: empty, expected the certificate of "
                                  "ssl_key_file \"%1\"")
                .arg(ssl_key_file);
    }
    if (ssl_verify_peer && ssl_client_cert_file.isEmpty())
        return QStringLiteral("ssl_verify_peer: true is invalid without ssl_client_cert_file "
                              "(the CA that signs client certificates)");
    if (!tlsEnabled() && (ssl_verify_peer || !ssl_client_cert_file.isEmpty()))
        return QStringLiteral("ssl_client_cert_file: \"%1\" is invalid without ssl_cert_file "
                              "(TLS is off)")
            .arg(ssl_client_cert_file);
    return {};
}

QString ServerOptions::pushLimitWarning() const
{
    if (websocket_max_message_size <= buffer_output_size)
        return {};
    return QStringLiteral("websocket_max_message_size (%1) is larger than buffer_output_size "
                          "(%2): a message of more than %2 bytes is accepted, but pushing it "
                          "back fails")
        .arg(websocket_max_message_size)
        .arg(buffer_output_size);
}

} // namespace framescope
