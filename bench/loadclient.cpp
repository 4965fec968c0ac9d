// framescope_loadclient: a WebSocket echo load generator for the benchmarks.
//
// One thread, epoll, non-blocking sockets. C connections each keep W messages in flight.
// Frames are built (masked, and compressed when permessage-deflate is on) once per payload
// variant before the run, so sending is a memcpy into the connection's output buffer and one
// write per batch. Echoes are parsed incrementally as they arrive and compared byte for byte
// with what was sent (streaming, so 64 KiB messages need no reassembly buffer).
//
// It is independent of Framescope's codec on purpose: a bug there must not cancel out here.
//
// --tls speaks wss://: OpenSSL on the socket (non-blocking, read-ahead on), the server's
// certificate not checked (a benchmark, not a client to trust).
#include "common/wsutil.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <random>
#include <string>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>
#include <zlib.h>

namespace {

struct Options
{
    std::string host = "127.0.0.1";
    int port = 0;
    std::string path = "/";
    int connections = 1;
    int inflight = 1;
    size_t size = 32;
    bool text = false;
    bool deflate = false;
    bool tls = false;
    double duration = 5.0;
    uint64_t messages = 0; // > 0: stop after this many measured messages instead
    double warmup = 1.0;
    double drainTimeout = 5.0;
    double connectTimeout = 30.0;
    int connectBatch = 128; // handshakes in progress at once (keeps the accept queue short)
    int serverPid = 0;
    bool json = false;
    bool connectOnly = false;
    double hold = 2.0;
    std::string label;
};

uint64_t nowNs()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}

// Log-linear histogram of nanoseconds: 64 sub-buckets per power of two (~1.6% resolution),
// so percentiles cost nothing per sample.
class Histogram
{
public:
    Histogram() : m_counts(64 * 64, 0) {}
    void add(uint64_t v)
    {
        ++m_counts[index(v)];
        ++m_total;
    }
    uint64_t count() const { return m_total; }
    double percentile(double p) const
    {
        if (m_total == 0)
            return 0;
        uint64_t want = uint64_t(p / 100.0 * double(m_total - 1)) + 1;
        uint64_t seen = 0;
        for (size_t i = 0; i < m_counts.size(); ++i) {
            seen += m_counts[i];
            if (seen >= want)
                return value(i);
        }
        return value(m_counts.size() - 1);
    }

private:
    static size_t index(uint64_t v)
    {
        if (v < 64)
            return size_t(v);
        int e = 63 - __builtin_clzll(v); // >= 6
        size_t idx = size_t(e - 5) * 64 + size_t((v >> (e - 6)) & 63);
        return std::min(idx, size_t(64 * 64 - 1));
    }
    static double value(size_t idx)
    {
        if (idx < 64)
            return double(idx);
        size_t e = idx / 64 + 5;
        size_t sub = idx % 64;
        double lo = double((64 + sub) << (e - 6));
        return lo + double(1ull << (e - 6)) / 2.0;
    }
    std::vector<uint64_t> m_counts;
    uint64_t m_total = 0;
};

// One payload the client may send, with its frame ready to copy onto the wire.
struct Variant
{
    std::string payload;
    std::string frame;         // masked, uncompressed
    std::string deflatedFrame; // masked, RSV1, compressed (only with --deflate)
};

void appendFrameHeader(std::string &out, uint8_t b0, uint64_t len, const uint8_t mask[4])
{
    out.push_back(char(b0));
    if (len < 126) {
        out.push_back(char(0x80 | len));
    } else if (len <= 0xFFFF) {
        out.push_back(char(0x80 | 126));
        out.push_back(char(len >> 8));
        out.push_back(char(len));
    } else {
        out.push_back(char(0x80 | 127));
        for (int i = 7; i >= 0; --i)
            out.push_back(char(len >> (8 * i)));
    }
    out.append(reinterpret_cast<const char *>(mask), 4);
}

std::string maskedFrame(uint8_t b0, const std::string &payload, std::mt19937_64 &rng)
{
    uint8_t mask[4];
    uint64_t r = rng();
    std::memcpy(mask, &r, 4);
    std::string out;
    out.reserve(payload.size() + 14);
    appendFrameHeader(out, b0, payload.size(), mask);
    size_t base = out.size();
    out.append(payload);
    for (size_t i = 0; i < payload.size(); ++i)
        out[base + i] = char(uint8_t(out[base + i]) ^ mask[i & 3]);
    return out;
}

// RFC 7692 §7.2.1: compress, flush with Z_SYNC_FLUSH and drop the trailing 00 00 FF FF.
// A fresh stream per message is what client_no_context_takeover allows.
std::string deflateMessage(const std::string &in)
{
    z_stream zs{};
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        std::abort();
    std::string out(deflateBound(&zs, in.size()) + 16, '\0');
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.data()));
    zs.avail_in = uInt(in.size());
    zs.next_out = reinterpret_cast<Bytef *>(out.data());
    zs.avail_out = uInt(out.size());
    if (deflate(&zs, Z_SYNC_FLUSH) != Z_OK)
        std::abort();
    out.resize(out.size() - zs.avail_out);
    deflateEnd(&zs);
    if (out.size() >= 4 && out.compare(out.size() - 4, 4, std::string("\0\0\xff\xff", 4)) == 0)
        out.resize(out.size() - 4);
    return out;
}

