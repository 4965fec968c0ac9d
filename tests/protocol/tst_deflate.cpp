// RFC 7692 permessage-deflate: negotiation table, the §7.2.3 wire examples byte for byte,
// context takeover per direction, bounded inflate, and a round-trip property test checked
// against a strict zlib peer that uses exactly the agreed window.
#include "protocol/deflate.h"
#include "protocol/messageassembler.h"

#include <QRandomGenerator>
#include <QTest>

#include <zlib.h>

#include <memory>

using namespace framescope;

namespace {

QByteArray hex(const char *text)
{
    return QByteArray::fromHex(QByteArray(text));
}

// Sec-WebSocket-Extensions → offers, independent of the handshake parser under test
// elsewhere: "a; b=1; c=\"2\", d" (no commas inside quotes in these fixtures).
QList<ExtensionOffer> offers(const QByteArray &header)
{
    QList<ExtensionOffer> list;
    for (const QByteArray &item : header.split(',')) {
        if (item.trimmed().isEmpty())
            continue;
        const QList<QByteArray> parts = item.split(';');
        ExtensionOffer offer;
        offer.name = parts.first().trimmed();
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QByteArray part = parts[i].trimmed();
            ExtensionParam param;
            const qsizetype eq = part.indexOf('=');
            if (eq < 0) {
                param.name = part;
            } else {
                param.name = part.left(eq).trimmed();
                QByteArray value = part.mid(eq + 1).trimmed();
                if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
                    value = value.mid(1, value.size() - 2);
                param.value = value;
            }
            offer.params << param;
        }
        list << offer;
    }
    return list;
}

// A peer that inflates with exactly `bits` of window (not our always-15 inflater), so a
// compressor that reaches further back than agreed fails here.
class StrictInflater
{
public:
    // `outputStep` 1 makes zlib check every distance against the window alone (larger
    // steps also allow references into the current output buffer).
    StrictInflater(int bits, bool noContextTakeover, int outputStep = 4096)
        : m_reset(noContextTakeover), m_step(outputStep)
    {
        m_ok = inflateInit2(&m_z, -bits) == Z_OK;
    }
    ~StrictInflater() { inflateEnd(&m_z); }
    StrictInflater(const StrictInflater &) = delete;
    StrictInflater &operator=(const StrictInflater &) = delete;

    std::optional<QByteArray> inflateMessage(QByteArray payload)
    {
        if (!m_ok)
            return std::nullopt;
        payload.append(hex("0000ffff"));
        QByteArray out;
        m_z.next_in = reinterpret_cast<Bytef *>(payload.data());
        m_z.avail_in = uInt(payload.size());
        std::array<char, 4096> buf;
        do {
            m_z.next_out = reinterpret_cast<Bytef *>(buf.data());
            m_z.avail_out = uInt(m_step);
            const int rc = ::inflate(&m_z, Z_SYNC_FLUSH);
            if (rc != Z_OK && rc != Z_BUF_ERROR)
                return std::nullopt;
            out.append(buf.data(), qsizetype(m_step - int(m_z.avail_out)));
        } while (m_z.avail_in > 0 || m_z.avail_out == 0);
        if (m_reset)
            inflateReset(&m_z);
        return out;
    }

private:
    z_stream m_z{};
    bool m_ok = false;
    bool m_reset;
    int m_step;
};

DeflateParams makeParams(bool serverNct, bool clientNct, int serverBits, int clientBits)
{
    DeflateParams p;
    p.serverNoContextTakeover = serverNct;
    p.clientNoContextTakeover = clientNct;
    p.serverMaxWindowBits = serverBits;
    p.clientMaxWindowBits = clientBits;
    return p;
}

// Feeds one message as the given fragments, each call with the room left for the message
// (as MessageAssembler does); returns the error of the first failing one.
ProtocolError inflateFragments(PerMessageDeflate &pmd, const QList<QByteArray> &fragments,
                               qint64 maxOutput, QByteArray &out)
{
    const qsizetype start = out.size();
    for (qsizetype i = 0; i < fragments.size(); ++i) {
        const qint64 room = maxOutput - (out.size() - start);
        const ProtocolError e = pmd.inflate(fragments[i], i + 1 == fragments.size(), room, out);
        if (e != ProtocolError::None)
            return e;
    }
    return ProtocolError::None;
}

} // namespace

using Fragments = QList<QByteArray>;
using Messages = QList<Fragments>;

class TestDeflate final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void negotiation_data();
    void negotiation();
    void rfcCompress_data();
    void rfcCompress();
    void rfcInflate_data();
    void rfcInflate();
    void emptyMessages();
    void inflateAppendsToOut();
    void fragmentedNearTheLimit();
    void throughMessageAssembler_data();
    void throughMessageAssembler();
    void inflateBomb_data();
    void inflateBomb();
    void limitBoundary_data();
    void limitBoundary();
    void windowCompliance_data();
    void windowCompliance();
    void roundTripProperty();
    void largeMessage();
    void compressedFragments();
    void standaloneMessages_data();
    void standaloneMessages();
    void standaloneChosenOnlyWhereValid();
};

