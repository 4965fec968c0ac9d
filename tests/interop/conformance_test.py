#!/usr/bin/python3
"""RFC 6455 and RFC 7692 conformance of the server under test, over raw sockets with
handcrafted frames: what a strict suite checks and what real clients never send.

usage: conformance_test.py --server EXE [--server-args "ARGS"] [--deflate] [--control-api]
                           [--only SUBSTRING]

--server-args: the server's command line (default "0", the echo example's port argument);
the app runs as --server framescope --server-args "--no-gui --port 0 --log-format none".
--control-api: the server's port also answers plain HTTP with the app's control API.
--deflate: the server negotiates permessage-deflate; adds the RFC 7692 cases (negotiation,
compressed echoes, reserved bits, bad compressed data, inflate limits). Without it, one case
checks that an offer is declined.

Every case opens its own connection, sends literal bytes and asserts the exact reaction:
the HTTP status of a bad handshake, the close code in the server's close frame, and that the
server then closes the TCP connection. All reads are bounded. Cases run in parallel (they
are independent connections) and are reported in table order, one PASS/FAIL line each; the
exit code is 1 if any case failed.
"""

import argparse
import base64
import concurrent.futures
import hashlib
import os
import socket
import struct
import shlex
import sys
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serverproc  # noqa: E402

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
READ_TIMEOUT = 4.0   # one expected reaction
CASE_BUDGET = 10.0   # one whole case
OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


class CaseFailure(AssertionError):
    pass


# ---------------------------------------------------------------- frames

def frame(opcode, payload=b"", fin=True, rsv=0, mask=True, length=None):
    """A client frame. rsv: bits 0b100 = RSV1, 0b010 = RSV2, 0b001 = RSV3.
    length: None (minimal encoding), 16 or 64 to force a longer (non-minimal) encoding."""
    b0 = (0x80 if fin else 0) | (rsv << 4) | opcode
    n = len(payload)
    mbit = 0x80 if mask else 0
    if length is None:
        length = 7 if n < 126 else (16 if n < 65536 else 64)
    if length == 7:
        head = bytes([b0, mbit | n])
    elif length == 16:
        head = bytes([b0, mbit | 126]) + struct.pack("!H", n)
    else:
        head = bytes([b0, mbit | 127]) + struct.pack("!Q", n)
    if not mask:
        return head + payload
    key = os.urandom(4)
    return head + key + bytes(c ^ key[i & 3] for i, c in enumerate(payload))


def zero_mask_frame(opcode, payload, fin=True):
    """A masked frame with the all-zero key (valid, RFC 6455 §5.3 only asks for an
    unpredictable key): big payloads need no Python-speed masking."""
    n = len(payload)
    head = bytes([(0x80 if fin else 0) | opcode])
    if n < 126:
        head += bytes([0x80 | n])
    elif n < 65536:
        head += bytes([0x80 | 126]) + struct.pack("!H", n)
    else:
        head += bytes([0x80 | 127]) + struct.pack("!Q", n)
    return head + b"\0\0\0\0" + payload


def zero_mask_header(opcode, length, fin=True):
    """Only the header of a zero-key masked frame announcing `length` payload bytes: the
    case sends part of the payload and never the rest."""
    head = bytes([(0x80 if fin else 0) | opcode])
    if length < 126:
        head += bytes([0x80 | length])
    elif length < 65536:
        head += bytes([0x80 | 126]) + struct.pack("!H", length)
    else:
        head += bytes([0x80 | 127]) + struct.pack("!Q", length)
    return head + b"\0\0\0\0"


def close_payload(code, reason=b""):
    return struct.pack("!H", code) + reason


def describe_frame(f):
    fin, rsv, op, masked, payload = f
    extra = ""
    if op == OP_CLOSE and len(payload) >= 2:
        extra = " code %d reason %r" % (struct.unpack("!H", payload[:2])[0], payload[2:])
    shown = payload if len(payload) <= 40 else payload[:40] + b"..."
    return "frame(fin=%d rsv=%d opcode=%d masked=%d len=%d %r%s)" % (
        fin, rsv, op, masked, len(payload), shown, extra)


# ---------------------------------------------------------------- connection

class Conn:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=READ_TIMEOUT)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def send(self, data):
        self.sock.sendall(data)

    def _fill(self, deadline, what):
        left = deadline - time.monotonic()
        if left <= 0:
            raise CaseFailure("timed out waiting for %s" % what)
        self.sock.settimeout(left)
        try:
            chunk = self.sock.recv(65536)
        except socket.timeout:
            raise CaseFailure("timed out (%.1f s) waiting for %s" % (READ_TIMEOUT, what))
        except ConnectionResetError:
            raise CaseFailure("connection reset by the server while waiting for %s" % what)
        if not chunk:
            raise CaseFailure("server closed TCP while waiting for %s (unparsed bytes: %r)"
                              % (what, self.buf[:60]))
        self.buf += chunk

    def read_exact(self, n, deadline, what):
        while len(self.buf) < n:
            self._fill(deadline, what)
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def read_http_response(self, timeout=READ_TIMEOUT):
        deadline = time.monotonic() + timeout
        while b"\r\n\r\n" not in self.buf:
            self._fill(deadline, "the HTTP response head")
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
            raise CaseFailure("bad HTTP status line %r" % lines[0])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers.setdefault(name.strip().lower(), []).append(value.strip())
        status = int(parts[1])
        length = int(headers.get("content-length", ["0"])[0] or 0)
        body = self.read_exact(length, deadline, "the HTTP response body") if length else b""
        return status, headers, body

    def handshake(self, path="/", extra=""):
        key = base64.b64encode(os.urandom(16))
        self.send(("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                   "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
                   "Sec-WebSocket-Version: 13\r\n%s\r\n" % (path, key.decode(), extra)).encode())
        status, headers, _ = self.read_http_response()
        if status != 101:
            raise CaseFailure("handshake answered %d, expected 101" % status)
        accept = base64.b64encode(hashlib.sha1(key + GUID).digest()).decode()
        got = headers.get("sec-websocket-accept", [None])[0]
        if got != accept:
            raise CaseFailure("Sec-WebSocket-Accept %r, expected %r" % (got, accept))
        return headers

    def read_frame(self, timeout=READ_TIMEOUT, what="a frame"):
        deadline = time.monotonic() + timeout
        b0, b1 = self.read_exact(2, deadline, what)
        n = b1 & 0x7F
        if n == 126:
            n = struct.unpack("!H", self.read_exact(2, deadline, what))[0]
        elif n == 127:
            n = struct.unpack("!Q", self.read_exact(8, deadline, what))[0]
        masked = bool(b1 & 0x80)
        key = self.read_exact(4, deadline, what) if masked else b""
        payload = self.read_exact(n, deadline, what)
        if masked:
            payload = bytes(c ^ key[i & 3] for i, c in enumerate(payload))
        return (b0 >> 7, (b0 >> 4) & 7, b0 & 0xF, masked, payload)

    def expect_eof(self, timeout=READ_TIMEOUT, what="the server to close TCP"):
        """The server closes the TCP connection: EOF (or a reset) and nothing else."""
        deadline = time.monotonic() + timeout
        if self.buf:
            raise CaseFailure("unexpected bytes instead of %s: %r" % (what, self.buf[:60]))
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise CaseFailure("timed out (%.1f s) waiting for %s" % (timeout, what))
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                raise CaseFailure("timed out (%.1f s) waiting for %s" % (timeout, what))
            except ConnectionResetError:
                return "reset"
            if not chunk:
                return "fin"
            raise CaseFailure("unexpected data while waiting for %s: %r" % (what, chunk[:60]))

    def send_quietly(self, data):
        """Send when the server may already have closed (our close reply, late frames)."""
        try:
            self.sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass


def check_server_frame(f):
    fin, rsv, op, masked, _ = f
    if masked:
        raise CaseFailure("server frame is masked (RFC 6455 §5.1 forbids it): " + describe_frame(f))
    if rsv:
        raise CaseFailure("server frame has RSV bits without an extension: " + describe_frame(f))


def expect_close(c, code, reason=None, what=None):
    """The next frame is a close with `code`; we answer it; then the server closes TCP."""
    f = c.read_frame(what=what or "a close frame with code %d" % code)
    check_server_frame(f)
    fin, _, op, _, payload = f
    if op != OP_CLOSE:
        raise CaseFailure("expected a close frame with code %d, got %s" % (code, describe_frame(f)))
    if not fin:
        raise CaseFailure("close frame without FIN: " + describe_frame(f))
    if len(payload) < 2:
        raise CaseFailure("close frame without a code (payload %r), expected %d" % (payload, code))
    got = struct.unpack("!H", payload[:2])[0]
    if got != code:
        raise CaseFailure("close code %d (reason %r), expected %d" % (got, payload[2:], code))
    if reason is not None and payload[2:] != reason:
        raise CaseFailure("close reason %r, expected %r" % (payload[2:], reason))
    # RFC 6455 §5.5.1: the endpoint that receives a close answers with a close.
    c.send_quietly(frame(OP_CLOSE, close_payload(code)))
    how = c.expect_eof(what="the server to close TCP after the closing handshake")
    return "close %d %r, then TCP %s" % (got, payload[2:], how)


