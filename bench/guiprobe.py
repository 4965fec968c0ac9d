#!/usr/bin/env python3
"""Adds the GUI's event-loop latency during a load run to the load client's JSON result.

usage: guiprobe.py PROBE.jsonl T0_MS T1_MS RESULT_JSON
PROBE.jsonl is written by the GUI when FRAMESCOPE_EVENT_LOOP_PROBE is set: one line per
second, {"t_ms": end of that second (epoch ms), "late_ms": [lateness of each 10 ms tick]}.
Only the seconds that ended inside [T0 + 1 s, T1] count (wholly under load), the warm-up
second is skipped. Prints RESULT_JSON with gui_loop_p50_ms, gui_loop_p99_ms,
gui_loop_max_ms and gui_loop_samples added."""
import json
import sys


def main():
    path, t0, t1, result = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), json.loads(sys.argv[4])
    samples = []
    try:
        with open(path) as f:
            for line in f:
                w = json.loads(line)
                if t0 + 1000 < w["t_ms"] <= t1:
                    samples.extend(w["late_ms"])
    except (OSError, ValueError):
        pass
    if samples:
        samples.sort()

        def at(q):
            return samples[int(q * (len(samples) - 1))]

        result.update(gui_loop_p50_ms=at(0.5), gui_loop_p99_ms=at(0.99),
                      gui_loop_max_ms=samples[-1], gui_loop_samples=len(samples))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
