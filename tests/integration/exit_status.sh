#!/bin/bash
# SPDX-License-Identifier: MIT
# Exit status: the command's own, 128+N for signal N, 125/126/127 for hardinit's failures.
. "$(dirname "$0")/lib.sh"

# Every exit status 0..255, passed through unchanged.
bad=""
for code in $(seq 0 255); do
  "$HARDINIT" -- sh -c "exit $code"
  rc=$?
  [ "$rc" = "$code" ] || bad="$bad $code->$rc"
done
eq "every exit status 0-255 is passed through" "$bad" ""

# Every signal whose default action ends the process: 128+N.
bad=""
for sig in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 24 25 26 27 29 30 31 34 40 50 64; do
  "$HARDINIT" -- "$HELPERS/killself" "$sig" 2>/dev/null
  rc=$?
  [ "$rc" = $((128 + sig)) ] || bad="$bad $sig->$rc"
done
eq "death by each fatal signal gives 128+N" "$bad" ""

# 127: not found, 126: found but not executable, with one line on stderr.
"$HARDINIT" -- /nonexistent/cmd 2>"$T_DIR/err"
eq "a missing command exits 127" "$?" 127
eq "... with one line naming it" "$(cat "$T_DIR/err")" \
  "hardinit: exec: /nonexistent/cmd: No such file or directory"
"$HARDINIT" -- no-such-command-on-path 2>/dev/null
eq "a command not on PATH exits 127" "$?" 127
"$HARDINIT" -- /etc 2>"$T_DIR/err"
eq "a directory exits 126" "$?" 126
eq "... with one line" "$(wc -l <"$T_DIR/err")" 1
printf 'echo hi\n' >"$T_DIR/noexec" && chmod 644 "$T_DIR/noexec"
"$HARDINIT" -- "$T_DIR/noexec" 2>/dev/null
eq "a file without the x bit exits 126" "$?" 126
printf 'echo script-ran\n' >"$T_DIR/noshebang" && chmod 755 "$T_DIR/noshebang"
eq "a script without #! runs through /bin/sh, as execvp does" \
  "$("$HARDINIT" -- "$T_DIR/noshebang")" "script-ran"
PATH="$T_DIR:$PATH" "$HARDINIT" -- noshebang >"$T_DIR/out"
eq "... also when found on PATH" "$(cat "$T_DIR/out")" "script-ran"

# The exec failure is reported by the parent from the child's report: nothing else runs.
out=$("$HARDINIT" -- /nonexistent 2>&1 >/dev/null | wc -l)
eq "an exec failure prints exactly one line" "$out" 1

# --remap-exit
"$HARDINIT" --remap-exit 3 -e 143 -- sh -c 'exit 3'
eq "--remap-exit 3 maps 3 to 0" "$?" 0
"$HARDINIT" -e 143 -- sh -c 'kill -TERM $$'
eq "--remap-exit 143 maps death by SIGTERM to 0" "$?" 0
"$HARDINIT" -e 3 -- sh -c 'exit 4'
eq "other statuses stay" "$?" 4

# stdin, stdout and stderr are the command's own.
eq "stdin reaches the command" "$(echo piped | "$HARDINIT" -- cat)" "piped"
eq "nothing of hardinit's on stdout" "$("$HARDINIT" -- true)" ""
eq "nothing on stderr by default" "$("$HARDINIT" -- true 2>&1)" ""

# Logging: quiet by default, -v for debug, --log-format json for log shippers.
"$HARDINIT" -v -- true 2>"$T_DIR/err"
check "-v logs what hardinit does" grep -q "^hardinit: started 'true' as pid" "$T_DIR/err"
"$HARDINIT" --log-format json -v -- /nonexistent 2>"$T_DIR/err"
check "--log-format json: every line is a JSON object with level, prog and msg" \
  /usr/bin/python3 -c '
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert lines, "no lines"
for l in lines:
    o = json.loads(l)
    assert set(o) == {"level", "prog", "msg"}, o
assert o["level"] == "error" and "/nonexistent" in o["msg"], o
' "$T_DIR/err"

done_testing