// Compressible text (words) for text messages and for deflate runs; random bytes otherwise,
// which also checks that every byte value survives the echo.
std::string makePayload(size_t size, bool words, std::mt19937_64 &rng)
{
    static const char *const dict[] = {"frame",   "scope", "socket", "echo",   "message",
                                       "\"id\":", "12345", "true",   "null",   "{",
                                       "}",       "data",  "server", "client", "ping"};
    std::string s;
    s.reserve(size + 16);
    if (!words) {
        while (s.size() < size) {
            uint64_t r = rng();
            s.append(reinterpret_cast<const char *>(&r), 8);
        }
    } else {
        while (s.size() < size) {
            s.append(dict[rng() % (sizeof dict / sizeof *dict)]);
            s.push_back(rng() % 4 == 0 ? ',' : ' ');
        }
    }
    s.resize(size);
    return s;
}

enum class State { Connecting, Handshake, Open, Closed };

struct InFlight
{
    uint32_t variant;
    uint64_t sentNs;
};

struct Conn
{
    int fd = -1;
    State state = State::Connecting;
    std::string key;
    std::string handshake; // response bytes until the blank line
    bool deflate = false;  // negotiated
    bool wantWrite = false;
    uint32_t nextVariant = 0;
    std::deque<InFlight> inflight;
    std::string out;
    size_t outOff = 0;
    // incremental frame parser
    uint8_t hdr[14];
    size_t hdrLen = 0;
    uint64_t remaining = 0;
    bool inFrame = false;
    uint8_t opcode = 0; // of the current frame
    bool fin = false;
    bool inMessage = false; // a data message has started (fragments may follow)
    uint8_t msgOpcode = 0;
    bool msgCompressed = false;
    bool msgBad = false;
    size_t msgOffset = 0; // bytes of (inflated) payload compared so far
    std::string control;  // control frame payload
    z_stream *inflater = nullptr;
    SSL *ssl = nullptr;          // --tls
    bool tlsHandshaking = false; // TCP connected, TLS handshake running
};

struct Stats
{
    uint64_t messages = 0; // verified echoes completed in the measured window
    uint64_t bytes = 0;    // payload bytes of those, each direction
    uint64_t errors = 0;
    uint64_t compressedIn = 0;
    uint64_t writes = 0;
    uint64_t reads = 0;
    Histogram rtt;
};

struct ProcCpu
{
    bool ok = false;
    double seconds = 0;
};

// Sum of the on-CPU nanoseconds of every thread (/proc/<pid>/task/*/schedstat): exact,
// unlike utime+stime, which the kernel samples per tick and attributes statistically.
bool readSchedstat(int pid, double &seconds)
{
    std::string dir = "/proc/" + std::to_string(pid) + "/task";
    DIR *d = opendir(dir.c_str());
    if (!d)
        return false;
    unsigned long long total = 0;
    bool any = false;
    while (dirent *e = readdir(d)) {
        if (e->d_name[0] == '.')
            continue;
        std::ifstream f(dir + "/" + e->d_name + "/schedstat");
        unsigned long long ns = 0;
        if (f >> ns) {
            total += ns;
            any = true;
        }
    }
    closedir(d);
    seconds = double(total) / 1e9;
    return any;
}

