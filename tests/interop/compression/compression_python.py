#!/usr/bin/python3
"""Interop with permessage-deflate (RFC 7692): python3-websockets 10.4 and raw sockets
against the compression echo server (framescope_compression_echo).

usage: compression_python.py --server EXE [--group client|raw|all] [--only NAME]

Every case starts its own server (options per case), connects, echoes, and then checks
the server's OPEN/CLOSED lines: the negotiated extension and how many frames carried RSV1
in each direction. The raw-socket cases check RSV1 and the compressed bytes on the wire.
Exit code 1 if any case failed.
"""

import argparse
import asyncio
import os
import random
import re
import socket
import struct
import sys
import time
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import serverproc  # noqa: E402

import websockets  # noqa: E402
from websockets.exceptions import ConnectionClosed  # noqa: E402
from websockets.extensions.permessage_deflate import (  # noqa: E402
    ClientPerMessageDeflateFactory as Offer)

CASE_TIMEOUT = 30.0
MiB = 1024 * 1024
OPEN_RE = re.compile(r"^OPEN fd=(\d+) compression=(\d) extensions=(.*)$")


def closed_re(fd):
    return re.compile(r"^CLOSED fd=%s (.*)$" % fd)


def wait_line(server, regex, timeout=10.0, after=0):
    """The first server output line (from index `after`) matching `regex`."""
    deadline = time.monotonic() + timeout
    while True:
        lines = list(server.output)
        for line in lines[after:]:
            m = regex.search(line)
            if m:
                return m
        if time.monotonic() > deadline:
            raise AssertionError("no server line matching %r within %.0f s" % (regex.pattern, timeout))
        time.sleep(0.02)


def counters(server, fd):
    m = wait_line(server, closed_re(fd))
    return {k: int(v) for k, v in (kv.split("=") for kv in m.group(1).split())}


def check(what, got, want):
    if got != want:
        def short(v):
            r = repr(v)
            return r if len(r) < 120 else r[:100] + "... (%d)" % len(v)
        raise AssertionError("%s: got %s, expected %s" % (what, short(got), short(want)))


def compressible_text(size, seed):
    rnd = random.Random(seed)
    words = ["frame", "deflate", "window", "Grüße", "日本", "🎉", "sliding", "RSV1", "echo"]
    parts, n = [], 0
    while n < size:
        w = rnd.choice(words) + " "
        parts.append(w)
        n += len(w.encode())
    return "".join(parts)


def far_repeats(size, seed):
    """Random bytes with copies at distances up to 30 000: exercises the window size."""
    rnd = random.Random(seed)
    data = bytearray(rnd.randbytes(size))
    for at in range(4096, size - 200, 997):
        dist = rnd.randrange(100, 30000)
        if dist < at:
            data[at:at + 200] = data[at - dist:at - dist + 200]
    return bytes(data)


class Session:
    """One python3-websockets connection; remembers what it echoed."""

    def __init__(self, server, ws):
        self.server = server
        self.ws = ws
        self.echoes = 0

    async def echo(self, message):
        await self.ws.send(message)
        got = await asyncio.wait_for(self.ws.recv(), CASE_TIMEOUT)
        check("echo of %d %s" % (len(message), type(message).__name__), got, message)
        self.echoes += 1

    async def standard_set(self):
        await self.echo("Hello")
        await self.echo("Hello")  # refers back to the first with context takeover
        await self.echo(bytes(range(256)) * 4)
        await self.echo("")
        await self.echo(b"")
        await self.echo(compressible_text(MiB, 1))
        await self.echo(random.Random(2).randbytes(MiB))  # incompressible
        await self.echo(far_repeats(MiB, 3))
        rnd = random.Random(4)
        for i in range(100):
            await self.echo("small message %d %s" % (i, "x" * rnd.randrange(0, 200)))


async def open_session(server, extensions=None, **kw):
    kw.setdefault("max_size", 64 * MiB)
    kw.setdefault("ping_interval", None)
    kw.setdefault("open_timeout", 10)
    kw.setdefault("close_timeout", 10)
    if extensions is not None:
        kw["extensions"] = extensions
        kw["compression"] = None
    before = len(server.output)
    ws = await websockets.connect("ws://127.0.0.1:%d/" % server.port, **kw)
    m = wait_line(server, OPEN_RE, after=before)
    return Session(server, ws), m.group(1), m.group(3)


def response_extensions(ws):
    return ws.response_headers.get("Sec-WebSocket-Extensions", "")


