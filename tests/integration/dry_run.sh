#!/bin/bash
# SPDX-License-Identifier: MIT
# --dry-run: every check of a start (profile, user, command, mounts, cgroup, learn file)
# with nothing started and nothing left changed; the plan on stdout; 0 or 125.
. "$(dirname "$0")/lib.sh"

marker=$T_DIR/ran
out=$("$HARDINIT" --dry-run -- touch "$marker")
eq "a plain dry run: exit 0, nothing started" "$?:$([ -e "$marker" ] && echo ran)" "0:"
check "... the plan names the command as PATH finds it" grep -qx "  command      $(command -v touch) $marker" <<<"$out"
check "... and says nothing was started" grep -qx "hardinit: dry run: everything checked, nothing started" <<<"$out"
eq "HARDINIT_DRY_RUN=1 does the same" "$(HARDINIT_DRY_RUN=1 "$HARDINIT" -- touch "$marker" >/dev/null; echo $?)$([ -e "$marker" ] && echo ran)" 0

bad() { # description, message fragment, options...
  local d=$1 want=$2
  shift 2
  "$HARDINIT" --dry-run "$@" -- touch "$marker" >"$T_DIR/out" 2>"$T_DIR/err"
  local rc=$?
  if [ "$rc" = 125 ] && [ ! -e "$marker" ] && [ ! -s "$T_DIR/out" ] && [ "$(wc -l <"$T_DIR/err")" = 1 ] &&
     grep -qF -- "$want" "$T_DIR/err"; then
    ok "$d: $(cat "$T_DIR/err")"
  else
    not_ok "$d (rc=$rc): want '$want', got: $(cat "$T_DIR/err")"
  fi
}
bad "a profile that does not parse" "seccomp: /etc/hostname:1:" --seccomp /etc/hostname
bad "an unknown user" "no-such-user-xyz" --user no-such-user-xyz
"$HARDINIT" --dry-run -- /no/such/command >/dev/null 2>"$T_DIR/err"
eq "a command that is not there: 125" "$?:$(cat "$T_DIR/err")" "125:hardinit: exec: /no/such/command: No such file or directory"
bad "contradicting cgroup options" "memory-swap" --memory 64m --memory-swap 32m

if ! can_pidns || ! unshare --mount true 2>/dev/null; then
  skip "dry runs with mounts and cgroups" "need root, mount and PID namespaces"
  done_testing
  exit
fi
ns() { unshare --mount --pid --fork --mount-proc "$@"; }
bad "mounts on the host's own mount namespace are refused (as a start would)" "refusing to change the host's mounts" --harden

out=$(ns sh -c '"$1" --dry-run --harden --user 65534 --rlimit nofile=64 -- true &&
  findmnt -n -o OPTIONS / | grep -qw rw && ! findmnt -n /tmp -t tmpfs >/dev/null && echo unchanged' sh "$HARDINIT")
eq "--harden dry run: exit 0, and / is still writable, no tmpfs on /tmp" "$(tail -1 <<<"$out")" unchanged
check "... the plan: the user, no capabilities, the mounts, the built-in profile" bash -c '
  grep -qx "  user         uid 65534 gid 65534 groups 65534" <<<"$1" &&
  grep -qx "  bounding     (none)" <<<"$1" && grep -qx "  no_new_privs yes" <<<"$1" &&
  grep -qx "  rlimits      nofile=64:64" <<<"$1" &&
  grep -q "^  mounts       tmpfs /tmp (67108864 bytes,noexec,nosuid,nodev); / read-only$" <<<"$1" &&
  grep -qE "^  seccomp      default \([0-9]+ BPF instructions\)$" <<<"$1"' sh "$out"

# cgroups: the same set-up as a start, removed again; in a cgroup of the test's own
v1=/sys/fs/cgroup/pids
if [ -w "$v1" ] && [ -e /sys/fs/cgroup/memory ]; then
  cg=hardinit-dry-$$
  mkdir "$v1/$cg" "/sys/fs/cgroup/memory/$cg"
  out=$(sh -c 'echo $$ >"$2/$3/cgroup.procs"; echo $$ >"/sys/fs/cgroup/memory/$3/cgroup.procs"
    exec unshare --mount --pid --fork --mount-proc "$1" --dry-run --memory 64m --pids-limit 20 -- true' sh "$HARDINIT" "$v1" "$cg")
  eq "cgroup limits: the dry run exits 0" "$?" 0
  check "... names the app's cgroup it created and removed" grep -q "^  cgroup       /sys/fs/cgroup/.*/$cg/app.* (created with the limits, then removed)$" <<<"$out"
  check "... and left nothing behind" bash -c "[ ! -e '$v1/$cg/app' ] && [ ! -e '/sys/fs/cgroup/memory/$cg/app' ]"
  sleep 0.1
  rmdir "$v1/$cg" "/sys/fs/cgroup/memory/$cg"
else
  skip "dry run with cgroup limits" "no writable v1 pids and memory hierarchies"
fi
out=$(ns sh -c 'mount -o remount,ro,bind /var/tmp 2>/dev/null || mount -t tmpfs -o ro none /var/tmp
  "$1" --dry-run --seccomp-learn /var/tmp/learned.json -- true' sh "$HARDINIT" 2>&1)
eq "a learn file that cannot be written: 125 before anything runs" "$?" 125
check "... saying so" grep -q "seccomp-learn: cannot write /var/tmp/learned.json.tmp: Read-only file system" <<<"$out"

done_testing
