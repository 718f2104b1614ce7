#!/bin/bash
# SPDX-License-Identifier: MIT
# Bad input for every option, from the command line, the environment and a config file:
# exit 125, exactly one line on stderr naming the option, and the command never runs.
. "$(dirname "$0")/lib.sh"

marker="$T_DIR/ran"
run_rejected() { # description, then arguments before the command; env from the caller
  local d=$1; shift
  rm -f "$marker"
  "$HARDINIT" "$@" -- touch "$marker" 2>"$T_DIR/err" >/dev/null
  local rc=$? lines first
  lines=$(wc -l <"$T_DIR/err")
  first=$(head -1 "$T_DIR/err")
  if [ "$rc" = 125 ] && [ "$lines" = 1 ] && [ ! -e "$marker" ] && [[ $first == hardinit:* ]]; then
    ok "$d: 125, one line: $first"
  else
    not_ok "$d (rc=$rc, $lines lines, ran=$([ -e "$marker" ] && echo yes || echo no))"
    sed 's/^/#   /' "$T_DIR/err"
  fi
}

run_rejected "unknown long option" --frobnicate
run_rejected "unknown short option" -Z
run_rejected "missing argument" --grace
run_rejected "grace: not a duration" --grace soon
run_rejected "grace: negative" --grace -5s
run_rejected "grace: fraction" --grace 1.5s
run_rejected "grace: too long" --grace 1000h
run_rejected "grace: overflow" --grace 99999999999999999999999
run_rejected "rewrite: no colon" --rewrite TERM
run_rejected "rewrite: unknown signal" --rewrite TERM:BOGUS
run_rejected "rewrite: out of range" --rewrite 15:65
run_rejected "rewrite: KILL" --rewrite KILL:TERM
run_rejected "rewrite: empty" --rewrite ""
run_rejected "remap-exit: 256" --remap-exit 256
run_rejected "remap-exit: word" --remap-exit one
run_rejected "pdeathsig: unknown" --pdeathsig SIGFOO
run_rejected "pdeathsig: zero" --pdeathsig 0
run_rejected "log-format: unknown" --log-format yaml
run_rejected "config: missing file" --config "$T_DIR/none.json"

HARDINIT_GRACE=forever run_rejected "HARDINIT_GRACE garbage"
HARDINIT_SINGLE_CHILD=perhaps run_rejected "HARDINIT_SINGLE_CHILD garbage"
HARDINIT_SUBREAPER=2 run_rejected "HARDINIT_SUBREAPER garbage"
HARDINIT_VERBOSE=loud run_rejected "HARDINIT_VERBOSE garbage"
HARDINIT_REWRITE="TERM:INT,HUP" run_rejected "HARDINIT_REWRITE with a bad item"
HARDINIT_REMAP_EXIT="1,x" run_rejected "HARDINIT_REMAP_EXIT with a bad item"
HARDINIT_PDEATHSIG=-9 run_rejected "HARDINIT_PDEATHSIG garbage"
HARDINIT_LOG_FORMAT=XML run_rejected "HARDINIT_LOG_FORMAT garbage"

cfg() { printf '%s' "$1" >"$T_DIR/c.json"; }
cfg '{"grace": "soon"}'; run_rejected "config: bad duration" --config "$T_DIR/c.json"
cfg '{"grace": 1.5}'; run_rejected "config: wrong type" --config "$T_DIR/c.json"
cfg '{"nope": 1}'; run_rejected "config: unknown key" --config "$T_DIR/c.json"
cfg '{"grace": "1s",'; run_rejected "config: truncated" --config "$T_DIR/c.json"
cfg '["grace"]'; run_rejected "config: not an object" --config "$T_DIR/c.json"
cfg ''; run_rejected "config: empty file" --config "$T_DIR/c.json"
head -c 2000000 /dev/zero | tr '\0' ' ' >"$T_DIR/big.json"
run_rejected "config: over 1 MiB" --config "$T_DIR/big.json"
run_rejected "config: a directory" --config "$T_DIR"
mkfifo "$T_DIR/fifo"
run_rejected "config: a FIFO (would block the start)" --config "$T_DIR/fifo"
HARDINIT_CONFIG="$T_DIR/none.json" run_rejected "HARDINIT_CONFIG missing"

# The error names the place in the file.
printf '{\n  "grace": "1s",\n  "rewrite": ["TERM:QUIT", "NOPE:1"]\n}\n' >"$T_DIR/c.json"
"$HARDINIT" --config "$T_DIR/c.json" -- true 2>"$T_DIR/err"
eq "a config error names file, line and column" "$(cat "$T_DIR/err")" \
  "hardinit: config: $T_DIR/c.json:3:3: rewrite: 'NOPE:1': unknown signal 'NOPE'"

# Precedence, seen from outside: command line > environment > config file.
printf '{"remap-exit": [3]}' >"$T_DIR/c.json"
"$HARDINIT" --config "$T_DIR/c.json" -- sh -c 'exit 3'
eq "config file applies" "$?" 0
HARDINIT_REMAP_EXIT=4 "$HARDINIT" --config "$T_DIR/c.json" -- sh -c 'exit 3'
eq "environment replaces the config file's list" "$?" 3
HARDINIT_REMAP_EXIT=4 "$HARDINIT" --config "$T_DIR/c.json" -e 5 -- sh -c 'exit 4'
eq "command line replaces the environment's list" "$?" 4
HARDINIT_REMAP_EXIT=4 HARDINIT_CONFIG="$T_DIR/c.json" "$HARDINIT" -- sh -c 'exit 4'
eq "HARDINIT_CONFIG is read" "$?" 0

done_testing
