#!/bin/bash
# SPDX-License-Identifier: MIT
# The man page and --help list the same long options.
. "$(dirname "$0")/lib.sh"
MAN=${MAN_SOURCE:?}

help_opts=$("$HARDINIT" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u)
man_opts=$(grep -oE '^\*(-[a-zA-Z]\*, \*)?--[a-z][a-z-]+' "$MAN" | grep -oE -- '--[a-z-]+' | sort -u)
eq "every option in --help has a man page entry and vice versa" "$help_opts" "$man_opts"
check "--help exits 0" bash -c "'$HARDINIT' --help >/dev/null"
check "--version prints the version" bash -c "'$HARDINIT' --version | grep -qE '^hardinit [0-9]+\.[0-9]+\.[0-9]+'"
done_testing
