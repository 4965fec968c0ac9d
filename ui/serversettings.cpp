#include "serversettings.h"

#include <QCoreApplication>
#include <QHash>

#include <algorithm>

namespace framescope {

namespace {

template <typename T>
OptionField field(const char *name, OptionField::Type type, qint64 min, qint64 max,
                  const char *label, const char *help, T ServerOptions::*member)
{
    OptionField f{name, type, min, max, label, help, {}, {}};
    f.get = [member](const ServerOptions &o) { return QVariant::fromValue(o.*member); };
    f.set = [member](ServerOptions &o, const QVariant &v) { o.*member = v.value<T>(); };
    return f;
}

const QString kGroup = QStringLiteral("server");

// The command line's names: kebab-case of the Swoole name, plus the shorter ones it uses.
QStringList commandLineSpellings(const OptionField &f)
{
    static const QHash<QString, QStringList> aliases = {
        {QStringLiteral("websocket_max_frame_size"), {QStringLiteral("max-frame-size")}},
        {QStringLiteral("websocket_max_message_size"), {QStringLiteral("max-message-size")}},
        {QStringLiteral("handshake_timeout_ms"), {QStringLiteral("handshake-timeout")}},
        {QStringLiteral("close_timeout_ms"), {QStringLiteral("close-timeout")}},
        {QStringLiteral("held_close_timeout_ms"), {QStringLiteral("held-close-timeout")}},
        {QStringLiteral("reactor_num"), {QStringLiteral("threads")}},
        {QStringLiteral("tcp_nodelay"), {QStringLiteral("no-tcp-nodelay")}},
    };
    const QString name = QString::fromLatin1(f.name);
    return QStringList{f.commandLineName(), name} + aliases.value(name);
}

} // namespace

QString OptionField::commandLineName() const
{
    return QString::fromLatin1(name).replace(QLatin1Char('_'), QLatin1Char('-'));
}

const std::vector<OptionField> &optionFields()
{
    using T = OptionField::Type;
    // Labels and help are English; QT_TRANSLATE_NOOP lets lupdate collect them for the
    // settings dialog, which translates them in the "ServerOption" context.
    static const std::vector<OptionField> fields = {
        field("websocket_subprotocol", T::String, 0, 0,
              QT_TRANSLATE_NOOP("ServerOption", "Subprotocol"),
              QT_TRANSLATE_NOOP(
                  "ServerOption",
                  "Sec-WebSocket-Protocol sent in the handshake response (empty: none)"),
              &ServerOptions::websocket_subprotocol),
        field("open_websocket_close_frame", T::Bool, 0, 1,
              QT_TRANSLATE_NOOP("ServerOption", "Hold incoming close frames"),
              QT_TRANSLATE_NOOP(
                  "ServerOption",
                  "open_websocket_close_frame: deliver close frames to the application; the close "
                  "inspector then lets you choose the reply"),
              &ServerOptions::open_websocket_close_frame),
        field("open_websocket_ping_frame", T::Bool, 0, 1,
              QT_TRANSLATE_NOOP("ServerOption", "Deliver ping frames"),
              QT_TRANSLATE_NOOP(
                  "ServerOption",
                  "open_websocket_ping_frame: pings go to the application, no automatic pong"),
              &ServerOptions::open_websocket_ping_frame),
        field("open_websocket_pong_frame", T::Bool, 0, 1,
              QT_TRANSLATE_NOOP("ServerOption", "Deliver pong frames"),
              QT_TRANSLATE_NOOP("ServerOption",
                                "open_websocket_pong_frame: pongs go to the application"),
              &ServerOptions::open_websocket_pong_frame),
        field(
            "websocket_compression", T::Bool, 0, 1,
            QT_TRANSLATE_NOOP("ServerOption", "permessage-deflate"),
            QT_TRANSLATE_NOOP(
                "ServerOption",
                "websocket_compression: negotiate RFC 7692 compression when the client offers it"),
            &ServerOptions::websocket_compression),
        field("websocket_compress_all", T::Bool, 0, 1,
              QT_TRANSLATE_NOOP("ServerOption", "Compress every message"),
              QT_TRANSLATE_NOOP("ServerOption", "websocket_compress_all: compress outgoing data "
                                                "messages without the COMPRESS flag"),
              &ServerOptions::websocket_compress_all),
        field("websocket_compression_level", T::Int, 1, 9,
              QT_TRANSLATE_NOOP("ServerOption", "Compression level"),
              QT_TRANSLATE_NOOP("ServerOption", "zlib level 1 (fast) - 9 (small)"),
              &ServerOptions::websocket_compression_level),
        field("websocket_compression_min_size", T::Int, 0, 1 << 30,
              QT_TRANSLATE_NOOP("ServerOption", "Compress from (bytes)"),
              QT_TRANSLATE_NOOP("ServerOption", "Smaller messages go out uncompressed"),
              &ServerOptions::websocket_compression_min_size),
        field("websocket_server_max_window_bits", T::Int, 9, 15,
              QT_TRANSLATE_NOOP("ServerOption", "Server max window bits"),
              QT_TRANSLATE_NOOP(
                  "ServerOption",
                  "Upper bound for the server's LZ77 window (zlib cannot deflate with 8)"),
              &ServerOptions::websocket_server_max_window_bits),
        field("heartbeat_check_interval", T::Int, 0, 86400,
              QT_TRANSLATE_NOOP("ServerOption", "Heartbeat check interval (s)"),
              QT_TRANSLATE_NOOP("ServerOption", "Ping idle connections every N seconds (0: off)"),
              &ServerOptions::heartbeat_check_interval),
        field("heartbeat_idle_time", T::Int, 0, 86400,
              QT_TRANSLATE_NOOP("ServerOption", "Heartbeat idle time (s)"),
              QT_TRANSLATE_NOOP("ServerOption", "Close connections idle longer than this (0: off)"),
              &ServerOptions::heartbeat_idle_time),
        field("max_connection", T::Int, 1, 1000000,
              QT_TRANSLATE_NOOP("ServerOption", "Max connections"),
              QT_TRANSLATE_NOOP("ServerOption", "More connections get 503 on the handshake"),
              &ServerOptions::max_connection),
        field("buffer_output_size", T::Int, 1, qint64(1) << 40,
              QT_TRANSLATE_NOOP("ServerOption", "Max push size (bytes)"),
              QT_TRANSLATE_NOOP("ServerOption",
                                "buffer_output_size: the largest payload one push may send"),
              &ServerOptions::buffer_output_size),
        field("websocket_max_frame_size", T::Int, 1, qint64(1) << 40,
              QT_TRANSLATE_NOOP("ServerOption", "Max frame size (bytes)"),
              QT_TRANSLATE_NOOP("ServerOption", "Larger incoming frames are closed with 1009"),
              &ServerOptions::websocket_max_frame_size),
        field("websocket_max_message_size", T::Int, 1, qint64(1) << 40,
              QT_TRANSLATE_NOOP("ServerOption", "Max message size (bytes)"),
              QT_TRANSLATE_NOOP(
                  "ServerOption",
                  "Larger incoming messages (also after inflating) are closed with 1009"),
              &ServerOptions::websocket_max_message_size),
        field(
            "handshake_timeout_ms", T::Int, 1, 3600000,
            QT_TRANSLATE_NOOP("ServerOption", "Handshake timeout (ms)"),
            QT_TRANSLATE_NOOP("ServerOption",
                              "TCP connections without a complete handshake are closed after this"),
            &ServerOptions::handshake_timeout_ms),
        field("handshake_max_size", T::Int, 256, 1 << 24,
              QT_TRANSLATE_NOOP("ServerOption", "Max handshake size (bytes)"),
              QT_TRANSLATE_NOOP("ServerOption", "Larger request heads get 431"),
              &ServerOptions::handshake_max_size),
        field("http_max_body_size", T::Int, 0, 1 << 30,
              QT_TRANSLATE_NOOP("ServerOption", "Max HTTP body (bytes)"),
              QT_TRANSLATE_NOOP("ServerOption", "Largest request body for the HTTP control API"),
              &ServerOptions::http_max_body_size),
        field("close_timeout_ms", T::Int, 1, 3600000,
              QT_TRANSLATE_NOOP("ServerOption", "Close timeout (ms)"),
              QT_TRANSLATE_NOOP("ServerOption",
                                "How long to wait for the peer's close frame before dropping TCP"),
              &ServerOptions::close_timeout_ms),
        field("held_close_timeout_ms", T::Int, 0, 3600000,
              QT_TRANSLATE_NOOP("ServerOption", "Held close timeout (ms)"),
              QT_TRANSLATE_NOOP("ServerOption",
                                "With held close frames: drop TCP when no reply was chosen "
                                "within this time (0: wait for the reply)"),
              &ServerOptions::held_close_timeout_ms),
        field("reactor_num", T::Int, 1, 64, QT_TRANSLATE_NOOP("ServerOption", "Worker threads"),
              QT_TRANSLATE_NOOP("ServerOption", "reactor_num: threads that own the sockets"),
              &ServerOptions::reactor_num),
        field("tcp_nodelay", T::Bool, 0, 1, QT_TRANSLATE_NOOP("ServerOption", "TCP_NODELAY"),
              QT_TRANSLATE_NOOP("ServerOption", "Disable Nagle's algorithm on accepted sockets"),
              &ServerOptions::tcp_nodelay),
        // TLS: wss:// and https:// on the same port (--tls-self-signed: command line only).
        field("ssl_cert_file", T::String, 0, 0,
              QT_TRANSLATE_NOOP("ServerOption", "TLS certificate file"),
              QT_TRANSLATE_NOOP("ServerOption",
                                "PEM certificate (chain): serve wss:// and https:// on the port "
                                "(empty: no TLS)"),
              &ServerOptions::ssl_cert_file),
        field("ssl_key_file", T::String, 0, 0, QT_TRANSLATE_NOOP("ServerOption", "TLS key file"),
              QT_TRANSLATE_NOOP("ServerOption",
                                "PEM private key; an encrypted one takes its passphrase from "
                                "FRAMESCOPE_SSL_KEY_PASSPHRASE"),
              &ServerOptions::ssl_key_file),
        field("tls_mode", T::String, 0, 0, QT_TRANSLATE_NOOP("ServerOption", "TLS mode"),
              QT_TRANSLATE_NOOP("ServerOption",
                                "both: plain ws:// too, told apart by the first byte; only: plain "
                                "connections get HTTP 400 and are closed"),
              &ServerOptions::tls_mode),
        field("ssl_protocols", T::String, 0, 0, QT_TRANSLATE_NOOP("ServerOption", "TLS versions"),
              QT_TRANSLATE_NOOP("ServerOption", "TLSv1.2 and/or TLSv1.3"),
              &ServerOptions::ssl_protocols),
        field("ssl_ciphers", T::String, 0, 0, QT_TRANSLATE_NOOP("ServerOption", "TLS 1.2 ciphers"),
              QT_TRANSLATE_NOOP("ServerOption", "OpenSSL cipher list (empty: OpenSSL's default)"),
              &ServerOptions::ssl_ciphers),
        field("ssl_client_cert_file", T::String, 0, 0,
              QT_TRANSLATE_NOOP("ServerOption", "Client certificate CA file"),
              QT_TRANSLATE_NOOP("ServerOption",
                                "PEM CA certificate(s): ask clients for a certificate signed by "
                                "them"),
              &ServerOptions::ssl_client_cert_file),
        field("ssl_verify_peer", T::Bool, 0, 1,
              QT_TRANSLATE_NOOP("ServerOption", "Require a client certificate"),
              QT_TRANSLATE_NOOP("ServerOption",
                                "ssl_verify_peer: refuse clients without a certificate signed "
                                "by the client certificate CA"),
              &ServerOptions::ssl_verify_peer),
    };
    return fields;
}

void loadServerOptions(QSettings &settings, ServerOptions &options,
                       const QStringList &explicitOptions)
{
    settings.beginGroup(kGroup);
    for (const OptionField &f : optionFields()) {
        const QString key = QString::fromLatin1(f.name);
        if (!settings.contains(key))
            continue;
        // Any spelling of the option on the command line (app/commandline.cpp) wins.
        const QStringList spellings = commandLineSpellings(f);
        if (std::any_of(spellings.cbegin(), spellings.cend(), [&explicitOptions](const QString &n) {
                return explicitOptions.contains(n);
            }))
            continue;
        const QVariant value = settings.value(key);
        ServerOptions candidate = options;
        switch (f.type) {
        case OptionField::Type::Bool:
            f.set(candidate, QVariant(value.toBool()));
            break;
        case OptionField::Type::Int: {
            bool ok = false;
            const qint64 v = value.toLongLong(&ok);
            if (!ok || v < f.minimum || v > f.maximum)
                continue; // a hand-edited or stale value: keep the default
            if (f.get(candidate).typeId() == QMetaType::Int)
                f.set(candidate, QVariant(int(v)));
            else
                f.set(candidate, QVariant(v));
            break;
        }
        case OptionField::Type::String:
            f.set(candidate, QVariant(value.toString()));
            break;
        }
        options = candidate;
    }
    settings.endGroup();
}

void saveServerOptions(QSettings &settings, const ServerOptions &options)
{
    settings.beginGroup(kGroup);
    for (const OptionField &f : optionFields())
        settings.setValue(QString::fromLatin1(f.name), f.get(options));
    settings.endGroup();
}

} // namespace framescope
