#!/bin/bash
# SPDX-License-Identifier: MIT
# run.sh HARDINIT - end to end: the static hardinit as PID 1 of real OCI containers.
#
# Builds a minimal root file system (Debian's busybox-static and the static hardinit),
# writes one OCI bundle per case (config.json from the runtime's own `spec`, edited with
# python3) and runs it with runc, then with crun where crun runs. Prints TAP like the
# integration tests (scripts/test.sh counts the ok / not ok lines). Needs root; a missing
# runc is a skip, which HARDINIT_STRICT_SKIPS=1 (CI) turns into a failure; crun is
# optional and is skipped with a "# SKIP crun: ..." comment line only. Every container,
# bundle and cgroup is removed on exit, failure included; the host's mounts are never
# touched (the containers' mounts live in their own mount namespaces) and the suite
# checks both.
#
# Cases, for each runtime: exit status passthrough (3, 137 for SIGKILL, 127), hardinit is
# PID 1; `kill ID TERM` reaches the app (143, or the app's trap code 7); orphans are
# re-parented to hardinit and reaped (no Z state in `exec ID ps` nor in /proc);
# --harden in a container given CAP_SYS_ADMIN + CAP_SETPCAP (CapEff 0, NoNewPrivs 1,
# Seccomp 2, / read-only, /tmp a writable tmpfs), fail-closed without CAP_SYS_ADMIN;
# --user 65534; `exec ID /hardinit probe URL` as the health check of a busybox httpd;
# --pids-limit/--memory with a writable cgroup mount (the app's leaf, limits enforced,
# OOM kill seen, fail-closed on a read-only mount unless --cgroup-optional); --dry-run
# as PID 1. The probe, cgroup and dry-run cases run when the binary has those features
# (--help says so) and print "# <feature>: not yet" otherwise.
#
# The init's probes: --health-url watched from inside (the status file read by `exec ID
# /hardinit probe --status-file`), a --wait-tcp gate that never opens (125, no app).
#
# TODO, as the features land (each a case here):
#   - cgroup v2 inside the container: a bundle with a cgroup namespace on a cgroup2 host
#     (this machine is hybrid: v1 controllers only), --cpus and --io-weight seen there.
[ $# = 1 ] && [ -x "$1" ] || { echo "usage: $0 STATIC-HARDINIT" >&2; exit 2; }
HARDINIT=$(realpath "$1")
HELPERS=$(dirname "$(realpath "$0")") # lib.sh wants it; the e2e cases need no helper
export HARDINIT HELPERS
. "$(dirname "$0")/../integration/lib.sh"

PY=/usr/bin/python3 # not the pyenv shim
PREFIX="hie2e-$$-"  # every container id starts with this
ROOTFS=$T_DIR/rootfs
RUNNING=()          # "runtime id" of every container created
BG=()               # pids of runtimes run in the background
STARTED=$SECONDS

# rt ARGS...: the runtime $RT, with its own state directory under $T_DIR. crun refuses a
# hybrid host whose cgroup2 has controllers: it runs in a private mount namespace where
# /sys/fs/cgroup/unified is unmounted (so it sees plain v1); the host keeps its mounts.
rt() {
  case $RT in
    runc) runc --root "$T_DIR/state-runc" "$@" ;;
    crun)
      unshare --mount --propagation private sh -c \
        'if mountpoint -q /sys/fs/cgroup/unified; then umount /sys/fs/cgroup/unified || exit 1; fi
         exec "$@"' sh crun --root "$T_DIR/state-crun" "$@" ;;
  esac
}

e2e_cleanup() {
  local c p
  for p in "${BG[@]}"; do kill -KILL "$p" 2>/dev/null; done
  for c in "${RUNNING[@]}"; do
    RT=${c%% *} rt delete -f "${c#* }" >/dev/null 2>&1
  done
  RUNNING=()
  BG=()
}
trap 'e2e_cleanup; t_cleanup' EXIT
trap 'exit 130' INT TERM HUP # the EXIT trap cleans up on these too

