#!/bin/bash
# SPDX-License-Identifier: MIT
# hardinit as the app's seccomp supervisor: --seccomp-report (denied calls still denied,
# and counted) and --seccomp-learn (everything allowed, what was used written as a
# profile), with threads, fork+exec chains, a flood of denied calls, and bad input.
. "$(dirname "$0")/lib.sh"

if ! can_pidns; then
  skip "seccomp notification tests" "need root and PID namespaces"
  done_testing
  exit
fi
# The app, through a wrapper that turns LeakSanitizer off in an ASan build: at exit it
# would ptrace the app, which the default profile denies (the report would count it).
# Both outside /tmp, which --harden covers with a tmpfs (app_hardinit: lib.sh).
app_hardinit
cp "$HELPERS/seccalls" "$T_APPDIR/seccalls.bin"
S=$T_APPDIR/seccalls
printf '#!/bin/sh\nASAN_OPTIONS=detect_leaks=0 exec "%s" "$@"\n' "$T_APPDIR/seccalls.bin" >"$S"
chmod 755 "$S" "$T_APPDIR/seccalls.bin"
ns() { unshare --pid --fork --mount-proc "$HARDINIT" "$@"; }
report() { ns --no-new-privs --seccomp default --seccomp-report "$@"; }

# --- report mode
out=$(report -- "$S" basic 2>"$T_DIR/err")
eq "report: the app still gets the profile's errno (EPERM) and exits 0" "$out:$?" "acct=1:0"
check "... one block names the call, its count and errno" \
  grep -qE '^  acct +3  EPERM +[0-9]+  .*seccalls' "$T_DIR/err"
check "... under a header with the totals" grep -qx 'hardinit: seccomp report: 3 denied calls, 1 syscalls, most frequent first' "$T_DIR/err"

out=$(ns --no-new-privs --seccomp default --seccomp-report=json -- "$S" basic 2>"$T_DIR/err")
eq "report=json: one JSON object: syscall, count, errno, first pid" \
  "$(python3 -c 'import json,sys; r=json.loads(open(sys.argv[1]).read())["seccomp_report"]; s=r["syscalls"][0]
print(r["denied"], s["syscall"], s["count"], s["errno_name"], s["first_pid"] > 0)' "$T_DIR/err")" "3 acct 3 EPERM True"

out=$(report -- "$S" threads 4 2>"$T_DIR/err")
eq "report: a multi-threaded app: every thread's call denied" "$out" "threads acct=1 acct=1 acct=1 acct=1"
check "... and counted (4)" grep -qE '^  acct +4  EPERM' "$T_DIR/err"

out=$(report -- "$S" forkexec 2>"$T_DIR/err")
eq "report: a fork+exec chain is covered (the filter is inherited)" "$out" "parent acct=1
acct=1"
check "... 1 call in the parent and 3 in the exec'd child: 4" grep -qE '^  acct +4  EPERM' "$T_DIR/err"

out=$(report -- "$S" usr1 2>"$T_DIR/err")
eq "report: SIGUSR1 prints the report so far and is not forwarded" "$out:$?" "acct=1
still here:0"
eq "... so the report appears twice (SIGUSR1, exit)" "$(grep -c '^hardinit: seccomp report: 1 denied calls' "$T_DIR/err")" 2

report -- true 2>"$T_DIR/err"
eq "report: no denials is one line" "$(cat "$T_DIR/err")" "hardinit: seccomp report: no denied calls"

eq "report: the listener does not leak into the app" "$(report -- "$S" fds 2>/dev/null)" "listeners=0"

