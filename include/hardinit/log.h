/* SPDX-License-Identifier: MIT */
/*
 * log.h - one line per message on stderr, written with a single write(2).
 *
 * Quiet by default: errors and warnings only; -v adds info, -vv debug. The text format is
 * "<prefix>: <message>"; the json format is one object per line with the fields
 * "level", "prog" and "msg", for log shippers. The prefix is the name hardinit runs under
 * ("hardinit", "dumb-init", "tini"); under a personality's name, text lines read
 * "[dumb-init] <message>", the form scripts written for those programs look for.
 */
#ifndef HARDINIT_LOG_H
#define HARDINIT_LOG_H

#include <stdbool.h>

enum hi_log_level {
    HI_LOG_ERROR = 0,
    HI_LOG_WARN = 1,
    HI_LOG_INFO = 2,
    HI_LOG_DEBUG = 3,
};

enum hi_log_format {
    HI_LOG_TEXT = 0,
    HI_LOG_JSON = 1,
};

/*
 * Set once by main after parsing; safe to call again. prefix must outlive the process;
 * bracketed selects "[prefix] message" over "prefix: message".
 */
void hi_log_setup(const char *prefix, bool bracketed, int max_level, enum hi_log_format format);

bool hi_log_enabled(enum hi_log_level level);

/*
 * Format and write one line. Uses only vsnprintf into a stack buffer and write(2): no
 * allocation, so it may be called from the supervise loop.
 */
void hi_log(enum hi_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define hi_error_log(...) hi_log(HI_LOG_ERROR, __VA_ARGS__)
#define hi_warn(...)      hi_log(HI_LOG_WARN, __VA_ARGS__)
#define hi_info(...)      hi_log(HI_LOG_INFO, __VA_ARGS__)
#define hi_debug(...)     hi_log(HI_LOG_DEBUG, __VA_ARGS__)

#endif
