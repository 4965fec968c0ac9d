#include "deflate.h"

#include <QStringList>

#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <limits>

namespace framescope {

namespace {

constexpr QByteArrayView kExtensionName = "permessage-deflate";
// RFC 7692 §7.2.1: the sync-flush marker the sender strips and the receiver re-adds.
constexpr std::array<char, 4> kTail = {'\x00', '\x00', '\xff', '\xff'};
// Inflate output steps: a guess from the input size, growing with the output so far,
// never past the limit.
constexpr qint64 kInflateMinStep = 256;
constexpr qint64 kInflateMaxStep = 1 << 20;
// zlib counts in uInt: feed huge inputs in slices well below that.
constexpr qsizetype kMaxZlibSlice = 1 << 30;

// RFC 7692 §7.1.2: "a decimal integer value without leading zeroes between 8 to 15".
int parseWindowBits(const QByteArray &value)
{
    if (value.size() == 1 && value[0] >= '8' && value[0] <= '9')
        return value[0] - '0';
    if (value.size() == 2 && value[0] == '1' && value[1] >= '0' && value[1] <= '5')
        return 10 + (value[1] - '0');
    return 0;
}

// One offer → agreed parameters, or a reason to decline it.
struct OfferResult
{
    bool ok = false;
    DeflateParams params;
    QByteArray response;
    QString reason;
};

OfferResult evaluateOffer(const ExtensionOffer &offer, const DeflateConfig &config)
{
    OfferResult r;
    bool serverNct = false, clientNct = false, serverBits = false, clientBits = false;
    int serverBitsValue = 15;
    std::optional<int> clientBitsValue;

    auto decline = [&r](const QString &why) {
        r.reason = why;
        return r;
    };

    for (const ExtensionParam &p : offer.params) {
        const QByteArray name = p.name.toLower();
        const QString pname = QString::fromLatin1(p.name);
        bool *seen = nullptr;
        if (name == "server_no_context_takeover")
            seen = &serverNct;
        else if (name == "client_no_context_takeover")
            seen = &clientNct;
        else if (name == "server_max_window_bits")
            seen = &serverBits;
        else if (name == "client_max_window_bits")
            seen = &clientBits;
        else
            // RFC 7692 §5.1: decline an offer with an unknown extension parameter.
            return decline(QStringLiteral("unknown parameter %1").arg(pname));
        // RFC 7692 §5.1: decline an offer with a parameter given more than once.
        if (*seen)
            return decline(QStringLiteral("duplicated parameter %1").arg(pname));
        *seen = true;

        if (seen == &serverNct || seen == &clientNct) {
            // RFC 7692 §7.1.1: the no_context_takeover parameters have no value.
            if (p.value)
                return decline(QStringLiteral("parameter %1 must not have a value").arg(pname));
        } else if (seen == &serverBits) {
            // RFC 7692 §7.1.2.1: server_max_window_bits requires a value 8-15.
            const int bits = p.value ? parseWindowBits(*p.value) : 0;
            if (!bits)
                return decline(p.value ? QStringLiteral("invalid value \"%1\" for %2")
                                             .arg(QString::fromLatin1(*p.value), pname)
                                       : QStringLiteral("parameter %1 needs a value").arg(pname));
            serverBitsValue = bits;
        } else {
            // RFC 7692 §7.1.2.2: client_max_window_bits has no value or a value 8-15.
            if (p.value) {
                const int bits = parseWindowBits(*p.value);
                if (!bits)
                    return decline(QStringLiteral("invalid value \"%1\" for %2")
                                       .arg(QString::fromLatin1(*p.value), pname));
                clientBitsValue = bits;
            }
        }
    }

    // server_max_window_bits=8 is answered with 8 (RFC 7692 §7.1.2.1: the same or a smaller
    // value): zlib has no raw 256-byte window, so PerMessageDeflate deflates with 9 bits,
    // whose matches stay within 250 bytes (see State::ensureDeflater).
    const int ourBits = std::clamp(config.serverMaxWindowBits, 9, 15);
    r.params.serverNoContextTakeover = serverNct || config.serverNoContextTakeover;
    r.params.clientNoContextTakeover = clientNct;
    // A smaller compression window than announced is always safe for the peer, so the
    // configured bound applies even when it cannot be announced (§7.1.2.1 allows
    // server_max_window_bits in the response only when the client offered it).
    r.params.serverMaxWindowBits = serverBits ? std::min(serverBitsValue, ourBits) : ourBits;
    // We always inflate with a 32 KiB window, so any client window is fine.
    r.params.clientMaxWindowBits = clientBitsValue.value_or(15);

    QByteArray response = kExtensionName.toByteArray();
    if (r.params.serverNoContextTakeover)
        response += "; server_no_context_takeover";
    if (r.params.clientNoContextTakeover)
        response += "; client_no_context_takeover";
    if (serverBits)
        response += "; server_max_window_bits=" + QByteArray::number(r.params.serverMaxWindowBits);
    // RFC 7692 §7.1.2.2: only when offered; echoing the client's value keeps it <= offer.
    if (clientBitsValue)
        response += "; client_max_window_bits=" + QByteArray::number(*clientBitsValue);
    r.response = response;
    r.ok = true;
    return r;
}

} // namespace

DeflateNegotiation negotiatePerMessageDeflate(const QList<ExtensionOffer> &offers,
                                              const DeflateConfig &config)
{
    DeflateNegotiation result;
    QStringList reasons;
    for (qsizetype i = 0; i < offers.size(); ++i) {
        const ExtensionOffer &offer = offers[i];
        if (offer.name.compare(kExtensionName, Qt::CaseInsensitive) != 0)
            continue; // another extension: not ours to judge
        OfferResult r = evaluateOffer(offer, config);
        if (r.ok) {
            result.accepted = true;
            result.params = r.params;
            result.responseValue = r.response;
            break;
        }
        reasons << QStringLiteral("offer %1 declined: %2").arg(i + 1).arg(r.reason);
    }
    result.declinedReasons = reasons.join(QStringLiteral("; "));
    return result;
}

struct PerMessageDeflate::State
{
    z_stream deflater{};
    z_stream inflater{};
    bool deflaterReady = false;
    bool inflaterReady = false;
    int deflateBits = 15;
    int level = 6;
    bool ourNoContextTakeover = false;
    bool peerNoContextTakeover = false;
    bool compressingMessage = false; // compressFragment() between a message's fragments
    // Inflate progress of the current message.
    qint64 messageOut = 0;
    qint64 messageIn = 0;
    bool streamEnded = false; // a BFINAL block ended the DEFLATE stream mid-message

