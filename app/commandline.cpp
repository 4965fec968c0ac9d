#include "commandline.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QLocale>
#include <QRegularExpression>
#include <QTextStream>

#include <climits>
#include <cmath>
#include <optional>
#include <variant>
#include <vector>

namespace framescope {
namespace {

// One table drives the command line, the --config file and the help text, so the three
// can never disagree about a name, a range or a type.
struct OptionSpec
{
    enum class Type { Flag, Int, Int64, String, Host, Port, Mode, LogFormat, LogFile, Token };

    const char *name;  // kebab case, the command-line name
    const char *field; // ServerOptions field (Swoole's name) accepted in --config too; or ""
    Type type;
    const char *valueName;
    const char *help;
    qint64 min = 0;
    qint64 max = 0;
    bool ServerOptions::*boolField = nullptr;
    int ServerOptions::*intField = nullptr;
    qint64 ServerOptions::*int64Field = nullptr;
    QString ServerOptions::*stringField = nullptr;
    // --no-tcp-nodelay: the flag clears the field; the field name in --config sets it.
    bool inverted = false;
};

using Type = OptionSpec::Type;
constexpr qint64 kIntMax = INT_MAX;
constexpr qint64 kSizeMax = qint64(1) << 40; // 1 TiB: far beyond any sane limit

OptionSpec flag(const char *name, const char *field, bool ServerOptions::*member, const char *help,
                bool inverted = false)
{
    OptionSpec s{name, field, Type::Flag, "", help};
    s.boolField = member;
    s.inverted = inverted;
    return s;
}

OptionSpec integer(const char *name, const char *field, int ServerOptions::*member,
                   const char *valueName, const char *help, qint64 min, qint64 max)
{
    OptionSpec s{name, field, Type::Int, valueName, help, min, max};
    s.intField = member;
    return s;
}

OptionSpec size(const char *name, const char *field, qint64 ServerOptions::*member,
                const char *help, qint64 min)
{
    OptionSpec s{name, field, Type::Int64, "BYTES", help, min, kSizeMax};
    s.int64Field = member;
    return s;
}

const std::vector<OptionSpec> &optionTable()
{
    static const std::vector<OptionSpec> table = [] {
        std::vector<OptionSpec> t;
        t.push_back({"host", "", Type::Host, "IP",
                     "Address to listen on (default 127.0.0.1; 0.0.0.0 for every IPv4 "
                     "interface)."});
        t.push_back({"port", "", Type::Port, "PORT",
                     "Port to listen on (default 9501; 0 picks a free port).", 0, 65535});
        t.push_back({"mode", "", Type::Mode, "MODE",
                     "What to do with each message: echo (default), silent, broadcast."});
        t.push_back({"log-format", "", Type::LogFormat, "FORMAT",
                     "Headless event log: text (default), jsonl, none."});
        t.push_back({"log-file", "", Type::LogFile, "PATH",
                     "Append the event log to PATH instead of stdout."});
        t.push_back({"control-token", "", Type::Token, "TOKEN",
                     "Require 'Authorization: Bearer TOKEN' on the HTTP control API."});
        OptionSpec sub{"websocket-subprotocol", "websocket_subprotocol", Type::String, "NAME",
                       "Sec-WebSocket-Protocol to answer with."};
        sub.stringField = &ServerOptions::websocket_subprotocol;
        t.push_back(sub);
        t.push_back(flag("open-websocket-close-frame", "open_websocket_close_frame",
                         &ServerOptions::open_websocket_close_frame,
                         "Deliver close frames to the message handler."));
        t.push_back(flag("open-websocket-ping-frame", "open_websocket_ping_frame",
                         &ServerOptions::open_websocket_ping_frame,
                         "Deliver ping frames to the message handler (no automatic pong)."));
        t.push_back(flag("open-websocket-pong-frame", "open_websocket_pong_frame",
                         &ServerOptions::open_websocket_pong_frame,
                         "Deliver pong frames to the message handler."));
        t.push_back(flag("websocket-compression", "websocket_compression",
                         &ServerOptions::websocket_compression,
                         "Negotiate permessage-deflate (RFC 7692) when the client offers it "
                         "(default on in the app)."));
        t.push_back(flag("no-websocket-compression", "websocket_compression",
                         &ServerOptions::websocket_compression,
                         "Decline permessage-deflate offers.", true));
        t.push_back(flag("websocket-compress-all", "websocket_compress_all",
                         &ServerOptions::websocket_compress_all,
                         "Compress every outgoing data message when negotiated."));
        t.push_back(integer("websocket-compression-level", "websocket_compression_level",
                            &ServerOptions::websocket_compression_level, "LEVEL",
                            "zlib level 1-9 (default 6).", 1, 9));
        t.push_back(integer("websocket-compression-min-size", "websocket_compression_min_size",
                            &ServerOptions::websocket_compression_min_size, "BYTES",
                            "Send smaller messages uncompressed (default 64).", 0, kIntMax));
        t.push_back(integer("websocket-server-max-window-bits", "websocket_server_max_window_bits",
                            &ServerOptions::websocket_server_max_window_bits, "BITS",
                            "Deflate window 9-15 (default 15).", 9, 15));
        t.push_back(integer("heartbeat-check-interval", "heartbeat_check_interval",
                            &ServerOptions::heartbeat_check_interval, "SECONDS",
                            "Ping idle connections every SECONDS (0: off).", 0, kIntMax));
        t.push_back(integer("heartbeat-idle-time", "heartbeat_idle_time",
                            &ServerOptions::heartbeat_idle_time, "SECONDS",
                            "Close connections idle longer than SECONDS (0: off).", 0, kIntMax));
        t.push_back(integer("max-connection", "max_connection", &ServerOptions::max_connection, "N",
                            "Refuse handshakes beyond N connections (default 10000).", 1, kIntMax));
        t.push_back(size("buffer-output-size", "buffer_output_size",
                         &ServerOptions::buffer_output_size,
                         "Largest payload of one push (default 16 MiB, as the message limit: an "
                         "echo of any accepted message fits).",
                         1));
        t.push_back(size("max-frame-size", "websocket_max_frame_size",
                         &ServerOptions::websocket_max_frame_size,
                         "Close with 1009 on a larger frame (default 16 MiB).", 125));
        t.push_back(size("max-message-size", "websocket_max_message_size",
                         &ServerOptions::websocket_max_message_size,
                         "Close with 1009 on a larger message (default 16 MiB).", 125));
        t.push_back(integer("handshake-timeout", "handshake_timeout_ms",
                            &ServerOptions::handshake_timeout_ms, "MS",
                            "Drop connections without a complete handshake after MS "
                            "milliseconds (default 10000).",
                            1, kIntMax));
        t.push_back(integer("handshake-max-size", "handshake_max_size",
                            &ServerOptions::handshake_max_size, "BYTES",
                            "Largest handshake request head (default 16384).", 64, kIntMax));
        t.push_back(integer("http-max-body-size", "http_max_body_size",
                            &ServerOptions::http_max_body_size, "BYTES",
                            "Largest HTTP request body (default 1048576).", 0, kIntMax));
        t.push_back(integer("close-timeout", "close_timeout_ms", &ServerOptions::close_timeout_ms,
                            "MS", "Wait MS milliseconds for the peer's close frame (default 3000).",
                            1, kIntMax));
        t.push_back(integer("held-close-timeout", "held_close_timeout_ms",
                            &ServerOptions::held_close_timeout_ms, "MS",
                            "With --open-websocket-close-frame: drop the TCP connection when the "
                            "application has not answered a close frame within MS milliseconds "
                            "(default 0: wait for it).",
                            0, kIntMax));
        t.push_back(integer("threads", "reactor_num", &ServerOptions::reactor_num, "N",
                            "Worker threads (default 1).", 1, 64));
        t.push_back(flag("no-tcp-nodelay", "tcp_nodelay", &ServerOptions::tcp_nodelay,
                         "Leave Nagle's algorithm on.", true));
        auto text = [&t](const char *name, const char *field, QString ServerOptions::*member,
                         const char *valueName, const char *help) {
            OptionSpec spec{name, field, Type::String, valueName, help};
            spec.stringField = member;
            t.push_back(spec);
        };
        text("ssl-cert-file", "ssl_cert_file", &ServerOptions::ssl_cert_file, "PEM",
             "TLS certificate (chain) file: serve wss:// and https:// on the port.");
        text("ssl-key-file", "ssl_key_file", &ServerOptions::ssl_key_file, "PEM",
             "TLS private key file (encrypted: passphrase in FRAMESCOPE_SSL_KEY_PASSPHRASE).");
        text("tls-mode", "tls_mode", &ServerOptions::tls_mode, "MODE",
             "With TLS on: both (default; plain ws:// too, by the first byte) or only (plain "
             "connections get HTTP 400 and are closed).");
        text("ssl-protocols", "ssl_protocols", &ServerOptions::ssl_protocols, "LIST",
             "TLS versions: TLSv1.2 and/or TLSv1.3 (default both).");
        text("ssl-ciphers", "ssl_ciphers", &ServerOptions::ssl_ciphers, "LIST",
             "OpenSSL cipher list for TLS 1.2 (default: OpenSSL's).");
        text("ssl-client-cert-file", "ssl_client_cert_file", &ServerOptions::ssl_client_cert_file,
             "PEM", "CA certificate(s) for client certificates: ask clients for one.");
        t.push_back(flag("ssl-verify-peer", "ssl_verify_peer", &ServerOptions::ssl_verify_peer,
                         "Require a client certificate signed by --ssl-client-cert-file."));
        return t;
    }();
    return table;
}

// A value from either source, already of the option's JSON type.
using Value = std::variant<bool, qint64, QString>;

QString snakeCase(const char *kebab)
{
    return QString::fromLatin1(kebab).replace('-', '_');
}

QString rangeText(const OptionSpec &spec)
{
    return QStringLiteral("expected an integer from %1 to %2").arg(spec.min).arg(spec.max);
}

// Applies one typed value; returns what was expected when the value is out of bounds.
std::optional<QString> apply(const OptionSpec &spec, const Value &value, bool viaField,
                             AppConfig &config)
{
    ServerOptions &so = config.server;
    switch (spec.type) {
    case Type::Flag: {
        const bool on = std::get<bool>(value);
        so.*spec.boolField = (spec.inverted && !viaField) ? !on : on;
        return std::nullopt;
    }
    case Type::Int:
    case Type::Int64:
    case Type::Port: {
        const qint64 v = std::get<qint64>(value);
        if (v < spec.min || v > spec.max)
            return rangeText(spec);
        if (spec.type == Type::Port)
            config.port = quint16(v);
        else if (spec.intField)
            so.*spec.intField = int(v);
        else
            so.*spec.int64Field = v;
        return std::nullopt;
    }
    case Type::String:
        so.*spec.stringField = std::get<QString>(value);
        return std::nullopt;
    case Type::Host: {
        const QString text = std::get<QString>(value).trimmed();
        QHostAddress address;
        if (!address.setAddress(text))
            return QStringLiteral("expected an IP address such as 127.0.0.1, 0.0.0.0 or ::1");
        config.host = address;
        config.hostText = address.toString();
        return std::nullopt;
    }
    case Type::Mode: {
        const QString text = std::get<QString>(value);
        if (text == QLatin1String("echo"))
            config.mode = AppConfig::Mode::Echo;
        else if (text == QLatin1String("silent"))
            config.mode = AppConfig::Mode::Silent;
        else if (text == QLatin1String("broadcast"))
            config.mode = AppConfig::Mode::Broadcast;
        else
            return QStringLiteral("expected one of echo, silent, broadcast");
        return std::nullopt;
    }
    case Type::LogFormat: {
        const QString text = std::get<QString>(value);
        if (text == QLatin1String("text"))
            config.logFormat = AppConfig::LogFormat::Text;
        else if (text == QLatin1String("jsonl"))
            config.logFormat = AppConfig::LogFormat::Jsonl;
        else if (text == QLatin1String("none"))
            config.logFormat = AppConfig::LogFormat::None;
        else
            return QStringLiteral("expected one of text, jsonl, none");
        return std::nullopt;
    }
    case Type::LogFile:
        if (std::get<QString>(value).isEmpty())
            return QStringLiteral("expected a file path");
        config.logFile = std::get<QString>(value);
        return std::nullopt;
    case Type::Token:
        if (std::get<QString>(value).isEmpty())
            return QStringLiteral("expected a non-empty token");
        config.controlToken = std::get<QString>(value);
        return std::nullopt;
    }
    return std::nullopt;
}

bool isIntegerType(Type type)
{
    return type == Type::Int || type == Type::Int64 || type == Type::Port;
}

QString expectedType(const OptionSpec &spec)
{
    if (spec.type == Type::Flag)
        return QStringLiteral("expected true or false");
    if (isIntegerType(spec.type))
        return rangeText(spec);
    return QStringLiteral("expected a string");
}

QString jsonText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(v.toDouble(), 'g', 17);
    case QJsonValue::String:
        return QLatin1Char('"') + v.toString() + QLatin1Char('"');
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Array:
        return QStringLiteral("[…]");
    case QJsonValue::Object:
        return QStringLiteral("{…}");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("undefined");
}

QString invalidValue(const QString &value, const QString &where, const QString &expected)
{
    return QStringLiteral("framescope: invalid value '%1' for %2: %3\n")
        .arg(value, where, expected);
}

// The option name, and the ServerOptions field name too: the GUI's saved settings are keyed
// by field (e.g. websocket_max_frame_size for --max-frame-size) and must not override it.
void recordGiven(const OptionSpec &spec, QStringList &given)
{
    given.append(QString::fromLatin1(spec.name));
    if (*spec.field)
        given.append(QString::fromLatin1(spec.field));
}

// Reads --config FILE into `config`. Empty on success, else the message to print.
QString applyConfigFile(const QString &path, AppConfig &config, QStringList &given)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("framescope: cannot read config file '%1': %2\n")
            .arg(path, file.errorString());
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        return QStringLiteral("framescope: config file '%1' is not valid JSON: %2 at offset %3\n")
            .arg(path, error.errorString())
            .arg(error.offset);
    if (!doc.isObject())
        return QStringLiteral("framescope: config file '%1' must hold a JSON object\n").arg(path);

