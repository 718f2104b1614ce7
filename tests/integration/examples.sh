#!/bin/bash
# SPDX-License-Identifier: MIT
# Every file in examples/ parses (YAML, the JSON exec-form arrays of the Dockerfiles), and
# every hardinit command line in it is a valid invocation of this hardinit:
#   - ENTRYPOINT+CMD, compose entrypoint+command, Kubernetes command+args: the options
#     before "--" are checked as `hardinit --dry-run OPTIONS -- /bin/true` (the whole plan:
#     profile, user, mounts, cgroup; nothing started), exit 0. Without --dry-run (older
#     binaries) they are run as `hardinit OPTIONS -- /bin/true`. Either way as PID 1 of
#     fresh mount and PID namespaces, never the host's: --harden mounts, and --dry-run
#     refuses to plan mounts in the host's namespace. The app's own path is the image's,
#     not this machine's, so /bin/true stands for it.
#   - HEALTHCHECK, compose healthcheck, Kubernetes exec probes (`hardinit probe ...`): once
#     the probe subcommand exists (`hardinit probe --help` exits 0), each runs in a fresh
#     network namespace with nothing listening and must exit 0 or 1 (healthy/unhealthy),
#     never 125 (usage). Until then each is listed as a "# probe: not yet" comment line.
. "$(dirname "$0")/lib.sh"
EXAMPLES=${EXAMPLES:-$(dirname "$0")/../../examples}
PY=/usr/bin/python3

if ! $PY -c 'import yaml' 2>/dev/null; then
  skip "examples" "python3-yaml is not installed (scripts/setup.sh installs it)"
  done_testing
  exit
fi

# The extractor: one record per command line found, as KIND FILE WHERE and the argv in
# $T_DIR/cmd.N (NUL-separated); a parse error or an unknown file is an "error" record.
cat >"$T_DIR/extract.py" <<'EOF'
import json, os, sys
import yaml

out, records = sys.argv[1], []

def record(kind, path, where, argv=None, why=""):
    n = len(records)
    if argv is not None:
        with open(os.path.join(out, "cmd.%d" % n), "wb") as f:
            f.write(b"".join(a.encode() + b"\0" for a in argv))
    records.append("%s\t%s\t%s\t%s" % (kind, path, where, why))

def kind_of(argv):
    if not argv or os.path.basename(argv[0]) != "hardinit":
        return "other"
    return "probe" if len(argv) > 1 and argv[1] == "probe" else "run"

def exec_form(text, what):
    try:
        v = json.loads(text)
    except ValueError:
        v = None
    if not isinstance(v, list) or not v or not all(isinstance(a, str) for a in v):
        raise ValueError("%s is not in exec form (a JSON array of strings): %s" % (what, text))
    return v

def dockerfile(path):
    lines, cur = [], ""
    for raw in open(path):
        s = raw.rstrip("\n")
        if not cur and (s.lstrip().startswith("#") or not s.strip()):
            continue
        if s.endswith("\\"):
            cur += s[:-1] + " "
            continue
        lines.append(cur + s)
        cur = ""
    entry = cmd = None
    for line in lines:
        word, _, rest = line.strip().partition(" ")
        word, rest = word.upper(), rest.strip()
        if word == "FROM":
            entry = cmd = None  # only the last stage is the image
        elif word == "ENTRYPOINT":
            entry = exec_form(rest, word)
        elif word == "CMD":
            cmd = exec_form(rest, word)
        elif word == "HEALTHCHECK":
            while rest.startswith("--"):
                rest = rest.split(None, 1)[1]
            if not rest.startswith("CMD "):
                raise ValueError("HEALTHCHECK without an exec-form CMD")
            argv = exec_form(rest[4:], "HEALTHCHECK CMD")
            record(kind_of(argv), path, "HEALTHCHECK", argv)
    if entry is None:
        raise ValueError("no exec-form ENTRYPOINT")
    argv = entry + (cmd or [])
    record(kind_of(argv), path, "ENTRYPOINT+CMD", argv)
    record("parsed", path, "exec-form JSON arrays")

def compose(path, doc):
    for name, svc in doc["services"].items():
        argv = list(svc.get("entrypoint") or []) + list(svc.get("command") or [])
        if argv:
            record(kind_of(argv), path, "service %s" % name, argv)
        test = (svc.get("healthcheck") or {}).get("test")
        if test:
            if test[0] != "CMD":
                raise ValueError("service %s: healthcheck test is not [\"CMD\", ...]" % name)
            record(kind_of(test[1:]), path, "service %s healthcheck" % name, test[1:])

def kubernetes(path, doc):
    spec = doc.get("spec", {})
    spec = spec.get("template", {}).get("spec", spec)
    for c in spec.get("initContainers", []) + spec.get("containers", []):
        name = "%s/%s" % (doc["metadata"]["name"], c["name"])
        argv = list(c.get("command") or []) + list(c.get("args") or [])
        if argv:
            record(kind_of(argv), path, name, argv)
        for p in ("startupProbe", "livenessProbe", "readinessProbe"):
            argv = ((c.get(p) or {}).get("exec") or {}).get("command")
            if argv:
                record(kind_of(argv), path, "%s %s" % (name, p), argv)

