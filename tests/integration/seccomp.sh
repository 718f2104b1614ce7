#!/bin/bash
# SPDX-License-Identifier: MIT
# seccomp profiles, really loaded and seen from inside the app: docker's default profile
# (../shared/data), profiles of our own for each action and condition, and bad input.
. "$(dirname "$0")/lib.sh"

MOBY=${MOBY_PROFILE:-$(dirname "$0")/../../../shared/data/moby-default-seccomp.json}
if ! can_pidns || ! unshare --mount true 2>/dev/null; then
  skip "seccomp tests" "need root, mount and PID namespaces"
  done_testing
  exit
fi
ns() { unshare --mount --pid --fork --mount-proc "$HARDINIT" "$@"; }
app_hardinit
profile() { printf '%s\n' "$2" >"$T_DIR/$1.json"; }
serve='
import http.server, os, threading, urllib.request
os.chdir("/")  # the served directory must be visible under --harden'"'"'s tmpfs on /tmp
s = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
threading.Thread(target=s.serve_forever, daemon=True).start()
print(urllib.request.urlopen("http://127.0.0.1:%d/" % s.server_port).status)'


# --- audit mode's record in the kernel log. First in this file: the kernel rate-limits
# audit records printed without auditd (10 per 5 s), and later tests log calls too.
profile audit '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_ERRNO"}]}'
audit_comm=hiaudit$$ # the record names the command: a copy of mkdir under a name of its own
cp "$(command -v mkdir)" "$T_DIR/$audit_comm"
out=$(ns --seccomp "$T_DIR/audit.json" --seccomp-log --no-new-privs -- "$T_DIR/$audit_comm" "$T_DIR/audit0" 2>/dev/null && echo made)
eq "--seccomp-log: the denied mkdir goes through" "$out" made
if dmesg >/dev/null 2>&1; then
  logged() { dmesg | grep -q "type=1326.*comm=\"$audit_comm\".*code=0x7ffc0000"; }
  wait_logged() { local i; for ((i = 0; i < 20; i++)); do logged && return 0; sleep 0.1; done; return 1; }
  check "... and the kernel logged it (a SECCOMP_RET_LOG record naming $audit_comm)" wait_logged
else
  skip "the kernel log of audit mode" "dmesg is not readable"
fi