# ---------------------------------------------------------------- cases

def connected(port):
    c = Conn(port)
    c.handshake()
    return c


def case_frames_then_close(frames, code, reason=None):
    """Send `frames` (bytes, one write each) after the handshake; expect close `code`."""
    def run(port):
        c = connected(port)
        try:
            for data in frames:
                c.send_quietly(data)
            return expect_close(c, code, reason)
        finally:
            c.close()
    return run


def case_http(request, statuses, header=None, page=False):
    """A raw HTTP request; the status must be one of `statuses` (and `header` present; and
    with `page`, a body that says something)."""
    def run(port):
        c = Conn(port)
        try:
            c.send(request)
            status, headers, body = c.read_http_response()
            if status not in statuses:
                raise CaseFailure("HTTP %d, expected %s (body %r)" % (
                    status, " or ".join(map(str, statuses)), body[:80]))
            if header:
                name, value = header
                got = headers.get(name.lower(), [])
                if value not in [v.strip() for vs in got for v in vs.split(",")]:
                    raise CaseFailure("HTTP %d without '%s: %s' (got %r)" % (status, name, value, got))
            if page and not body.strip():
                raise CaseFailure("HTTP %d with an empty body, expected an error page" % status)
            return "HTTP %d, %d-byte body" % (status, len(body))
        finally:
            c.close()
    return run


def hs(method="GET", key=True, version="13", upgrade=True, extra=""):
    lines = ["%s / HTTP/1.1" % method, "Host: 127.0.0.1"]
    if upgrade:
        lines += ["Upgrade: websocket", "Connection: Upgrade"]
    if key is True:
        lines.append("Sec-WebSocket-Key: " + base64.b64encode(os.urandom(16)).decode())
    elif key:
        lines.append("Sec-WebSocket-Key: " + key)
    if version is not None and upgrade:
        lines.append("Sec-WebSocket-Version: " + version)
    return ("\r\n".join(lines) + "\r\n" + extra + "\r\n").encode()


def case_valid_handshake(port):
    c = connected(port)
    try:
        return expect_close_after_echo(c)
    finally:
        c.close()


def expect_close_after_echo(c):
    c.send(frame(OP_TEXT, b"sanity"))
    f = c.read_frame(what="the echo")
    check_server_frame(f)
    if f[2] != OP_TEXT or f[4] != b"sanity" or not f[0]:
        raise CaseFailure("echo was %s" % describe_frame(f))
    c.send(frame(OP_CLOSE, close_payload(1000)))
    return expect_close(c, 1000)


def echo_case(frames_and_payloads, opcode):
    frames = [f for f, _ in frames_and_payloads]
    want = b"".join(p for _, p in frames_and_payloads)

    def run(port):
        c = connected(port)
        try:
            for data in frames:
                c.send(data)
            first = c.read_frame(what="the echo")
            check_server_frame(first)
            if first[2] != opcode:
                raise CaseFailure("echo opcode %d, expected %d: %s" % (first[2], opcode, describe_frame(first)))
            got, f = first[4], first
            while not f[0]:  # the server may fragment its echo
                f = c.read_frame(what="the rest of the echo")
                check_server_frame(f)
                if f[2] != OP_CONT:
                    raise CaseFailure("expected a continuation, got %s" % describe_frame(f))
                got += f[4]
            if got != want:
                raise CaseFailure("echo payload differs: %d bytes %r…, expected %d bytes %r…"
                                  % (len(got), got[:30], len(want), want[:30]))
            c.send(frame(OP_CLOSE, close_payload(1000)))
            return "echo of %d bytes; " % len(got) + expect_close(c, 1000)
        finally:
            c.close()
    return run


def case_echo_then_close(frames, echo, code):
    """Send `frames` at once: the first message must be echoed (and nothing after the bad
    frame, no pong), then the close `code`."""
    def run(port):
        c = connected(port)
        try:
            c.send(b"".join(frames))
            f = c.read_frame(what="the echo of the good message")
            check_server_frame(f)
            if f[2] not in (OP_TEXT, OP_BINARY) or f[4] != echo:
                raise CaseFailure("expected the echo %r, got %s" % (echo, describe_frame(f)))
            return "echo, then " + expect_close(c, code)
        finally:
            c.close()
    return run


def case_trickle(port):
    """A frame written one byte per segment is parsed like the whole."""
    c = connected(port)
    try:
        data = frame(OP_TEXT, "trickle ✓".encode())
        for i in range(len(data)):
            c.send(data[i:i + 1])
            time.sleep(0.002)
        f = c.read_frame(what="the echo")
        if f[2] != OP_TEXT or f[4] != "trickle ✓".encode():
            raise CaseFailure("echo was %s" % describe_frame(f))
        c.send(frame(OP_CLOSE, close_payload(1000)))
        return expect_close(c, 1000)
    finally:
        c.close()


def case_ping_payload(payload):
    def run(port):
        c = connected(port)
        try:
            c.send(frame(OP_PING, payload))
            f = c.read_frame(what="the pong")
            check_server_frame(f)
            if f[2] != OP_PONG or not f[0] or f[4] != payload:
                raise CaseFailure("expected pong with the %d-byte ping payload, got %s"
                                  % (len(payload), describe_frame(f)))
            c.send(frame(OP_CLOSE, close_payload(1000)))
            return "pong of %d bytes; " % len(payload) + expect_close(c, 1000)
        finally:
            c.close()
    return run


def case_unsolicited_pong(port):
    """RFC 6455 §5.5.3: an unsolicited pong is ignored (no reply, the connection stays)."""
    c = connected(port)
    try:
        c.send(frame(OP_PONG, b"unsolicited"))
        return "pong ignored; " + expect_close_after_echo(c)
    finally:
        c.close()


def case_ping_interleaved(port):
    c = connected(port)
    try:
        c.send(frame(OP_TEXT, b"Hello, ", fin=False))
        c.send(frame(OP_PING, b"in-between"))
        c.send(frame(OP_CONT, b"World", fin=False))
        c.send(frame(OP_CONT, b"!", fin=True))
        f = c.read_frame(what="the pong")
        check_server_frame(f)
        if f[2] != OP_PONG or f[4] != b"in-between":
            raise CaseFailure("expected the pong first, got %s" % describe_frame(f))
        f = c.read_frame(what="the reassembled echo")
        check_server_frame(f)
        got = f[4]
        if f[2] != OP_TEXT:
            raise CaseFailure("expected the text echo, got %s" % describe_frame(f))
        while not f[0]:
            f = c.read_frame(what="the rest of the echo")
            got += f[4]
        if got != b"Hello, World!":
            raise CaseFailure("reassembled %r, expected %r" % (got, b"Hello, World!"))
        c.send(frame(OP_CLOSE, close_payload(1000)))
        return "pong, then %r; " % got + expect_close(c, 1000)
    finally:
        c.close()


def case_utf8_fail_fast(first_frames, code=1007):
    """Invalid UTF-8 in a message (or a frame) that is not finished: the close must arrive
    before the rest is sent (fail fast, RFC 6455 §8.1), then TCP closes. Also used for the
    limits, which are known before the rest arrives too."""
    def run(port):
        c = connected(port)
        try:
            for data in first_frames:
                c.send(data)
            detail = expect_close(c, code, what="a close 1007 before the final fragment is sent")
            return detail + " (final fragment never sent)"
        finally:
            c.close()
    return run


def case_data_after_close(port):
    """RFC 6455 §5.5.1: after sending a close, no more data frames; the server must ignore
    what follows our close (no echo), answer the close and close TCP."""
    c = connected(port)
    try:
        c.send(frame(OP_CLOSE, close_payload(1000, b"done"))
               + frame(OP_TEXT, b"after close, must be ignored") + frame(OP_PING, b"late"))
        f = c.read_frame(what="the close reply")
        check_server_frame(f)
        if f[2] != OP_CLOSE:
            raise CaseFailure("expected the close reply, got %s" % describe_frame(f))
        code = struct.unpack("!H", f[4][:2])[0] if len(f[4]) >= 2 else None
        if code != 1000:
            raise CaseFailure("close reply code %s, expected 1000" % code)
        how = c.expect_eof(what="TCP close with nothing after the close reply")
        return "close 1000 echoed, later frames ignored, TCP %s" % how
    finally:
        c.close()


def case_second_close(port):
    """Autobahn 7.1.2: a second close after the first gets no second reply."""
    c = connected(port)
    try:
        c.send(frame(OP_CLOSE, close_payload(1000)) + frame(OP_CLOSE, close_payload(1001)))
        f = c.read_frame(what="the close reply")
        check_server_frame(f)
        if f[2] != OP_CLOSE or f[4][:2] != close_payload(1000):
            raise CaseFailure("expected the close 1000 reply, got %s" % describe_frame(f))
        return "one close reply, TCP %s" % c.expect_eof(what="TCP close and no second reply")
    finally:
        c.close()


