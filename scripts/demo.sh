#!/bin/bash
# SPDX-License-Identifier: MIT
# demo.sh - set everything up, build, and show hardinit's main job: PID 1 of a command
# in a fresh PID namespace, forwarding SIGTERM, reaping orphans, exiting with the
# command's status.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null
HI=$PWD/build/hardinit
echo "built $HI ($(./build/hardinit --version))"
echo

APP='echo "app: I am pid $$, my parent is pid $PPID"
for i in 1 2 3; do (sleep 0.1 &) ; done
sleep 0.5
echo "app: left 3 orphans behind; they exited; zombies left: $(grep -l "^State:.*Z" /proc/[0-9]*/status 2>/dev/null | wc -l)"
trap "echo app: got SIGTERM, exiting 143; exit 143" TERM
echo "app: waiting for SIGTERM"
while :; do sleep 0.1 || true; done'

if [ "$(id -u)" = 0 ] && unshare --pid --fork --mount-proc true 2>/dev/null; then
  echo "\$ unshare --pid --fork --mount-proc hardinit -v -- sh -c '...'   (SIGTERM after 1s)"
  unshare --pid --fork --mount-proc "$HI" -v -- sh -c "$APP" 2>&1 &
  u=$!
  sleep 1.5
  init=$(ps -o pid= --ppid "$u" | tr -d ' ')
  echo "demo: sending SIGTERM to hardinit (PID 1 inside, pid $init outside)"
  kill -TERM "$init"
  set +e
  wait "$u"
  rc=$?
else
  echo "(not root: running hardinit as a child subreaper instead of PID 1)"
  "$HI" -v -- sh -c "$APP" 2>&1 &
  h=$!
  sleep 1.5
  kill -TERM "$h"
  set +e
  wait "$h"
  rc=$?
fi
echo "demo: hardinit exited with status $rc (the app's 143 = 128+SIGTERM)"
