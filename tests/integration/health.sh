#!/bin/bash
# SPDX-License-Identifier: MIT
# The prober inside the init: start-up gates (--wait-http, --wait-tcp) and the app's
# health (--health-url, docker's HEALTHCHECK meanings, --on-unhealthy, the status file),
# against real servers on loopback; a hung endpoint must never delay signals.
. "$(dirname "$0")/lib.sh"

SERVER=$(dirname "$0")/../helpers/health_server.py
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ms() { echo $((${EPOCHREALTIME/./} / 1000)); } # no process started: python takes seconds here at times
serve() { # PORT MODE [FLAG]: a server in the background
  python3 "$SERVER" "$@" &
  T_PIDS+=($!)
}
marker=$T_DIR/ran

# --- gates
p=$(port)
( sleep 1; exec python3 "$SERVER" "$p" ok ) &
T_PIDS+=($!)
t0=$(ms)
out=$("$HARDINIT" --wait-http "http://127.0.0.1:$p/healthz" --wait-tcp "127.0.0.1:$p" -- sh -c 'echo started')
t1=$(ms)
eq "--wait-http and --wait-tcp: the app starts once the server is up" "$out:$?" "started:0"
check "... not before it (waited $((t1 - t0)) ms, the server came after 1000 ms)" test $((t1 - t0)) -ge 1000

p2=$(port)
rm -f "$marker"
t0=$(ms)
"$HARDINIT" --wait-tcp "127.0.0.1:$p2" --wait-timeout 1500ms --wait-interval 200ms -- touch "$marker" 2>"$T_DIR/err"
rc=$?
t1=$(ms)
eq "a gate that never opens: 125 after --wait-timeout, the app never started" \
  "$rc:$([ -e "$marker" ] && echo ran)" "125:"
check "... in about 1.5 s ($((t1 - t0)) ms)" test $((t1 - t0)) -ge 1400 -a $((t1 - t0)) -lt 2500
eq "... one line saying which gate and why" "$(cat "$T_DIR/err")" \
  "hardinit: wait: tcp://127.0.0.1:$p2 is not healthy after 1500 ms (--wait-timeout): connect: 127.0.0.1:$p2: Connection refused"

serve "$p2" status 503
"$HARDINIT" --wait-tcp "127.0.0.1:$p2" --wait-interval 100ms -- true # until it listens
"$HARDINIT" --wait-http "http://127.0.0.1:$p2/" --wait-timeout 1s --wait-interval 200ms -- touch "$marker" 2>"$T_DIR/err"
eq "an HTTP gate answering 503 is not healthy: 125" "$?:$([ -e "$marker" ] && echo ran)" "125:"
check "... saying the status" grep -q "status 503" "$T_DIR/err"

p3=$(port) # not in the background command: a subshell still expanding it would get the TERM
"$HARDINIT" --wait-tcp "127.0.0.1:$p3" -- touch "$marker" 2>/dev/null &
init=$!
sleep 0.5
t0=$(ms)
kill -TERM "$init"
wait "$init"
rc=$?
t1=$(ms)
eq "SIGTERM during a gate stops the start at once: 143, the app never started" \
  "$rc:$([ -e "$marker" ] && echo ran)" "143:"
check "... within 200 ms ($((t1 - t0)) ms)" test $((t1 - t0)) -lt 200

bad() { # description, message fragment, options
  local d=$1 want=$2
  shift 2
  "$HARDINIT" "$@" -- touch "$marker" 2>"$T_DIR/err"
  local rc=$?
  if [ "$rc" = 125 ] && [ ! -e "$marker" ] && [ "$(wc -l <"$T_DIR/err")" = 1 ] && grep -qF -- "$want" "$T_DIR/err"; then
    ok "$d: $(cat "$T_DIR/err")"
  else
    not_ok "$d (rc=$rc): want '$want', got: $(cat "$T_DIR/err")"
  fi
}
bad "--wait-http with a bad URL" "--wait-http" --wait-http "ftp://x/"
bad "--wait-tcp without a port" "--wait-tcp" --wait-tcp "localhost"
bad "--wait-http with a tcp:// URL" "goes to --wait-tcp" --wait-http "tcp://localhost:1"
bad "--health-url with a bad URL" "--health-url" --health-url "http://[::1"
bad "--on-unhealthy unknown" "expected none, exit or signal:SIG" --on-unhealthy reboot
bad "--health-retries 0" "expected a number 1-1000" --health-retries 0
bad "--health-interval 0" "expected a duration" --health-interval 0