def case_ten_pings(port):
    """Autobahn 2.10: ten pings in a row, ten pongs with their payloads, in order."""
    c = connected(port)
    try:
        c.send(b"".join(frame(OP_PING, b"ping %d" % i) for i in range(10)))
        for i in range(10):
            f = c.read_frame(what="pong %d" % i)
            check_server_frame(f)
            if f[2] != OP_PONG or f[4] != b"ping %d" % i:
                raise CaseFailure("expected pong %d, got %s" % (i, describe_frame(f)))
        c.send(frame(OP_CLOSE, close_payload(1000)))
        return "10 pongs; " + expect_close(c, 1000)
    finally:
        c.close()


def case_server_closes_tcp(port):
    """After the closing handshake the server closes TCP first (RFC 6455 §7.1.1); we do not
    close our side until we saw its FIN."""
    c = connected(port)
    try:
        c.send(frame(OP_CLOSE, close_payload(1000)))
        f = c.read_frame(what="the close reply")
        if f[2] != OP_CLOSE:
            raise CaseFailure("expected the close reply, got %s" % describe_frame(f))
        how = c.expect_eof(what="the server to close TCP (we keep ours open)")
        if how != "fin":
            raise CaseFailure("server reset the connection instead of closing it")
        return "TCP FIN from the server"
    finally:
        c.close()


def case_close_empty(port):
    """RFC 6455 §5.5.1: a close without a body is answered with a close (1000 or empty)."""
    c = connected(port)
    try:
        c.send(frame(OP_CLOSE, b""))
        f = c.read_frame(what="the close reply")
        check_server_frame(f)
        if f[2] != OP_CLOSE:
            raise CaseFailure("expected the close reply, got %s" % describe_frame(f))
        if f[4] and struct.unpack("!H", f[4][:2])[0] != 1000:
            raise CaseFailure("close reply %s, expected empty or 1000" % describe_frame(f))
        c.send_quietly(frame(OP_CLOSE, b""))
        return "close reply %r, TCP %s" % (f[4], c.expect_eof())
    finally:
        c.close()


def masked_header_frame(b0, length_bytes, payload=b""):
    key = b"\x01\x02\x03\x04"
    return bytes([b0]) + length_bytes + key + bytes(c ^ key[i & 3] for i, c in enumerate(payload))


INVALID_UTF8 = b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80edited"  # a surrogate

CASES = [
    # --- opening handshake (RFC 6455 §4.2.1, §4.4)
    ("handshake_valid_accept_key", case_valid_handshake),
    ("handshake_missing_key_400", case_http(hs(key=None), {400})),
    ("handshake_key_not_16_bytes_400", case_http(hs(key=base64.b64encode(b"short").decode()), {400})),
    ("handshake_bad_version_426", case_http(hs(version="8"), {426}, ("Sec-WebSocket-Version", "13"))),
    ("handshake_missing_version_426_or_400", case_http(hs(version=None), {400, 426})),
    ("handshake_post_405_or_400", case_http(hs(method="POST"), {400, 405})),
    ("handshake_missing_host_400", case_http(
        b"GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
        + base64.b64encode(os.urandom(16)) + b"\r\nSec-WebSocket-Version: 13\r\n\r\n", {400})),
    ("plain_http_get_400_page", case_http(hs(upgrade=False), {400}, page=True)),

    # --- framing (RFC 6455 §5.2, §5.3)
    ("echo_text_7bit_length", echo_case([(frame(OP_TEXT, b"hello"), b"hello")], OP_TEXT)),
    ("echo_binary_16bit_length", echo_case([(frame(OP_BINARY, bytes(range(256)) * 4), bytes(range(256)) * 4)], OP_BINARY)),
    ("echo_binary_64bit_length", echo_case([(frame(OP_BINARY, b"\xab" * 70000), b"\xab" * 70000)], OP_BINARY)),
    ("echo_fragmented_text_with_empty_fragments", echo_case([
        (frame(OP_TEXT, b"", fin=False), b""), (frame(OP_CONT, "frag ü".encode(), fin=False), "frag ü".encode()),
        (frame(OP_CONT, b"", fin=False), b""), (frame(OP_CONT, b"end", fin=True), b"end")], OP_TEXT)),
    ("echo_utf8_split_inside_a_character", echo_case([
        (frame(OP_TEXT, "€".encode()[:2], fin=False), "€".encode()[:2]),
        (frame(OP_CONT, "€".encode()[2:] + "🎉".encode()[:1], fin=False), "€".encode()[2:] + "🎉".encode()[:1]),
        (frame(OP_CONT, "🎉".encode()[1:], fin=True), "🎉".encode()[1:])], OP_TEXT)),
    # Autobahn 9.1.6/9.2.6: the largest message its performance cases send, 16 MiB, which
    # is exactly websocket_max_message_size (inclusive) and buffer_output_size by default.
    ("echo_text_16mib_at_message_limit", echo_case(
        [(zero_mask_frame(OP_TEXT, b"*" * (16 * 1024 * 1024)), b"*" * (16 * 1024 * 1024))], OP_TEXT)),
    ("echo_binary_16mib_in_4mib_fragments", echo_case(
        [(zero_mask_frame(OP_BINARY if i == 0 else OP_CONT, bytes([i]) * (4 * 1024 * 1024),
                          fin=(i == 3)), bytes([i]) * (4 * 1024 * 1024)) for i in range(4)],
        OP_BINARY)),
    ("frame_written_byte_by_byte", case_trickle),
    ("unmasked_client_frame_1002", case_frames_then_close([frame(OP_TEXT, b"unmasked", mask=False)], 1002)),
    ("reserved_opcode_3_1002", case_frames_then_close([frame(0x3, b"x")], 1002)),
    ("reserved_opcode_11_1002", case_frames_then_close([frame(0xB, b"x")], 1002)),
    # Autobahn 4.x: every reserved opcode, after a message that must still be echoed.
    *[("reserved_opcode_%d_after_echo_1002" % _op, case_echo_then_close(
        [frame(OP_TEXT, b"before"), frame(_op, b"x"), frame(OP_PING, b"after")], b"before", 1002))
      for _op in (3, 4, 5, 6, 7, 11, 12, 13, 14, 15)],
    ("rsv1_without_extension_1002", case_frames_then_close([frame(OP_TEXT, b"x", rsv=0b100)], 1002)),
    ("rsv2_1002", case_frames_then_close([frame(OP_BINARY, b"x", rsv=0b010)], 1002)),
    ("rsv3_on_ping_1002", case_frames_then_close([frame(OP_PING, b"x", rsv=0b001)], 1002)),
    ("control_frame_126_bytes_1002", case_frames_then_close([frame(OP_PING, b"p" * 126)], 1002)),
    ("fragmented_ping_1002", case_frames_then_close([frame(OP_PING, b"x", fin=False)], 1002)),
    ("fragmented_close_1002", case_frames_then_close([frame(OP_CLOSE, close_payload(1000), fin=False)], 1002)),
    ("continuation_without_start_1002", case_frames_then_close([frame(OP_CONT, b"orphan")], 1002)),
    ("continuation_after_final_fragment_1002", case_echo_then_close(
        [frame(OP_TEXT, b"a", fin=False), frame(OP_CONT, b"b"), frame(OP_CONT, b"c", fin=False)],
        b"ab", 1002)),
    ("new_text_inside_fragmented_1002", case_frames_then_close(
        [frame(OP_TEXT, b"start", fin=False), frame(OP_TEXT, b"new")], 1002)),
    ("new_binary_inside_fragmented_1002", case_frames_then_close(
        [frame(OP_BINARY, b"start", fin=False), frame(OP_BINARY, b"new", fin=False)], 1002)),
    ("length_64bit_msb_set_1002", case_frames_then_close(
        [masked_header_frame(0x82, bytes([0xFF]) + struct.pack("!Q", 0x8000000000000005))], 1002)),
    ("length_16bit_non_minimal_1002", case_frames_then_close([frame(OP_TEXT, b"hello", length=16)], 1002)),
    ("length_64bit_non_minimal_1002", case_frames_then_close([frame(OP_BINARY, b"x" * 200, length=64)], 1002)),

    # --- limits (websocket_max_frame_size / websocket_max_message_size, 16 MiB by default)
    ("frame_header_over_max_frame_size_1009", case_frames_then_close(
        [masked_header_frame(0x82, bytes([0xFF]) + struct.pack("!Q", 17 * 1024 * 1024))], 1009)),
    ("message_over_max_message_size_1009", case_frames_then_close(
        [zero_mask_frame(OP_BINARY, bytes(9 * 1024 * 1024), fin=False),
         zero_mask_frame(OP_CONT, bytes(9 * 1024 * 1024))], 1009)),

    # --- UTF-8 (RFC 6455 §8.1)
    ("invalid_utf8_single_frame_1007", case_frames_then_close([frame(OP_TEXT, INVALID_UTF8)], 1007)),
    ("invalid_utf8_0xff_1007", case_frames_then_close([frame(OP_TEXT, b"ok\xff")], 1007)),
    ("invalid_utf8_overlong_1007", case_frames_then_close([frame(OP_TEXT, b"\xc0\xaf")], 1007)),
    ("invalid_utf8_above_u10ffff_1007", case_frames_then_close([frame(OP_TEXT, b"\xf4\x90\x80\x80")], 1007)),
    ("invalid_utf8_truncated_at_fin_1007", case_frames_then_close([frame(OP_TEXT, "€".encode()[:2])], 1007)),
    ("invalid_utf8_first_fragment_fail_fast_1007", case_utf8_fail_fast(
        [frame(OP_TEXT, b"valid start " + INVALID_UTF8, fin=False)])),
    ("invalid_utf8_across_fragments_fail_fast_1007", case_utf8_fail_fast(
        [frame(OP_TEXT, b"abc\xe2\x82", fin=False), frame(OP_CONT, b"\x28 def", fin=False)])),
    # Autobahn 6.4.3/6.4.4: the bad bytes of one frame that is still arriving.
    ("invalid_utf8_inside_arriving_frame_fail_fast_1007", case_utf8_fail_fast(
        [zero_mask_header(OP_TEXT, 100000) + b"valid start " + INVALID_UTF8])),
    ("invalid_utf8_inside_arriving_continuation_fail_fast_1007", case_utf8_fail_fast(
        [frame(OP_TEXT, b"abc", fin=False), zero_mask_header(OP_CONT, 100000) + b"\xe2\x82\x28"])),
    ("close_reason_invalid_inside_arriving_frame_1007", case_utf8_fail_fast(
        [zero_mask_header(OP_CLOSE, 125) + close_payload(1000, b"bad \xff")])),
    ("message_over_max_message_size_from_header_1009", case_utf8_fail_fast(
        [zero_mask_frame(OP_BINARY, bytes(16 * 1024 * 1024 - 10), fin=False),
         zero_mask_header(OP_CONT, 100)], code=1009)),

    # --- ping / pong (RFC 6455 §5.5.2, §5.5.3)
    ("ping_empty_pong", case_ping_payload(b"")),
    ("ping_125_bytes_pong_same_payload", case_ping_payload(bytes((i * 7) & 0xFF for i in range(125)))),
    ("ping_binary_payload_pong_same_payload", case_ping_payload(b"\x00\xff\xfe\x80 not utf-8")),
    ("unsolicited_pong_ignored", case_unsolicited_pong),
    ("ping_interleaved_in_fragmented_message", case_ping_interleaved),
    ("ten_pings_ten_pongs", case_ten_pings),
    ("fragmented_pong_1002", case_frames_then_close([frame(OP_PONG, b"x", fin=False)], 1002)),

    # --- closing handshake (RFC 6455 §5.5.1, §7.1.5, §7.4)
    ("close_empty_payload", case_close_empty),
    ("close_1_byte_payload_1002", case_frames_then_close([frame(OP_CLOSE, b"\x03")], 1002)),
]
for _code in (999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 0, 65535):
    CASES.append(("close_invalid_code_%d_1002" % _code,
                  case_frames_then_close([frame(OP_CLOSE, close_payload(_code))], 1002)))
