/* raw_echo: the ceiling. A minimal single-threaded epoll WebSocket echo server: reads the
 * HTTP upgrade, answers 101, then streams every client frame back unmasked as a server
 * frame, one read and one write per batch. No validation beyond what echoing needs: it
 * measures what the transport costs, not a conforming server.
 * Usage: raw_echo <port>   (0 = ephemeral); prints "listening on 127.0.0.1:<port>". */
#define _GNU_SOURCE
#include "../common/wsutil.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

enum { ReadChunk = 256 * 1024, MaxHandshake = 8192 };

typedef struct Conn
{
    int fd;
    int upgraded;
    int closing;
    int wantWrite;
    /* handshake bytes until the blank line; freed after the upgrade (idle RSS) */
    char *hs;
    size_t hsLen;
    /* frame header being collected, and the frame being streamed through */
    unsigned char hdr[14];
    size_t hdrLen;
    uint64_t remaining;
    unsigned char mask[4];
    unsigned maskPos;
    int dropPayload; /* client pong: consumed, not echoed */
    /* pending output */
    unsigned char *out;
    size_t outLen, outOff, outCap;
} Conn;

static int g_epoll;

static void die(const char *what)
{
    perror(what);
    exit(1);
}

static void outReserve(Conn *c, size_t extra)
{
    if (c->outLen + extra <= c->outCap)
        return;
    size_t cap = c->outCap ? c->outCap : 256;
    while (cap < c->outLen + extra)
        cap *= 2;
    c->out = realloc(c->out, cap);
    if (!c->out)
        die("realloc");
    c->outCap = cap;
}

