#pragma once

#include "frameparser.h"
#include "handshake.h"
#include "messageassembler.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>

namespace framescope {

// What the server is willing to do (ServerOptions feeds this).
struct DeflateConfig
{
    int serverMaxWindowBits = 15;         // upper bound for our compressor's window, 9-15
    int compressionLevel = 6;             // zlib 1-9
    bool serverNoContextTakeover = false; // force it even when the client did not ask
};

// The agreed parameters of RFC 7692 §7.1.
struct DeflateParams
{
    bool serverNoContextTakeover = false;
    bool clientNoContextTakeover = false;
    int serverMaxWindowBits = 15;
    int clientMaxWindowBits = 15;
};

struct DeflateNegotiation
{
    bool accepted = false;
    DeflateParams params;
    QByteArray responseValue; // Sec-WebSocket-Extensions value to send when accepted
    QString declinedReasons;  // why offers were declined (for the log/inspector)
};

// RFC 7692 §5/§7.1: accept the first acceptable permessage-deflate offer. An offer with an
// unknown or duplicated parameter or an invalid value is declined; the handshake still
// succeeds without compression.
// - The response echoes server_no_context_takeover (also when config forces it),
//   client_no_context_takeover, server_max_window_bits=min(offered, config) and
//   client_max_window_bits=<offered value>, each only when the client offered it.
// - server_max_window_bits=8 is accepted and answered with 8: zlib cannot set up a raw
//   256-byte window (deflateInit2 rejects -8, zlib issue 171), so PerMessageDeflate
//   compresses with 9 bits, whose matches never reach further back than 250 bytes.
// - params holds what is used: serverMaxWindowBits is min(15, config) even when the client
//   did not offer it (a smaller compression window is always safe for the peer).
DeflateNegotiation negotiatePerMessageDeflate(const QList<ExtensionOffer> &offers,
                                              const DeflateConfig &config);

// A message compressed on its own, with libdeflate, as RFC 7692 §7.2.1 puts it on the
// wire: the stream's last block has its BFINAL bit cleared and is followed by an empty
// stored block, whose 00 00 ff ff tail is removed, so receivers see what a zlib sync flush
// gives (no BFINAL block: Boost.Beast rejects those and Node's zlib has mishandled them).
// Matches reach back up to 32 KiB, within the message only: valid for a peer with a 15-bit
// window whether or not it keeps its context. Null on failure (the caller falls back to
// zlib); the empty message is the single byte 0x00.
QByteArray deflateStandalone(QByteArrayView message, int level);

// One connection's compression state (both directions), raw DEFLATE over system zlib.
// Inflates with a 32 KiB window whatever the peer's window (always safe). A window of 8 for
// our own compression runs zlib with 9 bits, whose matches stay within 250 bytes.
class PerMessageDeflate final : public MessageInflater
{
public:
    // `role` is our side: Server compresses with the server_* parameters and inflates
    // with the client_* ones.
    PerMessageDeflate(const DeflateParams &params, Role role, int compressionLevel = 6);
    ~PerMessageDeflate() override;
    PerMessageDeflate(const PerMessageDeflate &) = delete;
    PerMessageDeflate &operator=(const PerMessageDeflate &) = delete;

    // RFC 7692 §7.2.1: compress a whole message, sync flush, tail 00 00 ff ff removed.
    // An empty message becomes the single byte 0x00 (§7.2.3.6).
    QByteArray compress(QByteArrayView message) { return compressFragment(message, true); }
    // One fragment of a compressed message (RFC 7692 §6.1: the compressed data of a
    // message may be split across frames anywhere). Every fragment is sync-flushed so
    // its bytes leave now; only the last loses the 00 00 ff ff tail and, with
    // no_context_takeover on our side, resets the context.
    // A whole message of StandaloneMinSize bytes or more, with no_context_takeover on our
    // side and a 15-bit window, goes through deflateStandalone(): libdeflate is 2.3x
    // faster than zlib at level 6 on 64 KiB of text (and slower below about 8 KiB).
    QByteArray compressFragment(QByteArrayView fragment, bool lastFragment);
    static constexpr qsizetype StandaloneMinSize = 8192;
    // MessageInflater: RFC 7692 §7.2.2, tail re-added after the last fragment; bounded.
    // maxOutput bounds the bytes this call appends (< 0: no limit): pass the room left for
    // the message, as MessageAssembler does; MessageTooBig as soon as one more byte would
    // pass it. An empty compressed payload is an empty message; data
    // after a BFINAL block is ignored. After an error the stream is reset.
    ProtocolError inflate(QByteArrayView fragment, bool lastFragment, qint64 maxOutput,
                          QByteArray &out) override;

    const DeflateParams &params() const { return m_params; }

private:
    struct State;
    std::unique_ptr<State> m_state;
    DeflateParams m_params;
};

} // namespace framescope
