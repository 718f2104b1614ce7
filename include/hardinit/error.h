/* SPDX-License-Identifier: MIT */
/*
 * error.h - how a failure travels from a module to the command-line boundary.
 *
 * Functions return 0 or a negative errno and, when given a struct hi_error, fill it with
 * the step that failed ("rewrite", "config", "exec") and a one-line detail. Only the
 * boundary (src/main.c) prints it, as "hardinit: <step>: <detail>".
 */
#ifndef HARDINIT_ERROR_H
#define HARDINIT_ERROR_H

#include <stddef.h>

struct hi_error {
    char step[256]; /* the option or phase: "--grace", "config: FILE:LINE:COL: grace", "exec" */
    char msg[480];  /* "<what>: <why>", no trailing newline */
    int code;       /* the negative errno that was returned */
};

/*
 * Record a failure and return -errnum (errnum > 0), so that callers can write
 * "return hi_error_set(err, EINVAL, "grace", "'%s': not a duration", s);".
 * err may be NULL; the message is truncated to fit.
 */
int hi_error_set(struct hi_error *err, int errnum, const char *step, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Like hi_error_set, with ": strerror(errnum)" appended to the message. */
int hi_error_errno(struct hi_error *err, int errnum, const char *step, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
