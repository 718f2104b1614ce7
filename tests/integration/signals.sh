#!/bin/bash
# SPDX-License-Identifier: MIT
# Signal forwarding: every catchable signal in both modes, rewrite and drop, process
# group versus child, job control.
. "$(dirname "$0")/lib.sh"

# Every signal but KILL/STOP (uncatchable), CHLD (reaping) and the job-control three.
FORWARDED="1 2 3 4 5 6 7 8 10 11 13 14 15 16 18 23 24 25 26 27 28 29 30 31 34 45 64"

start() { # out-file, hardinit arguments...: start hardinit -- ... in the background
  local out=$1; shift
  "$HARDINIT" "$@" >"$out" 2>"$out.err" &
  H=$!
  T_PIDS+=("$H")
}

state_of() { sed 's/.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null; }

for mode in group child; do
  opt=(); [ "$mode" = child ] && opt=(--single-child)
  start "$T_DIR/out" "${opt[@]}" --grace 1h -- "$HELPERS/sigrecv"
  wait_for "$T_DIR/out" '^ready' || not_ok "$mode: sigrecv did not start"
  missing=""
  for sig in $FORWARDED; do
    : >"$T_DIR/out"
    kill -s "$sig" "$H"
    wait_for "$T_DIR/out" "^$sig\$" 30 || missing="$missing $sig"
  done
  eq "$mode mode: every catchable signal is forwarded" "$missing" ""
  kill -USR2 "$H"
  wait "$H"
  eq "$mode mode: hardinit exits with the command's status" "$?" 0
done

# Rewrite and drop.
start "$T_DIR/out" --rewrite TERM:QUIT -r HUP:0 -r 10:12 -- "$HELPERS/sigrecv"
wait_for "$T_DIR/out" '^ready'
kill -TERM "$H"; wait_for "$T_DIR/out" '^3$' 30
check "--rewrite TERM:QUIT delivers SIGQUIT" grep -qx 3 "$T_DIR/out"
check "... and not SIGTERM" bash -c "! grep -qx 15 '$T_DIR/out'"
kill -HUP "$H"; kill -WINCH "$H"; wait_for "$T_DIR/out" '^28$' 30
check "--rewrite HUP:0 drops SIGHUP" bash -c "! grep -qx 1 '$T_DIR/out'"
kill -USR1 "$H"   # rewritten to USR2: sigrecv exits 0
wait "$H"
eq "--rewrite 10:12 turns SIGUSR1 into the SIGUSR2 that ends sigrecv" "$?" 0

# Group mode reaches the whole process group; child mode the child alone.
for mode in group child; do
  opt=(); [ "$mode" = child ] && opt=(--single-child)
  rm -f "$T_DIR/bg" "$T_DIR/fg"
  start "$T_DIR/log" "${opt[@]}" --grace 300ms -- sh -c \
    "'$HELPERS/sigrecv' -n >'$T_DIR/bg' & exec '$HELPERS/sigrecv' >'$T_DIR/fg'"
  wait_for "$T_DIR/bg" '^ready'; wait_for "$T_DIR/fg" '^ready'
  bgpid=$(awk '/^ready/ {print $2}' "$T_DIR/bg")
  T_PIDS+=("$bgpid")
  kill -USR1 "$H"
  wait_for "$T_DIR/fg" '^10$' 30
  sleep 0.3
  if [ "$mode" = group ]; then
    check "group mode: the whole group gets the signal" grep -qx 10 "$T_DIR/bg"
  else
    check "child mode: only the child gets the signal" bash -c "! grep -qx 10 '$T_DIR/bg'"
  fi
  kill -USR2 "$H"
  wait "$H"
  eq "$mode mode: exit status of the command" "$?" 0
  if [ "$mode" = group ]; then
    check "group mode: the rest of the group gets SIGTERM when the command exits" \
      grep -qx 15 "$T_DIR/bg"
    check "... and SIGKILL after the grace period" wait_gone "$bgpid" 30
  else
    kill -KILL "$bgpid" 2>/dev/null
  fi
done

# Job control (dumb-init's rule): SIGTSTP stops the command's group and hardinit itself.
start "$T_DIR/out" -- "$HELPERS/sigrecv"
wait_for "$T_DIR/out" '^ready'
cpid=$(awk '/^ready/ {print $2}' "$T_DIR/out")
kill -TSTP "$H"
for i in $(seq 50); do [ "$(state_of "$H")$(state_of "$cpid")" = TT ] && break; sleep 0.1; done
eq "SIGTSTP stops the command (as SIGSTOP) and hardinit" "$(state_of "$H")$(state_of "$cpid")" TT
kill -CONT "$H"
wait_for "$T_DIR/out" '^18$' 30
check "SIGCONT wakes hardinit and reaches the command" grep -qx 18 "$T_DIR/out"
kill -USR2 "$H"; wait "$H"

start "$T_DIR/out" --single-child -- "$HELPERS/sigrecv"
wait_for "$T_DIR/out" '^ready'
kill -TSTP "$H"
wait_for "$T_DIR/out" '^20$' 30
check "child mode: SIGTSTP is forwarded as itself" grep -qx 20 "$T_DIR/out"
for i in $(seq 50); do [ "$(state_of "$H")" = T ] && break; sleep 0.1; done
eq "... and hardinit stops itself" "$(state_of "$H")" T
kill -CONT "$H"; kill -USR2 "$H"; wait "$H"

done_testing
