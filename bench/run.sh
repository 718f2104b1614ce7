#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench/run.sh - hardinit against tini, dumb-init, catatonit and "direct" (no init), and
# every other benchmark of the project (seccomp, health probes, cgroup limits).
# One command, as root:   bash bench/run.sh
# Writes raw data to bench/out/ (gitignored) and the report to bench/RESULTS.md.
#
# The machine this runs on is shared and noisy, so every benchmark runs in rounds and
# the order of the inits rotates from round to round (no init always goes first or
# last); the report pools the rounds and quotes medians and ratios. Knobs (environment):
#   STARTUP_ROUNDS=10 STARTUP_RUNS=25 STARTUP_WARMUP=5   hyperfine, per init and round
#   PERF_ROUNDS=3 PERF_RUNS=40                           perf stat of the init alone
#   RSS_RUNS=7                                           idle RSS samples per init
#   ORPHANS_N=10000 ORPHANS_REPS=3                       orphans reaped as PID 1
#   ORPHANS_STRACE_N=1000                                 orphans under strace -c (diagnostic)
#   SIGLAT_ROUNDS=10 SIGLAT_SAMPLES=200 SIGLAT_GAP_US=500 signal forwarding latency
#   HARDEN_ROUNDS=6 HARDEN_RUNS=25                       hardening cost (issue: Hardening I)
#   SECCALL_ROUNDS=5 SECCALL_CALLS=100000                per-call cost of seccomp filters
#   SECCALL_ROUTED_CALLS=5000                            ... of calls routed to hardinit
#   LEARN_ROUNDS=4 LEARN_RUNS=10                         a workload under --seccomp-learn
#   HI_STATIC_DIR=/tmp/hi-static                         static build directory
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
OUT=$BENCH/out
PY=/usr/bin/python3

STARTUP_ROUNDS=${STARTUP_ROUNDS:-10}
STARTUP_RUNS=${STARTUP_RUNS:-25}
STARTUP_WARMUP=${STARTUP_WARMUP:-5}
PERF_ROUNDS=${PERF_ROUNDS:-3}
PERF_RUNS=${PERF_RUNS:-40}
RSS_RUNS=${RSS_RUNS:-7}
ORPHANS_N=${ORPHANS_N:-10000}
ORPHANS_REPS=${ORPHANS_REPS:-3}
ORPHANS_STRACE_N=${ORPHANS_STRACE_N:-1000}
SIGLAT_ROUNDS=${SIGLAT_ROUNDS:-10}
SIGLAT_SAMPLES=${SIGLAT_SAMPLES:-200}
SIGLAT_GAP_US=${SIGLAT_GAP_US:-500}
HARDEN_ROUNDS=${HARDEN_ROUNDS:-6}
HARDEN_RUNS=${HARDEN_RUNS:-25}
SECCALL_ROUNDS=${SECCALL_ROUNDS:-5}
SECCALL_CALLS=${SECCALL_CALLS:-100000}
SECCALL_ROUTED_CALLS=${SECCALL_ROUTED_CALLS:-5000}
LEARN_ROUNDS=${LEARN_ROUNDS:-4}
LEARN_RUNS=${LEARN_RUNS:-10}
HI_STATIC_DIR=${HI_STATIC_DIR:-/tmp/hi-static}

HI_DYN=$ROOT/build/hardinit
HI_STATIC=$HI_STATIC_DIR/hardinit
ORPHANS=$ROOT/build/tests/integration/orphans
SIGLAT=$OUT/siglat
SECCALL=$OUT/seccall

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
# The load average when a benchmark starts, in the report: a hint of how noisy it was.
load() { echo "load_$1: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"; }
die() { log "error: $*"; exit 1; }

