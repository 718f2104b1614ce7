#!/bin/bash
# SPDX-License-Identifier: MIT
# fetch-sources.sh DIR - unpack the upstream sources of dumb-init and tini (their test
# suites) from Debian's source archive into DIR/dumb-init and DIR/tini. Uses a private
# apt configuration under DIR: the system's sources are not touched. Nothing fetched is
# ever committed.
set -euo pipefail
dir=$1
[ -f "$dir/dumb-init/tests/cli_test.py" ] && [ -f "$dir/tini/test/run_inner_tests.py" ] && exit 0
mkdir -p "$dir/apt/lists/partial" "$dir/apt/archives/partial" "$dir/src"

# The system's deb entries, turned into deb-src entries.
src="$dir/apt/sources.list"
: >"$src"
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] && sed -n 's/^deb \(.*\)/deb-src \1/p' "$f" >>"$src"
done
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  awk 'BEGIN{RS=""; ORS="\n\n"} /Types:[^\n]*deb( |\n|$)/ && !/Enabled: no/ {sub(/Types:[^\n]*/, "Types: deb-src"); print}' \
    "$f" >"$dir/apt/src.sources"
done
opts=(-o "Dir::Etc::SourceList=$src" -o "Dir::Etc::SourceParts=$dir/apt/parts"
  -o "Dir::State::Lists=$dir/apt/lists" -o "Dir::Cache::Archives=$dir/apt/archives"
  -o "APT::Sandbox::User=root")
mkdir -p "$dir/apt/parts"
[ -s "$dir/apt/src.sources" ] && cp "$dir/apt/src.sources" "$dir/apt/parts/src.sources"
apt-get "${opts[@]}" update -qq
cd "$dir/src"
apt-get "${opts[@]}" source --tar-only -qq dumb-init tini >/dev/null
for p in dumb-init tini; do
  rm -rf "${dir:?}/$p" && mkdir -p "$dir/$p"
  tar xzf "$(ls "$dir"/src/${p}_*.orig.tar.gz | head -1)" -C "$dir/$p" --strip-components=1
done
echo "peers: dumb-init $(cat "$dir/dumb-init/VERSION") and tini sources in $dir"
