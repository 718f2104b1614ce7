#!/bin/bash
# SPDX-License-Identifier: MIT
# hardinit probe against real servers on loopback (tests/helpers/probe_server.py), friendly
# and hostile: each case checks the exit status, that it came within the deadline (plus
# SLACK_MS for a noisy machine), and that a failure says why in exactly one line.
. "$(dirname "$0")/lib.sh"
for v in $(env | grep -o '^HARDINIT_PROBE_[A-Z_]*'); do unset "$v"; done

SERVER="$(dirname "$0")/../helpers/probe_server.py"
MAN="$(dirname "$0")/../../man/hardinit-probe.1.scd"
PY=/usr/bin/python3
SLACK_MS=${PROBE_SLACK_MS:-300}

if [ ! -x "$PY" ]; then
  skip "probe against real servers" "no $PY"
  done_testing
  exit
fi

start_server() { # STATEFILE ARGS...: start the helper, wait for its ports, source them
  local state=$1; shift
  "$PY" "$SERVER" "$state" "$@" &
  T_PIDS+=($!)
  disown
  local i
  for ((i = 0; i < 100; i++)); do
    [ -s "$state" ] && break
    sleep 0.05
  done
  # shellcheck disable=SC1090
  . "$state"
}
start_server "$T_DIR/ports" --unix "$T_DIR/app.sock"

now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }

# What starting and ending the binary costs here (much more under ASan): the slowest of
# five runs that touch no network, added to every deadline.
echo '{"status": "healthy"}' >"$T_DIR/healthy.json"
BASE_MS=0
for _ in 1 2 3 4 5; do
  t0=$(now_ms)
  "$HARDINIT" probe --status-file "$T_DIR/healthy.json"
  t=$(($(now_ms) - t0))
  [ "$t" -gt "$BASE_MS" ] && BASE_MS=$t
done
echo "# start-up and exit of the binary: $BASE_MS ms, added to each deadline with $SLACK_MS ms slack"

# probe DESCRIPTION WANT_RC DEADLINE_MS ARGS...: run hardinit probe ARGS.
probe() {
  local d=$1 want=$2 limit=$3; shift 3
  local t0 t1 rc ms lines first
  t0=$(now_ms)
  "$HARDINIT" probe "$@" >"$T_DIR/out" 2>"$T_DIR/err"
  rc=$?
  t1=$(now_ms)
  ms=$((t1 - t0))
  lines=$(wc -l <"$T_DIR/err")
  first=$(head -1 "$T_DIR/err")
  local why=""
  [ "$rc" = "$want" ] || why="exit $rc, want $want"
  [ "$ms" -le $((limit + BASE_MS + SLACK_MS)) ] || why="$why; took $ms ms, deadline $limit ms"
  if [ "$want" = 1 ] && { [ "$lines" != 1 ] || [[ $first != "hardinit: probe: "* ]]; }; then
    why="$why; $lines lines on stderr"
  fi
  if [ "$want" = 0 ] && [ "$lines" != 0 ]; then why="$why; stderr not empty"; fi
  if [ -z "$why" ]; then
    ok "$d: exit $rc in $ms ms${first:+: $first}"
  else
    not_ok "$d: ${why#; }"
    sed 's/^/#   /' "$T_DIR/err"
  fi
}

M="http://127.0.0.1:$MAIN"