# --- cleanup: every process this script starts in the background is in BG_PIDS, and
# --- every child of such a process that we saw is in BG_CHILDREN.
BG_PIDS=()
BG_CHILDREN=()
TMP=
cleanup() {
    local rc=$? p
    trap - EXIT INT TERM
    for p in "${BG_PIDS[@]}"; do
        kill -TERM "$p" 2>/dev/null || true
    done
    if ((${#BG_PIDS[@]})); then sleep 0.3; fi
    for p in "${BG_PIDS[@]}" "${BG_CHILDREN[@]}"; do
        kill -KILL "$p" 2>/dev/null || true
    done
    for p in "${BG_PIDS[@]}"; do
        wait "$p" 2>/dev/null || true
    done
    [[ -n $TMP ]] && rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[[ $(id -u) -eq 0 ]] || die "run as root (PID namespaces need it)"
for t in hyperfine perf strace unshare timeout file cc; do
    command -v "$t" >/dev/null || die "$t is not installed"
done
for b in /usr/bin/tini /usr/bin/tini-static /usr/bin/dumb-init /usr/bin/catatonit "$PY"; do
    [[ -x $b ]] || die "$b is missing"
done

rm -rf "$OUT"
mkdir -p "$OUT"
TMP=$(mktemp -d /tmp/hardinit-bench.XXXXXX)
CMDS=$OUT/commands.txt
: >"$CMDS"
# Record a command template once, in the order first used.
logcmd() { grep -qxF -- "$*" "$CMDS" || printf '%s\n' "$*" >>"$CMDS"; }

# --- build --------------------------------------------------------------------------
log "building hardinit (dynamic: $ROOT/build, static: $HI_STATIC_DIR)"
if [[ ! -f $ROOT/build/build.ninja ]]; then
    (cd "$ROOT" && meson setup build) >"$OUT/build.log" 2>&1
fi
ninja -C "$ROOT/build" >>"$OUT/build.log" 2>&1 || die "ninja -C build failed (see $OUT/build.log)"
if [[ ! -f $HI_STATIC_DIR/build.ninja ]]; then
    (cd "$ROOT" && meson setup "$HI_STATIC_DIR" -Dstatic=true -Dtests=false -Dbuildtype=release) \
        >>"$OUT/build.log" 2>&1 || die "meson setup $HI_STATIC_DIR failed"
fi
ninja -C "$HI_STATIC_DIR" >>"$OUT/build.log" 2>&1 || die "ninja -C $HI_STATIC_DIR failed"
cc -O2 -Wall -Wextra -o "$SIGLAT" "$BENCH/siglat.c"
cc -O2 -Wall -Wextra -o "$SECCALL" "$BENCH/seccall.c"
for b in "$HI_DYN" "$HI_STATIC" "$ORPHANS" "$SIGLAT" "$SECCALL"; do
    [[ -x $b ]] || die "$b was not built"
done
logcmd "ninja -C build; meson setup $HI_STATIC_DIR -Dstatic=true -Dtests=false -Dbuildtype=release; ninja -C $HI_STATIC_DIR"
logcmd "cc -O2 -Wall -Wextra -o bench/out/siglat bench/siglat.c"
logcmd "cc -O2 -Wall -Wextra -o bench/out/seccall bench/seccall.c"
# A freshly linked binary's page-cache pages are dirty until written back, and smaps
# counts them as Private_Dirty of every process that maps them: write them back first.
sync

# --- the contenders -----------------------------------------------------------------
# Not PID 1 (start-up, RSS, signals): tini gets -s so that it is a subreaper like
# hardinit (automatic when not PID 1) and catatonit (always), and does not warn.
declare -A PFX=(
    [direct]=""
    [tini]="/usr/bin/tini -s --"
    [tini-static]="/usr/bin/tini-static -s --"
    [dumb-init]="/usr/bin/dumb-init --"
    [catatonit]="/usr/bin/catatonit --"
    [hardinit]="$HI_DYN --"
    [hardinit-static]="$HI_STATIC --"
)
# As PID 1 of a fresh PID namespace (orphans): no -s needed.
declare -A PFX1=(
    [tini]="/usr/bin/tini --"
    [tini-static]="/usr/bin/tini-static --"
    [dumb-init]="/usr/bin/dumb-init --"
    [catatonit]="/usr/bin/catatonit --"
    [hardinit]="$HI_DYN --"
    [hardinit-static]="$HI_STATIC --"
)
STARTUP_SET=(direct tini tini-static dumb-init catatonit hardinit hardinit-static)
INIT_SET=(tini tini-static dumb-init catatonit hardinit hardinit-static)
ORPHANS_SET=(tini dumb-init catatonit hardinit-static)
SIGLAT_SET=(direct tini dumb-init catatonit hardinit hardinit-static)

# rotate R NAME... : the names rotated left by R.
rotate() {
    local r=$1; shift
    local a=("$@") n=$# i
    for ((i = 0; i < n; i++)); do printf '%s\n' "${a[(i + r) % n]}"; done
}

# --- machine ------------------------------------------------------------------------
{
    echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "nproc: $(nproc)"
    echo "kernel: $(uname -srm)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    # shellcheck disable=SC1091
    echo "os: $(. /etc/os-release && echo "$PRETTY_NAME")"
    echo "orphans_n: $ORPHANS_N"
    echo "orphans_strace_n: $ORPHANS_STRACE_N"
    echo "hardinit: $("$HI_DYN" --version 2>&1 | head -1) (git $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD -- src include meson.build 2>/dev/null || echo ', with uncommitted changes in src/'))"
    echo "tini: $(/usr/bin/tini --version 2>&1 | head -1)"
    echo "dumb-init: $(/usr/bin/dumb-init --version 2>&1 | head -1)"
    echo "catatonit: $(/usr/bin/catatonit --version 2>&1 | head -1)"
    echo "hyperfine: $(hyperfine --version)"
    echo "cc: $(cc --version | head -1)"
} >"$OUT/machine.txt"

# --- c. binary sizes ----------------------------------------------------------------
log "binary sizes"
strip -o "$OUT/hardinit-dynamic-stripped" "$HI_DYN"
{
    printf 'name\tpath\tbytes\tfile\tneeds\n'
    for e in "hardinit-static:$HI_STATIC" "hardinit:$HI_DYN" \
        "hardinit (stripped copy):$OUT/hardinit-dynamic-stripped" \
        "tini:/usr/bin/tini" "tini-static:/usr/bin/tini-static" \
        "dumb-init:/usr/bin/dumb-init" "catatonit:/usr/bin/catatonit"; do
        n=${e%%:*} p=${e#*:}
        needs=$( (objdump -p "$p" 2>/dev/null | awk '/NEEDED/ {print $2}' | paste -sd' ') || true)
        printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$p" "$(stat -c %s "$p")" "$(file -b "$p")" "${needs:--}"
    done
} >"$OUT/sizes.tsv"
logcmd "stat -c %s BINARY; file -b BINARY; objdump -p BINARY | grep NEEDED; strip -o bench/out/hardinit-dynamic-stripped build/hardinit"

# --- a. start-up overhead -----------------------------------------------------------
load startup
log "start-up: hyperfine, $STARTUP_ROUNDS rounds x $STARTUP_RUNS runs (+$STARTUP_WARMUP warm-up) per command"
for ((r = 0; r < STARTUP_ROUNDS; r++)); do
    args=()
    while read -r name; do
        args+=(-n "$name" "${PFX[$name]:+${PFX[$name]} }/bin/true")
    done < <(rotate "$r" "${STARTUP_SET[@]}")
    hyperfine -N --style basic --warmup "$STARTUP_WARMUP" --runs "$STARTUP_RUNS" \
        --export-json "$OUT/startup-r$r.json" "${args[@]}" >"$OUT/startup-r$r.log" 2>&1 ||
        die "hyperfine failed (see $OUT/startup-r$r.log)"
done
logcmd "hyperfine -N --warmup $STARTUP_WARMUP --runs $STARTUP_RUNS --export-json bench/out/startup-rR.json -n NAME 'INIT /bin/true' ...  # x$STARTUP_ROUNDS rounds, order rotated"

# --- f. the cost of hardening -------------------------------------------------------
# Every command runs in its own new mount namespace (unshare -m), so --harden's tmpfs on
# /tmp and read-only remount of / never touch this machine's mounts; "unshare" alone is
# the namespace's own cost, the same in both hardinit commands.
load harden
log "hardening cost: $HARDEN_ROUNDS rounds x $HARDEN_RUNS runs"
MOBY=${MOBY_PROFILE:-$ROOT/../shared/data/moby-default-seccomp.json}
declare -A HCMD=(
    [unshare]="unshare -m /bin/true"
    [plain]="unshare -m $HI_STATIC -- /bin/true"
    [harden]="unshare -m $HI_STATIC --harden --user 1000 -- /bin/true"
    [seccomp-default]="unshare -m $HI_STATIC --no-new-privs --seccomp default -- /bin/true"
    [seccomp-docker]="unshare -m $HI_STATIC --no-new-privs --seccomp $MOBY -- /bin/true"
    [seccomp-docker-bpf]="unshare -m $HI_STATIC --no-new-privs --seccomp-bpf $OUT/moby.bpf -- /bin/true"
)
HSET=(unshare plain harden seccomp-default)
if [[ -f $MOBY ]]; then
    # The same profile compiled ahead of time, as an image build would, for the bounding
    # set the app gets here (profile compile's default: its own).
    "$HI_STATIC" profile compile "$MOBY" -o "$OUT/moby.bpf" >/dev/null
    HSET+=(seccomp-docker seccomp-docker-bpf)
fi
for ((r = 0; r < HARDEN_ROUNDS; r++)); do
    args=()
    while read -r name; do
        args+=(-n "$name" "${HCMD[$name]}")
    done < <(rotate "$r" "${HSET[@]}")
    hyperfine -N --style basic --warmup 3 --runs "$HARDEN_RUNS" \
        --export-json "$OUT/harden-r$r.json" "${args[@]}" >"$OUT/harden-r$r.log" 2>&1 ||
        die "hyperfine failed (see $OUT/harden-r$r.log)"
done
logcmd "hardinit-static profile compile ../shared/data/moby-default-seccomp.json -o bench/out/moby.bpf"
logcmd "hyperfine -N --warmup 3 --runs $HARDEN_RUNS --export-json bench/out/harden-rR.json 'unshare -m /bin/true' 'unshare -m hardinit-static -- /bin/true' 'unshare -m hardinit-static --harden --user 1000 -- /bin/true' 'unshare -m hardinit-static --no-new-privs --seccomp default -- /bin/true' 'unshare -m hardinit-static --no-new-privs --seccomp ../shared/data/moby-default-seccomp.json -- /bin/true' 'unshare -m hardinit-static --no-new-privs --seccomp-bpf bench/out/moby.bpf -- /bin/true'  # x$HARDEN_ROUNDS rounds, order rotated"

# --- g. seccomp at run time -----------------------------------------------------------
# Nanoseconds per call under each filter (bench/seccall.c), the app with no capabilities
# (so acct is denied by the kernel too when there is no filter). "runc-style" is the same
# profile compiled without the binary tree, as runc and crun compile it.
load seccall
log "seccomp per call: $SECCALL_ROUNDS rounds x $SECCALL_CALLS calls"
"$HI_STATIC" profile compile default --caps none --no-tree -o "$OUT/default-notree.bpf" >/dev/null
declare -A SCFG=(
    [none]=""
    [default]="--seccomp default"
    [default-runc-style]="--seccomp-bpf $OUT/default-notree.bpf"
    [default-report]="--seccomp default --seccomp-report"
    [learn]="--seccomp-learn $OUT/seccall-learned.json"
)
SCSET=(none default default-runc-style default-report learn)
if [[ -f $MOBY ]]; then
    "$HI_STATIC" profile compile "$MOBY" --caps none -o "$OUT/moby-nocaps.bpf" >/dev/null
    "$HI_STATIC" profile compile "$MOBY" --caps none --no-tree -o "$OUT/moby-notree.bpf" >/dev/null
    SCFG[docker]="--seccomp-bpf $OUT/moby-nocaps.bpf"
    SCFG[docker-runc-style]="--seccomp-bpf $OUT/moby-notree.bpf"
    SCSET+=(docker docker-runc-style)
fi
for ((r = 0; r < SECCALL_ROUNDS; r++)); do
    while read -r name; do
        # shellcheck disable=SC2086
        # Calls routed to hardinit cost a round trip each: fewer of them per sample.
        n=$SECCALL_CALLS
        [[ $name == default-report || $name == learn ]] && n=$SECCALL_ROUTED_CALLS
        "$HI_STATIC" --cap-drop ALL --no-new-privs ${SCFG[$name]} -- \
            "$SECCALL" -n "$n" -r 9 >"$OUT/seccall-$name-r$r.txt" 2>/dev/null ||
            die "seccall failed under $name"
    done < <(rotate "$r" "${SCSET[@]}")
done
logcmd "hardinit-static profile compile default --caps none --no-tree -o bench/out/default-notree.bpf; hardinit-static profile compile ../shared/data/moby-default-seccomp.json --caps none [--no-tree] -o bench/out/moby-{nocaps,notree}.bpf"
logcmd "hardinit-static --cap-drop ALL --no-new-privs [--seccomp default | --seccomp-bpf FILE] -- bench/out/seccall -n $SECCALL_CALLS -r 9  # x$SECCALL_ROUNDS rounds, order rotated"
logcmd "hardinit-static --cap-drop ALL --no-new-privs [--seccomp default --seccomp-report | --seccomp-learn FILE] -- bench/out/seccall -n $SECCALL_ROUTED_CALLS -r 9"

# --- h. a realistic workload under learn mode -------------------------------------------
# A shell that starts 60 short processes (a pipeline 20 times): every one of their system
# calls is routed to hardinit under --seccomp-learn.
load learn
log "learn mode workload: $LEARN_ROUNDS rounds x $LEARN_RUNS runs"
WORK='for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do cat /etc/passwd | wc -l | tr 0-9 a-j >/dev/null; done'
declare -A LCMD=(
    [unconfined]="$HI_STATIC -- /bin/sh -c '$WORK'"
    [default]="$HI_STATIC --no-new-privs --seccomp default -- /bin/sh -c '$WORK'"
    [report]="$HI_STATIC --no-new-privs --seccomp default --seccomp-report=json -- /bin/sh -c '$WORK'"
    [learn]="$HI_STATIC --seccomp-learn $OUT/workload-learned.json -- /bin/sh -c '$WORK'"
)
for ((r = 0; r < LEARN_ROUNDS; r++)); do
    args=()
    while read -r name; do
        args+=(-n "$name" "${LCMD[$name]}")
    done < <(rotate "$r" unconfined default report learn)
    hyperfine -N --style basic --warmup 2 --runs "$LEARN_RUNS" \
        --export-json "$OUT/learn-r$r.json" "${args[@]}" >"$OUT/learn-r$r.log" 2>&1 ||
        die "hyperfine failed (see $OUT/learn-r$r.log)"
done
logcmd "hyperfine -N --warmup 2 --runs $LEARN_RUNS --export-json bench/out/learn-rR.json 'hardinit-static -- /bin/sh -c WORK' 'hardinit-static --no-new-privs --seccomp default -- /bin/sh -c WORK' '... --seccomp-report=json ...' 'hardinit-static --seccomp-learn bench/out/workload-learned.json -- /bin/sh -c WORK'  # x$LEARN_ROUNDS rounds, order rotated; WORK: $WORK"

# Diagnostics: the init's own CPU time and page faults (perf stat --no-inherit counts the
# init process only, not /bin/true), and its own system calls (strace -c without -f).
log "start-up diagnostics: perf stat --no-inherit, strace -c"
for ((r = 0; r < PERF_ROUNDS; r++)); do
    while read -r name; do
        # shellcheck disable=SC2086
        perf stat -x, --no-inherit -e task-clock,page-faults -r "$PERF_RUNS" \
            -o "$OUT/perf-$name-r$r.csv" ${PFX[$name]} /bin/true
    done < <(rotate "$r" "${INIT_SET[@]}")
done
for name in "${INIT_SET[@]}"; do
    # shellcheck disable=SC2086
    strace -c -o "$OUT/strace-$name.txt" ${PFX[$name]} /bin/true
done
logcmd "perf stat -x, --no-inherit -e task-clock,page-faults -r $PERF_RUNS INIT /bin/true  # x$PERF_ROUNDS rounds"
logcmd "strace -c -o bench/out/strace-NAME.txt INIT /bin/true"

# --- b. idle RSS --------------------------------------------------------------------
# Each round starts every init at once with "sleep 5" below it, waits until the child
# has exec'd sleep, lets things settle, reads the init's /proc/PID/status VmRSS and
# /proc/PID/smaps_rollup, then SIGTERMs the init (forwarded: the sleep ends, the init
# exits). Pss shares each page among the processes mapping it, so it is lower for
# dynamically linked inits (libc is shared system-wide).
load rss
log "idle RSS: $RSS_RUNS rounds"
printf 'round\tname\tvmrss_kb\tpss_kb\tprivate_dirty_kb\tpss_anon_kb\n' >"$OUT/rss.tsv"
for ((r = 0; r < RSS_RUNS; r++)); do
    declare -A pid_of=()
    while read -r name; do
        # shellcheck disable=SC2086
        ${PFX[$name]} sleep 5 </dev/null &
        pid_of[$name]=$!
        BG_PIDS+=("$!")
    done < <(rotate "$r" "${INIT_SET[@]}")
    for name in "${INIT_SET[@]}"; do
        p=${pid_of[$name]} ok=
        for _ in $(seq 200); do
            c=$(cat "/proc/$p/task/$p/children" 2>/dev/null || true)
            c=${c%% *}
            if [[ -n $c && $(cat "/proc/$c/comm" 2>/dev/null) == sleep ]]; then
                BG_CHILDREN+=("$c")
                ok=1
                break
            fi
            sleep 0.01
        done
        [[ -n $ok ]] || die "$name: its child never became 'sleep'"
    done
    sleep 0.5
    for name in "${INIT_SET[@]}"; do
        p=${pid_of[$name]}
        rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status")
        read -r pss pd pa < <(awk '/^Pss:/ {a=$2} /^Private_Dirty:/ {b=$2} /^Pss_Anon:/ {c=$2}
                                    END {print a, b, c}' "/proc/$p/smaps_rollup")
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$name" "$rss" "$pss" "$pd" "$pa" >>"$OUT/rss.tsv"
        if ((r == 0)); then # where the resident pages are: Rss and Private_Dirty by mapping
            awk '/^[0-9a-f]+-[0-9a-f]+ / {m = (NF >= 6 ? $6 : "[anon]"); sub(/.*\//, "", m)}
                 /^Rss:/ {rss[m] += $2} /^Private_Dirty:/ {pd[m] += $2}
                 END {for (k in rss) if (rss[k]) printf "%s\t%d\t%d\n", k, rss[k], pd[k]}' \
                "/proc/$p/smaps" | sort -t$'\t' -k2,2nr >"$OUT/smaps-$name.tsv"
        fi
    done
    for name in "${INIT_SET[@]}"; do kill -TERM "${pid_of[$name]}"; done
    for name in "${INIT_SET[@]}"; do wait "${pid_of[$name]}" || true; done
    BG_PIDS=() BG_CHILDREN=()
    unset pid_of
done
logcmd "INIT sleep 5 &  then  grep VmRSS /proc/\$PID/status; grep -E 'Pss|Private_Dirty' /proc/\$PID/smaps_rollup  # all inits at once, x$RSS_RUNS rounds"

# --- e. signal forwarding latency ---------------------------------------------------
# The init is a plain child of the siglat driver (not PID 1, no new PID namespace),
# for every init alike. "direct" is the driver signalling the child itself.
load siglat
log "signal forwarding: $SIGLAT_ROUNDS rounds x $SIGLAT_SAMPLES samples per init, gap ${SIGLAT_GAP_US}us"
for ((r = 0; r < SIGLAT_ROUNDS; r++)); do
    while read -r name; do
        # shellcheck disable=SC2086
        timeout -k 5 120 "$SIGLAT" -n "$SIGLAT_SAMPLES" -g "$SIGLAT_GAP_US" \
            -o "$OUT/siglat-$name-r$r.raw" -- ${PFX[$name]} "$SIGLAT" --child \
            >>"$OUT/siglat-$name.log" </dev/null || die "siglat failed for $name"
    done < <(rotate "$r" "${SIGLAT_SET[@]}")
done
logcmd "bench/out/siglat -n $SIGLAT_SAMPLES -g $SIGLAT_GAP_US -o bench/out/siglat-NAME-rR.raw -- INIT bench/out/siglat --child  # x$SIGLAT_ROUNDS rounds"

# --- d. reaping orphans as PID 1 ----------------------------------------------------
# A /bin/sh between the init and the helper reads the init's CPU time (first field of
# /proc/1/schedstat, ns) once the helper has seen every zombie reaped: that is the cost
# of the reaping itself, apart from the helper's fork()s that dominate elapsed_ms.
load orphans
log "orphans: $ORPHANS_REPS reps x ${#ORPHANS_SET[@]} inits, N=$ORPHANS_N (the long one)"
printf 'rep\tname\tzombies\telapsed_ms\tinit_cpu_ns\trc\n' >"$OUT/orphans.tsv"
# shellcheck disable=SC2016
OSH='"$0" "$1" 120; s=$?; read -r ns _ </proc/1/schedstat; echo "init_cpu_ns $ns"; exit $s'
for ((r = 0; r < ORPHANS_REPS; r++)); do
    while read -r name; do
        rc=0
        # shellcheck disable=SC2086
        o=$(timeout -k 5 300 unshare --pid --fork --mount-proc --kill-child \
            ${PFX1[$name]} /bin/sh -c "$OSH" "$ORPHANS" "$ORPHANS_N" </dev/null 2>>"$OUT/orphans.err") || rc=$?
        z=$(awk '/^zombies/ {print $2}' <<<"$o")
        ms=$(awk '/^zombies/ {print $4}' <<<"$o")
        ns=$(awk '/^init_cpu_ns/ {print $2}' <<<"$o")
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$name" "${z:-?}" "${ms:-?}" "${ns:-?}" "$rc" >>"$OUT/orphans.tsv"
        log "  rep $r $name: zombies ${z:-?} elapsed_ms ${ms:-?} init_cpu_ms $(awk -v n="${ns:-0}" 'BEGIN {printf "%.1f", n/1e6}') rc $rc"
    done < <(rotate "$r" "${ORPHANS_SET[@]}")
done
logcmd "unshare --pid --fork --mount-proc --kill-child INIT /bin/sh -c '$OSH' $ORPHANS $ORPHANS_N  # x$ORPHANS_REPS reps"

# Diagnostics: the system calls of PID 1 while it reaps (strace -c -p attached to the
# init from outside: strace must not be PID 1 itself), for tini and hardinit-static.
log "orphans diagnostics: strace -c -p PID1, N=$ORPHANS_STRACE_N"
for name in tini hardinit-static; do
    # shellcheck disable=SC2086,SC2016
    unshare --pid --fork --mount-proc --kill-child ${PFX1[$name]} /bin/sh -c \
        'sleep 0.5; exec "$0" "$1" 120' "$ORPHANS" "$ORPHANS_STRACE_N" </dev/null >/dev/null 2>&1 &
    u=$!
    BG_PIDS+=("$u")
    init=
    for _ in $(seq 100); do
        init=$(cat "/proc/$u/task/$u/children" 2>/dev/null || true)
        init=${init%% *}
        [[ -n $init ]] && break
        sleep 0.01
    done
    [[ -n $init ]] || die "orphans diagnostics: no init under unshare"
    timeout -k 5 120 strace -c -o "$OUT/strace-orphans-$name.txt" -p "$init" 2>/dev/null || true
    wait "$u" || true
    BG_PIDS=()
done
logcmd "unshare --pid --fork --mount-proc INIT /bin/sh -c 'sleep 0.5; exec orphans $ORPHANS_STRACE_N' &  strace -c -p <PID of INIT>"

load end

# --- report -------------------------------------------------------------------------
log "writing $BENCH/RESULTS.md"
"$PY" "$BENCH/report.py" "$OUT" "$BENCH/RESULTS.md"

# --- the benchmarks with scripts of their own: each replaces its section of RESULTS.md --
# (`hardinit probe` against curl and wget; the start-up cost of cgroup limits)
if [[ ${SKIP_SUBBENCH:-0} != 1 ]]; then
    log "hardinit probe vs curl and wget (bench/probe.sh)"
    HI_DYN=$HI_DYN HI_STATIC_DIR=$HI_STATIC_DIR bash "$BENCH/probe.sh"
    log "cgroup limits at start-up (bench/cgroup.sh)"
    HARDINIT=$HI_STATIC LIBHARDINIT=$ROOT/build/libhardinit.a bash "$BENCH/cgroup.sh"
fi
log "done"
