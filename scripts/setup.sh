#!/bin/bash
# SPDX-License-Identifier: MIT
# setup.sh - install every Debian package hardinit needs to build, test and benchmark.
# Idempotent: installs only what is missing (apt-get update only then). Run as root.
set -euo pipefail

PACKAGES=(
  # build
  gcc libc6-dev meson ninja-build pkg-config scdoc
  libseccomp-dev libcap-ng-dev libcgroup-dev libjansson-dev
  # tests
  check clang-format util-linux procps python3 file
  # fuzzing (libFuzzer)
  clang libclang-rt-14-dev
  # the peers' own test suites (sources from Debian's archive)
  dpkg-dev python3-pytest python3-pytest-timeout python3-psutil python3-prctl
  # end to end: real OCI runtimes, the containers' root file system; example checks
  runc crun busybox-static python3-yaml
  # benchmarks: the anchors
  tini dumb-init catatonit hyperfine linux-perf strace
  # the health probe's benchmark and tests: curl and wget side by side, peak RSS
  curl wget time
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "setup: missing packages: ${missing[*]}; run this script as root" >&2
  exit 1
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