# Friendly servers
probe "200" 0 1000 "$M/ok"
probe "3xx counts as healthy, not followed" 0 1000 "$M/redirect-bad"
probe "redirect followed on the same host" 0 1000 --follow-redirects 1 "$M/redirect-same"
probe "redirect followed to a 500" 1 1000 --follow-redirects 3 "$M/redirect-bad"
probe "redirect loop: the last 3xx counts" 0 1000 --follow-redirects 5 "$M/redirect-loop"
probe "redirect to another host not followed" 0 1000 --follow-redirects 5 "$M/redirect-other"
probe "500" 1 1000 "$M/status/500"
probe "404" 1 1000 "$M/nope"
probe "HTTP/1.0 without length" 0 1000 "$M/http10"
probe "chunked body" 0 1000 --expect-body 'hello healthy' "$M/chunked"
probe "1 MB body: cut at the cap" 0 1000 "$M/bigbody"
probe "--expect-body found" 0 1000 --expect-body healthy "$M/ok"
probe "--expect-body missing" 1 1000 --expect-body sick "$M/ok"
probe "--expect-status 418" 0 1000 --expect-status 200-299,418 "$M/status/418"
probe "--expect-status excludes 302" 1 1000 --expect-status 200-299 "$M/redirect-same"
probe "-H Host overrides" 0 1000 -H 'Host: example.test' --expect-body 'Host: example.test' "$M/echo"
probe "-H adds a header" 0 1000 -H 'X-Probe: 1' --expect-body 'X-Probe: 1' "$M/echo"
probe "default headers" 0 1000 --expect-body 'User-Agent: hardinit-probe/' "$M/echo"
probe "--method HEAD" 0 1000 --method HEAD "$M/ok"
probe "tcp:// connect" 0 1000 "tcp://127.0.0.1:$MAIN"
probe "unix socket" 0 1000 "unix://$T_DIR/app.sock:/ok"
probe "unix socket, 500" 1 1000 "unix://$T_DIR/app.sock:/status/500"
probe "IPv6-only listener through localhost" 0 1000 "http://localhost:$V6/ok"
probe "[::1] literal" 0 1000 "http://[::1]:$V6/ok"
# Names other than localhost go through getaddrinfo (in a thread, within the deadline)
host=$(hostname)
if [ "$(getent hosts "$host" | awk '{print $1; exit}')" = 127.0.0.1 ]; then
  probe "a name from /etc/hosts ($host)" 0 1000 "http://$host:$MAIN/ok"
else
  skip "a name from /etc/hosts" "$host does not resolve to 127.0.0.1 here"
fi
probe "a name that does not resolve" 1 1000 "http://name.invalid:$MAIN/ok"
# A DNS server that never answers (in a network and mount namespace of our own, where
# /etc/resolv.conf names it): the deadline still holds while getaddrinfo waits.
cat >"$T_DIR/dns.sh" <<'EOF'
ip link set lo up || exit 3
printf 'nameserver 127.0.0.1\noptions timeout:5 attempts:2\n' >"$1/resolv.conf"
mount --bind "$1/resolv.conf" /etc/resolv.conf || exit 3
/usr/bin/python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 53))
open(sys.argv[1], "w").close(); time.sleep(30)' "$1/dns.ready" &
for _ in $(seq 100); do [ -e "$1/dns.ready" ] && break; sleep 0.05; done
dir=$1
shift
t0=${EPOCHREALTIME/./}
"$@"
rc=$?
echo $(((${EPOCHREALTIME/./} - t0) / 1000)) >"$dir/dns.ms" # the probe alone
kill %1
exit $rc
EOF
if [ "$(id -u)" = 0 ] && unshare -mn --propagation private true 2>/dev/null; then
  unshare -mn --propagation private bash "$T_DIR/dns.sh" "$T_DIR" \
    "$HARDINIT" probe --timeout 500ms http://slow.example/ 2>"$T_DIR/err"
  rc=$?
  ms=$(cat "$T_DIR/dns.ms" 2>/dev/null || echo 999999)
  if [ "$rc" = 1 ] && [ "$ms" -le $((500 + BASE_MS + SLACK_MS)) ] &&
    grep -q 'resolve: slow.example: timed out' "$T_DIR/err"; then
    ok "DNS that never answers: exit 1 in $ms ms: $(cat "$T_DIR/err")"
  else
    not_ok "DNS that never answers: exit $rc in $ms ms (deadline 500 ms)"
    sed 's/^/#   /' "$T_DIR/err"
  fi
else
  skip "DNS that never answers" "needs root and unshare -mn"
fi
probe "several URLs, all healthy" 0 1000 "$M/ok" "tcp://127.0.0.1:$MAIN" "http://localhost:$V6/ok"
probe "several URLs, one unhealthy" 1 1000 "$M/ok" "$M/status/503"
HARDINIT_PROBE_EXPECT_STATUS=404 probe "HARDINIT_PROBE_EXPECT_STATUS" 0 1000 "$M/nope"
HARDINIT_PROBE_URL="$M/ok" probe "HARDINIT_PROBE_URL" 0 1000
HARDINIT_PROBE_TIMEOUT=300ms probe "HARDINIT_PROBE_TIMEOUT" 1 300 "$M/stall-head"
HARDINIT_PROBE_HEADER=$'X-A: 1\nX-B: 2' probe "HARDINIT_PROBE_HEADER, two lines" 0 1000 \
  --expect-body 'X-B: 2' "$M/echo"