# The root file system: busybox-static with every applet, the static hardinit at /hardinit,
# and passwd/group entries for root and nobody.
make_rootfs() {
  mkdir -p "$ROOTFS"/{bin,etc,proc,sys,dev,tmp,www} || return 1
  cp /bin/busybox "$ROOTFS/bin/busybox" && cp "$HARDINIT" "$ROOTFS/hardinit" || return 1
  "$ROOTFS/bin/busybox" --list | $PY -c 'import os, sys
for a in sys.stdin.read().split():
    p = os.path.join(sys.argv[1], a)
    if not os.path.lexists(p):
        os.symlink("busybox", p)' "$ROOTFS/bin" || return 1
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' \
    >"$ROOTFS/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$ROOTFS/etc/group"
  chmod 1777 "$ROOTFS/tmp"
  echo ok >"$ROOTFS/www/healthz"
}

# The bundle editor: the runtime's own default spec (`runc spec`, `crun spec`), with the
# process, capabilities and root changed.
# argv: SPEC BUNDLE ROOTFS CAPS FLAGS ARGS...: CAPS a comma list added to the default ones;
# FLAGS: rwroot (the runtime leaves / writable), rwcgroup (/sys/fs/cgroup mounted rw); or -.
cat >"$T_DIR/mkspec.py" <<'EOF'
import json, os, sys
spec, bundle, rootfs, caps, flags = sys.argv[1:6]
flags = set(flags.split(","))
args = sys.argv[6:]
with open(spec) as f:
    c = json.load(f)
p = c["process"]
p["terminal"] = False
p["args"] = args
p["env"] = ["PATH=/bin"]
# The runtime's own no_new_privs and ambient caps would hide what hardinit does.
p["noNewPrivileges"] = False
p["capabilities"]["ambient"] = []
if caps != "-":
    for k in ("bounding", "effective", "permitted"):
        p["capabilities"][k] += ["CAP_" + n for n in caps.split(",")]
c["root"] = {"path": rootfs, "readonly": "rwroot" not in flags}
for m in c["mounts"]:
    if m["destination"] == "/sys/fs/cgroup" and "rwcgroup" in flags:
        m["options"] = [o for o in m.get("options", []) if o != "ro"] + ["rw"]
c["hostname"] = "hardinit-e2e"
os.makedirs(bundle)
with open(os.path.join(bundle, "config.json"), "w") as f:
    json.dump(c, f, indent=1)
EOF

# bundle NAME CAPS FLAGS ARGS...: write $T_DIR/NAME/config.json; the id is $PREFIX$NAME-$RT
bundle() {
  local name=$1 caps=$2 flags=$3
  shift 3
  rm -rf "${T_DIR:?}/$name"
  $PY "$T_DIR/mkspec.py" "$T_DIR/config.json" "$T_DIR/$name" "$ROOTFS" "$caps" "$flags" "$@"
}

# run_fg NAME: run the container in the foreground, its output in $T_DIR/NAME.out; returns
# its exit status.
run_fg() {
  local id=$PREFIX$1-$RT rc
  RUNNING+=("$RT $id")
  timeout -s KILL 30 bash -c "$(declare -f rt); RT=$RT T_DIR=$T_DIR"' rt run --bundle "$1" "$2"' \
    sh "$T_DIR/$1" "$id" >"$T_DIR/$1.out" 2>&1
  rc=$?
  rt delete -f "$id" >/dev/null 2>&1
  return $rc
}

# run_bg NAME: start the container in the background (runtime in the foreground mode, so
# its exit status is the container's); waits for the app's "ready" line. Sets BGPID, ID.
run_bg() {
  ID=$PREFIX$1-$RT
  RUNNING+=("$RT $ID")
  rt run --bundle "$T_DIR/$1" "$ID" >"$T_DIR/$1.out" 2>&1 </dev/null &
  BGPID=$!
  BG+=("$BGPID")
  wait_for "$T_DIR/$1.out" '^ready$' 100
}

# finish [TENTHS]: wait for the background runtime (KILL after TENTHS); sets STATUS to its
# exit status (not in a subshell: only this shell can wait for it)
finish() {
  if ! wait_gone "$BGPID" "${1:-100}"; then
    kill -KILL "$BGPID" 2>/dev/null
  fi
  wait "$BGPID" 2>/dev/null
  STATUS=$?
  rt delete -f "$ID" >/dev/null 2>&1
}

# field OUTFILE KEY: the value of "KEY:<tab>value" in the app's output
field() { sed -n "s/^$2:[[:space:]]*//p" "$1" | head -1; }