# --- docker's default profile
if [ -f "$MOBY" ]; then
  out=$("$HARDINIT" profile check "$MOBY")
  eq "profile check accepts docker's default profile" "$?" 0
  check "... resolving its archMap to x86_64, x86, x32" grep -qx "architectures: X86_64 X86 X32" <<<"$out"
  rules=$(sed -n 's/^rules: \([0-9]*\).*/\1/p' <<<"$out")
  check "... into more than 300 rules ($rules)" test "${rules:-0}" -gt 300
  check "... skipping the names this libseccomp does not know" grep -q "unknown syscall names skipped: [1-9]" <<<"$out"

  out=$(ns --seccomp "$MOBY" --harden -- sh -c '
    unshare -U true 2>/dev/null; echo "unshare=$?"
    mount -t tmpfs none /mnt 2>/dev/null; echo "mount=$?"
    echo "abc" | tr a-c x-z | cat')
  eq "docker's profile under --harden: namespaces and mounts denied, a pipeline works" "$out" \
    "unshare=1
mount=32
xyz"
  out=$(unshare --net --mount --pid --fork --mount-proc sh -c 'ip link set lo up 2>/dev/null || ifconfig lo up; exec "$@"' \
    sh "$HARDINIT" --seccomp "$MOBY" --harden --user 65534 -- /usr/bin/python3 -c "$serve" 2>/dev/null)
  eq "docker's profile: a Python HTTP server with threads (clone3 -> ENOSYS fallback) serves on loopback" \
    "$out" "200"
  nosys='import ctypes
libc = ctypes.CDLL(None, use_errno=True)
for nr in (103, 500):  # syslog: named and denied; 500: above every syscall the profile names
    libc.syscall(nr, 0, 0, 0); print(nr, ctypes.get_errno())'
  eq "a denied syscall gets EPERM; one above the profile's highest gets ENOSYS (runc's rule)" \
    "$(ns --seccomp "$MOBY" --harden --user 65534 -- /usr/bin/python3 -c "$nosys")" "103 1
500 38"
  check "profile check names the ENOSYS limit" grep -q "^syscalls above [0-9]*: ENOSYS" <<<"$("$HARDINIT" profile check "$MOBY")"
  ns --seccomp "$MOBY" --no-new-privs -- "$HARDINIT" inspect --json >"$T_DIR/j"
  eq "inspect sees seccomp mode 2, one filter" \
    "$(/usr/bin/python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["seccomp"]; print(s["mode"], s["filters"])' "$T_DIR/j")" "2 1"
else
  skip "docker's default profile" "$MOBY not found (../shared/data)"
fi

# --- the built-in profiles, compiled to BPF at build time
for name in default strict unconfined; do
  check "profile check $name" bash -c "'$HARDINIT' profile check $name >/dev/null"
done
families='import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
calls = [  # x86_64 numbers: each denied family and the errno the app sees
  ("mount", 165, (b"none", b"/mnt", b"tmpfs", 0)), ("umount2", 166, (b"/", 0)),
  ("unshare", 272, (0x20000,)), ("setns", 308, (0, 0)), ("pivot_root", 155, (b"/", b"/")),
  ("init_module", 175, (0, 0, b"")), ("finit_module", 313, (0, b"", 0)),
  ("delete_module", 176, (b"x", 0)), ("kexec_load", 246, (0, 0, 0, 0)),
  ("reboot", 169, (0, 0, 0, 0)), ("swapon", 167, (b"/x", 0)), ("bpf", 321, (0, 0, 0)),
  ("perf_event_open", 298, (0, 0, -1, -1, 0)), ("add_key", 248, (b"user", b"k", 0, 0, 0)),
  ("keyctl", 250, (0, 0)), ("ptrace", 101, (16, 1, 0, 0)),
  ("process_vm_readv", 310, (1, 0, 0, 0, 0, 0)), ("clock_settime", 227, (0, 0)),
  ("settimeofday", 164, (0, 0)), ("io_uring_setup", 425, (1, 0)),
  ("socket AF_ALG", 41, (38, 5, 0)), ("socket AF_VSOCK", 41, (40, 1, 0)),
  ("personality 0x400000", 135, (0x400000,)), ("clone3", 435, (0, 0)),
  ("clone NEWNET", 56, (0x40000000 | 17, 0, 0, 0, 0)),
]
for name, nr, args in calls:
    r = libc.syscall(nr, *args)
    print(name, "allowed" if r != -1 else os.strerror(ctypes.get_errno()))
'
out=$(ns --seccomp default --no-new-privs -- /usr/bin/python3 -c "$families")
bad=$(grep -vE ' (Operation not permitted|Function not implemented)$' <<<"$out")
eq "default profile: every denied family gets EPERM (clone3: ENOSYS), as root with every cap" "$bad" ""
check "... clone3 is ENOSYS, so glibc falls back to clone" grep -qx "clone3 Function not implemented" <<<"$out"
check "... the other 24 families EPERM" test "$(grep -c ' Operation not permitted$' <<<"$out")" = 24
allowed='import ctypes, os, socket
libc = ctypes.CDLL(None, use_errno=True)
print(libc.personality(ctypes.c_ulong(0xffffffff)) != -1, socket.socket(socket.AF_UNIX).fileno() > 0,
      socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).fileno() > 0, os.fork() and os.wait()[1] == 0 or os._exit(0))'
eq "default profile: the personality query, AF_UNIX and AF_INET6 sockets, fork work" \
  "$(ns --seccomp default --no-new-privs -- /usr/bin/python3 -c "$allowed")" "True True True True"
out=$(unshare --net --mount --pid --fork --mount-proc sh -c 'ip link set lo up 2>/dev/null; exec "$@"' \
  sh "$HARDINIT" --harden --user 65534 -- /usr/bin/python3 -c "$serve" 2>/dev/null)
eq "--harden (default profile): a Python HTTP server with threads serves on loopback" "$out" "200"
eq "--harden (default profile): a shell pipeline" \
  "$(ns --harden -- sh -c 'seq 1 1000 | sort -rn | head -1 | tr 0 o')" "1ooo"