    const QJsonObject object = doc.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key();
        const OptionSpec *found = nullptr;
        bool viaField = false;
        for (const OptionSpec &spec : optionTable()) {
            if (key == QLatin1String(spec.name) || key == snakeCase(spec.name)) {
                found = &spec;
                break;
            }
            if (*spec.field && key == QLatin1String(spec.field)) {
                found = &spec;
                viaField = true;
                break;
            }
        }
        if (!found)
            return QStringLiteral("framescope: unknown option '%1' in config file '%2'\n")
                .arg(key, path);

        const QJsonValue v = it.value();
        const QString where = QStringLiteral("'%1' in config file '%2'").arg(key, path);
        Value value;
        if (found->type == Type::Flag) {
            if (!v.isBool())
                return invalidValue(jsonText(v), where, expectedType(*found));
            value = v.toBool();
        } else if (isIntegerType(found->type)) {
            const double d = v.toDouble();
            // Beyond 2^53 a JSON number is no longer an exact integer.
            if (!v.isDouble() || std::abs(d) > 9.0e15 || d != std::floor(d))
                return invalidValue(jsonText(v), where, expectedType(*found));
            value = qint64(d);
        } else {
            if (!v.isString())
                return invalidValue(jsonText(v), where, expectedType(*found));
            value = v.toString();
        }
        if (const auto expected = apply(*found, value, viaField, config))
            return invalidValue(jsonText(v), where, *expected);
        recordGiven(*found, given);
    }
    return {};
}

} // namespace