    ~State()
    {
        if (deflaterReady)
            deflateEnd(&deflater);
        if (inflaterReady)
            inflateEnd(&inflater);
    }

    bool ensureDeflater()
    {
        if (deflaterReady)
            return true;
        // zlib rejects a raw window of 8 (zlib issue 171) and uses 9 at best; a 9-bit
        // window never matches further back than 512 - MIN_LOOKAHEAD (262) = 250 bytes,
        // so its output is still readable by a peer with a 256-byte window.
        const int bits = std::max(deflateBits, 9);
        const int memLevel = bits >= 15 ? 8 : std::max(1, bits - 7);
        deflaterReady =
            deflateInit2(&deflater, level, Z_DEFLATED, -bits, memLevel, Z_DEFAULT_STRATEGY) == Z_OK;
        return deflaterReady;
    }

    bool ensureInflater()
    {
        if (inflaterReady)
            return true;
        // A larger inflate window than the peer's is always safe: always use 32 KiB.
        inflaterReady = inflateInit2(&inflater, -15) == Z_OK;
        return inflaterReady;
    }

    void endInflateMessage()
    {
        if (peerNoContextTakeover) {
            inflateReset(&inflater);
        } else if (streamEnded) {
            // RFC 7692 §7.2.3.4: after a BFINAL block the next message is a new DEFLATE
            // stream, but §7.2.2 context takeover still lets it reference this window.
            std::array<Bytef, 32768> window;
            uInt length = 0;
            inflateGetDictionary(&inflater, window.data(), &length);
            inflateReset(&inflater);
            if (length)
                inflateSetDictionary(&inflater, window.data(), length);
        }
        messageOut = 0;
        messageIn = 0;
        streamEnded = false;
    }

