#include "serversettings.h"

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

} // namespace

QString OptionField::commandLineName() const
{
    return QString::fromLatin1(name).replace(QLatin1Char('_'), QLatin1Char('-'));
}

const std::vector<OptionField> &optionFields()
{
    using T = OptionField::Type;
    static const std::vector<OptionField> fields = {
        field("websocket_subprotocol", T::String, 0, 0, "Subprotocol",
              "Sec-WebSocket-Protocol sent in the handshake response (empty: none)",
              &ServerOptions::websocket_subprotocol),
        field("open_websocket_close_frame", T::Bool, 0, 1, "Hold incoming close frames",
              "open_websocket_close_frame: deliver close frames to the application; the close "
              "inspector then lets you choose the reply",
              &ServerOptions::open_websocket_close_frame),
        field("open_websocket_ping_frame", T::Bool, 0, 1, "Deliver ping frames",
              "open_websocket_ping_frame: pings go to the application, no automatic pong",
              &ServerOptions::open_websocket_ping_frame),
        field("open_websocket_pong_frame", T::Bool, 0, 1, "Deliver pong frames",
              "open_websocket_pong_frame: pongs go to the application",
              &ServerOptions::open_websocket_pong_frame),
        field("websocket_compression", T::Bool, 0, 1, "permessage-deflate",
              "websocket_compression: negotiate RFC 7692 compression when the client offers it",
              &ServerOptions::websocket_compression),
        field("websocket_compress_all", T::Bool, 0, 1, "Compress every message",
              "websocket_compress_all: compress outgoing data messages without the COMPRESS flag",
              &ServerOptions::websocket_compress_all),
        field("websocket_compression_level", T::Int, 1, 9, "Compression level",
              "zlib level 1 (fast) - 9 (small)", &ServerOptions::websocket_compression_level),
        field("websocket_compression_min_size", T::Int, 0, 1 << 30, "Compress from (bytes)",
              "Smaller messages go out uncompressed",
              &ServerOptions::websocket_compression_min_size),
        field("websocket_server_max_window_bits", T::Int, 9, 15, "Server max window bits",
              "Upper bound for the server's LZ77 window (zlib cannot deflate with 8)",
              &ServerOptions::websocket_server_max_window_bits),
        field("heartbeat_check_interval", T::Int, 0, 86400, "Heartbeat check interval (s)",
              "Ping idle connections every N seconds (0: off)",
              &ServerOptions::heartbeat_check_interval),
        field("heartbeat_idle_time", T::Int, 0, 86400, "Heartbeat idle time (s)",
              "Close connections idle longer than this (0: off)",
              &ServerOptions::heartbeat_idle_time),
        field("max_connection", T::Int, 1, 1000000, "Max connections",
              "More connections get 503 on the handshake", &ServerOptions::max_connection),
        field("buffer_output_size", T::Int, 1, qint64(1) << 40, "Max push size (bytes)",
              "buffer_output_size: the largest payload one push may send",
              &ServerOptions::buffer_output_size),
        field("websocket_max_frame_size", T::Int, 1, qint64(1) << 40, "Max frame size (bytes)",
              "Larger incoming frames are closed with 1009",
              &ServerOptions::websocket_max_frame_size),
        field("websocket_max_message_size", T::Int, 1, qint64(1) << 40, "Max message size (bytes)",
              "Larger incoming messages (also after inflating) are closed with 1009",
              &ServerOptions::websocket_max_message_size),
        field("handshake_timeout_ms", T::Int, 1, 3600000, "Handshake timeout (ms)",
              "TCP connections without a complete handshake are closed after this",
              &ServerOptions::handshake_timeout_ms),
        field("handshake_max_size", T::Int, 256, 1 << 24, "Max handshake size (bytes)",
              "Larger request heads get 431", &ServerOptions::handshake_max_size),
        field("http_max_body_size", T::Int, 0, 1 << 30, "Max HTTP body (bytes)",
              "Largest request body for the HTTP control API", &ServerOptions::http_max_body_size),
        field("close_timeout_ms", T::Int, 1, 3600000, "Close timeout (ms)",
              "How long to wait for the peer's close frame before dropping TCP",
              &ServerOptions::close_timeout_ms),
        field("reactor_num", T::Int, 1, 64, "Worker threads",
              "reactor_num: threads that own the sockets", &ServerOptions::reactor_num),
        field("tcp_nodelay", T::Bool, 0, 1, "TCP_NODELAY",
              "Disable Nagle's algorithm on accepted sockets", &ServerOptions::tcp_nodelay),
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
        // Swoole's name or our kebab-case spelling: either one on the command line wins.
        if (explicitOptions.contains(f.commandLineName()) || explicitOptions.contains(key) ||
            (key == QLatin1String("reactor_num") &&
             explicitOptions.contains(QLatin1String("threads"))))
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
