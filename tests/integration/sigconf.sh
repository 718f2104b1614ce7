#!/bin/bash
# SPDX-License-Identifier: MIT
# The command execs with exactly the signal mask and ignored set hardinit was started
# with (exec semantics), never hardinit's own mask; an inherited SIGCHLD=SIG_IGN does not
# stop hardinit from reaping and collecting the status.
. "$(dirname "$0")/lib.sh"

# The bits of a /proc/PID/status mask line (hex) as a sorted list of signal numbers.
sigs_of() { # field (SigBlk|SigIgn), status file
  local hex
  hex=$(awk -v f="$1:" '$1 == f {print $2}' "$2")
  /usr/bin/python3 -c "import sys; v=int(sys.argv[1],16); print(' '.join(str(i+1) for i in range(64) if v>>i & 1))" "$hex"
}

# Reference: what cat sees when started directly under the same sigexec.
"$HELPERS/sigexec" 10,15,34 2,3,17 cat /proc/self/status >"$T_DIR/direct"
"$HELPERS/sigexec" 10,15,34 2,3,17 "$HARDINIT" -- cat /proc/self/status >"$T_DIR/via"
eq "the command's blocked mask is the caller's" "$(sigs_of SigBlk "$T_DIR/via")" "10 15 34"
eq "the command's ignored set is the caller's, SIGCHLD included" \
  "$(sigs_of SigIgn "$T_DIR/via")" "$(sigs_of SigIgn "$T_DIR/direct")"
"$HARDINIT" -- cat /proc/self/status >"$T_DIR/plain"
eq "with nothing inherited, nothing is blocked" "$(sigs_of SigBlk "$T_DIR/plain")" ""
eq "... and nothing ignored" "$(sigs_of SigIgn "$T_DIR/plain")" ""

# SIGCHLD ignored by the caller: hardinit must still see its child's status.
"$HELPERS/sigexec" - 17 "$HARDINIT" -- sh -c 'exit 42'
eq "inherited SIGCHLD=SIG_IGN: the status still comes through" "$?" 42

# nohup keeps its meaning: SIGHUP ignored by the caller stays ignored in the command.
nohup "$HARDINIT" -- cat /proc/self/status >"$T_DIR/nohup" 2>/dev/null </dev/null
check "nohup hardinit -- app: the app ignores SIGHUP" \
  bash -c "[[ ' $(sigs_of SigIgn "$T_DIR/nohup") ' == *' 1 '* ]]"

# hardinit's own mask (everything blocked) is its own.
"$HARDINIT" -- sleep 5 &
h=$!
sleep 0.3
blk=$(awk '$1 == "SigBlk:" {print $2}' "/proc/$h/status")
eq "hardinit itself blocks every signal but KILL/STOP and glibc's own" "$blk" "fffffffe7ffbfeff"
kill -TERM "$h"; wait "$h"

# The dumb-init personality clears the mask and the ignored set, as dumb-init does.
ln -sf "$HARDINIT" "$T_DIR/dumb-init"
"$HELPERS/sigexec" 10,15 2,3 "$T_DIR/dumb-init" cat /proc/self/status >"$T_DIR/di"
eq "as dumb-init: nothing blocked" "$(sigs_of SigBlk "$T_DIR/di")" ""
eq "as dumb-init: nothing ignored" "$(sigs_of SigIgn "$T_DIR/di")" ""

done_testing