ProcCpu readProcCpu(int pid)
{
    ProcCpu r;
    if (pid <= 0)
        return r;
    if (readSchedstat(pid, r.seconds)) {
        r.ok = true;
        return r;
    }
    // Fallback: utime + stime from /proc/<pid>/stat (clock ticks).
    std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
    std::string s((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    size_t p = s.rfind(')');
    if (p == std::string::npos)
        return r;
    // Fields after "pid (comm)": state is field 3, utime 14, stime 15.
    std::vector<std::string> fields;
    size_t i = p + 2;
    while (i < s.size() && fields.size() < 13) {
        size_t j = s.find(' ', i);
        if (j == std::string::npos)
            j = s.size();
        fields.push_back(s.substr(i, j - i));
        i = j + 1;
    }
    if (fields.size() < 13)
        return r;
    double tck = double(sysconf(_SC_CLK_TCK));
    r.seconds =
        (std::strtod(fields[11].c_str(), nullptr) + std::strtod(fields[12].c_str(), nullptr)) / tck;
    r.ok = true;
    return r;
}

long readVmRssKb(int pid)
{
    if (pid <= 0)
        return -1;
    std::ifstream f("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(f, line)) {
        if (line.rfind("VmRSS:", 0) == 0)
            return std::strtol(line.c_str() + 6, nullptr, 10);
    }
    return -1;
}

class LoadClient
{
public:
    explicit LoadClient(const Options &o) : m_o(o) {}
    int run();

private:
    enum class Phase { Connect, Warmup, Measure, Drain, Done };

    void buildVariants();
    bool startConnect(Conn &c);
    void onEvent(Conn &c, uint32_t events);
    void onConnected(Conn &c);
    void sendUpgrade(Conn &c);
    void driveTlsHandshake(Conn &c);
    ssize_t sendBytes(Conn &c, const char *data, size_t n);
    ssize_t recvBytes(Conn &c, uint8_t *data, size_t n);
    bool onHandshakeBytes(Conn &c, const char *p, size_t n, size_t &used);
    void onFrameBytes(Conn &c, const uint8_t *p, size_t n, uint64_t now);
    void payloadBytes(Conn &c, const uint8_t *p, size_t n);
    void compareBytes(Conn &c, const uint8_t *p, size_t n);
    void finishFrame(Conn &c, uint64_t now);
    void finishMessage(Conn &c, uint64_t now);
    void refill(Conn &c, uint64_t now);
    void flush(Conn &c);
    void setWantWrite(Conn &c, bool want);
    void fail(Conn &c, const char *why);
    void error(const char *why);
    void report(double seconds, const ProcCpu &cpu0, const ProcCpu &cpu1, double clientCpu);
    void reportConnectOnly(long rssBefore, long rssAfter, double connectSeconds);

    Options m_o;
    std::vector<Variant> m_variants;
    std::vector<Conn> m_conns;
    int m_epoll = -1;
    SSL_CTX *m_sslCtx = nullptr;
    Phase m_phase = Phase::Connect;
    Stats m_stats;
    std::vector<uint8_t> m_readBuf = std::vector<uint8_t>(256 * 1024);
    std::vector<uint8_t> m_inflateBuf = std::vector<uint8_t>(64 * 1024);
    int m_open = 0;
    int m_closed = 0;
    int m_pendingHandshakes = 0;
    int m_nextToConnect = 0;
    int m_deflateNegotiated = 0;
    uint64_t m_inflightTotal = 0;
    uint64_t m_missing = 0;
    std::vector<std::string> m_errorSamples;
};

void LoadClient::error(const char *why)
{
    ++m_stats.errors;
    if (m_errorSamples.size() < 5)
        m_errorSamples.emplace_back(why);
}

void LoadClient::buildVariants()
{
    std::mt19937_64 rng(0xF5A3C0DEull);
    // Distinct payloads so a server mixing up messages or connections is caught, bounded in
    // memory for big messages.
    size_t count = std::clamp<size_t>((4u << 20) / std::max<size_t>(m_o.size, 1), 2, 256);
    bool words = m_o.text || m_o.deflate;
    uint8_t b0 = uint8_t(0x80 | (m_o.text ? 0x1 : 0x2));
    for (size_t i = 0; i < count; ++i) {
        Variant v;
        v.payload = makePayload(m_o.size, words, rng);
        v.frame = maskedFrame(b0, v.payload, rng);
        if (m_o.deflate)
            v.deflatedFrame = maskedFrame(uint8_t(b0 | 0x40), deflateMessage(v.payload), rng);
        m_variants.push_back(std::move(v));
    }
}

bool LoadClient::startConnect(Conn &c)
{
    c.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (c.fd < 0) {
        std::perror("socket");
        return false;
    }
    int one = 1;
    setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(uint16_t(m_o.port));
    inet_pton(AF_INET, m_o.host.c_str(), &addr.sin_addr);
    int rc = connect(c.fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
    if (rc < 0 && errno != EINPROGRESS) {
        std::perror("connect");
        return false;
    }
    epoll_event ev{};
    ev.events = EPOLLOUT;
    ev.data.ptr = &c;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, c.fd, &ev);
    c.wantWrite = true;
    c.state = State::Connecting;
    ++m_pendingHandshakes;
    return true;
}

void LoadClient::setWantWrite(Conn &c, bool want)
{
    if (c.wantWrite == want)
        return;
    c.wantWrite = want;
    epoll_event ev{};
    ev.events = want ? uint32_t(EPOLLIN | EPOLLOUT) : uint32_t(EPOLLIN);
    ev.data.ptr = &c;
    epoll_ctl(m_epoll, EPOLL_CTL_MOD, c.fd, &ev);
}

void LoadClient::fail(Conn &c, const char *why)
{
    if (c.state == State::Closed)
        return;
    if (c.state != State::Open)
        --m_pendingHandshakes;
    else
        --m_open;
    error(why);
    m_missing += c.inflight.size();
    m_inflightTotal -= c.inflight.size();
    c.inflight.clear();
    epoll_ctl(m_epoll, EPOLL_CTL_DEL, c.fd, nullptr);
    close(c.fd);
    if (c.ssl) {
        SSL_free(c.ssl);
        c.ssl = nullptr;
    }
    c.state = State::Closed;
    ++m_closed;
}

void LoadClient::onConnected(Conn &c)
{
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
        fail(c, "connect failed");
        return;
    }
    if (m_sslCtx) {
        c.ssl = SSL_new(m_sslCtx);
        SSL_set_fd(c.ssl, c.fd);
        SSL_set_tlsext_host_name(c.ssl, "localhost");
        SSL_set_connect_state(c.ssl);
        c.tlsHandshaking = true;
        c.state = State::Handshake;
        driveTlsHandshake(c);
        return;
    }
    sendUpgrade(c);
}

void LoadClient::driveTlsHandshake(Conn &c)
{
    const int rc = SSL_do_handshake(c.ssl);
    if (rc == 1) {
        c.tlsHandshaking = false;
        setWantWrite(c, false);
        sendUpgrade(c);
        return;
    }
    const int err = SSL_get_error(c.ssl, rc);
    if (err == SSL_ERROR_WANT_READ) {
        setWantWrite(c, false);
        return;
    }
    if (err == SSL_ERROR_WANT_WRITE) {
        setWantWrite(c, true);
        return;
    }
    ERR_clear_error();
    fail(c, "TLS handshake failed");
}

// send()/recv() semantics over TLS: -1 with errno EAGAIN when OpenSSL wants to wait.
ssize_t LoadClient::sendBytes(Conn &c, const char *data, size_t n)
{
    if (!c.ssl)
        return send(c.fd, data, n, MSG_NOSIGNAL);
    const int rc = SSL_write(c.ssl, data, int(std::min<size_t>(n, 1u << 30)));
    if (rc > 0)
        return rc;
    const int err = SSL_get_error(c.ssl, rc);
    errno = (err == SSL_ERROR_WANT_WRITE || err == SSL_ERROR_WANT_READ) ? EAGAIN : EPIPE;
    ERR_clear_error();
    return -1;
}

ssize_t LoadClient::recvBytes(Conn &c, uint8_t *data, size_t n)
{
    if (!c.ssl)
        return recv(c.fd, data, n, 0);
    const int rc = SSL_read(c.ssl, data, int(n));
    if (rc > 0)
        return rc;
    const int err = SSL_get_error(c.ssl, rc);
    ERR_clear_error();
    if (err == SSL_ERROR_ZERO_RETURN)
        return 0;
    errno = (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) ? EAGAIN : ECONNRESET;
    return -1;
}

void LoadClient::sendUpgrade(Conn &c)
{
    unsigned char raw[16];
    std::mt19937_64 rng(uint64_t(c.fd) * 7919u + nowNs());
    for (auto &b : raw)
        b = uint8_t(rng());
    char key[25];
    bench_base64(raw, 16, key);
    c.key = key;
    std::string req =
        "GET " + m_o.path + " HTTP/1.1\r\nHost: " + m_o.host + ":" + std::to_string(m_o.port) +
        "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + c.key +
        "\r\nSec-WebSocket-Version: 13\r\n";
    if (m_o.deflate)
        req += "Sec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover; "
               "server_no_context_takeover\r\n";
    req += "\r\n";
    c.state = State::Handshake;
    c.out = req;
    c.outOff = 0;
    flush(c);
}

std::string lower(std::string s)
{
    for (auto &ch : s)
        ch = char(std::tolower(uint8_t(ch)));
    return s;
}

bool LoadClient::onHandshakeBytes(Conn &c, const char *p, size_t n, size_t &used)
{
    size_t before = c.handshake.size();
    c.handshake.append(p, n);
    size_t end = c.handshake.find("\r\n\r\n");
    if (end == std::string::npos) {
        used = n;
        if (c.handshake.size() > 16384)
            fail(c, "handshake response too long");
        return false;
    }
    used = end + 4 - before;
    std::string head = c.handshake.substr(0, end + 2);
    std::string lowerHead = lower(head);
    if (head.rfind("HTTP/1.1 101", 0) != 0) {
        fail(c, "handshake not answered with 101");
        return false;
    }
    char accept[29];
    std::string expected;
    bench_accept_key(c.key.data(), c.key.size(), accept);
    size_t pos = lowerHead.find("\r\nsec-websocket-accept:");
    if (pos == std::string::npos) {
        fail(c, "no Sec-WebSocket-Accept");
        return false;
    }
    size_t vs = head.find_first_not_of(' ', pos + 23);
    size_t ve = head.find("\r\n", vs);
    std::string value = head.substr(vs, ve - vs);
    while (!value.empty() && value.back() == ' ')
        value.pop_back();
    if (value != accept) {
        fail(c, "wrong Sec-WebSocket-Accept");
        return false;
    }
    size_t ext = lowerHead.find("\r\nsec-websocket-extensions:");
    c.deflate = m_o.deflate && ext != std::string::npos &&
                lowerHead.find("permessage-deflate", ext) < lowerHead.find("\r\n", ext + 2);
    if (c.deflate)
        ++m_deflateNegotiated;
    c.handshake.clear();
    c.handshake.shrink_to_fit();
    c.state = State::Open;
    --m_pendingHandshakes;
    ++m_open;
    return true;
}

void LoadClient::compareBytes(Conn &c, const uint8_t *p, size_t n)
{
    if (c.msgBad || n == 0)
        return;
    if (c.inflight.empty()) {
        c.msgBad = true;
        return;
    }
    const std::string &want = m_variants[c.inflight.front().variant].payload;
    if (c.msgOffset + n > want.size() || std::memcmp(want.data() + c.msgOffset, p, n) != 0)
        c.msgBad = true;
    c.msgOffset += n;
}

void LoadClient::payloadBytes(Conn &c, const uint8_t *p, size_t n)
{
    if (c.opcode >= 0x8) {
        c.control.append(reinterpret_cast<const char *>(p), n);
        return;
    }
    if (!c.msgCompressed) {
        compareBytes(c, p, n);
        return;
    }
    z_stream *zs = c.inflater;
    zs->next_in = const_cast<Bytef *>(p);
    zs->avail_in = uInt(n);
    while (!c.msgBad && (zs->avail_in > 0 || zs->avail_out == 0)) {
        zs->next_out = m_inflateBuf.data();
        zs->avail_out = uInt(m_inflateBuf.size());
        int rc = inflate(zs, Z_SYNC_FLUSH);
        if (rc != Z_OK && rc != Z_BUF_ERROR && rc != Z_STREAM_END) {
            c.msgBad = true;
            break;
        }
        compareBytes(c, m_inflateBuf.data(), m_inflateBuf.size() - zs->avail_out);
        if (rc == Z_BUF_ERROR || (zs->avail_in == 0 && zs->avail_out != 0))
            break;
    }
}

void LoadClient::finishMessage(Conn &c, uint64_t now)
{
    if (c.msgCompressed && !c.msgBad) {
        static const uint8_t tail[4] = {0x00, 0x00, 0xFF, 0xFF}; // RFC 7692 §7.2.2
        payloadBytes(c, tail, 4);
        inflateReset(c.inflater); // server_no_context_takeover was negotiated
    }
    c.inMessage = false;
    if (c.inflight.empty()) {
        error("echo without a message in flight");
        return;
    }
    InFlight f = c.inflight.front();
    c.inflight.pop_front();
    --m_inflightTotal;
    const Variant &v = m_variants[f.variant];
    uint8_t wantOpcode = m_o.text ? 0x1 : 0x2;
    if (c.msgBad || c.msgOffset != v.payload.size() || c.msgOpcode != wantOpcode) {
        error(c.msgOpcode != wantOpcode ? "echo has the wrong opcode"
                                        : "echoed payload differs from what was sent");
        return;
    }
    if (c.msgCompressed)
        ++m_stats.compressedIn;
    if (m_phase == Phase::Measure) {
        ++m_stats.messages;
        m_stats.bytes += v.payload.size();
        m_stats.rtt.add(now - f.sentNs);
    }
}

void LoadClient::finishFrame(Conn &c, uint64_t now)
{
    c.inFrame = false;
    c.hdrLen = 0;
    if (c.opcode >= 0x8) {
        if (c.opcode == 0x9) { // RFC 6455 §5.5.2: answer a ping with a pong
            std::mt19937_64 rng(now);
            c.out += maskedFrame(0x8A, c.control, rng);
        } else if (c.opcode == 0x8) {
            fail(c, "server sent a close frame");
        }
        c.control.clear();
        return;
    }
    if (c.fin)
        finishMessage(c, now);
}

void LoadClient::onFrameBytes(Conn &c, const uint8_t *p, size_t n, uint64_t now)
{
    while (n > 0 && c.state == State::Open) {
        if (!c.inFrame) {
            c.hdr[c.hdrLen++] = *p++;
            --n;
            if (c.hdrLen < 2)
                continue;
            uint8_t len7 = c.hdr[1] & 0x7F;
            size_t need = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0);
            if (c.hdr[1] & 0x80) {
                fail(c, "server frame is masked"); // RFC 6455 §5.1
                return;
            }
            if (c.hdrLen < need)
                continue;
            uint64_t len = len7;
            if (len7 == 126)
                len = (uint64_t(c.hdr[2]) << 8) | c.hdr[3];
            else if (len7 == 127) {
                len = 0;
                for (int i = 0; i < 8; ++i)
                    len = (len << 8) | c.hdr[2 + i];
            }
            c.opcode = c.hdr[0] & 0x0F;
            c.fin = c.hdr[0] & 0x80;
            bool rsv1 = c.hdr[0] & 0x40;
            if (c.opcode == 0x1 || c.opcode == 0x2) {
                if (c.inMessage) {
                    fail(c, "new message before the previous one ended");
                    return;
                }
                c.inMessage = true;
                c.msgOpcode = c.opcode;
                c.msgCompressed = rsv1;
                c.msgBad = false;
                c.msgOffset = 0;
                if (rsv1 && !c.deflate) {
                    fail(c, "RSV1 without permessage-deflate");
                    return;
                }
                if (rsv1 && !c.inflater) {
                    c.inflater = new z_stream{};
                    if (inflateInit2(c.inflater, -15) != Z_OK)
                        std::abort();
                }
            } else if (c.opcode == 0x0) {
                if (!c.inMessage) {
                    fail(c, "continuation without a message");
                    return;
                }
            } else if (c.opcode < 0x8 || c.opcode > 0xA || !c.fin || len > 125) {
                fail(c, "bad frame from server");
                return;
            }
            c.remaining = len;
            c.inFrame = true;
            if (len == 0)
                finishFrame(c, now);
            continue;
        }
        size_t take = size_t(std::min<uint64_t>(n, c.remaining));
        payloadBytes(c, p, take);
        c.remaining -= take;
        p += take;
        n -= take;
        if (c.remaining == 0)
            finishFrame(c, now);
    }
}

