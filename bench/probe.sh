#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench/probe.sh - `hardinit probe` against `curl -fsS -o /dev/null` and `wget -q --spider`,
# one HTTP probe each against the same loopback server (tests/helpers/probe_server.py, path
# /ok: 200 with a 12-byte body). Per run: wall time, CPU time (user + system, wait4) and
# peak RSS of the prober alone, measured by bench/probe_rusage.c (a tiny C parent: fork,
# exec, wait4); ROUNDS rounds of RUNS runs per command, the order rotated every round;
# medians over the pooled runs. /bin/true runs alongside as the floor: what creating a
# process costs here.
# Writes bench/out/probe-*.tsv and replaces the "probe" section of bench/RESULTS.md
# (between its two marker lines; appended when absent). Knobs (environment):
#   PROBE_ROUNDS=10 PROBE_RUNS=30
#   HI_DYN=build/hardinit                   the dynamic dev build (built if missing)
#   HI_STATIC_DIR=/tmp/hi-static            the static release build (built if missing)
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
OUT=$BENCH/out
PY=/usr/bin/python3
ROUNDS=${PROBE_ROUNDS:-10}
RUNS=${PROBE_RUNS:-30}
HI_DYN=${HI_DYN:-$ROOT/build/hardinit}
HI_STATIC_DIR=${HI_STATIC_DIR:-/tmp/hi-static}
HI_STATIC=$HI_STATIC_DIR/hardinit
RESULTS=$BENCH/RESULTS.md
BEGIN='<!-- probe benchmark: begin (written by bench/probe.sh) -->'
END='<!-- probe benchmark: end -->'

log() { printf '[bench-probe %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "error: $*"; exit 1; }
mkdir -p "$OUT"

for t in curl wget cc "$PY"; do
  command -v "$t" >/dev/null || die "$t is missing (bash scripts/setup.sh installs it)"
done
if [ ! -x "$HI_DYN" ]; then
  log "building $(dirname "$HI_DYN")"
  ninja -C "$(dirname "$HI_DYN")" >/dev/null
fi
if [ ! -x "$HI_STATIC" ]; then
  log "building $HI_STATIC_DIR (static, release)"
  meson setup "$HI_STATIC_DIR" "$ROOT" -Dstatic=true -Dtests=false -Dbuildtype=release >/dev/null
  ninja -C "$HI_STATIC_DIR" >/dev/null
fi

RUSAGE=$OUT/probe_rusage
cc -O2 -Wall -Wextra -o "$RUSAGE" "$BENCH/probe_rusage.c"

SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -f "$OUT/probe-ports"; }
trap cleanup EXIT
rm -f "$OUT/probe-ports"
"$PY" "$ROOT/tests/helpers/probe_server.py" "$OUT/probe-ports" &
SERVER_PID=$!
for _ in $(seq 100); do [ -s "$OUT/probe-ports" ] && break; sleep 0.05; done
# shellcheck disable=SC1091
. "$OUT/probe-ports"
URL="http://127.0.0.1:$MAIN/ok"

# Proxy variables would send curl and wget elsewhere; hardinit ignores them anyway.
unset http_proxy HTTP_PROXY https_proxy HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY
CURL=$(command -v curl)
WGET=$(command -v wget)
declare -a CMDS=(
  "true=/bin/true"
  "hardinit=$HI_DYN probe $URL"
  "hardinit-static=$HI_STATIC probe $URL"
  "curl=$CURL -fsS -o /dev/null $URL"
  "wget=$WGET -q --spider $URL"
)
for c in "${CMDS[@]}"; do
  ${c#*=} >/dev/null || die "${c%%=*} does not succeed against $URL"
done

log "$ROUNDS rounds x $RUNS runs per command"
load0=$(cut -d' ' -f1-3 /proc/loadavg)
"$RUSAGE" "$OUT/probe-runs.tsv" "$ROUNDS" "$RUNS" "${CMDS[@]}"
load1=$(cut -d' ' -f1-3 /proc/loadavg)

# The tables: medians per command, then ratios to curl (raw, and above the /bin/true floor).
"$PY" - "$OUT/probe-runs.tsv" >"$OUT/probe-table.md" <<'EOF'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])][1:]
names = list(dict.fromkeys(r[0] for r in rows))
med = lambda name, col: statistics.median(float(r[col]) for r in rows if r[0] == name)
def p90(name, col):
    v = sorted(float(r[col]) for r in rows if r[0] == name)
    return v[int(0.9 * (len(v) - 1))]