for _code in (1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999):
    CASES.append(("close_valid_code_%d_echoed" % _code,
                  case_frames_then_close([frame(OP_CLOSE, close_payload(_code, b"why"))], _code)))
CASES += [
    # What python3-websockets, Node ws and Qt answer too: the reply carries code and reason.
    ("close_4001_reason_bye_echoed", case_frames_then_close(
        [frame(OP_CLOSE, close_payload(4001, b"bye"))], 4001, b"bye")),
    ("close_reason_123_bytes_echoed", case_frames_then_close(
        [frame(OP_CLOSE, close_payload(4000, b"r" * 123))], 4000)),
    ("close_reason_invalid_utf8_1007", case_frames_then_close(
        [frame(OP_CLOSE, close_payload(1000, b"bad \xff reason"))], 1007)),
    ("close_inside_fragmented_message_echoed", case_frames_then_close(
        [frame(OP_TEXT, b"unfinished", fin=False), frame(OP_CLOSE, close_payload(1000))], 1000)),
    ("data_after_close_ignored", case_data_after_close),
    ("second_close_ignored", case_second_close),
    ("server_closes_tcp_after_close_handshake", case_server_closes_tcp),
]


# Autobahn 6.x-style UTF-8 table (after Markus Kuhn's UTF-8 decoder stress test): each
# sequence once as one text frame and once one byte per fragment. Valid text is echoed;
# invalid text closes with 1007, for the fragmented form as soon as the byte that makes the
# prefix invalid has arrived (the rest is never sent: fail fast, RFC 6455 §8.1).
UTF8_TABLE = [
    # valid: boundaries of every length, noncharacters, NUL
    ("nul", b"a\x00b", True),
    ("u007f_u0080", b"\x7f\xc2\x80", True),
    ("u07ff_u0800", b"\xdf\xbf\xe0\xa0\x80", True),
    ("ud7ff_ue000", b"\xed\x9f\xbf\xee\x80\x80", True),
    ("ufffd_ufffe_uffff", b"\xef\xbf\xbd\xef\xbf\xbe\xef\xbf\xbf", True),
    ("u10000_u10ffff", b"\xf0\x90\x80\x80\xf4\x8f\xbf\xbf", True),
    ("greek_kosme", "κόσμε".encode(), True),
    # invalid: continuation bytes without a start
    ("lone_continuation_80", b"ab\x80cd", False),
    ("lone_continuation_bf", b"\xbf", False),
    ("continuations_run", bytes(range(0x80, 0x90)), False),
    # invalid: start bytes followed by a space, or cut short
    ("start_c2_then_space", b"\xc2 ", False),
    ("start_e1_then_space", b"\xe1\x80 ", False),
    ("start_f1_then_space", b"\xf1\x80\x80 ", False),
    # invalid: bytes that never occur
    ("byte_c0", b"\xc0", False),
    ("byte_c1", b"\xc1\xbf", False),
    ("byte_f5", b"\xf5\x80\x80\x80", False),
    ("byte_f8_5_byte_form", b"\xf8\x88\x80\x80\x80", False),
    ("byte_fc_6_byte_form", b"\xfc\x84\x80\x80\x80\x80", False),
    ("byte_fe", b"\xfe", False),
    ("byte_ff", b"\xff", False),
    # invalid: overlong forms
    ("overlong_slash_2", b"\xc0\xaf", False),
    ("overlong_slash_3", b"\xe0\x80\xaf", False),
    ("overlong_slash_4", b"\xf0\x80\x80\xaf", False),
    ("overlong_max_3", b"\xe0\x9f\xbf", False),
    ("overlong_max_4", b"\xf0\x8f\xbf\xbf", False),
    # invalid: surrogates, alone and paired
    ("surrogate_d800", b"\xed\xa0\x80", False),
    ("surrogate_dfff", b"\xed\xbf\xbf", False),
    ("surrogate_pair", b"\xed\xa0\x80\xed\xb0\x80", False),
    # invalid: above U+10FFFF
    ("above_u10ffff", b"\xf4\x90\x80\x80", False),
]


def first_invalid_index(data):
    """Index of the first byte after which the prefix can no longer be valid UTF-8: the
    well-formed sequences of Unicode Table 3-7, checked byte by byte as Autobahn does (it
    rates a later close "non-strict"); len(data) for a sequence cut short at the end; None
    when valid."""
    need, lo, hi = 0, 0x80, 0xBF
    for i, b in enumerate(data):
        if need:
            if not lo <= b <= hi:
                return i
            need, lo, hi = need - 1, 0x80, 0xBF
            continue
        if b <= 0x7F:
            continue
        if 0xC2 <= b <= 0xDF:
            need = 1
        elif 0xE0 <= b <= 0xEF:
            need, lo, hi = 2, (0xA0 if b == 0xE0 else 0x80), (0x9F if b == 0xED else 0xBF)
        elif 0xF0 <= b <= 0xF4:
            need, lo, hi = 3, (0x90 if b == 0xF0 else 0x80), (0x8F if b == 0xF4 else 0xBF)
        else:
            return i
    return len(data) if need else None


def case_utf8_table(data, valid, per_byte):
    def run(port):
        c = connected(port)
        try:
            if not per_byte:
                c.send(frame(OP_TEXT, data))
                if not valid:
                    return expect_close(c, 1007)
                frames = None
            else:
                n = len(data)
                frames = [frame(OP_TEXT if i == 0 else OP_CONT, data[i:i + 1], fin=(i == n - 1))
                          for i in range(n)]
                bad = first_invalid_index(data)
                if bad is not None and bad < n:
                    for data_frame in frames[:bad + 1]:
                        c.send(data_frame)
                    return ("1007 after %d of %d fragments: " % (bad + 1, n)
                            + expect_close(c, 1007, what="a close 1007 right after the bad byte"))
                if not valid:
                    raise CaseFailure("table error: %r is only invalid at its end" % data)
                for data_frame in frames:
                    c.send(data_frame)
            f = c.read_frame(what="the echo")
            check_server_frame(f)
            got = f[4]
            while not f[0]:
                f = c.read_frame(what="the rest of the echo")
                got += f[4]
            if f[2] not in (OP_TEXT, OP_CONT) or got != data:
                raise CaseFailure("echo %r, expected %r" % (got, data))
            c.send(frame(OP_CLOSE, close_payload(1000)))
            return "echoed; " + expect_close(c, 1000)
        finally:
            c.close()
    return run