void LoadClient::refill(Conn &c, uint64_t now)
{
    if (c.state != State::Open || (m_phase != Phase::Warmup && m_phase != Phase::Measure))
        return;
    while (c.inflight.size() < size_t(m_o.inflight)) {
        uint32_t v = c.nextVariant;
        c.nextVariant = (c.nextVariant + 1) % uint32_t(m_variants.size());
        const std::string &frame = c.deflate ? m_variants[v].deflatedFrame : m_variants[v].frame;
        c.out.append(frame);
        c.inflight.push_back({v, now});
        ++m_inflightTotal;
    }
}

void LoadClient::flush(Conn &c)
{
    while (c.outOff < c.out.size()) {
        ssize_t n = sendBytes(c, c.out.data() + c.outOff, c.out.size() - c.outOff);
        ++m_stats.writes;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN) {
                setWantWrite(c, true);
                return;
            }
            fail(c, "write failed");
            return;
        }
        c.outOff += size_t(n);
    }
    c.out.clear();
    c.outOff = 0;
    setWantWrite(c, false);
}

void LoadClient::onEvent(Conn &c, uint32_t events)
{
    if (c.state == State::Closed)
        return;
    if (c.state == State::Connecting) {
        if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
            onConnected(c);
        return;
    }
    if (c.tlsHandshaking) {
        driveTlsHandshake(c);
        return;
    }
    if (events & EPOLLOUT)
        flush(c);
    if (!(events & (EPOLLIN | EPOLLERR | EPOLLHUP)) || c.state == State::Closed)
        return;
    for (;;) {
        ssize_t n = recvBytes(c, m_readBuf.data(), m_readBuf.size());
        ++m_stats.reads;
        if (n == 0) {
            fail(c, "server closed the connection");
            return;
        }
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN)
                fail(c, "read failed");
            break;
        }
        uint64_t now = nowNs();
        size_t off = 0;
        if (c.state == State::Handshake) {
            bool open = onHandshakeBytes(c, reinterpret_cast<const char *>(m_readBuf.data()),
                                         size_t(n), off);
            if (!open)
                break;
            refill(c, now);
        }
        onFrameBytes(c, m_readBuf.data() + off, size_t(n) - off, now);
        // TLS: one record per read, and read-ahead may hold more: read until EAGAIN.
        if (!c.ssl && size_t(n) < m_readBuf.size())
            break;
    }
    if (c.state != State::Open)
        return;
    refill(c, nowNs());
    if (!c.wantWrite)
        flush(c);
}