void TestDeflate::negotiation_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<int>("configBits");
    QTest::addColumn<bool>("forceServerNct");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<QList<int>>("params");    // serverNct, clientNct, serverBits, clientBits
    QTest::addColumn<QStringList>("declined"); // substrings of declinedReasons; empty: none

    const QList<int> plain{0, 0, 15, 15};
    auto ok = [](const char *name, const QByteArray &header, const QByteArray &response,
                 const QList<int> &params, int configBits = 15, bool force = false,
                 const QStringList &declined = {}) {
        QTest::newRow(name) << header << configBits << force << true << response << params
                            << declined;
    };
    auto no = [](const char *name, const QByteArray &header, const QStringList &declined) {
        QTest::newRow(name) << header << 15 << false << false << QByteArray() << QList<int>()
                            << declined;
    };

    // Each parameter alone.
    ok("plain", "permessage-deflate", "permessage-deflate", plain);
    ok("server_no_context_takeover", "permessage-deflate; server_no_context_takeover",
       "permessage-deflate; server_no_context_takeover", {1, 0, 15, 15});
    ok("client_no_context_takeover", "permessage-deflate; client_no_context_takeover",
       "permessage-deflate; client_no_context_takeover", {0, 1, 15, 15});
    ok("server_max_window_bits=10", "permessage-deflate; server_max_window_bits=10",
       "permessage-deflate; server_max_window_bits=10", {0, 0, 10, 15});
    ok("server_max_window_bits=9", "permessage-deflate; server_max_window_bits=9",
       "permessage-deflate; server_max_window_bits=9", {0, 0, 9, 15});
    ok("server_max_window_bits=15", "permessage-deflate; server_max_window_bits=15",
       "permessage-deflate; server_max_window_bits=15", plain);
    ok("server_max_window_bits quoted", "permessage-deflate; server_max_window_bits=\"12\"",
       "permessage-deflate; server_max_window_bits=12", {0, 0, 12, 15});
    ok("client_max_window_bits no value", "permessage-deflate; client_max_window_bits",
       "permessage-deflate", plain);
    ok("client_max_window_bits=10", "permessage-deflate; client_max_window_bits=10",
       "permessage-deflate; client_max_window_bits=10", {0, 0, 15, 10});
    ok("client_max_window_bits=8", "permessage-deflate; client_max_window_bits=8",
       "permessage-deflate; client_max_window_bits=8", {0, 0, 15, 8});

    // Combinations and configuration.
    ok("all four",
       "permessage-deflate; client_max_window_bits=9; server_max_window_bits=12; "
       "client_no_context_takeover; server_no_context_takeover",
       "permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
       "server_max_window_bits=12; client_max_window_bits=9",
       {1, 1, 12, 9});
    ok("both no_context_takeover",
       "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
       "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
       {1, 1, 15, 15});
    ok("config caps offered server bits", "permessage-deflate; server_max_window_bits=13",
       "permessage-deflate; server_max_window_bits=11", {0, 0, 11, 15}, 11);
    ok("offered server bits below config", "permessage-deflate; server_max_window_bits=10",
       "permessage-deflate; server_max_window_bits=10", {0, 0, 10, 15}, 12);
    // §7.1.2.1: not offered, so not announced; a smaller window is still used.
    ok("config bits not offered", "permessage-deflate", "permessage-deflate", {0, 0, 10, 15}, 10);
    ok("config bits 8 clamps to 9", "permessage-deflate; server_max_window_bits=12",
       "permessage-deflate; server_max_window_bits=9", {0, 0, 9, 15}, 8);
    ok("forced server_no_context_takeover", "permessage-deflate",
       "permessage-deflate; server_no_context_takeover", {1, 0, 15, 15}, 15, true);
    ok("name case-insensitive", "PerMessage-Deflate; Server_No_Context_Takeover",
       "permessage-deflate; server_no_context_takeover", {1, 0, 15, 15});
    ok("whitespace", "  permessage-deflate ;  client_max_window_bits = 11 ",
       "permessage-deflate; client_max_window_bits=11", {0, 0, 15, 11});

    // Invalid single offers: declined, handshake continues without compression.
    no("unknown parameter", "permessage-deflate; foo", {"offer 1", "unknown parameter foo"});
    no("unknown parameter with value", "permessage-deflate; x=1", {"unknown parameter x"});
    no("duplicated server_no_context_takeover",
       "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
       {"duplicated parameter server_no_context_takeover"});
    no("duplicated client_no_context_takeover",
       "permessage-deflate; client_no_context_takeover; client_no_context_takeover",
       {"duplicated"});
    no("duplicated server_max_window_bits",
       "permessage-deflate; server_max_window_bits=10; server_max_window_bits=10",
       {"duplicated parameter server_max_window_bits"});
    no("duplicated client_max_window_bits",
       "permessage-deflate; client_max_window_bits; client_max_window_bits=10",
       {"duplicated parameter client_max_window_bits"});
    no("server bits missing value", "permessage-deflate; server_max_window_bits",
       {"server_max_window_bits needs a value"});
    no("server bits 7", "permessage-deflate; server_max_window_bits=7", {"invalid value \"7\""});
    no("server bits 16", "permessage-deflate; server_max_window_bits=16", {"invalid value \"16\""});
    no("server bits abc", "permessage-deflate; server_max_window_bits=abc",
       {"invalid value \"abc\""});
    no("server bits leading zero", "permessage-deflate; server_max_window_bits=09",
       {"invalid value \"09\""});
    no("server bits empty", "permessage-deflate; server_max_window_bits=", {"invalid value"});
    no("server bits sign", "permessage-deflate; server_max_window_bits=+9", {"invalid value"});
    no("client bits 7", "permessage-deflate; client_max_window_bits=7", {"invalid value \"7\""});
    no("client bits 16", "permessage-deflate; client_max_window_bits=16", {"invalid value \"16\""});
    no("client bits abc", "permessage-deflate; client_max_window_bits=abc",
       {"invalid value \"abc\""});
    no("value on server_no_context_takeover", "permessage-deflate; server_no_context_takeover=1",
       {"server_no_context_takeover must not have a value"});
    no("value on client_no_context_takeover", "permessage-deflate; client_no_context_takeover=true",
       {"client_no_context_takeover must not have a value"});
    no("empty value on no_context_takeover",
       "permessage-deflate; client_no_context_takeover=", {"must not have a value"});
    // zlib has no raw 256-byte window, but its 9-bit one stays within 250 bytes: accepted
    // and answered with 8 (RFC 7692 §7.1.2.1), not declined (see deflate.h).
    ok("server_max_window_bits=8", "permessage-deflate; server_max_window_bits=8",
       "permessage-deflate; server_max_window_bits=8", {0, 0, 8, 15});
    ok("server_max_window_bits=8 capped config", "permessage-deflate; server_max_window_bits=8",
       "permessage-deflate; server_max_window_bits=8", {0, 0, 8, 15}, 12);

    // Several offers: the first acceptable one wins.
    // Autobahn 13.7's offers: the first (server bits 8) is acceptable and wins.
    ok("server bits 8 before fallback",
       "permessage-deflate; server_max_window_bits=8; client_max_window_bits, "
       "permessage-deflate; client_max_window_bits",
       "permessage-deflate; server_max_window_bits=8", {0, 0, 8, 15});
    ok("fallback after unknown",
       "permessage-deflate; foo, permessage-deflate; "
       "server_no_context_takeover",
       "permessage-deflate; server_no_context_takeover", {1, 0, 15, 15}, 15, false,
       {"offer 1 declined: unknown parameter foo"});
    ok("first acceptable wins",
       "permessage-deflate; server_max_window_bits=10, permessage-deflate; "
       "server_no_context_takeover",
       "permessage-deflate; server_max_window_bits=10", {0, 0, 10, 15});
    ok("other extension first", "x-webkit-deflate-frame, permessage-deflate", "permessage-deflate",
       plain);
    ok("third offer",
       "permessage-deflate; a, permessage-deflate; server_max_window_bits=99, "
       "permessage-deflate; client_no_context_takeover",
       "permessage-deflate; client_no_context_takeover", {0, 1, 15, 15}, 15, false,
       {"offer 1 declined", "offer 2 declined"});
    no("all offers invalid", "permessage-deflate; a, permessage-deflate; server_max_window_bits=16",
       {"offer 1 declined: unknown parameter a", "offer 2 declined: invalid value \"16\""});
    no("only another extension", "x-webkit-deflate-frame", {});
    no("no offers", "", {});
}

