#!/usr/bin/python3
"""Run every Framescope provoke scenario against a WebSocket client, for CI.

A running Framescope (headless or window) serves the scenarios. For each one this script
starts CLIENT_COMMAND with {url} replaced by ws://HOST:PORT/scenario/NAME?agent=AGENT; the
client must be an echo client (it sends every text and binary message back) and should
exit when its connection closes. The verdict comes from GET /report?agent=AGENT.

  framescope --no-gui --port 9501 &
  scripts/run-scenarios.py --server 127.0.0.1:9501 --junit report.xml -- \\
      /usr/bin/python3 my_echo_client.py {url}

Exit status: 0 when no verdict is "fail", 1 when one is (or a verdict never came),
2 on a usage or connection error. Informational verdicts do not fail the run.
"""

import argparse
import json
import os
import shlex
import subprocess
import sys
import time
import urllib.parse
import urllib.request


def http_get(base, path, accept="application/json", token=None):
    request = urllib.request.Request(base + path, headers={"Accept": accept})
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", default="127.0.0.1:9501", help="HOST:PORT of Framescope")
    parser.add_argument("--agent", default="", help="agent id in the report (default: unique)")
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    parser.add_argument("--skip", default="", help="comma-separated scenario names to skip")
    parser.add_argument("--junit", default="", help="write the JUnit XML report to this file")
    parser.add_argument("--token", default="", help="control API bearer token")
    parser.add_argument("--grace", type=float, default=5.0,
                        help="seconds a client may run past the scenario's timeout")
    parser.add_argument("client", nargs=argparse.REMAINDER,
                        help="-- CLIENT_COMMAND ... {url} ...")
    args = parser.parse_args()
    client = args.client[1:] if args.client[:1] == ["--"] else args.client
    if not client or not any("{url}" in part for part in client):
        parser.error("give the client command after --, with {url} where the URL goes")

    base = "http://" + args.server
    agent = args.agent or "ci-%d-%d" % (os.getpid(), int(time.time()))
    try:
        catalog = json.loads(http_get(base, "/scenarios", token=args.token))["scenarios"]
    except Exception as error:  # noqa: BLE001 - any failure to reach the server is fatal
        print("run-scenarios: cannot read %s/scenarios: %s" % (base, error), file=sys.stderr)
        return 2
    only = {n for n in args.only.split(",") if n}
    skip = {n for n in args.skip.split(",") if n}
    unknown = (only | skip) - {s["name"] for s in catalog}
    if unknown:
        print("run-scenarios: unknown scenario(s): %s" % ", ".join(sorted(unknown)),
              file=sys.stderr)
        return 2

    counts = {"pass": 0, "fail": 0, "informational": 0, "missing": 0}
    report_path = "/report?agent=" + urllib.parse.quote(agent)
    for scenario in catalog:
        name = scenario["name"]
        if (only and name not in only) or name in skip:
            continue
        url = "ws://%s/scenario/%s?agent=%s" % (args.server, name, urllib.parse.quote(agent))
        command = [part.replace("{url}", url) for part in client]
        limit = scenario["timeout_ms"] / 1000.0 + args.grace
        started = time.monotonic()
        try:
            subprocess.run(command, timeout=limit, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired:
            pass  # the verdict says what the client did; the process is killed
        except OSError as error:
            print("run-scenarios: cannot run %s: %s" % (shlex.join(command), error),
                  file=sys.stderr)
            return 2
        verdict = None
        deadline = started + limit + 2.0
        while verdict is None and time.monotonic() < deadline:
            runs = json.loads(http_get(base, report_path, token=args.token))["runs"]
            done = [r for r in runs if r["name"] == name]
            if done:
                verdict = done[-1]
            else:
                time.sleep(0.05)
        if verdict is None:
            counts["missing"] += 1
            print("MISSING  %-32s no verdict within %.0f s" % (name, limit + 2.0))
            continue
        counts[verdict["verdict"]] = counts.get(verdict["verdict"], 0) + 1
        print("%-8s %-32s %s" % (verdict["verdict"].upper()[:8], name, verdict["detail"]))

    if args.junit:
        with open(args.junit, "wb") as out:
            out.write(http_get(base, report_path + "&format=junit", token=args.token))
    print("agent %s: %d pass, %d fail, %d informational, %d without a verdict"
          % (agent, counts["pass"], counts["fail"], counts["informational"], counts["missing"]))
    return 1 if counts["fail"] or counts["missing"] else 0


if __name__ == "__main__":
    sys.exit(main())