    // Runs `input` through the inflater into `out`, at most `budget` more bytes (the budget
    // shrinks by what was produced).
    ProtocolError inflateInto(QByteArrayView input, qint64 &budget, QByteArray &out)
    {
        const char *data = input.data();
        qsizetype left = input.size();
        while (!streamEnded) {
            const qsizetype slice = std::min(left, kMaxZlibSlice);
            inflater.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data));
            inflater.avail_in = uInt(slice);

            const qint64 room = budget;
            std::array<Bytef, 1> probe;
            const qsizetype before = out.size();
            if (room > 0) {
                qint64 guess = std::clamp<qint64>(std::max<qint64>(qint64(slice) * 4, messageOut),
                                                  kInflateMinStep, kInflateMaxStep);
                // Capacity the buffer already has costs nothing.
                guess = std::max<qint64>(guess,
                                         std::min<qint64>(out.capacity() - before, kMaxZlibSlice));
                const qsizetype step = qsizetype(std::min(room, guess));
                const qsizetype wanted = before + step;
                if (wanted > out.capacity())
                    out.reserve(std::max(
                        wanted, std::min<qsizetype>(out.capacity() * 2, before + qsizetype(room))));
                out.resize(wanted);
                inflater.next_out = reinterpret_cast<Bytef *>(out.data() + before);
                inflater.avail_out = uInt(step);
            } else {
                // At the limit: one more byte of output would be too much.
                inflater.next_out = probe.data();
                inflater.avail_out = 1;
            }
            const uInt availOutBefore = inflater.avail_out;
            const int rc = ::inflate(&inflater, Z_NO_FLUSH);
            const qsizetype produced = qsizetype(availOutBefore - inflater.avail_out);
            const qsizetype consumed = slice - qsizetype(inflater.avail_in);
            data += consumed;
            left -= consumed;
            if (room > 0) {
                out.resize(before + produced);
                messageOut += produced;
                budget -= produced;
            } else if (produced > 0) {
                return ProtocolError::MessageTooBig;
            }
            if (rc == Z_STREAM_END) {
                // Whatever follows the final block (typically the re-added tail) is not
                // part of the stream; the stream restarts at the message end.
                streamEnded = true;
                break;
            }
            if (rc != Z_OK && rc != Z_BUF_ERROR)
                return ProtocolError::InflateFailed;
            // Done when all input is in and zlib had output space left over.
            if (left == 0 && inflater.avail_out > 0)
                break;
            if (rc == Z_BUF_ERROR && consumed == 0 && produced == 0 && room > 0)
                break; // no progress possible
        }
        return ProtocolError::None;
    }
};

PerMessageDeflate::PerMessageDeflate(const DeflateParams &params, Role role, int compressionLevel)
    : m_state(std::make_unique<State>()), m_params(params)
{
    const bool server = role == Role::Server;
    m_state->deflateBits =
        std::clamp(server ? params.serverMaxWindowBits : params.clientMaxWindowBits, 8, 15);
    m_state->ourNoContextTakeover =
        server ? params.serverNoContextTakeover : params.clientNoContextTakeover;
    m_state->peerNoContextTakeover =
        server ? params.clientNoContextTakeover : params.serverNoContextTakeover;
    m_state->level = std::clamp(compressionLevel, 0, 9);
}

PerMessageDeflate::~PerMessageDeflate() = default;

