#include "scenarios.h"

#include "websocketserver.h"

#include "../protocol/closecode.h"
#include "../protocol/handshake.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>
#include <QXmlStreamWriter>

#include <ctime>

namespace framescope {
namespace {

qint64 wallUs()
{
    timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return qint64(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

// ---------------------------------------------------------------------------------------
// Building blocks of the catalog

RawFrame frame(quint8 opcode, const QByteArray &payload, bool fin = true)
{
    RawFrame f;
    f.opcode = opcode;
    f.payload = payload;
    f.fin = fin;
    return f;
}

ScenarioStep send(const RawFrame &f)
{
    ScenarioStep s;
    s.kind = ScenarioStep::Kind::Frame;
    s.frame = f;
    return s;
}

ScenarioStep bytes(const QByteArray &b)
{
    ScenarioStep s;
    s.kind = ScenarioStep::Kind::Bytes;
    s.bytes = b;
    return s;
}

ScenarioStep step(ScenarioStep::Kind kind)
{
    ScenarioStep s;
    s.kind = kind;
    return s;
}

ScenarioStep closeStep(quint16 code, const QByteArray &reason)
{
    ScenarioStep s;
    s.kind = ScenarioStep::Kind::Close;
    s.code = code;
    s.reason = reason;
    return s;
}

ScenarioStep wait(int ms)
{
    ScenarioStep s;
    s.kind = ScenarioStep::Kind::Wait;
    s.intervalMs = ms;
    return s;
}

QByteArray closePayload(quint16 code, const QByteArray &reason)
{
    QByteArray p;
    p.append(char(code >> 8)).append(char(code & 0xff)).append(reason);
    return p;
}

// Position-dependent bytes: an echo with a shifted or dropped part does not match, and
// messages of different seeds differ (one echoed in place of another does not match).
void fillPattern(char *out, qint64 offset, qsizetype size, bool text, int seed)
{
    for (qsizetype k = 0; k < size; ++k) {
        const qint64 i = offset + k;
        out[k] = text ? char('a' + (i * 7 + i / 26 + qint64(seed) * 3) % 26)
                      : char((i * 31 + (i >> 8) + qint64(seed) * 97) & 0xff);
    }
}

QByteArray pattern(qsizetype size, bool text, int seed = 0)
{
    QByteArray b(size, Qt::Uninitialized);
    fillPattern(b.data(), 0, size, text, seed);
    return b;
}

// A Frame step whose payload is made when it runs (see ScenarioStep::patternSize).
ScenarioStep sendPattern(quint8 opcode, qint64 size, int seed = 0)
{
    ScenarioStep s;
    s.kind = ScenarioStep::Kind::Frame;
    s.frame.opcode = opcode;
    s.patternSize = size;
    s.patternSeed = seed;
    return s;
}

Scenario::Message patternMessage(quint8 opcode, qint64 size, int seed = 0)
{
    Scenario::Message m;
    m.opcode = opcode;
    m.patternSize = size;
    m.patternSeed = seed;
    return m;
}

Scenario accept(const QString &name, const QString &description, const QString &rfc,
                std::vector<ScenarioStep> steps, std::vector<Scenario::Message> messages,
                QList<QByteArray> pongs = {})
{
    Scenario s;
    s.name = name;
    s.category = QStringLiteral("accept");
    s.description = description;
    s.rfc = rfc;
    s.steps = std::move(steps);
    s.expect = Scenario::Expect::Echo;
    s.messages = std::move(messages);
    s.pongs = std::move(pongs);
    QStringList parts;
    for (const auto &m : s.messages)
        parts << QStringLiteral("%1 message of %2 bytes")
                     .arg(m.opcode == OpText ? QStringLiteral("a text")
                                             : QStringLiteral("a binary"))
                     .arg(m.size());
    if (!parts.isEmpty())
        s.expectation = QStringLiteral("echoes %1").arg(parts.join(QStringLiteral(", then ")));
    if (!s.pongs.isEmpty())
        s.expectation += QStringLiteral("%1answers with a pong carrying the last ping's payload")
                             .arg(parts.isEmpty() ? QString() : QStringLiteral(" and "));
    return s;
}

Scenario reject(const QString &name, const QString &description, const QString &rfc,
                std::vector<ScenarioStep> steps, QList<quint16> codes = {CloseProtocolError})
{
    Scenario s;
    s.name = name;
    s.category = QStringLiteral("reject");
    s.description = description;
    s.rfc = rfc;
    s.steps = std::move(steps);
    s.expect = Scenario::Expect::Reject;
    s.codes = std::move(codes);
    QStringList names;
    for (quint16 c : s.codes)
        names << QString::number(c);
    s.expectation = QStringLiteral("fails the connection: a close frame with %1, nothing echoed")
                        .arg(names.join(QStringLiteral(" or ")));
    return s;
}

Scenario closing(const QString &name, const QString &description, const QString &rfc,
                 std::vector<ScenarioStep> steps, Scenario::Expect expect,
                 const QString &expectation)
{
    Scenario s;
    s.name = name;
    s.category = QStringLiteral("closing");
    s.description = description;
    s.rfc = rfc;
    s.steps = std::move(steps);
    s.expect = expect;
    s.expectation = expectation;
    return s;
}

std::vector<Scenario> buildCatalog()
{
    using K = ScenarioStep::Kind;
    std::vector<Scenario> c;
    const QByteArray hello("Hello, World!");

    // --- Framing a client must accept ------------------------------------------------
    c.push_back(accept(
        QStringLiteral("fragmented-text"),
        QStringLiteral("'Hello, World!' as three text fragments"), QStringLiteral("RFC 6455 §5.4"),
        {send(frame(OpText, "Hello", false)), send(frame(OpContinuation, ", Wor", false)),
         send(frame(OpContinuation, "ld!"))},
        {{OpText, hello}}));
    {
        std::vector<ScenarioStep> steps;
        for (int i = 0; i < hello.size(); ++i)
            steps.push_back(send(
                frame(i == 0 ? OpText : OpContinuation, hello.mid(i, 1), i == hello.size() - 1)));
        c.push_back(accept(QStringLiteral("fragmented-1-byte"),
                           QStringLiteral("'Hello, World!' as 13 one-byte text fragments"),
                           QStringLiteral("RFC 6455 §5.4"), steps, {{OpText, hello}}));
    }
    c.push_back(accept(
        QStringLiteral("fragmented-empty"),
        QStringLiteral("a binary message whose first, middle and last fragments "
                       "are empty"),
        QStringLiteral("RFC 6455 §5.4"),
        {send(frame(OpBinary, {}, false)), send(frame(OpContinuation, "\x01\x02\x03", false)),
         send(frame(OpContinuation, {}, false)), send(frame(OpContinuation, "\x04", false)),
         send(frame(OpContinuation, {}))},
        {{OpBinary, QByteArray("\x01\x02\x03\x04")}}));
    c.push_back(accept(QStringLiteral("fragmented-with-pings"),
                       QStringLiteral("three text fragments with a ping before each "
                                      "continuation"),
                       QStringLiteral("RFC 6455 §5.4, §5.5.2"),
                       {send(frame(OpText, "Hello", false)), send(frame(OpPing, "ping-1")),
                        send(frame(OpContinuation, ", Wor", false)), send(frame(OpPing, "ping-2")),
                        send(frame(OpContinuation, "ld!"))},
                       {{OpText, hello}}, {"ping-1", "ping-2"}));
    {
        const QByteArray head("\xce\xba\xe1", 3); // κ and the first byte of ό
        const QByteArray tail("\xbd\xb9 ok", 5);  // the rest of ό
        c.push_back(accept(QStringLiteral("utf8-split-valid"),
                           QStringLiteral("valid UTF-8 text whose 3-byte character is split "
                                          "across two fragments"),
                           QStringLiteral("RFC 6455 §5.6, §8.1"),
                           {send(frame(OpText, head, false)), send(frame(OpContinuation, tail))},
                           {{OpText, head + tail}}));
    }
    c.push_back(accept(QStringLiteral("ping-125"),
                       QStringLiteral("a ping with the largest control payload, 125 bytes"),
                       QStringLiteral("RFC 6455 §5.5, §5.5.3"),
                       {send(frame(OpPing, pattern(125, true)))}, {}, {pattern(125, true)}));
    {
        std::vector<ScenarioStep> steps;
        QList<QByteArray> pongs;
        for (int i = 1; i <= 10; ++i) {
            const QByteArray p = "burst-" + QByteArray::number(i);
            steps.push_back(send(frame(OpPing, p)));
            pongs << p;
        }
        Scenario s = accept(QStringLiteral("ping-burst"), QStringLiteral("ten pings in one write"),
                            QStringLiteral("RFC 6455 §5.5.2, §5.5.3"), steps, {}, pongs);
        s.expectation += QStringLiteral(" (§5.5.3 lets it skip pongs for earlier pings)");
        c.push_back(s);
    }
    c.push_back(accept(QStringLiteral("text-empty"), QStringLiteral("an empty text message"),
                       QStringLiteral("RFC 6455 §5.6"), {send(frame(OpText, {}))}, {{OpText, {}}}));
    const struct
    {
        const char *name;
        quint8 opcode;
        int size;
        const char *rule;
    } lengths[] = {
        {"text-125", OpText, 125, "the largest 7-bit length"},
        {"text-126", OpText, 126, "the smallest 16-bit length"},
        {"binary-65535", OpBinary, 65535, "the largest 16-bit length"},
        {"binary-65536", OpBinary, 65536, "the smallest 64-bit length"},
        {"binary-1mib", OpBinary, 1024 * 1024, "one 1 MiB frame, 64-bit length"},
        // The default buffer_output_size and websocket_max_message_size (16 MiB): the
        // largest message the app sends and takes back at its defaults.
        {"binary-16mib", OpBinary, 16 * 1024 * 1024, "one 16 MiB frame, 64-bit length"},
    };
    for (const auto &l : lengths) {
        const QString description =
            QStringLiteral("a %1 message of %2 bytes: %3")
                .arg(l.opcode == OpText ? QStringLiteral("text") : QStringLiteral("binary"))
                .arg(l.size)
                .arg(QLatin1String(l.rule));
        Scenario s;
        if (l.size <= 65536) {
            const QByteArray data = pattern(l.size, l.opcode == OpText);
            s = accept(QString::fromLatin1(l.name), description, QStringLiteral("RFC 6455 §5.2"),
                       {send(frame(l.opcode, data))}, {{l.opcode, data}});
        } else {
            // Made when the scenario runs: the catalog keeps no copy of a large payload.
            s = accept(QString::fromLatin1(l.name), description, QStringLiteral("RFC 6455 §5.2"),
                       {sendPattern(l.opcode, l.size)}, {patternMessage(l.opcode, l.size)});
            s.timeoutMs = l.size > 1024 * 1024 ? 30000 : 10000;
        }
        c.push_back(s);
    }

    // --- Frames a client must reject ---------------------------------------------------
    {
        RawFrame f = frame(OpText, "masked");
        f.masked = true;
        c.push_back(reject(QStringLiteral("masked-server-frame"),
                           QStringLiteral("a text frame masked by the server"),
                           QStringLiteral("RFC 6455 §5.1"), {send(f)}));
    }
    for (int bit = 1; bit <= 3; ++bit) {
        RawFrame f = frame(OpText, "rsv");
        f.rsv1 = bit == 1;
        f.rsv2 = bit == 2;
        f.rsv3 = bit == 3;
        Scenario s = reject(QStringLiteral("rsv%1-set").arg(bit),
                            QStringLiteral("a text frame with RSV%1 set, no extension defining "
                                           "it negotiated")
                                .arg(bit),
                            bit == 1 ? QStringLiteral("RFC 6455 §5.2, RFC 7692 §6")
                                     : QStringLiteral("RFC 6455 §5.2"),
                            {send(f)});
        if (bit == 1)
            s.requiresCompression = 0;
        c.push_back(s);
    }
    c.push_back(reject(QStringLiteral("reserved-opcode-3"),
                       QStringLiteral("a frame with the reserved data opcode 0x3"),
                       QStringLiteral("RFC 6455 §5.2"), {send(frame(0x3, "reserved"))}));
    c.push_back(reject(QStringLiteral("reserved-opcode-11"),
                       QStringLiteral("a frame with the reserved control opcode 0xB"),
                       QStringLiteral("RFC 6455 §5.2"), {send(frame(0xB, "reserved"))}));
    c.push_back(reject(QStringLiteral("ping-126"),
                       QStringLiteral("a ping with 126 bytes of payload (control frames carry "
                                      "at most 125)"),
                       QStringLiteral("RFC 6455 §5.5"), {send(frame(OpPing, pattern(126, true)))}));
    c.push_back(reject(QStringLiteral("fragmented-ping"),
                       QStringLiteral("a ping with FIN clear, then its continuation"),
                       QStringLiteral("RFC 6455 §5.5"),
                       {send(frame(OpPing, "frag", false)), send(frame(OpContinuation, "ment"))}));
    c.push_back(reject(QStringLiteral("continuation-without-start"),
                       QStringLiteral("a continuation frame with no message started"),
                       QStringLiteral("RFC 6455 §5.4"), {send(frame(OpContinuation, "orphan"))}));
    c.push_back(reject(QStringLiteral("new-message-inside-fragmented"),
                       QStringLiteral("a text fragment with FIN clear, then a new text frame "
                                      "instead of a continuation"),
                       QStringLiteral("RFC 6455 §5.4"),
                       {send(frame(OpText, "first", false)), send(frame(OpText, "second"))}));
    c.push_back(reject(QStringLiteral("invalid-utf8-text"),
                       QStringLiteral("a text message containing an encoded surrogate "
                                      "(ED A0 80)"),
                       QStringLiteral("RFC 6455 §5.6, §8.1"),
                       {send(frame(OpText, QByteArray("\xce\xba\xe1\xbd\xb9\xed\xa0\x80x", 9)))},
                       {CloseMessageError}));
    c.push_back(reject(QStringLiteral("invalid-utf8-split"),
                       QStringLiteral("text fragments: valid so far, then a byte that cannot "
                                      "continue the split character"),
                       QStringLiteral("RFC 6455 §5.6, §8.1"),
                       {send(frame(OpText, QByteArray("ok \xe1", 4), false)),
                        send(frame(OpContinuation, QByteArray("\x28 end", 5)))},
                       {CloseMessageError}));
    c.push_back(reject(QStringLiteral("invalid-utf8-close-reason"),
                       QStringLiteral("a close frame 1000 whose reason is not UTF-8 (FF FE)"),
                       QStringLiteral("RFC 6455 §5.5.1, §8.1"),
                       {send(frame(OpClose, closePayload(1000, QByteArray("\xff\xfe", 2))))},
                       {CloseMessageError, CloseProtocolError}));
    c.push_back(reject(
        QStringLiteral("close-1-byte"), QStringLiteral("a close frame with a 1-byte payload"),
        QStringLiteral("RFC 6455 §5.5.1"), {send(frame(OpClose, QByteArray(1, '\x03')))}));
    for (quint16 code :
         {quint16(999), quint16(1005), quint16(1006), quint16(1015), quint16(2999)}) {
        c.push_back(
            reject(QStringLiteral("close-code-%1").arg(code),
                   QStringLiteral("a close frame with code %1, not valid on the wire").arg(code),
                   QStringLiteral("RFC 6455 §7.4.1, §7.4.2"),
                   {send(frame(OpClose, closePayload(code, "bad code")))}));
    }
    {
        // §5.2: "the most significant bit MUST be 0": a header claiming 2^63 + 5 bytes.
        QByteArray header("\x82\x7f\x80\x00\x00\x00\x00\x00\x00\x05", 10);
        c.push_back(reject(QStringLiteral("length-64bit-msb"),
                           QStringLiteral("a binary frame whose 64-bit length has its most "
                                          "significant bit set"),
                           QStringLiteral("RFC 6455 §5.2"), {bytes(header + "hello")},
                           {CloseProtocolError, CloseMessageTooBig}));
    }
    {
        RawFrame f = frame(OpText, QByteArray("\xff\xff\xff\xff garbage", 12));
        f.rsv1 = true;
        Scenario s = reject(QStringLiteral("corrupt-deflate"),
                            QStringLiteral("a text frame with RSV1 (compressed) whose data is "
                                           "not a deflate stream; permessage-deflate negotiated"),
                            QStringLiteral("RFC 7692 §6.1, §8"), {send(f)},
                            {CloseProtocolError, CloseMessageError});
        s.requiresCompression = 1;
        c.push_back(s);
    }

    // --- Closing ---------------------------------------------------------------------------
    c.push_back(closing(QStringLiteral("close-normal"),
                        QStringLiteral("the server closes with 1000 'bye'"),
                        QStringLiteral("RFC 6455 §5.5.1, §7.1.2"), {closeStep(1000, "bye")},
                        Scenario::Expect::CloseReply,
                        QStringLiteral("answers with a close frame (usually 1000 echoed)")));
    c.push_back(closing(
        QStringLiteral("close-4000-reason"),
        QStringLiteral("the server closes with the application code 4000 and "
                       "a UTF-8 reason"),
        QStringLiteral("RFC 6455 §5.5.1, §7.4.2"), {closeStep(4000, "application reason \xc3\xa4")},
        Scenario::Expect::CloseReply, QStringLiteral("answers with a close frame")));
    {
        ScenarioStep empty = send(frame(OpClose, {}));
        c.push_back(closing(QStringLiteral("close-empty"),
                            QStringLiteral("the server closes with an empty close payload (no "
                                           "code: the client sees 1005)"),
                            QStringLiteral("RFC 6455 §5.5.1, §7.1.5"), {empty},
                            Scenario::Expect::CloseReply,
                            QStringLiteral("answers with a close frame")));
    }
    c.push_back(closing(QStringLiteral("data-after-close"),
                        QStringLiteral("the server closes with 1000, then sends a text frame"),
                        QStringLiteral("RFC 6455 §5.5.1, §1.4"),
                        {closeStep(1000, "bye"), send(frame(OpText, "after close"))},
                        Scenario::Expect::CloseReply,
                        QStringLiteral("answers the close and ignores the text after it (no "
                                       "echo)")));
    {
        ScenarioStep drop = step(K::DropTcp);
        c.push_back(closing(QStringLiteral("tcp-drop"),
                            QStringLiteral("the server closes TCP (FIN) without a close frame"),
                            QStringLiteral("RFC 6455 §7.1.5, §7.4.1"), {drop},
                            Scenario::Expect::Observe,
                            QStringLiteral("reports 1006 (abnormal closure) to its application: "
                                           "not visible to the server, informational")));
        drop.reset = true;
        c.push_back(closing(QStringLiteral("tcp-reset"),
                            QStringLiteral("the server resets TCP (RST) without a close frame"),
                            QStringLiteral("RFC 6455 §7.1.5, §7.4.1"), {drop},
                            Scenario::Expect::Observe,
                            QStringLiteral("reports 1006 (abnormal closure) to its application: "
                                           "not visible to the server, informational")));
    }
    {
        Scenario s =
            closing(QStringLiteral("close-unanswered"),
                    QStringLiteral("a reserved opcode makes the client close; the "
                                   "server never answers its close frame"),
                    QStringLiteral("RFC 6455 §7.1.1, §7.1.7"),
                    {step(K::HoldClose), send(frame(0x3, "provoke"))}, Scenario::Expect::GiveUp,
                    QStringLiteral("sends its close frame, then closes TCP on its own "
                                   "after a timeout"));
        s.needsClientClose = true;
        s.timeoutMs = 35000; // Node ws waits 30 s, python-websockets 10 s
        c.push_back(s);
    }
    c.push_back(closing(QStringLiteral("half-close"),
                        QStringLiteral("the server shuts down its sending side (FIN) without a "
                                       "close frame and keeps reading"),
                        QStringLiteral("RFC 6455 §7.1.5, §7.2.1"), {step(K::HalfClose)},
                        Scenario::Expect::GiveUp,
                        QStringLiteral("closes the connection (a close frame or TCP)")));

    // --- Handshake faults ------------------------------------------------------------------
    using H = Scenario::Handshake;
    const struct
    {
        const char *name;
        H fault;
        const char *description;
        const char *rfc;
    } faults[] = {
        {"handshake-wrong-accept", H::WrongAccept,
         "101 with a Sec-WebSocket-Accept computed from another key", "RFC 6455 §4.1, §4.2.2"},
        {"handshake-no-upgrade", H::NoUpgrade, "101 without the Upgrade header", "RFC 6455 §4.1"},
        {"handshake-no-connection", H::NoConnection, "101 without the Connection header",
         "RFC 6455 §4.1"},
        {"handshake-duplicate-accept", H::DuplicateAccept,
         "101 with the (correct) Sec-WebSocket-Accept header twice", "RFC 6455 §4.1, §11.3.3"},
        {"handshake-unoffered-subprotocol", H::UnofferedSubprotocol,
         "101 selecting a subprotocol the client did not offer", "RFC 6455 §4.1"},
        {"handshake-unoffered-extension", H::UnofferedExtension,
         "101 with an extension the client did not offer", "RFC 6455 §4.1, §9.1"},
        {"handshake-deflate-bad-parameter", H::DeflateBadParameter,
         "101 with permessage-deflate; server_max_window_bits=7 (valid: 8-15)",
         "RFC 7692 §5.1, §7.1.2.1"},
        {"handshake-status-200", H::Status200, "200 OK with the upgrade headers", "RFC 6455 §4.1"},
        {"handshake-status-302", H::Status302, "302 Found (a redirect)", "RFC 6455 §4.1"},
        {"handshake-status-401", H::Status401, "401 Unauthorized", "RFC 6455 §4.1"},
        {"handshake-status-403", H::Status403, "403 Forbidden", "RFC 6455 §4.1"},
        {"handshake-status-503", H::Status503, "503 Service Unavailable", "RFC 6455 §4.1"},
    };
    for (const auto &f : faults) {
        Scenario s;
        s.name = QString::fromLatin1(f.name);
        s.category = QStringLiteral("handshake");
        s.description = QString::fromUtf8(f.description);
        s.rfc = QString::fromUtf8(f.rfc);
        s.handshake = f.fault;
        s.expect = Scenario::Expect::HandshakeFail;
        const bool http = f.fault >= H::Status200;
        s.expectation = http ? QStringLiteral("does not open the WebSocket: sends no frame "
                                              "(it may keep or close the HTTP connection)")
                             : QStringLiteral("fails the connection: closes TCP without "
                                              "sending a frame");
        c.push_back(s);
    }

    // --- Timing and flow -------------------------------------------------------------------
    {
        Scenario s =
            accept(QStringLiteral("handshake-delayed"),
                   QStringLiteral("the 101 response comes 2 s after the request, then a "
                                  "text message"),
                   QStringLiteral("RFC 6455 §4.1"),
                   {wait(2000), step(K::Accept), send(frame(OpText, hello))}, {{OpText, hello}});
        s.category = QStringLiteral("timing");
        s.handshake = Scenario::Handshake::Delayed;
        s.timeoutMs = 6000;
        c.push_back(s);
    }
    {
        Scenario s = closing(QStringLiteral("handshake-never-answered"),
                             QStringLiteral("the server never answers the upgrade request"),
                             QStringLiteral("RFC 6455 §4.1"), {}, Scenario::Expect::Observe,
                             QStringLiteral("informational: gives up on its own (the RFC sets no "
                                            "time); the verdict says when"));
        s.category = QStringLiteral("timing");
        s.handshake = Scenario::Handshake::NoAnswer;
        s.timeoutMs = 15000;
        c.push_back(s);
    }
    {
        Scenario s = accept(QStringLiteral("drip-frame"),
                            QStringLiteral("a text frame written one byte every 20 ms"),
                            QStringLiteral("RFC 6455 §5.2"), {}, {{OpText, hello}});
        ScenarioStep d;
        d.kind = K::Drip;
        d.frame = frame(OpText, hello);
        d.chunk = 1;
        d.intervalMs = 20;
        s.steps = {d};
        s.category = QStringLiteral("timing");
        s.timeoutMs = 5000;
        c.push_back(s);
    }
    {
        // 16 messages of 512 KiB (8 MiB): more than the server's receive window and the
        // client's kernel send buffer (tcp_wmem allows 4 MiB) hold together, so the client
        // itself has to keep what it cannot send yet (a browser's bufferedAmount) or stop
        // reading. Each message has its own pattern: a dropped, repeated, reordered or
        // corrupted echo does not match.
        constexpr int count = 16;
        constexpr qint64 size = 512 * 1024;
        ScenarioStep hold = step(K::HoldReading);
        ScenarioStep backup = step(K::AwaitBackup);
        backup.intervalMs = 8000;
        ScenarioStep resume = step(K::HoldReading);
        resume.hold = false;
        std::vector<ScenarioStep> steps{hold};
        std::vector<Scenario::Message> messages;
        for (int i = 1; i <= count; ++i) {
            steps.push_back(sendPattern(OpBinary, size, i));
            messages.push_back(patternMessage(OpBinary, size, i));
        }
        steps.push_back(backup);
        steps.push_back(resume);
        Scenario s =
            accept(QStringLiteral("server-stops-reading"),
                   QStringLiteral("the server stops reading, sends 16 binary messages of "
                                  "512 KiB (8 MiB) and resumes once the client's unread echoes "
                                  "in its receive queue stop growing (at most 8 s): the "
                                  "client's sends back up"),
                   QStringLiteral("RFC 6455 §5.2, §5.4"), steps, messages);
        s.expectation = QStringLiteral("keeps what it cannot send yet: after the server "
                                       "resumes, echoes all 16 binary messages of 524288 bytes "
                                       "intact and in order");
        s.category = QStringLiteral("timing");
        s.timeoutMs = 30000;
        c.push_back(s);
    }
    {
        RawFrame f = frame(OpText, "hi");
        f.lengthEncoding = LengthEncoding::Ext16;
        Scenario s = closing(QStringLiteral("length-non-minimal"),
                             QStringLiteral("'hi' with its length in the 16-bit form (126 + 2)"),
                             QStringLiteral("RFC 6455 §5.2"), {send(f)}, Scenario::Expect::Observe,
                             QStringLiteral("informational: §5.2 makes the minimal form a duty "
                                            "of the sender, a receiver may accept or fail"));
        s.category = QStringLiteral("timing");
        s.category = QStringLiteral("accept");
        s.timeoutMs = 2000;
        c.push_back(s);
    }
    return c;
}

QString describeBytes(const QByteArray &data, qint64 total)
{
    QString shown = QString::fromUtf8(data.left(24));
    if (shown.contains(QChar::ReplacementCharacter) || shown.contains(QChar(0)))
        return QStringLiteral("%1 bytes hex:%2%3")
            .arg(total)
            .arg(QString::fromLatin1(data.left(12).toHex()))
            .arg(total > 12 ? QStringLiteral("…") : QString());
    for (QChar &ch : shown)
        if (!ch.isPrint())
            ch = QLatin1Char('.');
    return QStringLiteral("%1 bytes '%2%3'")
        .arg(total)
        .arg(shown)
        .arg(total > 24 ? QStringLiteral("…") : QString());
}

QString opcodeWord(quint8 opcode)
{
    switch (opcode) {
    case OpText:
        return QStringLiteral("text");
    case OpBinary:
        return QStringLiteral("binary");
    case OpContinuation:
        return QStringLiteral("continuation");
    case OpPing:
        return QStringLiteral("ping");
    case OpPong:
        return QStringLiteral("pong");
    case OpClose:
        return QStringLiteral("close");
    default:
        return QStringLiteral("opcode 0x%1").arg(opcode, 0, 16);
    }
}

} // namespace

const char *verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Pending:
        return "pending";
    case Verdict::Pass:
        return "pass";
    case Verdict::Fail:
        return "fail";
    case Verdict::Informational:
        return "informational";
    }
    return "pending";
}

const std::vector<Scenario> &scenarioCatalog()
{
    static const std::vector<Scenario> catalog = buildCatalog();
    return catalog;
}

const Scenario *findScenario(const QString &name)
{
    for (const Scenario &s : scenarioCatalog())
        if (s.name == name)
            return &s;
    return nullptr;
}

QByteArray Scenario::Message::prefix(qsizetype n) const
{
    if (patternSize < 0)
        return data.left(n);
    return pattern(qsizetype(qMin<qint64>(n, patternSize)), opcode == OpText, patternSeed);
}

QByteArray Scenario::Message::sha1() const
{
    if (patternSize < 0)
        return QCryptographicHash::hash(data, QCryptographicHash::Sha1);
    QCryptographicHash hash(QCryptographicHash::Sha1);
    QByteArray chunk(qsizetype(qMin<qint64>(patternSize, 256 * 1024)), Qt::Uninitialized);
    for (qint64 at = 0; at < patternSize; at += chunk.size()) {
        const qsizetype n = qsizetype(qMin<qint64>(chunk.size(), patternSize - at));
        fillPattern(chunk.data(), at, n, opcode == OpText, patternSeed);
        hash.addData(QByteArrayView(chunk.constData(), n));
    }
    return hash.result();
}

qint64 Scenario::largestPayload() const
{
    qint64 largest = 0;
    for (const ScenarioStep &st : steps)
        largest = qMax(largest, st.patternSize >= 0 ? st.patternSize : st.frame.payload.size());
    for (const Message &m : messages)
        largest = qMax(largest, m.size());
    return largest;
}

// ---------------------------------------------------------------------------------------
// ScenarioRunner

struct ScenarioRunner::Run
{
    ScenarioResult result;
    const Scenario *scenario = nullptr;
    size_t step = 0;
    bool stepsDone = false;
    QTimer *timer = nullptr;
    QStringList observed;
    size_t echoed = 0;       // messages echoed as expected
    QList<QByteArray> pongs; // pong payloads seen
    int clientClose = -1;    // the client's close code (1005: none in its frame)
    QByteArray clientReason;
    bool serverClosed = false; // our close frame is out
    bool dataAfterClose = false;
    bool gone = false; // the connection is closed
    bool goneWithoutClose = false;
    QString mismatch;        // an echo that was not the expected message
    QString accepted;        // Reject: what the client did instead of failing
    bool sentFrames = false; // any frame from the client
    QByteArray key;          // the client's Sec-WebSocket-Key
    // AwaitBackup: when it began, the last reading of the receive queue and since when it
    // has not changed.
    qint64 backupStartUs = 0;
    qint64 backupLast = -1;
    qint64 backupSinceUs = 0;
};

ScenarioRunner::ScenarioRunner(WebSocketServer &server, QObject *parent)
    : QObject(parent), m_server(server)
{
    qRegisterMetaType<EventBatchPtr>();
    qRegisterMetaType<ScenarioResult>();
    connect(&m_server, &WebSocketServer::events, this, &ScenarioRunner::onEvents);
}

ScenarioRunner::~ScenarioRunner() = default;

namespace {
// The response of a handshake scenario (Normal: the correct 101) to the client's key.
QByteArray handshakeResponse(Scenario::Handshake fault, const QByteArray &key)
{
    using H = Scenario::Handshake;
    const QByteArray accept = computeAcceptKey(key);
    QByteArray status("HTTP/1.1 101 Switching Protocols");
    QList<QByteArray> headers = {"Upgrade: websocket", "Connection: Upgrade",
                                 "Sec-WebSocket-Accept: " + accept};
    switch (fault) {
    case H::Normal:
    case H::NoAnswer:
    case H::Delayed:
        break;
    case H::WrongAccept:
        headers[2] = "Sec-WebSocket-Accept: " + computeAcceptKey(key + "x");
        break;
    case H::NoUpgrade:
        headers.removeAt(0);
        break;
    case H::NoConnection:
        headers.removeAt(1);
        break;
    case H::DuplicateAccept:
        headers << "Sec-WebSocket-Accept: " + accept;
        break;
    case H::UnofferedSubprotocol:
        headers << "Sec-WebSocket-Protocol: x-framescope-not-offered";
        break;
    case H::UnofferedExtension:
        headers << "Sec-WebSocket-Extensions: x-framescope-not-offered";
        break;
    case H::DeflateBadParameter:
        headers << "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=7";
        break;
    case H::Status200:
        status = "HTTP/1.1 200 OK";
        break;
    case H::Status302:
        status = "HTTP/1.1 302 Found";
        headers << "Location: /";
        break;
    case H::Status401:
        status = "HTTP/1.1 401 Unauthorized";
        headers << "WWW-Authenticate: Basic realm=\"framescope\"";
        break;
    case H::Status403:
        status = "HTTP/1.1 403 Forbidden";
        break;
    case H::Status503:
        status = "HTTP/1.1 503 Service Unavailable";
        headers << "Retry-After: 1";
        break;
    }
    if (fault >= H::Status200 && fault <= H::Status503)
        headers << "Content-Length: 0";
    return status + "\r\n" + headers.join("\r\n") + "\r\n\r\n";
}
} // namespace

std::optional<QByteArray> ScenarioRunner::handshakeFault(const HttpRequest &request)
{
    static const QByteArray prefix("/scenario/");
    if (!request.uri.startsWith(prefix))
        return std::nullopt;
    const Scenario *s = findScenario(QString::fromUtf8(request.uri.mid(prefix.size())));
    if (!s || s->handshake == Scenario::Handshake::Normal)
        return std::nullopt;
    if (s->handshake == Scenario::Handshake::NoAnswer ||
        s->handshake == Scenario::Handshake::Delayed)
        return QByteArray(""); // held back: an Accept step may answer later
    return handshakeResponse(s->handshake, request.header.value("sec-websocket-key"));
}

bool ScenarioRunner::claim(const HttpRequest &request)
{
    static const QByteArray prefix("/scenario/");
    if (!request.uri.startsWith(prefix))
        return false;
    const QString name = QString::fromUtf8(request.uri.mid(prefix.size()));
    const QString agent = QString::fromUtf8(request.get.value("agent"));
    {
        QMutexLocker locker(&m_mutex);
        m_owned.insert(request.fd);
        m_ownedCount.store(int(m_owned.size()), std::memory_order_release);
        m_active.insert(request.fd);
    }
    ensureObserving();
    QMetaObject::invokeMethod(
        this,
        [this, fd = request.fd, name, agent, at = wallUs(),
         key = request.header.value("sec-websocket-key")] { begin(fd, name, agent, at, key); },
        Qt::QueuedConnection);
    return true;
}

void ScenarioRunner::ensureObserving()
{
    // Records cost the server time: on from the first run only, and an observer's own
    // payload limit stays.
    if (!m_server.isObserverEnabled())
        m_server.setObserverEnabled(true);
}

bool ScenarioRunner::start(int fd, const QString &name, const QString &agent, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    const Scenario *scenario = findScenario(name);
    if (!scenario)
        return fail(QStringLiteral("unknown scenario '%1' (GET /scenarios lists them)").arg(name));
    if (scenario->handshake != Scenario::Handshake::Normal)
        return fail(QStringLiteral("'%1' alters the opening handshake: connect to "
                                   "/scenario/%1 instead")
                        .arg(name));
    if (!m_server.isEstablished(fd))
        return fail(QStringLiteral("fd %1 is not an established WebSocket connection").arg(fd));
    {
        QMutexLocker locker(&m_mutex);
        if (m_active.contains(fd))
            return fail(QStringLiteral("a scenario is already running on fd %1").arg(fd));
        m_owned.insert(fd);
        m_ownedCount.store(int(m_owned.size()), std::memory_order_release);
        m_active.insert(fd);
    }
    ensureObserving();
    QMetaObject::invokeMethod(
        this, [this, fd, name, agent, at = wallUs()] { begin(fd, name, agent, at); },
        Qt::QueuedConnection);
    return true;
}

bool ScenarioRunner::owns(int fd) const
{
    QMutexLocker locker(&m_mutex);
    return m_owned.contains(fd);
}

bool ScenarioRunner::onMessage(const Frame &frame)
{
    // Every message of every connection passes here: no lock while no scenario owns one.
    if (m_ownedCount.load(std::memory_order_acquire) == 0)
        return false;
    {
        QMutexLocker locker(&m_mutex);
        if (!m_owned.contains(frame.fd))
            return false;
    }
    if (isControlOpcode(frame.opcode))
        return true;
    Digest d{frame.data.size(), QCryptographicHash::hash(frame.data, QCryptographicHash::Sha1)};
    QMutexLocker locker(&m_mutex);
    QList<Digest> &list = m_digests[frame.fd];
    if (list.size() < 64) // bounded: a client that floods gets compared by prefix
        list << d;
    return true;
}

QList<ScenarioResult> ScenarioRunner::results(const QString &agent) const
{
    QMutexLocker locker(&m_mutex);
    if (agent.isNull())
        return m_results;
    QList<ScenarioResult> out;
    for (const ScenarioResult &r : m_results)
        if (r.agent == agent)
            out << r;
    return out;
}

void ScenarioRunner::forget(int fd)
{
    QMutexLocker locker(&m_mutex);
    if (m_active.contains(fd))
        return; // a run about to begin (claimed, not started yet)
    m_owned.remove(fd);
    m_ownedCount.store(int(m_owned.size()), std::memory_order_release);
    m_digests.remove(fd);
}

void ScenarioRunner::addResult(const ScenarioResult &result)
{
    QMutexLocker locker(&m_mutex);
    // Bounded: a CI loop that never restarts the server keeps the newest verdicts.
    if (m_results.size() >= 10000)
        m_results.remove(0, 1000);
    m_results << result;
    m_active.remove(result.fd);
    m_digests.remove(result.fd);
}

void ScenarioRunner::begin(int fd, const QString &name, const QString &agent, qint64 startedUs,
                           const QByteArray &key)
{
    auto run = std::make_shared<Run>();
    run->result.id = m_nextId.fetch_add(1);
    run->result.agent = agent;
    run->result.name = name;
    run->result.fd = fd;
    // From the claim: what the client did between the claim and now counts.
    run->result.startedUs = startedUs;
    run->scenario = findScenario(name);
    if (!run->scenario) {
        run->result.expected = QStringLiteral("a scenario name that GET /scenarios lists");
        emit runStarted(run->result);
        run->serverClosed = true;
        m_server.sendClose(fd, ClosePolicyError,
                           QStringLiteral("unknown scenario '%1'").arg(name).left(100).toUtf8());
        conclude(
            *run, Verdict::Fail,
            QStringLiteral("unknown scenario '%1': the connection was closed with 1008").arg(name));
        return;
    }
    const Scenario &s = *run->scenario;
    run->result.rfc = s.rfc;
    run->key = key;
    // Ends with close(): the client may never have seen a 101.
    run->serverClosed =
        s.handshake != Scenario::Handshake::Normal && s.handshake != Scenario::Handshake::Delayed;
    run->result.expected = s.expectation;
    m_runs.insert(fd, run);
    emit runStarted(run->result);

    if (s.requiresCompression >= 0) {
        const std::optional<ClientInfo> info = m_server.clientInfo(fd);
        const bool negotiated = info && info->compression;
        if (negotiated != bool(s.requiresCompression)) {
            conclude(*run, Verdict::Informational,
                     negotiated ? QStringLiteral("not applicable: permessage-deflate was "
                                                 "negotiated, RSV1 is valid on this connection")
                                : QStringLiteral("not applicable: permessage-deflate was not "
                                                 "negotiated (start the server with "
                                                 "websocket_compression and offer it)"));
            return;
        }
    }
    // The options of this server must let the payload out and its echo in.
    const qint64 largest = s.largestPayload();
    const ServerOptions options = m_server.options();
    if (largest > options.buffer_output_size || largest > options.websocket_max_message_size ||
        (s.expect == Scenario::Expect::Echo && largest > options.websocket_max_frame_size)) {
        conclude(*run, Verdict::Informational,
                 QStringLiteral("not applicable on this server: the scenario sends a message "
                                "of %1 bytes and takes it back, which needs buffer_output_size, "
                                "websocket_max_frame_size and websocket_max_message_size "
                                "(--buffer-output-size, --max-frame-size, --max-message-size) "
                                "of at least %1; they are %2, %3 and %4")
                     .arg(largest)
                     .arg(options.buffer_output_size)
                     .arg(options.websocket_max_frame_size)
                     .arg(options.websocket_max_message_size));
        return;
    }
    const int override = m_timeoutOverride.load();
    run->timer = new QTimer(this);
    run->timer->setSingleShot(true);
    connect(run->timer, &QTimer::timeout, this, [this, fd] {
        const std::shared_ptr<Run> current = m_runs.value(fd);
        if (current)
            evaluate(*current, true);
    });
    run->timer->start(override > 0 ? override : s.timeoutMs);
    nextStep(fd);
}

void ScenarioRunner::nextStep(int fd)
{
    const auto it = m_runs.constFind(fd);
    if (it == m_runs.constEnd())
        return;
    const std::shared_ptr<Run> run = *it;
    const Scenario &s = *run->scenario;
    using K = ScenarioStep::Kind;
    while (run->step < s.steps.size()) {
        const ScenarioStep &st = s.steps[run->step++];
        int waitMs = 0;
        bool ok = true;
        switch (st.kind) {
        case K::Frame:
            if (st.patternSize >= 0) {
                // Made here and handed over: the server's wire copy is the only one kept.
                RawFrame f = st.frame;
                f.payload = pattern(qsizetype(st.patternSize), f.opcode == OpText, st.patternSeed);
                ok = m_server.sendFrame(fd, f);
            } else {
                ok = m_server.sendFrame(fd, st.frame);
            }
            break;
        case K::Bytes:
            ok = m_server.send(fd, st.bytes);
            break;
        case K::Drip: {
            const QByteArray wire = st.frame.encode().value_or(QByteArray());
            ok = m_server.drip(fd, wire, st.chunk, st.intervalMs);
            waitMs = WebSocketServer::dripDuration(wire.size(), st.chunk, st.intervalMs);
            break;
        }
        case K::Close:
            ok = m_server.sendClose(fd, st.code, st.reason);
            run->serverClosed = true;
            break;
        case K::DropTcp:
            ok = m_server.close(fd, st.reset);
            break;
        case K::HalfClose:
            ok = m_server.halfClose(fd);
            break;
        case K::HoldClose:
            ok = m_server.holdClose(fd, st.hold);
            break;
        case K::HoldReading:
            ok = m_server.holdReading(fd, st.hold);
            break;
        case K::Wait:
            waitMs = st.intervalMs;
            break;
        case K::Accept:
            ok = m_server.send(fd, handshakeResponse(Scenario::Handshake::Normal, run->key));
            break;
        case K::AwaitBackup:
            run->backupStartUs = wallUs();
            run->backupLast = -1;
            run->backupSinceUs = run->backupStartUs;
            pollBackup(fd, -2);
            return; // pollBackup() goes on with the next step
        }
        if (st.kind == K::Frame && st.frame.opcode == OpClose)
            run->serverClosed = true;
        if (!ok && !run->gone) {
            run->observed << QStringLiteral("the server could not run step %1: the connection "
                                            "is gone")
                                 .arg(run->step);
            evaluate(*run, false);
            return;
        }
        if (waitMs > 0) {
            QTimer::singleShot(waitMs, this, [this, fd] { nextStep(fd); });
            return;
        }
    }
    run->stepsDone = true;
    evaluate(*run, false);
}

void ScenarioRunner::pollBackup(int fd, qint64 unread)
{
    const std::shared_ptr<Run> run = m_runs.value(fd);
    if (!run || run->step == 0)
        return;
    const ScenarioStep &st = run->scenario->steps[run->step - 1];
    const qint64 now = wallUs();
    if (unread != -2) { // -2: the first call, no reading yet
        if (unread != run->backupLast) {
            run->backupLast = unread;
            run->backupSinceUs = now;
        }
        const qint64 waitedMs = (now - run->backupStartUs) / 1000;
        // Backed up: something waits unread and nothing more came for 500 ms (the client's
        // kernel send buffer is full or it holds back); or the limit of the step.
        const bool stalled = unread > 0 && now - run->backupSinceUs >= 500 * 1000;
        if (unread < 0 || stalled || waitedMs >= st.intervalMs) {
            if (unread < 0)
                run->observed << QStringLiteral("(the server could not read its receive queue)");
            else if (unread == 0)
                run->observed
                    << QStringLiteral("sent nothing the server left unread in %1 ms").arg(waitedMs);
            else
                run->observed << QStringLiteral("its sends backed up: %1 bytes waited unread "
                                                "in the server's receive queue %2 after %3 ms")
                                     .arg(unread)
                                     .arg(stalled ? QStringLiteral("and stopped growing")
                                                  : QStringLiteral("(still growing)"))
                                     .arg(waitedMs);
            nextStep(fd);
            return;
        }
    }
    QPointer<ScenarioRunner> self(this);
    const bool asked = m_server.receiveQueue(fd, [self, fd](qint64 bytes) {
        // The worker thread: back to the runner's, after a pause between readings.
        if (self)
            QMetaObject::invokeMethod(
                self.data(),
                [self, fd, bytes] {
                    QTimer::singleShot(100, self.data(), [self, fd, bytes] {
                        if (self)
                            self->pollBackup(fd, bytes);
                    });
                },
                Qt::QueuedConnection);
    });
    if (!asked)
        nextStep(fd); // the connection is gone: the steps end, evaluate() says what happened
}

void ScenarioRunner::onEvents(const EventBatchPtr &batch)
{
    if (!batch)
        return;
    for (const EventRecord &r : *batch) {
        const bool gone =
            r.kind == EventRecord::Kind::Closed || r.kind == EventRecord::Kind::Disconnected;
        const auto it = m_runs.constFind(r.fd);
        if (it == m_runs.constEnd()) {
            if (gone)
                forget(r.fd);
            continue;
        }
        const std::shared_ptr<Run> run = *it; // conclude() may erase it
        if (r.timeUs < run->result.startedUs)
            continue;
        observe(*run, r);
        if (run->result.verdict == Verdict::Pending)
            evaluate(*run, false);
        if (gone && !m_runs.contains(r.fd))
            forget(r.fd);
    }
}

void ScenarioRunner::observe(Run &run, const EventRecord &r)
{
    using Kind = EventRecord::Kind;
    switch (r.kind) {
    case Kind::Frame:
        if (r.direction != Direction::In)
            return;
        run.sentFrames = true;
        if (r.protocolError != 0) {
            if (r.opcode == OpClose && r.payload.size() >= 2)
                run.observed << QStringLiteral("sent close %1 '%2', itself invalid (%3)")
                                    .arg((quint8(r.payload[0]) << 8) | quint8(r.payload[1]))
                                    .arg(QString::fromUtf8(r.payload.mid(2)), r.text);
            else
                run.observed << QStringLiteral("sent an invalid %1 frame (%2)")
                                    .arg(opcodeWord(r.opcode), r.text);
            if (run.accepted.isEmpty())
                run.accepted = run.observed.last();
            return;
        }
        if (r.opcode == OpPong) {
            run.pongs << r.payload;
            run.observed << QStringLiteral("pong %1").arg(
                describeBytes(r.payload, r.payloadLength));
        } else if (r.opcode == OpClose) {
            run.clientClose = r.payload.size() >= 2
                                  ? (quint8(r.payload[0]) << 8) | quint8(r.payload[1])
                                  : int(CloseStatusError);
            run.clientReason = r.payload.mid(2);
            if (r.payload.size() < 2)
                run.observed << QStringLiteral("close without a code");
            else if (run.clientReason.isEmpty())
                run.observed << QStringLiteral("close %1").arg(run.clientClose);
            else
                run.observed << QStringLiteral("close %1 '%2'")
                                    .arg(run.clientClose)
                                    .arg(QString::fromUtf8(run.clientReason));
        } else if (r.opcode == OpPing) {
            run.observed << QStringLiteral("ping %1").arg(
                describeBytes(r.payload, r.payloadLength));
        } else if (run.serverClosed) {
            // Not assembled by the server after its close: the frame itself is the evidence.
            run.dataAfterClose = true;
            run.observed << QStringLiteral("%1 frame after the server's close: %2")
                                .arg(opcodeWord(r.opcode),
                                     describeBytes(r.payload, r.payloadLength));
        }
        return;
    case Kind::Message: {
        if (r.direction != Direction::In)
            return;
        run.observed << QStringLiteral("echoed %1 %2")
                            .arg(opcodeWord(r.opcode), describeBytes(r.payload, r.messageLength));
        if (run.accepted.isEmpty())
            run.accepted = run.observed.last();
        const auto &expected = run.scenario->messages;
        if (run.echoed >= expected.size()) {
            if (run.mismatch.isEmpty())
                run.mismatch = QStringLiteral("an extra message: %1").arg(run.observed.last());
            return;
        }
        const Scenario::Message &m = expected[run.echoed];
        // The record keeps a prefix of a long payload: its length and that prefix must match,
        // and the whole message when onMessage() saw it.
        bool same = r.opcode == m.opcode && r.messageLength == m.size() &&
                    m.prefix(r.payload.size()) == r.payload;
        if (r.payloadTruncated) {
            QMutexLocker locker(&m_mutex);
            QList<Digest> &digests = m_digests[run.result.fd];
            while (!digests.isEmpty() && digests.front().length != r.messageLength)
                digests.removeFirst();
            if (!digests.isEmpty()) {
                const QByteArray sha1 = digests.takeFirst().sha1;
                locker.unlock();
                same = same && sha1 == m.sha1();
            }
        }
        if (same)
            ++run.echoed;
        else if (run.mismatch.isEmpty())
            run.mismatch = QStringLiteral("expected %1 %2%3, got %4")
                               .arg(opcodeWord(m.opcode), describeBytes(m.prefix(24), m.size()),
                                    expected.size() > 1 ? QStringLiteral(" (message %1 of %2)")
                                                              .arg(run.echoed + 1)
                                                              .arg(expected.size())
                                                        : QString(),
                                    run.observed.last());
        return;
    }
    case Kind::ProtocolError:
        if (run.observed.isEmpty() || !run.observed.last().startsWith(QLatin1String("sent ")))
            run.observed << QStringLiteral("broke a rule: %1").arg(r.text);
        if (run.accepted.isEmpty())
            run.accepted = run.observed.last();
        return;
    case Kind::Closed:
    case Kind::Disconnected:
        run.gone = true;
        if (run.clientClose < 0 && r.initiator == Initiator::Abnormal) {
            run.goneWithoutClose = true;
            run.observed << QStringLiteral("closed TCP without a close frame");
        } else {
            run.observed << QStringLiteral("connection closed (%1)")
                                .arg(r.text.isEmpty() ? QStringLiteral("closing handshake complete")
                                                      : r.text);
        }
        return;
    default:
        return;
    }
}

void ScenarioRunner::evaluate(Run &run, bool timedOut)
{
    if (run.result.verdict != Verdict::Pending)
        return;
    const Scenario &s = *run.scenario;
    const QString did = run.observed.isEmpty() ? QStringLiteral("nothing")
                                               : run.observed.join(QStringLiteral("; "));
    const QString waited =
        timedOut ? QStringLiteral(" (within %1 ms)").arg(run.timer->interval()) : QString();
    auto fail = [&](const QString &what) {
        conclude(run, Verdict::Fail,
                 QStringLiteral("expected: %1; client did: %2%3").arg(s.expectation, what, waited));
    };
    switch (s.expect) {
    case Scenario::Expect::Echo: {
        if (!run.mismatch.isEmpty())
            return fail(run.mismatch);
        const bool echoed = run.echoed == s.messages.size();
        const bool ponged = s.pongs.isEmpty() || run.pongs.contains(s.pongs.last());
        if (echoed && ponged && run.stepsDone) {
            QString note;
            if (s.pongs.size() > 1)
                note = QStringLiteral(" (%1 of %2 pings answered)")
                           .arg(run.pongs.size())
                           .arg(s.pongs.size());
            return conclude(run, Verdict::Pass, did + note);
        }
        if (run.clientClose >= 0 || run.gone || timedOut)
            return fail(did);
        return;
    }
    case Scenario::Expect::Reject:
        if (run.clientClose >= 0) {
            if (s.codes.contains(quint16(run.clientClose)) && run.accepted.isEmpty())
                return conclude(run, Verdict::Pass, did);
            return fail(did);
        }
        if (!run.accepted.isEmpty() || !run.pongs.isEmpty())
            return fail(did);
        if (run.goneWithoutClose)
            return conclude(run, Verdict::Informational,
                            QStringLiteral("%1: failed the connection without a close frame "
                                           "(RFC 6455 §7.1.7: it SHOULD send one with the code)")
                                .arg(did));
        if (timedOut)
            return fail(did);
        return;
    case Scenario::Expect::CloseReply:
        if (run.dataAfterClose || !run.accepted.isEmpty())
            return fail(did);
        if (run.clientClose >= 0 && run.stepsDone)
            return conclude(run, Verdict::Pass, did);
        if (run.gone || timedOut)
            return fail(did);
        return;
    case Scenario::Expect::GiveUp:
        if (!run.accepted.isEmpty())
            return fail(did);
        if (run.gone && run.stepsDone) {
            if (s.needsClientClose && run.clientClose < 0)
                return conclude(run, Verdict::Informational,
                                QStringLiteral("%1: it did not send a close frame, so it never "
                                               "waited for the server's answer")
                                    .arg(did));
            return conclude(run, Verdict::Pass, did);
        }
        if (timedOut)
            return fail(did);
        return;
    case Scenario::Expect::HandshakeFail: {
        const bool frames = run.clientClose >= 0 || !run.accepted.isEmpty() ||
                            !run.pongs.isEmpty() || run.dataAfterClose || run.sentFrames;
        if (frames)
            return fail(QStringLiteral("%1: it treated the connection as open").arg(did));
        if (run.gone)
            return conclude(run, Verdict::Pass, did);
        if (timedOut) {
            if (s.handshake >= Scenario::Handshake::Status200)
                return conclude(run, Verdict::Pass,
                                QStringLiteral("no frame; the HTTP connection stayed open"));
            return fail(did);
        }
        return;
    }
    case Scenario::Expect::Observe:
        if (run.stepsDone &&
            (timedOut || run.gone || run.clientClose >= 0 || !run.accepted.isEmpty() ||
             (!s.steps.empty() && s.steps.front().kind == ScenarioStep::Kind::DropTcp)))
            return conclude(run, Verdict::Informational,
                            QStringLiteral("client did: %1%2; %3")
                                .arg(did,
                                     run.gone ? QStringLiteral(" (after %1 ms)")
                                                    .arg((wallUs() - run.result.startedUs) / 1000)
                                              : QString(),
                                     s.expectation));
        return;
    }
}

void ScenarioRunner::conclude(Run &run, Verdict verdict, const QString &detail)
{
    run.result.verdict = verdict;
    run.result.detail = detail;
    run.result.observed = run.observed.isEmpty() ? QStringLiteral("nothing")
                                                 : run.observed.join(QStringLiteral("; "));
    run.result.durationMs = (wallUs() - run.result.startedUs) / 1000;
    if (run.timer)
        run.timer->deleteLater();
    run.timer = nullptr;
    const int fd = run.result.fd;
    const ScenarioResult result = run.result;
    const bool gone = run.gone;
    const bool closing = run.serverClosed || run.clientClose >= 0;
    bool held = false;
    if (run.scenario)
        for (const ScenarioStep &st : run.scenario->steps)
            held = held || st.kind == ScenarioStep::Kind::HoldReading;
    m_runs.remove(fd); // `run` may be gone from here
    addResult(result);
    emit runFinished(result);
    if (!gone && m_server.exist(fd)) {
        // The connection served its scenario: end it cleanly where it still can be.
        if (held)
            m_server.holdReading(fd, false);
        if (!closing && m_server.isEstablished(fd))
            m_server.disconnect(fd, CloseNormal,
                                QStringLiteral("scenario %1: %2")
                                    .arg(result.name, QLatin1String(verdictName(verdict)))
                                    .left(100)
                                    .toUtf8());
        else
            m_server.close(fd);
    }
}

QByteArray ScenarioRunner::catalogJson()
{
    QJsonArray list;
    for (const Scenario &s : scenarioCatalog()) {
        QJsonObject o;
        o[QStringLiteral("name")] = s.name;
        o[QStringLiteral("category")] = s.category;
        o[QStringLiteral("description")] = s.description;
        o[QStringLiteral("expectation")] = s.expectation;
        o[QStringLiteral("rfc")] = s.rfc;
        o[QStringLiteral("timeout_ms")] = s.timeoutMs;
        list.append(o);
    }
    QJsonObject root;
    root[QStringLiteral("scenarios")] = list;
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

QByteArray ScenarioRunner::reportJson(const QList<ScenarioResult> &results)
{
    QJsonArray list;
    int failed = 0;
    for (const ScenarioResult &r : results) {
        QJsonObject o;
        o[QStringLiteral("id")] = r.id;
        o[QStringLiteral("agent")] = r.agent;
        o[QStringLiteral("name")] = r.name;
        o[QStringLiteral("fd")] = r.fd;
        o[QStringLiteral("verdict")] = QLatin1String(verdictName(r.verdict));
        o[QStringLiteral("rfc")] = r.rfc;
        o[QStringLiteral("expected")] = r.expected;
        o[QStringLiteral("observed")] = r.observed;
        o[QStringLiteral("detail")] = r.detail;
        o[QStringLiteral("duration_ms")] = r.durationMs;
        list.append(o);
        failed += r.verdict == Verdict::Fail;
    }
    QJsonObject root;
    root[QStringLiteral("runs")] = list;
    root[QStringLiteral("failed")] = failed;
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

QByteArray ScenarioRunner::reportJUnit(const QList<ScenarioResult> &results)
{
    QByteArray out;
    QXmlStreamWriter xml(&out);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    int failures = 0;
    int skipped = 0;
    qint64 totalMs = 0;
    for (const ScenarioResult &r : results) {
        failures += r.verdict == Verdict::Fail;
        skipped += r.verdict == Verdict::Informational || r.verdict == Verdict::Pending;
        totalMs += r.durationMs;
    }
    xml.writeStartElement(QStringLiteral("testsuite"));
    xml.writeAttribute(QStringLiteral("name"), QStringLiteral("framescope-scenarios"));
    xml.writeAttribute(QStringLiteral("tests"), QString::number(results.size()));
    xml.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    xml.writeAttribute(QStringLiteral("skipped"), QString::number(skipped));
    xml.writeAttribute(QStringLiteral("time"), QString::number(totalMs / 1000.0, 'f', 3));
    for (const ScenarioResult &r : results) {
        xml.writeStartElement(QStringLiteral("testcase"));
        xml.writeAttribute(QStringLiteral("classname"),
                           r.agent.isEmpty() ? QStringLiteral("framescope")
                                             : QStringLiteral("framescope.") + r.agent);
        xml.writeAttribute(QStringLiteral("name"), r.name);
        xml.writeAttribute(QStringLiteral("time"), QString::number(r.durationMs / 1000.0, 'f', 3));
        if (r.verdict == Verdict::Fail) {
            xml.writeStartElement(QStringLiteral("failure"));
            xml.writeAttribute(QStringLiteral("message"), r.detail);
            xml.writeCharacters(QStringLiteral("%1\nexpected: %2\nobserved: %3\n")
                                    .arg(r.rfc, r.expected, r.observed));
            xml.writeEndElement();
        } else if (r.verdict != Verdict::Pass) {
            xml.writeStartElement(QStringLiteral("skipped"));
            xml.writeAttribute(
                QStringLiteral("message"),
                QStringLiteral("%1: %2").arg(QLatin1String(verdictName(r.verdict)), r.detail));
            xml.writeEndElement();
        }
        xml.writeTextElement(QStringLiteral("system-out"),
                             QStringLiteral("%1\nobserved: %2\n").arg(r.rfc, r.observed));
        xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndDocument();
    return out;
}

} // namespace framescope