void TestDeflate::negotiation()
{
    QFETCH(QByteArray, header);
    QFETCH(int, configBits);
    QFETCH(bool, forceServerNct);
    QFETCH(bool, accepted);
    QFETCH(QByteArray, response);
    QFETCH(QList<int>, params);
    QFETCH(QStringList, declined);

    DeflateConfig config;
    config.serverMaxWindowBits = configBits;
    config.serverNoContextTakeover = forceServerNct;
    const DeflateNegotiation n = negotiatePerMessageDeflate(offers(header), config);
    QCOMPARE(n.accepted, accepted);
    if (declined.isEmpty())
        QVERIFY2(n.declinedReasons.isEmpty(), qPrintable(n.declinedReasons));
    for (const QString &part : declined)
        QVERIFY2(n.declinedReasons.contains(part), qPrintable(n.declinedReasons));
    if (!accepted) {
        QVERIFY(n.responseValue.isEmpty());
        return;
    }
    QCOMPARE(n.responseValue, response);
    QCOMPARE(int(n.params.serverNoContextTakeover), params[0]);
    QCOMPARE(int(n.params.clientNoContextTakeover), params[1]);
    QCOMPARE(n.params.serverMaxWindowBits, params[2]);
    QCOMPARE(n.params.clientMaxWindowBits, params[3]);
}

void TestDeflate::rfcCompress_data()
{
    QTest::addColumn<bool>("serverRole");
    QTest::addColumn<bool>("noContextTakeover"); // for our sending direction
    QTest::addColumn<QByteArrayList>("messages");
    QTest::addColumn<QByteArrayList>("expected"); // hex

    // RFC 7692 §7.2.3.1 and §7.2.3.2 (the second "Hello" refers back to the first).
    QTest::newRow("server shared window") << true << false << QByteArrayList{"Hello", "Hello"}
                                          << QByteArrayList{"f248cdc9c90700", "f200110000"};
    QTest::newRow("client shared window") << false << false << QByteArrayList{"Hello", "Hello"}
                                          << QByteArrayList{"f248cdc9c90700", "f200110000"};
    QTest::newRow("server_no_context_takeover")
        << true << true << QByteArrayList{"Hello", "Hello", "Hello"}
        << QByteArrayList{"f248cdc9c90700", "f248cdc9c90700", "f248cdc9c90700"};
    QTest::newRow("client_no_context_takeover")
        << false << true << QByteArrayList{"Hello", "Hello"}
        << QByteArrayList{"f248cdc9c90700", "f248cdc9c90700"};
    // RFC 7692 §7.2.3.6: an empty message is one empty stored block minus the tail.
    QTest::newRow("empty") << true << false << QByteArrayList{""} << QByteArrayList{"00"};
    QTest::newRow("empty keeps the window") << true << false << QByteArrayList{"Hello", "", "Hello"}
                                            << QByteArrayList{"f248cdc9c90700", "00", "f200110000"};
}

void TestDeflate::rfcCompress()
{
    QFETCH(bool, serverRole);
    QFETCH(bool, noContextTakeover);
    QFETCH(QByteArrayList, messages);
    QFETCH(QByteArrayList, expected);

    DeflateParams p;
    (serverRole ? p.serverNoContextTakeover : p.clientNoContextTakeover) = noContextTakeover;
    PerMessageDeflate pmd(p, serverRole ? Role::Server : Role::Client);
    // The peer must read what we wrote with the same agreed parameters.
    PerMessageDeflate peer(p, serverRole ? Role::Client : Role::Server);
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const QByteArray wire = pmd.compress(messages[i]);
        QCOMPARE(wire.toHex(), expected[i]);
        QByteArray out;
        QCOMPARE(peer.inflate(wire, true, 1000, out), ProtocolError::None);
        QCOMPARE(out, messages[i]);
    }
}