# --- the app's health
p=$(port)
app="import http.server, os, signal, sys
flag = '$T_DIR/fail'
signal.signal(signal.SIGUSR1, lambda *a: open('$T_DIR/usr1', 'w').write('got'))
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(500 if os.path.exists(flag) else 200)
        self.send_header('Content-Length', '0'); self.end_headers()
    def log_message(self, *a): pass
http.server.HTTPServer(('127.0.0.1', $p), H).serve_forever()"
S=$T_DIR/status.json
rm -f "$T_DIR/fail"
"$HARDINIT" --health-url "http://127.0.0.1:$p/" --health-interval 200ms --health-retries 2 \
  --health-start-period 10s --on-unhealthy exit --health-status-file "$S" -- python3 -c "$app" 2>"$T_DIR/err" &
init=$!
T_PIDS+=($init)
check "health: the status file says healthy once the app answers" wait_for "$S" '"status":"healthy"' 50
eq "hardinit probe --status-file: 0 while healthy" "$("$HARDINIT" probe --status-file "$S"; echo $?)" 0
touch "$T_DIR/fail"
check "health: after 2 failed probes the status file says unhealthy" wait_for "$S" '"status":"unhealthy"' 50
wait "$init"
rc=$?
eq "--on-unhealthy exit: the app is stopped (SIGTERM) and hardinit exits non-zero" "$rc" 143
check "... saying why in one warning" grep -q "health: the app is unhealthy: 2 failed probes of http://127.0.0.1:$p/ in a row; last: status 500" "$T_DIR/err"
eq "hardinit probe --status-file: 1 once unhealthy" "$("$HARDINIT" probe -q --status-file "$S"; echo $?)" 1

rm -f "$T_DIR/fail" "$T_DIR/usr1" "$S"
"$HARDINIT" --health-url "http://127.0.0.1:$p/" --health-interval 200ms --health-retries 1 \
  --health-start-period 10s --on-unhealthy signal:USR1 --health-status-file "$S" -- python3 -c "$app" 2>/dev/null &
init=$!
T_PIDS+=($init)
wait_for "$S" '"status":"healthy"' 50
touch "$T_DIR/fail"
check "--on-unhealthy signal:USR1: the app gets SIGUSR1" wait_for "$T_DIR/usr1" got 50
check "... and keeps running" kill -0 "$init"
kill -TERM "$init"
wait "$init"
eq "... until stopped as usual" "$?" 143

# A health endpoint that accepts and never answers must not delay signal forwarding: the
# probe waits in the event loop, not in a blocking call.
hang=$(port)
serve "$hang" hang
"$HARDINIT" --wait-tcp "127.0.0.1:$hang" --wait-interval 100ms -- true # until it listens
trap_app="import signal, time, sys
def term(*a):
    open('$T_DIR/term', 'w').write(str(time.time_ns() // 1000000)); sys.exit(0)
signal.signal(signal.SIGTERM, term)
open('$T_DIR/up', 'w').write('up')
while True: time.sleep(1)"
rm -f "$T_DIR/term" "$T_DIR/up"
"$HARDINIT" --health-url "http://127.0.0.1:$hang/" --health-interval 100ms --health-timeout 20s \
  -- python3 -c "$trap_app" 2>/dev/null &
init=$!
T_PIDS+=($init)
wait_for "$T_DIR/up" up 50
sleep 0.5 # a probe is now hanging on the silent server
t0=$(ms)
kill -TERM "$init"
wait "$init"
rc=$?
if [ -s "$T_DIR/term" ]; then
  lat=$(($(cat "$T_DIR/term") - t0))
  check "a hung health endpoint: SIGTERM still reaches the app in ${lat} ms (< 100)" test "$lat" -lt 100
else
  not_ok "a hung health endpoint: the app never got SIGTERM"
fi
eq "... and its exit status comes back" "$rc" 0

done_testing