eq "--harden loads the default profile" \
  "$(ns --harden -- "$APP_HARDINIT" inspect | sed -n 's/^seccomp.mode: //p')" 2
eq "--harden --seccomp unconfined loads none" \
  "$(ns --harden --seccomp unconfined -- "$APP_HARDINIT" inspect | sed -n 's/^seccomp.mode: //p')" 0
strict='import ctypes, os, socket
libc = ctypes.CDLL(None, use_errno=True)
r = []
for fam in (socket.AF_INET, socket.AF_PACKET):
    try: socket.socket(fam, socket.SOCK_DGRAM); r.append("ok")
    except OSError as e: r.append(e.strerror)
r.append("setuid " + ("ok" if libc.setuid(0) == 0 else os.strerror(ctypes.get_errno())))
print(*r, sep=", ")'
eq "strict profile: AF_INET yes, AF_PACKET and setuid no" \
  "$(ns --seccomp strict --no-new-privs -- /usr/bin/python3 -c "$strict")" \
  "ok, Operation not permitted, setuid Operation not permitted"

# --- actions and conditions, seen from inside
profile actions '{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [
  {"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13},
  {"names": ["uname"], "action": "SCMP_ACT_KILL_PROCESS"},
  {"names": ["getcwd"], "action": "SCMP_ACT_LOG"},
  {"names": ["personality"], "action": "SCMP_ACT_ERRNO",
   "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"},
            {"index": 0, "value": 131072, "op": "SCMP_CMP_EQ"}]}
 ]}'
out=$(LC_ALL=C ns --seccomp "$T_DIR/actions.json" --no-new-privs -- sh -c "mkdir '$T_DIR/d' 2>&1; pwd >/dev/null && echo pwd-ok")
eq "ERRNO with errnoRet 13: mkdir gets EACCES; LOG lets getcwd through" "$out" \
  "mkdir: cannot create directory '$T_DIR/d': Permission denied
pwd-ok"
ns --seccomp "$T_DIR/actions.json" --no-new-privs -- uname >/dev/null 2>&1
eq "KILL_PROCESS: the app dies of SIGSYS (128+31)" "$?" 159
pers='import ctypes; libc = ctypes.CDLL(None, use_errno=True)
for p in (8, 0x20000, 0xffffffff):
    r = libc.personality(ctypes.c_ulong(p)); print(p, r != -1 or ctypes.get_errno())'
out=$(ns --seccomp "$T_DIR/actions.json" --no-new-privs -- /usr/bin/python3 -c "$pers")
eq "two conditions on one argument are OR: both values denied (EPERM), others allowed" "$out" \
  "8 1
131072 1
4294967295 True"

profile notnnp '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_ERRNO"}]}'
ns --seccomp "$T_DIR/notnnp.json" --cap-drop ALL -- true 2>"$T_DIR/err"
eq "without no_new_privs or CAP_SYS_ADMIN the load fails closed: 125" "$?" 125
check "... saying what is needed" grep -q "needs --no-new-privs" "$T_DIR/err"
eq "root with CAP_SYS_ADMIN may load without --no-new-privs" \
  "$(ns --seccomp "$T_DIR/notnnp.json" -- sh -c "mkdir '$T_DIR/e' 2>/dev/null || echo denied")" "denied"
eq "--seccomp unconfined loads nothing" \
  "$(ns --seccomp unconfined -- "$HARDINIT" inspect | sed -n 's/^seccomp.mode: //p')" 0

# --- filters compiled ahead of time: profile compile, --seccomp-bpf
"$HARDINIT" profile compile "$T_DIR/actions.json" --caps none -o "$T_DIR/actions.bpf" >/dev/null
eq "profile compile writes a filter" "$?" 0
out=$("$HARDINIT" profile check "$T_DIR/actions.bpf")
check "profile check reads its header: the source, the caps and kernel it is for" \
  grep -qx "compiled from: $T_DIR/actions.json (fnv1a [0-9a-f]*)" <<<"$out"
check "... and who built it" grep -q "^built by: hardinit .* libseccomp 2\." <<<"$out"
out=$(LC_ALL=C ns --seccomp-bpf "$T_DIR/actions.bpf" --no-new-privs -- sh -c "mkdir '$T_DIR/d' 2>&1; /usr/bin/python3 -c '$pers'")
eq "--seccomp-bpf: the precompiled filter denies and allows what the profile says" "$out" \
  "mkdir: cannot create directory '$T_DIR/d': Permission denied