namespace {

// libdeflate keeps no state between calls: one compressor per level and thread serves every
// connection of a worker (a compressor is 656 KiB at level 6, 8.6 MiB at 12).
libdeflate_compressor *standaloneCompressor(int level)
{
    struct Compressors
    {
        std::array<libdeflate_compressor *, 13> byLevel{};
        ~Compressors()
        {
            for (libdeflate_compressor *c : byLevel)
                if (c)
                    libdeflate_free_compressor(c);
        }
    };
    thread_local Compressors compressors;
    level = std::clamp(level, 1, 12);
    libdeflate_compressor *&c = compressors.byLevel[size_t(level)];
    if (!c)
        c = libdeflate_alloc_compressor(level);
    return c;
}

// Where the last block of a complete raw DEFLATE stream starts and where its end-of-block
// code ends, in bits from the first byte (LSB first, RFC 1951 §3.1.1). zlib's inflate with
// Z_BLOCK stops before every block header, and once after the last block before it skips
// the padding: data_type then holds the bits it has not used (0-63), +64 once the last
// block's header was read, +128 at a block boundary. The output is discarded.
bool findLastBlock(QByteArrayView stream, qint64 &lastBlockBit, qint64 &endBit)
{
    struct Scanner
    {
        z_stream z{};
        bool ready = false;
        std::array<Bytef, 32768> sink;
        ~Scanner()
        {
            if (ready)
                inflateEnd(&z);
        }
    };
    thread_local Scanner scanner;
    if (!scanner.ready) {
        scanner.ready = inflateInit2(&scanner.z, -15) == Z_OK;
        if (!scanner.ready)
            return false;
    } else {
        inflateReset(&scanner.z);
    }
    z_stream &z = scanner.z;
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(stream.data()));
    z.avail_in = uInt(stream.size());
    lastBlockBit = 0;
    for (;;) {
        z.next_out = scanner.sink.data();
        z.avail_out = uInt(scanner.sink.size());
        const int rc = ::inflate(&z, Z_BLOCK);
        if (rc != Z_OK && !(rc == Z_BUF_ERROR && z.avail_out == 0))
            return false; // not a complete stream, or it ended without the stop above
        if (z.data_type & 128) {
            const qint64 bit = (stream.size() - qint64(z.avail_in)) * 8 - (z.data_type & 63);
            if (z.data_type & 64) {
                endBit = bit;
                return true;
            }
            lastBlockBit = bit;
        }
    }
}

} // namespace

QByteArray deflateStandalone(QByteArrayView message, int level)
{
    if (message.isEmpty())
        return QByteArray(1, '\0'); // RFC 7692 §7.2.3.6
    libdeflate_compressor *c = standaloneCompressor(level);
    if (!c || message.size() > kMaxZlibSlice) // the scan below counts in zlib's uInt
        return {};
    const size_t bound = libdeflate_deflate_compress_bound(c, size_t(message.size()));
    QByteArray out(qsizetype(bound) + 1, Qt::Uninitialized);
    const size_t n =
        libdeflate_deflate_compress(c, message.data(), size_t(message.size()), out.data(), bound);
    qint64 lastBlockBit = 0;
    qint64 endBit = 0;
    if (n == 0 ||
        !findLastBlock(QByteArrayView(out.constData(), qsizetype(n)), lastBlockBit, endBit))
        return {};
    // The final block becomes an ordinary one ...
    out[lastBlockBit / 8] = char(uchar(out[lastBlockBit / 8]) & ~(1u << (lastBlockBit % 8)));
    // ... followed by an empty stored block: its header is 3 zero bits at endBit, then the
    // byte-aligned 00 00 ff ff that RFC 7692 §7.2.1 removes. What remains ends with the byte
    // holding those 3 bits; the padding bits are zero.
    const qint64 bytes = (endBit + 3 + 7) / 8;
    if (bytes > qint64(n))
        out[qsizetype(n)] = '\0';
    if (endBit % 8)
        out[endBit / 8] = char(uchar(out[endBit / 8]) & ((1u << (endBit % 8)) - 1));
    out.truncate(qsizetype(bytes));
    return out;
}

