#!/bin/bash
# SPDX-License-Identifier: MIT
# cgroup limits on this machine's real hierarchy: a pids limit stops a fork bomb while
# hardinit keeps reaping, a memory limit OOM-kills (137, one line), a CPU quota holds,
# hardinit's own cgroup stays unlimited, a read-only cgroupfs stops the start (125) or
# warns with --cgroup-optional, and bad values are one-line errors. Every run happens in
# this test's own cgroups (below the caller's, removed on exit, even on failure); the
# read-only case remounts only inside a private mount namespace.
. "$(dirname "$0")/lib.sh"

CG=/sys/fs/cgroup
if [ "$(id -u)" != 0 ] || ! unshare --mount true 2>/dev/null || [ ! -w "$CG" ]; then
  skip "cgroup tests" "need root, mount namespaces and a writable $CG"
  done_testing
  exit
fi

# The directories of this test's cgroups: one per v1 controller, or one on cgroup v2.
NAME=hardinit-it-$$-$RANDOM
CG_DIRS=()
if [ "$(stat -f -c %T "$CG")" = cgroup2fs ]; then
  own=$(sed -n 's/^0:://p' /proc/self/cgroup)
  CG_DIRS+=("$CG${own%/}/$NAME")
else
  for c in memory pids cpu; do
    own=$(awk -F: -v c="$c" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) print $3 }' /proc/self/cgroup)
    CG_DIRS+=("$CG/$c${own%/}/$NAME")
  done
fi
cg_cleanup() {
  local d sub
  for d in "${CG_DIRS[@]}"; do
    for sub in app init; do
      [ -d "$d/$sub" ] && { cat "$d/$sub/cgroup.procs" | xargs -r kill -KILL; sleep 0.2; rmdir "$d/$sub"; }
    done
    [ -d "$d" ] && { cat "$d/cgroup.procs" | xargs -r kill -KILL; sleep 0.1; rmdir "$d"; }
  done 2>/dev/null
  t_cleanup
}
trap cg_cleanup EXIT
for d in "${CG_DIRS[@]}"; do
  mkdir "$d" || { not_ok "creating the test cgroup $d"; done_testing; exit; }
