/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "hardinit/error.h"

static void fill(struct hi_error *err, int errnum, const char *step, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
static void fill(struct hi_error *err, int errnum, const char *step, const char *fmt, va_list ap)
{
    snprintf(err->step, sizeof(err->step), "%s", step);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    err->code = -errnum;
}

int hi_error_set(struct hi_error *err, int errnum, const char *step, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        fill(err, errnum, step, fmt, ap);
        va_end(ap);
    }
    return -errnum;
}

int hi_error_errno(struct hi_error *err, int errnum, const char *step, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        fill(err, errnum, step, fmt, ap);
        va_end(ap);
        size_t len = strlen(err->msg);
        snprintf(err->msg + len, sizeof(err->msg) - len, ": %s", strerror(errnum));
    }
    return -errnum;
}