# Hostile servers and failures: each within its deadline
probe "connection refused" 1 1000 "http://127.0.0.1:$DEAD/ok"
probe "connection refused on both localhost addresses" 1 1000 "tcp://localhost:$DEAD"
probe "connect hangs (full backlog)" 1 1000 "http://127.0.0.1:$FULL/ok"
probe "accepts and never answers" 1 1000 "http://127.0.0.1:$SILENT/ok"
probe "headers, then a stall" 1 1000 "$M/stall-head"
probe "body shorter than Content-Length, then a stall" 1 1000 "$M/stall-body"
probe "trickle, one byte a second" 1 1000 "$M/trickle"
probe "trickle, --timeout 500ms" 1 500 --timeout 500ms "$M/trickle"
probe "1 MB of headers" 1 1000 "$M/bighead"
probe "garbage instead of HTTP" 1 1000 "$M/garbage"
probe "4-digit status code" 1 1000 "$M/status4"
probe "closed without answering" 1 1000 "$M/close"
probe "--connect-timeout shorter than --timeout" 1 300 --connect-timeout 300ms --timeout 5s \
  "http://127.0.0.1:$FULL/"
grep -q 'more than 3 digits' <(HARDINIT= "$HARDINIT" probe "$M/status4" 2>&1) &&
  ok "4-digit status: the reason names it" || not_ok "4-digit status: the reason names it"
grep -q 'read cap' <("$HARDINIT" probe "$M/bighead" 2>&1) &&
  ok "1 MB of headers: the reason names the cap" || not_ok "1 MB of headers: the reason names the cap"
grep -q 'status 500' <("$HARDINIT" probe "$M/status/500" 2>&1) &&
  ok "500: the reason names the status" || not_ok "500: the reason names the status"
grep -q 'connect: .*Connection refused' <("$HARDINIT" probe "http://127.0.0.1:$DEAD/" 2>&1) &&
  ok "refused: phase and errno" || not_ok "refused: phase and errno"
"$HARDINIT" probe -q "$M/status/500" 2>"$T_DIR/err"
rc=$?
eq "-q: exit 1 and nothing on stderr" "$rc:$(cat "$T_DIR/err")" "1:"

# Bounded memory: the peak RSS of probing 1 MB responses is that of a 12-byte one (+1 MiB)
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f '%M' -o "$T_DIR/rss" "$HARDINIT" probe -q "$M/ok"
  small=$(tail -1 "$T_DIR/rss")
  for path in bighead bigbody; do
    /usr/bin/time -f '%M' -o "$T_DIR/rss" "$HARDINIT" probe -q "$M/$path"
    kb=$(tail -1 "$T_DIR/rss")
    if [ "$kb" -le $((small + 1024)) ]; then ok "$path: peak RSS $kb KiB (/ok: $small KiB)"
    else not_ok "$path: peak RSS $kb KiB (/ok: $small KiB)"; fi
  done
else
  skip "bounded memory" "no /usr/bin/time"
fi

# --wait: a second server, whose LATE port starts listening 1.5 s after it started
start_server "$T_DIR/late" --late 1.5
t0=$(now_ms)
probe "--wait until the server listens" 0 4000 --wait --wait-timeout 4s --interval 100ms \
  "http://127.0.0.1:$LATE/ok"
waited=$(($(now_ms) - t0))
[ "$waited" -ge 1000 ] && ok "--wait waited ($waited ms)" || not_ok "--wait waited ($waited ms)"
probe "--wait gives up" 1 700 --wait --wait-timeout 700ms --interval 100ms "$M/status/500"

