/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hardinit/log.h"

/* The one piece of logging state; set before the spawn and read-only afterwards. */
static struct {
    const char *prefix;
    bool bracketed;
    int max_level;
    enum hi_log_format format;
} log_state = {"hardinit", false, HI_LOG_WARN, HI_LOG_TEXT};

static const char *const level_names[] = {"error", "warning", "info", "debug"};

void hi_log_setup(const char *prefix, bool bracketed, int max_level, enum hi_log_format format)
{
    log_state.prefix = prefix;
    log_state.bracketed = bracketed;
    log_state.max_level = max_level;
    log_state.format = format;
}

bool hi_log_enabled(enum hi_log_level level)
{
    return (int)level <= log_state.max_level;
}

/* A line being built; len never passes size - 2, leaving room for "\n". */
struct line {
    char buf[2048];
    size_t len;
};

static void append(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void append(struct line *l, const char *fmt, ...)
{
    size_t room = sizeof(l->buf) - 1 - l->len;
    if (room < 2)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(l->buf + l->len, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        l->len += (size_t)n < room ? (size_t)n : room - 1;
}

/* Append s as the body of a JSON string. */
static void append_json(struct line *l, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            append(l, "\\%c", c);
        else if (c < 0x20)
            append(l, "\\u%04x", c);
        else
            append(l, "%c", c);
    }
}

void hi_log(enum hi_log_level level, const char *fmt, ...)
{
    if (!hi_log_enabled(level))
        return;

    int saved_errno = errno;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);

    struct line line = {.len = 0};
    if (log_state.format == HI_LOG_JSON) {
        append(&line, "{\"level\":\"%s\",\"prog\":\"", level_names[level]);
        append_json(&line, log_state.prefix);
        append(&line, "\",\"msg\":\"");
        append_json(&line, msg);
        append(&line, "\"}");
    } else {
        const char *tag = level == HI_LOG_WARN ? "warning: " : "";
        append(&line, log_state.bracketed ? "[%s] %s%s" : "%s: %s%s", log_state.prefix, tag, msg);
    }
    line.buf[line.len++] = '\n';
    /* One write per line so that lines from several processes do not interleave. */
    ssize_t n;
    do {
        n = write(STDERR_FILENO, line.buf, line.len);
    } while (n < 0 && errno == EINTR);
    errno = saved_errno;
}