QByteArray PerMessageDeflate::compressFragment(QByteArrayView message, bool lastFragment)
{
    State &s = *m_state;
    if (lastFragment && !s.compressingMessage && s.ourNoContextTakeover && s.deflateBits == 15 &&
        s.level > 0 && message.size() >= StandaloneMinSize) {
        QByteArray out = deflateStandalone(message, s.level);
        if (!out.isNull())
            return out;
    }
    s.compressingMessage = !lastFragment;
    if (message.isEmpty()) {
        if (!lastFragment)
            return {}; // an empty fragment carries no compressed bytes
        // RFC 7692 §7.2.3.6: an empty stored block, minus its tail, is the single byte
        // 0x00; it also ends a message whose earlier fragments were sync-flushed. zlib
        // would emit nothing for a second flush in a row, so do not ask it.
        if (s.ourNoContextTakeover && s.deflaterReady)
            deflateReset(&s.deflater);
        return QByteArray(1, '\0');
    }
    if (!s.ensureDeflater())
        return {};

    QByteArray out;
    // deflateBound covers a whole stream; a sync flush adds at most a few bytes.
    const uLong bound = deflateBound(&s.deflater, uLong(std::min(message.size(), kMaxZlibSlice)));
    out.resize(qsizetype(bound) + 16);
    qsizetype written = 0;
    const char *data = message.data();
    qsizetype left = message.size();
    for (;;) {
        const qsizetype slice = std::min(left, kMaxZlibSlice);
        s.deflater.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data));
        s.deflater.avail_in = uInt(slice);
        const int flush = slice == left ? Z_SYNC_FLUSH : Z_NO_FLUSH;
        do {
            if (out.size() - written < 64)
                out.resize(out.size() + std::max<qsizetype>(out.size() / 2, 1024));
            s.deflater.next_out = reinterpret_cast<Bytef *>(out.data() + written);
            s.deflater.avail_out = uInt(std::min<qsizetype>(out.size() - written, kMaxZlibSlice));
            const uInt availBefore = s.deflater.avail_out;
            const int rc = deflate(&s.deflater, flush);
            written += qsizetype(availBefore - s.deflater.avail_out);
            if (rc != Z_OK && rc != Z_BUF_ERROR)
                return {};
        } while (s.deflater.avail_out == 0 || s.deflater.avail_in > 0);
        data += slice;
        left -= slice;
        if (left == 0)
            break;
    }
    out.resize(written);
    if (!lastFragment)
        return out; // the receiver inflates it as part of the message: keep the tail
    // RFC 7692 §7.2.1: remove the 0x00 0x00 0xff 0xff tail of the sync flush.
    if (out.endsWith(QByteArrayView(kTail.data(), kTail.size())))
        out.chop(4);
    // RFC 7692 §7.2.1 with server/client_no_context_takeover: start every message empty.
    if (s.ourNoContextTakeover)
        deflateReset(&s.deflater);
    return out;
}

ProtocolError PerMessageDeflate::inflate(QByteArrayView fragment, bool lastFragment,
                                         qint64 maxOutput, QByteArray &out)
{
    State &s = *m_state;
    if (!s.ensureInflater())
        return ProtocolError::InflateFailed;
    // The caller passes the room left for this message (MessageAssembler: max message size
    // minus what earlier fragments produced).
    qint64 budget = maxOutput < 0 ? std::numeric_limits<qint64>::max() : maxOutput;
    s.messageIn += fragment.size();

    ProtocolError error = ProtocolError::None;
    if (!fragment.isEmpty())
        error = s.inflateInto(fragment, budget, out);
    if (error == ProtocolError::None && lastFragment) {
        // An empty compressed payload is an empty message; feeding the bare tail to zlib
        // would leave it inside a half-read stored block header.
        if (s.messageIn > 0 && !s.streamEnded) {
            // RFC 7692 §7.2.2: append 0x00 0x00 0xff 0xff before inflating the end.
            error = s.inflateInto(QByteArrayView(kTail.data(), kTail.size()), budget, out);
            // A complete message ends on a block boundary after the re-added empty
            // stored block; anything else is truncated DEFLATE data.
            if (error == ProtocolError::None && !s.streamEnded && (s.inflater.data_type & 128) == 0)
                error = ProtocolError::InflateFailed;
        }
    }
    if (error != ProtocolError::None) {
        // The stream is unusable now; the connection closes, but keep the object sane.
        inflateReset(&s.inflater);
        s.messageOut = 0;
        s.messageIn = 0;
        s.streamEnded = false;
        return error;
    }
    if (lastFragment)
        s.endInflateMessage();
    return ProtocolError::None;
}

} // namespace framescope