async def standard_case(server, extensions, want_response, compress_out=True):
    s, fd, negotiated = await open_session(server, extensions)
    check("server's negotiated extensions", negotiated, want_response)
    check("Sec-WebSocket-Extensions response", response_extensions(s.ws), want_response)
    check("client extensions", [e.name for e in s.ws.extensions], ["permessage-deflate"])
    await s.standard_set()
    await s.ws.close()
    c = counters(server, fd)
    check("messages in", c["messages_in"], s.echoes)
    # python3-websockets compresses every message; RSV1 only on first frames.
    check("RSV1 frames in", c["rsv1_in"], s.echoes)
    check("RSV1 frames out", c["rsv1_out"], s.echoes if compress_out else 0)
    check("code", c["code"], 1000)
    return c


async def case_default_offer(server):
    # websockets offers "permessage-deflate; client_max_window_bits".
    c = await standard_case(server, None, "permessage-deflate")
    if c["wire_in"] >= c["inflated_in"]:
        raise AssertionError("no compression gain in: %s" % c)


async def case_window_bits_10(server):
    await standard_case(
        server, [Offer(server_max_window_bits=10, client_max_window_bits=10)],
        "permessage-deflate; server_max_window_bits=10; client_max_window_bits=10")


async def case_window_bits_9_and_15(server):
    await standard_case(
        server, [Offer(server_max_window_bits=9, client_max_window_bits=15)],
        "permessage-deflate; server_max_window_bits=9; client_max_window_bits=15")


async def case_no_context_takeover(server):
    await standard_case(
        server, [Offer(server_no_context_takeover=True, client_no_context_takeover=True)],
        "permessage-deflate; server_no_context_takeover; client_no_context_takeover")


async def case_client_window_no_value(server):
    await standard_case(server, [Offer(client_max_window_bits=True)], "permessage-deflate")


async def case_server_bits_8_fallback(server):
    # Autobahn 13.7-style offers: the first one (a 256-byte server window) is acceptable and
    # wins; zlib deflates with 9 bits, whose matches stay within 250 bytes.
    await standard_case(server, [Offer(server_max_window_bits=8), Offer()],
                        "permessage-deflate; server_max_window_bits=8")


async def case_server_bits_8_only(server):
    # python3-websockets inflates with an 8-bit window: a match further back would fail.
    await standard_case(server, [Offer(server_max_window_bits=8)],
                        "permessage-deflate; server_max_window_bits=8")


async def case_fragmented_in(server):
    s, fd, _ = await open_session(server)
    parts = ["first fragment " * 50, "second " * 70, "", "third and last"]
    await s.ws.send(parts)  # one message, four frames, compressed as one stream
    got = await asyncio.wait_for(s.ws.recv(), CASE_TIMEOUT)
    check("fragmented echo", got, "".join(parts))
    await s.echo("after the fragmented one")
    await s.ws.close()
    c = counters(server, fd)
    # websockets sends every part with FIN clear, then an empty final frame.
    check("frames in", c["data_frames_in"], 6)
    check("RSV1 frames in (first frame only)", c["rsv1_in"], 2)
    check("messages in", c["messages_in"], 2)


async def case_compress_all(server):
    await standard_case(server, None, "permessage-deflate")


async def case_plain_echo(server):
    # Compressed in, uncompressed out (no COMPRESS flag): both are valid in one session.
    await standard_case(server, None, "permessage-deflate", compress_out=False)


async def case_min_size(server):
    # --compress-all --min-size 100: shorter messages go out uncompressed.
    s, fd, _ = await open_session(server)
    sizes = [0, 1, 50, 99, 100, 101, 1000, 99, 5000]
    for n in sizes:
        await s.echo("m" * n)
    await s.ws.close()
    c = counters(server, fd)
    check("RSV1 frames out", c["rsv1_out"], sum(1 for n in sizes if n >= 100))


async def case_inflate_bomb(server):
    # --max-message-size 1 MiB: 16 MiB of zeros compress to ~16 KB and must close 1009.
    s, fd, _ = await open_session(server)
    await s.echo("fine")
    await s.ws.send(b"\x00" * (16 * MiB))
    try:
        got = await asyncio.wait_for(s.ws.recv(), CASE_TIMEOUT)
        raise AssertionError("bomb was echoed (%d bytes)" % len(got))
    except ConnectionClosed as e:
        check("close code", e.rcvd.code if e.rcvd else None, 1009)
    m = wait_line(server, re.compile(r"^PROTOCOL_ERROR fd=%s .*code=1009" % fd))
    c = counters(server, fd)
    if c["wire_in"] > 64 * 1024:
        raise AssertionError("bomb was not small on the wire: %s" % c)
    return m