# --- the cases, for the runtime $RT
case_exit() {
  bundle exit - - /hardinit -- sh -c 'echo "ppid=$PPID pid1=$(cat /proc/1/comm)"; exit 3'
  run_fg exit
  eq "$RT: exit 3 is passed through" "$?" 3
  eq "$RT: hardinit is PID 1, the app its child" "$(cat "$T_DIR/exit.out")" "ppid=1 pid1=hardinit"
  bundle killed - - /hardinit -- sh -c 'kill -KILL $$'
  run_fg killed
  eq "$RT: an app killed by SIGKILL gives 137" "$?" 137
  bundle missing - - /hardinit -- /no/such/app
  run_fg missing
  eq "$RT: a missing app gives 127" "$?" 127
}

case_term() {
  bundle term - - /hardinit -- sh -c 'echo ready; exec sleep 1000'
  if run_bg term; then
    rt kill "$ID" TERM
    finish
    eq "$RT: kill TERM reaches the app through hardinit: exit 143" "$STATUS" 143
  else
    not_ok "$RT: kill TERM: the app never said ready"; sed 's/^/#   /' "$T_DIR/term.out"; finish
  fi
  bundle trap - - /hardinit -- sh -c 'trap "exit 7" TERM; echo ready; sleep 1000 & wait'
  if run_bg trap; then
    rt kill "$ID" TERM
    finish
    eq "$RT: kill TERM reaches the app's trap: exit 7" "$STATUS" 7
  else
    not_ok "$RT: trap: the app never said ready"; sed 's/^/#   /' "$T_DIR/trap.out"; finish
  fi
}

case_orphans() {
  local out i n z
  bundle orphans - - /hardinit -- sh -c \
    'for i in 1 2 3 4 5 6 7 8 9 10; do (sleep 1 &); done; echo ready; exec sleep 1000'
  if ! run_bg orphans; then
    not_ok "$RT: orphans: the app never said ready"; sed 's/^/#   /' "$T_DIR/orphans.out"
    finish
    return
  fi
  out=$(rt exec "$ID" ps -o ppid,stat,args)
  n=$(grep -cE '^ +1 +[A-Z]+ +sleep 1$' <<<"$out")
  eq "$RT: 10 orphans are re-parented to hardinit (PID 1)" "$n" 10
  for ((i = 0; i < 50; i++)); do # they exit after 1 s; wait until they are gone
    sleep 0.1
    out=$(rt exec "$ID" ps -o ppid,stat,args)
    grep -qE 'sleep 1$' <<<"$out" || break
  done
  check "$RT: orphans gone after they exit" bash -c "! grep -qE 'sleep 1\$' <<<'$out'"
  z=$(awk '$2 ~ /^Z/' <<<"$out" | wc -l)
  eq "$RT: no zombie in 'exec ps'" "$z" 0
  z=$(rt exec "$ID" sh -c 'cat /proc/[0-9]*/stat 2>/dev/null' | sed 's/.*) //' | grep -c '^Z')
  eq "$RT: no zombie (state Z) in /proc" "$z" 0
  rt kill "$ID" TERM
  finish
  eq "$RT: orphans container stops on TERM" "$STATUS" 143
}

# What the app sees of its own posture: status fields, root and /tmp writability, mounts.
POSTURE='grep -E "^(Uid|CapEff|CapBnd|NoNewPrivs|Seccomp):" /proc/self/status
if touch /rw-check 2>/dev/null; then rm -f /rw-check; echo "root: rw"; else echo "root: ro"; fi
if touch /tmp/rw-check 2>/dev/null; then echo "tmp: rw"; else echo "tmp: ro"; fi
echo "tmpfs: $(awk "\$2 == \"/tmp\" {print \$3}" /proc/mounts)"
echo "id: $(id -u):$(id -g)"'

