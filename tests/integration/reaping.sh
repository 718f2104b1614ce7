#!/bin/bash
# SPDX-License-Identifier: MIT
# Zombie reaping: as PID 1 of a fresh PID namespace (10,000 orphans leave none behind),
# and as a child subreaper when not PID 1.
. "$(dirname "$0")/lib.sh"

if can_pidns; then
  out=$(unshare --pid --fork --mount-proc "$HARDINIT" -- "$HELPERS/orphans" 10000 120)
  rc=$?
  eq "PID 1: 10,000 orphans, zero zombies left ($out)" "$rc/${out%% elapsed*}" "0/zombies 0"
  out=$(unshare --pid --fork --mount-proc "$HARDINIT" --single-child -- "$HELPERS/orphans" 200 60)
  eq "PID 1 in child mode reaps as well" "${out%% elapsed*}" "zombies 0"
else
  skip "PID 1 reaping of 10,000 orphans" "needs root and PID namespaces"
  skip "PID 1 in child mode reaps as well" "needs root and PID namespaces"
fi

# Not PID 1: hardinit becomes a subreaper by default; the orphans come to it.
# A process that sleeps and whose parent exits would be re-parented to hardinit.
"$HARDINIT" -v -- sh -c 'sleep 0.5 & exit 0' 2>"$T_DIR/err" &
h=$!
wait "$h"
check "subreaper by default when not PID 1" grep -q "registered as a child subreaper" "$T_DIR/err"

"$HARDINIT" -- sh -c "(sleep 30 & echo \$! >'$T_DIR/orphan'); exec sleep 1.5" &
h=$!
sleep 0.3
orphan=$(cat "$T_DIR/orphan")
sleep 0.6
eq "the orphan is re-parented to hardinit" \
  "$(ps -o ppid= -p "$orphan" 2>/dev/null | tr -d ' ')" "$h"
wait "$h"
eq "hardinit exits once the orphan is gone (SIGTERM)" "$?" 0
check "... and the orphan is gone, reaped" bash -c "! kill -0 $orphan 2>/dev/null"

"$HARDINIT" --no-subreaper -- sh -c "(sleep 30 & echo \$! >'$T_DIR/orphan'); exec sleep 0.3" &
h=$!
wait "$h"
orphan=$(cat "$T_DIR/orphan")
check "--no-subreaper: the orphan is not ours" \
  bash -c "[ \"\$(ps -o ppid= -p $orphan | tr -d ' ')\" != $h ]"
kill "$orphan" 2>/dev/null

done_testing