done
app_hardinit
PIDS_DIR=${CG_DIRS[0]}
for d in "${CG_DIRS[@]}"; do [[ $d == */pids/* ]] && PIDS_DIR=$d; done

# in_cg COMMAND...: run COMMAND in this test's cgroups (its own stay unlimited)
in_cg() {
  bash -c 'for d in "${@:2:$1}"; do echo $$ >"$d/cgroup.procs" || exit 99; done; shift $(($1 + 1)); exec "$@"' \
    in_cg "${#CG_DIRS[@]}" "${CG_DIRS[@]}" "$@"
}
no_leftovers() {
  local d
  for d in "${CG_DIRS[@]}"; do [ -e "$d/app" ] || [ -e "$d/init" ] && return 1; done
  return 0
}
pyj() { /usr/bin/python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

# --- pids: the fork bomb gets EAGAIN; hardinit reaps every orphan and exits with its status
start=$(date +%s%N)
out=$(in_cg timeout 60 "$HARDINIT" --pids-limit 40 --grace 5s -- "$HELPERS/cgload" forkbomb 2>"$T_DIR/err")
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
check "--pids-limit 40: fork fails with EAGAIN inside the app ($out)" grep -qE '^forked 3[0-9], then EAGAIN$' <<<"$out"
eq "... hardinit reaped the bomb's sleepers and exits with the app's status" "$rc" 3
check "... without waiting for the grace period (${ms} ms)" test "$ms" -lt 5000
eq "... and says nothing" "$(cat "$T_DIR/err")" ""
check "... the app's cgroup is removed afterwards" no_leftovers

# --- memory: an allocator past the limit is OOM-killed: 137 and one line
in_cg "$HARDINIT" --memory 32m -- "$HELPERS/cgload" alloc 256 >"$T_DIR/out" 2>"$T_DIR/err"
rc=$?
eq "--memory 32m: an allocation of 256 MiB is OOM-killed (137)" "$rc" 137
check "... one line says so" grep -qxE "hardinit: cgroup: out of memory: '.*cgload' was killed by the OOM killer \(--memory 33554432 bytes\)" "$T_DIR/err"
eq "... and only that line" "$(wc -l <"$T_DIR/err")" 1
check "... the app's cgroup is removed afterwards" no_leftovers
in_cg "$HARDINIT" --memory 64m -- "$HELPERS/cgload" alloc 16 >"$T_DIR/out" 2>"$T_DIR/err"
eq "--memory 64m: 16 MiB is fine" "$?:$(cat "$T_DIR/out")$(cat "$T_DIR/err")" "0:allocated"

# --- cpu: a busy loop over one second gets about its quota (the VM is shared: slack)
cpu=$(in_cg "$HARDINIT" --cpus 0.1 -- "$HELPERS/cgload" spin 1000)
check "--cpus 0.1: a busy loop gets ~100 ms of CPU in 1 s (${cpu} ms)" test "${cpu:-0}" -ge 30 -a "${cpu:-9999}" -le 250
free=$(in_cg "$HARDINIT" -- "$HELPERS/cgload" spin 1000)
check "... and more without the limit (${free} ms)" test "${free:-0}" -gt "${cpu:-9999}"

# --- hardinit's own cgroup has no limits; the app's has them; inspect reports them
in_cg "$HARDINIT" --pids-limit 20 --memory 64m --cpus 0.5 -- sh -c \
  'cat /proc/$PPID/cgroup >"$1/init-cg"; exec "$2" inspect --json' sh "$T_DIR" "$APP_HARDINIT" >"$T_DIR/j"
eq "inspect: the app's pids limit" "$(pyj "$T_DIR/j" "j['cgroup_limits']['pids_limit']")" 20
eq "inspect: the app's memory limit" "$(pyj "$T_DIR/j" "j['cgroup_limits']['memory']")" 67108864
eq "inspect: the app's CPUs" "$(pyj "$T_DIR/j" "j['cgroup_limits']['cpus']")" 0.5
check "inspect: the app's cgroup is the leaf app" grep -q "/$NAME/app\$" <<<"$(pyj "$T_DIR/j" "j['cgroup_limits']['path']")"
check "hardinit itself is not in app" bash -c "! grep -q '/app\$' '$T_DIR/init-cg' && grep -q '$NAME' '$T_DIR/init-cg'"
eq "hardinit's own cgroup has no pids limit" "$(cat "$PIDS_DIR/pids.max")" max
in_cg "$APP_HARDINIT" inspect --json >"$T_DIR/j"
eq "... nor a memory limit (inspect outside the app)" "$(pyj "$T_DIR/j" "j['cgroup_limits']['memory']")" unlimited
HARDINIT_PIDS_LIMIT=33 in_cg "$HARDINIT" -- "$APP_HARDINIT" inspect --json >"$T_DIR/j"
eq "HARDINIT_PIDS_LIMIT sets the limit" "$(pyj "$T_DIR/j" "j['cgroup_limits']['pids_limit']")" 33

# --- read-only cgroupfs, in a private mount namespace: the documented line, 125, no app
ro_run() {
  rm -f "$T_DIR/ran"
  in_cg unshare --mount bash -c \
    'for m in $(findmnt -rn -o TARGET -R /sys/fs/cgroup); do mount -o remount,bind,ro "$m" || exit 98; done; exec "$@"' \
    ro "$HARDINIT" "$@" -- touch "$T_DIR/ran" >/dev/null 2>"$T_DIR/err"
}
ro_run --memory 64m
rc=$?
eq "read-only cgroupfs: exit 125" "$rc" 125
eq "... with the documented line" "$(cat "$T_DIR/err")" \
  "hardinit: cgroup: /sys/fs/cgroup is read-only; give the container a writable cgroup mount (e.g. a cgroup namespace with rw), or drop --memory"
check "... and the app never started" test ! -e "$T_DIR/ran"
ro_run --memory 64m --cgroup-optional
rc=$?
eq "--cgroup-optional: the app runs" "$rc:$([ -e "$T_DIR/ran" ] && echo ran)" "0:ran"
check "... after one warning" grep -qxE 'hardinit: warning: cgroup: /sys/fs/cgroup is read-only; .*; running without cgroup limits \(--cgroup-optional\)' "$T_DIR/err"
eq "... and only that" "$(wc -l <"$T_DIR/err")" 1
check "the host's cgroup mounts are still writable" bash -c "! findmnt -rn -o OPTIONS -R /sys/fs/cgroup | grep -q '^ro'"

# --- unified mode for real: the host's cgroup2 mounted at /sys/fs/cgroup in a private mount
# namespace. On a hybrid host it offers no memory/pids/cpu controller: one line, 125.
V2=$CG/unified
if [ "$(stat -f -c %T "$V2" 2>/dev/null)" = cgroup2fs ]; then
  V2_DIR=$V2/$NAME-v2
  mkdir "$V2_DIR" && CG_DIRS+=("$V2_DIR") # removed by cg_cleanup
  v2_run() {
    rm -f "$T_DIR/ran"
    bash -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' v2 "$V2_DIR" \
      unshare --mount bash -c 'mount -t cgroup2 none /sys/fs/cgroup && exec "$@"' v2 \
      "$HARDINIT" "$@" >"$T_DIR/out" 2>"$T_DIR/err"
  }
  v2_run -- "$APP_HARDINIT" inspect --json
  eq "unified mode detected (cgroup2 at /sys/fs/cgroup)" "$(pyj "$T_DIR/out" "j['cgroup_limits']['mode']")" unified
  eq "... our cgroup found from the 0:: line" "$(pyj "$T_DIR/out" "j['cgroup_limits']['path']")" "/sys/fs/cgroup/$NAME-v2"
  v2_run --pids-limit 10 -- touch "$T_DIR/ran"
  rc=$?
  if grep -qw pids "$V2_DIR/cgroup.controllers"; then
    eq "unified: --pids-limit works where pids is delegated" "$rc" 0
  else
    eq "unified without the pids controller: exit 125" "$rc:$([ -e "$T_DIR/ran" ] && echo ran)" "125:"
    check "... one line naming the option and the missing controller" grep -qxE \
      "hardinit: --pids-limit: the pids controller is not available in /sys/fs/cgroup/$NAME-v2 \(cgroup.controllers: '[a-z ]*'; the runtime must delegate it\)" "$T_DIR/err"
    check "... and nothing left behind (no init, no app)" test ! -e "$V2_DIR/init" -a ! -e "$V2_DIR/app"
    v2_run --pids-limit 10 --cgroup-optional -- touch "$T_DIR/ran"
    eq "... --cgroup-optional: a warning, and the app runs" "$?:$(wc -l <"$T_DIR/err"):$([ -e "$T_DIR/ran" ] && echo ran)" "0:1:ran"
  fi
fi

# --- bad values: 125, one line naming the option, nothing started, nothing left
rejected() {
  local d=$1; shift
  rm -f "$T_DIR/ran"
  in_cg "$HARDINIT" "$@" -- touch "$T_DIR/ran" 2>"$T_DIR/err" >/dev/null
  local rc=$? lines first
  lines=$(wc -l <"$T_DIR/err")
  first=$(head -1 "$T_DIR/err")
  if [ "$rc" = 125 ] && [ "$lines" = 1 ] && [ ! -e "$T_DIR/ran" ] && [[ $first == hardinit:* ]] && no_leftovers; then
    ok "$d: 125, one line: $first"
  else
    not_ok "$d (rc=$rc, $lines lines, ran=$([ -e "$T_DIR/ran" ] && echo yes || echo no))"
    sed 's/^/#   /' "$T_DIR/err"
  fi
}
rejected "--memory below 6m" --memory 5m
rejected "--memory not a size" --memory lots
rejected "--memory with a fraction" --memory 1.5g
rejected "--memory negative" --memory -1
rejected "--memory-swap below --memory" --memory 64m --memory-swap 32m
rejected "--memory-swap without --memory" --memory-swap 64m
rejected "... even with --cgroup-optional" --memory-swap 64m --cgroup-optional
rejected "--cpus 0" --cpus 0
rejected "--cpus with four decimals" --cpus 0.1234
rejected "--cpus beyond the online CPUs" --cpus 1000
rejected "--cpu-weight 0" --cpu-weight 0
rejected "--cpu-weight 10001" --cpu-weight 10001
rejected "--io-weight word" --io-weight heavy
rejected "--pids-limit 0" --pids-limit 0
rejected "--pids-limit negative" --pids-limit -5
HARDINIT_MEMORY=lots rejected "HARDINIT_MEMORY garbage"
HARDINIT_CPUS=half rejected "HARDINIT_CPUS garbage"
printf '{"pids-limit": 0}' >"$T_DIR/c.json"
rejected "config: pids-limit 0" --config "$T_DIR/c.json"
# Fail closed: a limit the kernel does not offer here stops the start.
if [ -z "$(ls /sys/fs/cgroup/blkio 2>/dev/null | grep -E '^blkio\.(bfq\.)?weight$')" ] && [ -d /sys/fs/cgroup/blkio ]; then
  rejected "--io-weight without an IO scheduler with weights" --io-weight 100
fi

done_testing
