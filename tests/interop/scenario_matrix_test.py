#!/usr/bin/python3
"""The real-client matrix of docs/clients.md as a test: every provoke scenario against one
real client (python3-websockets, Node ws, headless Chromium or QWebSocket) through
scripts/run-scenarios.py, and each verdict compared with the client's column of the
committed matrix. A verdict that changed in either direction (a pass that became a fail,
a documented fail that now passes, an informational that is now judged) fails the test
with one line per difference, so the matrix and the code cannot drift apart.

Two servers of the app under test: one without permessage-deflate for every scenario but
the compression ones, one with --websocket-compression for those (the clients offer
permessage-deflate there), as docs/clients.md describes.

  scenario_matrix_test.py --app build/debug/app/framescope --client node-ws
  scenario_matrix_test.py ... --print-rows   # the client's cells for docs/clients.md
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serverproc  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))

# Client key -> the start of its column header in docs/clients.md.
COLUMNS = {
    "python-websockets": "python-websockets",
    "node-ws": "Node ws",
    "chromium": "Chromium",
    "qwebsocket": "QWebSocket",
}
SHORT = {"pass": "pass", "fail": "FAIL", "informational": "info"}


def client_command(args, deflate):
    """The echo client command, {url} where the URL goes."""
    if args.client == "python-websockets":
        cmd = ["/usr/bin/python3", os.path.join(SOURCE, "scripts", "scenario-echo-client.py"),
               "{url}"]
        return cmd + (["--deflate"] if deflate else [])
    if args.client == "node-ws":
        return [args.node, os.path.join(HERE, "scenarioclients", "ws_echo_client.js"), "{url}"]
    if args.client == "chromium":
        return [args.node, os.path.join(HERE, "scenarioclients", "chromium_echo_client.js"),
                "{url}"]
    return [args.qt_client, "{url}"]


def matrix_column(path, client):
    """scenario -> verdict ("pass", "fail", "informational") of the client's column."""
    header = None
    column = None
    verdicts = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("| "):
                continue  # the matrix continues after a blank line
            cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
            if cells[0] == "scenario":
                header = cells
                column = next((i for i, h in enumerate(cells)
                               if h.startswith(COLUMNS[client])), None)
                continue
            m = re.match(r"`([a-z0-9-]+)`$", cells[0])
            if not m or header is None or column is None or column >= len(cells):
                continue
            cell = cells[column]
            if cell.startswith("pass"):
                verdicts[m.group(1)] = "pass"
            elif cell.startswith("**FAIL**"):
                verdicts[m.group(1)] = "fail"
            elif cell.startswith("info"):
                verdicts[m.group(1)] = "informational"
            else:
                raise SystemExit("%s: cannot read the cell of %s for %s: %r"
                                 % (path, m.group(1), client, cell))
    return verdicts


def report(port, agent):
    url = "http://127.0.0.1:%d/report?agent=%s" % (port, agent)
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())["runs"]


def catalog(port):
    with urllib.request.urlopen("http://127.0.0.1:%d/scenarios" % port, timeout=10) as r:
        return json.loads(r.read())["scenarios"]


def run_list(args, port, agent, only, skip, deflate):
    cmd = [sys.executable, os.path.join(SOURCE, "scripts", "run-scenarios.py"),
           "--server", "127.0.0.1:%d" % port, "--agent", agent]
    if only:
        cmd += ["--only", ",".join(only)]
    if skip:
        cmd += ["--skip", ",".join(skip)]
    cmd += ["--"] + client_command(args, deflate)
    started = time.monotonic()
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False,
                          env=dict(os.environ, FRAMESCOPE_CHROMIUM=args.chromium or ""))
    out = done.stdout.decode("utf-8", "replace")
    if done.returncode not in (0, 1):
        raise SystemExit("run-scenarios.py failed (%d):\n%s" % (done.returncode, out))
    print(out, end="", flush=True)
    print("(%.0f s)" % (time.monotonic() - started), flush=True)
    return {r["name"]: r for r in report(port, agent)}


def cell(run):
    observed = run["observed"] if run["verdict"] != "informational" else run["detail"]
    observed = observed.replace("|", "\\|").replace("\n", " ")
    if len(observed) > 75:
        observed = observed[:74] + "…"
    verdict = SHORT.get(run["verdict"], run["verdict"])
    return "%s: %s" % ("**FAIL**" if verdict == "FAIL" else verdict, observed)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--app", required=True, help="the framescope executable")
    parser.add_argument("--client", required=True, choices=sorted(COLUMNS))
    parser.add_argument("--matrix", default=os.path.join(SOURCE, "docs", "clients.md"))
    parser.add_argument("--node", default="/usr/bin/node")
    parser.add_argument("--chromium", default="")
    parser.add_argument("--qt-client", default="")
    parser.add_argument("--print-rows", action="store_true",
                        help="print the client's cells for docs/clients.md")
    args = parser.parse_args()
    if args.client == "qwebsocket" and not args.qt_client:
        parser.error("--qt-client is needed for qwebsocket")

    expected = matrix_column(args.matrix, args.client)
    common = ["--no-gui", "--port", "0", "--log-format", "none"]
    agent = "matrix-%s-%d" % (args.client, os.getpid())
    with serverproc.Server(args.app, common + ["--no-websocket-compression"]) as plain, \
            serverproc.Server(args.app, common + ["--websocket-compression"]) as deflate:
        names = [s["name"] for s in catalog(plain.port)]
        # The RFC 7692 scenarios need permessage-deflate negotiated: the second server.
        compressed = ["corrupt-deflate"]
        runs = run_list(args, plain.port, agent, [], compressed, False)
        runs.update(run_list(args, deflate.port, agent, compressed, [], True))

    if args.print_rows:
        for name in names:
            if name in runs:
                print("| `%s` | %s |" % (name, cell(runs[name])))

    doc = os.path.relpath(args.matrix, SOURCE)
    differences = []
    for name in names:
        got = runs.get(name)
        want = expected.get(name)
        if want is None:
            differences.append("%s: not in the %s column of %s (got %s)"
                               % (name, COLUMNS[args.client], args.matrix,
                                  got["verdict"] if got else "no verdict"))
        elif got is None:
            differences.append("%s: no verdict (%s: %s)" % (name, doc, want))
        elif got["verdict"] != want:
            differences.append("%s: %s says %s, the run gave %s: %s"
                               % (name, doc, want, got["verdict"], got["detail"]))
    for name in sorted(set(expected) - set(names)):
        differences.append("%s: in %s, not in GET /scenarios" % (name, doc))
    if differences:
        print("\n%d verdict(s) of %s differ from %s:" % (len(differences), args.client, doc))
        for d in differences:
            print("  " + d)
        return 1
    print("\nall %d verdicts of %s match %s" % (len(names), args.client, doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