# --watch: a sidecar's loop; one line per change of state (here of a status file)
W=$T_DIR/watched.json
cp "$T_DIR/healthy.json" "$W" 2>/dev/null || echo '{"status": "healthy"}' >"$W"
"$HARDINIT" probe --watch --interval 100ms --status-file "$W" 2>"$T_DIR/watch" &
watcher=$!
T_PIDS+=($watcher)
wait_for "$T_DIR/watch" '^hardinit: probe: healthy$' 30
echo '{"status": "unhealthy", "reason": "status 500"}' >"$W.new" && mv "$W.new" "$W"
wait_for "$T_DIR/watch" 'unhealthy' 30
echo '{"status": "healthy"}' >"$W.new" && mv "$W.new" "$W"
sleep 0.5
kill "$watcher"
wait "$watcher" 2>/dev/null
eq "--watch: one line per change (healthy, unhealthy with why, healthy again)" "$(cat "$T_DIR/watch")" \
"hardinit: probe: healthy
hardinit: probe: unhealthy: $W: status \"unhealthy\": status 500
hardinit: probe: healthy"
"$HARDINIT" probe --watch --wait "$M/ok" 2>/dev/null
eq "--watch and --wait together: 125" "$?" 125

# --status-file
echo '{"status": "healthy", "since": "2026-01-01T00:00:00Z"}' >"$T_DIR/healthy.json"
echo '{"status": "unhealthy", "reason": "status 500"}' >"$T_DIR/unhealthy.json"
echo '{"status": "starting"}' >"$T_DIR/starting.json"
echo '{"status": ' >"$T_DIR/broken.json"
probe "--status-file healthy" 0 100 --status-file "$T_DIR/healthy.json"
probe "--status-file unhealthy" 1 100 --status-file "$T_DIR/unhealthy.json"
probe "--status-file starting" 1 100 --status-file "$T_DIR/starting.json"
probe "--status-file broken JSON" 1 100 --status-file "$T_DIR/broken.json"
probe "--status-file missing" 1 100 --status-file "$T_DIR/none.json"

# Usage errors: 125 and one line
usage() {
  local d=$1; shift
  "$HARDINIT" probe "$@" >/dev/null 2>"$T_DIR/err"
  local rc=$? lines
  lines=$(wc -l <"$T_DIR/err")
  if [ "$rc" = 125 ] && [ "$lines" = 1 ]; then ok "usage: $d: $(cat "$T_DIR/err")"; else
    not_ok "usage: $d (exit $rc, $lines lines)"; sed 's/^/#   /' "$T_DIR/err"; fi
}
usage "no URL"
usage "bad scheme" ftp://x/
usage "https" https://x/
usage "no port for tcp" tcp://x
usage "port 0" http://x:0/
usage "port 65536" http://x:65536/
usage "credentials" http://u:p@x/
usage "bad IPv6" 'http://[::g]/'
usage "space in URL" 'http://x/a b'
usage "timeout garbage" --timeout soon "$M/ok"
usage "timeout 0" --timeout 0 "$M/ok"
usage "bad header" -H 'no colon' "$M/ok"
usage "header with CR" -H $'X-A: 1\r\nX-B: 2' "$M/ok"
usage "expect-status 99" --expect-status 99 "$M/ok"
usage "expect-status 1000" --expect-status 200-1000 "$M/ok"
usage "expect-status reversed" --expect-status 299-200 "$M/ok"
usage "follow-redirects 21" --follow-redirects 21 "$M/ok"
usage "lower-case method" --method get "$M/ok"
usage "unknown option" --frobnicate "$M/ok"
usage "missing value" --timeout
usage "status file and URL" --status-file "$T_DIR/healthy.json" "$M/ok"
HARDINIT_PROBE_TIMEOUT=soon usage "HARDINIT_PROBE_TIMEOUT garbage" "$M/ok"
HARDINIT_PROBE_WAIT=perhaps usage "HARDINIT_PROBE_WAIT garbage" "$M/ok"
HARDINIT_PROBE_URL=$(head -c 5000 /dev/zero | tr '\0' a) usage "HARDINIT_PROBE_URL too long"

# The man page documents every option --help lists
if [ -f "$MAN" ]; then
  missing=""
  for o in $("$HARDINIT" probe --help | grep -oE -- '--[a-z-]+' | sort -u); do
    grep -qF -- "*$o*" "$MAN" || missing="$missing $o"
  done
  eq "hardinit-probe(1) documents every option" "${missing# }" ""
else
  skip "man page" "no $MAN"
fi

done_testing