printf '%s\n' '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
  {"names": ["uname"], "action": "SCMP_ACT_KILL_PROCESS"},
  {"names": ["acct"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}' >"$T_DIR/kill.json"
out=$(ns --no-new-privs --seccomp "$T_DIR/kill.json" --seccomp-report -- "$S" basic 2>"$T_DIR/err")
eq "report: KILL rules stay KILL (uname kills: 128+SIGSYS)" "$?" 159
printf '%s\n' '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
  {"names": ["acct"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}' >"$T_DIR/eacces.json"
out=$(ns --no-new-privs --seccomp "$T_DIR/eacces.json" --seccomp-report -- "$S" basic 2>"$T_DIR/err")
eq "report: the answer is the profile's own errno (errnoRet 13)" "$out" "acct=13"
check "... and the report says EACCES" grep -qE '^  acct +3  EACCES' "$T_DIR/err"

# A flood of denied calls must not stall signal forwarding: SIGTERM to hardinit during
# 100,000 routed calls reaches the app within 100 ms.
unshare --pid --fork --mount-proc "$HARDINIT" --no-new-privs --seccomp default --seccomp-report -- \
  "$S" flood 100000 "$T_DIR/term" >"$T_DIR/flood.out" 2>"$T_DIR/flood.err" &
T_PIDS+=($!)
flood=$!
init=$(child_of "$flood")
sleep 0.5
t0=$(python3 -c 'import os, signal, sys, time
t = time.monotonic_ns(); os.kill(int(sys.argv[1]), signal.SIGTERM); print(t)' "$init")
wait "$flood"
rc=$?
if [ -s "$T_DIR/term" ] && ! grep -q "flood done" "$T_DIR/flood.out"; then
  ms=$(( ($(cat "$T_DIR/term") - t0) / 1000000 ))
  check "flood: SIGTERM during 100,000 denied calls reached the app in ${ms} ms (< 100)" test "$ms" -lt 100
  eq "... the app's exit status comes back" "$rc" 0
  check "... and the report counts the calls made until then" grep -qE '^  acct +[0-9]{3,}  EPERM' "$T_DIR/flood.err"
else
  not_ok "flood: the app did not get SIGTERM during the flood (done: $(cat "$T_DIR/flood.out"))"
fi

# --- learn mode
L=$T_DIR/learned.json
out=$(ns --seccomp-learn "$L" -- "$S" basic 2>"$T_DIR/err")
eq "learn: the app runs with everything allowed (acct as root: 0)" "$out:$?" "acct=0:0"
check "learn: the file is a profile hardinit accepts" "$HARDINIT" profile check "$L"
names() { python3 -c 'import json,sys; print(" ".join(sorted(json.load(open(sys.argv[1]))["syscalls"][0]["names"])))' "$1"; }
check "... naming what the app used (acct, uname, execve, exit_group)" \
  bash -c "names=' $(names "$L") '; [[ \$names == *' acct '* && \$names == *' uname '* && \$names == *' execve '* && \$names == *' exit_group '* ]]"
check "... and not what it did not use (mount, sysinfo)" \
  bash -c "names=' $(names "$L") '; [[ \$names != *' mount '* && \$names != *' sysinfo '* ]]"
eq "learn: the same program runs cleanly under the learned profile" \
  "$(ns --no-new-privs --seccomp "$L" -- "$S" basic 2>&1):$?" "acct=0:0"
eq "learn: a syscall outside the learned set gets EPERM" \
  "$(ns --no-new-privs --seccomp "$L" -- "$S" other 2>&1)" "acct=0
sysinfo=1"
ns --seccomp-learn "$L" -- "$S" other >/dev/null 2>&1
eq "learn: learning again with the same file adds to it: now sysinfo runs too" \
  "$(ns --no-new-privs --seccomp "$L" -- "$S" other 2>&1)" "acct=0
sysinfo=0"
check "... and what the first program used is still there" \
  bash -c "[[ ' $(names "$L") ' == *' uname '* ]]"

ns --seccomp-learn "$T_DIR/threads.json" -- "$S" threads 4 >/dev/null 2>&1 &&
  ns --seccomp-learn "$T_DIR/threads.json" -- "$S" forkexec >/dev/null 2>&1
eq "learn: a multi-threaded app and a fork+exec chain, learned into one file, run cleanly" \
  "$(ns --no-new-privs --seccomp "$T_DIR/threads.json" -- "$S" threads 4 2>&1)
$(ns --no-new-privs --seccomp "$T_DIR/threads.json" -- "$S" forkexec 2>&1)" \
  "threads acct=0 acct=0 acct=0 acct=0
parent acct=0
acct=0"
"$HARDINIT" profile diff "$L" default >"$T_DIR/diff"
eq "profile diff: a learned profile against the default differs (exit 1)" "$?" 1
check "... listing acct: allowed in the learned one, EPERM in the default" \
  grep -qE '^acct +ALLOW +ERRNO\(EPERM\)$' "$T_DIR/diff"
eq "profile diff: a profile against itself: exit 0" \
  "$("$HARDINIT" profile diff default default >/dev/null; echo $?)" 0

# --- under --harden (a read-only root, no capabilities, another user)
if unshare --mount true 2>/dev/null; then
  hns() { unshare --mount --pid --fork --mount-proc "$HARDINIT" "$@"; }
  out=$(hns --harden --user 65534 --seccomp-report -- "$S" basic 2>"$T_DIR/err")
  eq "report under --harden --user 65534 (the default profile)" "$out:$?" "acct=1:0"
  check "... names the executable (hardinit keeps only CAP_KILL: from its argv[0])" \
    grep -qE '^  acct +3  EPERM +[0-9]+  .*seccalls(\.bin)?$' "$T_DIR/err"
  rm -f "$T_DIR/ran"
  hns --harden --seccomp-learn /var/tmp/hardinit-learned-$$.json -- touch /tmp/x >/dev/null 2>"$T_DIR/err"
  eq "learn under --harden into the read-only root: 125 at the start, saying why" \
    "$?:$(cat "$T_DIR/err")" \
    "125:hardinit: seccomp: --seccomp-learn: cannot write /var/tmp/hardinit-learned-$$.json.tmp: Read-only file system"
else
  skip "report and learn under --harden" "no mount namespaces"
fi

# --- bad input: 125 and one line; the app never runs
marker=$T_DIR/ran
bad() { # description, expected message fragment, hardinit options...
  local d=$1 want=$2
  shift 2
  rm -f "$marker"
  ns "$@" -- touch "$marker" 2>"$T_DIR/err"
  local rc=$?
  if [ "$rc" = 125 ] && [ ! -e "$marker" ] && [ "$(wc -l <"$T_DIR/err")" = 1 ] &&
     grep -qF -- "$want" "$T_DIR/err"; then
    ok "$d: $(cat "$T_DIR/err")"
  else
    not_ok "$d (rc=$rc): want '$want', got: $(cat "$T_DIR/err")"
  fi
}
bad "report without a profile" "--seccomp-report needs a profile" --seccomp-report
bad "report with an unknown format" "expected text or json" --seccomp default --seccomp-report=xml
bad "report and audit mode" "give one" --no-new-privs --seccomp default --seccomp-report --seccomp-log
bad "learn with a profile" "drop --seccomp" --seccomp default --seccomp-learn "$T_DIR/x.json"
printf '%s\n' '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
  {"names": ["sendmsg"], "action": "SCMP_ACT_ERRNO"}]}' >"$T_DIR/nosend.json"
bad "report with a profile that denies sendmsg" "denies sendmsg" --no-new-privs --seccomp "$T_DIR/nosend.json" --seccomp-report
MOBY=${MOBY_PROFILE:-$(dirname "$0")/../../../shared/data/moby-default-seccomp.json}
if [ -f "$MOBY" ]; then
  cp "$MOBY" "$T_DIR/moby.json"
  bad "learn into a profile that is not a learned one" "is not a plain list of names" --seccomp-learn "$T_DIR/moby.json"
else
  skip "learn into docker's profile" "$MOBY not found (../shared/data)"
fi
printf '{"syscalls": [' >"$T_DIR/broken.json"
bad "learn into a broken file" "--seccomp-learn: $T_DIR/broken.json:1:" --seccomp-learn "$T_DIR/broken.json"

done_testing