case_harden() {
  local o=$T_DIR/harden.out
  bundle plain SYS_ADMIN,SETPCAP rwroot /hardinit -- sh -c "$POSTURE"
  run_fg plain
  eq "$RT: the container alone: root writable (so read-only is hardinit's doing)" \
    "$(field "$T_DIR/plain.out" root)" rw
  eq "$RT: the container alone: no seccomp" "$(field "$T_DIR/plain.out" Seccomp)" 0

  bundle harden SYS_ADMIN,SETPCAP rwroot /hardinit --harden -- sh -c "$POSTURE"
  run_fg harden
  eq "$RT: --harden starts the app (exit 0)" "$?" 0
  eq "$RT: --harden: CapEff 0" "$(field "$o" CapEff)" 0000000000000000
  eq "$RT: --harden: CapBnd 0" "$(field "$o" CapBnd)" 0000000000000000
  eq "$RT: --harden: NoNewPrivs 1" "$(field "$o" NoNewPrivs)" 1
  eq "$RT: --harden: Seccomp 2 (filter)" "$(field "$o" Seccomp)" 2
  eq "$RT: --harden: / is read-only (touch fails)" "$(field "$o" root)" ro
  eq "$RT: --harden: /tmp is writable" "$(field "$o" tmp)" rw
  eq "$RT: --harden: /tmp is a tmpfs" "$(field "$o" tmpfs)" tmpfs
  [ "$(field "$o" root)" = ro ] || sed 's/^/#   /' "$o"

  bundle nocap - rwroot /hardinit --harden -- sh -c 'echo started'
  run_fg nocap
  eq "$RT: --harden without CAP_SYS_ADMIN fails closed (125)" "$?" 125
  check "$RT: ... and the app never ran" bash -c "! grep -q started '$T_DIR/nocap.out'"
}

case_user() {
  bundle user SETUID,SETGID - /hardinit --user 65534 -- sh -c "$POSTURE"
  run_fg user
  eq "$RT: --user 65534: uid:gid" "$(field "$T_DIR/user.out" id)" 65534:65534
  eq "$RT: --user 65534: no effective caps" "$(field "$T_DIR/user.out" CapEff)" 0000000000000000
  bundle hardenuser SYS_ADMIN,SETPCAP,SETUID,SETGID rwroot /hardinit --harden --user 65534 -- \
    sh -c "$POSTURE"
  run_fg hardenuser
  local o=$T_DIR/hardenuser.out
  eq "$RT: --harden --user 65534: uid:gid, NoNewPrivs, Seccomp, root" \
    "$(field "$o" id) $(field "$o" NoNewPrivs) $(field "$o" Seccomp) $(field "$o" root)" \
    "65534:65534 1 2 ro"
}

# The probe as the health check of a busybox httpd under hardinit --harden, run the way
# docker's HEALTHCHECK and Kubernetes exec probes run it: `exec ID /hardinit probe URL`.
case_probe() {
  local i rc url=http://127.0.0.1:8080
  if [ "$HAS_PROBE" = 0 ]; then
    echo "# probe: not yet ($RT): the static hardinit has no probe subcommand"
    return
  fi
  bundle probe SYS_ADMIN,SETPCAP,SETUID,SETGID - /hardinit --harden --user 65534 -- \
    sh -c 'echo ready; exec httpd -f -p 127.0.0.1:8080 -h /www'
  if ! run_bg probe; then
    not_ok "$RT: probe: httpd never started"; sed 's/^/#   /' "$T_DIR/probe.out"
    finish
    return
  fi
  for ((i = 0; i < 30; i++)); do # httpd binds a moment after "ready"
    rt exec "$ID" /hardinit probe "$url/healthz" >"$T_DIR/probe-exec.out" 2>&1
    rc=$?
    [ "$rc" = 0 ] && break
    sleep 0.1
  done
  eq "$RT: exec /hardinit probe $url/healthz: healthy (0)" "$rc" 0
  rt exec "$ID" /hardinit probe "$url/missing" >/dev/null 2>&1
  eq "$RT: ... a 404 is unhealthy (1)" "$?" 1
  rt exec "$ID" /hardinit probe http://127.0.0.1:8081/healthz >/dev/null 2>&1
  eq "$RT: ... nothing listening is unhealthy (1)" "$?" 1
  rt kill "$ID" TERM
  finish
  eq "$RT: httpd under hardinit --harden stops on TERM (143)" "$STATUS" 143
}

# cgroup limits: the app's leaf cgroup below the container's, limits enforced, hardinit
# itself outside them. The app finds its leaf from /proc/self/cgroup against PID 1's.
CGAPP='leaf() { s=$(sed -n "s/^[0-9]*:$1://p" /proc/self/cgroup)
  i=$(sed -n "s/^[0-9]*:$1://p" /proc/1/cgroup)
  [ "$s" != "$i" ] && echo "/sys/fs/cgroup/$1${s#"$i"}"; }