CommandLineOutcome parseArguments(const QStringList &arguments, AppConfig &config)
{
    CommandLineOutcome outcome;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("WebSocket test server and frame inspector with the semantics of "
                       "Swoole's WebSocket\\Server."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption noGuiOption(QStringLiteral("no-gui"),
                                         QStringLiteral("Run headless: no window, event log on "
                                                        "stdout, HTTP control API."));
    parser.addOption(noGuiOption);
    const QCommandLineOption configOption(
        QStringLiteral("config"),
        QStringLiteral("Read options from a JSON object in FILE (command line wins)."),
        QStringLiteral("FILE"));
    parser.addOption(configOption);
    const QCommandLineOption langOption(
        QStringLiteral("lang"),
        QStringLiteral("GUI language: de, zh_CN or en (default: the system locale). The headless "
                       "log and this help stay English."),
        QStringLiteral("CODE"));
    parser.addOption(langOption);
    const QCommandLineOption selfSignedOption(
        QStringLiteral("tls-self-signed"),
        QStringLiteral("Serve TLS with a certificate generated at start for localhost, "
                       "127.0.0.1 and ::1; prints its SHA-256 fingerprint and SPKI hash."));
    parser.addOption(selfSignedOption);
    const QCommandLineOption hostnameOption(
        QStringLiteral("tls-hostname"),
        QStringLiteral("Another name (or IP) for the generated certificate; repeatable."),
        QStringLiteral("NAME"));
    parser.addOption(hostnameOption);
    const QCommandLineOption writeCertOption(
        QStringLiteral("tls-write-cert"),
        QStringLiteral("Write the certificate in use (PEM) to FILE, for a client's trust store."),
        QStringLiteral("FILE"));
    parser.addOption(writeCertOption);
    for (const OptionSpec &spec : optionTable()) {
        if (spec.type == Type::Flag)
            parser.addOption(
                QCommandLineOption(QString::fromLatin1(spec.name), QString::fromLatin1(spec.help)));
        else
            parser.addOption(QCommandLineOption(QString::fromLatin1(spec.name),
                                                QString::fromLatin1(spec.help),
                                                QString::fromLatin1(spec.valueName)));
    }

    if (!parser.parse(arguments)) {
        outcome.exitCode = 2;
        outcome.err = QStringLiteral("framescope: %1\nTry 'framescope --help' for the options.\n")
                          .arg(parser.errorText());
        return outcome;
    }
    if (parser.isSet(helpOption) || parser.isSet(QStringLiteral("help-all"))) {
        outcome.exitCode = 0;
        outcome.out = parser.helpText();
        return outcome;
    }
    if (parser.isSet(versionOption)) {
        outcome.exitCode = 0;
        outcome.out = QStringLiteral("framescope %1\n").arg(QStringLiteral(FRAMESCOPE_VERSION));
        return outcome;
    }
    if (!parser.positionalArguments().isEmpty()) {
        outcome.exitCode = 2;
        outcome.err = QStringLiteral("framescope: unexpected argument '%1'\nTry 'framescope "
                                     "--help' for the options.\n")
                          .arg(parser.positionalArguments().constFirst());
        return outcome;
    }

    config.noGui = parser.isSet(noGuiOption);
    if (parser.isSet(langOption)) {
        const QString code = parser.value(langOption).trimmed();
        // "de", "de_DE", "de-AT", "zh_CN", "zh-Hans": a language QLocale knows (it maps unknown
        // ones to C).
        static const QRegularExpression shape(
            QStringLiteral("^[A-Za-z]{2,3}([_-][A-Za-z]{2,4})?$"));
        const QLocale::Language language = QLocale(code).language();
        if (!shape.match(code).hasMatch() || language == QLocale::C ||
            language == QLocale::AnyLanguage) {
            outcome.exitCode = 2;
            outcome.err =
                invalidValue(parser.value(langOption), QStringLiteral("--lang"),
                             QStringLiteral("expected a language code such as de, zh_CN or en"));
            return outcome;
        }
        config.language = code;
    }
    config.tlsSelfSigned = parser.isSet(selfSignedOption);
    for (const QString &name : parser.values(hostnameOption)) {
        QHostAddress ip;
        static const QRegularExpression dnsName(
            QStringLiteral("^(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9](["
                           "A-Za-z0-9-]{0,61}"
                           "[A-Za-z0-9])?)*$"));
        if (!ip.setAddress(name) && !dnsName.match(name).hasMatch()) {
            outcome.exitCode = 2;
            outcome.err = invalidValue(name, QStringLiteral("--tls-hostname"),
                                       QStringLiteral("expected a DNS name or an IP address"));
            return outcome;
        }
        config.tlsHostnames.append(name);
    }
    if (!config.tlsHostnames.isEmpty() && !config.tlsSelfSigned) {
        outcome.exitCode = 2;
        outcome.err = QStringLiteral("framescope: --tls-hostname needs --tls-self-signed (it "
                                     "names the generated certificate)\n");
        return outcome;
    }
    if (parser.isSet(writeCertOption)) {
        config.tlsWriteCert = parser.value(writeCertOption);
        if (config.tlsWriteCert.isEmpty()) {
            outcome.exitCode = 2;
            outcome.err = invalidValue(config.tlsWriteCert, QStringLiteral("--tls-write-cert"),
                                       QStringLiteral("expected a file path"));
            return outcome;
        }
    }
    QStringList given;
    if (parser.isSet(configOption)) {
        // The file first, so that every option on the command line overrides it.
        const QString error = applyConfigFile(parser.value(configOption), config, given);
        if (!error.isEmpty()) {
            outcome.exitCode = 2;
            outcome.err = error;
            return outcome;
        }
    }
    for (const OptionSpec &spec : optionTable()) {
        const QString name = QString::fromLatin1(spec.name);
        if (!parser.isSet(name))
            continue;
        Value value;
        // A repeated option: the last one wins, as with most Unix tools.
        const QString text = spec.type == Type::Flag ? QString() : parser.values(name).constLast();
        if (spec.type == Type::Flag) {
            value = true;
        } else if (isIntegerType(spec.type)) {
            bool ok = false;
            const qint64 v = text.trimmed().toLongLong(&ok);
            if (!ok) {
                outcome.exitCode = 2;
                outcome.err = invalidValue(text, QStringLiteral("--") + name, rangeText(spec));
                return outcome;
            }
            value = v;
        } else {
            value = text;
        }
        if (const auto expected = apply(spec, value, false, config)) {
            outcome.exitCode = 2;
            outcome.err = invalidValue(text, QStringLiteral("--") + name, *expected);
            return outcome;
        }
        recordGiven(spec, given);
    }
    if (parser.isSet(noGuiOption))
        given.append(QStringLiteral("no-gui"));
    given.removeDuplicates();
    config.explicitOptions = given;

    if (config.tlsSelfSigned && !config.server.ssl_cert_file.isEmpty()) {
        outcome.exitCode = 2;
        outcome.err = QStringLiteral("framescope: --tls-self-signed and --ssl-cert-file '%1' "
                                     "exclude each other: pick one certificate\n")
                          .arg(config.server.ssl_cert_file);
        return outcome;
    }
    if (!config.tlsSelfSigned && !config.server.tlsEnabled()) {
        const char *needsTls = nullptr;
        if (!config.tlsWriteCert.isEmpty())
            needsTls = "--tls-write-cert";
        else if (config.explicitOptions.contains(QLatin1String("tls-mode")))
            needsTls = "--tls-mode";
        if (needsTls) {
            outcome.exitCode = 2;
            outcome.err = QStringLiteral("framescope: %1 needs TLS: add --tls-self-signed or "
                                         "--ssl-cert-file/--ssl-key-file\n")
                              .arg(QLatin1String(needsTls));
            return outcome;
        }
    }
    // The server's own cross-field rules (e.g. idle time vs. check interval). The generated
    // certificate does not exist yet: stand in for it so TLS counts as on.
    ServerOptions checked = config.server;
    if (config.tlsSelfSigned)
        checked.ssl_cert_pem = "generated at start";
    const QString invalid = checked.validate();
    if (!invalid.isEmpty()) {
        // validate() names the ServerOptions field first; name the option the user typed.
        QString option = invalid.section(QLatin1Char(':'), 0, 0);
        for (const OptionSpec &spec : optionTable()) {
            if (*spec.field && option == QLatin1String(spec.field))
                option = QStringLiteral("--") + QLatin1String(spec.name);
        }
        outcome.exitCode = 2;
        outcome.err = QStringLiteral("framescope: invalid value for %1: %2\n").arg(option, invalid);
        return outcome;
    }
    return outcome;
}

int parseCommandLine(const QStringList &arguments, AppConfig &config)
{
    const CommandLineOutcome outcome = parseArguments(arguments, config);
    if (!outcome.out.isEmpty())
        QTextStream(stdout) << outcome.out;
    if (!outcome.err.isEmpty())
        QTextStream(stderr) << outcome.err;
    return outcome.exitCode;
}

} // namespace framescope
