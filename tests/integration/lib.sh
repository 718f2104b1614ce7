# SPDX-License-Identifier: MIT
# lib.sh - a small TAP library for the integration tests, which drive the real binary.
#
# Environment (set by meson): HARDINIT = the binary, HELPERS = the helpers' build dir.
# HARDINIT_STRICT_SKIPS=1 (set in CI) turns every skip into a failure.
set -u

: "${HARDINIT:?HARDINIT must name the binary under test}"
: "${HELPERS:?HELPERS must name the directory of the test helpers}"
unset HARDINIT_GRACE HARDINIT_SINGLE_CHILD HARDINIT_REWRITE HARDINIT_REMAP_EXIT \
  HARDINIT_SUBREAPER HARDINIT_VERBOSE HARDINIT_LOG_FORMAT HARDINIT_PDEATHSIG HARDINIT_CONFIG

T_NUM=0
T_FAILED=0
T_DIR=$(mktemp -d /tmp/hardinit-it.XXXXXX)
T_PIDS=()
T_APPDIR=""
t_cleanup() {
  local p
  for p in "${T_PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done
  rm -rf "$T_DIR" ${T_APPDIR:+"$T_APPDIR"}
}
trap t_cleanup EXIT

# A copy of hardinit for the app side, outside /tmp: tests mount tmpfs over /tmp (as
# --harden does), and the build tree may well be under it. Sets APP_HARDINIT.
app_hardinit() {
  T_APPDIR=$(mktemp -d /var/tmp/hardinit-app.XXXXXX)
  cp "$HARDINIT" "$T_APPDIR/hardinit" && chmod 755 "$T_APPDIR" "$T_APPDIR/hardinit"
  APP_HARDINIT="$T_APPDIR/hardinit"
}

ok() { T_NUM=$((T_NUM + 1)); echo "ok $T_NUM - $*"; }
not_ok() { T_NUM=$((T_NUM + 1)); T_FAILED=$((T_FAILED + 1)); echo "not ok $T_NUM - $*"; }
# check DESCRIPTION COMMAND...: ok when the command succeeds
check() { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
# eq DESCRIPTION GOT WANT
eq() {
  if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1"; echo "#   got:  '$2'"; echo "#   want: '$3'"; fi
}
skip() {
  T_NUM=$((T_NUM + 1))
  if [ "${HARDINIT_STRICT_SKIPS:-0}" = 1 ]; then
    T_FAILED=$((T_FAILED + 1)); echo "not ok $T_NUM - $1 # skipped in strict mode: $2"
  else
    echo "ok $T_NUM - $1 # SKIP $2"
  fi
}
done_testing() { echo "1..$T_NUM"; [ "$T_FAILED" = 0 ]; }

# Is this root with PID namespaces? Decided by trying, not by guessing.
can_pidns() { [ "$(id -u)" = 0 ] && unshare --pid --fork --mount-proc true 2>/dev/null; }

# wait_for FILE PATTERN [TENTHS]: wait until FILE has a line matching PATTERN.
wait_for() {
  local i
  for ((i = 0; i < ${3:-100}; i++)); do
    grep -qE -- "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# wait_exit PID [TENTHS]: wait until PID is gone (it is not our child).
wait_gone() {
  local i
  for ((i = 0; i < ${2:-100}; i++)); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}

# The pid of the only child of PID (for unshare --fork, whose child is our PID 1).
child_of() {
  local i c
  for ((i = 0; i < 50; i++)); do
    c=$(ps -o pid= --ppid "$1" | head -1 | tr -d ' ')
    [ -n "$c" ] && { echo "$c"; return 0; }
    sleep 0.1
  done
  return 1
}
