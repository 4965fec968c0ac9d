#!/usr/bin/python3
"""Record what WebSocket/HTTP clients send, as seed inputs for the server fuzzer.

A TCP proxy in front of a server under test. Every client connection becomes one input
of fuzz_server (serverharness.h describes the format): the bytes the client sent, in the
pieces the proxy read them (real split points), then a half-close when the client closed
its side. What the server answers is forwarded, not recorded.

Two ways to run it (README.md in this directory):

  * As a server for the interop scripts, which start `<exe> 0` and wait for
    "listening on 127.0.0.1:<port>": with FRAMESCOPE_RECORD_SERVER=<real server> and
    FRAMESCOPE_RECORD_OUT=<dir> in the environment, `record_proxy.py <args>` starts the
    real server with the same arguments, prints its own "listening on" line and records
    until SIGTERM:
        FRAMESCOPE_RECORD_SERVER=build/debug/tests/server/framescope_echo_example \
        FRAMESCOPE_RECORD_OUT=/tmp/rec tests/interop/python_websockets_test.py \
            --server tests/fuzz/record/record_proxy.py
  * In front of a running server: record_proxy.py --upstream 127.0.0.1:9501 --port 9600
        --out /tmp/rec (then point curl or a client at port 9600; Ctrl-C writes the files).
"""

import argparse
import hashlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading

LISTEN_RE = re.compile(rb"listening on (?:ws://)?127\.0\.0\.1:(\d+)")
# config byte: websocket_compression on (compressed sessions negotiate it), JSON Lines log.
DEFAULT_CONFIG = 0x0C
MAX_RECORD = 16 * 1024  # bytes recorded per connection; the rest is forwarded only


class Recording:
    def __init__(self, index):
        self.index = index
        self.ops = bytearray()
        self.recorded = 0
        self.truncated = False
        self.lock = threading.Lock()

    def data(self, chunk):
        with self.lock:
            if self.truncated:
                return
            room = MAX_RECORD - self.recorded
            if len(chunk) > room:
                chunk = chunk[:room]
                self.truncated = True
            if chunk:
                self.ops += bytes([0]) + len(chunk).to_bytes(2, "little") + chunk
                self.recorded += len(chunk)

    def end(self, reset):
        with self.lock:
            if not self.truncated:
                self.ops.append(3 if reset else 2)

    def payload(self, config, seed):
        return bytes([config, seed & 0xFF]) + bytes(self.ops)


class Proxy:
    def __init__(self, upstream, out_dir, prefix, config, port=0):
        self.upstream = upstream
        self.out_dir = out_dir
        self.prefix = prefix
        self.config = config
        self.recordings = []
        self.lock = threading.Lock()
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", port))
        self.listener.listen(128)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream, timeout=10)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            with self.lock:
                rec = Recording(len(self.recordings))
                self.recordings.append(rec)
            threading.Thread(target=self._pipe, args=(client, server, rec), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, None), daemon=True).start()

    @staticmethod
    def _pipe(src, dst, rec):
        reset = False
        while True:
            try:
                chunk = src.recv(65536)
            except OSError:
                reset = True
                break
            if not chunk:
                break
            if rec is not None:
                rec.data(chunk)
            try:
                dst.sendall(chunk)
            except OSError:
                break
        if rec is not None:
            rec.end(reset)
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def write(self):
        os.makedirs(self.out_dir, exist_ok=True)
        written = 0
        with self.lock:
            recordings = list(self.recordings)
        for rec in recordings:
            with rec.lock:
                if not rec.recorded:
                    continue
                data = rec.payload(self.config, rec.index)
            digest = hashlib.sha1(data).hexdigest()[:12]
            path = os.path.join(self.out_dir, "%s-%s" % (self.prefix, digest))
            if not os.path.exists(path):
                with open(path, "wb") as f:
                    f.write(data)
                written += 1
        return written


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--upstream", help="HOST:PORT of a running server")
    ap.add_argument("--port", type=int, default=0, help="port to listen on (0: any)")
    ap.add_argument("--out", default=os.environ.get("FRAMESCOPE_RECORD_OUT"))
    ap.add_argument("--prefix", default=os.environ.get("FRAMESCOPE_RECORD_PREFIX", "rec"))
    ap.add_argument("--config", type=lambda v: int(v, 0),
                    default=int(os.environ.get("FRAMESCOPE_RECORD_CONFIG", str(DEFAULT_CONFIG)), 0))
    if os.environ.get("FRAMESCOPE_RECORD_SERVER"):
        # Started as the server under test: every argument is the real server's.
        server_args = sys.argv[1:]
        args = ap.parse_args([])
    else:
        args = ap.parse_args()
        server_args = []
    if not args.out:
        ap.error("--out (or FRAMESCOPE_RECORD_OUT) is required")

    proc = None
    if not os.environ.get("FRAMESCOPE_RECORD_SERVER"):
        if not args.upstream:
            ap.error("--upstream or FRAMESCOPE_RECORD_SERVER is required")
        host, port = args.upstream.rsplit(":", 1)
        upstream = (host, int(port))
    else:
        exe = os.environ["FRAMESCOPE_RECORD_SERVER"]
        proc = subprocess.Popen([exe] + server_args, stdout=subprocess.PIPE,
                                stdin=subprocess.DEVNULL)
        port = None
        for line in proc.stdout:
            m = LISTEN_RE.search(line)
            if m:
                port = int(m.group(1))
                break
            sys.stdout.buffer.write(line)
            sys.stdout.flush()
        if port is None:
            sys.stderr.write("record_proxy: the server exited before listening\n")
            return 1
        upstream = ("127.0.0.1", port)

    proxy = Proxy(upstream, args.out, args.prefix, args.config, args.port)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    print("listening on 127.0.0.1:%d" % proxy.port, flush=True)
    if proc is not None:
        # The rest of the server's output (scripts may read it) passes through.
        def forward():
            for line in proc.stdout:
                sys.stdout.buffer.write(line)
                sys.stdout.flush()
        threading.Thread(target=forward, daemon=True).start()
    if proc is not None:
        threading.Thread(target=lambda: (proc.wait(), done.set()), daemon=True).start()
    while not done.wait(0.2):
        pass
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    n = proxy.write()
    sys.stderr.write("record_proxy: %d new inputs in %s\n" % (n, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
