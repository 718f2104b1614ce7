#!/bin/bash
# SPDX-License-Identifier: MIT
# Hardening I, seen from inside the app: capabilities, no_new_privs, user switch, rlimits,
# read-only root, tmpfs; and every step failing for real stops the start (125, one line,
# the app never runs). Everything runs as root in fresh mount+PID namespaces: nothing
# here touches the host's mounts.
. "$(dirname "$0")/lib.sh"

if ! can_pidns || ! unshare --mount true 2>/dev/null; then
  skip "hardening tests" "need root, mount and PID namespaces"
  done_testing
  exit
fi

app_hardinit
APP_INSPECT=$APP_HARDINIT

# ns ARGS...: run hardinit in fresh mount and PID namespaces (it is PID 1 there).
ns() { unshare --mount --pid --fork --mount-proc "$HARDINIT" "$@"; }
# pyj FILE EXPR: evaluate a Python expression over the JSON in FILE (as j)
pyj() { /usr/bin/python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
inspect() { ns "$@" -- "$APP_INSPECT" inspect --json >"$T_DIR/j" 2>"$T_DIR/err"; }
caps() { pyj "$T_DIR/j" "' '.join(j['capabilities']['$1'])"; }

# --- capabilities
inspect --cap-drop ALL
eq "--cap-drop ALL: no effective caps" "$(caps effective)" ""
eq "--cap-drop ALL: no bounding set" "$(caps bounding)" ""
inspect --cap-drop ALL --cap-add net_bind_service,CAP_KILL
eq "--cap-add after ALL: effective" "$(caps effective)" "CAP_KILL CAP_NET_BIND_SERVICE"
eq "... permitted" "$(caps permitted)" "CAP_KILL CAP_NET_BIND_SERVICE"
eq "... bounding" "$(caps bounding)" "CAP_KILL CAP_NET_BIND_SERVICE"
eq "... no ambient caps for root" "$(caps ambient)" ""
inspect --cap-drop CHOWN,mknod
check "--cap-drop CHOWN,mknod: those two are gone" bash -c "! grep -qE 'CAP_CHOWN|CAP_MKNOD' <<<'$(caps bounding)'"
check "... and the rest is kept" grep -q CAP_SYS_ADMIN <<<"$(caps effective)"
inspect --user 65534 --cap-drop ALL --cap-add NET_BIND_SERVICE
eq "non-root app: the added cap is ambient" "$(caps ambient)" "CAP_NET_BIND_SERVICE"
eq "... and effective after execve" "$(caps effective)" "CAP_NET_BIND_SERVICE"
inspect --user 65534
eq "non-root app without --cap-add: no effective caps" "$(caps effective)" ""

# A non-root server binds port 80 with NET_BIND_SERVICE, and cannot without it.
bind80='import socket; s = socket.socket(); s.bind(("0.0.0.0", 80)); print("bound")'
out=$(unshare --net --mount --pid --fork --mount-proc "$HARDINIT" --user 65534 --cap-drop ALL \
  --cap-add NET_BIND_SERVICE -- /usr/bin/python3 -c "$bind80" 2>&1)
eq "non-root with NET_BIND_SERVICE binds port 80" "$out" "bound"
out=$(unshare --net --mount --pid --fork --mount-proc "$HARDINIT" --user 65534 --cap-drop ALL \
  -- /usr/bin/python3 -c "$bind80" 2>&1)
check "non-root without it cannot (EACCES)" grep -q "Permission denied" <<<"$out"

# --- no_new_privs: a setuid-root helper cannot gain root.
cp "$HELPERS/showid" "$T_DIR/showid" && chown root:root "$T_DIR/showid" && chmod 4755 "$T_DIR/showid"
chmod 755 "$T_DIR"
eq "without --no-new-privs a setuid-root helper gains euid 0" \
  "$(ns --user 65534 -- "$T_DIR/showid")" "uid=65534 euid=0"
eq "with --no-new-privs it does not" \
  "$(ns --user 65534 --no-new-privs -- "$T_DIR/showid")" "uid=65534 euid=65534"
inspect --no-new-privs
eq "inspect sees no_new_privs" "$(pyj "$T_DIR/j" "j['no_new_privs']")" "True"

# --- user switch, names from the image's /etc/passwd and /etc/group (bind-mounted here)
printf 'root:x:0:0:root:/root:/bin/sh\nalice:x:1234:1234:Alice:/home/alice:/bin/sh\nbroken line\n' >"$T_DIR/passwd"
printf 'root:x:0:\nalice:x:1234:\nstaff:x:50:bob,alice\nvideo:x:44:alice\nother:x:99:bob\n' >"$T_DIR/group"
with_etc() {
  unshare --mount --pid --fork --mount-proc sh -c \
    'mount --bind "$1" /etc/passwd && mount --bind "$2" /etc/group && shift 2 && exec "$@"' \
    sh "$T_DIR/passwd" "$T_DIR/group" "$@"
}
with_etc "$HARDINIT" --user alice -- "$APP_INSPECT" inspect --json >"$T_DIR/j"
eq "--user alice: uid from /etc/passwd" "$(pyj "$T_DIR/j" "j['uid']")" "[1234, 1234, 1234, 1234]"
eq "... gid" "$(pyj "$T_DIR/j" "j['gid'][0]")" "1234"
eq "... supplementary groups from /etc/group" "$(pyj "$T_DIR/j" "sorted(j['groups'])")" "[44, 50, 1234]"
eq "--user alice:staff: the group by name" \
  "$(with_etc "$HARDINIT" --user alice:staff -- sh -c 'id -g')" "50"
eq "HOME is set from /etc/passwd when unset" \
  "$(with_etc env -u HOME "$HARDINIT" --user alice -- sh -c 'echo $HOME')" "/home/alice"
eq "... and kept when the image set it" \
  "$(with_etc env HOME=/data "$HARDINIT" --user alice -- sh -c 'echo $HOME')" "/data"
eq "a bare uid without a passwd entry: gid 0, HOME=/" \
  "$(with_etc env -u HOME "$HARDINIT" --user 4242 -- sh -c 'echo $(id -u):$(id -g):$HOME')" "4242:0:/"

# --- rlimits
inspect --rlimit nofile=100:200 --rlimit core=0 --rlimit "fsize=unlimited"
eq "--rlimit nofile=100:200 is seen by the app" \
  "$(pyj "$T_DIR/j" "j['rlimits']['nofile']")" "{'soft': 100, 'hard': 200}"
eq "--rlimit core=0" "$(pyj "$T_DIR/j" "j['rlimits']['core']")" "{'soft': 0, 'hard': 0}"
eq "--rlimit fsize=unlimited" "$(pyj "$T_DIR/j" "j['rlimits']['fsize']['soft']")" "unlimited"

# --- read-only root and tmpfs
out=$(ns --read-only --tmpfs /tmp:size=1m -- sh -c '
  touch /hardinit-ro-test 2>&1 | grep -o "Read-only file system"
  echo ok >/tmp/f && cat /tmp/f
  cp /bin/true /tmp/t && /tmp/t 2>&1 | grep -o "Permission denied"
  dd if=/dev/zero of=/tmp/big bs=64k count=32 2>&1 | grep -o "No space left on device"')
eq "read-only /: EROFS; /tmp writable; noexec by default; size=1m enforced" "$out" \
  "Read-only file system
ok
Permission denied
No space left on device"
eq "exec on a tmpfs mounted with exec" \
  "$(ns --tmpfs "$T_DIR/x:exec" -- sh -c "cp /bin/true '$T_DIR/x/t' && '$T_DIR/x/t' && echo ran")" "ran"
inspect --read-only --tmpfs /tmp:size=2m,mode=750 --tmpfs "$T_DIR/new/dir:uid=65534"
eq "inspect: root read-only" "$(pyj "$T_DIR/j" "j['root_read_only']")" "True"
check "inspect: the tmpfs mounts with their options" /usr/bin/python3 -c '
import json, sys
m = {t["path"]: t["options"] for t in json.load(open(sys.argv[1]))["tmpfs"]}
assert "size=2048k" in m["/tmp"] and "noexec" in m["/tmp"] and "mode=750" in m["/tmp"], m
assert "uid=65534" in m[sys.argv[2]], m' "$T_DIR/j" "$T_DIR/new/dir"
ns --tmpfs "$T_DIR/made/here" -- true
check "a missing mount point is created" test -d "$T_DIR/made/here"
check "the host's / is still writable" test -w /
check "... and the host has no tmpfs of ours" bash -c "! grep -q ' $T_DIR/new/dir ' /proc/self/mountinfo"

# A volume (a bind mount already present) keeps its own flags under --read-only.
mkdir -p "$T_DIR/vol"
out=$(unshare --mount --pid --fork --mount-proc sh -c \
  'mount --bind "$1" "$1" && exec "$2" --read-only -- sh -c "touch \"$1/x\" && echo volume-writable; touch /hardinit-ro-test 2>/dev/null || echo root-read-only"' \
  sh "$T_DIR/vol" "$HARDINIT")
eq "--read-only: a volume stays writable, / does not" "$out" "volume-writable
root-read-only"

# --- --harden
inspect --harden
eq "--harden: no caps" "$(caps effective)/$(caps bounding)" "/"
eq "--harden: no_new_privs, read-only" \
  "$(pyj "$T_DIR/j" "(j['no_new_privs'], j['root_read_only'])")" "(True, True)"
check "--harden: /tmp is a 64m noexec tmpfs" /usr/bin/python3 -c '
import json, sys
m = {t["path"]: t["options"] for t in json.load(open(sys.argv[1]))["tmpfs"]}
assert "size=65536k" in m["/tmp"] and "noexec" in m["/tmp"] and "nosuid" in m["/tmp"], m' "$T_DIR/j"
inspect --harden --cap-add NET_BIND_SERVICE --tmpfs /tmp:size=1m
eq "--harden refined: one cap back" "$(caps effective)" "CAP_NET_BIND_SERVICE"
check "--harden refined: /tmp replaced" grep -q 'size=1024k' <<<"$(pyj "$T_DIR/j" "j['tmpfs']")"
HARDINIT_READ_ONLY=false inspect --harden
eq "--harden with HARDINIT_READ_ONLY=false keeps / writable" \
  "$(pyj "$T_DIR/j" "j['root_read_only']")" "False"

# --- PID 1 keeps only CAP_KILL and sets no_new_privs on itself
unshare --mount --pid --fork --mount-proc "$HARDINIT" -- sleep 2 &
u=$!
sleep 0.8
init=$(child_of "$u")
eq "PID 1's own effective caps: CAP_KILL only" \
  "$(awk '/^CapEff/ {print $2}' "/proc/$init/status")" "0000000000000020"
eq "PID 1's own no_new_privs" "$(awk '/^NoNewPrivs/ {print $2}' "/proc/$init/status")" 1
wait "$u"

# --- every step failing for real: 125, one line naming the step, the app never runs
marker="$T_DIR/ran"
fails() { # description, expected step, command...
  local d=$1 step=$2; shift 2
  rm -f "$marker"
  "$@" -- touch "$marker" >/dev/null 2>"$T_DIR/err"
  local rc=$? lines first
  lines=$(wc -l <"$T_DIR/err"); first=$(head -1 "$T_DIR/err")
  if [ "$rc" = 125 ] && [ "$lines" = 1 ] && [ ! -e "$marker" ] && [[ $first == "hardinit: $step: "* ]]; then
    ok "$d: $first"
  else
    not_ok "$d (rc=$rc, $lines lines, ran=$([ -e "$marker" ] && echo yes || echo no))"
    sed 's/^/#   /' "$T_DIR/err"
  fi
}
nosysadmin=(unshare --mount --pid --fork --mount-proc setpriv --bounding-set -sys_admin "$HARDINIT")
fails "--read-only without CAP_SYS_ADMIN" "read-only" "${nosysadmin[@]}" --read-only
check "... and says what to do" grep -q "needs CAP_SYS_ADMIN" "$T_DIR/err"
fails "--tmpfs without CAP_SYS_ADMIN" "tmpfs" "${nosysadmin[@]}" --tmpfs /tmp
fails "an unknown capability" "--cap-drop" ns --cap-drop CAP_FLY
fails "ALL cannot be added" "--cap-add" ns --cap-add ALL
fails "--cap-add outside the bounding set" "cap-add" \
  unshare --mount --pid --fork --mount-proc setpriv --bounding-set -net_bind_service \
  "$HARDINIT" --cap-add NET_BIND_SERVICE
fails "an unknown user" "user" ns --user no-such-user
fails "an unknown group" "user" ns --user root:no-such-group
touch "$T_DIR/afile"
fails "a tmpfs path that is a file" "tmpfs" ns --tmpfs "$T_DIR/afile"
fails "a tmpfs size that does not parse" "--tmpfs" ns --tmpfs /tmp:size=lots
fails "a tmpfs option that does not exist" "--tmpfs" ns --tmpfs /tmp:nosuchopt
fails "an rlimit that does not exist" "--rlimit" ns --rlimit files=10
fails "an rlimit with soft above hard" "--rlimit" ns --rlimit nofile=10:5
hard=$(ulimit -Hn)
fails "an rlimit above the hard limit as non-root" "rlimit" \
  setpriv --reuid 65534 --regid 65534 --clear-groups "$HARDINIT" --no-subreaper --rlimit "nofile=$((hard + 1))"
fails "a user switch without CAP_SETUID" "user" \
  setpriv --reuid 65534 --regid 65534 --clear-groups "$HARDINIT" --no-subreaper --user 0
fails "--cap-drop without CAP_SETPCAP" "cap-drop" \
  unshare --mount --pid --fork --mount-proc setpriv --bounding-set -setpcap --inh-caps -all \
  "$HARDINIT" --cap-drop NET_RAW
HARDINIT_TMPFS="/tmp:size=1m /run:bogus" fails "HARDINIT_TMPFS with a bad item" "HARDINIT_TMPFS" ns

# On the host itself (the initial PID namespace, its parent's mount namespace) hardinit
# refuses to mount: --harden typed on a host must not make its root read-only. Only the
# harmless --tmpfs on a directory of ours is tried, and undone should the refusal fail.
if [ "$(stat -L -c %i /proc/self/ns/pid)" = 4026531836 ]; then
  mkdir -p "$T_DIR/hostmnt"
  fails "--tmpfs in the host's own namespaces" "mounts" "$HARDINIT" --tmpfs "$T_DIR/hostmnt"
  if grep -q " $T_DIR/hostmnt " /proc/self/mountinfo; then
    umount "$T_DIR/hostmnt"; not_ok "... nothing was mounted on the host"
  else
    ok "... nothing was mounted on the host"
  fi
  check "under unshare --mount (a mount namespace of its own) it may" \
    unshare --mount "$HARDINIT" --tmpfs /tmp -- true
else
  skip "mounts refused on the host" "these tests do not run in the initial PID namespace"
fi
check "a child of another PID 1 in a container (docker --init) may mount" \
  unshare --mount --pid --fork --mount-proc sh -c '"$@"; exit $?' sh "$HARDINIT" --tmpfs /tmp -- true

done_testing
