#!/usr/bin/python3
"""Interop: python3-websockets 10.4 (Debian's, /usr/bin/python3) against the server under test.

usage: python_websockets_test.py --server EXE [--close-server EXE]

--server runs the echo scenarios; --close-server (default: the same) must also understand
the text command "__close__ <code> <reason>" and then close the connection with that code
and reason. Every case reports PASS/FAIL; the exit code is 1 if any failed.
"""

import argparse
import asyncio
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serverproc  # noqa: E402

import websockets  # noqa: E402
from websockets.exceptions import ConnectionClosed  # noqa: E402

CASE_TIMEOUT = 20.0
MiB = 1024 * 1024


def connect(port, **kw):
    # Keepalive pings off: they would race with the explicit ping/pong case.
    kw.setdefault("max_size", 4 * MiB)
    kw.setdefault("ping_interval", None)
    kw.setdefault("open_timeout", 10)
    kw.setdefault("close_timeout", 10)
    return websockets.connect("ws://127.0.0.1:%d/" % port, **kw)


def expect_equal(what, got, want):
    if got != want:
        def short(v):
            r = repr(v)
            return r if len(r) < 120 else r[:100] + "… (%d chars/bytes)" % len(v)
        raise AssertionError("%s: got %s (%s), expected %s (%s)" % (
            what, short(got), type(got).__name__, short(want), type(want).__name__))


async def echo(ws, message):
    await ws.send(message)
    got = await asyncio.wait_for(ws.recv(), CASE_TIMEOUT)
    expect_equal("echo", got, message)


async def case_text(port):
    async with connect(port) as ws:
        await echo(ws, "hello framescope")
        await echo(ws, "")


async def case_binary(port):
    async with connect(port) as ws:
        await echo(ws, bytes(range(256)))
        await echo(ws, b"")


async def case_utf8(port):
    async with connect(port) as ws:
        # 2-, 3- and 4-byte sequences, incl. a character outside the BMP.
        await echo(ws, "Grüße, Καλημέρα, こんにちは, 你好 — 🎉🚀 𝄞")


async def case_large_text(port):
    rnd = random.Random(6455)
    alphabet = "abcdefghijklmnopqrstuvwxyzäöüß€日本🎉"
    text = "".join(rnd.choice(alphabet) for _ in range(400_000))
    while len(text.encode("utf-8")) < MiB:
        text += "x" * 4096
    async with connect(port) as ws:
        await echo(ws, text)


async def case_large_binary(port):
    data = random.Random(1).randbytes(MiB)
    async with connect(port) as ws:
        await echo(ws, data)
        await echo(ws, data[: MiB // 2])


async def case_fragmented_text(port):
    async with connect(port) as ws:
        parts = ["frag-one ", "frag-two ", "", "frag-three ü"]
        await ws.send(parts)
        got = await asyncio.wait_for(ws.recv(), CASE_TIMEOUT)
        expect_equal("reassembled text", got, "".join(parts))


async def case_fragmented_binary_async_iter(port):
    chunks = [bytes([i]) * (1000 + i) for i in range(20)]

    async def gen():
        for c in chunks:
            yield c
            await asyncio.sleep(0)

    async with connect(port) as ws:
        await ws.send(gen())
        got = await asyncio.wait_for(ws.recv(), CASE_TIMEOUT)
        expect_equal("reassembled binary", got, b"".join(chunks))
        # The connection is still in sync afterwards.
        await echo(ws, "after fragments")


async def case_ping_pong(port):
    async with connect(port) as ws:
        for payload in (b"", b"ping-payload", bytes(range(125))):
            waiter = await ws.ping(payload)
            # websockets completes the waiter only on a pong with the same payload.
            await asyncio.wait_for(waiter, CASE_TIMEOUT)
        await echo(ws, "still alive after pings")


async def case_client_close(port):
    ws = await connect(port)
    await echo(ws, "before close")
    await asyncio.wait_for(ws.close(code=4001, reason="bye"), CASE_TIMEOUT)
    # close_code/close_reason are what the server sent back in its close frame.
    expect_equal("close code echoed by the server", ws.close_code, 4001)
    expect_equal("close reason echoed by the server", ws.close_reason, "bye")
    await asyncio.wait_for(ws.wait_closed(), CASE_TIMEOUT)


async def case_client_close_no_code(port):
    ws = await connect(port)
    await asyncio.wait_for(ws.close(code=1000, reason=""), CASE_TIMEOUT)
    expect_equal("close code echoed by the server", ws.close_code, 1000)


async def case_server_close(port):
    ws = await connect(port)
    await echo(ws, "before server close")
    await ws.send("__close__ 4002 server says bye")
    try:
        got = await asyncio.wait_for(ws.recv(), CASE_TIMEOUT)
        raise AssertionError("expected the server to close, got message %r" % (got,))
    except ConnectionClosed as e:
        if e.rcvd is None:
            raise AssertionError("connection closed without a close frame from the server "
                                 "(close code %s)" % ws.close_code)
        expect_equal("server close code", e.rcvd.code, 4002)
        expect_equal("server close reason", e.rcvd.reason, "server says bye")
    await asyncio.wait_for(ws.wait_closed(), CASE_TIMEOUT)
    expect_equal("close code", ws.close_code, 4002)


async def case_concurrent_100(port):
    async def one(i):
        async with connect(port) as ws:
            for j in range(3):
                await echo(ws, "conn %d message %d" % (i, j))
            await echo(ws, bytes([i % 256]) * (i + 1))

    results = await asyncio.gather(*(one(i) for i in range(100)), return_exceptions=True)
    errors = [(i, r) for i, r in enumerate(results) if isinstance(r, BaseException)]
    if errors:
        i, e = errors[0]
        raise AssertionError("%d of 100 connections failed; first: connection %d: %r"
                             % (len(errors), i, e))


ECHO_CASES = [
    ("text_echo", case_text),
    ("binary_echo", case_binary),
    ("utf8_multibyte_echo", case_utf8),
    ("text_1MiB_echo", case_large_text),
    ("binary_1MiB_echo", case_large_binary),
    ("fragmented_text_list", case_fragmented_text),
    ("fragmented_binary_async_iterator", case_fragmented_binary_async_iter),
    ("ping_pong", case_ping_pong),
    ("client_close_4001_bye", case_client_close),
    ("client_close_1000", case_client_close_no_code),
    ("concurrent_100_connections", case_concurrent_100),
]
CLOSE_CASES = [
    ("server_close_4002", case_server_close),
]


def run_cases(report, server, cases):
    for name, fn in cases:
        if not server.alive():
            report.fail(name, "server is not running (exit code %s)" % server.proc.poll())
            continue
        try:
            asyncio.run(asyncio.wait_for(fn(server.port), 45))
            report.ok(name)
        except asyncio.TimeoutError:
            report.fail(name, "timed out")
        except Exception as e:  # report every failure kind per case
            report.fail(name, "%s: %s" % (type(e).__name__, e))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--close-server")
    opts = ap.parse_args()
    print("python3-websockets %s (%s) against %s" % (websockets.__version__, sys.executable,
                                                     opts.server), flush=True)
    report = serverproc.Report("python3-websockets")
    last = None
    try:
        for exe, cases in ((opts.server, ECHO_CASES), (opts.close_server or opts.server, CLOSE_CASES)):
            with serverproc.Server(exe) as server:
                last = server
                run_cases(report, server, cases)
    except serverproc.ServerError as e:
        report.fail("server", str(e))
    return report.finish(last)


if __name__ == "__main__":
    sys.exit(main())