void TestDeflate::rfcInflate_data()
{
    QTest::addColumn<bool>("peerNoContextTakeover");
    QTest::addColumn<Messages>("messages"); // each message as hex fragments
    QTest::addColumn<QByteArrayList>("expected");
    QTest::addColumn<int>("lastError"); // ProtocolError of the last message

    const int none = int(ProtocolError::None);
    const int inflateFailed = int(ProtocolError::InflateFailed);
    // RFC 7692 §7.2.3.1
    QTest::newRow("7.2.3.1 one block")
        << false << Messages{{"f248cdc9c90700"}} << QByteArrayList{"Hello"} << none;
    QTest::newRow("7.2.3.1 fragmented")
        << false << Messages{{"f248cd", "c9c90700"}} << QByteArrayList{"Hello"} << none;
    // RFC 7692 §7.2.3.2
    QTest::newRow("7.2.3.2 shared window") << false << Messages{{"f248cdc9c90700"}, {"f200110000"}}
                                           << QByteArrayList{"Hello", "Hello"} << none;
    // RFC 7692 §7.2.3.3 (the payload ends with the 0x00 of the empty stored block)
    QTest::newRow("7.2.3.3 no compression")
        << false << Messages{{"000500faff48656c6c6f00"}} << QByteArrayList{"Hello"} << none;
    // RFC 7692 §7.2.3.4
    QTest::newRow("7.2.3.4 BFINAL")
        << false << Messages{{"f348cdc9c9070000"}} << QByteArrayList{"Hello"} << none;
    // After a final block the next message is a new stream that may still refer back.
    QTest::newRow("BFINAL then shared window")
        << false << Messages{{"f348cdc9c9070000"}, {"f200110000"}, {"f200110000"}}
        << QByteArrayList{"Hello", "Hello", "Hello"} << none;
    QTest::newRow("BFINAL fragmented, data after the final block")
        << false << Messages{{"f348cd", "c9c90700", "00"}, {"f248cdc9c90700"}}
        << QByteArrayList{"Hello", "Hello"} << none;
    // RFC 7692 §7.2.3.5
    QTest::newRow("7.2.3.5 two blocks")
        << false << Messages{{"f248050000 00ffff cac9c90700"}} << QByteArrayList{"Hello"} << none;
    QTest::newRow("7.2.3.5 two blocks as two fragments")
        << false << Messages{{"f24805000000ffff", "cac9c90700"}} << QByteArrayList{"Hello"} << none;
    QTest::newRow("empty fragment in the middle")
        << false << Messages{{"f248cd", "", "c9c90700"}} << QByteArrayList{"Hello"} << none;
    QTest::newRow("empty payload is an empty message")
        << false << Messages{{""}, {"f248cdc9c90700"}, {"", ""}, {"f200110000"}}
        << QByteArrayList{"", "Hello", "", "Hello"} << none;
    QTest::newRow("single 0x00 is an empty message")
        << false << Messages{{"00"}, {"f248cdc9c90700"}} << QByteArrayList{"", "Hello"} << none;
    // client_no_context_takeover: the window is emptied, so a back reference is corrupt.
    QTest::newRow("no_context_takeover resets the window")
        << true << Messages{{"f248cdc9c90700"}, {"f248cdc9c90700"}, {"f200110000"}}
        << QByteArrayList{"Hello", "Hello", ""} << inflateFailed;
    QTest::newRow("reserved block type")
        << false << Messages{{"ffffff"}} << QByteArrayList{""} << inflateFailed;
    QTest::newRow("distance too far back")
        << false << Messages{{"f200110000"}} << QByteArrayList{""} << inflateFailed;
    // The stored example without its last byte: the re-added tail cannot end a block.
    QTest::newRow("truncated stored block")
        << false << Messages{{"000500faff48656c6c6f"}} << QByteArrayList{""} << inflateFailed;
    QTest::newRow("stored block length mismatch")
        << false << Messages{{"000500fbff48656c6c6f00"}} << QByteArrayList{""} << inflateFailed;
}

void TestDeflate::rfcInflate()
{
    QFETCH(bool, peerNoContextTakeover);
    QFETCH(Messages, messages);
    QFETCH(QByteArrayList, expected);
    QFETCH(int, lastError);

    // Mode 0: fragments as given. Mode 1: every message split into single bytes. Modes
    // 2+k: every message joined, then split in two at byte k.
    qsizetype longest = 0;
    for (const Fragments &m : messages)
        longest = std::max(longest, hex(m.join().constData()).size());
    for (qsizetype mode = 0; mode < 2 + longest + 1; ++mode) {
        PerMessageDeflate pmd(makeParams(false, peerNoContextTakeover, 15, 15), Role::Server);
        for (qsizetype i = 0; i < messages.size(); ++i) {
            Fragments fragments;
            const QByteArray whole = hex(messages[i].join().constData());
            if (mode == 0) {
                for (const QByteArray &f : messages[i])
                    fragments << hex(f.constData());
            } else if (mode == 1) {
                for (char c : whole)
                    fragments << QByteArray(1, c);
                if (fragments.isEmpty())
                    fragments << QByteArray();
            } else {
                const qsizetype k = std::min(mode - 2, whole.size());
                fragments << whole.left(k) << whole.mid(k);
            }
            QByteArray out;
            const ProtocolError e = inflateFragments(pmd, fragments, 1 << 20, out);
            const int none = int(ProtocolError::None);
            const bool last = i + 1 == messages.size();
            QVERIFY2(
                int(e) == (last ? lastError : none),
                qPrintable(QStringLiteral("mode %1 message %2: %3").arg(mode).arg(i).arg(int(e))));
            if (e != ProtocolError::None)
                break;
            QCOMPARE(out, expected[i]);
        }
    }
}