int LoadClient::run()
{
    signal(SIGPIPE, SIG_IGN);
    rlimit rl{};
    getrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < rlim_t(m_o.connections) + 64) {
        rl.rlim_cur = std::min<rlim_t>(rl.rlim_max, rlim_t(m_o.connections) + 64);
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    if (!m_o.connectOnly)
        buildVariants();
    if (m_o.tls) {
        m_sslCtx = SSL_CTX_new(TLS_client_method());
        SSL_CTX_set_verify(m_sslCtx, SSL_VERIFY_NONE, nullptr);
        SSL_CTX_set_mode(m_sslCtx,
                         SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
        SSL_CTX_set_read_ahead(m_sslCtx, 1);
    }
    m_epoll = epoll_create1(0);
    m_conns.resize(size_t(m_o.connections));

    long rssBefore = readVmRssKb(m_o.serverPid);
    const uint64_t t0 = nowNs();
    const uint64_t connectDeadline = t0 + uint64_t(m_o.connectTimeout * 1e9);
    std::vector<epoll_event> events(1024);
    uint64_t phaseEnd = 0;
    uint64_t measureStart = 0, measureEnd = 0;
    ProcCpu cpu0, cpu1;
    rusage ru0{}, ru1{};
    double connectSeconds = 0;

    for (;;) {
        // Keep a bounded number of handshakes in progress: a burst of 10 000 SYNs would
        // overflow the server's accept queue and turn into 1 s SYN retransmits.
        while (m_phase == Phase::Connect && m_nextToConnect < m_o.connections &&
               m_pendingHandshakes < m_o.connectBatch) {
            if (!startConnect(m_conns[size_t(m_nextToConnect++)]))
                return 1;
        }
        uint64_t now = nowNs();
        if (m_phase == Phase::Connect) {
            if (m_open + m_closed == m_o.connections) {
                connectSeconds = double(now - t0) / 1e9;
                if (m_open == 0) {
                    std::fprintf(stderr, "loadclient: no connection could be opened\n");
                    return 1;
                }
                if (m_o.connectOnly) {
                    m_phase = Phase::Done;
                    phaseEnd = now + uint64_t(m_o.hold * 1e9);
                } else {
                    m_phase = Phase::Warmup;
                    phaseEnd = now + uint64_t(m_o.warmup * 1e9);
                    for (auto &c : m_conns) {
                        refill(c, now);
                        if (c.state == State::Open)
                            flush(c);
                    }
                }
            } else if (now > connectDeadline) {
                std::fprintf(stderr, "loadclient: only %d of %d connections open after %.0f s\n",
                             m_open, m_o.connections, m_o.connectTimeout);
                if (!m_o.connectOnly)
                    return 1;
                // Still report what the server holds for the connections it did accept.
                connectSeconds = double(now - t0) / 1e9;
                m_phase = Phase::Done;
                phaseEnd = now + uint64_t(m_o.hold * 1e9);
            }
        } else if (m_phase == Phase::Warmup && now >= phaseEnd) {
            m_phase = Phase::Measure;
            measureStart = now;
            phaseEnd = now + uint64_t(m_o.duration * 1e9);
            cpu0 = readProcCpu(m_o.serverPid);
            getrusage(RUSAGE_SELF, &ru0);
        } else if (m_phase == Phase::Measure &&
                   (m_o.messages > 0 ? m_stats.messages >= m_o.messages : now >= phaseEnd)) {
            measureEnd = now;
            cpu1 = readProcCpu(m_o.serverPid);
            getrusage(RUSAGE_SELF, &ru1);
            m_phase = Phase::Drain;
            phaseEnd = now + uint64_t(m_o.drainTimeout * 1e9);
        } else if (m_phase == Phase::Measure && m_o.messages > 0 &&
                   now >= measureStart + uint64_t(m_o.duration * 1e9) * 10 + 60000000000ull) {
            std::fprintf(stderr, "loadclient: message count not reached in time\n");
            measureEnd = now;
            cpu1 = readProcCpu(m_o.serverPid);
            getrusage(RUSAGE_SELF, &ru1);
            m_phase = Phase::Drain;
            phaseEnd = now + uint64_t(m_o.drainTimeout * 1e9);
        }
        if (m_phase == Phase::Drain && (m_inflightTotal == 0 || now >= phaseEnd))
            break;
        if (m_phase == Phase::Done && now >= phaseEnd)
            break;

        int timeoutMs = 100;
        if (m_phase != Phase::Connect && phaseEnd > now)
            timeoutMs = int(std::min<uint64_t>((phaseEnd - now) / 1000000 + 1, 100));
        int n = epoll_wait(m_epoll, events.data(), int(events.size()), timeoutMs);
        if (n < 0 && errno != EINTR) {
            std::perror("epoll_wait");
            return 1;
        }
        for (int i = 0; i < n; ++i)
            onEvent(*static_cast<Conn *>(events[size_t(i)].data.ptr), events[size_t(i)].events);
    }

    if (m_o.connectOnly) {
        long rssAfter = readVmRssKb(m_o.serverPid);
        reportConnectOnly(rssBefore, rssAfter, connectSeconds);
    } else {
        // Echoes that never came back are errors too (one sample line, one count each).
        if (m_inflightTotal > 0 && m_errorSamples.size() < 5)
            m_errorSamples.emplace_back("echoes missing at the end of the drain");
        m_missing += m_inflightTotal;
        m_stats.errors += m_inflightTotal;
        auto secs = [](const timeval &tv) { return double(tv.tv_sec) + double(tv.tv_usec) / 1e6; };
        double clientCpu =
            secs(ru1.ru_utime) + secs(ru1.ru_stime) - secs(ru0.ru_utime) - secs(ru0.ru_stime);
        report(double(measureEnd - measureStart) / 1e9, cpu0, cpu1, clientCpu);
    }
    for (auto &c : m_conns) {
        if (c.state != State::Closed && c.fd >= 0)
            close(c.fd);
        if (c.ssl)
            SSL_free(c.ssl);
        if (c.inflater) {
            inflateEnd(c.inflater);
            delete c.inflater;
        }
    }
    if (m_o.connectOnly)
        return m_stats.errors == 0 && m_open == m_o.connections ? 0 : 3;
    return m_stats.errors == 0 && m_stats.messages > 0 ? 0 : 3;
}

std::string jsonEscape(const std::string &s)
{
    std::string out;
    for (char ch : s) {
        if (ch == '"' || ch == '\\')
            out.push_back('\\');
        out.push_back(ch);
    }
    return out;
}

void LoadClient::report(double seconds, const ProcCpu &cpu0, const ProcCpu &cpu1, double clientCpu)
{
    double msgs = seconds > 0 ? double(m_stats.messages) / seconds : 0;
    double mbs = seconds > 0 ? double(m_stats.bytes) / seconds / 1e6 : 0;
    double p50 = m_stats.rtt.percentile(50) / 1000.0;
    double p99 = m_stats.rtt.percentile(99) / 1000.0;
    bool haveCpu = cpu0.ok && cpu1.ok && m_stats.messages > 0;
    double serverCpu = haveCpu ? cpu1.seconds - cpu0.seconds : -1;
    double serverNsPerMsg = haveCpu ? serverCpu / double(m_stats.messages) * 1e9 : -1;
    double clientNsPerMsg = m_stats.messages ? clientCpu / double(m_stats.messages) * 1e9 : -1;
    if (m_o.json) {
        std::printf("{\"label\":\"%s\",\"mode\":\"echo\",\"connections\":%d,\"inflight\":%d,"
                    "\"size\":%zu,\"text\":%s,\"deflate\":%s,\"deflate_negotiated\":%d,"
                    "\"seconds\":%.3f,\"messages\":%" PRIu64 ",\"msgs_per_s\":%.1f,"
                    "\"mb_per_s\":%.2f,\"rtt_p50_us\":%.1f,\"rtt_p99_us\":%.1f,"
                    "\"errors\":%" PRIu64 ",\"missing\":%" PRIu64 ",\"compressed_in\":%" PRIu64
                    ",\"server_cpu_s\":%.3f,\"server_ns_per_msg\":%.1f,"
                    "\"client_ns_per_msg\":%.1f,\"client_writes\":%" PRIu64
                    ",\"client_reads\":%" PRIu64 ",\"open\":%d,\"error_samples\":[",
                    jsonEscape(m_o.label).c_str(), m_o.connections, m_o.inflight, m_o.size,
                    m_o.text ? "true" : "false", m_o.deflate ? "true" : "false",
                    m_deflateNegotiated, seconds, m_stats.messages, msgs, mbs, p50, p99,
                    m_stats.errors, m_missing, m_stats.compressedIn, serverCpu, serverNsPerMsg,
                    clientNsPerMsg, m_stats.writes, m_stats.reads, m_open);
        for (size_t i = 0; i < m_errorSamples.size(); ++i)
            std::printf("%s\"%s\"", i ? "," : "", jsonEscape(m_errorSamples[i]).c_str());
        std::printf("]}\n");
        return;
    }
    std::printf("%-22s %s\n", "label", m_o.label.c_str());
    std::printf("%-22s %d conns x %d in flight, %zu B %s%s\n", "load", m_o.connections,
                m_o.inflight, m_o.size, m_o.text ? "text" : "binary",
                m_o.deflate ? " deflate" : "");
    if (m_o.deflate)
        std::printf("%-22s %d of %d (compressed echoes %" PRIu64 ")\n", "deflate negotiated",
                    m_deflateNegotiated, m_o.connections, m_stats.compressedIn);
    std::printf("%-22s %.3f s\n", "measured", seconds);
    std::printf("%-22s %" PRIu64 "\n", "messages", m_stats.messages);
    std::printf("%-22s %.0f\n", "msgs/s", msgs);
    std::printf("%-22s %.2f\n", "MB/s (each way)", mbs);
    std::printf("%-22s %.1f us / %.1f us\n", "round trip p50/p99", p50, p99);
    std::printf("%-22s %" PRIu64 " (missing %" PRIu64 ")\n", "errors", m_stats.errors, m_missing);
    if (haveCpu)
        std::printf("%-22s %.0f ns (%.2f s)\n", "server CPU/msg", serverNsPerMsg, serverCpu);
    std::printf("%-22s %.0f ns\n", "client CPU/msg", clientNsPerMsg);
    for (const auto &e : m_errorSamples)
        std::printf("%-22s %s\n", "error", e.c_str());
}

void LoadClient::reportConnectOnly(long rssBefore, long rssAfter, double connectSeconds)
{
    double perConn = (rssBefore >= 0 && rssAfter >= 0 && m_open > 0)
                         ? double(rssAfter - rssBefore) * 1024.0 / m_open
                         : -1;
    if (m_o.json) {
        std::printf("{\"label\":\"%s\",\"mode\":\"connect-only\",\"connections\":%d,\"open\":%d,"
                    "\"connect_s\":%.3f,\"rss_before_kb\":%ld,\"rss_after_kb\":%ld,"
                    "\"rss_per_conn_bytes\":%.0f,\"errors\":%" PRIu64 "}\n",
                    jsonEscape(m_o.label).c_str(), m_o.connections, m_open, connectSeconds,
                    rssBefore, rssAfter, perConn, m_stats.errors);
        return;
    }
    std::printf("%-22s %s\n", "label", m_o.label.c_str());
    std::printf("%-22s %d of %d in %.2f s\n", "connections open", m_open, m_o.connections,
                connectSeconds);
    std::printf("%-22s %ld kB -> %ld kB\n", "server VmRSS", rssBefore, rssAfter);
    std::printf("%-22s %.0f B\n", "RSS per connection", perConn);
    std::printf("%-22s %" PRIu64 "\n", "errors", m_stats.errors);
}

void usage()
{
    std::fprintf(
        stderr,
        "usage: framescope_loadclient --port P [options]\n"
        "  --host H            server address (127.0.0.1)\n"
        "  --path /P           request path (/)\n"
        "  -c, --connections C connections (1)\n"
        "  -w, --inflight W    messages in flight per connection (1)\n"
        "  -s, --size S        payload bytes (32)\n"
        "  --text | --binary   message type (binary)\n"
        "  --deflate           offer permessage-deflate (no context takeover both ways)\n"
        "  --tls               wss:// (TLS, the certificate not checked)\n"
        "  -d, --duration D    measured seconds (5)\n"
        "  -n, --messages N    stop after N measured messages instead\n"
        "  --warmup S          seconds before measuring (1)\n"
        "  --server-pid PID    server CPU time (schedstat of all threads) and RSS from /proc\n"
        "  --connect-only      open C connections, hold, report server RSS per connection\n"
        "  --hold S            seconds to hold in --connect-only (2)\n"
        "  --connect-batch N   handshakes in progress at once (128)\n"
        "  --connect-timeout S give up when not all connections are open after S s (30)\n"
        "  --label L           name printed with the results\n"
        "  --json              one JSON object instead of the table\n"
        "Exit status: 0 when every echo was verified (and > 0 messages), 3 otherwise.\n");
}

} // namespace