static void closeConn(Conn *c)
{
    epoll_ctl(g_epoll, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    free(c->hs);
    free(c->out);
    free(c);
}

static void setWantWrite(Conn *c, int want)
{
    if (c->wantWrite == want)
        return;
    c->wantWrite = want;
    struct epoll_event ev = {.events = want ? EPOLLOUT : EPOLLIN, .data.ptr = c};
    epoll_ctl(g_epoll, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Returns -1 when the connection died. */
static int flush(Conn *c)
{
    while (c->outOff < c->outLen) {
        ssize_t n = send(c->fd, c->out + c->outOff, c->outLen - c->outOff, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN) {
                setWantWrite(c, 1);
                return 0;
            }
            return -1;
        }
        c->outOff += (size_t)n;
    }
    c->outOff = c->outLen = 0;
    setWantWrite(c, 0);
    return c->closing ? -1 : 0;
}

static int handshake(Conn *c, const char *p, size_t n, size_t *used)
{
    if (!c->hs && !(c->hs = malloc(MaxHandshake)))
        die("malloc");
    size_t room = MaxHandshake - 1 - c->hsLen;
    size_t take = n < room ? n : room;
    memcpy(c->hs + c->hsLen, p, take);
    c->hsLen += take;
    c->hs[c->hsLen] = '\0';
    char *end = strstr(c->hs, "\r\n\r\n");
    if (!end) {
        *used = take;
        return c->hsLen >= MaxHandshake - 1 ? -1 : 0;
    }
    size_t headLen = (size_t)(end + 4 - c->hs);
    *used = take - (c->hsLen - headLen);
    const char *key = NULL;
    size_t keyLen = 0;
    for (char *line = strstr(c->hs, "\r\n"); line && line < end; line = strstr(line + 2, "\r\n")) {
        const char *h = line + 2;
        if (strncasecmp(h, "Sec-WebSocket-Key:", 18) == 0) {
            key = h + 18;
            while (*key == ' ')
                ++key;
            const char *e = strstr(key, "\r\n");
            keyLen = (size_t)(e - key);
            while (keyLen && key[keyLen - 1] == ' ')
                --keyLen;
        }
    }
    if (!key)
        return -1;
    char accept[29];
    bench_accept_key(key, keyLen, accept);
    char resp[256];
    int len = snprintf(resp, sizeof resp,
                       "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                       "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n",
                       accept);
    outReserve(c, (size_t)len);
    memcpy(c->out + c->outLen, resp, (size_t)len);
    c->outLen += (size_t)len;
    c->upgraded = 1;
    free(c->hs);
    c->hs = NULL;
    return 0;
}

static void emitHeader(Conn *c, unsigned char b0, uint64_t len)
{
    outReserve(c, 10);
    unsigned char *o = c->out + c->outLen;
    o[0] = b0;
    if (len < 126) {
        o[1] = (unsigned char)len;
        c->outLen += 2;
    } else if (len <= 0xFFFF) {
        o[1] = 126;
        o[2] = (unsigned char)(len >> 8);
        o[3] = (unsigned char)len;
        c->outLen += 4;
    } else {
        o[1] = 127;
        for (int i = 0; i < 8; ++i)
            o[2 + i] = (unsigned char)(len >> (56 - 8 * i));
        c->outLen += 10;
    }
}

/* Streams frames through: header in, header out; payload unmasked chunk by chunk. */
static int frames(Conn *c, const unsigned char *p, size_t n)
{
    while (n) {
        if (c->remaining == 0) {
            c->hdr[c->hdrLen++] = *p++;
            --n;
            if (c->hdrLen < 2)
                continue;
            unsigned len7 = c->hdr[1] & 0x7F;
            size_t need = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + 4;
            if (c->hdrLen < need)
                continue;
            /* RFC 6455 §5.1: a server must close on an unmasked client frame. */
            if (!(c->hdr[1] & 0x80))
                return -1;
            uint64_t len = len7;
            if (len7 == 126)
                len = ((uint64_t)c->hdr[2] << 8) | c->hdr[3];
            else if (len7 == 127) {
                len = 0;
                for (int i = 0; i < 8; ++i)
                    len = (len << 8) | c->hdr[2 + i];
            }
            memcpy(c->mask, c->hdr + need - 4, 4);
            c->maskPos = 0;
            c->hdrLen = 0;
            unsigned opcode = c->hdr[0] & 0x0F;
            unsigned char b0 = c->hdr[0];
            c->dropPayload = opcode == 0xA;
            if (opcode == 0x9)
                b0 = (unsigned char)((b0 & 0xF0) | 0xA); /* RFC 6455 §5.5.2: ping → pong */
            if (opcode == 0x8)
                c->closing = 1; /* RFC 6455 §5.5.1: echo the close, then drop TCP */
            if (!c->dropPayload)
                emitHeader(c, b0, len);
            c->remaining = len;
            if (len == 0)
                continue;
            continue;
        }
        size_t take = n < c->remaining ? n : (size_t)c->remaining;
        if (!c->dropPayload) {
            outReserve(c, take);
            unsigned char *o = c->out + c->outLen;
            unsigned mp = c->maskPos;
            for (size_t i = 0; i < take; ++i)
                o[i] = p[i] ^ c->mask[(mp + i) & 3];
            c->outLen += take;
        }
        c->maskPos = (c->maskPos + (unsigned)take) & 3;
        c->remaining -= take;
        p += take;
        n -= take;
    }
    return 0;
}

static int onReadable(Conn *c, unsigned char *buf)
{
    for (;;) {
        ssize_t n = recv(c->fd, buf, ReadChunk, 0);
        if (n == 0)
            return -1;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN)
                break;
            return -1;
        }
        size_t off = 0;
        if (!c->upgraded) {
            size_t used = 0;
            if (handshake(c, (const char *)buf, (size_t)n, &used) < 0)
                return -1;
            off = used;
        }
        if (c->upgraded && off < (size_t)n && frames(c, buf + off, (size_t)n - off) < 0)
            return -1;
        if ((size_t)n < ReadChunk)
            break;
    }
    return flush(c);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s <port>\n", argv[0]);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1]))};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0)
        die("bind");
    if (listen(lfd, 4096) < 0)
        die("listen");
    socklen_t alen = sizeof addr;
    getsockname(lfd, (struct sockaddr *)&addr, &alen);
    g_epoll = epoll_create1(0);
    struct epoll_event lev = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(g_epoll, EPOLL_CTL_ADD, lfd, &lev);
    printf("listening on 127.0.0.1:%u\n", ntohs(addr.sin_port));
    fflush(stdout);

    unsigned char *buf = malloc(ReadChunk);
    struct epoll_event events[256];
    for (;;) {
        int n = epoll_wait(g_epoll, events, 256, -1);
        if (n < 0 && errno != EINTR)
            die("epoll_wait");
        for (int i = 0; i < n; ++i) {
            Conn *c = events[i].data.ptr;
            if (!c) {
                int fd;
                while ((fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    Conn *nc = calloc(1, sizeof *nc);
                    nc->fd = fd;
                    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = nc};
                    epoll_ctl(g_epoll, EPOLL_CTL_ADD, fd, &ev);
                }
                continue;
            }
            int rc = 0;
            if (events[i].events & EPOLLOUT)
                rc = flush(c);
            else
                rc = onReadable(c, buf);
            if (rc < 0)
                closeConn(c);
        }
    }
}
