#!/bin/bash
# SPDX-License-Identifier: MIT
# The controlling terminal: when hardinit starts on a terminal (as a session leader, as
# docker run -t makes it), the command gets it: its own session, the foreground group,
# and the kernel's SIGHUP/SIGCONT of the hand-over never reach it.
. "$(dirname "$0")/lib.sh"

# pty.fork(): the child is a session leader whose controlling terminal is the pty.
run_on_pty() {
  /usr/bin/python3 - "$@" <<'PY'
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b""
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors="replace").replace("\r\n", "\n"))
sys.stdout.write("status %d\n" % os.waitstatus_to_exitcode(status))
PY
}

probe='set -e; test -t 0
sid=$(ps -o sid= -p $$ | tr -d " "); tpgid=$(ps -o tpgid= -p $$ | tr -d " ")
echo "sid-is-self=$([ "$sid" = $$ ] && echo yes || echo no) foreground=$([ "$tpgid" = $$ ] && echo yes || echo no)"'
out=$(run_on_pty "$HARDINIT" -- sh -c "$probe")
eq "the command leads its own session and owns the terminal; nothing else is written" \
  "$out" "sid-is-self=yes foreground=yes
status 0"

out=$(run_on_pty "$HARDINIT" -- bash -m -c 'echo "flags: $-"')
check "job control works in an interactive shell under hardinit" grep -q 'flags: .*m' <<<"$out"

# --single-child: the command stays in our session; the terminal stays ours.
out=$(run_on_pty "$HARDINIT" --single-child -- sh -c "$probe")
eq "--single-child: the command keeps hardinit's session" "$out" \
  "sid-is-self=no foreground=no
status 0"

done_testing
