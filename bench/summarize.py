#!/usr/bin/env python3
"""Summarises bench/run.sh runs: medians, spread and Framescope's ratio to each server.

usage: summarize.py RUNS.jsonl OUT.json COMMAND DURATION REPS
Ratios are computed per repetition (Framescope and the peer ran close together) and the
median of those ratios is printed; never a ratio of numbers from different repetitions."""
import json
import os
import platform
import statistics
import subprocess
import sys
import time

# scenario -> (reference server, [(metric key, label, higher is better)])
SCENARIOS = {
    "a": ("framescope", [("rtt_p50_us", "p50 us", False), ("rtt_p99_us", "p99 us", False),
                         ("msgs_per_s", "msgs/s", True)]),
    "b": ("framescope", [("msgs_per_s", "msgs/s", True), ("server_ns_per_msg", "srv ns/msg", False),
                         ("client_ns_per_msg", "cli ns/msg", None)]),
    "c": ("framescope", [("mb_per_s", "MB/s", True), ("server_ns_per_msg", "srv ns/msg", False)]),
    "d": ("framescope", [("msgs_per_s", "msgs/s", True), ("server_ns_per_msg", "srv ns/msg", False),
                         ("client_ns_per_msg", "cli ns/msg", None)]),
    "e1": ("framescope-deflate", [("msgs_per_s", "msgs/s", True),
                                  ("server_ns_per_msg", "srv ns/msg", False),
                                  ("compressed_in", "compr.echoes", None)]),
    "e2": ("framescope-deflate", [("mb_per_s", "MB/s", True), ("server_ns_per_msg", "srv ns/msg", False),
                                  ("compressed_in", "compr.echoes", None)]),
    "f": ("framescope", [("msgs_per_s", "msgs/s", True), ("server_ns_per_msg", "srv ns/msg", False),
                         ("gui_loop_p50_ms", "loop p50 ms", None),
                         ("gui_loop_p99_ms", "loop p99 ms", None),
                         ("gui_loop_max_ms", "loop max ms", None)]),
    "m": ("framescope-idle", [("rss_per_conn_bytes", "RSS B/conn", False)]),
    "t": ("framescope-t1", [("msgs_per_s", "msgs/s", True), ("server_ns_per_msg", "srv ns/msg", False)]),
    "w1": ("framescope-tls", [("msgs_per_s", "msgs/s", True), ("server_ns_per_msg", "srv ns/msg", False),
                              ("client_ns_per_msg", "cli ns/msg", None)]),
    "w2": ("framescope-tls", [("mb_per_s", "MB/s", True), ("server_ns_per_msg", "srv ns/msg", False)]),
}
TITLES = {
    "a": "(a) 1 conn, W=1, 32 B text: round trip",
    "b": "(b) 100 conns, W=16, 32 B binary",
    "c": "(c) 10 conns, W=4, 64 KiB binary",
    "d": "(d) 1000 conns, W=1, 16 B binary",
    "e1": "(e) 100 conns, W=16, 32 B binary, permessage-deflate",
    "e2": "(e) 10 conns, W=4, 64 KiB binary, permessage-deflate",
    "f": "(f) 100 conns, W=16, 32 B: headless vs GUI window vs JSON Lines log",
    "m": "(m) idle connections: server RSS per connection",
    "t": "(t) 100 conns, W=16, 32 B: --threads 1 vs 2",
    "w1": "(w) 100 conns, W=16, 32 B binary over wss:// (TLS 1.3)",
    "w2": "(w) 10 conns, W=4, 64 KiB binary over wss:// (TLS 1.3)",
}


def machine():
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": model, "kernel": platform.release(),
            "date_utc": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def main():
    runs_path, out_path, command, duration, reps = sys.argv[1:6]
    runs = []
    with open(runs_path) as f:
        for line in f:
            line = line.strip()
            if line:
                runs.append(json.loads(line))
    # The last attempt of a (scenario, server, rep) counts; a steal-disturbed first is kept
    # in the file but not in the medians.
    final = {}
    for r in runs:
        final[(r["scenario"], r["server"], r["rep"])] = r
    summary = {}
    order = [s for s in SCENARIOS if any(k[0] == s for k in final)]
    for sc in order:
        ref, metrics = SCENARIOS[sc]
        servers = []
        for (s, server, _), _r in final.items():
            if s == sc and server not in servers:
                servers.append(server)
        rows = {}
        for server in servers:
            reps_for = sorted(rep for (s, sv, rep) in final if s == sc and sv == server)
            row = {"reps": len(reps_for), "errors": 0, "steal_pct": [], "load1": [], "metrics": {}}
            for rep in reps_for:
                r = final[(sc, server, rep)]
                row["errors"] += max(0, r["result"].get("errors", 0))
                if r["rc"] != 0:
                    row.setdefault("failed_runs", 0)
                    row["failed_runs"] += 1
                row["steal_pct"].append(r["steal_pct"])
                row["load1"].append(r.get("load1", 0))
            for key, _label, higher in metrics:
                vals = [final[(sc, server, rep)]["result"].get(key) for rep in reps_for]
                vals = [v for v in vals if isinstance(v, (int, float)) and v >= 0]
                if not vals:
                    continue
                med = statistics.median(vals)
                entry = {"median": med, "min": min(vals), "max": max(vals),
                         "spread_pct": (100.0 * (max(vals) - min(vals)) / med) if med else 0.0}
                if server != ref and higher is not None:
                    ratios = []
                    for rep in reps_for:
                        a = final.get((sc, ref, rep))
                        b = final[(sc, server, rep)]
                        if not a:
                            continue
                        av, bv = a["result"].get(key), b["result"].get(key)
                        if isinstance(av, (int, float)) and isinstance(bv, (int, float)) and av > 0 and bv > 0:
                            ratios.append(av / bv)
                    if ratios:
                        entry["ref_ratio"] = statistics.median(ratios)
                row["metrics"][key] = entry
            rows[server] = row
        summary[sc] = {"title": TITLES[sc], "reference": ref, "rows": rows}

    # Table
    for sc in order:
        ref, metrics = SCENARIOS[sc]
        print()
        print(f"{TITLES[sc]}   [ratio = {ref} / server, per repetition, median]")
        head = f"{'server':20s}"
        for _key, label, higher in metrics:
            head += f" | {label:>12s} {'spread':>7s} {'ratio':>6s}"
        head += " | errors | steal% | load1"
        print(head)
        for server, row in summary[sc]["rows"].items():
            line = f"{server:20s}"
            for key, _label, _higher in metrics:
                e = row["metrics"].get(key)
                if not e:
                    line += f" | {'-':>12s} {'':>7s} {'':>6s}"
                    continue
                ratio = f"{e['ref_ratio']:.2f}" if "ref_ratio" in e else ""
                line += f" | {e['median']:>12,.1f} {e['spread_pct']:>6.1f}% {ratio:>6s}"
            steal = max(row["steal_pct"]) if row["steal_pct"] else 0
            fails = f"+{row['failed_runs']}rc" if row.get("failed_runs") else ""
            load = max(row["load1"]) if row["load1"] else 0
            line += f" | {row['errors']:>6d}{fails} | {steal:>5.1f} | {load:>5.2f}"
            print(line)

    out = {"machine": machine(), "command": command, "duration_s": float(duration),
           "reps": int(reps), "summary": summary, "runs": runs}
    try:
        out["git"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                    text=True, cwd=os.path.dirname(__file__)).stdout.strip()
    except OSError:
        pass
    with open(out_path, "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