void TestDeflate::emptyMessages()
{
    for (bool nct : {false, true}) {
        PerMessageDeflate server(makeParams(nct, nct, 15, 15), Role::Server);
        PerMessageDeflate client(makeParams(nct, nct, 15, 15), Role::Client);
        const QByteArrayList messages{"", "abcabcabc", "", "", "abcabcabc", ""};
        for (const QByteArray &m : messages) {
            const QByteArray wire = client.compress(m);
            QVERIFY(!wire.isEmpty()); // never an empty payload from us
            QByteArray out;
            QCOMPARE(server.inflate(wire, true, 100, out), ProtocolError::None);
            QCOMPARE(out, m);
        }
    }
}

void TestDeflate::inflateAppendsToOut()
{
    PerMessageDeflate pmd(DeflateParams{}, Role::Server);
    QByteArray out = "prefix:";
    // maxOutput bounds what one call appends, whatever `out` held before.
    QCOMPARE(pmd.inflate(hex("f248cd"), false, 5, out), ProtocolError::None);
    const qint64 room = 5 - (out.size() - 7);
    QCOMPARE(pmd.inflate(hex("c9c90700"), true, room, out), ProtocolError::None);
    QCOMPARE(out, QByteArray("prefix:Hello"));
    // One byte less room for the message: too big, in whichever call it shows.
    PerMessageDeflate pmd2(DeflateParams{}, Role::Server);
    out = "prefix:";
    QCOMPARE(inflateFragments(pmd2, {hex("f248cd"), hex("c9c90700")}, 4, out),
             ProtocolError::MessageTooBig);
    QVERIFY(out.size() <= 7 + 4);
}

void TestDeflate::fragmentedNearTheLimit()
{
    // A message between half the limit and the limit, in many fragments, must pass: the
    // room shrinks per call but is not counted twice.
    QByteArray message;
    for (int i = 0; message.size() < 300000; ++i)
        message += "line " + QByteArray::number(i * 7919 % 100003) + '\n';
    PerMessageDeflate sender(DeflateParams{}, Role::Client);
    const QByteArray wire = sender.compress(message);
    Fragments fragments;
    for (qsizetype at = 0; at < wire.size(); at += 1000)
        fragments << wire.mid(at, 1000);
    for (qint64 limit :
         {qint64(message.size()), qint64(message.size()) + 1, qint64(message.size()) * 3 / 2}) {
        PerMessageDeflate receiver(DeflateParams{}, Role::Server);
        QByteArray out;
        QCOMPARE(inflateFragments(receiver, fragments, limit, out), ProtocolError::None);
        QVERIFY(out == message);
    }
    PerMessageDeflate receiver(DeflateParams{}, Role::Server);
    QByteArray out;
    QCOMPARE(inflateFragments(receiver, fragments, message.size() - 1, out),
             ProtocolError::MessageTooBig);
}

void TestDeflate::throughMessageAssembler_data()
{
    QTest::addColumn<int>("messageSize");
    QTest::addColumn<int>("maxMessageSize");
    QTest::addColumn<int>("frameSize"); // compressed bytes per frame
    QTest::addColumn<int>("error");     // ProtocolError

    const int none = int(ProtocolError::None);
    const int tooBig = int(ProtocolError::MessageTooBig);
    QTest::newRow("3/4 of the limit, 1 frame") << 750000 << 1000000 << 0 << none;
    QTest::newRow("3/4 of the limit, 500-byte frames") << 750000 << 1000000 << 500 << none;
    QTest::newRow("exactly the limit, 97-byte frames") << 1000000 << 1000000 << 97 << none;
    QTest::newRow("one byte over, 97-byte frames") << 1000001 << 1000000 << 97 << tooBig;
    QTest::newRow("one byte over, 1 frame") << 1000001 << 1000000 << 0 << tooBig;
    QTest::newRow("bomb: 16x the limit") << 16000000 << 1000000 << 0 << tooBig;
}

void TestDeflate::throughMessageAssembler()
{
    // The codec as the server uses it: MessageAssembler passes the room left per fragment.
    QFETCH(int, messageSize);
    QFETCH(int, maxMessageSize);
    QFETCH(int, frameSize);
    QFETCH(int, error);

    QByteArray message;
    message.reserve(messageSize);
    for (int i = 0; message.size() < messageSize; ++i)
        message += "Grüße " + QByteArray::number(i % 1000) + ' ';
    message.truncate(messageSize);
    while (!message.isValidUtf8()) // do not end inside a multi-byte sequence
        message[message.size() - 1] = 'x';

    PerMessageDeflate sender(DeflateParams{}, Role::Client);
    PerMessageDeflate inflater(DeflateParams{}, Role::Server);
    MessageAssembler assembler;
    assembler.setMaxMessageSize(quint64(maxMessageSize));
    assembler.setInflater(&inflater);
    for (int round = 0; round < 2; ++round) { // the second message shares the window
        const QByteArray wire = sender.compress(message);
        const int step = frameSize > 0 ? frameSize : int(wire.size());
        MessageAssembler::Result r;
        for (qsizetype at = 0; at < wire.size(); at += step) {
            Frame f;
            f.opcode = at == 0 ? OpText : OpContinuation;
            f.rsv1 = at == 0; // RFC 7692 §6.1: first frame only
            f.fin = at + step >= wire.size();
            f.data = wire.mid(at, step);
            r = assembler.add(f);
            if (r.error != ProtocolError::None)
                break;
        }
        QCOMPARE(int(r.error), error);
        if (error != int(ProtocolError::None))
            return;
        QVERIFY(r.messageComplete);
        QVERIFY(r.message.rsv1);
        QCOMPARE(r.wireBytes, quint64(wire.size()));
        QVERIFY(r.message.data == message);
    }
}

