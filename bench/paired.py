#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""paired.py OUT.json N NAME=CMD... - start-up time of commands run in alternation.

Each iteration runs every command once, in an order rotated per iteration, timing
posix_spawn to waitpid; the report is the median of each command and the median of its
per-iteration difference to the first command (paired: load that drifts over seconds
hits both sides of a difference alike, unlike rounds of one command after another).
"""
import json, os, shlex, statistics, sys, time

out, n = sys.argv[1], int(sys.argv[2])
cmds = [(a.split("=", 1)[0], shlex.split(a.split("=", 1)[1])) for a in sys.argv[3:]]
times = {name: [] for name, _ in cmds}
devnull = os.open(os.devnull, os.O_RDWR)
for i in range(n + 5):
    for k in range(len(cmds)):
        name, argv = cmds[(i + k) % len(cmds)]
        t0 = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)])
        _, status = os.waitpid(pid, 0)
        dt = time.perf_counter() - t0
        if status != 0:
            sys.exit(f"{name}: exit status {status}")
        if i >= 5:  # warm-up
            times[name].append(dt * 1000)
base = cmds[0][0]
res = {name: {"median_ms": statistics.median(t),
              "paired_added_ms": statistics.median(a - b for a, b in zip(t, times[base])),
              "runs": len(t)} for name, t in times.items()}
json.dump({"times_ms": times, "summary": res}, open(out, "w"))
for name, r in res.items():
    print(f"{name}: median {r['median_ms']:.2f} ms, paired added {r['paired_added_ms']:+.2f} ms")