p=$(leaf pids); m=$(leaf memory)
echo "outside: ${p:+yes}"
echo "pids.max: $(cat "$p/pids.max")"
echo "memory.limit: $(cat "$m/memory.limit_in_bytes")"
dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null
echo "dd: $?"
(for i in $(seq 30); do sleep 3 & done) 2>/dev/null
echo "pids.current: $(cat "$p/pids.current")"'

case_cgroup() {
  local o=$T_DIR/cgroup.out n
  bundle cgroup SYS_ADMIN rwcgroup /hardinit --pids-limit 20 --memory 32m -- sh -c "$CGAPP"
  run_fg cgroup
  eq "$RT: --pids-limit --memory with a writable cgroup mount: the app runs (0)" "$?" 0
  eq "$RT: ... in a leaf cgroup of its own, hardinit outside it" "$(field "$o" outside)" yes
  eq "$RT: ... pids.max 20" "$(field "$o" pids.max)" 20
  eq "$RT: ... memory.limit_in_bytes 32m" "$(field "$o" memory.limit)" 33554432
  eq "$RT: ... a 64 MiB allocation is OOM-killed (137)" "$(field "$o" dd)" 137
  check "$RT: ... hardinit reports the OOM kill" grep -q 'out of memory' "$o"
  n=$(field "$o" pids.current)
  check "$RT: ... 30 forks stop at the limit (pids.current $n <= 20)" test "${n:-99}" -le 20
  [ "$(field "$o" pids.max)" = 20 ] || sed 's/^/#   /' "$o"

  bundle cgro SYS_ADMIN - /hardinit --pids-limit 20 -- sh -c 'echo started'
  run_fg cgro
  eq "$RT: --pids-limit with the read-only cgroup mount fails closed (125)" "$?" 125
  check "$RT: ... and the app never ran" bash -c "! grep -q started '$T_DIR/cgro.out'"
  bundle cgopt SYS_ADMIN - /hardinit --pids-limit 20 --cgroup-optional -- sh -c 'echo started'
  run_fg cgopt
  eq "$RT: ... with --cgroup-optional the app runs without the limits" \
    "$?/$(grep -c '^started$' "$T_DIR/cgopt.out")" 0/1
}

# --dry-run as PID 1 of the container: the whole plan checked (mounts, user, seccomp,
# cgroup), printed, nothing started.
# The init's own probes: the app's health watched from inside (--health-url, the status
# file read by `exec ID /hardinit probe --status-file`), and a start-up gate that never
# opens (the app never runs).
case_health() {
  local i rc
  bundle health - rwroot /hardinit --health-url http://127.0.0.1:8080/healthz \
    --health-interval 200ms --health-status-file /health.json -- \
    sh -c 'echo ready; exec httpd -f -p 127.0.0.1:8080 -h /www'
  if ! run_bg health; then
    not_ok "$RT: health: httpd never started"; sed 's/^/#   /' "$T_DIR/health.out"
    finish
    return
  fi
  for ((i = 0; i < 50; i++)); do
    rt exec "$ID" /hardinit probe -q --status-file /health.json >/dev/null 2>&1
    rc=$?
    [ "$rc" = 0 ] && break
    sleep 0.1
  done
  eq "$RT: --health-url watched from inside: exec /hardinit probe --status-file: healthy (0)" "$rc" 0
  rt kill "$ID" TERM
  finish
  eq "$RT: ... and TERM still stops it (143)" "$STATUS" 143
  bundle gate - - /hardinit --wait-tcp 127.0.0.1:9 --wait-timeout 1s --wait-interval 200ms -- \
    sh -c 'echo started'
  run_fg gate
  rc=$?
  eq "$RT: --wait-tcp to a closed port: 125 after --wait-timeout, the app never started" \
    "$rc:$(grep -c '^started' "$T_DIR/gate.out")" "125:0"
}