8 1
131072 1
4294967295 True"
"$HARDINIT" profile compile default --caps none --no-tree -o "$T_DIR/default-notree.bpf" >/dev/null
out=$(ns --harden --seccomp-bpf "$T_DIR/default-notree.bpf" -- /usr/bin/python3 -c "$families")
eq "--harden --seccomp-bpf replaces the default profile: the families are still denied" \
  "$(grep -vcE ' (Operation not permitted|Function not implemented)$' <<<"$out")" 0
bpf_bad() { # name, expected message fragment, file
  rm -f "$marker"
  ns --no-new-privs --seccomp-bpf "$3" -- touch "$marker" 2>"$T_DIR/err"
  local rc=$? first
  first=$(head -1 "$T_DIR/err")
  if [ "$rc" = 125 ] && [ "$(wc -l <"$T_DIR/err")" = 1 ] && [ ! -e "$marker" ] &&
     [[ $first == *"$2"* ]]; then
    ok "--seccomp-bpf refuses $1: $first"
  else
    not_ok "--seccomp-bpf $1 (rc=$rc): want '$2', got: $first"
  fi
}
marker="$T_DIR/ran"
head -c 500 "$T_DIR/actions.bpf" >"$T_DIR/trunc.bpf"
bpf_bad "a truncated file" "truncated or padded" "$T_DIR/trunc.bpf"
cp "$T_DIR/actions.bpf" "$T_DIR/flip.bpf"
printf '\x15' | dd of="$T_DIR/flip.bpf" bs=1 seek=$(( $(stat -c %s "$T_DIR/flip.bpf") - 3 )) conv=notrunc 2>/dev/null
bpf_bad "changed instructions" "do not match the header" "$T_DIR/flip.bpf"
bpf_bad "a JSON profile" "bad magic" "$T_DIR/actions.json"
"$HARDINIT" profile compile "$T_DIR/actions.json" --caps ALL -o "$T_DIR/allcaps.bpf" >/dev/null
ns --cap-drop ALL --no-new-privs --seccomp-bpf "$T_DIR/allcaps.bpf" -- true 2>"$T_DIR/err"
eq "a filter compiled for capabilities the app will not have: 125" "$?" 125
check "... naming them" grep -q "compiled for capabilities the app will not have (CHOWN and" "$T_DIR/err"
"$HARDINIT" profile compile "$T_DIR/actions.json" --kernel 99.0 -o "$T_DIR/k99.bpf" >/dev/null
ns --no-new-privs --seccomp-bpf "$T_DIR/k99.bpf" -- true 2>"$T_DIR/err"
eq "a filter compiled for a newer kernel: 125" "$?" 125
check "... saying which --kernel to compile for" grep -q "compiled for kernel 99.0, this is .*--kernel" "$T_DIR/err"
ns --seccomp default --seccomp-bpf "$T_DIR/actions.bpf" -- true 2>"$T_DIR/err"
eq "--seccomp and --seccomp-bpf together: 125" "$?" 125
eq "profile compile without -o: 125" "$("$HARDINIT" profile compile default 2>/dev/null; echo $?)" 125
eq "profile with an unknown verb: 125" "$("$HARDINIT" profile frob default 2>/dev/null; echo $?)" 125
check "profile pfc prints libseccomp's rules for review" \
  bash -c "'$HARDINIT' profile pfc '$T_DIR/actions.json' | grep -q 'filter for syscall \"uname\"'"

# --- audit mode: what the profile denies goes through (the kernel's log: at the top)
out=$(LC_ALL=C ns --seccomp "$T_DIR/actions.json" --seccomp-log --no-new-privs -- sh -c "mkdir '$T_DIR/audit' && echo mkdir-ok; uname >/dev/null && echo uname-ok" 2>"$T_DIR/err")
eq "--seccomp-log: ERRNO and KILL_PROCESS rules let the call through" "$out" "mkdir-ok
uname-ok"
check "... and say once that nothing is denied" grep -q "warning: seccomp: audit mode" "$T_DIR/err"
eq "--seccomp-log with the built-in default (embedded BPF): unshare goes through" \
  "$(ns --harden --seccomp-log -- /usr/bin/python3 -c 'import ctypes; print(ctypes.CDLL(None).unshare(0))' 2>/dev/null)" 0
