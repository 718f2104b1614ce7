/* SPDX-License-Identifier: MIT */
/*
 * parse.h - the one checked parser for every number, duration, signal and flag that comes
 * from outside (argv, environment, config files). No atoi: every function rejects empty
 * input, trailing garbage, signs where none belong and values outside the given bounds,
 * returning -EINVAL (not a number/name) or -ERANGE (outside the bounds), and writes *ret
 * only on success.
 */
#ifndef HARDINIT_PARSE_H
#define HARDINIT_PARSE_H

#include <stdbool.h>
#include <stdint.h>

/* Unsigned decimal integer in [min, max]. */
int hi_parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *ret);

/*
 * Duration in milliseconds: an integer with a unit "ms", "s", "m" or "h" ("500ms", "10s",
 * "2m"); a bare integer means seconds (docker's --stop-timeout). At most max_ms.
 */
int hi_parse_duration(const char *s, uint64_t max_ms, uint64_t *ret_ms);

/*
 * Signal by name or number: "TERM", "SIGTERM", "sigterm", "15", "RTMIN", "RTMIN+2",
 * "SIGRTMAX-1". Returns 1..SIGRTMAX (64). Signal 0 is never a signal here.
 */
int hi_parse_signal(const char *s, int *ret);

/* The canonical name of a signal without "SIG" ("TERM", "RTMIN+2"); NULL when out of range. */
const char *hi_signal_name(int sig, char buf[16]);

/* Boolean from the environment or a file: 1/0, true/false, yes/no, on/off (any case). */
int hi_parse_bool(const char *s, bool *ret);

#endif