void TestDeflate::inflateBomb_data()
{
    QTest::addColumn<qint64>("inflatedSize");
    QTest::addColumn<qint64>("maxOutput");
    QTest::addColumn<int>("fragmentSize"); // 0: one frame

    QTest::newRow("10 MiB zeros, 1 MiB limit") << qint64(10 << 20) << qint64(1 << 20) << 0;
    QTest::newRow("10 MiB zeros, 1 MiB limit, 100-byte fragments")
        << qint64(10 << 20) << qint64(1 << 20) << 100;
    QTest::newRow("64 MiB zeros, 64 KiB limit") << qint64(64 << 20) << qint64(64 << 10) << 0;
    QTest::newRow("limit not a chunk multiple") << qint64(1 << 20) << qint64(100001) << 0;
    QTest::newRow("limit 1") << qint64(4096) << qint64(1) << 0;
    QTest::newRow("limit 0") << qint64(4096) << qint64(0) << 7;
}

void TestDeflate::inflateBomb()
{
    QFETCH(qint64, inflatedSize);
    QFETCH(qint64, maxOutput);
    QFETCH(int, fragmentSize);

    PerMessageDeflate sender(DeflateParams{}, Role::Client, 9);
    const QByteArray bomb = sender.compress(QByteArray(inflatedSize, '\0'));
    QVERIFY2(bomb.size() < 70 * 1024, qPrintable(QString::number(bomb.size())));

    PerMessageDeflate pmd(DeflateParams{}, Role::Server);
    QByteArray out;
    ProtocolError e = ProtocolError::None;
    if (fragmentSize == 0) {
        e = pmd.inflate(bomb, true, maxOutput, out);
    } else {
        for (qsizetype at = 0; at < bomb.size() && e == ProtocolError::None; at += fragmentSize) {
            const bool last = at + fragmentSize >= bomb.size();
            e = pmd.inflate(QByteArrayView(bomb).sliced(
                                at, std::min<qsizetype>(fragmentSize, bomb.size() - at)),
                            last, maxOutput - out.size(), out);
            QVERIFY(out.size() <= maxOutput);
        }
    }
    QCOMPARE(e, ProtocolError::MessageTooBig);
    QVERIFY(out.size() <= maxOutput);
    // Memory stays bounded: the buffer never grew past the limit.
    QVERIFY2(out.capacity() <= std::max<qint64>(maxOutput, 64),
             qPrintable(QString::number(out.capacity())));
}

void TestDeflate::limitBoundary_data()
{
    QTest::addColumn<int>("size");
    for (int size : {1, 5, 16383, 16384, 16385, 100000, 1 << 20})
        QTest::addRow("%d", size) << size;
}

void TestDeflate::limitBoundary()
{
    QFETCH(int, size);
    QByteArray message(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        message[i] = char('a' + (i * 7 + i / 13) % 26);
    PerMessageDeflate sender(DeflateParams{}, Role::Client);
    PerMessageDeflate receiver(DeflateParams{}, Role::Server);
    const QByteArray wire = sender.compress(message);
    // Exactly at the limit is fine; one byte less is too big. The window survives.
    QByteArray out;
    QCOMPARE(receiver.inflate(wire, true, size, out), ProtocolError::None);
    QCOMPARE(out, message);
    PerMessageDeflate receiver2(DeflateParams{}, Role::Server);
    out.clear();
    QCOMPARE(receiver2.inflate(wire, true, size - 1, out), ProtocolError::MessageTooBig);
    QVERIFY(out.size() <= size - 1);
}

void TestDeflate::windowCompliance_data()
{
    QTest::addColumn<int>("bits");
    QTest::addColumn<bool>("serverRole");
    for (int bits = 8; bits <= 15; ++bits) {
        QTest::addRow("server %d", bits) << bits << true;
        QTest::addRow("client %d", bits) << bits << false;
    }
}

void TestDeflate::windowCompliance()
{
    // Our compressor must never reach further back than the agreed window, checked by a
    // peer that inflates with exactly that window. Window 8 included: zlib runs it with
    // 9 bits, whose matches stay within 250 bytes.
    QFETCH(int, bits);
    QFETCH(bool, serverRole);
    QRandomGenerator rng{quint32(bits)};
    QByteArray message(96 * 1024, Qt::Uninitialized);
    for (char &c : message)
        c = char('a' + rng.bounded(26));
    // Copies at every distance scale, so a too-large window finds matches too far back.
    for (qsizetype at = 1024; at + 64 < message.size(); at += 512) {
        const qsizetype distance = qsizetype(rng.bounded(200, 40000));
        if (distance < at)
            message.replace(at, 64, message.mid(at - distance, 64));
    }
    const DeflateParams p = makeParams(false, false, bits, bits);
    PerMessageDeflate pmd(p, serverRole ? Role::Server : Role::Client, 9);
    StrictInflater strict(bits, false, 1);
    for (int round = 0; round < 2; ++round) { // the second message refers to the first
        const QByteArray wire = pmd.compress(message.mid(round * 1000));
        const auto got = strict.inflateMessage(wire);
        QVERIFY(got.has_value());
        QCOMPARE(*got, message.mid(round * 1000));
    }
}

void TestDeflate::roundTripProperty()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("seed %u", seed);
    QRandomGenerator rng(seed);
    for (int iteration = 0; iteration < 120; ++iteration) {
        const DeflateParams p = makeParams(rng.bounded(2), rng.bounded(2), int(rng.bounded(8, 16)),
                                           int(rng.bounded(8, 16)));
        const int level = int(rng.bounded(0, 10));
        PerMessageDeflate server(p, Role::Server, level);
        PerMessageDeflate client(p, Role::Client, level);
        StrictInflater strictClient(p.serverMaxWindowBits == 8 ? 8 : p.serverMaxWindowBits,
                                    p.serverNoContextTakeover);
        StrictInflater strictServer(p.clientMaxWindowBits, p.clientNoContextTakeover);
        const QString where = QStringLiteral("seed %1 iteration %2 params %3/%4/%5/%6 level %7")
                                  .arg(seed)
                                  .arg(iteration)
                                  .arg(p.serverNoContextTakeover)
                                  .arg(p.clientNoContextTakeover)
                                  .arg(p.serverMaxWindowBits)
                                  .arg(p.clientMaxWindowBits)
                                  .arg(level);
        const int count = int(rng.bounded(1, 12));
        for (int m = 0; m < count; ++m) {
            const int kind = int(rng.bounded(4));
            const int size = kind == 0 ? 0 : int(rng.bounded(kind == 3 ? 200000 : 3000));
            QByteArray message(size, Qt::Uninitialized);
            const int alphabet = kind == 1 ? 256 : int(rng.bounded(2, 20));
            for (int i = 0; i < size; ++i)
                message[i] = char('A' + rng.bounded(alphabet));
            // Repeat earlier material so matches reach far back.
            if (size > 1000 && rng.bounded(2))
                message.replace(size / 2, size / 4, message.left(size / 4));

            for (bool fromServer : {true, false}) {
                PerMessageDeflate &sender = fromServer ? server : client;
                PerMessageDeflate &receiver = fromServer ? client : server;
                StrictInflater &strict = fromServer ? strictClient : strictServer;
                const QByteArray wire = sender.compress(message);
                // Random fragmentation, including empty fragments.
                Fragments fragments;
                qsizetype at = 0;
                while (at < wire.size()) {
                    const qsizetype n =
                        rng.bounded(4) == 0 ? wire.size() - at : qsizetype(rng.bounded(0, 600));
                    fragments << wire.mid(at, n);
                    at += n;
                }
                if (fragments.isEmpty())
                    fragments << QByteArray();
                QByteArray out;
                const ProtocolError e = inflateFragments(receiver, fragments, size, out);
                QVERIFY2(e == ProtocolError::None, qPrintable(where));
                QVERIFY2(out == message, qPrintable(where));
                const auto strictOut = strict.inflateMessage(wire);
                QVERIFY2(strictOut.has_value() && *strictOut == message, qPrintable(where));
            }
        }
    }
}