int main(int argc, char **argv)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> const char * {
            if (i + 1 >= argc) {
                usage();
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--host")
            o.host = next();
        else if (a == "--port" || a == "-p")
            o.port = std::atoi(next());
        else if (a == "--path")
            o.path = next();
        else if (a == "-c" || a == "--connections")
            o.connections = std::atoi(next());
        else if (a == "-w" || a == "--inflight")
            o.inflight = std::atoi(next());
        else if (a == "-s" || a == "--size")
            o.size = size_t(std::strtoull(next(), nullptr, 10));
        else if (a == "--text")
            o.text = true;
        else if (a == "--binary")
            o.text = false;
        else if (a == "--deflate")
            o.deflate = true;
        else if (a == "--tls")
            o.tls = true;
        else if (a == "-d" || a == "--duration")
            o.duration = std::atof(next());
        else if (a == "-n" || a == "--messages")
            o.messages = std::strtoull(next(), nullptr, 10);
        else if (a == "--warmup")
            o.warmup = std::atof(next());
        else if (a == "--server-pid")
            o.serverPid = std::atoi(next());
        else if (a == "--connect-only")
            o.connectOnly = true;
        else if (a == "--hold")
            o.hold = std::atof(next());
        else if (a == "--connect-timeout")
            o.connectTimeout = std::atof(next());
        else if (a == "--connect-batch")
            o.connectBatch = std::max(1, std::atoi(next()));
        else if (a == "--label")
            o.label = next();
        else if (a == "--json")
            o.json = true;
        else if (a == "-h" || a == "--help") {
            usage();
            return 0;
        } else {
            std::fprintf(stderr, "unknown option %s\n", a.c_str());
            usage();
            return 2;
        }
    }
    if (o.port <= 0 || o.port > 65535 || o.connections < 1 || o.inflight < 1) {
        usage();
        return 2;
    }
    LoadClient client(o);
    int rc = client.run();
    std::fflush(stdout);
    return rc;
}