# --- raw sockets: the bytes on the wire -------------------------------------------------

class Raw:
    def __init__(self, port, extensions=None):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        key = "dGhlIHNhbXBsZSBub25jZQ=="
        head = ("GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n"
                "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n"
                % (port, key))
        if extensions:
            head += "Sec-WebSocket-Extensions: %s\r\n" % extensions
        self.sock.sendall((head + "\r\n").encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise AssertionError("connection closed during handshake")
            self.buf += chunk
        response, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = response.decode().split("\r\n")
        check("status line", lines[0].split(" ")[1], "101")
        self.extensions = ""
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "sec-websocket-extensions":
                self.extensions = value.strip()

    def send_frame(self, opcode, payload, fin=True, rsv1=False):
        b0 = (0x80 if fin else 0) | (0x40 if rsv1 else 0) | opcode
        mask = os.urandom(4)
        n = len(payload)
        if n < 126:
            head = struct.pack("!BB", b0, 0x80 | n)
        elif n < 65536:
            head = struct.pack("!BBH", b0, 0x80 | 126, n)
        else:
            head = struct.pack("!BBQ", b0, 0x80 | 127, n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(head + mask + masked)

    def _need(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise AssertionError("connection closed while reading a frame")
            self.buf += chunk

    def read_frame(self):
        self._need(2)
        b0, b1 = self.buf[0], self.buf[1]
        n, at = b1 & 0x7F, 2
        if n == 126:
            self._need(4)
            n, at = struct.unpack("!H", self.buf[2:4])[0], 4
        elif n == 127:
            self._need(10)
            n, at = struct.unpack("!Q", self.buf[2:10])[0], 10
        check("server frame masked", bool(b1 & 0x80), False)
        self._need(at + n)
        payload, self.buf = self.buf[at:at + n], self.buf[at + n:]
        return {"fin": bool(b0 & 0x80), "rsv1": bool(b0 & 0x40), "opcode": b0 & 0x0F,
                "payload": payload}

    def expect_close(self, code):
        f = self.read_frame()
        check("opcode", f["opcode"], 8)
        check("close code", struct.unpack("!H", f["payload"][:2])[0], code)
        self.sock.close()

    def close(self):
        self.send_frame(8, struct.pack("!H", 1000))
        self.expect_close(1000)


def case_raw_rfc_bytes(server):
    r = Raw(server.port, "permessage-deflate")
    check("negotiated", r.extensions, "permessage-deflate")
    inflater = zlib.decompressobj(-15)
    # RFC 7692 §7.2.3.1 in, and the server's own compression of "Hello" out, twice: the
    # second time the server refers back to the first message (§7.2.3.2).
    for want in (bytes.fromhex("f248cdc9c90700"), bytes.fromhex("f200110000")):
        r.send_frame(1, bytes.fromhex("f248cdc9c90700"), rsv1=True)
        f = r.read_frame()
        check("echo RSV1", f["rsv1"], True)
        check("echo opcode", f["opcode"], 1)
        check("echo payload bytes", f["payload"].hex(), want.hex())
        check("inflated", inflater.decompress(f["payload"] + b"\x00\x00\xff\xff"), b"Hello")
    # §7.2.3.1 fragmented, §7.2.3.3 stored block, §7.2.3.4 BFINAL, §7.2.3.5 two blocks.
    r.send_frame(1, bytes.fromhex("f248cd"), fin=False, rsv1=True)
    r.send_frame(0, bytes.fromhex("c9c90700"))
    for payload in ("000500faff48656c6c6f00", "f348cdc9c9070000", "f24805000000ffffcac9c90700"):
        r.send_frame(1, bytes.fromhex(payload), rsv1=True)
    for _ in range(4):
        f = r.read_frame()
        check("echo RSV1", f["rsv1"], True)
        check("inflated", inflater.decompress(f["payload"] + b"\x00\x00\xff\xff"), b"Hello")
    # Control frames are never compressed, also inside a compressed fragmented message.
    r.send_frame(1, bytes.fromhex("f248cd"), fin=False, rsv1=True)
    r.send_frame(9, b"ping")
    f = r.read_frame()
    check("pong", (f["opcode"], f["rsv1"], f["payload"]), (10, False, b"ping"))
    r.send_frame(0, bytes.fromhex("c9c90700"))
    f = r.read_frame()
    check("inflated", inflater.decompress(f["payload"] + b"\x00\x00\xff\xff"), b"Hello")
    r.close()


def case_raw_no_context_takeover(server):
    r = Raw(server.port, "permessage-deflate; server_no_context_takeover; "
                         "client_no_context_takeover")
    check("negotiated", r.extensions,
          "permessage-deflate; server_no_context_takeover; client_no_context_takeover")
    for _ in range(3):
        # Fresh window each time: the same bytes every time, inflatable on their own.
        r.send_frame(1, bytes.fromhex("f248cdc9c90700"), rsv1=True)
        f = r.read_frame()
        check("payload", f["payload"].hex(), "f248cdc9c90700")
    r.close()


def case_raw_rsv1_without_negotiation(server):
    r = Raw(server.port)
    check("negotiated", r.extensions, "")
    r.send_frame(1, bytes.fromhex("f248cdc9c90700"), rsv1=True)
    r.expect_close(1002)


def case_raw_rsv1_on_continuation(server):
    r = Raw(server.port, "permessage-deflate")
    r.send_frame(1, bytes.fromhex("f248cd"), fin=False, rsv1=True)
    r.send_frame(0, bytes.fromhex("c9c90700"), rsv1=True)
    r.expect_close(1002)


def case_raw_rsv1_on_ping(server):
    r = Raw(server.port, "permessage-deflate")
    r.send_frame(9, b"x", rsv1=True)
    r.expect_close(1002)


def case_raw_corrupt(server):
    r = Raw(server.port, "permessage-deflate")
    r.send_frame(2, b"\xff\xff\xff\xff", rsv1=True)
    r.expect_close(1007)


CASES = [
    # (name, server options, async or plain function)
    ("default_offer", [], case_default_offer),
    ("window_bits_10", [], case_window_bits_10),
    ("window_bits_9_and_15", [], case_window_bits_9_and_15),
    ("no_context_takeover", [], case_no_context_takeover),
    ("client_window_no_value", [], case_client_window_no_value),
    ("server_bits_8_fallback", [], case_server_bits_8_fallback),
    ("server_bits_8_only", [], case_server_bits_8_only),
    ("fragmented_in", [], case_fragmented_in),
    ("compress_all", ["--compress-all"], case_compress_all),
    ("plain_echo", ["--plain-echo"], case_plain_echo),
    ("min_size", ["--compress-all", "--min-size", "100"], case_min_size),
    ("inflate_bomb", ["--max-message-size", str(MiB)], case_inflate_bomb),
    ("raw_rfc_bytes", [], case_raw_rfc_bytes),
    ("raw_no_context_takeover", [], case_raw_no_context_takeover),
    ("raw_rsv1_without_negotiation", [], case_raw_rsv1_without_negotiation),
    ("raw_rsv1_on_continuation", [], case_raw_rsv1_on_continuation),
    ("raw_rsv1_on_ping", [], case_raw_rsv1_on_ping),
    ("raw_corrupt", [], case_raw_corrupt),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--group", choices=["client", "raw", "all"], default="all",
                    help="raw: the raw-socket cases; client: the python3-websockets ones")
    ap.add_argument("--only", help="run only the cases whose name contains this")
    opts = ap.parse_args()
    report = serverproc.Report("compression/python3-websockets")
    last_server = None
    for name, server_args, fn in CASES:
        if opts.only and opts.only not in name:
            continue
        if opts.group != "all" and name.startswith("raw_") != (opts.group == "raw"):
            continue
        server = serverproc.Server(opts.server, ["0"] + server_args)
        last_server = server
        try:
            server.start()
            if asyncio.iscoroutinefunction(fn):
                asyncio.run(asyncio.wait_for(fn(server), CASE_TIMEOUT))
            else:
                fn(server)
            rc = server.stop()
            if rc != 0:
                raise AssertionError("server exited with %s on SIGTERM" % rc)
            report.ok(name)
        except Exception as e:  # noqa: BLE001 - every failure is reported per case
            server.stop()
            report.fail(name, "%s: %s\n%s" % (type(e).__name__, e, server.tail(15)))
    return report.finish(last_server if report.failed else None)


if __name__ == "__main__":
    sys.exit(main())