void TestDeflate::largeMessage()
{
    // Larger than one inflate chunk and than the initial compress buffer estimate; random
    // bytes make compressed output larger than the input.
    QRandomGenerator rng(7);
    QByteArray message(5 << 20, Qt::Uninitialized);
    rng.fillRange(reinterpret_cast<quint32 *>(message.data()), message.size() / 4);
    PerMessageDeflate server(DeflateParams{}, Role::Server);
    PerMessageDeflate client(DeflateParams{}, Role::Client);
    const QByteArray wire = server.compress(message);
    QVERIFY(wire.size() > message.size());
    QByteArray out;
    QCOMPARE(client.inflate(wire, true, message.size(), out), ProtocolError::None);
    QCOMPARE(out.size(), message.size());
    QVERIFY(out == message);
}

void TestDeflate::compressedFragments()
{
    // RFC 7692 §6.1: a compressed message may be sent in fragments. Each plaintext fragment
    // is compressed as it is pushed; the concatenated wire bytes must inflate to the whole
    // message for our inflater and for a strict zlib peer, with whole messages in between
    // sharing the context (or not, with no_context_takeover).
    QRandomGenerator rng(20261126);
    for (int iteration = 0; iteration < 60; ++iteration) {
        const bool nct = rng.bounded(2);
        const DeflateParams p = makeParams(nct, false, 15, 15);
        PerMessageDeflate server(p, Role::Server, 6);
        PerMessageDeflate client(p, Role::Client, 6);
        StrictInflater strict(15, nct);
        for (int m = 0; m < 6; ++m) {
            const int pieces = int(rng.bounded(1, 6));
            QList<QByteArray> plain;
            QByteArray message;
            for (int i = 0; i < pieces; ++i) {
                // Empty fragments too, including an empty last one.
                QByteArray piece(rng.bounded(4) == 0 ? 0 : int(rng.bounded(1, 3000)), 'x');
                for (char &ch : piece)
                    ch = char('a' + rng.bounded(6));
                plain << piece;
                message += piece;
            }
            const QString where =
                QStringLiteral("iteration %1 message %2 nct %3").arg(iteration).arg(m).arg(nct);
            QList<QByteArray> wireFragments;
            QByteArray wire;
            for (qsizetype i = 0; i < plain.size(); ++i) {
                wireFragments << server.compressFragment(plain[i], i + 1 == plain.size());
                wire += wireFragments.last();
            }
            QByteArray out;
            QCOMPARE(inflateFragments(client, wireFragments, 1 << 20, out), ProtocolError::None);
            QVERIFY2(out == message, qPrintable(where));
            const auto strictOut = strict.inflateMessage(wire);
            QVERIFY2(strictOut.has_value() && *strictOut == message, qPrintable(where));
            // A whole message right after, on the same context.
            const QByteArray whole = message.left(100) + "tail";
            const QByteArray wholeWire = server.compress(whole);
            QByteArray out2;
            QCOMPARE(inflateFragments(client, {wholeWire}, 1 << 20, out2), ProtocolError::None);
            QVERIFY2(out2 == whole, qPrintable(where));
            const auto strictWhole = strict.inflateMessage(wholeWire);
            QVERIFY2(strictWhole.has_value() && *strictWhole == whole, qPrintable(where));
        }
    }
}