print("| command | runs (failed) | wall ms | wall p90 | CPU ms | CPU p90 | peak RSS KiB |")
print("|---|---|---|---|---|---|---|")
for n in names:
    mine = [r for r in rows if r[0] == n]
    print("| %s | %d (%d) | %.2f | %.2f | %.2f | %.2f | %d |" % (
        n, len(mine), sum(r[6] != "0" for r in mine), med(n, 3), p90(n, 3), med(n, 4),
        p90(n, 4), med(n, 5)))
print()
print("Ratios of medians to curl's; \"above floor\" subtracts /bin/true's median first (what")
print("the probe itself costs beyond creating a process). Target (issue 7): at most a quarter")
print("of curl's CPU time and peak RSS per probe.")
print()
print("| ratio | wall | CPU | CPU above floor | peak RSS | RSS above floor | CPU and RSS <= 0.25 |")
print("|---|---|---|---|---|---|---|")
for n in names:
    if n in ("true", "curl"):
        continue
    r = [med(n, c) / med("curl", c) for c in (3, 4, 5)]
    f = [(med(n, c) - med("true", c)) / (med("curl", c) - med("true", c)) for c in (4, 5)]
    ok = "met" if r[1] <= 0.25 and r[2] <= 0.25 else "**MISSED**"
    if not n.startswith("hardinit"):
        ok = "(no target)"
    print("| %s / curl | %.2f | %.2f | %.2f | %.2f | %.2f | %s |" % (
        n, r[0], r[1], f[0], r[2], f[1], ok))
EOF
cat "$OUT/probe-table.md" >&2

section=$(cat <<EOF
$BEGIN
## Health probe: \`hardinit probe\` vs curl and wget

Generated by \`bash bench/probe.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs,
load average $load0 at the start and $load1 at the end; $ROUNDS rounds x $RUNS runs per
command, the order rotated every round. One HTTP GET (wget: HEAD, \`--spider\`) of
\`/ok\` (200, 12-byte body) from \`tests/helpers/probe_server.py\` on 127.0.0.1. Wall time
is fork to wait4 (process creation included: ~5 ms on this machine); CPU time
is user + system of the prober alone from wait4's rusage (exec and page faults included);
peak RSS is ru_maxrss.
\`hardinit\` is the dynamic debugoptimized build, \`hardinit-static\` the static release
one; curl $(curl --version | head -1 | cut -d' ' -f2) and GNU wget $(wget --version | head -1 | cut -d' ' -f3) are Debian's.

\`\`\`sh
$PY tests/helpers/probe_server.py PORTFILE &       # URL=http://127.0.0.1:PORT/ok
cc -O2 -o bench/out/probe_rusage bench/probe_rusage.c
bench/out/probe_rusage bench/out/probe-runs.tsv $ROUNDS $RUNS 'true=/bin/true' \\
  'hardinit=$HI_DYN probe URL' 'hardinit-static=$HI_STATIC probe URL' \\
  'curl=$CURL -fsS -o /dev/null URL' 'wget=$WGET -q --spider URL'
\`\`\`

$(cat "$OUT/probe-table.md")
$END
EOF
)

if [ -f "$RESULTS" ] && grep -qF "$BEGIN" "$RESULTS"; then
  "$PY" - "$RESULTS" "$BEGIN" "$END" "$section" <<'EOF'
import sys
path, begin, end, section = sys.argv[1:5]
text = open(path).read()
a = text.index(begin)
b = text.index(end, a) + len(end)
open(path, "w").write(text[:a] + section + text[b:])
EOF
else
  printf '\n%s\n' "$section" >>"$RESULTS"
fi
log "wrote the probe section of $RESULTS"
