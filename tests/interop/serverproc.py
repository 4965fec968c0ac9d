"""Start and stop the server under test for the interop scripts.

The server is any program with the echo example's command line contract: `<exe> 0` prints
"listening on 127.0.0.1:<port>" on stdout once bound and exits 0 on SIGTERM, or the app
itself (`framescope --no-gui --port 0`), which prints "framescope: listening on
ws://127.0.0.1:<port> (control API ...)" on stderr. It runs in its own
process group so that stopping it never leaves children behind, and its output is drained
by a thread (a chatty server must never block on a full pipe) and kept for failure reports.
"""

import atexit
import collections
import os
import re
import selectors
import signal
import subprocess
import threading
import time

# The echo example's line (stdout, "listening on 127.0.0.1:<port>") and the app's (stderr,
# "framescope: listening on ws://..." or "wss://..." with TLS).
LISTEN_RE = re.compile(rb"listening on (?:wss?://)?127\.0\.0\.1:(\d+)")
APP_LISTEN_RE = re.compile(rb"^framescope: listening on wss?://127\.0\.0\.1:(\d+) ")


class ServerError(Exception):
    pass


# Servers run in their own process group, so a runner that kills this script would not
# reach them: kill what is still running at exit, and turn SIGTERM/SIGHUP (timeout, CTest,
# a closed terminal) into a normal exit so that this runs.
_live_groups = set()


@atexit.register
def _kill_leftovers():
    for pid in list(_live_groups):
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _exit_on_signal(signum, _frame):
    print("interrupted by signal %d" % signum, flush=True)
    _kill_leftovers()
    os._exit(128 + signum)


signal.signal(signal.SIGTERM, _exit_on_signal)
signal.signal(signal.SIGHUP, _exit_on_signal)


class Server:
    def __init__(self, exe, args=None, start_timeout=15.0):
        self.exe = exe
        self.args = list(args) if args is not None else ["0"]
        self.start_timeout = start_timeout
        self.proc = None
        self.port = None
        self.output = collections.deque(maxlen=300)
        self._threads = []

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, exc_type, exc, tb):
        rc = self.stop()
        if exc_type is None and rc != 0:
            raise ServerError("server exited with %s on SIGTERM (expected 0)\n%s"
                              % (rc, self.tail()))
        return False

    def start(self):
        self.proc = subprocess.Popen([self.exe] + self.args, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        _live_groups.add(self.proc.pid)
        deadline = time.monotonic() + self.start_timeout
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        sel.register(self.proc.stderr, selectors.EVENT_READ)
        pending = {self.proc.stdout: b"", self.proc.stderr: b""}
        while self.port is None:
            left = deadline - time.monotonic()
            if left <= 0:
                self.stop()
                raise ServerError("server did not print 'listening on [ws://]127.0.0.1:<port>' within "
                                  "%.0f s\n%s" % (self.start_timeout, self.tail()))
            for key, _ in sel.select(timeout=left):
                chunk = os.read(key.fd, 65536)
                if not chunk:
                    sel.unregister(key.fileobj)
                    if not sel.get_map():
                        rc = self.proc.wait(timeout=5)
                        raise ServerError("server exited (%s) before listening\n%s"
                                          % (rc, self.tail()))
                    continue
                pending[key.fileobj] += chunk
                *lines, pending[key.fileobj] = pending[key.fileobj].split(b"\n")
                for line in lines:
                    self.output.append(line.decode("utf-8", "replace"))
                    if self.port is not None:
                        continue
                    if key.fileobj is self.proc.stdout:
                        m = LISTEN_RE.search(line)
                    else:
                        m = APP_LISTEN_RE.search(line)
                    if m:
                        self.port = int(m.group(1))
        sel.close()
        for stream in (self.proc.stdout, self.proc.stderr):
            t = threading.Thread(target=self._drain, args=(stream, pending[stream]), daemon=True)
            t.start()
            self._threads.append(t)
        return self.port

    def _drain(self, stream, rest):
        buf = rest
        while True:
            try:
                chunk = os.read(stream.fileno(), 65536)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
            *lines, buf = buf.split(b"\n")
            for line in lines:
                self.output.append(line.decode("utf-8", "replace"))
        if buf:
            self.output.append(buf.decode("utf-8", "replace"))

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=10.0):
        """SIGTERM, then SIGKILL of the whole group after `timeout`. Returns the exit code
        (negative signal number when killed by a signal)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.output.append("[interop] server ignored SIGTERM for %.0f s: SIGKILL" % timeout)
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=10)
        # Leftovers of the group (should be none) go too.
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        _live_groups.discard(self.proc.pid)
        for t in self._threads:
            t.join(timeout=2)
        return self.proc.returncode

    def wait_for_output(self, pattern, timeout=5.0):
        """True once a line matching `pattern` (a regex) was printed, within `timeout` s: the
        server logs from its main thread, after the worker's batch of records reaches it."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            if any(regex.search(line) for line in list(self.output)):
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)

    def tail(self, n=60):
        lines = list(self.output)[-n:]
        if not lines:
            return "(server printed nothing)"
        return "server output (last %d lines):\n  " % len(lines) + "\n  ".join(lines)


class Report:
    """Per-case PASS/FAIL lines; the script fails if any case failed."""

    def __init__(self, title):
        self.title = title
        self.failed = []
        self.passed = 0

    def ok(self, name, detail=""):
        self.passed += 1
        print("PASS  %s%s" % (name, ("  (" + detail + ")") if detail else ""), flush=True)

    def fail(self, name, why):
        self.failed.append(name)
        print("FAIL  %s: %s" % (name, why), flush=True)

    def finish(self, server=None):
        total = self.passed + len(self.failed)
        print("%s: %d/%d cases passed" % (self.title, self.passed, total), flush=True)
        if self.failed:
            print("failed cases: " + ", ".join(self.failed), flush=True)
            if server is not None:
                print(server.tail(), flush=True)
            return 1
        return 0