QTEST_GUILESS_MAIN(TestDeflate)
void TestDeflate::standaloneMessages_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<int>("level");
    QRandomGenerator rng(77);
    const auto words = [&rng](qsizetype size) {
        static const char *const dict[] = {"frame", "scope",  "socket", "{\"id\":", "12345",
                                           "null",  "server", "client", "ping",     "}"};
        QByteArray s;
        while (s.size() < size)
            s.append(dict[rng.bounded(10)]).append(rng.bounded(4) == 0 ? ',' : ' ');
        s.truncate(size);
        return s;
    };
    const auto random = [&rng](qsizetype size) {
        QByteArray s(size, Qt::Uninitialized);
        for (char &c : s)
            c = char(rng.bounded(256));
        return s;
    };
    for (qsizetype size : {1, 100, 8191, 8192, 65536, 300000, 2 << 20}) {
        for (int level : {1, 6, 9, 12}) {
            QTest::addRow("words %lld level %d", qlonglong(size), level) << words(size) << level;
            QTest::addRow("random %lld level %d", qlonglong(size), level) << random(size) << level;
        }
        QTest::addRow("zeros %lld", qlonglong(size)) << QByteArray(size, '\0') << 6;
    }
}

void TestDeflate::standaloneMessages()
{
    // libdeflate writes a BFINAL block; what goes on the wire must not have one (RFC 7692
    // §7.2.1 as a zlib sync flush writes it): a plain zlib inflater fed the payload plus the
    // 00 00 ff ff tail ends on a block boundary, outside any final block, with every input
    // byte used and the message out.
    QFETCH(QByteArray, message);
    QFETCH(int, level);
    const QByteArray wire = deflateStandalone(message, level);
    QVERIFY(!wire.isNull());
    QByteArray input = wire + hex("0000ffff");
    z_stream z{};
    QCOMPARE(inflateInit2(&z, -15), Z_OK);
    QByteArray out(message.size() + 64, Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef *>(input.data());
    z.avail_in = uInt(input.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    const int rc = ::inflate(&z, Z_SYNC_FLUSH);
    const int dataType = z.data_type;
    const uInt left = z.avail_in;
    out.truncate(out.size() - qsizetype(z.avail_out));
    inflateEnd(&z);
    QCOMPARE(rc, Z_OK); // Z_STREAM_END: a final block
    QCOMPARE(left, 0u);
    QVERIFY(dataType & 128);   // at a block boundary
    QVERIFY(!(dataType & 64)); // never inside a last block
    QVERIFY(out == message);
    // Our own inflater, and a strict peer that keeps its window across messages.
    PerMessageDeflate client(DeflateParams{}, Role::Client);
    StrictInflater keeping(15, false);
    for (int round = 0; round < 2; ++round) {
        QByteArray inflated;
        QCOMPARE(client.inflate(wire, true, message.size(), inflated), ProtocolError::None);
        QVERIFY(inflated == message);
        const auto strictOut = keeping.inflateMessage(wire);
        QVERIFY(strictOut.has_value() && *strictOut == message);
    }
}

void TestDeflate::standaloneChosenOnlyWhereValid()
{
    // libdeflate never reaches into earlier messages and always uses a 32 KiB window: only
    // with no_context_takeover on our side, a 15-bit window, whole messages, and from
    // StandaloneMinSize bytes (below, zlib is faster).
    QRandomGenerator rng(5);
    QByteArray big(64 * 1024, Qt::Uninitialized);
    for (char &c : big)
        c = char('a' + rng.bounded(8));
    const QByteArray small = big.left(PerMessageDeflate::StandaloneMinSize - 1);
    const QByteArray standalone = deflateStandalone(big, 6);

    struct Case
    {
        const char *name;
        DeflateParams params;
        bool expectStandalone;
    };
    const Case cases[] = {
        {"server_no_context_takeover", makeParams(true, false, 15, 15), true},
        {"context takeover", makeParams(false, false, 15, 15), false},
        {"server_max_window_bits=14", makeParams(true, false, 14, 15), false},
    };
    for (const Case &c : cases) {
        PerMessageDeflate server(c.params, Role::Server, 6);
        PerMessageDeflate client(c.params, Role::Client, 6);
        StrictInflater strict(c.params.serverMaxWindowBits, c.params.serverNoContextTakeover, 1);
        for (const QByteArray &message : {big, small, big}) {
            const QByteArray wire = server.compress(message);
            QCOMPARE(wire == standalone, c.expectStandalone && message.size() == big.size());
            QByteArray out;
            QCOMPARE(client.inflate(wire, true, message.size(), out), ProtocolError::None);
            QVERIFY2(out == message, c.name);
            const auto strictOut = strict.inflateMessage(wire);
            QVERIFY2(strictOut.has_value() && *strictOut == message, c.name);
        }
    }
    // The last fragment of a fragmented message continues zlib's stream.
    const DeflateParams nct = makeParams(true, false, 15, 15);
    PerMessageDeflate server(nct, Role::Server, 6);
    PerMessageDeflate client(nct, Role::Client, 6);
    const QByteArray first = server.compressFragment(big.left(10000), false);
    const QByteArray last = server.compressFragment(big.mid(10000), true);
    QByteArray out;
    QCOMPARE(inflateFragments(client, {first, last}, big.size(), out), ProtocolError::None);
    QVERIFY(out == big);
    // And the next whole message takes the fast path again.
    QCOMPARE(server.compress(big), standalone);
}

#include "tst_deflate.moc"