for root, _, files in os.walk(sys.argv[2]):
    for f in sorted(files):
        path = os.path.join(root, f)
        try:
            if f.startswith("Dockerfile") and not f.endswith(".dockerignore"):
                dockerfile(path)
            elif f.endswith((".yml", ".yaml")):
                docs = [d for d in yaml.safe_load_all(open(path)) if d is not None]
                for d in docs:
                    if "services" in d:
                        compose(path, d)
                    elif "kind" in d:
                        kubernetes(path, d)
                    else:
                        raise ValueError("neither compose nor Kubernetes")
                record("parsed", path, "%d YAML document(s)" % len(docs))
            elif f.endswith(".json"):
                json.load(open(path))
                record("parsed", path, "JSON")
            elif not f.endswith((".md", ".dockerignore")):
                record("error", path, "-", why="no checker for this kind of file")
        except Exception as e:
            record("error", path, "-", why="%s: %s" % (type(e).__name__, e))
print("\n".join(records))
EOF

EX=$(realpath "$EXAMPLES")
$PY "$T_DIR/extract.py" "$T_DIR" "$EX" >"$T_DIR/records" || not_ok "the extractor ran"

dry=()
help=$("$HARDINIT" --help 2>&1)
if grep -q -- '--dry-run' <<<"$help"; then dry=(--dry-run); fi
has_probe=0
"$HARDINIT" probe --help >"$T_DIR/probe-help" 2>&1 && grep -q probe "$T_DIR/probe-help" && has_probe=1
if [ $has_probe = 1 ]; then
  ok "hardinit probe --help exits 0"
else
  echo "# probe: not yet (hardinit probe --help does not exit 0): the probe commands are listed"
fi

n=0
declare -A runs probes
while IFS=$'\t' read -r kind file where why; do
  rel=${file#"$EX"/}
  argv=()
  [ -f "$T_DIR/cmd.$n" ] && mapfile -d '' -t argv <"$T_DIR/cmd.$n"
  n=$((n + 1))
  case $kind in
    parsed) ok "$rel: parses ($where)" ;;
    error) not_ok "$rel: $why" ;;
    other) ok "$rel: $where: not a hardinit command (${argv[0]})" ;;
    run)
      runs[$rel]=$((${runs[$rel]:-0} + 1))
      opts=()
      for a in "${argv[@]:1}"; do [ "$a" = -- ] && break; opts+=("$a"); done
      if [ ${#opts[@]} = $((${#argv[@]} - 1)) ]; then
        not_ok "$rel: $where: no '--' between hardinit's options and the app"
      elif ! can_pidns; then
        skip "$rel: $where: hardinit ${opts[*]} -- /bin/true" "needs root and PID namespaces"
      else
        timeout -s KILL 30 unshare --mount --pid --fork --mount-proc \
          "$HARDINIT" ${dry[@]+"${dry[@]}"} "${opts[@]}" -- /bin/true >"$T_DIR/out" 2>&1
        rc=$?
        line="hardinit ${dry[*]+${dry[*]} }${opts[*]+${opts[*]} }-- /bin/true"
        eq "$rel: $where: $line (fresh namespaces)" "$rc" 0
        [ "$rc" = 0 ] || sed 's/^/#   /' "$T_DIR/out"
      fi
      ;;
    probe)
      probes[$rel]=$((${probes[$rel]:-0} + 1))
      if [ $has_probe = 0 ]; then
        echo "# probe: not yet: $rel: $where: ${argv[*]}"
      elif ! unshare --net true 2>/dev/null; then
        skip "$rel: $where: ${argv[*]}" "needs root and network namespaces"
      else
        timeout -s KILL 30 unshare --net "$HARDINIT" "${argv[@]:1}" >"$T_DIR/out" 2>&1
        rc=$?
        check "$rel: $where: ${argv[*]} is a valid probe (0 or 1, got $rc)" \
          test "$rc" = 0 -o "$rc" = 1
        [ "$rc" = 0 ] || [ "$rc" = 1 ] || sed 's/^/#   /' "$T_DIR/out"
      fi
      ;;
  esac
done <"$T_DIR/records"

# Each example shows both: hardinit as the entry point and as the health probe.
for f in "$EX"/Dockerfile* "$EX"/docker-compose.yml "$EX"/kubernetes/*.yaml; do
  [ -e "$f" ] || continue
  rel=${f#"$EX"/}
  check "$rel: has a hardinit command line (${runs[$rel]:-0}) and a probe (${probes[$rel]:-0})" \
    test "${runs[$rel]:-0}" -gt 0 -a "${probes[$rel]:-0}" -gt 0
done
done_testing
