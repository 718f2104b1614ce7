#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""report.py OUT_DIR RESULTS_MD - turn bench/out/ (written by run.sh) into RESULTS.md.

Every number is a median over pooled, order-rotated rounds; ratios are median/median.
"""
import glob
import json
import os
import re
import statistics
import sys

out, dest = sys.argv[1], sys.argv[2]
repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
md = []


def p(line=""):
    md.append(line)


def read_kv(path):
    kv = {}
    with open(path) as f:
        for line in f:
            if ":" in line:
                k, v = line.split(":", 1)
                kv[k.strip()] = v.strip()
    return kv


def read_tsv(path):
    with open(path) as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    head = rows[0]
    return [dict(zip(head, r)) for r in rows[1:]]


def pct(sorted_vals, q):
    """Nearest-rank percentile (q in 0..100) of a sorted list."""
    if not sorted_vals:
        return float("nan")
    k = max(1, min(len(sorted_vals), int(-(-q * len(sorted_vals) // 100))))
    return sorted_vals[k - 1]


def ratio(x, base):
    return f"{x / base:.2f}" if base else "n/a"


def verdict(ok):
    return "met" if ok else "**MISSED**"


def fmt(x, nd=2):
    return f"{x:.{nd}f}"


m = read_kv(os.path.join(out, "machine.txt"))
cmds = open(os.path.join(out, "commands.txt")).read().rstrip("\n")

# ---------------------------------------------------------------- a. start-up
startup = {}
rounds = sorted(glob.glob(os.path.join(out, "startup-r*.json")))
for path in rounds:
    for res in json.load(open(path))["results"]:
        startup.setdefault(res["command"], []).extend(res["times"])
st = {}
for name, times in startup.items():
    t = sorted(x * 1000 for x in times)
    st[name] = dict(n=len(t), med=statistics.median(t), p25=pct(t, 25), p75=pct(t, 75),
                    mn=t[0])

perf = {}
for path in glob.glob(os.path.join(out, "perf-*-r*.csv")):
    name = re.sub(r"-r\d+\.csv$", "", os.path.basename(path)[len("perf-"):])
    vals = {}
    for line in open(path):
        f = line.strip().split(",")
        if len(f) >= 3 and f[2] in ("task-clock", "page-faults") and f[0] not in ("", "<not counted>"):
            vals[f[2]] = float(f[0])
    for k, v in vals.items():
        perf.setdefault(name, {}).setdefault(k, []).append(v)

sysc = {}
for path in glob.glob(os.path.join(out, "strace-*.txt")):
    name = os.path.basename(path)[len("strace-"):-len(".txt")]
    calls, sigaction = None, 0
    for line in open(path):
        f = line.split()
        if len(f) >= 5 and f[-1] == "total":
            calls = int(f[3])
        elif f and f[-1] == "rt_sigaction":
            sigaction = int(f[3])
    sysc[name] = (calls, sigaction)

# ---------------------------------------------------------------- f. hardening cost
hard = {}
for path in sorted(glob.glob(os.path.join(out, "harden-r*.json"))):
    for res in json.load(open(path))["results"]:
        hard.setdefault(res["command"], []).extend(x * 1000 for x in res["times"])
hm = {n: dict(n=len(t), med=statistics.median(t), p25=pct(sorted(t), 25), p75=pct(sorted(t), 75))
      for n, t in hard.items()}

# ---------------------------------------------------------------- g. seccomp per call
seccall = {}
for path in sorted(glob.glob(os.path.join(out, "seccall-*-r*.txt"))):
    cfg = os.path.basename(path)[len("seccall-"):].rsplit("-r", 1)[0]
    for line in open(path):
        f = line.split()
        if len(f) == 3:
            seccall.setdefault(cfg, {}).setdefault(f[0], []).append(float(f[1]))

# ---------------------------------------------------------------- h. learn workload
learn = {}
for path in sorted(glob.glob(os.path.join(out, "learn-r*.json"))):
    for res in json.load(open(path))["results"]:
        learn.setdefault(res["command"], []).extend(x * 1000 for x in res["times"])

# ---------------------------------------------------------------- b. RSS
rss = {}
for r in read_tsv(os.path.join(out, "rss.tsv")):
    d = rss.setdefault(r["name"], {"vmrss": [], "pss": [], "pd": [], "pa": []})
    d["vmrss"].append(int(r["vmrss_kb"]))
    d["pss"].append(int(r["pss_kb"]))
    d["pd"].append(int(r["private_dirty_kb"]))
    d["pa"].append(int(r["pss_anon_kb"]))
rm = {n: {k: statistics.median(v) for k, v in d.items()} | {"n": len(d["vmrss"])}
      for n, d in rss.items()}

# ---------------------------------------------------------------- c. sizes
sizes = read_tsv(os.path.join(out, "sizes.tsv"))

# ---------------------------------------------------------------- d. orphans
orph = {}
for r in read_tsv(os.path.join(out, "orphans.tsv")):
    d = orph.setdefault(r["name"], {"ms": [], "cpu": [], "z": [], "rc": []})
    try:
        d["ms"].append(float(r["elapsed_ms"]))
        d["cpu"].append(float(r["init_cpu_ns"]) / 1e6)
    except ValueError:
        pass
    d["z"].append(r["zombies"])
    d["rc"].append(r["rc"])
om = {n: dict(ms=statistics.median(d["ms"]) if d["ms"] else float("nan"),
              cpu=statistics.median(d["cpu"]) if d["cpu"] else float("nan"),
              zmax=max((int(z) if z.isdigit() else 10**9) for z in d["z"]),
              rcs=sorted(set(d["rc"])), n=len(d["z"]), ms_all=d["ms"])
      for n, d in orph.items()}

# ---------------------------------------------------------------- e. siglat
sl, slr = {}, {}
for path in glob.glob(os.path.join(out, "siglat-*-r*.raw")):
    mt = re.match(r"^siglat-(.+)-r(\d+)\.raw$", os.path.basename(path))
    v = sorted(int(x) / 1000 for x in open(path) if x.strip())
    if mt and v:
        slr.setdefault(mt.group(1), []).append(v)
for name, rounds_ in slr.items():
    v = sorted(x for r_ in rounds_ for x in r_)
    sl[name] = dict(n=len(v), p50=pct(v, 50), p90=pct(v, 90), p99=pct(v, 99), mx=v[-1],
                    rounds=len(rounds_), p99r=statistics.median(pct(r_, 99) for r_ in rounds_))

# ================================================================ write
HI, HIS = "hardinit", "hardinit-static"
p("# hardinit benchmark results")
p()
p("Generated by `bash bench/run.sh` (do not edit by hand: rerunning overwrites this file).")
p("The machine is shared and noisy: every benchmark runs in rounds with the order of the")
p("inits rotated each round, and the tables quote medians over the pooled rounds and")
p("ratios of medians. Single runs mean little here.")
p()
p("## Machine")
p()
for k in ("date", "nproc", "kernel", "cpu", "memory", "os",
          "hardinit", "tini", "dumb-init", "catatonit", "hyperfine", "cc"):
    if k in m:
        p(f"- {k}: {m[k]}")
loads = [(k[len("load_"):], v) for k, v in m.items() if k.startswith("load_")]
if loads:
    p("- load average (1, 5, 15 min) when each benchmark started: "
      + "; ".join(f"{k} {v}" for k, v in loads))
p()
p("Contenders: `hardinit` = `build/hardinit` (dynamic, debugoptimized, the dev build);")
p("`hardinit-static` = `/tmp/hi-static/hardinit` (static, release, stripped: the one the")
p("README ships); `tini`, `tini-static`, `dumb-init`, `catatonit` = the Debian packages;")
p("`direct` = the command with no init. Like for like: hardinit vs tini (both dynamic),")
p("hardinit-static vs tini-static (both static glibc).")
p()
p("## Commands")
p()
p("```sh")
p(cmds)
p("```")
p()

# ---- summary of targets
t_start = st[HI]["med"] / st["tini"]["med"]
t_start_s = st[HIS]["med"] / st["tini-static"]["med"]
t_rss = rm[HI]["vmrss"] / rm["tini"]["vmrss"]
t_rss_s = rm[HIS]["vmrss"] / rm["tini-static"]["vmrss"]
t_pss = rm[HI]["pss"] / rm["tini"]["pss"]
t_pss_s = rm[HIS]["pss"] / rm["tini-static"]["pss"]
hi_orph = HIS if HIS in om else HI
t_orph = om[hi_orph]["ms"] / om["tini"]["ms"]
t_orph_cpu = om[hi_orph]["cpu"] / om["tini"]["cpu"]
p99s = {n: sl[n]["p99"] for n in (HI, HIS) if n in sl}
p("## Targets")
p()
p("| target | measured | verdict |")
p("|---|---|---|")
p(f"| start-up, median hardinit/tini ≤ 1.00 | {fmt(t_start)} (dynamic vs tini); "
  f"{fmt(t_start_s)} (static vs tini-static) | {verdict(t_start <= 1.0)} / {verdict(t_start_s <= 1.0)} |")
p(f"| idle VmRSS, median hardinit/tini ≤ 1.00 | {fmt(t_rss)} (dynamic vs tini); "
  f"{fmt(t_rss_s)} (static vs tini-static) | {verdict(t_rss <= 1.0)} / {verdict(t_rss_s <= 1.0)} |")
p(f"| idle Pss, median hardinit/tini ≤ 1.00 | {fmt(t_pss)} (dynamic vs tini); "
  f"{fmt(t_pss_s)} (static vs tini-static) | {verdict(t_pss <= 1.0)} / {verdict(t_pss_s <= 1.0)} |")
p(f"| reaping {int(m.get('orphans_n', 10000)):,} orphans no slower than tini (elapsed_ms) | "
  f"{fmt(t_orph)} ({hi_orph} vs tini), zombies left: {om[hi_orph]['zmax']} | "
  f"{verdict(t_orph <= 1.0 and om[hi_orph]['zmax'] == 0)} |")
p(f"| signal forwarding p99 < 1 ms (pooled samples) | "
  + "; ".join(f"{n} {sl[n]['p99']:.0f} µs" for n in p99s)
  + f" (same run: tini {sl['tini']['p99']:.0f} µs, direct {sl['direct']['p99']:.0f} µs; "
  + "median of the per-round p99s: "
  + ", ".join(f"{n} {sl[n]['p99r']:.0f} µs" for n in p99s) + ") | "
  + " / ".join(verdict(v < 1000) for v in p99s.values()) + " |")
if "harden" in hm and "plain" in hm:
    added = hm["harden"]["med"] - hm["plain"]["med"]
    p(f"| hardening (`--harden --user 1000`, seccomp default included) adds < 1 ms to `hardinit -- /bin/true` (medians) | "
      f"{added:+.2f} ms ({hm['harden']['med']:.2f} vs {hm['plain']['med']:.2f} ms) | {verdict(added < 1.0)} |")
if "seccomp-default" in hm and "plain" in hm:
    added = hm["seccomp-default"]["med"] - hm["plain"]["med"]
    p(f"| the built-in default seccomp profile (BPF compiled at build time) adds < 1 ms (medians) | "
      f"{added:+.2f} ms | {verdict(added < 1.0)} |")
p()

# ---- a
p("## a. Start-up overhead: `INIT /bin/true`")
p()
p("Wall time of the whole `INIT /bin/true` (fork+exec of the init, its fork+exec of")
p("`/bin/true`, reaping, exit) from hyperfine `-N` (no shell), "
  f"{len(rounds)} rounds pooled. Ratio is median/median.")
p()
p("| init | runs | median ms | p25–p75 ms | min ms | overhead vs direct ms | ratio vs tini | ratio vs tini-static |")
p("|---|---|---|---|---|---|---|---|")
order = ["direct", "tini", "tini-static", "dumb-init", "catatonit", HI, HIS]
for n in order:
    if n not in st:
        continue
    s = st[n]
    p(f"| {n} | {s['n']} | {s['med']:.2f} | {s['p25']:.2f}–{s['p75']:.2f} | {s['mn']:.2f} | "
      f"{s['med'] - st['direct']['med']:+.2f} | {ratio(s['med'], st['tini']['med'])} | "
      f"{ratio(s['med'], st['tini-static']['med'])} |")
p()
p("Diagnostics, the init process alone (`perf stat --no-inherit`: not `/bin/true`; median of")
p("the per-round means) and its own system calls (`strace -c`, no `-f`):")
p()
p("| init | task-clock ms | page faults | syscalls | of which rt_sigaction | task-clock ratio vs tini |")
p("|---|---|---|---|---|---|")
for n in order[1:]:
    if n not in perf:
        continue
    tc = statistics.median(perf[n].get("task-clock", [float("nan")]))
    pf = statistics.median(perf[n].get("page-faults", [float("nan")]))
    calls, sa = sysc.get(n, (None, 0))
    tct = statistics.median(perf["tini"]["task-clock"])
    p(f"| {n} | {tc:.3f} | {pf:.0f} | {calls} | {sa} | {ratio(tc, tct)} |")
p()

# ---- b
p("## b. Idle memory: `INIT sleep 5`")
p()
p("The init's `VmRSS` (/proc/PID/status) and `Pss`, `Private_Dirty` (/proc/PID/smaps_rollup)")
p("about 0.5 s after its child became `sleep`; medians of "
  f"{max(d['n'] for d in rm.values())} rounds (all inits running at once in each round).")
p("Pss divides shared pages among their users, so dynamically linked inits (libc shared")
p("system-wide) look smaller there than in VmRSS; Private_Dirty is what the init alone costs.")
p()
p("| init | VmRSS KiB | Pss KiB | Private_Dirty KiB | VmRSS ratio vs tini | Pss ratio vs tini | VmRSS ratio vs tini-static | Pss ratio vs tini-static |")
p("|---|---|---|---|---|---|---|---|")
for n in order[1:]:
    if n not in rm:
        continue
    r = rm[n]
    p(f"| {n} | {r['vmrss']:.0f} | {r['pss']:.0f} | {r['pd']:.0f} | "
      f"{ratio(r['vmrss'], rm['tini']['vmrss'])} | {ratio(r['pss'], rm['tini']['pss'])} | "
      f"{ratio(r['vmrss'], rm['tini-static']['vmrss'])} | {ratio(r['pss'], rm['tini-static']['pss'])} |")
p()

smaps = {}
for path in glob.glob(os.path.join(out, "smaps-*.tsv")):
    name = os.path.basename(path)[len("smaps-"):-len(".tsv")]
    smaps[name] = [line.rstrip("\n").split("\t") for line in open(path) if line.strip()]
if smaps:
    p("Where the resident pages of the init are (round 0, Rss / Private_Dirty KiB by mapping):")
    p()
    p("| init | mappings |")
    p("|---|---|")
    for n in order[1:]:
        if n in smaps:
            p(f"| {n} | " + ", ".join(f"{k} {r}/{d}" for k, r, d in smaps[n]) + " |")
    p()

# ---- c
p("## c. Binary sizes")
p()
p("| binary | path | bytes | KiB | linkage | stripped | shared libraries needed |")
p("|---|---|---|---|---|---|---|")
for s in sizes:
    f = s["file"]
    link = "static" if "statically linked" in f else ("dynamic" if "dynamically linked" in f else "?")
    strip = "no" if "not stripped" in f else ("yes" if "stripped" in f else "?")
    if "with debug_info" in f:
        strip += " (debug info)"
    path = s["path"].replace(out, "bench/out").replace(repo + "/", "")
    p(f"| {s['name']} | `{path}` | {int(s['bytes'])} | "
      f"{int(s['bytes']) / 1024:.0f} | {link} | {strip} | {s['needs']} |")
p()

# ---- d
p("## d. Reaping orphans as PID 1 of a fresh PID namespace")
p()
p("`orphans N` forks N children that each fork a grandchild and exit; the grandchildren")
p("exit at once, orphaned, so PID 1 (the init) must reap them; the helper then polls /proc")
p("until no zombie is left. `elapsed_ms` is the helper's whole run and is dominated by its")
p("own 2N fork()s on this machine; `init CPU ms` is the init's own CPU time at that moment")
p("(/proc/1/schedstat), the cost of the reaping itself. "
  + ", ".join(f"{n}: {d['n']}" for n, d in om.items()) + " repetitions.")
p()
p("| init (PID 1) | reps | median elapsed_ms | all elapsed_ms | ratio vs tini | median init CPU ms | CPU ratio vs tini | max zombies left | exit codes |")
p("|---|---|---|---|---|---|---|---|---|")
for n in ["tini", "tini-static", "dumb-init", "catatonit", HI, HIS]:
    if n not in om:
        continue
    o = om[n]
    p(f"| {n} | {o['n']} | {o['ms']:.0f} | {', '.join(f'{x:.0f}' for x in o['ms_all'])} | "
      f"{ratio(o['ms'], om['tini']['ms'])} | {o['cpu']:.1f} | {ratio(o['cpu'], om['tini']['cpu'])} | "
      f"{o['zmax']} | {','.join(o['rcs'])} |")
p()

ostr = {}
for path in glob.glob(os.path.join(out, "strace-orphans-*.txt")):
    name = os.path.basename(path)[len("strace-orphans-"):-len(".txt")]
    calls = {}
    for line in open(path):
        f = line.split()
        if len(f) >= 5 and f[0][0].isdigit() and f[-1] != "total":
            calls[f[-1]] = int(f[3])
    ostr[name] = calls
if ostr:
    no = int(m.get("orphans_strace_n", 0)) or None
    p("Diagnostics: system calls of PID 1 while it reaps "
      f"{no or 'N'} orphans (`strace -c -p`, attached from outside; strace slows every call,")
    p("so only the counts matter here):")
    p()
    p("| init (PID 1) | total syscalls | per orphan | breakdown |")
    p("|---|---|---|---|")
    for n, c in ostr.items():
        tot = sum(c.values())
        per = f"{tot / no:.2f}" if no else "?"
        p(f"| {n} | {tot} | {per} | " + ", ".join(f"{k} {v}" for k, v in
                                                  sorted(c.items(), key=lambda kv: -kv[1]) if v >= 10) + " |")
    p()

# ---- e
p("## e. Signal forwarding latency")
p()
p("`bench/siglat.c`: the init runs as a plain child of the driver (NOT PID 1, no new PID")
p("namespace; the same for every init). Its child blocks SIGUSR1 and waits in")
p("`sigwaitinfo`; the driver reads CLOCK_MONOTONIC, `kill(init, SIGUSR1)`, and the child")
p("writes back the CLOCK_MONOTONIC at which it got the signal (one signal in flight at a")
p("time, a gap between sends). `direct` = the driver signals the child itself (one hop,")
p("the floor). tini and catatonit signal the child, dumb-init and hardinit its process group.")
p()
p("Percentiles over all samples pooled; \"round p99\" is the median over the rounds of each")
p("round's own p99, which a single noisy round (a neighbour's burst) cannot move.")
p()
p("| init | samples | p50 µs | p90 µs | p99 µs | round p99 µs | max µs | p50 ratio vs tini | p99 ratio vs tini |")
p("|---|---|---|---|---|---|---|---|---|")
for n in ["direct", "tini", "dumb-init", "catatonit", HI, HIS]:
    if n not in sl:
        continue
    s = sl[n]
    p(f"| {n} | {s['n']} | {s['p50']:.1f} | {s['p90']:.1f} | {s['p99']:.1f} | {s['p99r']:.1f} | {s['mx']:.1f} | "
      f"{ratio(s['p50'], sl['tini']['p50'])} | {ratio(s['p99'], sl['tini']['p99'])} |")
p()

# ---- f
if hm:
    p("## f. The cost of hardening: `--harden --user 1000`, and of seccomp profiles")
    p()
    p("hyperfine, rounds with the order rotated; every command in a new mount namespace")
    p("(`unshare -m`), so the tmpfs on /tmp and the read-only remount of / stay in it. The")
    p("static release build. Added cost = median(command) - median(plain). `--seccomp default` loads")
    p("BPF compiled when hardinit was built; docker's profile (../shared/data) is compiled at start,")
    p("with libseccomp, as runc does at every container start.")
    p()
    p("| command | runs | median ms | p25-p75 ms | added vs plain ms |")
    p("|---|---|---|---|---|")
    for n, cmd in [("unshare", "unshare -m /bin/true"), ("plain", "unshare -m hardinit -- /bin/true"),
                   ("harden", "unshare -m hardinit --harden --user 1000 -- /bin/true"),
                   ("seccomp-default", "unshare -m hardinit --no-new-privs --seccomp default -- /bin/true"),
                   ("seccomp-docker", "unshare -m hardinit --no-new-privs --seccomp moby-default-seccomp.json -- /bin/true"),
                   ("seccomp-docker-bpf", "unshare -m hardinit --no-new-privs --seccomp-bpf moby.bpf -- /bin/true")]:
        if n in hm:
            h = hm[n]
            p(f"| `{cmd}` | {h['n']} | {h['med']:.2f} | {h['p25']:.2f}-{h['p75']:.2f} | "
              f"{h['med'] - hm['plain']['med']:+.2f} |")
    p()

# ---- g
if seccall:
    p("## g. seccomp at run time: nanoseconds per system call")
    p()
    p("`bench/seccall.c` under `hardinit --cap-drop ALL --no-new-privs [filter]`: each call made")
    p("SECCALL_CALLS times (100,000 by default) per sample, 9 samples per run (median), runs in rounds with the order of the")
    p("filters rotated; the table gives the median over the rounds, and the ratio to no filter.")
    p("*runc-style* is the same profile compiled without libseccomp's binary tree")
    p("(`hardinit profile compile --no-tree`), as runc and crun compile. getpid is always allowed")
    p("(the kernel's action cache answers without running the filter); the personality query and")
    p("socket are allowed after the filter looks at their arguments; acct is denied (EPERM).")
    p("*default-report* is `--seccomp default --seccomp-report`: the denied acct is routed to")
    p("hardinit, which answers EPERM; *learn* is `--seccomp-learn FILE`: every call is routed and")
    p("let through (acct is then denied by the kernel: no capabilities). Routed calls are timed")
    p("over SECCALL_ROUTED_CALLS (5,000) calls per sample.")
    p()
    cfgs = [c for c in ("none", "default", "default-runc-style", "docker", "docker-runc-style",
                        "default-report", "learn") if c in seccall]
    p("| call | " + " | ".join(cfgs) + " |")
    p("|---|" + "---|" * len(cfgs))
    for call in ("getpid", "personality-query", "socket-bad-protocol", "acct-denied"):
        base = statistics.median(seccall["none"][call]) if "none" in seccall else None
        cells = []
        for c in cfgs:
            v = statistics.median(seccall[c].get(call, [float("nan")]))
            cells.append(f"{v:.0f} ns" + (f" ({v / base:.2f}x)" if base and c != "none" else ""))
        p(f"| {call} | " + " | ".join(cells) + " |")
    p()

# ---- h
if learn:
    p("## h. A workload under learn and report mode")
    p()
    p("A shell running `cat /etc/passwd | wc -l | tr 0-9 a-j` 20 times (61 processes), under")
    p("hardinit with no filter, the default profile, the default profile with `--seccomp-report`,")
    p("and `--seccomp-learn` (every call of every process routed to hardinit). hyperfine,")
    p("rounds with the order rotated; medians over all runs.")
    p()
    p("| mode | runs | median ms | vs unconfined |")
    p("|---|---|---|---|")
    base = statistics.median(learn["unconfined"]) if "unconfined" in learn else None
    for n in ("unconfined", "default", "report", "learn"):
        if n in learn:
            med = statistics.median(learn[n])
            p(f"| {n} | {len(learn[n])} | {med:.1f} | " + (f"{med / base:.2f}x |" if base else "- |"))
    p()

# ---- analysis (analysis.md, written by hand, with numbers filled in from this run)
tmpl = os.path.join(os.path.dirname(os.path.abspath(__file__)), "analysis.md")
if os.path.exists(tmpl):
    def num(name, key):
        return st[name][key]

    def per_orphan(name):
        n = int(m.get("orphans_strace_n", 0))
        return f"{sum(ostr[name].values()) / n:.1f}" if n and name in ostr else "?"

    def size_of(name):
        return next(int(s["bytes"]) for s in sizes if s["name"] == name)

    norph = int(m.get("orphans_n", 10000))
    tc = {n: statistics.median(perf[n]["task-clock"]) for n in perf}
    pf = {n: statistics.median(perf[n]["page-faults"]) for n in perf}
    vals = dict(
        start_ratio=fmt(t_start), start_ratio_s=fmt(t_start_s),
        start_hi=fmt(num(HI, "med")), start_tini=fmt(num("tini", "med")),
        start_his=fmt(num(HIS, "med")), start_tinis=fmt(num("tini-static", "med")),
        start_cat=fmt(num("catatonit", "med")), start_direct=fmt(num("direct", "med")),
        tc_hi=f"{tc[HI]:.2f}", tc_tini=f"{tc['tini']:.2f}", tc_his=f"{tc[HIS]:.2f}",
        tc_tinis=f"{tc['tini-static']:.2f}", tc_cat=f"{tc['catatonit']:.2f}",
        pf_hi=f"{pf[HI]:.0f}", pf_tini=f"{pf['tini']:.0f}", pf_his=f"{pf[HIS]:.0f}",
        pf_tinis=f"{pf['tini-static']:.0f}",
        sc_hi=sysc[HI][0], sc_tini=sysc["tini"][0], sc_his=sysc[HIS][0],
        sa_hi=sysc[HI][1], sa_tini=sysc["tini"][1],
        rss_hi=f"{rm[HI]['vmrss']:.0f}", rss_tini=f"{rm['tini']['vmrss']:.0f}",
        rss_his=f"{rm[HIS]['vmrss']:.0f}", rss_tinis=f"{rm['tini-static']['vmrss']:.0f}",
        pss_hi=f"{rm[HI]['pss']:.0f}", pss_tini=f"{rm['tini']['pss']:.0f}",
        pss_his=f"{rm[HIS]['pss']:.0f}", pss_tinis=f"{rm['tini-static']['pss']:.0f}",
        pd_hi=f"{rm[HI]['pd']:.0f}", pd_tini=f"{rm['tini']['pd']:.0f}",
        pd_his=f"{rm[HIS]['pd']:.0f}", pd_tinis=f"{rm['tini-static']['pd']:.0f}",
        rss_ratio=fmt(t_rss), rss_ratio_s=fmt(t_rss_s), pss_ratio=fmt(t_pss),
        pss_ratio_s=fmt(t_pss_s),
        orph_ratio=fmt(t_orph), orph_cpu_ratio=fmt(t_orph_cpu),
        orph_cpu_hi=f"{om[hi_orph]['cpu']:.0f}", orph_cpu_tini=f"{om['tini']['cpu']:.0f}",
        p99_hi=f"{sl[HI]['p99']:.0f}", p99_his=f"{sl[HIS]['p99']:.0f}",
        p50_hi=f"{sl[HI]['p50']:.0f}", p50_tini=f"{sl['tini']['p50']:.0f}",
        p99_tini=f"{sl['tini']['p99']:.0f}", p99_direct=f"{sl['direct']['p99']:.0f}",
        p99r_hi=f"{sl[HI]['p99r']:.0f}", p99r_his=f"{sl[HIS]['p99r']:.0f}",
        spo_hi=per_orphan(hi_orph), spo_tini=per_orphan("tini"),
        kib_his=f"{size_of(HIS) / 1024:.0f}", kib_tinis=f"{size_of('tini-static') / 1024:.0f}",
        kib_extra=f"{(size_of(HIS) - size_of('tini-static')) / 1024:.0f}",
        orph_n=f"{norph:,}", forks=f"{2 * norph:,}",
        ms_per_orphan=f"{om['tini']['ms'] / norph:.1f}",
    )
    p(open(tmpl).read().format(**vals).rstrip("\n"))
    p()

# The health probe's section is written by bench/probe.sh, between its marker lines: keep it.
PROBE_BEGIN = "<!-- probe benchmark: begin"
PROBE_END = "<!-- probe benchmark: end -->"
if os.path.exists(dest):
    old = open(dest).read()
    if PROBE_BEGIN in old and PROBE_END in old:
        a = old.index(PROBE_BEGIN)
        p()
        p(old[a:old.index(PROBE_END, a) + len(PROBE_END)])
    # and the cgroup start-up section of bench/cgroup.sh
    CGROUP_BEGIN, CGROUP_END = "<!-- cgroup:begin", "<!-- cgroup:end -->"
    if CGROUP_BEGIN in old and CGROUP_END in old:
        a = old.index(CGROUP_BEGIN)
        p()
        p(old[a:old.index(CGROUP_END, a) + len(CGROUP_END)])

with open(dest, "w") as f:
    f.write("\n".join(md) + "\n")