eq "--seccomp-log with a precompiled filter: the denied mkdir goes through" \
  "$(ns --seccomp-bpf "$T_DIR/actions.bpf" --seccomp-log --no-new-privs -- sh -c "mkdir '$T_DIR/audit2' && echo ok" 2>/dev/null)" ok

# --- unknown names: skipped when permissive, an error when they deny
profile permissive '{"defaultAction": "SCMP_ACT_ERRNO",
 "syscalls": [{"names": ["no_such_call_xyz", "read", "write", "exit_group"], "action": "SCMP_ACT_ALLOW"}]}'
check "an unknown name in an allow rule is skipped" \
  bash -c "'$HARDINIT' profile check '$T_DIR/permissive.json' | grep -q 'unknown syscall names skipped: 1'"
profile hole '{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["no_such_call_xyz"], "action": "SCMP_ACT_ERRNO"}]}'

# --- bad input: 125, one line with file:line:column and the field; the app never runs
marker="$T_DIR/ran"
bad() { # name, expected "LINE:COL: field" fragment, profile text
  profile "$1" "$3"
  rm -f "$marker"
  ns --no-new-privs --seccomp "$T_DIR/$1.json" -- touch "$marker" 2>"$T_DIR/err"
  local rc=$? first
  first=$(head -1 "$T_DIR/err")
  if [ "$rc" = 125 ] && [ "$(wc -l <"$T_DIR/err")" = 1 ] && [ ! -e "$marker" ] &&
     [[ $first == "hardinit: seccomp: $T_DIR/$1.json:$2"* ]]; then
    ok "$1: $first"
  else
    not_ok "$1 (rc=$rc): want ':$2', got: $first"
  fi
}
bad hole "2:26: syscalls[0].names[0]: 'no_such_call_xyz' is unknown"                                    "$(cat "$T_DIR/hole.json")"
bad malformed "3:0: "                            $'{"defaultAction": "SCMP_ACT_ALLOW",\n'
bad action "3:34: syscalls[0].action: unknown action" \
  $'{"defaultAction": "SCMP_ACT_ALLOW",\n "syscalls": [\n  {"names": ["mkdir"], "action": "SCMP_ACT_MAYBE"}]}'
bad notify "1:61: syscalls[0].action: SCMP_ACT_NOTIFY" \
  '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"action": "SCMP_ACT_NOTIFY", "names": ["mkdir"]}]}'
bad op "3:43: syscalls[0].args[0].op: unknown operator" '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
 {"names": ["personality"], "action": "SCMP_ACT_ERRNO",
  "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_ABOUT"}]}]}'
bad index "3:22: syscalls[0].args[0].index: expected an argument index 0-5" '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
 {"names": ["personality"], "action": "SCMP_ACT_ERRNO",
  "args": [{"index": 6, "value": 8, "op": "SCMP_CMP_EQ"}]}]}'
bad negative "1:" '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": -1, "op": "SCMP_CMP_EQ"}]}]}'
bad errnoret "1:" '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "errnoRet": 1}]}'
bad arch "1:" '{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_Z80"]}'
bad both-names "1:" '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"name": "read", "names": ["read"], "action": "SCMP_ACT_ERRNO"}]}'
bad both-arches "1:" '{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"], "archMap": []}'
bad field "1:" '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ERRNO", "weird": 1}]}'
bad no-default "1:1: defaultAction: missing" '{"syscalls": []}'
bad not-object "1:1: " '[]'
bad cap "1:" '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ERRNO", "includes": {"caps": ["CAP_FLY"]}}]}'
bad kernel "1:" '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ERRNO", "includes": {"minKernel": "new"}}]}'
ns --seccomp "$T_DIR/none.json" -- true 2>"$T_DIR/err"
eq "a missing profile file: 125" "$?" 125
eq "profile check of a bad profile: 125" "$("$HARDINIT" profile check "$T_DIR/arch.json" >/dev/null 2>&1; echo $?)" 125

done_testing
