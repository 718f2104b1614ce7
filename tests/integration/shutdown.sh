#!/bin/bash
# SPDX-License-Identifier: MIT
# Shutdown: the grace period between SIGTERM and SIGKILL, both when a stop signal comes
# and when the command exits leaving others behind; PID 1 stops the whole namespace.
. "$(dirname "$0")/lib.sh"

# A command that ignores SIGTERM is SIGKILLed after the grace period, not before.
"$HARDINIT" --grace 2s -- "$HELPERS/sigrecv" -i >"$T_DIR/out" &
h=$!
wait_for "$T_DIR/out" '^ready'
start=$(date +%s%N)
kill -TERM "$h"
sleep 1
check "1s into a 2s grace period the command still runs" kill -0 "$h"
wait "$h"
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
eq "after the grace period it is SIGKILLed: 137" "$rc" 137
check "... not before 2s (took ${ms}ms)" test "$ms" -ge 1950
check "... and not much after (took ${ms}ms, limit 6000ms)" test "$ms" -lt 6000

# A command that exits on SIGTERM: no waiting.
"$HARDINIT" --grace 30s -- "$HELPERS/sigrecv" >"$T_DIR/out" &
h=$!
wait_for "$T_DIR/out" '^ready'
kill -USR2 "$h"
wait "$h"
eq "a command that exits is not waited for" "$?" 0

# HUP is not a stop signal: it starts no clock.
"$HARDINIT" --grace 300ms -- "$HELPERS/sigrecv" >"$T_DIR/out" &
h=$!
wait_for "$T_DIR/out" '^ready'
kill -HUP "$h"
sleep 1
check "SIGHUP starts no grace period" kill -0 "$h"
kill -USR2 "$h"; wait "$h"

# The command exits; a leftover that ignores SIGTERM is killed after the grace period.
"$HARDINIT" --grace 1s -- sh -c "'$HELPERS/sigrecv' -i >'$T_DIR/left' & sleep 0.3" &
h=$!
wait_for "$T_DIR/left" '^ready'
left=$(awk '/^ready/ {print $2}' "$T_DIR/left")
T_PIDS+=("$left")
wait "$h"
eq "exit status is the command's, after the leftover is killed" "$?" 0
check "the leftover is gone" bash -c "! kill -0 $left 2>/dev/null"

if can_pidns; then
  # As PID 1: SIGTERM from outside, forwarded; everything in the namespace stops.
  unshare --pid --fork --mount-proc "$HARDINIT" --grace 1s -- sh -c \
    "'$HELPERS/sigrecv' -i >'$T_DIR/bg' & exec '$HELPERS/sigrecv' >'$T_DIR/fg'" &
  u=$!
  wait_for "$T_DIR/fg" '^ready'; wait_for "$T_DIR/bg" '^ready'
  init=$(child_of "$u")
  eq "hardinit is PID 1 in the namespace" "$(awk '/^NSpid/ {print $3}' "/proc/$init/status")" 1
  kill -TERM "$init"
  wait_for "$T_DIR/fg" '^15$' 30
  check "PID 1 forwards SIGTERM to the command" grep -qx 15 "$T_DIR/fg"
  wait "$u"
  check "PID 1 exits once the command and the TERM-ignoring rest are gone" \
    test -z "$(ps -o pid= --ppid "$init" 2>/dev/null)"

  # Leftovers outside the command's group are stopped too: PID 1 signals everything.
  unshare --pid --fork --mount-proc "$HARDINIT" --grace 500ms -- sh -c \
    "setsid '$HELPERS/sigrecv' -i '$T_DIR/other' >'$T_DIR/other' & sleep 0.5" &
  u=$!
  wait_for "$T_DIR/other" '^ready'
  wait "$u"
  eq "PID 1: exit status of the command" "$?" 0
  check "PID 1: a leftover in another session was killed" \
    bash -c "! pgrep -f '[s]igrecv -i $T_DIR/other' >/dev/null"

  # Exit status through the namespace: the command's.
  unshare --pid --fork --mount-proc "$HARDINIT" -- sh -c 'exit 9'
  eq "PID 1 exits with the command's status" "$?" 9
else
  for t in "PID 1 forwards SIGTERM" "PID 1 stops the rest" "PID 1 exit status"; do
    skip "$t" "needs root and PID namespaces"
  done
fi

# --pdeathsig: hardinit gets the signal when its parent dies, and forwards it.
sh -c "'$HARDINIT' --pdeathsig USR1 -- '$HELPERS/sigrecv' >'$T_DIR/pd' & echo \$! >'$T_DIR/pdpid'; sleep 0.5" &
wait $!
wait_for "$T_DIR/pd" '^10$' 30
check "--pdeathsig USR1: the parent's death reaches the command as SIGUSR1" grep -qx 10 "$T_DIR/pd"
kill -USR2 "$(cat "$T_DIR/pdpid")" 2>/dev/null

done_testing