case_dry_run() {
  local o=$T_DIR/dry.out n
  bundle dry SYS_ADMIN,SETPCAP,SETUID,SETGID rwroot,rwcgroup /hardinit --dry-run --harden \
    --user 65534 --pids-limit 20 -- sh -c 'echo started'
  run_fg dry
  eq "$RT: --dry-run --harden --user --pids-limit: exit 0" "$?" 0
  check "$RT: ... nothing started" bash -c "! grep -q '^started' '$o'"
  n=$(grep -cE -e 'seccomp +default' -e '/ read-only' -e 'cgroup +/sys/fs/cgroup' "$o")
  eq "$RT: ... the plan has seccomp default, a read-only /, the cgroup" "$n" 3
  [ "$n" = 3 ] || sed 's/^/#   /' "$o"
  bundle drynocap - rwroot /hardinit --dry-run --harden -- sh -c 'echo started'
  run_fg drynocap
  eq "$RT: --dry-run --harden without CAP_SYS_ADMIN: 125" "$?" 125
}

all_cases() {
  case_exit
  case_term
  case_orphans
  case_harden
  case_user
  case_probe
  if [ "$HAS_CGROUP" = 1 ]; then case_cgroup; else echo "# cgroup: not yet ($RT)"; fi
  if [ "$HAS_DRY_RUN" = 1 ]; then case_dry_run; else echo "# dry-run: not yet ($RT)"; fi
  if [ "$HAS_HEALTH" = 1 ]; then case_health; else echo "# health: not yet ($RT)"; fi
}

# leftovers: the runtime lists no container of ours, and no cgroup of ours is left
leftovers() {
  e2e_cleanup
  eq "$RT: no container left" "$(rt list -q 2>/dev/null | grep -c "^$PREFIX")" 0
  eq "$RT: no cgroup left" \
    "$(find /sys/fs/cgroup -maxdepth 4 -name "$PREFIX*" 2>/dev/null | wc -l)" 0
}

host_mounts() { awk '{print $5, $9, $10}' /proc/self/mountinfo | sort; }

# --- main
if [ "$(id -u)" != 0 ]; then
  skip "e2e containers" "need root"
  done_testing
  exit
fi
HAS_PROBE=0
out=$("$HARDINIT" probe --help 2>&1) && grep -q probe <<<"$out" && HAS_PROBE=1
HAS_CGROUP=0 HAS_DRY_RUN=0 # features that landed after this suite: tried, not assumed
out=$("$HARDINIT" --help 2>&1)
grep -q -- '--pids-limit' <<<"$out" && grep -q -- '--cgroup-optional' <<<"$out" && HAS_CGROUP=1
grep -q -- '--dry-run' <<<"$out" && HAS_DRY_RUN=1
HAS_HEALTH=0
grep -q -- '--health-url' <<<"$out" && HAS_HEALTH=1
MOUNTS_BEFORE=$(host_mounts)
make_rootfs || { not_ok "build the root file system"; done_testing; exit; }
ok "root file system: busybox-static and the static hardinit ($(stat -c %s "$HARDINIT") bytes)"

for RT in runc crun; do
  if ! command -v $RT >/dev/null; then
    if [ $RT = runc ]; then
      skip "runc e2e" "runc is not installed (scripts/setup.sh installs it)"
    else
      echo "# SKIP crun: crun is not installed"
    fi
    continue
  fi
  # each runtime's own default spec is the base of its bundles
  rm -f "$T_DIR/config.json"
  (cd "$T_DIR" && $RT spec) || { not_ok "$RT: $RT spec writes a default config.json"; continue; }
  # Can this runtime run a container here at all?
  bundle smoke - - /hardinit -- true
  if ! run_fg smoke; then
    if [ $RT = crun ]; then
      echo "# SKIP crun: it cannot run a container here: $(head -1 "$T_DIR/smoke.out")"
      continue
    fi
    not_ok "$RT: a container with /hardinit -- true runs"; sed 's/^/#   /' "$T_DIR/smoke.out"
    continue
  fi
  ok "$RT: $($RT --version | head -1): a container with /hardinit -- true runs"
  all_cases
  leftovers
done

eq "the host's mounts are unchanged" "$(host_mounts)" "$MOUNTS_BEFORE"
eq "no mount of the suite's files on the host" "$(grep -c "$T_DIR" /proc/self/mountinfo)" 0
echo "# e2e took $((SECONDS - STARTED)) s"
done_testing