for _name, _data, _valid in UTF8_TABLE:
    _verdict = "echoed" if _valid else "1007"
    assert (first_invalid_index(_data) is None) == _valid, _name
    try:  # the table's own check, against Python's decoder
        _data.decode("utf-8")
        assert _valid, _name
    except UnicodeDecodeError:
        assert not _valid, _name
    CASES.append(("utf8_%s_%s" % (_name, _verdict), case_utf8_table(_data, _valid, False)))
    CASES.append(("utf8_%s_per_byte_%s" % (_name, "echoed" if _valid else "fail_fast_1007"),
                  case_utf8_table(_data, _valid, True)))


# ---------------------------------------------------------------- RFC 7692 permessage-deflate
#
# Client side written here from the RFC, not from the server's code: compressed payloads are
# raw DEFLATE (zlib wbits=-15 or the negotiated window), sync-flushed, with the trailing
# 00 00 ff ff removed (§7.2.1); the server's compressed messages are inflated after
# re-adding it (§7.2.2), with the window the response announced.

TAIL = b"\x00\x00\xff\xff"
MiB = 1024 * 1024


def fast_mask_frame(opcode, payload, fin=True, rsv=0):
    """A masked frame with a random key, masked at C speed (big payloads)."""
    b0 = (0x80 if fin else 0) | (rsv << 4) | opcode
    n = len(payload)
    if n < 126:
        head = bytes([b0, 0x80 | n])
    elif n < 65536:
        head = bytes([b0, 0x80 | 126]) + struct.pack("!H", n)
    else:
        head = bytes([b0, 0x80 | 127]) + struct.pack("!Q", n)
    key = os.urandom(4)
    if not n:
        return head + key
    stream = (key * (n // 4 + 1))[:n]
    masked = (int.from_bytes(payload, "big") ^ int.from_bytes(stream, "big")).to_bytes(n, "big")
    return head + key + masked


def masked_header(opcode, length, fin=True, rsv=0):
    """The header of a zero-key masked frame (payload bytes are then sent as they are)."""
    b0 = (0x80 if fin else 0) | (rsv << 4) | opcode
    if length < 126:
        head = bytes([b0, 0x80 | length])
    elif length < 65536:
        head = bytes([b0, 0x80 | 126]) + struct.pack("!H", length)
    else:
        head = bytes([b0, 0x80 | 127]) + struct.pack("!Q", length)
    return head + b"\0\0\0\0"


class Deflater:
    """The client's compressor: one raw DEFLATE stream, or a fresh one per message
    (client_no_context_takeover)."""

    def __init__(self, wbits=15, takeover=True):
        # zlib has no raw 8-bit window; its 9-bit one never reaches back further than
        # 512 - 262 = 250 bytes, within what a 256-byte window holds.
        self.wbits, self.takeover = max(wbits, 9), takeover
        self.z = zlib.compressobj(6, zlib.DEFLATED, -self.wbits)

    def message(self, data):
        """RFC 7692 §7.2.1: compress, sync flush, strip the 00 00 ff ff tail."""
        if not self.takeover:
            self.z = zlib.compressobj(6, zlib.DEFLATED, -self.wbits)
        out = self.z.compress(data) + self.z.flush(zlib.Z_SYNC_FLUSH)
        if not out.endswith(TAIL):
            raise AssertionError("zlib sync flush without the 00 00 ff ff tail")
        return out[:-4]


class Inflater:
    """The client's decompressor for the server's messages: a `wbits` window (what the
    response allows the server), fresh per message with server_no_context_takeover."""

    def __init__(self, wbits=15, takeover=True):
        self.wbits, self.takeover = wbits, takeover
        self.z = zlib.decompressobj(-wbits)

    def message(self, data):
        if not self.takeover:
            self.z = zlib.decompressobj(-self.wbits)
        data += TAIL
        try:
            if self.wbits < 15:
                # zlib lets one inflate() call reach back into all the output of that call,
                # whatever the window: a byte of input per call keeps each call's output
                # small, so a distance beyond the announced window is an error here.
                out = b"".join(self.z.decompress(data[i:i + 1]) for i in range(len(data)))
            else:
                out = self.z.decompress(data)
        except zlib.error as e:
            raise CaseFailure("the server's compressed message does not inflate with a %d-bit "
                              "window%s: %s" % (self.wbits, "" if self.takeover else
                                                " and no context takeover", e))
        if self.z.unconsumed_tail:
            raise CaseFailure("inflate left input unconsumed")
        return out


def parse_extensions(values, response=True):
    """Sec-WebSocket-Extensions values → [(name, {param: value or None})]; a response must
    not repeat a parameter."""
    result = []
    for value in values:
        for ext in value.split(","):
            if not ext.strip():
                continue
            parts = [p.strip() for p in ext.split(";")]
            params = {}
            for p in parts[1:]:
                name, eq, v = p.partition("=")
                if response and name.strip() in params:
                    raise CaseFailure("response repeats parameter %r: %r" % (name, value))
                params[name.strip()] = v.strip().strip('"') if eq else None
            result.append((parts[0], params))
    return result


def check_pmd_response(headers, offer, want):
    """The response to one offer: `want` None = declined (no permessage-deflate in the
    response), else the exact response value. Also checks RFC 7692 §7.1 rules against the
    accepted offer `offer` (dict of the offered params)."""
    values = headers.get("sec-websocket-extensions", [])
    exts = parse_extensions(values)
    if want is None:
        if exts:
            raise CaseFailure("offer should be declined, response has Sec-WebSocket-Extensions %r"
                              % values)
        return None
    if len(exts) != 1 or exts[0][0] != "permessage-deflate":
        raise CaseFailure("Sec-WebSocket-Extensions %r, expected exactly one permessage-deflate"
                          % values)
    params = exts[0][1]
    for name, v in params.items():
        if name not in ("server_no_context_takeover", "client_no_context_takeover",
                        "server_max_window_bits", "client_max_window_bits"):
            raise CaseFailure("unknown response parameter %r" % name)
        if name.endswith("_no_context_takeover") and v is not None:
            raise CaseFailure("%s with a value" % name)
        if name.endswith("_max_window_bits") and (v is None or v not in [str(b) for b in range(8, 16)]):
            raise CaseFailure("%s=%r: §7.1.2 needs 8-15" % (name, v))
    # §7.1.1.1: an accepted server_no_context_takeover is in the response.
    if "server_no_context_takeover" in offer and "server_no_context_takeover" not in params:
        raise CaseFailure("server_no_context_takeover offered but not in the response")
    # §7.1.2.1: an accepted server_max_window_bits is answered with the same or smaller value.
    if "server_max_window_bits" in offer:
        if "server_max_window_bits" not in params:
            raise CaseFailure("server_max_window_bits offered but not in the response")
        if int(params["server_max_window_bits"]) > int(offer["server_max_window_bits"]):
            raise CaseFailure("server_max_window_bits above the offer")
    # §7.1.2.2: client_max_window_bits only when offered, never above the offered value.
    if "client_max_window_bits" in params:
        if "client_max_window_bits" not in offer:
            raise CaseFailure("client_max_window_bits in the response but not in the offer")
        if offer["client_max_window_bits"] and \
                int(params["client_max_window_bits"]) > int(offer["client_max_window_bits"]):
            raise CaseFailure("client_max_window_bits above the offer")
    got = values[0] if len(values) == 1 else ", ".join(values)
    if got != want:
        raise CaseFailure("Sec-WebSocket-Extensions %r, expected %r" % (got, want))
    return params


class PmdConn(Conn):
    """A connection that offered permessage-deflate; compress()/read_message() follow the
    negotiated parameters."""

    def negotiate(self, offer_header, offer, want):
        headers = self.handshake(extra=("Sec-WebSocket-Extensions: %s\r\n" % offer_header)
                                 if offer_header is not None else "")
        self.params = check_pmd_response(headers, offer, want)
        p = self.params or {}
        self.deflater = Deflater(int(p.get("client_max_window_bits") or 15),
                                 "client_no_context_takeover" not in p)
        self.inflater = Inflater(int(p.get("server_max_window_bits") or 15),
                                 "server_no_context_takeover" not in p)
        return self.params

    def read_message(self, what="the echo"):
        """One data message (pings are not expected): (opcode, bytes, compressed)."""
        f = self.read_frame(what=what)
        fin, rsv, op, masked, payload = f
        if masked:
            raise CaseFailure("server frame is masked: " + describe_frame(f))
        if op == OP_CLOSE:
            raise CaseFailure("expected %s, got %s" % (what, describe_frame(f)))
        if op not in (OP_TEXT, OP_BINARY):
            raise CaseFailure("expected a data frame, got %s" % describe_frame(f))
        if rsv & 0b011 or (rsv and self.params is None):
            raise CaseFailure("server frame with RSV bits it may not set: " + describe_frame(f))
        compressed = bool(rsv & 0b100)
        parts = [payload]
        while not fin:
            f = self.read_frame(what="the rest of " + what)
            fin, rsv, cop, masked, payload = f
            if cop != OP_CONT or rsv or masked:
                # §6.1: RSV1 only on the first frame of a message; never on continuations.
                raise CaseFailure("bad continuation of the echo: " + describe_frame(f))
            parts.append(payload)
        data = b"".join(parts)
        if compressed:
            data = self.inflater.message(data)
        return op, data, compressed

    def echo(self, opcode, message, fragments=1, compress=True, fragment_size=None):
        """Send `message` (compressed unless not `compress`, split in `fragments` frames or
        in frames of `fragment_size` bytes, RSV1 on the first only) and check the echo."""
        payload = self.deflater.message(message) if compress else message
        if fragment_size:
            fragments = max(1, -(-len(payload) // fragment_size))
        cuts = [len(payload) * i // fragments for i in range(fragments + 1)]
        out = b""
        for i in range(fragments):
            out += fast_mask_frame(opcode if i == 0 else OP_CONT, payload[cuts[i]:cuts[i + 1]],
                                   fin=(i == fragments - 1),
                                   rsv=(0b100 if compress and i == 0 else 0))
        self.send(out)
        op, got, compressed = self.read_message("the echo of %d bytes" % len(message))
        if op != opcode or got != message:
            raise CaseFailure("echo opcode %d, %d bytes %r…, expected opcode %d, %d bytes %r…"
                              % (op, len(got), got[:20], opcode, len(message), message[:20]))
        return len(payload), compressed

    def finish(self):
        self.send(frame(OP_CLOSE, close_payload(1000)))
        return expect_close(self, 1000)


def offer_dict(header, index=0):
    """The params of offer `index` in `header` (the one the server should accept), for the
    §7.1 checks."""
    return parse_extensions([header], response=False)[index][1] if header else {}


def text_of(size, seed=1):
    """Valid UTF-8 of exactly `size` bytes, compressible but not trivially (words + ü)."""
    words = ["frame", "scope", "deflate", "über", "window", "€uro", "ping", "context"]
    out, i = [], seed
    n = 0
    while n < size:
        w = words[(i * 7 + i // 3) % len(words)] + " "
        out.append(w)
        n += len(w.encode())
        i += 1
    data = "".join(out).encode()[:size]
    while True:  # do not cut a character
        try:
            data.decode("utf-8")
            return data
        except UnicodeDecodeError:
            data = data[:-1] + b"."


def binary_of(size, seed=1):
    """Half random, half repeats: exercises literals and back references."""
    rnd = bytes((i * 2654435761 + seed) >> 13 & 0xFF for i in range(min(size, 4096)))
    return (rnd * (size // max(len(rnd), 1) + 1))[:size]


def case_pmd_negotiate(header, want, messages=2, accepted=0):
    """Handshake with `header`, expect the response `want` (None: declined), then (when
    accepted) echo `messages` compressed text messages with the agreed parameters, or
    (when declined) check that RSV1 now fails the connection."""
    def run(port):
        c = PmdConn(port)
        try:
            params = c.negotiate(header, offer_dict(header, accepted), want)
            if params is None:
                # Declined: no extension in use, so a compressed frame is a protocol error.
                c.send(frame(OP_TEXT, Deflater().message(b"Hello"), rsv=0b100))
                return "declined; RSV1 then: " + expect_close(c, 1002)
            sizes = []
            for i in range(messages):
                # The same message twice: with context takeover the second refers back.
                sizes.append(c.echo(OP_TEXT, text_of(3000, seed=1))[0])
            return "%r, compressed sizes %s; %s" % (want, sizes, c.finish())
        finally:
            c.close()
    return run


def case_pmd_window(header, want, wbits):
    """A far-reaching message (repeats 20 KiB apart): the server must keep to its announced
    window (the echo inflates with `wbits`) and inflate ours."""
    def run(port):
        c = PmdConn(port)
        try:
            c.negotiate(header, offer_dict(header), want)
            block = binary_of(20000, seed=5)
            near = binary_of(700, seed=9)  # repeats 700 bytes apart: beyond 8 and 9 bits
            msg = block + text_of(300) + block + near * 4 + block
            n1, comp1 = c.echo(OP_BINARY, msg)
            n2, comp2 = c.echo(OP_BINARY, msg)
            if not (comp1 and comp2):
                raise CaseFailure("the echo of %d bytes was not compressed" % len(msg))
            return "echoes inflate with a %d-bit window; %s" % (wbits, c.finish())
        finally:
            c.close()
    return run


def pmd_connected(port, header="permessage-deflate", want="permessage-deflate"):
    c = PmdConn(port)
    c.negotiate(header, offer_dict(header), want)
    return c


def case_pmd_echo(opcode, sizes, header="permessage-deflate", want="permessage-deflate",
                  fragments=1, compress=True):
    def run(port):
        c = pmd_connected(port, header, want)
        try:
            details = []
            for i, size in enumerate(sizes):
                msg = text_of(size, seed=i) if opcode == OP_TEXT else binary_of(size, seed=i)
                wire, compressed = c.echo(opcode, msg, fragments=fragments, compress=compress)
                details.append("%d→%d%s" % (size, wire, "" if compressed else " (echo plain)"))
            return "echoed %s; %s" % (", ".join(details), c.finish())
        finally:
            c.close()
    return run


def case_pmd_volume(header, want, count, fragment_size=None):
    """Autobahn 12.x/13.x style: `count` messages of 16 B to 128 KiB in turn on one
    connection (optionally in frames of `fragment_size` compressed bytes), each echo checked
    with the negotiated window and context rules."""
    sizes = [16, 64, 256, 1024, 4096, 8192, 16384, 32768, 65536, 131072]

    def run(port):
        c = pmd_connected(port, header, want)
        try:
            wire = total = 0
            for i in range(count):
                size = sizes[i % len(sizes)]
                msg = text_of(size, seed=i) if i % 2 else binary_of(size, seed=i)
                n, _ = c.echo(OP_TEXT if i % 2 else OP_BINARY, msg, fragment_size=fragment_size)
                wire, total = wire + n, total + size
            return "%d messages, %d bytes in %d compressed; %s" % (count, total, wire, c.finish())
        finally:
            c.close()
    return run


def case_pmd_raw_payload(payload, want_message, follow_up=True):
    """A compressed text message whose payload is the literal `payload` (RSV1 set): it
    must echo as `want_message`; then an ordinary compressed message still works."""
    def run(port):
        c = pmd_connected(port)
        try:
            c.send(frame(OP_TEXT, payload, rsv=0b100))
            op, got, _ = c.read_message()
            if op != OP_TEXT or got != want_message:
                raise CaseFailure("echo %r, expected %r" % (got, want_message))
            if follow_up:
                # After a BFINAL block the stream ended: the next message starts a new one.
                c.deflater = Deflater()
                c.echo(OP_TEXT, b"after it")
            return "payload %s echoed as %r; %s" % (payload.hex(), got, c.finish())
        finally:
            c.close()
    return run


def case_pmd_then_close(make_frames, code, header="permessage-deflate"):
    """On a connection with permessage-deflate, send what make_frames(deflater) returns
    (one write each), expect the close `code` (sent while the rest is never sent, for the
    fail-fast cases) and then TCP close."""
    def run(port):
        c = pmd_connected(port, header, header)
        try:
            for data in make_frames(c.deflater):
                c.send_quietly(data)
            return expect_close(c, code)
        finally:
            c.close()
    return run


def compressed(data, wbits=15):
    return Deflater(wbits).message(data)


def corrupt_deflate(_d):
    # BTYPE=11 (reserved block type): invalid DEFLATE data.
    return [frame(OP_BINARY, b"\xff\xff\xff\xff", rsv=0b100)]


def bad_distance(_d):
    # A fixed-Huffman block whose first code is a match: distance too far back (empty window).
    z = zlib.compressobj(6, zlib.DEFLATED, -15)
    z.compress(b"abcdefgh" * 10)
    z.flush(zlib.Z_SYNC_FLUSH)
    second = z.compress(b"abcdefgh" * 10) + z.flush(zlib.Z_SYNC_FLUSH)
    return [frame(OP_BINARY, second[:-4], rsv=0b100)]  # refers to data the server never saw


def truncated_deflate(_d):
    # A dynamic block cut in the middle: after the 00 00 ff ff is re-added the stream does
    # not end on a block boundary.
    data = compressed(binary_of(5000))
    return [frame(OP_BINARY, data[: len(data) // 2], rsv=0b100)]


def rsv1_on_continuation(d):
    data = d.message(b"Hello, compressed world")
    return [frame(OP_TEXT, data[:5], fin=False, rsv=0b100),
            frame(OP_CONT, data[5:], rsv=0b100)]


def rsv1_on_continuation_of_plain(_d):
    return [frame(OP_TEXT, b"plain start", fin=False),
            frame(OP_CONT, compressed(b" end"), rsv=0b100)]


def invalid_utf8_compressed(_d):
    return [frame(OP_TEXT, compressed(b"valid text, then " + INVALID_UTF8), rsv=0b100)]


def invalid_utf8_compressed_fail_fast_frame(_d):
    # One frame of 200000 compressed bytes announced; what arrives inflates to invalid UTF-8.
    z = zlib.compressobj(6, zlib.DEFLATED, -15)
    part = z.compress(b"valid start " + INVALID_UTF8) + z.flush(zlib.Z_SYNC_FLUSH)
    return [masked_header(OP_TEXT, 200000, rsv=0b100) + part]


def invalid_utf8_compressed_fail_fast_fragments(_d):
    # First fragment fine (ends inside a character), the second makes it invalid; FIN never.
    z = zlib.compressobj(6, zlib.DEFLATED, -15)
    a = z.compress(b"abc \xe2\x82") + z.flush(zlib.Z_SYNC_FLUSH)
    b = z.compress(b"\x28 def") + z.flush(zlib.Z_SYNC_FLUSH)
    return [frame(OP_TEXT, a, fin=False, rsv=0b100), frame(OP_CONT, b, fin=False)]


def bomb_single_frame(_d):
    # 17 MiB of zeros (over the 16 MiB message limit) in ~17 KB; the frame announces 1 MiB
    # more compressed bytes that never come: 1009 must not wait for them.
    z = zlib.compressobj(9, zlib.DEFLATED, -15)
    part = z.compress(bytes(17 * MiB)) + z.flush(zlib.Z_SYNC_FLUSH)
    return [masked_header(OP_BINARY, len(part) + MiB, rsv=0b100) + part]


def bomb_fragments(_d):
    # Two complete fragments of 9 MiB each (inflated), no FIN: over the limit at the second.
    z = zlib.compressobj(9, zlib.DEFLATED, -15)
    a = z.compress(bytes(9 * MiB)) + z.flush(zlib.Z_SYNC_FLUSH)
    b = z.compress(bytes(9 * MiB)) + z.flush(zlib.Z_SYNC_FLUSH)
    return [frame(OP_BINARY, a, fin=False, rsv=0b100), frame(OP_CONT, b, fin=False)]


def pmd_offer_declined_when_off(port):
    """A server without compression declines every offer; RSV1 is then a protocol error."""
    return case_pmd_negotiate("permessage-deflate; client_max_window_bits", None)(port)


PMD = "permessage-deflate"
RFC7692_CASES = [
    # --- negotiation (RFC 7692 §5, §7.1)
    ("pmd_offer_no_params", case_pmd_negotiate(PMD, PMD)),
    ("pmd_offer_server_no_context_takeover", case_pmd_negotiate(
        PMD + "; server_no_context_takeover", PMD + "; server_no_context_takeover", 3)),
    ("pmd_offer_client_no_context_takeover", case_pmd_negotiate(
        PMD + "; client_no_context_takeover", PMD + "; client_no_context_takeover", 3)),
    ("pmd_offer_both_no_context_takeover", case_pmd_negotiate(
        PMD + "; server_no_context_takeover; client_no_context_takeover",
        PMD + "; server_no_context_takeover; client_no_context_takeover", 3)),
    ("pmd_offer_server_max_window_bits_10", case_pmd_window(
        PMD + "; server_max_window_bits=10", PMD + "; server_max_window_bits=10", 10)),
    ("pmd_offer_server_max_window_bits_9", case_pmd_window(
        PMD + "; server_max_window_bits=9", PMD + "; server_max_window_bits=9", 9)),
    # A 256-byte window: zlib has none, its 9-bit one stays within 250 bytes (checked).
    ("pmd_offer_server_max_window_bits_8", case_pmd_window(
        PMD + "; server_max_window_bits=8", PMD + "; server_max_window_bits=8", 8)),
    ("pmd_offer_server_max_window_bits_15", case_pmd_window(
        PMD + "; server_max_window_bits=15", PMD + "; server_max_window_bits=15", 15)),
    ("pmd_offer_server_max_window_bits_quoted", case_pmd_window(
        PMD + '; server_max_window_bits="11"', PMD + "; server_max_window_bits=11", 11)),
    ("pmd_offer_client_max_window_bits_no_value", case_pmd_negotiate(
        PMD + "; client_max_window_bits", PMD)),
    ("pmd_offer_client_max_window_bits_9", case_pmd_negotiate(
        PMD + "; client_max_window_bits=9", PMD + "; client_max_window_bits=9", 3)),
    ("pmd_offer_client_max_window_bits_8", case_pmd_negotiate(
        PMD + "; client_max_window_bits=8", PMD + "; client_max_window_bits=8", 3)),
    # What Autobahn's 13.x offers look like (accept flags, then requests).
    ("pmd_offer_autobahn_style_accept_flags", case_pmd_negotiate(
        PMD + "; client_no_context_takeover; client_max_window_bits",
        PMD + "; client_no_context_takeover", 3)),
    ("pmd_offer_autobahn_style_server_window_9", case_pmd_window(
        PMD + "; client_no_context_takeover; client_max_window_bits; server_max_window_bits=9",
        PMD + "; client_no_context_takeover; server_max_window_bits=9", 9)),
    ("pmd_offer_autobahn_style_server_window_8", case_pmd_window(
        PMD + "; client_no_context_takeover; client_max_window_bits; server_no_context_takeover; "
              "server_max_window_bits=8",
        PMD + "; server_no_context_takeover; client_no_context_takeover; "
              "server_max_window_bits=8", 8)),
    ("pmd_offer_autobahn_style_fallbacks", case_pmd_window(
        PMD + "; client_no_context_takeover; client_max_window_bits; server_no_context_takeover; "
              "server_max_window_bits=9, "
        + PMD + "; client_no_context_takeover; client_max_window_bits; "
                "server_no_context_takeover, "
        + PMD + "; client_no_context_takeover; client_max_window_bits",
        PMD + "; server_no_context_takeover; client_no_context_takeover; "
              "server_max_window_bits=9", 9)),
    ("pmd_offer_all_params", case_pmd_negotiate(
        PMD + "; server_no_context_takeover; client_no_context_takeover; "
              "server_max_window_bits=12; client_max_window_bits=11",
        PMD + "; server_no_context_takeover; client_no_context_takeover; "
              "server_max_window_bits=12; client_max_window_bits=11", 3)),
    # §5.1: offers the server must decline (the handshake succeeds without the extension).
    ("pmd_decline_unknown_param", case_pmd_negotiate(PMD + "; foo", None)),
    ("pmd_decline_unknown_param_with_value", case_pmd_negotiate(PMD + "; max_window_bits=10", None)),
    ("pmd_decline_duplicate_param", case_pmd_negotiate(
        PMD + "; server_no_context_takeover; server_no_context_takeover", None)),
    ("pmd_decline_duplicate_window_bits", case_pmd_negotiate(
        PMD + "; client_max_window_bits=10; client_max_window_bits=10", None)),
    ("pmd_decline_server_max_window_bits_7", case_pmd_negotiate(PMD + "; server_max_window_bits=7", None)),
    ("pmd_decline_server_max_window_bits_16", case_pmd_negotiate(PMD + "; server_max_window_bits=16", None)),
    ("pmd_decline_server_max_window_bits_leading_zero", case_pmd_negotiate(
        PMD + "; server_max_window_bits=09", None)),
    ("pmd_decline_server_max_window_bits_no_value", case_pmd_negotiate(
        PMD + "; server_max_window_bits", None)),
    ("pmd_decline_client_max_window_bits_abc", case_pmd_negotiate(
        PMD + "; client_max_window_bits=abc", None)),
    ("pmd_decline_client_max_window_bits_16", case_pmd_negotiate(
        PMD + "; client_max_window_bits=16", None)),
    ("pmd_decline_no_context_takeover_with_value", case_pmd_negotiate(
        PMD + "; client_no_context_takeover=1", None)),
    # §5: several offers, the first acceptable one wins; other extensions are not ours.
    ("pmd_multiple_offers_first_invalid", case_pmd_negotiate(
        PMD + "; server_max_window_bits=7, " + PMD + "; client_no_context_takeover",
        PMD + "; client_no_context_takeover", accepted=1)),
    ("pmd_multiple_offers_first_acceptable", case_pmd_negotiate(
        PMD + "; server_max_window_bits=10, " + PMD, PMD + "; server_max_window_bits=10")),
    ("pmd_offer_after_unknown_extension", case_pmd_negotiate(
        "x-webkit-deflate-frame, " + PMD, PMD)),

    # --- compressed messages echoed (§7.2): sizes around the length encodings
    ("pmd_echo_text_sizes_context_takeover", case_pmd_echo(
        OP_TEXT, [0, 1, 125, 126, 64 * 1024, 1, 126, 64 * 1024])),
    ("pmd_echo_binary_sizes_context_takeover", case_pmd_echo(
        OP_BINARY, [0, 1, 125, 126, 64 * 1024, 1, 126])),
    ("pmd_echo_text_1mib", case_pmd_echo(OP_TEXT, [MiB, MiB])),
    ("pmd_echo_binary_1mib", case_pmd_echo(OP_BINARY, [MiB])),
    ("pmd_echo_client_no_context_takeover", case_pmd_echo(
        OP_TEXT, [0, 1, 125, 126, 64 * 1024, 126],
        header=PMD + "; client_no_context_takeover", want=PMD + "; client_no_context_takeover")),
    ("pmd_echo_server_no_context_takeover", case_pmd_echo(
        OP_BINARY, [126, 64 * 1024, 126, 64 * 1024],
        header=PMD + "; server_no_context_takeover", want=PMD + "; server_no_context_takeover")),
    ("pmd_volume_autobahn_12_style", case_pmd_volume(PMD, PMD, 100)),
    ("pmd_volume_autobahn_12_style_frames_of_256", case_pmd_volume(PMD, PMD, 100, 256)),
    ("pmd_volume_autobahn_13_style_no_context_takeover", case_pmd_volume(
        PMD + "; client_no_context_takeover; client_max_window_bits; server_no_context_takeover",
        PMD + "; server_no_context_takeover; client_no_context_takeover", 100, 256)),
    ("pmd_volume_autobahn_13_style_window_8", case_pmd_volume(
        PMD + "; client_no_context_takeover; client_max_window_bits; server_max_window_bits=8",
        PMD + "; client_no_context_takeover; server_max_window_bits=8", 50)),
    # The message limit (16 MiB by default) is inclusive and counts inflated bytes.
    ("pmd_echo_16mib_at_message_limit", case_pmd_echo(OP_TEXT, [16 * MiB])),
    ("pmd_inflated_one_byte_over_message_limit_1009", case_pmd_then_close(
        lambda d: [frame(OP_BINARY, d.message(bytes(16 * MiB + 1)), rsv=0b100)], 1009)),
    ("pmd_echo_fragmented_text", case_pmd_echo(OP_TEXT, [126, 64 * 1024, 5000], fragments=3)),
    ("pmd_echo_fragmented_binary_many", case_pmd_echo(OP_BINARY, [64 * 1024], fragments=40)),
    ("pmd_echo_uncompressed_on_compression_connection", case_pmd_echo(
        OP_TEXT, [0, 1, 200, 64 * 1024], compress=False)),
    ("pmd_echo_uncompressed_fragmented", case_pmd_echo(
        OP_BINARY, [5000], fragments=3, compress=False)),
    # §7.2.3.6: the empty message is the single byte 0x00; a BFINAL empty block is valid too.
    ("pmd_empty_message_single_zero_byte", case_pmd_raw_payload(b"\x00", b"")),
    ("pmd_empty_payload_with_rsv1", case_pmd_raw_payload(b"", b"")),
    ("pmd_bfinal_empty_block", case_pmd_raw_payload(b"\x03\x00", b"")),
    # §7.2.3.1-5: the RFC's own byte examples of "Hello".
    ("pmd_rfc_example_hello", case_pmd_raw_payload(bytes.fromhex("f248cdc9c90700"), b"Hello")),
    ("pmd_rfc_example_stored_block", case_pmd_raw_payload(
        bytes.fromhex("000500faff48656c6c6f00"), b"Hello")),
    ("pmd_rfc_example_bfinal", case_pmd_raw_payload(bytes.fromhex("f348cdc9c9070000"), b"Hello")),
    ("pmd_rfc_example_two_blocks", case_pmd_raw_payload(
        bytes.fromhex("f24805000000ffffcac9c90700"), b"Hello")),

    # --- reserved bits (§6, RFC 6455 §5.2): RSV1 only on the first frame of a data message
    ("pmd_rsv1_on_continuation_1002", case_pmd_then_close(rsv1_on_continuation, 1002)),
    ("pmd_rsv1_on_continuation_of_uncompressed_1002", case_pmd_then_close(
        rsv1_on_continuation_of_plain, 1002)),
    ("pmd_rsv1_on_ping_1002", case_pmd_then_close(lambda d: [frame(OP_PING, b"x", rsv=0b100)], 1002)),
    ("pmd_rsv1_on_pong_1002", case_pmd_then_close(lambda d: [frame(OP_PONG, b"x", rsv=0b100)], 1002)),
    ("pmd_rsv1_on_close_1002", case_pmd_then_close(
        lambda d: [frame(OP_CLOSE, close_payload(1000), rsv=0b100)], 1002)),
    ("pmd_rsv2_1002", case_pmd_then_close(lambda d: [frame(OP_TEXT, b"x", rsv=0b010)], 1002)),
    ("pmd_rsv3_1002", case_pmd_then_close(lambda d: [frame(OP_BINARY, b"x", rsv=0b001)], 1002)),
    ("pmd_rsv1_rsv2_1002", case_pmd_then_close(
        lambda d: [frame(OP_TEXT, d.message(b"x"), rsv=0b110)], 1002)),

    # --- bad compressed data: 1007 (inconsistent data, RFC 6455 §7.4.1)
    ("pmd_corrupt_deflate_1007", case_pmd_then_close(corrupt_deflate, 1007)),
    ("pmd_distance_too_far_back_1007", case_pmd_then_close(bad_distance, 1007)),
    ("pmd_truncated_deflate_1007", case_pmd_then_close(truncated_deflate, 1007)),
    ("pmd_invalid_utf8_after_inflate_1007", case_pmd_then_close(invalid_utf8_compressed, 1007)),
    ("pmd_invalid_utf8_arriving_frame_fail_fast_1007", case_pmd_then_close(
        invalid_utf8_compressed_fail_fast_frame, 1007)),
    ("pmd_invalid_utf8_across_fragments_fail_fast_1007", case_pmd_then_close(
        invalid_utf8_compressed_fail_fast_fragments, 1007)),

    # (and the UTF-8 table below, compressed, one sync-flushed byte per fragment)

    # --- limits on the inflated size (websocket_max_message_size, 16 MiB by default)
    ("pmd_bomb_single_frame_fail_fast_1009", case_pmd_then_close(bomb_single_frame, 1009)),
    ("pmd_bomb_fragments_fail_fast_1009", case_pmd_then_close(bomb_fragments, 1009)),
]



def compressed_per_byte_until_invalid(data):
    """Fragments of one compressed text message, each the sync-flushed compression of one
    more byte of `data` (RSV1 on the first only), up to the byte that makes it invalid."""
    def make(_d):
        z = zlib.compressobj(6, zlib.DEFLATED, -15)
        bad = first_invalid_index(data)
        out = []
        for i in range(bad + 1):
            part = z.compress(data[i:i + 1]) + z.flush(zlib.Z_SYNC_FLUSH)
            out.append(frame(OP_TEXT if i == 0 else OP_CONT, part, fin=False,
                             rsv=0b100 if i == 0 else 0))
        return out
    return make


for _name, _data, _valid in UTF8_TABLE:
    if not _valid:
        RFC7692_CASES.append(("pmd_utf8_%s_per_byte_fail_fast_1007" % _name, case_pmd_then_close(
            compressed_per_byte_until_invalid(_data), 1007)))


def run_case(fn, port):
    start = time.monotonic()
    try:
        detail = fn(port)
        return True, "%s [%.2fs]" % (detail, time.monotonic() - start)
    except CaseFailure as e:
        return False, str(e)
    except (OSError, ValueError, struct.error) as e:
        return False, "%s: %s" % (type(e).__name__, e)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--server-args", default="0",
                    help="the server's arguments, one shell-quoted string (default: '0')")
    ap.add_argument("--deflate", action="store_true",
                    help="the server negotiates permessage-deflate: run the RFC 7692 cases "
                         "(without it: check that offers are declined)")
    ap.add_argument("--control-api", action="store_true",
                    help="the port also serves the app's HTTP control API: a plain GET / is "
                         "its route list (200), not a 400 page")
    ap.add_argument("--only", help="run only cases whose name contains this")
    ap.add_argument("--jobs", type=int, default=12)
    opts = ap.parse_args()
    table = CASES + (RFC7692_CASES if opts.deflate
                     else [("pmd_offer_declined_without_compression", pmd_offer_declined_when_off)])
    if opts.control_api:
        table = [("plain_http_get_control_api_200", case_http(hs(upgrade=False), {200}, page=True))
                 if n == "plain_http_get_400_page" else (n, f) for n, f in table]
    cases = [(n, f) for n, f in table if not opts.only or opts.only in n]
    names = [n for n, _ in cases]
    assert len(set(names)) == len(names), "duplicate case names"
    server_args = shlex.split(opts.server_args)
    print("RFC 6455%s conformance: %d cases against %s %s" % (
        " + RFC 7692" if opts.deflate else "", len(cases), opts.server, " ".join(server_args)),
        flush=True)
    report = serverproc.Report("conformance")
    server = None
    try:
        with serverproc.Server(opts.server, server_args) as server:
            with concurrent.futures.ThreadPoolExecutor(max_workers=opts.jobs) as pool:
                futures = [(n, pool.submit(run_case, f, server.port)) for n, f in cases]
                for name, fut in futures:
                    try:
                        ok, detail = fut.result(timeout=CASE_BUDGET + 30)
                    except concurrent.futures.TimeoutError:
                        ok, detail = False, "case did not finish"
                    (report.ok if ok else report.fail)(name, detail)
            if not server.alive():
                report.fail("server_alive", "server died during the cases (exit %s)" % server.proc.poll())
    except serverproc.ServerError as e:
        report.fail("server", str(e))
    return report.finish(server)

if __name__ == "__main__":
    sys.exit(main())
